/* scaffold.c: the files `sayso new` writes.
 *
 * Templates use {{name}} for what is filled in; see fill().  Their words
 * follow the rules sayso checks pages against: short sentences, everyday
 * words, one idea to a paragraph in easy read.
 */
#include "scaffold.h"
#include "feedback.h"
#include "site.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define WEEKS_OPEN 12

/* ---- Templates ---- */

static const char site_yml[] =
    "# site.yml: the settings for the whole site.\n"
    "#\n"
    "# A line that starts with # is a note for people. sayso skips it.\n"
    "# To switch on a setting that is a note, delete the # at the start of it.\n"
    "\n"
    "# The name of the site. It shows at the top of every page.\n"
    "title: Have your say\n"
    "\n"
    "# Who runs the consultations on this site.\n"
    "organisation: Our Council\n"
    "\n"
    "# The web address the site will have once it is published. The feed and\n"
    "# the sitemap use it to make full links.\n"
    "base_url: https://consult.example.org\n"
    "\n"
    "# The language of the pages, as a code. en-GB is English as written in the UK.\n"
    "language: en-GB\n"
    "\n"
    "# The look of the site. default is the theme that comes with sayso.\n"
    "theme: default\n"
    "\n"
    "# How people can reach the team. A consultation that gives no contact\n"
    "# of its own shows these.\n"
    "contact:\n"
    "  email: consult@example.org\n"
    "  phone: 01234 567890\n"
    "  address: Have Your Say Team, Town Hall, High Street, Anytown AB1 2CD\n"
    "\n"
    "# Printed on every comment card: how you use what people send you.\n"
    "privacy: We use what you tell us only to help make this decision. We never publish your name.\n"
    "\n"
    "# How your files are saved. Keep UTF-8 unless your files come from an older\n"
    "# system that uses another one, such as windows-1252.\n"
    "encoding: UTF-8\n"
    "\n"
    "# How many weeks after a consultation closes you promise to say what you did\n"
    "# with people's views. The site warns you when that date has passed.\n"
    "feedback_due_weeks: 12\n";

static const char pack_index_md[] =
    "---\n"
    "# index.md: the main page of this consultation, in plain English.\n"
    "# The settings between the two --- lines describe the consultation.\n"
    "# A line that starts with # is a note for people. sayso skips it.\n"
    "\n"
    "# The name of the consultation. Keep it short and say what it is about.\n"
    "title: {{title}}\n"
    "\n"
    "# One or two short sentences: what you want to know, and by when.\n"
    "summary: Tell us what you think about {{subject}} by {{closes_long}}.\n"
    "\n"
    "# The first day people can take part, and the last day. Write each date as\n"
    "# year-month-day. The site works out by itself whether it is open yet.\n"
    "opens: {{opens}}\n"
    "closes: {{closes}}\n"
    "\n"
    "# How much say people have: information, consulting, co-production or\n"
    "# citizen-power.\n"
    "level: consulting\n"
    "\n"
    "# Words that help people find this consultation on the home page.\n"
    "topics:\n"
    "  - Transport\n"
    "areas:\n"
    "  - All areas\n"
    "\n"
    "# The ways people can take part. Delete any you do not offer.\n"
    "respond:\n"
    "  online: https://consult.example.org/forms/{{slug}}\n"
    "  email: consult@example.org\n"
    "  phone: 01234 567890\n"
    "  post: Have Your Say Team, Town Hall, High Street, Anytown AB1 2CD\n"
    "  events:\n"
    "    # Each event: the date as year-month-day, and the time on the 24-hour\n"
    "    # clock: 18:00, or 18:00-20:00 for a start and an end.\n"
    "    - date: {{event_iso}}\n"
    "      time: 18:00-20:00\n"
    "      place: Central Library, Meeting Room 1\n"
    "      access: Step-free way in, hearing loop, and sign language if you ask us.\n"
    "      # If people must book a place, say how:\n"
    "      # booking: Phone 01234 567890 to book a place.\n"
    "\n"
    "# Who can answer questions, or send this in another format.\n"
    "contact:\n"
    "  name: Have Your Say Team\n"
    "  email: consult@example.org\n"
    "  phone: 01234 567890\n"
    "\n"
    "# Once you have made a decision, delete the # from these three lines and\n"
    "# fill them in. The date is year-month-day.\n"
    "# decision:\n"
    "#   date: {{closes}}\n"
    "#   summary: What we decided, and why.\n"
    "\n"
    "# Only if this file is saved in another encoding than the one in site.yml.\n"
    "# encoding: windows-1252\n"
    "\n"
    "# After it closes: copy templates/you-said-we-did.csv from the top of the\n"
    "# site into this folder and fill it in. The site then shows what people\n"
    "# told you and what you did. Do not add it before you have results.\n"
    "# To share what people have said while it is still open, add it and delete\n"
    "# the # from the next line: the site then calls it what we have heard so far.\n"
    "# results: interim\n"
    "---\n"
    "\n"
    "## What this is about\n"
    "\n"
    "Write two or three short sentences here. Say what might change and why.\n"
    "\n"
    "## What we want to know\n"
    "\n"
    "- What do you like about the plan?\n"
    "- What would you change?\n"
    "- How would it affect you or the people you care for?\n"
    "\n"
    "## How to take part\n"
    "\n"
    "You can fill in our form online, email us, phone us, write to us or come to\n"
    "our event. You can take part until {{closes_long}}.\n"
    "\n"
    "## What happens next\n"
    "\n"
    "We will read every reply. Then we will tell you what you said and what we\n"
    "did about it.\n";

