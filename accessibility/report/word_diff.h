/* word_diff.h: what changed between two texts, word by word.
 *
 * Reviewers see what changed since they last checked a format as words
 * added and removed, not as lines of a patch.  Words are runs of
 * non-space characters; each keeps the spaces after it, so the texts can
 * be shown with their line breaks.  The longest common subsequence of the
 * words is found by dynamic programming over the part between the common
 * start and end (edits to one consultation are small, so that part is
 * too); a middle too big for that (over WORD_DIFF_MAX_CELLS pairs) is
 * shown as all removed then all added, and said so.  Debian has no C
 * library for word diffs (GNU diff works on lines), so it is here.
 */
#ifndef SAYSO_WORD_DIFF_H
#define SAYSO_WORD_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#define WORD_DIFF_MAX_CELLS ((size_t)4 << 20)

typedef enum { DIFF_SAME, DIFF_ADDED, DIFF_REMOVED } DiffKind;

typedef struct DiffWord {
    DiffKind kind;
    const char *text;         /* into the new text (same, added) or the old (removed) */
    size_t len;               /* the word and the spaces after it */
} DiffWord;

typedef struct WordDiff {
    DiffWord *words;          /* in reading order; removed words come before the words added in their place */
    size_t count;
    size_t added, removed;    /* how many words of each */
    bool whole;               /* too big to compare word by word: everything between was replaced */
} WordDiff;

void word_diff(const char *old_text, const char *new_text, WordDiff *out);
void word_diff_free(WordDiff *d);

#endif
