/* easy_read_rules.c: easy-read writing and layout rules (see easy_read_rules.h). */
#include "easy_read_rules.h"
#include "dom.h"
#include "plain_words.h"
#include "sentences.h"
#include "text_blocks.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const Rule rule_sentence_long = {
    "easy-sentence-long", "easy-read", LEVEL_WARNING, NULL, NULL,
    "Easy-read sentence is longer than 15 words"
};
static const Rule rule_row_ideas = {
    "easy-row-ideas", "easy-read", LEVEL_WARNING, NULL, NULL, "Row has more than one idea"
};
static const Rule rule_no_picture = {
    "easy-row-no-picture", "easy-read", LEVEL_WARNING, NULL, NULL, "Row has no picture"
};
static const Rule rule_picture_alt = {
    "easy-picture-no-alt", "easy-read", LEVEL_ERROR, "1.1.1", NULL,
    "Picture has no text alternative"
};
static const Rule rule_hard_word = {
    "easy-hard-word", "easy-read", LEVEL_WARNING, "3.1.3", NULL, "Hard word is not explained"
};
static const Rule rule_too_long = {
    "easy-too-long", "easy-read", LEVEL_WARNING, NULL, NULL,
    "Easy-read document is longer than 24 pages"
};

static const Rule rule_glossary_unused = {
    "easy-glossary-unused", "easy-read", LEVEL_WARNING, NULL, NULL,
    "Glossary explains a word the page does not use"
};

static const Rule *const all_rules[] = {
    &rule_sentence_long, &rule_row_ideas, &rule_no_picture, &rule_picture_alt,
    &rule_hard_word, &rule_too_long, &rule_glossary_unused,
};

const Rule *const *easy_read_rules(size_t *count)
{
    *count = sizeof all_rules / sizeof *all_rules;
    return all_rules;
}


/* True when the word is part of an email or web address: the run of
 * non-space text around it has an '@' or "://" ("haveyoursay" in
 * haveyoursay@example.org is not a word anyone reads as hard). */
static bool in_address(const char *text, size_t start, size_t len)
{
    size_t from = start, to = start + len;
    while (from > 0 && text[from - 1] != ' ' && text[from - 1] != '\n' && text[from - 1] != '\t')
        from--;
    while (text[to] && text[to] != ' ' && text[to] != '\n' && text[to] != '\t')
        to++;
    for (size_t k = from; k < to; k++)
        if (text[k] == '@' || (text[k] == ':' && k + 2 < to && text[k + 1] == '/' && text[k + 2] == '/'))
            return true;
    return false;
}

/* Long words nearly everyone reads without trouble.  Sorted. */
static const char *const common_long_words[] = {
    "activities", "activity", "actually", "anybody", "celebration", "community",
    "disabilities", "disability", "electricity", "emergency", "everybody", "february",
    "information", "interesting", "january", "supermarket", "television", "usually",
    "vegetables",
};

/* ---- the glossary ----------------------------------------------------- */

/* A word without its plural or "-ed"/"-ing" ending, for matching against
 * glossary terms: "consultations" and "consultation" meet at the same stem. */
static void stem_into(char *w)
{
    size_t n = strlen(w);
    if (n > 4 && strcmp(w + n - 3, "ies") == 0)
        strcpy(w + n - 3, "y");
    else if (n > 4 && strcmp(w + n - 3, "ing") == 0)
        w[n - 3] = '\0';
    else if (n > 3 && strcmp(w + n - 2, "ed") == 0)
        w[n - 2] = '\0';
    else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
        w[n - 1] = '\0';
    n = strlen(w);
    if (n > 3 && w[n - 1] == 'e')         /* "change" and "changed" meet too */
        w[n - 1] = '\0';
}

typedef struct Glossary {
    StrList terms;     /* whole terms, lower case: "easy read", "consultation" */
    StrList stems;     /* the stem of every word of every term */
} Glossary;

static void glossary_add_term(Glossary *g, const char *term)
{
    size_t len = strlen(term), pos = 0;
    TextWord w;
    StrBuf whole;
    sb_init(&whole);
    char buf[64];
    while (text_next_word(term, len, &pos, &w)) {
        if (w.len >= sizeof buf)
            continue;
        word_fold(term + w.start, w.len, buf, sizeof buf);
        if (whole.len)
            sb_append_char(&whole, ' ');
        sb_append(&whole, buf);
        stem_into(buf);
        sl_push(&g->stems, buf);
    }
    if (whole.len)
        sl_push(&g->terms, whole.data);
    sb_free(&whole);
}

