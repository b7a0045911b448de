/* cmd_review.c: `sayso review sign` and `sayso review status`.
 *
 * sign records that someone checked a format of a consultation, with the
 * fingerprint of exactly what they read (review.h), and keeps that text
 * beside reviews.yml so what changes later can be shown word by word.
 * status says, for every format, whether its check still holds.
 */
#include "commands.h"
#include "diag.h"
#include "load.h"
#include "review.h"
#include "review_text.h"
#include "theme.h"
#include "yamldoc.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char review_usage[] =
    "usage: sayso review sign SLUG FORMAT --by NAME [--date YYYY-MM-DD]\n"
    "                         [--outcome approved|changes] [--notes TEXT] [--source SITE]\n"
    "       sayso review status [SLUG] [--source SITE]\n"
    "FORMAT is plain, easy-read, large-print or you-said-we-did.\n";

/* The site around the current folder: the nearest folder at or above it
 * holding site.yml, as git finds its repository.  (A helper of its own
 * until `sayso build` gains the same search; see the contract.) */
static char *find_site_root(void)
{
    char *dir = getcwd(NULL, 0);
    while (dir) {
        char *yml = path_join(dir, "site.yml");
        bool found = file_exists(yml);
        free(yml);
        if (found)
            return dir;
        if (!strcmp(dir, "/")) {
            free(dir);
            return NULL;
        }
        char *up = path_dirname(dir);
        free(dir);
        dir = up;
    }
    return NULL;
}

typedef struct ReviewSite {
    Site site;
    Theme theme;
    bool theme_loaded;
} ReviewSite;

/* Loads the site (and its theme, for the pictures); exit status 2 and a
 * message when it cannot. */
static int open_site(const char *source, ReviewSite *rs)
{
    memset(rs, 0, sizeof *rs);
    char *root = source ? xstrdup(source) : find_site_root();
    if (!root) {
        fprintf(stderr, "sayso review: there is no site.yml here or in any folder above; run this inside a "
                        "site (`sayso new SITE` makes one) or give --source SITE\n");
        return EXIT_USAGE;
    }
    Day today;
    const char *error = NULL;
    date_build_day(NULL, &today, &error);
    bool ok = load_site(root, today, NULL, NULL, &rs->site);
    free(root);
    if (ok)
        ok = rs->theme_loaded = theme_load(&rs->site, &rs->theme);
    return ok ? EXIT_CLEAN : EXIT_USAGE;
}

static void close_site(ReviewSite *rs)
{
    if (rs->theme_loaded)
        theme_free(&rs->theme);
    site_free(&rs->site);
}

static const PackMeta *find_pack(const Site *site, const char *slug)
{
    for (size_t i = 0; i < site->pack_count; i++)
        if (!strcmp(site->packs[i].slug, slug))
            return &site->packs[i];
    const char *nearest = NULL;
    size_t best = 3;
    for (size_t i = 0; i < site->pack_count; i++) {
        size_t d = edit_distance(slug, site->packs[i].slug);
        if (d < best) {
            best = d;
            nearest = site->packs[i].slug;
        }
    }
    fprintf(stderr, "sayso review: there is no consultation '%s' (no consultations/%s/index.md)%s%s%s\n", slug,
            slug, nearest ? "; did you mean '" : "", nearest ? nearest : "", nearest ? "'?" : "");
    return NULL;
}

