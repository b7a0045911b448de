/* css_parse.c: stylesheets, selectors, the source view and the shared
 * cache of parsed sheets (see css_internal.h). */
#include "css.h"
#include "css_internal.h"
#include "util.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

Bucket *css_index_find(const Index *index, const char *key, size_t keylen)
{
    if (!index->slot_count)
        return NULL;
    uint64_t h = hash_bytes(HASH_SEED, key, keylen);
    for (Bucket *b = index->slots[h & (index->slot_count - 1)]; b; b = b->next)
        if (!strncmp(b->key, key, keylen) && b->key[keylen] == '\0')
            return b;
    return NULL;
}

static void index_add(Arena *arena, Index *index, const char *key, CssRuleEntry *rule)
{
    if (!index->slot_count) {
        index->slot_count = 256;
        index->slots = css_arena_alloc(arena, index->slot_count * sizeof *index->slots);
    }
    Bucket *b = css_index_find(index, key, strlen(key));
    if (!b) {
        uint64_t h = hash_bytes(HASH_SEED, key, strlen(key));
        b = css_arena_alloc(arena, sizeof *b);
        b->key = key;
        b->next = index->slots[h & (index->slot_count - 1)];
        index->slots[h & (index->slot_count - 1)] = b;
    }
    if (b->last)
        b->last->next_in_bucket = rule;
    else
        b->rules = rule;
    b->last = rule;
}

/* -- selectors -- */

static const char *read_ident(Parser *ps, const char **pp, const char *end)
{
    const char *p = *pp, *s = p;
    while (p < end && css_is_ident_char((unsigned char)*p)) {
        if (*p == '\\' && p + 1 < end)
            p++;
        p++;
    }
    *pp = p;
    if (p == s)
        return NULL;
    /* Drop escapes: ".a\:b" names class "a:b". */
    char *out = css_arena_alloc(&ps->sheet->arena, (size_t)(p - s) + 1);
    size_t n = 0;
    for (const char *c = s; c < p; c++) {
        if (*c == '\\' && c + 1 < p)
            c++;
        out[n++] = *c;
    }
    out[n] = '\0';
    return out;
}

/* The comma that ends the selector at p (not one inside parentheses,
 * as in ":is(a, b)"), or end. */
static const char *list_comma(const char *p, const char *end)
{
    int depth = 0;
    while (p < end && (depth || *p != ',')) {
        if (*p == '(')
            depth++;
        else if (*p == ')')
            depth--;
        p++;
    }
    return p;
}

static Complex *parse_complex(Parser *ps, const char **pp, const char *end);

/* Reads a comma-separated selector list up to end (for :not()). */
static int parse_selector_args(Parser *ps, const char *s, const char *e, Complex ***out)
{
    Complex **items = css_arena_alloc(&ps->sheet->arena, 16 * sizeof *items);
    int n = 0;
    const char *p = s;
    while (p < e && n < 16) {
        const char *comma = list_comma(p, e);
        const char *q = p;
        Complex *c = parse_complex(ps, &q, comma);
        if (!c)
            return -1;
        items[n++] = c;
        p = comma < e ? comma + 1 : e;
    }
    *out = items;
    return n;
}

static const char *matching_paren(const char *p, const char *end)
{
    int depth = 0;
    for (; p < end; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')' && --depth == 0)
            return p;
    }
    return NULL;
}

/* A copy of the cap items at items, in twice the room, from the arena
 * (freed with the stylesheet). */
static void *arena_grow(Arena *arena, const void *items, int *cap, size_t size)
{
    void *bigger = css_arena_alloc(arena, (size_t)*cap * 2 * size);
    memcpy(bigger, items, (size_t)*cap * size);
    *cap *= 2;
    return bigger;
}

/* Parses one compound selector; returns false on syntax we do not know,
 * which makes the whole rule be ignored (as a browser would). */
