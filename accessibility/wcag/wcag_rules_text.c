/* wcag_rules_text.c: rules about text and form input — language of parts,
 * autocomplete, text spacing, contrast and the order of heading levels. */
#include "css.h"
#include "util.h"
#include "wcag_lang.h"
#include "wcag_rules.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool blank_text(const xmlChar *s)
{
    for (; s && *s; s++)
        if (!isspace(*s))
            return false;
    return true;
}

/* ---- language of parts ---- */

/* ACT's "text inheriting its programmatic language" counts an element's
 * accessible name and description as well as its text nodes: a button
 * named only by aria-label is read in the language around it.  Names from
 * content are the text nodes already counted, so only the attributes that
 * give a name or description from elsewhere are looked at. */
static bool has_accessible_text(const WcagPage *page, xmlNodePtr el)
{
    if (page_excluded(page, el))
        return false;
    if (wp_attr_nonblank(el, "aria-label") || wp_attr_nonblank(el, "title") ||
        wp_attr_nonblank(el, "aria-description") || wp_attr_nonblank(el, "placeholder") ||
        ((wp_is_tag(el, "img") || wp_is_tag(el, "area") || wp_is_tag(el, "input")) &&
         wp_attr_nonblank(el, "alt")))
        return true;
    if (!wp_has_attr(el, "aria-labelledby") && !wp_has_attr(el, "aria-describedby"))
        return false;
    char *name = page_accessible_name(page, el);
    bool found = !blank_text((const xmlChar *)name);
    free(name);
    if (!found && wp_has_attr(el, "aria-describedby")) {
        const char *ids = wp_attr(el, "aria-describedby");
        char *copy = xstrdup(ids), *save = NULL;
        for (char *id = strtok_r(copy, " \t\n\r\f", &save); id && !found;
             id = strtok_r(NULL, " \t\n\r\f", &save)) {
            xmlNodePtr target = page_by_id(page, id);
            if (target) {
                char *text = page_visible_text(page, target);
                found = !blank_text((const xmlChar *)text);
                free(text);
            }
        }
        free(copy);
    }
    return found;
}

/* True when some text takes its language from el: el's own name, and text
 * and names under el whose nearest lang attribute is el's, rendered. */
static bool has_own_language_text(const WcagPage *page, xmlNodePtr el, int depth)
{
    if (depth > 64)
        return false;
    if (has_accessible_text(page, el))
        return true;
    for (xmlNodePtr k = el->children; k; k = k->next) {
        if (k->type == XML_TEXT_NODE && !blank_text(k->content))
            return true;
        if (!wp_is_element(k) || page_not_rendered(page, k) || wp_has_attr(k, "lang"))
            continue;
        if (has_own_language_text(page, k, depth + 1))
            return true;
    }
    return false;
}

static void check_element_lang(WcagPage *page, xmlNodePtr el)
{
    const char *lang = wp_attr(el, "lang");
    if (!lang || !*lang || el == page->root || page_not_rendered(page, el))
        return;
    if (wcag_lang_valid(lang) || !has_own_language_text(page, el, 0))
        return;
    findings_add_node(page->out, &RULE_LANG_VALID, el,
                      "lang=\"%s\" is not a language code, so screen readers cannot switch "
                      "voice for this part. Use a code such as \"en\", \"cy\" or \"fr\".", lang);
}

/* ---- autocomplete ---- */

static bool in_list(const char *word, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(word, list[i]))
            return true;
    return false;
}

static const char *const plain_fields[] = {
    "name", "honorific-prefix", "given-name", "additional-name", "family-name",
    "honorific-suffix", "nickname", "username", "new-password", "current-password",
    "one-time-code", "organization-title", "organization", "street-address", "address-line1",
    "address-line2", "address-line3", "address-level4", "address-level3", "address-level2",
    "address-level1", "country", "country-name", "postal-code", "cc-name", "cc-given-name",
    "cc-additional-name", "cc-family-name", "cc-number", "cc-exp", "cc-exp-month",
    "cc-exp-year", "cc-csc", "cc-type", "transaction-currency", "transaction-amount",
    "language", "bday", "bday-day", "bday-month", "bday-year", "sex", "url", "photo",
};
static const char *const contact_fields[] = {
    "tel", "tel-country-code", "tel-national", "tel-area-code", "tel-local",
    "tel-local-prefix", "tel-local-suffix", "tel-extension", "email", "impp",
};
static const char *const contact_kinds[] = {"home", "work", "mobile", "fax", "pager"};

