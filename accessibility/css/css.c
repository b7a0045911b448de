/* css.c: the cascade and inheritance, run once per document.
 *
 * A stylesheet is parsed once into rules whose values are already typed
 * (a colour, a length, a keyword), so computing a document's styles does
 * no text parsing except for style attributes and values that use var().
 * Rules are indexed by the id, class or tag their rightmost compound
 * selector needs, as browsers do, so each element is only tested against
 * rules that might match it.  The other parts of the engine are listed in
 * css_internal.h.
 */
#include "css.h"
#include "css_internal.h"
#include "hashmap.h"
#include "util.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const bool prop_inherited[PROP_COUNT] = {
    [PROP_COLOR] = true, [PROP_VISIBILITY] = true, [PROP_FONT_SIZE] = true,
    [PROP_FONT_WEIGHT] = true, [PROP_FONT_STYLE] = true, [PROP_TEXT_ALIGN] = true,
    [PROP_TEXT_SHADOW] = true,
};

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
    struct PendingCache *pending;   /* values with var() parsed, per custom properties */
} MatchList;

static void collect(MatchList *out, const CssRuleEntry *r, unsigned origin, unsigned sheet,
                    xmlNodePtr el)
{
    for (; r; r = r->next_in_bucket) {
        if (!css_filter_may_match(out->ancestors, r->selector) ||
            !css_complex_matches(r->selector, r->selector->count - 1, el))
            continue;
        GROW(out->items, out->count, out->cap);
        out->items[out->count++] = (Match){r, origin, sheet};
    }
}

static void collect_sheet(MatchList *out, const CssStylesheet *sheet, unsigned origin,
                          unsigned sheet_no, xmlNodePtr el)
{
    if (!sheet || !sheet->rule_count)
        return;
    const char *id = css_raw_attr(el, "id");
    if (id) {
        const Bucket *b = css_index_find(&sheet->by_id, id, strlen(id));
        if (b)
            collect(out, b->rules, origin, sheet_no, el);
    }
    if (sheet->by_class.slot_count) {
        const char *cls = css_raw_attr(el, "class");
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
                const Bucket *b = css_index_find(&sheet->by_class, s, (size_t)(p - s));
                if (b)
                    collect(out, b->rules, origin, sheet_no, el);
            }
        }
    }
    const Bucket *b = css_index_find(&sheet->by_tag, (const char *)el->name,
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
    size_t match_start, match_count;   /* its rules in CssDocument.matched */
} StyleSlot;

struct CssDocument {
    Arena arena;           /* custom property maps and values, inline styles */
    StyleSlot *slots;
    size_t count, cap;
    HashMap by_node;       /* element -> its StyleSlot */
    Match *matched;        /* every element's matched rules, in cascade order */
    size_t matched_count, matched_cap;
    bool keeps_matches;    /* a document styled afresh keeps them; a restyle does not */
    const CssStylesheet **sheets;   /* the author sheets it was computed with */
    size_t sheet_count;
    struct Restyle *plan;  /* the last restyle from this document, for the next */
};

/* A restyle (css_document_restyle): the document computed before, and
 * the rules whose selectors read a changed attribute, which are matched
 * again on every element; every other rule keeps its earlier answer. */
typedef struct Restyle {
    const CssDocument *before;
    Match *rules;
    size_t count, cap;
    const CssRuleEntry **set;   /* the same rules, as an open-addressed set */
    size_t set_size;            /* a power of two */
    bool too_many;              /* past RESTYLE_MAX_RULES: style afresh */
    char **changed;             /* the attribute names it was made for */
    size_t changed_count;
} Restyle;

static bool restyle_rematches(const Restyle *r, const CssRuleEntry *rule)
{
    if (!r->count)
        return false;
    size_t mask = r->set_size - 1;
    for (size_t i = hash_pointer(rule) & mask; r->set[i]; i = (i + 1) & mask)
        if (r->set[i] == rule)
            return true;
    return false;
}

