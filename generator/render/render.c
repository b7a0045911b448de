/* render.c: the page shell shared by every page, and site-wide pages.
 *
 * Every page goes through make_page(): the layout template gets the site's
 * name and navigation, the links to the page's other formats, the "ask for
 * another format" box and the page's own content, made by one of the
 * content templates.  Pack pages are in render_pack.c, easy read's rows in
 * easy_read.c, the hub in hub.c.
 */
#include "render.h"
#include "render_internal.h"
#include "diag.h"
#include "dom.h"
#include "load.h"

#include <libxml/HTMLtree.h>

#include <stdlib.h>
#include <string.h>

void out_page_free(OutPage *page)
{
    if (!page)
        return;
    free(page->path);
    free(page->title);
    free(page->source_path);
    if (page->doc)
        xmlFreeDoc(page->doc);
    free(page);
}

char *relative_root(const char *out_path)
{
    StrBuf sb;
    sb_init(&sb);
    for (const char *p = out_path; *p; p++)
        if (*p == '/')
            sb_append(&sb, "../");
    return sb_take(&sb);
}

char *document_description(const char *file_name, long long bytes)
{
    const char *ext = path_extension(file_name);
    char type[16] = "file";
    if (*ext) {
        size_t n = 0;
        for (const char *p = ext + 1; *p && n < sizeof type - 1; p++)
            type[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
        type[n] = '\0';
    }
    if (!strcmp(type, "DOCX") || !strcmp(type, "DOC"))
        strcpy(type, "Word");
    if (!strcmp(type, "XLSX") || !strcmp(type, "XLS"))
        strcpy(type, "Excel");
    if (!strcmp(type, "ODT"))
        strcpy(type, "OpenDocument");
    if (bytes < 0)
        return xstrdup(type);
    if (bytes < 1024)
        return xasprintf("%s, %lld bytes", type, bytes);
    if (bytes < 1024 * 1024)
        return xasprintf("%s, %lld KB", type, (bytes + 512) / 1024);
    return xasprintf("%s, %.1f MB", type, (double)bytes / (1024.0 * 1024.0));
}

char *tel_url(const char *phone)
{
    /* tel: links want the digits only. */
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "tel:");
    for (const char *p = phone; *p; p++)
        if ((*p >= '0' && *p <= '9') || *p == '+')
            sb_append_char(&sb, *p);
    return sb_take(&sb);
}

/* ---- the shell ---- */

void scope_site(Scope *s, const Site *site)
{
    scope_text(s, "site_title", site->title);
    scope_text(s, "organisation", site->organisation);
    scope_text(s, "privacy", site->privacy);
    scope_text(s, "lang", site->language);
    scope_text(s, "site_email", site->contact.email);
    scope_text(s, "site_phone", site->contact.phone);
    scope_text(s, "site_address", site->contact.address);
    if (site->contact.email)
        scope_textf(s, "site_email_url", "mailto:%s", site->contact.email);
    if (site->contact.phone)
        scope_textf(s, "site_phone_url", "tel:%s", site->contact.phone);
}

/* Adds the pack's contact (falling back to the site's) under contact_*. */
void scope_contact(Scope *s, const Site *site, const PackMeta *pack)
{
    const char *email = pack ? pack_contact_email(site, pack) : site->contact.email;
    const char *phone = pack ? pack_contact_phone(site, pack) : site->contact.phone;
    scope_text(s, "contact_name", pack ? pack->contact.name : NULL);
    scope_text(s, "contact_email", email);
    scope_text(s, "contact_phone", phone);
    scope_text(s, "contact_address", site->contact.address);
    if (email)
        scope_textf(s, "contact_email_url", "mailto:%s", email);
    if (phone) {
        char *tel = tel_url(phone);
        scope_text(s, "contact_phone_url", tel);
        free(tel);
    }
}

