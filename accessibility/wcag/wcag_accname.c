/* wcag_accname.c: the accessible name of an element (W3C accname 1.2) and
 * the text it reads out, from the answers wcag_page.c gives about roles,
 * visibility and ids. */
#include "wcag_accname.h"
#include "wcag_page.h"
#include "dom.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct NameWalk {
    const WcagPage *page;
    int depth;
    bool in_labelledby;     /* following aria-labelledby: do not follow again */
    bool in_content;        /* collecting a name from descendants */
    bool allow_hidden;      /* inside a hidden node aria-labelledby points at */
    xmlNodePtr visited[24];
    int visited_count;
    long *budget;           /* steps left for this name, shared by the whole walk */
} NameWalk;

/* Labels inside labels inside labels can make the walk revisit the same
 * nodes exponentially often (a fuzzed 7 KB page took 10 s).  No real name
 * needs more steps than this; past it the name is what was found so far. */
#define NAME_WALK_BUDGET 20000

static void name_of(NameWalk *w, xmlNodePtr el, StrBuf *out, bool referenced);

static bool is_inline_tag(xmlNodePtr el)
{
    static const char *const inline_tags[] = {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i",
        "img", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
        "sup", "time", "u", "var", "wbr", "del", "ins", "button", "input", "select",
        "textarea", "output", "meter", "progress", "svg", "tt", "big", "strike",
    };
    for (size_t i = 0; i < sizeof inline_tags / sizeof inline_tags[0]; i++)
        if (wp_is_tag(el, inline_tags[i]))
            return true;
    return false;
}

/* Appends text with runs of white space collapsed to one space. */
static void append_collapsed(StrBuf *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (isspace((unsigned char)*p)) {
            if (out->len && out->data[out->len - 1] != ' ')
                sb_append_char(out, ' ');
        } else
            sb_append_char(out, *p);
    }
}

static void append_space(StrBuf *out)
{
    if (out->len && out->data[out->len - 1] != ' ')
        sb_append_char(out, ' ');
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* True when nothing but space was added to sb after start.  sb->data is
 * NULL until the first append, and NULL + 0 is undefined (UBSan, fuzzing). */
static bool blank_since(const StrBuf *sb, size_t start)
{
    return !sb->data || blank(sb->data + start);
}

static void name_from_children(NameWalk *w, xmlNodePtr el, StrBuf *out)
{
    for (xmlNodePtr k = el->children; k; k = k->next) {
        if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
            if (k->content)
                append_collapsed(out, (const char *)k->content);
        } else if (wp_is_element(k)) {
            if (wp_is_tag(k, "br")) {
                append_space(out);
                continue;
            }
            bool block = !is_inline_tag(k);
            if (block)
                append_space(out);
            NameWalk child = *w;
            child.in_content = true;
            child.depth = w->depth + 1;
            name_of(&child, k, out, false);
            if (block)
                append_space(out);
        }
    }
}

/* The labels of a form control: label[for=id] and a wrapping label. */
static void label_names(NameWalk *w, xmlNodePtr el, StrBuf *out)
{
    const char *id = wp_attr(el, "id");
    size_t before = out->len;
    if (id && *id) {
        for (size_t i = 0; i < w->page->label_count; i++) {
            xmlNodePtr n = w->page->labels[i];
            if (!wp_attr_is(n, "for", id))
                continue;
            NameWalk lw = *w;
            lw.in_content = true;
            lw.depth = w->depth + 1;
            /* accname 1.2 step 2A: a hidden <label> still names its
             * control, hidden content and all, as a hidden element that
             * aria-labelledby points at does. */
            lw.allow_hidden = w->allow_hidden || page_excluded(w->page, n);
            append_space(out);
            name_from_children(&lw, n, out);
        }
    }
    for (xmlNodePtr p = el->parent; wp_is_element(p); p = p->parent)
        if (wp_is_tag(p, "label")) {
            const char *f = wp_attr(p, "for");
            if (f && *f && (!id || strcmp(f, id)))
                break;     /* labels something else */
            if (f && id && !strcmp(f, id) && out->len > before)
                break;     /* already counted through for= */
            NameWalk lw = *w;
            lw.in_content = true;
            lw.depth = w->depth + 1;
            append_space(out);
            name_from_children(&lw, p, out);
            break;
        }
}

static xmlNodePtr first_child_tag(xmlNodePtr el, const char *name)
{
    for (xmlNodePtr k = el->children; k; k = k->next)
        if (wp_is_tag(k, name))
            return k;
    return NULL;
}

/* SVG-AAM names every SVG element, not only <svg>, from its <title>
 * child; HTML inside a <foreignObject> is HTML again. */
static bool in_svg_content(xmlNodePtr el)
{
    for (xmlNodePtr n = el; wp_is_element(n); n = n->parent) {
        if (wp_is_tag(n, "svg"))
            return true;
        if (wp_is_tag(n, "foreignobject") && n != el)
            return false;
    }
    return false;
}

