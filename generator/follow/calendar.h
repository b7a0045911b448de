/* calendar.h: iCalendar files (RFC 5545), so a resident can put a
 * consultation's closing date and its events in their own calendar.
 *
 *   consultations/SLUG/calendar.ics   one pack: its closing date and events
 *   calendar.ics                      the whole site, to subscribe to
 *
 * Events are UK local time, as councils write them; DTSTART and DTEND are
 * given in UTC (British Summer Time worked out by its rule), which every
 * calendar reads without needing a VTIMEZONE block.  Like every output,
 * they depend on the build date only through DTSTAMP, so two builds on the
 * same day are identical. */
#ifndef SAYSO_CALENDAR_H
#define SAYSO_CALENDAR_H

#include "site.h"

/* One pack's calendar.  Caller frees. */
char *calendar_pack(const Site *site, const PackMeta *p, size_t *len);

/* Every pack's closing date and events that have not yet passed long ago:
 * all of them, so a subscriber's calendar keeps its history.  Caller frees. */
char *calendar_site(const Site *site, size_t *len);

/* An event's day and local times in minutes since midnight (start and end
 * -1 for an all-day event; an event with a start and no end lasts an
 * hour).  False when its date cannot be read. */
bool calendar_event_when(const Event *e, Day *day, int *start, int *end);

/* Local UK time to UTC: minutes since midnight of `day` in Europe/London
 * to a UTC day and minute (for tests). */
void calendar_london_to_utc(Day day, int minutes, Day *utc_day, int *utc_minutes);

#endif
