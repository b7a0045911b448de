/* markdown_escape.c: text made literal in Markdown (markdown_escape.h). */
#include "markdown_escape.h"
#include "util.h"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Exactly CommonMark's "ASCII punctuation character", every one of which
 * a backslash makes literal. */
static bool is_punctuation(unsigned char c)
{
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60)
           || (c >= 0x7B && c <= 0x7E);
}

/* Writes the escaped text through `put`, so the Lua API can write into a
 * Lua buffer (nothing to leak if Lua raises) and C into a StrBuf. */
void markdown_escape_into(const char *text, size_t len, void (*put)(void *ctx, const char *s, size_t n),
                        void *ctx)
{
    size_t i = 0;
    while (i < len && is_blank(text[i]))
        i++;
    while (len > i && is_blank(text[len - 1]))
        len--;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (is_blank((char)c)) {
            /* A line break could start a heading, list or code block on the
             * next line, so a run of blanks with one in it becomes a space. */
            size_t end = i;
            bool breaks = false;
            while (end < len && is_blank(text[end]))
                breaks |= text[end] == '\n' || text[end] == '\r', end++;
            if (breaks)
                put(ctx, " ", 1);
            else
                put(ctx, text + i, end - i);
            i = end;
            continue;
        }
        if (is_punctuation(c)) {
            char pair[2] = {'\\', (char)c};
            put(ctx, pair, 2);
            i++;
        } else if (c == '\0') {
            i++;
        } else {
            /* A run of ordinary characters goes through in one piece. */
            size_t end = i + 1;
            while (end < len && !is_blank(text[end]) && text[end] != '\0'
                   && !is_punctuation((unsigned char)text[end]))
                end++;
            put(ctx, text + i, end - i);
            i = end;
        }
    }
}

static void put_strbuf(void *ctx, const char *s, size_t n)
{
    sb_append_len(ctx, s, n);
}

char *markdown_escape(const char *text, size_t len)
{
    StrBuf sb;
    sb_init(&sb);
    markdown_escape_into(text, len, put_strbuf, &sb);
    return sb_take(&sb);
}

