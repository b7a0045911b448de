/* feedback.c: reading a pack's you-said-we-did.csv with libcsv.
 *
 * libcsv does the RFC 4180 work (quotes, doubled quotes, newlines inside
 * quoted fields) but does not say where a row began.  So the text is fed
 * to it one byte at a time while this file keeps its own account of lines:
 * the first byte of each field and of each row is noted before libcsv sees
 * it, and the callbacks, which fire when a field or row *ends*, pick the
 * start line up from there.  Feedback files are a few hundred rows, so the
 * byte-at-a-time cost does not show.
 */
#include "feedback.h"
#include "diag.h"
#include "encoding.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum {
    COL_YOU_SAID, COL_WE_DID, COL_STATUS, COL_REASON, COL_THEME, COL_FOLLOW_UP,
    COL_EASY_YOU_SAID, COL_EASY_WE_DID, COL_EASY_REASON, COL_PICTURE, COL_COUNT,
    COL_IGNORED = -1
} Column;

static const char *const column_names[COL_COUNT] = {
    "you_said", "we_did", "status", "reason", "theme", "follow_up",
    "easy_you_said", "easy_we_did", "easy_reason", "picture",
};

#define COLUMN_LIST "you_said, we_did, status, reason, theme, follow_up, easy_you_said, easy_we_did, easy_reason, picture"

typedef struct Reader {
    const char *path;            /* as shown in messages */
    const char *text;
    size_t len, pos;
    int line;                    /* of the byte at pos */

    /* Where the field and row being read began (see the comment at the top). */
    bool field_open, row_open;
    int field_line, row_line;
    size_t field_start;

    StrList fields;              /* of the row being read */
    bool row_broken;             /* a parse error was reported for it already */

    bool have_header;
    int *column_of;              /* field index -> Column, for header_count fields */
    size_t header_count;
    bool has_column[COL_COUNT];

    FeedbackRow *rows;
    size_t count, cap;
    size_t errors;
} Reader;

static void on_field(void *data, size_t len, void *ctx)
{
    Reader *r = ctx;
    /* Values are trimmed: a space typed after a comma is never meant. */
    const char *s = data ? data : "";
    if (!data)
        len = 0;
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    sl_push_owned(&r->fields, xstrndup(s, len));
    r->field_open = false;
}

/* Header names are matched leniently ("You said", "you-said", " YOU_SAID ")
 * because people type them in Excel. */
static Column column_from_name(const char *name)
{
    char key[32];
    size_t n = 0;
    for (const char *s = name; *s && n < sizeof key - 1; s++)
        key[n++] = (*s == ' ' || *s == '-') ? '_' : (char)tolower((unsigned char)*s);
    key[n] = '\0';
    for (int c = 0; c < COL_COUNT; c++)
        if (!strcmp(key, column_names[c]))
            return (Column)c;
    return COL_IGNORED;
}

static void read_header(Reader *r)
{
    r->have_header = true;
    r->header_count = r->fields.count;
    r->column_of = xcalloc(r->header_count ? r->header_count : 1, sizeof *r->column_of);
    for (size_t i = 0; i < r->fields.count; i++) {
        const char *name = r->fields.items[i];
        Column c = column_from_name(name);
        r->column_of[i] = c;
        if (c == COL_IGNORED) {
            if (*name)
                diag_warning(r->path, r->row_line, "unknown column '%s' is ignored (the columns are: %s)",
                             name, COLUMN_LIST);
            else
                diag_warning(r->path, r->row_line, "column %zu has no name, so it is ignored", i + 1);
        } else if (r->has_column[c]) {
            diag_error(r->path, r->row_line, "column '%s' appears twice in the header row", column_names[c]);
            r->errors++;
            r->column_of[i] = COL_IGNORED;
        } else {
            r->has_column[c] = true;
        }
    }
    for (int c = COL_YOU_SAID; c <= COL_STATUS; c++)
        if (!r->has_column[c]) {
            diag_error(r->path, r->row_line,
                       "missing column '%s': the header row needs you_said, we_did and status",
                       column_names[c]);
            r->errors++;
        }
}

/* True when text names the status id, written as a person types it in a
 * spreadsheet: "Not doing", "not_doing" and "NOT-DOING" all mean not-doing. */
static bool status_is(const char *text, const char *id)
{
    for (;; text++, id++) {
        int c = tolower((unsigned char)*text);
        if (c == ' ' || c == '_')
            c = '-';
        if (c != *id)
            return false;
        if (!c)
            return true;
    }
}

