#include "model/timeline_rules.hpp"

#include <array>
#include <cmath>

#include "model/app_model.hpp"

namespace atlas {

namespace {
struct Unit {
    double seconds;
    const char* one;
    const char* many;
};
constexpr double kMinute = 60, kHour = 3600, kDay = 86400, kMonth = 30.436875 * kDay, kYear = 365.2425 * kDay;
constexpr std::array<Unit, 6> kUnits = {{{kYear, "year", "years"},
                                         {kMonth, "month", "months"},
                                         {7 * kDay, "week", "weeks"},
                                         {kDay, "day", "days"},
                                         {kHour, "hour", "hours"},
                                         {kMinute, "minute", "minutes"}}};
// The speeds playback snaps to.
constexpr std::array<double, 20> kLadder = {kMinute,   5 * kMinute, 15 * kMinute, 30 * kMinute, kHour,      2 * kHour,  6 * kHour,
                                            12 * kHour, kDay,       2 * kDay,     7 * kDay,     14 * kDay,  kMonth,     3 * kMonth,
                                            6 * kMonth, kYear,      2 * kYear,    5 * kYear,    10 * kYear, 20 * kYear};
}  // namespace

double speed_for_span(double span_seconds) noexcept {
    if (!(span_seconds > 0)) return kLadder.front();
    const double want = span_seconds / kPlaySpanSeconds;
    double best = kLadder.front(), best_d = 1e300;
    for (double s : kLadder) {
        const double d = std::abs(std::log(s / want));
        if (d < best_d) {
            best_d = d;
            best = s;
        }
    }
    return best;
}

std::string speed_label(double s) {
    for (const Unit& u : kUnits) {
        const double n = s / u.seconds;
        if (n >= 0.999) {
            const long whole = std::lround(n);
            if (std::abs(n - static_cast<double>(whole)) < 0.05 * n || u.seconds == kMinute)
                return std::to_string(whole) + " " + (whole == 1 ? u.one : u.many) + " / s";
        }
    }
    return std::to_string(std::lround(s)) + " seconds / s";
}

std::optional<GoTo> go_to_date(std::string_view text, std::string* error) {
    std::string why;
    const auto t = parse_time(text, &why);
    if (!t) {
        if (error) *error = "cannot read the date '" + std::string(text) + "'" + (why.empty() ? "" : ": " + why);
        return std::nullopt;
    }
    GoTo g;
    const bool instant = t->precision == TimePrecision::Hour;
    g.cursor = instant ? t->begin : t->end - 1;
    switch (t->precision) {
    case TimePrecision::Hour:
    case TimePrecision::Day:
        g.begin = start_of_day(t->begin) - kSecondsPerDay / 4;
        g.end = g.begin + kSecondsPerDay + kSecondsPerDay / 2;
        break;
    case TimePrecision::Month:
    case TimePrecision::Season:
        g.begin = t->begin - 45 * kSecondsPerDay;
        g.end = t->end + 45 * kSecondsPerDay;
        break;
    default: {
        const TimePoint pad = std::max<TimePoint>(kSecondsPerDay, (t->end - t->begin) / 10);
        g.begin = t->begin - pad;
        g.end = t->end + pad;
        break;
    }
    }
    return g;
}

bool go_to_date(AppModel& model, std::string_view text, std::string* error) {
    const auto g = go_to_date(text, error);
    if (!g) return false;
    model.set_cursor(g->cursor);
    model.timeline_begin = g->begin;
    model.timeline_end = g->end;
    return true;
}

std::pair<TimePoint, TimePoint> zoom_period(TimePoint t, TimePoint begin, TimePoint end) noexcept {
    const double span = static_cast<double>(end - begin);
    const CivilTime c = civil_time(t);
    if (span > 2 * kYear) return {make_time(c.year), make_time(c.year + 1)};
    if (span > 2 * kMonth) {
        const int ny = c.month == 12 ? c.year + 1 : c.year;
        const unsigned nm = c.month == 12 ? 1 : c.month + 1;
        return {make_time(c.year, c.month), make_time(ny, nm)};
    }
    if (span > 2 * kDay) return {start_of_day(t), start_of_day(t) + kSecondsPerDay};
    return {t - 3 * 3600, t + 3 * 3600};
}

}  // namespace atlas
