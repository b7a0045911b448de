/* fuzz_wcag.c: the WCAG checker on any HTML, with any stylesheet.
 *
 * The input is a page, optionally followed by a NUL byte and the CSS that
 * every <link rel=stylesheet> on the page loads.  The page goes through
 * the same libxml2 parse `sayso check` uses; inline <style> and style
 * attributes come from the page itself.
 */
#include "diag.h"
#include "dom.h"
#include "findings.h"
#include "css.h"
#include "util.h"
#include "wcag.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct Css {
    const char *text;
    size_t len;
} Css;

static char *load_stylesheet(void *data, const char *href, size_t *len)
{
    (void)href;
    const Css *css = data;
    if (!css->text)
        return NULL;
    *len = css->len;
    return xstrndup(css->text, css->len);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    diag_set_verbosity(DIAG_SILENT);
    xmlInitParser();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *html = (const char *)data;
    const char *nul = memchr(html, '\0', size);
    size_t html_len = nul ? (size_t)(nul - html) : size;
    Css css = {0};
    if (nul) {
        css.text = nul + 1;
        css.len = size - html_len - 1;
    }
    xmlDocPtr doc = dom_parse_document(html, html_len, "fuzz.html");
    if (!doc)
        return 0;
    /* As `sayso check` does: a page nested deeper is refused, not checked. */
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root && dom_cut_deeper(root, DOM_MAX_DEPTH)) {
        xmlFreeDoc(doc);
        return 0;
    }
    WcagOptions options = {.load_stylesheet = load_stylesheet, .loader_data = &css};
    FindingList findings;
    findings_init(&findings, "fuzz.html");
    wcag_check_document(doc, &options, &findings);
    findings_free(&findings);
    xmlFreeDoc(doc);
    css_cache_clear();            /* the cache keeps every sheet it sees, by design */
    diag_reset();
    return 0;
}
