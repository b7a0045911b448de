/* review_sheet.c: each format's review, who checked it and what changed
 * since, and the review sheets to print (review_sheet.h).
 */
#include "review_sheet.h"
#include "render.h"
#include "review_html.h"
#include "dom.h"
#include "word_diff.h"

#include <libxml/HTMLtree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reviews: who checked each format, and what changed since ---- */

void review_sheet_free(ReviewSheet *sheet)
{
    for (size_t i = 0; i < sheet->count; i++) {
        free(sheet->blocks[i].text);
        free(sheet->blocks[i].src);
    }
    free(sheet->blocks);
    memset(sheet, 0, sizeof *sheet);
}

static void sheet_push(ReviewSheet *sheet, const char *tag, char *text, char *src)
{
    if (sheet->count == sheet->cap)
        sheet->blocks = xrealloc(sheet->blocks, (sheet->cap = sheet->cap ? sheet->cap * 2 : 32) * sizeof *sheet->blocks);
    SheetBlock *b = &sheet->blocks[sheet->count++];
    snprintf(b->tag, sizeof b->tag, "%s", tag);
    b->text = text;
    b->src = src;
}

/* A picture's address from the site root: "pictures/bus.svg" for
 * "../../../pictures/bus.svg" on consultations/x/easy-read/index.html.
 * NULL for one that is not on the site. */
static char *root_relative(const char *page_path, const char *src)
{
    if (!src || strstr(src, "://") || src[0] == '/' || !strncmp(src, "data:", 5))
        return NULL;
    return path_from_page(page_path, src);
}

void review_sheet_take(ReviewSheet *sheet, xmlDocPtr doc, const char *page_path)
{
    xmlNodePtr main = dom_find_by_id(xmlDocGetRootElement(doc), "main");
    for (xmlNodePtr n = main ? main->children ? main : NULL : NULL; n;) {
        if (n->type != XML_ELEMENT_NODE || n == main) {
            n = dom_next(n, main);
            continue;
        }
        int level = dom_heading_level(n);
        static const char *const skipped[] = {"nav", "script", "style", "svg", "form", "button", NULL};
        bool skip = false;
        for (const char *const *k = skipped; *k && !skip; k++)
            skip = dom_is(n, *k);
        /* Who checked it is not part of what they check. */
        if (skip || dom_has_class(n, "visually-hidden") || dom_has_class(n, "checked-by")) {
            n = dom_next_skip(n, main);
        } else if (level) {
            char tag[3] = {'h', (char)('0' + (level < 4 ? level : 4)), '\0'};
            sheet_push(sheet, tag, node_text(n), NULL);
            n = dom_next_skip(n, main);
        } else if (dom_is(n, "p") || dom_is(n, "li") || dom_is(n, "dt") || dom_is(n, "dd") || dom_is(n, "td") ||
                   dom_is(n, "th") || dom_is(n, "caption") || dom_is(n, "blockquote")) {
            /* A block holding a picture keeps it, before its words. */
            for (xmlNodePtr i = n; i; i = dom_next(i, n))
                if (dom_is(i, "img")) {
                    char *src = root_relative(page_path, dom_attr_ref(i, "src"));
                    if (src)
                        sheet_push(sheet, "img", dom_attr(i, "alt"), src);
                }
            char *text = node_text(n);
            if (*text)
                sheet_push(sheet, "p", text, NULL);
            else
                free(text);
            n = dom_next_skip(n, main);
        } else if (dom_is(n, "img")) {
            char *src = root_relative(page_path, dom_attr_ref(n, "src"));
            if (src)
                sheet_push(sheet, "img", dom_attr(n, "alt"), src);
            n = dom_next_skip(n, main);
        } else {
            n = dom_next(n, main);
        }
    }
}

/* Words of unchanged text shown either side of a change. */
#define DIFF_CONTEXT 12

static void diff_run(xmlDocPtr doc, xmlNodePtr parent, const WordDiff *d, size_t from, size_t to)
{
    const DiffWord *w = &d->words[from];
    StrBuf text;
    sb_init(&text);
    for (size_t i = from; i < to; i++)
        sb_append_len(&text, d->words[i].text, d->words[i].len);
    if (w->kind == DIFF_SAME) {
        xmlAddChild(parent, xmlNewDocText(doc, BAD_CAST text.data));
    } else {
        xmlNodePtr mark = el(doc, parent, w->kind == DIFF_ADDED ? "ins" : "del", NULL);
        /* Said as well as shown: the group includes blind members. */
        xmlNodePtr said = el(doc, mark, "span", w->kind == DIFF_ADDED ? "[added: " : "[removed: ");
        dom_set(said, "class", "visually-hidden");
        xmlAddChild(mark, xmlNewDocText(doc, BAD_CAST text.data));
        dom_set(el(doc, mark, "span", "]"), "class", "visually-hidden");
    }
    sb_free(&text);
}