static void glossary_collect(xmlNodePtr root, Glossary *g)
{
    for (xmlNodePtr n = root; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcasecmp(n->name, (const xmlChar *)"dt") == 0 &&
            node_ancestor_with_class(n, "glossary", NULL)) {
            xmlChar *text = xmlNodeGetContent(n);
            if (text)
                glossary_add_term(g, (const char *)text);
            xmlFree(text);
        }
        glossary_collect(n->children, g);
    }
}

static bool glossary_explains_word(const Glossary *g, const char *folded)
{
    char stem[64];
    snprintf(stem, sizeof stem, "%s", folded);
    stem_into(stem);
    return sl_contains(&g->stems, stem);
}

/* Welsh changes the first sound of a word after certain words (its
 * mutations): "cyfieithydd" is "am gyfieithydd", "fy nghyfieithydd", "ei
 * chyfieithydd".  A glossary lists a word in its dictionary form, so on a
 * Welsh page each word also counts as every dictionary form it could be
 * the mutation of.  Guessing a form too many only makes a term count as
 * used when a look-alike word is there; missing one warns about a term
 * the page does use. */
static const struct {
    const char *mutated, *radical;
} welsh_mutations[] = {
    {"ngh", "c"}, {"mh", "p"}, {"nh", "t"}, {"ng", "g"},  /* nasal */
    {"ch", "c"},  {"ph", "p"}, {"th", "t"},               /* aspirate */
    {"dd", "d"},  {"g", "c"},  {"b", "p"},  {"d", "t"},   /* soft */
    {"f", "b"},   {"f", "m"},  {"l", "ll"}, {"r", "rh"},
    {"m", "b"},   {"n", "d"},                              /* nasal */
};

static void push_stem(StrList *stems, const char *start, const char *rest)
{
    char buf[80];
    snprintf(buf, sizeof buf, "%s%s", start, rest);
    stem_into(buf);
    sl_push(stems, buf);
}

static void push_welsh_radicals(const char *folded, StrList *stems)
{
    for (size_t i = 0; i < sizeof welsh_mutations / sizeof welsh_mutations[0]; i++) {
        size_t n = strlen(welsh_mutations[i].mutated);
        if (!strncmp(folded, welsh_mutations[i].mutated, n) && folded[n])
            push_stem(stems, welsh_mutations[i].radical, folded + n);
    }
    /* Soft mutation drops a first g ("gardd", "yr ardd"); an h comes
     * before a vowel after some words ("ei henw"). */
    if (folded[0] && strchr("aeiouwy", folded[0]))
        push_stem(stems, "g", folded);
    else if (folded[0] == 'h' && folded[1] && strchr("aeiouwy", folded[1]))
        push_stem(stems, "", folded + 1);
}

/* Adds the stem of every word of text to stems and, on a Welsh page, the
 * stems of the dictionary forms each word may be a mutation of. */
static void stems_of(const char *text, size_t len, bool welsh, StrList *stems)
{
    size_t pos = 0;
    TextWord w;
    char buf[64];
    while (text_next_word(text, len, &pos, &w)) {
        if (w.len >= sizeof buf)
            continue;
        word_fold(text + w.start, w.len, buf, sizeof buf);
        if (welsh)
            push_welsh_radicals(buf, stems);
        stem_into(buf);
        sl_push(stems, buf);
    }
}

/* A glossary entry for a word the page never uses sends readers looking
 * for it, and usually means the text changed and the glossary did not.
 * A term is used when each of its words (by stem) is somewhere in the
 * page's text outside the glossary. */
