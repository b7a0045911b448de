/* css_select.c: selector matching, with the ancestor filter and the
 * match memo that keep it fast on large pages (see css_internal.h). */
#include "css.h"
#include "css_internal.h"
#include "util.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Ancestor filter ----
 *
 * A rule such as ".site-nav a" is tried on every <a>, and failing means
 * walking all the element's ancestors.  As browsers do, the cascade keeps
 * a counting Bloom filter of the tags, ids and classes of the ancestors
 * of the element being styled; a rule needing an ancestor name the filter
 * has never seen cannot match and is skipped without walking anything.
 * The filter can only say "maybe", never a wrong "no", so results are
 * those of full matching. */


/* FNV-1a over the kind and the name, folded to 32 bits; each key sets two
 * counters, from its low and its next FILTER_BITS bits. */
static uint32_t key_hash(char kind, const char *name, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    h = (h ^ (unsigned char)kind) * 1099511628211ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)name[i]) * 1099511628211ULL;
    return (uint32_t)(h ^ (h >> 32));
}

static void filter_count(AncestorFilter *f, uint32_t key, int delta)
{
    f->counts[key & (FILTER_SIZE - 1)] += (uint32_t)delta;
    f->counts[(key >> FILTER_BITS) & (FILTER_SIZE - 1)] += (uint32_t)delta;
}

static bool filter_may_have(const AncestorFilter *f, uint32_t key)
{
    return f->counts[key & (FILTER_SIZE - 1)] &&
           f->counts[(key >> FILTER_BITS) & (FILTER_SIZE - 1)];
}


/* Adds (delta 1) or removes (delta -1) an element's tag, id and classes,
 * split exactly as matching splits them. */
void css_filter_element(AncestorFilter *f, xmlNodePtr el, int delta)
{
    const char *tag = (const char *)el->name;
    filter_count(f, key_hash(KEY_TAG, tag, strlen(tag)), delta);
    const char *id = css_raw_attr(el, "id");
    if (id && *id)
        filter_count(f, key_hash(KEY_ID, id, strlen(id)), delta);
    const char *cls = css_raw_attr(el, "class");
    for (const char *p = cls; p && *p;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (p > start)
            filter_count(f, key_hash(KEY_CLASS, start, (size_t)(p - start)), delta);
    }
}

bool css_filter_may_match(const AncestorFilter *f, const Complex *c)
{
    for (int i = 0; i < c->ancestor_key_count; i++)
        if (!filter_may_have(f, c->ancestor_keys[i]))
            return false;
    return true;
}

/* The names some ancestor of the subject must have: those of every
 * compound just left of a descendant or child combinator, once the
 * subject's own chain has reached an ancestor (an ancestor of an ancestor,
 * or of an ancestor's sibling, is an ancestor too; a compound left of a
 * sibling combinator, as "#a" in "#a ~ div p", is only a sibling).  Ids
 * first, then classes, then tags: the rarer a name, the more rules it
 * rules out. */
void css_set_ancestor_keys(Complex *c)
{
    c->ancestor_key_count = 0;
    int first_ancestor = -1;
    for (int i = c->count - 1; i > 0; i--)
        if (c->parts[i].combinator == ' ' || c->parts[i].combinator == '>') {
            first_ancestor = i - 1;
            break;
        }
    for (int kind = 0; kind < 3; kind++)
        for (int i = first_ancestor; i >= 0; i--) {
            if (c->parts[i + 1].combinator != ' ' && c->parts[i + 1].combinator != '>')
                continue;
            const Compound *part = &c->parts[i];
            if (kind == 0 && part->id && c->ancestor_key_count < ANCESTOR_KEYS)
                c->ancestor_keys[c->ancestor_key_count++] =
                    key_hash(KEY_ID, part->id, strlen(part->id));
            for (int k = 0; kind == 1 && k < part->class_count &&
                            c->ancestor_key_count < ANCESTOR_KEYS; k++)
                c->ancestor_keys[c->ancestor_key_count++] =
                    key_hash(KEY_CLASS, part->classes[k], strlen(part->classes[k]));
            if (kind == 2 && part->tag && c->ancestor_key_count < ANCESTOR_KEYS)
                c->ancestor_keys[c->ancestor_key_count++] =
                    key_hash(KEY_TAG, part->tag, strlen(part->tag));
        }
}


/* ---- Matching ---- */

/* An attribute's text without copying it (matching runs for every
 * element and rule, so it must not allocate); NULL when absent. */
const char *css_raw_attr(xmlNodePtr el, const char *name)
{
    for (xmlAttrPtr a = el->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, name))
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

