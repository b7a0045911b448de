/* findings_output.c: text, JSON and SARIF writers for findings. */
#include "findings_output.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static bool shown(const Finding *f)
{
    return f->level == LEVEL_ERROR || f->level == LEVEL_WARNING;
}

void json_write_string(FILE *out, const char *s)
{
    StrBuf sb;
    sb_init(&sb);
    sb_append_json_as(&sb, s, JSON_PLAIN);
    fwrite(sb.data, 1, sb.len, out);
    sb_free(&sb);
}

/* Writes a comma-separated list ("1.1.1,4.1.2") as a JSON array. */
static void write_list(FILE *out, const char *list)
{
    fputc('[', out);
    bool first = true;
    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        while (n && *p == ' ')
            p++, n--;
        if (n) {
            char item[64];
            if (n >= sizeof item)
                n = sizeof item - 1;
            memcpy(item, p, n);
            item[n] = '\0';
            if (!first)
                fputc(',', out);
            json_write_string(out, item);
            first = false;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    fputc(']', out);
}

static const char *finding_path(const FileFindings *file, const Finding *f)
{
    return f->file ? f->file : file->path;
}

/* A walk over the findings that are shown, file by file. */
typedef struct ShownWalk {
    const FileFindings *files;
    size_t count, i, j;
} ShownWalk;

/* The next shown finding, its file in *file; NULL at the end. */
static const Finding *next_shown(ShownWalk *w, const FileFindings **file)
{
    for (; w->i < w->count; w->i++, w->j = 0) {
        const FindingList *list = w->files[w->i].findings;
        while (list && w->j < list->count) {
            const Finding *f = &list->items[w->j++];
            if (shown(f)) {
                *file = &w->files[w->i];
                return f;
            }
        }
    }
    return NULL;
}

void findings_write_text(FILE *out, const FileFindings *files, size_t count)
{
    ShownWalk walk = {files, count, 0, 0};
    const FileFindings *file;
    for (const Finding *f; (f = next_shown(&walk, &file));) {
        fputs(finding_path(file, f), out);
        if (f->line > 0)
            fprintf(out, ":%d", f->line);
        fprintf(out, ": %s: %s [%s", finding_level_name(f->level), f->message, f->rule->id);
        if (f->rule->wcag) {
            fputs(", WCAG ", out);
            for (const char *p = f->rule->wcag; *p; p++) {
                if (*p == ',')
                    fputs(", ", out);
                else
                    fputc(*p, out);
            }
        }
        fputs("]\n", out);
    }
}

void findings_write_json(FILE *out, const FileFindings *files, size_t count)
{
    fputs("{\"files\":[", out);
    for (size_t i = 0; i < count; i++) {
        if (i)
            fputc(',', out);
        fputs("{\"path\":", out);
        json_write_string(out, files[i].path);
        fputs(",\"findings\":[", out);
        bool first = true;
        const FindingList *list = files[i].findings;
        for (size_t j = 0; list && j < list->count; j++) {
            const Finding *f = &list->items[j];
            if (!shown(f))
                continue;
            if (!first)
                fputc(',', out);
            first = false;
            fputs("{\"rule\":", out);
            json_write_string(out, f->rule->id);
            fputs(",\"level\":", out);
            json_write_string(out, finding_level_name(f->level));
            fputs(",\"act\":", out);
            write_list(out, f->rule->act);
            fputs(",\"wcag\":", out);
            write_list(out, f->rule->wcag);
            fprintf(out, ",\"line\":%d,\"message\":", f->line);
            json_write_string(out, f->message);
            if (f->file && strcmp(f->file, files[i].path)) {
                fputs(",\"file\":", out);
                json_write_string(out, f->file);
            }
            fputc('}', out);
        }
        fputs("]}", out);
    }
    fputs("]}\n", out);
}

void findings_write_sarif(FILE *out, const FileFindings *files, size_t count,
                          const char *tool_version)
{
    /* The rules that occur, each once, in order of first appearance. */
    const Rule **rules = NULL;
    size_t rule_count = 0, rule_cap = 0;
    ShownWalk walk = {files, count, 0, 0};
    const FileFindings *file;
    for (const Finding *f; (f = next_shown(&walk, &file));) {
        const Rule *r = f->rule;
        bool seen = false;
        for (size_t k = 0; k < rule_count && !seen; k++)
            seen = rules[k] == r || !strcmp(rules[k]->id, r->id);
        if (seen)
            continue;
        GROW(rules, rule_count, rule_cap);
        rules[rule_count++] = r;
    }
    fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
          "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"sayso\","
          "\"version\":", out);
    json_write_string(out, tool_version ? tool_version : "0");
    fputs(",\"rules\":[", out);
    for (size_t k = 0; k < rule_count; k++) {
        if (k)
            fputc(',', out);
        fputs("{\"id\":", out);
        json_write_string(out, rules[k]->id);
        fputs(",\"shortDescription\":{\"text\":", out);
        json_write_string(out, rules[k]->title);
        fputs("},\"properties\":{\"category\":", out);
        json_write_string(out, rules[k]->category);
        fputs(",\"wcag\":", out);
        write_list(out, rules[k]->wcag);
        fputs(",\"act\":", out);
        write_list(out, rules[k]->act);
        fputs("}}", out);
    }
    fputs("]}},\"results\":[", out);
    bool first = true;
    walk = (ShownWalk){files, count, 0, 0};
    for (const Finding *f; (f = next_shown(&walk, &file));) {
        size_t index = 0;
        while (index < rule_count && strcmp(rules[index]->id, f->rule->id))
            index++;
        if (!first)
            fputc(',', out);
        first = false;
        fputs("{\"ruleId\":", out);
        json_write_string(out, f->rule->id);
        fprintf(out, ",\"ruleIndex\":%zu,\"level\":\"%s\",\"message\":{\"text\":", index,
                f->level == LEVEL_ERROR ? "error" : "warning");
        json_write_string(out, f->message);
        fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", out);
        json_write_string(out, finding_path(file, f));
        fputc('}', out);
        if (f->line > 0)
            fprintf(out, ",\"region\":{\"startLine\":%d}", f->line);
        fputs("}}]}", out);
    }
    fputs("]}]}\n", out);
    free(rules);
}