static bool parse_compound(Parser *ps, const char **pp, const char *end, Compound *c,
                           unsigned *specificity)
{
    Arena *arena = &ps->sheet->arena;
    const char *p = *pp;
    /* Start on the stack; a selector with more parts than these grows into
     * the arena, so no selector is dropped for its length alone. */
    const char *classes_small[32];
    AttrSelector attrs_small[16];
    Pseudo pseudos_small[16];
    const char **classes = classes_small;
    AttrSelector *attrs = attrs_small;
    Pseudo *pseudos = pseudos_small;
    int nc = 0, na = 0, np = 0, cap_c = 32, cap_a = 16, cap_p = 16;
    bool any = false;
    if (p < end && *p == '*') {
        p++;
        any = true;
    } else if (p < end && css_is_ident_char((unsigned char)*p)) {
        const char *tag = read_ident(ps, &p, end);
        for (char *t = (char *)tag; *t; t++)
            *t = (char)tolower((unsigned char)*t);
        c->tag = tag;
        *specificity += 1;
        any = true;
    }
    while (p < end) {
        if (*p == '#') {
            p++;
            c->id = read_ident(ps, &p, end);
            if (!c->id)
                return false;
            *specificity += 1 << 16;
        } else if (*p == '.') {
            p++;
            const char *cls = read_ident(ps, &p, end);
            if (!cls)
                return false;
            if (nc == cap_c)
                classes = arena_grow(arena, classes, &cap_c, sizeof *classes);
            classes[nc++] = cls;
            *specificity += 1 << 8;
        } else if (*p == '[') {
            const char *close = memchr(p, ']', (size_t)(end - p));
            if (!close)
                return false;
            if (na == cap_a)
                attrs = arena_grow(arena, attrs, &cap_a, sizeof *attrs);
            p++;
            css_skip_ws(&p, close);
            AttrSelector *a = &attrs[na++];
            memset(a, 0, sizeof *a);
            const char *name = read_ident(ps, &p, close);
            if (!name)
                return false;
            for (char *t = (char *)name; *t; t++)
                *t = (char)tolower((unsigned char)*t);
            a->name = name;
            css_skip_ws(&p, close);
            a->op = ATTR_EXISTS;
            if (p < close) {
                char op = *p;
                if (op == '=')
                    a->op = ATTR_EQUALS, p++;
                else if (p + 1 < close && p[1] == '=') {
                    switch (op) {
                    case '~': a->op = ATTR_WORD; break;
                    case '|': a->op = ATTR_DASH; break;
                    case '^': a->op = ATTR_PREFIX; break;
                    case '$': a->op = ATTR_SUFFIX; break;
                    case '*': a->op = ATTR_SUBSTRING; break;
                    default: return false;
                    }
                    p += 2;
                } else
                    return false;
                css_skip_ws(&p, close);
                if (p < close && (*p == '"' || *p == '\'')) {
                    char q = *p++;
                    const char *vs = p;
                    while (p < close && *p != q)
                        p++;
                    a->value = css_arena_strndup(arena, vs, (size_t)(p - vs));
                    if (p < close)
                        p++;
                } else {
                    a->value = read_ident(ps, &p, close);
                    if (!a->value)
                        a->value = "";
                }
                css_skip_ws(&p, close);
                if (p < close && (*p == 'i' || *p == 'I'))
                    a->icase = true;
            }
            p = close + 1;
            *specificity += 1 << 8;
        } else if (*p == ':') {
            p++;
            bool element = false;
            if (p < end && *p == ':') {
                element = true;
                p++;
            }
            const char *name = read_ident(ps, &p, end);
            if (!name)
                return false;
            if (np == cap_p)
                pseudos = arena_grow(arena, pseudos, &cap_p, sizeof *pseudos);
            Pseudo *ps_ = &pseudos[np++];
            memset(ps_, 0, sizeof *ps_);
            const char *args = NULL, *args_end = NULL;
            if (p < end && *p == '(') {
                const char *close = matching_paren(p, end);
                if (!close)
                    return false;
                args = p + 1;
                args_end = close;
                p = close + 1;
            }
            if (element || !strcasecmp(name, "before") || !strcasecmp(name, "after") ||
                !strcasecmp(name, "first-line") || !strcasecmp(name, "first-letter")) {
                /* Pseudo-elements style boxes that are not elements. */
                ps_->kind = PSEUDO_NEVER;
                *specificity += 1;
            } else if (!strcasecmp(name, "root")) {
                ps_->kind = PSEUDO_ROOT;
                *specificity += 1 << 8;
            } else if (!strcasecmp(name, "not") || !strcasecmp(name, "is") ||
                       !strcasecmp(name, "where") || !strcasecmp(name, "matches")) {
                if (!args)
                    return false;
                int n = parse_selector_args(ps, args, args_end, &ps_->args);
                if (n <= 0)
                    return false;
                ps_->arg_count = n;
                unsigned best = 0;
                for (int i = 0; i < n; i++)
                    if (ps_->args[i]->specificity > best)
                        best = ps_->args[i]->specificity;
                if (!strcasecmp(name, "not")) {
                    ps_->kind = PSEUDO_NOT;
                } else {
                    /* :is(), :where(): matches when any argument does. */
                    ps_->kind = PSEUDO_IS;
                }
                if (strcasecmp(name, "where"))
                    *specificity += best;
            } else if (!strcasecmp(name, "has")) {
                /* A settings panel without script: html:has(#dark:checked). */
                if (!args)
                    return false;
                int n = parse_selector_args(ps, args, args_end, &ps_->args);
                if (n <= 0)
                    return false;
                ps_->arg_count = n;
                ps_->kind = PSEUDO_HAS;
                unsigned best = 0;
                for (int i = 0; i < n; i++)
                    if (ps_->args[i]->specificity > best)
                        best = ps_->args[i]->specificity;
                *specificity += best;
            } else if (!strcasecmp(name, "checked")) {
                ps_->kind = PSEUDO_CHECKED;
                *specificity += 1 << 8;
            } else if (!strcasecmp(name, "first-child")) {
                ps_->kind = PSEUDO_FIRST_CHILD;
                *specificity += 1 << 8;
            } else if (!strcasecmp(name, "last-child")) {
                ps_->kind = PSEUDO_LAST_CHILD;
                *specificity += 1 << 8;
            } else if (!strcasecmp(name, "only-child")) {
                ps_->kind = PSEUDO_ONLY_CHILD;
                *specificity += 1 << 8;
            } else if (!strcasecmp(name, "link") || !strcasecmp(name, "any-link")) {
                ps_->kind = PSEUDO_LINK;
                *specificity += 1 << 8;
            } else if (!strcasecmp(name, "empty")) {
                ps_->kind = PSEUDO_EMPTY;
                *specificity += 1 << 8;
            } else {
                /* :hover, :focus, :visited, :checked, :nth-child(...): a state
                 * or position we do not decide, so the rule is left out. */
                ps_->kind = PSEUDO_NEVER;
                *specificity += 1 << 8;
            }
        } else
            break;
        any = true;
    }
    if (!any)
        return false;
    if (nc) {
        c->classes = css_arena_alloc(arena, (size_t)nc * sizeof *c->classes);
        memcpy(c->classes, classes, (size_t)nc * sizeof *classes);
        c->class_count = nc;
    }
    if (na) {
        c->attrs = css_arena_alloc(arena, (size_t)na * sizeof *c->attrs);
        memcpy(c->attrs, attrs, (size_t)na * sizeof *attrs);
        c->attr_count = na;
    }
    if (np) {
        c->pseudos = css_arena_alloc(arena, (size_t)np * sizeof *c->pseudos);
        memcpy(c->pseudos, pseudos, (size_t)np * sizeof *pseudos);
        c->pseudo_count = np;
    }
    for (int i = 0; c->id && i < np; i++)
        if (pseudos[i].kind == PSEUDO_CHECKED) {
            CheckedId *k = css_arena_alloc(arena, sizeof *k);
            k->id = c->id;
            k->next = ps->sheet->checked_ids;
            ps->sheet->checked_ids = k;
            break;
        }
    *pp = p;
    return true;
}

