// Time as historians write it: reading, printing and describing TimeIntervals.
//
// The conventions (documented here once; time.hpp points at them):
//
// Units. A plain phrase names one calendar unit and the interval is that unit,
// half-open [begin, end) in local civil seconds:
//   Hour    "2006-04-05T10:30"  the hour that starts at the clock time given
//                               (sources rarely give times closer than that;
//                               seconds, "10:30:15", are read and dropped)
//   Day     "2006-04-05", "5 April 2006", "April 5, 2006"
//   Month   "2006-03", "March 2006"
//   Season  "summer 2024": spring = Mar-May, summer = Jun-Aug, autumn (fall) =
//           Sep-Nov, winter YEAR = December of YEAR-1 to the end of February of
//           YEAR ("winter 2023/24" is winter 2024)
//   Year    "2022"
//   Decade  "1990s", "the 1990s" (the year must be a multiple of ten)
// Every named year lies in 1000..2999.
//
// Parts of a unit (early, mid, late, early-to-mid, mid-to-late) apply to a
// month, season, year or decade. The unit of n sub-units (a decade has 10 years,
// a year 12 months, a season 3 months, a month its days) is cut at one third and
// two thirds, rounded to the nearest sub-unit: c1 = round(n/3), c2 = round(2n/3).
//   early = [0, c1)   mid = [c1, c2)   late = [c2, n)
//   early-to-mid = [0, c2)   mid-to-late = [c1, n)
// So early/mid/late 2000s = 2000-2002 / 2003-2006 / 2007-2009; early/mid/late
// 2006 = Jan-Apr / May-Aug / Sep-Dec; early/mid/late March = days 1-10 / 11-21 /
// 22-31 (1-9 / 10-19 / 20-28 in a 28-day February); early summer = June.
// Both ends of such an interval are fuzzy by one sixth of the whole unit
// (about 20 months for a decade, 2 months for a year, 5 days for a month).
//
// circa: the unit itself with both ends fuzzy by one unit ("circa 1908" is
// 1908 give or take a year). Spellings: circa, c., c, ca., ca, around, about.
//
// before / after: an open interval that ends where the unit begins ("before
// 1933" ends at 1933-01-01) or begins where the unit ends ("after 2010" begins
// at 2011-01-01). "by" is read as "before" the end of its unit: "by 30 March
// 2006" is "before 31 March 2006" (the day itself included); a clock time is the
// instant, so "by 2006-04-05T12:00" ends at 12:00, as "before 2006-04-05T12:00"
// does. It is printed as the "before" phrase it stands for. Its other end is flagged open (open_begin / open_end) and,
// so that it can still be drawn, sits a fixed span away: 12 hours for an hour,
// 30 days for a day, a year for a month or season, 30 years for a year or
// decade. Open ends carry no fuzz: the flag says it all.
//
// fuzz_begin / fuzz_end: the true start lies within begin +- fuzz_begin, the
// true end within end +- fuzz_end.
//
// ISO 8601 intervals "1928-01/1929-02": each end is a year, month, day or clock
// time; the interval runs from the start of the first to the end of the second
// (a clock time closing an interval is the instant it ends at:
// "2006-04-05T10:00/2006-04-05T12:00" is two hours). Its precision is that of
// the coarser end.
//
// Relative dates "ten days before 20 March 2006": a count (one..thirty in words,
// "a"/"an", or digits), a unit (hours, days, weeks, months, years), before or
// after, and a plain anchor (a unit or an ISO interval, without qualifiers).
// The anchor is shifted by the calendar (a month after 31 January is 28 or 29
// February) and stored resolved, with `note` saying how.
//
// Canonical text (format_time): ISO 8601 for plain hours, days, months, years
// and intervals; words for seasons, decades and qualified phrases ("early
// February 2026", "mid-1990s", "before 1933", "circa 1908"). For every interval
// parse_time produces, parse_time(format_time(t)) == t, the note aside. An
// interval built by hand whose fields no phrase could produce (odd fuzz, a
// qualifier on a day) is printed as closely as the grammar allows.
#include "core/time.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

