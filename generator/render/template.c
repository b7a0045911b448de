/* template.c: filling the theme's HTML templates through libxml2. */
#include "template.h"
#include "diag.h"
#include "dom.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef enum { VALUE_TEXT, VALUE_FLAG, VALUE_NODES, VALUE_LIST } ValueKind;

typedef struct Entry {
    char *key;
    const char *origin;      /* the file the text came from, or NULL */
    int origin_line;         /* its line there; 0 when not known */
    ValueKind kind;
    char *text;
    bool flag;
    xmlNodePtr nodes;        /* unattached list, owned here until placed */
    xmlNodePtr placed_in;    /* the element the nodes were moved into, once used */
    Scope **items;
    size_t count;
} Entry;

struct Scope {
    Scope *parent;
    WordLookup words;        /* data-s words; NULL: look outwards */
    const void *words_data;
    const char *words_fallback_lang;
    const char *origin;      /* given to text values as they are set */
    int origin_line;
    Entry *entries;
    size_t count, cap;
};

struct Template {
    xmlDocPtr doc;
    char *name;
};

/* ---- values ---- */

Scope *scope_new(void)
{
    return xcalloc(1, sizeof(Scope));
}

void scope_free(Scope *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++) {
        Entry *e = &s->entries[i];
        free(e->key);
        free(e->text);
        if (e->nodes)
            xmlFreeNodeList(e->nodes);
        for (size_t k = 0; k < e->count; k++)
            scope_free(e->items[k]);
        free(e->items);
    }
    free(s->entries);
    free(s);
}

static Entry *entry(Scope *s, const char *key, ValueKind kind)
{
    for (size_t i = 0; i < s->count; i++)
        if (!strcmp(s->entries[i].key, key)) {
            Entry *e = &s->entries[i];
            if (e->kind != kind) {
                /* Replacing a value of another kind: drop the old one. */
                free(e->text);
                e->text = NULL;
                if (e->nodes)
                    xmlFreeNodeList(e->nodes);
                e->nodes = NULL;
                e->placed_in = NULL;
                e->kind = kind;
            }
            return e;
        }
    GROW(s->entries, s->count, s->cap);
    Entry *e = &s->entries[s->count++];
    memset(e, 0, sizeof *e);
    e->key = xstrdup(key);
    e->kind = kind;
    return e;
}

void scope_origin(Scope *s, const char *file)
{
    s->origin = file;
    s->origin_line = 0;
}

void scope_origin_at(Scope *s, const char *file, int line)
{
    s->origin = file;
    s->origin_line = line;
}

void scope_text(Scope *s, const char *key, const char *text)
{
    Entry *e = entry(s, key, VALUE_TEXT);
    e->origin = s->origin;
    e->origin_line = s->origin_line;
    free(e->text);
    e->text = text && *text ? xstrdup(text) : NULL;
}

void scope_textf(Scope *s, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = xvasprintf(fmt, ap);
    va_end(ap);
    scope_text(s, key, text);
    free(text);
}

void scope_flag(Scope *s, const char *key, bool on)
{
    entry(s, key, VALUE_FLAG)->flag = on;
}

void scope_nodes(Scope *s, const char *key, xmlNodePtr nodes)
{
    Entry *e = entry(s, key, VALUE_NODES);
    if (e->nodes)
        xmlFreeNodeList(e->nodes);
    e->nodes = nodes;
    e->placed_in = NULL;
}

void scope_list(Scope *s, const char *key)
{
    entry(s, key, VALUE_LIST);
}

Scope *scope_add_item(Scope *s, const char *key)
{
    Entry *e = entry(s, key, VALUE_LIST);
    e->items = xrealloc(e->items, (e->count + 1) * sizeof *e->items);
    Scope *item = scope_new();
    item->parent = s;
    item->origin = s->origin;
    e->items[e->count++] = item;
    return item;
}

void scope_words(Scope *s, WordLookup lookup, const void *data, const char *fallback_lang)
{
    s->words = lookup;
    s->words_data = data;
    s->words_fallback_lang = fallback_lang;
}

/* The word for key; *fallback_lang says the language of the template's
 * text when there is none. */
static const char *word(const Scope *s, const char *key, const char **fallback_lang)
{
    for (; s; s = s->parent)
        if (s->words) {
            if (fallback_lang)
                *fallback_lang = s->words_fallback_lang;
            return s->words(s->words_data, key);
        }
    return NULL;
}

/* Puts text in place of the words of the text node c, keeping the white
 * space around them; false when c holds no words. */
static bool replace_words(xmlNodePtr c, const char *text)
{
    if (c->type != XML_TEXT_NODE || !c->content)
        return false;
    const char *t = (const char *)c->content;
    size_t lead = strspn(t, " \t\r\n"), len = strlen(t);
    if (lead == len)
        return false;
    size_t trail = len;
    while (trail > lead && strchr(" \t\r\n", t[trail - 1]))
        trail--;
    char *value = xasprintf("%.*s%s%s", (int)lead, t, text, t + trail);
    xmlNodeSetContent(c, BAD_CAST value);
    free(value);
    return true;
}