/* The HTML autofill field table sorts field names into control groups,
 * and each group may only be used on some kinds of control: a birthday
 * day is a number, so not a date field; a street address spans lines, so
 * not a phone field.  Field names not listed are in the Text group. */
static const struct {
    const char *field;
    const char *group;
} field_groups[] = {
    {"street-address", "multiline"}, {"username", "username"},
    {"new-password", "password"}, {"current-password", "password"},
    {"one-time-code", "password"}, {"cc-exp", "month"}, {"cc-exp-month", "numeric"},
    {"cc-exp-year", "numeric"}, {"transaction-amount", "numeric"}, {"bday", "date"},
    {"bday-day", "numeric"}, {"bday-month", "numeric"}, {"bday-year", "numeric"},
    {"url", "url"}, {"photo", "url"}, {"impp", "url"}, {"tel", "tel"}, {"email", "email"},
};

/* The control kinds (input types, or "textarea" / "select") each group
 * allows besides hidden inputs, textareas and selects, which take any. */
static const struct {
    const char *group;
    const char *types;
} group_types[] = {
    {"text", "text search"},
    /* HTML lists only textarea and select for Multiline, but browsers fill
     * one-line fields too, where addresses are often typed: no warning. */
    {"multiline", "text search"},
    {"password", "text search password"}, {"url", "text search url"},
    {"email", "text search email"}, {"tel", "text search tel"},
    {"numeric", "text search number"}, {"month", "text search month"},
    {"date", "text search date"}, {"username", "text search email"},
};

static bool word_in(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
            return true;
    return false;
}

/* True when the field name may be used on a control of this kind. */
static bool field_fits_control(const char *field, const char *kind)
{
    if (!strcmp(kind, "hidden") || !strcmp(kind, "textarea") || !strcmp(kind, "select"))
        return true;
    const char *group = "text";
    for (size_t i = 0; i < sizeof field_groups / sizeof field_groups[0]; i++)
        if (!strcasecmp(field, field_groups[i].field))
            group = field_groups[i].group;
    for (size_t i = 0; i < sizeof group_types / sizeof group_types[0]; i++)
        if (!strcmp(group, group_types[i].group))
            return word_in(group_types[i].types, kind);
    return false;
}

/* Validates an autocomplete value against the HTML grammar:
 * [section-x] [shipping|billing] [home|work|...] field [webauthn],
 * and its field name against the kind of control (kind: the lower-case
 * input type, or "textarea" / "select").  *misfit points into a
 * static string naming the field when the grammar holds but the control
 * does not fit, else it is NULL. */
static bool autocomplete_valid(const char *value, const char *kind, const char **misfit)
{
    *misfit = NULL;
    char *copy = xstrdup(value);
    char *tokens[8];
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(copy, " \t\n\r\f", &save); t; t = strtok_r(NULL, " \t\n\r\f", &save)) {
        if (n == 8) {
            free(copy);
            return false;
        }
        tokens[n++] = t;
    }
    int i = 0;
    bool ok = false;
    if (n == 1 && (!strcasecmp(tokens[0], "on") || !strcasecmp(tokens[0], "off"))) {
        free(copy);
        return true;
    }
    if (n && !strcasecmp(tokens[n - 1], "webauthn"))
        n--;
    if (i < n && !strncasecmp(tokens[i], "section-", 8))
        i++;
    if (i < n && (!strcasecmp(tokens[i], "shipping") || !strcasecmp(tokens[i], "billing")))
        i++;
    if (i + 1 < n + 0 && in_list(tokens[i], contact_kinds, 5)) {
        ok = i + 2 == n && in_list(tokens[i + 1], contact_fields, 10);
    } else if (i + 1 == n) {
        ok = in_list(tokens[i], plain_fields, sizeof plain_fields / sizeof plain_fields[0]) ||
             in_list(tokens[i], contact_fields, 10);
    }
    if (ok && n && !field_fits_control(tokens[n - 1], kind)) {
        for (size_t f = 0; f < sizeof field_groups / sizeof field_groups[0]; f++)
            if (!strcasecmp(tokens[n - 1], field_groups[f].field))
                *misfit = field_groups[f].field;
        if (!*misfit)
            *misfit = "that field";
        ok = false;
    }
    free(copy);
    return ok;
}

