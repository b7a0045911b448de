/* html_validate.c: the libtidy pass over every written page.
 *
 * Tidy (libtidy 5.6, Debian's libtidy-dev) is used as a validator only: it
 * parses a page, repairs its own copy of the tree (that is where it checks
 * attributes) and runs its diagnostics, and each message it reports through
 * tidySetMessageCallback becomes a Finding.  Its output is never saved.
 *
 * Tidy's own levels are a poor guide to what matters: it calls an unclosed
 * <table> or a duplicate id a "warning" because it knows how to repair them,
 * but a browser repairs them differently and screen readers then announce a
 * different page from the one the author wrote.  So the level comes from
 * the rule table below, one rule per kind of fault, each listing the tidy
 * message keys it covers.  The rule is that a fault the W3C Nu checker
 * would also call an error is an error here; tidy's doubts about markup
 * that is valid HTML are warnings.  Messages the table does not know keep
 * tidy's level under a catch-all rule, with tidy's key in the message so
 * that a person can look it up and a later version can give it a rule.
 */
#include "html_validate.h"
#include "tidy_arena.h"
#include "diag.h"
#include "html_pieces.h"
#include "util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tidy/tidy.h>
#include <tidy/tidybuffio.h>

/* ---- Rules ---------------------------------------------------------- */

typedef struct {
    Rule rule;
    const char *keys;     /* tidy message keys, space separated, each padded by spaces */
    const char *hint;     /* how to fix it, in plain words */
} TidyRule;