static const StyleSlot *find_slot(const CssDocument *d, xmlNodePtr node)
{
    const HashEntry *e = hashmap_find(&d->by_node, node);
    return e ? e->value : NULL;
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
    GROW(m->ordered, *n, m->ordered_cap);
    m->ordered[(*n)++] = d;
}

/* A declaration whose value used var(), parsed once its custom
 * properties are substituted.  Elements that declare no custom property
 * share their parent's, so the same declaration on the same custom
 * properties is parsed once per document, not once per element. */
typedef struct PendingEntry {
    const Declaration *decl;   /* NULL: empty slot */
    const VarMap *vars;
    Declaration *items;
    int count;
} PendingEntry;

typedef struct PendingCache {
    Arena arena;               /* the parsed values */
    PendingEntry *slots;
    size_t size, used;
} PendingCache;

static size_t pending_hash(const Declaration *d, const VarMap *vars)
{
    return hash_pointer(d) ^ (hash_pointer(vars) * 0x9e3779b97f4a7c15ULL);
}

static void pending_cache_free(PendingCache *c)
{
    if (!c)
        return;
    css_arena_free(&c->arena);
    free(c->slots);
    free(c);
}

static PendingEntry *pending_parse(PendingCache *c, const Declaration *d, const VarMap *vars)
{
    if (c->size) {
        size_t mask = c->size - 1;
        for (size_t i = pending_hash(d, vars) & mask; c->slots[i].decl; i = (i + 1) & mask)
            if (c->slots[i].decl == d && c->slots[i].vars == vars)
                return &c->slots[i];
    }
    if ((c->used + 1) * 2 > c->size) {
        size_t size = c->size ? c->size * 2 : 64;
        PendingEntry *slots = xcalloc(size, sizeof *slots);
        for (size_t i = 0; i < c->size; i++) {
            if (!c->slots[i].decl)
                continue;
            size_t j = pending_hash(c->slots[i].decl, c->slots[i].vars) & (size - 1);
            while (slots[j].decl)
                j = (j + 1) & (size - 1);
            slots[j] = c->slots[i];
        }
        free(c->slots);
        c->slots = slots;
        c->size = size;
    }
    char *value = css_substitute_value(vars, d->text);
    DeclSink sink = {.arena = &c->arena};
    char *name = css_arena_strndup(&c->arena, d->name, strlen(d->name));
    char *text = value ? css_arena_strndup(&c->arena, value, strlen(value))
                       : css_arena_strndup(&c->arena, "unset", 5);
    free(value);
    css_parse_declaration(&sink, name, text);
    size_t mask = c->size - 1, i = pending_hash(d, vars) & mask;
    while (c->slots[i].decl)
        i = (i + 1) & mask;
    c->slots[i] = (PendingEntry){d, vars, sink.items, sink.count};
    c->used++;
    return &c->slots[i];
}

/* Applies a property whose value used var(): substituted with the
 * element's custom properties, then parsed as if written so.  A value
 * that cannot be substituted is invalid at computed-value time and acts
 * as unset (inherited properties inherit, others take their initial
 * value). */
static void apply_pending(CssStyle *s, const CssStyle *parent, const Declaration *d,
                          const VarMap *vars, PendingCache *cache, double rem, bool *clip_small,
                          bool *absolute, bool *tiny, bool *bg_current)
{
    const PendingEntry *e = pending_parse(cache, d, vars);
    for (int i = 0; i < e->count; i++) {
        if (e->items[i].prop >= PROP_COUNT)
            continue;   /* a substituted value cannot bring back a var() */
        apply(s, parent, &e->items[i], rem, clip_small, absolute, tiny);
        if (e->items[i].prop == PROP_BACKGROUND_COLOR)
            *bg_current = e->items[i].value.kind == V_CURRENT_COLOR;
    }
}