/* The WAI-ARIA 1.2 widget roles, composite ones included. */
static bool is_widget_role(const char *role)
{
    static const char *const widgets =
        "button checkbox gridcell link menuitem menuitemcheckbox menuitemradio option "
        "progressbar radio scrollbar searchbox separator slider spinbutton switch tab "
        "tabpanel textbox treeitem combobox grid listbox menu menubar radiogroup tablist "
        "tree treegrid";
    return aria_list_has(widgets, role);
}

static void check_autocomplete(WcagPage *page, xmlNodePtr el)
{
    if (!wp_is_tag(el, "input") && !wp_is_tag(el, "select") && !wp_is_tag(el, "textarea"))
        return;
    const char *value = wp_attr(el, "autocomplete");
    if (!value || !wp_attr_nonblank(el, "autocomplete"))
        return;
    if (wp_is_tag(el, "input")) {
        const char *t = wp_attr(el, "type");
        /* ACT 73f2c2 leaves out only these types; on a checkbox or a file
         * field an invalid value is as invalid as anywhere. */
        if (t && (wp_attr_is(el, "type", "hidden") || wp_attr_is(el, "type", "submit") ||
                  wp_attr_is(el, "type", "reset") || wp_attr_is(el, "type", "button")))
            return;
    }
    if (page_not_rendered(page, el) || page_is_disabled(page, el))
        return;
    if (wp_attr_is(el, "autocomplete", "off") || wp_attr_is(el, "autocomplete", "on"))
        return;
    /* ACT 73f2c2's "static" field: out of the Tab order and given a role
     * that is no widget, nobody fills it in. */
    char rolebuf[32];
    const char *role = page_role(page, el, rolebuf);
    if (role && !is_widget_role(role) && !page_focusable(page, el, true))
        return;
    char kind[16] = "text";
    if (!wp_is_tag(el, "input"))
        snprintf(kind, sizeof kind, "%s", (const char *)el->name);
    else if (wp_attr_nonblank(el, "type")) {
        const char *t = wp_attr(el, "type");
        while (isspace((unsigned char)*t))
            t++;
        size_t i = 0;
        for (; t[i] && !isspace((unsigned char)t[i]) && i + 1 < sizeof kind; i++)
            kind[i] = (char)tolower((unsigned char)t[i]);
        kind[i] = '\0';
        /* An unknown type is a text field. */
        static const char *const known =
            "hidden text search url tel email password date month week time datetime-local "
            "number range color";
        if (!word_in(known, kind))
            snprintf(kind, sizeof kind, "text");
    }
    const char *misfit;
    if (autocomplete_valid(value, kind, &misfit))
        return;
    if (misfit)
        findings_add_node(page->out, &RULE_AUTOCOMPLETE_APPROPRIATE, el,
                          "autocomplete=\"%s\" asks browsers to fill in %s, which does not fit "
                          "a%s %s field, so they will not fill it in. Use a field type that "
                          "matches the value, or a value that fits this field.", value, misfit,
                          strchr("aeiou", kind[0]) ? "n" : "", kind);
    else
        findings_add_node(page->out, &RULE_AUTOCOMPLETE_VALID, el,
                          "autocomplete=\"%s\" is not a value browsers understand, so they "
                          "cannot fill this field in for people. Use a value from the HTML "
                          "list, such as \"email\", \"given-name\" or \"postal-code\".", value);
}

/* ---- text spacing in style attributes ---- */

typedef struct SpacingDecl {
    bool found, important;
    char value[64];
} SpacingDecl;

/* Finds the declaration of prop in a style attribute that wins the
 * cascade there: important beats normal, later beats earlier. */
