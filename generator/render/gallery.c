/* gallery.c: the page of the theme's easy-read pictures, for authors. */
#include "render.h"
#include "render_internal.h"

#include <libxml/HTMLtree.h>
#include <stdlib.h>
#include <string.h>

/* Every picture of the theme beside its name, so an author can choose one
 * by looking rather than guessing names.  Made as easy-read rows from
 * Markdown, so it is checked like every other page. */
void render_picture_gallery(const Renderer *r)
{
    const Site *site = r->site;
    const Theme *theme = r->theme;
    StrBuf md;
    sb_init(&md);
    sb_append(&md, "These are the pictures you can use in easy read. To use one, start a paragraph in "
                   "easy-read.md with it, like this: `![A bus](picture:bus) The bus stops here.` "
                   "The name goes after `picture:`.\n\n");
    for (size_t i = 0; i < theme->picture_count; i++) {
        const Picture *pic = &theme->pictures[i];
        sb_printf(&md, "![%s](picture:%s) **picture:%s** (its words for screen readers: %s)\n\n",
                  pic->alt, pic->name, pic->name, pic->alt);
    }
    /* first_line 0: made here, so findings name no line of any file. */
    SourceText body = {.path = xstrdup("the theme's pictures/pictures.yml"), .text = sb_take(&md),
                       .first_line = 0};
    body.length = strlen(body.text);
    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr prose = markdown_render(scratch, &body, &r->markdown);
    resolve_links(r, prose, NULL, NULL, "", "../");
    easy_read_rows(r, prose, scratch, "../");
    const char *title = "Easy-read pictures";
    Scope *s = scope_new();
    scope_site(s, site);
    scope_contact(s, site, NULL);
    scope_text(s, "title", title);
    scope_text(s, "summary", "Every picture you can use in easy read, with its name.");
    scope_nodes(s, "body", prose);
    xmlNodePtr content = render_content(r, TEMPLATE_PAGE, s, scratch);
    scope_free(s);
    PageShell shell = {
        /* A tool for authors, like the review report: its list of names
         * is not prose for the writing rules, nor for a spoken version. */
        .kind = PAGE_REPORT, .kind_id = "page", .format = FORMAT_PLAIN, .path = PICTURE_GALLERY_PATH "index.html",
        .title = title, .description = "Every picture you can use in easy read, with its name.",
        .source_path = body.path, .content_template = TEMPLATE_PAGE,
    };
    make_page(r, &shell, content);
    xmlFreeDoc(scratch);
    free(body.text);
    free(body.path);
}
