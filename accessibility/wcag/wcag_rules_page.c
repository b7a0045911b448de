/* wcag_rules_page.c: rules about the page as a whole — language, title,
 * meta refresh and viewport, and ways to bypass repeated blocks. */
#include "util.h"
#include "wcag_lang.h"
#include "wcag_rules.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- language ---- */

static void check_page_language(WcagPage *page)
{
    xmlNodePtr html = page->root;
    const char *lang = wp_attr(html, "lang");
    const char *xml_lang = wp_attr(html, "xml:lang");
    if (!xml_lang) {
        /* libxml2 keeps the prefix in the attribute's namespace. */
        for (xmlAttrPtr a = html->properties; a; a = a->next)
            if (!strcmp((const char *)a->name, "lang") && a->ns && a->ns->prefix &&
                !strcmp((const char *)a->ns->prefix, "xml") && a->children)
                xml_lang = (const char *)a->children->content;
    }
    if (!lang || !wp_attr_nonblank(html, "lang")) {
        findings_add_node(page->out, &RULE_HTML_HAS_LANG, html,
                          "The page does not say what language it is in. Add a lang attribute "
                          "to the <html> element, for example lang=\"en\", so screen readers "
                          "use the right voice.");
        return;
    }
    if (!wcag_lang_valid(lang)) {
        findings_add_node(page->out, &RULE_HTML_LANG_VALID, html,
                          "The page language \"%s\" is not a language code. Use a code such as "
                          "\"en\" or \"cy\" in the lang attribute of <html>.", lang);
        return;
    }
    if (xml_lang && wcag_lang_valid(xml_lang)) {
        char a[9], b[9];
        if (wcag_lang_primary(lang, a) && wcag_lang_primary(xml_lang, b) && strcmp(a, b))
            findings_add_node(page->out, &RULE_HTML_XML_LANG_MISMATCH, html,
                              "The lang (\"%s\") and xml:lang (\"%s\") of <html> name different "
                              "languages. Make them the same.", lang, xml_lang);
    }
}

/* ---- title ---- */

static xmlNodePtr find_title(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (!wp_is_element(n) || wp_is_tag(n, "template") || wp_is_tag(n, "svg") || wp_is_tag(n, "math"))
            continue;
        if (wp_is_tag(n, "title"))
            return n;
        xmlNodePtr t = find_title(n->children);
        if (t)
            return t;
    }
    return NULL;
}

static void check_title(WcagPage *page)
{
    xmlNodePtr title = find_title(page->root);
    if (!title) {
        findings_add_node(page->out, &RULE_DOCUMENT_TITLE, page->root,
                          "The page has no <title>. Add one that says what the page is about; "
                          "it is the first thing a screen reader announces.");
        return;
    }
    xmlChar *text = xmlNodeGetContent(title);
    bool empty = true;
    for (const xmlChar *p = text; p && *p; p++)
        if (!isspace(*p))
            empty = false;
    xmlFree(text);
    if (empty)
        findings_add_node(page->out, &RULE_DOCUMENT_TITLE, title,
                          "The page title is empty. Write a title that says what the page is "
                          "about.");
}

/* ---- meta refresh ---- */

/* Parses the delay of a refresh as HTML does: digits (and a fraction),
 * then the end or a separator.  Returns false for content that browsers
 * ignore. */
static bool refresh_delay(const char *content, double *delay)
{
    const char *p = content;
    while (isspace((unsigned char)*p))
        p++;
    if (!isdigit((unsigned char)*p))
        return false;
    double v = 0;
    while (isdigit((unsigned char)*p))
        v = v * 10 + (*p++ - '0');
    while (isdigit((unsigned char)*p) || *p == '.')
        p++;
    if (*p && !isspace((unsigned char)*p) && *p != ';' && *p != ',')
        return false;
    *delay = v;
    return true;
}

static void find_refresh(xmlNodePtr n, xmlNodePtr *found, double *delay)
{
    for (; n && !*found; n = n->next) {
        if (!wp_is_element(n) || wp_is_tag(n, "template"))
            continue;
        if (wp_is_tag(n, "meta") && wp_attr_is(n, "http-equiv", "refresh")) {
            const char *content = wp_attr(n, "content");
            if (content && refresh_delay(content, delay)) {
                *found = n;
                return;
            }
        }
        find_refresh(n->children, found, delay);
    }
}