static bool is_text_input(xmlNodePtr el)
{
    if (wp_is_tag(el, "textarea"))
        return true;
    if (!wp_is_tag(el, "input"))
        return false;
    const char *t = wp_attr(el, "type");
    return !t || !*t || !strcasecmp(t, "text") || !strcasecmp(t, "search") ||
           !strcasecmp(t, "email") || !strcasecmp(t, "tel") || !strcasecmp(t, "url") ||
           !strcasecmp(t, "password") || !strcasecmp(t, "number");
}

static void name_of(NameWalk *w, xmlNodePtr el, StrBuf *out, bool referenced)
{
    if (w->budget && --*w->budget < 0)
        return;
    /* No page deeper than DOM_MAX_DEPTH reaches the checks (they are cut
     * with a message first), so this never cuts a name short on its own. */
    if (!wp_is_element(el) || w->depth > DOM_MAX_DEPTH)
        return;
    for (int i = 0; i < w->visited_count; i++)
        if (w->visited[i] == el)
            return;
    if (w->visited_count < 24)
        w->visited[w->visited_count++] = el;
    if (!referenced && !w->allow_hidden && page_excluded(w->page, el))
        return;
    if (wp_is_tag(el, "script") || wp_is_tag(el, "style") || wp_is_tag(el, "template") ||
        wp_is_tag(el, "head") || wp_is_tag(el, "title"))
        return;

    /* 2B: aria-labelledby. */
    const char *labelledby = wp_attr(el, "aria-labelledby");
    if (!w->in_labelledby && labelledby) {
        StrBuf ref;
        sb_init(&ref);
        char *copy = xstrdup(labelledby);
        char *save = NULL;
        for (char *id = strtok_r(copy, " \t\n\r\f", &save); id; id = strtok_r(NULL, " \t\n\r\f", &save)) {
            xmlNodePtr target = page_by_id(w->page, id);
            if (!target)
                continue;
            NameWalk rw = *w;
            rw.in_labelledby = true;
            rw.in_content = false;
            rw.depth = w->depth + 1;
            rw.allow_hidden = page_excluded(w->page, target);
            append_space(&ref);
            name_of(&rw, target, &ref, true);
        }
        free(copy);
        if (!blank(ref.data)) {
            append_collapsed(out, ref.data);
            sb_free(&ref);
            return;
        }
        sb_free(&ref);
    }

    /* 2C: aria-label. */
    const char *label = wp_attr(el, "aria-label");
    bool embedded_control = (w->in_content || w->in_labelledby) &&
                            (is_text_input(el) || wp_is_tag(el, "select"));
    if (label && !blank(label) && !embedded_control) {
        append_collapsed(out, label);
        return;
    }

    char rolebuf[32];
    const char *role = page_role(w->page, el, rolebuf);
    bool presentational = role && (!strcmp(role, "none") || !strcmp(role, "presentation"));

    /* 2E: a control inside a label or a labelling element gives its value. */
    if (embedded_control) {
        if (wp_is_tag(el, "select")) {
            xmlNodePtr chosen = NULL, first = NULL;
            for (xmlNodePtr o = el->children; o; o = o->next) {
                xmlNodePtr opts[2] = {o, NULL};
                if (wp_is_tag(o, "optgroup"))
                    opts[0] = o->children;
                for (xmlNodePtr p = opts[0]; p; p = wp_is_tag(o, "optgroup") ? p->next : NULL) {
                    if (wp_is_tag(p, "option")) {
                        if (!first)
                            first = p;
                        if (wp_has_attr(p, "selected") && !chosen)
                            chosen = p;
                    }
                    if (!wp_is_tag(o, "optgroup"))
                        break;
                }
            }
            if (!chosen)
                chosen = first;
            if (chosen) {
                NameWalk ow = *w;
                ow.depth++;
                name_from_children(&ow, chosen, out);
            }
        } else {
            const char *value = wp_is_tag(el, "textarea") ? NULL : wp_attr(el, "value");
            if (value)
                append_collapsed(out, value);
            else if (wp_is_tag(el, "textarea") && el->children && el->children->content)
                append_collapsed(out, (const char *)el->children->content);
        }
        return;
    }

    /* 2D: the host language's own labels. */
    if (!presentational) {
        if (wp_is_tag(el, "img") || wp_is_tag(el, "area") ||
            (wp_is_tag(el, "input") && wp_attr_is(el, "type", "image"))) {
            const char *alt = wp_attr(el, "alt");
            if (alt && !blank(alt)) {
                append_collapsed(out, alt);
                return;
            }
        } else if (wp_is_tag(el, "input")) {
            const char *type = wp_attr(el, "type");
            bool button = type && (!strcasecmp(type, "button") || !strcasecmp(type, "submit") ||
                                   !strcasecmp(type, "reset"));
            if (button) {
                const char *value = wp_attr(el, "value");
                if (value && !blank(value)) {
                    append_collapsed(out, value);
                    return;
                }
                if (!strcasecmp(type, "submit") && !value) {
                    sb_append(out, "Submit");
                    return;
                }
                if (!strcasecmp(type, "reset") && !value) {
                    sb_append(out, "Reset");
                    return;
                }
            } else {
                size_t before = out->len;
                label_names(w, el, out);
                if (!blank_since(out, before))
                    return;
            }
        } else if (wp_is_tag(el, "select") || wp_is_tag(el, "textarea") || wp_is_tag(el, "meter") ||
                   wp_is_tag(el, "progress") || wp_is_tag(el, "output") || wp_is_tag(el, "button")) {
            size_t before = out->len;
            label_names(w, el, out);
            if (!blank_since(out, before))
                return;
        } else if (wp_is_tag(el, "fieldset") || wp_is_tag(el, "figure") || wp_is_tag(el, "table")) {
            const char *child = wp_is_tag(el, "fieldset") ? "legend"
                                : wp_is_tag(el, "figure") ? "figcaption" : "caption";
            xmlNodePtr k = first_child_tag(el, child);
            if (k) {
                size_t before = out->len;
                NameWalk cw = *w;
                cw.in_content = true;
                cw.depth++;
                name_from_children(&cw, k, out);
                if (!blank_since(out, before))
                    return;
            }
        } else if (in_svg_content(el)) {
            xmlNodePtr t = first_child_tag(el, "title");
            if (t && t->children && t->children->content && !blank((const char *)t->children->content)) {
                append_collapsed(out, (const char *)t->children->content);
                return;
            }
        } else if (wp_is_tag(el, "optgroup")) {
            const char *l = wp_attr(el, "label");
            if (l && !blank(l)) {
                append_collapsed(out, l);
                return;
            }
        }
    }

    /* 2F: name from content. */
    const AriaRole *r = role ? aria_role(role) : NULL;
    bool from_content = (r && r->name_from_content) || w->in_content || w->in_labelledby ||
                        wp_is_tag(el, "summary") || wp_is_tag(el, "label") || wp_is_tag(el, "legend");
    bool never_from_content = wp_is_tag(el, "img") || wp_is_tag(el, "input") || wp_is_tag(el, "select") ||
                              wp_is_tag(el, "textarea") || wp_is_tag(el, "iframe") ||
                              wp_is_tag(el, "object") || wp_is_tag(el, "embed") ||
                              wp_is_tag(el, "svg") || wp_is_tag(el, "video") || wp_is_tag(el, "audio") ||
                              wp_is_tag(el, "canvas") ||
                              (r && !w->in_content && !w->in_labelledby &&
                               !r->name_from_content) ||
                              (role && (!strcmp(role, "img") || !strcmp(role, "image")) &&
                               !w->in_labelledby);
    if (from_content && !never_from_content) {
        size_t before = out->len;
        name_from_children(w, el, out);
        if (!blank_since(out, before))
            return;
    }

    /* 2I: tooltip and placeholder. */
    const char *title = wp_attr(el, "title");
    if (title && !blank(title)) {
        append_collapsed(out, title);
        return;
    }
    if (is_text_input(el)) {
        const char *ph = wp_attr(el, "placeholder");
        if (!ph)
            ph = wp_attr(el, "aria-placeholder");
        if (ph && !blank(ph))
            append_collapsed(out, ph);
    }
}

