/* html_pieces.c: cutting a page into shell and content, reduced for tidy.
 * See html_pieces.h for why each piece may stand for the page. */
#include "html_pieces.h"
#include "util.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- keys ----------------------------------------------------------- */

static uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

/* A second hash unlike FNV (word-wise, multiply and rotate), so that a
 * pair of inputs would have to collide in both to share a key. */
static uint64_t word_hash(const unsigned char *p, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t k;
        memcpy(&k, p + i, 8);
        h ^= fmix64(k * 0x87c37b91114253d5ULL);
        h = ((h << 31) | (h >> 33)) * 0x4cf5ad432745937fULL;
    }
    uint64_t tail = 0;
    for (size_t j = 0; i + j < len; j++)
        tail |= (uint64_t)p[i + j] << (8 * j);
    return fmix64(h ^ fmix64(tail + 1));
}

PieceKey piece_key(const char *bytes, size_t len)
{
    PieceKey k = { hash_bytes(0xcbf29ce484222325ULL, bytes, len) ^ len,
                   word_hash((const unsigned char *)bytes, len) };
    return k;
}

/* ---- reduction -------------------------------------------------------- */

typedef enum { RUNS_TEXT, RUNS_LINK, RUNS_RAW } RunKind;

/* Bytes tidy treats alike within a run: printable ASCII that starts no
 * markup, entity, quote or escape.  Links: no space either (tidy counts
 * spaces in a link).  Script and style: no slash either (tidy looks for
 * "</" there). */
static bool in_run(unsigned char c, RunKind kind)
{
    if (c < 0x20 || c > 0x7e || strchr("<>&\"'\\", c))
        return false;
    if (kind == RUNS_LINK && c == ' ')
        return false;
    if (kind == RUNS_RAW && c == '/')
        return false;
    return true;
}

/* Appends s[0..len) reduced: each run of in_run bytes with something other
 * than spaces in it becomes "a"; entities and every other byte are kept. */
static void reduce(StrBuf *out, const char *s, size_t len, RunKind kind)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&' && kind != RUNS_RAW) {
            /* An entity's name is kept whole: "&amp;" is not "&a;". */
            size_t j = i + 1;
            while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '#'))
                j++;
            if (j < len && s[j] == ';')
                j++;
            sb_append_len(out, s + i, j - i);
            i = j;
        } else if (in_run(c, kind)) {
            size_t j = i;
            bool words = false;
            while (j < len && in_run((unsigned char)s[j], kind)) {
                words |= s[j] != ' ';
                j++;
            }
            if (words)
                sb_append_char(out, 'a');
            else
                sb_append_len(out, s + i, j - i);
            i = j;
        } else {
            sb_append_char(out, (char)c);
            i++;
        }
    }
}

/* ---- scanning ------------------------------------------------------- */

typedef struct { const char *s; size_t n; } Span;

typedef struct {
    Span *items;
    size_t count, cap;
} SpanList;

static void spans_push(SpanList *l, const char *s, size_t n)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->count++] = (Span){ s, n };
}

static bool span_is(Span a, const char *name)
{
    return strlen(name) == a.n && strncasecmp(a.s, name, a.n) == 0;
}

static bool name_in(Span name, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (span_is(name, list[i]))
            return true;
    return false;
}

static const char *const void_elements[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                            "link", "meta", "param", "source", "track", "wbr", NULL};
/* Elements whose name="..." tidy counts as an anchor beside the ids. */
static const char *const anchor_elements[] = {"a", "applet", "form", "frame", "iframe", "img", "map", NULL};
/* Attributes tidy checks as links, and ones it does not check at all. */
static const char *const link_attributes[] = {"href", "src", NULL};
static const char *const free_text_attributes[] = {"title", "alt", "aria-label", "content", "class", "value",
                                                   "placeholder", "datetime", "for", "headers",
                                                   "aria-labelledby", "aria-describedby", "aria-controls",
                                                   NULL};

typedef struct {
    const char *p, *end;
    StrBuf shell, content;
    StrBuf *out;              /* shell or content */
    SpanList stack;           /* open elements */
    SpanList shell_ids, content_ids;
    SpanList shell_names, content_names;   /* ids as numbered in the reduction */
    int state;                /* 0 before <main>, 1 inside it, 2 after it */
    int main_depth;           /* <main> elements open inside the content */
    bool fail;
} Cutter;