static const TidyRule tidy_rules[] = {
    { { "html-duplicate-id", "html", LEVEL_ERROR, NULL, NULL,
        "Two elements have the same id" },
      " ANCHOR_NOT_UNIQUE ",
      "Links and labels that point at this id may go to the wrong place; give each id once." },
    { { "html-unclosed-element", "html", LEVEL_ERROR, NULL, NULL,
        "An element is not closed" },
      " MISSING_ENDTAG_FOR MISSING_ENDTAG_BEFORE UNEXPECTED_END_OF_FILE ",
      "Add the missing end tag where the element should finish." },
    { { "html-stray-end-tag", "html", LEVEL_ERROR, NULL, NULL,
        "An end tag has nothing to close" },
      " DISCARDING_UNEXPECTED UNEXPECTED_ENDTAG UNEXPECTED_ENDTAG_IN UNEXPECTED_ENDTAG_ERR ",
      "Remove the tag, or add the start tag it belongs to." },
    { { "html-misnested", "html", LEVEL_ERROR, NULL, NULL,
        "Tags are closed in the wrong order" },
      " NON_MATCHING_ENDTAG COERCE_TO_ENDTAG ",
      "Close elements in the reverse order they were opened: <b><i>..</i></b>." },
    { { "html-misplaced-element", "html", LEVEL_ERROR, NULL, NULL,
        "An element is somewhere HTML does not allow it" },
      " INSERTING_TAG MISSING_STARTTAG CANT_BE_NESTED ILLEGAL_NESTING TAG_NOT_ALLOWED_IN"
      " TOO_MANY_ELEMENTS TOO_MANY_ELEMENTS_IN CONTENT_AFTER_BODY NOFRAMES_CONTENT"
      " DUPLICATE_FRAMESET ELEMENT_NOT_EMPTY ",
      "Move the element, for example a <div> out of a <p>, or text into a <li>." },
    { { "html-unknown-element", "html", LEVEL_ERROR, NULL, NULL,
        "An element HTML does not have" },
      " UNKNOWN_ELEMENT UNKNOWN_ELEMENT_LOOKS_CUSTOM PROPRIETARY_ELEMENT ",
      "Check the spelling, or use a standard element." },
    { { "html-obsolete", "html", LEVEL_ERROR, NULL, NULL,
        "Markup that HTML5 no longer has" },
      " REMOVED_HTML5 OBSOLETE_ELEMENT BAD_SUMMARY_HTML5 ELEMENT_VERS_MISMATCH_ERROR"
      " ELEMENT_VERS_MISMATCH_WARN MISMATCHED_ATTRIBUTE_ERROR ",
      "Use CSS for looks, and current elements for meaning." },
    { { "html-repeated-attribute", "html", LEVEL_ERROR, NULL, NULL,
        "An attribute is given twice" },
      " REPEATED_ATTRIBUTE JOINING_ATTRIBUTE ",
      "Keep one of them; browsers ignore the second." },
    { { "html-malformed-markup", "html", LEVEL_ERROR, NULL, NULL,
        "Markup is broken: a quote, bracket or comment" },
      " UNEXPECTED_GT UNEXPECTED_QUOTEMARK MISSING_QUOTEMARK SUSPECTED_MISSING_QUOTE"
      " UNEXPECTED_EQUALSIGN UNEXPECTED_END_OF_FILE_ATTR MALFORMED_COMMENT"
      " MALFORMED_COMMENT_DROPPING MALFORMED_COMMENT_EOS MALFORMED_COMMENT_WARN"
      " BAD_CDATA_CONTENT ",
      "Check the quotes and angle brackets around this place." },
    { { "html-doctype", "html", LEVEL_ERROR, NULL, NULL,
        "The page does not start with <!DOCTYPE html>" },
      " MISSING_DOCTYPE MALFORMED_DOCTYPE DOCTYPE_AFTER_TAGS ",
      "Without it browsers fall back to an old way of laying pages out." },
    { { "html-missing-title", "html", LEVEL_ERROR, "2.4.2", NULL,
        "The page has no <title>" },
      " MISSING_TITLE_ELEMENT ",
      "The title is the first thing a screen reader says about a page." },
    { { "html-encoding", "html", LEVEL_ERROR, NULL, NULL,
        "Characters that are not valid UTF-8" },
      " INVALID_UTF8 INVALID_UTF16 ENCODING_MISMATCH INVALID_SGML_CHARS"
      " VENDOR_SPECIFIC_CHARS BAD_SURROGATE_LEAD BAD_SURROGATE_PAIR BAD_SURROGATE_TAIL ",
      "Save the source as UTF-8, or set its encoding in the front matter." },
    { { "html-unknown-attribute", "html", LEVEL_WARNING, NULL, NULL,
        "An attribute this element does not have" },
      " PROPRIETARY_ATTRIBUTE ATTRIBUTE_IS_NOT_ALLOWED MISMATCHED_ATTRIBUTE_WARN ",
      "Check the spelling; browsers and screen readers ignore unknown attributes." },
    { { "html-bad-attribute-value", "html", LEVEL_WARNING, NULL, NULL,
        "An attribute has a value HTML does not allow" },
      " BAD_ATTRIBUTE_VALUE BAD_ATTRIBUTE_VALUE_REPLACED PROPRIETARY_ATTR_VALUE"
      " INVALID_ATTRIBUTE MISSING_ATTR_VALUE ATTRIBUTE_VALUE_REPLACED ",
      "Use one of the values the attribute allows." },
    { { "html-missing-attribute", "html", LEVEL_WARNING, NULL, NULL,
        "An element lacks an attribute it needs" },
      " MISSING_ATTRIBUTE MISSING_IMAGEMAP ",
      "Add the attribute tidy names." },
    { { "html-bad-id", "html", LEVEL_WARNING, NULL, NULL,
        "An id is not a usable name" },
      " ID_NAME_MISMATCH INVALID_XML_ID XML_ID_SYNTAX ",
      "Use letters, digits and hyphens, starting with a letter." },
    { { "html-character-reference", "html", LEVEL_WARNING, NULL, NULL,
        "An & that does not start a character reference" },
      " UNKNOWN_ENTITY UNESCAPED_AMPERSAND MISSING_SEMICOLON MISSING_SEMICOLON_NCR APOS_UNDEFINED ",
      "Write & as &amp; or end the reference with a semicolon." },
    { { "html-nested-emphasis", "html", LEVEL_WARNING, NULL, NULL,
        "Emphasis or a quotation inside another of the same kind" },
      " NESTED_EMPHASIS NESTED_QUOTATION ",
      "Emphasis twice over says nothing more; remove the inner one." },
    { { "html-uri", "html", LEVEL_WARNING, NULL, NULL,
        "A link address with characters that need escaping" },
      " BACKSLASH_IN_URI FIXED_BACKSLASH ILLEGAL_URI_REFERENCE ILLEGAL_URI_CODEPOINT"
      " ESCAPED_ILLEGAL_URI NEWLINE_IN_URI WHITE_IN_URI ",
      "Use / rather than \\ and write spaces as %20." },
    { { "html-empty-element", "html", LEVEL_WARNING, NULL, NULL,
        "An element with nothing in it" },
      " TRIM_EMPTY_ELEMENT ",
      "Remove it, or put its content in." },
    /* Not tidy's: see check_control_characters(). */
    { { "html-control-character", "html", LEVEL_ERROR, NULL, NULL,
        "An invisible control character" },
      "", "Remove it; it is usually left over from copying text out of another program." },
    /* Catch-alls: tidy's own level, and its key in the message. */
    { { "html-other-error", "html", LEVEL_ERROR, NULL, NULL,
        "HTML that tidy reports as an error" },
      "", "" },
    { { "html-other-warning", "html", LEVEL_WARNING, NULL, NULL,
        "HTML that tidy warns about" },
      "", "" },
};

#define RULE_COUNT (sizeof tidy_rules / sizeof tidy_rules[0])
#define OTHER_ERROR (&tidy_rules[RULE_COUNT - 2])
#define OTHER_WARNING (&tidy_rules[RULE_COUNT - 1])
#define CONTROL_CHARACTER (&tidy_rules[RULE_COUNT - 3])

const Rule *html_validate_rule_at(size_t index)
{
    return index < RULE_COUNT ? &tidy_rules[index].rule : NULL;
}

