/* speech.h: what a listener hears of a page, as espeak-ng SSML.
 *
 * Only the page's <main> is read, in reading order, shaped for the ear:
 *   - a heading is said after a pause, a little slower, with a pause after;
 *   - a list says how many items it has, then each item as a sentence;
 *   - a link is its words only, never its address (a phone number is
 *     read digit by digit as written, an email address with "at" and "dot");
 *   - a picture is its text alternative, where it stands: in easy read
 *     that is before the sentence it illustrates;
 *   - dates are read the British way ("the 4th of December 2026"), sizes
 *     in words ("240 kilobytes");
 *   - on a page in another language (<html lang>), only its own words:
 *     the English words sayso would add are left out;
 *   - the contents list, scripts, hidden parts and the listening player
 *     itself are left out.
 * The result is the audio cache's key (with the voice settings), so the
 * same words always make the same file.
 */
#ifndef SAYSO_SPEECH_H
#define SAYSO_SPEECH_H

#include <libxml/tree.h>
#include <stddef.h>

typedef struct Speech {
    char *ssml;               /* "<speak>...</speak>", UTF-8 */
    size_t words;             /* words spoken, for checking a file's length */
} Speech;

/* The speech of the <main> element of doc (or of its body, without one). */
void speech_from_page(xmlDocPtr doc, Speech *out);
void speech_free(Speech *s);

#endif
