/* cmd_check.c: `sayso check [--format text|json|sarif] [--strict] FILE-OR-DIR...`
 *
 * Runs the WCAG checker on HTML made anywhere, so a council can check
 * pages sayso did not build.  Directories are searched for .html and .htm
 * files; a file named on the command line is checked whatever its name
 * (an .svg or .xml file is read as XML).  Linked stylesheets are read
 * relative to the page.  Lines are the page's own HTML lines.
 */
#include "cli_options.h"
#include "commands.h"
#include "css.h"
#include "findings_output.h"
#include "dom.h"
#include "util.h"
#include "version.h"
#include "wcag.h"

#include <errno.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF } OutputFormat;

static const char check_usage[] =
    "usage: sayso check [--format text|json|sarif] [--strict] FILE-OR-DIR...\n";

static bool is_html_name(const char *path)
{
    const char *ext = path_extension(path);
    return !strcasecmp(ext, ".html") || !strcasecmp(ext, ".htm") || !strcasecmp(ext, ".xhtml");
}

/* Adds path, or the HTML files under it, to files.  Returns false when
 * path cannot be read. */
static bool gather(const char *path, bool named, StrList *files, const DirChain *up)
{
    if (dir_exists(path)) {
        StrList names = {0};
        DirChain here;
        bool loop;
        if (!dir_chain_enter(&here, up, path, &loop)) {
            if (loop) {
                fprintf(stderr, "sayso check: %s: this link leads back to a folder it is in, "
                        "so it is not followed\n", path);
                errno = ELOOP;
            }
            return false;
        }
        if (!list_dir(path, &names)) {
            sl_free(&names);
            return false;
        }
        bool ok = true;
        for (size_t i = 0; i < names.count; i++) {
            char *child = path_join(path, names.items[i]);
            if (dir_exists(child) || is_html_name(child))
                ok &= gather(child, false, files, &here);
            free(child);
        }
        sl_free(&names);
        return ok;
    }
    if (!file_exists(path))
        return false;
    if (named || is_html_name(path))
        sl_push(files, path);
    return true;
}

typedef struct LoaderData {
    const char *page_path;
} LoaderData;

/* Reads a linked stylesheet from disk, relative to the page.  Remote
 * sheets and site-root paths cannot be resolved here and are skipped. */
static char *load_relative_stylesheet(void *data, const char *href, size_t *len)
{
    const LoaderData *ld = data;
    if (!href || strstr(href, "://") || !strncmp(href, "//", 2) || href[0] == '/' ||
        !strncasecmp(href, "data:", 5))
        return NULL;
    char *clean = xstrdup(href);
    clean[strcspn(clean, "?#")] = '\0';
    /* Undo %XX escapes, as a browser would when mapping to a file. */
    char *w = clean;
    for (const char *r = clean; *r; r++) {
        if (r[0] == '%' && r[1] && r[2]) {
            char hex[3] = {r[1], r[2], 0};
            char *end;
            long v = strtol(hex, &end, 16);
            if (!*end && v > 0) {
                *w++ = (char)v;
                r += 2;
                continue;
            }
        }
        *w++ = *r;
    }
    *w = '\0';
    char *dir = path_dirname(ld->page_path);
    char *full = path_join(dir, clean);
    char *text = read_file(full, len);
    free(dir);
    free(full);
    free(clean);
    return text;
}

static xmlDocPtr parse_page(const char *path, const char *data, size_t len)
{
    const char *ext = path_extension(path);
    if (!strcasecmp(ext, ".svg") || !strcasecmp(ext, ".xml"))
        return xmlReadMemory(data, (int)len, path, NULL,
                             XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NONET);
    /* XML_PARSE_HUGE (HTML_PARSE_HUGE in later libxml2), as the build's
     * parser has: without it libxml2 stops at 256 nested elements and
     * hands back the page so far, which would pass unchecked. */
    xmlDocPtr doc = htmlReadMemory(data, (int)len, path, NULL,
                                   HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                       XML_PARSE_HUGE);
    if (doc)
        dom_close_void_elements(doc->children);
    return doc;
}

