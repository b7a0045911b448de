/* open_data.h: the list of consultations as open data.
 *
 *   consultations.json        every pack, one object each
 *   consultations.csv         the same, one row each (RFC 4180)
 *   consultations-data.txt    what every column means
 *
 * Councils publish what they consult on; a journalist, a councillor's
 * researcher or a national hub should not have to scrape pages to get it.
 * Column names are the front matter's keys where there is one (`title`,
 * `opens`, `topics`), so someone who knows a pack knows the data. */
#ifndef SAYSO_OPEN_DATA_H
#define SAYSO_OPEN_DATA_H

#include "site.h"

/* Each returns a new buffer the caller frees. */
char *open_data_json(const Site *site, size_t *len);
char *open_data_csv(const Site *site, size_t *len);
char *open_data_readme(const Site *site, size_t *len);

/* The columns, in order, with what each means: the one source for the
 * CSV header, the JSON keys and the readme. */
typedef struct OpenDataColumn {
    const char *name;
    const char *meaning;
} OpenDataColumn;
extern const OpenDataColumn open_data_columns[];
extern const size_t open_data_column_count;

#endif
