/* links.c: checking and rewriting links and images in rendered Markdown.
 *
 * A pack is published as a folder, so a link in it may point at the pack's
 * own files, at other consultations, or at the web.  Anything that would
 * reach outside the site source (../../etc/passwd, /etc/passwd) is an
 * error: the build must never publish or point at files it was not given.
 */
#include "render_internal.h"
#include "diag.h"
#include "dom.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* True for "https:", "mailto:", "picture:" and the like: a scheme before any '/'. */
static bool has_scheme(const char *url)
{
    for (const char *p = url; *p; p++) {
        if (*p == ':')
            return p > url;
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '+' || *p == '-' || *p == '.'))
            return false;
    }
    return false;
}

/* Resolves "." and ".." in a relative path; returns NULL when it climbs
 * above its start more than `allowed_ups` times. */
static char *normalise(const char *path, int allowed_ups, int *ups_used)
{
    StrList parts = {0};
    char *copy = xstrdup(path);
    int ups = 0;
    char *save = NULL;
    bool trailing = str_ends_with(path, "/");
    for (char *seg = strtok_r(copy, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (!strcmp(seg, "."))
            continue;
        if (!strcmp(seg, "..")) {
            if (parts.count) {
                free(parts.items[--parts.count]);
            } else if (++ups > allowed_ups) {
                free(copy);
                sl_free(&parts);
                return NULL;
            }
            continue;
        }
        sl_push(&parts, seg);
    }
    free(copy);
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < parts.count; i++) {
        if (i)
            sb_append_char(&sb, '/');
        sb_append(&sb, parts.items[i]);
    }
    if (trailing && parts.count)
        sb_append_char(&sb, '/');
    sl_free(&parts);
    *ups_used = ups;
    return sb_take(&sb);
}

/* True when path (relative to the site root, normalised) is something a
 * built site has: one of its top-level files or folders and, under
 * consultations/ and pages/, a pack or page that exists.  A link that
 * climbs out of its pack to anything else (../../etc/passwd) is broken. */
static bool site_path_published(const Site *site, const char *path)
{
    static const char *const top[] = {"index.html", "consultations", "pages", "topics", "areas", "css", "js",
        "pictures", "report", "report.json", "feed.xml", "sitemap.xml", NULL};
    size_t n = strcspn(path, "/");
    if (n == 0)
        return true;                  /* the site root itself */
    const char *const *t = top;
    while (*t && (strlen(*t) != n || strncmp(*t, path, n) != 0))
        t++;
    if (!*t)
        return false;
    const char *rest = path[n] ? path + n + 1 : "";
    size_t m = strcspn(rest, "/");
    if (m == 0 || !site)
        return true;
    if (!strcmp(*t, "consultations")) {
        for (size_t i = 0; i < site->pack_count; i++)
            if (strlen(site->packs[i].slug) == m && !strncmp(site->packs[i].slug, rest, m))
                return true;
        return false;
    }
    if (!strcmp(*t, "pages")) {
        for (size_t i = 0; i < site->page_count; i++)
            if (strlen(site->pages[i].slug) == m && !strncmp(site->pages[i].slug, rest, m))
                return true;
        return false;
    }
    return true;
}

static void report(const Renderer *r, xmlNodePtr node, const char *fmt, const char *value)
{
    if (r->markdown.repeat)
        return;                   /* said already, when this text was first rendered */
    const char *file = NULL;
    int line = 0;
    markdown_locate(NULL, node, &file, &line);
    diag_error(file, line, fmt, value);
}

static bool resolve_picture(const Renderer *r, xmlNodePtr img, const char *name, const char *root_prefix)
{
    const Picture *pic = theme_picture(r->theme, name);
    if (!pic) {
        if (r->markdown.repeat)
            return false;
        const char *near = theme_picture_suggest(r->theme, name);
        const char *file = NULL;
        int line = 0;
        markdown_locate(NULL, img, &file, &line);
        if (near)
            diag_error(file, line, "there is no picture called '%s' (did you mean '%s'?)", name, near);
        else
            diag_error(file, line, "there is no picture called '%s': the page " PICTURE_GALLERY_PATH
                       " of the built site shows every picture with its name", name);
        return false;
    }
    char *src = xasprintf("%spictures/%s.svg", root_prefix, pic->name);
    dom_set(img, "src", src);
    free(src);
    const char *alt = dom_attr_ref(img, "alt");
    if (!alt || !*alt)
        dom_set(img, "alt", pic->alt);
    dom_set(img, "class", "picture");
    return true;
}

/* Adds " (PDF, 240 KB)" inside a link to a document, so people know what
 * they will get before they follow it. */
