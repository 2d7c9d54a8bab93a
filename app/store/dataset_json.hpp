#pragma once
// The shipped dataset as reviewable JSON (assets/data/*.json) and the story
// interchange format. The field meanings are those of core/event.hpp; the files
// and the curation rules are described in assets/data/README.md.
//
//   sources.json   {"sources":  [Source...]}
//   places.json    {"places":   [Place...]}
//   excerpts.json  {"excerpts": [Excerpt...]}
//   events.json    {"events":   [Event...]}     (excerpts referenced by id)
//   stories.json   {"stories":  [Story...]}
//
// Every fault is reported with the file, the line of the element when it can be
// found, the element (`events[12] (id "x")`), the field and the reason.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/event.hpp"

namespace atlas {

// The five files of a dataset folder, in the order they are read.
inline constexpr std::string_view kSourcesFile = "sources.json";
inline constexpr std::string_view kPlacesFile = "places.json";
inline constexpr std::string_view kExcerptsFile = "excerpts.json";
inline constexpr std::string_view kEventsFile = "events.json";
inline constexpr std::string_view kStoriesFile = "stories.json";
std::vector<std::string_view> dataset_file_names();

// Reads a dataset folder. Throws atlas::Error for the first fault (its message
// says how many more there are).
Dataset load_dataset(const std::filesystem::path& dir);

// Reads a dataset folder, collecting every fault in `diags`; elements with a
// fault are left out of the result, so what is returned is consistent (every
// referenced id exists) even when `diags` is not empty.
Dataset load_dataset(const std::filesystem::path& dir, Diagnostics& diags);

// [SECTION] Story interchange
// A story as JSON:
//   {"id": "...", "title": "...", "slides": [
//      {"title": "...", "caption": "...", "notes": "...",
//       "camera": {"center_lat": 43.26, "center_lon": 76.95, "zoom": 16},
//       "time_cursor": "1928-02", "window_begin": "1928-01", "cumulative": true,
//       "highlighted_event_ids": [...], "visible_layers": [...],
//       "visible_categories": [...], "excerpt_id": "..."}]}
// Slide times are text: an ISO instant ("2006-04-05T10:30", seconds optional)
// is taken as is; any other text atlas::parse_time reads ("1908", "late March
// 2006") stands for its interval: window_begin takes the interval's start and
// time_cursor its last minute. Written back, times are ISO instants.
void to_json(nlohmann::json& j, const Slide& s);
void to_json(nlohmann::json& j, const Story& s);
// Throw atlas::Error naming the field (`slides[3].camera.zoom`) and the fault.
void from_json(const nlohmann::json& j, Slide& s);
void from_json(const nlohmann::json& j, Story& s);

// A story file holds one story object or {"stories": [...]}. `file` names the
// file in diagnostics. Throws atlas::Error (with the line for a syntax error).
std::vector<Story> stories_from_json_text(std::string_view text, const std::string& file);
std::string stories_to_json_text(const std::vector<Story>& stories);

// ISO text of an instant: "2006-04-05T10:30", with ":SS" when seconds are not 0.
std::string format_slide_time(TimePoint t);

}  // namespace atlas
