/* lua_sandbox.c: a limited Lua state for hook code.
 *
 * Three things keep a hook in its box:
 *   - what it can reach: each hook file's chunk gets a fresh globals table
 *     holding copies of the safe libraries and the sayso API, never the
 *     real global table, and the string metatable is locked;
 *   - how long it can run: a count hook adds up instructions and raises
 *     "hook stopped" past the budget.  pcall and xpcall are replaced by
 *     versions that pass a stop straight on, so a hook cannot catch its
 *     own stop and carry on;
 *   - how much memory it can take: the allocator refuses to grow the state
 *     past its ceiling.
 * A stop records where the hook was at that moment, since a memory error
 * in Lua carries no position and Lua does not call the message handler
 * for it.
 */
#include "lua_sandbox.h"
#include "markdown_escape.h"
#include "date.h"
#include "diag.h"
#include "util.h"

#include <lauxlib.h>
#include <lualib.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#define COUNT_STEP 1000     /* instructions between calls of the count hook */
#define LIBS_KEY "sayso.sandbox.libs"
#define WARNINGS_PER_CALL 20     /* sayso.warn messages one call may give */
#define WARNING_BYTES 1000       /* of each, the rest cut off */

typedef enum { RUNNING, STOPPED_TIME, STOPPED_MEMORY } StopReason;

struct Sandbox {
    lua_State *L;
    size_t memory_used, memory_limit;
    long instructions, instruction_limit;
    StopReason stopped;
    bool in_call;
    bool error_set;          /* error below already describes the failure */
    SandboxError error;
    StrList picture_dirs;
    const Words *words;      /* the theme's words, for sayso.word; NULL: the hook's own English */
    const char *lang;        /* the language of the pages being made */
    int warnings, warnings_dropped;     /* in this call */
    SandboxError dropped_at;            /* where the first left out was given */
    /* For the watchdog, on another thread: when this call started
     * (monotonic ns, 0 outside calls), and where the hook last handed
     * work to C that the count hook cannot see into (a string pattern). */
    _Atomic int64_t call_started;
    char where[600];
    const char *call_path;
    struct Sandbox *next_watched;
};

static Sandbox *sandbox_of(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    return ud;
}

/* The innermost Lua function on the stack from `level` outwards: its file
 * (the chunk name without '@') and line.  C functions have no line, so
 * they are passed over. */
static bool locate(lua_State *L, int level, SandboxError *e)
{
    lua_Debug ar;
    for (; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0)
            continue;
        const char *src = ar.source[0] == '@' ? ar.source + 1 : ar.short_src;
        snprintf(e->path, sizeof e->path, "%s", src);
        e->line = ar.currentline;
        return true;
    }
    return false;
}

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    Sandbox *sb = ud;
    size_t old = ptr ? osize : 0;     /* with ptr NULL, osize is a type tag */
    if (nsize == 0) {
        free(ptr);
        sb->memory_used -= old;
        return NULL;
    }
    if (nsize > old && sb->memory_used - old + nsize > sb->memory_limit) {
        if (sb->in_call && sb->stopped == RUNNING) {
            sb->stopped = STOPPED_MEMORY;
            sb->error_set = true;
            sb->error.path[0] = '\0';
            sb->error.line = 0;
            locate(sb->L, 0, &sb->error);
            snprintf(sb->error.message, sizeof sb->error.message,
                     "hook stopped: it used more than %zu MB of memory", sb->memory_limit >> 20);
        }
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p)
        sb->memory_used = sb->memory_used - old + nsize;
    return p;
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    Sandbox *sb = sandbox_of(L);
    sb->instructions += COUNT_STEP;
    if (sb->instructions <= sb->instruction_limit)
        return;
    if (sb->stopped == RUNNING) {
        sb->stopped = STOPPED_TIME;
        sb->error_set = true;
        sb->error.path[0] = '\0';
        sb->error.line = 0;
        locate(L, 0, &sb->error);
        snprintf(sb->error.message, sizeof sb->error.message,
                 "hook stopped: it ran for more than %ld instructions", sb->instruction_limit);
    }
    lua_pushstring(L, "hook stopped");
    lua_error(L);
}