/* YAML's double-quoted style, which can hold any text. */
static void append_quoted(StrBuf *sb, const char *s)
{
    sb_append_char(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            sb_printf(sb, "\\%c", *p);
        else if (*p == '\n')
            sb_append(sb, "\\n");
        else if (*p == '\t')
            sb_append(sb, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            sb_printf(sb, "\\x%02x", *p);
        else
            sb_append_char(sb, (char)*p);
    }
    sb_append_char(sb, '"');
}

/* Writes through a temporary file and a rename, so a reviews.yml is never
 * left half-written. */
static bool replace_file(const char *path, const char *data, size_t len)
{
    char *tmp = xasprintf("%s.new", path);
    bool ok = write_file(tmp, data, len) && rename(tmp, path) == 0;
    if (!ok) {
        fprintf(stderr, "sayso review: cannot write %s: %s\n", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return ok;
}

/* reviews.yml with the new entry at the end: the file as it was, comments
 * and all, and the entry appended, as long as the result reads back as
 * one more review.  An empty list written another way (`[]`) is replaced. */
static char *with_entry(const char *old, const char *display, size_t count_before, const StrBuf *entry)
{
    StrBuf sb;
    sb_init(&sb);
    if (old && *old) {
        sb_append(&sb, old);
        if (sb.data[sb.len - 1] != '\n')
            sb_append_char(&sb, '\n');
    } else {
        sb_append(&sb, "# What reviewers have checked. Add to it with `sayso review sign`:\n"
                       "# the fingerprint is of exactly the text they read.\n");
    }
    sb_append(&sb, entry->data);
    ReviewList check;
    DiagVerbosity v = diag_verbosity();
    diag_set_verbosity(DIAG_SILENT);
    bool fits = review_parse(sb.data, sb.len, display, &check) && check.count == count_before + 1;
    diag_set_verbosity(v);
    review_list_free(&check);
    if (!fits && count_before == 0) {
        sb_clear(&sb);
        sb_append(&sb, "# What reviewers have checked. Add to it with `sayso review sign`.\n");
        sb_append(&sb, entry->data);
        fits = true;
    }
    if (!fits) {
        sb_free(&sb);
        return NULL;
    }
    return sb_take(&sb);
}

static int review_sign(ReviewSite *rs, const char *slug, const char *format_id, const char *by, const char *date,
                       ReviewOutcome outcome, const char *notes)
{
    ReviewFormat format;
    if (!review_format_parse(format_id, &format)) {
        fprintf(stderr, "sayso review: unknown format '%s': use plain, easy-read, large-print or "
                        "you-said-we-did\n", format_id);
        return EXIT_USAGE;
    }
    const PackMeta *meta = find_pack(&rs->site, slug);
    if (!meta)
        return EXIT_USAGE;
    if (!review_format_present(meta, format)) {
        fprintf(stderr, "sayso review: consultations/%s has no %s to check (%s is missing)\n", slug,
                review_format_name(format), format == REVIEW_EASY_READ ? "easy-read.md" : "you-said-we-did.csv");
        return EXIT_USAGE;
    }
    Day day;
    const char *error = NULL;
    if (!date_build_day(date, &day, &error)) {
        fprintf(stderr, "sayso review: --date: %s\n", error);
        return EXIT_USAGE;
    }
    char *file = path_join(meta->dir, "reviews.yml");
    char *display = xasprintf("consultations/%s/reviews.yml", slug);
    ReviewList list;
    int status = EXIT_USAGE;
    char *text = NULL, *fp = NULL, *old = NULL, *updated = NULL, *kept = NULL, *kept_dir = NULL;
    if (!review_load(file, display, &list))
        goto done;           /* messages name the line; nothing is written to a file we cannot read */
    if (!(text = review_text(&rs->theme, meta, format)))
        goto done;
    fp = review_fingerprint(text, strlen(text));
    if (!review_group(&rs->site, by) && rs->site.reviewer_count)
        fprintf(stderr, "sayso review: note: '%s' is not one of the reviewers in site.yml, so pages will "
                        "show the name without a group's description or logo\n", by);

    StrBuf entry;
    sb_init(&entry);
    char iso[11];
    date_iso(day, iso);
    sb_printf(&entry, "- format: %s\n  by: ", review_format_id(format));
    append_quoted(&entry, by);
    sb_printf(&entry, "\n  date: %s\n  outcome: %s\n", iso, review_outcome_id(outcome));
    if (notes && *notes) {
        sb_append(&entry, "  notes: ");
        append_quoted(&entry, notes);
        sb_append_char(&entry, '\n');
    }
    sb_printf(&entry, "  fingerprint: %s\n", fp);
    old = file_exists(file) ? read_file(file, NULL) : NULL;
    updated = with_entry(old, display, list.count, &entry);
    sb_free(&entry);
    if (!updated) {
        fprintf(stderr, "%s: cannot add to this file without changing what is in it: write it as a list of "
                        "`- format:` entries\n", display);
        goto done;
    }
    /* The text first: a review recorded without it could not show what
     * changed since. */
    kept_dir = path_join(meta->dir, "reviews");
    kept = review_kept_path(meta->dir, format);
    if (!make_dirs(kept_dir) || !replace_file(kept, text, strlen(text)) ||
        !replace_file(file, updated, strlen(updated)))
        goto done;
    printf("sayso: recorded %s's check of %s for %s in %s (the text they checked is kept in "
           "consultations/%s/reviews/%s.txt)\n", by, review_format_name(format), slug, display, slug,
           review_format_id(format));
    status = EXIT_CLEAN;
done:
    review_list_free(&list);
    free(kept_dir);
    free(kept);
    free(updated);
    free(old);
    free(fp);
    free(text);
    free(display);
    free(file);
    return status;
}

/* When the newest of a format's source files last changed. */
static void last_changed(const PackMeta *meta, ReviewFormat f, char out[11])
{
    const char *names[2] = {"index.md", NULL};
    if (f == REVIEW_EASY_READ)
        names[1] = "easy-read.md";
    else if (f == REVIEW_YOU_SAID_WE_DID)
        names[1] = "you-said-we-did.csv";
    time_t newest = 0;
    for (int i = 0; i < 2 && names[i]; i++) {
        char *path = path_join(meta->dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && st.st_mtime > newest)
            newest = st.st_mtime;
        free(path);
    }
    date_iso((Day)(newest / 86400), out);
}

static bool required(const Site *site, ReviewFormat f)
{
    return sl_contains(&site->require_review, review_format_id(f));
}

/* Prints each format's state; returns how many required formats do not
 * have a check that still holds. */
static size_t pack_status(ReviewSite *rs, const PackMeta *meta, bool *bad_file)
{
    PackReviews pr;
    *bad_file |= !review_pack_state(&rs->theme, meta, &pr);
    size_t missing = 0;
    printf("%s: %s\n", meta->slug, meta->title);
    for (int f = 0; f < REVIEW_FORMAT_COUNT; f++) {
        const FormatReview *fr = &pr.formats[f];
        if (!fr->present)
            continue;
        char date[11], changed[11];
        const Review *r = fr->review;
        if (r)
            date_iso(r->date, date);
        printf("  %-16s ", review_format_id((ReviewFormat)f));
        switch (fr->state) {
        case REVIEW_NEVER:
            printf("never checked");
            break;
        case REVIEW_CURRENT:
            printf("checked by %s on %s%s", r->by, date,
                   r->outcome == OUTCOME_CHANGES ? ", who asked for changes" : "");
            break;
        case REVIEW_CHANGED:
            last_changed(meta, (ReviewFormat)f, changed);
            printf("changed since %s checked it on %s (its files last changed %s)", r->by, date, changed);
            break;
        }
        bool holds = review_shows_check(fr);
        if (required(&rs->site, (ReviewFormat)f) && !holds) {
            printf(" [required by site.yml]");
            missing++;
        }
        putchar('\n');
    }
    review_pack_free(&pr);
    return missing;
}

static int review_status(ReviewSite *rs, const char *slug)
{
    size_t missing = 0;
    bool bad_file = false;
    if (slug) {
        const PackMeta *meta = find_pack(&rs->site, slug);
        if (!meta)
            return EXIT_USAGE;
        missing = pack_status(rs, meta, &bad_file);
    } else {
        for (size_t i = 0; i < rs->site.pack_count; i++)
            missing += pack_status(rs, &rs->site.packs[i], &bad_file);
    }
    if (bad_file)
        return EXIT_USAGE;
    if (missing) {
        fprintf(stderr, "sayso review: %zu format%s that site.yml requires to be checked %s no check that "
                        "still holds\n", missing, missing == 1 ? "" : "s", missing == 1 ? "has" : "have");
        return EXIT_FINDINGS;
    }
    return EXIT_CLEAN;
}

typedef struct ReviewArgs {
    const char *by, *date, *notes, *source;
    ReviewOutcome outcome;
} ReviewArgs;

int cmd_review(int argc, char **argv)
{
    static const struct option options[] = {
        {"by", required_argument, NULL, 'b'},
        {"date", required_argument, NULL, 'd'},
        {"outcome", required_argument, NULL, 'o'},
        {"notes", required_argument, NULL, 'n'},
        {"source", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    ReviewArgs a = {.outcome = OUTCOME_APPROVED};
    optind = 0;              /* getopt_long starts afresh on every call (tests call this many times) */
    opterr = 0;
    int c;
    /* GNU getopt_long moves the words after the options, so options may
     * come anywhere: "sign bus easy-read --by X". */
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case 'b': a.by = optarg; break;
        case 'd': a.date = optarg; break;
        case 'n': a.notes = optarg; break;
        case 's': a.source = optarg; break;
        case 'o':
            if (!strcmp(optarg, "changes"))
                a.outcome = OUTCOME_CHANGES;
            else if (!strcmp(optarg, "approved"))
                a.outcome = OUTCOME_APPROVED;
            else {
                fprintf(stderr, "sayso review: --outcome is approved or changes, not '%s'\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(review_usage, stdout);
            return EXIT_CLEAN;
        case ':':
            fprintf(stderr, "sayso review: %s needs a value\n%s", argv[optind - 1], review_usage);
            return EXIT_USAGE;
        default:
            fprintf(stderr, "sayso review: unknown option '%s'\n%s", argv[optind - 1], review_usage);
            return EXIT_USAGE;
        }
    }
    char **words = argv + optind;
    int count = argc - optind;
    const char *action = count ? words[0] : NULL;
    if (action && !strcmp(action, "sign")) {
        if (count != 3 || !a.by || !*a.by) {
            fprintf(stderr, "sayso review sign: give a consultation, a format and --by NAME\n%s", review_usage);
            return EXIT_USAGE;
        }
    } else if (action && !strcmp(action, "status")) {
        if (count > 2) {
            fprintf(stderr, "sayso review status: give at most one consultation\n%s", review_usage);
            return EXIT_USAGE;
        }
    } else {
        fprintf(stderr, "sayso review: %s%s%s\n%s", action ? "unknown action '" : "say sign or status",
                action ? action : "", action ? "'" : "", review_usage);
        return EXIT_USAGE;
    }
    ReviewSite rs;
    int status = open_site(a.source, &rs);
    if (status == EXIT_CLEAN) {
        if (!strcmp(action, "sign"))
            status = review_sign(&rs, words[1], words[2], a.by, a.date, a.outcome, a.notes);
        else
            status = review_status(&rs, count == 2 ? words[1] : NULL);
    }
    close_site(&rs);
    return status;
}
