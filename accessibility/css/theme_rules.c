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

/* ---- the stylesheet, as css.h parsed it --------------------------------- */

typedef CssSourceRule SheetRule;
typedef CssSourceDecl Decl;

typedef struct Sheet {
    SheetRule *rules;       /* the sheet's rules, less print and forced colours */
    size_t count;
} Sheet;

static bool is_dark(const SheetRule *r)
{
    return (r->media & CSS_MEDIA_DARK) != 0;
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

static char *trimmed_copy(const char *s, size_t from, size_t to)
{
    while (from < to && isspace((unsigned char)s[from]))
        from++;
    while (to > from && isspace((unsigned char)s[to - 1]))
        to--;
    return xstrndup(s + from, to - from);
}

/* ---- palettes and values ---------------------------------------------- */

/* value with every var() substituted by the one CSS engine (css.h);
 * NULL when it is invalid at computed-value time. */
static char *resolve(const char *value, const CssVars *vars)
{
    return css_vars_substitute(vars, value);
}

/* The colour of a color/background value, or false.  For the background
 * shorthand, the first part that is a colour; images and gradients make
 * the background unknown. */
static bool value_color(const char *value, const CssVars *vars, bool shorthand, CssColor *out)
{
    char *v = resolve(value, vars);
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
        if (!strcmp(r->decls[i].property, prop))
            found = &r->decls[i];
    return found;
}

static bool defines_color_vars(const SheetRule *r)
{
    for (size_t i = 0; i < r->count; i++) {
        CssColor c;
        if (str_starts_with(r->decls[i].property, "--") && css_parse_color(r->decls[i].value, &c))
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
        if (!strcmp(r->decls[i].property, "background-color") || !strcmp(r->decls[i].property, "background"))
            found = &r->decls[i];
    *shorthand = found && !strcmp(found->property, "background");
    return found;
}

static bool is_large_text(const SheetRule *r, const CssVars *vars)
{
    double px = 0;
    const Decl *size = find_decl(r, "font-size");
    if (size) {
        char *v = resolve(size->value, vars);
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
    GROW(r->items, r->count, r->cap);
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

static void check_palette(Check *c, const Sheet *sh, const CssVars *vars)
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

/* The custom properties of the root element when base rules and then, if
 * given, one palette rule set theirs: one element's declarations in
 * cascade order, so a palette's value wins and var() sees it. */
static CssVars *palette_vars(const Sheet *sh, const SheetRule *palette)
{
    size_t cap = palette ? palette->count : 0, n = 0;
    for (size_t i = 0; i < sh->count; i++)
        cap += sh->rules[i].count;
    const char **names = xmalloc((cap ? cap : 1) * sizeof *names);
    const char **values = xmalloc((cap ? cap : 1) * sizeof *values);
    for (size_t i = 0; i < sh->count; i++) {
        const SheetRule *r = &sh->rules[i];
        if (is_rootish(r->selector) && !is_dark(r))
            for (size_t j = 0; j < r->count; j++) {
                names[n] = r->decls[j].property;
                values[n++] = r->decls[j].value;
            }
    }
    for (size_t j = 0; palette && j < palette->count; j++) {
        names[n] = palette->decls[j].property;
        values[n++] = palette->decls[j].value;
    }
    CssVars *vars = css_vars_declare(NULL, names, values, n);
    free(names);
    free(values);
    return vars;
}

void theme_check_stylesheet(const char *css, const char *path, FindingList *out)
{
    if (!css)
        return;
    CssStylesheet *parsed = css_stylesheet_parse_source(css, strlen(css));
    size_t total;
    const CssSourceRule *all = css_stylesheet_source(parsed, &total);
    /* Print and forced colours have colours of their own. */
    Sheet sh = { xmalloc((total ? total : 1) * sizeof *sh.rules), 0 };
    for (size_t i = 0; i < total; i++)
        if (!(all[i].media & CSS_MEDIA_PRINT))
            sh.rules[sh.count++] = all[i];

    /* The :root colours, then each palette on top of them. */
    Check c = { .path = path, .out = out };
    CssVars *base = palette_vars(&sh, NULL);
    check_palette(&c, &sh, base);
    css_vars_free(base);
    for (size_t i = 0; i < sh.count; i++) {
        const SheetRule *r = &sh.rules[i];
        if ((is_rootish(r->selector) && !is_dark(r)) || !defines_color_vars(r))
            continue;
        CssVars *palette = palette_vars(&sh, r);
        c.palette = r;
        check_palette(&c, &sh, palette);
        css_vars_free(palette);
    }
    free(c.reported.items);
    free(sh.rules);
    css_stylesheet_free(parsed);
}