static int panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    diag_error(NULL, 0, "internal error in the Lua hooks: %s", msg ? msg : "(no message)");
    abort();
}

/* --- the watchdog ---------------------------------------------------------
 *
 * The count hook only runs between Lua instructions.  A string pattern
 * that backtracks without end (string.find(s, ".-.-.-x")) runs inside one
 * C function, and nothing in Lua can stop it there.  So every call into a
 * hook is also timed by the clock, on a thread of its own: past the limit
 * the build cannot go on (the worker is stuck in C), so the watchdog says
 * which hook and line, removes what the build had staged, and ends the
 * process with status 2. */

static pthread_mutex_t watched_lock = PTHREAD_MUTEX_INITIALIZER;
static Sandbox *watched;
static pthread_once_t watchdog_once = PTHREAD_ONCE_INIT;
static void (*on_stuck)(void *);
static void *on_stuck_data;

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int sandbox_seconds_limit(void)
{
    const char *env = getenv("SAYSO_HOOK_SECONDS");
    int n = env ? atoi(env) : 0;
    return n > 0 ? n : SANDBOX_SECONDS_LIMIT;
}

void sandbox_on_stuck(void (*fn)(void *data), void *data)
{
    pthread_mutex_lock(&watched_lock);
    on_stuck = fn;
    on_stuck_data = data;
    pthread_mutex_unlock(&watched_lock);
}

static void *watchdog_main(void *unused)
{
    (void)unused;
    int64_t limit = (int64_t)sandbox_seconds_limit() * 1000000000;
    for (;;) {
        usleep(100000);
        pthread_mutex_lock(&watched_lock);
        int64_t now = now_ns();
        for (Sandbox *sb = watched; sb; sb = sb->next_watched) {
            int64_t started = atomic_load(&sb->call_started);
            if (!started || now - started < limit)
                continue;
            /* Where the hook is now cannot be asked of a state another
             * thread is running: the string wrappers noted it. */
            char where[700];
            snprintf(where, sizeof where, "%s", sb->where[0] ? sb->where : sb->call_path ? sb->call_path : "");
            if (sb->where[0])
                diag_error(where, 0, "hook stopped: it ran for more than %d seconds, most likely in a "
                           "string pattern that backtracks without end (such as several '.-' in one "
                           "pattern): match in steps, or anchor the pattern", sandbox_seconds_limit());
            else
                diag_error(where[0] ? where : NULL, 0, "hook stopped: it ran for more than %d seconds",
                           sandbox_seconds_limit());
            if (on_stuck)
                on_stuck(on_stuck_data);
            fflush(NULL);
            _exit(2);
        }
        pthread_mutex_unlock(&watched_lock);
    }
    return NULL;
}

static void start_watchdog(void)
{
    pthread_t id;
    if (pthread_create(&id, NULL, watchdog_main, NULL) == 0)
        pthread_detach(id);
}

static void watch(Sandbox *sb)
{
    pthread_once(&watchdog_once, start_watchdog);
    pthread_mutex_lock(&watched_lock);
    sb->next_watched = watched;
    watched = sb;
    pthread_mutex_unlock(&watched_lock);
}

static void unwatch(Sandbox *sb)
{
    pthread_mutex_lock(&watched_lock);
    for (Sandbox **p = &watched; *p; p = &(*p)->next_watched)
        if (*p == sb) {
            *p = sb->next_watched;
            break;
        }
    pthread_mutex_unlock(&watched_lock);
}

/* string.find, match, gmatch, gsub and gmatch's iterator: note the hook's
 * line for the watchdog, then call the library's own (upvalue 1). */
