/* wcag_aria.h: what WAI-ARIA 1.2 (with Graphics and DPUB roles, and the
 * ARIA 1.3 additions browsers already support) says about roles and
 * attributes, as data the checks look up. */
#ifndef SAYSO_WCAG_ARIA_H
#define SAYSO_WCAG_ARIA_H

#include <stdbool.h>

typedef enum {
    ARIA_TRUE_FALSE,            /* true | false */
    ARIA_TRUE_FALSE_UNDEFINED,  /* true | false | undefined */
    ARIA_TRISTATE,              /* true | false | mixed | undefined */
    ARIA_IDREF,
    ARIA_IDREFS,
    ARIA_INTEGER,
    ARIA_NUMBER,
    ARIA_STRING,
    ARIA_TOKEN,                 /* one of tokens */
    ARIA_TOKENS                 /* a space-separated list of tokens */
} AriaValueType;

typedef struct AriaAttribute {
    const char *name;
    AriaValueType type;
    const char *tokens;         /* space-separated allowed values, for tokens */
    bool global;                /* allowed on every role */
} AriaAttribute;

typedef struct AriaRole {
    const char *name;
    bool abstract;              /* never valid in a role attribute */
    const char *supported;      /* non-global attributes allowed, space-separated */
    const char *required;       /* attributes the role must have */
    const char *context;        /* roles one of which must be the parent */
    const char *owned;          /* roles its owned elements must have */
    bool name_from_content;     /* accessible name may come from descendants */
    bool name_prohibited;       /* aria-label / aria-labelledby not allowed */
    bool presentational_children;
    bool landmark;
} AriaRole;

const AriaAttribute *aria_attribute(const char *name);   /* NULL if not ARIA */
const AriaRole *aria_role(const char *name);             /* NULL if unknown */

/* True when value is valid for the attribute's type. */
bool aria_value_valid(const AriaAttribute *attr, const char *value);

/* True when attr may be used on role (global, or supported by the role). */
bool aria_attribute_allowed(const AriaRole *role, const AriaAttribute *attr);

/* True when word occurs in the space-separated list. */
bool aria_list_has(const char *list, const char *word);

#endif