static const char pack_easy_read_md[] =
    "# {{easy_title}}\n"
    "\n"
    "## What this is about\n"
    "\n"
    "![People meeting round a table](picture:meeting) We want to know what you think\n"
    "about {{subject}}.\n"
    "\n"
    "![A question mark](picture:question) What do you like? What would you change?\n"
    "\n"
    "## What happens next\n"
    "\n"
    "![An ear](picture:listen) We will read what everyone tells us.\n"
    "\n"
    "![A decision being made](picture:decision) We will tell you what we decide.\n";

static const char about_md[] =
    "---\n"
    "# The name of the page, and one sentence about it.\n"
    "title: About this site\n"
    "summary: Who we are and how we ask for your views.\n"
    "# Where the page comes in the menu: smaller numbers come first.\n"
    "order: 10\n"
    "---\n"
    "\n"
    "## Who we are\n"
    "\n"
    "We are the consultation team at Our Council. We ask people what they think\n"
    "before we make decisions that affect them.\n"
    "\n"
    "## How we ask\n"
    "\n"
    "Each consultation has a page in plain English, in easy read and in large\n"
    "print. You can also ask us for it in another format, such as audio or\n"
    "another language.\n"
    "\n"
    "## What we do with your views\n"
    "\n"
    "We read every reply. When a consultation closes, we publish what people\n"
    "told us and what we did about it. If we could not do something, we say why.\n";

