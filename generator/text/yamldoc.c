/* yamldoc.c: reading YAML with line numbers, through libyaml. */
#include "yamldoc.h"
#include "diag.h"

#include <stdlib.h>
#include <string.h>

/* libyaml's messages use the words of the YAML specification ("scalar",
 * "block mapping").  The people who write front matter have never read it,
 * so the common mistakes are told in their terms, at the line where the
 * thing they need to fix starts. */
static const struct {
    const char *problem, *context;    /* substrings of libyaml's; context NULL: any */
    bool at_context;                  /* the mistake is where the context began */
    const char *plain;
} yaml_mistakes[] = {
    {"end of stream", "quoted scalar", true,
     "this quoted text has no closing quote mark: end it with the same mark it starts with"},
    {"unknown escape character", NULL, false,
     "a backslash inside \"double quotes\" must be written twice (\\\\), or use 'single quotes'"},
    {"expected ',' or ']'", NULL, true,
     "this list in [square brackets] is not closed: end it with ]"},
    {"expected ',' or '}'", NULL, true,
     "this group in {curly brackets} is not closed: end it with }"},
    {"mapping values are not allowed", NULL, false,
     "there is a second ': ' here: if the value contains ': ', put it in quotes; if this is a new "
     "key, start it at the same indent as the keys above"},
    {"did not find expected key", NULL, false,
     "this line does not fit the lines above: check it is `key: value` at the same indent as the "
     "others, and that a quote mark inside a quoted value is doubled ('it''s')"},
    {"cannot start any token", NULL, false,
     "a value cannot start with @, ` or %: put the value in quotes"},
    {"undefined alias", NULL, false,
     "a value cannot start with * or &: put the value in quotes"},
    {"tab character", NULL, false,
     "a tab is used to indent this line: use spaces"},
    {"block sequence entries are not allowed", NULL, false,
     "a list item (- ...) cannot go here: put the list on the lines after its key, indented"},
};

static void report_syntax_error(const yaml_parser_t *parser, const char *path, int first_line)
{
    const char *problem = parser->problem ? parser->problem : "syntax error";
    const char *context = parser->context ? parser->context : "";
    const yaml_mark_t *m = parser->problem_mark.line || parser->problem_mark.column
                               ? &parser->problem_mark : &parser->context_mark;
    for (size_t i = 0; i < sizeof yaml_mistakes / sizeof yaml_mistakes[0]; i++) {
        if (!strstr(problem, yaml_mistakes[i].problem) ||
            (yaml_mistakes[i].context && !strstr(context, yaml_mistakes[i].context)))
            continue;
        if (yaml_mistakes[i].at_context && parser->context)
            m = &parser->context_mark;
        diag_error(path, (int)m->line + first_line, "this is not valid YAML: %s", yaml_mistakes[i].plain);
        return;
    }
    diag_error(path, (int)m->line + first_line, "this is not valid YAML (%s%s%s): check the quotes, "
               "brackets and indentation on this line and the one before", problem, *context ? " " : "", context);
}

typedef struct KeyAt {
    const char *text;
    int line;
} KeyAt;

static int compare_keys(const void *a, const void *b)
{
    const KeyAt *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* libyaml keeps both of a key given twice, and a lookup finds one of them:
 * whichever it is, the other was written for nothing.  So a key given
 * twice in any mapping is an error at its second line. */
static bool keys_unique(const YamlDoc *y)
{
    bool ok = true;
    KeyAt *keys = NULL;
    size_t cap = 0;
    for (yaml_node_t *m = y->doc.nodes.start; m < y->doc.nodes.top; m++) {
        if (m->type != YAML_MAPPING_NODE)
            continue;
        size_t n = 0;
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node((yaml_document_t *)&y->doc, p->key);
            if (!k || k->type != YAML_SCALAR_NODE)
                continue;
            GROW(keys, n, cap);
            keys[n++] = (KeyAt){(const char *)k->data.scalar.value, yamldoc_line(y, k)};
        }
        if (n > 1)
            qsort(keys, n, sizeof *keys, compare_keys);
        for (size_t i = 1; i < n; i++)
            if (!strcmp(keys[i].text, keys[i - 1].text)) {
                diag_error(y->path, keys[i].line, "'%s' is given twice (first on line %d): keep one",
                           keys[i].text, keys[i - 1].line);
                ok = false;
            }
    }
    free(keys);
    return ok;
}

bool yamldoc_parse(YamlDoc *y, const char *text, size_t len, const char *path, int first_line)
{
    memset(y, 0, sizeof *y);
    y->path = path;
    y->line_offset = first_line;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag_error(path, first_line, "could not start the YAML reader");
        return false;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    if (!yaml_parser_load(&parser, &y->doc)) {
        report_syntax_error(&parser, path, first_line);
        yaml_parser_delete(&parser);
        return false;
    }
    yaml_parser_delete(&parser);
    y->loaded = true;
    if (!keys_unique(y)) {
        yamldoc_free(y);
        return false;
    }
    return true;
}

void yamldoc_free(YamlDoc *y)
{
    if (y->loaded)
        yaml_document_delete(&y->doc);
    y->loaded = false;
}

yaml_node_t *yamldoc_root(YamlDoc *y)
{
    return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL;
}

int yamldoc_line(const YamlDoc *y, const yaml_node_t *node)
{
    return node ? (int)node->start_mark.line + y->line_offset : y->line_offset;
}