namespace atlas {

// [SECTION] Calendar

namespace {

constexpr TimePoint kMinute = 60;
constexpr TimePoint kHour = 3600;
constexpr TimePoint kDay = 86400;
constexpr int kMinYear = 1000;
constexpr int kMaxYear = 2999;

constexpr int64_t floor_mod(int64_t a, int64_t b) noexcept { return a - floor_div(a, b) * b; }

constexpr bool is_leap(int64_t y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned days_in_month(int64_t y, unsigned m) noexcept {
    constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return (m == 2 && is_leap(y)) ? 29u : kDays[m - 1];
}

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

struct Civil {
    int64_t year;
    unsigned month, day, hour, minute;
};

Civil civil_of(TimePoint t) noexcept {
    const int64_t days = floor_div(t, kDay);
    const int64_t secs = t - days * kDay;
    const CivilDate d = civil_from_days(days);
    return {d.year, d.month, d.day, static_cast<unsigned>(secs / kHour),
            static_cast<unsigned>((secs % kHour) / kMinute)};
}

TimePoint time_of(int64_t year, unsigned month, unsigned day, unsigned hour = 0, unsigned minute = 0) noexcept {
    return days_from_civil(static_cast<int>(year), month, day) * kDay + hour * kHour + minute * kMinute;
}

// Shifts by whole calendar months keeping the clock time; the day is clamped to
// the length of the target month. *clamped tells whether that happened.
TimePoint add_months(TimePoint t, int64_t months, bool* clamped = nullptr) noexcept {
    const Civil c = civil_of(t);
    const int64_t index = c.year * 12 + (c.month - 1) + months;
    const int64_t y = floor_div(index, 12);
    const auto m = static_cast<unsigned>(floor_mod(index, 12) + 1);
    const unsigned dim = days_in_month(y, m);
    const unsigned d = std::min(c.day, dim);
    if (clamped && d != c.day) *clamped = true;
    return time_of(y, m, d, c.hour, c.minute);
}

// The start of the unit of precision p that holds t. Hour units start at any
// minute, so for them this floors to the minute.
TimePoint unit_start(TimePrecision p, TimePoint t) noexcept {
    const Civil c = civil_of(t);
    switch (p) {
        case TimePrecision::Hour: return t - floor_mod(t, kMinute);
        case TimePrecision::Day: return floor_div(t, kDay) * kDay;
        case TimePrecision::Month: return time_of(c.year, c.month, 1);
        case TimePrecision::Season: {
            // Seasons start in March, June, September and December.
            const int64_t index = c.year * 12 + (c.month - 1);  // months since year 0
            const int64_t start = floor_div(index - 2, 3) * 3 + 2;
            return time_of(floor_div(start, 12), static_cast<unsigned>(floor_mod(start, 12) + 1), 1);
        }
        case TimePrecision::Year: return time_of(c.year, 1, 1);
        case TimePrecision::Decade: return time_of(floor_div(c.year, 10) * 10, 1, 1);
    }
    return t;
}

// The end of the unit of precision p that begins at `start`.
TimePoint unit_end(TimePrecision p, TimePoint start) noexcept {
    switch (p) {
        case TimePrecision::Hour: return start + kHour;
        case TimePrecision::Day: return start + kDay;
        case TimePrecision::Month: return add_months(start, 1);
        case TimePrecision::Season: return add_months(start, 3);
        case TimePrecision::Year: return add_months(start, 12);
        case TimePrecision::Decade: return add_months(start, 120);
    }
    return start;
}

bool aligned(TimePrecision p, TimePoint t) noexcept { return unit_start(p, t) == t; }

// [begin, end) is exactly one unit of precision p.
bool is_unit(TimePrecision p, TimePoint begin, TimePoint end) noexcept {
    return aligned(p, begin) && unit_end(p, begin) == end;
}

// Where the drawn part of an open interval stops (see the notes at the top).
TimePoint open_span(TimePrecision p, TimePoint from, int direction) noexcept {
    switch (p) {
        case TimePrecision::Hour: return from + direction * 12 * kHour;
        case TimePrecision::Day: return from + direction * 30 * kDay;
        case TimePrecision::Month:
        case TimePrecision::Season: return add_months(from, direction * 12);
        case TimePrecision::Year:
        case TimePrecision::Decade: return add_months(from, direction * 30 * 12);
    }
    return from;
}

bool coarser(TimePrecision a, TimePrecision b) noexcept { return static_cast<int>(a) > static_cast<int>(b); }
TimePrecision coarsest(TimePrecision a, TimePrecision b) noexcept { return coarser(a, b) ? a : b; }
TimePrecision finest(TimePrecision a, TimePrecision b) noexcept { return coarser(a, b) ? b : a; }

// Start of sub-unit i of the unit [start, ...) of precision p (years of a
// decade, months of a year or season, days of a month), and the count n.
TimePoint sub_unit(TimePrecision p, TimePoint start, int64_t i) noexcept {
    switch (p) {
        case TimePrecision::Decade: return add_months(start, 12 * i);
        case TimePrecision::Year:
        case TimePrecision::Season: return add_months(start, i);
        default: return start + i * kDay;
    }
}
int64_t sub_unit_count(TimePrecision p, TimePoint start) noexcept {
    switch (p) {
        case TimePrecision::Decade: return 10;
        case TimePrecision::Year: return 12;
        case TimePrecision::Season: return 3;
        default: {
            const Civil c = civil_of(start);
            return days_in_month(c.year, c.month);
        }
    }
}

// The interval of a qualified unit (see the notes at the top).
TimeInterval qualified_interval(TimePrecision p, TimePoint start, TimeQualifier q) {
    const TimePoint end = unit_end(p, start);
    const int64_t n = sub_unit_count(p, start);
    const int64_t c1 = (2 * n + 3) / 6;  // round(n / 3); n/3 is never a half
    const int64_t c2 = (4 * n + 3) / 6;  // round(2n / 3)
    int64_t from = 0, to = n;
    switch (q) {
        case TimeQualifier::Early: to = c1; break;
        case TimeQualifier::Mid: from = c1; to = c2; break;
        case TimeQualifier::Late: from = c2; break;
        case TimeQualifier::EarlyToMid: to = c2; break;
        case TimeQualifier::MidToLate: from = c1; break;
        default: break;
    }
    TimeInterval t;
    t.begin = sub_unit(p, start, from);
    t.end = to == n ? end : sub_unit(p, start, to);
    t.fuzz_begin = t.fuzz_end = (end - start) / 6;
    t.precision = p;
    t.qualifier = q;
    return t;
}

TimeInterval plain_interval(TimePrecision p, TimePoint begin, TimePoint end) {
    TimeInterval t;
    t.begin = begin;
    t.end = end;
    t.precision = p;
    return t;
}

TimeInterval circa_interval(TimePrecision p, TimePoint start) {
    TimeInterval t = plain_interval(p, start, unit_end(p, start));
    t.fuzz_begin = t.fuzz_end = t.end - t.begin;
    t.qualifier = TimeQualifier::Circa;
    return t;
}

TimeInterval before_interval(TimePrecision p, TimePoint start) {
    TimeInterval t = plain_interval(p, open_span(p, start, -1), start);
    t.open_begin = true;
    t.qualifier = TimeQualifier::Before;
    return t;
}

TimeInterval after_interval(TimePrecision p, TimePoint start) {
    const TimePoint from = unit_end(p, start);
    TimeInterval t = plain_interval(p, from, open_span(p, from, +1));
    t.open_end = true;
    t.qualifier = TimeQualifier::After;
    return t;
}

}  // namespace

int64_t days_from_civil(int year, unsigned month, unsigned day) noexcept {
    // Days since 1970-01-01 in the proleptic Gregorian calendar. Counting years
    // from March puts the leap day last, so a year's day index is a linear
    // function of the month; 400-year eras repeat exactly (146097 days).
    const int64_t m = month;
    const int64_t y = static_cast<int64_t>(year) - (m <= 2 ? 1 : 0);
    const int64_t era = floor_div(y, 400);
    const int64_t year_of_era = y - era * 400;                            // [0, 399]
    const int64_t month_from_march = (m + 9) % 12;                        // March = 0
    const int64_t day_of_year = (153 * month_from_march + 2) / 5 + static_cast<int64_t>(day) - 1;
    const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

CivilDate civil_from_days(int64_t days) noexcept {
    const int64_t z = days + 719468;
    const int64_t era = floor_div(z, 146097);
    const int64_t day_of_era = z - era * 146097;  // [0, 146096]
    const int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;  // [0, 399]
    const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const int64_t month_from_march = (5 * day_of_year + 2) / 153;  // [0, 11]
    const auto day = static_cast<unsigned>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    const auto month = static_cast<unsigned>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
    const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    return {static_cast<int>(year), month, day};
}

bool valid_date(int year, unsigned month, unsigned day) noexcept {
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

TimePoint make_time(int year, unsigned month, unsigned day, unsigned hour, unsigned minute) noexcept {
    return time_of(year, month, day, hour, minute);
}

std::string format_instant(TimePoint t, TimePrecision p) {
    const Civil c = civil_of(t);
    char buf[64];
    switch (p) {
        case TimePrecision::Hour:
            std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u", static_cast<long long>(c.year), c.month,
                          c.day, c.hour, c.minute);
            break;
        case TimePrecision::Day:
            std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month, c.day);
            break;
        case TimePrecision::Month:
        case TimePrecision::Season:
            std::snprintf(buf, sizeof buf, "%04lld-%02u", static_cast<long long>(c.year), c.month);
            break;
        case TimePrecision::Year:
        case TimePrecision::Decade:
            std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(c.year));
            break;
    }
    return buf;
}

// [SECTION] UTC offsets (the table is in time.hpp)

namespace {

// The last Sunday of a month, as a day count since 1970.
int64_t last_sunday(int year, unsigned month) noexcept {
    const int64_t last = days_from_civil(year, month, days_in_month(year, month));
    const int64_t weekday = floor_mod(last + 4, 7);  // 1970-01-01 was a Thursday (4); Sunday = 0
    return last - weekday;
}

// Summer time [start, end) in local standard-clock seconds for `year`, if any.
std::optional<std::pair<TimePoint, TimePoint>> summer_time(int year) noexcept {
    if (year < 1981 || year > 2004) return std::nullopt;
    TimePoint start = 0, end = 0;
    if (year <= 1984) {
        start = time_of(year, 4, 1);
    } else {
        start = last_sunday(year, 3) * kDay + 2 * kHour;
    }
    if (year <= 1983) {
        end = time_of(year, 9, 30, 23);
    } else {
        const unsigned end_month = year >= 1996 ? 10 : 9;
        end = last_sunday(year, end_month) * kDay + 2 * kHour;
    }
    return std::make_pair(start, end);
}

}  // namespace

std::optional<int> almaty_utc_offset(TimePoint local) noexcept {
    constexpr int kH = 3600;
    if (local < time_of(1924, 5, 2)) return std::nullopt;
    if (local < time_of(1930, 6, 21)) return 5 * kH;
    if (local >= time_of(2024, 3, 1)) return 5 * kH;
    const int year = civil_from_days(floor_div(local, kDay)).year;
    // 1991 to 19 January 1992 02:00 the standard time was UTC+5.
    const bool plus_five = local >= time_of(1991, 3, 31, 2) && local < time_of(1992, 1, 19, 2);
    int offset = plus_five ? 5 * kH : 6 * kH;
    if (const auto summer = summer_time(year); summer && local >= summer->first && local < summer->second)
        offset += kH;
    return offset;
}

std::string format_instant_with_offset(TimePoint local) {
    const Civil c = civil_of(local);
    const int64_t secs = floor_mod(local, kMinute);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02lld", static_cast<long long>(c.year), c.month, c.day,
                  c.hour, c.minute, static_cast<long long>(secs));
    std::string out = buf;
    if (const std::optional<int> off = almaty_utc_offset(local)) {
        const int a = *off < 0 ? -*off : *off;
        std::snprintf(buf, sizeof buf, "%c%02d:%02d", *off < 0 ? '-' : '+', a / 3600, (a % 3600) / 60);
        out += buf;
    }
    return out;
}

