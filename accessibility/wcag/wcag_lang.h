/* wcag_lang.h: is a lang attribute a language tag assistive technology
 * can use?  Only the primary subtag decides (WCAG 3.1.1 / 3.1.2): "en-XX"
 * still tells a screen reader to speak English. */
#ifndef SAYSO_WCAG_LANG_H
#define SAYSO_WCAG_LANG_H

#include <stdbool.h>
#include <stddef.h>

extern const char wcag_lang_two_letter[];    /* sorted, two bytes each, no separators */
extern const char wcag_lang_three_letter[];  /* sorted, three bytes each */

/* True when the tag's syntax is that of BCP 47 (alphanumeric subtags of 1-8
 * characters separated by '-') and its primary subtag is a registered
 * language (case-insensitive, surrounding white space ignored). */
bool wcag_lang_valid(const char *tag);

/* Copies the lower-cased primary subtag of tag to out (9 bytes); returns
 * false when there is none. */
bool wcag_lang_primary(const char *tag, char out[9]);

#endif