static bool has_class(xmlNodePtr el, const char *cls)
{
    const char *attr = css_raw_attr(el, "class");
    if (!attr)
        return false;
    bool found = false;
    size_t n = strlen(cls);
    for (const char *p = (const char *)attr; *p && !found;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        const char *s = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        found = (size_t)(p - s) == n && !memcmp(s, cls, n);
    }
    return found;
}

static bool is_element(xmlNodePtr n)
{
    return n && n->type == XML_ELEMENT_NODE;
}

static xmlNodePtr prev_element(xmlNodePtr n)
{
    for (n = n->prev; n; n = n->prev)
        if (is_element(n))
            return n;
    return NULL;
}

static xmlNodePtr next_element(xmlNodePtr n)
{
    for (n = n->next; n; n = n->next)
        if (is_element(n))
            return n;
    return NULL;
}

static xmlNodePtr parent_element(xmlNodePtr n)
{
    return is_element(n->parent) ? n->parent : NULL;
}

static bool attr_matches(xmlNodePtr el, const AttrSelector *a)
{
    const char *raw = css_raw_attr(el, a->name);
    if (!raw)
        return false;
    const char *v = (const char *)raw, *want = a->value;
    bool ok = false;
    size_t wn = want ? strlen(want) : 0, vn = strlen(v);
    int (*cmp)(const char *, const char *, size_t) = a->icase ? strncasecmp : strncmp;
    switch (a->op) {
    case ATTR_EXISTS: ok = true; break;
    case ATTR_EQUALS: ok = vn == wn && !cmp(v, want, wn); break;
    case ATTR_PREFIX: ok = wn && vn >= wn && !cmp(v, want, wn); break;
    case ATTR_SUFFIX: ok = wn && vn >= wn && !cmp(v + vn - wn, want, wn); break;
    case ATTR_DASH: ok = (vn == wn || (vn > wn && v[wn] == '-')) && !cmp(v, want, wn); break;
    case ATTR_SUBSTRING:
        for (size_t i = 0; wn && i + wn <= vn && !ok; i++)
            ok = !cmp(v + i, want, wn);
        break;
    case ATTR_WORD:
        for (const char *p = v; *p && !ok;) {
            while (*p && isspace((unsigned char)*p))
                p++;
            const char *s = p;
            while (*p && !isspace((unsigned char)*p))
                p++;
            ok = wn && (size_t)(p - s) == wn && !cmp(s, want, wn);
        }
        break;
    }
    return ok;
}


static bool is_checked(xmlNodePtr el)
{
    if (!strcmp((const char *)el->name, "option"))
        return css_raw_attr(el, "selected") != NULL;
    const char *type = css_raw_attr(el, "type");
    return !strcmp((const char *)el->name, "input") && type &&
           (!strcasecmp(type, "checkbox") || !strcasecmp(type, "radio")) &&
           css_raw_attr(el, "checked") != NULL;
}

/* :has() is understood on the root element only, where a settings panel
 * that needs no script switches schemes (html:has(#dark:checked)): there
 * it costs one walk of the page per rule.  On other elements, where it
 * would cost a walk of the subtree per element, it never matches. */
static int compare_id_nodes(const void *a, const void *b)
{
    return strcmp(((const IdNode *)a)->id, ((const IdNode *)b)->id);
}

/* The descendants of root with an id, sorted by it, kept with the
 * document's memo; NULL without one. */
static const MatchMemo *ids_below(xmlNodePtr root)
{
    MatchMemo *m = css_match_memo;
    if (!m)
        return NULL;
    if (m->id_root == root)
        return m;
    free(m->ids);
    m->ids = NULL;
    m->id_count = 0;
    size_t cap = 0;
    for (xmlNodePtr n = root->children; n && n != root;) {
        if (n->type == XML_ELEMENT_NODE) {
            const char *id = css_raw_attr(n, "id");
            if (id) {
                GROW(m->ids, m->id_count, cap);
                m->ids[m->id_count++] = (IdNode){id, n};
            }
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n != root && !n->next)
            n = n->parent;
        if (n != root)
            n = n->next;
    }
    if (m->id_count > 1)
        qsort(m->ids, m->id_count, sizeof *m->ids, compare_id_nodes);
    m->id_root = root;
    return m;
}

/* :has() whose every argument's subject needs an id, as in
 * :has(#dark:checked): only the elements with those ids are tried,
 * found through the memo's id list instead of a walk of the page.
 * -1 when that does not apply. */