void make_page(const Renderer *r, const PageShell *shell, xmlNodePtr content_nodes)
{
    const Site *site = r->site;
    Scope *s = scope_new();
    char *root = relative_root(shell->path);
    scope_site(s, site);
    scope_contact(s, site, shell->pack);
    scope_text(s, "root", *root ? root : "./");
    scope_textf(s, "home_url", "%s", *root ? root : "./");
    scope_textf(s, "css_url", "%scss/site.css", root);
    scope_textf(s, "print_css_url", "%scss/print.css", root);
    scope_textf(s, "settings_js_url", "%sjs/settings.js", root);
    scope_textf(s, "report_url", "%sreport/", root);
    if (!strcmp(shell->title, site->title))
        scope_text(s, "page_title", site->title);
    else
        scope_textf(s, "page_title", "%s - %s", shell->title, site->title);
    scope_text(s, "description", shell->description);
    scope_textf(s, "body_class", "format-%s kind-%s", format_id(shell->format), shell->kind_id);
    scope_text(s, "format_name", format_name(shell->format));
    scope_flag(s, "live_reload", r->live_reload);
    if (site->base_url) {
        const char *p = shell->path;
        size_t n = strlen(p);
        /* The canonical address of ".../index.html" is ".../". */
        if (str_ends_with(p, "index.html"))
            n -= strlen("index.html");
        char *rel = xstrndup(p, n);
        scope_textf(s, "canonical_url", "%s%s", site->base_url, rel);
        free(rel);
    }

    scope_list(s, "nav");
    Scope *home = scope_add_item(s, "nav");
    scope_text(home, "nav_name", "Consultations");
    scope_textf(home, "nav_url", "%s", *root ? root : "./");
    if (shell->nav_current && !strcmp(shell->nav_current, "hub"))
        scope_text(home, "nav_current", "page");
    for (size_t i = 0; i < site->page_count; i++) {
        Scope *item = scope_add_item(s, "nav");
        scope_text(item, "nav_name", site->pages[i].title);
        scope_textf(item, "nav_url", "%spages/%s/", root, site->pages[i].slug);
        if (shell->nav_current && !strcmp(shell->nav_current, site->pages[i].slug))
            scope_text(item, "nav_current", "page");
    }

    /* The other formats of this page: a link each, and <link rel=alternate>. */
    scope_list(s, "alternates");
    for (size_t i = 0; i < shell->alternate_count; i++) {
        const Alternate *a = &shell->alternates[i];
        Scope *item = scope_add_item(s, "alternates");
        scope_text(item, "alt_name", a->name);
        scope_textf(item, "alt_url", "%s%s", root, a->url);
        scope_text(item, "alt_hint", a->hint);
        scope_flag(item, "alt_current", a->current);
        if (a->current)
            scope_text(item, "alt_aria_current", "page");
        else
            scope_text(item, "alt_rel", "alternate");
    }
    scope_flag(s, "has_alternates", shell->alternate_count > 1);

    scope_nodes(s, "content", content_nodes);

    OutPage *page = xcalloc(1, sizeof *page);
    page->kind = shell->kind;
    page->format = shell->format;
    page->path = xstrdup(shell->path);
    page->title = xstrdup(shell->title);
    page->pack = shell->pack;
    page->source_path = xstrdup(shell->source_path);
    page->doc = template_render_document(theme_template(r->theme, TEMPLATE_LAYOUT), s);
    scope_free(s);
    free(root);
    r->sink(r->sink_data, page);
}

/* Renders a content template into a scratch document, ready for make_page. */
xmlNodePtr render_content(const Renderer *r, TemplateKind kind, Scope *scope, xmlDocPtr scratch)
{
    return template_render_fragment(theme_template(r->theme, kind), scope, scratch);
}

/* ---- pages/ ---- */

bool render_site_pages(const Renderer *r)
{
    const Site *site = r->site;
    bool ok = true;
    for (size_t i = 0; i < site->page_count; i++) {
        const PageMeta *pm = &site->pages[i];
        SourceText body;
        if (!load_markdown_file(pm->path, pm->display_path, site->encoding, NULL, NULL, NULL, &body)) {
            ok = false;
            continue;
        }
        char *title = xstrdup(pm->title);
        if (r->before_render && !r->before_render(r->hook_data, NULL, FORMAT_PLAIN, pm->slug, &title, &body.text))
            ok = false;
        body.length = body.text ? strlen(body.text) : 0;
        xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
        xmlNodePtr prose = markdown_render(scratch, &body, &r->markdown);
        markdown_heading_ids(prose);
        ok &= resolve_links(r, prose, NULL, NULL, "", "../../");
        Scope *s = scope_new();
        scope_site(s, site);
        scope_contact(s, site, NULL);
        scope_text(s, "title", title);
        scope_text(s, "summary", pm->summary);
        scope_nodes(s, "body", prose);
        xmlNodePtr content = render_content(r, TEMPLATE_PAGE, s, scratch);
        scope_free(s);

        char *path = xasprintf("pages/%s/index.html", pm->slug);
        PageShell shell = {
            .kind = PAGE_SITE, .kind_id = "page", .format = FORMAT_PLAIN, .path = path,
            .title = title, .description = pm->summary, .source_path = pm->display_path,
            .content_template = TEMPLATE_PAGE, .nav_current = pm->slug,
        };
        make_page(r, &shell, content);
        free(title);
        free(path);
        xmlFreeDoc(scratch);
        free(body.text);
        free(body.path);
    }
    return ok;
}