static int noted_call(lua_State *L)
{
    Sandbox *sb = sandbox_of(L);
    SandboxError at = {.line = 0};
    if (locate(L, 1, &at)) {
        pthread_mutex_lock(&watched_lock);
        snprintf(sb->where, sizeof sb->where, "%s:%d", at.path, at.line);
        pthread_mutex_unlock(&watched_lock);
    }
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

static int noted_gmatch(lua_State *L)
{
    noted_call(L);
    lua_settop(L, 1);
    lua_pushcclosure(L, noted_call, 1);
    return 1;
}

static void note_string_functions(lua_State *L)
{
    static const char *const names[] = {"find", "match", "gsub", NULL};
    for (const char *const *n = names; *n; n++) {
        lua_getfield(L, -1, *n);
        lua_pushcclosure(L, noted_call, 1);
        lua_setfield(L, -2, *n);
    }
    lua_getfield(L, -1, "gmatch");
    lua_pushcclosure(L, noted_gmatch, 1);
    lua_setfield(L, -2, "gmatch");
}

/* --- the base functions hooks get -------------------------------------- */

/* Lua turns the count hook off while a finalizer runs, so a __gc that
 * loops would never be stopped: hooks may not set one. */
static int safe_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: a metatable with __gc is not allowed in hooks "
                                 "(Lua runs finalizers with no time limit)");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}


static int safe_pcall(lua_State *L)
{
    luaL_checkany(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    if (sandbox_of(L)->stopped != RUNNING)
        return lua_error(L);
    lua_pushboolean(L, status == LUA_OK);
    lua_insert(L, 1);
    return lua_gettop(L);
}

static int safe_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);              /* f, handler, true, f, args... */
    int status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
    if (sandbox_of(L)->stopped != RUNNING)
        return lua_error(L);
    if (status != LUA_OK) {
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - 2;
}

/* print goes to --verbose output, with the hook's file:line. */
static int hook_print(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1)
            luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    SandboxError where = {.line = 0};
    if (locate(L, 1, &where))
        diag_verbose("%s:%d: %s", where.path, where.line, lua_tostring(L, -1));
    else
        diag_verbose("%s", lua_tostring(L, -1));
    return 0;
}

/* --- the sayso API -------------------------------------------------------- */

static void put_lua_buffer(void *ctx, const char *s, size_t n)
{
    luaL_addlstring(ctx, s, n);
}

static int api_escape(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    markdown_escape_into(text, len, put_lua_buffer, &b);
    luaL_pushresult(&b);
    return 1;
}

static int api_date_long(lua_State *L)
{
    const char *iso = luaL_checkstring(L, 1);
    Day d;
    if (!date_parse(iso, &d))
        return luaL_error(L, "sayso.date_long: '%s' is not a date as YYYY-MM-DD", iso);
    char out[64];
    Sandbox *sb = sandbox_of(L);
    if (sb->words && sb->lang)
        words_date_long(sb->words, sb->lang, d, out, sizeof out);
    else
        date_long(d, out, sizeof out);
    lua_pushstring(L, out);
    return 1;
}

/* Appends text to sb with each {name} replaced by tostring(vars[name])
 * (the table at index vars, or none when 0); an unknown name stays. */
static void fill_from_table(lua_State *L, int vars, const char *text, StrBuf *out)
{
    for (const char *p = text; *p;) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close || !vars) {
            sb_append(out, p);
            return;
        }
        sb_append_len(out, p, (size_t)(open - p));
        char name[64];
        size_t n = (size_t)(close - open - 1);
        if (n == 0 || n >= sizeof name) {
            sb_append_len(out, open, (size_t)(close - open + 1));
            p = close + 1;
            continue;
        }
        memcpy(name, open + 1, n);
        name[n] = '\0';
        lua_getfield(L, vars, name);
        if (lua_isnil(L, -1)) {
            sb_append_len(out, open, n + 2);
        } else {
            sb_append(out, luaL_tolstring(L, -1, NULL));
            lua_pop(L, 1);     /* the string luaL_tolstring pushed */
        }
        lua_pop(L, 1);
        p = close + 1;
    }
}

/* sayso.word(key, english [, vars]): the theme's word for key in the
 * language of the pages being made (strings/LANG.yml), else english; each
 * {name} filled from vars.  When vars.n is a whole number the form for
 * that count is chosen by the language's plural rules.  So a translation's
 * "You said, we did" page is in its own language, not the hook's English. */