/* The rules that match el, in cascade order, into matches->items: from
 * the rule index, or (restyle) from what matched el before plus the
 * rules that must be matched again. */
static void match_element(const CssDocument *d, xmlNodePtr el, const CssStylesheet *const *sheets,
                          size_t sheet_count, const Restyle *restyle, MatchList *matches)
{
    matches->count = 0;
    if (restyle) {
        const StyleSlot *before = &restyle->before->slots[d->count];
        for (size_t i = 0; i < before->match_count; i++) {
            const Match *m = &restyle->before->matched[before->match_start + i];
            if (restyle_rematches(restyle, m->rule))
                continue;
            GROW(matches->items, matches->count, matches->cap);
            matches->items[matches->count++] = *m;
        }
        for (size_t i = 0; i < restyle->count; i++) {
            const Match *m = &restyle->rules[i];
            if (!css_complex_matches(m->rule->selector, m->rule->selector->count - 1, el))
                continue;
            GROW(matches->items, matches->count, matches->cap);
            matches->items[matches->count++] = *m;
        }
    } else {
        collect_sheet(matches, ua_sheet, 0, 0, el);
        for (size_t i = 0; i < sheet_count; i++)
            collect_sheet(matches, sheets[i], 1, (unsigned)i, el);
    }
    if (matches->count > 1)
        qsort(matches->items, matches->count, sizeof *matches->items, compare_matches);
}

/* Keeps el's matched rules with its slot, for a later restyle. */
static void keep_matches(CssDocument *d, StyleSlot *slot, const MatchList *matches)
{
    if (!d->keeps_matches)
        return;
    slot->match_start = d->matched_count;
    slot->match_count = matches->count;
    GROW_TO(d->matched, d->matched_count + matches->count, d->matched_cap);
    if (matches->count)
        memcpy(d->matched + d->matched_count, matches->items,
               matches->count * sizeof *matches->items);
    d->matched_count += matches->count;
}

/* Cascades the rules in matches (match_element) with el's style
 * attribute, and computes el's values from its parent's. */
static void compute_element(CssDocument *d, xmlNodePtr el, const CssStyle *parent,
                            bool parent_hidden, const VarMap *parent_vars,
                            MatchList *matches, double rem)
{

    DeclBlock inline_block = {0};
    const char *style_attr = css_raw_attr(el, "style");
    if (style_attr) {
        /* In the document's arena: custom property values may point here. */
        DeclSink sink = {.arena = &d->arena};
        const char *s = (const char *)style_attr;
        css_parse_declarations(&sink, s, s + strlen(s));
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
            GROW(matches->own, own, matches->own_cap);
            matches->own[own++] = css_own_var(matches->ordered[i]);
        }
    const VarMap *vars = css_compute_vars(&d->arena, parent_vars, matches->own, own);

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
            apply_pending(&s, parent, decl, vars, matches->pending, rem, &clip_small,
                          &absolute, &tiny, &bg_current);
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

    GROW(d->slots, d->count, d->cap);
    StyleSlot *slot = &d->slots[d->count++];
    slot->node = el;
    slot->style = s;
    slot->hidden = parent_hidden || s.display_none;
    slot->vars = vars;
    keep_matches(d, slot, matches);
}

/* Styles every element under root in document order.  The walk keeps its
 * own stack rather than recursing, so a page nested a hundred thousand
 * deep costs memory in proportion, not the thread's stack. */