static SpacingDecl style_declaration(const char *style, const char *prop)
{
    SpacingDecl best = {0};
    size_t plen = strlen(prop);
    const char *p = style;
    while (*p) {
        const char *end = strchr(p, ';');
        if (!end)
            end = p + strlen(p);
        const char *colon = memchr(p, ':', (size_t)(end - p));
        if (colon) {
            const char *name = p;
            while (name < colon && isspace((unsigned char)*name))
                name++;
            const char *name_end = colon;
            while (name_end > name && isspace((unsigned char)name_end[-1]))
                name_end--;
            if ((size_t)(name_end - name) == plen && !strncasecmp(name, prop, plen)) {
                char value[64];
                size_t n = (size_t)(end - colon - 1);
                if (n >= sizeof value)
                    n = sizeof value - 1;
                memcpy(value, colon + 1, n);
                value[n] = '\0';
                bool important = false;
                char *bang = strchr(value, '!');
                if (bang && strcasestr(bang, "important")) {
                    important = true;
                    *bang = '\0';
                }
                if (important || !best.important) {
                    best.found = true;
                    best.important = important;
                    snprintf(best.value, sizeof best.value, "%s", str_trim(value));
                }
            }
        }
        p = *end ? end + 1 : end;
    }
    return best;
}

/* Font size of the element's own text.  ACT 24afc2, 9e45ec and 78fd32
 * apply to elements with visible text node children only: a spacing tool
 * sets its value on every element (* { ... !important }), which beats a
 * value that descendants merely inherit, so only the element's own text
 * is locked by its style attribute. */
static bool text_font_size(const WcagPage *page, xmlNodePtr el, double *size)
{
    for (xmlNodePtr k = el->children; k; k = k->next)
        if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) &&
            !blank_text(k->content)) {
            const CssStyle *s = css_style_of(page->styles, el);
            *size = s ? s->font_size_px : 16;
            return true;
        }
    return false;
}

static void check_spacing_property(WcagPage *page, xmlNodePtr el, const char *style,
                                   const char *prop, double minimum, const Rule *rule)
{
    SpacingDecl d = style_declaration(style, prop);
    if (!d.found || !d.important)
        return;
    if (!strcasecmp(d.value, "inherit") || !strcasecmp(d.value, "unset") ||
        !strcasecmp(d.value, "revert") || !strcasecmp(d.value, "revert-layer"))
        return;
    double text_size;
    if (!text_font_size(page, el, &text_size))
        return;
    const CssStyle *own = css_style_of(page->styles, el);
    double own_size = own ? own->font_size_px : 16;
    double ratio;
    if (!strcasecmp(d.value, "normal") || !strcasecmp(d.value, "initial")) {
        ratio = !strcmp(prop, "line-height") ? 1.2 : 0;
    } else {
        char *end;
        double number = strtod(d.value, &end);
        if (!strcmp(prop, "line-height") && end != d.value && *str_trim(end) == '\0') {
            ratio = number;     /* unitless: a factor of the text's own size */
        } else {
            double px;
            if (!css_parse_length(d.value, own_size, 16, own_size, &px))
                return;
            ratio = text_size > 0 ? px / text_size : 0;
        }
    }
    if (ratio + 1e-9 < minimum)
        findings_add_node(page->out, rule, el,
                          "%s is set to %s with !important, below %.2g times the font size, and "
                          "people who need wider spacing cannot change it. Remove !important or "
                          "allow at least %.2gem.", prop, d.value, minimum, minimum);
}

/* ACT 78fd32 applies only where the text can break onto a new line (a
 * soft wrap break).  It never can when the element's own style keeps it
 * on one line, or fixes a width wider than the text set out in one line
 * (counted generously at 0.6em a character). */
static bool never_wraps(const WcagPage *page, xmlNodePtr el, const char *style)
{
    SpacingDecl ws = style_declaration(style, "white-space");
    if (ws.found && (!strcasecmp(ws.value, "nowrap") || !strcasecmp(ws.value, "pre")))
        return true;
    SpacingDecl width = style_declaration(style, "width");
    if (!width.found || strchr(width.value, '%'))
        return false;
    const CssStyle *s = css_style_of(page->styles, el);
    double em = s ? s->font_size_px : 16, px;
    if (!css_parse_length(width.value, em, 16, 0, &px) || px <= 0)
        return false;
    size_t chars = 0;
    for (xmlNodePtr k = el->children; k; k = k->next) {
        if (k->type != XML_TEXT_NODE && k->type != XML_CDATA_SECTION_NODE)
            return false;   /* other boxes inside: their widths are unknown */
        bool space = true;
        for (const xmlChar *c = k->content; c && *c; c++) {
            if ((*c & 0xc0) == 0x80)
                continue;   /* UTF-8 continuation byte */
            if (isspace(*c)) {
                if (!space)
                    chars++;
                space = true;
            } else {
                chars++;
                space = false;
            }
        }
    }
    return chars * 0.6 * em < px;
}

