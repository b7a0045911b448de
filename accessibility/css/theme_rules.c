/* theme_rules.c: contrast of a theme's colour pairs (see theme_rules.h). */
#include "theme_rules.h"
#include "css.h"
#include "util.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const Rule rule_contrast = {
    "theme-contrast", "theme", LEVEL_ERROR, "1.4.3", NULL, "Theme colours do not contrast enough"
};
static const Rule rule_contrast_inherited = {
    "theme-contrast-inherited", "theme", LEVEL_WARNING, "1.4.3", NULL,
    "Theme background may not contrast with the page's text"
};

static const Rule *const all_rules[] = { &rule_contrast, &rule_contrast_inherited };

const Rule *const *theme_rules(size_t *count)
{
    *count = sizeof all_rules / sizeof *all_rules;
    return all_rules;
}

/* ---- scanning the stylesheet ------------------------------------------ */

typedef struct Decl {
    char *prop;         /* lower case; custom properties keep their case */
    char *value;        /* trimmed, without !important */
    int line;
} Decl;

typedef struct SheetRule {
    char *selector;
    int line;
    bool dark;          /* inside @media (prefers-color-scheme: dark) */
    Decl *decls;
    size_t count, cap;
} SheetRule;

typedef struct Sheet {
    SheetRule *rules;
    size_t count, cap;
} Sheet;

/* Line numbers of byte offsets, for offsets visited in increasing order. */
typedef struct LineCursor {
    const char *text;
    size_t pos;
    int line;
} LineCursor;

static int line_at(LineCursor *c, size_t pos)
{
    if (pos < c->pos) {                      /* rare: start again */
        c->pos = 0;
        c->line = 1;
    }
    for (; c->pos < pos; c->pos++)
        c->line += c->text[c->pos] == '\n';
    return c->line;
}

/* The offset of the first of `stops` at depth 0 (outside brackets and
 * strings) in s[from, to), or to. */
static size_t find_at_depth0(const char *s, size_t from, size_t to, const char *stops)
{
    int depth = 0;
    char quote = 0;
    for (size_t i = from; i < to; i++) {
        char c = s[i];
        if (quote) {
            if (c == '\\')
                i++;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '(' || c == '[') {
            depth++;
        } else if ((c == ')' || c == ']') && depth > 0) {
            depth--;
        } else if (depth == 0 && strchr(stops, c)) {
            return i;
        }
    }
    return to;
}

/* The offset of the '}' closing the block whose '{' is at open, or to. */
static size_t block_end(const char *s, size_t open, size_t to)
{
    int depth = 0;
    char quote = 0;
    for (size_t i = open; i < to; i++) {
        char c = s[i];
        if (quote) {
            if (c == '\\')
                i++;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '{') {
            depth++;
        } else if (c == '}' && --depth == 0) {
            return i;
        }
    }
    return to;
}

static char *trimmed_copy(const char *s, size_t from, size_t to)
{
    while (from < to && isspace((unsigned char)s[from]))
        from++;
    while (to > from && isspace((unsigned char)s[to - 1]))
        to--;
    return xstrndup(s + from, to - from);
}

static void add_decl(SheetRule *r, char *prop, char *value, int line)
{
    if (r->count == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->decls = xrealloc(r->decls, r->cap * sizeof *r->decls);
    }
    r->decls[r->count++] = (Decl){ prop, value, line };
}

static void scan_declarations(const char *s, size_t from, size_t to, LineCursor *lc, SheetRule *r)
{
    while (from < to) {
        size_t end = find_at_depth0(s, from, to, ";");
        size_t colon = find_at_depth0(s, from, end, ":");
        if (colon < end) {
            char *prop = trimmed_copy(s, from, colon);
            char *value = trimmed_copy(s, colon + 1, end);
            char *bang = strstr(value, "!important");
            if (bang) {
                *bang = '\0';
                char *t = str_trim(value);
                memmove(value, t, strlen(t) + 1);
            }
            if (!str_starts_with(prop, "--"))
                for (char *p = prop; *p; p++)
                    *p = (char)tolower((unsigned char)*p);
            size_t at = from;
            while (at < colon && isspace((unsigned char)s[at]))
                at++;
            if (*prop)
                add_decl(r, prop, value, line_at(lc, at));
            else {
                free(prop);
                free(value);
            }
        }
        from = end + 1;
    }
}