namespace {
// A span with a bound inside a day is written to the second with its UTC offset
// at both ends, so that a reader never pairs a zoned begin with a zone-less
// (UTC to most readers) end; whole days stay dates.
bool within_days(const TimeInterval& t) {
    return t.precision == TimePrecision::Hour || (!t.open_begin && !aligned(TimePrecision::Day, t.begin)) ||
           (!t.open_end && !aligned(TimePrecision::Day, t.end));
}
}  // namespace

std::string format_export_begin(const TimeInterval& t) {
    if (within_days(t)) return format_instant_with_offset(t.begin);
    return format_instant(t.begin, TimePrecision::Day);
}

std::string format_export_end(const TimeInterval& t) {
    if (within_days(t)) return format_instant_with_offset(t.end);
    return format_instant(t.end - kDay, TimePrecision::Day);  // the last day included
}

// [SECTION] Names

namespace {
constexpr std::array<std::string_view, 6> kPrecisionNames = {"hour", "day", "month", "season", "year", "decade"};
constexpr std::array<std::string_view, 9> kQualifierNames = {
    "none", "early", "mid", "late", "early-to-mid", "mid-to-late", "before", "after", "circa"};
}  // namespace

std::string_view to_string(TimePrecision p) noexcept {
    const auto i = static_cast<size_t>(p);
    return i < kPrecisionNames.size() ? kPrecisionNames[i] : std::string_view{};
}

std::string_view to_string(TimeQualifier q) noexcept {
    const auto i = static_cast<size_t>(q);
    return i < kQualifierNames.size() ? kQualifierNames[i] : std::string_view{};
}

std::optional<TimePrecision> precision_from_string(std::string_view s) noexcept {
    for (size_t i = 0; i < kPrecisionNames.size(); ++i)
        if (kPrecisionNames[i] == s) return static_cast<TimePrecision>(i);
    return std::nullopt;
}

std::optional<TimeQualifier> qualifier_from_string(std::string_view s) noexcept {
    for (size_t i = 0; i < kQualifierNames.size(); ++i)
        if (kQualifierNames[i] == s) return static_cast<TimeQualifier>(i);
    return std::nullopt;
}

// [SECTION] Printing

namespace {

std::string season_text(TimePoint start) {
    const Civil c = civil_of(start);
    static constexpr std::array<std::string_view, 4> kSeasons = {"winter", "spring", "summer", "autumn"};
    // December belongs to the next year's winter.
    const unsigned index = (c.month % 12) / 3;
    const int64_t year = c.month == 12 ? c.year + 1 : c.year;
    return std::string(kSeasons[index]) + " " + std::to_string(year);
}

// The unit of precision p starting at `start`. `words`: "5 April 2006",
// "March 2006", "5 April 2006, 10:30" instead of ISO 8601.
std::string unit_text(TimePrecision p, TimePoint start, bool words) {
    const Civil c = civil_of(start);
    switch (p) {
        case TimePrecision::Hour:
            if (!words) return format_instant(start, p);
            return unit_text(TimePrecision::Day, start, true) + ", " + format_instant(start, p).substr(11);
        case TimePrecision::Day:
            if (!words) return format_instant(start, p);
            return std::to_string(c.day) + " " + std::string(kMonthNames[c.month - 1]) + " " + std::to_string(c.year);
        case TimePrecision::Month:
            if (!words) return format_instant(start, p);
            return std::string(kMonthNames[c.month - 1]) + " " + std::to_string(c.year);
        case TimePrecision::Season: return season_text(start);
        case TimePrecision::Year: return format_instant(start, p);
        case TimePrecision::Decade: return format_instant(start, p) + "s";
    }
    return {};
}

std::string_view qualifier_prefix(TimeQualifier q) noexcept {
    switch (q) {
        case TimeQualifier::Early: return "early ";
        case TimeQualifier::Mid: return "mid-";
        case TimeQualifier::Late: return "late ";
        case TimeQualifier::EarlyToMid: return "early-to-mid ";
        case TimeQualifier::MidToLate: return "mid-to-late ";
        case TimeQualifier::Before: return "before ";
        case TimeQualifier::After: return "after ";
        case TimeQualifier::Circa: return "circa ";
        case TimeQualifier::None: break;
    }
    return {};
}

// How one end of an ISO interval is written: the coarsest of year, month, day
// (no coarser than the interval's precision) that the instant falls on a
// boundary of, else a clock time.
struct IsoEnd {
    TimePrecision precision;  // Hour: a clock time (an instant)
    TimePoint start;          // the unit written (for an end: the last unit inside)
};

IsoEnd iso_end(TimePoint t, TimePrecision cap, bool closing) noexcept {
    for (TimePrecision q : {TimePrecision::Year, TimePrecision::Month, TimePrecision::Day}) {
        if (coarser(q, cap)) continue;
        if (aligned(q, t)) return {q, closing ? unit_start(q, t - 1) : t};
    }
    return {TimePrecision::Hour, t - floor_mod(t, kMinute)};
}

std::string iso_interval_text(const TimeInterval& t, bool words) {
    const IsoEnd a = iso_end(t.begin, t.precision, false);
    const IsoEnd b = iso_end(t.end, t.precision, true);
    if (!words) return unit_text(a.precision, a.start, false) + "/" + unit_text(b.precision, b.start, false);
    // Same day, two clock times: "5 April 2006, 10:30–12:00".
    if (a.precision == TimePrecision::Hour && b.precision == TimePrecision::Hour &&
        floor_div(a.start, kDay) == floor_div(b.start, kDay))
        return unit_text(TimePrecision::Hour, a.start, true) + "\u2013" + format_instant(b.start, TimePrecision::Hour).substr(11);
    return unit_text(a.precision, a.start, true) + " \u2013 " + unit_text(b.precision, b.start, true);
}

std::string text_of(const TimeInterval& t, bool words) {
    const TimePrecision p = t.precision;
    switch (t.qualifier) {
        case TimeQualifier::Before:
            // In words, a clock time closing an open interval reads as the text
            // says it: "5 April 2006, by 13:00" (it reads back the same).
            if (words && p == TimePrecision::Hour) {
                const Civil c = civil_of(t.end);
                char hm[8];
                std::snprintf(hm, sizeof hm, "%02u:%02u", c.hour, c.minute);
                return unit_text(TimePrecision::Day, unit_start(TimePrecision::Day, t.end), true) + ", by " + hm;
            }
            return std::string(qualifier_prefix(t.qualifier)) + unit_text(p, unit_start(p, t.end), words);
        case TimeQualifier::After: {
            const TimePoint anchor = p == TimePrecision::Hour ? t.begin - kHour : unit_start(p, t.begin - 1);
            return std::string(qualifier_prefix(t.qualifier)) + unit_text(p, anchor, words);
        }
        case TimeQualifier::Circa:
            return std::string(qualifier_prefix(t.qualifier)) + unit_text(p, unit_start(p, t.begin), words);
        case TimeQualifier::Early:
        case TimeQualifier::Mid:
        case TimeQualifier::Late:
        case TimeQualifier::EarlyToMid:
        case TimeQualifier::MidToLate:
            return std::string(qualifier_prefix(t.qualifier)) + unit_text(p, unit_start(p, t.begin), true);
        case TimeQualifier::None: break;
    }
    if (is_unit(p, t.begin, t.end)) return unit_text(p, t.begin, words);
    return iso_interval_text(t, words);
}

}  // namespace

