/* structured_data.c: schema.org JSON-LD for a consultation page. */
#include "structured_data.h"
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void key(StrBuf *sb, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    sb_append_char(sb, ',');
    sb_append_json(sb, name);
    sb_append_char(sb, ':');
    sb_append_json(sb, value);
}

/* "2026-12-10T18:00:00+00:00": local time with the UK's offset that day. */
static void local_time(char *out, size_t size, Day day, int minutes)
{
    Day utc_day;
    int utc;
    calendar_london_to_utc(day, minutes, &utc_day, &utc);
    int offset = (int)(day - utc_day) * 24 * 60 + minutes - utc;
    char iso[11];
    date_iso(day, iso);
    snprintf(out, size, "%sT%02d:%02d:00%c%02d:%02d", iso, minutes / 60, minutes % 60, offset < 0 ? '-' : '+',
             abs(offset) / 60, abs(offset) % 60);
}

static void organisation(StrBuf *sb, const Site *site)
{
    sb_append(sb, "{\"@type\":\"GovernmentOrganization\",\"name\":");
    sb_append_json(sb, site->organisation);
    key(sb, "url", site->base_url);
    sb_append_char(sb, '}');
}

static void event(StrBuf *sb, const Site *site, const PackMeta *p, const Event *e, const char *url)
{
    Day day;
    int start, end;
    if (!calendar_event_when(e, &day, &start, &end))
        return;
    char from[40], to[40];
    if (start >= 0) {
        local_time(from, sizeof from, day, start);
        local_time(to, sizeof to, day, end);
    } else {
        date_iso(day, from);
        date_iso(day, to);
    }
    sb_append(sb, ",{\"@type\":\"Event\",\"name\":");
    char *name = xasprintf("Event: %s", p->title);
    sb_append_json(sb, name);
    free(name);
    key(sb, "startDate", from);
    key(sb, "endDate", to);
    sb_append(sb, ",\"eventStatus\":\"https://schema.org/EventScheduled\""
                  ",\"eventAttendanceMode\":\"https://schema.org/OfflineEventAttendanceMode\""
                  ",\"isAccessibleForFree\":true");
    sb_append(sb, ",\"location\":{\"@type\":\"Place\",\"name\":");
    sb_append_json(sb, e->place ? e->place : p->title);
    sb_append(sb, ",\"address\":");
    sb_append_json(sb, e->place ? e->place : "");
    sb_append_char(sb, '}');
    key(sb, "description", e->access ? e->access : p->summary);
    key(sb, "url", url);
    sb_append(sb, ",\"organizer\":");
    organisation(sb, site);
    sb_append(sb, ",\"about\":{\"@id\":");
    sb_append_json(sb, url);
    sb_append(sb, "}}");
}

char *structured_data_pack(const Site *site, const PackMeta *p)
{
    char *url = xasprintf("%sconsultations/%s/", site->base_url ? site->base_url : "", p->slug);
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"GovernmentService\",\"@id\":");
    sb_append_json(&sb, url);
    sb_append(&sb, ",\"name\":");
    sb_append_json(&sb, p->title);
    key(&sb, "description", p->summary);
    key(&sb, "url", url);
    sb_append(&sb, ",\"serviceType\":\"Public consultation\",\"provider\":");
    organisation(&sb, site);
    if (p->areas.count) {
        sb_append(&sb, ",\"areaServed\":[");
        for (size_t i = 0; i < p->areas.count; i++) {
            sb_append(&sb, i ? ",{\"@type\":\"Place\",\"name\":" : "{\"@type\":\"Place\",\"name\":");
            sb_append_json(&sb, p->areas.items[i]);
            sb_append_char(&sb, '}');
        }
        sb_append_char(&sb, ']');
    }
    if (p->topics.count) {
        sb_append(&sb, ",\"keywords\":");
        StrBuf k;
        sb_init(&k);
        for (size_t i = 0; i < p->topics.count; i++)
            sb_printf(&k, "%s%s", i ? ", " : "", p->topics.items[i]);
        char *kw = sb_take(&k);
        sb_append_json(&sb, kw);
        free(kw);
    }
    /* How to take part, while it is open: the online form, else the page. */
    sb_append(&sb, ",\"availableChannel\":{\"@type\":\"ServiceChannel\",\"serviceUrl\":");
    sb_append_json(&sb, p->respond.online ? p->respond.online : url);
    if (p->respond.email || p->respond.phone) {
        sb_append(&sb, ",\"servicePhone\":{\"@type\":\"ContactPoint\"");
        key(&sb, "telephone", p->respond.phone);
        key(&sb, "email", p->respond.email);
        sb_append_char(&sb, '}');
    }
    sb_append_char(&sb, '}');
    sb_append_char(&sb, '}');
    /* The time to have a say is an event of its own: online, or mixed
     * when there are meetings too. */
    if (p->opens != DAY_NONE && p->closes != DAY_NONE) {
        char iso[11];
        sb_append(&sb, ",{\"@type\":\"Event\",\"name\":");
        char *name = xasprintf("Have your say: %s", p->title);
        sb_append_json(&sb, name);
        free(name);
        date_iso(p->opens, iso);
        key(&sb, "startDate", iso);
        date_iso(p->closes, iso);
        key(&sb, "endDate", iso);
        sb_printf(&sb, ",\"eventStatus\":\"https://schema.org/EventScheduled\",\"eventAttendanceMode\":"
                       "\"https://schema.org/%sEventAttendanceMode\"",
                  p->respond.event_count ? "Mixed" : "Online");
        sb_append(&sb, ",\"isAccessibleForFree\":true,\"location\":{\"@type\":\"VirtualLocation\",\"url\":");
        sb_append_json(&sb, p->respond.online ? p->respond.online : url);
        sb_append_char(&sb, '}');
        key(&sb, "description", p->summary);
        key(&sb, "url", url);
        sb_append(&sb, ",\"organizer\":");
        organisation(&sb, site);
        sb_append(&sb, ",\"about\":{\"@id\":");
        sb_append_json(&sb, url);
        sb_append(&sb, "}}");
    }
    for (size_t i = 0; i < p->respond.event_count; i++)
        event(&sb, site, p, &p->respond.events[i], url);
    sb_append(&sb, "]}");
    free(url);
    return sb_take(&sb);
}