static void check_terms_used(xmlNodePtr n, const StrList *used, FindingList *out)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcasecmp(n->name, (const xmlChar *)"dt") != 0 ||
            !node_ancestor_with_class(n, "glossary", NULL)) {
            check_terms_used(n->children, used, out);
            continue;
        }
        xmlChar *term = xmlNodeGetContent(n);
        if (!term)
            continue;
        StrList stems = {0};
        stems_of((const char *)term, strlen((const char *)term), false, &stems);
        bool all = stems.count > 0;
        for (size_t k = 0; k < stems.count && all; k++)
            all = sl_contains_sorted(used, stems.items[k]);
        if (!all)
            findings_add_node(out, &rule_glossary_unused, n,
                "The glossary explains \"%s\", but the page does not use it. Use the word where it "
                "helps, or take it out of the glossary.", (const char *)term);
        sl_free(&stems);
        xmlFree(term);
    }
}

/* Whether the nearest lang attribute at or above n says Welsh. */
static bool in_welsh(xmlNodePtr n)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        xmlChar *lang = xmlGetProp(n, (const xmlChar *)"lang");
        if (!lang)
            continue;
        bool welsh = !xmlStrncasecmp(lang, (const xmlChar *)"cy", 2) && (lang[2] == 0 || lang[2] == '-');
        xmlFree(lang);
        return welsh;
    }
    return false;
}

/* The words of every text node under root outside the glossary, in any
 * language: the text blocks leave out text that is not English, but a
 * Welsh page's glossary explains Welsh words. */
static void used_stems(xmlNodePtr root, StrList *used)
{
    bool welsh = in_welsh(root);
    xmlNodePtr n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && node_has_class(n, "glossary")) {
            /* skip the glossary and everything in it */
        } else if (n->type == XML_TEXT_NODE && n->content) {
            stems_of((const char *)n->content, strlen((const char *)n->content), welsh, used);
        } else if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next)
            n = n->parent;
        if (!n || n == root)
            break;
        n = n->next;
    }
}

static void check_glossary_used(xmlNodePtr root, const TextBlocks *blocks, FindingList *out)
{
    (void)blocks;
    StrList used = {0};
    used_stems(root, &used);
    sl_sort(&used);
    check_terms_used(root->children, &used, out);
    sl_free(&used);
}

/* ---- hard words ------------------------------------------------------- */

typedef struct PageState {
    Glossary glossary;
    StrList reported;        /* hard words already reported on this page */
} PageState;

static bool is_first_word_of_sentence(const SentenceSplit *sp, size_t i)
{
    for (size_t s = 0; s < sp->count; s++)
        if (sp->sentences[s].first_word == i)
            return true;
    return false;
}

static void report_hard(const TextBlock *b, xmlNodePtr anchor, size_t at, const char *shown,
                        const char *key, const char *instead, PageState *page, FindingList *out)
{
    if (sl_contains(&page->reported, key))
        return;
    sl_push(&page->reported, key);
    if (instead)
        text_block_report(out, &rule_hard_word, anchor, b->text, at, shown,
            "\"%s\" is a hard word. Use \"%s\" instead, or explain it in the page's glossary "
            "(a ```glossary block with a line \"%s: what it means\").", shown, instead, key);
    else
        text_block_report(out, &rule_hard_word, anchor, b->text, at, shown,
            "\"%s\" is a long word that many readers find hard. Use a shorter word, or explain it "
            "in the page's glossary (a ```glossary block with a line \"%s: what it means\").",
            shown, key);
}

static void check_hard_words(const TextBlock *b, xmlNodePtr anchor, const SentenceSplit *sp,
                             PageState *page, FindingList *out)
{
    char folded[64];
    for (size_t i = 0; i < sp->word_count; i++) {
        const TextWord *w = &sp->words[i];
        if (w->len >= sizeof folded || !word_has_letter(b->text + w->start, w->len))
            continue;
        word_fold(b->text + w->start, w->len, folded, sizeof folded);

        size_t matched;
        const PlainWord *pw = plain_words_match(b->text, sp->words, sp->word_count, i, &matched);
        if (pw) {
            size_t to = sp->words[i + matched - 1].start + sp->words[i + matched - 1].len;
            char *shown = text_excerpt(b->text, w->start, to);
            for (char *c = shown; *c; c++)
                if (*c == '\n')
                    *c = ' ';
            bool explained = sl_contains(&page->glossary.terms, pw->phrase) ||
                             (matched == 1 && glossary_explains_word(&page->glossary, folded));
            if (!explained)
                report_hard(b, anchor, w->start, shown, pw->phrase, pw->instead, page, out);
            free(shown);
            i += matched - 1;
            continue;
        }
        if (memchr(b->text + w->start, '.', w->len) || strpbrk(folded, "0123456789") ||
            in_address(b->text, w->start, w->len))
            continue;                       /* web and email addresses, codes */
        unsigned char first = (unsigned char)b->text[w->start];
        bool capital = first >= 'A' && first <= 'Z';
        if (capital && !is_first_word_of_sentence(sp, i))
            continue;                       /* a name: "Merseyside", "Councillor Patel" */
        if (count_syllables(b->text + w->start, w->len) < 4)
            continue;
        if (STR_IN_SET(folded, common_long_words))
            continue;
        if (glossary_explains_word(&page->glossary, folded))
            continue;
        char *shown = text_excerpt(b->text, w->start, w->start + w->len);
        report_hard(b, anchor, w->start, shown, folded, NULL, page, out);
        free(shown);
    }
}