static const char readme_md[] =
    "# Our consultation site\n"
    "\n"
    "This folder holds everything on the site. sayso turns it into web pages.\n"
    "Each consultation gets a plain English page, an easy read page and a large\n"
    "print page.\n"
    "\n"
    "## What is in this folder\n"
    "\n"
    "- `site.yml` has the settings for the whole site, such as its name.\n"
    "- `consultations/` has one folder for each consultation.\n"
    "- `pages/` has other pages, such as the About page.\n"
    "- `templates/` has files to copy. sayso does not publish them.\n"
    "\n"
    "## Start a new consultation\n"
    "\n"
    "In this folder, run:\n"
    "\n"
    "    sayso new consultation bus-routes\n"
    "\n"
    "Use a short name with small letters, numbers and hyphens. It becomes part\n"
    "of the web address. sayso makes `consultations/bus-routes/` with two files:\n"
    "\n"
    "- `index.md` is the plain English page. The part between the two `---`\n"
    "  lines holds the settings, such as the dates. Each one has a note above it.\n"
    "- `easy-read.md` is the easy read page. Start each paragraph with a picture,\n"
    "  then a few short sentences. `picture:meeting` is one of the pictures that\n"
    "  come with the theme. The words in square brackets say what it shows.\n"
    "  Once you have built the site, the page `easy-read-pictures/` in the\n"
    "  `public` folder shows every picture with its name.\n"
    "  You do not need to write the closing date or the ways to take part in\n"
    "  it: sayso adds them from `index.md`, with their pictures.\n"
    "\n"
    "Put any pictures or PDF files for the consultation in the same folder.\n"
    "\n"
    "## See your changes as you write\n"
    "\n"
    "Run `sayso serve` in this folder (or any folder inside it) and open the\n"
    "address it shows in your\n"
    "browser. Each time you save a file, the page updates by itself. If sayso\n"
    "finds a problem, the page tells you the file and the line to fix.\n"
    "Press Ctrl and C together to stop it.\n"
    "\n"
    "## Check and publish\n"
    "\n"
    "Run `sayso build` in this folder, or in any folder inside it. It builds\n"
    "this site: the nearest folder that holds `site.yml`. It checks every page\n"
    "for plain English and accessibility, then writes the site into the\n"
    "`public` folder here. Fix anything it calls an error. Then copy the\n"
    "`public` folder to your web server, or ask your web team to do it.\n"
    "\n"
    "## After a consultation closes\n"
    "\n"
    "Copy `templates/you-said-we-did.csv` into the consultation's folder. Open\n"
    "it in a spreadsheet and add one row for each thing people told you:\n"
    "\n"
    "- `you_said`: what people told you.\n"
    "- `we_did`: what you did about it.\n"
    "- `status`: `done`, `doing` or `not-doing`.\n"
    "- `reason`: why, for anything `not-doing`. People are always told why.\n"
    "- `theme` (if you like): rows with the same theme go under one heading.\n"
    "- `follow_up` (if you like): a date, year-month-day, to tell people more by.\n"
    "- `easy_you_said`, `easy_we_did`, `easy_reason`: the same in easy read words.\n"
    "- `picture`: a picture name for the easy read page, such as `bus`.\n"
    "\n"
    "Save it as CSV. The site then shows the results.\n"
    "\n"
    "Only add this file when you have results. If you add it while the\n"
    "consultation is still open, sayso warns you and does not show it, unless\n"
    "`index.md` has the line `results: interim`: then the site shows it as what\n"
    "you have heard so far, not as what you did.\n";

/* ---- Filling in ---- */

typedef struct Field {
    const char *name, *value;
} Field;

static char *fill(const char *template, const Field *fields, size_t count)
{
    StrBuf sb;
    sb_init(&sb);
    for (const char *p = template; *p;) {
        const char *open = strstr(p, "{{");
        if (!open) {
            sb_append(&sb, p);
            break;
        }
        sb_append_len(&sb, p, (size_t)(open - p));
        const char *close = strstr(open, "}}");
        const char *value = NULL;
        for (size_t i = 0; close && i < count; i++)
            if (strlen(fields[i].name) == (size_t)(close - open - 2) &&
                !strncmp(open + 2, fields[i].name, (size_t)(close - open - 2)))
                value = fields[i].value;
        if (!value) {          /* not a field: keep it as it is */
            sb_append(&sb, "{{");
            p = open + 2;
            continue;
        }
        sb_append(&sb, value);
        p = close + 2;
    }
    return sb_take(&sb);
}