static Complex *parse_complex_at_depth(Parser *ps, const char **pp, const char *end);

static Complex *parse_complex(Parser *ps, const char **pp, const char *end)
{
    if (ps->depth >= PARSE_MAX_DEPTH)
        return NULL;
    ps->depth++;
    Complex *c = parse_complex_at_depth(ps, pp, end);
    ps->depth--;
    return c;
}

static Complex *parse_complex_at_depth(Parser *ps, const char **pp, const char *end)
{
    Compound parts_small[32];
    Compound *parts = parts_small;
    int n = 0, cap = 32;
    unsigned specificity = 0;
    const char *p = *pp;
    css_skip_ws(&p, end);
    char combinator = 0;
    while (p < end) {
        if (n == cap)
            parts = arena_grow(&ps->sheet->arena, parts, &cap, sizeof *parts);
        memset(&parts[n], 0, sizeof parts[n]);
        parts[n].combinator = n ? combinator : 0;
        if (!parse_compound(ps, &p, end, &parts[n], &specificity))
            return NULL;
        n++;
        const char *before = p;
        css_skip_ws(&p, end);
        if (p >= end)
            break;
        if (*p == '>' || *p == '+' || *p == '~') {
            combinator = *p++;
            css_skip_ws(&p, end);
        } else if (p > before) {
            combinator = ' ';
        } else
            return NULL;
    }
    if (!n)
        return NULL;
    Complex *c = css_arena_alloc(&ps->sheet->arena, sizeof *c);
    c->parts = css_arena_alloc(&ps->sheet->arena, (size_t)n * sizeof *c->parts);
    memcpy(c->parts, parts, (size_t)n * sizeof *parts);
    c->count = n;
    c->specificity = specificity;
    css_set_ancestor_keys(c);
    *pp = p;
    return c;
}