static int api_word(lua_State *L)
{
    const char *key = luaL_checkstring(L, 1);
    const char *english = luaL_checkstring(L, 2);
    int vars = lua_istable(L, 3) ? 3 : 0;
    Sandbox *sb = sandbox_of(L);
    const char *lang = sb->lang ? sb->lang : "en";
    char *counted = NULL;
    const char *text = NULL;
    if (vars && sb->words) {
        lua_getfield(L, vars, "n");
        if (lua_isinteger(L, -1))
            counted = words_count(sb->words, lang, key, (long)lua_tointeger(L, -1));
        lua_pop(L, 1);
    }
    if (!counted && sb->words)
        text = words_get(sb->words, lang, key);
    StrBuf out;
    sb_init(&out);
    fill_from_table(L, vars, counted ? counted : text ? text : english, &out);
    free(counted);
    lua_pushlstring(L, out.data ? out.data : "", out.len);
    sb_free(&out);
    return 1;
}

void sandbox_set_words(Sandbox *sb, const Words *words)
{
    sb->words = words;
}

void sandbox_set_lang(Sandbox *sb, const char *lang)
{
    sb->lang = lang;
}

/* sayso.warn(message [, file, line]): a build warning.  It names the hook's
 * own file:line unless the hook names the content it is about, such as a
 * feedback row (pack.feedback_path, row.line). */
static int api_warn(lua_State *L)
{
    size_t msg_len, file_len;
    const char *full = luaL_checklstring(L, 1, &msg_len);
    const char *file = luaL_optlstring(L, 2, NULL, &file_len);
    int line = (int)luaL_optinteger(L, 3, 0);
    /* Warnings are kept in C, outside the state's memory limit: a hook
     * warning in a loop must not pile them up without end. */
    Sandbox *sb = sandbox_of(L);
    if (sb->warnings >= WARNINGS_PER_CALL) {
        if (!sb->warnings_dropped++) {
            sb->dropped_at = (SandboxError){.line = 0};
            locate(L, 1, &sb->dropped_at);
        }
        return 0;
    }
    sb->warnings++;
    char msg[WARNING_BYTES + 32];
    snprintf(msg, sizeof msg, "%.*s%s", (int)(msg_len > WARNING_BYTES ? WARNING_BYTES : msg_len), full,
             msg_len > WARNING_BYTES ? " [cut short]" : "");
    if (file && file_len > 512)
        file = NULL;
    SandboxError where = {.line = 0};
    if (file)
        diag_warning(file, line > 0 ? line : 0, "%s", msg);
    else if (locate(L, 1, &where))
        diag_warning(where.path, where.line, "%s", msg);
    else
        diag_warning(NULL, 0, "%s", msg);
    return 0;
}

/* The name a picture is asked for by: "picture:bus" or "bus"; NULL when it
 * is not a plain name (so it cannot reach outside the picture folders). */
static const char *picture_name(const char *name)
{
    if (str_starts_with(name, "picture:"))
        name += strlen("picture:");
    if (!*name)
        return NULL;
    for (const char *s = name; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')
              || *s == '-' || *s == '_'))
            return NULL;
    return name;
}

/* The first picture folder holding NAME.svg or NAME.png, or NULL. */
static const char *picture_dir(Sandbox *sb, const char *name)
{
    static const char *const extensions[] = {".svg", ".png"};
    for (size_t i = 0; i < sb->picture_dirs.count; i++)
        for (size_t e = 0; e < 2; e++) {
            char *file = xasprintf("%s/%s%s", sb->picture_dirs.items[i], name, extensions[e]);
            bool found = file_exists(file);
            free(file);
            if (found)
                return sb->picture_dirs.items[i];
        }
    return NULL;
}

/* Pushes cache[name] from the registry table `key`, made on first use:
 * hooks ask about the same few pictures for every row of every pack, and
 * each answer costs file system calls. */
static void push_cached(lua_State *L, const char *key, const char *name)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, key);
    }
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
}

static void store_cached(lua_State *L, const char *key, const char *name)
{
    lua_getfield(L, LUA_REGISTRYINDEX, key);
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

static int api_picture_exists(lua_State *L)
{
    const char *name = picture_name(luaL_checkstring(L, 1));
    if (!name) {
        lua_pushboolean(L, 0);
        return 1;
    }
    push_cached(L, "sayso.picture_exists", name);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, picture_dir(sandbox_of(L), name) != NULL);
        store_cached(L, "sayso.picture_exists", name);
    }
    return 1;
}