std::string format_time(const TimeInterval& t) { return text_of(t, false); }

std::string describe_time(const TimeInterval& t) { return text_of(t, true); }

// [SECTION] Reading

namespace {

enum class Tok : uint8_t { Num, Word, Sym, End };

struct Token {
    Tok kind = Tok::End;
    std::string text;          // lower-cased
    bool space_before = false;
    size_t offset = 0, length = 0;  // where it stands in the input
};

constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Text from the input, quoted for a message: printable ASCII only, shortened.
std::string quoted(std::string_view s) {
    std::string out = "'";
    for (size_t i = 0; i < s.size() && i < 24; ++i) {
        const char c = s[i];
        if (c >= 0x20 && c < 0x7f) {
            out += c;
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
            out += buf;
        }
    }
    if (s.size() > 24) out += "...";
    return out + "'";
}

bool tokenize(std::string_view s, std::vector<Token>& out, std::string& error) {
    size_t i = 0;
    bool space = false;
    while (i < s.size()) {
        const char c = s[i];
        if (is_space(c)) {
            space = true;
            ++i;
            continue;
        }
        Token t;
        t.space_before = space;
        t.offset = i;
        space = false;
        if (is_digit(c)) {
            t.kind = Tok::Num;
            while (i < s.size() && is_digit(s[i])) t.text += s[i++];
        } else if (is_alpha(c)) {
            t.kind = Tok::Word;
            while (i < s.size() && is_alpha(s[i])) t.text += lower(s[i++]);
        } else if (std::string_view("-/:,.'").find(c) != std::string_view::npos) {
            t.kind = Tok::Sym;
            t.text = std::string(1, c);
            ++i;
        } else if (s.substr(i, 3) == "\xE2\x80\x93" || s.substr(i, 3) == "\xE2\x80\x94") {
            t.kind = Tok::Sym;  // an en or em dash between two dates: a range, as '-'
            t.text = "-";
            i += 3;
        } else if (s.substr(i, 3) == "\xE2\x80\x99") {
            t.kind = Tok::Sym;  // a typographic apostrophe: "o’clock", "1990’s"
            t.text = "'";
            i += 3;
        } else {
            error = "unexpected character " + quoted(s.substr(i, 1)) + " in " + quoted(s);
            return false;
        }
        t.length = i - t.offset;
        out.push_back(std::move(t));
    }
    // A word and a number written together ("March2006", "before1933") is not
    // a date, except for the marks ISO and English glue on: 2006-04-05T10:30,
    // 1990s, 5th.
    for (size_t k = 0; k + 1 < out.size(); ++k) {
        const Token& a = out[k];
        const Token& b = out[k + 1];
        if (b.space_before || a.kind == Tok::Sym || b.kind == Tok::Sym || a.kind == b.kind) continue;
        const Token& word = a.kind == Tok::Word ? a : b;
        const bool number_first = a.kind == Tok::Num;
        const bool glue = number_first && (word.text == "t" || word.text == "s" || word.text == "st" ||
                                           word.text == "nd" || word.text == "rd" || word.text == "th" ||
                                           word.text == "am" || word.text == "pm");
        const bool iso_t = !number_first && word.text == "t" && k > 0 && out[k - 1].kind == Tok::Num &&
                           !a.space_before;
        if (!glue && !iso_t) {
            error = "write a space between " + quoted(s.substr(a.offset, a.length)) + " and " +
                    quoted(s.substr(b.offset, b.length));
            return false;
        }
    }
    return true;
}

std::optional<TimePrecision> unit_word(std::string_view w) noexcept {
    if (w == "hour" || w == "hours") return TimePrecision::Hour;
    if (w == "day" || w == "days" || w == "week" || w == "weeks") return TimePrecision::Day;
    if (w == "month" || w == "months") return TimePrecision::Month;
    if (w == "year" || w == "years") return TimePrecision::Year;
    return std::nullopt;
}

std::optional<unsigned> month_word(std::string_view w) noexcept {
    for (unsigned m = 0; m < 12; ++m) {
        std::string full(kMonthNames[m]);
        for (char& ch : full) ch = lower(ch);
        if (w == full || w == std::string_view(full).substr(0, 3)) return m + 1;
    }
    if (w == "sept") return 9;
    return std::nullopt;
}

// The month a season starts in (winter starts in December of the year before the one it is named for).
std::optional<unsigned> season_word(std::string_view w) noexcept {
    if (w == "winter") return 12;
    if (w == "spring") return 3;
    if (w == "summer") return 6;
    if (w == "autumn" || w == "fall") return 9;
    return std::nullopt;
}

std::optional<int> small_number_word(std::string_view w) noexcept {
    static constexpr std::array<std::string_view, 21> kNumbers = {
        "zero",    "one",     "two",       "three",    "four",     "five",    "six",
        "seven",   "eight",   "nine",      "ten",      "eleven",   "twelve",  "thirteen",
        "fourteen", "fifteen", "sixteen",  "seventeen", "eighteen", "nineteen", "twenty"};
    for (size_t i = 0; i < kNumbers.size(); ++i)
        if (kNumbers[i] == w) return static_cast<int>(i);
    if (w == "thirty") return 30;
    if (w == "a" || w == "an") return 1;
    return std::nullopt;
}

bool is_qualifier_word(std::string_view w) noexcept { return w == "early" || w == "mid" || w == "late"; }
bool is_circa_word(std::string_view w) noexcept {
    return w == "circa" || w == "c" || w == "ca" || w == "around" || w == "about";
}

// A plain phrase: one unit, or an ISO interval (qualifier None).
struct Plain {
    TimePrecision precision = TimePrecision::Day;
    TimePoint begin = 0, end = 0;
    bool interval = false;  // an ISO interval rather than one unit
};

// Recursive descent over the tokens. The grammar is chosen by the first token
// or two, so the first fault found is the one worth reporting.
class Parser {
public:
    Parser(std::vector<Token> tokens, std::string_view text) : toks_(std::move(tokens)), text_(text) {}

