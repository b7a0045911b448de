/* words.c: theme words per language, plural rules and dates (words.h). */
#include "words.h"
#include "diag.h"
#include "language.h"
#include "yamldoc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Word {
    char *key, *value;        /* key flattened: "days_left.few", "months.3" */
} Word;

typedef struct LangWords {
    char *lang;
    Word *words;              /* sorted by key once loaded: every page looks up a hundred */
    size_t count, cap;
    bool sorted;
} LangWords;

struct Words {
    LangWords *langs;         /* [0] is English, the fallback */
    size_t count;
};

static int compare_words(const void *a, const void *b)
{
    return strcmp(((const Word *)a)->key, ((const Word *)b)->key);
}

static const char *find(const LangWords *lw, const char *key)
{
    if (!lw)
        return NULL;
    if (lw->sorted) {
        Word probe = {.key = (char *)key};
        const Word *w = bsearch(&probe, lw->words, lw->count, sizeof *lw->words, compare_words);
        return w ? w->value : NULL;
    }
    for (size_t i = 0; i < lw->count; i++)
        if (!strcmp(lw->words[i].key, key))
            return lw->words[i].value;
    return NULL;
}

static void put(LangWords *lw, const char *key, const char *value)
{
    if (find(lw, key))
        return;               /* a folder read earlier (the site's) already said it */
    GROW(lw->words, lw->count, lw->cap);
    lw->words[lw->count++] = (Word){.key = xstrdup(key), .value = xstrdup(value)};
}

static void finish_language(LangWords *lw)
{
    if (lw->count > 1)
        qsort(lw->words, lw->count, sizeof *lw->words, compare_words);
    lw->sorted = true;
}

static void read_scalar(LangWords *lw, const char *key, yaml_node_t *v)
{
    if (v && v->type == YAML_SCALAR_NODE)
        put(lw, key, (const char *)v->data.scalar.value);
}

/* One strings file into lw: scalars, plural maps and lists, flattened. */
static void read_file_into(LangWords *lw, const char *path, const char *display)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text)
        return;
    YamlDoc y;
    if (yamldoc_parse(&y, text, len, display, 1)) {
        yaml_node_t *root = yamldoc_root(&y);
        if (root && root->type == YAML_MAPPING_NODE) {
            for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
                yaml_node_t *k = yaml_document_get_node(&y.doc, p->key);
                yaml_node_t *v = yaml_document_get_node(&y.doc, p->value);
                if (!k || k->type != YAML_SCALAR_NODE || !v)
                    continue;
                const char *key = (const char *)k->data.scalar.value;
                if (v->type == YAML_SCALAR_NODE) {
                    read_scalar(lw, key, v);
                } else if (v->type == YAML_MAPPING_NODE) {
                    for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
                        yaml_node_t *qk = yaml_document_get_node(&y.doc, q->key);
                        if (!qk || qk->type != YAML_SCALAR_NODE)
                            continue;
                        char *full = xasprintf("%s.%s", key, (const char *)qk->data.scalar.value);
                        read_scalar(lw, full, yaml_document_get_node(&y.doc, q->value));
                        free(full);
                    }
                } else if (v->type == YAML_SEQUENCE_NODE) {
                    int n = 0;
                    for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
                        char *full = xasprintf("%s.%d", key, ++n);
                        read_scalar(lw, full, yaml_document_get_node(&y.doc, *i));
                        free(full);
                    }
                }
            }
        } else if (root) {
            diag_warning(display, 1, "a strings file must be `key: text` lines");
        }
        yamldoc_free(&y);
    }
    free(text);
}

/* strings/LANG.yml from every theme folder, the site's first; a regional
 * tag (en-GB) also takes its language's file (en.yml). */
static bool read_language(LangWords *lw, const char *lang, char *const *dirs, size_t dir_count)
{
    bool found = false;
    char primary[16];
    snprintf(primary, sizeof primary, "%.*s", (int)strcspn(lang, "-"), lang);
    const char *names[2] = {lang, strcmp(primary, lang) ? primary : NULL};
    for (size_t d = 0; d < dir_count; d++)
        for (int n = 0; n < 2 && names[n]; n++) {
            char *rel = xasprintf("strings/%s.yml", names[n]);
            char *path = path_join(dirs[d], rel);
            if (file_exists(path)) {
                char *display = xasprintf("themes/%s", rel);
                read_file_into(lw, path, display);
                free(display);
                found = true;
            }
            free(path);
            free(rel);
        }
    return found;
}

