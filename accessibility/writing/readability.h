/* readability.h: reading scores for a page, and syllable counting.
 *
 * Scores are shown in the build report so a communications team can see
 * which pages are hardest to read.  They are measured on the page's prose
 * (paragraphs, list items, table cells), not its headings, because
 * headings are fragments without sentence punctuation and would make every
 * page look simpler than it is.
 *
 *   Flesch reading ease   206.835 - 1.015 (words / sentences)
 *                                 - 84.6 (syllables / words)
 *                         100 is very easy, 60-70 is plain English, under 30
 *                         is very hard.
 *   Flesch-Kincaid grade  0.39 (words / sentences) + 11.8 (syllables / words)
 *                         - 15.59: the US school grade that can read it.
 *   Reading age           FK grade + 5.  US grade 1 starts at age 6, so a
 *                         reader in grade G is G + 5 going on G + 6; UK
 *                         reading ages name the lower year, as in "a reading
 *                         age of 9".  Plain-English guidance for public
 *                         services aims at a reading age of about 9 to 11.
 * A page with no words scores 0 on all three.
 *
 * Syllables.  English has no spelling rule that gets every word right, so
 * count_syllables() is a documented heuristic (no dictionary lookup, so it
 * costs nothing per word).  For one word, lower-cased, split at hyphens and
 * apostrophes (the parts are added up):
 *   1. A number (digits only) is one syllable; an all-capital word of 2-4
 *      letters is read letter by letter ("NHS" = 3, "UK" = 2).
 *   2. Count groups of vowels (a e i o u, and y except at the start of the
 *      word or before another vowel, where it is a consonant: "year", "beyond").
 *   3. Take one off for a silent ending: a final "e" after a consonant
 *      ("make"), except a syllabic "-le" after a consonant other than l
 *      ("table", "people"); "-es" after a consonant other than s, x, z, c, g
 *      and the ch/sh pairs, and not a syllabic "-les" ("makes", but not
 *      "changes", "places", "tables"); "-ed" after a consonant other than t
 *      or d, and not a syllabic "-led" ("closed", but not "wanted",
 *      "handled").
 *   4. Add one where two vowels in a group are said separately:
 *      "ia" not after c, t, s or g ("media", but not "social");
 *      "io" not in "ion" and not after c, t, s, x or g ("radio", "various");
 *      "ea" at the end of the word ("area", "idea");
 *      "eo" not after p and not before u ("video", but not "people");
 *      "ua" not after q or g ("actual", but not "language");
 *      "ie" before "t", "nt" or "nc" and not after c or t ("quiet",
 *      "client", "audience", but not "patient", "sufficient");
 *      "iu" ("medium"); "uo" ("continuous"); "-ism" ("tourism");
 *      a word starting "coop" or "coor" ("cooperate", "coordinate").
 *   5. Suffixes are counted apart from their stem: "-ment(s)", "-ful(ly)",
 *      "-less", "-ness", "-ly" after a silent "e" ("statement", "safely",
 *      "carefully"), and "-ing" after a stem with a vowel ("being",
 *      "seeing", "going"); the stem is counted by these same rules.  So are
 *      compounds of some/any/every with one/thing/body/where/time...
 *   6. Every word with a letter has at least one syllable.
 * The unit tests hold 93 words with dictionary counts; the heuristic gets
 * 86 right (92%).  The 7 it gets wrong are named there ("business",
 * "Wednesday", "poem", "evening", "timetable", "museum", "lion"): silent
 * letters, vowel pairs said against their spelling, and compounds.  An
 * error of one syllable in a few words moves a page's scores very little.
 */
#ifndef SAYSO_READABILITY_H
#define SAYSO_READABILITY_H

#include <stddef.h>

#include "sentences.h"

typedef struct ReadingScores {
    size_t words, sentences, syllables;
    double flesch_ease, fk_grade, reading_age;
} ReadingScores;

/* Adds the words, sentences and syllables of one block of prose (a
 * paragraph, list item or cell) to *acc.  The end of the text ends a
 * sentence.  Start *acc zeroed. */
void readability_measure_text(const char *utf8, ReadingScores *acc);
void readability_measure_len(const char *utf8, size_t len, ReadingScores *acc);

/* The same for text the caller has already split (saves splitting twice). */
void readability_add_split(const char *text, const SentenceSplit *split, ReadingScores *acc);

/* Works out the three scores from the counts in *s. */
void readability_finish(ReadingScores *s);

/* Syllables in one word of len bytes (rules above); 0 when it has no letter
 * or digit. */
int count_syllables(const char *word, size_t len);

#endif