static bool is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == ':';
}

/* An id (or anchor name) made plain: ids tidy would accept as they are
 * (a letter, then letters, digits, "-" or "_") become "i" and their number
 * in the piece, the same number for the same id (case aside, so that two
 * which tidy might take for one stay one); others are kept. */
static void reduce_id(Cutter *c, const char *v, size_t n)
{
    bool plain = n > 0 && isalpha((unsigned char)v[0]);
    for (size_t i = 1; plain && i < n; i++)
        plain = isalnum((unsigned char)v[i]) || v[i] == '-' || v[i] == '_';
    if (!plain) {
        sb_append_len(c->out, v, n);
        return;
    }
    SpanList *names = c->state == 1 ? &c->content_names : &c->shell_names;
    size_t k = 0;
    while (k < names->count && !(names->items[k].n == n && strncasecmp(names->items[k].s, v, n) == 0))
        k++;
    if (k == names->count)
        spans_push(names, v, n);
    sb_printf(c->out, "i%zu", k);
}

/* A start tag from its "<": attributes kept, values of link and free-text
 * attributes reduced; ids noted.  Sets *self_closed for "/>". */
static void start_tag(Cutter *c, Span name, bool *self_closed)
{
    const char *p = c->p + 1 + name.n, *end = c->end;
    sb_append_len(c->out, c->p, 1 + name.n);
    *self_closed = false;
    bool anchor = name_in(name, anchor_elements);
    while (p < end && *p != '>') {
        if (*p == '/' && p + 1 < end && p[1] == '>') {
            *self_closed = true;
            sb_append_char(c->out, '/');
            p++;
            continue;
        }
        if (!is_name_char(*p)) {
            sb_append_char(c->out, *p++);
            continue;
        }
        const char *an = p;
        while (p < end && !strchr(" \t\r\n\f=>/", *p))
            p++;
        Span attr = { an, (size_t)(p - an) };
        sb_append_len(c->out, an, attr.n);
        if (p >= end || *p != '=')
            continue;
        sb_append_char(c->out, *p++);
        if (p < end && (*p == '"' || *p == '\'')) {
            char q = *p;
            const char *v = p + 1, *close = memchr(v, q, (size_t)(end - v));
            if (!close) {
                c->fail = true;
                return;
            }
            sb_append_char(c->out, q);
            bool names_anchor = span_is(attr, "id") || (anchor && span_is(attr, "name"));
            if (names_anchor)
                reduce_id(c, v, (size_t)(close - v));
            else if (name_in(attr, link_attributes))
                reduce(c->out, v, (size_t)(close - v), RUNS_LINK);
            else if (name_in(attr, free_text_attributes))
                reduce(c->out, v, (size_t)(close - v), RUNS_TEXT);
            else
                sb_append_len(c->out, v, (size_t)(close - v));
            sb_append_char(c->out, q);
            if (names_anchor)
                spans_push(c->state == 1 ? &c->content_ids : &c->shell_ids, v, (size_t)(close - v));
            p = close + 1;
        } else {
            /* Unquoted values are kept as they are, and make the page
             * one to check whole if they name an anchor. */
            const char *v = p;
            while (p < end && !strchr(" \t\r\n\f>", *p))
                p++;
            sb_append_len(c->out, v, (size_t)(p - v));
            if (span_is(attr, "id") || span_is(attr, "name"))
                c->fail = true;
        }
    }
    if (p < end)
        sb_append_char(c->out, *p++);
    else
        c->fail = true;
    c->p = p;
}

/* Script and style text to its end tag (reduced), title and textarea text
 * likewise (as text: entities count there). */
static void element_text(Cutter *c, Span name, RunKind kind)
{
    const char *from = c->p, *q = from;
    for (; (q = memchr(q, '<', (size_t)(c->end - q))); q++)
        if ((size_t)(c->end - q) > name.n + 1 && q[1] == '/' && strncasecmp(q + 2, name.s, name.n) == 0)
            break;
    if (!q)
        q = c->end;
    reduce(c->out, from, (size_t)(q - from), kind);
    c->p = q;
}

