#pragma once
// The domain: events, where and when they happened, and the evidence they rest on.
// Plain data, no GL, no ImGui, no SQLite.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/geo.hpp"
#include "core/time.hpp"

namespace atlas {

// Built-in categories; projects may add their own (any other id string).
namespace category {
inline constexpr std::string_view demolition = "demolition";
inline constexpr std::string_view eviction = "eviction";
inline constexpr std::string_view protest = "protest";
inline constexpr std::string_view arrest = "arrest";            // arrest or repression
inline constexpr std::string_view construction = "construction";// construction or history
inline constexpr std::string_view decision = "decision";        // official decision
}  // namespace category

enum class LocationPrecision : uint8_t { Building, Street, Neighbourhood, District, City, Outside };
std::string_view to_string(LocationPrecision p) noexcept;
std::optional<LocationPrecision> location_precision_from_string(std::string_view s) noexcept;

// What an event covers on the ground: a point (with its uncertainty disc), an
// area (a settlement, a demolished block) or a route (a march from A to B).
enum class ShapeKind : uint8_t { Point, Area, Route };
std::string_view to_string(ShapeKind k) noexcept;   // "point", "area", "route"
std::optional<ShapeKind> shape_kind_from_string(std::string_view s) noexcept;

struct Location {
    double lat = 0.0;               // WGS84 degrees
    double lon = 0.0;
    double uncertainty_m = 0.0;     // radius within which the event took place
    LocationPrecision precision = LocationPrecision::City;
    std::string place_id;           // gazetteer id, may be empty
    std::string place_name;         // as shown to the user
    std::string geocoding_note;     // what the position rests on
    // An area's outline (open: the last vertex joins the first) or a route from
    // its start to its end; empty for a point. For an area or a route, lat/lon
    // above is its representative point (core/shape.hpp), where its marker sits.
    ShapeKind shape = ShapeKind::Point;
    std::vector<LatLon> vertices;
    friend bool operator==(const Location&, const Location&) = default;
};

struct Source {
    std::string id;
    std::string title;
    std::string publisher;
    std::string author;
    std::string date_text;          // as published ("12 March 2026", "March 2006")
    std::string url;
    std::string language;           // BCP 47 ("en", "ru", "kk")
    std::string full_text;          // the article text when the user imported it; else empty
    friend bool operator==(const Source&, const Source&) = default;
};

struct Excerpt {
    std::string id;
    std::string source_id;
    std::string text;               // verbatim quotation
    int64_t span_begin = -1;        // [begin, end) in Unicode code points (characters) of the
                                    // source text as UTF-8; -1 when the text is unknown
    int64_t span_end = -1;
    std::string locator;            // "paragraph 3", "p. 12"
    friend bool operator==(const Excerpt&, const Excerpt&) = default;
};

struct Event {
    std::string id;                 // stable id; re-imports match on it
    std::string title;
    std::string description;
    std::string category;           // one of atlas::category or user-defined
    std::vector<std::string> tags;
    std::vector<std::string> actors;
    std::string time_text;          // the date as the source words it ("early February")
    TimeInterval time;
    Location location;
    std::vector<std::string> excerpt_ids;
    std::string note;               // curation note (how a relative date was resolved, ...)
    int64_t sequence = 0;           // order in its source's narrative: breaks ties of time
                                    // (0: none given; the id decides)
    friend bool operator==(const Event&, const Event&) = default;
};

// The one order of events everywhere (list, exports, citation sheets): by the
// start of their time, then by sequence, then by id.
bool chronological_before(const Event& a, const Event& b) noexcept;

struct Place {
    std::string id;
    std::string kind;               // building, street, neighbourhood, district, landmark, city
    std::string name_en, name_ru, name_kk;
    double lat = 0.0, lon = 0.0;
    double uncertainty_m = 0.0;
    std::string note;               // what the position rests on
    friend bool operator==(const Place&, const Place&) = default;
};

struct CameraView {
    double center_lat = 43.25, center_lon = 76.92;
    double zoom = 12.0;             // web-map zoom level (256-pixel tiles)
    friend bool operator==(const CameraView&, const CameraView&) = default;
};

struct Slide {
    std::string title;
    std::string caption;
    std::string notes;              // presenter's notes
    CameraView camera;
    TimePoint time_cursor = 0;
    TimePoint window_begin = 0;     // events with begin in [window_begin, time_cursor] are shown
    bool cumulative = true;         // true: everything up to the cursor; false: the window only
    std::vector<std::string> highlighted_event_ids;
    std::vector<std::string> visible_layers;      // empty: all
    std::vector<std::string> visible_categories;  // empty: all
    std::string excerpt_id;         // optional quotation card
    int64_t planned_ms = 0;         // time the author plans for the slide (0: unset)
    int64_t rehearsed_ms = 0;       // how long it was up in the last run through (0: never)
    friend bool operator==(const Slide&, const Slide&) = default;
};

struct Story {
    std::string id;
    std::string title;
    std::vector<Slide> slides;
    friend bool operator==(const Story&, const Story&) = default;
};

// Everything a project holds, as plain values.
struct Dataset {
    std::vector<Source> sources;
    std::vector<Excerpt> excerpts;
    std::vector<Event> events;
    std::vector<Place> places;
    std::vector<Story> stories;

    [[nodiscard]] const Source* find_source(std::string_view id) const;
    [[nodiscard]] const Excerpt* find_excerpt(std::string_view id) const;
    [[nodiscard]] const Event* find_event(std::string_view id) const;
    [[nodiscard]] const Place* find_place(std::string_view id) const;
};

// Look-ups by id over one dataset, each in constant time: for work that
// finds many records (an export of a whole project), where Dataset::find_*
// reads the list through for each one. Where ids repeat, the first record
// wins, as with Dataset::find_*. Points into the dataset, which must outlive
// it unchanged.
class DatasetIndex {
public:
    explicit DatasetIndex(const Dataset& d);
    [[nodiscard]] const Source* source(std::string_view id) const { return find(sources_, id); }
    [[nodiscard]] const Excerpt* excerpt(std::string_view id) const { return find(excerpts_, id); }
    [[nodiscard]] const Event* event(std::string_view id) const { return find(events_, id); }
    // The events of these ids in the order given; ids not found are left out.
    [[nodiscard]] std::vector<const Event*> events(const std::vector<std::string>& ids) const;

private:
    template <class T>
    using ById = std::unordered_map<std::string_view, const T*>;
    template <class T>
    static const T* find(const ById<T>& m, std::string_view id) {
        auto it = m.find(id);
        return it == m.end() ? nullptr : it->second;
    }
    ById<Source> sources_;
    ById<Excerpt> excerpts_;
    ById<Event> events_;
};

// Almaty's city limits as the dataset is checked against them.
inline constexpr double kCityMinLat = 43.03, kCityMaxLat = 43.41;
inline constexpr double kCityMinLon = 76.73, kCityMaxLon = 77.17;

}  // namespace atlas
