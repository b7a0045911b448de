/* util.c: memory, growable strings, files and paths. */
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void out_of_memory(void)
{
    fputs("sayso: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory();
    return q;
}

size_t grow_capacity(size_t cap, size_t need, size_t size)
{
    size_t limit = SIZE_MAX / (size ? size : 1) / 2;
    if (!cap)
        cap = 16;
    while (cap < need) {
        if (cap > limit)
            out_of_memory();
        cap *= 2;
    }
    return cap;
}

char *xstrdup(const char *s)
{
    return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *p = xmalloc((size_t)(n > 0 ? n : 0) + 1);
    vsnprintf(p, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = xvasprintf(fmt, ap);
    va_end(ap);
    return p;
}

/* ---- StrBuf ---- */

void sb_init(StrBuf *sb)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

void sb_free(StrBuf *sb)
{
    free(sb->data);
    sb_init(sb);
}

void sb_clear(StrBuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

static void sb_reserve(StrBuf *sb, size_t extra)
{
    GROW_TO(sb->data, sb->len + extra + 1, sb->cap);
}

void sb_append_len(StrBuf *sb, const char *s, size_t n)
{
    sb_reserve(sb, n);
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sb_append(StrBuf *sb, const char *s)
{
    if (s)
        sb_append_len(sb, s, strlen(s));
}

void sb_append_char(StrBuf *sb, char c)
{
    sb_append_len(sb, &c, 1);
}

void sb_printf(StrBuf *sb, const char *fmt, ...)
{
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n > 0) {
        sb_reserve(sb, (size_t)n);
        vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
        sb->len += (size_t)n;
    }
    va_end(ap);
}

char *sb_take(StrBuf *sb)
{
    char *p = sb->data ? sb->data : xstrdup("");
    sb_init(sb);
    return p;
}

/* ---- StrList ---- */

void sl_push_owned(StrList *list, char *s)
{
    GROW(list->items, list->count, list->cap);
    list->items[list->count++] = s;
}

void sl_push(StrList *list, const char *s)
{
    sl_push_owned(list, xstrdup(s));
}

bool sl_contains(const StrList *list, const char *s)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i], s) == 0)
            return true;
    return false;
}

void sl_free(StrList *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = list->cap = 0;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void sl_sort(StrList *list)
{
    if (list->count > 1)
        qsort(list->items, list->count, sizeof *list->items, compare_strings);
}

bool sl_contains_sorted(const StrList *list, const char *s)
{
    return list->count && bsearch(&s, list->items, list->count, sizeof *list->items, compare_strings);
}

/* ---- Files ---- */

char *read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = S_ISDIR(st.st_mode) ? EISDIR : errno;
        close(fd);
        errno = e;
        return NULL;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        GROW_TO(buf, n + 2, cap);          /* a byte to read and the NUL */
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            close(fd);
            errno = e;
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

bool write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    return ok;
}

bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool dir_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

bool make_dirs(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            free(p);
            return false;
        }
        *s = '/';
    }
    bool ok = mkdir(p, 0755) == 0 || (errno == EEXIST && dir_exists(p));
    free(p);
    return ok;
}

bool remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return false;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *child = path_join(path, e->d_name);
            remove_tree(child);
            free(child);
        }
        closedir(d);
        return rmdir(path) == 0;
    }
    return unlink(path) == 0;
}

bool copy_file(const char *from, const char *to)
{
    size_t len;
    char *data = read_file(from, &len);
    if (!data)
        return false;
    bool ok = write_file(to, data, len);
    free(data);
    return ok;
}

bool list_dir(const char *path, StrList *names)
{
    DIR *d = opendir(path);
    if (!d)
        return false;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')          /* hidden files are never content */
            sl_push(names, e->d_name);
    closedir(d);
    sl_sort(names);
    return true;
}

bool dir_chain_enter(DirChain *link, const DirChain *up, const char *dir, bool *loop)
{
    struct stat st;
    *loop = false;
    if (stat(dir, &st) != 0)
        return false;
    *link = (DirChain){.dev = (uint64_t)st.st_dev, .ino = (uint64_t)st.st_ino, .up = up};
    for (const DirChain *c = up; c; c = c->up)
        if (c->dev == link->dev && c->ino == link->ino) {
            *loop = true;
            return false;
        }
    return true;
}

/* ---- Paths ---- */

char *path_join(const char *a, const char *b)
{
    if (!a || !*a)
        return xstrdup(b);
    size_t la = strlen(a);
    bool slash = a[la - 1] == '/';
    return xasprintf("%s%s%s", a, slash ? "" : "/", b);
}