/* True when word stands in list, whose words are each surrounded by spaces. */
static bool word_listed(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = n ? strstr(list, word) : NULL; p; p = strstr(p + 1, word))
        if (p > list && p[-1] == ' ' && p[n] == ' ')
            return true;
    return false;
}

static const TidyRule *rule_for_key(const char *key, TidyReportLevel level)
{
    for (size_t i = 0; key && i < RULE_COUNT - 3; i++)
        if (word_listed(tidy_rules[i].keys, key))
            return &tidy_rules[i];
    return level == TidyWarning ? OTHER_WARNING : OTHER_ERROR;
}

/* ---- Attributes newer than tidy 5.6 -------------------------------- */

/* libtidy 5.6 (2017) predates parts of WAI-ARIA 1.2 and of HTML's living
 * standard, and calls these attributes "proprietary".  They are valid, and
 * the Nu checker accepts them, so tidy's complaint is dropped.  Other
 * unknown attributes (a typo such as "atl" for "alt") are still reported. */
static const char global_attributes[] =
    " aria-current aria-details aria-errormessage aria-modal aria-roledescription"
    " aria-keyshortcuts aria-colcount aria-colindex aria-colspan aria-rowcount"
    " aria-rowindex aria-rowspan aria-placeholder aria-description aria-braillelabel"
    " aria-brailleroledescription aria-colindextext aria-rowindextext inert enterkeyhint"
    " inputmode popover nonce autocapitalize autofocus part slot ";

/* And these, only on the element named. */
static const struct { const char *element, *attribute; } modern_attributes[] = {
    { "img", "loading" },           { "iframe", "loading" },
    { "img", "decoding" },          { "img", "fetchpriority" },
    { "link", "fetchpriority" },    { "script", "fetchpriority" },
    { "img", "referrerpolicy" },    { "iframe", "referrerpolicy" },
    { "a", "referrerpolicy" },      { "link", "referrerpolicy" },
    { "script", "referrerpolicy" }, { "link", "integrity" },
    { "script", "integrity" },      { "link", "blocking" },
    { "script", "blocking" },       { "style", "blocking" },
    { "iframe", "allow" },          { "a", "ping" },
    { "button", "popovertarget" },  { "input", "popovertarget" },
    { "button", "popovertargetaction" }, { "input", "popovertargetaction" },
    { "link", "imagesrcset" },      { "link", "imagesizes" },
    /* Inside inline <svg>, tidy takes <title> for the HTML one. */
    { "title", "id" },
};

/* Tidy names the element as "<img>" in its first argument. */
static bool is_modern_attribute(const char *element, const char *attribute)
{
    size_t elen = 0;
    if (element && element[0] == '<') {
        element++;
        elen = strcspn(element, "> ");
    }
    if (word_listed(global_attributes, attribute))
        return true;
    for (size_t i = 0; i < sizeof modern_attributes / sizeof modern_attributes[0]; i++) {
        if (strcmp(modern_attributes[i].attribute, attribute) != 0)
            continue;
        const char *e = modern_attributes[i].element;
        if (element && strlen(e) == elen && strncmp(e, element, elen) == 0)
            return true;
    }
    return false;
}

/* The first and last string arguments of a message. */
static void message_string_args(TidyMessage m, const char **first, const char **last)
{
    *first = *last = NULL;
    TidyIterator it = tidyGetMessageArguments(m);
    while (it) {
        TidyMessageArgument arg = tidyGetNextMessageArgument(m, &it);
        if (tidyGetArgType(m, &arg) != tidyFormatType_STRING)
            continue;
        const char *s = tidyGetArgValueString(m, &arg);
        if (!*first)
            *first = s;
        *last = s;
    }
}

/* ---- Settings ------------------------------------------------------ */

/* The defaults when no config file is given: the same settings as
 * themes/default/tidy.conf, which explains each of them. */
static const char *const default_options[][2] = {
    { "doctype", "html5" },
    { "markup", "no" },
    { "quiet", "yes" },
    { "show-info", "no" },
    { "show-warnings", "yes" },
    { "show-errors", "1000" },
    { "accessibility-check", "0" },
    { "drop-empty-elements", "no" },
    { "drop-empty-paras", "no" },
    { "warn-proprietary-attributes", "yes" },
    { "input-encoding", "utf8" },
    { "fix-uri", "no" },
    { "new-inline-tags", "data" },
    { "new-blocklevel-tags", "search" },
};

/* Tidy's messages about a config file name the option but not the line;
 * find the line that sets it so the message can say file:line. */
static int option_line(const char *text, const char *option)
{
    if (!text || !option)
        return 0;
    size_t n = strlen(option);
    int line = 1;
    for (const char *p = text; *p; line++) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncmp(p, option, n) == 0 && (p[n] == ':' || p[n] == '=' || p[n] == ' ' || p[n] == '\t'))
            return line;
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    return 0;
}

