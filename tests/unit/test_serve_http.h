/* test_serve_http.h: a small HTTP/1.0 client and file helpers for the
 * `sayso serve` tests.  Loopback only, and every wait has a time limit. */
#ifndef SAYSO_TEST_SERVE_HTTP_H
#define SAYSO_TEST_SERVE_HTTP_H

#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

typedef struct HttpReply {
    int status;            /* 0 when there was no reply */
    char *head;            /* status line and headers */
    char *body;
} HttpReply;

static inline void http_reply_free(HttpReply *r)
{
    free(r->head);
    free(r->body);
    r->head = r->body = NULL;
}

static inline int http_connect(int port, int timeout_seconds)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct timeval tv = {.tv_sec = timeout_seconds};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static inline bool http_send(int fd, const char *method, const char *path)
{
    char *request = xasprintf("%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", method, path);
    size_t len = strlen(request);
    bool ok = send(fd, request, len, MSG_NOSIGNAL) == (ssize_t)len;
    free(request);
    return ok;
}

/* Sends METHOD PATH exactly as given (no normalising, no escaping) and
 * reads the whole reply: HTTP/1.0, so the server closes when done. */
static inline HttpReply http_request(int port, const char *method, const char *path)
{
    HttpReply r = {0};
    int fd = http_connect(port, 10);
    if (fd < 0 || !http_send(fd, method, path)) {
        if (fd >= 0)
            close(fd);
        return r;
    }
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "");     /* data is never NULL, even for no reply */
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0)
        sb_append_len(&sb, buf, (size_t)n);
    close(fd);
    char *split = strstr(sb.data, "\r\n\r\n");
    if (split && sscanf(sb.data, "HTTP/1.%*d %d", &r.status) == 1) {
        r.head = xstrndup(sb.data, (size_t)(split - sb.data));
        r.body = xstrdup(split + 4);
    }
    sb_free(&sb);
    return r;
}

static inline HttpReply http_get(int port, const char *path)
{
    return http_request(port, "GET", path);
}

/* The value of header NAME in R (case as the server sends it), or NULL. */
static inline char *http_header(const HttpReply *r, const char *name)
{
    if (!r->head)
        return NULL;
    char *key = xasprintf("\r\n%s: ", name);
    const char *at = strcasestr(r->head, key);
    char *value = NULL;
    if (at) {
        at += strlen(key);
        value = xstrndup(at, strcspn(at, "\r\n"));
    }
    free(key);
    return value;
}

/* Header NAME in R is VALUE: the test fails where it is missing or not. */
static inline void assert_header(const HttpReply *r, const char *name, const char *value)
{
    char *got = http_header(r, name);
    assert_non_null(got);
    assert_string_equal(got, value);
    free(got);
}

static inline long long test_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void sleep_ms(int ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Polls GET PATH until its body contains NEEDLE, for at most TIMEOUT_MS.
 * Returns the last reply either way; check its body. */
static inline HttpReply http_wait_for(int port, const char *path, const char *needle, int timeout_ms)
{
    long long deadline = test_now_ms() + timeout_ms;
    for (;;) {
        HttpReply r = http_get(port, path);
        if ((r.body && strstr(r.body, needle)) || test_now_ms() > deadline)
            return r;
        http_reply_free(&r);
        sleep_ms(50);
    }
}

/* Copies the folder FROM into TO (made), recursively. */
static inline bool copy_tree(const char *from, const char *to)
{
    if (!make_dirs(to))
        return false;
    StrList names = {0};
    bool ok = list_dir(from, &names);
    for (size_t i = 0; ok && i < names.count; i++) {
        char *a = path_join(from, names.items[i]);
        char *b = path_join(to, names.items[i]);
        ok = dir_exists(a) ? copy_tree(a, b) : copy_file(a, b);
        free(a);
        free(b);
    }
    sl_free(&names);
    return ok;
}

/* A fresh folder under $TMPDIR; the caller removes it with remove_tree. */
static inline char *make_scratch_dir(const char *label)
{
    const char *tmp = getenv("TMPDIR");
    char *template = xasprintf("%s/sayso-test-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", label);
    if (!mkdtemp(template)) {
        free(template);
        return NULL;
    }
    return template;
}

/* Writes TEXT to DIR/RELATIVE, making folders as needed. */
static inline bool put_file(const char *dir, const char *relative, const char *text)
{
    char *path = path_join(dir, relative);
    char *parent = path_dirname(path);
    bool ok = make_dirs(parent) && write_file(path, text, strlen(text));
    free(parent);
    free(path);
    return ok;
}

#endif