const char *path_basename(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

char *path_dirname(const char *path)
{
    const char *s = strrchr(path, '/');
    if (!s)
        return xstrdup(".");
    if (s == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(s - path));
}

char *path_from_page(const char *page_path, const char *href)
{
    StrList parts = {0};
    char *dir = path_dirname(page_path);
    char *joined = strcmp(dir, ".") ? path_join(dir, href) : xstrdup(href);
    free(dir);
    bool outside = false;
    char *save = NULL;
    for (char *seg = strtok_r(joined, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (!strcmp(seg, "..")) {
            if (parts.count)
                free(parts.items[--parts.count]);
            else
                outside = true;
        } else if (strcmp(seg, ".")) {
            sl_push(&parts, seg);
        }
    }
    free(joined);
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < parts.count; i++)
        sb_printf(&sb, "%s%s", i ? "/" : "", parts.items[i]);
    sl_free(&parts);
    if (outside || !sb.len) {
        sb_free(&sb);
        return NULL;
    }
    return sb_take(&sb);
}

const char *path_extension(const char *path)
{
    const char *base = path_basename(path);
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot : "";
}

/* ---- Text ---- */

bool str_ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

bool str_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *str_trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Strict UTF-8 (RFC 3629): no overlongs, no surrogates, nothing past U+10FFFF. */
unsigned utf8_decode(const char *text, size_t len, size_t *n)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned c = s[0];
    size_t more;
    unsigned min;
    *n = 1;
    if (c < 0x80)
        return c;
    if (c >= 0xC2 && c <= 0xDF)
        more = 1, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        more = 2, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        more = 3, min = 0x10000;
    else
        return UTF8_BAD;
    if (more >= len)                     /* the sequence runs past the end */
        return UTF8_BAD;
    unsigned cp = c & (0x3F >> more);
    for (size_t k = 1; k <= more; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return UTF8_BAD;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return UTF8_BAD;
    *n = more + 1;
    return cp;
}

bool utf8_valid(const char *text, size_t len, size_t *bad_offset)
{
    size_t i = 0, n;
    while (i < len) {
        /* A U+FFFD written in the text is three bytes long. */
        if (utf8_decode(text + i, len - i, &n) == UTF8_BAD && n == 1) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += n;
    }
    return true;
}

static int compare_key_to_entry(const void *key, const void *entry)
{
    return strcmp(key, *(const char *const *)entry);
}

bool str_in_sorted(const char *key, const char *const *set, size_t n)
{
    return bsearch(key, set, n, sizeof *set, compare_key_to_entry) != NULL;
}

char *slugify(const char *text)
{
    StrBuf sb;
    sb_init(&sb);
    bool hyphen = false;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (hyphen && sb.len)
                sb_append_char(&sb, '-');
            hyphen = false;
            sb_append_char(&sb, (char)c);
        } else if (c < 0x80 && c != '\'') {
            hyphen = true;            /* apostrophes vanish: "what's" -> "whats" */
        } else if (c >= 0x80 && (c & 0xC0) != 0x80) {
            hyphen = true;            /* a non-ASCII character separates words */
        }
        if (sb.len >= 60)
            break;
    }
    return sb_take(&sb);
}

int line_of_offset(const char *text, size_t offset)
{
    int line = 1;
    for (size_t i = 0; i < offset && text[i]; i++)
        line += text[i] == '\n';
    return line;
}

uint64_t hash_bytes(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t hash_str(uint64_t seed, const char *s)
{
    /* Hash the terminator too, so ("ab","c") and ("a","bc") differ. */
    return s ? hash_bytes(seed, s, strlen(s) + 1) : hash_bytes(seed, "", 1);
}

void sb_append_json_as(StrBuf *sb, const char *s, JsonEscape how)
{
    sb_append_char(sb, '"');
    const char *p = s ? s : "";
    const char *end = p + strlen(p);
    /* Text that needs no escaping goes in as one run: report.json of a
     * large site is tens of megabytes, one byte at a time was slow. */
    const char *run = p;
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        size_t n = 1;
        char escape[8];
        if (c >= 0x80) {
            if (utf8_decode(p, (size_t)(end - p), &n) != UTF8_BAD || n > 1) {
                p += n;
                continue;
            }
            strcpy(escape, "\\ufffd");
        } else if (c == '"' || c == '\\') {
            escape[0] = '\\', escape[1] = (char)c, escape[2] = '\0';
        } else if (c == '\n') {
            strcpy(escape, "\\n");
        } else if (c == '\r') {
            strcpy(escape, "\\r");
        } else if (c == '\t') {
            strcpy(escape, "\\t");
        } else if (c < 0x20 || (how == JSON_HTML_SAFE && (c == '<' || c == '>' || c == '&'))) {
            snprintf(escape, sizeof escape, "\\u%04x", c);
        } else {
            p++;
            continue;
        }
        sb_append_len(sb, run, (size_t)(p - run));
        sb_append(sb, escape);
        run = ++p;
    }
    sb_append_len(sb, run, (size_t)(p - run));
    sb_append_char(sb, '"');
}

void sb_append_json(StrBuf *sb, const char *s)
{
    sb_append_json_as(sb, s, JSON_HTML_SAFE);
}