static const char *scalar_text(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *yamldoc_get(YamlDoc *y, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = scalar_text(yaml_document_get_node(&y->doc, p->key));
        if (k && !strcmp(k, key))
            return yaml_document_get_node(&y->doc, p->value);
    }
    return NULL;
}

/* An empty value ("key:" with nothing after it) is a null scalar: treat as absent. */
static bool is_null(const yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE)
        return false;
    const char *v = (const char *)n->data.scalar.value;
    return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           (!*v || !strcmp(v, "~") || !strcmp(v, "null"));
}

static const char *type_words(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_MAPPING_NODE:  return "a group of keys";
    case YAML_SEQUENCE_NODE: return "a list";
    default:                 return "text";
    }
}

char *yamldoc_string(YamlDoc *y, yaml_node_t *map, const char *key)
{
    yaml_node_t *n = yamldoc_get(y, map, key);
    if (!n || is_null(n))
        return NULL;
    if (n->type != YAML_SCALAR_NODE) {
        diag_error(y->path, yamldoc_line(y, n), "%s must be text, not %s", key, type_words(n));
        y->failed = true;
        return NULL;
    }
    return xstrdup(scalar_text(n));
}

bool yamldoc_bool(YamlDoc *y, yaml_node_t *map, const char *key, bool fallback)
{
    yaml_node_t *n = yamldoc_get(y, map, key);
    if (!n || is_null(n))
        return fallback;
    const char *v = scalar_text(n);
    if (v && (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on")))
        return true;
    if (v && (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off")))
        return false;
    diag_error(y->path, yamldoc_line(y, n), "%s must be true or false", key);
    y->failed = true;
    return fallback;
}

int yamldoc_int(YamlDoc *y, yaml_node_t *map, const char *key, int fallback, int min, int max)
{
    yaml_node_t *n = yamldoc_get(y, map, key);
    if (!n || is_null(n))
        return fallback;
    const char *v = scalar_text(n);
    char *end = NULL;
    long value = v ? strtol(v, &end, 10) : 0;
    if (!v || !*v || *end || value < min || value > max) {
        diag_error(y->path, yamldoc_line(y, n), "%s must be a whole number from %d to %d", key, min, max);
        y->failed = true;
        return fallback;
    }
    return (int)value;
}

void yamldoc_string_list(YamlDoc *y, yaml_node_t *map, const char *key, StrList *out)
{
    yaml_node_t *n = yamldoc_get(y, map, key);
    if (!n || is_null(n))
        return;
    if (n->type == YAML_SCALAR_NODE) {
        sl_push(out, scalar_text(n));
        return;
    }
    if (n->type != YAML_SEQUENCE_NODE) {
        diag_error(y->path, yamldoc_line(y, n), "%s must be a list, like [parking, buses]", key);
        y->failed = true;
        return;
    }
    for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
        yaml_node_t *item = yaml_document_get_node(&y->doc, *i);
        if (!item || item->type != YAML_SCALAR_NODE) {
            diag_error(y->path, yamldoc_line(y, item ? item : n), "each item of %s must be text", key);
            y->failed = true;
            continue;
        }
        if (*scalar_text(item))
            sl_push(out, scalar_text(item));
    }
}

static yaml_node_t *typed(YamlDoc *y, yaml_node_t *map, const char *key, yaml_node_type_t type,
                          const char *words)
{
    yaml_node_t *n = yamldoc_get(y, map, key);
    if (!n || is_null(n))
        return NULL;
    if (n->type != type) {
        diag_error(y->path, yamldoc_line(y, n), "%s must be %s, not %s", key, words, type_words(n));
        y->failed = true;
        return NULL;
    }
    return n;
}

yaml_node_t *yamldoc_mapping(YamlDoc *y, yaml_node_t *map, const char *key)
{
    return typed(y, map, key, YAML_MAPPING_NODE, "a group of keys (each on its own indented line)");
}

yaml_node_t *yamldoc_sequence(YamlDoc *y, yaml_node_t *map, const char *key)
{
    return typed(y, map, key, YAML_SEQUENCE_NODE, "a list");
}

size_t edit_distance(const char *a, const char *b)
{
    /* Optimal string alignment: insertions, deletions, substitutions and
     * swaps of two neighbours each cost one, since "bsu" for "bus" and
     * "cloess" for "closes" are what fingers do. */
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return la > lb ? la : lb;
    size_t rows[3][65];
    size_t *before = rows[0], *prev = rows[1], *row = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            row[j] = best;
        }
        size_t *t = before;
        before = prev;
        prev = row;
        row = t;
    }
    return prev[lb];
}

void yamldoc_warn_unknown_keys(YamlDoc *y, yaml_node_t *map, const char *const *allowed)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_document_get_node(&y->doc, p->key);
        const char *k = scalar_text(kn);
        if (!k)
            continue;
        const char *best = NULL;
        size_t best_d = (size_t)-1;
        bool known = false;
        for (const char *const *a = allowed; *a; a++) {
            if (!strcmp(*a, k)) {
                known = true;
                break;
            }
            size_t d = edit_distance(*a, k);
            if (d < best_d) {
                best_d = d;
                best = *a;
            }
        }
        if (known)
            continue;
        if (best && best_d <= 2)
            diag_warning(y->path, yamldoc_line(y, kn), "unknown key '%s' (did you mean '%s'?)", k, best);
        else
            diag_warning(y->path, yamldoc_line(y, kn), "unknown key '%s' is ignored", k);
    }
}