/* ---- rows and pictures ------------------------------------------------ */

static xmlNodePtr find_child_with_class(xmlNodePtr n, const char *cls)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (node_has_class(c, cls))
            return c;
    return NULL;
}

static xmlNodePtr first_img(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcasecmp(c->name, (const xmlChar *)"img") == 0)
            return c;
        xmlNodePtr found = first_img(c);
        if (found)
            return found;
    }
    return NULL;
}

static void check_row_picture(xmlNodePtr row, FindingList *out)
{
    xmlNodePtr picture = find_child_with_class(row, "easy-picture");
    xmlNodePtr img = picture ? first_img(picture) : NULL;
    if (!img || node_has_class(row, "easy-row-no-picture")) {
        xmlNodePtr words = find_child_with_class(row, "easy-words");
        xmlChar *text = words ? xmlNodeGetContent(words) : NULL;
        findings_add_node(out, &rule_no_picture, row,
            "This row has no picture. In easy read every idea has a picture next to it: start "
            "the paragraph with one, for example ![Two people talking](picture:meeting).");
        if (text)
            findings_set_excerpt(out, (const char *)text);
        xmlFree(text);
        return;
    }
    xmlChar *alt = xmlGetProp(img, (const xmlChar *)"alt");
    bool empty = !alt || !alt[strspn((const char *)alt, " \t\r\n")];
    if (empty) {
        xmlChar *src = xmlGetProp(img, (const xmlChar *)"src");
        findings_add_node(out, &rule_picture_alt, row,
            "This picture has no words to describe it, so people who cannot see it miss the "
            "idea. Write what it shows in the square brackets: ![Two people talking](...).");
        if (src)
            findings_set_excerpt(out, (const char *)src);
        xmlFree(src);
    }
    xmlFree(alt);
}

typedef struct RowList {
    xmlNodePtr *items;
    size_t count, cap;
} RowList;

static void rows_collect(xmlNodePtr n, RowList *rows)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (node_has_class(n, "easy-row")) {
            GROW(rows->items, rows->count, rows->cap);
            rows->items[rows->count++] = n;
            continue;                       /* rows do not nest */
        }
        rows_collect(n->children, rows);
    }
}

/* ---- the page --------------------------------------------------------- */

/* The file a row's own words come from, as the list's locator names it;
 * NULL when there is no row, no locator, or it cannot say. */
static const char *row_file(const FindingList *out, xmlNodePtr row)
{
    const char *file = NULL;
    int line = 0;
    if (!row || !out->locate || !out->locate(out->locate_data, row, &file, &line))
        return NULL;
    return file;
}

/* Where a message about a block's words should point.  A Markdown row's
 * paragraphs lost their positions to the row, so the row stands for them.
 * A row the theme builds holds words from elsewhere (an event's place and
 * access notes from the front matter): point at those words' own source,
 * the one place the writer can change them, not at the theme's row. */
static xmlNodePtr words_anchor(const FindingList *out, xmlNodePtr block, xmlNodePtr row, const char *row_from)
{
    if (!row || xmlHasProp(block, (const xmlChar *)"data-sourcepos"))
        return block;
    if (!row_from)
        return row;
    for (xmlNodePtr n = block; n; n = dom_next(n, block)) {
        const char *file = NULL;
        int line = 0;
        if (n->type == XML_ELEMENT_NODE && out->locate(out->locate_data, n, &file, &line) &&
            file && strcmp(file, row_from))
            return n;
    }
    return row;
}

