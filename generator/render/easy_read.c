/* easy_read.c: shaping rendered Markdown for easy read and large print.
 *
 * Easy read pairs every idea with a picture: each paragraph that starts
 * with an image becomes a row, picture on the left and words on the right.
 * The rows keep the paragraph's data-sourcepos, so the easy-read checks can
 * name the line of a row that breaks a rule.
 */
#include "render_internal.h"
#include "dom.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_blank_text(xmlNodePtr n)
{
    if (n->type != XML_TEXT_NODE)
        return false;
    for (const xmlChar *p = n->content; p && *p; p++)
        if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
            return false;
    return true;
}

/* The image a paragraph starts with, or NULL. */
static xmlNodePtr leading_image(xmlNodePtr p)
{
    for (xmlNodePtr c = p->children; c; c = c->next) {
        if (is_blank_text(c))
            continue;
        return dom_is(c, "img") ? c : NULL;
    }
    return NULL;
}

static void copy_sourcepos(xmlNodePtr from, xmlNodePtr to)
{
    const char *pos = dom_attr_ref(from, "data-sourcepos");
    if (pos)
        dom_set(to, "data-sourcepos", pos);
}

/* ```glossary blocks: one "word: meaning" per line. */
static xmlNodePtr glossary_from(xmlNodePtr pre, xmlDocPtr doc, xmlNodePtr glossary)
{
    xmlNodePtr code = pre->children;
    if (!glossary) {
        glossary = dom_element(doc, NULL, "dl", NULL);
        dom_set(glossary, "class", "glossary");
        copy_sourcepos(pre, glossary);
    }
    xmlChar *raw = xmlNodeGetContent(code);
    char *text = xstrdup((const char *)raw);
    xmlFree(raw);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        *colon = '\0';
        char *word = str_trim(line), *meaning = str_trim(colon + 1);
        if (!*word || !*meaning)
            continue;
        dom_element(doc, glossary, "dt", word);
        dom_element(doc, glossary, "dd", meaning);
    }
    free(text);
    return glossary;
}

static xmlNodePtr new_row(xmlDocPtr doc, xmlNodePtr section, xmlNodePtr source, xmlNodePtr img)
{
    xmlNodePtr row = dom_element(doc, section, "div", NULL);
    dom_set(row, "class", img ? "easy-row" : "easy-row easy-row-no-picture");
    copy_sourcepos(source, row);
    if (img) {
        xmlNodePtr pic = dom_element(doc, row, "div", NULL);
        dom_set(pic, "class", "easy-picture");
        xmlUnlinkNode(img);
        xmlAddChild(pic, img);
    }
    xmlNodePtr words = dom_element(doc, row, "div", NULL);
    dom_set(words, "class", "easy-words");
    return row;
}

static xmlNodePtr row_words(xmlNodePtr row)
{
    return row->last;
}

/* Where in text (from `from`) term starts as a word of its own, perhaps
 * with a plural or "-ed"/"-ing" ending; sets *len to the match's length. */
static const char *find_term(const char *text, const char *term, size_t *len)
{
    static const char *const endings[] = {"ing", "es", "ed", "s", "d", "", NULL};
    size_t n = strlen(term);
    if (!n)
        return NULL;
    for (const char *p = text; *p; p++) {
        if (p > text && (isalnum((unsigned char)p[-1]) || (unsigned char)p[-1] >= 0x80))
            continue;
        if (strncasecmp(p, term, n) != 0)
            continue;
        for (const char *const *e = endings; *e; e++) {
            size_t m = strlen(*e);
            const char *end = p + n + m;
            if (!strncasecmp(p + n, *e, m) && !isalnum((unsigned char)*end) && (unsigned char)*end < 0x80) {
                *len = n + m;
                return p;
            }
        }
    }
    return NULL;
}

/* Marks each glossary word where the page's rows use it: in bold, and the
 * first time as a link to what it means. */
