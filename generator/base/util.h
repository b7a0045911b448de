/* util.h: memory, growable strings, files and paths used by every module.
 *
 * Allocation failure ends the program with a message: a static site
 * generator has nothing sensible to do without memory, and checking every
 * small allocation would bury the logic.
 */
#ifndef SAYSO_UTIL_H
#define SAYSO_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <time.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);              /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* A growable, always NUL-terminated byte string. */
typedef struct StrBuf {
    char *data;
    size_t len, cap;
} StrBuf;

void sb_init(StrBuf *sb);
void sb_free(StrBuf *sb);
void sb_clear(StrBuf *sb);
void sb_append(StrBuf *sb, const char *s);
void sb_append_len(StrBuf *sb, const char *s, size_t n);
void sb_append_char(StrBuf *sb, char c);
void sb_printf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sb_take(StrBuf *sb);                /* the caller owns the result; sb is reset */
/* s as a quoted JSON string (NULL as ""): quotes, backslashes and control
 * characters escaped, bytes that are not UTF-8 written as U+FFFD.
 * JSON_HTML_SAFE escapes < > & too, so the JSON stays inert inside an
 * HTML page. */
typedef enum { JSON_PLAIN, JSON_HTML_SAFE } JsonEscape;
void sb_append_json_as(StrBuf *sb, const char *s, JsonEscape how);
void sb_append_json(StrBuf *sb, const char *s);   /* JSON_HTML_SAFE */

/* A growable list of owned strings. */
typedef struct StrList {
    char **items;
    size_t count, cap;
} StrList;

void sl_push(StrList *list, const char *s);      /* copies s */
void sl_push_owned(StrList *list, char *s);
bool sl_contains(const StrList *list, const char *s);
/* The same for a list sl_sort() has sorted: a binary search. */
bool sl_contains_sorted(const StrList *list, const char *s);
void sl_free(StrList *list);
void sl_sort(StrList *list);

/* Files.  read_file returns NULL and sets errno on failure; *len may be NULL. */
char *read_file(const char *path, size_t *len);
bool write_file(const char *path, const char *data, size_t len);
bool file_exists(const char *path);
bool dir_exists(const char *path);
bool make_dirs(const char *path);          /* mkdir -p */
bool remove_tree(const char *path);        /* rm -rf; true if gone afterwards */
bool copy_file(const char *from, const char *to);
/* Names in a directory, hidden ones left out, sorted so builds are reproducible. */
bool list_dir(const char *path, StrList *names);
long long file_size(const char *path);     /* -1 when unknown */

/* The folders a directory walk is inside, innermost first, so a walk that
 * follows links can tell a loop (a folder inside itself) from depth. */
typedef struct DirChain {
    uint64_t dev, ino;
    const struct DirChain *up;
} DirChain;
/* Fills link with dir's identity (following links) and returns true, or
 * returns false when dir cannot be read or is already on the chain up. */
bool dir_chain_enter(DirChain *link, const DirChain *up, const char *dir, bool *loop);

char *path_join(const char *a, const char *b);
const char *path_basename(const char *path);
char *path_dirname(const char *path);
const char *path_extension(const char *path);   /* ".md", or "" */
/* href, relative to the page at page_path (both from the site root), as a
 * path from the site root: "pictures/bus.svg" for "../../../pictures/bus.svg"
 * on consultations/x/easy-read/index.html.  NULL where it climbs above the
 * root or is the root itself. */
char *path_from_page(const char *page_path, const char *href);

/* The capacity an array of `size`-byte items grows to so that it holds at
 * least `need`: doubling from cap (from 16 when empty), so n appends cost
 * O(n).  Past what memory can be asked for, it stops as out of memory. */
size_t grow_capacity(size_t cap, size_t need, size_t size);

/* Makes room in the array ptr (cap items) for `need` items, as git's
 * ALLOC_GROW does; cap is updated. */
#define GROW_TO(ptr, need, cap)                                                        \
    do {                                                                               \
        if ((size_t)(need) > (size_t)(cap)) {                                          \
            size_t grown_cap_ = grow_capacity((size_t)(cap), (size_t)(need), sizeof *(ptr)); \
            (ptr) = xrealloc((ptr), grown_cap_ * sizeof *(ptr));                       \
            (cap) = grown_cap_;                                                        \
        }                                                                              \
    } while (0)

/* Room for one more item at ptr[count]. */
#define GROW(ptr, count, cap) GROW_TO(ptr, (size_t)(count) + 1, cap)

/* Text helpers. */
bool str_ends_with(const char *s, const char *suffix);
bool str_starts_with(const char *s, const char *prefix);
char *str_trim(char *s);                   /* in place */
bool utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* The character at s (len bytes, len > 0) and its length in *n; bytes that
 * are not strict UTF-8 give UTF8_BAD (U+FFFD) one byte at a time, so a bad
 * byte never makes a caller loop or read past the end. */
unsigned utf8_decode(const char *s, size_t len, size_t *n);
#define UTF8_BAD 0xFFFDu
int line_of_offset(const char *text, size_t offset);   /* 1-based */
/* Is key one of the n strings of set, sorted by strcmp?  (bsearch) */
bool str_in_sorted(const char *key, const char *const *set, size_t n);
#define STR_IN_SET(key, set) str_in_sorted((key), (set), sizeof(set) / sizeof *(set))
/* Lowercase ASCII words joined by hyphens: "Why we ask?" -> "why-we-ask". */
char *slugify(const char *text);

/* 64-bit FNV-1a, for content hashes in the build cache. */
uint64_t hash_bytes(uint64_t seed, const void *data, size_t len);
uint64_t hash_str(uint64_t seed, const char *s);
#define HASH_SEED 1469598103934665603ULL

/* A pointer spread over a hash table's slots (node sets and maps). */
static inline size_t hash_pointer(const void *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0xed5ad4bbU;
    x ^= x >> 11;
    return (size_t)x;
}

/* A file time as nanoseconds, as the caches record stat times. */
static inline int64_t timespec_ns(struct timespec t)
{
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

#endif
