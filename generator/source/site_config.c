/* site_config.c: reading site.yml into the site model. */
#include "site_config.h"
#include "diag.h"
#include "encoding.h"
#include "language.h"
#include "review.h"
#include "yamldoc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* http(s)://HOST[:PORT][/PATH]: a host of letters, digits, dots and
 * hyphens (or [IPv6]), and nothing in the path a link could break on. */
static bool web_address(const char *url)
{
    const char *p = url;
    if (!strncasecmp(p, "https://", 8))
        p += 8;
    else if (!strncasecmp(p, "http://", 7))
        p += 7;
    else
        return false;
    const char *host = p;
    if (*p == '[') {
        while (*p && *p != ']')
            p++;
        if (*p++ != ']')
            return false;
    } else {
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
               *p == '.' || *p == '-')
            p++;
    }
    if (p == host)
        return false;
    if (*p == ':')
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    if (*p && *p != '/')
        return false;
    for (; *p; p++)
        if ((unsigned char)*p <= ' ' || strchr("\"'<>\\`^{}|", *p))
            return false;
    return true;
}

void read_contact(YamlDoc *y, yaml_node_t *map, Contact *c)
{
    static const char *const keys[] = {"name", "email", "phone", "address", NULL};
    if (!map)
        return;
    yamldoc_warn_unknown_keys(y, map, keys);
    c->name = yamldoc_string(y, map, "name");
    c->email = yamldoc_string(y, map, "email");
    c->phone = yamldoc_string(y, map, "phone");
    c->address = yamldoc_string(y, map, "address");
}

static void read_rules(YamlDoc *y, yaml_node_t *root, Site *site)
{
    static const char *const keys[] = {"rule", "level", "page", "reason", NULL};
    static const char *const levels[] = {"error", "warning", "notice", "off", NULL};
    yaml_node_t *seq = yamldoc_sequence(y, root, "rules");
    if (!seq)
        return;
    for (yaml_node_item_t *i = seq->data.sequence.items.start; i < seq->data.sequence.items.top; i++) {
        yaml_node_t *item = yaml_document_get_node(&y->doc, *i);
        int line = yamldoc_line(y, item);
        if (!item || item->type != YAML_MAPPING_NODE) {
            diag_error(y->path, line, "each item of rules needs rule, level and reason keys");
            y->failed = true;
            continue;
        }
        yamldoc_warn_unknown_keys(y, item, keys);
        RuleSetting s = {
            .rule = yamldoc_string(y, item, "rule"),
            .level = yamldoc_string(y, item, "level"),
            .page = yamldoc_string(y, item, "page"),
            .reason = yamldoc_string(y, item, "reason"),
        };
        bool level_ok = false;
        for (const char *const *l = levels; s.level && *l; l++)
            level_ok |= !strcmp(*l, s.level);
        if (!s.rule || !level_ok) {
            diag_error(y->path, line, "a rule setting needs `rule:` (a rule id) and `level:` (error, warning, notice or off)");
            y->failed = true;
        } else if (!s.reason || !*s.reason) {
            /* The report shows why a rule was changed, so a reason is required. */
            diag_error(y->path, line, "say why rule '%s' is changed: add `reason:`; the review report shows it", s.rule);
            y->failed = true;
        }
        site->rules = xrealloc(site->rules, (site->rule_count + 1) * sizeof *site->rules);
        site->rules[site->rule_count++] = s;
    }
}

static void read_audio_setting(YamlDoc *y, yaml_node_t *root, Site *site)
{
    char *audio = yamldoc_string(y, root, "audio");
    if (!audio || !strcmp(audio, "off") || !strcmp(audio, "false"))
        site->audio = AUDIO_OFF;
    else if (!strcmp(audio, "generate") || !strcmp(audio, "true"))
        site->audio = AUDIO_GENERATE;
    else if (!strcmp(audio, "optional"))
        site->audio = AUDIO_OPTIONAL;
    else {
        diag_error(y->path, yamldoc_line(y, yamldoc_get(y, root, "audio")),
                   "audio must be `generate`, `optional` (carry on without a voice that is not installed) "
                   "or `off`, not '%s'", audio);
        y->failed = true;
    }
    free(audio);
}

/* `languages: [en-GB, cy, ur]`: the source language first, as the
 * language switcher lists them.  The source language is added at the
 * front when the list leaves it out. */
static void read_languages(YamlDoc *y, yaml_node_t *root, Site *site)
{
    StrList listed = {0};
    yamldoc_string_list(y, root, "languages", &listed);
    const char *source = site->language ? site->language : "en-GB";
    int line = yamldoc_line(y, yamldoc_get(y, root, "languages"));
    if (listed.count)
        sl_push(&site->languages, source);
    for (size_t i = 0; i < listed.count; i++) {
        const char *tag = listed.items[i];
        if (!language_tag_usable(tag)) {
            diag_error(y->path, line, "languages: '%s' is not a language tag: use a BCP 47 tag such as "
                       "cy, ur or pl", tag);
            y->failed = true;
        } else if (!language_same(tag, source) && !sl_contains(&site->languages, tag)) {
            sl_push(&site->languages, tag);
        }
    }
    sl_free(&listed);
}