static void check_text_spacing(WcagPage *page, xmlNodePtr el)
{
    const char *style = wp_attr(el, "style");
    if (!style || !strcasestr(style, "important"))
        return;
    if (page_not_rendered(page, el) || page_visually_hidden(page, el))
        return;
    check_spacing_property(page, el, style, "letter-spacing", 0.12, &RULE_LETTER_SPACING);
    check_spacing_property(page, el, style, "word-spacing", 0.16, &RULE_WORD_SPACING);
    if (!never_wraps(page, el, style))
        check_spacing_property(page, el, style, "line-height", 1.5, &RULE_LINE_HEIGHT);
}

void wcag_check_forms_and_text(WcagPage *page, xmlNodePtr el)
{
    if (wp_has_attr(el, "lang"))
        check_element_lang(page, el);
    check_autocomplete(page, el);
    if (wp_has_attr(el, "style"))
        check_text_spacing(page, el);
}

/* ---- contrast ---- */

/* Letters, not just symbols: only text in a human language must meet the
 * contrast minimum. */
static bool has_letters(const xmlChar *s)
{
    for (; *s; s++) {
        if (isalnum(*s))        /* "12 June", "£5": numbers are read too */
            return true;
        if (*s < 0xc3)
            continue;
        /* Decode the character: scripts (Latin-1 letters to Arabic and
         * Indic, then Thai, Hangul, CJK) count; punctuation, arrows,
         * dingbats, emoji and the private-use icon fonts do not. */
        unsigned cp = 0;
        int extra = *s >= 0xf0 ? 3 : *s >= 0xe0 ? 2 : 1;
        cp = *s & (0x3f >> extra);
        for (int k = 0; k < extra && (s[1] & 0xc0) == 0x80; k++)
            cp = (cp << 6) | (*++s & 0x3f);
        if ((cp >= 0xc0 && cp < 0x2000 && cp != 0xd7 && cp != 0xf7) ||
            (cp >= 0x3040 && cp < 0xa000) || (cp >= 0xac00 && cp < 0xd7b0))
            return true;
    }
    return false;
}

/* The first labelable control among the descendants of a label (the
 * control a label without for= labels), however deep. */
static xmlNodePtr first_labelable(xmlNodePtr n, int depth)
{
    for (; n && depth < 64; n = n->next) {
        if (wp_is_tag(n, "input") || wp_is_tag(n, "select") || wp_is_tag(n, "textarea") ||
            wp_is_tag(n, "button") || wp_is_tag(n, "meter") || wp_is_tag(n, "output") ||
            wp_is_tag(n, "progress"))
            return n;
        xmlNodePtr found = wp_is_element(n) ? first_labelable(n->children, depth + 1) : NULL;
        if (found)
            return found;
    }
    return NULL;
}

/* Text of a disabled control, or of a label of one, need not contrast:
 * true when n itself is such a control, label or aria-disabled. */
