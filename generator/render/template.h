/* template.h: filling the theme's HTML templates.
 *
 * Templates are ordinary HTML files that open in a browser as they are, so
 * a council's web person can edit them without learning a template
 * language.  Values go in through attributes:
 *
 *   <h1 data-text="title">Example title</h1>        text (always escaped)
 *   <div data-html="content"></div>                 nodes sayso made
 *   <a data-attr-href="url" data-text="name">..</a> any attribute: data-attr-NAME
 *   <p data-if="summary">..</p>                     kept only when the value is set
 *   <p data-unless="events">No events yet.</p>      kept only when it is not
 *   <li data-each="consultations">..</li>           repeated per list item
 *   <a data-s="skip_link">Skip to main content</a>  a theme word: the element's
 *       text in the page's language (words.h), or as written when there is none
 *   <nav data-s-attr-aria-label="nav_main">         a theme word in attribute NAME
 *   <p data-s="a" data-s-tail="b">You can <a>..</a> and write it.</p>   and its last words
 *
 * Keys inside a repeated element look in the item first, then outwards.
 * Because values are set as text nodes and attribute values through
 * libxml2, nothing a consultation says can become markup, and the output is
 * always well-formed.  Directive attributes are removed from the output.
 */
#ifndef SAYSO_TEMPLATE_H
#define SAYSO_TEMPLATE_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- values ---- */

typedef struct Scope Scope;

Scope *scope_new(void);
void scope_free(Scope *s);
void scope_text(Scope *s, const char *key, const char *text);     /* NULL or "" counts as unset */
void scope_textf(Scope *s, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void scope_flag(Scope *s, const char *key, bool on);
/* Nodes made in any document; the scope takes them (they are copied in). */
void scope_nodes(Scope *s, const char *key, xmlNodePtr nodes);
/* A list item: returns a new scope owned by s, appended to list `key`. */
Scope *scope_add_item(Scope *s, const char *key);
/* Names the file the text values set after this call come from (NULL:
 * none).  Elements filled with them are marked so a check that finds a
 * problem in the text names that file (a pack's index.md for its front
 * matter) rather than the template. */
void scope_origin(Scope *s, const char *file);
/* The same, for text from one known line of the file (a front matter
 * value, whose line libyaml's marks give): findings then name it. */
void scope_origin_at(Scope *s, const char *file, int line);

/* Where data-s words come from, for s and the scopes inside it: lookup
 * returns the word for a key, or NULL to keep the template's own text. */
typedef const char *(*WordLookup)(const void *data, const char *key);
/* When lookup has no word, the template's own text stays; fallback_lang
 * (or NULL when it is the page's language) then goes on the element as
 * its lang, so a Welsh page with an English word left in says so. */
void scope_words(Scope *s, WordLookup lookup, const void *data, const char *fallback_lang);

/* Declares an empty list, so data-unless sees it as set-but-empty. */
void scope_list(Scope *s, const char *key);

/* ---- templates ---- */

typedef struct Template Template;

/* Parses an HTML template file once.  display_name (e.g.
 * "themes/default/templates/page.html") is how messages name it. */
Template *template_load(const char *path, const char *display_name);
void template_free(Template *t);
const char *template_name(const Template *t);

/* A new document from the template, filled from scope. */
xmlDocPtr template_render_document(const Template *t, Scope *scope);

/* The template's <body> children (or, for a fragment template, all of it)
 * filled from scope, as nodes owned by doc, returned as a list (first
 * node; siblings follow). */
xmlNodePtr template_render_fragment(const Template *t, Scope *scope, xmlDocPtr doc);

#endif
