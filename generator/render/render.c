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
#include "language.h"
#include "words.h"

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

/* The word in the page's own language only: a missing one keeps the
 * template's English, marked as English (words_fallback_lang). */
static const char *lookup_word(const void *data, const char *key)
{
    const Renderer *r = data;
    return words_get_own(r->theme->words, render_lang(r), key);
}

/* The language of the template's own words, when it is not the page's. */
static const char *words_fallback_lang(const Renderer *r)
{
    return language_is_english(render_lang(r)) ? NULL : "en";
}

/* Whether the page has a version in lang. */
static bool page_in(const Renderer *r, const PageShell *shell, const char *lang, bool source)
{
    if (source)
        return true;
    if (shell->pack)
        return pack_translation(shell->pack, lang) != NULL;
    if (shell->site_page)
        return sl_contains(&shell->site_page->translations, lang);
    (void)r;
    return true;              /* the hub: every language has one */
}

/* The language switcher and the hreflang links: each of the site's
 * languages, named in itself, leading to this page in that language or,
 * where it has not been translated, to that language's hub. */
static void scope_languages(Scope *s, const Renderer *r, const PageShell *shell, const char *root)
{
    const Site *site = r->site;
    const char *current = render_lang(r);
    if (language_is_rtl(current))
        scope_text(s, "dir", "rtl");
    if (site->languages.count < 2 || !shell->lang_base)
        return;
    const char *rest = shell->path + strlen(shell->lang_base);
    if (r->lang && str_starts_with(rest, r->lang) && rest[strlen(r->lang)] == '/')
        rest += strlen(r->lang) + 1;
    size_t rest_len = strlen(rest);
    if (str_ends_with(rest, "index.html"))
        rest_len -= strlen("index.html");
    scope_flag(s, "has_languages", true);
    scope_list(s, "languages");
    scope_list(s, "lang_links");
    for (size_t i = 0; i < site->languages.count; i++) {
        const char *lang = site->languages.items[i];
        bool source = i == 0, here = language_same(lang, current);
        const char *folder = source ? "" : lang;
        const char *slash = source ? "" : "/";
        Scope *item = scope_add_item(s, "languages");
        scope_text(item, "lang_code", lang);
        scope_text(item, "lang_name", language_autonym(lang));
        /* Each name runs its own way, whichever way the page runs. */
        scope_text(item, "lang_dir", language_is_rtl(lang) ? "rtl" : "ltr");
        if (here)
            scope_text(item, "lang_aria_current", "page");
        if (page_in(r, shell, lang, source)) {
            char *url = xasprintf("%s%s%s%s%.*s", root, shell->lang_base, folder, slash, (int)rest_len, rest);
            scope_text(item, "lang_url", *url ? url : "./");
            Scope *link = scope_add_item(s, "lang_links");
            scope_text(link, "lang_code", lang);
            scope_text(link, "lang_url", *url ? url : "./");
            free(url);
        } else {
            scope_textf(item, "lang_url", "%s%s%s", *root || *folder ? root : "./", folder, slash);
            const char *missing = words_get_own(r->theme->words, lang, "lang_missing");
            scope_text(item, "lang_missing", missing ? missing : words_or(r->theme->words, "en", "lang_missing",
                                                         "(this page is not translated yet: home page)"));
            if (!missing)
                scope_text(item, "lang_missing_lang", "en");   /* said in English, so marked as English */
        }
    }
}

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

/* A table wider than a phone must scroll inside its own box, not make the
 * page scroll sideways (WCAG 1.4.10 allows it for data tables only).  The
 * box is a named region a keyboard can reach (tabindex), so people who
 * cannot use a mouse or touch can still scroll it.  Its name is the
 * table's caption, else the heading the table sits under. */
static void wrap_tables(xmlNodePtr root)
{
    xmlNodePtr heading = NULL;
    for (xmlNodePtr n = root; n;) {
        if (dom_heading_level(n)) {
            heading = n;
        } else if (dom_is(n, "table") && !(n->parent && dom_has_class(n->parent, "table-scroll"))) {
            xmlNodePtr caption = dom_find_element(n, "caption");
            char *name = node_text(caption ? caption : heading);
            char *label = *name ? (caption ? xstrdup(name) : xasprintf("Table: %s", name)) : xstrdup("Table");
            xmlNodePtr box = xmlNewDocNode(n->doc, NULL, BAD_CAST "div", NULL);
            dom_set(box, "class", "table-scroll");
            dom_set(box, "role", "region");
            dom_set(box, "tabindex", "0");
            dom_set(box, "aria-label", label);
            free(label);
            free(name);
            xmlReplaceNode(n, box);
            xmlAddChild(box, n);
            n = dom_next_skip(box, root);
            continue;
        }
        n = dom_next(n, root);
    }
}