static bool disabled_here(const WcagPage *page, xmlNodePtr n)
{
    /* aria-disabled disables only widgets and the groups that hold them
     * (the WAI-ARIA 1.2 roles that take it); on a paragraph it does not
     * make grey text acceptable. */
    if (wp_attr_is(n, "aria-disabled", "true")) {
        char buf[32];
        const char *role = page_role(page, n, buf);
        static const char *const takes_disabled =
            " application button gridcell group link menuitem scrollbar separator tab checkbox "
            "combobox option radio slider spinbutton textbox searchbox switch menuitemcheckbox "
            "menuitemradio grid listbox menu menubar radiogroup tablist tree treegrid row "
            "toolbar columnheader rowheader treeitem ";
        char word[40];
        snprintf(word, sizeof word, " %s ", role ? role : "none");
        if (strstr(takes_disabled, word))
            return true;
    }
    if ((wp_is_tag(n, "button") || wp_is_tag(n, "input") || wp_is_tag(n, "select") ||
         wp_is_tag(n, "textarea") || wp_is_tag(n, "option") || wp_is_tag(n, "fieldset") ||
         wp_is_tag(n, "optgroup")) && wp_has_attr(n, "disabled"))
        return true;
    if (wp_is_tag(n, "label")) {
        const char *f = wp_attr(n, "for");
        xmlNodePtr control = f ? page_by_id(page, f) : NULL;
        if (!control)
            control = first_labelable(n->children, 0);
        if (control && page_is_disabled(page, control))
            return true;
    }
    /* Text that names a disabled control through aria-labelledby. */
    const char *id = wp_attr(n, "id");
    return id && *id && page_labels_disabled_control(page, id);
}

/* A lone character such as "X" or "i" in a control named by aria-label is
 * an icon standing in for the name, not text in a human language. */
static bool is_single_character(const xmlChar *text)
{
    size_t chars = 0;
    for (const xmlChar *p = text; *p; p++)
        if (!isspace(*p) && (*p & 0xc0) != 0x80)
            chars++;
    return chars == 1;
}

#define MAX_BACKGROUNDS 16
#define MAX_PAINTED_ANCESTORS 128

/* What the contrast rule needs to know about an element and its
 * ancestors.  Every text node used to walk all its ancestors for each of
 * these; they are worked out once per element instead, each from its
 * parent's, which paints the same backgrounds in the same order. */
typedef struct ContrastContext {
    bool skipped;       /* in svg, option, select or textarea */
    bool disabled;      /* in a disabled control or its label */
    bool hidden;        /* visually hidden here or above */
    bool named;         /* it or an ancestor has aria-label(ledby) */
    bool unknown;       /* an image behind: the contrast cannot be decided */
    int depth;          /* elements from the root down to this one */
    int count;
    double opacity;
    CssColor backgrounds[MAX_BACKGROUNDS];
} ContrastContext;

typedef struct ContrastCache {
    uint32_t *slot_of;      /* per css_element_index: pool index + 1, 0 unknown */
    size_t elements;
    ContrastContext *pool;  /* room for one context per element */
    size_t used, cap;
} ContrastCache;

void wcag_contrast_free(WcagPage *page)
{
    if (!page->contrast)
        return;
    free(page->contrast->slot_of);
    free(page->contrast->pool);
    free(page->contrast);
    page->contrast = NULL;
}

/* Paints one element's background over what its ancestors painted. */
static void paint_element(ContrastContext *c, const CssStyle *s)
{
    c->opacity *= s->opacity;
    if (s->background_kind == CSS_BG_IMAGE) {
        c->unknown = true;
        return;
    }
    CssColor bg = s->background_color;
    bg.a *= c->opacity;
    for (int b = 0; b < c->count; b++)
        c->backgrounds[b] = css_blend(bg, c->backgrounds[b]);
    if (s->background_kind == CSS_BG_GRADIENT && s->stop_count) {
        CssColor next[MAX_BACKGROUNDS];
        int n = 0;
        for (int b = 0; b < c->count; b++)
            for (int k = 0; k < s->stop_count && n < MAX_BACKGROUNDS; k++) {
                CssColor stop = s->stops[k];
                stop.a *= c->opacity;
                next[n++] = css_blend(stop, c->backgrounds[b]);
            }
        memcpy(c->backgrounds, next, (size_t)n * sizeof *next);
        c->count = n;
    }
}

/* The backgrounds behind el painted from its nearest
 * MAX_PAINTED_ANCESTORS ancestors only: how pages deeper than that were
 * always painted, kept for them. */
static void paint_deep(const WcagPage *page, xmlNodePtr el, ContrastContext *c)
{
    xmlNodePtr chain[MAX_PAINTED_ANCESTORS];
    int depth = 0;
    for (xmlNodePtr n = el; wp_is_element(n) && depth < MAX_PAINTED_ANCESTORS; n = n->parent)
        chain[depth++] = n;
    c->unknown = false;
    c->count = 1;
    c->opacity = 1;
    c->backgrounds[0] = (CssColor){255, 255, 255, 1};
    for (int i = depth - 1; i >= 0 && !c->unknown; i--) {
        const CssStyle *s = css_style_of(page->styles, chain[i]);
        if (s)
            paint_element(c, s);
    }
}

