/* language.h: what sayso needs to know about a language from its BCP 47
 * tag: its name in itself (for the language switcher), which way its
 * script runs (for dir="rtl"), and whether English writing rules apply.
 *
 * Direction follows the script, as CLDR decides it: an explicit script
 * subtag (ur-Arab, pa-Arab, az-Latn) wins; otherwise the language's likely
 * script (CLDR likelySubtags) for the languages a UK public body is likely
 * to publish in, and for every language normally written right to left.
 */
#ifndef SAYSO_LANGUAGE_H
#define SAYSO_LANGUAGE_H

#include <stdbool.h>
#include <stddef.h>

/* The ISO 15924 script the tag is written in ("Latn", "Arab", ...), from
 * its script subtag or the language's likely script; "Latn" when unknown. */
const char *language_script(const char *tag);

/* True when that script runs right to left (Arab, Hebr, Thaa, Syrc,
 * Nkoo, Adlm, Rohg and the other RTL scripts of Unicode). */
bool language_is_rtl(const char *tag);

/* The language's name in itself: "Cymraeg" for cy, "اردو" for ur.
 * The tag itself when sayso does not know the language. */
const char *language_autonym(const char *tag);

/* True for en and en-XX: the writing rules for English apply. */
bool language_is_english(const char *tag);

/* Same primary subtag and region, compared without case: "en-gb" is "en-GB". */
bool language_same(const char *a, const char *b);

/* A usable tag for file names and folders: letters, digits and hyphens,
 * starting with two or three letters. */
bool language_tag_usable(const char *tag);

#endif