static void scan(const char *s, size_t from, size_t to, LineCursor *lc, bool dark, Sheet *out)
{
    while (from < to) {
        while (from < to && (isspace((unsigned char)s[from]) || s[from] == ';' || s[from] == '}'))
            from++;
        if (from >= to)
            break;
        size_t brace = find_at_depth0(s, from, to, "{;");
        if (brace >= to || s[brace] == ';') {  /* @import, @charset, or junk */
            from = brace + 1;
            continue;
        }
        size_t close = block_end(s, brace, to);
        char *prelude = trimmed_copy(s, from, brace);
        if (prelude[0] == '@') {
            bool media = str_starts_with(prelude, "@media");
            bool nested = media || str_starts_with(prelude, "@supports") ||
                          str_starts_with(prelude, "@layer");
            /* Print and forced colours have colours of their own. */
            bool skip = media && (strstr(prelude, "print") || strstr(prelude, "forced-colors"));
            if (nested && !skip)
                scan(s, brace + 1, close, lc, dark || (media && strstr(prelude, "dark")), out);
            free(prelude);
        } else {
            if (out->count == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 64;
                out->rules = xrealloc(out->rules, out->cap * sizeof *out->rules);
            }
            SheetRule *r = &out->rules[out->count++];
            memset(r, 0, sizeof *r);
            r->selector = prelude;
            r->line = line_at(lc, from);
            r->dark = dark;
            scan_declarations(s, brace + 1, close, lc, r);
        }
        from = close + 1;
    }
}

/* A copy of css with comments turned into spaces (line breaks kept). */
static char *without_comments(const char *css)
{
    char *out = xstrdup(css);
    for (char *p = out; *p; p++) {
        if (p[0] == '/' && p[1] == '*') {
            char *end = strstr(p + 2, "*/");
            char *stop = end ? end + 2 : p + strlen(p);
            for (; p < stop; p++)
                if (*p != '\n')
                    *p = ' ';
            p--;
        }
    }
    return out;
}

static void sheet_free(Sheet *sh)
{
    for (size_t i = 0; i < sh->count; i++) {
        SheetRule *r = &sh->rules[i];
        for (size_t j = 0; j < r->count; j++) {
            free(r->decls[j].prop);
            free(r->decls[j].value);
        }
        free(r->decls);
        free(r->selector);
    }
    free(sh->rules);
}

/* ---- palettes and values ---------------------------------------------- */

/* The custom properties in force: later entries win. */
typedef struct Vars {
    const Decl **items;
    size_t count, cap;
} Vars;

static void vars_push(Vars *v, const Decl *d)
{
    if (v->count == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 32;
        v->items = xrealloc(v->items, v->cap * sizeof *v->items);
    }
    v->items[v->count++] = d;
}

static const char *vars_get(const Vars *v, const char *name, size_t len)
{
    for (size_t i = v->count; i > 0; i--)
        if (strlen(v->items[i - 1]->prop) == len && memcmp(v->items[i - 1]->prop, name, len) == 0)
            return v->items[i - 1]->value;
    return NULL;
}

/* value with every var() replaced; NULL when one cannot be resolved. */
static char *resolve(const char *value, const Vars *vars, int depth)
{
    if (depth > 8)
        return NULL;
    StrBuf sb;
    sb_init(&sb);
    const char *p = value;
    for (;;) {
        const char *v = strstr(p, "var(");
        if (!v) {
            sb_append(&sb, p);
            break;
        }
        sb_append_len(&sb, p, (size_t)(v - p));
        size_t len = strlen(v);
        size_t close = find_at_depth0(v, 4, len, ")");
        if (close >= len) {
            sb_free(&sb);
            return NULL;
        }
        size_t comma = find_at_depth0(v, 4, close, ",");
        char *name = trimmed_copy(v, 4, comma);
        const char *found = vars_get(vars, name, strlen(name));
        free(name);
        char *fallback = comma < close ? trimmed_copy(v, comma + 1, close) : NULL;
        char *inner = found ? resolve(found, vars, depth + 1)
                            : fallback ? resolve(fallback, vars, depth + 1) : NULL;
        free(fallback);
        if (!inner) {
            sb_free(&sb);
            return NULL;
        }
        sb_append(&sb, inner);
        free(inner);
        p = v + close + 1;
    }
    return sb_take(&sb);
}