/* The words of one run of unchanged text, with the middle of a long one
 * left out: reviewers need the change and enough around it to find it. */
static void diff_same(xmlDocPtr doc, xmlNodePtr parent, const WordDiff *d, size_t from, size_t to)
{
    size_t head = from == 0 ? 0 : DIFF_CONTEXT, tail = to == d->count ? 0 : DIFF_CONTEXT;
    if (to - from <= head + tail + 4) {
        diff_run(doc, parent, d, from, to);
        return;
    }
    /* Whole lines where one ends near: a change reads better from the
     * start of its line, up to the end of the line after. */
    for (size_t k = from + head; head && k < from + 3 * DIFF_CONTEXT && k + tail + 4 < to; k++)
        if (memchr(d->words[k - 1].text, '\n', d->words[k - 1].len)) {
            head = k - from;
            break;
        }
    for (size_t k = to - tail; tail && k > to - 3 * DIFF_CONTEXT && k > from + head + 4; k--)
        if (memchr(d->words[k - 1].text, '\n', d->words[k - 1].len)) {
            tail = to - k;
            break;
        }
    if (head)
        diff_run(doc, parent, d, from, from + head);
    xmlNodePtr skip = elf(doc, parent, "span", "[… %zu words not changed …]", to - from - head - tail);
    dom_set(skip, "class", "diff-skip");
    xmlAddChild(parent, xmlNewDocText(doc, BAD_CAST (tail ? "\n" : "")));
    if (tail)
        diff_run(doc, parent, d, to - tail, to);
}

/* The review text as reviewers read it best: a Markdown picture
 * "![A map](picture:map)" as "[Picture: A map (map)]".  Both texts are
 * shown this way, so the words compared are the same either way. */
static char *readable(const char *text)
{
    StrBuf sb;
    sb_init(&sb);
    const char *p = text;
    for (const char *img; (img = strstr(p, "![")); ) {
        const char *close = strstr(img + 2, "](");
        const char *end = close ? strchr(close + 2, ')') : NULL;
        const char *nl = strchr(img, '\n');
        if (!close || !end || (nl && nl < end)) {
            sb_append_len(&sb, p, (size_t)(img + 2 - p));
            p = img + 2;
            continue;
        }
        const char *target = close + 2;
        if (!strncmp(target, "picture:", 8))
            target += 8;
        sb_append_len(&sb, p, (size_t)(img - p));
        sb_append(&sb, "[Picture: ");
        sb_append_len(&sb, img + 2, (size_t)(close - img - 2));
        sb_append(&sb, " (");
        sb_append_len(&sb, target, (size_t)(end - target));
        sb_append(&sb, ")]");
        p = end + 1;
    }
    sb_append(&sb, p);
    return sb_take(&sb);
}

static void changes_since(xmlDocPtr doc, xmlNodePtr parent, const FormatReview *fr, ReviewFormat f)
{
    char date[48];
    date_long(fr->review->date, date, sizeof date);
    elf(doc, parent, "h3", "What changed in %s since %s checked it on %s", review_format_name(f), fr->review->by,
        date);
    if (!fr->kept || !fr->text) {
        elf(doc, parent, "p", "sayso cannot show what changed: the text they checked is not kept beside "
            "reviews.yml (reviews/%s.txt). Signing the next check keeps it.", review_format_id(f));
        return;
    }
    /* The kept text is checked against the review's fingerprint: a kept
     * file edited by hand would make the words shown here untrue. */
    char *kept_fp = review_fingerprint(fr->kept, strlen(fr->kept));
    if (strcmp(kept_fp, fr->review->fingerprint))
        elf(doc, parent, "p", "Take care: reviews/%s.txt is not the text this check was for (it has been "
            "changed by hand, or the check was recorded without `sayso review sign`), so what is shown "
            "below may not be what changed.", review_format_id(f));
    free(kept_fp);
    WordDiff d;
    char *was = readable(fr->kept), *now = readable(fr->text);
    word_diff(was, now, &d);
    elf(doc, parent, "p", "%zu word%s added (underlined) and %zu removed (crossed out).%s", d.added,
        d.added == 1 ? "" : "s", d.removed, d.whole ? " So much changed that the whole text is shown as "
        "replaced." : "");
    xmlNodePtr box = el(doc, parent, "div", NULL);
    dom_set(box, "class", "review-diff");
    size_t i = 0;
    while (i < d.count) {
        size_t end = i + 1;
        while (end < d.count && d.words[end].kind == d.words[i].kind)
            end++;
        if (d.words[i].kind == DIFF_SAME)
            diff_same(doc, box, &d, i, end);
        else
            diff_run(doc, box, &d, i, end);
        i = end;
    }
    word_diff_free(&d);
    free(was);
    free(now);
}