static void mark_glossary_words(xmlNodePtr prose, xmlNodePtr glossary, xmlDocPtr doc)
{
    StrList terms = {0}, ids = {0};
    for (xmlNodePtr dt = glossary->children; dt; dt = dt->next) {
        if (!dom_is(dt, "dt"))
            continue;
        char *term = node_text(dt), *slug = slugify(term);
        char *id = xasprintf("glossary-%s", slug);
        if (!dom_attr_ref(dt, "id"))
            dom_set(dt, "id", id);
        sl_push_owned(&terms, term);
        sl_push_owned(&ids, id);
        free(slug);
    }
    bool *linked = xcalloc(terms.count + 1, sizeof *linked);
    for (xmlNodePtr n = prose; n;) {
        if (n->type == XML_ELEMENT_NODE && (dom_is(n, "a") || dom_heading_level(n) || n == glossary)) {
            n = dom_next_skip(n, prose);
            continue;
        }
        if (n->type != XML_TEXT_NODE || !n->content) {
            n = dom_next(n, prose);
            continue;
        }
        const char *text = (const char *)n->content, *best = NULL;
        size_t best_len = 0, best_term = 0;
        for (size_t t = 0; t < terms.count; t++) {
            size_t len;
            const char *at = find_term(text, terms.items[t], &len);
            if (at && (!best || at < best)) {
                best = at;
                best_len = len;
                best_term = t;
            }
        }
        if (!best) {
            n = dom_next(n, prose);
            continue;
        }
        char *word = xstrndup(best, best_len);
        xmlNodePtr after = xmlNewDocText(doc, BAD_CAST (best + best_len));
        /* Copy first: setting a node's content frees the old text. */
        char *before = xstrndup(text, (size_t)(best - text));
        xmlNodeSetContent(n, BAD_CAST before);
        free(before);
        xmlNodePtr mark;
        if (!linked[best_term]) {
            mark = xmlNewDocNode(doc, NULL, BAD_CAST "a", NULL);
            char *href = xasprintf("#%s", ids.items[best_term]);
            dom_set(mark, "href", href);
            free(href);
            xmlAddChild(mark, dom_element(doc, NULL, "strong", word));
            linked[best_term] = true;
        } else {
            mark = dom_element(doc, NULL, "strong", word);
        }
        dom_set(mark, "class", "glossary-word");
        xmlAddNextSibling(n, mark);
        xmlAddNextSibling(mark, after);
        free(word);
        n = after;
    }
    free(linked);
    sl_free(&terms);
    sl_free(&ids);
}

/* The glossary as a section of its own, with a heading and a picture. */
xmlNodePtr easy_picture_row(xmlDocPtr doc, xmlNodePtr parent, const char *root_prefix, const char *picture,
                            const char *alt)
{
    xmlNodePtr row = dom_element(doc, parent, "div", NULL);
    dom_set(row, "class", "easy-row");
    xmlNodePtr pic = dom_element(doc, row, "div", NULL);
    dom_set(pic, "class", "easy-picture");
    xmlNodePtr img = dom_element(doc, pic, "img", NULL);
    char *src = xasprintf("%spictures/%s.svg", root_prefix, picture);
    dom_set(img, "src", src);
    free(src);
    dom_set(img, "alt", alt);
    dom_set(img, "class", "picture");
    xmlNodePtr words = dom_element(doc, row, "div", NULL);
    dom_set(words, "class", "easy-words");
    return words;
}

static void glossary_section(const Renderer *r, xmlNodePtr prose, xmlNodePtr glossary, xmlDocPtr doc,
                             const char *root_prefix)
{
    xmlNodePtr section = dom_element(doc, prose, "section", NULL);
    dom_set(section, "class", "easy-section easy-glossary");
    dom_set(section, "aria-labelledby", "glossary-heading");
    xmlNodePtr h2 = dom_element(doc, section, "h2", render_word(r, "glossary_heading", "What the words mean"));
    dom_set(h2, "id", "glossary-heading");
    xmlNodePtr words = easy_picture_row(doc, section, root_prefix, "book", render_word(r, "alt_book", "A book"));
    dom_element(doc, words, "p", render_word(r, "glossary_intro", "Some words are in bold. This is what they mean."));
    xmlAddChild(words, glossary);
}

