/* search_index.c: the words of every pack, inverted and cut into small
 * files (search_index.h says how).
 *
 * Built by sorting rather than with a hash table: each pack's words are
 * sorted and merged on their own, then all postings are sorted once by
 * word and pack.  That is O(n log n) in the postings, with no table to
 * size, and it gives the files in a stable order for reproducible builds. */
#include "search_index.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct Posting {
    char *word;
    uint32_t pack;
    uint8_t fields;
} Posting;

struct SearchIndex {
    const Site *site;
    char *folder;             /* "search/", "cy/search/" */
    char **records;           /* per pack, its record as a JSON array */
    Posting *items;
    size_t count, cap;
};

/* Words too common to tell packs apart.  Short words (under three
 * letters) never reach the index. */
static const char *const stop_words[] = {
    "about", "after", "all", "also", "and", "any", "are", "been", "being", "but", "can", "could",
    "did", "does", "each", "for", "from", "had", "has", "have", "her", "his", "how", "into", "its",
    "may", "more", "not", "now", "our", "out", "should", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "was", "were", "what", "when", "which", "who",
    "will", "with", "would", "you", "your",
};

static int compare_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_stop_word(const char *w)
{
    return bsearch(&w, stop_words, sizeof stop_words / sizeof stop_words[0], sizeof stop_words[0],
                   compare_str) != NULL;
}

static bool word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Characters, not bytes: a Welsh "ŵyr" is three letters. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void flush_word(StrBuf *w, StrList *out)
{
    if (w->len && utf8_chars(w->data) >= 3 && !is_stop_word(w->data))
        sl_push(out, w->data);
    sb_clear(w);
}