static void state_words(const FormatReview *fr, char *buf, size_t size)
{
    char date[48] = "";
    if (fr->review)
        date_long(fr->review->date, date, sizeof date);
    if (fr->state == REVIEW_NEVER)
        snprintf(buf, size, "Not checked yet");
    else if (fr->state == REVIEW_CHANGED)
        snprintf(buf, size, "Changed since %s checked it on %s", fr->review->by, date);
    else if (fr->review->outcome == OUTCOME_CHANGES)
        snprintf(buf, size, "%s asked for changes on %s", fr->review->by, date);
    else
        snprintf(buf, size, "Checked by %s on %s", fr->review->by, date);
}

static char *sheet_path(const PackMeta *pack, ReviewFormat f)
{
    return xasprintf("report/%s/%s/index.html", pack->slug, review_format_id(f));
}

void review_checks_section(const Renderer *r, xmlDocPtr doc, xmlNodePtr parent, const char *to_root,
                           const PackMeta *pack, const PackReviews *reviews,
                           const ReviewSheet sheets[REVIEW_FORMAT_COUNT])
{
    xmlNodePtr section = el(doc, parent, "section", NULL);
    dom_set(section, "class", "report-reviews");
    dom_set(section, "aria-labelledby", "reviews-heading");
    dom_set(el(doc, section, "h2", "Checks by reviewers"), "id", "reviews-heading");
    el(doc, section, "p", "A page says who checked it only while its words are the words they checked. "
                          "Print a review sheet to take to a meeting.");
    xmlNodePtr table = el(doc, section, "table", NULL);
    dom_set(table, "class", "reviews-table");
    xmlNodePtr head = el(doc, el(doc, table, "thead", NULL), "tr", NULL);
    const char *cols[] = {"Format", "Check", "Notes", "Review sheet"};
    for (int c = 0; c < 4; c++)
        dom_set(el(doc, head, "th", cols[c]), "scope", "col");
    xmlNodePtr body = el(doc, table, "tbody", NULL);
    for (int f = 0; f < REVIEW_FORMAT_COUNT; f++) {
        const FormatReview *fr = &reviews->formats[f];
        if (!fr->present)
            continue;
        xmlNodePtr tr = el(doc, body, "tr", NULL);
        dom_set(el(doc, tr, "th", review_format_name((ReviewFormat)f)), "scope", "row");
        char buf[400];
        state_words(fr, buf, sizeof buf);
        xmlNodePtr state = el(doc, tr, "td", NULL);
        /* The group's own mark, as on the pages it checked. */
        const Reviewer *group = fr->review ? review_group(r->site, fr->review->by) : NULL;
        if (group && group->logo) {
            char *src = NULL;
            if (!strncmp(group->logo, "picture:", 8) && theme_picture(r->theme, group->logo + 8))
                src = xasprintf("%spictures/%s.svg", to_root, group->logo + 8);
            else if (strncmp(group->logo, "picture:", 8))
                src = xasprintf("%sconsultations/%s/%s", to_root, pack->slug, group->logo);
            if (src) {
                xmlNodePtr img = el(doc, state, "img", NULL);
                dom_set(img, "src", src);
                dom_set(img, "alt", "");
                dom_set(img, "class", "reviewer-mark");
                free(src);
            }
        }
        xmlAddChild(state, xmlNewDocText(doc, BAD_CAST buf));
        bool required = sl_contains(&r->site->require_review, review_format_id((ReviewFormat)f));
        if (required && !review_shows_check(fr))
            xmlAddChild(state, xmlNewDocText(doc, BAD_CAST ". This site needs it checked before it is published."));
        /* Words in every cell: a header over blank cells only heads nothing
         * (WCAG checker, ACT d0f69e), and "blank" tells a listener less. */
        el(doc, tr, "td", fr->review && fr->review->notes && *fr->review->notes ? fr->review->notes
                                                                              : "None");
        xmlNodePtr cell = el(doc, tr, "td", sheets[f].count ? NULL : "None");
        if (sheets[f].count) {
            char *path = sheet_path(pack, (ReviewFormat)f);
            char *text = xasprintf("Print the %s sheet", review_format_name((ReviewFormat)f));
            link_to(doc, cell, to_root, path, text);
            free(text);
            free(path);
        }
    }
    for (int f = 0; f < REVIEW_FORMAT_COUNT; f++)
        if (reviews->formats[f].present && reviews->formats[f].state == REVIEW_CHANGED)
            changes_since(doc, section, &reviews->formats[f], (ReviewFormat)f);
}