static bool parse_status(const char *text, FeedbackStatus *out)
{
    for (int s = FEEDBACK_DONE; s <= FEEDBACK_NOT_DOING; s++)
        if (status_is(text, feedback_status_id((FeedbackStatus)s))) {
            *out = (FeedbackStatus)s;
            return true;
        }
    return false;
}

static void row_error(Reader *r, const char *fmt, const char *arg)
{
    diag_error(r->path, r->row_line, fmt, arg);
    r->errors++;
}

/* Takes the value out of the row (so it is not freed twice); NULL when the
 * column is absent or the value is empty. */
static char *take(char **values, Column c)
{
    char *v = values[c];
    if (!v || !*v)
        return NULL;
    values[c] = NULL;
    return v;
}

static void read_row(Reader *r)
{
    bool blank = true;
    for (size_t i = 0; i < r->fields.count; i++)
        if (*r->fields.items[i])
            blank = false;
    if (blank)      /* Excel writes ",,,," for rows it thinks are in use */
        return;
    if (r->fields.count != r->header_count) {
        diag_error(r->path, r->row_line,
                   "this row has %zu fields but the header row has %zu; "
                   "a field with a comma in it must be inside quotes",
                   r->fields.count, r->header_count);
        r->errors++;
        return;
    }

    char *values[COL_COUNT] = {0};
    for (size_t i = 0; i < r->fields.count; i++)
        if (r->column_of[i] != COL_IGNORED)
            values[r->column_of[i]] = r->fields.items[i];

    size_t errors_before = r->errors;
    FeedbackRow row = {.line = r->row_line, .follow_up = DAY_NONE};
    if (r->has_column[COL_YOU_SAID] && !*values[COL_YOU_SAID])
        row_error(r, "you_said is empty: say what people told you%s", "");
    if (r->has_column[COL_WE_DID] && !*values[COL_WE_DID])
        row_error(r, "we_did is empty: say what was done, is being done, or could not be done%s", "");
    if (r->has_column[COL_STATUS]) {
        const char *status = values[COL_STATUS];
        if (!*status)
            row_error(r, "status is empty: use done, doing or not-doing%s", "");
        else if (!parse_status(status, &row.status))
            row_error(r, "unknown status '%s': use done, doing or not-doing", status);
        else if (row.status == FEEDBACK_NOT_DOING && (!values[COL_REASON] || !*values[COL_REASON]))
            row_error(r, "status is not-doing but reason is empty: people are told why%s", "");
    }
    if (values[COL_FOLLOW_UP] && *values[COL_FOLLOW_UP] && !date_parse(values[COL_FOLLOW_UP], &row.follow_up))
        row_error(r, "follow_up '%s' is not a date as YYYY-MM-DD", values[COL_FOLLOW_UP]);
    if (r->errors != errors_before || !r->has_column[COL_YOU_SAID] || !r->has_column[COL_WE_DID]
        || !r->has_column[COL_STATUS])
        return;

    /* values[] points into r->fields; take() moves ownership to the row. */
    for (size_t i = 0; i < r->fields.count; i++)
        if (r->column_of[i] != COL_IGNORED)
            r->fields.items[i] = NULL;
    row.you_said = take(values, COL_YOU_SAID);
    row.we_did = take(values, COL_WE_DID);
    row.reason = take(values, COL_REASON);
    row.theme = take(values, COL_THEME);
    row.easy_you_said = take(values, COL_EASY_YOU_SAID);
    row.easy_we_did = take(values, COL_EASY_WE_DID);
    row.easy_reason = take(values, COL_EASY_REASON);
    row.picture = take(values, COL_PICTURE);
    for (int c = 0; c < COL_COUNT; c++)
        free(values[c]);     /* status, follow_up and empty ones: not kept as text */

    GROW(r->rows, r->count, r->cap);
    r->rows[r->count++] = row;
}

static void clear_fields(Reader *r)
{
    sl_free(&r->fields);
    r->fields = (StrList){0};
}

static void on_row(int terminator, void *ctx)
{
    (void)terminator;
    Reader *r = ctx;
    if (!r->row_broken) {
        if (!r->have_header)
            read_header(r);
        else
            read_row(r);
    }
    clear_fields(r);
    r->row_open = r->field_open = false;
    r->row_broken = false;
}

static void report_bad_quote(Reader *r)
{
    const char *s = r->text + r->field_start;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '"')
        diag_error(r->path, r->field_line,
                   "unbalanced quote: the quoted field that starts here is not closed "
                   "(a quote inside a quoted field is written twice: \"\")");
    else
        diag_error(r->path, r->field_line,
                   "unbalanced quote: a field with a quote in it must be inside quotes, "
                   "with the quote written twice (\"\")");
    r->errors++;
}

