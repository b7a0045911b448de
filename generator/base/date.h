/* date.h: calendar dates as day numbers.
 *
 * Consultations only need whole days (opens, closes, follow-up), so a date
 * is the number of days since 1970-01-01 in the proleptic Gregorian
 * calendar.  Arithmetic ("days left", "12 weeks after closing") is then
 * plain subtraction, and no time zone can shift a date.
 */
#ifndef SAYSO_DATE_H
#define SAYSO_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

typedef int32_t Day;
#define DAY_NONE INT32_MIN

/* True when s is written YYYY-MM-DD, whether or not it is a day on the
 * calendar: 2026-02-29 has the form, and date_parse refuses it. */
bool date_has_iso_form(const char *s);
/* Parses exactly YYYY-MM-DD, rejecting impossible dates (2026-02-30). */
bool date_parse(const char *text, Day *out);
Day date_from_ymd(int year, int month, int day);
void date_to_ymd(Day d, int *year, int *month, int *day);
void date_iso(Day d, char out[11]);              /* 2026-11-23 */
/* "Monday 23 November 2026": the GOV.UK style, no ordinal suffixes. */
void date_long(Day d, char *out, size_t size);
Day date_today(void);                             /* UTC */
/* The build date: --now if given, else SOURCE_DATE_EPOCH, else today. */
bool date_build_day(const char *now_option, Day *out, const char **error);

#endif