/* The document's own elements, which the content cannot open or close
 * without changing how tidy reads the shell after it. */
static const char *const document_elements[] = {"html", "head", "body", "frameset", NULL};

static void end_tag(Cutter *c, Span name)
{
    /* A second </main>: the content closed it early, and the rest of it
     * would be read as the shell's. */
    if ((c->state == 1 && name_in(name, document_elements)) || (c->state == 2 && span_is(name, "main")))
        c->fail = true;
    const char *close = memchr(c->p, '>', (size_t)(c->end - c->p));
    const char *after = close ? close + 1 : c->end;
    if (span_is(name, "main") && c->state == 1 && c->main_depth-- == 0) {
        c->state = 2;
        c->out = &c->shell;
    }
    sb_append_len(c->out, c->p, (size_t)(after - c->p));
    c->p = after;
    for (size_t i = c->stack.count; i-- > 0;)
        if (c->stack.items[i].n == name.n && strncasecmp(c->stack.items[i].s, name.s, name.n) == 0) {
            c->stack.count = i;
            break;
        }
}

static void cut(Cutter *c)
{
    while (c->p < c->end && !c->fail) {
        const char *lt = memchr(c->p, '<', (size_t)(c->end - c->p));
        const char *text_end = lt ? lt : c->end;
        reduce(c->out, c->p, (size_t)(text_end - c->p), RUNS_TEXT);
        c->p = text_end;
        if (!lt)
            break;
        size_t left = (size_t)(c->end - lt);
        if (left >= 4 && memcmp(lt, "<!--", 4) == 0) {
            const char *close = memmem(lt + 4, left - 4, "-->", 3);
            const char *after = close ? close + 3 : c->end;
            sb_append_len(c->out, lt, (size_t)(after - lt));
            c->p = after;
        } else if (left >= 2 && (lt[1] == '!' || lt[1] == '?')) {
            const char *close = memchr(lt, '>', left);
            const char *after = close ? close + 1 : c->end;
            sb_append_len(c->out, lt, (size_t)(after - lt));
            c->p = after;
        } else if (left >= 3 && lt[1] == '/' && isalpha((unsigned char)lt[2])) {
            Span name = { lt + 2, 0 };
            while (name.n + 2 < left && is_name_char(lt[2 + name.n]))
                name.n++;
            end_tag(c, name);
        } else if (left >= 2 && isalpha((unsigned char)lt[1])) {
            Span name = { lt + 1, 0 };
            while (name.n + 1 < left && is_name_char(lt[1 + name.n]))
                name.n++;
            bool self_closed;
            if (c->state == 1 && name_in(name, document_elements)) {
                c->fail = true;
                break;
            }
            start_tag(c, name, &self_closed);
            if (c->fail)
                break;
            if (span_is(name, "main")) {
                if (c->state == 1) {
                    c->main_depth++;
                } else if (c->state == 2 || c->stack.count != 2 || !span_is(c->stack.items[0], "html")
                           || !span_is(c->stack.items[1], "body") || self_closed) {
                    c->fail = true;
                    break;
                } else {
                    c->state = 1;
                    c->out = &c->content;
                }
            }
            if (span_is(name, "script") || span_is(name, "style"))
                element_text(c, name, RUNS_RAW);
            else if (span_is(name, "title") || span_is(name, "textarea"))
                element_text(c, name, RUNS_TEXT);
            if (!self_closed && !name_in(name, void_elements))
                spans_push(&c->stack, name.s, name.n);
        } else {
            sb_append_char(c->out, '<');
            c->p = lt + 1;
        }
    }
}

/* Ids are compared as tidy might at its most lenient: case aside, and any
 * with an entity (which tidy would decode) counted as shared. */
static bool ids_shared(const SpanList *a, const SpanList *b)
{
    for (size_t i = 0; i < a->count; i++) {
        if (memchr(a->items[i].s, '&', a->items[i].n))
            return true;
        for (size_t j = 0; j < b->count; j++)
            if (a->items[i].n == b->items[j].n && strncasecmp(a->items[i].s, b->items[j].s, a->items[i].n) == 0)
                return true;
    }
    for (size_t j = 0; j < b->count; j++)
        if (memchr(b->items[j].s, '&', b->items[j].n))
            return true;
    return false;
}

