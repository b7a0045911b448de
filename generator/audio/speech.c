/* speech.c: a page's words shaped for listening (speech.h). */
#include "speech.h"
#include "date.h"
#include "dom.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct Speaker {
    StrBuf out;
    size_t words;
    bool said;                /* something was said since the last sentence end */
    bool english;             /* the page is in English: dates, sizes and the words
                                 sayso adds ("A list of 3 things") are English */
} Speaker;

static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December", NULL};

static void put_escaped(Speaker *sp, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '&')
            sb_append(&sp->out, "&amp;");
        else if (c == '<')
            sb_append(&sp->out, "&lt;");
        else if (c == '>')
            sb_append(&sp->out, "&gt;");
        else
            sb_append_char(&sp->out, c);
    }
}

static const char *ordinal_suffix(int d)
{
    if (d % 100 >= 11 && d % 100 <= 13)
        return "th";
    return d % 10 == 1 ? "st" : d % 10 == 2 ? "nd" : d % 10 == 3 ? "rd" : "th";
}

static size_t month_at(const char *s)
{
    for (int m = 0; months[m]; m++) {
        size_t n = strlen(months[m]);
        if (!strncmp(s, months[m], n) && !isalpha((unsigned char)s[n]))
            return n;
    }
    return 0;
}

/* Says one run of words: spaces folded, dates and sizes put as people say them. */
static void say(Speaker *sp, const char *text)
{
    const char *p = text;
    while (*p) {
        if (isspace((unsigned char)*p)) {
            while (isspace((unsigned char)*p))
                p++;
            if (sp->out.len && !isspace((unsigned char)sp->out.data[sp->out.len - 1]) &&
                sp->out.data[sp->out.len - 1] != '>')
                sb_append_char(&sp->out, ' ');
            continue;
        }
        bool word_start = sp->english && (p == text || !isalnum((unsigned char)p[-1]));
        Day day;
        if (word_start && isdigit((unsigned char)*p) && strlen(p) >= 10 && p[4] == '-' && p[7] == '-' &&
            !isdigit((unsigned char)p[10])) {
            char iso[11];
            memcpy(iso, p, 10);
            iso[10] = '\0';
            if (date_parse(iso, &day)) {
                char long_date[48];
                date_long(day, long_date, sizeof long_date);
                say(sp, long_date);
                p += 10;
                continue;
            }
        }
        if (word_start && isdigit((unsigned char)*p)) {
            /* "4 December" is said "the 4th of December". */
            size_t digits = strspn(p, "0123456789");
            size_t m = digits <= 2 && p[digits] == ' ' ? month_at(p + digits + 1) : 0;
            if (m) {
                int d = atoi(p);
                sb_printf(&sp->out, "the %d%s of %.*s", d, ordinal_suffix(d), (int)m, p + digits + 1);
                sp->words += 4;
                sp->said = true;
                p += digits + 1 + m;
                continue;
            }
        }
        if (word_start && (!strncmp(p, "KB", 2) || !strncmp(p, "MB", 2)) && !isalnum((unsigned char)p[2])) {
            sb_append(&sp->out, *p == 'K' ? "kilobytes" : "megabytes");
            sp->words++;
            p += 2;
            continue;
        }
        size_t n = strcspn(p, " \t\r\n\f\v");
        put_escaped(sp, p, n);
        sp->words++;
        sp->said = true;
        p += n;
    }
}

static void pause_for(Speaker *sp, int ms)
{
    if (ms <= 0)
        return;
    sb_printf(&sp->out, " <break time=\"%dms\"/> ", ms);
}

/* Ends a block with a full stop when its words did not, so each list
 * item, cell and paragraph is heard as a sentence. */
static void end_sentence(Speaker *sp, int pause_ms)
{
    if (!sp->said)
        return;
    size_t n = sp->out.len;
    while (n && isspace((unsigned char)sp->out.data[n - 1]))
        n--;
    sp->out.len = n;
    sp->out.data[n] = '\0';
    if (n && !strchr(".!?:;", sp->out.data[n - 1]))
        sb_append_char(&sp->out, '.');
    pause_for(sp, pause_ms);
    sp->said = false;
}

static char *raw_text(xmlNodePtr n)
{
    xmlChar *raw = xmlNodeGetContent(n);
    char *s = xstrdup(raw ? (const char *)raw : "");
    xmlFree(raw);
    return s;
}

/* "01632 960400" read digit by digit, in the groups it is written in. */
static void say_phone(Speaker *sp, const char *number)
{
    StrBuf sb;
    sb_init(&sb);
    for (const char *p = number; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            sb_append_char(&sb, *p);
            sb_append_char(&sb, ' ');
        } else if (*p == ' ' && sb.len) {
            sb_append(&sb, ", ");
        } else if (*p == '+') {
            sb_append(&sb, "plus ");
        }
    }
    say(sp, sb.data ? sb.data : "");
    sb_free(&sb);
}

/* A web or email address as words: "example.org", "consult at example dot org". */
static void say_address(Speaker *sp, const char *text)
{
    const char *p = text;
    if (!strncmp(p, "https://", 8))
        p += 8;
    else if (!strncmp(p, "http://", 7))
        p += 7;
    if (!strncmp(p, "www.", 4))
        p += 4;
    bool email = strchr(p, '@') != NULL;
    StrBuf sb;
    sb_init(&sb);
    for (; *p && !(!email && *p == '/'); p++) {
        if (*p == '@')
            sb_append(&sb, " at ");
        else if (*p == '.')
            sb_append(&sb, " dot ");
        else
            sb_append_char(&sb, *p);
    }
    say(sp, sb.data ? sb.data : "");
    sb_free(&sb);
}