/* One warning per language, listing every English key it lacks. */
static void warn_missing(const LangWords *en, const LangWords *lw, bool found)
{
    StrBuf missing;
    sb_init(&missing);
    size_t count = 0;
    for (size_t i = 0; i < en->count; i++) {
        const char *key = en->words[i].key;
        const char *dot = strchr(key, '.');
        if (find(lw, key))
            continue;
        /* A plural form English has but this language does not use is not missing. */
        if (dot && strchr("0123456789", dot[1]) == NULL) {
            char *base = xstrndup(key, (size_t)(dot - key));
            char *other = xasprintf("%s.other", base);
            bool has = find(lw, other) != NULL;
            free(other);
            free(base);
            if (has)
                continue;
        }
        sb_printf(&missing, "%s%s", count++ ? ", " : "", key);
    }
    if (!found)
        diag_warning("themes", 0, "the theme has no strings/%s.yml, so its own words (navigation, status, "
                     "dates) are shown in English on %s pages: add the file with these keys: %s", lw->lang,
                     lw->lang, missing.data ? missing.data : "");
    else if (count)
        diag_warning("themes", 0, "strings/%s.yml lacks %zu of the theme's words, shown in English on %s "
                     "pages: %s", lw->lang, count, lw->lang, missing.data);
    sb_free(&missing);
}

Words *words_load(const Site *site, char *const *theme_dirs, size_t dir_count)
{
    Words *w = xcalloc(1, sizeof *w);
    size_t langs = site->languages.count ? site->languages.count : 1;
    w->langs = xcalloc(langs + 1, sizeof *w->langs);
    w->langs[0].lang = xstrdup("en");
    read_language(&w->langs[0], "en", theme_dirs, dir_count);
    finish_language(&w->langs[0]);
    w->count = 1;
    for (size_t i = 0; i < langs; i++) {
        const char *lang = site->languages.count ? site->languages.items[i] : site->language;
        if (!lang)
            continue;         /* settings not read (as for the up-to-date check): English */
        if (language_is_english(lang) && !strchr(lang, '-'))
            continue;
        LangWords *lw = &w->langs[w->count++];
        lw->lang = xstrdup(lang);
        bool found = read_language(lw, lang, theme_dirs, dir_count);
        finish_language(lw);
        if (!language_is_english(lang))
            warn_missing(&w->langs[0], lw, found);
    }
    return w;
}

void words_free(Words *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->count; i++) {
        free(w->langs[i].lang);
        for (size_t k = 0; k < w->langs[i].count; k++) {
            free(w->langs[i].words[k].key);
            free(w->langs[i].words[k].value);
        }
        free(w->langs[i].words);
    }
    free(w->langs);
    free(w);
}

static const LangWords *lang_words(const Words *w, const char *lang)
{
    for (size_t i = 0; w && lang && i < w->count; i++)
        if (language_same(w->langs[i].lang, lang))
            return &w->langs[i];
    return w && language_is_english(lang) ? &w->langs[0] : NULL;
}

const char *words_get(const Words *w, const char *lang, const char *key)
{
    const char *v = find(lang_words(w, lang), key);
    return v ? v : w ? find(&w->langs[0], key) : NULL;
}

const char *words_get_own(const Words *w, const char *lang, const char *key)
{
    return find(lang_words(w, lang), key);
}

const char *words_or(const Words *w, const char *lang, const char *key, const char *fallback)
{
    const char *v = words_get(w, lang, key);
    return v ? v : fallback;
}

