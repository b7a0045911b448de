/* tidy_arena.c: tidy's memory for one page (tidy_arena.h). */
#include "tidy_arena.h"
#include "diag.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Each block starts with its size, for realloc. */
typedef struct { _Alignas(ARENA_ALIGN) size_t size; } BlockHeader;

static void *TIDY_CALL arena_alloc(TidyAllocator *self, size_t n)
{
    PageArena *a = (PageArena *)self;
    size_t need = sizeof(BlockHeader) + ((n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1));
    ArenaChunk *c = a->chunk;
    if (!c || c->size - c->used < need) {
        size_t size = need > ARENA_CHUNK ? need : ARENA_CHUNK;
        c = xmalloc(sizeof *c + size);
        c->prev = a->chunk;
        c->size = size;
        c->used = 0;
        a->chunk = c;
    }
    BlockHeader *h = (BlockHeader *)(c->data + c->used);
    c->used += need;
    h->size = n;
    a->last = h + 1;
    return h + 1;
}

static void TIDY_CALL arena_free(TidyAllocator *self, void *block)
{
    PageArena *a = (PageArena *)self;
    if (block && block == a->last) {
        BlockHeader *h = (BlockHeader *)block - 1;
        a->chunk->used = (size_t)((unsigned char *)h - a->chunk->data);
        a->last = NULL;
    }
}

static void *TIDY_CALL arena_realloc(TidyAllocator *self, void *block, size_t n)
{
    PageArena *a = (PageArena *)self;
    if (!block)
        return arena_alloc(self, n);
    BlockHeader *h = (BlockHeader *)block - 1;
    if (n <= h->size)
        return block;
    if (block == a->last) {
        /* The last block grows where it is when the chunk has room. */
        size_t start = (size_t)((unsigned char *)block - a->chunk->data);
        size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
        if (a->chunk->size - start >= need) {
            a->chunk->used = start + need;
            h->size = n;
            return block;
        }
    }
    void *moved = arena_alloc(self, n);
    memcpy(moved, block, h->size);
    return moved;
}

static void TIDY_CALL arena_panic(TidyAllocator *self, ctmbstr msg)
{
    (void)self;
    diag_error(NULL, 0, "libtidy: %s", msg ? msg : "out of memory");
    abort();
}

static const TidyAllocatorVtbl arena_vtbl = { arena_alloc, arena_realloc, arena_free, arena_panic };

void page_arena_free_all(PageArena *a)
{
    for (ArenaChunk *c = a->chunk, *prev; c; c = prev) {
        prev = c->prev;
        free(c);
    }
    a->chunk = NULL;
    a->last = NULL;
}

void page_arena_init(PageArena *a)
{
    memset(a, 0, sizeof *a);
    a->base.vtbl = &arena_vtbl;
}
