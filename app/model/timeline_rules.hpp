#pragma once
// Rules of the timeline that need no drawing: the playback speed that suits
// the span shown (zoomed to hours, play moves by minutes), "go to date",
// and zooming into the period under a double-click, from the whole span to
// one day in three steps (year, month, day).
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/time.hpp"

namespace atlas {

class AppModel;

// History seconds per real second that play `span_seconds` through in about
// kPlaySpanSeconds, rounded to a whole unit a person reads (1 minute, 15
// minutes, 1 hour, 6 hours, 1 day, 1 week, 1 month, 1 year...).
inline constexpr double kPlaySpanSeconds = 20.0;
[[nodiscard]] double speed_for_span(double span_seconds) noexcept;
// "15 minutes / s", "1 day / s", "2 years / s".
[[nodiscard]] std::string speed_label(double history_seconds_per_second);

// Reads a date as the data writes them ("5 April 2006", "2006-04-05T13:00",
// "March 2006", "1986") and returns the cursor and the timeline span that
// suit it: an hour or a day shows that day (with a quarter-day either side),
// a month or season that period with six weeks either side, a year or longer
// the period with a tenth either side. nullopt with the reason in *error.
struct GoTo {
    TimePoint cursor = 0;
    TimePoint begin = 0, end = 0;
};
[[nodiscard]] std::optional<GoTo> go_to_date(std::string_view text, std::string* error = nullptr);
// Applies it to the model (cursor and timeline span); false and *error when unreadable.
bool go_to_date(AppModel& model, std::string_view text, std::string* error = nullptr);

// The period to show after a double-click at `t` on a timeline spanning
// [begin, end): more than two years shown: the year of t; more than two
// months: the month; more than two days: the day; otherwise six hours around t.
[[nodiscard]] std::pair<TimePoint, TimePoint> zoom_period(TimePoint t, TimePoint begin, TimePoint end) noexcept;

}  // namespace atlas
