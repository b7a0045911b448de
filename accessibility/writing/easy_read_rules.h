/* easy_read_rules.h: the rules an easy-read page promises.
 *
 * Easy read is for people with learning disabilities and anyone who finds
 * reading hard: short sentences, one idea at a time, each with a picture,
 * hard words explained.  The renderer (generator/easy_read.c) lays a page
 * out as
 *
 *   <section class="easy-section"><h2>...</h2>
 *     <div class="easy-row" data-sourcepos="5:1-5:60">
 *       <div class="easy-picture"><img src="..." alt="..."></div>
 *       <div class="easy-words"><p>...</p></div></div>
 *     <div class="easy-row easy-row-no-picture" ...><div class="easy-words">...
 *   </section>
 *   <dl class="glossary"><dt>word</dt><dd>what it means</dd></dl>
 *
 * and these rules read that markup:
 *
 *   rule id               level    what it finds
 *   easy-sentence-long    warning  a sentence of more than 15 words
 *   easy-row-ideas        warning  a row whose paragraphs hold more than 3
 *                                  sentences: more than one idea
 *   easy-row-no-picture   warning  a row without a picture
 *   easy-picture-no-alt   error    a picture with no text alternative, or an
 *                                  empty one: in easy read every picture
 *                                  carries meaning, so alt="" (decorative) is
 *                                  wrong here even though WCAG allows it
 *   easy-hard-word        warning  a hard word that the glossary does not
 *                                  explain (once per word per page)
 *   easy-too-long         warning  more rows than fit on 24 printed pages
 *   easy-glossary-unused  warning  a glossary term the page's text (outside
 *                                  the glossary) never uses
 *
 * Hard words: a word or phrase on the plain-words list (plain_words.h), or
 * a word of 4 or more syllables (readability.h) that is not one of a few
 * long words everyone knows ("information", "television", "community",
 * "disability"...).  Words starting with a capital letter other than at the
 * start of a sentence are names of people and places and are left alone,
 * as are numbers, web and email addresses ("example.org") and codes with
 * digits.  A word is explained when the glossary has it as a term
 * (case does not matter, nor a plural or "-ed"/"-ing" ending), or when it is
 * one word of a term of several words; a term explains the word anywhere on
 * the page, before or after the glossary.
 *
 * Printed length: an easy-read A4 page in 16pt type or larger with
 * pictures about 4 to 5 cm tall holds about 5 rows (ROWS_PER_PAGE), so 24
 * pages is 120 rows; the finding is at the first row past that.
 *
 * Lists that follow a row belong to that row (they explain its idea); their
 * items are checked for length and hard words, but are not counted as
 * sentences for easy-row-ideas.  Headings are checked for hard words only.
 */
#ifndef SAYSO_EASY_READ_RULES_H
#define SAYSO_EASY_READ_RULES_H

#include <libxml/tree.h>

#include "findings.h"
#include "readability.h"

#define EASY_SENTENCE_WORDS   15
#define EASY_ROW_SENTENCES    3
#define EASY_ROWS_PER_PAGE    5
#define EASY_MAX_PAGES        24

/* Checks the easy-read page under main_root.  When scores is not NULL the
 * page's words are added to it (call readability_finish after). */
void easy_read_check(xmlNodePtr main_root, FindingList *out, ReadingScores *scores);

const Rule *const *easy_read_rules(size_t *count);

#endif