/* "PDF, 240 KB": what the link to a document should say about it. */
static char *document_description(const char *file_name, long long bytes)
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

static void describe_document(xmlNodePtr a, const PackMeta *pack, const char *file)
{
    const char *ext = path_extension(file);
    static const char *const pages[] = {".html", ".htm", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", NULL};
    for (const char *const *p = pages; *p; p++)
        if (!strcasecmp(ext, *p))
            return;
    char *path = path_join(pack->dir, file);
    char *desc = document_description(file, file_size(path));
    free(path);
    char *text = xasprintf(" (%s)", desc);
    xmlNodePtr span = dom_element(a->doc, a, "span", text);
    dom_set(span, "class", "document-type");
    free(text);
    free(desc);
}

/* The page a pack's own Markdown file becomes, as a link from the plain
 * page: writers link to the file they are editing ("see the easy-read.md"),
 * readers need the page. */
static const char *page_of_source(const char *name)
{
    if (!strcmp(name, "index.md"))
        return "";
    if (!strcmp(name, "easy-read.md"))
        return "easy-read/";
    return NULL;
}

bool resolve_links(const Renderer *r, xmlNodePtr root, const PackMeta *pack, const PackContent *content,
                   const char *depth_prefix, const char *root_prefix)
{
    bool ok = true;
    for (xmlNodePtr n = root; n; n = dom_next(n, root)) {
        bool is_img = dom_is(n, "img"), is_a = dom_is(n, "a");
        if (!is_img && !is_a)
            continue;
        const char *attr = is_img ? "src" : "href";
        char *url = dom_attr(n, attr);
        if (!url || !*url || url[0] == '#') {
            free(url);
            continue;
        }
        if (is_img && !str_starts_with(url, "picture:")) {
            /* Markdown cannot mark an image as decorative, so ![](x.png)
             * means the text alternative is missing, not that it is empty:
             * drop alt="" and let the WCAG check say so. */
            xmlAttrPtr alt = xmlHasProp(n, BAD_CAST "alt");
            if (alt && dom_attr_ref(n, "alt") && !*dom_attr_ref(n, "alt"))
                xmlRemoveProp(alt);
        }
        if (is_img && str_starts_with(url, "picture:")) {
            ok &= resolve_picture(r, n, url + 8, root_prefix);
        } else if (url[0] == '/' || url[0] == '\\') {
            report(r, n, "'%s' is an absolute path: link to a full web address (https://...) or to a "
                      "file in the pack", url);
            ok = false;
        } else if (!has_scheme(url)) {
            /* Relative to the plain page: consultations/SLUG/ or pages/SLUG/,
             * both two folders below the site root. */
            char *bare = xstrdup(url);
            bare[strcspn(bare, "?#")] = '\0';
            int ups = 0;
            char *norm = normalise(bare, 2, &ups);
            char *site_path = NULL;   /* where the link leads, from the site root */
            if (norm && ups > 0)
                site_path = ups == 2 ? xstrdup(norm)
                                     : xasprintf("%s/%s", pack ? "consultations" : "pages", norm);
            const char *source_page = pack && norm && ups == 0 ? page_of_source(norm) : NULL;
            if (source_page) {
                /* From the plain page itself, index.md is "./", never "". */
                const char *page = *depth_prefix || *source_page ? source_page : "./";
                char *to = xasprintf("%s%s%s", depth_prefix, page, url + strlen(bare));   /* keeps #part */
                dom_set(n, attr, to);
                free(to);
            }
            if (!norm) {
                report(r, n, "'%s' points outside the site: link only to files in the pack, other pages "
                          "of the site or full web addresses", url);
                ok = false;
            } else if (site_path && !site_path_published(r->site, site_path)) {
                report(r, n, "'%s' is not a page of this site: link to another consultation as "
                          "../../consultations/SLUG/, to a page as ../../pages/SLUG/, or give a full web "
                          "address (https://...)", url);
                ok = false;
            } else if (pack && ups == 0 && !source_page && !strchr(norm, '/') && *norm) {
                /* A file of this pack: it must exist and be published. */
                if (!content || !sl_contains(&content->files, norm)) {
                    char *msg = xasprintf("'%%s' is not a file in consultations/%s/: add the file to the pack "
                                          "or fix the name", pack->slug);
                    report(r, n, msg, url);
                    free(msg);
                    ok = false;
                } else if (is_a) {
                    describe_document(n, pack, norm);
                }
            }
            if (norm && *depth_prefix && !source_page) {
                char *moved = xasprintf("%s%s", depth_prefix, url);
                dom_set(n, attr, moved);
                free(moved);
            }
            free(site_path);
            free(norm);
            free(bare);
        }
        free(url);
    }
    return ok;
}