typedef struct {
    const char *path;
    char *text;          /* the config file, to find lines in */
    StrList seen;        /* tidy repeats some messages; report each once */
    int errors;
} ConfigLoad;

static Bool TIDY_CALL config_message(TidyMessage m)
{
    ConfigLoad *load = tidyGetAppData(tidyGetMessageDoc(m));
    TidyReportLevel level = tidyGetMessageLevel(m);
    const char *key = tidyGetMessageKey(m);
    if (level < TidyConfig || level > TidyFatal || level == TidyAccess)
        return no;
    if (key && strcmp(key, "STRING_MUTING_TYPE") == 0)   /* "mute:" acknowledged */
        return no;
    const char *first, *last;
    message_string_args(m, &first, &last);
    const char *text = tidyGetMessage(m);
    char *once = xasprintf("%s|%s", key ? key : "", text ? text : "");
    if (!sl_contains(&load->seen, once)) {
        sl_push_owned(&load->seen, once);
        char *msg = xstrdup(text ? text : "tidy cannot read this file");
        str_trim(msg);
        bool is_file = key && strncmp(key, "FILE_", 5) == 0;
        diag_error(load->path, is_file ? 0 : option_line(load->text, first),
                   "tidy settings: %s", msg);
        free(msg);
        load->errors++;
    } else {
        free(once);
    }
    return no;
}

/* ---- The validator ------------------------------------------------- */

struct HtmlValidator {
    TidyDoc settings;          /* never parses; pages copy its options */
    pthread_mutex_t lock;      /* guards settings while a page copies them */
    StrList declared_tags;     /* new-*-tags in the settings, as "<name>" */
    StrList muted;             /* message keys named by "mute:" */
    StrList mark_attributes;   /* the build's position marks, not given to tidy */
    char *mark_comment;        /* the start of a comment that is such a mark */
    int tab_size;              /* tidy's, to count columns as it does */
    HtmlCheckMode mode;
    PieceVerdicts *verdicts;   /* piecewise: what tidy said of each shell and content */
    atomic_size_t tidy_runs;   /* documents tidy has parsed, pieces and pages */
};

static HtmlCheckMode default_mode = HTML_CHECK_PIECEWISE;

void html_validate_set_default_mode(HtmlCheckMode mode)
{
    default_mode = mode;
}

void html_validator_set_mode(HtmlValidator *v, HtmlCheckMode mode)
{
    v->mode = mode;
}

size_t html_validator_tidy_runs(HtmlValidator *v)
{
    return atomic_load(&v->tidy_runs);
}

/* Elements named in new-inline-tags and the like are ones the settings
 * declare valid; tidy still calls each use "not approved by W3C". */
static void collect_declared_tags(TidyDoc doc, StrList *out)
{
    static const TidyOptionId kinds[] = { TidyInlineTags, TidyBlockTags, TidyEmptyTags, TidyPreTags };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        TidyIterator it = tidyOptGetDeclTagList(doc);
        while (it) {
            const char *name = tidyOptGetNextDeclTag(doc, kinds[k], &it);
            if (name)
                sl_push_owned(out, xasprintf("<%s>", name));
        }
    }
}

/* libtidy 5.6 still passes muted messages to the callback, and the flag
 * tidyGetMessageIsMuted reads is not always set (it can hold garbage), so
 * sayso keeps the list of muted keys itself. */
static void collect_muted(TidyDoc doc, StrList *out)
{
    TidyIterator it = tidyOptGetMutedMessageList(doc);
    while (it) {
        const char *key = tidyOptGetNextMutedMessage(doc, &it);
        if (key)
            sl_push(out, key);
    }
}

/* tidyCreate calls setlocale() and keeps the string it returns, which
 * another thread's setlocale() frees (valgrind saw the read after free):
 * every tidy document is made under one lock. */
static TidyDoc tidy_create(TidyAllocator *allocator)
{
    static pthread_mutex_t create_lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&create_lock);
    TidyDoc doc = allocator ? tidyCreateWithAllocator(allocator) : tidyCreate();
    pthread_mutex_unlock(&create_lock);
    return doc;
}