/* Puts a theme word in place of the element's first words, keeping the
 * white space around them and any elements after them ("Email <a>..</a>"). */
static void place_word(xmlNodePtr el, const char *text)
{
    for (xmlNodePtr c = el->children; c; c = c->next)
        if (replace_words(c, text))
            return;
    if (!el->children)
        xmlAddChild(el, xmlNewDocText(el->doc, BAD_CAST text));
}

/* The same for the element's last words ("You can <a>..</a> and write on it."). */
static void place_tail_word(xmlNodePtr el, const char *text)
{
    for (xmlNodePtr c = el->last; c; c = c->prev)
        if (replace_words(c, text))
            return;
}

static Entry *lookup(const Scope *s, const char *key)
{
    for (; s; s = s->parent)
        for (size_t i = 0; i < s->count; i++)
            if (!strcmp(s->entries[i].key, key))
                return &s->entries[i];
    return NULL;
}

static bool truthy(const Entry *e)
{
    if (!e)
        return false;
    switch (e->kind) {
    case VALUE_TEXT:  return e->text != NULL;
    case VALUE_FLAG:  return e->flag;
    case VALUE_NODES: return e->nodes != NULL || e->placed_in != NULL;
    case VALUE_LIST:  return e->count > 0;
    }
    return false;
}

/* ---- templates ---- */

Template *template_load(const char *path, const char *display_name)
{
    size_t len;
    char *html = read_file(path, &len);
    if (!html) {
        diag_error(display_name, 0, "cannot read this template: %s", strerror(errno));
        return NULL;
    }
    xmlDocPtr doc = dom_parse_document(html, len, display_name);
    free(html);
    if (!doc || !xmlDocGetRootElement(doc)) {
        diag_error(display_name, 0, "this template is not HTML sayso can read");
        if (doc)
            xmlFreeDoc(doc);
        return NULL;
    }
    /* Every page is made from it: a bounded depth keeps the walks over
     * the pages bounded too. */
    if (dom_cut_deeper(xmlDocGetRootElement(doc), DOM_MAX_DEPTH)) {
        diag_error(display_name, 0, "this template is nested more than %d elements deep: make it flatter",
                   DOM_MAX_DEPTH);
        xmlFreeDoc(doc);
        return NULL;
    }
    Template *t = xcalloc(1, sizeof *t);
    t->doc = doc;
    t->name = xstrdup(display_name);
    return t;
}

void template_free(Template *t)
{
    if (!t)
        return;
    xmlFreeDoc(t->doc);
    free(t->name);
    free(t);
}

const char *template_name(const Template *t)
{
    return t->name;
}

static void fill(xmlNodePtr el, Scope *scope, const char *template_name);

/* Puts a nodes value into el.  A scope is filled into one template and
 * then freed, and most values are used once, so the nodes move rather
 * than being copied (a page body was copied twice: into its content
 * template, then into the layout).  A value used again is copied from
 * where it went the first time: filling never changes or removes an
 * element already filled. */
static void place_nodes(xmlNodePtr el, Entry *e)
{
    if (e->nodes) {
        xmlAddChildList(el, e->nodes);          /* sets the nodes' document when it differs */
        e->nodes = NULL;
        e->placed_in = el;
    } else if (e->placed_in && e->placed_in->children) {
        xmlAddChildList(el, xmlDocCopyNodeList(el->doc, e->placed_in->children));
    }
}

static void fill_children(xmlNodePtr el, Scope *scope, const char *template_name)
{
    xmlNodePtr c = el->children;
    while (c) {
        xmlNodePtr next = c->next;     /* fill may replace or remove c */
        if (c->type == XML_ELEMENT_NODE)
            fill(c, scope, template_name);
        c = next;
    }
}

static void remove_attr(xmlNodePtr el, const char *name)
{
    xmlAttrPtr a = xmlHasProp(el, BAD_CAST name);
    if (a)
        xmlRemoveProp(a);
}

