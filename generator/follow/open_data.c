/* open_data.c: consultations.json, consultations.csv and the readme that
 * defines their columns, all from one table of columns. */
#include "open_data.h"

#include <stdlib.h>
#include <string.h>

const OpenDataColumn open_data_columns[] = {
    {"slug", "the consultation's short name: its folder, and the last part of its address"},
    {"title", "its title"},
    {"summary", "one or two plain sentences saying what it is about"},
    {"status", "upcoming, open, closed (waiting for results) or results (results published), on the date the site was built"},
    {"opens", "the first day people can take part (YYYY-MM-DD)"},
    {"closes", "the last day people can take part (YYYY-MM-DD)"},
    {"level", "how far people are involved: information, consulting, co-production or citizen-power"},
    {"topics", "what it is about; in the CSV, separated by \"; \""},
    {"areas", "the places it affects; in the CSV, separated by \"; \""},
    {"formats", "the formats it is published in: plain, easy-read, large-print; in the CSV, separated by \"; \""},
    {"url", "the page in plain English"},
    {"easy_read_url", "the page in easy read (empty when there is none)"},
    {"large_print_url", "the page in large print"},
    {"results_url", "the \"You said, we did\" page (empty until results are published)"},
    {"results_due", "the date results are due, when it closed and they are not yet published (YYYY-MM-DD)"},
    {"decision_date", "the date a decision was made (YYYY-MM-DD; empty until then)"},
    {"decision_summary", "what was decided (empty until then)"},
    {"respond_online", "the address of the online form, when there is one"},
    {"respond_email", "the email address for responses"},
    {"respond_phone", "the phone number for responses"},
    {"respond_post", "the postal address for responses"},
    {"events", "how many events (meetings, drop-ins) it has"},
    {"calendar_url", "its closing date and events as an iCalendar file"},
};
const size_t open_data_column_count = sizeof open_data_columns / sizeof open_data_columns[0];

static const char *base(const Site *site)
{
    return site->base_url ? site->base_url : "";
}

/* One pack's values, in the order of open_data_columns; lists kept apart
 * so JSON can give them as arrays. */
typedef struct Row {
    char *value[sizeof open_data_columns / sizeof open_data_columns[0]];
    const StrList *list[sizeof open_data_columns / sizeof open_data_columns[0]];
    bool number[sizeof open_data_columns / sizeof open_data_columns[0]];
} Row;

static char *day_or_empty(Day d)
{
    if (d == DAY_NONE)
        return xstrdup("");
    char iso[11];
    date_iso(d, iso);
    return xstrdup(iso);
}

static size_t column(const char *name)
{
    for (size_t i = 0; i < open_data_column_count; i++)
        if (!strcmp(open_data_columns[i].name, name))
            return i;
    abort();   /* a name not in the table is a bug here, not bad input */
}

static void row_fill(Row *r, const Site *site, const PackMeta *p, StrList *formats)
{
    memset(r, 0, sizeof *r);
    const char *b = base(site);
    sl_push(formats, "plain");
    if (p->has_easy_read)
        sl_push(formats, "easy-read");
    sl_push(formats, "large-print");
    r->value[column("slug")] = xstrdup(p->slug);
    r->value[column("title")] = xstrdup(p->title);
    r->value[column("summary")] = xstrdup(p->summary);
    r->value[column("status")] = xstrdup(status_id(p->status));
    r->value[column("opens")] = day_or_empty(p->opens);
    r->value[column("closes")] = day_or_empty(p->closes);
    r->value[column("level")] = xstrdup(p->level ? p->level : "");
    r->list[column("topics")] = &p->topics;
    r->list[column("areas")] = &p->areas;
    r->list[column("formats")] = formats;
    r->value[column("url")] = xasprintf("%sconsultations/%s/", b, p->slug);
    r->value[column("easy_read_url")] =
        p->has_easy_read ? xasprintf("%sconsultations/%s/easy-read/", b, p->slug) : xstrdup("");
    r->value[column("large_print_url")] = xasprintf("%sconsultations/%s/large-print/", b, p->slug);
    r->value[column("results_url")] = p->status == STATUS_RESULTS
                                          ? xasprintf("%sconsultations/%s/you-said-we-did/", b, p->slug)
                                          : xstrdup("");
    r->value[column("results_due")] =
        p->status == STATUS_CLOSED ? day_or_empty(p->feedback_due) : xstrdup("");
    r->value[column("decision_date")] = day_or_empty(p->decision.date);
    r->value[column("decision_summary")] = xstrdup(p->decision.summary ? p->decision.summary : "");
    r->value[column("respond_online")] = xstrdup(p->respond.online ? p->respond.online : "");
    r->value[column("respond_email")] = xstrdup(p->respond.email ? p->respond.email : "");
    r->value[column("respond_phone")] = xstrdup(p->respond.phone ? p->respond.phone : "");
    r->value[column("respond_post")] = xstrdup(p->respond.post ? p->respond.post : "");
    r->value[column("events")] = xasprintf("%zu", p->respond.event_count);
    r->number[column("events")] = true;
    r->value[column("calendar_url")] = xasprintf("%sconsultations/%s/calendar.ics", b, p->slug);
}