bool load_site_config(const char *source_dir, Site *site)
{
    static const char *const keys[] = {"title", "organisation", "base_url", "language", "theme",
        "contact", "encoding", "feedback_due_weeks", "markdown", "rules", "require_review", "reviewers",
        "alerts", "report_in_footer", "audio", "languages", "privacy", NULL};
    char *path = path_join(source_dir, "site.yml");
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(path, 0, "cannot read the site settings: %s (is %s a sayso site?)", strerror(errno), source_dir);
        free(path);
        return false;
    }
    /* site.yml names the encoding of the other sources; it is itself UTF-8 (or ASCII). */
    char *utf8 = encoding_to_utf8(text, len, "utf-8", "site.yml", &len);
    free(text);
    free(path);
    if (!utf8)
        return false;
    YamlDoc y;
    bool ok = yamldoc_parse(&y, utf8, len, "site.yml", 1);
    free(utf8);
    if (!ok)
        return false;
    yaml_node_t *root = yamldoc_root(&y);
    if (root && root->type != YAML_MAPPING_NODE) {
        diag_error("site.yml", yamldoc_line(&y, root), "site.yml must be a set of `key: value` lines");
        yamldoc_free(&y);
        return false;
    }
    yamldoc_warn_unknown_keys(&y, root, keys);
    site->title = yamldoc_string(&y, root, "title");
    site->organisation = yamldoc_string(&y, root, "organisation");
    site->privacy = yamldoc_string(&y, root, "privacy");
    site->base_url = yamldoc_string(&y, root, "base_url");
    site->language = yamldoc_string(&y, root, "language");
    site->theme = yamldoc_string(&y, root, "theme");
    site->encoding = yamldoc_string(&y, root, "encoding");
    site->feedback_due_weeks = yamldoc_int(&y, root, "feedback_due_weeks", 12, 0, 520);
    read_contact(&y, yamldoc_mapping(&y, root, "contact"), &site->contact);
    yaml_node_t *md = yamldoc_mapping(&y, root, "markdown");
    if (md) {
        static const char *const md_keys[] = {"raw_html", NULL};
        yamldoc_warn_unknown_keys(&y, md, md_keys);
        site->raw_html = yamldoc_bool(&y, md, "raw_html", false);
    }
    read_rules(&y, root, site);
    /* Where residents sign up for email alerts: shown beside every feed. */
    site->alerts_url = yamldoc_string(&y, root, "alerts");
    if (site->alerts_url && !str_starts_with(site->alerts_url, "https://") &&
        !str_starts_with(site->alerts_url, "http://")) {
        diag_error("site.yml", yamldoc_line(&y, yamldoc_get(&y, root, "alerts")),
                   "alerts must be the web address (https://...) of the page where people sign up for "
                   "email alerts");
        y.failed = true;
    }
    review_read_settings(&y, root, site);
    site->report_in_footer = yamldoc_bool(&y, root, "report_in_footer", false);
    read_audio_setting(&y, root, site);
    read_languages(&y, root, site);

    if (!site->title) {
        diag_error("site.yml", 1, "the site needs a title (for example `title: Have your say`)");
        y.failed = true;
    }
    if (!site->language)
        site->language = xstrdup("en-GB");
    if (!site->theme)
        site->theme = xstrdup("default");
    if (!site->organisation)
        site->organisation = xstrdup(site->title ? site->title : "");
    if (site->base_url && !web_address(site->base_url)) {
        /* It goes into canonical links, the feed and the sitemap: a
         * javascript: or data: address there would run in readers' hands. */
        diag_error("site.yml", yamldoc_line(&y, yamldoc_get(&y, root, "base_url")),
                   "base_url must be the site's web address, starting https:// (or http://), "
                   "like https://consult.example.gov.uk/");
        y.failed = true;
    }
    if (site->base_url && !str_ends_with(site->base_url, "/")) {
        char *b = xasprintf("%s/", site->base_url);
        free(site->base_url);
        site->base_url = b;
    }
    if (site->encoding && !encoding_known(site->encoding)) {
        diag_error("site.yml", yamldoc_line(&y, yamldoc_get(&y, root, "encoding")),
                   "unknown encoding '%s' (try utf-8, windows-1252 or iso-8859-1)", site->encoding);
        y.failed = true;
    }
    if (!slug_valid(site->theme)) {
        diag_error("site.yml", yamldoc_line(&y, yamldoc_get(&y, root, "theme")),
                   "theme must be a folder name of lowercase letters, digits and hyphens");
        y.failed = true;
    }
    ok = !y.failed;
    yamldoc_free(&y);
    return ok;
}

bool load_site_settings(const char *source_dir, Day today, Site *site)
{
    memset(site, 0, sizeof *site);
    site->source_dir = xstrdup(source_dir);
    site->today = today;
    return dir_exists(source_dir) && load_site_config(source_dir, site);
}
