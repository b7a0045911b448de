/* plain_english.h: the writing rules a plain-English page promises.
 *
 *   rule id              level    what it finds
 *   sentence-long        warning  a sentence of more than 25 words
 *   sentence-very-long   error    a sentence of more than 35 words (reported
 *                                 instead of sentence-long, not as well)
 *   paragraph-long       warning  a paragraph of more than 5 sentences
 *   passive-voice        notice   "is/was/be/been... (adverb) participle"
 *   plain-words          warning  a word or phrase on the plain_words list
 *   acronym-unexplained  warning  an acronym not spelled out at first use
 *   capitals-run         warning  3 or more words in capital letters
 *
 * Why a 35-word sentence is an error and not a warning that --strict
 * raises: the page is published as the plain-English version, and a
 * sentence that long breaks that promise for most readers (it is longer
 * than people hold in mind at once), so it should stop the build unless
 * the site's settings lower it on purpose.  Sentences of 26 to 35 words
 * are often fine in context, so they only warn.
 *
 * Passive voice is a notice: the heuristic (a form of "to be", up to two
 * adverbs, then a past participle: a regular "-ed" word or one of a list of
 * irregular ones) cannot tell "the road was closed by the council" from
 * "the library is closed on Sundays" (a state, not an action), and the
 * passive is sometimes the right choice.  Participles that mostly describe
 * a state after "to be" ("interested", "worried", "based", "closed",
 * "called", "involved", "disabled"...) are not reported at all.
 *
 * Acronyms: a word of 2 or more capital letters (a plural "s" or a
 * possessive allowed: "GPs", "NHS's"; each part of "COVID-19" on its own).
 * It is spelled out when, at its first use on the page, it is written
 * "Full Name (FN)", "FN (Full Name)", or inside <abbr title="Full Name">.
 * Not reported: Roman numerals (II, IV, XII) and the acronyms most people
 * in the UK know better than the words they stand for:
 *   AM ATM BBC CCTV COVID DIY DVD EU GP HIV ID ITV MP NHS OK PDF PM TV UK
 *   UN US USA VAT
 * Words in a run of capitals are reported once as capitals-run instead.
 *
 * Which text counts: prose blocks (paragraphs, list items, table cells,
 * definitions) for every rule; headings for plain-words, acronyms and
 * capitals, but not for sentence length, paragraphs or the passive, since
 * headings are fragments; glossary terms (dt) for acronyms and capitals
 * only.  Code, other languages and hidden text are skipped (text_blocks.h).
 */
#ifndef SAYSO_PLAIN_ENGLISH_H
#define SAYSO_PLAIN_ENGLISH_H

#include <libxml/tree.h>

#include "findings.h"
#include "readability.h"

/* Checks the page under main_root (usually <main>).  When scores is not
 * NULL the page's prose is added to it (call readability_finish after). */
void plain_english_check(xmlNodePtr main_root, FindingList *out, ReadingScores *scores);

/* Adds the prose under main_root to scores as plain_english_check does,
 * without checking the rules: for a copy of a page (large print) whose
 * words are checked on the original. */
void plain_english_measure(xmlNodePtr main_root, ReadingScores *scores);

/* The rules above, for reports and documentation; *count is set. */
const Rule *const *plain_english_rules(size_t *count);

#endif