HtmlValidator *html_validator_new(const char *config_path)
{
    TidyDoc doc = tidy_create(NULL);
    ConfigLoad load = { .path = config_path };
    bool ok = true;
    tidySetAppData(doc, &load);
    tidySetMessageCallback(doc, config_message);
    for (size_t i = 0; i < sizeof default_options / sizeof default_options[0]; i++) {
        TidyOptionId id = tidyOptGetIdForName(default_options[i][0]);
        ok = ok && id != N_TIDY_OPTIONS && tidyOptParseValue(doc, default_options[i][0], default_options[i][1]);
    }
    if (!ok) {
        diag_error(NULL, 0, "sayso's built-in tidy settings were refused by libtidy %s",
                   tidyLibraryVersion());
    } else if (config_path) {
        load.text = read_file(config_path, NULL);
        if (!load.text) {
            diag_error(config_path, 0, "cannot read tidy settings");
            ok = false;
        } else {
            /* tidyLoadConfig counts its "mute:" acknowledgements as
             * problems too, so the messages decide, not its result. */
            int rc = tidyLoadConfig(doc, config_path);
            if (rc < 0 || load.errors) {
                if (!load.errors)
                    diag_error(config_path, 0, "tidy cannot use these settings");
                ok = false;
            }
        }
    }
    free(load.text);
    sl_free(&load.seen);
    tidySetAppData(doc, NULL);
    tidySetMessageCallback(doc, NULL);
    if (!ok) {
        tidyRelease(doc);
        return NULL;
    }
    HtmlValidator *v = xcalloc(1, sizeof *v);
    v->settings = doc;
    collect_declared_tags(doc, &v->declared_tags);
    collect_muted(doc, &v->muted);
    /* With keep-tabs a tab is one column, as tidy counts. */
    v->tab_size = tidyOptGetBool(doc, TidyKeepTabs) ? 0 : (int)tidyOptGetInt(doc, TidyTabSize);
    v->mode = default_mode;
    v->verdicts = piece_verdicts_new();
    pthread_mutex_init(&v->lock, NULL);
    return v;
}

void html_validator_skip_marks(HtmlValidator *v, const char *const *attributes, const char *comment_start)
{
    for (size_t i = 0; attributes && attributes[i]; i++)
        sl_push(&v->mark_attributes, attributes[i]);
    free(v->mark_comment);
    v->mark_comment = comment_start ? xstrdup(comment_start) : NULL;
}

void html_validator_free(HtmlValidator *v)
{
    if (!v)
        return;
    tidyRelease(v->settings);
    sl_free(&v->declared_tags);
    sl_free(&v->muted);
    sl_free(&v->mark_attributes);
    free(v->mark_comment);
    piece_verdicts_free(v->verdicts);
    pthread_mutex_destroy(&v->lock);
    free(v);
}

/* ---- What tidy reads ------------------------------------------------ */

/* The build's position marks are a tenth of a page's bytes, and each mark
 * attribute costs tidy a linear search of every attribute it knows, since
 * it knows none of them: together about a sixth of tidy's time.  Tidy is
 * given the page without them, and what it reports is placed back on the
 * page as given, so findings read as if tidy had seen the marks.  Marks
 * are cut where they are certain to be marks: attributes inside a start
 * tag, comments outside script and style. */

typedef struct {
    size_t at;       /* where the cut begins, in the text tidy reads */
    size_t len;      /* bytes of the page left out there */
} Cut;

typedef struct {
    char *text;      /* the page without its marks (the page itself when there are none) */
    size_t len;
    Cut *cuts;
    size_t count, cap;
} TidyText;

static void add_cut(TidyText *t, const char *page, const char *from, const char *to, size_t *copied)
{
    size_t start = (size_t)(from - page), n = (size_t)(from - page) - *copied;
    memcpy(t->text + t->len, page + *copied, n);
    t->len += n;
    *copied = (size_t)(to - page);
    if (t->count && t->cuts[t->count - 1].at == t->len) {
        t->cuts[t->count - 1].len += (size_t)(to - from);   /* two marks in a row */
        return;
    }
    if (t->count == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->cuts = xrealloc(t->cuts, t->cap * sizeof *t->cuts);
    }
    t->cuts[t->count++] = (Cut){ t->len, (size_t)(to - page) - start };
}

