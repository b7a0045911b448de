/* hashmap.h: the one hash table: open addressing with linear probing,
 * keys that are strings (compared by content) or pointers (compared by
 * address), each with a pointer value.
 *
 * Keys and values are not copied or freed: they must outlive the map.
 * Not locked: a map shared by threads is locked by its owner.  Walk the
 * entries with `for (i < size) if (slots[i].key)`; their order depends only
 * on the keys and the order they were put in. */
#ifndef SAYSO_HASHMAP_H
#define SAYSO_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { HASH_STRING_KEYS, HASH_POINTER_KEYS } HashKeys;

typedef struct HashEntry {
    const void *key;           /* NULL: an empty slot */
    void *value;
} HashEntry;

typedef struct HashMap {
    HashEntry *slots;
    size_t size;               /* 0, or a power of two */
    size_t count;
    HashKeys keys;
} HashMap;

/* An empty map of `slots` slots (rounded up to a power of two; 0: none
 * until the first put). */
void hashmap_init(HashMap *m, HashKeys keys, size_t slots);
void hashmap_free(HashMap *m);

/* Puts key (not NULL) with value unless key is there already (then the map
 * is unchanged).  Returns the entry that holds key. */
HashEntry *hashmap_put(HashMap *m, const void *key, void *value);

/* The entry that holds key, or NULL. */
HashEntry *hashmap_find(const HashMap *m, const void *key);

#endif