static bool is_line_end(const Reader *r, size_t i)
{
    /* "\r\n" counts once, at the "\n"; a lone "\r" (old Mac Excel) counts too. */
    return r->text[i] == '\n' || (r->text[i] == '\r' && (i + 1 >= r->len || r->text[i + 1] != '\n'));
}

static void start_parser(struct csv_parser *p)
{
    if (csv_init(p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI) != 0) {
        diag_error(NULL, 0, "out of memory starting the CSV parser");
        exit(2);
    }
    /* libcsv grows a field by this many bytes at a time (128 by default):
     * a 10 MB cell then took 80,000 reallocs, each copying the whole cell
     * when realloc cannot grow in place (under ASan: minutes). */
    csv_set_blk_size(p, 64 * 1024);
}

/* After a parse error libcsv cannot go on, so skip to the next line and
 * start a fresh parser there: later rows still get checked. */
static void recover(Reader *r, struct csv_parser *p)
{
    report_bad_quote(r);
    csv_free(p);
    start_parser(p);
    clear_fields(r);
    while (r->pos < r->len && !is_line_end(r, r->pos))
        r->pos++;
    if (r->pos < r->len) {
        r->pos++;
        r->line++;
    }
    r->row_open = r->field_open = false;
    r->row_broken = false;
}

static void parse_all(Reader *r)
{
    struct csv_parser p;
    start_parser(&p);
    while (r->pos < r->len) {
        unsigned char c = (unsigned char)r->text[r->pos];
        bool blank = c == ' ' || c == '\t';
        bool newline = c == '\n' || c == '\r';
        if (!r->field_open && !blank && (r->row_open || !newline)) {
            r->field_open = true;
            r->field_line = r->line;
            r->field_start = r->pos;
            if (!r->row_open) {
                r->row_open = true;
                r->row_line = r->line;
            }
        }
        if (csv_parse(&p, &r->text[r->pos], 1, on_field, on_row, r) != 1) {
            recover(r, &p);
            continue;
        }
        if (is_line_end(r, r->pos))
            r->line++;
        r->pos++;
    }
    if (csv_fini(&p, on_field, on_row, r) != 0)
        report_bad_quote(r);
    csv_free(&p);
    clear_fields(r);
}

bool feedback_parse(const char *data, size_t len, const char *display_path, const char *encoding,
                    Feedback *out)
{
    *out = (Feedback){0};
    size_t text_len;
    char *text = encoding_to_utf8(data, len, encoding, display_path, &text_len);
    if (!text)
        return false;

    Reader r = {.path = display_path, .text = text, .len = text_len, .line = 1};
    parse_all(&r);
    if (!r.have_header) {
        diag_error(display_path, 1, "the file is empty: it needs a header row with you_said, we_did and status");
        r.errors++;
    }
    free(r.column_of);
    free(text);

    Feedback result = {.path = xstrdup(display_path), .rows = r.rows, .count = r.count};
    if (r.errors) {
        feedback_free(&result);
        return false;
    }
    *out = result;
    return true;
}

bool feedback_load(const char *path, const char *display_path, const char *encoding, Feedback *out)
{
    *out = (Feedback){0};
    size_t len;
    char *data = read_file(path, &len);
    if (!data) {
        diag_error(display_path, 0, "cannot read this file: %s", strerror(errno));
        return false;
    }
    bool ok = feedback_parse(data, len, display_path, encoding, out);
    free(data);
    return ok;
}

char *feedback_header_row(void)
{
    StrBuf sb;
    sb_init(&sb);
    for (int c = 0; c < COL_COUNT; c++) {
        if (c)
            sb_append(&sb, ",");
        sb_append(&sb, column_names[c]);
    }
    sb_append(&sb, "\r\n");
    return sb_take(&sb);
}

size_t feedback_check_follow_up(const Feedback *feedback, Day today)
{
    size_t warned = 0;
    for (size_t i = 0; i < feedback->count; i++) {
        const FeedbackRow *row = &feedback->rows[i];
        if (row->status == FEEDBACK_DOING && row->follow_up != DAY_NONE && row->follow_up < today) {
            char when[11];
            date_iso(row->follow_up, when);
            diag_warning(feedback->path, row->line,
                         "follow-up date has passed (%s) and this row is still 'doing': "
                         "update this row to say what happened", when);
            warned++;
        }
    }
    return warned;
}