static int root_has_by_id(xmlNodePtr el, const Pseudo *p)
{
    for (int j = 0; j < p->arg_count; j++)
        if (!p->args[j]->parts[p->args[j]->count - 1].id)
            return -1;
    const MatchMemo *m = ids_below(el);
    if (!m)
        return -1;
    for (int j = 0; j < p->arg_count; j++) {
        const Complex *c = p->args[j];
        const char *id = c->parts[c->count - 1].id;
        size_t lo = 0, hi = m->id_count;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(m->ids[mid].id, id) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t i = lo; i < m->id_count && !strcmp(m->ids[i].id, id); i++)
            if (css_complex_matches(c, c->count - 1, m->ids[i].node))
                return 1;
    }
    return 0;
}

static bool root_has(xmlNodePtr el, const Pseudo *p)
{
    if (parent_element(el))
        return false;
    int by_id = root_has_by_id(el, p);
    if (by_id >= 0)
        return by_id;
    for (xmlNodePtr n = el->children; n && n != el;) {
        if (n->type == XML_ELEMENT_NODE) {
            for (int j = 0; j < p->arg_count; j++)
                if (css_complex_matches(p->args[j], p->args[j]->count - 1, n))
                    return true;
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n != el && !n->next)
            n = n->parent;
        if (n != el)
            n = n->next;
    }
    return false;
}

static bool compound_matches(const Compound *c, xmlNodePtr el)
{
    /* The first letter turns most tags away without a call. */
    if (c->tag && (el->name[0] != (xmlChar)c->tag[0] || strcmp((const char *)el->name, c->tag)))
        return false;
    if (c->id) {
        const char *id = css_raw_attr(el, "id");
        bool ok = id && !strcmp(id, c->id);
        if (!ok)
            return false;
    }
    for (int i = 0; i < c->class_count; i++)
        if (!has_class(el, c->classes[i]))
            return false;
    for (int i = 0; i < c->attr_count; i++)
        if (!attr_matches(el, &c->attrs[i]))
            return false;
    for (int i = 0; i < c->pseudo_count; i++) {
        const Pseudo *p = &c->pseudos[i];
        switch (p->kind) {
        case PSEUDO_ROOT:
            if (parent_element(el))
                return false;
            break;
        case PSEUDO_FIRST_CHILD:
            if (prev_element(el))
                return false;
            break;
        case PSEUDO_LAST_CHILD:
            if (next_element(el))
                return false;
            break;
        case PSEUDO_ONLY_CHILD:
            if (prev_element(el) || next_element(el))
                return false;
            break;
        case PSEUDO_LINK:
            if ((strcmp((const char *)el->name, "a") && strcmp((const char *)el->name, "area")) ||
                !xmlHasProp(el, (const xmlChar *)"href"))
                return false;
            break;
        case PSEUDO_EMPTY:
            for (xmlNodePtr k = el->children; k; k = k->next)
                if (k->type == XML_ELEMENT_NODE || (k->type == XML_TEXT_NODE && k->content &&
                                                    *k->content))
                    return false;
            break;
        case PSEUDO_NEVER:
            return false;
        case PSEUDO_CHECKED:
            if (!is_checked(el))
                return false;
            break;
        case PSEUDO_HAS:
            if (!root_has(el, p))
                return false;
            break;
        case PSEUDO_NOT:
            for (int j = 0; j < p->arg_count; j++)
                if (css_complex_matches(p->args[j], p->args[j]->count - 1, el))
                    return false;
            break;
        case PSEUDO_IS: {
            bool any = false;
            for (int j = 0; j < p->arg_count && !any; j++)
                any = css_complex_matches(p->args[j], p->args[j]->count - 1, el);
            if (!any)
                return false;
            break;
        }
        }
    }
    return true;
}

/* ---- Match memo ----
 *
 * "div p" tried on an element walks its ancestors until one is a div, and
 * "h2 ~ p" walks its earlier siblings.  On a page nested a hundred
 * thousand deep (or as wide) that is a walk per element, quadratic in
 * all.  Whether some node on such a chain matches the left part is the
 * same answer for every node the walk passes, so the answers are kept per
 * (node, selector, part) while one document is styled: each walk stops at
 * the first node whose answer is known. */


_Thread_local MatchMemo *css_match_memo;

static size_t memo_hash(const void *node, const Complex *c, int key)
{
    return hash_pointer(node) ^ (hash_pointer(c) * 31) ^ ((size_t)key * 0x9e3779b97f4a7c15ULL);
}