    std::optional<TimeInterval> parse() {
        if (toks_.empty()) return fail("empty date");
        std::optional<TimeInterval> r = phrase();
        if (!r) return std::nullopt;
        if (!at_end()) return fail("unexpected " + quoted(peek().text) + " after the date in " + quoted(text_));
        if (!note_.empty() && r->note.empty()) r->note = note_;
        return r;
    }

    const std::string& error() const noexcept { return error_; }

private:
    std::vector<Token> toks_;
    std::string_view text_;
    size_t pos_ = 0;
    std::string error_;
    std::string note_;  // how a reading was chosen where the words allow two ("one o'clock")
    Token end_token_;

    std::nullopt_t fail(std::string message) {
        if (error_.empty()) error_ = std::move(message);
        return std::nullopt;
    }
    [[nodiscard]] bool at_end() const noexcept { return pos_ >= toks_.size(); }
    [[nodiscard]] const Token& peek(size_t k = 0) const noexcept {
        return pos_ + k < toks_.size() ? toks_[pos_ + k] : end_token_;
    }
    [[nodiscard]] bool is_word(std::string_view w, size_t k = 0) const noexcept {
        return peek(k).kind == Tok::Word && peek(k).text == w;
    }
    [[nodiscard]] bool is_sym(char c, size_t k = 0) const noexcept {
        return peek(k).kind == Tok::Sym && peek(k).text[0] == c;
    }
    bool accept_word(std::string_view w) {
        if (!is_word(w)) return false;
        ++pos_;
        return true;
    }
    bool accept_sym(char c) {
        if (!is_sym(c)) return false;
        ++pos_;
        return true;
    }
    std::string what_is_next() const { return at_end() ? std::string("the end") : quoted(peek().text); }

    // A number token's value; nullopt when it has more than nine digits.
    static std::optional<int64_t> value(const Token& t) noexcept {
        if (t.kind != Tok::Num || t.text.size() > 9) return std::nullopt;
        int64_t v = 0;
        for (char c : t.text) v = v * 10 + (c - '0');
        return v;
    }

    // [phrases]

    std::optional<TimeInterval> phrase() {
        const Token& t = peek();
        if (t.kind == Tok::Word) {
            if (t.text == "before" || t.text == "after" || t.text == "by") return open_phrase();
            if (is_circa_word(t.text)) return circa_phrase();
            if (is_qualifier_word(t.text) || (t.text == "the" && is_qualifier_word(peek(1).text)))
                return qualified_phrase();
            if (small_number_word(t.text) && !clock_starts()) return relative_phrase();
        }
        if (t.kind == Tok::Num && peek(1).kind == Tok::Word && unit_word(peek(1).text)) return relative_phrase();
        std::optional<Plain> p = plain(true);
        if (!p) return std::nullopt;
        // "5 April 2006, by 13:00": the day, then an open clock time on it.
        if (!p->interval && p->precision == TimePrecision::Day && is_sym(',') &&
            (is_word("by", 1) || is_word("before", 1) || is_word("after", 1))) {
            ++pos_;
            const std::string word = peek().text;
            ++pos_;
            const std::optional<Plain> at = clock_on(*p);
            if (!at) return std::nullopt;
            return open_interval(word, *at);
        }
        // "1928–2022", "1928-2022", "1928 to 2022", "5 April 2006 until 10 April 2006": each end a whole date.
        if (!p->interval && (is_word("to") || is_word("until") || is_word("till") || is_sym('-'))) {
            ++pos_;
            const std::optional<Plain> second = plain(false);
            if (!second) return std::nullopt;
            // As an ISO interval: its ends are years, months, days or clock times.
            for (const TimePrecision end : {p->precision, second->precision})
                if (end == TimePrecision::Season || end == TimePrecision::Decade)
                    return fail("a range joins years, months, days or times, not seasons or decades: " + quoted(text_));
            p = joined(*p, *second);
            if (!p) return std::nullopt;
        }
        return plain_interval(p->precision, p->begin, p->end);
    }

    // Two dates as one interval from the first's start to the second's end
    // (a clock time closing it is the instant it ends at).
    std::optional<Plain> joined(const Plain& first, const Plain& second) {
        Plain r;
        r.interval = true;
        r.begin = first.begin;
        r.end = second.precision == TimePrecision::Hour ? second.begin : second.end;
        r.precision = coarsest(first.precision, second.precision);
        if (r.begin >= r.end) return fail("the interval " + quoted(text_) + " ends before it begins");
        return r;
    }

    TimeInterval open_interval(const std::string& word, const Plain& p) {
        if (word == "by")  // the unit included; a clock time is the instant
            return before_interval(p.precision, p.precision == TimePrecision::Hour ? p.begin : p.end);
        return word == "before" ? before_interval(p.precision, p.begin) : after_interval(p.precision, p.begin);
    }

    // [clock times in words]

    [[nodiscard]] bool at_oclock(size_t k) const noexcept {
        return is_word("o", k) && is_sym('\'', k + 1) && is_word("clock", k + 2);
    }
    // Does a time of day start here: "13:00", "1 pm", "1pm", "one o'clock", "12 noon"?
    [[nodiscard]] bool clock_starts() const noexcept {
        const Token& t = peek();
        if (t.kind == Tok::Num && t.text.size() <= 2)
            return is_sym(':', 1) || is_word("am", 1) || is_word("pm", 1) || is_word("noon", 1) || at_oclock(1);
        return t.kind == Tok::Word && small_number_word(t.text) && t.text != "a" && t.text != "an" && at_oclock(1);
    }

    // ":MM" after an hour: its minutes, 0 when there is none; nothing on a fault.
    std::optional<int64_t> minutes() {
        if (!accept_sym(':')) return 0;
        const Token& mt = peek();
        if (mt.kind != Tok::Num || mt.text.size() != 2 || mt.space_before)
            return fail("expected two digits of minutes, not " + what_is_next());
        const int64_t m = *value(mt);
        ++pos_;
        return m;
    }

    // A time of day ("13:00", "1 pm", "one o'clock", "12 noon") as hour and
    // minute of a 24-hour clock. Twelve-hour times without am or pm read as
    // the hours of daylight (7 to 11 in the morning, 12 noon, 1 to 6 in the
    // afternoon), and the note says so.
    std::optional<std::pair<int64_t, int64_t>> clock_words() {
        const Token h = peek();
        int64_t hour = 0, minute = 0;
        if (h.kind == Tok::Num) {
            hour = value(h).value_or(99);
            ++pos_;
            const std::optional<int64_t> m = minutes();
            if (!m) return std::nullopt;
            minute = *m;
        } else {
            hour = small_number_word(h.text).value_or(99);
            ++pos_;
        }
        if (minute > 59) return fail("minute " + std::to_string(minute) + " does not exist (0..59)");
        const bool am = accept_word("am"), pm = !am && accept_word("pm");
        const bool noon = !am && !pm && accept_word("noon");
        const bool oclock = at_oclock(0);
        if (oclock) pos_ += 3;
        if (am || pm || noon || oclock) {
            if (hour < 1 || hour > 12) return fail("'" + h.text + "' is not an hour of a twelve-hour clock (1..12)");
            if (noon && hour != 12) return fail("noon is 12, not " + h.text);
            if (am) hour = hour == 12 ? 0 : hour;
            else if (pm) hour = hour == 12 ? 12 : hour + 12;
            else if (!noon && hour <= 6) {
                note_ = "read \"" + h.text + " o'clock\" as " + std::to_string(hour + 12) +
                        ":00, an hour of daylight; write \"" + h.text + " am\" for the night";
                hour += 12;
            }
        } else if (hour > 23) {
            return fail("hour " + h.text + " does not exist (0..23)");
        }
        return std::make_pair(hour, minute);
    }