/* The default text alternative of a picture from the pictures.yml beside
 * it (lines of `NAME: "text"`), into out; empty when there is none. */
static void read_picture_text(Sandbox *sb, const char *name, char *out, size_t size)
{
    out[0] = '\0';
    const char *dir = picture_dir(sb, name);
    if (!dir)
        return;
    char *list = path_join(dir, "pictures.yml");
    char *text = read_file(list, NULL);
    free(list);
    if (!text)
        return;
    size_t n = strlen(name);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, name, n) != 0 || line[n] != ':')
            continue;
        char *value = str_trim(line + n + 1);
        size_t len = strlen(value);
        if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
            value[len - 1] = '\0';
            value++;
        }
        snprintf(out, size, "%s", value);
        break;
    }
    free(text);
}

/* sayso.picture_text(name): the theme's words for a picture, or nil. */
static int api_picture_text(lua_State *L)
{
    const char *name = picture_name(luaL_checkstring(L, 1));
    if (!name)
        return 0;
    push_cached(L, "sayso.picture_text", name);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        char text[256];
        read_picture_text(sandbox_of(L), name, text, sizeof text);
        if (text[0])
            lua_pushstring(L, text);
        else
            lua_pushboolean(L, 0);
        store_cached(L, "sayso.picture_text", name);
    }
    if (!lua_toboolean(L, -1))
        lua_pushnil(L);
    return 1;
}

/* --- the state ------------------------------------------------------------ */

static void copy_fields(lua_State *L, int from, const char *const *names)
{
    for (; *names; names++) {
        lua_getfield(L, from, *names);
        lua_setfield(L, -2, *names);
    }
}

static void require_lib(lua_State *L, const char *name, lua_CFunction open)
{
    luaL_requiref(L, name, open, 0);
    lua_setfield(L, -2, name);
}

