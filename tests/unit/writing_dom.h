/* writing_dom.h: shared by the writing-rule tests (test_plain*, test_easy*,
 * test_large*, test_theme*): parse an HTML page the way the build does and
 * report findings at Markdown lines, as the build's locator would. */
#ifndef SAYSO_WRITING_DOM_H
#define SAYSO_WRITING_DOM_H

#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "readability.h"

/* The build's locator in small: the nearest data-sourcepos="L:C-L:C" on
 * the node or an ancestor gives the line in "index.md". */
static inline bool test_locate(void *data, xmlNodePtr node, const char **file, int *line)
{
    (void)data;
    for (xmlNodePtr n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        xmlChar *pos = xmlGetProp(n, (const xmlChar *)"data-sourcepos");
        if (pos) {
            *line = atoi((const char *)pos);
            *file = "index.md";
            xmlFree(pos);
            return true;
        }
    }
    return false;
}

static inline htmlDocPtr parse_page(const char *html)
{
    htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), "page.html", "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    return doc;
}

static inline xmlNodePtr find_element(xmlNodePtr n, const char *name)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, (const xmlChar *)name) == 0)
            return n;
        xmlNodePtr found = find_element(n->children, name);
        if (found)
            return found;
    }
    return NULL;
}

static inline void locating_list(FindingList *list)
{
    findings_init(list, "page.html");
    list->locate = test_locate;
}

/* Number of findings of rule id (all of them when line is 0, else at that line). */
static inline size_t count_rule(const FindingList *list, const char *id, int line)
{
    size_t n = 0;
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].rule->id, id) == 0 && (line == 0 || list->items[i].line == line))
            n++;
    return n;
}

/* The first finding of rule id, or NULL. */
static inline const Finding *first_of(const FindingList *list, const char *id)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].rule->id, id) == 0)
            return &list->items[i];
    return NULL;
}

static inline void dump_findings(const FindingList *list)
{
    for (size_t i = 0; i < list->count; i++)
        fprintf(stderr, "  %s:%d: %s [%s] %s | %s\n", list->items[i].file ? list->items[i].file : "-",
                list->items[i].line, finding_level_name(list->items[i].level),
                list->items[i].rule->id, list->items[i].message,
                list->items[i].excerpt ? list->items[i].excerpt : "");
}

/* A page parsed and checked by one rule set (easy_read_check,
 * plain_english_check), with what it found. */
typedef struct Checked {
    htmlDocPtr doc;
    FindingList list;
    ReadingScores scores;
} Checked;

static inline void check_main(Checked *c, const char *html,
                              void (*check)(xmlNodePtr, FindingList *, ReadingScores *))
{
    memset(c, 0, sizeof *c);
    c->doc = parse_page(html);
    assert_non_null(c->doc);
    locating_list(&c->list);
    xmlNodePtr main = find_element(xmlDocGetRootElement(c->doc), "main");
    assert_non_null(main);
    check(main, &c->list, &c->scores);
}

static inline void done(Checked *c)
{
    findings_free(&c->list);
    xmlFreeDoc(c->doc);
}

#endif
