/* words.h: the theme's own words in each of the site's languages.
 *
 * themes/NAME/strings/LANG.yml holds the words a theme puts on every page
 * (the skip link, navigation, status words, "ask for another format", the
 * settings panel, dates and "closes in N days"), one `key: text` a line:
 *
 *   skip_link: Neidio i'r prif gynnwys
 *   days_left: {zero: "…", one: "…", two: "…", few: "…", many: "…", other: "{n} diwrnod"}
 *   months: [Ionawr, Chwefror, …]          weekdays: [Dydd Llun, …]  (Monday first)
 *
 * Counts choose their form by the language's CLDR plural rules, so Welsh
 * gets its zero, one, two, few, many and other.  A site's own
 * themes/NAME/strings/LANG.yml overrides the built-in one key by key.  A
 * language without a file, or with keys missing, gets English for those
 * words and one warning saying which.  Templates mark a theme word with
 * data-s="key" (template.h); English files hold the templates' own text,
 * so an English page is the same with or without them.
 */
#ifndef SAYSO_WORDS_H
#define SAYSO_WORDS_H

#include "date.h"
#include "site.h"

typedef struct Words Words;

/* Loads the words of every language the site is published in, from the
 * theme folders (most important first).  Warns about missing words. */
Words *words_load(const Site *site, char *const *theme_dirs, size_t dir_count);
void words_free(Words *w);

/* The word for key in lang, else in English, else NULL. */
const char *words_get(const Words *w, const char *lang, const char *key);

/* The word for key in lang itself, or NULL: no English in its place. */
const char *words_get_own(const Words *w, const char *lang, const char *key);

/* The same, or fallback when neither language has it. */
const char *words_or(const Words *w, const char *lang, const char *key, const char *fallback);

/* CLDR plural category of n in lang: "zero", "one", "two", "few", "many" or "other". */
const char *words_plural_category(const char *lang, long n);

/* The form of key for n, with {n} replaced by n; fallback (a printf
 * format taking n, as English) when lang and English have none.  Caller frees. */
char *words_count(const Words *w, const char *lang, const char *key, long n);

/* "Friday 4 December 2026" in lang ("Dydd Gwener 4 Rhagfyr 2026"). */
void words_date_long(const Words *w, const char *lang, Day d, char *out, size_t size);

/* Replaces each {name} in format with the value given for it (pairs of
 * name, value, ended by NULL).  Caller frees. */
char *words_fill(const char *format, ...);

#endif
