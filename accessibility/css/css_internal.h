/* css_internal.h: what the parts of the CSS engine share (css.h is the
 * interface).  css_values.c parses declarations and their values,
 * css_parse.c stylesheets, selectors and the shared cache, css_select.c
 * matches selectors against elements, css_vars.c computes custom
 * properties, and css.c runs the cascade. */
#ifndef SAYSO_CSS_INTERNAL_H
#define SAYSO_CSS_INTERNAL_H

#include "css.h"
#include "util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <libxml/tree.h>

/* ---- Arena: a stylesheet's parts all live and die together. ---- */

typedef struct ArenaBlock {
    struct ArenaBlock *next;
    size_t used, size;
    max_align_t data[];
} ArenaBlock;

typedef struct Arena {
    ArenaBlock *head;
} Arena;


/* ---- Values ---- */

typedef enum {
    PROP_COLOR, PROP_BACKGROUND_COLOR, PROP_BACKGROUND_IMAGE, PROP_DISPLAY,
    PROP_VISIBILITY, PROP_OPACITY, PROP_FONT_SIZE, PROP_FONT_WEIGHT, PROP_FONT_STYLE,
    PROP_TEXT_DECORATION, PROP_TEXT_ALIGN, PROP_TEXT_SHADOW, PROP_POSITION, PROP_CLIP,
    PROP_WIDTH, PROP_HEIGHT, PROP_COUNT,
    /* Not properties of CssStyle: a custom property ("--x"), and a known
     * property whose value uses var(), parsed once var() is substituted. */
    PROP_CUSTOM, PROP_PENDING
} Prop;

typedef enum {
    V_INHERIT, V_INITIAL, V_KEYWORD, V_COLOR, V_CURRENT_COLOR, V_LENGTH, V_NUMBER,
    V_BACKGROUND, V_SHADOW
} ValueKind;

typedef enum {
    U_PX, U_EM, U_REM, U_PERCENT, U_EX, U_CH
} Unit;

/* Keywords that mean something to the properties kept here. */
enum {
    K_NONE = 1, K_CONTENTS, K_BLOCK, K_HIDDEN, K_COLLAPSE, K_VISIBLE, K_NORMAL, K_BOLD,
    K_BOLDER, K_LIGHTER, K_ITALIC, K_OBLIQUE, K_LEFT, K_RIGHT, K_CENTER, K_JUSTIFY,
    K_START, K_END, K_ABSOLUTE, K_FIXED, K_STATIC, K_RELATIVE, K_STICKY, K_SMALLER,
    K_LARGER, K_RECT_SMALL, K_OTHER
};

typedef struct Value {
    ValueKind kind;
    int keyword;
    Unit unit;
    double number;
    CssColor color;
    CssBackgroundKind bg_kind;
    int stop_count;
    CssColor *stops;
} Value;

typedef struct Declaration {
    Prop prop;
    bool important;
    Value value;
    const char *name;    /* PROP_CUSTOM and PROP_PENDING: the property's name */
    const char *text;    /* ... and its value as written (NULL: initial) */
} Declaration;

typedef struct DeclBlock {
    Declaration *items;
    int count;
} DeclBlock;

/* ---- Selectors ---- */

typedef enum { ATTR_EXISTS, ATTR_EQUALS, ATTR_WORD, ATTR_DASH, ATTR_PREFIX, ATTR_SUFFIX,
               ATTR_SUBSTRING } AttrOp;

typedef struct AttrSelector {
    const char *name;
    const char *value;
    AttrOp op;
    bool icase;
} AttrSelector;

typedef struct Complex Complex;

typedef enum { PSEUDO_ROOT, PSEUDO_NOT, PSEUDO_FIRST_CHILD, PSEUDO_LAST_CHILD,
               PSEUDO_ONLY_CHILD, PSEUDO_LINK, PSEUDO_EMPTY, PSEUDO_NEVER,
               PSEUDO_IS, PSEUDO_CHECKED, PSEUDO_HAS } PseudoKind;

typedef struct Pseudo {
    PseudoKind kind;
    Complex **args;      /* :not() arguments */
    int arg_count;
} Pseudo;

typedef struct Compound {
    const char *tag;     /* lower case; NULL for any */
    const char *id;
    const char **classes;
    int class_count;
    AttrSelector *attrs;
    int attr_count;
    Pseudo *pseudos;
    int pseudo_count;
    char combinator;     /* how this compound relates to the one on its left:
                            ' ', '>', '+', '~'; 0 for the leftmost */
} Compound;

/* At most this many names a rule's ancestors must have are kept to
 * reject it early (see AncestorFilter). */
#define ANCESTOR_KEYS 4

struct Complex {
    Compound *parts;     /* left to right */
    int count;
    unsigned specificity;
    uint32_t ancestor_keys[ANCESTOR_KEYS];   /* key_hash of ids, classes, tags */
    int ancestor_key_count;
};

/* ---- Ancestor filter ----
 *
 * A rule such as ".site-nav a" is tried on every <a>, and failing means
 * walking all the element's ancestors.  As browsers do, the cascade keeps
 * a counting Bloom filter of the tags, ids and classes of the ancestors
 * of the element being styled; a rule needing an ancestor name the filter
 * has never seen cannot match and is skipped without walking anything.
 * The filter can only say "maybe", never a wrong "no", so results are
 * those of full matching. */

#define FILTER_BITS 12
#define FILTER_SIZE (1u << FILTER_BITS)

typedef struct AncestorFilter {
    uint32_t counts[FILTER_SIZE];
} AncestorFilter;