static void add_rule(Parser *ps, Complex *selector, const DeclBlock *block)
{
    CssStylesheet *sheet = ps->sheet;
    CssRuleEntry *r = css_arena_alloc(&sheet->arena, sizeof *r);
    r->selector = selector;
    r->block = block;
    r->order = ps->order++;
    sheet->rule_count++;
    const Compound *key = &selector->parts[selector->count - 1];
    if (key->id)
        index_add(&sheet->arena, &sheet->by_id, key->id, r);
    else if (key->class_count)
        index_add(&sheet->arena, &sheet->by_class, key->classes[0], r);
    else if (key->tag)
        index_add(&sheet->arena, &sheet->by_tag, key->tag, r);
    else {
        if (sheet->universal_last)
            sheet->universal_last->next_in_bucket = r;
        else
            sheet->universal = r;
        sheet->universal_last = r;
    }
}

/* Decides whether an @media prelude applies to a screen. */
static bool media_applies(const char *prelude)
{
    char buf[256];
    size_t n = strlen(prelude);
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)prelude[i]);
    buf[n] = '\0';
    /* Any comma-separated query that can match a screen makes it apply. */
    char *save = NULL;
    for (char *q = strtok_r(buf, ",", &save); q; q = strtok_r(NULL, ",", &save)) {
        while (*q == ' ')
            q++;
        if (!strncmp(q, "not ", 4))
            continue;
        if (strstr(q, "print") || strstr(q, "speech") || strstr(q, "prefers-color-scheme: dark") ||
            strstr(q, "forced-colors: active") || strstr(q, "prefers-contrast: more"))
            continue;
        return true;
    }
    return false;
}

/* The line of a position in the sheet; positions are asked for mostly
 * in increasing order, so counting goes on from the last one. */
static int line_of(Parser *ps, const char *at)
{
    if (at < ps->line_pos) {
        ps->line_pos = ps->text;
        ps->line = 1;
    }
    for (; ps->line_pos < at; ps->line_pos++)
        ps->line += *ps->line_pos == '\n';
    return ps->line;
}

