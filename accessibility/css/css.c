/* css.c: stylesheet parsing, selector matching, cascade and inheritance.
 *
 * A stylesheet is parsed once into rules whose values are already typed
 * (a colour, a length, a keyword), so computing a document's styles does
 * no text parsing except for style attributes.  Rules are indexed by the
 * id, class or tag their rightmost compound selector needs, as browsers
 * do, so each element is only tested against rules that might match it.
 */
#include "css.h"
#include "util.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Arena: a stylesheet's parts all live and die together. ---- */

typedef struct ArenaBlock {
    struct ArenaBlock *next;
    size_t used, size;
    max_align_t data[];
} ArenaBlock;

typedef struct Arena {
    ArenaBlock *head;
} Arena;

static void *arena_alloc(Arena *arena, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    ArenaBlock *b = arena->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > 16384 ? n : 16384;
        b = xmalloc(sizeof *b + size);
        b->size = size;
        b->used = 0;
        b->next = arena->head;
        arena->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

static char *arena_strndup(Arena *arena, const char *s, size_t n)
{
    char *p = arena_alloc(arena, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static void arena_free(Arena *arena)
{
    for (ArenaBlock *b = arena->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    arena->head = NULL;
}

/* ---- Values ---- */

typedef enum {
    PROP_COLOR, PROP_BACKGROUND_COLOR, PROP_BACKGROUND_IMAGE, PROP_DISPLAY,
    PROP_VISIBILITY, PROP_OPACITY, PROP_FONT_SIZE, PROP_FONT_WEIGHT, PROP_FONT_STYLE,
    PROP_TEXT_DECORATION, PROP_TEXT_ALIGN, PROP_TEXT_SHADOW, PROP_POSITION, PROP_CLIP,
    PROP_WIDTH, PROP_HEIGHT, PROP_COUNT,
    /* Not properties of CssStyle: a custom property ("--x"), and a known
     * property whose value uses var(), parsed once var() is substituted. */
    PROP_CUSTOM, PROP_PENDING
} Prop;

static const bool prop_inherited[PROP_COUNT] = {
    [PROP_COLOR] = true, [PROP_VISIBILITY] = true, [PROP_FONT_SIZE] = true,
    [PROP_FONT_WEIGHT] = true, [PROP_FONT_STYLE] = true, [PROP_TEXT_ALIGN] = true,
    [PROP_TEXT_SHADOW] = true,
};

typedef enum {
    V_INHERIT, V_INITIAL, V_KEYWORD, V_COLOR, V_CURRENT_COLOR, V_LENGTH, V_NUMBER,
    V_BACKGROUND, V_SHADOW
} ValueKind;

typedef enum {
    U_PX, U_EM, U_REM, U_PERCENT, U_EX, U_CH
} Unit;

/* Keywords that mean something to the properties kept here. */
enum {
    K_NONE = 1, K_CONTENTS, K_BLOCK, K_HIDDEN, K_COLLAPSE, K_VISIBLE, K_NORMAL, K_BOLD,
    K_BOLDER, K_LIGHTER, K_ITALIC, K_OBLIQUE, K_LEFT, K_RIGHT, K_CENTER, K_JUSTIFY,
    K_START, K_END, K_ABSOLUTE, K_FIXED, K_STATIC, K_RELATIVE, K_STICKY, K_SMALLER,
    K_LARGER, K_RECT_SMALL, K_OTHER
};

typedef struct Value {
    ValueKind kind;
    int keyword;
    Unit unit;
    double number;
    CssColor color;
    CssBackgroundKind bg_kind;
    int stop_count;
    CssColor *stops;
} Value;

typedef struct Declaration {
    Prop prop;
    bool important;
    Value value;
    const char *name;    /* PROP_CUSTOM and PROP_PENDING: the property's name */
    const char *text;    /* ... and its value as written (NULL: initial) */
} Declaration;

typedef struct DeclBlock {
    Declaration *items;
    int count;
} DeclBlock;

/* ---- Selectors ---- */

typedef enum { ATTR_EXISTS, ATTR_EQUALS, ATTR_WORD, ATTR_DASH, ATTR_PREFIX, ATTR_SUFFIX,
               ATTR_SUBSTRING } AttrOp;

typedef struct AttrSelector {
    const char *name;
    const char *value;
    AttrOp op;
    bool icase;
} AttrSelector;

typedef struct Complex Complex;

typedef enum { PSEUDO_ROOT, PSEUDO_NOT, PSEUDO_FIRST_CHILD, PSEUDO_LAST_CHILD,
               PSEUDO_ONLY_CHILD, PSEUDO_LINK, PSEUDO_EMPTY, PSEUDO_NEVER,
               PSEUDO_IS, PSEUDO_CHECKED, PSEUDO_HAS } PseudoKind;

typedef struct Pseudo {
    PseudoKind kind;
    Complex **args;      /* :not() arguments */
    int arg_count;
} Pseudo;

typedef struct Compound {
    const char *tag;     /* lower case; NULL for any */
    const char *id;
    const char **classes;
    int class_count;
    AttrSelector *attrs;
    int attr_count;
    Pseudo *pseudos;
    int pseudo_count;
    char combinator;     /* how this compound relates to the one on its left:
                            ' ', '>', '+', '~'; 0 for the leftmost */
} Compound;

/* At most this many names a rule's ancestors must have are kept to
 * reject it early (see AncestorFilter). */
#define ANCESTOR_KEYS 4

struct Complex {
    Compound *parts;     /* left to right */
    int count;
    unsigned specificity;
    uint32_t ancestor_keys[ANCESTOR_KEYS];   /* key_hash of ids, classes, tags */
    int ancestor_key_count;
};

/* ---- Ancestor filter ----
 *
 * A rule such as ".site-nav a" is tried on every <a>, and failing means
 * walking all the element's ancestors.  As browsers do, the cascade keeps
 * a counting Bloom filter of the tags, ids and classes of the ancestors
 * of the element being styled; a rule needing an ancestor name the filter
 * has never seen cannot match and is skipped without walking anything.
 * The filter can only say "maybe", never a wrong "no", so results are
 * those of full matching. */

#define FILTER_BITS 12
#define FILTER_SIZE (1u << FILTER_BITS)

typedef struct AncestorFilter {
    uint32_t counts[FILTER_SIZE];
} AncestorFilter;

enum { KEY_TAG = 't', KEY_ID = 'i', KEY_CLASS = 'c' };

/* FNV-1a over the kind and the name, folded to 32 bits; each key sets two
 * counters, from its low and its next FILTER_BITS bits. */
static uint32_t key_hash(char kind, const char *name, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    h = (h ^ (unsigned char)kind) * 1099511628211ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)name[i]) * 1099511628211ULL;
    return (uint32_t)(h ^ (h >> 32));
}

static void filter_count(AncestorFilter *f, uint32_t key, int delta)
{
    f->counts[key & (FILTER_SIZE - 1)] += (uint32_t)delta;
    f->counts[(key >> FILTER_BITS) & (FILTER_SIZE - 1)] += (uint32_t)delta;
}

static bool filter_may_have(const AncestorFilter *f, uint32_t key)
{
    return f->counts[key & (FILTER_SIZE - 1)] &&
           f->counts[(key >> FILTER_BITS) & (FILTER_SIZE - 1)];
}

static const char *raw_attr(xmlNodePtr el, const char *name);

/* Adds (delta 1) or removes (delta -1) an element's tag, id and classes,
 * split exactly as matching splits them. */
static void filter_element(AncestorFilter *f, xmlNodePtr el, int delta)
{
    const char *tag = (const char *)el->name;
    filter_count(f, key_hash(KEY_TAG, tag, strlen(tag)), delta);
    const char *id = raw_attr(el, "id");
    if (id && *id)
        filter_count(f, key_hash(KEY_ID, id, strlen(id)), delta);
    const char *cls = raw_attr(el, "class");
    for (const char *p = cls; p && *p;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (p > start)
            filter_count(f, key_hash(KEY_CLASS, start, (size_t)(p - start)), delta);
    }
}

static bool filter_may_match(const AncestorFilter *f, const Complex *c)
{
    for (int i = 0; i < c->ancestor_key_count; i++)
        if (!filter_may_have(f, c->ancestor_keys[i]))
            return false;
    return true;
}

/* The names some ancestor of the subject must have: those of every
 * compound left of a descendant or child combinator (a sibling of an
 * ancestor is itself an ancestor's child, so compounds further left are
 * ancestors too).  Ids first, then classes, then tags: the rarer a name,
 * the more rules it rules out. */
static void set_ancestor_keys(Complex *c)
{
    c->ancestor_key_count = 0;
    int first_ancestor = -1;
    for (int i = c->count - 1; i > 0; i--)
        if (c->parts[i].combinator == ' ' || c->parts[i].combinator == '>') {
            first_ancestor = i - 1;
            break;
        }
    for (int kind = 0; kind < 3; kind++)
        for (int i = first_ancestor; i >= 0; i--) {
            const Compound *part = &c->parts[i];
            if (kind == 0 && part->id && c->ancestor_key_count < ANCESTOR_KEYS)
                c->ancestor_keys[c->ancestor_key_count++] =
                    key_hash(KEY_ID, part->id, strlen(part->id));
            for (int k = 0; kind == 1 && k < part->class_count &&
                            c->ancestor_key_count < ANCESTOR_KEYS; k++)
                c->ancestor_keys[c->ancestor_key_count++] =
                    key_hash(KEY_CLASS, part->classes[k], strlen(part->classes[k]));
            if (kind == 2 && part->tag && c->ancestor_key_count < ANCESTOR_KEYS)
                c->ancestor_keys[c->ancestor_key_count++] =
                    key_hash(KEY_TAG, part->tag, strlen(part->tag));
        }
}

typedef struct Rule {
    Complex *selector;
    const DeclBlock *block;
    unsigned order;
    struct Rule *next_in_bucket;
} CssRuleEntry;

/* ---- Rule index: string key -> list of rules ---- */

typedef struct Bucket {
    const char *key;
    CssRuleEntry *rules;
    CssRuleEntry *last;
    struct Bucket *next;
} Bucket;

typedef struct Index {
    Bucket **slots;
    size_t slot_count;
} Index;

/* An id a rule reads through :checked ("#colours-dark:checked"). */
typedef struct CheckedId {
    const char *id;
    struct CheckedId *next;
} CheckedId;

struct CssStylesheet {
    Arena arena;
    CheckedId *checked_ids;
    CssSourceRule *source;    /* css_stylesheet_parse_source() only */
    size_t source_count, source_cap;
    CssRuleEntry *all;        /* arena array is grown by relinking: see add_rule */
    size_t rule_count;
    Index by_id, by_class, by_tag;
    CssRuleEntry *universal, *universal_last;
};

static Bucket *index_find(const Index *index, const char *key, size_t keylen)
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
        index->slots = arena_alloc(arena, index->slot_count * sizeof *index->slots);
    }
    Bucket *b = index_find(index, key, strlen(key));
    if (!b) {
        uint64_t h = hash_bytes(HASH_SEED, key, strlen(key));
        b = arena_alloc(arena, sizeof *b);
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

/* ---- Parsing ---- */

typedef struct Parser {
    const char *p, *end;
    CssStylesheet *sheet;
    unsigned order;
    int depth;           /* of nested at-rules and selector arguments */
    bool record;         /* keep the source view (css_stylesheet_parse_source) */
    unsigned media;      /* CSS_MEDIA_* of the @media blocks around p */
    const char *text;    /* the whole sheet, for line numbers */
    const char *line_pos;
    int line;
} Parser;

/* Deeper nesting of @media blocks or of :not()/:is() arguments than any
 * stylesheet needs is dropped, as unknown syntax is, so the parser's
 * recursion stays far from the end of a thread's stack. */
#define PARSE_MAX_DEPTH 32

static bool is_ident_char(int c)
{
    return isalnum(c) || c == '-' || c == '_' || c >= 0x80 || c == '\\';
}

/* Skips white space and comments. */
static void skip_ws(const char **pp, const char *end)
{
    const char *p = *pp;
    for (;;) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (p + 1 < end && p[0] == '/' && p[1] == '*') {
            const char *close = p + 2;
            while (close + 1 < end && !(close[0] == '*' && close[1] == '/'))
                close++;
            p = close + 1 < end ? close + 2 : end;
            continue;
        }
        break;
    }
    *pp = p;
}

/* Finds the end of a block starting after '{', honouring nesting, strings
 * and comments.  Returns the position of the matching '}' (or end). */
static const char *block_end(const char *p, const char *end)
{
    int depth = 1;
    while (p < end) {
        char c = *p;
        if (c == '"' || c == '\'') {
            p++;
            while (p < end && *p != c) {
                if (*p == '\\' && p + 1 < end)
                    p++;
                p++;
            }
        } else if (c == '/' && p + 1 < end && p[1] == '*') {
            p += 2;
            while (p + 1 < end && !(p[0] == '*' && p[1] == '/'))
                p++;
            p++;
        } else if (c == '{') {
            depth++;
        } else if (c == '}') {
            if (--depth == 0)
                return p;
        }
        p++;
    }
    return end;
}

/* Copies [s, e) with comments removed and white space collapsed. */
static char *clean_text(Arena *arena, const char *s, const char *e)
{
    char *out = arena_alloc(arena, (size_t)(e - s) + 1);
    size_t n = 0;
    bool space = false;
    while (s < e) {
        if (s + 1 < e && s[0] == '/' && s[1] == '*') {
            s += 2;
            while (s + 1 < e && !(s[0] == '*' && s[1] == '/'))
                s++;
            s += 2;
            space = true;
            continue;
        }
        if (isspace((unsigned char)*s)) {
            space = true;
            s++;
            continue;
        }
        if (space && n)
            out[n++] = ' ';
        space = false;
        out[n++] = *s++;
    }
    out[n] = '\0';
    return out;
}

static int keyword_of(const char *s)
{
    static const struct {
        const char *name;
        int keyword;
    } words[] = {
        {"none", K_NONE}, {"contents", K_CONTENTS}, {"block", K_BLOCK}, {"hidden", K_HIDDEN},
        {"collapse", K_COLLAPSE}, {"visible", K_VISIBLE}, {"normal", K_NORMAL},
        {"bold", K_BOLD}, {"bolder", K_BOLDER}, {"lighter", K_LIGHTER}, {"italic", K_ITALIC},
        {"oblique", K_OBLIQUE}, {"left", K_LEFT}, {"right", K_RIGHT}, {"center", K_CENTER},
        {"justify", K_JUSTIFY}, {"start", K_START}, {"end", K_END}, {"absolute", K_ABSOLUTE},
        {"fixed", K_FIXED}, {"static", K_STATIC}, {"relative", K_RELATIVE},
        {"sticky", K_STICKY}, {"smaller", K_SMALLER}, {"larger", K_LARGER},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcasecmp(s, words[i].name))
            return words[i].keyword;
    return K_OTHER;
}

/* Parses "12px", "1.5em", "120%", "0" into a length value. */
static bool parse_length_value(const char *s, Value *v)
{
    char *end;
    double n = strtod(s, &end);
    if (end == s)
        return false;
    const char *u = end;
    v->kind = V_LENGTH;
    v->unit = U_PX;
    if (!*u) {
        v->number = n;
        return true;   /* unitless: 0, or px as browsers take it in quirks mode */
    }
    if (!strcasecmp(u, "px"))
        v->number = n;
    else if (!strcasecmp(u, "pt"))
        v->number = n * 96.0 / 72.0;
    else if (!strcasecmp(u, "pc"))
        v->number = n * 16;
    else if (!strcasecmp(u, "in"))
        v->number = n * 96;
    else if (!strcasecmp(u, "cm"))
        v->number = n * 96 / 2.54;
    else if (!strcasecmp(u, "mm"))
        v->number = n * 96 / 25.4;
    else if (!strcasecmp(u, "q"))
        v->number = n * 96 / 101.6;
    else if (!strcasecmp(u, "em")) {
        v->number = n;
        v->unit = U_EM;
    } else if (!strcasecmp(u, "rem")) {
        v->number = n;
        v->unit = U_REM;
    } else if (!strcasecmp(u, "ex")) {
        v->number = n;
        v->unit = U_EX;
    } else if (!strcasecmp(u, "ch")) {
        v->number = n;
        v->unit = U_CH;
    } else if (!strcmp(u, "%")) {
        v->number = n;
        v->unit = U_PERCENT;
    } else if (!strcasecmp(u, "vw") || !strcasecmp(u, "vh") || !strcasecmp(u, "vmin") ||
               !strcasecmp(u, "vmax")) {
        v->number = n * 1280 / 100;   /* a typical desktop viewport */
    } else
        return false;
    return true;
}

bool css_parse_length(const char *text, double em_px, double rem_px, double percent_base,
                      double *px)
{
    Value v;
    while (isspace((unsigned char)*text))
        text++;
    char buf[64];
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    if (n >= sizeof buf)
        return false;
    memcpy(buf, text, n);
    buf[n] = '\0';
    if (!parse_length_value(buf, &v))
        return false;
    switch (v.unit) {
    case U_PX: *px = v.number; break;
    case U_EM: *px = v.number * em_px; break;
    case U_REM: *px = v.number * rem_px; break;
    case U_EX: *px = v.number * em_px / 2; break;
    case U_CH: *px = v.number * em_px / 2; break;
    case U_PERCENT: *px = v.number * percent_base / 100; break;
    }
    return true;
}

/* Splits a value into top-level space-separated words (parentheses kept
 * together).  Returns the number of words written to words[]. */
static int split_words(char *s, char **words, int max)
{
    int n = 0, depth = 0;
    char *start = NULL;
    for (char *p = s;; p++) {
        char c = *p;
        bool sep = !c || (depth == 0 && (c == ' ' || c == ','));
        if (c == '(')
            depth++;
        else if (c == ')' && depth)
            depth--;
        if (sep) {
            if (start && n < max)
                words[n++] = start;
            start = NULL;
            if (!c)
                break;
            *p = '\0';
            if (c == ',' && n < max)
                words[n++] = ",";
        } else if (!start)
            start = p;
    }
    return n;
}

static bool parse_common(const char *s, Value *v)
{
    if (!strcasecmp(s, "inherit")) {
        v->kind = V_INHERIT;
        return true;
    }
    if (!strcasecmp(s, "initial") || !strcasecmp(s, "unset") || !strcasecmp(s, "revert") ||
        !strcasecmp(s, "revert-layer")) {
        /* unset acts as inherit for inherited properties: handled by caller. */
        v->kind = !strcasecmp(s, "initial") ? V_INITIAL : V_INHERIT;
        v->keyword = !strcasecmp(s, "initial") ? 0 : 1;   /* 1: unset-like */
        return true;
    }
    return false;
}

static bool parse_color_value(const char *s, Value *v)
{
    if (!strcasecmp(s, "currentcolor")) {
        v->kind = V_CURRENT_COLOR;
        return true;
    }
    if (css_parse_color(s, &v->color)) {
        v->kind = V_COLOR;
        return true;
    }
    return false;
}

/* Reads the colour stops of a gradient's argument list. */
static void parse_gradient(Arena *arena, const char *s, Value *v)
{
    v->kind = V_BACKGROUND;
    v->bg_kind = CSS_BG_GRADIENT;
    v->stops = arena_alloc(arena, CSS_MAX_STOPS * sizeof *v->stops);
    const char *open = strchr(s, '(');
    if (!open)
        return;
    char *args = arena_strndup(arena, open + 1, strlen(open + 1));
    size_t n = strlen(args);
    if (n && args[n - 1] == ')')
        args[n - 1] = '\0';
    char *words[64];
    int count = split_words(args, words, 64);
    for (int i = 0; i < count && v->stop_count < CSS_MAX_STOPS; i++) {
        CssColor c;
        if (css_parse_color(words[i], &c))
            v->stops[v->stop_count++] = c;
        else if (!strcasecmp(words[i], "currentcolor")) {
            v->bg_kind = CSS_BG_IMAGE;   /* cannot resolve here: treat as unknown */
            return;
        }
    }
    if (!v->stop_count)
        v->bg_kind = CSS_BG_IMAGE;
}

static bool parse_background_image(Arena *arena, const char *s, Value *v)
{
    if (!strcasecmp(s, "none")) {
        v->kind = V_BACKGROUND;
        v->bg_kind = CSS_BG_NONE;
        return true;
    }
    if (strcasestr(s, "gradient(") && !strcasestr(s, "url(")) {
        parse_gradient(arena, s, v);
        return true;
    }
    v->kind = V_BACKGROUND;
    v->bg_kind = CSS_BG_IMAGE;
    return true;
}

typedef struct DeclSink {
    Arena *arena;
    Declaration *items;
    int count, cap;
} DeclSink;

static void sink_add(DeclSink *sink, Prop prop, bool important, const Value *v)
{
    if (sink->count == sink->cap) {
        int cap = sink->cap ? sink->cap * 2 : 8;
        Declaration *items = arena_alloc(sink->arena, (size_t)cap * sizeof *items);
        if (sink->count)
            memcpy(items, sink->items, (size_t)sink->count * sizeof *items);
        sink->items = items;
        sink->cap = cap;
    }
    Declaration *d = &sink->items[sink->count++];
    d->prop = prop;
    d->important = important;
    d->value = *v;
}

/* Keeps a declaration whose value is text until an element gives it
 * meaning: a custom property, or a property whose value uses var(). */
static void add_custom(DeclSink *sink, Prop prop, const char *name, const char *value,
                       bool important)
{
    Value none = {0};
    sink_add(sink, prop, important, &none);
    Declaration *d = &sink->items[sink->count - 1];
    d->name = arena_strndup(sink->arena, name, strlen(name));
    d->text = arena_strndup(sink->arena, value, strlen(value));
}

/* True when value contains a var() function (any letter case). */
static bool has_var(const char *value)
{
    for (const char *p = strcasestr(value, "var("); p; p = strcasestr(p + 4, "var("))
        if (p == value || !is_ident_char((unsigned char)p[-1]))
            return true;
    return false;
}

/* The properties parse_declaration keeps, so a var() in any other is not
 * substituted for nothing on every element. */
static bool known_property(const char *prop)
{
    static const char *const names[] = {
        "color", "background-color", "background-image", "background", "opacity",
        "font-size", "font-weight", "font-style", "font", "text-align", "position",
        "display", "visibility", "width", "height", "clip", "clip-path",
        "text-decoration", "text-decoration-line", "text-shadow",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(prop, names[i]))
            return true;
    return false;
}

static bool parse_font_size(const char *s, Value *v)
{
    static const struct {
        const char *name;
        double px;
    } sizes[] = {
        {"xx-small", 9}, {"x-small", 10}, {"small", 13}, {"medium", 16}, {"large", 18},
        {"x-large", 24}, {"xx-large", 32}, {"xxx-large", 48},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (!strcasecmp(s, sizes[i].name)) {
            v->kind = V_LENGTH;
            v->unit = U_PX;
            v->number = sizes[i].px;
            return true;
        }
    if (!strcasecmp(s, "smaller") || !strcasecmp(s, "larger")) {
        v->kind = V_KEYWORD;
        v->keyword = keyword_of(s);
        return true;
    }
    return parse_length_value(s, v) && v->number >= 0;
}

static bool parse_font_weight(const char *s, Value *v)
{
    int k = keyword_of(s);
    if (k == K_NORMAL || k == K_BOLD || k == K_BOLDER || k == K_LIGHTER) {
        v->kind = V_KEYWORD;
        v->keyword = k;
        return true;
    }
    char *end;
    double n = strtod(s, &end);
    if (end == s || *end || n < 1 || n > 1000)
        return false;
    v->kind = V_NUMBER;
    v->number = n;
    return true;
}

/* Parses one "property: value" into typed declarations (shorthands
 * expand into the longhands kept here). */
static void parse_declaration(DeclSink *sink, const char *prop, char *value)
{
    bool important = false;
    char *bang = strrchr(value, '!');
    if (bang) {
        char *w = bang + 1;
        while (*w == ' ')
            w++;
        if (!strncasecmp(w, "important", 9)) {
            important = true;
            *bang = '\0';
        }
    }
    value = str_trim(value);
    if (!strncmp(prop, "--", 2) && prop[2]) {
        add_custom(sink, PROP_CUSTOM, prop, value, important);
        return;
    }
    if (!*value)
        return;
    if (has_var(value)) {
        /* Its value is only known per element, at computed-value time. */
        if (known_property(prop))
            add_custom(sink, PROP_PENDING, prop, value, important);
        return;
    }
    Value v = {0};
    Value common = {0};
    bool is_common = parse_common(value, &common);

#define SIMPLE(name, id, parser)                     \
    if (!strcasecmp(prop, name)) {                   \
        if (is_common)                               \
            sink_add(sink, id, important, &common);  \
        else if (parser)                             \
            sink_add(sink, id, important, &v);       \
        return;                                      \
    }

    SIMPLE("color", PROP_COLOR, parse_color_value(value, &v));
    SIMPLE("background-color", PROP_BACKGROUND_COLOR, parse_color_value(value, &v));
    SIMPLE("background-image", PROP_BACKGROUND_IMAGE,
           parse_background_image(sink->arena, value, &v));
    SIMPLE("opacity", PROP_OPACITY, (v.kind = V_NUMBER, v.number = strtod(value, NULL) *
                                     (strchr(value, '%') ? 0.01 : 1), true));
    SIMPLE("font-size", PROP_FONT_SIZE, parse_font_size(value, &v));
    SIMPLE("font-weight", PROP_FONT_WEIGHT, parse_font_weight(value, &v));
    SIMPLE("font-style", PROP_FONT_STYLE, (v.kind = V_KEYWORD, v.keyword = keyword_of(value),
                                           true));
    SIMPLE("text-align", PROP_TEXT_ALIGN, (v.kind = V_KEYWORD, v.keyword = keyword_of(value),
                                           true));
    SIMPLE("position", PROP_POSITION, (v.kind = V_KEYWORD, v.keyword = keyword_of(value),
                                       true));
    SIMPLE("display", PROP_DISPLAY, (v.kind = V_KEYWORD, v.keyword = keyword_of(value), true));
    SIMPLE("visibility", PROP_VISIBILITY, (v.kind = V_KEYWORD,
                                           v.keyword = keyword_of(value), true));
    SIMPLE("width", PROP_WIDTH, parse_length_value(value, &v));
    SIMPLE("height", PROP_HEIGHT, parse_length_value(value, &v));
    if (!strcasecmp(prop, "clip") || !strcasecmp(prop, "clip-path")) {
        /* rect(0 0 0 0), rect(1px, 1px, 1px, 1px), inset(50%): the usual
         * "visually hidden" patterns. */
        v.kind = V_KEYWORD;
        v.keyword = (strcasestr(value, "rect(") &&
                     (strstr(value, "0") || strstr(value, "1px"))) ||
                    strcasestr(value, "inset(50%") ? K_RECT_SMALL : K_OTHER;
        sink_add(sink, PROP_CLIP, important, is_common ? &common : &v);
        return;
    }
    if (!strcasecmp(prop, "text-decoration") || !strcasecmp(prop, "text-decoration-line")) {
        if (is_common) {
            sink_add(sink, PROP_TEXT_DECORATION, important, &common);
            return;
        }
        v.kind = V_NUMBER;
        v.number = (strcasestr(value, "underline") ? CSS_DECORATION_UNDERLINE : 0) |
                   (strcasestr(value, "overline") ? CSS_DECORATION_OVERLINE : 0) |
                   (strcasestr(value, "line-through") ? CSS_DECORATION_LINE_THROUGH : 0);
        sink_add(sink, PROP_TEXT_DECORATION, important, &v);
        return;
    }
    if (!strcasecmp(prop, "text-shadow")) {
        if (is_common) {
            sink_add(sink, PROP_TEXT_SHADOW, important, &common);
            return;
        }
        v.kind = V_SHADOW;
        if (!strcasecmp(value, "none")) {
            v.keyword = K_NONE;
        } else {
            char *copy = arena_strndup(sink->arena, value, strlen(value));
            char *words[32];
            int n = split_words(copy, words, 32);
            v.keyword = K_OTHER;
            v.color = (CssColor){0, 0, 0, -1};   /* -1: currentColor */
            for (int i = 0; i < n && strcmp(words[i], ","); i++)
                if (css_parse_color(words[i], &v.color))
                    break;
        }
        sink_add(sink, PROP_TEXT_SHADOW, important, &v);
        return;
    }
    if (!strcasecmp(prop, "background")) {
        if (is_common) {
            sink_add(sink, PROP_BACKGROUND_COLOR, important, &common);
            sink_add(sink, PROP_BACKGROUND_IMAGE, important, &common);
            return;
        }
        /* The colour is in the last layer; any url() or gradient is an image. */
        Value color = {.kind = V_COLOR, .color = {0, 0, 0, 0}};
        Value image = {.kind = V_BACKGROUND, .bg_kind = CSS_BG_NONE};
        char *copy = arena_strndup(sink->arena, value, strlen(value));
        char *words[64];
        int n = split_words(copy, words, 64);
        for (int i = 0; i < n; i++) {
            Value c;
            if (strcasestr(words[i], "url(") || strcasestr(words[i], "image(") ||
                strcasestr(words[i], "image-set(")) {
                image.bg_kind = CSS_BG_IMAGE;
            } else if (strcasestr(words[i], "gradient(")) {
                if (image.bg_kind == CSS_BG_NONE)
                    parse_gradient(sink->arena, words[i], &image);
                else
                    image.bg_kind = CSS_BG_IMAGE;
            } else if (parse_color_value(words[i], &c)) {
                color = c;
            }
        }
        sink_add(sink, PROP_BACKGROUND_COLOR, important, &color);
        sink_add(sink, PROP_BACKGROUND_IMAGE, important, &image);
        return;
    }
    if (!strcasecmp(prop, "font")) {
        if (is_common) {
            sink_add(sink, PROP_FONT_SIZE, important, &common);
            sink_add(sink, PROP_FONT_WEIGHT, important, &common);
            sink_add(sink, PROP_FONT_STYLE, important, &common);
            return;
        }
        /* [style] [variant] [weight] size[/line-height] family */
        char *copy = arena_strndup(sink->arena, value, strlen(value));
        char *words[32];
        int n = split_words(copy, words, 32);
        Value style = {.kind = V_KEYWORD, .keyword = K_NORMAL};
        Value weight = {.kind = V_KEYWORD, .keyword = K_NORMAL};
        for (int i = 0; i < n; i++) {
            char *slash = strchr(words[i], '/');
            if (slash)
                *slash = '\0';
            Value size;
            int k = keyword_of(words[i]);
            if (k == K_ITALIC || k == K_OBLIQUE)
                style.keyword = k;
            else if (parse_font_weight(words[i], &v) && !(v.kind == V_NUMBER && slash))
                weight = v;
            else if (parse_font_size(words[i], &size)) {
                sink_add(sink, PROP_FONT_SIZE, important, &size);
                sink_add(sink, PROP_FONT_WEIGHT, important, &weight);
                sink_add(sink, PROP_FONT_STYLE, important, &style);
                return;
            }
        }
        return;
    }
#undef SIMPLE
}

/* Parses a declaration list ("a: b; c: d") from [s, e). */
static void parse_declarations(DeclSink *sink, const char *s, const char *e)
{
    char *text = clean_text(sink->arena, s, e);
    char *p = text;
    while (*p) {
        /* Find the end of this declaration: ';' outside parentheses/strings. */
        char *start = p;
        int depth = 0;
        char quote = 0;
        while (*p) {
            if (quote) {
                if (*p == '\\' && p[1])
                    p++;
                else if (*p == quote)
                    quote = 0;
            } else if (*p == '"' || *p == '\'')
                quote = *p;
            else if (*p == '(')
                depth++;
            else if (*p == ')' && depth)
                depth--;
            else if (*p == ';' && !depth)
                break;
            p++;
        }
        char *decl_end = p;
        if (*p)
            p++;
        *decl_end = '\0';
        char *colon = strchr(start, ':');
        if (!colon)
            continue;
        *colon = '\0';
        char *name = str_trim(start);
        /* Custom property names are case-sensitive; all others are not. */
        for (char *c = name; *c && strncmp(name, "--", 2); c++)
            *c = (char)tolower((unsigned char)*c);
        parse_declaration(sink, name, colon + 1);
    }
}

/* -- selectors -- */

static const char *read_ident(Parser *ps, const char **pp, const char *end)
{
    const char *p = *pp, *s = p;
    while (p < end && is_ident_char((unsigned char)*p)) {
        if (*p == '\\' && p + 1 < end)
            p++;
        p++;
    }
    *pp = p;
    if (p == s)
        return NULL;
    /* Drop escapes: ".a\:b" names class "a:b". */
    char *out = arena_alloc(&ps->sheet->arena, (size_t)(p - s) + 1);
    size_t n = 0;
    for (const char *c = s; c < p; c++) {
        if (*c == '\\' && c + 1 < p)
            c++;
        out[n++] = *c;
    }
    out[n] = '\0';
    return out;
}

static Complex *parse_complex(Parser *ps, const char **pp, const char *end);

/* Reads a comma-separated selector list up to end (for :not()). */
static int parse_selector_args(Parser *ps, const char *s, const char *e, Complex ***out)
{
    Complex **items = arena_alloc(&ps->sheet->arena, 16 * sizeof *items);
    int n = 0;
    const char *p = s;
    while (p < e && n < 16) {
        const char *comma = p;
        int depth = 0;
        while (comma < e && (depth || *comma != ',')) {
            if (*comma == '(')
                depth++;
            else if (*comma == ')')
                depth--;
            comma++;
        }
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

/* Parses one compound selector; returns false on syntax we do not know,
 * which makes the whole rule be ignored (as a browser would). */
static bool parse_compound(Parser *ps, const char **pp, const char *end, Compound *c,
                           unsigned *specificity)
{
    Arena *arena = &ps->sheet->arena;
    const char *p = *pp;
    const char *classes[32];
    AttrSelector attrs[16];
    Pseudo pseudos[16];
    int nc = 0, na = 0, np = 0;
    bool any = false;
    if (p < end && *p == '*') {
        p++;
        any = true;
    } else if (p < end && is_ident_char((unsigned char)*p)) {
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
            if (!cls || nc == 32)
                return false;
            classes[nc++] = cls;
            *specificity += 1 << 8;
        } else if (*p == '[') {
            const char *close = memchr(p, ']', (size_t)(end - p));
            if (!close || na == 16)
                return false;
            p++;
            skip_ws(&p, close);
            AttrSelector *a = &attrs[na++];
            memset(a, 0, sizeof *a);
            const char *name = read_ident(ps, &p, close);
            if (!name)
                return false;
            for (char *t = (char *)name; *t; t++)
                *t = (char)tolower((unsigned char)*t);
            a->name = name;
            skip_ws(&p, close);
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
                skip_ws(&p, close);
                if (p < close && (*p == '"' || *p == '\'')) {
                    char q = *p++;
                    const char *vs = p;
                    while (p < close && *p != q)
                        p++;
                    a->value = arena_strndup(arena, vs, (size_t)(p - vs));
                    if (p < close)
                        p++;
                } else {
                    a->value = read_ident(ps, &p, close);
                    if (!a->value)
                        a->value = "";
                }
                skip_ws(&p, close);
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
            if (!name || np == 16)
                return false;
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
        c->classes = arena_alloc(arena, (size_t)nc * sizeof *c->classes);
        memcpy(c->classes, classes, (size_t)nc * sizeof *classes);
        c->class_count = nc;
    }
    if (na) {
        c->attrs = arena_alloc(arena, (size_t)na * sizeof *c->attrs);
        memcpy(c->attrs, attrs, (size_t)na * sizeof *attrs);
        c->attr_count = na;
    }
    if (np) {
        c->pseudos = arena_alloc(arena, (size_t)np * sizeof *c->pseudos);
        memcpy(c->pseudos, pseudos, (size_t)np * sizeof *pseudos);
        c->pseudo_count = np;
    }
    for (int i = 0; c->id && i < np; i++)
        if (pseudos[i].kind == PSEUDO_CHECKED) {
            CheckedId *k = arena_alloc(arena, sizeof *k);
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
    Compound parts[32];
    int n = 0;
    unsigned specificity = 0;
    const char *p = *pp;
    skip_ws(&p, end);
    char combinator = 0;
    while (p < end) {
        if (n == 32)
            return NULL;
        memset(&parts[n], 0, sizeof parts[n]);
        parts[n].combinator = n ? combinator : 0;
        if (!parse_compound(ps, &p, end, &parts[n], &specificity))
            return NULL;
        n++;
        const char *before = p;
        skip_ws(&p, end);
        if (p >= end)
            break;
        if (*p == '>' || *p == '+' || *p == '~') {
            combinator = *p++;
            skip_ws(&p, end);
        } else if (p > before) {
            combinator = ' ';
        } else
            return NULL;
    }
    if (!n)
        return NULL;
    Complex *c = arena_alloc(&ps->sheet->arena, sizeof *c);
    c->parts = arena_alloc(&ps->sheet->arena, (size_t)n * sizeof *c->parts);
    memcpy(c->parts, parts, (size_t)n * sizeof *parts);
    c->count = n;
    c->specificity = specificity;
    set_ancestor_keys(c);
    *pp = p;
    return c;
}

static void add_rule(Parser *ps, Complex *selector, const DeclBlock *block)
{
    CssStylesheet *sheet = ps->sheet;
    CssRuleEntry *r = arena_alloc(&sheet->arena, sizeof *r);
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
        CssSourceRule *grown = arena_alloc(arena, cap * sizeof *grown);
        if (sheet->source_count)
            memcpy(grown, sheet->source, sheet->source_count * sizeof *grown);
        sheet->source = grown;
        sheet->source_cap = cap;
    }
    CssSourceRule *r = &sheet->source[sheet->source_count++];
    r->selector = clean_text(arena, selector, open);
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
        char *name = clean_text(arena, start, colon);
        if (!*name)
            continue;
        if (strncmp(name, "--", 2))
            for (char *c = name; *c; c++)
                *c = (char)tolower((unsigned char)*c);
        char *value = clean_text(arena, colon + 1, decl_end);
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
            CssSourceDecl *grown = arena_alloc(arena, cap * sizeof *grown);
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
    while (p < end && is_ident_char((unsigned char)*p))
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
    const char *close = block_end(body, end);
    *pp = close < end ? close + 1 : end;
    if (ps->depth >= PARSE_MAX_DEPTH)
        return;
    ps->depth++;
    if (name_len == 5 && !strncasecmp(name_start, "media", 5)) {
        char *prelude = clean_text(&ps->sheet->arena, prelude_start, p);
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
        skip_ws(&p, end);
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
        const char *close = block_end(open + 1, end);
        if (ps->record)
            record_rule(ps, p, open, close);
        DeclSink sink = {.arena = &ps->sheet->arena};
        if (!(ps->media & CSS_MEDIA_NOT_SCREEN))
            parse_declarations(&sink, open + 1, close);
        if (sink.count) {
            DeclBlock *block = arena_alloc(&ps->sheet->arena, sizeof *block);
            block->items = sink.items;
            block->count = sink.count;
            /* Each selector of a list becomes its own rule; an invalid one
             * drops the whole list, as CSS says. */
            Complex *list[64];
            int n = 0;
            bool ok = true;
            const char *s = p;
            while (s < open && ok) {
                const char *comma = s;
                int depth = 0;
                while (comma < open && (depth || *comma != ',')) {
                    if (*comma == '(')
                        depth++;
                    else if (*comma == ')')
                        depth--;
                    comma++;
                }
                const char *q = s;
                char *text = clean_text(&ps->sheet->arena, q, comma);
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
    arena_free(&sheet->arena);
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

/* ---- Browser defaults ---- */

static const char user_agent_css[] =
    "head, script, style, template, title, meta, link, base, noscript, datalist,"
    " area, map, param, source, track, [hidden] { display: none }"
    "html { color: black; font-size: 16px; font-weight: 400 }"
    "a:link { color: #0000ee; text-decoration: underline }"
    "h1 { font-size: 2em; font-weight: bold }"
    "h2 { font-size: 1.5em; font-weight: bold }"
    "h3 { font-size: 1.17em; font-weight: bold }"
    "h4 { font-size: 1em; font-weight: bold }"
    "h5 { font-size: .83em; font-weight: bold }"
    "h6 { font-size: .67em; font-weight: bold }"
    "b, strong, th { font-weight: bold }"
    "i, em, cite, var, dfn, address { font-style: italic }"
    "u, ins { text-decoration: underline }"
    "s, strike, del { text-decoration: line-through }"
    "small { font-size: smaller } big { font-size: larger }"
    "sub, sup { font-size: smaller }"
    "code, kbd, samp, pre, tt { font-size: 13px }"
    "center, th { text-align: center }"
    "button, select, input, textarea { color: black; font-size: 13.333px }"
    "button, input[type=button], input[type=submit], input[type=reset]"
    " { background-color: #efefef }"
    "input, textarea, select { background-color: white }"
    "mark { background-color: yellow; color: black }"
    "dialog:not([open]), details:not([open]) > :not(summary) { display: none }"
    "input[type=hidden] { display: none }";

static pthread_once_t ua_once = PTHREAD_ONCE_INIT;
static CssStylesheet *ua_sheet;

static void parse_user_agent_sheet(void)
{
    ua_sheet = css_stylesheet_parse(user_agent_css, sizeof user_agent_css - 1);
}

/* ---- Matching ---- */

/* An attribute's text without copying it (matching runs for every
 * element and rule, so it must not allocate); NULL when absent. */
static const char *raw_attr(xmlNodePtr el, const char *name)
{
    for (xmlAttrPtr a = el->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, name))
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

static bool has_class(xmlNodePtr el, const char *cls)
{
    const char *attr = raw_attr(el, "class");
    if (!attr)
        return false;
    bool found = false;
    size_t n = strlen(cls);
    for (const char *p = (const char *)attr; *p && !found;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        const char *s = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        found = (size_t)(p - s) == n && !memcmp(s, cls, n);
    }
    return found;
}

static bool is_element(xmlNodePtr n)
{
    return n && n->type == XML_ELEMENT_NODE;
}

static xmlNodePtr prev_element(xmlNodePtr n)
{
    for (n = n->prev; n; n = n->prev)
        if (is_element(n))
            return n;
    return NULL;
}

static xmlNodePtr next_element(xmlNodePtr n)
{
    for (n = n->next; n; n = n->next)
        if (is_element(n))
            return n;
    return NULL;
}

static xmlNodePtr parent_element(xmlNodePtr n)
{
    return is_element(n->parent) ? n->parent : NULL;
}

static bool attr_matches(xmlNodePtr el, const AttrSelector *a)
{
    const char *raw = raw_attr(el, a->name);
    if (!raw)
        return false;
    const char *v = (const char *)raw, *want = a->value;
    bool ok = false;
    size_t wn = want ? strlen(want) : 0, vn = strlen(v);
    int (*cmp)(const char *, const char *, size_t) = a->icase ? strncasecmp : strncmp;
    switch (a->op) {
    case ATTR_EXISTS: ok = true; break;
    case ATTR_EQUALS: ok = vn == wn && !cmp(v, want, wn); break;
    case ATTR_PREFIX: ok = wn && vn >= wn && !cmp(v, want, wn); break;
    case ATTR_SUFFIX: ok = wn && vn >= wn && !cmp(v + vn - wn, want, wn); break;
    case ATTR_DASH: ok = (vn == wn || (vn > wn && v[wn] == '-')) && !cmp(v, want, wn); break;
    case ATTR_SUBSTRING:
        for (size_t i = 0; wn && i + wn <= vn && !ok; i++)
            ok = !cmp(v + i, want, wn);
        break;
    case ATTR_WORD:
        for (const char *p = v; *p && !ok;) {
            while (*p && isspace((unsigned char)*p))
                p++;
            const char *s = p;
            while (*p && !isspace((unsigned char)*p))
                p++;
            ok = wn && (size_t)(p - s) == wn && !cmp(s, want, wn);
        }
        break;
    }
    return ok;
}

static bool complex_matches(const Complex *c, int last, xmlNodePtr el);

static bool is_checked(xmlNodePtr el)
{
    if (!strcmp((const char *)el->name, "option"))
        return raw_attr(el, "selected") != NULL;
    const char *type = raw_attr(el, "type");
    return !strcmp((const char *)el->name, "input") && type &&
           (!strcasecmp(type, "checkbox") || !strcasecmp(type, "radio")) &&
           raw_attr(el, "checked") != NULL;
}

/* :has() is understood on the root element only, where a settings panel
 * that needs no script switches schemes (html:has(#dark:checked)): there
 * it costs one walk of the page per rule.  On other elements, where it
 * would cost a walk of the subtree per element, it never matches. */
static bool root_has(xmlNodePtr el, const Pseudo *p)
{
    if (parent_element(el))
        return false;
    for (xmlNodePtr n = el->children; n && n != el;) {
        if (n->type == XML_ELEMENT_NODE) {
            for (int j = 0; j < p->arg_count; j++)
                if (complex_matches(p->args[j], p->args[j]->count - 1, n))
                    return true;
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n != el && !n->next)
            n = n->parent;
        if (n != el)
            n = n->next;
    }
    return false;
}

static bool compound_matches(const Compound *c, xmlNodePtr el)
{
    if (c->tag && strcmp((const char *)el->name, c->tag))
        return false;
    if (c->id) {
        const char *id = raw_attr(el, "id");
        bool ok = id && !strcmp(id, c->id);
        if (!ok)
            return false;
    }
    for (int i = 0; i < c->class_count; i++)
        if (!has_class(el, c->classes[i]))
            return false;
    for (int i = 0; i < c->attr_count; i++)
        if (!attr_matches(el, &c->attrs[i]))
            return false;
    for (int i = 0; i < c->pseudo_count; i++) {
        const Pseudo *p = &c->pseudos[i];
        switch (p->kind) {
        case PSEUDO_ROOT:
            if (parent_element(el))
                return false;
            break;
        case PSEUDO_FIRST_CHILD:
            if (prev_element(el))
                return false;
            break;
        case PSEUDO_LAST_CHILD:
            if (next_element(el))
                return false;
            break;
        case PSEUDO_ONLY_CHILD:
            if (prev_element(el) || next_element(el))
                return false;
            break;
        case PSEUDO_LINK:
            if ((strcmp((const char *)el->name, "a") && strcmp((const char *)el->name, "area")) ||
                !xmlHasProp(el, (const xmlChar *)"href"))
                return false;
            break;
        case PSEUDO_EMPTY:
            for (xmlNodePtr k = el->children; k; k = k->next)
                if (k->type == XML_ELEMENT_NODE || (k->type == XML_TEXT_NODE && k->content &&
                                                    *k->content))
                    return false;
            break;
        case PSEUDO_NEVER:
            return false;
        case PSEUDO_CHECKED:
            if (!is_checked(el))
                return false;
            break;
        case PSEUDO_HAS:
            if (!root_has(el, p))
                return false;
            break;
        case PSEUDO_NOT:
            for (int j = 0; j < p->arg_count; j++)
                if (complex_matches(p->args[j], p->args[j]->count - 1, el))
                    return false;
            break;
        case PSEUDO_IS: {
            bool any = false;
            for (int j = 0; j < p->arg_count && !any; j++)
                any = complex_matches(p->args[j], p->args[j]->count - 1, el);
            if (!any)
                return false;
            break;
        }
        }
    }
    return true;
}

/* ---- Match memo ----
 *
 * "div p" tried on an element walks its ancestors until one is a div, and
 * "h2 ~ p" walks its earlier siblings.  On a page nested a hundred
 * thousand deep (or as wide) that is a walk per element, quadratic in
 * all.  Whether some node on such a chain matches the left part is the
 * same answer for every node the walk passes, so the answers are kept per
 * (node, selector, part) while one document is styled: each walk stops at
 * the first node whose answer is known. */

typedef struct MemoSlot {
    const void *node;      /* NULL: empty */
    const Complex *c;
    int key;               /* part index * 2 + (1 for sibling chains) */
    bool result;
} MemoSlot;

typedef struct MatchMemo {
    MemoSlot *slots;
    size_t size, used;
} MatchMemo;

/* A page with pathological selectors stops being remembered past this,
 * and is matched the slow way: the answers stay right. */
#define MEMO_MAX_ENTRIES (1u << 20)

static _Thread_local MatchMemo *match_memo;

static size_t memo_hash(const void *node, const Complex *c, int key)
{
    return hash_pointer(node) ^ (hash_pointer(c) * 31) ^ ((size_t)key * 0x9e3779b97f4a7c15ULL);
}

static int memo_get(const void *node, const Complex *c, int key)
{
    const MatchMemo *m = match_memo;
    if (!m || !m->size)
        return -1;
    size_t mask = m->size - 1;
    for (size_t i = memo_hash(node, c, key) & mask;; i = (i + 1) & mask) {
        const MemoSlot *s = &m->slots[i];
        if (!s->node)
            return -1;
        if (s->node == node && s->c == c && s->key == key)
            return s->result;
    }
}

static void memo_put(const void *node, const Complex *c, int key, bool result)
{
    MatchMemo *m = match_memo;
    if (!m || m->used >= MEMO_MAX_ENTRIES)
        return;
    if ((m->used + 1) * 2 > m->size) {
        MatchMemo grown = {.size = m->size ? m->size * 2 : 1024};
        grown.slots = xcalloc(grown.size, sizeof *grown.slots);
        for (size_t i = 0; i < m->size; i++) {
            const MemoSlot *s = &m->slots[i];
            if (!s->node)
                continue;
            size_t mask = grown.size - 1, j = memo_hash(s->node, s->c, s->key) & mask;
            while (grown.slots[j].node)
                j = (j + 1) & mask;
            grown.slots[j] = *s;
        }
        free(m->slots);
        m->slots = grown.slots;
        m->size = grown.size;
    }
    size_t mask = m->size - 1;
    for (size_t i = memo_hash(node, c, key) & mask;; i = (i + 1) & mask) {
        MemoSlot *s = &m->slots[i];
        if (!s->node) {
            *s = (MemoSlot){node, c, key, result};
            m->used++;
            return;
        }
        if (s->node == node && s->c == c && s->key == key)
            return;
    }
}

static xmlNodePtr chain_next(xmlNodePtr n, bool siblings)
{
    return siblings ? prev_element(n) : parent_element(n);
}

/* True when start, or a node after it on its chain (ancestors, or earlier
 * siblings), matches parts [0..last] of c. */
static bool chain_matches(const Complex *c, int last, xmlNodePtr start, bool siblings)
{
    int key = last * 2 + siblings;
    bool result = false;
    xmlNodePtr stop = NULL;   /* the first node whose answer was not learnt here */
    for (xmlNodePtr n = start; n; n = chain_next(n, siblings)) {
        int known = memo_get(n, c, key);
        if (known >= 0) {
            result = known;
            stop = n;
            break;
        }
        if (complex_matches(c, last, n)) {
            result = true;
            stop = chain_next(n, siblings);
            break;
        }
    }
    for (xmlNodePtr n = start; n && n != stop; n = chain_next(n, siblings))
        memo_put(n, c, key, result);
    return result;
}

/* Matches parts [0..last] of c with part `last` on el, right to left. */
static bool complex_matches(const Complex *c, int last, xmlNodePtr el)
{
    if (!compound_matches(&c->parts[last], el))
        return false;
    if (last == 0)
        return true;
    switch (c->parts[last].combinator) {
    case '>': {
        xmlNodePtr parent = parent_element(el);
        return parent && complex_matches(c, last - 1, parent);
    }
    case '+': {
        xmlNodePtr prev = prev_element(el);
        return prev && complex_matches(c, last - 1, prev);
    }
    case '~': {
        xmlNodePtr prev = prev_element(el);
        return prev && chain_matches(c, last - 1, prev, true);
    }
    default: {
        xmlNodePtr parent = parent_element(el);
        return parent && chain_matches(c, last - 1, parent, false);
    }
    }
}

/* ---- Custom properties (CSS Custom Properties Level 1) ----
 *
 * An element's custom properties are computed like any inherited
 * property: its parent's, with its own winning declarations on top.  A
 * computed value has every var() already substituted, so a property using
 * var() needs only one lookup per reference.  The map is shared with the
 * parent when an element declares none, so a page costs one map per rule
 * that sets custom properties, not one per element. */

/* Limits that keep hostile stylesheets from costing more than a page's
 * worth of work: a value that grows past VAR_MAX_LEN by substitution (each
 * var() doubling it, say) or whose fallbacks nest deeper than
 * VAR_MAX_DEPTH is invalid at computed-value time, as browsers also cap
 * them; names past VAR_MAX_NAMES on one element are ignored. */
#define VAR_MAX_LEN 65536
#define VAR_MAX_DEPTH 32
#define VAR_MAX_NAMES 1024

typedef struct VarEntry {
    const char *name;
    const char *value;   /* var()-free; never the guaranteed-invalid value */
} VarEntry;

typedef struct VarMap {
    int count;
    VarEntry items[];
} VarMap;

static const char *varmap_get(const VarMap *m, const char *name, size_t len)
{
    for (int i = 0; m && i < m->count; i++)
        if (!strncmp(m->items[i].name, name, len) && m->items[i].name[len] == '\0')
            return m->items[i].value;
    return NULL;
}

/* One custom property declared on the element being computed. */
typedef struct OwnVar {
    const char *name;
    const char *text;     /* as declared; NULL: the guaranteed-invalid value */
    bool inherit;         /* inherit/unset: the parent's value */
    int state;            /* 0 unresolved, 1 being resolved, 2 done */
    bool in_cycle;
    const char *result;   /* computed; NULL: guaranteed-invalid */
} OwnVar;

typedef struct Resolver {
    Arena *arena;          /* where computed values live */
    const VarMap *parent;  /* the inherited values (or, for a property
                              that is not custom, the element's own) */
    OwnVar *own;
    int own_count;
    int *stack;            /* own indices being resolved, for cycles */
    int depth;
} Resolver;

static const char *resolve_own(Resolver *r, int i);

static const char *lookup_var(Resolver *r, const char *name, size_t len)
{
    for (int i = r->own_count - 1; i >= 0; i--)
        if (!strncmp(r->own[i].name, name, len) && r->own[i].name[len] == '\0')
            return resolve_own(r, i);
    return varmap_get(r->parent, name, len);
}

/* The offset of the ')' closing the '(' before from, or len; skips
 * strings and nested brackets. */
static size_t closing_paren(const char *s, size_t from, size_t len, size_t *comma)
{
    int depth = 0;
    char quote = 0;
    *comma = 0;
    for (size_t i = from; i < len; i++) {
        char c = s[i];
        if (quote) {
            if (c == '\\' && i + 1 < len)
                i++;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'')
            quote = c;
        else if (c == '(')
            depth++;
        else if (c == ')') {
            if (depth-- == 0)
                return i;
        } else if (c == ',' && depth == 0 && !*comma)
            *comma = i;
    }
    return len;
}

/* Appends s[0, len) to out with each var() replaced by its value or its
 * fallback.  False when the value is invalid at computed-value time: a
 * reference to a guaranteed-invalid property with no fallback, bad
 * var() syntax, or a value past the limits. */
static bool substitute(Resolver *r, const char *s, size_t len, StrBuf *out, int depth)
{
    if (depth > VAR_MAX_DEPTH)
        return false;
    size_t i = 0;
    while (i < len) {
        const char *v = NULL;
        for (size_t k = i; k + 4 <= len; k++)
            if (!strncasecmp(s + k, "var(", 4) && (k == 0 || !is_ident_char((unsigned char)s[k - 1]))) {
                v = s + k;
                break;
            }
        if (!v) {
            sb_append_len(out, s + i, len - i);
            break;
        }
        sb_append_len(out, s + i, (size_t)(v - (s + i)));
        size_t open = (size_t)(v - s) + 4, comma;
        size_t close = closing_paren(s, open, len, &comma);
        if (close >= len)
            return false;
        size_t name_end = comma ? comma : close;
        size_t a = open, b = name_end;
        while (a < b && isspace((unsigned char)s[a]))
            a++;
        while (b > a && isspace((unsigned char)s[b - 1]))
            b--;
        if (b - a < 3 || strncmp(s + a, "--", 2))
            return false;
        const char *value = lookup_var(r, s + a, b - a);
        if (value)
            sb_append(out, value);
        else {
            if (!comma)
                return false;
            size_t f = comma + 1, g = close;   /* the fallback, trimmed */
            while (f < g && isspace((unsigned char)s[f]))
                f++;
            while (g > f && isspace((unsigned char)s[g - 1]))
                g--;
            if (!substitute(r, s + f, g - f, out, depth + 1))
                return false;
        }
        if (out->len > VAR_MAX_LEN)
            return false;
        i = close + 1;
    }
    return out->len <= VAR_MAX_LEN;
}

/* Computes one of the element's own custom properties.  A property met
 * again while it is being computed closes a cycle: every property on the
 * cycle is invalid at computed-value time (guaranteed-invalid). */
static const char *resolve_own(Resolver *r, int i)
{
    OwnVar *o = &r->own[i];
    if (o->state == 2)
        return o->result;
    if (o->state == 1) {
        for (int k = r->depth - 1; k >= 0; k--) {
            r->own[r->stack[k]].in_cycle = true;
            if (r->stack[k] == i)
                break;
        }
        return NULL;
    }
    if (o->inherit) {
        o->state = 2;
        o->result = varmap_get(r->parent, o->name, strlen(o->name));
        return o->result;
    }
    if (!o->text || !has_var(o->text) || r->depth >= VAR_MAX_DEPTH * 2) {
        o->state = 2;
        o->result = o->text && r->depth < VAR_MAX_DEPTH * 8 ? o->text : NULL;
        return o->result;
    }
    o->state = 1;
    r->stack[r->depth++] = i;
    StrBuf sb;
    sb_init(&sb);
    bool ok = substitute(r, o->text, strlen(o->text), &sb, 0);
    r->depth--;
    o->state = 2;
    o->result = ok && !o->in_cycle ? arena_strndup(r->arena, sb.data ? sb.data : "", sb.len)
                                   : NULL;
    sb_free(&sb);
    return o->result;
}

/* The map of an element that declares own[] (in cascade order, later
 * winning) and inherits parent.  Returns parent itself when nothing
 * changes. */
static const VarMap *compute_vars(Arena *arena, const VarMap *parent, OwnVar *own, int n)
{
    if (!n)
        return parent;
    int *stack = xmalloc((size_t)n * sizeof *stack);
    Resolver r = {.arena = arena, .parent = parent, .own = own, .own_count = n, .stack = stack};
    for (int i = 0; i < n; i++)
        resolve_own(&r, i);
    free(stack);
    int parent_count = parent ? parent->count : 0;
    VarMap *m = arena_alloc(arena, sizeof *m + (size_t)(parent_count + n) * sizeof *m->items);
    for (int i = 0; i < parent_count; i++)
        m->items[m->count++] = parent->items[i];
    for (int i = 0; i < n; i++) {
        bool later = false;   /* a later declaration of the name wins */
        for (int k = i + 1; k < n && !later; k++)
            later = !strcmp(own[k].name, own[i].name);
        if (later)
            continue;
        int at = -1;
        for (int k = 0; k < m->count && at < 0; k++)
            if (!strcmp(m->items[k].name, own[i].name))
                at = k;
        if (!own[i].result) {
            if (at >= 0)
                m->items[at] = m->items[--m->count];
        } else if (at >= 0) {
            m->items[at].value = own[i].result;
        } else if (m->count < VAR_MAX_NAMES) {
            m->items[m->count++] = (VarEntry){own[i].name, own[i].result};
        }
    }
    return m;
}

/* Reads a custom property declaration's value into own: the CSS-wide
 * keywords decide here (custom properties inherit, so unset and revert
 * mean inherit; initial is the guaranteed-invalid value). */
static OwnVar own_var(const Declaration *d)
{
    OwnVar o = {.name = d->name, .text = d->text};
    if (!strcasecmp(d->text, "initial"))
        o.text = NULL;
    else if (!strcasecmp(d->text, "inherit") || !strcasecmp(d->text, "unset") ||
             !strcasecmp(d->text, "revert") || !strcasecmp(d->text, "revert-layer"))
        o.inherit = true;
    return o;
}

/* value with var() substituted from m, as a new string; NULL when it is
 * invalid at computed-value time. */
static char *substitute_value(const VarMap *m, const char *value)
{
    Resolver r = {.parent = m};
    StrBuf sb;
    sb_init(&sb);
    if (!substitute(&r, value, strlen(value), &sb, 0)) {
        sb_free(&sb);
        return NULL;
    }
    return sb.data ? sb_take(&sb) : xstrdup("");
}

/* ---- The same engine for checks of a stylesheet alone ---- */

struct CssVars {
    Arena arena;
    const VarMap *map;
};

CssVars *css_vars_declare(const CssVars *parent, const char *const *names,
                          const char *const *values, size_t count)
{
    CssVars *v = xcalloc(1, sizeof *v);
    OwnVar *own = xcalloc(count ? count : 1, sizeof *own);
    int n = 0;
    for (size_t i = 0; i < count && n < VAR_MAX_NAMES; i++) {
        if (strncmp(names[i], "--", 2))
            continue;
        Declaration d = {.name = arena_strndup(&v->arena, names[i], strlen(names[i])),
                         .text = arena_strndup(&v->arena, values[i], strlen(values[i]))};
        own[n++] = own_var(&d);
    }
    const VarMap *base = parent ? parent->map : NULL;
    const VarMap *m = compute_vars(&v->arena, base, own, n);
    if (m && m == base) {
        /* Own a copy: the parent may be freed first. */
        VarMap *copy = arena_alloc(&v->arena, sizeof *copy + (size_t)m->count * sizeof *copy->items);
        copy->count = m->count;
        memcpy(copy->items, m->items, (size_t)m->count * sizeof *m->items);
        m = copy;
    }
    /* Values may point into parent's arena: copy them all. */
    if (m)
        for (int i = 0; i < m->count; i++) {
            VarEntry *e = (VarEntry *)&m->items[i];
            e->name = arena_strndup(&v->arena, e->name, strlen(e->name));
            e->value = arena_strndup(&v->arena, e->value, strlen(e->value));
        }
    v->map = m;
    free(own);
    return v;
}

void css_vars_free(CssVars *vars)
{
    if (!vars)
        return;
    arena_free(&vars->arena);
    free(vars);
}

const char *css_vars_get(const CssVars *vars, const char *name)
{
    return vars ? varmap_get(vars->map, name, strlen(name)) : NULL;
}

char *css_vars_substitute(const CssVars *vars, const char *value)
{
    return substitute_value(vars ? vars->map : NULL, value);
}

/* ---- Cascade ---- */

typedef struct Match {
    const CssRuleEntry *rule;
    unsigned origin;       /* 0 browser, 1 author */
    unsigned sheet;        /* position of the sheet among author sheets */
} Match;

typedef struct MatchList {
    Match *items;
    size_t count, cap;
    AncestorFilter *ancestors;   /* of the element being matched */
    const Declaration **ordered; /* the element's declarations, in the order applied */
    size_t ordered_cap;
    OwnVar *own;                 /* its custom properties */
    size_t own_cap;
} MatchList;

static void collect(MatchList *out, const CssRuleEntry *r, unsigned origin, unsigned sheet,
                    xmlNodePtr el)
{
    for (; r; r = r->next_in_bucket) {
        if (!filter_may_match(out->ancestors, r->selector) ||
            !complex_matches(r->selector, r->selector->count - 1, el))
            continue;
        if (out->count == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 32;
            out->items = xrealloc(out->items, out->cap * sizeof *out->items);
        }
        out->items[out->count++] = (Match){r, origin, sheet};
    }
}

static void collect_sheet(MatchList *out, const CssStylesheet *sheet, unsigned origin,
                          unsigned sheet_no, xmlNodePtr el)
{
    if (!sheet || !sheet->rule_count)
        return;
    const char *id = raw_attr(el, "id");
    if (id) {
        const Bucket *b = index_find(&sheet->by_id, id, strlen(id));
        if (b)
            collect(out, b->rules, origin, sheet_no, el);
    }
    if (sheet->by_class.slot_count) {
        const char *cls = raw_attr(el, "class");
        if (cls) {
            /* A class listed twice must not match twice. */
            const char *seen[32];
            size_t seen_len[32];
            int nseen = 0;
            for (const char *p = (const char *)cls; *p;) {
                while (*p && isspace((unsigned char)*p))
                    p++;
                const char *s = p;
                while (*p && !isspace((unsigned char)*p))
                    p++;
                if (p == s)
                    continue;
                bool dup = false;
                for (int i = 0; i < nseen && !dup; i++)
                    dup = seen_len[i] == (size_t)(p - s) && !memcmp(seen[i], s, seen_len[i]);
                if (dup)
                    continue;
                if (nseen < 32) {
                    seen[nseen] = s;
                    seen_len[nseen++] = (size_t)(p - s);
                }
                const Bucket *b = index_find(&sheet->by_class, s, (size_t)(p - s));
                if (b)
                    collect(out, b->rules, origin, sheet_no, el);
            }
        }
    }
    const Bucket *b = index_find(&sheet->by_tag, (const char *)el->name,
                                 strlen((const char *)el->name));
    if (b)
        collect(out, b->rules, origin, sheet_no, el);
    collect(out, sheet->universal, origin, sheet_no, el);
}

static int compare_matches(const void *a, const void *b)
{
    const Match *x = a, *y = b;
    if (x->origin != y->origin)
        return x->origin < y->origin ? -1 : 1;
    if (x->rule->selector->specificity != y->rule->selector->specificity)
        return x->rule->selector->specificity < y->rule->selector->specificity ? -1 : 1;
    if (x->sheet != y->sheet)
        return x->sheet < y->sheet ? -1 : 1;
    return x->rule->order < y->rule->order ? -1 : x->rule->order > y->rule->order;
}

/* The per-document map from element to style. */
typedef struct StyleSlot {
    xmlNodePtr node;
    CssStyle style;
    bool hidden;           /* display:none here or above, or visibility hidden */
    const VarMap *vars;    /* computed custom properties (NULL: none) */
} StyleSlot;

struct CssDocument {
    Arena arena;           /* custom property maps and values, inline styles */
    StyleSlot *slots;
    size_t count, cap;
    size_t *table;         /* open addressing: index+1 into slots, 0 empty */
    size_t table_size;
};

static const StyleSlot *find_slot(const CssDocument *d, xmlNodePtr node)
{
    if (!d->table_size)
        return NULL;
    size_t mask = d->table_size - 1;
    for (size_t i = hash_pointer(node) & mask;; i = (i + 1) & mask) {
        size_t v = d->table[i];
        if (!v)
            return NULL;
        if (d->slots[v - 1].node == node)
            return &d->slots[v - 1];
    }
}

static double resolve_length(const Value *v, double em, double rem)
{
    switch (v->unit) {
    case U_PX: return v->number;
    case U_EM: return v->number * em;
    case U_REM: return v->number * rem;
    case U_EX:
    case U_CH: return v->number * em / 2;
    case U_PERCENT: return v->number * em / 100;
    }
    return v->number;
}

static int bolder(int w)
{
    return w < 350 ? 400 : w < 550 ? 700 : 900;
}

static int lighter(int w)
{
    return w < 550 ? 100 : w < 750 ? 400 : 700;
}

/* Applies one declared value on top of the style being computed. */
static void apply(CssStyle *s, const CssStyle *parent, const Declaration *d, double rem,
                  bool *clip_small, bool *absolute, bool *tiny)
{
    const Value *v = &d->value;
    if (v->kind == V_INHERIT || v->kind == V_INITIAL) {
        bool inherit = v->kind == V_INHERIT && (v->keyword == 0 || prop_inherited[d->prop]);
        if (v->kind == V_INHERIT && v->keyword == 1 && !prop_inherited[d->prop])
            inherit = false;
        switch (d->prop) {
        case PROP_COLOR: s->color = inherit ? parent->color : (CssColor){0, 0, 0, 1}; break;
        case PROP_BACKGROUND_COLOR:
            s->background_color = inherit ? parent->background_color : (CssColor){0, 0, 0, 0};
            break;
        case PROP_BACKGROUND_IMAGE:
            s->background_kind = inherit ? parent->background_kind : CSS_BG_NONE;
            s->stop_count = inherit ? parent->stop_count : 0;
            memcpy(s->stops, parent->stops, sizeof s->stops);
            break;
        case PROP_OPACITY: s->opacity = inherit ? parent->opacity : 1; break;
        case PROP_FONT_SIZE: s->font_size_px = inherit ? parent->font_size_px : 16; break;
        case PROP_FONT_WEIGHT: s->font_weight = inherit ? parent->font_weight : 400; break;
        case PROP_FONT_STYLE: s->font_style = inherit ? parent->font_style : CSS_FONT_NORMAL; break;
        case PROP_TEXT_ALIGN: s->text_align = inherit ? parent->text_align : CSS_ALIGN_START; break;
        case PROP_VISIBILITY: s->visibility_hidden = inherit ? parent->visibility_hidden : false; break;
        case PROP_TEXT_SHADOW:
            s->has_text_shadow = inherit ? parent->has_text_shadow : false;
            s->text_shadow_color = parent->text_shadow_color;
            break;
        case PROP_DISPLAY: s->display_none = false; s->display_contents = false; break;
        default: break;
        }
        return;
    }
    switch (d->prop) {
    case PROP_COLOR:
        if (v->kind == V_COLOR)
            s->color = v->color;
        else if (v->kind == V_CURRENT_COLOR)
            s->color = parent->color;
        break;
    case PROP_BACKGROUND_COLOR:
        if (v->kind == V_COLOR)
            s->background_color = v->color;
        else if (v->kind == V_CURRENT_COLOR)
            s->background_color = s->color;   /* fixed up after color is final */
        break;
    case PROP_BACKGROUND_IMAGE:
        s->background_kind = v->bg_kind;
        s->stop_count = v->stop_count;
        if (v->stop_count)
            memcpy(s->stops, v->stops, (size_t)v->stop_count * sizeof *v->stops);
        break;
    case PROP_OPACITY:
        s->opacity = v->number < 0 ? 0 : v->number > 1 ? 1 : v->number;
        break;
    case PROP_FONT_SIZE:
        if (v->kind == V_KEYWORD)
            s->font_size_px = parent->font_size_px * (v->keyword == K_SMALLER ? 1 / 1.2 : 1.2);
        else if (v->unit == U_PERCENT || v->unit == U_EM || v->unit == U_EX || v->unit == U_CH)
            s->font_size_px = resolve_length(v, parent->font_size_px, rem);
        else
            s->font_size_px = resolve_length(v, parent->font_size_px, rem);
        break;
    case PROP_FONT_WEIGHT:
        if (v->kind == V_NUMBER)
            s->font_weight = (int)v->number;
        else if (v->keyword == K_BOLD)
            s->font_weight = 700;
        else if (v->keyword == K_NORMAL)
            s->font_weight = 400;
        else if (v->keyword == K_BOLDER)
            s->font_weight = bolder(parent->font_weight);
        else if (v->keyword == K_LIGHTER)
            s->font_weight = lighter(parent->font_weight);
        break;
    case PROP_FONT_STYLE:
        s->font_style = v->keyword == K_ITALIC ? CSS_FONT_ITALIC
                        : v->keyword == K_OBLIQUE ? CSS_FONT_OBLIQUE : CSS_FONT_NORMAL;
        break;
    case PROP_TEXT_ALIGN:
        switch (v->keyword) {
        case K_LEFT: s->text_align = CSS_ALIGN_LEFT; break;
        case K_RIGHT: s->text_align = CSS_ALIGN_RIGHT; break;
        case K_CENTER: s->text_align = CSS_ALIGN_CENTER; break;
        case K_JUSTIFY: s->text_align = CSS_ALIGN_JUSTIFY; break;
        case K_END: s->text_align = CSS_ALIGN_END; break;
        default: s->text_align = CSS_ALIGN_START; break;
        }
        break;
    case PROP_TEXT_DECORATION:
        /* Decorations propagate to descendants' text, so they add up. */
        s->text_decoration = parent->text_decoration | (unsigned)v->number;
        if (v->number == 0)
            s->text_decoration = 0;
        break;
    case PROP_TEXT_SHADOW:
        s->has_text_shadow = v->keyword != K_NONE;
        s->text_shadow_color = v->color;
        break;
    case PROP_DISPLAY:
        s->display_none = v->keyword == K_NONE;
        s->display_contents = v->keyword == K_CONTENTS;
        break;
    case PROP_VISIBILITY:
        s->visibility_hidden = v->keyword == K_HIDDEN || v->keyword == K_COLLAPSE;
        if (v->keyword == K_VISIBLE)
            s->visibility_hidden = false;
        break;
    case PROP_POSITION:
        *absolute = v->keyword == K_ABSOLUTE || v->keyword == K_FIXED;
        break;
    case PROP_CLIP:
        *clip_small = v->keyword == K_RECT_SMALL;
        break;
    case PROP_WIDTH:
    case PROP_HEIGHT:
        if (v->kind == V_LENGTH && v->unit == U_PX && v->number <= 1)
            *tiny = true;
        break;
    case PROP_COUNT:
    case PROP_CUSTOM:
    case PROP_PENDING:
        break;
    }
}

static void push_ordered(MatchList *m, size_t *n, const Declaration *d)
{
    if (*n == m->ordered_cap) {
        m->ordered_cap = m->ordered_cap ? m->ordered_cap * 2 : 64;
        m->ordered = xrealloc(m->ordered, m->ordered_cap * sizeof *m->ordered);
    }
    m->ordered[(*n)++] = d;
}

/* Applies a property whose value used var(): substituted with the
 * element's custom properties, then parsed as if written so.  A value
 * that cannot be substituted is invalid at computed-value time and acts
 * as unset (inherited properties inherit, others take their initial
 * value). */
static void apply_pending(CssStyle *s, const CssStyle *parent, const Declaration *d,
                          const VarMap *vars, double rem, bool *clip_small, bool *absolute,
                          bool *tiny, bool *bg_current)
{
    char *value = substitute_value(vars, d->text);
    Arena scratch = {0};
    DeclSink sink = {.arena = &scratch};
    char *name = arena_strndup(&scratch, d->name, strlen(d->name));
    char *text = value ? arena_strndup(&scratch, value, strlen(value))
                       : arena_strndup(&scratch, "unset", 5);
    free(value);
    parse_declaration(&sink, name, text);
    for (int i = 0; i < sink.count; i++) {
        if (sink.items[i].prop >= PROP_COUNT)
            continue;   /* a substituted value cannot bring back a var() */
        apply(s, parent, &sink.items[i], rem, clip_small, absolute, tiny);
        if (sink.items[i].prop == PROP_BACKGROUND_COLOR)
            *bg_current = sink.items[i].value.kind == V_CURRENT_COLOR;
    }
    arena_free(&scratch);
}

static void compute_element(CssDocument *d, xmlNodePtr el, const CssStyle *parent,
                            bool parent_hidden, const VarMap *parent_vars,
                            const CssStylesheet *const *sheets, size_t sheet_count,
                            MatchList *matches, double rem)
{
    matches->count = 0;
    collect_sheet(matches, ua_sheet, 0, 0, el);
    for (size_t i = 0; i < sheet_count; i++)
        collect_sheet(matches, sheets[i], 1, (unsigned)i, el);
    if (matches->count > 1)
        qsort(matches->items, matches->count, sizeof *matches->items, compare_matches);

    DeclBlock inline_block = {0};
    const char *style_attr = raw_attr(el, "style");
    if (style_attr) {
        /* In the document's arena: custom property values may point here. */
        DeclSink sink = {.arena = &d->arena};
        const char *s = (const char *)style_attr;
        parse_declarations(&sink, s, s + strlen(s));
        inline_block.items = sink.items;
        inline_block.count = sink.count;
    }

    /* Normal declarations in cascade order, then important ones: author
     * important beats inline normal, inline important beats everything. */
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        bool important = pass == 1;
        for (size_t i = 0; i < matches->count; i++) {
            const DeclBlock *b = matches->items[i].rule->block;
            if (important && matches->items[i].origin == 0)
                continue;
            for (int j = 0; j < b->count; j++)
                if (b->items[j].important == important)
                    push_ordered(matches, &n, &b->items[j]);
        }
        for (int j = 0; j < inline_block.count; j++)
            if (inline_block.items[j].important == important)
                push_ordered(matches, &n, &inline_block.items[j]);
    }

    /* Custom properties first: the other properties' var() read them. */
    int own = 0;
    for (size_t i = 0; i < n; i++)
        if (matches->ordered[i]->prop == PROP_CUSTOM && own < VAR_MAX_NAMES) {
            if ((size_t)own == matches->own_cap) {
                matches->own_cap = matches->own_cap ? matches->own_cap * 2 : 32;
                matches->own = xrealloc(matches->own, matches->own_cap * sizeof *matches->own);
            }
            matches->own[own++] = own_var(matches->ordered[i]);
        }
    const VarMap *vars = compute_vars(&d->arena, parent_vars, matches->own, own);

    CssStyle s = *parent;
    /* Not inherited: back to initial values. */
    s.display_none = false;
    s.display_contents = false;
    s.background_color = (CssColor){0, 0, 0, 0};
    s.background_kind = CSS_BG_NONE;
    s.stop_count = 0;
    s.opacity = 1;
    s.clipped = false;
    bool clip_small = false, absolute = false, tiny = false;
    bool bg_current = false;
    for (size_t i = 0; i < n; i++) {
        const Declaration *decl = matches->ordered[i];
        if (decl->prop == PROP_CUSTOM)
            continue;
        if (decl->prop == PROP_PENDING) {
            apply_pending(&s, parent, decl, vars, rem, &clip_small, &absolute, &tiny,
                          &bg_current);
            continue;
        }
        apply(&s, parent, decl, rem, &clip_small, &absolute, &tiny);
        if (decl->prop == PROP_BACKGROUND_COLOR)
            bg_current = decl->value.kind == V_CURRENT_COLOR;
    }
    if (bg_current)
        s.background_color = s.color;
    if (s.has_text_shadow && s.text_shadow_color.a < 0)
        s.text_shadow_color = s.color;
    s.clipped = absolute && (clip_small || tiny);

    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 256;
        d->slots = xrealloc(d->slots, d->cap * sizeof *d->slots);
    }
    StyleSlot *slot = &d->slots[d->count++];
    slot->node = el;
    slot->style = s;
    slot->hidden = parent_hidden || s.display_none;
    slot->vars = vars;
}

/* Styles every element under root in document order.  The walk keeps its
 * own stack rather than recursing, so a page nested a hundred thousand
 * deep costs memory in proportion, not the thread's stack. */
static void compute_tree(CssDocument *d, xmlNodePtr root, const CssStylesheet *const *sheets,
                         size_t sheet_count, MatchList *matches)
{
    const CssStyle root_parent = {
        .color = {0, 0, 0, 1}, .background_color = {0, 0, 0, 0}, .opacity = 1,
        .font_size_px = 16, .font_weight = 400,
    };
    double rem = 16;
    size_t *parents = NULL;   /* slot+1 of each open ancestor; 0 at the top */
    size_t depth = 0, cap = 0;
    size_t parent_slot = 0;
    xmlNodePtr k = root;
    while (k) {
        bool descend = false;
        if (k->type == XML_ELEMENT_NODE) {
            /* parent may move when slots grow: copy it first. */
            CssStyle parent = parent_slot ? d->slots[parent_slot - 1].style : root_parent;
            bool parent_hidden = parent_slot ? d->slots[parent_slot - 1].hidden : false;
            const VarMap *parent_vars = parent_slot ? d->slots[parent_slot - 1].vars : NULL;
            compute_element(d, k, &parent, parent_hidden, parent_vars, sheets, sheet_count,
                            matches, rem);
            if (!parent_slot)
                rem = d->slots[d->count - 1].style.font_size_px;   /* the root's size */
            descend = k->children != NULL;
        }
        if (descend) {
            if (depth == cap) {
                cap = cap ? cap * 2 : 64;
                parents = xrealloc(parents, cap * sizeof *parents);
            }
            parents[depth++] = parent_slot;
            parent_slot = d->count;
            filter_element(matches->ancestors, k, 1);
            k = k->children;
            continue;
        }
        while (k && !k->next && depth) {
            k = k->parent;
            filter_element(matches->ancestors, k, -1);
            parent_slot = parents[--depth];
        }
        k = k ? k->next : NULL;
    }
    free(parents);
}

CssDocument *css_document_compute(xmlDocPtr doc, const CssStylesheet *const *sheets,
                                  size_t sheet_count)
{
    pthread_once(&ua_once, parse_user_agent_sheet);
    CssDocument *d = xcalloc(1, sizeof *d);
    MatchList matches = {.ancestors = xcalloc(1, sizeof *matches.ancestors)};
    MatchMemo memo = {0};
    MatchMemo *outer_memo = match_memo;
    match_memo = &memo;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root)
        compute_tree(d, root, sheets, sheet_count, &matches);
    free(matches.items);
    free(matches.ancestors);
    free(matches.ordered);
    free(matches.own);
    free(memo.slots);
    match_memo = outer_memo;
    d->table_size = 16;
    while (d->table_size < d->count * 2)
        d->table_size *= 2;
    d->table = xcalloc(d->table_size, sizeof *d->table);
    size_t mask = d->table_size - 1;
    for (size_t i = 0; i < d->count; i++) {
        size_t h = hash_pointer(d->slots[i].node) & mask;
        while (d->table[h])
            h = (h + 1) & mask;
        d->table[h] = i + 1;
    }
    return d;
}

void css_document_free(CssDocument *d)
{
    if (!d)
        return;
    arena_free(&d->arena);
    free(d->slots);
    free(d->table);
    free(d);
}

const CssStyle *css_style_of(const CssDocument *d, xmlNodePtr element)
{
    const StyleSlot *s = find_slot(d, element);
    return s ? &s->style : NULL;
}

size_t css_element_count(const CssDocument *d)
{
    return d ? d->count : 0;
}

size_t css_element_index(const CssDocument *d, xmlNodePtr element)
{
    const StyleSlot *s = d ? find_slot(d, element) : NULL;
    return s ? (size_t)(s - d->slots) : SIZE_MAX;
}

bool css_is_hidden(const CssDocument *d, xmlNodePtr element)
{
    const StyleSlot *s = find_slot(d, element);
    if (!s)
        return false;
    return s->hidden || s->style.visibility_hidden;
}

const char *css_custom_property(const CssDocument *d, xmlNodePtr element, const char *name)
{
    const StyleSlot *s = d ? find_slot(d, element) : NULL;
    return s ? varmap_get(s->vars, name, strlen(name)) : NULL;
}

bool css_stylesheet_reads_checked(const CssStylesheet *sheet, const char *id)
{
    for (const CheckedId *k = sheet ? sheet->checked_ids : NULL; k; k = k->next)
        if (!strcmp(k->id, id))
            return true;
    return false;
}