static void report_row_ideas(xmlNodePtr row, size_t sentences, const char *first_sentence,
                             FindingList *out)
{
    size_t before = out->count;
    findings_add_node(out, &rule_row_ideas, row,
        "This row has %zu sentences. Keep to one idea in each row, in %d sentences or fewer: "
        "give the next idea its own paragraph and picture.", sentences, EASY_ROW_SENTENCES);
    if (out->count > before)
        findings_set_excerpt(out, first_sentence);
}

void easy_read_check(xmlNodePtr main_root, FindingList *out, ReadingScores *scores)
{
    if (!main_root)
        return;
    PageState page = {0};
    glossary_collect(main_root, &page.glossary);

    RowList rows = {0};
    rows_collect(main_root->children, &rows);
    size_t max_rows = (size_t)EASY_ROWS_PER_PAGE * EASY_MAX_PAGES;
    for (size_t i = 0; i < rows.count; i++)
        check_row_picture(rows.items[i], out);
    if (rows.count > max_rows) {
        size_t pages = (rows.count + EASY_ROWS_PER_PAGE - 1) / EASY_ROWS_PER_PAGE;
        findings_add_node(out, &rule_too_long, rows.items[max_rows],
            "This easy-read document would print on about %zu A4 pages (%d rows to a page), and "
            "page %d starts here. Keep easy-read documents to %d pages or fewer: split it into "
            "parts, or leave out what people do not need to know.",
            pages, EASY_ROWS_PER_PAGE, EASY_MAX_PAGES + 1, EASY_MAX_PAGES);
    }

    TextBlocks blocks = {0};
    text_blocks_collect(main_root, &blocks);
    SentenceSplit sp = {0};
    xmlNodePtr row = NULL, row_anchor = NULL;
    const char *row_from = NULL;    /* the file the row's own markup comes from */
    size_t row_sentences = 0;
    char *row_first = NULL;

    for (size_t bi = 0; bi < blocks.count; bi++) {
        const TextBlock *b = &blocks.items[bi];
        if (b->kind == BLOCK_TERM)
            continue;                       /* the glossary's own words */
        xmlNodePtr this_row = node_ancestor_with_class(b->node, "easy-row", main_root);
        if (this_row != row) {
            if (row && row_sentences > EASY_ROW_SENTENCES)
                report_row_ideas(row_anchor, row_sentences, row_first, out);
            row = row_anchor = this_row;
            row_from = row_file(out, row);
            row_sentences = 0;
            free(row_first);
            row_first = NULL;
        }
        xmlNodePtr anchor = words_anchor(out, b->node, row, row_from);

        sentences_split(b->text, b->len, &sp);
        check_hard_words(b, anchor, &sp, &page, out);
        if (b->kind == BLOCK_HEADING)
            continue;
        for (size_t s = 0; s < sp.count; s++) {
            const TextSentence *st = &sp.sentences[s];
            if (st->word_count <= EASY_SENTENCE_WORDS)
                continue;
            char *sentence = text_excerpt(b->text, st->start, st->end);
            text_block_report(out, &rule_sentence_long, anchor, b->text, st->start, sentence,
                "This sentence has %zu words. In easy read keep sentences to %d words or fewer: "
                "split it into two short sentences.", st->word_count, EASY_SENTENCE_WORDS);
            free(sentence);
        }
        if (row && b->kind == BLOCK_PARAGRAPH && sp.count) {
            if (row_anchor == row)
                row_anchor = anchor;        /* the first words the writer can change */
            if (!row_first)
                row_first = text_excerpt(b->text, sp.sentences[0].start, sp.sentences[0].end);
            row_sentences += sp.count;
        }
        if (scores)
            readability_add_split(b->text, &sp, scores);
    }
    if (row && row_sentences > EASY_ROW_SENTENCES)
        report_row_ideas(row_anchor, row_sentences, row_first, out);
    check_glossary_used(main_root, &blocks, out);

    free(row_first);
    free(rows.items);
    sentences_free(&sp);
    text_blocks_free(&blocks);
    sl_free(&page.glossary.terms);
    sl_free(&page.glossary.stems);
    sl_free(&page.reported);
}
