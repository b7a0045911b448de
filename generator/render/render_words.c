/* render_words.c: the theme's words in the renderer's language
 * (render_internal.h: render_lang, render_word, format_word, status_word). */
#include "render_internal.h"
#include "words.h"

const char *render_lang(const Renderer *r)
{
    return r->lang ? r->lang : r->site->language;
}

const char *render_word(const Renderer *r, const char *key, const char *english)
{
    return words_or(r->theme->words, render_lang(r), key, english);
}

const char *format_word(Format f)
{
    static const char *const keys[] = {"format_plain", "format_easy_read", "format_large_print", "format_plain"};
    return keys[f < FORMAT_COUNT ? f : FORMAT_COUNT];
}

const char *status_word(PackStatus s)
{
    static const char *const keys[] = {"status_upcoming", "status_open", "status_closed", "status_results"};
    return keys[s];
}

