/* html_pieces.h: a page as tidy reads it, cut into its theme shell and its
 * own content, each reduced to what decides whether tidy has anything to
 * say about it.
 *
 * Most of a page's bytes are the theme shell (head, header, navigation,
 * settings, footer), the same on every page but for its words and links;
 * the rest is the page's content, often the same markup as another
 * page's (large print carries plain English's).  Tidy need not read each
 * of them again: the validator (html_validate.c) asks tidy once per
 * distinct shell and once per distinct content whether it is clean, and
 * runs tidy on the whole page, exactly as before, whenever either piece is
 * not.  So every finding still comes from a whole-page run; the pieces
 * only prove that a page has none.
 *
 * The proof rests on three things this module makes sure of:
 *   - The content is what <main>, a child of <body>, holds.  Tidy reads
 *     it in the same place in a fixed wrapper page (html, head with a
 *     title, body, main) as in the real one, and the wrapper's </main>
 *     meets whatever the content left open, as the page's does, so a fault
 *     that crosses the seam shows in the content's run.  (The build's pages
 *     are serialised from a tree, so their content is well nested anyway.)
 *     Content that opens or closes html, head or body is not cut.
 *   - The reduction keeps everything tidy judges: tags and attribute names
 *     verbatim, every attribute value but a few free-text and link ones
 *     verbatim, entities, comments, quotes, white-space-only text and
 *     every non-ASCII byte.  It turns each run of ordinary printable ASCII
 *     in text and in those values into one "a", a value tidy treats the
 *     same way (a link with no space, backslash or non-ASCII byte; text
 *     with no markup).  Pages of different packs then share a key.
 *   - Ids are what tidy compares across the whole page: the shell's and
 *     the content's are listed, and a page whose pieces share one is
 *     checked whole.
 * tests/check_modes.sh checks whole pages and pieces on the example site,
 * the bad-input corpus and a bench corpus and requires the same findings.
 */
#ifndef SAYSO_HTML_PIECES_H
#define SAYSO_HTML_PIECES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct PieceKey {
    uint64_t a, b;            /* two hashes of the reduced bytes, and their length in a */
} PieceKey;

typedef struct HtmlPieces {
    char *shell;              /* the reduced shell: the page with <main> emptied */
    size_t shell_len;
    char *content;            /* the reduced content inside the wrapper page */
    size_t content_len;
    PieceKey shell_key, content_key;
    bool ids_shared;          /* an id (or anchor name) is in both pieces */
} HtmlPieces;

/* Cuts len bytes of HTML (as tidy reads it) into its pieces.  Returns
 * false, and leaves nothing to free, for a page that cannot be cut with
 * the guarantees above: no <!DOCTYPE html> first, no <main> or more than
 * one, <main> not a child of <body>. */
bool html_pieces_cut(const char *html, size_t len, HtmlPieces *out);
void html_pieces_free(HtmlPieces *p);

PieceKey piece_key(const char *bytes, size_t len);

/* What tidy said of a piece: remembered once per key for the build.
 * Safe to share between threads. */
typedef enum { PIECE_UNKNOWN, PIECE_CLEAN, PIECE_FAULTY } PieceVerdict;
typedef struct PieceVerdicts PieceVerdicts;

PieceVerdicts *piece_verdicts_new(void);
void piece_verdicts_free(PieceVerdicts *v);
PieceVerdict piece_verdict(PieceVerdicts *v, PieceKey key);
void piece_verdict_set(PieceVerdicts *v, PieceKey key, PieceVerdict verdict);

#endif
