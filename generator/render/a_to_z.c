/* a_to_z.c: every consultation in order of its title, under letters.
 *
 * The hub's search box needs JavaScript; this page is what it stands on
 * without it (the box is a link here), and a list a screen reader user
 * can move through letter by letter. */
#include "render_internal.h"
#include "words.h"

#include <libxml/HTMLtree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A pack as this page's language lists it: its translation, else itself. */
typedef struct Listed {
    PackMeta view;
    bool untranslated;
} Listed;

static int compare_title(const void *a, const void *b)
{
    const PackMeta *x = &((const Listed *)a)->view, *y = &((const Listed *)b)->view;
    int c = strcasecmp(x->title, y->title);
    return c ? c : strcmp(x->slug, y->slug);
}

/* Welsh letters written with two characters: "Llyfrgell" is under Ll, not
 * L ("Ng" is left out: a title starting "Ng" is far likelier N+g). */
static const char *const welsh_digraphs[] = {"Ch", "Dd", "Ff", "Ll", "Ph", "Rh", "Th"};

/* The heading a title is filed under: its first letter (A to Z; in Welsh
 * the two-character letters too; in other scripts the first character as
 * it is), or "0-9" for titles that start with a digit. */
static void letter_of(const char *title, const char *lang, char *buf, size_t size)
{
    unsigned char c = (unsigned char)title[0];
    if (c >= '0' && c <= '9') {
        snprintf(buf, size, "0-9");
        return;
    }
    if (lang && !strncmp(lang, "cy", 2) && (lang[2] == 0 || lang[2] == '-'))
        for (size_t i = 0; i < sizeof welsh_digraphs / sizeof welsh_digraphs[0]; i++)
            if (!strncasecmp(title, welsh_digraphs[i], 2)) {
                snprintf(buf, size, "%s", welsh_digraphs[i]);
                return;
            }
    if (c >= 'a' && c <= 'z')
        c = (unsigned char)(c - 'a' + 'A');
    if (c < 0x80) {
        if ((c >= 'A' && c <= 'Z'))
            snprintf(buf, size, "%c", c);
        else
            snprintf(buf, size, "#");
        return;
    }
    /* A letter of another script: its whole UTF-8 sequence. */
    size_t n = 1;
    while (title[n] && ((unsigned char)title[n] & 0xC0) == 0x80)
        n++;
    snprintf(buf, size, "%.*s", (int)n, title);
}

/* An id for a letter's heading that is the same in every language:
 * letter-B, letter-Ll, letter-0-9, or the letter's bytes in hex. */
static void letter_id(const char *letter, char *buf, size_t size)
{
    size_t at = (size_t)snprintf(buf, size, "letter-");
    for (const unsigned char *p = (const unsigned char *)letter; *p && at + 3 < size; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')
            buf[at++] = (char)*p;
        else
            at += (size_t)snprintf(buf + at, size - at, "%02x", *p);
    }
    buf[at] = '\0';
}

void render_a_to_z(const Renderer *r)
{
    const Site *site = r->site;
    char *path = r->lang ? xasprintf("%s/a-z/index.html", r->lang) : xstrdup("a-z/index.html");
    char *root = relative_root(path);
    char *home = r->lang ? xasprintf("%s%s/", root, r->lang) : xstrdup(root);
    const char *lang = render_lang(r);
    Listed *listed = xcalloc(site->pack_count + 1, sizeof *listed);
    for (size_t i = 0; i < site->pack_count; i++)
        listed[i].view = pack_listing_view(r, &site->packs[i], &listed[i].untranslated);
    qsort(listed, site->pack_count, sizeof *listed, compare_title);

    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    Scope *s = scope_new();
    scope_site(s, site);
    scope_contact(s, site, NULL);
    const char *title = render_word(r, "a_to_z_title", "Consultations from A to Z");
    scope_text(s, "title", title);
    scope_text(s, "hub_url", home);
    char *count = site->pack_count ? words_count(r->theme->words, lang, "a_to_z_count", (long)site->pack_count)
                                   : xstrdup(render_word(r, "a_to_z_none", "There are no consultations on this site yet."));
    if (!count)
        count = site->pack_count == 1 ? xstrdup("There is 1 consultation on this site, in order of their titles.")
                                      : xasprintf("There are %zu consultations on this site, in order of their titles.",
                                                  site->pack_count);
    scope_text(s, "count_text", count);
    free(count);
    scope_list(s, "letters");
    scope_list(s, "groups");
    Scope *group = NULL;
    char current[16] = "";
    for (size_t i = 0; i < site->pack_count; i++) {
        const PackMeta *p = &listed[i].view;
        char letter[16], id[64];
        letter_of(p->title, listed[i].untranslated ? site->language : lang, letter, sizeof letter);
        if (!group || strcmp(current, letter)) {
            snprintf(current, sizeof current, "%s", letter);
            letter_id(letter, id, sizeof id);
            Scope *l = scope_add_item(s, "letters");
            scope_text(l, "letter", letter);
            scope_textf(l, "letter_url", "#%s", id);
            group = scope_add_item(s, "groups");
            scope_text(group, "letter", letter);
            scope_text(group, "letter_id", id);
            scope_list(group, "items");
        }
        Scope *item = scope_add_item(group, "items");
        if (listed[i].untranslated)
            scope_text(item, "item_lang", site->language);
        scope_text(item, "item_title", p->title);
        char *url = pack_folder_url(p);
        scope_textf(item, "item_url", "%s%s", root, url);
        free(url);
        scope_text(item, "item_status", pack_listing_status(r, p));
        char *status_class = pack_listing_status_class(p);
        scope_text(item, "item_status_class", status_class);
        free(status_class);
        char *dates = pack_listing_dates(r, p, site->today);
        scope_text(item, "item_dates", dates);
        free(dates);
    }
    free(listed);
    xmlNodePtr body = render_content(r, TEMPLATE_A_TO_Z, s, scratch);
    scope_free(s);
    PageShell shell = {
        .kind = PAGE_HUB, .kind_id = "a-to-z", .format = FORMAT_PLAIN, .path = path, .title = title,
        .description = site->organisation, .source_path = "site.yml", .content_template = TEMPLATE_A_TO_Z,
    };
    make_page(r, &shell, body);
    xmlFreeDoc(scratch);
    free(home);
    free(root);
    free(path);
}