static void row_free(Row *r)
{
    for (size_t i = 0; i < open_data_column_count; i++)
        free(r->value[i]);
}

char *open_data_json(const Site *site, size_t *len)
{
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "{\"site\":");
    sb_append_json(&sb, site->title);
    sb_append(&sb, ",\"organisation\":");
    sb_append_json(&sb, site->organisation);
    char today[11];
    date_iso(site->today, today);
    sb_printf(&sb, ",\"built\":\"%s\",\"consultations\":[", today);
    for (size_t i = 0; i < site->pack_count; i++) {
        Row r;
        StrList formats = {0};
        row_fill(&r, site, &site->packs[i], &formats);
        sb_append(&sb, i ? ",\n{" : "\n{");
        for (size_t c = 0; c < open_data_column_count; c++) {
            if (c)
                sb_append_char(&sb, ',');
            sb_append_json(&sb, open_data_columns[c].name);
            sb_append_char(&sb, ':');
            if (r.list[c]) {
                sb_append_char(&sb, '[');
                for (size_t k = 0; k < r.list[c]->count; k++) {
                    if (k)
                        sb_append_char(&sb, ',');
                    sb_append_json(&sb, r.list[c]->items[k]);
                }
                sb_append_char(&sb, ']');
            } else if (r.number[c]) {
                sb_append(&sb, r.value[c]);
            } else if (!*r.value[c]) {
                sb_append(&sb, "null");
            } else {
                sb_append_json(&sb, r.value[c]);
            }
        }
        sb_append_char(&sb, '}');
        row_free(&r);
        sl_free(&formats);
    }
    sb_append(&sb, "\n]}\n");
    if (len)
        *len = sb.len;
    return sb_take(&sb);
}

/* RFC 4180: a field with a comma, quote or line break is quoted, quotes
 * doubled.  A field starting = + - @ is prefixed with ' so a spreadsheet
 * does not run it as a formula (CSV injection). */
static void csv_field(StrBuf *sb, const char *s)
{
    bool formula = *s == '=' || *s == '+' || *s == '-' || *s == '@';
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        sb_append(sb, s);
        return;
    }
    sb_append_char(sb, '"');
    if (formula)
        sb_append_char(sb, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            sb_append_char(sb, '"');
        sb_append_char(sb, *p);
    }
    sb_append_char(sb, '"');
}

char *open_data_csv(const Site *site, size_t *len)
{
    StrBuf sb;
    sb_init(&sb);
    for (size_t c = 0; c < open_data_column_count; c++) {
        if (c)
            sb_append_char(&sb, ',');
        sb_append(&sb, open_data_columns[c].name);
    }
    sb_append(&sb, "\r\n");
    for (size_t i = 0; i < site->pack_count; i++) {
        Row r;
        StrList formats = {0};
        row_fill(&r, site, &site->packs[i], &formats);
        for (size_t c = 0; c < open_data_column_count; c++) {
            if (c)
                sb_append_char(&sb, ',');
            if (r.list[c]) {
                StrBuf joined;
                sb_init(&joined);
                for (size_t k = 0; k < r.list[c]->count; k++)
                    sb_printf(&joined, "%s%s", k ? "; " : "", r.list[c]->items[k]);
                char *j = sb_take(&joined);
                csv_field(&sb, j);
                free(j);
            } else {
                csv_field(&sb, r.value[c]);
            }
        }
        sb_append(&sb, "\r\n");
        row_free(&r);
        sl_free(&formats);
    }
    if (len)
        *len = sb.len;
    return sb_take(&sb);
}

char *open_data_readme(const Site *site, size_t *len)
{
    StrBuf sb;
    sb_init(&sb);
    sb_printf(&sb,
              "Consultations by %s, as open data\n\n"
              "consultations.json and consultations.csv list every consultation on\n"
              "this site, made each time the site is built. The CSV uses the same\n"
              "column names as the JSON keys, in the same order. Dates are\n"
              "YYYY-MM-DD. In the JSON, lists are arrays and an empty value is null.\n"
              "Each consultation's closing date and events are also in its\n"
              "calendar.ics, and every consultation's in calendar.ics at the top.\n\n"
              "Columns:\n\n",
              site->organisation ? site->organisation : site->title);
    for (size_t c = 0; c < open_data_column_count; c++)
        sb_printf(&sb, "%s\n    %s\n", open_data_columns[c].name, open_data_columns[c].meaning);
    if (len)
        *len = sb.len;
    return sb_take(&sb);
}