static char *trimmed(StrBuf *sb)
{
    char *s = sb_take(sb);
    size_t n = strlen(s), start = 0;
    while (start < n && isspace((unsigned char)s[start]))
        start++;
    while (n > start && isspace((unsigned char)s[n - 1]))
        n--;
    memmove(s, s + start, n - start);
    s[n - start] = '\0';
    return s;
}

char *page_accessible_name(const WcagPage *page, xmlNodePtr el)
{
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "");
    long budget = NAME_WALK_BUDGET;
    NameWalk w = {.page = page, .budget = &budget};
    name_of(&w, el, &sb, true);
    return trimmed(&sb);
}

static void visible_text(const WcagPage *page, xmlNodePtr el, StrBuf *out)
{
    for (xmlNodePtr k = el->children; k; k = k->next) {
        if (k->type == XML_TEXT_NODE && k->content)
            append_collapsed(out, (const char *)k->content);
        else if (wp_is_element(k) && !page_excluded(page, k) && !wp_is_tag(k, "script") &&
                 !wp_is_tag(k, "style") && !wp_is_tag(k, "template")) {
            if (wp_is_tag(k, "img")) {
                const char *alt = wp_attr(k, "alt");
                if (alt)
                    append_collapsed(out, alt);
            } else
                visible_text(page, k, out);
        }
    }
}

char *page_visible_text(const WcagPage *page, xmlNodePtr el)
{
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "");
    visible_text(page, el, &sb);
    return trimmed(&sb);
}
