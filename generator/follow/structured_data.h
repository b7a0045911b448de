/* structured_data.h: schema.org markup (JSON-LD) for a consultation page,
 * so search engines and other services can show a consultation, its
 * closing date and its events as what they are.
 *
 * The consultation is a GovernmentService (a way to have a say, provided
 * by the organisation, for the areas it names) and each event an Event
 * with a place, offline attendance and its access notes.  The JSON has
 * < > & escaped, so it is inert inside the page's <script> element. */
#ifndef SAYSO_STRUCTURED_DATA_H
#define SAYSO_STRUCTURED_DATA_H

#include "site.h"

/* Caller frees. */
char *structured_data_pack(const Site *site, const PackMeta *p);

#endif
