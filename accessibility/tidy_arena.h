/* tidy_arena.h: the memory tidy uses for one page, taken from an arena.
 *
 * Tidy makes and frees a node, an attribute and a string or two for every
 * tag it reads: a page's worth of malloc and free calls was a sixth of the
 * cost of checking it.  A page's document takes its memory from an arena
 * instead, in large chunks handed out in order; freeing a block gives it
 * back only when it is the last one handed out, and the chunks are freed
 * together after tidyRelease.
 */
#ifndef SAYSO_TIDY_ARENA_H
#define SAYSO_TIDY_ARENA_H

#include <stddef.h>
#include <tidy/tidy.h>

#define ARENA_CHUNK (64 * 1024)
#define ARENA_ALIGN 16

typedef struct ArenaChunk {
    struct ArenaChunk *prev;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
} ArenaChunk;

typedef struct PageArena {
    TidyAllocator base;       /* first: tidy hands this pointer back */
    ArenaChunk *chunk;        /* the one being handed out; older ones behind it */
    void *last;               /* the block handed out last */
} PageArena;

/* An empty arena, ready to hand to tidyCreateWithAllocator(&a->base). */
void page_arena_init(PageArena *a);
/* Frees every chunk, after tidyRelease. */
void page_arena_free_all(PageArena *a);

#endif