/* Works out n's context into c from its parent's (NULL at the root),
 * copying only the backgrounds the parent has. */
static void make_context(const WcagPage *page, xmlNodePtr n, const ContrastContext *parent,
                         ContrastContext *c)
{
    if (parent) {
        c->skipped = parent->skipped;
        c->disabled = parent->disabled;
        c->hidden = parent->hidden;
        c->named = parent->named;
        c->unknown = parent->unknown;
        c->depth = parent->depth;
        c->count = parent->count;
        c->opacity = parent->opacity;
        memcpy(c->backgrounds, parent->backgrounds, (size_t)parent->count * sizeof *c->backgrounds);
    } else {
        memset(c, 0, sizeof *c);
        c->count = 1;
        c->opacity = 1;
        c->backgrounds[0] = (CssColor){255, 255, 255, 1};
    }
    c->depth++;
    c->skipped = c->skipped || wp_is_tag(n, "svg") || wp_is_tag(n, "option") ||
                 wp_is_tag(n, "select") || wp_is_tag(n, "textarea");
    c->disabled = c->disabled || disabled_here(page, n);
    c->hidden = c->hidden || page_hides_visually(page, n);
    c->named = c->named || wp_attr_nonblank(n, "aria-label") ||
               wp_attr_nonblank(n, "aria-labelledby");
    if (c->depth > MAX_PAINTED_ANCESTORS)
        paint_deep(page, n, c);
    else if (!c->unknown)
        paint_element(c, css_style_of(page->styles, n));
}

/* The context of el (NULL when it has no style), working out those of
 * its ancestors first where not known yet: top down, without recursion,
 * however deep the page. */
static const ContrastContext *contrast_context(WcagPage *page, xmlNodePtr el)
{
    ContrastCache *cache = page->contrast;
    if (!cache) {
        cache = page->contrast = xcalloc(1, sizeof *cache);
        cache->elements = css_element_count(page->styles);
        cache->slot_of = xcalloc(cache->elements ? cache->elements : 1, sizeof *cache->slot_of);
        /* At most one context per element: sized once, never moved. */
        cache->cap = cache->elements ? cache->elements : 1;
        cache->pool = xmalloc(cache->cap * sizeof *cache->pool);
    }
    size_t index = css_element_index(page->styles, el);
    if (index == SIZE_MAX)
        return NULL;
    if (cache->slot_of[index])
        return &cache->pool[cache->slot_of[index] - 1];
    /* The elements without a context yet, from el up. */
    xmlNodePtr local[64], *todo = local;
    size_t *todo_index = NULL, local_index[64];
    todo_index = local_index;
    size_t count = 0, cap = 64;
    uint32_t parent_slot = 0;
    for (xmlNodePtr n = el; wp_is_element(n); n = n->parent) {
        size_t i = n == el ? index : css_element_index(page->styles, n);
        if (i == SIZE_MAX)
            break;
        if (cache->slot_of[i]) {
            parent_slot = cache->slot_of[i];
            break;
        }
        if (count == cap) {
            cap *= 2;
            if (todo == local) {
                todo = xmalloc(cap * sizeof *todo);
                todo_index = xmalloc(cap * sizeof *todo_index);
                memcpy(todo, local, sizeof local);
                memcpy(todo_index, local_index, sizeof local_index);
            } else {
                todo = xrealloc(todo, cap * sizeof *todo);
                todo_index = xrealloc(todo_index, cap * sizeof *todo_index);
            }
        }
        todo[count] = n;
        todo_index[count++] = i;
    }
    while (count--) {
        make_context(page, todo[count], parent_slot ? &cache->pool[parent_slot - 1] : NULL,
                     &cache->pool[cache->used]);
        parent_slot = (uint32_t)++cache->used;
        cache->slot_of[todo_index[count]] = parent_slot;
    }
    if (todo != local) {
        free(todo);
        free(todo_index);
    }
    return &cache->pool[cache->slot_of[index] - 1];
}

