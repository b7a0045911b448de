/* date.c: calendar dates as day numbers.
 *
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days,
 * which are exact for every Gregorian date and need no tables. */
#include "date.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

Day date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (Day)(era * 146097 + (int)doe - 719468);
}

void date_to_ymd(Day z, int *year, int *month, int *day)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    *year = y + (m <= 2);
    *month = (int)m;
    *day = (int)d;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

bool date_has_iso_form(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

bool date_parse(const char *s, Day *out)
{
    if (!date_has_iso_form(s))
        return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *out = date_from_ymd(y, m, d);
    return true;
}

void date_iso(Day d, char out[11])
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    char tmp[40];   /* roomier than needed, so the compiler can see nothing is cut */
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m % 100, dd % 100);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

void date_long(Day d, char *out, size_t size)
{
    static const char *const months[] = {"January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December"};
    /* 1970-01-01 was a Thursday. */
    static const char *const weekdays[] = {"Thursday", "Friday", "Saturday", "Sunday",
        "Monday", "Tuesday", "Wednesday"};
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    int w = ((d % 7) + 7) % 7;
    snprintf(out, size, "%s %d %s %d", weekdays[w], dd, months[m - 1], y);
}

Day date_today(void)
{
    return (Day)(time(NULL) / 86400);
}

bool date_build_day(const char *now_option, Day *out, const char **error)
{
    if (now_option) {
        if (!date_parse(now_option, out)) {
            *error = "--now needs a date as YYYY-MM-DD";
            return false;
        }
        return true;
    }
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch) {
        char *end;
        errno = 0;
        long long secs = strtoll(epoch, &end, 10);
        if (errno || *end || secs < 0) {
            *error = "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970";
            return false;
        }
        *out = (Day)(secs / 86400);
        return true;
    }
    *out = date_today();
    return true;
}
