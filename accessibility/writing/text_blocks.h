/* text_blocks.h: the prose of a rendered page, one block at a time.
 *
 * The writing checks judge sentences, so they need the text of each
 * paragraph, list item, heading or table cell as one string, and the
 * element to blame when a sentence in it breaks a rule.  Collecting walks
 * the DOM once:
 *   - every element that is not inline (p, li, h1-h6, td, dt, dd, div...)
 *     is a block; its text is the text of its inline content, and blocks
 *     nested in it (a list inside a list item) are blocks of their own;
 *   - code (code, kbd, samp, var, pre), scripts, styles, forms controls,
 *     SVG and MathML are left out: they are not prose.  Their line breaks
 *     are kept so line numbers stay right;
 *   - anything marked as another language (lang="cy"), or inside a page or
 *     element that is, or hidden is left
 *     out, because English writing rules say nothing useful about Welsh;
 *   - the text of an <abbr> with a title is wrapped in ABBR_OPEN and
 *     ABBR_CLOSE (sentences.h) so the acronym rule can see it is explained;
 *   - images are left out: their text alternatives are the WCAG checks'.
 *
 * A paragraph's soft line breaks survive rendering as newlines, so a
 * sentence's line is the block's line plus the newlines before it:
 * text_block_report() uses that when the block came from Markdown (it has
 * data-sourcepos), and reports at the block otherwise.
 */
#ifndef SAYSO_TEXT_BLOCKS_H
#define SAYSO_TEXT_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "findings.h"

typedef enum {
    BLOCK_PARAGRAPH,     /* p */
    BLOCK_HEADING,       /* h1-h6 */
    BLOCK_LIST_ITEM,     /* li */
    BLOCK_CELL,          /* td, th */
    BLOCK_TERM,          /* dt */
    BLOCK_OTHER          /* dd, blockquote, div, caption... with text of their own */
} BlockKind;

typedef struct TextBlock {
    xmlNodePtr node;     /* the element the text belongs to */
    BlockKind kind;
    char *text;          /* UTF-8, NUL-terminated */
    size_t len;
} TextBlock;

typedef struct TextBlocks {
    TextBlock *items;
    size_t count, cap;
} TextBlocks;

/* Appends the blocks under root (root included), in document order. */
void text_blocks_collect(xmlNodePtr root, TextBlocks *out);
void text_blocks_free(TextBlocks *blocks);

/* Is cls one of the words of node's class attribute? */
bool node_has_class(xmlNodePtr node, const char *cls);

/* The nearest element from node up to (not past) stop with class cls. */
xmlNodePtr node_ancestor_with_class(xmlNodePtr node, const char *cls, xmlNodePtr stop);

/* Reports rule at the line holding byte offset of text, which is the text
 * of a block whose first line is anchor's (see above), and sets the
 * excerpt (may be NULL). */
void text_block_report(FindingList *out, const Rule *rule, xmlNodePtr anchor,
                       const char *text, size_t offset, const char *excerpt,
                       const char *fmt, ...) __attribute__((format(printf, 7, 8)));

#endif