static void comment_box(xmlDocPtr doc, xmlNodePtr parent, const char *label)
{
    xmlNodePtr box = el(doc, parent, "div", NULL);
    dom_set(box, "class", "comment-box");
    el(doc, box, "p", label);
}

/* report/SLUG/FORMAT/: the format's words in large print, each part
 * followed by a box to write in. */
void render_review_page(const Renderer *r, xmlDocPtr scratch, xmlNodePtr body, const char *path,
                        const char *title, const char *description, Format format)
{
    Scope *s = scope_new();
    scope_site(s, r->site);
    scope_text(s, "title", title);
    scope_nodes(s, "body", body);      /* the page takes body */
    xmlNodePtr content = render_content(r, TEMPLATE_REPORT, s, scratch);
    scope_free(s);
    PageShell shell = {
        .kind = PAGE_REPORT, .kind_id = "report", .format = format, .path = path,
        .title = title, .description = description, .source_path = path,
        .content_template = TEMPLATE_REPORT,
    };
    make_page(r, &shell, content);
}

void render_review_sheet(const Renderer *r, const PackMeta *pack, ReviewFormat f, const ReviewSheet *sheet)
{
    char *path = sheet_path(pack, f);
    xmlDocPtr scratch = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr body = dom_element(scratch, NULL, "div", NULL);
    dom_set(body, "class", "review-sheet");
    const char *to_root = "../../../";
    xmlNodePtr back = el(scratch, body, "p", NULL);
    dom_set(back, "class", "no-print");
    char *review = xasprintf("report/%s/index.html", pack->slug);
    link_to(scratch, back, to_root, review, "Back to the review of this consultation");
    free(review);
    el(scratch, body, "p", "Read each part. Write what you think in the box after it: what is hard to "
                           "understand, what is missing, and which pictures do not fit.");
    xmlNodePtr who = el(scratch, body, "div", NULL);
    dom_set(who, "class", "comment-box comment-box-small");
    el(scratch, who, "p", "Checked by:");
    el(scratch, who, "p", "Date:");
    bool any = false;
    for (size_t i = 0; i < sheet->count; i++) {
        const SheetBlock *b = &sheet->blocks[i];
        if (b->tag[0] == 'h') {
            if (any)
                comment_box(scratch, body, "What do you think of this part?");
            /* The sheet's own title is the h1: the page's headings go one down. */
            char tag[3] = {'h', (char)(b->tag[1] < '4' ? b->tag[1] + 1 : '4'), '\0'};
            el(scratch, body, tag, b->text);
        } else if (!strcmp(b->tag, "img")) {
            /* A picture and the words after it side by side, as on an easy-read page. */
            xmlNodePtr row = el(scratch, body, "div", NULL);
            dom_set(row, "class", "easy-row");
            xmlNodePtr pic = el(scratch, row, "div", NULL);
            dom_set(pic, "class", "easy-picture");
            xmlNodePtr img = el(scratch, pic, "img", NULL);
            char *src = xasprintf("%s%s", to_root, b->src);
            dom_set(img, "src", src);
            dom_set(img, "alt", b->text ? b->text : "");
            dom_set(img, "class", "sheet-picture");
            free(src);
            xmlNodePtr words = el(scratch, row, "div", NULL);
            dom_set(words, "class", "easy-words");
            while (i + 1 < sheet->count && !strcmp(sheet->blocks[i + 1].tag, "p"))
                el(scratch, words, "p", sheet->blocks[++i].text);
        } else {
            el(scratch, body, "p", b->text);
        }
        any = true;
    }
    comment_box(scratch, body, "What do you think of this part?");
    el(scratch, body, "h2", "Is it ready?");
    el(scratch, body, "p", "Circle one: Yes, it is ready. / No, it needs changes.");
    comment_box(scratch, body, "Anything else:");

    char *title = xasprintf("Review sheet: %s: %s", review_format_name(f), pack->title);
    render_review_page(r, scratch, body, path, title, "A sheet to print, read and write comments on.",
                       FORMAT_LARGE_PRINT);
    free(title);
    free(path);
    xmlFreeDoc(scratch);
}
