/* lua_sandbox.h: a Lua 5.4 state that runs a council's hook code safely.
 *
 * Hooks are written by the people who run a site, not by sayso, so they
 * run with limits: no io, os, package, debug, load or bytecode; a memory
 * ceiling enforced by the allocator; an instruction budget per call
 * enforced by a count hook.  Each hook file gets its own globals, so one
 * file cannot break another by changing `string` or leaving globals about.
 *
 * Errors are kept as file, line and message, so the caller can report
 * them as every other content message is reported: `lua/x.lua:12: ...`.
 */
#ifndef SAYSO_LUA_SANDBOX_H
#define SAYSO_LUA_SANDBOX_H

#include "words.h"

#include <lua.h>

#include <stdbool.h>
#include <stddef.h>

#define SANDBOX_MEMORY_LIMIT (64u * 1024 * 1024)     /* bytes, for the whole state */
#define SANDBOX_INSTRUCTION_LIMIT 100000000L         /* per call into a hook */
#define SANDBOX_SECONDS_LIMIT 20                     /* per call, by the clock (the watchdog) */

/* The clock limit: SANDBOX_SECONDS_LIMIT, or SAYSO_HOOK_SECONDS when set. */
int sandbox_seconds_limit(void);
/* What the watchdog calls before it ends a process whose hook is stuck in
 * C code (a string pattern), such as removing the build's staging folder. */
void sandbox_on_stuck(void (*fn)(void *data), void *data);

typedef struct Sandbox Sandbox;

/* What went wrong in the last failed sandbox_call.  line is 0 when unknown. */
typedef struct SandboxError {
    char path[512];
    int line;
    char message[1024];
    bool limit_reached;      /* stopped for time or memory, not an ordinary error */
} SandboxError;

/* A new state with the safe libraries loaded and the limits set.  The
 * folders are where sayso.picture_exists looks (may be NULL / empty). */
Sandbox *sandbox_new(size_t memory_limit, long instruction_limit,
                     const char *const *picture_dirs, size_t picture_dir_count);
void sandbox_free(Sandbox *sb);
/* The theme's words for sayso.word and sayso.date_long (NULL: the hook's
 * own English), and the language of the pages being made (NULL: English). */
void sandbox_set_words(Sandbox *sb, const Words *words);
void sandbox_set_lang(Sandbox *sb, const char *lang);
lua_State *sandbox_state(Sandbox *sb);
/* Changes the limits; 0 leaves one as it is. */
void sandbox_set_limits(Sandbox *sb, long instruction_limit, size_t memory_limit);

/* Loads a hook file's text as a function whose globals are a fresh
 * environment table, and pushes it.  The chunk is named "@display_path"
 * so Lua's own messages read `display_path:LINE: ...`.  Text only: a
 * precompiled (bytecode) file is refused.  On failure pushes nothing,
 * fills *err and returns false. */
bool sandbox_load(Sandbox *sb, const char *text, size_t len, const char *display_path, SandboxError *err);

/* Pushes the globals table of the function at `index` (made by sandbox_load). */
void sandbox_push_env(Sandbox *sb, int index);

/* lua_pcall with the limits in force: the instruction count starts again
 * for each call, and a hook that runs too long or uses too much memory is
 * stopped with "hook stopped: ...".  `fallback_path` names the file to
 * blame when the error happened outside any Lua code.  On failure the
 * stack is as lua_pcall leaves it minus the error value, *err is filled
 * and false is returned. */
bool sandbox_call(Sandbox *sb, int nargs, int nresults, const char *fallback_path, SandboxError *err);

/* From C code running inside sandbox_call, before calling each of several
 * hook functions: each gets the whole instruction budget. */
void sandbox_reset_budget(Sandbox *sb);

/* From C code running inside sandbox_call: stops the call with an error
 * blamed on path:line (a hook's file and the line of the function that
 * returned something wrong).  Does not return. */
int sandbox_raise(lua_State *L, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));


#endif