enum { KEY_TAG = 't', KEY_ID = 'i', KEY_CLASS = 'c' };

typedef struct CssRuleEntry {
    Complex *selector;
    const DeclBlock *block;
    unsigned order;
    struct CssRuleEntry *next_in_bucket;
} CssRuleEntry;

/* ---- Rule index: string key -> list of rules ---- */

typedef struct Bucket {
    const char *key;
    CssRuleEntry *rules;
    CssRuleEntry *last;
    struct Bucket *next;
} Bucket;

typedef struct Index {
    Bucket **slots;
    size_t slot_count;
} Index;

/* An id a rule reads through :checked ("#colours-dark:checked"). */
typedef struct CheckedId {
    const char *id;
    struct CheckedId *next;
} CheckedId;

struct CssStylesheet {
    Arena arena;
    CheckedId *checked_ids;
    CssSourceRule *source;    /* css_stylesheet_parse_source() only */
    size_t source_count, source_cap;
    CssRuleEntry *all;        /* arena array is grown by relinking: see add_rule */
    size_t rule_count;
    Index by_id, by_class, by_tag;
    CssRuleEntry *universal, *universal_last;
};

typedef struct Parser {
    const char *p, *end;
    CssStylesheet *sheet;
    unsigned order;
    int depth;           /* of nested at-rules and selector arguments */
    bool record;         /* keep the source view (css_stylesheet_parse_source) */
    unsigned media;      /* CSS_MEDIA_* of the @media blocks around p */
    const char *text;    /* the whole sheet, for line numbers */
    const char *line_pos;
    int line;
} Parser;

/* Deeper nesting of @media blocks or of :not()/:is() arguments than any
 * stylesheet needs is dropped, as unknown syntax is, so the parser's
 * recursion stays far from the end of a thread's stack. */
#define PARSE_MAX_DEPTH 32

typedef struct DeclSink {
    Arena *arena;
    Declaration *items;
    int count, cap;
} DeclSink;

typedef struct MemoSlot {
    const void *node;      /* NULL: empty */
    const Complex *c;
    int key;               /* part index * 2 + (1 for sibling chains) */
    bool result;
} MemoSlot;

/* An element with an id, for :has(#id...) (css_select.c). */
typedef struct IdNode {
    const char *id;
    xmlNodePtr node;
} IdNode;

typedef struct MatchMemo {
    MemoSlot *slots;
    size_t size, used;
    xmlNodePtr id_root;    /* the root whose descendants ids holds; NULL: not built */
    IdNode *ids;           /* sorted by id */
    size_t id_count;
} MatchMemo;

/* A page with pathological selectors stops being remembered past this,
 * and is matched the slow way: the answers stay right. */
#define MEMO_MAX_ENTRIES (1u << 20)

/* Limits that keep hostile stylesheets from costing more than a page's
 * worth of work: a value that grows past VAR_MAX_LEN by substitution (each
 * var() doubling it, say) or whose fallbacks nest deeper than
 * VAR_MAX_DEPTH is invalid at computed-value time, as browsers also cap
 * them; names past VAR_MAX_NAMES on one element are ignored. */
#define VAR_MAX_LEN 65536
#define VAR_MAX_DEPTH 32
#define VAR_MAX_NAMES 1024

typedef struct VarEntry {
    const char *name;
    const char *value;   /* var()-free; never the guaranteed-invalid value */
} VarEntry;

typedef struct VarMap {
    int count;
    VarEntry items[];
} VarMap;

/* One custom property declared on the element being computed. */
typedef struct OwnVar {
    const char *name;
    const char *text;     /* as declared; NULL: the guaranteed-invalid value */
    bool inherit;         /* inherit/unset: the parent's value */
    int state;            /* 0 unresolved, 1 being resolved, 2 done */
    bool in_cycle;
    const char *result;   /* computed; NULL: guaranteed-invalid */
} OwnVar;

/* css_values.c */
void *css_arena_alloc(Arena *arena, size_t n);
char *css_arena_strndup(Arena *arena, const char *s, size_t n);
void css_arena_free(Arena *arena);
void css_parse_declarations(DeclSink *sink, const char *s, const char *e);
void css_parse_declaration(DeclSink *sink, const char *prop, char *value);
bool css_is_ident_char(int c);
void css_skip_ws(const char **pp, const char *end);
bool css_has_var(const char *value);
char *css_clean_text(Arena *arena, const char *s, const char *e);
const char *css_block_end(const char *p, const char *end);

/* css_parse.c */
Bucket *css_index_find(const Index *index, const char *key, size_t keylen);

/* css_select.c */
void css_set_ancestor_keys(Complex *c);
const char *css_raw_attr(xmlNodePtr el, const char *name);
bool css_filter_may_match(const AncestorFilter *f, const Complex *c);
void css_filter_element(AncestorFilter *f, xmlNodePtr el, int delta);
bool css_complex_matches(const Complex *c, int last, xmlNodePtr el);
/* True when matching c may read an attribute named one of names
 * (compared without case). */
bool css_complex_reads_attrs(const Complex *c, const char *const *names, size_t count);

/* css_vars.c */
const char *css_varmap_get(const VarMap *m, const char *name, size_t len);
char *css_substitute_value(const VarMap *m, const char *value);
OwnVar css_own_var(const Declaration *d);
const VarMap *css_compute_vars(Arena *arena, const VarMap *parent, OwnVar *own, int n);
/* The memo of the document being styled on this thread (css.c sets it). */
extern _Thread_local MatchMemo *css_match_memo;

#endif