/* The colour of a color/background value, or false.  For the background
 * shorthand, the first part that is a colour; images and gradients make
 * the background unknown. */
static bool value_color(const char *value, const Vars *vars, bool shorthand, CssColor *out)
{
    char *v = resolve(value, vars, 0);
    if (!v)
        return false;
    bool ok = false;
    if (!shorthand) {
        ok = css_parse_color(str_trim(v), out);
    } else if (!strstr(v, "url(") && !strstr(v, "gradient(")) {
        size_t len = strlen(v);
        for (size_t from = 0; from < len && !ok;) {
            while (from < len && isspace((unsigned char)v[from]))
                from++;
            size_t end = find_at_depth0(v, from, len, " \t\n");
            char *part = xstrndup(v + from, end - from);
            ok = css_parse_color(part, out);
            free(part);
            from = end + 1;
        }
    }
    free(v);
    return ok;
}

static bool is_rootish(const char *selector)
{
    bool any = false;
    for (const char *p = selector; *p;) {
        size_t n = strcspn(p, ",");
        char *one = trimmed_copy(p, 0, n);
        bool root = !strcmp(one, ":root") || !strcmp(one, "html") || !strcmp(one, "body");
        free(one);
        if (!root)
            return false;
        any = true;
        p += n;
        if (*p == ',')
            p++;
    }
    return any;
}

static const Decl *find_decl(const SheetRule *r, const char *prop)
{
    const Decl *found = NULL;
    for (size_t i = 0; i < r->count; i++)
        if (!strcmp(r->decls[i].prop, prop))
            found = &r->decls[i];
    return found;
}

static bool defines_color_vars(const SheetRule *r)
{
    for (size_t i = 0; i < r->count; i++) {
        CssColor c;
        if (str_starts_with(r->decls[i].prop, "--") && css_parse_color(r->decls[i].value, &c))
            return true;
    }
    return false;
}

static bool sets_colors(const SheetRule *r)
{
    return find_decl(r, "color") || find_decl(r, "background-color") || find_decl(r, "background");
}

/* The background a rule sets: background-color, or the later background. */
static const Decl *background_decl(const SheetRule *r, bool *shorthand)
{
    const Decl *found = NULL;
    for (size_t i = 0; i < r->count; i++)
        if (!strcmp(r->decls[i].prop, "background-color") || !strcmp(r->decls[i].prop, "background"))
            found = &r->decls[i];
    *shorthand = found && !strcmp(found->prop, "background");
    return found;
}

static bool is_large_text(const SheetRule *r, const Vars *vars)
{
    double px = 0;
    const Decl *size = find_decl(r, "font-size");
    if (size) {
        char *v = resolve(size->value, vars, 0);
        if (!v || !css_parse_length(str_trim(v), 16, 16, 16, &px))
            px = 0;
        free(v);
    }
    const Decl *weight = find_decl(r, "font-weight");
    bool bold = weight && (!strcmp(weight->value, "bold") || !strcmp(weight->value, "bolder") ||
                           atoi(weight->value) >= 700);
    return px >= 24.0 - 0.005 || (bold && px >= 18.66);
}

/* A stylesheet cannot say which element sits inside which, so two hints
 * from the theme's own writing stand in for the page:
 *
 * A rule that sets only a text colour is checked against the background of
 * another rule that uses the very same colour value with a background
 * (".site-name { color: var(--header-text) }" sits on ".site-header
 * { background: var(--header); color: var(--header-text) }"), and against
 * the page background when no rule pairs them. */
static const Decl *paired_background(const Sheet *sh, const SheetRule *r, const Decl *color,
                                     bool *shorthand)
{
    for (size_t i = 0; i < sh->count; i++) {
        const SheetRule *o = &sh->rules[i];
        const Decl *oc = find_decl(o, "color");
        if (o == r || !oc || strcmp(oc->value, color->value) != 0 || is_rootish(o->selector))
            continue;
        const Decl *bg = background_decl(o, shorthand);
        if (bg)
            return bg;
    }
    return NULL;
}