void search_words(const char *text, StrList *out)
{
    StrBuf w;
    sb_init(&w);
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        /* A Markdown link's address is not what the page is about. */
        if (p[0] == ']' && p[1] == '(') {
            flush_word(&w, out);
            while (*p && *p != ')')
                p++;
            if (!*p)
                break;
            continue;
        }
        /* Nor are raw HTML tags. */
        if (p[0] == '<' && (p[1] == '/' || (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z'))) {
            flush_word(&w, out);
            while (*p && *p != '>')
                p++;
            if (!*p)
                break;
            continue;
        }
        /* Right single quote (U+2019) and ' inside a word: "council's". */
        if (w.len && (*p == '\'' || (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99))) {
            if (*p != '\'')
                p += 2;
            continue;
        }
        if (word_byte(*p)) {
            char c = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
            sb_append_char(&w, c);
        } else {
            flush_word(&w, out);
        }
    }
    flush_word(&w, out);
    sb_free(&w);
}

SearchIndex *search_index_new(const Site *site, const char *lang)
{
    SearchIndex *si = xcalloc(1, sizeof *si);
    si->site = site;
    si->folder = lang ? xasprintf("%s/search/", lang) : xstrdup("search/");
    si->records = xcalloc(site->pack_count + 1, sizeof *si->records);
    return si;
}

static int compare_posting(const void *a, const void *b)
{
    const Posting *x = a, *y = b;
    int c = strcmp(x->word, y->word);
    if (c)
        return c;
    return x->pack < y->pack ? -1 : x->pack > y->pack;
}

static void add_words(Posting **items, size_t *count, size_t *cap, const char *text, uint8_t fields,
                      uint32_t pack)
{
    StrList words = {0};
    search_words(text, &words);
    for (size_t i = 0; i < words.count; i++) {
        if (*count == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            *items = xrealloc(*items, *cap * sizeof **items);
        }
        (*items)[(*count)++] = (Posting){.word = words.items[i], .pack = pack, .fields = fields};
        words.items[i] = NULL;
    }
    free(words.items);
}

struct SearchPackWords {
    size_t count;
    uint8_t *fields;          /* of each word */
    char *text;               /* the words in order, each ending in NUL: one block, not count of them */
};

SearchPackWords *search_pack_words(const PackMeta *p, const SearchRecord *record, const char *plain,
                                   const char *easy_read)
{
    Posting *mine = NULL;
    size_t n = 0, cap = 0;
    add_words(&mine, &n, &cap, record->title, SEARCH_TITLE, 0);
    add_words(&mine, &n, &cap, record->summary, SEARCH_SUMMARY, 0);
    for (size_t i = 0; i < p->topics.count; i++)
        add_words(&mine, &n, &cap, p->topics.items[i], SEARCH_TERMS, 0);
    for (size_t i = 0; i < p->areas.count; i++)
        add_words(&mine, &n, &cap, p->areas.items[i], SEARCH_TERMS, 0);
    /* Where events are, and their access notes: "hearing loop" finds them. */
    for (size_t i = 0; i < p->respond.event_count; i++) {
        add_words(&mine, &n, &cap, p->respond.events[i].place, SEARCH_BODY, 0);
        add_words(&mine, &n, &cap, p->respond.events[i].access, SEARCH_BODY, 0);
    }
    add_words(&mine, &n, &cap, plain, SEARCH_BODY, 0);
    add_words(&mine, &n, &cap, easy_read, SEARCH_BODY, 0);
    /* One entry per word, with every field it was in. */
    if (n)
        qsort(mine, n, sizeof *mine, compare_posting);
    SearchPackWords *words = xcalloc(1, sizeof *words);
    words->fields = xcalloc(n + 1, 1);
    StrBuf text;
    sb_init(&text);
    for (size_t i = 0; i < n; i++) {
        if (words->count && i && !strcmp(mine[i - 1].word, mine[i].word)) {
            words->fields[words->count - 1] |= mine[i].fields;
            continue;
        }
        sb_append_len(&text, mine[i].word, strlen(mine[i].word) + 1);
        words->fields[words->count++] = mine[i].fields;
    }
    for (size_t i = 0; i < n; i++)
        free(mine[i].word);
    free(mine);
    words->text = sb_take(&text);
    return words;
}

void search_pack_words_free(SearchPackWords *words)
{
    if (!words)
        return;
    free(words->fields);
    free(words->text);
    free(words);
}

/* As count, the text's length, then the fields and the text: bytes as
 * they are, so reading them back is two copies. */
void search_pack_words_put(const SearchPackWords *words, StrBuf *into)
{
    const char *end = words->text;
    for (size_t i = 0; i < words->count; i++)
        end += strlen(end) + 1;
    size_t text_len = (size_t)(end - words->text);
    sb_printf(into, "%zu %zu\n", words->count, text_len);
    sb_append_len(into, (const char *)words->fields, words->count);
    sb_append_len(into, words->text, text_len);
}

SearchPackWords *search_pack_words_get(const char **at, const char *end)
{
    /* Not sscanf: it measures the whole rest of the buffer each time. */
    char *after;
    errno = 0;
    size_t count = (size_t)strtoull(*at, &after, 10);
    if (after == *at || *after != ' ' || after >= end)
        return NULL;
    const char *second = after + 1;
    size_t text_len = (size_t)strtoull(second, &after, 10);
    if (errno || after == second || after >= end || *after != '\n')
        return NULL;
    const char *p = after + 1;
    if ((size_t)(end - p) < count || (size_t)(end - p) - count < text_len)
        return NULL;
    /* Every word ends in NUL, and there are count of them. */
    size_t ends = 0;
    for (size_t i = 0; i < text_len; i++)
        ends += !p[count + i];
    if (ends != count || (text_len && p[count + text_len - 1]))
        return NULL;
    SearchPackWords *words = xcalloc(1, sizeof *words);
    words->count = count;
    words->fields = xcalloc(count + 1, 1);
    memcpy(words->fields, p, count);
    words->text = xmalloc(text_len + 1);
    memcpy(words->text, p + count, text_len);
    words->text[text_len] = '\0';
    *at = p + count + text_len;
    return words;
}

void search_index_add_words(SearchIndex *si, size_t index, const SearchRecord *record,
                            const SearchPackWords *words)
{
    StrBuf sb;
    sb_init(&sb);
    const char *const fields[] = {record->title, record->url, record->status, record->status_class,
                                  record->dates, record->summary};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        sb_append_char(&sb, i ? ',' : '[');
        sb_append_json(&sb, fields[i] ? fields[i] : "");
    }
    sb_append_char(&sb, ']');
    free(si->records[index]);
    si->records[index] = sb_take(&sb);
    const char *word = words->text;
    for (size_t i = 0; i < words->count; i++, word += strlen(word) + 1) {
        if (si->count == si->cap) {
            si->cap = si->cap ? si->cap * 2 : 1024;
            si->items = xrealloc(si->items, si->cap * sizeof *si->items);
        }
        si->items[si->count++] = (Posting){.word = xstrdup(word), .pack = (uint32_t)index,
                                           .fields = words->fields[i]};
    }
}