static int memo_get(const void *node, const Complex *c, int key)
{
    const MatchMemo *m = css_match_memo;
    if (!m || !m->size)
        return -1;
    size_t mask = m->size - 1;
    for (size_t i = memo_hash(node, c, key) & mask;; i = (i + 1) & mask) {
        const MemoSlot *s = &m->slots[i];
        if (!s->node)
            return -1;
        if (s->node == node && s->c == c && s->key == key)
            return s->result;
    }
}

static void memo_put(const void *node, const Complex *c, int key, bool result)
{
    MatchMemo *m = css_match_memo;
    if (!m || m->used >= MEMO_MAX_ENTRIES)
        return;
    if ((m->used + 1) * 2 > m->size) {
        MatchMemo grown = {.size = m->size ? m->size * 2 : 1024};
        grown.slots = xcalloc(grown.size, sizeof *grown.slots);
        for (size_t i = 0; i < m->size; i++) {
            const MemoSlot *s = &m->slots[i];
            if (!s->node)
                continue;
            size_t mask = grown.size - 1, j = memo_hash(s->node, s->c, s->key) & mask;
            while (grown.slots[j].node)
                j = (j + 1) & mask;
            grown.slots[j] = *s;
        }
        free(m->slots);
        m->slots = grown.slots;
        m->size = grown.size;
    }
    size_t mask = m->size - 1;
    for (size_t i = memo_hash(node, c, key) & mask;; i = (i + 1) & mask) {
        MemoSlot *s = &m->slots[i];
        if (!s->node) {
            *s = (MemoSlot){node, c, key, result};
            m->used++;
            return;
        }
        if (s->node == node && s->c == c && s->key == key)
            return;
    }
}

static xmlNodePtr chain_next(xmlNodePtr n, bool siblings)
{
    return siblings ? prev_element(n) : parent_element(n);
}

/* True when start, or a node after it on its chain (ancestors, or earlier
 * siblings), matches parts [0..last] of c. */
static bool chain_matches(const Complex *c, int last, xmlNodePtr start, bool siblings)
{
    int key = last * 2 + siblings;
    bool result = false;
    xmlNodePtr stop = NULL;   /* the first node whose answer was not learnt here */
    for (xmlNodePtr n = start; n; n = chain_next(n, siblings)) {
        int known = memo_get(n, c, key);
        if (known >= 0) {
            result = known;
            stop = n;
            break;
        }
        if (css_complex_matches(c, last, n)) {
            result = true;
            stop = chain_next(n, siblings);
            break;
        }
    }
    for (xmlNodePtr n = start; n && n != stop; n = chain_next(n, siblings))
        memo_put(n, c, key, result);
    return result;
}

/* Matches parts [0..last] of c with part `last` on el, right to left. */
bool css_complex_matches(const Complex *c, int last, xmlNodePtr el)
{
    if (!compound_matches(&c->parts[last], el))
        return false;
    if (last == 0)
        return true;
    switch (c->parts[last].combinator) {
    case '>': {
        xmlNodePtr parent = parent_element(el);
        return parent && css_complex_matches(c, last - 1, parent);
    }
    case '+': {
        xmlNodePtr prev = prev_element(el);
        return prev && css_complex_matches(c, last - 1, prev);
    }
    case '~': {
        xmlNodePtr prev = prev_element(el);
        return prev && chain_matches(c, last - 1, prev, true);
    }
    default: {
        xmlNodePtr parent = parent_element(el);
        return parent && chain_matches(c, last - 1, parent, false);
    }
    }
}


/* ---- Attributes a selector reads ---- */

static bool name_listed(const char *name, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (!strcasecmp(name, names[i]))
            return true;
    return false;
}

/* Every attribute compound_matches() may look at, for each part and
 * every selector argument, so that a rule reading none of names matches
 * the same elements whatever those attributes hold. */
bool css_complex_reads_attrs(const Complex *c, const char *const *names, size_t count)
{
    for (int i = 0; i < c->count; i++) {
        const Compound *part = &c->parts[i];
        if (part->id && name_listed("id", names, count))
            return true;
        if (part->class_count && name_listed("class", names, count))
            return true;
        for (int k = 0; k < part->attr_count; k++)
            if (name_listed(part->attrs[k].name, names, count))
                return true;
        for (int k = 0; k < part->pseudo_count; k++) {
            const Pseudo *p = &part->pseudos[k];
            if (p->kind == PSEUDO_CHECKED &&
                (name_listed("checked", names, count) || name_listed("selected", names, count) ||
                 name_listed("type", names, count)))
                return true;
            if (p->kind == PSEUDO_LINK && name_listed("href", names, count))
                return true;
            for (int j = 0; j < p->arg_count; j++)
                if (css_complex_reads_attrs(p->args[j], names, count))
                    return true;
        }
    }
    return false;
}