void make_page(const Renderer *r, const PageShell *shell, xmlNodePtr content_nodes)
{
    const Site *site = r->site;
    Scope *s = scope_new();
    scope_words(s, lookup_word, r, words_fallback_lang(r));
    char *root = relative_root(shell->path);
    scope_site(s, site);
    scope_text(s, "lang", render_lang(r));
    if (r->lang)
        scope_text(s, "site_lang", site->language);   /* the site's name is in its own language */
    scope_languages(s, r, shell, root);
    scope_contact(s, site, shell->pack);
    scope_text(s, "root", *root ? root : "./");
    if (r->lang)
        scope_textf(s, "home_url", "%s%s/", root, r->lang);
    else
        scope_textf(s, "home_url", "%s", *root ? root : "./");
    scope_textf(s, "css_url", "%scss/site.css", root);
    scope_textf(s, "print_css_url", "%scss/print.css", root);
    scope_textf(s, "settings_js_url", "%sjs/settings.js", root);
    scope_textf(s, "read_aloud_js_url", "%sjs/read-aloud.js", root);
    scope_textf(s, "report_url", "%sreport/", root);
    scope_flag(s, "report_in_footer", site->report_in_footer);
    if (!strcmp(shell->title, site->title))
        scope_text(s, "page_title", site->title);
    else
        scope_textf(s, "page_title", "%s - %s", shell->title, site->title);
    scope_text(s, "description", shell->description);
    const char *script = language_script(render_lang(r));
    if (strcmp(script, "Latn") != 0) {
        /* script-arab and the like: the theme's font stack for the script. */
        char lower[5] = {(char)(script[0] | 0x20), script[1], script[2], script[3], 0};
        scope_textf(s, "body_class", "format-%s kind-%s script-%s", format_id(shell->format), shell->kind_id, lower);
    } else {
        scope_textf(s, "body_class", "format-%s kind-%s", format_id(shell->format), shell->kind_id);
    }
    scope_text(s, "format_name", render_word(r, format_word(shell->format), format_name(shell->format)));
    /* Easy-read pages ask for another format in easy-read words, with pictures. */
    scope_flag(s, "format_easy_read", shell->format == FORMAT_EASY_READ);
    static const char *const pictures[][2] = {{"pic_listen", "listen"}, {"pic_braille", "braille"},
        {"pic_sign_language", "sign-language"}, {"pic_translate", "translate"}, {"pic_phone", "phone"},
        {"pic_email", "email"}};
    for (size_t i = 0; i < sizeof pictures / sizeof pictures[0]; i++)
        scope_textf(s, pictures[i][0], "%spictures/%s.svg", root, pictures[i][1]);
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
    scope_text(home, "nav_name", render_word(r, "nav_consultations", "Consultations"));
    /* Readers of easy read and large print stay in their format, and
     * readers of a translation in their language. */
    if (r->lang)
        scope_textf(home, "nav_url", "%s%s/%s", root, r->lang, format_dir(shell->format));
    else
        scope_textf(home, "nav_url", "%s%s", *root || shell->format != FORMAT_PLAIN ? root : "./",
                    format_dir(shell->format));
    if (shell->nav_current && !strcmp(shell->nav_current, "hub"))
        scope_text(home, "nav_current", "page");
    for (size_t i = 0; i < site->page_count; i++) {
        const PageMeta *pm = &site->pages[i];
        Scope *item = scope_add_item(s, "nav");
        size_t t = 0;
        while (r->lang && t < pm->translations.count && strcmp(pm->translations.items[t], r->lang))
            t++;
        if (r->lang && t < pm->translations.count) {
            scope_text(item, "nav_name", pm->translated_titles.items[t]);
            scope_textf(item, "nav_url", "%spages/%s/%s/", root, pm->slug, r->lang);
        } else {
            scope_text(item, "nav_name", pm->title);
            scope_textf(item, "nav_url", "%spages/%s/", root, pm->slug);
            if (r->lang)
                scope_text(item, "nav_lang", site->language);   /* an untranslated title keeps its own language */
        }
        if (shell->nav_current && !strcmp(shell->nav_current, pm->slug))
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
        if (a->picture)
            scope_textf(item, "alt_picture", "%spictures/%s.svg", root, a->picture);
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
    wrap_tables(xmlDocGetRootElement(page->doc));
    scope_free(s);
    free(root);
    r->sink(r->sink_data, page);
}

/* Renders a content template into a scratch document, ready for make_page. */
xmlNodePtr render_content(const Renderer *r, TemplateKind kind, Scope *scope, xmlDocPtr scratch)
{
    scope_words(scope, lookup_word, r, words_fallback_lang(r));
    return template_render_fragment(theme_template(r->theme, kind), scope, scratch);
}

/* ---- pages/ ---- */

/* One page of pages/ in one format.  Large print has the plain page's
 * words (its problems were reported with the plain page); easy read has
 * its own, from pages/SLUG.easy-read.md. */
static bool render_site_page(const Renderer *given, const PageMeta *pm, Format format, const char *easy_read_path,
                             Alternate *alts, size_t alt_count)
{
    const Site *site = given->site;
    Renderer local = *given;
    local.markdown.repeat = format == FORMAT_LARGE_PRINT;
    const Renderer *r = &local;
    SourceText body;
    char *display = format == FORMAT_EASY_READ ? xasprintf("pages/%s.easy-read.md", pm->slug)
                                               : xstrdup(pm->display_path);
    if (!load_markdown_file(format == FORMAT_EASY_READ ? easy_read_path : pm->path, display, site->encoding,
                            NULL, NULL, NULL, &body)) {
        free(display);
        return false;
    }
    bool ok = true;
    char *title = xstrdup(pm->title);
    if (format == FORMAT_EASY_READ)
        take_easy_read_title(&body, &title);
    if (r->before_render && !r->before_render(r->hook_data, NULL, format, pm->slug, &title, &body.text))
        ok = false;
    body.length = body.text ? strlen(body.text) : 0;
    char *path = xasprintf("pages/%s/%sindex.html", pm->slug, format_dir(format));
    char *base = xasprintf("pages/%s/", pm->slug);
    char *root = relative_root(path);
    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr prose = markdown_render(scratch, &body, &r->markdown);
    markdown_heading_ids(prose);
    ok &= resolve_links(r, prose, NULL, NULL, format == FORMAT_PLAIN ? "" : "../", root);
    if (format == FORMAT_EASY_READ)
        easy_read_rows(r, prose, scratch, root);
    else if (format == FORMAT_LARGE_PRINT)
        large_print_adapt(prose);
    Scope *s = scope_new();
    scope_site(s, site);
    scope_contact(s, site, NULL);
    scope_text(s, "title", title);
    scope_text(s, "summary", pm->summary);
    scope_flag(s, "easy_read", format == FORMAT_EASY_READ);
    scope_nodes(s, "body", prose);
    xmlNodePtr content = render_content(r, TEMPLATE_PAGE, s, scratch);
    scope_free(s);
    for (size_t i = 0; i < alt_count; i++)
        alts[i].current = !strcmp(alts[i].url + strlen("pages/") + strlen(pm->slug) + 1, format_dir(format));
    PageShell shell = {
        .kind = PAGE_SITE, .kind_id = "page", .format = format, .path = path,
        .title = title, .description = pm->summary, .source_path = display,
        .content_template = TEMPLATE_PAGE, .nav_current = pm->slug,
        .alternates = alts, .alternate_count = alt_count, .lang_base = base, .site_page = pm,
    };
    make_page(r, &shell, content);
    free(base);
    free(title);
    free(root);
    free(path);
    free(display);
    xmlFreeDoc(scratch);
    free(body.text);
    free(body.path);
    return ok;
}

bool render_site_pages(const Renderer *r)
{
    const Site *site = r->site;
    bool ok = true;
    for (size_t i = 0; i < site->page_count; i++) {
        const PageMeta *pm = &site->pages[i];
        if (!r->lang) {
            char *dir = path_dirname(pm->path);
            char *name = xasprintf("%s.easy-read.md", pm->slug);
            char *easy_read_path = path_join(dir, name);
            bool has_easy_read = file_exists(easy_read_path);
            Alternate alts[FORMAT_COUNT];
            size_t alt_count = 0;
            format_alternates(r, alts, "", FORMAT_PLAIN);
            for (int f = 0; f < FORMAT_COUNT; f++) {
                char *url = xasprintf("pages/%s/%s", pm->slug, format_dir((Format)f));
                free(alts[f].url);
                alts[f].url = url;
            }
            /* No easy-read text: no easy-read link (the "ask for another
             * format" box on every page says how to ask for one). */
            if (!has_easy_read) {
                free(alts[FORMAT_EASY_READ].url);
                alts[FORMAT_EASY_READ] = alts[FORMAT_LARGE_PRINT];
                alt_count = FORMAT_COUNT - 1;
            } else {
                alt_count = FORMAT_COUNT;
            }
            for (int f = 0; f < FORMAT_COUNT; f++)
                if (f != FORMAT_EASY_READ || has_easy_read)
                    ok &= render_site_page(r, pm, (Format)f, easy_read_path, alts, alt_count);
            free_alternates(alts, alt_count);
            free(easy_read_path);
            free(name);
            free(dir);
            continue;
        }
        size_t t = 0;
        while (r->lang && t < pm->translations.count && strcmp(pm->translations.items[t], r->lang))
            t++;
        if (r->lang && t == pm->translations.count)
            continue;         /* not translated: the switcher offers the language's hub */
        char *translated = r->lang ? xasprintf("pages/%s.%s.md", pm->slug, r->lang) : NULL;
        char *translated_path = translated ? path_join(site->source_dir, translated) : NULL;
        const char *display = translated ? translated : pm->display_path;
        SourceText body;
        char *front = NULL;
        size_t front_len;
        int front_line;
        if (!load_markdown_file(translated ? translated_path : pm->path, display, site->encoding, &front,
                                &front_len, &front_line, &body)) {
            ok = false;
            free(translated);
            free(translated_path);
            continue;
        }
        free(front);
        char *title = xstrdup(translated ? pm->translated_titles.items[t] : pm->title);
        const char *summary = translated ? pm->translated_summaries.items[t] : pm->summary;
        if (r->before_render && !r->before_render(r->hook_data, NULL, FORMAT_PLAIN, pm->slug, &title, &body.text))
            ok = false;
        body.length = body.text ? strlen(body.text) : 0;
        xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
        xmlNodePtr prose = markdown_render(scratch, &body, &r->markdown);
        markdown_heading_ids(prose);
        ok &= resolve_links(r, prose, NULL, NULL, translated ? "../" : "", translated ? "../../../" : "../../");
        Scope *s = scope_new();
        scope_site(s, site);
        scope_contact(s, site, NULL);
        scope_text(s, "title", title);
        scope_text(s, "summary", summary);
        if (translated && sl_contains(&pm->stale_translations, r->lang)) {
            scope_text(s, "translation_stale", words_or(r->theme->words, r->lang, "translation_stale",
                       "This translation may be out of date: the original has changed since it was translated."));
            scope_textf(s, "translation_source_url", "../");
            scope_text(s, "translation_source_name", language_autonym(site->language));
            scope_text(s, "translation_source_lang", site->language);
        }
        scope_nodes(s, "body", prose);
        xmlNodePtr content = render_content(r, TEMPLATE_PAGE, s, scratch);
        scope_free(s);

        char *path = translated ? xasprintf("pages/%s/%s/index.html", pm->slug, r->lang)
                                : xasprintf("pages/%s/index.html", pm->slug);
        char *base = xasprintf("pages/%s/", pm->slug);
        PageShell shell = {
            .kind = PAGE_SITE, .kind_id = "page", .format = FORMAT_PLAIN, .path = path,
            .title = title, .description = summary, .source_path = display,
            .content_template = TEMPLATE_PAGE, .nav_current = pm->slug, .lang_base = base, .site_page = pm,
        };
        make_page(r, &shell, content);
        free(base);
        free(title);
        free(path);
        xmlFreeDoc(scratch);
        free(body.text);
        free(body.path);
        free(translated);
        free(translated_path);
    }
    return ok;
}
