/* player.h: the "Listen to this page" part of a page.  (The British
 * Sign Language page of a consultation is render_pack.c's.)
 *
 * The build knows a page's audio only once the page is rendered (its words
 * are what is spoken), so the player is put into the finished page, just
 * after its main heading.  Everything works without JavaScript: a native
 * <audio controls preload="none">, so nothing downloads until asked, and
 * a download link with the file's size.
 */
#ifndef SAYSO_PLAYER_H
#define SAYSO_PLAYER_H

#include "render.h"
#include "words.h"

#include <stdbool.h>

typedef struct Listening {
    const char *href;         /* from the page */
    const char *type;         /* "Ogg Opus", "MP3" */
    double seconds;           /* -1: not known */
    long long bytes;
    bool human;               /* read by a person, not a computer voice */
    const Words *words;       /* the theme's words: the player speaks the page's language */
} Listening;

/* "about 3 minutes", "less than a minute" in lang; NULL when not known. */
char *player_length(const Words *words, const char *lang, double seconds);

/* Puts the player after the first <h1> in the page's <main>: in easy read
 * as a row with the listening picture and easy words. */
void player_insert(OutPage *page, const Listening *l);


#endif