/* A rule that sets only a background, on a modifier class (".status-open"),
 * takes its text colour from the base class's rule (".status"). */
static const Decl *modifier_color(const Sheet *sh, const SheetRule *r)
{
    const char *sel = r->selector;
    if (sel[0] != '.' || strpbrk(sel, " ,>+~:[") != NULL)
        return NULL;
    size_t len = strlen(sel);
    while (len > 1) {
        while (len > 1 && sel[len - 1] != '-')
            len--;
        if (len <= 1)
            break;
        len--;                               /* drop the '-' */
        for (size_t i = 0; i < sh->count; i++) {
            const SheetRule *o = &sh->rules[i];
            const Decl *color = find_decl(o, "color");
            if (color && strlen(o->selector) == len && !memcmp(o->selector, sel, len))
                return color;
        }
    }
    return NULL;
}

/* Backgrounds of pictures and other replaced elements hold no text. */
static bool styles_replaced_element(const char *selector)
{
    const char *last = selector + strlen(selector);
    while (last > selector && !strchr(" >+~,", last[-1]))
        last--;
    static const char *const replaced[] = {
        "img", "svg", "video", "canvas", "picture", "iframe", "hr", "input", "progress", "meter",
    };
    for (size_t i = 0; i < sizeof replaced / sizeof *replaced; i++) {
        size_t n = strlen(replaced[i]);
        if (!strncmp(last, replaced[i], n) && !isalnum((unsigned char)last[n]) && last[n] != '-')
            return true;
    }
    return false;
}

/* ---- checking --------------------------------------------------------- */

static void hex(CssColor c, char out[8])
{
    snprintf(out, 8, "#%02x%02x%02x", (int)lround(c.r), (int)lround(c.g), (int)lround(c.b));
}

typedef struct Reported {
    struct { int line; unsigned long fg, bg; } *items;
    size_t count, cap;
} Reported;

static unsigned long pack(CssColor c)
{
    return ((unsigned long)lround(c.r) << 16) | ((unsigned long)lround(c.g) << 8) | (unsigned long)lround(c.b);
}

static bool first_report(Reported *r, int line, CssColor fg, CssColor bg)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->items[i].line == line && r->items[i].fg == pack(fg) && r->items[i].bg == pack(bg))
            return false;
    if (r->count == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->items = xrealloc(r->items, r->cap * sizeof *r->items);
    }
    r->items[r->count].line = line;
    r->items[r->count].fg = pack(fg);
    r->items[r->count].bg = pack(bg);
    r->count++;
    return true;
}

typedef struct Check {
    const char *path;
    FindingList *out;
    const SheetRule *palette;      /* NULL: the :root colours */
    Reported reported;
} Check;

static void check_pair(Check *c, const Rule *rule, const SheetRule *r, int line, CssColor fg,
                       CssColor bg, bool large)
{
    fg = css_blend(fg, bg);
    double ratio = css_contrast_ratio(fg, bg);
    double need = large ? THEME_CONTRAST_LARGE : THEME_CONTRAST_NORMAL;
    if (ratio + 1e-9 >= need || !first_report(&c->reported, line, fg, bg))
        return;
    char f[8], b[8];
    hex(fg, f);
    hex(bg, b);
    char *where = c->palette ? xasprintf(" with the colours of %s (line %d)", c->palette->selector,
                                         c->palette->line)
                             : xstrdup("");
    size_t before = c->out->count;
    if (rule == &rule_contrast)
        findings_add_at(c->out, rule, c->path, line,
            "Text in %s is %s on %s%s: a contrast of %.2f:1, and %s text needs at least %.1f:1. "
            "Make the text darker or the background lighter (or the other way round).",
            r->selector, f, b, where, ratio, large ? "large" : "normal", need);
    else
        findings_add_at(c->out, rule, c->path, line,
            "%s sets the background %s, but the page's text is %s%s: a contrast of %.2f:1, under "
            "%.1f:1. Set a text colour in this rule that contrasts with its background.",
            r->selector, b, f, where, ratio, need);
    if (c->out->count > before)
        findings_set_excerpt(c->out, r->selector);
    free(where);
}