/* registry[LIBS_KEY] = {base={...}, string=..., table=..., math=..., utf8=..., sayso=...} */
static void register_libs(lua_State *L)
{
    lua_newtable(L);

    luaL_requiref(L, "_G", luaopen_base, 0);
    int base_lib = lua_gettop(L);
    lua_newtable(L);
    static const char *const safe_base[] = {
        "assert", "error", "getmetatable", "ipairs", "next", "pairs", "rawequal", "rawget",
        "rawlen", "rawset", "select", "setmetatable", "tonumber", "tostring", "type", "_VERSION", NULL,
    };
    copy_fields(L, base_lib, safe_base);
    lua_getfield(L, -1, "setmetatable");
    lua_pushcclosure(L, safe_setmetatable, 1);
    lua_setfield(L, -2, "setmetatable");
    lua_pushcfunction(L, safe_pcall);
    lua_setfield(L, -2, "pcall");
    lua_pushcfunction(L, safe_xpcall);
    lua_setfield(L, -2, "xpcall");
    lua_pushcfunction(L, hook_print);
    lua_setfield(L, -2, "print");
    lua_setfield(L, -3, "base");
    lua_pop(L, 1);

    require_lib(L, LUA_STRLIBNAME, luaopen_string);
    require_lib(L, LUA_TABLIBNAME, luaopen_table);
    require_lib(L, LUA_MATHLIBNAME, luaopen_math);
    require_lib(L, LUA_UTF8LIBNAME, luaopen_utf8);

    /* string.dump makes bytecode; nothing can load it, but there is no use for it either. */
    lua_getfield(L, -1, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    note_string_functions(L);
    lua_pop(L, 1);

    /* A fixed seed, so builds with math.random are reproducible. */
    lua_getfield(L, -1, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, 0);
    lua_call(L, 1, 0);
    lua_pop(L, 1);

    /* ("x"):upper() uses the real string table through the metatable; a
     * __metatable field stops getmetatable("") from handing it out. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    static const luaL_Reg api[] = {
        {"escape", api_escape},
        {"date_long", api_date_long},
        {"word", api_word},
        {"warn", api_warn},
        {"picture_exists", api_picture_exists},
        {"picture_text", api_picture_text},
        {NULL, NULL},
    };
    luaL_newlib(L, api);
    lua_setfield(L, -2, "sayso");

    lua_setfield(L, LUA_REGISTRYINDEX, LIBS_KEY);
}

Sandbox *sandbox_new(size_t memory_limit, long instruction_limit,
                     const char *const *picture_dirs, size_t picture_dir_count)
{
    Sandbox *sb = xcalloc(1, sizeof *sb);
    sb->memory_limit = memory_limit;
    sb->instruction_limit = instruction_limit;
    for (size_t i = 0; i < picture_dir_count; i++)
        sl_push(&sb->picture_dirs, picture_dirs[i]);
    sb->L = lua_newstate(limited_alloc, sb);
    if (!sb->L) {
        diag_error(NULL, 0, "cannot start Lua for the hooks: the memory limit is too small");
        sl_free(&sb->picture_dirs);
        free(sb);
        return NULL;
    }
    lua_atpanic(sb->L, panic);
    lua_setwarnf(sb->L, NULL, NULL);     /* errors in __gc finalizers: nowhere to show them */
    register_libs(sb->L);
    lua_sethook(sb->L, count_hook, LUA_MASKCOUNT, COUNT_STEP);
    watch(sb);
    return sb;
}

void sandbox_free(Sandbox *sb)
{
    if (!sb)
        return;
    unwatch(sb);
    /* Finalizers run at close; give them a small budget of their own. */
    sb->instructions = 0;
    sb->instruction_limit = 1000000;
    sb->in_call = false;
    lua_close(sb->L);
    sl_free(&sb->picture_dirs);
    free(sb);
}

lua_State *sandbox_state(Sandbox *sb)
{
    return sb->L;
}

void sandbox_set_limits(Sandbox *sb, long instruction_limit, size_t memory_limit)
{
    if (instruction_limit > 0)
        sb->instruction_limit = instruction_limit;
    if (memory_limit > 0)
        sb->memory_limit = memory_limit;
}

/* A fresh globals table for one hook file: copies of the safe libraries,
 * so a file that changes `string.format` changes only its own copy. */
static int make_env(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, LIBS_KEY);
    int libs = lua_gettop(L);
    lua_newtable(L);
    int env = lua_gettop(L);

    lua_getfield(L, libs, "base");
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, env);
    }
    lua_pop(L, 1);

    static const char *const libnames[] = {"string", "table", "math", "utf8", "sayso", NULL};
    for (const char *const *name = libnames; *name; name++) {
        lua_getfield(L, libs, *name);
        lua_newtable(L);
        lua_pushnil(L);
        while (lua_next(L, -3)) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_settable(L, -4);
        }
        lua_setfield(L, env, *name);
        lua_pop(L, 1);
    }
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
    return 1;
}

/* "path:12: message" -> line 12 and "message", when the text has that form. */
static void split_position(const char *msg, SandboxError *e)
{
    const char *s = msg;
    while ((s = strchr(s, ':')) != NULL) {
        const char *d = s + 1;
        int line = 0;
        while (*d >= '0' && *d <= '9' && line < 10000000)
            line = line * 10 + (*d++ - '0');
        if (d > s + 1 && d[0] == ':' && d[1] == ' ') {
            e->line = line;
            snprintf(e->message, sizeof e->message, "%s", d + 2);
            return;
        }
        s++;
    }
    snprintf(e->message, sizeof e->message, "%s", msg);
}

bool sandbox_load(Sandbox *sb, const char *text, size_t len, const char *display_path, SandboxError *err)
{
    lua_State *L = sb->L;
    char *chunkname = xasprintf("@%s", display_path);
    *err = (SandboxError){.line = 0};
    snprintf(err->path, sizeof err->path, "%s", display_path);
    int status = luaL_loadbufferx(L, text, len, chunkname, "t");
    free(chunkname);
    if (status != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        if (status == LUA_ERRSYNTAX && msg && strstr(msg, "attempt to load a binary chunk"))
            snprintf(err->message, sizeof err->message,
                     "this is compiled Lua (bytecode); hooks must be Lua source text");
        else
            split_position(msg ? msg : "cannot load this file", err);
        lua_pop(L, 1);
        return false;
    }
    lua_pushcfunction(L, make_env);
    if (!sandbox_call(sb, 0, 1, display_path, err)) {
        lua_pop(L, 1);
        return false;
    }
    if (!lua_setupvalue(L, -2, 1))      /* a main chunk's one upvalue is _ENV */
        lua_pop(L, 1);
    return true;
}

