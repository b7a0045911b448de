/* calendar.c: iCalendar (RFC 5545) for closing dates and events.
 *
 * Written by hand rather than with libical: the format we write is a few
 * fixed properties, and what matters (CRLF line ends, folding at 75
 * octets without splitting a UTF-8 character, TEXT escaping) is short and
 * tested here; `make test` parses the result with a real library
 * (python3-icalendar) to hold us to the RFC. */
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *base(const Site *site)
{
    return site->base_url ? site->base_url : "";
}

/* ---- time ---- */

static Day last_sunday(int year, int month)
{
    Day d = date_from_ymd(year, month, 31);
    /* 1970-01-01 was a Thursday: (d + 4) % 7 is 0 on Sundays. */
    int weekday = (int)(((d + 4) % 7 + 7) % 7);
    return d - weekday;
}

void calendar_london_to_utc(Day day, int minutes, Day *utc_day, int *utc_minutes)
{
    int year, month, mday;
    date_to_ymd(day, &year, &month, &mday);
    /* British Summer Time: from 01:00 UTC on the last Sunday in March (02:00
     * local) to 01:00 UTC on the last Sunday in October (02:00 local). */
    Day start = last_sunday(year, 3), end = last_sunday(year, 10);
    bool summer = (day > start || (day == start && minutes >= 120)) &&
                  (day < end || (day == end && minutes < 120));
    int m = minutes - (summer ? 60 : 0);
    Day d = day;
    if (m < 0) {
        m += 24 * 60;
        d--;
    }
    *utc_day = d;
    *utc_minutes = m;
}

/* ---- writing ---- */

/* A content line, folded at 75 octets (RFC 5545 3.1), never inside a
 * UTF-8 sequence, with CRLF. */
static void put_line(StrBuf *sb, const char *line)
{
    size_t n = strlen(line), col = 0;
    for (size_t i = 0; i < n;) {
        size_t len = 1;
        unsigned char c = (unsigned char)line[i];
        if (c >= 0xF0) len = 4;
        else if (c >= 0xE0) len = 3;
        else if (c >= 0xC0) len = 2;
        if (i + len > n)
            len = n - i;
        if (col + len > 75) {
            sb_append(sb, "\r\n ");
            col = 1;
        }
        sb_append_len(sb, line + i, len);
        col += len;
        i += len;
    }
    sb_append(sb, "\r\n");
}

/* NAME:VALUE with VALUE escaped as TEXT (3.3.11). */
static void put_text(StrBuf *sb, const char *name, const char *value)
{
    StrBuf v;
    sb_init(&v);
    sb_append(&v, name);
    sb_append_char(&v, ':');
    for (const char *p = value ? value : ""; *p; p++) {
        switch (*p) {
        case '\\': sb_append(&v, "\\\\"); break;
        case ';':  sb_append(&v, "\\;"); break;
        case ',':  sb_append(&v, "\\,"); break;
        case '\n': sb_append(&v, "\\n"); break;
        case '\r': break;
        default:
            /* Other control characters are not allowed in TEXT. */
            if ((unsigned char)*p >= 0x20 || *p == '\t')
                sb_append_char(&v, *p);
        }
    }
    char *line = sb_take(&v);
    put_line(sb, line);
    free(line);
}

static void put_raw(StrBuf *sb, const char *name, const char *value)
{
    char *line = xasprintf("%s:%s", name, value);
    put_line(sb, line);
    free(line);
}

static void ymd(Day d, char out[9])
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    snprintf(out, 9, "%04d%02d%02d", y, m, dd);
}

static void put_utc(StrBuf *sb, const char *name, Day local_day, int local_minutes)
{
    Day d;
    int m;
    calendar_london_to_utc(local_day, local_minutes, &d, &m);
    char day[9];
    ymd(d, day);
    char *line = xasprintf("%s:%sT%02d%02d00Z", name, day, m / 60, m % 60);
    put_line(sb, line);
    free(line);
}

static void put_all_day(StrBuf *sb, Day d)
{
    char a[9], b[9];
    ymd(d, a);
    ymd(d + 1, b);
    char *line = xasprintf("DTSTART;VALUE=DATE:%s", a);
    put_line(sb, line);
    free(line);
    line = xasprintf("DTEND;VALUE=DATE:%s", b);
    put_line(sb, line);
    free(line);
}

/* The host part of base_url, for UIDs that are unique across sites. */
static char *uid_host(const Site *site)
{
    const char *b = base(site), *p = strstr(b, "://");
    if (!p)
        return xstrdup("sayso.invalid");
    p += 3;
    size_t n = strcspn(p, "/:");
    return n ? xstrndup(p, n) : xstrdup("sayso.invalid");
}

static void begin_calendar(StrBuf *sb, const Site *site, const char *name)
{
    put_line(sb, "BEGIN:VCALENDAR");
    put_line(sb, "VERSION:2.0");
    put_line(sb, "PRODID:-//sayso//consultations//EN");
    put_line(sb, "CALSCALE:GREGORIAN");
    put_line(sb, "METHOD:PUBLISH");
    put_text(sb, "X-WR-CALNAME", name);
    (void)site;
}