static bool looks_like_address(const char *s)
{
    return !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8) || !strncmp(s, "www.", 4) ||
           (strchr(s, '@') && !strchr(s, ' '));
}

static bool left_out(xmlNodePtr n)
{
    static const char *const skipped[] = {"script", "style", "template", "noscript", "audio", "video",
        "button", "form", NULL};
    for (const char *const *s = skipped; *s; s++)
        if (dom_is(n, *s))
            return true;
    const char *hidden = dom_attr_ref(n, "aria-hidden");
    return dom_attr_ref(n, "hidden") || (hidden && !strcmp(hidden, "true")) || dom_has_class(n, "contents") ||
           dom_has_class(n, "listen") || dom_has_class(n, "read-aloud");
}

static bool is_block(xmlNodePtr n)
{
    static const char *const blocks[] = {"p", "li", "dt", "dd", "td", "th", "blockquote", "figcaption",
        "summary", "caption", "pre", NULL};
    for (const char *const *b = blocks; *b; b++)
        if (dom_is(n, *b))
            return true;
    return false;
}

/* Entering an element: says what it is, returns whether to read inside it. */
static bool enter(Speaker *sp, xmlNodePtr n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        say(sp, (const char *)n->content);
        return false;
    }
    if (n->type != XML_ELEMENT_NODE || left_out(n))
        return false;
    if (dom_heading_level(n)) {
        end_sentence(sp, 300);
        pause_for(sp, 500);
        sb_append(&sp->out, "<prosody rate=\"90%\">");
        return true;
    }
    if (dom_is(n, "ul") || dom_is(n, "ol")) {
        size_t items = 0;
        for (xmlNodePtr c = n->children; c; c = c->next)
            items += dom_is(c, "li");
        end_sentence(sp, 300);
        if (items > 1 && sp->english) {
            sb_printf(&sp->out, "A list of %zu things.", items);
            sp->words += 4;
            pause_for(sp, 300);
        }
        return true;
    }
    if (dom_is(n, "li") && n->parent && dom_is(n->parent, "ol")) {
        size_t number = 1;
        for (xmlNodePtr c = n->prev; c; c = c->prev)
            number += dom_is(c, "li");
        sb_printf(&sp->out, "%zu. ", number);
        sp->words++;
        return true;
    }
    if (dom_is(n, "img")) {
        const char *alt = dom_attr_ref(n, "alt");
        if (alt && *alt) {
            end_sentence(sp, 200);
            /* Easy read's pictures are the sentence's picture, said as
             * themselves; any other picture is announced as one. */
            bool easy = dom_has_class(n, "picture") || (n->parent && dom_has_class(n->parent, "easy-picture"));
            if (!easy && sp->english)
                say(sp, "Picture: ");
            say(sp, alt);
            end_sentence(sp, 300);
        }
        return false;
    }
    if (dom_is(n, "a")) {
        const char *href = dom_attr_ref(n, "href");
        char *text = raw_text(n);
        bool handled = true;
        say(sp, " ");
        if (href && !strncmp(href, "tel:", 4))
            say_phone(sp, text);
        else if (looks_like_address(str_trim(text)))
            say_address(sp, str_trim(text));
        else
            handled = false;
        free(text);
        return !handled;
    }
    if (is_block(n))
        end_sentence(sp, 200);
    return true;
}

static void leave(Speaker *sp, xmlNodePtr n)
{
    if (n->type != XML_ELEMENT_NODE || left_out(n))
        return;
    if (dom_heading_level(n)) {
        sp->said = true;
        end_sentence(sp, 0);
        sb_append(&sp->out, "</prosody>");
        pause_for(sp, 700);
    } else if (is_block(n) || dom_is(n, "ul") || dom_is(n, "ol") || dom_is(n, "tr")) {
        end_sentence(sp, dom_is(n, "li") ? 400 : 300);
    }
}

void speech_from_page(xmlDocPtr doc, Speech *out)
{
    Speaker sp = {.words = 0};
    sb_init(&sp.out);
    sb_append(&sp.out, "<speak>");
    xmlNodePtr root = xmlDocGetRootElement(doc);
    const char *lang = root ? dom_attr_ref(root, "lang") : NULL;
    sp.english = !lang || !*lang || !strncasecmp(lang, "en", 2);
    xmlNodePtr main = root ? dom_find_element(root, "main") : NULL;
    if (!main && root)
        main = dom_find_element(root, "body");
    /* A walk without recursion: any depth of nesting is safe. */
    xmlNodePtr n = main ? main->children : NULL;
    while (n) {
        if (enter(&sp, n) && n->children) {
            n = n->children;
            continue;
        }
        for (;;) {
            if (n->type == XML_ELEMENT_NODE)
                leave(&sp, n);
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (!n || n == main) {
                n = NULL;
                break;
            }
        }
    }
    end_sentence(&sp, 0);
    sb_append(&sp.out, "</speak>");
    out->ssml = sb_take(&sp.out);
    out->words = sp.words;
}

void speech_free(Speech *s)
{
    free(s->ssml);
    s->ssml = NULL;
}