void sandbox_push_env(Sandbox *sb, int index)
{
    if (!lua_getupvalue(sb->L, index, 1))
        lua_pushnil(sb->L);
}

/* For errors Lua raises itself: find the hook line.  Lua puts "file:line: "
 * in front of the message; the stack level whose position matches that
 * prefix is where the error was, and the prefix is dropped since sayso's
 * own message format adds it back. */
static int message_handler(lua_State *L)
{
    Sandbox *sb = sandbox_of(L);
    if (sb->error_set)
        return 1;
    SandboxError *e = &sb->error;
    const char *msg = lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : NULL;
    e->path[0] = '\0';
    e->line = 0;
    bool found = false;
    lua_Debug ar;
    for (int level = 1; msg && lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0)
            continue;
        char prefix[LUA_IDSIZE + 32];
        snprintf(prefix, sizeof prefix, "%s:%d: ", ar.short_src, ar.currentline);
        if (str_starts_with(msg, prefix)) {
            snprintf(e->path, sizeof e->path, "%s", ar.source[0] == '@' ? ar.source + 1 : ar.short_src);
            e->line = ar.currentline;
            snprintf(e->message, sizeof e->message, "%s", msg + strlen(prefix));
            found = true;
            break;
        }
    }
    if (!found) {
        locate(L, 1, e);
        if (msg)
            snprintf(e->message, sizeof e->message, "%s", msg);
        else
            snprintf(e->message, sizeof e->message, "the hook raised an error that is a %s, not a message",
                     luaL_typename(L, 1));
    }
    sb->error_set = true;
    return 1;
}

void sandbox_reset_budget(Sandbox *sb)
{
    sb->instructions = 0;
}

int sandbox_raise(lua_State *L, const char *path, int line, const char *fmt, ...)
{
    Sandbox *sb = sandbox_of(L);
    snprintf(sb->error.path, sizeof sb->error.path, "%s", path ? path : "");
    sb->error.line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sb->error.message, sizeof sb->error.message, fmt, ap);
    va_end(ap);
    sb->error_set = true;
    lua_pushstring(L, sb->error.message);
    return lua_error(L);
}

bool sandbox_call(Sandbox *sb, int nargs, int nresults, const char *fallback_path, SandboxError *err)
{
    lua_State *L = sb->L;
    int func = lua_gettop(L) - nargs;
    lua_pushcfunction(L, message_handler);
    lua_insert(L, func);
    sb->instructions = 0;
    sb->stopped = RUNNING;
    sb->error_set = false;
    sb->in_call = true;
    sb->warnings = sb->warnings_dropped = 0;
    pthread_mutex_lock(&watched_lock);
    sb->where[0] = '\0';
    sb->call_path = fallback_path;
    pthread_mutex_unlock(&watched_lock);
    atomic_store(&sb->call_started, now_ns());
    int status = lua_pcall(L, nargs, nresults, func);
    atomic_store(&sb->call_started, 0);
    sb->in_call = false;
    lua_remove(L, func);
    if (sb->warnings_dropped)
        diag_warning(sb->dropped_at.path[0] ? sb->dropped_at.path : fallback_path, sb->dropped_at.line,
                     "%d more warnings were left out: a hook may give %d each time sayso calls it",
                     sb->warnings_dropped, WARNINGS_PER_CALL);
    if (status == LUA_OK)
        return true;

    if (sb->error_set) {
        *err = sb->error;
    } else {
        /* A memory error not of the hook's making, or an error in the handler. */
        *err = (SandboxError){.line = 0};
        const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        snprintf(err->message, sizeof err->message, "%s", msg ? msg : "the hook failed");
    }
    if (!err->path[0])
        snprintf(err->path, sizeof err->path, "%s", fallback_path ? fallback_path : "");
    err->limit_reached = sb->stopped != RUNNING;
    lua_pop(L, 1);
    if (sb->stopped != RUNNING)
        lua_gc(L, LUA_GCCOLLECT);     /* give back what a memory bomb took */
    sb->stopped = RUNNING;
    sb->error_set = false;
    return false;
}
