/* hooks.c: finding hook files, handing them pack data, checking what
 * they give back.
 *
 * All work with the Lua state happens inside sandbox_call, through the
 * run_* functions below: building a table can fail for want of memory
 * (the sandbox has a ceiling), and outside a protected call that would
 * end the program.  What hooks return is checked, and for pages copied
 * into a plain table, before anything is copied into C memory, so a Lua
 * error can never leave C allocations behind.
 */
#include "hooks.h"
#include "diag.h"
#include "lua_sandbox.h"
#include "paths.h"

#include <lauxlib.h>
#include <lua.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef enum { POINT_PACK_LOADED, POINT_BEFORE_RENDER, POINT_PAGES, POINT_COUNT } HookPoint;

static const char *const point_names[POINT_COUNT] = {"pack_loaded", "before_render", "pages"};

typedef struct HookFile {
    char *name;              /* you-said-we-did.lua */
    char *disk_path;
    char *display_path;      /* lua/NAME for the site's, the full path for built-ins */
} HookFile;

struct Hooks {
    Sandbox *sb;
    const Site *site;
    HookFile *files;
    size_t file_count;
    int *refs;               /* registry reference to each file's table of functions */
    bool has_point[POINT_COUNT];
    const char *current;     /* the file being run, to blame when Lua cannot say */
    bool stopped;            /* a hook hit a limit: it would only do it again */
    long instructions;       /* the limits for a pack without feedback rows */
    size_t memory;
    const Feedback *feedback;   /* the rows the hooks are being run on, or NULL */
    size_t handed, handed_limit;   /* bytes of text the hooks gave back in this run, and the most */
};

/* What each feedback row adds to the limits: a valid CSV of any length
 * must work (its rows are handed to the hooks whole), and what a row
 * costs a hook is bounded by what the built-in one spends on it. */
#define ROW_INSTRUCTIONS 20000L
#define ROW_MEMORY 4096u

/* --- finding the files ---------------------------------------------------- */

static void hook_files_free(HookFile *files, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(files[i].name);
        free(files[i].disk_path);
        free(files[i].display_path);
    }
    free(files);
}

static void add_dir(const char *dir, bool is_site, HookFile **files, size_t *count)
{
    StrList names = {0};
    if (!dir_exists(dir) || !list_dir(dir, &names)) {
        sl_free(&names);
        return;
    }
    for (size_t i = 0; i < names.count; i++) {
        const char *name = names.items[i];
        if (strcmp(path_extension(name), ".lua") != 0)
            continue;
        char *disk = path_join(dir, name);
        if (!file_exists(disk) || dir_exists(disk)) {
            free(disk);
            continue;
        }
        HookFile *slot = NULL;
        for (size_t j = 0; j < *count; j++)
            if (!strcmp((*files)[j].name, name))
                slot = &(*files)[j];     /* the site's file replaces the built-in one */
        if (slot) {
            free(slot->disk_path);
            free(slot->display_path);
        } else {
            *files = xrealloc(*files, (*count + 1) * sizeof **files);
            slot = &(*files)[(*count)++];
            slot->name = xstrdup(name);
        }
        slot->disk_path = disk;
        slot->display_path = is_site ? xasprintf("lua/%s", name) : xstrdup(disk);
    }
    sl_free(&names);
}

static int compare_files(const void *a, const void *b)
{
    return strcmp(((const HookFile *)a)->name, ((const HookFile *)b)->name);
}

static void find_hook_files(const Site *site, HookFile **files, size_t *count)
{
    *files = NULL;
    *count = 0;
    char *builtin = sayso_data_path("lua");
    add_dir(builtin, false, files, count);
    free(builtin);
    if (site->source_dir) {
        char *own = path_join(site->source_dir, "lua");
        add_dir(own, true, files, count);
        free(own);
    }
    if (*count)
        qsort(*files, *count, sizeof **files, compare_files);
}

uint64_t hooks_hash(const Site *site)
{
    HookFile *files;
    size_t count;
    find_hook_files(site, &files, &count);
    uint64_t h = HASH_SEED;
    for (size_t i = 0; i < count; i++) {
        h = hash_str(h, files[i].display_path);
        size_t len = 0;
        char *text = read_file(files[i].disk_path, &len);
        if (text)
            h = hash_bytes(h, text, len);
        free(text);
    }
    hook_files_free(files, count);
    return h;
}

/* --- C data as Lua tables --------------------------------------------------- */

static void set_string(lua_State *L, const char *key, const char *value)
{
    if (!value)
        return;
    lua_pushstring(L, value);
    lua_setfield(L, -2, key);
}

