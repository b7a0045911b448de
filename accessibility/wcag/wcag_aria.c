/* wcag_aria.c: the WAI-ARIA role and attribute tables.
 *
 * Supported attributes are listed per role with inheritance already
 * flattened (a slider lists what it gets from range and input), so a
 * lookup is one string search rather than a walk up the class tree.
 */
#include "wcag_aria.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const AriaAttribute attributes[] = {
    {"aria-activedescendant", ARIA_IDREF, NULL, false},
    {"aria-atomic", ARIA_TRUE_FALSE, NULL, true},
    {"aria-autocomplete", ARIA_TOKEN, "inline list both none", false},
    {"aria-braillelabel", ARIA_STRING, NULL, true},
    {"aria-brailleroledescription", ARIA_STRING, NULL, true},
    {"aria-busy", ARIA_TRUE_FALSE, NULL, true},
    {"aria-checked", ARIA_TRISTATE, NULL, false},
    {"aria-colcount", ARIA_INTEGER, NULL, false},
    {"aria-colindex", ARIA_INTEGER, NULL, false},
    {"aria-colindextext", ARIA_STRING, NULL, false},
    {"aria-colspan", ARIA_INTEGER, NULL, false},
    {"aria-controls", ARIA_IDREFS, NULL, true},
    {"aria-current", ARIA_TOKEN, "page step location date time true false", true},
    {"aria-describedby", ARIA_IDREFS, NULL, true},
    {"aria-description", ARIA_STRING, NULL, true},
    {"aria-details", ARIA_IDREFS, NULL, true},
    {"aria-disabled", ARIA_TRUE_FALSE, NULL, true},
    {"aria-dropeffect", ARIA_TOKENS, "copy execute link move none popup", true},
    {"aria-errormessage", ARIA_IDREFS, NULL, true},
    {"aria-expanded", ARIA_TRUE_FALSE_UNDEFINED, NULL, false},
    {"aria-flowto", ARIA_IDREFS, NULL, true},
    {"aria-grabbed", ARIA_TRUE_FALSE_UNDEFINED, NULL, true},
    {"aria-haspopup", ARIA_TOKEN, "false true menu listbox tree grid dialog", true},
    {"aria-hidden", ARIA_TRUE_FALSE_UNDEFINED, NULL, true},
    {"aria-invalid", ARIA_TOKEN, "grammar false spelling true", true},
    {"aria-keyshortcuts", ARIA_STRING, NULL, true},
    {"aria-label", ARIA_STRING, NULL, true},
    {"aria-labelledby", ARIA_IDREFS, NULL, true},
    {"aria-level", ARIA_INTEGER, NULL, false},
    {"aria-live", ARIA_TOKEN, "assertive off polite", true},
    {"aria-modal", ARIA_TRUE_FALSE, NULL, false},
    {"aria-multiline", ARIA_TRUE_FALSE, NULL, false},
    {"aria-multiselectable", ARIA_TRUE_FALSE, NULL, false},
    {"aria-orientation", ARIA_TOKEN, "horizontal undefined vertical", false},
    {"aria-owns", ARIA_IDREFS, NULL, true},
    {"aria-placeholder", ARIA_STRING, NULL, false},
    {"aria-posinset", ARIA_INTEGER, NULL, false},
    {"aria-pressed", ARIA_TRISTATE, NULL, false},
    {"aria-readonly", ARIA_TRUE_FALSE, NULL, false},
    {"aria-relevant", ARIA_TOKENS, "additions all removals text", true},
    {"aria-required", ARIA_TRUE_FALSE, NULL, false},
    {"aria-roledescription", ARIA_STRING, NULL, true},
    {"aria-rowcount", ARIA_INTEGER, NULL, false},
    {"aria-rowindex", ARIA_INTEGER, NULL, false},
    {"aria-rowindextext", ARIA_STRING, NULL, false},
    {"aria-rowspan", ARIA_INTEGER, NULL, false},
    {"aria-selected", ARIA_TRUE_FALSE_UNDEFINED, NULL, false},
    {"aria-setsize", ARIA_INTEGER, NULL, false},
    {"aria-sort", ARIA_TOKEN, "ascending descending none other", false},
    {"aria-valuemax", ARIA_NUMBER, NULL, false},
    {"aria-valuemin", ARIA_NUMBER, NULL, false},
    {"aria-valuenow", ARIA_NUMBER, NULL, false},
    {"aria-valuetext", ARIA_STRING, NULL, false},
};