static bool is_mark_attribute(const HtmlValidator *v, const char *name, size_t n)
{
    for (size_t i = 0; i < v->mark_attributes.count; i++) {
        const char *m = v->mark_attributes.items[i];
        if (strncmp(m, name, n) == 0 && m[n] == '\0')
            return true;
    }
    return false;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Reads the start tag at p ("<name ...>"), cutting mark attributes, and
 * returns where it ends.  *raw says whether its content is raw text. */
static const char *scan_start_tag(const HtmlValidator *v, const char *page, const char *p,
                                  const char *end, TidyText *t, size_t *copied, bool *raw)
{
    const char *name = ++p;
    while (p < end && !is_space(*p) && *p != '>' && *p != '/')
        p++;
    size_t n = (size_t)(p - name);
    *raw = (n == 6 && strncasecmp(name, "script", 6) == 0) || (n == 5 && strncasecmp(name, "style", 5) == 0);
    while (p < end && *p != '>') {
        if (!is_space(*p)) {
            p++;
            continue;
        }
        const char *attr = p;
        while (p < end && is_space(*p))
            p++;
        const char *an = p;
        while (p < end && !is_space(*p) && *p != '>' && *p != '=' && *p != '/')
            p++;
        size_t alen = (size_t)(p - an);
        if (p < end && *p == '=') {
            p++;
            if (p < end && (*p == '"' || *p == '\'')) {
                const char *close = memchr(p + 1, *p, (size_t)(end - p - 1));
                p = close ? close + 1 : end;
            } else {
                while (p < end && !is_space(*p) && *p != '>')
                    p++;
            }
        }
        if (alen && is_mark_attribute(v, an, alen))
            add_cut(t, page, attr, p, copied);
    }
    return p < end ? p + 1 : end;
}

static void tidy_text_make(const HtmlValidator *v, const char *page, size_t len, TidyText *t)
{
    memset(t, 0, sizeof *t);
    if (!v->mark_attributes.count && !v->mark_comment) {
        t->text = (char *)page;
        t->len = len;
        return;
    }
    t->text = xmalloc(len + 1);
    size_t copied = 0, comment_len = v->mark_comment ? strlen(v->mark_comment) : 0;
    const char *p = page, *end = page + len;
    while ((p = memchr(p, '<', (size_t)(end - p)))) {
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *close = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
            const char *after = close ? close + 3 : end;
            if (comment_len && (size_t)(end - p - 4) >= comment_len
                && memcmp(p + 4, v->mark_comment, comment_len) == 0)
                add_cut(t, page, p, after, &copied);
            p = after;
        } else if (end - p >= 2 && ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z'))) {
            bool raw = false;
            const char *name = p + 1;
            p = scan_start_tag(v, page, p, end, t, &copied, &raw);
            if (raw) {
                /* Script and style hold text, never tags: on to their end tag. */
                size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
                for (const char *q = p; (q = memchr(q, '<', (size_t)(end - q))); q++)
                    if (end - q > (ptrdiff_t)n + 1 && q[1] == '/' && strncasecmp(q + 2, name, n) == 0) {
                        p = q;
                        break;
                    }
                if (p < end && !(p[0] == '<' && p[1] == '/'))
                    p = end;
            }
        } else {
            p++;
        }
        if (p >= end)
            break;
    }
    memcpy(t->text + t->len, page + copied, len - copied);
    t->len += len - copied;
    t->text[t->len] = '\0';
}

/* Tidy's line and column of text[to], counting from text[from] at line 1
 * column 1 as tidy does: characters, not bytes; tabs to the next stop; CR,
 * LF and CR LF each end a line; other control characters take no column. */
typedef struct { int line, column; } TidyPos;

static TidyPos tidy_advance(const char *text, size_t from, size_t to, int tab_size, TidyPos pos)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = from; i < to; i++) {
        unsigned c = s[i];
        if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < to && s[i + 1] == '\n')
                i++;
            pos.line++;
            pos.column = 1;
        } else if (c == '\t') {
            pos.column += tab_size > 0 ? tab_size - (pos.column - 1) % tab_size : 1;
        } else if (c >= 0x20 && (c & 0xC0) != 0x80) {
            pos.column++;
        }
    }
    return pos;
}

