/* yamldoc.h: reading YAML (site.yml, front matter) with line numbers.
 *
 * A thin layer over libyaml's document API.  It exists so that every
 * "title must be text" or "closes is not a date" message can name the line
 * the value is on, and so that loaders read like a list of keys rather than
 * a walk over parser events.
 */
#ifndef SAYSO_YAMLDOC_H
#define SAYSO_YAMLDOC_H

#include "util.h"
#include <stdbool.h>
#include <yaml.h>

typedef struct YamlDoc {
    yaml_document_t doc;
    const char *path;        /* for messages */
    int line_offset;         /* added to libyaml's 0-based lines: where the YAML starts in the file, minus one */
    bool loaded;
    bool failed;             /* a value was the wrong type: an error was reported */
} YamlDoc;

/* Parses text as one YAML document.  first_line is the file line the text
 * starts on.  On a syntax error reports path:line and returns false. */
bool yamldoc_parse(YamlDoc *y, const char *text, size_t len, const char *path, int first_line);
void yamldoc_free(YamlDoc *y);

yaml_node_t *yamldoc_root(YamlDoc *y);          /* NULL for an empty document */
int yamldoc_line(const YamlDoc *y, const yaml_node_t *node);
yaml_node_t *yamldoc_get(YamlDoc *y, yaml_node_t *map, const char *key);

/* Typed getters: each reports "path:line: KEY must be ..." and sets
 * y->failed when the value is there but of the wrong type. */
char *yamldoc_string(YamlDoc *y, yaml_node_t *map, const char *key);          /* NULL if absent */
bool yamldoc_bool(YamlDoc *y, yaml_node_t *map, const char *key, bool fallback);
int yamldoc_int(YamlDoc *y, yaml_node_t *map, const char *key, int fallback, int min, int max);
/* A list of scalars; a single scalar counts as a list of one. */
void yamldoc_string_list(YamlDoc *y, yaml_node_t *map, const char *key, StrList *out);
yaml_node_t *yamldoc_mapping(YamlDoc *y, yaml_node_t *map, const char *key);  /* NULL if absent */
yaml_node_t *yamldoc_sequence(YamlDoc *y, yaml_node_t *map, const char *key);

/* Warns about keys of map that are not in allowed (NULL-terminated),
 * suggesting the nearest allowed key for a likely typo. */
void yamldoc_warn_unknown_keys(YamlDoc *y, yaml_node_t *map, const char *const *allowed);

/* Levenshtein distance, for "did you mean" suggestions. */
size_t edit_distance(const char *a, const char *b);

#endif
