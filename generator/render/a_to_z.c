/* a_to_z.c: every consultation in order of its title, under letters.
 *
 * The hub's search box needs JavaScript; this page is what it stands on
 * without it (the box is a link here), and a list a screen reader user
 * can move through letter by letter. */
#include "render_internal.h"

#include <libxml/HTMLtree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int compare_title(const void *a, const void *b)
{
    const PackMeta *x = *(const PackMeta *const *)a, *y = *(const PackMeta *const *)b;
    int c = strcasecmp(x->title, y->title);
    return c ? c : strcmp(x->slug, y->slug);
}

/* The heading a title is filed under: its first letter, A to Z, or "0-9"
 * and "Other" for titles that start otherwise. */
static const char *letter_of(const char *title, char buf[2])
{
    unsigned char c = (unsigned char)title[0];
    if (c >= 'a' && c <= 'z')
        c = (unsigned char)(c - 'a' + 'A');
    if (c >= 'A' && c <= 'Z') {
        buf[0] = (char)c;
        buf[1] = '\0';
        return buf;
    }
    return c >= '0' && c <= '9' ? "0-9" : "Other";
}

void render_a_to_z(const Renderer *r)
{
    const Site *site = r->site;
    const char *path = "a-z/index.html";
    const char *root = "../";
    const PackMeta **sorted = xcalloc(site->pack_count + 1, sizeof *sorted);
    for (size_t i = 0; i < site->pack_count; i++)
        sorted[i] = &site->packs[i];
    qsort(sorted, site->pack_count, sizeof *sorted, compare_title);

    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    Scope *s = scope_new();
    scope_site(s, site);
    scope_contact(s, site, NULL);
    const char *title = "Consultations from A to Z";
    scope_text(s, "title", title);
    scope_text(s, "hub_url", root);
    scope_textf(s, "count", "%zu", site->pack_count);
    scope_flag(s, "one", site->pack_count == 1);
    scope_flag(s, "none", site->pack_count == 0);
    scope_list(s, "letters");
    scope_list(s, "groups");
    Scope *group = NULL;
    char current[8] = "";
    for (size_t i = 0; i < site->pack_count; i++) {
        const PackMeta *p = sorted[i];
        char buf[2];
        const char *letter = letter_of(p->title, buf);
        if (!group || strcmp(current, letter)) {
            snprintf(current, sizeof current, "%s", letter);
            Scope *l = scope_add_item(s, "letters");
            scope_text(l, "letter", letter);
            scope_textf(l, "letter_url", "#letter-%s", letter);
            group = scope_add_item(s, "groups");
            scope_text(group, "letter", letter);
            scope_textf(group, "letter_id", "letter-%s", letter);
            scope_list(group, "items");
        }
        Scope *item = scope_add_item(group, "items");
        scope_text(item, "item_title", p->title);
        scope_textf(item, "item_url", "%sconsultations/%s/", root, p->slug);
        scope_text(item, "item_status", p->feedback_overdue ? "Results late" : status_name(p->status));
        scope_textf(item, "item_status_class", "status status-%s%s", status_id(p->status),
                    p->feedback_overdue ? " status-due" : "");
        char closes[48] = "";
        if (p->closes != DAY_NONE)
            date_long(p->closes, closes, sizeof closes);
        scope_text(item, "item_closes", closes);
    }
    free(sorted);
    xmlNodePtr body = render_content(r, TEMPLATE_A_TO_Z, s, scratch);
    scope_free(s);
    PageShell shell = {
        .kind = PAGE_HUB, .kind_id = "a-to-z", .format = FORMAT_PLAIN, .path = path, .title = title,
        .description = site->organisation, .source_path = "site.yml", .content_template = TEMPLATE_A_TO_Z,
    };
    make_page(r, &shell, body);
    xmlFreeDoc(scratch);
}