/* The offset in text of tidy's line and column (or as near as there is). */
static size_t tidy_offset(const char *text, size_t len, int tab_size, int line, int column)
{
    TidyPos pos = { 1, 1 };
    size_t i = 0;
    while (i < len && pos.line < line) {
        size_t next = i + 1;
        if (text[i] == '\r' && next < len && text[next] == '\n')
            next++;
        pos = tidy_advance(text, i, next, tab_size, pos);
        i = next;
    }
    while (i < len && pos.line == line && pos.column < column) {
        TidyPos next = tidy_advance(text, i, i + 1, tab_size, pos);
        if (next.line != line)
            break;
        pos = next;
        i++;
        while (i < len && (text[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

/* The line start at or before offset in text. */
static size_t line_start(const char *text, size_t offset)
{
    while (offset > 0 && text[offset - 1] != '\n' && text[offset - 1] != '\r')
        offset--;
    return offset;
}

/* What the message callback needs while one page is checked. */
typedef struct {
    const HtmlValidator *validator;
    const char *html;
    size_t len;
    const TidyText *tidy_text;
    const char *page_path;
    HtmlLineLocator locate;
    void *locate_data;
    FindingList *out;
} PageCheck;

/* A short piece of the page from html_line:html_column, for the report. */
static char *excerpt_at(const PageCheck *pc, int line, int column)
{
    if (line <= 0)
        return NULL;
    const char *p = pc->html, *end = pc->html + pc->len;
    for (int l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
        eol = end;
    if (column > 1 && (size_t)(column - 1) < (size_t)(eol - p))
        p += column - 1;
    return xstrndup(p, (size_t)(eol - p) > 120 ? 120 : (size_t)(eol - p));
}

/* Puts tidy's line and column, in the text it read, on the page as given:
 * past the marks cut before that place, and as many lines and columns on
 * as they took. */
static void page_position(const PageCheck *pc, int *line, int *column)
{
    const TidyText *t = pc->tidy_text;
    if (!t->count || *line <= 0)
        return;
    int tab = pc->validator->tab_size;
    size_t at = tidy_offset(t->text, t->len, tab, *line, *column);
    size_t before = 0;
    int lines = 0;
    for (size_t i = 0; i < t->count && t->cuts[i].at <= at; i++) {
        size_t page_from = t->cuts[i].at + before;
        lines += tidy_advance(pc->html, page_from, page_from + t->cuts[i].len, tab, (TidyPos){ 0, 0 }).line;
        before += t->cuts[i].len;
    }
    if (!before)
        return;
    size_t page_at = at + before;
    size_t text_line = line_start(t->text, at), page_line = line_start(pc->html, page_at);
    /* From column 1 of each line, for tab stops to fall where tidy's do. */
    TidyPos in_text = tidy_advance(t->text, text_line, at, tab, (TidyPos){ 1, 1 });
    TidyPos in_page = tidy_advance(pc->html, page_line, page_at, tab, (TidyPos){ 1, 1 });
    *line += lines;
    *column += in_page.column - in_text.column;
}

/* Whether tidy's message becomes a finding. */
static bool message_is_finding(const HtmlValidator *v, TidyMessage m)
{
    TidyReportLevel level = tidyGetMessageLevel(m);
    const char *key = tidyGetMessageKey(m);
    /* Info, accessibility (sayso has its own checker) and tidy's summary
     * lines are not findings; muted keys ("mute:" in tidy.conf) are off. */
    if ((level != TidyWarning && level != TidyError && level != TidyBadDocument && level != TidyFatal)
        || (key && sl_contains(&v->muted, key)))
        return false;
    const char *first, *last;
    message_string_args(m, &first, &last);
    if (key && strcmp(key, "PROPRIETARY_ATTRIBUTE") == 0 && last && is_modern_attribute(first, last))
        return false;
    if (key && strcmp(key, "PROPRIETARY_ELEMENT") == 0 && first && sl_contains(&v->declared_tags, first))
        return false;
    return true;
}

static Bool TIDY_CALL page_message(TidyMessage m)
{
    PageCheck *pc = tidyGetAppData(tidyGetMessageDoc(m));
    if (!message_is_finding(pc->validator, m))
        return no;
    TidyReportLevel level = tidyGetMessageLevel(m);
    const char *key = tidyGetMessageKey(m);

    const TidyRule *tr = rule_for_key(key, level);
    int html_line = tidyGetMessageLine(m), html_column = tidyGetMessageColumn(m);
    page_position(pc, &html_line, &html_column);
    const char *file = pc->page_path;
    int line = html_line;
    if (!(pc->locate && html_line > 0 && pc->locate(pc->locate_data, html_line, html_column, &file, &line))) {
        file = pc->page_path;
        line = html_line;
    }
    const char *text = tidyGetMessage(m);
    /* Tidy's key is named so that a council can "mute:" it in tidy.conf. */
    size_t n = text ? strlen(text) : 0;
    bool stop = n && strchr(".!?", text[n - 1]);
    findings_add_at(pc->out, &tr->rule, file, line, "%s%s%s%s (tidy %s at HTML line %d column %d)",
                    text ? text : "", stop ? "" : ".", *tr->hint ? " " : "", tr->hint,
                    key ? key : "message", html_line, html_column);
    char *excerpt = excerpt_at(pc, html_line, html_column);
    findings_set_excerpt(pc->out, excerpt);
    free(excerpt);
    return no;
}

/* A tidy document with the validator's settings.  What is worth reusing
 * is reused: the settings are read and checked once.  Documents are not:
 * tidy does not promise that one parse leaves nothing behind for the next,
 * and a new document with the settings copied in costs about 20
 * microseconds, against 1-3 ms to check a page. */
static TidyDoc new_page_doc(HtmlValidator *v, PageArena *arena)
{
    TidyDoc doc = tidy_create(&arena->base);
    pthread_mutex_lock(&v->lock);
    tidyOptCopyConfig(doc, v->settings);
    pthread_mutex_unlock(&v->lock);
    return doc;
}

/* Tidy passes control characters (U+0001-U+001F other than white space,
 * U+007F-U+009F) through without a word, but HTML forbids them, the Nu
 * checker rejects the page, and screen readers may read them out or stop.
 * They arrive in text pasted from word processors and PDFs. */
static void check_control_characters(const PageCheck *pc)
{
    /* Bytes that need a second look: C0 controls (newlines among them, to
     * count lines), DEL, and 0xC2, the lead byte of U+0080-U+009F.  Every
     * other byte is passed over at once: this scan reads every page. */
    const unsigned char *s = (const unsigned char *)pc->html, *end = s + pc->len;
    const unsigned char *line_start = s;
    int line = 1, reported_line = 0;
    for (const unsigned char *p = s; p < end; p++) {
        /* Eight bytes at a time while none of them needs a look. */
        while (end - p >= 8) {
            uint64_t x;
            memcpy(&x, p, 8);
            const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
            uint64_t y = x ^ (0x7F * ones), z = x ^ (0xC2 * ones);
            if (((x - 0x20 * ones) & ~x & highs) || ((y - ones) & ~y & highs) || ((z - ones) & ~z & highs))
                break;
            p += 8;
        }
        if (p == end)
            break;
        unsigned c = *p, code = 0;
        if (c >= 0x20 && c != 0x7F && c != 0xC2)
            continue;
        if (c == '\n') {
            line++;
            line_start = p + 1;
            continue;
        }
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\f') || c == 0x7F)
            code = c;
        else if (c == 0xC2 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9F)
            code = p[1];
        if (!code || line == reported_line)
            continue;
        reported_line = line;           /* once a line is enough to find them */
        int column = 1;                 /* columns count characters, not bytes */
        for (const unsigned char *q = line_start; q < p; q++)
            column += (*q & 0xC0) != 0x80;
        const char *file = pc->page_path;
        int at = line;
        if (!(pc->locate && pc->locate(pc->locate_data, line, column, &file, &at))) {
            file = pc->page_path;
            at = line;
        }
        findings_add_at(pc->out, &CONTROL_CHARACTER->rule, file, at,
                        "Control character U+%04X in the text. %s (HTML line %d column %d)",
                        code, CONTROL_CHARACTER->hint, line, column);
    }
}

/* Tidy's three passes over one document: parsing reports markup faults;
 * repairing (of tidy's own copy) is where it checks attributes;
 * diagnostics add document-wide ones. */
static void run_tidy(HtmlValidator *v, const char *text, size_t len, Bool (TIDY_CALL *on_message)(TidyMessage),
                     void *data)
{
    PageArena arena;
    page_arena_init(&arena);
    TidyDoc doc = new_page_doc(v, &arena);
    tidySetMessageCallback(doc, on_message);
    tidySetAppData(doc, data);
    TidyBuffer in;
    tidyBufInit(&in);
    tidyBufAttach(&in, (byte *)text, (uint)len);   /* borrowed, not copied */
    if (tidyParseBuffer(doc, &in) >= 0 && tidyCleanAndRepair(doc) >= 0)
        tidyRunDiagnostics(doc);
    tidyBufDetach(&in);
    tidyRelease(doc);
    page_arena_free_all(&arena);
    atomic_fetch_add(&v->tidy_runs, 1);
}

typedef struct {
    const HtmlValidator *validator;
    bool faulty;
} PieceCheck;

static Bool TIDY_CALL piece_message(TidyMessage m)
{
    PieceCheck *pc = tidyGetAppData(tidyGetMessageDoc(m));
    if (message_is_finding(pc->validator, m))
        pc->faulty = true;
    return no;
}

/* Whether tidy finds nothing in a piece, asking it once per key. */
static bool piece_clean(HtmlValidator *v, PieceKey key, const char *bytes, size_t len)
{
    PieceVerdict verdict = piece_verdict(v->verdicts, key);
    if (verdict == PIECE_UNKNOWN) {
        PieceCheck pc = { v, false };
        run_tidy(v, bytes, len, piece_message, &pc);
        verdict = pc.faulty ? PIECE_FAULTY : PIECE_CLEAN;
        piece_verdict_set(v->verdicts, key, verdict);
    }
    return verdict == PIECE_CLEAN;
}

/* Piecewise: true when the page's shell and content are each clean and
 * share no id, which proves tidy would find nothing in the whole page
 * (html_pieces.h).  Otherwise the whole page is checked. */
static bool pieces_clean(HtmlValidator *v, const char *text, size_t len)
{
    HtmlPieces pieces;
    if (!html_pieces_cut(text, len, &pieces))
        return false;
    bool clean = !pieces.ids_shared && piece_clean(v, pieces.shell_key, pieces.shell, pieces.shell_len)
                 && piece_clean(v, pieces.content_key, pieces.content, pieces.content_len);
    html_pieces_free(&pieces);
    return clean;
}

char *html_validate_unmarked(HtmlValidator *v, const char *html, size_t len, const char *page_path,
                             HtmlLineLocator locate, void *locate_data, FindingList *out,
                             size_t *unmarked_len)
{
    TidyText text;
    tidy_text_make(v, html, len, &text);
    PageCheck pc = { v, html, len, &text, page_path, locate, locate_data, out };
    if (v->mode != HTML_CHECK_PIECEWISE || !pieces_clean(v, text.text, text.len))
        run_tidy(v, text.text, text.len, page_message, &pc);
    check_control_characters(&pc);
    char *unmarked = text.text != html ? text.text : xstrndup(html, len);
    if (unmarked_len)
        *unmarked_len = text.len;
    free(text.cuts);
    return unmarked;
}

void html_validate(HtmlValidator *v, const char *html, size_t len, const char *page_path,
                   HtmlLineLocator locate, void *locate_data, FindingList *out)
{
    free(html_validate_unmarked(v, html, len, page_path, locate, locate_data, out, NULL));
}
