/* css_vars.c: custom properties and var() substitution (see css_internal.h). */
#include "css.h"
#include "css_internal.h"
#include "util.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Custom properties (CSS Custom Properties Level 1) ----
 *
 * An element's custom properties are computed like any inherited
 * property: its parent's, with its own winning declarations on top.  A
 * computed value has every var() already substituted, so a property using
 * var() needs only one lookup per reference.  The map is shared with the
 * parent when an element declares none, so a page costs one map per rule
 * that sets custom properties, not one per element. */


const char *css_varmap_get(const VarMap *m, const char *name, size_t len)
{
    for (int i = 0; m && i < m->count; i++)
        if (!strncmp(m->items[i].name, name, len) && m->items[i].name[len] == '\0')
            return m->items[i].value;
    return NULL;
}


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
    return css_varmap_get(r->parent, name, len);
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
            if (!strncasecmp(s + k, "var(", 4) && (k == 0 || !css_is_ident_char((unsigned char)s[k - 1]))) {
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
        o->result = css_varmap_get(r->parent, o->name, strlen(o->name));
        return o->result;
    }
    if (!o->text || !css_has_var(o->text) || r->depth >= VAR_MAX_DEPTH * 2) {
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
    o->result = ok && !o->in_cycle ? css_arena_strndup(r->arena, sb.data ? sb.data : "", sb.len)
                                   : NULL;
    sb_free(&sb);
    return o->result;
}

/* The map of an element that declares own[] (in cascade order, later
 * winning) and inherits parent.  Returns parent itself when nothing
 * changes. */
const VarMap *css_compute_vars(Arena *arena, const VarMap *parent, OwnVar *own, int n)
{
    if (!n)
        return parent;
    int *stack = xmalloc((size_t)n * sizeof *stack);
    Resolver r = {.arena = arena, .parent = parent, .own = own, .own_count = n, .stack = stack};
    for (int i = 0; i < n; i++)
        resolve_own(&r, i);
    free(stack);
    int parent_count = parent ? parent->count : 0;
    VarMap *m = css_arena_alloc(arena, sizeof *m + (size_t)(parent_count + n) * sizeof *m->items);
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
OwnVar css_own_var(const Declaration *d)
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
char *css_substitute_value(const VarMap *m, const char *value)
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
        Declaration d = {.name = css_arena_strndup(&v->arena, names[i], strlen(names[i])),
                         .text = css_arena_strndup(&v->arena, values[i], strlen(values[i]))};
        own[n++] = css_own_var(&d);
    }
    const VarMap *base = parent ? parent->map : NULL;
    const VarMap *m = css_compute_vars(&v->arena, base, own, n);
    if (m && m == base) {
        /* Own a copy: the parent may be freed first. */
        VarMap *copy = css_arena_alloc(&v->arena, sizeof *copy + (size_t)m->count * sizeof *copy->items);
        copy->count = m->count;
        memcpy(copy->items, m->items, (size_t)m->count * sizeof *m->items);
        m = copy;
    }
    /* Values may point into parent's arena: copy them all. */
    if (m)
        for (int i = 0; i < m->count; i++) {
            VarEntry *e = (VarEntry *)&m->items[i];
            e->name = css_arena_strndup(&v->arena, e->name, strlen(e->name));
            e->value = css_arena_strndup(&v->arena, e->value, strlen(e->value));
        }
    v->map = m;
    free(own);
    return v;
}

void css_vars_free(CssVars *vars)
{
    if (!vars)
        return;
    css_arena_free(&vars->arena);
    free(vars);
}

const char *css_vars_get(const CssVars *vars, const char *name)
{
    return vars ? css_varmap_get(vars->map, name, strlen(name)) : NULL;
}

char *css_vars_substitute(const CssVars *vars, const char *value)
{
    return css_substitute_value(vars ? vars->map : NULL, value);
}