static bool compute_tree(CssDocument *d, xmlNodePtr root, const CssStylesheet *const *sheets,
                         size_t sheet_count, const Restyle *restyle, MatchList *matches)
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
            if (restyle && (d->count >= restyle->before->count ||
                            restyle->before->slots[d->count].node != k)) {
                free(parents);
                return false;   /* not the tree styled before */
            }
            match_element(d, k, sheets, sheet_count, restyle, matches);
            compute_element(d, k, &parent, parent_hidden, parent_vars, matches, rem);
            if (!parent_slot)
                rem = d->slots[d->count - 1].style.font_size_px;   /* the root's size */
            descend = k->children != NULL;
        }
        if (descend) {
            GROW(parents, depth, cap);
            parents[depth++] = parent_slot;
            parent_slot = d->count;
            if (!restyle)
                css_filter_element(matches->ancestors, k, 1);
            k = k->children;
            continue;
        }
        while (k && !k->next && depth) {
            k = k->parent;
            if (!restyle)
                css_filter_element(matches->ancestors, k, -1);
            parent_slot = parents[--depth];
        }
        k = k ? k->next : NULL;
    }
    free(parents);
    return !restyle || d->count == restyle->before->count;
}

/* Styles doc with sheets; with restyle, reusing what matched before.
 * NULL when restyle's document is not doc's tree. */
static CssDocument *style_document(xmlDocPtr doc, const CssStylesheet *const *sheets,
                                   size_t sheet_count, const Restyle *restyle)
{
    pthread_once(&ua_once, parse_user_agent_sheet);
    CssDocument *d = xcalloc(1, sizeof *d);
    /* A page's colour schemes each restyle the page's own styles, never
     * one another's, and on a page of thousands of elements the matched
     * rules are megabytes: a restyle keeps none. */
    d->keeps_matches = !restyle;
    d->sheet_count = sheet_count;
    d->sheets = xmalloc((sheet_count ? sheet_count : 1) * sizeof *d->sheets);
    if (sheet_count)
        memcpy(d->sheets, sheets, sheet_count * sizeof *sheets);
    MatchList matches = {.ancestors = xcalloc(1, sizeof *matches.ancestors),
                         .pending = xcalloc(1, sizeof *matches.pending)};
    MatchMemo memo = {0};
    MatchMemo *outer_memo = css_match_memo;
    css_match_memo = &memo;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    bool ok = true;
    if (root)
        ok = compute_tree(d, root, sheets, sheet_count, restyle, &matches);
    else
        ok = !restyle || !restyle->before->count;
    free(matches.items);
    free(matches.ancestors);
    free(matches.ordered);
    free(matches.own);
    pending_cache_free(matches.pending);
    free(memo.slots);
    free(memo.ids);
    css_match_memo = outer_memo;
    if (!ok) {
        css_document_free(d);
        return NULL;
    }
    if (d->matched_cap > d->matched_count) {   /* kept for the page's life: no room to grow */
        d->matched = xrealloc(d->matched, (d->matched_count ? d->matched_count : 1) * sizeof *d->matched);
        d->matched_cap = d->matched_count;
    }
    hashmap_init(&d->by_node, HASH_POINTER_KEYS, d->count * 2 + 1);
    for (size_t i = 0; i < d->count; i++)
        hashmap_put(&d->by_node, d->slots[i].node, &d->slots[i]);
    return d;
}

CssDocument *css_document_compute(xmlDocPtr doc, const CssStylesheet *const *sheets,
                                  size_t sheet_count)
{
    return style_document(doc, sheets, sheet_count, NULL);
}

/* A restyle that matches more rules again than this costs about what
 * matching through the rule index does: the document is styled afresh. */
#define RESTYLE_MAX_RULES 256

/* Adds the rules of list that read a changed attribute; false past
 * RESTYLE_MAX_RULES. */
static bool restyle_add_rules(Restyle *r, const CssRuleEntry *list, unsigned origin,
                              unsigned sheet_no, const char *const *changed, size_t changed_count)
{
    for (const CssRuleEntry *e = list; e; e = e->next_in_bucket) {
        if (!css_complex_reads_attrs(e->selector, changed, changed_count))
            continue;
        if (r->count == RESTYLE_MAX_RULES)
            return false;
        GROW(r->rules, r->count, r->cap);
        r->rules[r->count++] = (Match){e, origin, sheet_no};
    }
    return true;
}

