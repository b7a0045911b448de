/* fuzz_markdown.c: Markdown through everything a pack's body meets before
 * it is written: cmark-gfm into the DOM, heading ids, link and picture
 * resolution against the default theme, the easy-read rows or the large
 * print changes, the contents list, the source locator, and serialising.
 *
 * The first byte picks the format and whether raw HTML is on.
 */
#include "diag.h"
#include "dom.h"
#include "markdown.h"
#include "render_internal.h"
#include "theme.h"

#include <libxml/HTMLtree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static Site site;
static Theme theme;
static PackMeta pack;
static PackContent content;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    diag_set_verbosity(DIAG_SILENT);
    markdown_init();
    site.source_dir = xstrdup("site");
    site.theme = xstrdup("default");
    site.title = xstrdup("Fuzz");
    if (!theme_load(&site, &theme))
        abort();                  /* run from the repository, or set SAYSO_DATADIR */
    pack.slug = xstrdup("fuzz");
    pack.dir = xstrdup("site/consultations/fuzz");
    pack.index_path = xstrdup("consultations/fuzz/index.md");
    sl_push(&content.files, "map.pdf");
    sl_push(&content.files, "photo.jpg");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    Format format = (Format)(data[0] % FORMAT_COUNT);
    bool raw_html = data[0] & 0x80;
    char *text = xstrndup((const char *)data + 1, size - 1);
    SourceText src = {.path = "consultations/fuzz/index.md", .text = text, .length = strlen(text),
                      .first_line = 1 + (data[0] >> 4 & 3)};
    Renderer r = {.site = &site, .theme = &theme, .markdown = {.raw_html = raw_html}};

    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
    xmlDocSetRootElement(doc, html);
    xmlNodePtr prose = markdown_render(doc, &src, &r.markdown);
    xmlAddChild(html, prose);
    markdown_heading_ids(prose);
    resolve_links(&r, prose, &pack, &content, format == FORMAT_PLAIN ? "" : "../", "../../");
    if (format == FORMAT_EASY_READ)
        easy_read_rows(&r, prose, doc, "../");
    else if (format == FORMAT_LARGE_PRINT)
        large_print_adapt(prose);
    xmlNodePtr toc = contents_list(doc, prose);
    if (toc)
        xmlAddPrevSibling(prose, toc);
    for (xmlNodePtr n = prose; n; n = dom_next(n, html)) {
        const char *file = NULL;
        int line = 0;
        markdown_locate(NULL, n, &file, &line);
    }
    markdown_strip_positions(html);
    size_t len;
    char *out = dom_serialize(doc, &len);
    free(out);
    xmlFreeDoc(doc);
    free(text);
    diag_reset();
    return 0;
}
