/* attachment.h: whether a file in a pack may be published beside its pages.
 *
 * A pack's other files (PDFs, pictures) are copied into the site as they
 * are, unchecked.  That is safe for data a browser shows but does not run;
 * it is not for a web page or an SVG, which a browser runs as part of the
 * site (scripts, links, styles) when someone opens it.  So HTML is
 * refused (sayso makes the pages, and checks them), and an SVG is
 * published only when it is a plain picture: no scripts, event handlers,
 * embedded documents, entity declarations or links out of the file.
 */
#ifndef SAYSO_ATTACHMENT_H
#define SAYSO_ATTACHMENT_H

#include <stdbool.h>

/* Reports an error against display and returns false when the file at
 * path must not be published. */
bool attachment_publishable(const char *path, const char *display);

#endif