/* Keeps a style rule as written, with each declaration's line. */
static void record_rule(Parser *ps, const char *selector, const char *open, const char *close)
{
    CssStylesheet *sheet = ps->sheet;
    Arena *arena = &sheet->arena;
    if (sheet->source_count == sheet->source_cap) {
        size_t cap = sheet->source_cap ? sheet->source_cap * 2 : 64;
        CssSourceRule *grown = css_arena_alloc(arena, cap * sizeof *grown);
        if (sheet->source_count)
            memcpy(grown, sheet->source, sheet->source_count * sizeof *grown);
        sheet->source = grown;
        sheet->source_cap = cap;
    }
    CssSourceRule *r = &sheet->source[sheet->source_count++];
    r->selector = css_clean_text(arena, selector, open);
    r->line = line_of(ps, selector);
    r->media = ps->media;
    size_t cap = 0;
    CssSourceDecl *decls = NULL;
    for (const char *p = open + 1; p < close;) {
        /* One declaration: up to ';' outside brackets, strings, comments. */
        const char *start = p, *colon = NULL;
        int depth = 0;
        char quote = 0;
        for (; p < close; p++) {
            if (quote) {
                if (*p == '\\' && p + 1 < close)
                    p++;
                else if (*p == quote)
                    quote = 0;
            } else if (*p == '"' || *p == '\'') {
                quote = *p;
            } else if (p + 1 < close && p[0] == '/' && p[1] == '*') {
                for (p += 2; p + 1 < close && !(p[0] == '*' && p[1] == '/'); p++)
                    ;
                p++;
            } else if (*p == '(' || *p == '[') {
                depth++;
            } else if ((*p == ')' || *p == ']') && depth) {
                depth--;
            } else if (*p == ':' && !depth && !colon) {
                colon = p;
            } else if (*p == ';' && !depth) {
                break;
            }
        }
        const char *decl_end = p < close ? p : close;
        p = decl_end + 1;
        if (!colon)
            continue;
        char *name = css_clean_text(arena, start, colon);
        if (!*name)
            continue;
        if (strncmp(name, "--", 2))
            for (char *c = name; *c; c++)
                *c = (char)tolower((unsigned char)*c);
        char *value = css_clean_text(arena, colon + 1, decl_end);
        bool important = false;
        char *bang = strrchr(value, '!');
        if (bang && !strncasecmp(str_trim(bang + 1), "important", 9)) {
            important = true;
            *bang = '\0';
            size_t n = strlen(value);
            while (n && value[n - 1] == ' ')
                value[--n] = '\0';
        }
        if ((size_t)r->count == cap) {
            cap = cap ? cap * 2 : 8;
            CssSourceDecl *grown = css_arena_alloc(arena, cap * sizeof *grown);
            if (r->count)
                memcpy(grown, decls, r->count * sizeof *grown);
            decls = grown;
        }
        const char *name_at = start;
        while (name_at < colon && isspace((unsigned char)*name_at))
            name_at++;
        decls[r->count++] = (CssSourceDecl){name, value, line_of(ps, name_at), important};
    }
    r->decls = decls;
}

static void parse_rules(Parser *ps, const char *p, const char *end);