void wcag_check_contrast(WcagPage *page, xmlNodePtr text)
{
    if (!page->styles || blank_text(text->content) || !has_letters(text->content))
        return;
    xmlNodePtr el = text->parent;
    if (!wp_is_element(el) || page_not_rendered(page, el))
        return;
    const CssStyle *style = css_style_of(page->styles, el);
    const ContrastContext *context = style ? contrast_context(page, el) : NULL;
    if (!context || context->skipped || context->hidden || context->disabled)
        return;
    if (context->named && is_single_character(text->content))
        return;
    if (context->unknown)
        return;     /* an image behind the text: cannot be decided */
    if (style->font_size_px <= 0)
        return;     /* no glyphs drawn */

    CssColor backgrounds[MAX_BACKGROUNDS];
    int count = context->count;
    double opacity = context->opacity;
    memcpy(backgrounds, context->backgrounds, (size_t)count * sizeof *backgrounds);
    if (style->has_text_shadow && style->text_shadow_color.a > 0) {
        /* A shadow around the glyphs is what the text stands out against. */
        for (int b = 0; b < count; b++) {
            CssColor shadow = style->text_shadow_color;
            shadow.a *= opacity;
            backgrounds[b] = css_blend(shadow, backgrounds[b]);
        }
    }
    CssColor fg = style->color;
    fg.a *= opacity;
    double best = 0;
    for (int b = 0; b < count; b++) {
        CssColor painted = css_blend(fg, backgrounds[b]);
        double ratio = css_contrast_ratio(painted, backgrounds[b]);
        if (ratio > best)
            best = ratio;
    }
    if (best < 1.01)
        return;     /* the text cannot be seen at all: not a contrast question */
    bool large = style->font_size_px >= 24 - 1e-6 ||
                 (style->font_size_px >= 18.66 && style->font_weight >= 700);
    double needed = large ? 3.0 : 4.5;
    if (best + 1e-9 >= needed)
        return;
    /* One finding per element, not per text node in it. */
    for (xmlNodePtr prev = text->prev; prev; prev = prev->prev)
        if (prev->type == XML_TEXT_NODE && !blank_text(prev->content) && has_letters(prev->content))
            return;
    CssColor c = style->color;
    findings_add_node(page->out, &RULE_COLOR_CONTRAST, el,
                      "Text contrast is %.2f:1 (text colour #%02x%02x%02x); it needs at least "
                      "%.1f:1 for %s text. Use a darker text colour or a lighter background "
                      "(or the other way round).", best, (unsigned)lround(c.r),
                      (unsigned)lround(c.g), (unsigned)lround(c.b), needed,
                      large ? "large" : "normal-sized");
}

/* ---- heading levels ---- */

static int heading_level(const WcagPage *page, xmlNodePtr el)
{
    char buf[32];
    const char *role = page_role(page, el, buf);
    if (!role || strcmp(role, "heading"))
        return 0;
    const char *level = wp_attr(el, "aria-level");
    if (level && atoi(level) > 0)
        return atoi(level);
    const char *n = (const char *)el->name;
    if (n[0] == 'h' && n[1] >= '1' && n[1] <= '6' && !n[2])
        return n[1] - '0';
    return 2;
}

static void heading_walk(WcagPage *page, xmlNodePtr n, int *last)
{
    for (; n; n = n->next) {
        if (!wp_is_element(n) || wp_is_tag(n, "head") || wp_is_tag(n, "template"))
            continue;
        if (page_excluded(page, n))
            continue;
        int level = heading_level(page, n);
        if (level) {
            if (*last && level > *last + 1)
                findings_add_node(page->out, &RULE_HEADING_ORDER, n,
                                  "This heading is level %d but the one before it is level %d, "
                                  "so a level is skipped. Use level %d here so the outline "
                                  "makes sense to screen reader users.", level, *last,
                                  *last + 1);
            *last = level;
            continue;
        }
        heading_walk(page, n->children, last);
    }
}

void wcag_check_heading_order(WcagPage *page)
{
    if (!page->is_html)
        return;
    int last = 0;
    heading_walk(page, page->root, &last);
}