int cmd_check(int argc, char **argv)
{
    enum { OPT_STRICT = 256, OPT_FORMAT };
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'}, {"strict", no_argument, NULL, OPT_STRICT},
        {"format", required_argument, NULL, OPT_FORMAT}, {NULL, 0, NULL, 0},
    };
    OutputFormat format = FORMAT_TEXT;
    bool strict = false;
    StrList inputs = {0};
    cli_options_begin();
    int c;
    while ((c = cli_next_option(argc, argv, "check", "h", longopts, check_usage)) != -1) {
        switch (c) {
        case 0:
            return EXIT_USAGE;
        case 'h':
            fputs(check_usage, stdout);
            return EXIT_CLEAN;
        case OPT_STRICT:
            strict = true;
            break;
        case OPT_FORMAT:
            if (!strcmp(optarg, "text"))
                format = FORMAT_TEXT;
            else if (!strcmp(optarg, "json"))
                format = FORMAT_JSON;
            else if (!strcmp(optarg, "sarif"))
                format = FORMAT_SARIF;
            else {
                fprintf(stderr, "sayso check: --format must be text, json or sarif\n%s", check_usage);
                return EXIT_USAGE;
            }
            break;
        }
    }
    for (int i = optind; i < argc; i++)
        sl_push(&inputs, argv[i]);
    if (!inputs.count) {
        fputs(check_usage, stderr);
        return EXIT_USAGE;
    }

    bool unreadable = false;
    StrList files = {0};
    for (size_t i = 0; i < inputs.count; i++)
        if (!gather(inputs.items[i], true, &files, NULL)) {
            fprintf(stderr, "sayso check: %s: cannot read: %s\n", inputs.items[i],
                    strerror(errno ? errno : ENOENT));
            unreadable = true;
        }
    sl_free(&inputs);

    FindingList *lists = xcalloc(files.count ? files.count : 1, sizeof *lists);
    FileFindings *out = xcalloc(files.count ? files.count : 1, sizeof *out);
    size_t checked = 0;
    for (size_t i = 0; i < files.count; i++) {
        const char *path = files.items[i];
        size_t len = 0;
        char *data = read_file(path, &len);
        if (!data) {
            fprintf(stderr, "sayso check: %s: cannot read: %s\n", path, strerror(errno));
            unreadable = true;
            continue;
        }
        xmlDocPtr doc = parse_page(path, data, len);
        free(data);
        if (!doc) {
            fprintf(stderr, "sayso check: %s: cannot parse the file\n", path);
            unreadable = true;
            continue;
        }
        /* A page sayso could not check whole is never a pass. */
        xmlNodePtr root = xmlDocGetRootElement(doc);
        if (root && dom_cut_deeper(root, DOM_MAX_DEPTH)) {
            fprintf(stderr, "sayso check: %s: elements are nested more than %d deep, deeper than sayso "
                    "can check, so this page was not checked\n", path, DOM_MAX_DEPTH);
            xmlFreeDoc(doc);
            unreadable = true;
            continue;
        }
        FindingList *list = &lists[checked];
        findings_init(list, path);
        LoaderData ld = {path};
        WcagOptions options = {.load_stylesheet = load_relative_stylesheet, .loader_data = &ld};
        wcag_check_document(doc, &options, list);
        findings_sort(list);
        xmlFreeDoc(doc);
        out[checked].path = path;
        out[checked].findings = list;
        checked++;
    }

    size_t errors = 0, warnings = 0;
    for (size_t i = 0; i < checked; i++) {
        errors += findings_count_level(&lists[i], LEVEL_ERROR);
        warnings += findings_count_level(&lists[i], LEVEL_WARNING);
    }
    switch (format) {
    case FORMAT_TEXT:
        findings_write_text(stdout, out, checked);
        if (checked)
            fprintf(stderr, "sayso check: %zu file%s, %zu error%s, %zu warning%s\n", checked,
                    checked == 1 ? "" : "s", errors, errors == 1 ? "" : "s", warnings,
                    warnings == 1 ? "" : "s");
        break;
    case FORMAT_JSON:
        findings_write_json(stdout, out, checked);
        break;
    case FORMAT_SARIF:
        findings_write_sarif(stdout, out, checked, SAYSO_VERSION);
        break;
    }
    fflush(stdout);

    for (size_t i = 0; i < checked; i++)
        findings_free(&lists[i]);
    free(lists);
    free(out);
    sl_free(&files);
    css_cache_clear();
    if (unreadable)
        return EXIT_USAGE;
    if (errors || (strict && warnings))
        return EXIT_FINDINGS;
    return EXIT_CLEAN;
}