/* Fills one element (and its subtree) in place. */
static void fill(xmlNodePtr el, Scope *scope, const char *template_name)
{
    const char *each = dom_attr_ref(el, "data-each");
    if (each) {
        char *key = xstrdup(each);
        remove_attr(el, "data-each");
        const Entry *list = lookup(scope, key);
        if (list && list->kind == VALUE_LIST) {
            for (size_t i = 0; i < list->count; i++) {
                xmlNodePtr copy = xmlDocCopyNode(el, el->doc, 1);
                xmlAddPrevSibling(el, copy);
                fill(copy, list->items[i], template_name);
            }
        } else if (list) {
            diag_warning(template_name, (int)xmlGetLineNo(el), "data-each=\"%s\" needs a list", key);
        }
        free(key);
        dom_remove(el);
        return;
    }
    const char *cond = dom_attr_ref(el, "data-if");
    if (cond && !truthy(lookup(scope, cond))) {
        dom_remove(el);
        return;
    }
    cond = dom_attr_ref(el, "data-unless");
    if (cond && truthy(lookup(scope, cond))) {
        dom_remove(el);
        return;
    }
    remove_attr(el, "data-if");
    remove_attr(el, "data-unless");

    /* data-s-attr-NAME="key" and data-s="key": theme words. */
    for (xmlAttrPtr a = el->properties, next; a; a = next) {
        next = a->next;
        const char *name = (const char *)a->name;
        if (!str_starts_with(name, "data-s-attr-"))
            continue;
        xmlChar *key = xmlNodeGetContent((xmlNodePtr)a);
        const char *w = word(scope, (const char *)key, NULL);
        char *target = xstrdup(name + 12);
        xmlRemoveProp(a);
        if (w)
            xmlSetProp(el, BAD_CAST target, BAD_CAST w);
        free(target);
        xmlFree(key);
    }
    const char *tail_key = dom_attr_ref(el, "data-s-tail");
    if (tail_key) {
        const char *w = word(scope, tail_key, NULL);
        if (w)
            place_tail_word(el, w);
        remove_attr(el, "data-s-tail");
    }
    const char *word_key = dom_attr_ref(el, "data-s");
    if (word_key) {
        const char *fallback = NULL;
        const char *w = word(scope, word_key, &fallback);
        if (w)
            place_word(el, w);
        else if (fallback && !xmlHasProp(el, BAD_CAST "lang"))
            xmlSetProp(el, BAD_CAST "lang", BAD_CAST fallback);
        remove_attr(el, "data-s");
    }

    /* data-attr-NAME="key": collect first, since setting changes the list. */
    xmlAttrPtr a = el->properties;
    while (a) {
        xmlAttrPtr next = a->next;
        const char *name = (const char *)a->name;
        if (str_starts_with(name, "data-attr-")) {
            xmlChar *key = xmlNodeGetContent((xmlNodePtr)a);
            const Entry *e = lookup(scope, (const char *)key);
            char *target = xstrdup(name + 10);
            xmlRemoveProp(a);
            if (e && e->kind == VALUE_TEXT && e->text)
                xmlSetProp(el, BAD_CAST target, BAD_CAST e->text);
            else if (e && e->kind == VALUE_FLAG && e->flag)
                xmlSetProp(el, BAD_CAST target, BAD_CAST target);
            else
                remove_attr(el, target);   /* unset: drop the placeholder value */
            free(target);
            xmlFree(key);
        }
        a = next;
    }

    const char *text_key = dom_attr_ref(el, "data-text");
    if (text_key) {
        const Entry *e = lookup(scope, text_key);
        dom_clear(el);
        if (e && e->kind == VALUE_TEXT && e->text) {
            xmlAddChild(el, xmlNewDocText(el->doc, BAD_CAST e->text));
            if (e->origin) {
                /* Line 0: the file is known, the line within it is not. */
                xmlSetProp(el, BAD_CAST "data-sayso-source", BAD_CAST e->origin);
                xmlSetProp(el, BAD_CAST "data-sayso-line", BAD_CAST "0");
                if (e->origin_line > 0) {
                    char at[16];
                    snprintf(at, sizeof at, "%d", e->origin_line);
                    xmlSetProp(el, BAD_CAST "data-sayso-at", BAD_CAST at);
                }
            }
        }
        remove_attr(el, "data-text");
        return;
    }
    const char *html_key = dom_attr_ref(el, "data-html");
    if (html_key) {
        Entry *e = lookup(scope, html_key);
        dom_clear(el);
        if (e && e->kind == VALUE_NODES)
            place_nodes(el, e);
        remove_attr(el, "data-html");
        return;
    }
    fill_children(el, scope, template_name);
}

xmlDocPtr template_render_document(const Template *t, Scope *scope)
{
    xmlDocPtr doc = xmlCopyDoc(t->doc, 1);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    dom_set(root, "data-sayso-template", t->name);
    fill(root, scope, t->name);
    return doc;
}

xmlNodePtr template_render_fragment(const Template *t, Scope *scope, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(t->doc);
    xmlNodePtr body = dom_find_element(root, "body");
    xmlNodePtr from = body ? body->children : root;
    /* Work inside a holder element so fill() can add and remove siblings. */
    xmlNodePtr holder = xmlNewDocNode(doc, NULL, BAD_CAST "div", NULL);
    xmlAddChildList(holder, xmlDocCopyNodeList(doc, from));
    for (xmlNodePtr c = holder->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            dom_set(c, "data-sayso-template", t->name);
    fill_children(holder, scope, t->name);
    xmlNodePtr list = holder->children;
    for (xmlNodePtr c = list; c; c = c->next)
        c->parent = NULL;
    holder->children = holder->last = NULL;
    xmlFreeNode(holder);
    return list;
}