static bool restyle_add_sheet(Restyle *r, const CssStylesheet *sheet, unsigned origin,
                              unsigned sheet_no, const char *const *changed, size_t changed_count)
{
    if (!sheet)
        return true;
    const Index *indexes[] = {&sheet->by_id, &sheet->by_class, &sheet->by_tag};
    for (size_t x = 0; x < 3; x++)
        for (size_t i = 0; i < indexes[x]->slot_count; i++)
            for (const Bucket *b = indexes[x]->slots[i]; b; b = b->next)
                if (!restyle_add_rules(r, b->rules, origin, sheet_no, changed, changed_count))
                    return false;
    return restyle_add_rules(r, sheet->universal, origin, sheet_no, changed, changed_count);
}

static void restyle_free(Restyle *r)
{
    if (!r)
        return;
    free(r->rules);
    free(r->set);
    for (size_t i = 0; i < r->changed_count; i++)
        free(r->changed[i]);
    free(r->changed);
    free(r);
}

static bool restyle_made_for(const Restyle *r, const char *const *changed, size_t changed_count)
{
    if (r->changed_count != changed_count)
        return false;
    for (size_t i = 0; i < changed_count; i++)
        if (strcmp(r->changed[i], changed[i]))
            return false;
    return true;
}

/* Which rules read a changed attribute: worked out once per document and
 * set of names, since a page's schemes are restyled one after another
 * from the same document. */
static Restyle *restyle_plan(CssDocument *before, const char *const *changed,
                             size_t changed_count)
{
    if (before->plan && restyle_made_for(before->plan, changed, changed_count))
        return before->plan;
    restyle_free(before->plan);
    Restyle *r = xcalloc(1, sizeof *r);
    r->before = before;
    r->changed = xmalloc((changed_count ? changed_count : 1) * sizeof *r->changed);
    for (size_t i = 0; i < changed_count; i++)
        r->changed[i] = xstrdup(changed[i]);
    r->changed_count = changed_count;
    bool ok = restyle_add_sheet(r, ua_sheet, 0, 0, changed, changed_count);
    for (size_t i = 0; ok && i < before->sheet_count; i++)
        ok = restyle_add_sheet(r, before->sheets[i], 1, (unsigned)i, changed, changed_count);
    r->too_many = !ok;
    r->set_size = 16;
    while (r->set_size < r->count * 2)
        r->set_size *= 2;
    r->set = xcalloc(r->set_size, sizeof *r->set);
    for (size_t i = 0; i < r->count; i++) {
        size_t mask = r->set_size - 1, j = hash_pointer(r->rules[i].rule) & mask;
        while (r->set[j])
            j = (j + 1) & mask;
        r->set[j] = r->rules[i].rule;
    }
    before->plan = r;
    return r;
}

CssDocument *css_document_restyle(CssDocument *before, xmlDocPtr doc,
                                  const char *const *changed, size_t changed_count)
{
    pthread_once(&ua_once, parse_user_agent_sheet);
    if (!before->keeps_matches)         /* a restyle itself: styled afresh */
        return style_document(doc, before->sheets, before->sheet_count, NULL);
    const Restyle *r = restyle_plan(before, changed, changed_count);
    CssDocument *d = r->too_many ? NULL
                                 : style_document(doc, before->sheets, before->sheet_count, r);
    return d ? d : style_document(doc, before->sheets, before->sheet_count, NULL);
}

void css_document_free(CssDocument *d)
{
    if (!d)
        return;
    css_arena_free(&d->arena);
    free(d->slots);
    free(d->matched);
    free(d->sheets);
    restyle_free(d->plan);
    hashmap_free(&d->by_node);
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
    return s ? css_varmap_get(s->vars, name, strlen(name)) : NULL;
}

bool css_stylesheet_reads_checked(const CssStylesheet *sheet, const char *id)
{
    for (const CheckedId *k = sheet ? sheet->checked_ids : NULL; k; k = k->next)
        if (!strcmp(k->id, id))
            return true;
    return false;
}

