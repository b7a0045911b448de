/* hashmap.c: the one hash table (rules in hashmap.h). */
#include "hashmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void hashmap_init(HashMap *m, HashKeys keys, size_t slots)
{
    *m = (HashMap){.keys = keys};
    if (slots) {
        m->size = 1;
        while (m->size < slots)
            m->size *= 2;
        m->slots = xcalloc(m->size, sizeof *m->slots);
    }
}

void hashmap_free(HashMap *m)
{
    free(m->slots);
    *m = (HashMap){.keys = m->keys};
}

static bool same_key(const HashMap *m, const void *a, const void *b)
{
    return m->keys == HASH_STRING_KEYS ? strcmp(a, b) == 0 : a == b;
}

/* The slot that holds key, or the empty one where it would go. */
static size_t slot_of(const HashMap *m, const void *key)
{
    size_t mask = m->size - 1;
    size_t i = (m->keys == HASH_STRING_KEYS ? (size_t)hash_str(HASH_SEED, key) : hash_pointer(key)) & mask;
    while (m->slots[i].key && !same_key(m, m->slots[i].key, key))
        i = (i + 1) & mask;
    return i;
}

HashEntry *hashmap_put(HashMap *m, const void *key, void *value)
{
    /* At most half full, so a probe stays short. */
    if ((m->count + 1) * 2 > m->size) {
        HashMap bigger;
        hashmap_init(&bigger, m->keys, m->size ? m->size * 2 : 16);
        for (size_t i = 0; i < m->size; i++)
            if (m->slots[i].key)
                bigger.slots[slot_of(&bigger, m->slots[i].key)] = m->slots[i];
        bigger.count = m->count;
        free(m->slots);
        *m = bigger;
    }
    HashEntry *e = &m->slots[slot_of(m, key)];
    if (!e->key) {
        *e = (HashEntry){key, value};
        m->count++;
    }
    return e;
}

HashEntry *hashmap_find(const HashMap *m, const void *key)
{
    if (!m->size)
        return NULL;
    HashEntry *e = &m->slots[slot_of(m, key)];
    return e->key ? e : NULL;
}
