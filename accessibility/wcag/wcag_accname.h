/* wcag_accname.h: what an element is called, as assistive technology
 * announces it (W3C accname 1.2), and the text it reads out.  Internal to
 * the checker; worked out from a WcagPage (wcag_page.h). */
#ifndef SAYSO_WCAG_ACCNAME_H
#define SAYSO_WCAG_ACCNAME_H

#include <libxml/tree.h>

struct WcagPage;

/* The accessible name (W3C accname 1.2), white space collapsed and trimmed;
 * the caller frees it.  Never NULL. */
char *page_accessible_name(const struct WcagPage *page, xmlNodePtr el);
/* Text content as it would be read, hidden parts left out. */
char *page_visible_text(const struct WcagPage *page, xmlNodePtr el);

#endif