/* CLDR plural rules for integers (cardinal), from CLDR's plurals.xml. */
const char *words_plural_category(const char *lang, long n)
{
    char primary[9];
    snprintf(primary, sizeof primary, "%.*s", (int)strcspn(lang ? lang : "", "-"), lang ? lang : "");
    long m10 = n % 10, m100 = n % 100;
    if (!strcmp(primary, "cy"))
        return n == 0 ? "zero" : n == 1 ? "one" : n == 2 ? "two" : n == 3 ? "few" : n == 6 ? "many" : "other";
    if (!strcmp(primary, "ar"))
        return n == 0 ? "zero" : n == 1 ? "one" : n == 2 ? "two" : (m100 >= 3 && m100 <= 10) ? "few"
             : (m100 >= 11 && m100 <= 99) ? "many" : "other";
    if (!strcmp(primary, "ga"))
        return n == 1 ? "one" : n == 2 ? "two" : (n >= 3 && n <= 6) ? "few" : (n >= 7 && n <= 10) ? "many" : "other";
    if (!strcmp(primary, "gd"))
        return (n == 1 || n == 11) ? "one" : (n == 2 || n == 12) ? "two" : ((n >= 3 && n <= 10) || (n >= 13 && n <= 19)) ? "few" : "other";
    if (!strcmp(primary, "pl"))
        return n == 1 ? "one" : (m10 >= 2 && m10 <= 4 && !(m100 >= 12 && m100 <= 14)) ? "few" : "many";
    if (!strcmp(primary, "ru") || !strcmp(primary, "uk"))
        return (m10 == 1 && m100 != 11) ? "one" : (m10 >= 2 && m10 <= 4 && !(m100 >= 12 && m100 <= 14)) ? "few" : "many";
    if (!strcmp(primary, "zh") || !strcmp(primary, "ja") || !strcmp(primary, "ko") || !strcmp(primary, "vi") ||
        !strcmp(primary, "th"))
        return "other";
    if (!strcmp(primary, "fr") || !strcmp(primary, "pt") || !strcmp(primary, "hi") || !strcmp(primary, "bn") ||
        !strcmp(primary, "fa") || !strcmp(primary, "gu") || !strcmp(primary, "am"))
        return (n == 0 || n == 1) ? "one" : "other";
    return n == 1 ? "one" : "other";
}

char *words_fill(const char *format, ...)
{
    StrBuf sb;
    sb_init(&sb);
    for (const char *p = format; *p;) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            sb_append(&sb, p);
            break;
        }
        sb_append_len(&sb, p, (size_t)(open - p));
        size_t n = (size_t)(close - open - 1);
        const char *value = NULL;
        va_list ap;
        va_start(ap, format);
        for (const char *name; (name = va_arg(ap, const char *));) {
            const char *v = va_arg(ap, const char *);
            if (strlen(name) == n && !strncmp(name, open + 1, n)) {
                value = v;
                break;
            }
        }
        va_end(ap);
        if (value)
            sb_append(&sb, value);
        else
            sb_append_len(&sb, open, n + 2);
        p = close + 1;
    }
    return sb_take(&sb);
}

char *words_count(const Words *w, const char *lang, const char *key, long n)
{
    const LangWords *lw = lang_words(w, lang);
    const char *category = words_plural_category(lang, n);
    char *full = xasprintf("%s.%s", key, category);
    const char *form = find(lw, full);
    free(full);
    if (!form) {
        full = xasprintf("%s.other", key);
        form = find(lw, full);
        free(full);
    }
    if (!form && w) {
        /* English's own forms, chosen by English rules. */
        full = xasprintf("%s.%s", key, n == 1 ? "one" : "other");
        form = find(&w->langs[0], full);
        free(full);
    }
    if (!form)
        return NULL;
    char number[24];
    snprintf(number, sizeof number, "%ld", n);
    return words_fill(form, "n", number, (const char *)NULL);
}

void words_date_long(const Words *w, const char *lang, Day d, char *out, size_t size)
{
    const LangWords *lw = lang_words(w, lang);
    const char *format = find(lw, "date_long");
    if (!lw || !format || language_is_english(lang)) {
        date_long(d, out, size);
        return;
    }
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    int monday_first = (int)((((d % 7) + 7) % 7 + 3) % 7) + 1;   /* 1970-01-01 was a Thursday */
    char mkey[16], wkey[16], day[8], year[8];
    snprintf(mkey, sizeof mkey, "months.%d", m);
    snprintf(wkey, sizeof wkey, "weekdays.%d", monday_first);
    snprintf(day, sizeof day, "%d", dd);
    snprintf(year, sizeof year, "%d", y);
    const char *month = find(lw, mkey), *weekday = find(lw, wkey);
    if (!month || !weekday) {
        date_long(d, out, size);
        return;
    }
    char *text = words_fill(format, "weekday", weekday, "day", day, "month", month, "year", year,
                            (const char *)NULL);
    snprintf(out, size, "%s", text);
    free(text);
}