    // A time of day on `day`.
    std::optional<Plain> clock_on(const Plain& day) {
        if (!clock_starts()) return fail("expected a time of day, not " + what_is_next());
        const auto hm = clock_words();
        if (!hm) return std::nullopt;
        const TimePoint b = day.begin + hm->first * kHour + hm->second * kMinute;
        return Plain{TimePrecision::Hour, b, b + kHour, false};
    }

    // "one o'clock on 5 April 2006", "13:00 on 5 April 2006", "1 pm, 5 April 2006"
    std::optional<Plain> clock_first() {
        const auto hm = clock_words();
        if (!hm) return std::nullopt;
        accept_sym(',');
        accept_word("on");
        if (at_end()) return fail("a time of day needs a day, as in \"13:00 on 5 April 2006\" or 2006-04-05T13:00");
        const std::optional<Plain> day = plain(false);
        if (!day) return std::nullopt;
        if (day->precision != TimePrecision::Day)
            return fail("a time of day needs a day, as in \"by one o'clock on 5 April 2006\"");
        const TimePoint b = day->begin + hm->first * kHour + hm->second * kMinute;
        return Plain{TimePrecision::Hour, b, b + kHour, false};
    }

    std::optional<TimeInterval> open_phrase() {
        const std::string word = peek().text;
        ++pos_;
        const std::optional<Plain> p = single_unit(word);
        if (!p) return std::nullopt;
        return open_interval(word, *p);
    }

    std::optional<TimeInterval> circa_phrase() {
        const std::string word = peek().text;
        ++pos_;
        if (word == "c" || word == "ca") accept_sym('.');
        const std::optional<Plain> p = single_unit("circa");
        if (!p) return std::nullopt;
        return circa_interval(p->precision, p->begin);
    }

    // A plain single unit after before/after/circa.
    std::optional<Plain> single_unit(std::string_view what) {
        if (peek().kind == Tok::Word && (is_qualifier_word(peek().text) || peek().text == "before" ||
                                         peek().text == "after" || peek().text == "by" || is_circa_word(peek().text)))
            return fail("'" + std::string(what) + "' takes a plain date, not " + quoted(peek().text));
        const std::optional<Plain> p = plain(true);
        if (!p) return std::nullopt;
        if (p->interval) return fail("'" + std::string(what) + "' takes a single date, not an interval");
        return p;
    }

    std::optional<TimeInterval> qualified_phrase() {
        accept_word("the");
        TimeQualifier q;
        const std::string first = peek().text;
        ++pos_;
        // "mid-to-late", "mid to late", "early-to-mid"
        const size_t save = pos_;
        const bool dash1 = accept_sym('-');
        if (accept_word("to")) {
            accept_sym('-');
            const std::string second = peek().kind == Tok::Word ? peek().text : std::string();
            if (first == "early" && second == "mid") {
                q = TimeQualifier::EarlyToMid;
            } else if (first == "mid" && second == "late") {
                q = TimeQualifier::MidToLate;
            } else {
                return fail("'" + first + " to " + (second.empty() ? what_is_next() : second) +
                            "' is not a span: say early-to-mid or mid-to-late");
            }
            ++pos_;
            accept_sym('-');
        } else {
            pos_ = save;
            if (dash1) accept_sym('-');
            q = first == "early" ? TimeQualifier::Early : first == "mid" ? TimeQualifier::Mid : TimeQualifier::Late;
        }
        const std::optional<Plain> p = plain(false);
        if (!p) return std::nullopt;
        if (p->interval || p->precision == TimePrecision::Day || p->precision == TimePrecision::Hour)
            return fail("'" + std::string(to_string(q)) + "' applies to a month, season, year or decade");
        return qualified_interval(p->precision, p->begin, q);
    }

    // [relative dates]

    std::optional<int64_t> count() {
        const Token& t = peek();
        if (t.kind == Tok::Num) {
            const std::optional<int64_t> v = value(t);
            if (!v || *v > 100000) return fail("the count " + quoted(t.text) + " is too large");
            ++pos_;
            return v;
        }
        std::optional<int> v = small_number_word(t.text);
        if (!v) return fail("expected a number, not " + what_is_next());
        ++pos_;
        if (*v == 20) {  // twenty-one .. twenty-nine
            const size_t save = pos_;
            accept_sym('-');
            const std::optional<int> ones = peek().kind == Tok::Word ? small_number_word(peek().text) : std::nullopt;
            if (ones && *ones >= 1 && *ones <= 9 && peek().text != "a" && peek().text != "an") {
                ++pos_;
                return 20 + *ones;
            }
            pos_ = save;
        }
        return *v;
    }

    std::optional<TimeInterval> relative_phrase() {
        const size_t start = pos_;
        const std::optional<int64_t> n = count();
        if (!n) return std::nullopt;
        const std::string unit_text_word = peek().text;
        const std::optional<TimePrecision> unit = peek().kind == Tok::Word ? unit_word(peek().text) : std::nullopt;
        if (!unit) return fail("expected hours, days, weeks, months or years after the count, not " + what_is_next());
        ++pos_;
        int direction = 0;
        if (accept_word("before")) direction = -1;
        else if (accept_word("after")) direction = +1;
        else return fail("expected 'before' or 'after', not " + what_is_next());
        if (peek().kind == Tok::Word && (is_qualifier_word(peek().text) || peek().text == "before" ||
                                         peek().text == "after" || is_circa_word(peek().text) ||
                                         small_number_word(peek().text)))
            return fail("a relative date needs a plain anchor date, not " + quoted(peek().text));
        const std::optional<Plain> anchor = plain(true);
        if (!anchor) return std::nullopt;

        // Shift the anchor by the calendar.
        const bool weeks = unit_text_word.rfind("week", 0) == 0;
        const int64_t amount = *n * direction;
        bool clamped = false;
        TimePoint begin = anchor->begin, end = anchor->end;
        auto shift = [&](TimePoint t) -> TimePoint {
            switch (*unit) {
                case TimePrecision::Hour: return t + amount * kHour;
                case TimePrecision::Day: return t + amount * (weeks ? 7 : 1) * kDay;
                case TimePrecision::Month: return add_months(t, amount, &clamped);
                default: return add_months(t, amount * 12, &clamped);
            }
        };
        begin = shift(begin);
        // A single unit keeps its length (a day shifted by a month is still a day).
        end = anchor->interval ? shift(end) : unit_end(anchor->precision, begin);
        if (begin >= end) return fail("shifting " + quoted(text_) + " leaves an empty interval");

        TimeInterval tentative;
        tentative.begin = begin;
        tentative.end = end;
        tentative.precision = is_unit(anchor->precision, begin, end) ? anchor->precision
                                                                     : finest(anchor->precision, *unit);
        if (coarser(tentative.precision, TimePrecision::Year) && !is_unit(tentative.precision, begin, end))
            tentative.precision = TimePrecision::Year;
        // Store it as its canonical text reads back, so that it round-trips.
        const std::string resolved = format_time(tentative);
        std::string sub_error;
        std::vector<Token> sub_tokens;
        if (!tokenize(resolved, sub_tokens, sub_error)) return fail("cannot resolve " + quoted(text_));
        Parser sub(std::move(sub_tokens), resolved);
        std::optional<TimeInterval> r = sub.parse();
        if (!r) return fail(quoted(text_) + " resolves to " + resolved + ", which is out of range (" + sub.error() + ")");
        if (r->begin != begin || r->end != end)
            return fail(quoted(text_) + " resolves to an interval no date phrase can name");

        const size_t from = toks_[start].offset;
        const std::string phrase_words(text_.substr(from, toks_[pos_ - 1].offset + toks_[pos_ - 1].length - from));
        const std::string anchor_described =
            describe_time(plain_interval(anchor->precision, anchor->begin, anchor->end));
        const std::string unit_name = weeks ? "week" : std::string(to_string(*unit));
        r->note = "resolved \"" + phrase_words + "\": " + anchor_described + (direction < 0 ? " minus " : " plus ") +
                  std::to_string(*n) + " " + unit_name + (*n == 1 ? "" : "s") + " = " + describe_time(*r);
        if (clamped) r->note += " (day clamped to the end of the month)";
        return r;
    }

