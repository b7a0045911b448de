/* alternates.c: the formats a page comes in, for its "Read this in"
 * links (render_internal.h: format_alternates, pack_alternates). */
#include "render_internal.h"

#include <stdlib.h>

static const char *const format_hints[FORMAT_COUNT] = {
    "the full information in clear language",
    "short sentences with pictures",
    "bigger text, and prints on A4 in large print",
};
static const char *const format_hint_keys[FORMAT_COUNT] = {
    "format_plain_hint", "format_easy_read_hint", "format_large_print_hint",
};

/* The three formats of a page that lives at base ("consultations/bus/"). */
void format_alternates(const Renderer *r, Alternate out[FORMAT_COUNT], const char *base, Format current)
{
    for (int f = 0; f < FORMAT_COUNT; f++) {
        out[f].name = render_word(r, format_word((Format)f), format_name((Format)f));
        out[f].hint = render_word(r, format_hint_keys[f], format_hints[f]);
        out[f].url = xasprintf("%s%s", base, format_dir((Format)f));
        out[f].current = f == (int)current;
        out[f].picture = NULL;
    }
}

size_t pack_alternates(const Renderer *r, Alternate *out, const char *base, Format current, bool bsl)
{
    format_alternates(r, out, base, current);
    if (!bsl)
        return FORMAT_COUNT;
    out[FORMAT_COUNT] = (Alternate){.name = render_word(r, "format_bsl", "British Sign Language"),
                                    .hint = render_word(r, "format_bsl_hint", "a video"),
                                    .url = xasprintf("%sbsl/", base), .picture = "sign-language"};
    return FORMAT_COUNT + 1;
}

void free_alternates(Alternate *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(a[i].url);
}

