/* binio.h: the build cache's files are written in this machine's byte
 * order, numbers as they are in memory and strings after their length,
 * so they are read back without parsing text.  Shared by the cache's
 * files (cache.c, front_cache.c); a file that ends early or holds a
 * count too large for what is left sets Reader.failed, and the caller
 * treats the whole file as no cache at all.
 */
#ifndef SAYSO_BINIO_H
#define SAYSO_BINIO_H

#include "util.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>


static inline void put_u64(StrBuf *sb, uint64_t v)
{
    sb_append_len(sb, (const char *)&v, sizeof v);
}

static inline void put_i64(StrBuf *sb, int64_t v)
{
    sb_append_len(sb, (const char *)&v, sizeof v);
}

static inline void put_double(StrBuf *sb, double d)
{
    sb_append_len(sb, (const char *)&d, sizeof d);
}

#define NO_STRING UINT32_MAX

static inline void put_str(StrBuf *sb, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) : NO_STRING;
    sb_append_len(sb, (const char *)&n, sizeof n);
    if (s)
        sb_append_len(sb, s, n);
}

typedef struct Reader {
    const char *p, *end;
    bool failed;
} Reader;

static inline bool get_raw(Reader *r, void *into, size_t n)
{
    if (r->failed || (size_t)(r->end - r->p) < n) {
        r->failed = true;
        memset(into, 0, n);
        return false;
    }
    memcpy(into, r->p, n);
    r->p += n;
    return true;
}

static inline uint64_t get_u64(Reader *r)
{
    uint64_t v;
    get_raw(r, &v, sizeof v);
    return v;
}

static inline int64_t get_i64(Reader *r)
{
    int64_t v;
    get_raw(r, &v, sizeof v);
    return v;
}

static inline double get_double(Reader *r)
{
    double d;
    get_raw(r, &d, sizeof d);
    return d;
}

/* A count read back, checked against what is left to read, so a broken
 * file cannot ask for a huge allocation. */
static inline size_t get_count(Reader *r, size_t min_size)
{
    uint64_t n = get_u64(r);
    if (!r->failed && n > (uint64_t)(r->end - r->p) / (min_size ? min_size : 1))
        r->failed = true;
    return r->failed ? 0 : (size_t)n;
}

static inline char *get_str(Reader *r)
{
    uint32_t n;
    if (!get_raw(r, &n, sizeof n) || n == NO_STRING)
        return NULL;
    if ((size_t)(r->end - r->p) < n) {
        r->failed = true;
        return NULL;
    }
    char *s = xstrndup(r->p, n);
    r->p += n;
    return s;
}

/* One function per record lists its fields once, and serves both ways:
 * with in set it reads them back, otherwise it writes them to out.  The
 * writer and the reader of a format cannot then fall out of step.  A
 * field is any lvalue: integers and enums go as 64 bits, as put_u64 and
 * put_i64 write them; bools as 0 or 1. */
typedef struct BinCodec {
    StrBuf *out;
    Reader *in;
} BinCodec;

#define BIN_STR(c, field) ((c)->in ? (void)((field) = get_str((c)->in)) : put_str((c)->out, (field)))
#define BIN_I64(c, field) ((c)->in ? (void)((field) = get_i64((c)->in)) : put_i64((c)->out, (int64_t)(field)))
#define BIN_U64(c, field) ((c)->in ? (void)((field) = get_u64((c)->in)) : put_u64((c)->out, (uint64_t)(field)))
#define BIN_BOOL(c, field) ((c)->in ? (void)((field) = get_u64((c)->in) != 0) : put_u64((c)->out, (field)))
#define BIN_DOUBLE(c, field) ((c)->in ? (void)((field) = get_double((c)->in)) : put_double((c)->out, (field)))

/* How many items follow: written as count, or read back (get_count). */
static inline size_t bin_count(BinCodec *c, size_t count, size_t min_size)
{
    if (c->in)
        return get_count(c->in, min_size);
    put_u64(c->out, count);
    return count;
}

static inline bool bin_failed(const BinCodec *c)
{
    return c->in && c->in->failed;
}

/* A reader's check that what it read makes sense; not worked out when
 * writing. */
#define BIN_REQUIRE(c, ok) ((c)->in && !(ok) ? (void)((c)->in->failed = true) : (void)0)


#endif