static void check_palette(Check *c, const Sheet *sh, const Vars *vars)
{
    CssColor white = {255, 255, 255, 1}, black = {0, 0, 0, 1};
    CssColor page_bg = white, page_fg = black;
    const SheetRule *fg_rule = NULL;
    const Decl *fg_decl = NULL;
    for (size_t i = 0; i < sh->count; i++) {
        const SheetRule *r = &sh->rules[i];
        if (!is_rootish(r->selector))
            continue;
        bool shorthand;
        const Decl *bg = background_decl(r, &shorthand);
        CssColor col;
        if (bg && value_color(bg->value, vars, shorthand, &col))
            page_bg = css_blend(col, white);
        const Decl *fg = find_decl(r, "color");
        if (fg && value_color(fg->value, vars, false, &col)) {
            page_fg = col;
            fg_rule = r;
            fg_decl = fg;
        }
    }
    if (fg_decl)
        check_pair(c, &rule_contrast, fg_rule, fg_decl->line, page_fg, page_bg, false);

    for (size_t i = 0; i < sh->count; i++) {
        const SheetRule *r = &sh->rules[i];
        if (is_rootish(r->selector) || !sets_colors(r))
            continue;
        bool shorthand;
        const Decl *bg_decl = background_decl(r, &shorthand);
        const Decl *color = find_decl(r, "color");
        CssColor fg, bg;
        bool has_fg = color && value_color(color->value, vars, false, &fg);
        bool has_bg = bg_decl && value_color(bg_decl->value, vars, shorthand, &bg);
        bool large = is_large_text(r, vars);
        if (has_bg)
            bg = css_blend(bg, page_bg);
        if (has_fg && !bg_decl) {
            const Decl *paired = paired_background(sh, r, color, &shorthand);
            if (paired && value_color(paired->value, vars, shorthand, &bg)) {
                bg = css_blend(bg, page_bg);
                has_bg = true;
            }
        }
        if (has_fg && bg_decl && !has_bg) {
            /* An image or gradient behind the text: its colours are unknown. */
        } else if (has_fg) {
            check_pair(c, &rule_contrast, r, color->line, fg, has_bg ? bg : page_bg, large);
        } else if (has_bg && !color && !styles_replaced_element(r->selector)) {
            const Decl *base = modifier_color(sh, r);
            CssColor text = page_fg;
            if (base && value_color(base->value, vars, false, &text))
                check_pair(c, &rule_contrast, r, bg_decl->line, text, bg, large);
            else if (!base)
                check_pair(c, &rule_contrast_inherited, r, bg_decl->line, page_fg, bg, large);
        }
    }
}

void theme_check_stylesheet(const char *css, const char *path, FindingList *out)
{
    if (!css)
        return;
    char *text = without_comments(css);
    Sheet sh = {0};
    LineCursor lc = { text, 0, 1 };
    scan(text, 0, strlen(text), &lc, false, &sh);

    /* The :root colours, then each palette on top of them. */
    Vars base = {0};
    for (size_t i = 0; i < sh.count; i++) {
        const SheetRule *r = &sh.rules[i];
        if (is_rootish(r->selector) && !r->dark)
            for (size_t j = 0; j < r->count; j++)
                if (str_starts_with(r->decls[j].prop, "--"))
                    vars_push(&base, &r->decls[j]);
    }
    Check c = { .path = path, .out = out };
    check_palette(&c, &sh, &base);
    for (size_t i = 0; i < sh.count; i++) {
        const SheetRule *r = &sh.rules[i];
        if ((is_rootish(r->selector) && !r->dark) || !defines_color_vars(r))
            continue;
        Vars palette = base;
        palette.items = xmalloc((base.count + r->count) * sizeof *palette.items);
        memcpy(palette.items, base.items, base.count * sizeof *base.items);
        palette.cap = base.count + r->count;
        for (size_t j = 0; j < r->count; j++)
            if (str_starts_with(r->decls[j].prop, "--"))
                vars_push(&palette, &r->decls[j]);
        c.palette = r;
        check_palette(&c, &sh, &palette);
        free(palette.items);
    }
    free(c.reported.items);
    free(base.items);
    sheet_free(&sh);
    free(text);
}