/* "HH:MM" at s: minutes since midnight, or -1. */
static int parse_clock(const char *s)
{
    if (!(s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[2] == ':' && s[3] >= '0' &&
          s[3] <= '5' && s[4] >= '0' && s[4] <= '9'))
        return -1;
    int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 + s[4] - '0';
    return h < 24 ? h * 60 + m : -1;
}

/* An event's day and times: the date is YYYY-MM-DD, the time "HH:MM" or
 * "HH:MM-HH:MM" (the spec's `time`).  Without a time it is an all-day
 * entry; without an end, an hour long. */
bool calendar_event_when(const Event *e, Day *day, int *start, int *end)
{
    if (!e->date || !date_parse(e->date, day))
        return false;
    *start = *end = -1;
    const char *t = e->time;
    if (t) {
        while (*t == ' ' || *t == 'T')
            t++;
        *start = parse_clock(t);
        if (*start >= 0 && t[5] == '-')
            *end = parse_clock(t + 6);
        if (*start >= 0 && *end < 0)
            *end = *start + 60 < 24 * 60 ? *start + 60 : 24 * 60 - 1;
    }
    return true;
}

static void put_closing(StrBuf *sb, const Site *site, const PackMeta *p, const char *host)
{
    char stamp[9];
    ymd(site->today, stamp);
    put_line(sb, "BEGIN:VEVENT");
    char *uid = xasprintf("closes-%s@%s", p->slug, host);
    put_raw(sb, "UID", uid);
    free(uid);
    char *dtstamp = xasprintf("DTSTAMP:%sT000000Z", stamp);
    put_line(sb, dtstamp);
    free(dtstamp);
    put_all_day(sb, p->closes);
    char *summary = xasprintf("Last day to have your say: %s", p->title);
    put_text(sb, "SUMMARY", summary);
    free(summary);
    put_text(sb, "DESCRIPTION", p->summary);
    char *url = xasprintf("%sconsultations/%s/", base(site), p->slug);
    put_raw(sb, "URL", url);
    free(url);
    put_line(sb, "TRANSP:TRANSPARENT");
    put_line(sb, "END:VEVENT");
}

static void put_event(StrBuf *sb, const Site *site, const PackMeta *p, size_t k, const char *host)
{
    const Event *e = &p->respond.events[k];
    Day day;
    int start, end;
    if (!calendar_event_when(e, &day, &start, &end))
        return;
    char stamp[9];
    ymd(site->today, stamp);
    put_line(sb, "BEGIN:VEVENT");
    char *uid = xasprintf("event-%zu-%s@%s", k + 1, p->slug, host);
    put_raw(sb, "UID", uid);
    free(uid);
    char *dtstamp = xasprintf("DTSTAMP:%sT000000Z", stamp);
    put_line(sb, dtstamp);
    free(dtstamp);
    if (start >= 0) {
        put_utc(sb, "DTSTART", day, start);
        put_utc(sb, "DTEND", day, end > start ? end : start + 1);
    } else {
        put_all_day(sb, day);
    }
    /* Neutral words: the same file is read before and after the day. */
    char *summary = xasprintf("Event: %s", p->title);
    put_text(sb, "SUMMARY", summary);
    free(summary);
    if (e->place)
        put_text(sb, "LOCATION", e->place);
    StrBuf d;
    sb_init(&d);
    sb_append(&d, p->summary);
    if (e->access)
        sb_printf(&d, "\nAccess: %s", e->access);
    if (e->booking)
        sb_printf(&d, "\nBooking: %s", e->booking);
    char *desc = sb_take(&d);
    put_text(sb, "DESCRIPTION", desc);
    free(desc);
    char *url = xasprintf("%sconsultations/%s/", base(site), p->slug);
    put_raw(sb, "URL", url);
    free(url);
    put_line(sb, "END:VEVENT");
}

static void put_pack(StrBuf *sb, const Site *site, const PackMeta *p, const char *host)
{
    if (p->closes != DAY_NONE)
        put_closing(sb, site, p, host);
    for (size_t k = 0; k < p->respond.event_count; k++)
        put_event(sb, site, p, k, host);
}

static char *finish(StrBuf *sb, size_t *len)
{
    put_line(sb, "END:VCALENDAR");
    if (len)
        *len = sb->len;
    return sb_take(sb);
}

char *calendar_pack(const Site *site, const PackMeta *p, size_t *len)
{
    StrBuf sb;
    sb_init(&sb);
    char *host = uid_host(site);
    begin_calendar(&sb, site, p->title);
    put_pack(&sb, site, p, host);
    free(host);
    return finish(&sb, len);
}

char *calendar_site(const Site *site, size_t *len)
{
    StrBuf sb;
    sb_init(&sb);
    char *host = uid_host(site);
    begin_calendar(&sb, site, site->title);
    for (size_t i = 0; i < site->pack_count; i++)
        put_pack(&sb, site, &site->packs[i], host);
    free(host);
    return finish(&sb, len);
}