    // [plain dates]

    // A four-digit year in range.
    std::optional<int64_t> year() {
        const Token& t = peek();
        if (t.kind != Tok::Num) return fail("expected a year, not " + what_is_next());
        if (t.text.size() != 4) return fail("a year has four digits, not " + quoted(t.text));
        const int64_t y = *value(t);
        if (y < kMinYear || y > kMaxYear)
            return fail("year " + t.text + " is outside " + std::to_string(kMinYear) + ".." + std::to_string(kMaxYear));
        ++pos_;
        return y;
    }

    std::optional<Plain> day_unit(int64_t y, unsigned m, const Token& day_token) {
        const std::optional<int64_t> d = value(day_token);
        if (!d || *d < 1 || *d > 31) return fail("there is no day " + quoted(day_token.text) + " in a month");
        if (!valid_date(static_cast<int>(y), m, static_cast<unsigned>(*d)))
            return fail(std::string(kMonthNames[m - 1]) + " " + std::to_string(y) + " has " +
                        std::to_string(days_in_month(y, m)) + " days, not " + std::to_string(*d));
        const TimePoint b = time_of(y, m, static_cast<unsigned>(*d));
        return Plain{TimePrecision::Day, b, b + kDay, false};
    }

    std::optional<Plain> month_unit(int64_t y, const Token& month_token) {
        const std::optional<int64_t> m = value(month_token);
        if (!m || *m < 1 || *m > 12) return fail("there is no month " + quoted(month_token.text));
        const TimePoint b = time_of(y, static_cast<unsigned>(*m), 1);
        return Plain{TimePrecision::Month, b, add_months(b, 1), false};
    }

    // HH[:MM] after a day; turns the day into an hour.
    std::optional<Plain> clock(Plain day) {
        const Token& h = peek();
        if (h.kind != Tok::Num || h.text.size() > 2) return fail("expected a time of day, not " + what_is_next());
        const int64_t hour = *value(h);
        ++pos_;
        const bool has_minutes = is_sym(':');
        const std::optional<int64_t> m = minutes();
        if (!m) return std::nullopt;
        const int64_t minute = *m;
        // Seconds are read and dropped: an hour interval starts at a minute.
        if (has_minutes && is_sym(':') && !peek().space_before) {
            ++pos_;
            const Token& st = peek();
            if (st.kind != Tok::Num || st.text.size() != 2 || st.space_before)
                return fail("expected two digits of seconds, not " + what_is_next());
            if (*value(st) > 59) return fail("second " + st.text + " does not exist (0..59)");
            ++pos_;
        }
        if (hour > 23) return fail("hour " + h.text + " does not exist (0..23)");
        if (minute > 59) return fail("minute " + std::to_string(minute) + " does not exist (0..59)");
        const TimePoint b = day.begin + hour * kHour + minute * kMinute;
        return Plain{TimePrecision::Hour, b, b + kHour, false};
    }

    // An optional time after a day in words: "5 April 2006, 10:30", "... at 10:30".
    std::optional<Plain> maybe_clock(Plain day) {
        const size_t save = pos_;
        const bool comma = accept_sym(',');
        const bool at = accept_word("at");
        if (peek().kind == Tok::Num && is_sym(':', 1)) return clock(day);
        if (comma || at) {
            pos_ = save;
            if (at) return fail("expected a time of day after 'at'");
        }
        return day;
    }

    // YYYY[-MM[-DD[(T| )HH[:MM]]]] starting at the year token; the year has been read.
    std::optional<Plain> iso_point(int64_t y) {
        // "1928-2022": a range of years, read by phrase(); a month has two digits.
        if (!(is_sym('-') && !peek().space_before && peek(1).kind == Tok::Num && !peek(1).space_before &&
              peek(1).text.size() != 4)) {
            const TimePoint b = time_of(y, 1, 1);
            return Plain{TimePrecision::Year, b, add_months(b, 12), false};
        }
        ++pos_;
        const Token month_token = peek();
        if (month_token.text.size() != 2) return fail("a month is written with two digits, not " + quoted(month_token.text));
        ++pos_;
        std::optional<Plain> month = month_unit(y, month_token);
        if (!month) return std::nullopt;
        if (!(is_sym('-') && !peek().space_before && peek(1).kind == Tok::Num && !peek(1).space_before)) return month;
        ++pos_;
        const Token day_token = peek();
        if (day_token.text.size() != 2) return fail("a day is written with two digits, not " + quoted(day_token.text));
        ++pos_;
        const Civil c = civil_of(month->begin);
        std::optional<Plain> day = day_unit(y, c.month, day_token);
        if (!day) return std::nullopt;
        if (is_word("t") && !peek().space_before) {
            ++pos_;
            if (peek().space_before) return fail("expected a time right after 'T'");
            return clock(*day);
        }
        if (peek().kind == Tok::Num && peek().space_before && is_sym(':', 1)) return clock(*day);
        return day;
    }

    // One unit, or (when allowed) an ISO interval of two points.
    std::optional<Plain> plain(bool allow_interval) {
        const Token& t = peek();
        if (t.kind == Tok::End) return fail("expected a date after " + quoted(toks_.empty() ? "" : toks_.back().text));
        if (clock_starts()) return clock_first();
        if (t.kind == Tok::Word) {
            if (t.text == "the") {
                ++pos_;
                return decade_after_the();
            }
            if (const std::optional<unsigned> m = month_word(t.text)) {
                ++pos_;
                return month_first(*m);
            }
            if (const std::optional<unsigned> s = season_word(t.text)) {
                ++pos_;
                return season(*s);
            }
            return fail("cannot read " + quoted(t.text) + " as a date");
        }
        if (t.kind != Tok::Num) return fail("cannot read " + quoted(t.text) + " as a date");
        if (t.text.size() <= 2 && peek(1).kind == Tok::Word) return day_first();
        if (t.text.size() != 4) return fail("cannot read the number " + quoted(t.text) + " as a date");
        // A four-digit number: a decade, a year, an ISO date or interval.
        if ((is_word("s", 1) && !peek(1).space_before) ||
            (is_sym('\'', 1) && !peek(1).space_before && is_word("s", 2) && !peek(2).space_before)) {
            std::optional<Plain> d = decade();
            if (d && allow_interval && is_sym('/')) return fail("an ISO interval cannot start with a decade");
            return d;
        }
        const std::optional<int64_t> y = year();
        if (!y) return std::nullopt;
        std::optional<Plain> first = iso_point(*y);
        if (!first || !allow_interval || !is_sym('/')) return first;
        ++pos_;
        if (!(peek().kind == Tok::Num && peek().text.size() == 4))
            return fail("an ISO interval ends with a year, month, day or time, not " + what_is_next());
        const Token second_year_token = peek();
        const std::optional<int64_t> y2 = year();
        if (!y2) return std::nullopt;
        if (is_word("s") && !peek().space_before) return fail("an ISO interval cannot end with a decade");
        const std::optional<Plain> second = iso_point(*y2);
        if (!second) return std::nullopt;
        return joined(*first, *second);
    }