void search_index_add_pack(SearchIndex *si, size_t index, const SearchRecord *record, const char *plain,
                           const char *easy_read)
{
    SearchPackWords *words = search_pack_words(&si->site->packs[index], record, plain, easy_read);
    search_index_add_words(si, index, record, words);
    search_pack_words_free(words);
}

/* The first three characters of a word, as hex of their bytes: a file
 * name that is safe for any script. */
static char *shard_name(const char *word)
{
    StrBuf sb;
    sb_init(&sb);
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)word; *p; p++) {
        if ((*p & 0xC0) != 0x80 && ++chars > 3)
            break;
        sb_printf(&sb, "%02x", *p);
    }
    return sb_take(&sb);
}

static void write_records(SearchIndex *si, void (*write)(const char *, char *, size_t, void *), void *arg)
{
    const Site *site = si->site;
    size_t chunks = (site->pack_count + SEARCH_CHUNK - 1) / SEARCH_CHUNK;
    for (size_t k = 0; k < chunks; k++) {
        StrBuf sb;
        sb_init(&sb);
        sb_append_char(&sb, '[');
        for (size_t i = k * SEARCH_CHUNK; i < site->pack_count && i < (k + 1) * SEARCH_CHUNK; i++) {
            sb_append(&sb, i % SEARCH_CHUNK ? ",\n" : "\n");
            sb_append(&sb, si->records[i] ? si->records[i] : "[\"\",\"\",\"\",\"\",\"\",\"\"]");
        }
        sb_append(&sb, "\n]\n");
        char *path = xasprintf("%spacks/%zu.json", si->folder, k);
        size_t len = sb.len;
        write(path, sb_take(&sb), len, arg);
        free(path);
    }
}

/* A number in decimal: there are millions of postings, and a printf
 * for each was a large part of writing the index. */
