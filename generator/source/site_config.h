/* site_config.h: reading site.yml (the site's title, contact, rules,
 * audio, languages and review settings) into the site model (site.h). */
#ifndef SAYSO_SITE_CONFIG_H
#define SAYSO_SITE_CONFIG_H

#include "site.h"
#include "yamldoc.h"

/* Reads source_dir/site.yml into site.  Returns false after reporting
 * every problem as file:line through diag.h. */
bool load_site_config(const char *source_dir, Site *site);

/* Only site.yml, for the build's up-to-date check (stamp.h): no packs or
 * pages, and none of load_site()'s checks of the source. */
bool load_site_settings(const char *source_dir, Day today, Site *site);

/* The contact: mapping (name, email, phone, address) at map, of site.yml
 * or of a pack's front matter; nothing when map is NULL. */
void read_contact(YamlDoc *y, yaml_node_t *map, Contact *c);

#endif