static void set_date(lua_State *L, const char *key, Day day)
{
    if (day == DAY_NONE)
        return;
    char iso[11];
    date_iso(day, iso);
    set_string(L, key, iso);
}

static void set_list(lua_State *L, const char *key, const StrList *list)
{
    lua_createtable(L, (int)list->count, 0);
    for (size_t i = 0; i < list->count; i++) {
        lua_pushstring(L, list->items[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, key);
}

static void push_contact(lua_State *L, const Contact *c)
{
    lua_createtable(L, 0, 4);
    set_string(L, "name", c->name);
    set_string(L, "email", c->email);
    set_string(L, "phone", c->phone);
    set_string(L, "address", c->address);
}

static void push_site(lua_State *L, const Site *site)
{
    lua_createtable(L, 0, 8);
    set_string(L, "title", site->title);
    set_string(L, "organisation", site->organisation);
    set_string(L, "base_url", site->base_url);
    set_string(L, "language", site->language ? site->language : "en-GB");
    set_date(L, "today", site->today);
    lua_pushinteger(L, site->feedback_due_weeks);
    lua_setfield(L, -2, "feedback_due_weeks");
    push_contact(L, &site->contact);
    lua_setfield(L, -2, "contact");
}

static void push_feedback(lua_State *L, const Feedback *fb)
{
    lua_createtable(L, fb ? (int)fb->count : 0, 0);
    for (size_t i = 0; fb && i < fb->count; i++) {
        const FeedbackRow *r = &fb->rows[i];
        lua_createtable(L, 0, 10);
        lua_pushinteger(L, r->line);
        lua_setfield(L, -2, "line");
        set_string(L, "you_said", r->you_said);
        set_string(L, "we_did", r->we_did);
        set_string(L, "status", feedback_status_id(r->status));
        set_string(L, "reason", r->reason);
        set_string(L, "theme", r->theme);
        set_date(L, "follow_up", r->follow_up);
        set_string(L, "easy_you_said", r->easy_you_said);
        set_string(L, "easy_we_did", r->easy_we_did);
        set_string(L, "easy_reason", r->easy_reason);
        set_string(L, "picture", r->picture);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void push_pack(lua_State *L, const PackMeta *m, const PackContent *content)
{
    lua_createtable(L, 0, 24);
    set_string(L, "slug", m->slug);
    set_string(L, "title", m->title);
    set_string(L, "summary", m->summary);
    set_date(L, "opens", m->opens);
    set_date(L, "closes", m->closes);
    set_string(L, "status", status_id(m->status));
    set_string(L, "status_name", status_name(m->status));
    set_string(L, "level", m->level);
    set_list(L, "topics", &m->topics);
    set_list(L, "areas", &m->areas);

    lua_createtable(L, 0, 5);
    set_string(L, "online", m->respond.online);
    set_string(L, "email", m->respond.email);
    set_string(L, "phone", m->respond.phone);
    set_string(L, "post", m->respond.post);
    lua_createtable(L, (int)m->respond.event_count, 0);
    for (size_t i = 0; i < m->respond.event_count; i++) {
        lua_createtable(L, 0, 3);
        set_string(L, "date", m->respond.events[i].date);
        set_string(L, "place", m->respond.events[i].place);
        set_string(L, "access", m->respond.events[i].access);
        set_string(L, "time", m->respond.events[i].time);
        set_string(L, "booking", m->respond.events[i].booking);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "events");
    lua_setfield(L, -2, "respond");

    push_contact(L, &m->contact);
    lua_setfield(L, -2, "contact");

    if (m->decision.date != DAY_NONE || m->decision.summary) {
        lua_createtable(L, 0, 2);
        set_date(L, "date", m->decision.date);
        set_string(L, "summary", m->decision.summary);
        lua_setfield(L, -2, "decision");
    }
    lua_pushboolean(L, m->has_easy_read);
    lua_setfield(L, -2, "has_easy_read");
    lua_pushboolean(L, m->has_feedback);
    lua_setfield(L, -2, "has_feedback");
    lua_pushboolean(L, m->results_interim);
    lua_setfield(L, -2, "results_interim");
    set_date(L, "feedback_due", m->feedback_due);
    lua_pushboolean(L, m->feedback_overdue);
    lua_setfield(L, -2, "feedback_overdue");

    char *easy_title = pack_easy_title(content);
    set_string(L, "easy_title", easy_title);
    free(easy_title);
    const Feedback *fb = content && content->feedback.rows ? &content->feedback : NULL;
    push_feedback(L, fb);
    lua_setfield(L, -2, "feedback");
    if (fb)
        set_string(L, "feedback_path", fb->path);
}

/* --- checking what hooks give back ------------------------------------------ */

/* Where a hook function is defined: its file's line, for messages about
 * what it returned. */
static int line_defined(lua_State *L, int index)
{
    lua_Debug ar;
    lua_pushvalue(L, index);
    if (!lua_getinfo(L, ">S", &ar))
        return 0;
    return ar.linedefined > 0 ? ar.linedefined : 0;
}

typedef struct Blame {
    const char *path;
    int line;
    const char *point;
    Hooks *h;                /* NULL while a file loads */
} Blame;

/* The value at `index` must be text (optional: or nil).  Returns it or NULL. */
static const char *check_text(lua_State *L, int index, const Blame *b, const char *what, bool optional)
{
    int type = lua_type(L, index);
    if (type == LUA_TNIL && optional)
        return NULL;
    if (type != LUA_TSTRING)
        sandbox_raise(L, b->path, b->line, "%s(): %s must be text, not %s", b->point, what,
                      type == LUA_TNIL ? "missing" : lua_typename(L, type));
    size_t len;
    const char *s = lua_tolstring(L, index, &len);
    /* What a hook hands back is copied out of Lua, past its memory limit:
     * one long string listed a million times would be a million copies. */
    if (b->h && (b->h->handed += len) > b->h->handed_limit)
        sandbox_raise(L, b->path, b->line, "%s(): what it hands back comes to more than %zu MB, "
                      "more than a hook may use", b->point, b->h->handed_limit >> 20);
    if (!utf8_valid(s, len, NULL))
        sandbox_raise(L, b->path, b->line, "%s(): %s is not valid UTF-8 text", b->point, what);
    return s;
}

static void check_nonempty_text(lua_State *L, int index, const Blame *b, const char *what)
{
    const char *s = check_text(L, index, b, what, false);
    if (!*s)
        sandbox_raise(L, b->path, b->line, "%s(): %s is empty", b->point, what);
}

static void check_date(lua_State *L, int index, const Blame *b, const char *what)
{
    const char *s = check_text(L, index, b, what, true);
    Day d;
    if (s && !date_parse(s, &d))
        sandbox_raise(L, b->path, b->line, "%s(): %s '%s' is not a date as YYYY-MM-DD", b->point, what, s);
}

static void check_text_list(lua_State *L, int index, const Blame *b, const char *what)
{
    index = lua_absindex(L, index);
    if (!lua_istable(L, index))
        sandbox_raise(L, b->path, b->line, "%s(): %s must be a list of text, not %s", b->point, what,
                      luaL_typename(L, index));
    lua_Integer n = luaL_len(L, index);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, index, i);
        check_text(L, -1, b, what, false);
        lua_pop(L, 1);
    }
}

static void check_fields(lua_State *L, int table, const Blame *b, const char *prefix,
                         const char *const *fields)
{
    for (; *fields; fields++) {
        char what[64];
        snprintf(what, sizeof what, "%s%s", prefix, *fields);
        lua_getfield(L, table, *fields);
        check_text(L, -1, b, what, true);
        lua_pop(L, 1);
    }
}

static void check_optional_table(lua_State *L, int index, const Blame *b, const char *what)
{
    if (!lua_isnil(L, index) && !lua_istable(L, index))
        sandbox_raise(L, b->path, b->line, "%s(): %s must be a table, not %s", b->point, what,
                      luaL_typename(L, index));
}

/* The fields pack_loaded may change, checked after each hook so the
 * message blames the hook that broke them. */
static void check_pack(lua_State *L, int pack, const Blame *b)
{
    lua_getfield(L, pack, "title");
    check_nonempty_text(L, -1, b, "pack.title");
    lua_getfield(L, pack, "summary");
    check_text(L, -1, b, "pack.summary", true);
    lua_getfield(L, pack, "level");
    check_text(L, -1, b, "pack.level", true);
    lua_getfield(L, pack, "opens");
    check_date(L, -1, b, "pack.opens");
    lua_getfield(L, pack, "closes");
    check_date(L, -1, b, "pack.closes");
    Day opens = DAY_NONE, closes = DAY_NONE;
    if (lua_isstring(L, -2))
        date_parse(lua_tostring(L, -2), &opens);
    if (lua_isstring(L, -1))
        date_parse(lua_tostring(L, -1), &closes);
    if (pack_dates_problem(opens, closes))
        sandbox_raise(L, b->path, b->line, "%s(): pack.%s", b->point, pack_dates_problem(opens, closes));
    lua_getfield(L, pack, "topics");
    check_text_list(L, -1, b, "pack.topics");
    lua_getfield(L, pack, "areas");
    check_text_list(L, -1, b, "pack.areas");
    lua_pop(L, 7);

    static const char *const contact_fields[] = {"name", "email", "phone", "address", NULL};
    static const char *const respond_fields[] = {"online", "email", "phone", "post", NULL};
    static const char *const decision_fields[] = {"summary", NULL};
    lua_getfield(L, pack, "contact");
    check_optional_table(L, -1, b, "pack.contact");
    if (lua_istable(L, -1))
        check_fields(L, lua_gettop(L), b, "pack.contact.", contact_fields);
    lua_getfield(L, pack, "respond");
    check_optional_table(L, -1, b, "pack.respond");
    if (lua_istable(L, -1))
        check_fields(L, lua_gettop(L), b, "pack.respond.", respond_fields);
    lua_getfield(L, pack, "decision");
    check_optional_table(L, -1, b, "pack.decision");
    if (lua_istable(L, -1)) {
        check_fields(L, lua_gettop(L), b, "pack.decision.", decision_fields);
        lua_getfield(L, -1, "date");
        check_date(L, -1, b, "pack.decision.date");
        lua_pop(L, 1);
    }
    lua_pop(L, 3);
}

/* --- copying back: only after every check passed, so nothing here raises --- */

static void replace_string(char **field, lua_State *L, int table, const char *key)
{
    lua_getfield(L, table, key);
    char *value = lua_isstring(L, -1) && *lua_tostring(L, -1) ? xstrdup(lua_tostring(L, -1)) : NULL;
    lua_pop(L, 1);
    free(*field);
    *field = value;
}

static void replace_date(Day *field, lua_State *L, int table, const char *key)
{
    lua_getfield(L, table, key);
    Day d = DAY_NONE;
    if (lua_isstring(L, -1))
        date_parse(lua_tostring(L, -1), &d);
    lua_pop(L, 1);
    *field = d;
}

static void replace_list(StrList *list, lua_State *L, int table, const char *key)
{
    StrList fresh = {0};
    lua_getfield(L, table, key);
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        if (lua_type(L, -1) == LUA_TSTRING)
            sl_push(&fresh, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    sl_free(list);
    *list = fresh;
}

static void copy_back_pack(lua_State *L, int pack, PackMeta *m)
{
    replace_string(&m->title, L, pack, "title");
    replace_string(&m->summary, L, pack, "summary");
    replace_string(&m->level, L, pack, "level");
    replace_date(&m->opens, L, pack, "opens");
    replace_date(&m->closes, L, pack, "closes");
    replace_list(&m->topics, L, pack, "topics");
    replace_list(&m->areas, L, pack, "areas");

    lua_getfield(L, pack, "contact");
    if (lua_istable(L, -1)) {
        int t = lua_gettop(L);
        replace_string(&m->contact.name, L, t, "name");
        replace_string(&m->contact.email, L, t, "email");
        replace_string(&m->contact.phone, L, t, "phone");
        replace_string(&m->contact.address, L, t, "address");
    }
    lua_getfield(L, pack, "respond");
    if (lua_istable(L, -1)) {
        int t = lua_gettop(L);
        replace_string(&m->respond.online, L, t, "online");
        replace_string(&m->respond.email, L, t, "email");
        replace_string(&m->respond.phone, L, t, "phone");
        replace_string(&m->respond.post, L, t, "post");
    }
    lua_getfield(L, pack, "decision");
    if (lua_istable(L, -1)) {
        int t = lua_gettop(L);
        replace_string(&m->decision.summary, L, t, "summary");
        replace_date(&m->decision.date, L, t, "date");
    } else {
        free(m->decision.summary);
        m->decision.summary = NULL;
        m->decision.date = DAY_NONE;
    }
    lua_pop(L, 3);
}

/* --- loading ------------------------------------------------------------------ */

typedef struct LoadArgs {
    Hooks *h;
    const HookFile *file;
    int *ref;
} LoadArgs;

/* Runs one hook file's chunk (at index 2) and keeps the table it returns. */
static int run_load(lua_State *L)
{
    LoadArgs *a = lua_touserdata(L, 1);
    Blame b = {a->file->display_path, 0, "the file", NULL};

    sandbox_push_env(a->h->sb, 2);
    lua_getfield(L, -1, "sayso");
    push_site(L, a->h->site);
    lua_setfield(L, -2, "site");
    lua_pop(L, 2);

    lua_pushvalue(L, 2);
    lua_call(L, 0, 1);
    if (!lua_istable(L, -1))
        return sandbox_raise(L, b.path, 0,
                             "a hook file must end by returning a table of hook functions "
                             "(for example `return {pages = pages}`), not %s",
                             lua_isnil(L, -1) ? "nothing" : luaL_typename(L, -1));
    int table = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, table)) {
        int point = -1;
        if (lua_type(L, -2) == LUA_TSTRING)
            for (int p = 0; p < POINT_COUNT; p++)
                if (!strcmp(lua_tostring(L, -2), point_names[p]))
                    point = p;
        if (point < 0) {
            /* A misspelt name is never called: say so, but it is no reason to stop. */
            int line = lua_isfunction(L, -1) ? line_defined(L, -1) : 0;
            diag_warning(b.path, line, "'%s' is not a hook point, so it is never called "
                         "(the hook points are pack_loaded, before_render and pages)",
                         lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : luaL_typename(L, -2));
        } else if (!lua_isfunction(L, -1)) {
            return sandbox_raise(L, b.path, 0, "'%s' must be a function, not %s", point_names[point],
                                 luaL_typename(L, -1));
        } else {
            a->h->has_point[point] = true;
        }
        lua_pop(L, 1);
    }
    *a->ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

static void report(const Hooks *h, const SandboxError *err)
{
    /* sayso's own hooks by the name people see them by in its sources. */
    const char *path = err->path[0] ? err->path : h->current;
    size_t data_len = strlen(sayso_data_dir());
    if (path && !strncmp(path, sayso_data_dir(), data_len) && path[data_len] == '/')
        path += data_len + 1;
    if (err->limit_reached && h->feedback)
        diag_error(path, err->line, "%s, working on %s (%zu rows)", err->message, h->feedback->path,
                   h->feedback->count);
    else
        diag_error(path, err->line, "%s", err->message);
}

Hooks *hooks_open(const Site *site)
{
    HookFile *files;
    size_t count;
    find_hook_files(site, &files, &count);

    const char *theme = site->theme ? site->theme : "default";
    char *dirs[3];
    size_t ndirs = 0;
    if (site->source_dir)
        dirs[ndirs++] = xasprintf("%s/themes/%s/pictures", site->source_dir, theme);
    dirs[ndirs++] = xasprintf("%s/themes/%s/pictures", sayso_data_dir(), theme);
    if (strcmp(theme, "default") != 0)
        dirs[ndirs++] = xasprintf("%s/themes/default/pictures", sayso_data_dir());
    Sandbox *sb = sandbox_new(SANDBOX_MEMORY_LIMIT, SANDBOX_INSTRUCTION_LIMIT,
                              (const char *const *)dirs, ndirs);
    for (size_t i = 0; i < ndirs; i++)
        free(dirs[i]);
    if (!sb) {
        hook_files_free(files, count);
        return NULL;
    }

    Hooks *h = xcalloc(1, sizeof *h);
    h->sb = sb;
    sandbox_set_lang(sb, site->language);
    h->instructions = SANDBOX_INSTRUCTION_LIMIT;
    h->memory = SANDBOX_MEMORY_LIMIT;
    h->site = site;
    h->files = files;
    h->file_count = count;
    h->refs = xcalloc(count ? count : 1, sizeof *h->refs);
    for (size_t i = 0; i < count; i++)
        h->refs[i] = LUA_NOREF;

    lua_State *L = sandbox_state(sb);
    bool ok = true;
    for (size_t i = 0; i < count; i++) {
        const HookFile *f = &files[i];
        h->current = f->display_path;
        size_t len;
        char *text = read_file(f->disk_path, &len);
        if (!text) {
            diag_error(f->display_path, 0, "cannot read this hook file: %s", strerror(errno));
            ok = false;
            continue;
        }
        SandboxError err;
        bool loaded = sandbox_load(sb, text, len, f->display_path, &err);
        free(text);
        if (!loaded) {
            report(h, &err);
            ok = false;
            continue;
        }
        LoadArgs args = {h, f, &h->refs[i]};
        lua_pushcfunction(L, run_load);
        lua_insert(L, -2);
        lua_pushlightuserdata(L, &args);
        lua_insert(L, -2);                  /* run_load, args, chunk */
        if (!sandbox_call(sb, 2, 0, f->display_path, &err)) {
            report(h, &err);
            ok = false;
            continue;
        }
        diag_verbose("hooks: loaded %s", f->display_path);
    }
    if (!ok) {
        hooks_close(h);
        return NULL;
    }
    return h;
}

void hooks_close(Hooks *h)
{
    if (!h)
        return;
    sandbox_free(h->sb);
    hook_files_free(h->files, h->file_count);
    free(h->refs);
    free(h);
}

void hooks_set_limits(Hooks *h, long instructions, size_t memory_bytes)
{
    if (instructions > 0)
        h->instructions = instructions;
    if (memory_bytes > 0)
        h->memory = memory_bytes;
    sandbox_set_limits(h->sb, instructions, memory_bytes);
}

/* Pushes file i's function for `point`; false (nothing pushed) when it has none. */
static bool push_hook(lua_State *L, Hooks *h, size_t i, HookPoint point)
{
    if (h->refs[i] == LUA_NOREF)
        return false;
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->refs[i]);
    lua_getfield(L, -1, point_names[point]);
    lua_remove(L, -2);
    if (lua_isfunction(L, -1))
        return true;
    lua_pop(L, 1);
    return false;
}

/* Calls `fn` with `arg` (already pushed: fn, args...) under the limits,
 * remembering which file runs so errors can name it. */
static Blame call_hook(lua_State *L, Hooks *h, size_t i, HookPoint point, int nargs, int nresults)
{
    Blame b = {h->files[i].display_path, line_defined(L, -1 - nargs), point_names[point], h};
    h->current = b.path;
    sandbox_reset_budget(h->sb);
    lua_call(L, nargs, nresults);
    return b;
}

/* --- pack_loaded ------------------------------------------------------------- */

typedef struct PackLoadedArgs {
    Hooks *h;
    PackMeta *meta;
    const PackContent *content;
} PackLoadedArgs;

static int run_pack_loaded(lua_State *L)
{
    PackLoadedArgs *a = lua_touserdata(L, 1);
    push_pack(L, a->meta, a->content);
    int pack = lua_gettop(L);
    for (size_t i = 0; i < a->h->file_count; i++) {
        if (!push_hook(L, a->h, i, POINT_PACK_LOADED))
            continue;
        lua_pushvalue(L, pack);
        Blame b = call_hook(L, a->h, i, POINT_PACK_LOADED, 1, 0);
        check_pack(L, pack, &b);
    }
    copy_back_pack(L, pack, a->meta);
    return 0;
}

static bool run(Hooks *h, lua_CFunction fn, void *args, const PackContent *content)
{
    /* A hook that ran away once has been reported; running it for every
     * other pack would cost seconds each and say the same thing. */
    if (h->stopped)
        return false;
    h->feedback = content && content->feedback.rows ? &content->feedback : NULL;
    size_t rows = h->feedback ? h->feedback->count : 0;
    sandbox_set_limits(h->sb, h->instructions + (long)rows * ROW_INSTRUCTIONS, h->memory + rows * ROW_MEMORY);
    h->handed = 0;
    h->handed_limit = h->memory + rows * ROW_MEMORY;
    lua_State *L = sandbox_state(h->sb);
    lua_pushcfunction(L, fn);
    lua_pushlightuserdata(L, args);
    SandboxError err;
    if (sandbox_call(h->sb, 1, 0, NULL, &err))
        return true;
    report(h, &err);
    h->stopped = err.limit_reached;
    return false;
}

bool hooks_change_packs(const Hooks *h)
{
    return h && h->has_point[POINT_PACK_LOADED];
}

bool hooks_pack_loaded(Hooks *h, PackMeta *meta, const PackContent *content)
{
    if (!h->has_point[POINT_PACK_LOADED])
        return true;
    PackLoadedArgs args = {h, meta, content};
    bool ok = run(h, run_pack_loaded, &args, content);
    pack_update_status(meta, h->site->today, h->site->feedback_due_weeks);
    return ok;
}

/* --- before_render ------------------------------------------------------------ */

typedef struct BeforeRenderArgs {
    Hooks *h;
    const PackMeta *meta;
    Format format;
    const char *slug;
    const char *title, *markdown;
    char *new_title, *new_markdown;
} BeforeRenderArgs;

static int run_before_render(lua_State *L)
{
    BeforeRenderArgs *a = lua_touserdata(L, 1);
    lua_createtable(L, 0, 5);
    int page = lua_gettop(L);
    if (a->meta) {
        push_pack(L, a->meta, NULL);
        lua_setfield(L, page, "pack");
    }
    set_string(L, "format", format_id(a->format));
    set_string(L, "slug", a->slug);
    set_string(L, "title", a->title ? a->title : "");
    set_string(L, "markdown", a->markdown ? a->markdown : "");
    for (size_t i = 0; i < a->h->file_count; i++) {
        if (!push_hook(L, a->h, i, POINT_BEFORE_RENDER))
            continue;
        lua_pushvalue(L, page);
        Blame b = call_hook(L, a->h, i, POINT_BEFORE_RENDER, 1, 0);
        lua_getfield(L, page, "title");
        check_nonempty_text(L, -1, &b, "page.title");
        lua_getfield(L, page, "markdown");
        check_text(L, -1, &b, "page.markdown", false);
        lua_pop(L, 2);
    }
    lua_getfield(L, page, "title");
    lua_getfield(L, page, "markdown");
    a->new_title = xstrdup(lua_tostring(L, -2));
    a->new_markdown = xstrdup(lua_tostring(L, -1));
    return 0;
}

bool hooks_before_render(Hooks *h, const PackMeta *meta, Format format, const char *page_slug,
                         char **title, char **markdown)
{
    if (!h->has_point[POINT_BEFORE_RENDER])
        return true;
    BeforeRenderArgs args = {h, meta, format, page_slug, *title, *markdown, NULL, NULL};
    if (!run(h, run_before_render, &args, NULL)) {
        free(args.new_title);
        free(args.new_markdown);
        return false;
    }
    free(*title);
    free(*markdown);
    *title = args.new_title;
    *markdown = args.new_markdown;
    return true;
}

/* --- pages ---------------------------------------------------------------------- */

typedef struct PagesArgs {
    Hooks *h;
    const PackMeta *meta;
    const PackContent *content;
    ExtraPage *pages;
    size_t count;
} PagesArgs;

/* Slugs sayso itself uses under a pack's folder. */
static bool slug_reserved(const char *slug)
{
    static const char *const reserved[] = {"easy-read", "large-print", "comment-card", "index", NULL};
    for (const char *const *r = reserved; *r; r++)
        if (!strcmp(slug, *r))
            return true;
    return false;
}

static bool slug_well_formed(const char *s)
{
    if (!*s || *s == '-')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return s[-1] != '-';
}

enum { PAGE_SLUG = 1, PAGE_TITLE, PAGE_SUMMARY, PAGE_SOURCE, PAGE_MARKDOWN };   /* + format */

/* Checks one page a hook returned (at `page`) and appends it to `out` as
 * a plain array of text: {slug, title, summary|false, source, md...}. */
static void check_page(lua_State *L, int page, int out, lua_Integer n, const Blame *b)
{
    char what[80];
    snprintf(what, sizeof what, "page %lld", (long long)n);
    if (!lua_istable(L, page))
        sandbox_raise(L, b->path, b->line, "pages(): %s must be a table, not %s", what,
                      luaL_typename(L, page));
    lua_createtable(L, PAGE_MARKDOWN + FORMAT_COUNT, 0);
    int entry = lua_gettop(L);

    lua_getfield(L, page, "slug");
    snprintf(what, sizeof what, "page %lld: slug", (long long)n);
    check_nonempty_text(L, -1, b, what);
    const char *slug = lua_tostring(L, -1);
    if (!slug_well_formed(slug))
        sandbox_raise(L, b->path, b->line, "pages(): slug '%s' must be lower-case letters, digits and "
                      "hyphens, like you-said-we-did", slug);
    if (slug_reserved(slug))
        sandbox_raise(L, b->path, b->line, "pages(): slug '%s' is used by sayso itself; choose another",
                      slug);
    lua_Integer have = (lua_Integer)lua_rawlen(L, out);
    for (lua_Integer i = 1; i <= have; i++) {
        lua_rawgeti(L, out, i);
        lua_rawgeti(L, -1, PAGE_SLUG);
        if (!strcmp(lua_tostring(L, -1), slug))
            sandbox_raise(L, b->path, b->line, "pages(): there is already a page '%s' for this pack", slug);
        lua_pop(L, 2);
    }
    lua_rawseti(L, entry, PAGE_SLUG);

    snprintf(what, sizeof what, "page '%s': title", slug);
    lua_getfield(L, page, "title");
    check_nonempty_text(L, -1, b, what);
    lua_rawseti(L, entry, PAGE_TITLE);
    snprintf(what, sizeof what, "page '%s': summary", slug);
    lua_getfield(L, page, "summary");
    if (!check_text(L, -1, b, what, true)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 0);
    }
    lua_rawseti(L, entry, PAGE_SUMMARY);
    lua_pushstring(L, b->path);
    lua_rawseti(L, entry, PAGE_SOURCE);

    lua_getfield(L, page, "formats");
    int formats = lua_gettop(L);
    if (!lua_istable(L, formats))
        sandbox_raise(L, b->path, b->line, "pages(): page '%s' needs formats = {plain = ..., "
                      "[\"easy-read\"] = ..., [\"large-print\"] = ...}, not %s", slug,
                      luaL_typename(L, formats));
    lua_pushnil(L);
    while (lua_next(L, formats)) {
        bool known = false;
        for (int f = 0; f < FORMAT_COUNT; f++)
            known |= lua_type(L, -2) == LUA_TSTRING && !strcmp(lua_tostring(L, -2), format_id((Format)f));
        if (!known)
            sandbox_raise(L, b->path, b->line, "pages(): page '%s' has an unknown format '%s' "
                          "(the formats are plain, easy-read and large-print)", slug,
                          lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : luaL_typename(L, -2));
        lua_pop(L, 1);
    }
    for (int f = 0; f < FORMAT_COUNT; f++) {
        snprintf(what, sizeof what, "page '%s': formats[\"%s\"]", slug, format_id((Format)f));
        lua_getfield(L, formats, format_id((Format)f));
        /* Large print is the plain text in bigger type unless a hook says otherwise. */
        if (f == FORMAT_LARGE_PRINT && lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_getfield(L, formats, format_id(FORMAT_PLAIN));
        }
        check_nonempty_text(L, -1, b, what);
        lua_rawseti(L, entry, PAGE_MARKDOWN + f);
    }
    lua_pop(L, 1);
    lua_rawseti(L, out, have + 1);
}