/* Attribute groups shared by several roles. */
#define CELL "aria-colindex aria-colspan aria-rowindex aria-rowspan aria-colindextext aria-rowindextext "
#define RANGE "aria-valuemax aria-valuemin aria-valuenow aria-valuetext "
#define SETPOS "aria-posinset aria-setsize "
#define TEXTBOX "aria-activedescendant aria-autocomplete aria-multiline aria-placeholder " \
                "aria-readonly aria-required "

/* Roles a section-like landmark or structure needs nothing extra for. */
#define R(name, supported) {name, false, supported, NULL, NULL, NULL, false, false, false, false}

static const AriaRole roles[] = {
    R("alert", NULL),
    {"alertdialog", false, "aria-modal", NULL, NULL, NULL, false, false, false, false},
    {"application", false, "aria-activedescendant aria-expanded", NULL, NULL, NULL, false, false, false, false},
    R("article", SETPOS),
    {"banner", false, NULL, NULL, NULL, NULL, false, false, false, true},
    R("blockquote", NULL),
    {"button", false, "aria-expanded aria-pressed", NULL, NULL, NULL, true, false, true, false},
    {"caption", false, NULL, NULL, "figure grid table treegrid", NULL, false, true, false, false},
    {"cell", false, CELL, NULL, "row", NULL, true, false, false, false},
    {"checkbox", false, "aria-checked aria-expanded aria-readonly aria-required", "aria-checked", NULL, NULL, true, false, true, false},
    {"code", false, NULL, NULL, NULL, NULL, false, true, false, false},
    {"columnheader", false, CELL "aria-sort aria-selected aria-readonly aria-required aria-expanded", NULL, "row", NULL, true, false, false, false},
    {"combobox", false, "aria-activedescendant aria-autocomplete aria-expanded aria-readonly aria-required", "aria-expanded", NULL, NULL, false, false, false, false},
    {"command", true, NULL, NULL, NULL, NULL, false, false, false, false},
    R("comment", "aria-level " SETPOS),
    {"complementary", false, NULL, NULL, NULL, NULL, false, false, false, true},
    {"composite", true, NULL, NULL, NULL, NULL, false, false, false, false},
    {"contentinfo", false, NULL, NULL, NULL, NULL, false, false, false, true},
    R("definition", NULL),
    {"deletion", false, NULL, NULL, NULL, NULL, false, true, false, false},
    {"dialog", false, "aria-modal", NULL, NULL, NULL, false, false, false, false},
    {"directory", false, NULL, NULL, NULL, "listitem", false, false, false, false},
    R("doc-abstract", NULL), R("doc-acknowledgments", NULL), R("doc-afterword", NULL),
    R("doc-appendix", NULL),
    {"doc-backlink", false, "aria-expanded", NULL, NULL, NULL, true, false, false, false},
    R("doc-biblioentry", SETPOS), R("doc-bibliography", NULL),
    {"doc-biblioref", false, "aria-expanded", NULL, NULL, NULL, true, false, false, false},
    R("doc-chapter", NULL), R("doc-colophon", NULL), R("doc-conclusion", NULL),
    R("doc-cover", NULL), R("doc-credit", NULL), R("doc-credits", NULL),
    R("doc-dedication", NULL), R("doc-endnote", SETPOS), R("doc-endnotes", NULL),
    R("doc-epigraph", NULL), R("doc-epilogue", NULL), R("doc-errata", NULL),
    R("doc-example", NULL), R("doc-footnote", NULL), R("doc-foreword", NULL),
    R("doc-glossary", NULL),
    {"doc-glossref", false, "aria-expanded", NULL, NULL, NULL, true, false, false, false},
    R("doc-index", NULL), R("doc-introduction", NULL),
    {"doc-noteref", false, "aria-expanded", NULL, NULL, NULL, true, false, false, false},
    R("doc-notice", NULL),
    {"doc-pagebreak", false, "aria-orientation " RANGE, NULL, NULL, NULL, false, false, true, false},
    R("doc-pagefooter", NULL), R("doc-pageheader", NULL), R("doc-pagelist", NULL),
    R("doc-part", NULL), R("doc-preface", NULL), R("doc-prologue", NULL),
    R("doc-pullquote", NULL), R("doc-qna", NULL), R("doc-subtitle", "aria-level"),
    R("doc-tip", NULL), R("doc-toc", NULL),
    R("document", NULL),
    {"emphasis", false, NULL, NULL, NULL, NULL, false, true, false, false},
    {"feed", false, NULL, NULL, NULL, "article", false, false, false, false},
    R("figure", NULL),
    {"form", false, NULL, NULL, NULL, NULL, false, false, false, true},
    {"generic", false, NULL, NULL, NULL, NULL, false, true, false, false},
    R("graphics-document", NULL), R("graphics-object", NULL), R("graphics-symbol", NULL),
    {"grid", false, "aria-activedescendant aria-colcount aria-multiselectable aria-readonly aria-rowcount", NULL, NULL, "row rowgroup", false, false, false, false},
    {"gridcell", false, CELL "aria-selected aria-readonly aria-required aria-expanded", NULL, "row", NULL, true, false, false, false},
    R("group", "aria-activedescendant"),
    {"heading", false, "aria-level", "aria-level", NULL, NULL, true, false, false, false},
    {"image", false, NULL, NULL, NULL, NULL, false, false, true, false},
    {"img", false, NULL, NULL, NULL, NULL, false, false, true, false},
    {"input", true, NULL, NULL, NULL, NULL, false, false, false, false},
    {"insertion", false, NULL, NULL, NULL, NULL, false, true, false, false},
    {"landmark", true, NULL, NULL, NULL, NULL, false, false, false, false},
    {"link", false, "aria-expanded", NULL, NULL, NULL, true, false, false, false},
    {"list", false, NULL, NULL, NULL, "listitem", false, false, false, false},
    {"listbox", false, "aria-activedescendant aria-expanded aria-multiselectable aria-orientation aria-readonly aria-required", NULL, NULL, "option group", false, false, false, false},
    {"listitem", false, "aria-level " SETPOS, NULL, "list directory", NULL, false, false, false, false},
    R("log", NULL),
    {"main", false, NULL, NULL, NULL, NULL, false, false, false, true},
    {"mark", false, NULL, NULL, NULL, NULL, false, true, false, false},
    R("marquee", NULL),
    /* Not a role with presentational children for ACT 307n5z (its list
     * leaves math out): MathML keeps its structure, links included. */
    {"math", false, NULL, NULL, NULL, NULL, false, false, false, false},
    {"menu", false, "aria-activedescendant aria-orientation", NULL, NULL, "menuitem menuitemcheckbox menuitemradio group separator", false, false, false, false},
    {"menubar", false, "aria-activedescendant aria-orientation", NULL, NULL, "menuitem menuitemcheckbox menuitemradio group separator", false, false, false, false},
    {"menuitem", false, "aria-expanded " SETPOS, NULL, "menu menubar group", NULL, true, false, false, false},
    {"menuitemcheckbox", false, "aria-checked aria-expanded aria-readonly " SETPOS, "aria-checked", "menu menubar group", NULL, true, false, true, false},
    {"menuitemradio", false, "aria-checked aria-expanded aria-readonly " SETPOS, "aria-checked", "menu menubar group", NULL, true, false, true, false},
    {"meter", false, RANGE, "aria-valuenow", NULL, NULL, false, false, true, false},
    {"navigation", false, NULL, NULL, NULL, NULL, false, false, false, true},
    {"none", false, NULL, NULL, NULL, NULL, false, true, false, false},
    R("note", NULL),
    {"option", false, "aria-checked aria-selected " SETPOS, NULL, "listbox group", NULL, true, false, true, false},
    {"paragraph", false, NULL, NULL, NULL, NULL, false, true, false, false},
    {"presentation", false, NULL, NULL, NULL, NULL, false, true, false, false},
    {"progressbar", false, RANGE, NULL, NULL, NULL, false, false, true, false},
    {"radio", false, "aria-checked " SETPOS, "aria-checked", NULL, NULL, true, false, true, false},
    R("radiogroup", "aria-activedescendant aria-orientation aria-readonly aria-required"),
    {"range", true, NULL, NULL, NULL, NULL, false, false, false, false},
    {"region", false, NULL, NULL, NULL, NULL, false, false, false, true},
    {"roletype", true, NULL, NULL, NULL, NULL, false, false, false, false},
    {"row", false, "aria-activedescendant aria-colindex aria-expanded aria-level aria-rowindex aria-selected aria-colindextext aria-rowindextext " SETPOS, NULL, "grid rowgroup table treegrid", "cell columnheader gridcell rowheader", true, false, false, false},
    {"rowgroup", false, NULL, NULL, "grid table treegrid", "row", false, false, false, false},
    {"rowheader", false, CELL "aria-sort aria-selected aria-readonly aria-required aria-expanded", NULL, "row", NULL, true, false, false, false},
    {"scrollbar", false, "aria-orientation " RANGE, "aria-controls aria-valuenow", NULL, NULL, false, false, true, false},
    {"search", false, NULL, NULL, NULL, NULL, false, false, false, true},
    {"searchbox", false, TEXTBOX, NULL, NULL, NULL, false, false, false, false},
    {"section", true, NULL, NULL, NULL, NULL, false, false, false, false},
    {"sectionhead", true, NULL, NULL, NULL, NULL, false, false, false, false},
    {"select", true, NULL, NULL, NULL, NULL, false, false, false, false},
    {"separator", false, "aria-orientation " RANGE, NULL, NULL, NULL, false, false, true, false},
    {"slider", false, "aria-orientation aria-readonly " RANGE, "aria-valuenow", NULL, NULL, false, false, true, false},
    R("spinbutton", "aria-activedescendant aria-readonly aria-required " RANGE),
    R("status", NULL),
    {"strong", false, NULL, NULL, NULL, NULL, false, true, false, false},
    {"structure", true, NULL, NULL, NULL, NULL, false, false, false, false},
    {"subscript", false, NULL, NULL, NULL, NULL, false, true, false, false},
    {"suggestion", false, NULL, NULL, NULL, NULL, false, true, false, false},
    {"superscript", false, NULL, NULL, NULL, NULL, false, true, false, false},
    {"switch", false, "aria-checked aria-expanded aria-readonly aria-required", "aria-checked", NULL, NULL, true, false, true, false},
    {"tab", false, "aria-expanded aria-selected " SETPOS, NULL, "tablist", NULL, true, false, true, false},
    {"table", false, "aria-colcount aria-rowcount", NULL, NULL, "row rowgroup", false, false, false, false},
    {"tablist", false, "aria-activedescendant aria-multiselectable aria-orientation", NULL, NULL, "tab", false, false, false, false},
    R("tabpanel", NULL),
    R("term", NULL),
    {"textbox", false, TEXTBOX, NULL, NULL, NULL, false, false, false, false},
    R("time", NULL),
    R("timer", NULL),
    R("toolbar", "aria-activedescendant aria-orientation"),
    {"tooltip", false, NULL, NULL, NULL, NULL, true, false, false, false},
    {"tree", false, "aria-activedescendant aria-multiselectable aria-orientation aria-required", NULL, NULL, "treeitem group", false, false, false, false},
    {"treegrid", false, "aria-activedescendant aria-colcount aria-multiselectable aria-orientation aria-readonly aria-required aria-rowcount aria-expanded", NULL, NULL, "row rowgroup", false, false, false, false},
    {"treeitem", false, "aria-checked aria-expanded aria-level aria-selected " SETPOS, NULL, "tree group", NULL, true, false, false, false},
    {"widget", true, NULL, NULL, NULL, NULL, false, false, false, false},
    {"window", true, NULL, NULL, NULL, NULL, false, false, false, false},
};