bool scaffold_slug_valid(const char *slug, const char **why)
{
    const char *problem = NULL;
    size_t n = slug ? strlen(slug) : 0;
    if (n == 0)
        problem = "The name is empty. Give a short name such as bus-routes.";
    else if (n > SCAFFOLD_SLUG_MAX)
        problem = "The name is too long. Use 80 characters or fewer.";
    else if (slug[0] == '-')
        problem = "The name must start with a letter or a number.";
    else
        for (size_t i = 0; i < n && !problem; i++) {
            char c = slug[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                problem = "Use only small letters a to z, numbers and hyphens, "
                          "with no spaces, dots or slashes.";
        }
    if (why)
        *why = problem;
    return problem == NULL;
}

char *scaffold_title_from_slug(const char *slug)
{
    char *title = xstrdup(slug);
    for (char *p = title; *p; p++)
        if (*p == '-')
            *p = ' ';
    /* Collapse the spaces "a--b" would leave. */
    char *w = title;
    for (char *r = title; *r; r++)
        if (!(*r == ' ' && (w == title || w[-1] == ' ')))
            *w++ = *r;
    while (w > title && w[-1] == ' ')
        w--;
    *w = '\0';
    title[0] = (char)toupper((unsigned char)title[0]);
    return title;
}

/* Writes the files of one pack.  SUBJECT finishes "what you think about". */
static bool write_pack(const char *pack_dir, const char *slug, const char *title, const char *easy_title,
                       const char *subject, Day opens, StrList *written)
{
    char opens_iso[11], closes_iso[11], closes_long[64], event_iso[11];
    Day closes = opens + WEEKS_OPEN * 7;
    date_iso(opens, opens_iso);
    date_iso(closes, closes_iso);
    date_long(closes, closes_long, sizeof closes_long);
    /* An event three weeks in: time to hear about it, time to reply after. */
    date_iso(opens + 21, event_iso);
    const Field fields[] = {
        {"slug", slug},           {"title", title},           {"subject", subject},
        {"opens", opens_iso},     {"closes", closes_iso},     {"closes_long", closes_long},
        {"event_iso", event_iso},  {"easy_title", easy_title},
    };
    const size_t nfields = sizeof fields / sizeof fields[0];
    if (!make_dirs(pack_dir))
        return false;
    const struct {
        const char *name, *template;
    } files[] = {{"index.md", pack_index_md}, {"easy-read.md", pack_easy_read_md}};
    for (size_t i = 0; i < 2; i++) {
        char *path = path_join(pack_dir, files[i].name);
        char *text = fill(files[i].template, fields, nfields);
        bool ok = write_file(path, text, strlen(text));
        free(text);
        if (!ok) {
            free(path);
            return false;
        }
        sl_push_owned(written, path);
    }
    return true;
}

static bool write_text(const char *path, const char *text, StrList *written)
{
    char *dir = path_dirname(path);
    bool ok = make_dirs(dir) && write_file(path, text, strlen(text));
    free(dir);
    if (ok)
        sl_push(written, path);
    return ok;
}

static bool dir_is_empty(const char *dir)
{
    StrList names = {0};
    /* list_dir leaves out hidden names; a folder holding only .git is
     * still refused, since someone has started work in it. */
    bool ok = list_dir(dir, &names);
    bool empty = ok && names.count == 0;
    sl_free(&names);
    if (empty) {
        char *git = path_join(dir, ".git");
        empty = !file_exists(git) && !dir_exists(git);
        free(git);
    }
    return empty;
}

/* Records a path relative to BASE in MADE: what the person will look for. */
static void report_made(const StrList *written, const char *base, StrList *made)
{
    size_t n = strlen(base);
    for (size_t i = 0; i < written->count; i++) {
        const char *p = written->items[i];
        if (!strncmp(p, base, n) && p[n] == '/')
            p += n + 1;
        sl_push(made, p);
    }
}

bool scaffold_site(const char *dir, Day today, StrList *made, char **error)
{
    *error = NULL;
    bool existed = dir_exists(dir);
    if (existed && !dir_is_empty(dir)) {
        *error = xasprintf("%s already exists and is not empty. sayso new will not write over "
                           "files. Give the name of a new folder.", dir);
        return false;
    }
    if (!existed && (file_exists(dir) || !make_dirs(dir))) {
        *error = xasprintf("cannot make the folder %s (%s).", dir,
                           file_exists(dir) ? "a file has that name" : strerror(errno));
        return false;
    }
    StrList written = {0};
    char *p_site = path_join(dir, "site.yml");
    char *p_readme = path_join(dir, "README.md");
    char *p_about = path_join(dir, "pages/about.md");
    char *p_template = path_join(dir, "templates/you-said-we-did.csv");
    char *p_pack = path_join(dir, "consultations/example-consultation");
    char *header = feedback_header_row();
    bool ok = write_text(p_site, site_yml, &written) && write_text(p_readme, readme_md, &written) &&
              write_text(p_about, about_md, &written) &&
              write_text(p_template, header, &written) &&
              write_pack(p_pack, "example-consultation", "Our example plan", "Our example plan",
                         "the plan in this example", today, &written);
    if (ok) {
        report_made(&written, dir, made);
    } else {
        *error = xasprintf("cannot write the new site in %s (%s).", dir, strerror(errno));
        /* Leave nothing half made: the folder was new or empty before. */
        if (existed) {
            StrList names = {0};
            list_dir(dir, &names);
            for (size_t i = 0; i < names.count; i++) {
                char *child = path_join(dir, names.items[i]);
                remove_tree(child);
                free(child);
            }
            sl_free(&names);
        } else {
            remove_tree(dir);
        }
    }
    free(p_site);
    free(p_readme);
    free(p_about);
    free(p_template);
    free(p_pack);
    free(header);
    sl_free(&written);
    return ok;
}

bool scaffold_consultation(const char *site_dir, const char *slug, Day today, StrList *made,
                           char **error)
{
    *error = NULL;
    const char *why = NULL;
    if (!scaffold_slug_valid(slug, &why)) {
        char *better = slug_suggest(slug);
        if (better && scaffold_slug_valid(better, NULL))
            *error = xasprintf("'%s' cannot be the name of a consultation. %s For example: "
                               "sayso new consultation %s", slug, why, better);
        else
            *error = xasprintf("'%s' cannot be the name of a consultation. %s", slug, why);
        free(better);
        return false;
    }
    char *site_yml_path = path_join(site_dir, "site.yml");
    bool is_site = file_exists(site_yml_path);
    free(site_yml_path);
    if (!is_site) {
        *error = strcmp(site_dir, ".")
                     ? xasprintf("%s has no site.yml, so it is not a sayso site.", site_dir)
                     : xstrdup("there is no site.yml here or in any folder above. Run this "
                               "inside your site's folder, or give its folder with --site DIR. "
                               "To make a site: sayso new SITE");
        return false;
    }
    char *relative = xasprintf("consultations/%s", slug);
    char *pack = path_join(site_dir, relative);
    if (file_exists(pack) || dir_exists(pack)) {
        *error = xasprintf("%s already exists. Choose another name, or edit the files in it.",
                           relative);
        free(relative);
        free(pack);
        return false;
    }
    StrList written = {0};
    char *title = scaffold_title_from_slug(slug);
    char *subject = xstrdup(title);
    subject[0] = (char)tolower((unsigned char)subject[0]);
    bool ok = write_pack(pack, slug, title, title, subject, today, &written);
    char *template = path_join(site_dir, "templates/you-said-we-did.csv");
    if (ok && !file_exists(template)) {
        char *header = feedback_header_row();
        ok = write_text(template, header, &written);
        free(header);
    }
    if (ok) {
        report_made(&written, site_dir, made);
    } else {
        *error = xasprintf("cannot write %s (%s).", relative, strerror(errno));
        remove_tree(pack);
    }
    free(template);
    free(title);
    free(subject);
    free(relative);
    free(pack);
    sl_free(&written);
    return ok;
}