static char *entry_text(lua_State *L, int entry, int index)
{
    lua_rawgeti(L, entry, index);
    char *s = lua_type(L, -1) == LUA_TSTRING ? xstrdup(lua_tostring(L, -1)) : NULL;
    lua_pop(L, 1);
    return s;
}

static int run_pages(lua_State *L)
{
    PagesArgs *a = lua_touserdata(L, 1);
    push_pack(L, a->meta, a->content);
    int pack = lua_gettop(L);
    lua_newtable(L);
    int out = lua_gettop(L);
    for (size_t i = 0; i < a->h->file_count; i++) {
        if (!push_hook(L, a->h, i, POINT_PAGES))
            continue;
        lua_pushvalue(L, pack);
        Blame b = call_hook(L, a->h, i, POINT_PAGES, 1, 1);
        int list = lua_gettop(L);
        if (!lua_isnil(L, list)) {
            if (!lua_istable(L, list))
                sandbox_raise(L, b.path, b.line, "pages(): must return a list of pages or nil, not %s",
                              luaL_typename(L, list));
            lua_Integer n = luaL_len(L, list);
            for (lua_Integer k = 1; k <= n; k++) {
                lua_geti(L, list, k);
                check_page(L, lua_gettop(L), out, k, &b);
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }

    /* Everything is checked and plain: copy into C.  Nothing below raises. */
    size_t n = (size_t)lua_rawlen(L, out);
    if (!n)
        return 0;
    a->pages = xcalloc(n, sizeof *a->pages);
    for (size_t k = 0; k < n; k++) {
        lua_rawgeti(L, out, (lua_Integer)k + 1);
        int entry = lua_gettop(L);
        ExtraPage *p = &a->pages[k];
        p->slug = entry_text(L, entry, PAGE_SLUG);
        p->title = entry_text(L, entry, PAGE_TITLE);
        p->summary = entry_text(L, entry, PAGE_SUMMARY);
        p->source_path = entry_text(L, entry, PAGE_SOURCE);
        for (int f = 0; f < FORMAT_COUNT; f++)
            p->markdown[f] = entry_text(L, entry, PAGE_MARKDOWN + f);
        a->count = k + 1;
        lua_pop(L, 1);
    }
    return 0;
}

void hooks_set_words(Hooks *h, const Words *words)
{
    if (h)
        sandbox_set_words(h->sb, words);
}

bool hooks_extra_pages(Hooks *h, const PackMeta *meta, const PackContent *content,
                       ExtraPage **pages, size_t *count)
{
    *pages = NULL;
    *count = 0;
    if (!h->has_point[POINT_PAGES])
        return true;
    PagesArgs args = {h, meta, content, NULL, 0};
    sandbox_set_lang(h->sb, meta->lang ? meta->lang : h->site->language);
    bool ok = run(h, run_pages, &args, content);
    sandbox_set_lang(h->sb, h->site->language);
    if (!ok) {
        extra_pages_free(args.pages, args.count);
        return false;
    }
    *pages = args.pages;
    *count = args.count;
    return true;
}

void extra_pages_free(ExtraPage *pages, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(pages[i].slug);
        free(pages[i].title);
        free(pages[i].summary);
        free(pages[i].source_path);
        for (int f = 0; f < FORMAT_COUNT; f++)
            free(pages[i].markdown[f]);
    }
    free(pages);
}