static void append_number(StrBuf *sb, uint64_t n)
{
    char digits[24];
    size_t at = sizeof digits;
    do {
        digits[--at] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    sb_append_len(sb, digits + at, sizeof digits - at);
}

typedef struct VocabEntry {
    const char *word;
    uint32_t id;
} VocabEntry;

static int compare_vocab(const void *a, const void *b)
{
    return strcmp(((const VocabEntry *)a)->word, ((const VocabEntry *)b)->word);
}

/* The distinct words of the postings: ids[i] is posting i's word's place
 * in *vocab.  An open-addressing table, so each posting costs one hash
 * and, mostly, one comparison. */
static size_t find_vocabulary(const SearchIndex *si, uint32_t *ids, VocabEntry **vocab)
{
    size_t cap = 1024, count = 0;
    uint32_t *slots = xcalloc(cap, sizeof *slots);     /* id + 1; 0: empty */
    VocabEntry *words = xcalloc(cap / 2 + 1, sizeof *words);
    for (size_t i = 0; i < si->count; i++) {
        const char *w = si->items[i].word;
        size_t at = (size_t)hash_str(0, w) & (cap - 1);
        while (slots[at] && strcmp(words[slots[at] - 1].word, w))
            at = (at + 1) & (cap - 1);
        if (!slots[at]) {
            words[count] = (VocabEntry){.word = w, .id = (uint32_t)count};
            slots[at] = (uint32_t)++count;
            if (count * 2 >= cap) {        /* grow, and place every word again */
                cap *= 2;
                free(slots);
                slots = xcalloc(cap, sizeof *slots);
                words = xrealloc(words, (cap / 2 + 1) * sizeof *words);
                for (size_t k = 0; k < count; k++) {
                    size_t to = (size_t)hash_str(0, words[k].word) & (cap - 1);
                    while (slots[to])
                        to = (to + 1) & (cap - 1);
                    slots[to] = (uint32_t)k + 1;
                }
                at = (size_t)hash_str(0, w) & (cap - 1);
                while (strcmp(words[slots[at] - 1].word, w))
                    at = (at + 1) & (cap - 1);
            }
        }
        ids[i] = slots[at] - 1;
    }
    free(slots);
    *vocab = words;
    return count;
}

/* Puts the postings in (word, pack) order.  Sorting them all by comparing
 * their words was most of the cost of writing the index; instead the
 * distinct words are sorted, and the postings dealt out to their word's
 * place, keeping the order they were added in (packs in order, as a
 * build adds them; a word whose packs are not is sorted on its own). */
static void sort_postings(SearchIndex *si)
{
    size_t n = si->count;
    if (!n)
        return;
    uint32_t *ids = xcalloc(n, sizeof *ids);
    VocabEntry *vocab;
    size_t words = find_vocabulary(si, ids, &vocab);
    qsort(vocab, words, sizeof *vocab, compare_vocab);
    size_t *start = xcalloc(words + 1, sizeof *start);
    uint32_t *rank = xcalloc(words, sizeof *rank);
    for (size_t r = 0; r < words; r++)
        rank[vocab[r].id] = (uint32_t)r;
    for (size_t i = 0; i < n; i++)
        start[rank[ids[i]] + 1]++;
    for (size_t r = 0; r < words; r++)
        start[r + 1] += start[r];
    Posting *sorted = xcalloc(n, sizeof *sorted);
    size_t *next = xcalloc(words, sizeof *next);
    memcpy(next, start, words * sizeof *next);
    for (size_t i = 0; i < n; i++)
        sorted[next[rank[ids[i]]]++] = si->items[i];
    for (size_t r = 0; r < words; r++)
        for (size_t i = start[r] + 1; i < start[r + 1]; i++)
            if (sorted[i].pack < sorted[i - 1].pack) {
                qsort(sorted + start[r], start[r + 1] - start[r], sizeof *sorted, compare_posting);
                break;
            }
    free(si->items);
    si->items = sorted;
    si->cap = n;
    free(next);
    free(rank);
    free(start);
    free(vocab);
    free(ids);
}

void search_index_write(SearchIndex *si, void (*write)(const char *, char *, size_t, void *), void *arg)
{
    sort_postings(si);
    char *meta = xasprintf("{\"packs\":%zu,\"chunk\":%d,\"prefix\":3}\n", si->site->pack_count, SEARCH_CHUNK);
    char *meta_path = xasprintf("%smeta.json", si->folder);
    write(meta_path, meta, strlen(meta), arg);
    free(meta_path);
    write_records(si, write, arg);

    for (size_t i = 0; i < si->count;) {
        char *shard = shard_name(si->items[i].word);
        StrBuf sb;
        sb_init(&sb);
        sb_append_char(&sb, '{');
        bool first_word = true;
        /* Every word of this shard; words sort by their bytes, so a
         * shard's words are together. */
        while (i < si->count) {
            char *next = shard_name(si->items[i].word);
            bool same = !strcmp(next, shard);
            free(next);
            if (!same)
                break;
            const char *word = si->items[i].word;
            sb_append(&sb, first_word ? "\n" : ",\n");
            first_word = false;
            sb_append_json(&sb, word);
            sb_append(&sb, ":[");
            /* Each posting is one number, (pack - previous pack) * 16 +
             * fields: small numbers for common words, a third of the bytes
             * of pairs of absolute numbers. */
            uint32_t previous = 0;
            for (bool first = true; i < si->count && !strcmp(si->items[i].word, word); i++, first = false) {
                if (!first)
                    sb_append_char(&sb, ',');
                append_number(&sb, (uint64_t)(si->items[i].pack - previous) * 16 + si->items[i].fields);
                previous = si->items[i].pack;
            }
            sb_append_char(&sb, ']');
        }
        sb_append(&sb, "\n}\n");
        char *path = xasprintf("%sterms/%s.json", si->folder, shard);
        size_t len = sb.len;
        write(path, sb_take(&sb), len, arg);
        free(path);
        free(shard);
    }
}

void search_index_free(SearchIndex *si)
{
    if (!si)
        return;
    for (size_t i = 0; i < si->count; i++)
        free(si->items[i].word);
    free(si->items);
    for (size_t i = 0; i < si->site->pack_count; i++)
        free(si->records[i]);
    free(si->records);
    free(si->folder);
    free(si);
}