static void check_meta_refresh(WcagPage *page)
{
    xmlNodePtr meta = NULL;
    double delay = 0;
    find_refresh(page->root, &meta, &delay);
    if (!meta || delay == 0)
        return;
    if (delay <= 72000)
        findings_add_node(page->out, &RULE_META_REFRESH, meta,
                          "The page reloads or moves to another page after %.0f seconds. Remove "
                          "the meta refresh, or redirect at once (delay 0), so people are not "
                          "cut off while reading.", delay);
    else
        findings_add_node(page->out, &RULE_META_REFRESH_NO_EXCEPTION, meta,
                          "The page reloads or moves to another page after %.0f seconds. Let "
                          "people choose when to move on instead of using a meta refresh.",
                          delay);
}

/* ---- meta viewport ---- */

/* Reads key=value pairs of a viewport content string. */
static bool viewport_value(const char *content, const char *key, char *out, size_t cap)
{
    size_t klen = strlen(key);
    const char *p = content;
    while (*p) {
        while (*p && (isspace((unsigned char)*p) || *p == ',' || *p == ';'))
            p++;
        const char *k = p;
        while (*p && *p != '=' && *p != ',' && *p != ';' && !isspace((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - k);
        while (isspace((unsigned char)*p))
            p++;
        const char *v = NULL;
        size_t vn = 0;
        if (*p == '=') {
            p++;
            while (isspace((unsigned char)*p))
                p++;
            v = p;
            while (*p && *p != ',' && *p != ';' && !isspace((unsigned char)*p))
                p++;
            vn = (size_t)(p - v);
        }
        if (n == klen && !strncasecmp(k, key, n)) {
            if (vn >= cap)
                vn = cap - 1;
            memcpy(out, v ? v : "", vn);
            out[vn] = '\0';
            return true;
        }
        if (!n && !*p)
            break;
        if (!n)
            p++;
    }
    return false;
}

/* Interprets a viewport number as browsers do: yes = 1, no = 0.1 (the
 * smallest), device-width/height = 10, anything else unparseable = 0.1. */
static double viewport_number(const char *v)
{
    if (!strcasecmp(v, "yes"))
        return 1;
    if (!strcasecmp(v, "no"))
        return 0.1;
    if (!strcasecmp(v, "device-width") || !strcasecmp(v, "device-height"))
        return 10;
    char *end;
    double d = strtod(v, &end);
    if (end == v)
        return 0.1;
    return fabs(d);
}

static void check_viewport(xmlNodePtr n, WcagPage *page)
{
    for (; n; n = n->next) {
        if (!wp_is_element(n) || wp_is_tag(n, "template"))
            continue;
        if (wp_is_tag(n, "meta") && wp_attr_is(n, "name", "viewport") && wp_has_attr(n, "content")) {
            const char *content = wp_attr(n, "content");
            char v[64];
            if (viewport_value(content, "user-scalable", v, sizeof v)) {
                double s = !strcasecmp(v, "no") ? 0 : viewport_number(v);
                if (s > -1 && s < 1)
                    findings_add_node(page->out, &RULE_META_VIEWPORT, n,
                                      "The viewport meta tag sets user-scalable=%s, which stops "
                                      "people zooming in on phones. Remove user-scalable.", v);
            }
            if (viewport_value(content, "maximum-scale", v, sizeof v)) {
                double s = viewport_number(v);
                /* Browsers ignore a negative maximum-scale (it means "auto"). */
                if (strtod(v, NULL) >= 0 && s < 2)
                    findings_add_node(page->out, &RULE_META_VIEWPORT, n,
                                      "The viewport meta tag sets maximum-scale=%s, which stops "
                                      "people zooming to 200%%. Remove maximum-scale or set it to "
                                      "at least 2.", v);
            }
        }
        check_viewport(n->children, page);
    }
}

/* ---- bypass blocks ---- */

static bool is_repeated_block(const WcagPage *page, xmlNodePtr el)
{
    char buf[32];
    const char *role = page_role(page, el, buf);
    if (!role)
        return false;
    return !strcmp(role, "navigation") || !strcmp(role, "banner") ||
           !strcmp(role, "complementary") || !strcmp(role, "contentinfo") ||
           !strcmp(role, "search");
}

typedef struct Bypass {
    const WcagPage *page;
    xmlNodePtr main;            /* the main content, or NULL */
    bool has_repeated;          /* landmarks or links outside the main content */
    xmlNodePtr first_repeated;  /* first repeated block in document order */
    bool heading_in_main;
    bool heading_anywhere;
    bool script_instrument;     /* a link or button with a script before main */
} Bypass;

static bool is_main_candidate(const WcagPage *page, xmlNodePtr el)
{
    char buf[32];
    const char *role = page_role(page, el, buf);
    if (role && !strcmp(role, "main"))
        return true;
    const char *id = wp_attr(el, "id");
    return id && (!strcasecmp(id, "main") || !strcasecmp(id, "content") ||
                  !strcasecmp(id, "main-content") || !strcasecmp(id, "maincontent"));
}

static void find_main(const WcagPage *page, xmlNodePtr n, xmlNodePtr *main, bool landmark_only)
{
    for (; n && !*main; n = n->next) {
        if (!wp_is_element(n) || page_excluded(page, n))
            continue;
        char buf[32];
        const char *role = page_role(page, n, buf);
        if (landmark_only ? role && !strcmp(role, "main") : is_main_candidate(page, n)) {
            *main = n;
            return;
        }
        find_main(page, n->children, main, landmark_only);
    }
}

static bool inside(xmlNodePtr node, xmlNodePtr ancestor)
{
    for (xmlNodePtr n = node; n; n = n->parent)
        if (n == ancestor)
            return true;
    return false;
}

static bool is_heading(const WcagPage *page, xmlNodePtr el)
{
    char buf[32];
    const char *role = page_role(page, el, buf);
    return role && !strcmp(role, "heading");
}

static void survey(Bypass *b, xmlNodePtr n, bool in_main, bool before_main)
{
    for (; n; n = n->next) {
        if (!wp_is_element(n))
            continue;
        if (wp_is_tag(n, "head") || wp_is_tag(n, "script") || wp_is_tag(n, "template"))
            continue;
        if (page_excluded(b->page, n))
            continue;
        bool here_main = in_main || n == b->main;
        if (!here_main && is_repeated_block(b->page, n)) {
            b->has_repeated = true;
            if (!b->first_repeated)
                b->first_repeated = n;
        }
        if (!here_main && wp_is_tag(n, "a"))
            b->has_repeated = true;
        if (is_heading(b->page, n) && !page_visually_hidden(b->page, n)) {
            char *name = page_accessible_name(b->page, n);
            if (*name) {
                b->heading_anywhere = true;
                if (here_main)
                    b->heading_in_main = true;
            }
            free(name);
        }
        if (!here_main && b->main && !inside(b->main, n) && before_main &&
            (wp_is_tag(n, "a") || wp_is_tag(n, "button")) && wp_has_attr(n, "onclick"))
            b->script_instrument = true;
        if (n == b->main)
            before_main = false;
        survey(b, n->children, here_main, before_main);
        if (b->main && inside(b->main, n))
            before_main = false;
    }
}

/* The in-page target of a link or of a script that moves to "#id". */
static const char *skip_target(xmlNodePtr el, char *buf, size_t cap)
{
    const char *href = wp_attr(el, "href");
    if (href && href[0] == '#' && href[1]) {
        snprintf(buf, cap, "%s", href + 1);
        return buf;
    }
    const char *onclick = wp_attr(el, "onclick");
    if (onclick) {
        const char *hash = strstr(onclick, "'#");
        if (!hash)
            hash = strstr(onclick, "\"#");
        if (hash) {
            size_t n = 0;
            for (const char *p = hash + 2; *p && *p != '\'' && *p != '"' && n + 1 < cap; p++)
                buf[n++] = *p;
            buf[n] = '\0';
            return n ? buf : NULL;
        }
    }
    return NULL;
}

/* True when nothing with text lies between target and the start of main:
 * moving focus to target is as good as moving it to main. */
static bool leads_into(const WcagPage *page, xmlNodePtr target, xmlNodePtr main)
{
    if (inside(target, main))
        return true;
    /* Focus lands at the start of target: its own text is read first. */
    xmlChar *own = xmlNodeGetContent(target);
    bool own_text = false;
    for (const xmlChar *p = own; p && *p && !own_text; p++)
        own_text = !isspace(*p);
    xmlFree(own);
    if (own_text)
        return false;
    /* Walk forward in document order from the end of target to main. */
    xmlNodePtr n = target;
    for (;;) {
        while (n && !n->next)
            n = n->parent;
        if (!n)
            return false;
        n = n->next;
        for (;;) {
            if (n == main)
                return true;
            if (n->type == XML_TEXT_NODE) {
                for (const xmlChar *p = n->content; p && *p; p++)
                    if (!isspace(*p))
                        return false;
            } else if (wp_is_element(n) && !page_excluded(page, n) && inside(main, n)) {
                /* main is inside n: descend towards it */
                n = n->children;
                if (!n)
                    return false;
                continue;
            } else if (wp_is_element(n) && !page_excluded(page, n)) {
                xmlChar *text = xmlNodeGetContent(n);
                bool has_text = false;
                for (const xmlChar *p = text; p && *p && !has_text; p++)
                    has_text = !isspace(*p);
                xmlFree(text);
                if (has_text || wp_is_tag(n, "img"))
                    return false;
            }
            break;
        }
    }
}

static bool find_skip_link(const WcagPage *page, xmlNodePtr n, xmlNodePtr main)
{
    for (; n; n = n->next) {
        if (!wp_is_element(n) || page_not_rendered(page, n))
            continue;
        char buf[256];
        char rb[32];
        const char *role = page_role(page, n, rb);
        bool instrument = (role && (!strcmp(role, "link") || !strcmp(role, "button"))) ||
                          wp_is_tag(n, "a") || wp_is_tag(n, "button");
        if (instrument && skip_target(n, buf, sizeof buf)) {
            xmlNodePtr target = page_by_id(page, buf);
            if (!target && buf[0]) {
                /* <a name="..."> is an old but working target. */
                (void)0;
            }
            if (target && (!main || leads_into(page, target, main)) && target != n)
                return true;
        }
        if (find_skip_link(page, n->children, main))
            return true;
    }
    return false;
}

static void check_bypass(WcagPage *page)
{
    Bypass b = {.page = page};
    find_main(page, page->root, &b.main, false);
    survey(&b, page->root, false, true);
    if (!b.has_repeated)
        return;     /* nothing repeated to bypass */

    xmlNodePtr landmark = NULL;
    find_main(page, page->root, &landmark, true);
    bool heading_ok = b.main ? b.heading_in_main : b.heading_anywhere;
    bool skip_ok = find_skip_link(page, page->root, b.main);
    bool landmark_ok = landmark != NULL;
    /* Main content placed before any repeated block needs no bypass. */
    bool main_first = false;
    if (b.main && b.first_repeated) {
        xmlNodePtr n = b.main;
        while (n && n != b.first_repeated) {
            while (n && !n->next)
                n = n->parent;
            n = n ? n->next : NULL;
            if (n && inside(b.first_repeated, n))
                break;
        }
        main_first = n != NULL;
    }
    bool passes = heading_ok || skip_ok || landmark_ok || main_first || b.script_instrument;
    xmlNodePtr at = page->body ? page->body : page->root;
    if (!passes) {
        findings_add_node(page->out, &RULE_BYPASS_BLOCKS, at,
                          "There is no way to skip the repeated navigation: wrap the main "
                          "content in <main>, start it with a heading, or add a \"Skip to "
                          "content\" link at the top of the page.");
        return;
    }
    if (!heading_ok)
        findings_add_node(page->out, &RULE_BYPASS_HEADING, at,
                          "The main content does not start with a heading. Start it with a "
                          "heading so screen reader users can jump straight to it.");
    if (!skip_ok)
        findings_add_node(page->out, &RULE_BYPASS_SKIP_LINK, at,
                          "There is no link to skip to the main content. Add a \"Skip to "
                          "content\" link at the top of the page that points to it.");
    if (!landmark_ok)
        findings_add_node(page->out, &RULE_BYPASS_LANDMARK, at,
                          "The main content is not in a <main> element. Wrap it in <main> so "
                          "people can jump to it.");
}

void wcag_check_page_rules(WcagPage *page)
{
    if (!page->is_html)
        return;
    check_page_language(page);
    check_title(page);
    check_meta_refresh(page);
    check_viewport(page->root, page);
    check_bypass(page);
}