/* Where the content sits in every page: tidy reads it there. */
static const char wrapper_open[] = "<!DOCTYPE html>\n<html><head><title>a</title></head><body><main>";
static const char wrapper_close[] = "</main></body></html>\n";

bool html_pieces_cut(const char *html, size_t len, HtmlPieces *out)
{
    memset(out, 0, sizeof *out);
    static const char doctype[] = "<!DOCTYPE html>";
    if (len < sizeof doctype - 1 || memcmp(html, doctype, sizeof doctype - 1) != 0)
        return false;
    Cutter c = { .p = html, .end = html + len };
    sb_init(&c.shell);
    sb_init(&c.content);
    sb_append(&c.content, wrapper_open);
    c.out = &c.shell;
    cut(&c);
    bool ok = !c.fail && c.state == 2;
    if (ok) {
        sb_append(&c.content, wrapper_close);
        out->ids_shared = ids_shared(&c.shell_ids, &c.content_ids);
        out->shell_len = c.shell.len;
        out->content_len = c.content.len;
        out->shell = sb_take(&c.shell);
        out->content = sb_take(&c.content);
        out->shell_key = piece_key(out->shell, out->shell_len);
        out->content_key = piece_key(out->content, out->content_len);
    }
    sb_free(&c.shell);
    sb_free(&c.content);
    free(c.stack.items);
    free(c.shell_ids.items);
    free(c.content_ids.items);
    free(c.shell_names.items);
    free(c.content_names.items);
    return ok;
}

void html_pieces_free(HtmlPieces *p)
{
    free(p->shell);
    free(p->content);
    memset(p, 0, sizeof *p);
}

/* ---- verdicts ------------------------------------------------------- */

typedef struct {
    PieceKey key;
    PieceVerdict verdict;     /* PIECE_UNKNOWN: an empty slot */
} VerdictSlot;

struct PieceVerdicts {
    pthread_mutex_t lock;
    VerdictSlot *slots;
    size_t cap, count;        /* cap a power of two */
};

PieceVerdicts *piece_verdicts_new(void)
{
    PieceVerdicts *v = xcalloc(1, sizeof *v);
    pthread_mutex_init(&v->lock, NULL);
    v->cap = 256;
    v->slots = xcalloc(v->cap, sizeof *v->slots);
    return v;
}

void piece_verdicts_free(PieceVerdicts *v)
{
    if (!v)
        return;
    pthread_mutex_destroy(&v->lock);
    free(v->slots);
    free(v);
}

static VerdictSlot *find_slot(VerdictSlot *slots, size_t cap, PieceKey key)
{
    size_t i = (size_t)fmix64(key.a ^ key.b) & (cap - 1);
    while (slots[i].verdict != PIECE_UNKNOWN && (slots[i].key.a != key.a || slots[i].key.b != key.b))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

PieceVerdict piece_verdict(PieceVerdicts *v, PieceKey key)
{
    pthread_mutex_lock(&v->lock);
    PieceVerdict verdict = find_slot(v->slots, v->cap, key)->verdict;
    pthread_mutex_unlock(&v->lock);
    return verdict;
}

void piece_verdict_set(PieceVerdicts *v, PieceKey key, PieceVerdict verdict)
{
    pthread_mutex_lock(&v->lock);
    if ((v->count + 1) * 2 > v->cap) {
        size_t cap = v->cap * 2;
        VerdictSlot *slots = xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < v->cap; i++)
            if (v->slots[i].verdict != PIECE_UNKNOWN)
                *find_slot(slots, cap, v->slots[i].key) = v->slots[i];
        free(v->slots);
        v->slots = slots;
        v->cap = cap;
    }
    VerdictSlot *s = find_slot(v->slots, v->cap, key);
    if (s->verdict == PIECE_UNKNOWN)
        v->count++;
    s->key = key;
    s->verdict = verdict;
    pthread_mutex_unlock(&v->lock);
}