    std::optional<Plain> decade() {
        const Token t = peek();
        const int64_t y = *value(t);
        if (y % 10 != 0) return fail("a decade starts at a multiple of ten, not " + t.text);
        if (y < kMinYear || y > kMaxYear)
            return fail("the " + t.text + "s are outside " + std::to_string(kMinYear) + ".." + std::to_string(kMaxYear));
        ++pos_;             // the number
        accept_sym('\'');  // "1990's"
        ++pos_;             // the 's'
        const TimePoint b = time_of(y, 1, 1);
        return Plain{TimePrecision::Decade, b, add_months(b, 120), false};
    }

    std::optional<Plain> decade_after_the() {
        const Token& t = peek();
        if (t.kind == Tok::Num && t.text.size() == 4 &&
            ((is_word("s", 1) && !peek(1).space_before) || (is_sym('\'', 1) && is_word("s", 2))))
            return decade();
        return fail("expected a decade such as 'the 1920s' after 'the', not " + what_is_next());
    }

    // "5 April 2006", "5th of April 2006", "5 April 2006, 10:30"
    std::optional<Plain> day_first() {
        const Token day_token = peek();
        ++pos_;
        if (is_word("st") || is_word("nd") || is_word("rd") || is_word("th")) {
            if (peek().space_before) return fail("unexpected " + quoted(peek().text) + " after a day");
            ++pos_;
        }
        accept_word("of");
        const std::optional<unsigned> m = peek().kind == Tok::Word ? month_word(peek().text) : std::nullopt;
        if (!m) return fail("expected a month after the day " + day_token.text + ", not " + what_is_next());
        ++pos_;
        accept_sym(',');
        const std::optional<int64_t> y = year();
        if (!y) return std::nullopt;
        const std::optional<Plain> day = day_unit(*y, *m, day_token);
        if (!day) return std::nullopt;
        return maybe_clock(*day);
    }

    // "March 2006", "March, 2006", "April 5, 2006", "April 5th 2006"
    std::optional<Plain> month_first(unsigned m) {
        accept_sym('.');  // "Sept. 2006"
        accept_sym(',');
        if (peek().kind == Tok::Num && peek().text.size() <= 2) {
            const Token day_token = peek();
            ++pos_;
            if (is_word("st") || is_word("nd") || is_word("rd") || is_word("th")) {
                if (peek().space_before) return fail("unexpected " + quoted(peek().text) + " after a day");
                ++pos_;
            }
            accept_sym(',');
            const std::optional<int64_t> y = year();
            if (!y) return std::nullopt;
            const std::optional<Plain> day = day_unit(*y, m, day_token);
            if (!day) return std::nullopt;
            return maybe_clock(*day);
        }
        accept_word("of");
        const std::optional<int64_t> y = year();
        if (!y) return std::nullopt;
        const TimePoint b = time_of(*y, m, 1);
        return Plain{TimePrecision::Month, b, add_months(b, 1), false};
    }

    // "summer 2024", "summer of 2024", "winter 2024", "winter 2023/24", "winter 2023-2024"
    std::optional<Plain> season(unsigned start_month) {
        accept_word("of");
        const std::optional<int64_t> y = year();
        if (!y) return std::nullopt;
        int64_t named = *y;
        if (start_month == 12 && (is_sym('/') || is_sym('-')) && peek(1).kind == Tok::Num) {
            ++pos_;
            const Token t = peek();
            ++pos_;
            const std::optional<int64_t> v = value(t);
            const bool consecutive = v && ((t.text.size() == 2 && *v == (*y + 1) % 100) ||
                                           (t.text.size() == 4 && *v == *y + 1));
            if (!consecutive) return fail("a winter spans two consecutive years, not " + quoted(text_));
            named = *y + 1;
            if (named > kMaxYear) return fail("year " + std::to_string(named) + " is out of range");
        }
        const TimePoint b = start_month == 12 ? time_of(named - 1, 12, 1) : time_of(named, start_month, 1);
        return Plain{TimePrecision::Season, b, add_months(b, 3), false};
    }
};

}  // namespace

std::optional<TimeInterval> parse_time(std::string_view text, std::string* error) {
    std::vector<Token> tokens;
    std::string message;
    if (!tokenize(text, tokens, message)) {
        if (error) *error = message;
        return std::nullopt;
    }
    Parser parser(std::move(tokens), text);
    std::optional<TimeInterval> r = parser.parse();
    if (!r && error) *error = parser.error().empty() ? "cannot read " + quoted(text) + " as a date" : parser.error();
    return r;
}

CivilTime civil_time(TimePoint t) noexcept {
    const int64_t days = day_number(t);
    const int64_t secs = t - days * kSecondsPerDay;
    const CivilDate d = civil_from_days(days);
    return {d.year, d.month, d.day, static_cast<unsigned>(secs / 3600), static_cast<unsigned>(secs / 60 % 60),
            static_cast<unsigned>(secs % 60)};
}

std::optional<TimePoint> parse_iso_instant(std::string_view t, std::string* error) {
    if (t.size() != 16 && t.size() != 19) return std::nullopt;
    if (t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':') return std::nullopt;
    if (t.size() == 19 && t[16] != ':') return std::nullopt;
    int64_t field[6] = {0, 0, 0, 0, 0, 0};
    const size_t at[6] = {0, 5, 8, 11, 14, 17}, len[6] = {4, 2, 2, 2, 2, 2};
    for (size_t f = 0; f < (t.size() == 19 ? 6u : 5u); ++f)
        for (size_t i = at[f]; i < at[f] + len[f]; ++i) {
            if (!is_digit(t[i])) return std::nullopt;
            field[f] = field[f] * 10 + (t[i] - '0');
        }
    const auto year = static_cast<int>(field[0]);
    const auto month = static_cast<unsigned>(field[1]), day = static_cast<unsigned>(field[2]);
    if (!valid_date(year, month, day) || field[3] > 23 || field[4] > 59 || field[5] > 59) {
        if (error) *error = "no such date or time";
        return TimePoint{-1};
    }
    return days_from_civil(year, month, day) * kSecondsPerDay + field[3] * 3600 + field[4] * 60 + field[5];
}

std::string format_iso_instant(TimePoint t) {
    const CivilTime c = civil_time(t);
    char buf[48];
    if (c.second != 0)
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u", c.year, c.month, c.day, c.hour, c.minute, c.second);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u", c.year, c.month, c.day, c.hour, c.minute);
    return buf;
}

}  // namespace atlas