static int compare_attribute(const void *key, const void *entry)
{
    return strcmp(key, ((const AriaAttribute *)entry)->name);
}

const AriaAttribute *aria_attribute(const char *name)
{
    char lower[64];
    size_t n = strlen(name);
    if (n >= sizeof lower)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)tolower((unsigned char)name[i]);
    return bsearch(lower, attributes, sizeof attributes / sizeof attributes[0],
                   sizeof attributes[0], compare_attribute);
}

/* Every element asks for its role a few times, so the lookup is a binary
 * search that compares first letters before calling strcmp. */
const AriaRole *aria_role(const char *name)
{
    char lower[64];
    size_t n = 0;
    for (; name[n]; n++) {
        if (n + 1 >= sizeof lower)
            return NULL;
        unsigned char c = (unsigned char)name[n];
        lower[n] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    lower[n] = '\0';
    size_t lo = 0, hi = sizeof roles / sizeof roles[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *entry = roles[mid].name;
        int cmp = (unsigned char)lower[0] - (unsigned char)entry[0];
        if (!cmp)
            cmp = strcmp(lower, entry);
        if (!cmp)
            return &roles[mid];
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

bool aria_list_has(const char *list, const char *word)
{
    if (!list)
        return false;
    size_t n = strlen(word);
    for (const char *p = list; *p;) {
        while (*p == ' ')
            p++;
        const char *s = p;
        while (*p && *p != ' ')
            p++;
        if ((size_t)(p - s) == n && !strncasecmp(s, word, n))
            return true;
    }
    return false;
}

static bool is_number(const char *s, bool integer)
{
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '-' || *s == '+')
        s++;
    bool digits = false, dot = false;
    for (; *s && !isspace((unsigned char)*s); s++) {
        if (isdigit((unsigned char)*s))
            digits = true;
        else if (*s == '.' && !dot && !integer)
            dot = true;
        else if ((*s == 'e' || *s == 'E') && digits && !integer) {
            if (s[1] == '-' || s[1] == '+')
                s++;
            integer = true;   /* no dot after the exponent */
        } else
            return false;
    }
    while (isspace((unsigned char)*s))
        s++;
    return digits && !*s;
}

bool aria_value_valid(const AriaAttribute *attr, const char *value)
{
    char word[64];
    size_t n = 0;
    const char *s = value;
    while (isspace((unsigned char)*s))
        s++;
    while (s[n] && !isspace((unsigned char)s[n]) && n < sizeof word - 1) {
        word[n] = (char)tolower((unsigned char)s[n]);
        n++;
    }
    word[n] = '\0';
    switch (attr->type) {
    case ARIA_TRUE_FALSE:
        return !strcmp(word, "true") || !strcmp(word, "false");
    case ARIA_TRUE_FALSE_UNDEFINED:
        return !strcmp(word, "true") || !strcmp(word, "false") || !strcmp(word, "undefined");
    case ARIA_TRISTATE:
        return !strcmp(word, "true") || !strcmp(word, "false") || !strcmp(word, "mixed") ||
               !strcmp(word, "undefined");
    case ARIA_INTEGER:
        return is_number(value, true);
    case ARIA_NUMBER:
        return is_number(value, false);
    case ARIA_TOKEN:
        return aria_list_has(attr->tokens, word);
    case ARIA_TOKENS:
        for (const char *p = value; *p;) {
            while (isspace((unsigned char)*p))
                p++;
            const char *w = p;
            while (*p && !isspace((unsigned char)*p))
                p++;
            if (p == w)
                break;
            char tok[32];
            size_t len = (size_t)(p - w);
            if (len >= sizeof tok)
                return false;
            for (size_t i = 0; i < len; i++)
                tok[i] = (char)tolower((unsigned char)w[i]);
            tok[len] = '\0';
            if (!aria_list_has(attr->tokens, tok))
                return false;
        }
        return true;
    case ARIA_IDREF: {
        /* One id, and ids hold no white space: "a b" names two. */
        const char *p = s + n;
        while (*p && !isspace((unsigned char)*p))
            p++;
        while (isspace((unsigned char)*p))
            p++;
        return !*p;
    }
    case ARIA_IDREFS:
    case ARIA_STRING:
        return true;
    }
    return true;
}

bool aria_attribute_allowed(const AriaRole *role, const AriaAttribute *attr)
{
    if (attr->global)
        return true;
    return role && aria_list_has(role->supported, attr->name);
}