static void parse_at_rule(Parser *ps, const char **pp, const char *end)
{
    const char *p = *pp + 1;
    const char *name_start = p;
    while (p < end && css_is_ident_char((unsigned char)*p))
        p++;
    size_t name_len = (size_t)(p - name_start);
    const char *prelude_start = p;
    while (p < end && *p != '{' && *p != ';')
        p++;
    if (p >= end || *p == ';') {
        *pp = p < end ? p + 1 : end;    /* @import, @charset, ... */
        return;
    }
    const char *body = p + 1;
    const char *close = css_block_end(body, end);
    *pp = close < end ? close + 1 : end;
    if (ps->depth >= PARSE_MAX_DEPTH)
        return;
    ps->depth++;
    if (name_len == 5 && !strncasecmp(name_start, "media", 5)) {
        char *prelude = css_clean_text(&ps->sheet->arena, prelude_start, p);
        for (char *c = prelude; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        if (media_applies(prelude) && !(ps->media & CSS_MEDIA_NOT_SCREEN)) {
            parse_rules(ps, body, close);
        } else if (ps->record) {
            /* Kept in the source view only: other palettes and media. */
            unsigned saved = ps->media;
            ps->media |= CSS_MEDIA_NOT_SCREEN;
            if (strstr(prelude, "print") || strstr(prelude, "speech") ||
                strstr(prelude, "forced-colors"))
                ps->media |= CSS_MEDIA_PRINT;
            if (strstr(prelude, "dark"))
                ps->media |= CSS_MEDIA_DARK;
            parse_rules(ps, body, close);
            ps->media = saved;
        }
    } else if ((name_len == 8 && !strncasecmp(name_start, "supports", 8)) ||
               (name_len == 5 && !strncasecmp(name_start, "layer", 5)) ||
               (name_len == 9 && !strncasecmp(name_start, "container", 9))) {
        parse_rules(ps, body, close);
    }
    /* @font-face, @keyframes, @page and others style nothing we check. */
    ps->depth--;
}

static void parse_rules(Parser *ps, const char *p, const char *end)
{
    while (p < end) {
        css_skip_ws(&p, end);
        if (p >= end)
            break;
        if (*p == '@') {
            parse_at_rule(ps, &p, end);
            continue;
        }
        if (*p == '<' || *p == '}') {   /* stray "<!--" or a lone brace */
            p++;
            if (p + 2 < end && !strncmp(p, "!--", 3))
                p += 3;
            continue;
        }
        if (*p == '-' && p + 2 < end && !strncmp(p, "-->", 3)) {
            p += 3;
            continue;
        }
        const char *open = p;
        while (open < end && *open != '{')
            open++;
        if (open >= end)
            break;
        const char *close = css_block_end(open + 1, end);
        if (ps->record)
            record_rule(ps, p, open, close);
        DeclSink sink = {.arena = &ps->sheet->arena};
        if (!(ps->media & CSS_MEDIA_NOT_SCREEN))
            css_parse_declarations(&sink, open + 1, close);
        if (sink.count) {
            DeclBlock *block = css_arena_alloc(&ps->sheet->arena, sizeof *block);
            block->items = sink.items;
            block->count = sink.count;
            /* Each selector of a list becomes its own rule; an invalid one
             * drops the whole list, as CSS says. */
            Complex *list[64];
            int n = 0;
            bool ok = true;
            const char *s = p;
            while (s < open && ok) {
                const char *comma = list_comma(s, open);
                const char *q = s;
                char *text = css_clean_text(&ps->sheet->arena, q, comma);
                const char *t = text;
                Complex *c = parse_complex(ps, &t, text + strlen(text));
                if (!c || *t || n == 64)
                    ok = false;
                else
                    list[n++] = c;
                s = comma < open ? comma + 1 : open;
            }
            if (ok)
                for (int i = 0; i < n; i++)
                    add_rule(ps, list[i], block);
        }
        p = close < end ? close + 1 : end;
    }
}

CssStylesheet *css_stylesheet_parse(const char *text, size_t len)
{
    CssStylesheet *sheet = xcalloc(1, sizeof *sheet);
    Parser ps = {.p = text, .end = text + len, .sheet = sheet};
    parse_rules(&ps, text, text + len);
    return sheet;
}

CssStylesheet *css_stylesheet_parse_source(const char *text, size_t len)
{
    CssStylesheet *sheet = xcalloc(1, sizeof *sheet);
    Parser ps = {.p = text, .end = text + len, .sheet = sheet, .record = true, .text = text,
                 .line_pos = text, .line = 1};
    parse_rules(&ps, text, text + len);
    return sheet;
}

const CssSourceRule *css_stylesheet_source(const CssStylesheet *sheet, size_t *count)
{
    *count = sheet ? sheet->source_count : 0;
    return sheet ? sheet->source : NULL;
}

void css_stylesheet_free(CssStylesheet *sheet)
{
    if (!sheet)
        return;
    css_arena_free(&sheet->arena);
    free(sheet);
}

size_t css_stylesheet_rule_count(const CssStylesheet *sheet)
{
    return sheet ? sheet->rule_count : 0;
}

/* ---- The shared cache ---- */

/* A site has a handful of stylesheets, each asked for once per page, so
 * the entries are compared directly: a length check and memcmp cost far
 * less than hashing every byte of the text on every lookup. */
typedef struct CacheEntry {
    size_t len;
    char *text;
    CssStylesheet *sheet;
    struct CacheEntry *next;
} CacheEntry;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static CacheEntry *cache_head;

static CssStylesheet *cache_find(const char *text, size_t len)
{
    for (CacheEntry *e = cache_head; e; e = e->next)
        if (e->len == len && !memcmp(e->text, text, len))
            return e->sheet;
    return NULL;
}

const CssStylesheet *css_cache_get(const char *text, size_t len)
{
    pthread_mutex_lock(&cache_lock);
    CssStylesheet *found = cache_find(text, len);
    pthread_mutex_unlock(&cache_lock);
    if (found)
        return found;
    /* Parse outside the lock so other threads are not held up; if two
     * threads race on one sheet, the first to insert wins. */
    CssStylesheet *sheet = css_stylesheet_parse(text, len);
    pthread_mutex_lock(&cache_lock);
    found = cache_find(text, len);
    if (found) {
        pthread_mutex_unlock(&cache_lock);
        css_stylesheet_free(sheet);
        return found;
    }
    CacheEntry *e = xmalloc(sizeof *e);
    e->len = len;
    e->text = xstrndup(text, len);
    e->sheet = sheet;
    e->next = cache_head;
    cache_head = e;
    pthread_mutex_unlock(&cache_lock);
    return sheet;
}

void css_cache_clear(void)
{
    pthread_mutex_lock(&cache_lock);
    for (CacheEntry *e = cache_head, *next; e; e = next) {
        next = e->next;
        css_stylesheet_free(e->sheet);
        free(e->text);
        free(e);
    }
    cache_head = NULL;
    pthread_mutex_unlock(&cache_lock);
}

