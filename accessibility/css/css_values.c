/* css_values.c: declarations and their typed values (see css_internal.h). */
#include "css.h"
#include "css_internal.h"
#include "util.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void *css_arena_alloc(Arena *arena, size_t n)
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

char *css_arena_strndup(Arena *arena, const char *s, size_t n)
{
    char *p = css_arena_alloc(arena, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void css_arena_free(Arena *arena)
{
    for (ArenaBlock *b = arena->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    arena->head = NULL;
}


/* ---- Parsing ---- */

bool css_is_ident_char(int c)
{
    return isalnum(c) || c == '-' || c == '_' || c >= 0x80 || c == '\\';
}

/* Skips white space and comments. */
void css_skip_ws(const char **pp, const char *end)
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
const char *css_block_end(const char *p, const char *end)
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
char *css_clean_text(Arena *arena, const char *s, const char *e)
{
    char *out = css_arena_alloc(arena, (size_t)(e - s) + 1);
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
    v->stops = css_arena_alloc(arena, CSS_MAX_STOPS * sizeof *v->stops);
    const char *open = strchr(s, '(');
    if (!open)
        return;
    char *args = css_arena_strndup(arena, open + 1, strlen(open + 1));
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


static void sink_add(DeclSink *sink, Prop prop, bool important, const Value *v)
{
    if (sink->count == sink->cap) {
        int cap = sink->cap ? sink->cap * 2 : 8;
        Declaration *items = css_arena_alloc(sink->arena, (size_t)cap * sizeof *items);
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
    d->name = css_arena_strndup(sink->arena, name, strlen(name));
    d->text = css_arena_strndup(sink->arena, value, strlen(value));
}

/* True when value contains a var() function (any letter case). */
bool css_has_var(const char *value)
{
    for (const char *p = strcasestr(value, "var("); p; p = strcasestr(p + 4, "var("))
        if (p == value || !css_is_ident_char((unsigned char)p[-1]))
            return true;
    return false;
}

/* The properties css_parse_declaration keeps, so a var() in any other is not
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
void css_parse_declaration(DeclSink *sink, const char *prop, char *value)
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
    if (css_has_var(value)) {
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
            char *copy = css_arena_strndup(sink->arena, value, strlen(value));
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
        char *copy = css_arena_strndup(sink->arena, value, strlen(value));
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
        char *copy = css_arena_strndup(sink->arena, value, strlen(value));
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
void css_parse_declarations(DeclSink *sink, const char *s, const char *e)
{
    char *text = css_clean_text(sink->arena, s, e);
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
        css_parse_declaration(sink, name, colon + 1);
    }
}