void easy_read_rows(const Renderer *r, xmlNodePtr prose, xmlDocPtr doc, const char *root_prefix)
{
    /* Take the blocks out, then put them back as sections of rows. */
    xmlNodePtr blocks = prose->children;
    for (xmlNodePtr c = blocks; c; c = c->next)
        c->parent = NULL;
    prose->children = prose->last = NULL;

    xmlNodePtr section = NULL, row = NULL, glossary = NULL;
    xmlNodePtr n = blocks;
    while (n) {
        xmlNodePtr next = n->next;
        n->prev = n->next = NULL;
        if (n->type != XML_ELEMENT_NODE) {
            if (n->type == XML_COMMENT_NODE && section)
                xmlAddChild(section, n);
            else
                xmlFreeNode(n);
            n = next;
            continue;
        }
        if (dom_heading_level(n) == 2 || !section) {
            section = dom_element(doc, prose, "section", NULL);
            dom_set(section, "class", "easy-section");
            row = NULL;
            if (dom_heading_level(n) == 2) {
                xmlAddChild(section, n);
                n = next;
                continue;
            }
        }
        if (dom_heading_level(n)) {
            xmlAddChild(section, n);
            row = NULL;
        } else if (dom_is(n, "pre") && dom_is(n->children, "code") &&
                   dom_has_class(n->children, "language-glossary")) {
            glossary = glossary_from(n, doc, glossary);
            xmlFreeNode(n);
        } else if (dom_is(n, "p")) {
            xmlNodePtr img = leading_image(n);
            row = new_row(doc, section, n, img);
            /* Drop the space left where the picture was. */
            while (n->children && is_blank_text(n->children))
                dom_remove(n->children);
            if (n->children && n->children->type == XML_TEXT_NODE && n->children->content) {
                /* Copy first: setting a node's content frees the old text. */
                const char *t = (const char *)n->children->content;
                while (*t == ' ')
                    t++;
                char *rest = xstrdup(t);
                xmlNodeSetContent(n->children, BAD_CAST rest);
                free(rest);
            }
            xmlAttrPtr pos = xmlHasProp(n, BAD_CAST "data-sourcepos");
            if (pos)
                xmlRemoveProp(pos);
            if (n->children)
                xmlAddChild(row_words(row), n);
            else
                xmlFreeNode(n);
        } else if (row && (dom_is(n, "ul") || dom_is(n, "ol"))) {
            /* A list right after a row explains that row's idea. */
            xmlAddChild(row_words(row), n);
        } else {
            row = new_row(doc, section, n, NULL);
            xmlAddChild(row_words(row), n);
            row = NULL;
        }
        n = next;
    }
    if (glossary) {
        mark_glossary_words(prose, glossary, doc);
        glossary_section(r, prose, glossary, doc, root_prefix);
    }
}

void large_print_adapt(xmlNodePtr prose)
{
    for (xmlNodePtr n = prose; n; n = dom_next(n, prose))
        if (dom_is(n, "em") || dom_is(n, "i") || dom_is(n, "u") || dom_is(n, "cite"))
            xmlNodeSetName(n, BAD_CAST "strong");
}

xmlNodePtr contents_list(xmlDocPtr doc, xmlNodePtr prose)
{
    size_t count = 0;
    for (xmlNodePtr n = prose; n; n = dom_next(n, prose))
        count += dom_heading_level(n) == 2;
    if (count < 3)
        return NULL;
    xmlNodePtr ol = dom_element(doc, NULL, "ol", NULL);
    for (xmlNodePtr n = prose; n; n = dom_next(n, prose)) {
        if (dom_heading_level(n) != 2)
            continue;
        const char *id = dom_attr_ref(n, "id");
        char *text = node_text(n);
        xmlNodePtr li = dom_element(doc, ol, "li", NULL);
        xmlNodePtr a = dom_element(doc, li, "a", text);
        char *href = xasprintf("#%s", id ? id : "");
        dom_set(a, "href", href);
        free(href);
        free(text);
    }
    return ol;
}

/* An easy-read file usually starts with its own, simpler title
 * ("# Evening buses"): that becomes the page's title, and the line is
 * blanked rather than removed so line numbers still match the file. */
void take_easy_read_title(SourceText *src, char **title)
{
    char *p = src->text;
    if (!p)
        return;
    while (*p == '\n' || *p == '\r' || *p == ' ')
        p++;
    if (p[0] != '#' || p[1] != ' ')
        return;
    char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    char *heading = xstrndup(p + 2, n - 2);
    char *t = str_trim(heading);
    if (*t) {
        free(*title);
        *title = xstrdup(t);
        memset(p, ' ', n);
    }
    free(heading);
}
