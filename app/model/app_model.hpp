#pragma once
// The state the explorer's views read, and the commands that change it.
// One-way data flow: a Dataset goes in (set_dataset); views read the arrays,
// the filter, the time window, the selection and the camera; user actions
// come back as commands (select, set_cursor, set_category_enabled, ...).
// No GL, no ImGui, no SQLite: the command line, tests and exporters use it
// without a window. Full-text search runs in the store (Project::search);
// its matching ids are handed in with set_search_results.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/event.hpp"
#include "core/geo.hpp"
#include "geo/spatial_index.hpp"
#include "model/camera_flight.hpp"
#include "model/map_view.hpp"

namespace atlas {

// [SECTION] Events as struct-of-arrays, sorted by begin time ("rows").
// Row r is the r-th event in time order; event_index[r] is its index in
// Dataset::events. Every per-event array below is indexed by row.
struct EventArrays {
    std::vector<uint32_t> event_index;
    std::vector<TimePoint> begin, end;          // [begin, end)
    std::vector<TimePoint> fuzz_begin, fuzz_end;
    std::vector<double> x, y;                   // Web Mercator metres
    std::vector<float> radius_merc;             // uncertainty radius in Mercator metres
    std::vector<uint16_t> category;             // index into AppModel::categories()
    std::vector<uint8_t> flags;                 // EventFlag bits
    // Several events at one address: slot k of n, fanned out on a spiral when zoomed in.
    std::vector<uint16_t> colocated_slot, colocated_count;

    [[nodiscard]] size_t size() const noexcept { return event_index.size(); }
};

enum EventFlag : uint8_t {
    kFlagCoarse = 1 << 0,     // placed only to a neighbourhood, district or city
    kFlagOpenBegin = 1 << 1,
    kFlagOpenEnd = 1 << 2,
    kFlagPoint = 1 << 3,      // hour precision: always a point on the timeline
    kFlagDay = 1 << 4,        // day precision: a point until zoomed in, then the day with soft ends
    kFlagShape = 1 << 5,      // covers an area or follows a route (AppModel::shape_rows)
};

// [SECTION] Filter
struct ViewFilter {
    std::vector<uint8_t> category_enabled;      // by category index; all on by default
    std::vector<std::string> tags;              // any of these (empty: no tag filter)
    std::vector<std::string> places;            // any of these place names (empty: all)
    std::optional<TimePoint> date_from, date_to;// events overlapping [from, to)
    std::string search_text;                    // as typed; empty: no search
    bool search_active = false;                 // search_text non-empty and results set
};

// [SECTION] Time window
enum class WindowMode : uint8_t { Cumulative, Sliding };
struct TimeWindow {
    TimePoint cursor = 0;
    WindowMode mode = WindowMode::Cumulative;
    TimePoint width = 365 * 86400;              // sliding window width (seconds)
    // Cumulative: every event that has begun by the cursor (begin <= cursor).
    // Sliding: events overlapping [cursor - width, cursor] (begin <= cursor and end > cursor - width).
    [[nodiscard]] bool admits(TimePoint begin, TimePoint end) const noexcept {
        if (begin > cursor) return false;
        return mode == WindowMode::Cumulative || end > cursor - width;
    }
    [[nodiscard]] TimePoint lower() const noexcept { return mode == WindowMode::Cumulative ? INT64_MIN : cursor - width; }
};

struct Playback {
    bool playing = false;
    bool loop = true;
    double speed = 30.0 * 86400.0;              // seconds of history per second of playback
    // The speed follows the timeline's zoom (model/timeline_rules.hpp
    // speed_for_span) until the user picks one (set_speed).
    bool follow_zoom = true;
};

enum class SortKey : uint8_t { Time, Title, Category };

// [SECTION] Clusters at one zoom level (grid clustering over the filtered events).
struct Cluster {
    double x = 0, y = 0;                        // mean Mercator position of the members
    std::vector<TimePoint> begins;              // members' begin times, sorted
    std::vector<TimePoint> ends;                // members' end times, sorted
    std::vector<uint32_t> rows;                 // members
    uint16_t main_category = 0;                 // the most common category among the members
    [[nodiscard]] uint32_t count_admitted(const TimeWindow& w) const noexcept;
};
struct ClusterSet {
    int zoom_bucket = -1;                       // integer zoom the clusters were made for
    uint64_t filter_version = 0;
    std::vector<Cluster> clusters;
    std::vector<int32_t> cluster_of_row;        // -1: drawn on its own
    // Clusters whose position lies in the Mercator rectangle, in index order
    // (the order they are drawn in). Looks at the grid cells the rectangle
    // covers, so a frame costs what is on screen, not the whole city.
    void in_rect(double min_x, double min_y, double max_x, double max_y, std::vector<uint32_t>& out) const;
    // The farthest any member lies from its cluster's position (Mercator
    // metres): a cluster showing one member draws it up to this far away.
    double max_member_offset = 0;
    // Built with the clusters: (cell key, cluster index), sorted by key.
    double grid_cell = 0;
    std::vector<std::pair<uint64_t, uint32_t>> grid;
    void build_grid(double cell);

    // The admitted members of every cluster under a time window, all at once:
    // counts(...)[i] equals clusters[i].count_admitted(w). A frame at city zoom
    // asks for hundreds of badges over a million events, and a binary search in
    // each cluster's own times reads a dozen cache lines apiece, which the
    // rasteriser has evicted since the last frame. Here running counts saved
    // every few thousand events are read once, plus the events since the last
    // save. `row_begins` and `row_ends` are the model's per-row times (rows are
    // in begin order). The answer is kept until the window or the clusters change.
    const std::vector<uint32_t>& counts(const TimeWindow& w, std::span<const TimePoint> row_begins,
                                        std::span<const TimePoint> row_ends) const;
    // Called once cluster_of_row is final.
    void build_counts();
    [[nodiscard]] size_t counts_memory_bytes() const noexcept;

    // Per-cluster counts along a sequence of cluster ids (-1: no cluster),
    // saved before every `stride`-th entry.
    struct RunningCounts {
        size_t stride = 0, clusters = 0;
        std::vector<uint32_t> saved;  // [checkpoint][cluster]
        void build(std::span<const int32_t> ids, size_t n_clusters);
        // out[c] = how many of the first n ids are c.
        void prefix(std::span<const int32_t> ids, size_t n, std::vector<uint32_t>& out) const;
    };

private:
    RunningCounts begun_;                       // along the rows: begin order
    // Sliding windows: the clustered rows in end order (built when first needed).
    mutable bool have_ends_ = false;
    mutable std::vector<TimePoint> end_keys_;
    mutable std::vector<int32_t> end_ids_;
    mutable RunningCounts ended_;
    mutable std::vector<uint32_t> counts_, gone_;
    mutable bool counted_ = false;
    mutable TimeWindow counted_window_;
};

class AppModel {
public:
    AppModel() { set_dataset({}); }  // empty: the timeline spans 1900-2030

    // Replaces everything: builds the time-sorted arrays, the category, tag and
    // place lists, the spatial index; clears selection and filter; puts the
    // cursor at the end of the data and fits the timeline.
    void set_dataset(Dataset d);
    [[nodiscard]] const Dataset& dataset() const noexcept { return dataset_; }
    // Bumped by every set_dataset: GPU buffers made for an older one are stale.
    [[nodiscard]] uint64_t dataset_version() const noexcept { return dataset_version_; }
    [[nodiscard]] const EventArrays& events() const noexcept { return ev_; }
    // Where every event's marker stands (Web Mercator), for map labels to keep
    // clear of; empty when there are more than `max` events (they cluster then).
    [[nodiscard]] std::vector<MercatorXY> marker_positions(size_t max = 5000) const;
    [[nodiscard]] size_t event_count() const noexcept { return ev_.size(); }
    [[nodiscard]] const Event& event(uint32_t row) const { return dataset_.events[ev_.event_index[row]]; }
    [[nodiscard]] std::optional<uint32_t> row_of(std::string_view event_id) const;
    [[nodiscard]] const SpatialIndex& spatial_index() const noexcept { return index_; }
    // Bytes held by the per-event arrays, the index, the filter and the clusters
    // (not the Dataset's own strings).
    [[nodiscard]] size_t memory_bytes() const noexcept;
    // Data extent: earliest begin and latest end (open ends excluded where possible).
    [[nodiscard]] TimePoint data_begin() const noexcept { return data_begin_; }
    [[nodiscard]] TimePoint data_end() const noexcept { return data_end_; }
    [[nodiscard]] BoundsLL data_bounds() const noexcept { return bounds_; }

    // Categories: the built-in ones first in legend order, then those found in the data.
    [[nodiscard]] const std::vector<std::string>& categories() const noexcept { return categories_; }
    [[nodiscard]] const std::vector<uint32_t>& category_counts() const noexcept { return category_counts_; }
    [[nodiscard]] const std::vector<std::string>& tags() const noexcept { return tags_; }
    [[nodiscard]] const std::vector<std::string>& places() const noexcept { return places_; }
    [[nodiscard]] int category_index(std::string_view id) const;

    // [SECTION] Filter commands. Each bumps filter_version() when it changes anything.
    [[nodiscard]] const ViewFilter& filter() const noexcept { return filter_; }
    void set_category_enabled(size_t category, bool on);
    void set_all_categories(bool on);
    void set_tag_filter(std::vector<std::string> tags);
    void set_place_filter(std::vector<std::string> places);
    void set_date_range(std::optional<TimePoint> from, std::optional<TimePoint> to);
    // Full-text search: the text as typed and the ids Project::search matched.
    void set_search_results(std::string text, std::span<const std::string> matching_event_ids);
    void clear_search();
    void set_filter(ViewFilter f);
    void reset_filter();
    [[nodiscard]] uint64_t filter_version() const noexcept { return filter_version_; }
    // 1 when the row passes the filter (categories, tags, places, dates, search).
    [[nodiscard]] const std::vector<uint8_t>& filter_mask() const noexcept { return filter_mask_; }
    [[nodiscard]] bool passes_filter(uint32_t row) const noexcept { return filter_mask_[row] != 0; }
    // Rows passing the filter, in time order.
    [[nodiscard]] const std::vector<uint32_t>& filtered_rows() const noexcept { return filtered_rows_; }
    [[nodiscard]] size_t filtered_count() const noexcept { return filtered_rows_.size(); }

    // [SECTION] Time: cursor and window. Visible = filter AND time window.
    [[nodiscard]] const TimeWindow& window() const noexcept { return window_; }
    void set_cursor(TimePoint t);
    void set_window_mode(WindowMode m);
    void set_window_width(TimePoint seconds);
    void set_window(const TimeWindow& w);
    // Moves the cursor to the previous/next distinct begin time among filtered events.
    bool step_next();
    bool step_prev();
    [[nodiscard]] bool is_visible(uint32_t row) const noexcept {
        return filter_mask_[row] && window_.admits(ev_.begin[row], ev_.end[row]);
    }
    // "14 of 31 events": visible_count() of event_count(). O(log n), no loop over events.
    [[nodiscard]] size_t visible_count() const noexcept;
    // What the time window hides of what passes the filters, said so a user sees
    // that search results exist outside it: "5 match, 1 in the time window"
    // (searching) or "5 pass the filters, 1 in the time window"; empty when the
    // window hides nothing or nothing is filtered.
    [[nodiscard]] std::string hidden_by_time_note() const;
    // Widens the time to every event that passes the filters: cumulative, the
    // cursor at the last of them, playback paused. The filters stay.
    void show_all_times();
    // Visible rows ordered by the list's sort key (built lazily, O(visible)).
    [[nodiscard]] const std::vector<uint32_t>& visible_rows();
    void set_sort(SortKey key, bool ascending);
    [[nodiscard]] SortKey sort_key() const noexcept { return sort_key_; }
    [[nodiscard]] bool sort_ascending() const noexcept { return sort_ascending_; }

    // [SECTION] Playback
    [[nodiscard]] const Playback& playback() const noexcept { return playback_; }
    void play();
    void pause();
    void toggle_play() { playback_.playing ? pause() : play(); }
    void set_speed(double history_seconds_per_second);  // the user's pick: stops following the zoom
    void set_speed_follows_zoom();
    // The speed playing now: the user's, or the one that suits the span shown.
    [[nodiscard]] double effective_speed() const noexcept;
    void set_loop(bool on) { playback_.loop = on; }
    // Advances the cursor by dt real seconds while playing; at the end of the
    // data it loops back to the start or stops. Returns true when the cursor moved.
    bool update(double dt_seconds);

    // [SECTION] Selection (single and multiple) and hover
    void select(uint32_t row, bool additive = false);  // additive toggles row in the set
    void select_rows(std::span<const uint32_t> rows);
    void clear_selection();
    [[nodiscard]] bool is_selected(uint32_t row) const noexcept { return row < selected_mask_.size() && selected_mask_[row]; }
    [[nodiscard]] const std::vector<uint32_t>& selection() const noexcept { return selection_; }
    [[nodiscard]] std::optional<uint32_t> primary_selection() const noexcept {
        if (selection_.empty()) return std::nullopt;
        return selection_.back();
    }
    [[nodiscard]] const std::vector<uint8_t>& selected_mask() const noexcept { return selected_mask_; }
    [[nodiscard]] uint64_t selection_version() const noexcept { return selection_version_; }
    void set_hover(std::optional<uint32_t> row) noexcept { hover_ = row; }
    [[nodiscard]] std::optional<uint32_t> hover() const noexcept { return hover_; }
    bool follow_selection = true;               // the map recentres on a new selection
    // Source shown in the source view (all events resting on one source).
    std::string focused_source;

    // [SECTION] Camera and timeline view (presentation and export set these).
    MapView map_view;
    TimePoint timeline_begin = 0, timeline_end = 1;  // visible span of the timeline
    void fit_timeline_all();
    void fit_timeline_selection();
    void fit_map_all();
    // Centres the map on the selection (keeping the zoom unless it is too far out).
    void frame_selection_on_map();
    // Flies the map to `box` (framed with a margin of `margin_px` logical pixels)
    // along the zoom-and-pan path, so the viewer keeps their bearings; the user's
    // own pan or zoom stops it. advance_flight() moves it on by dt seconds and
    // returns whether it is still under way.
    void fly_map_to(const BoundsLL& box, double margin_px = 24);
    bool advance_flight(double dt_seconds) noexcept { return flight_.step(dt_seconds, map_view); }
    void stop_flight() noexcept { flight_.stop(); }
    [[nodiscard]] bool flying() const noexcept { return flight_.running(); }

    // [SECTION] Clustering and picking
    // Pixel size of markers and the grid cell that clusters overlap in.
    static constexpr double kMarkerRadiusPx = 9.0;
    static constexpr double kClusterCellPx = 26.0;  // about where two markers start to overlap
    static constexpr double kNoClusterZoom = 16.0;  // from here on every event is drawn on its own
    // How far co-located events fan out (0..1) at a zoom level.
    [[nodiscard]] static float spread_factor(double zoom) noexcept;
    // Unit spiral offset of slot k (in marker diameters), identical in the shader.
    static void spiral_offset(uint32_t slot, float& ox, float& oy) noexcept;
    // Clusters for the view's zoom, recomputed when the zoom bucket or the filter changed.
    const ClusterSet& clusters() const { return clusters_at(map_view.zoom); }
    // Clusters at any zoom (a frame drawn for another view than the explorer's);
    // the one cached set follows the last zoom asked for.
    const ClusterSet& clusters_at(double zoom) const;
    [[nodiscard]] uint64_t cluster_version() const noexcept { return cluster_version_; }
    // Admitted members of each cluster of `cs` (the set clusters_at returned)
    // under the current time window; see ClusterSet::counts.
    const std::vector<uint32_t>& cluster_counts(const ClusterSet& cs) const {
        return cs.counts(window_, ev_.begin, ev_.end);
    }
    // Screen position of a row's marker, with its co-location fan-out applied.
    [[nodiscard]] MapView::Screen marker_screen_position(uint32_t row) const;
    // The visible, unclustered event under screen point (sx, sy), by the spatial index.
    [[nodiscard]] std::optional<uint32_t> pick_event(double sx, double sy, double radius_px = kMarkerRadiusPx + 3);
    // Rows of events that cover an area or follow a route (Location::shape), ascending.
    [[nodiscard]] const std::vector<uint32_t>& shape_rows() const noexcept { return shape_rows_; }
    // The cluster (index into clusters().clusters) under the point, if any.
    [[nodiscard]] std::optional<uint32_t> pick_cluster(double sx, double sy);
    // A cluster the time window admits only one member of is drawn as that
    // member's marker, not as a "1" badge: which one (nullopt: draw the badge).
    [[nodiscard]] std::optional<uint32_t> cluster_single(const Cluster& c) const noexcept;
    // Radius in logical pixels of a cluster badge holding `count` events.
    [[nodiscard]] static float cluster_radius_px(uint32_t count) noexcept;

    // Stores a source's full text (imported by the user); false when no such source.
    bool set_source_full_text(std::string_view source_id, std::string text);

    // Events resting on a source (through their excerpts), in time order.
    [[nodiscard]] std::vector<uint32_t> rows_citing_source(std::string_view source_id) const;

private:
    CameraFlight flight_;
    void rebuild_filter();
    void bump_filter();
    void invalidate_visible() noexcept { visible_dirty_ = true; }

    Dataset dataset_;
    uint64_t dataset_version_ = 0;
    EventArrays ev_;
    SpatialIndex index_;
    std::unordered_map<std::string, uint32_t> row_by_id_;
    std::vector<std::string> categories_, tags_, places_;
    std::vector<uint32_t> category_counts_;
    std::vector<std::vector<uint16_t>> event_tags_;   // tag indices by row
    std::vector<int32_t> event_place_;                // place index by row, -1 none
    TimePoint data_begin_ = 0, data_end_ = 1;
    BoundsLL bounds_;

    ViewFilter filter_;
    uint64_t filter_version_ = 1;
    std::vector<uint8_t> filter_mask_;
    std::vector<uint32_t> filtered_rows_;             // sorted by begin
    std::vector<TimePoint> filtered_begins_;          // begin of filtered_rows_, ascending
    std::vector<TimePoint> filtered_ends_sorted_;     // ends of the filtered events, ascending
    std::vector<uint8_t> search_match_;               // by row, when search_active

    TimeWindow window_;
    Playback playback_;
    SortKey sort_key_ = SortKey::Time;
    bool sort_ascending_ = true;
    std::vector<uint32_t> visible_rows_;
    bool visible_dirty_ = true;

    std::vector<uint32_t> selection_;
    std::vector<uint8_t> selected_mask_;
    uint64_t selection_version_ = 1;
    std::optional<uint32_t> hover_;

    mutable ClusterSet clusters_;  // a cache: computed on demand from the filter and a zoom
    mutable uint64_t cluster_version_ = 0;
    std::vector<uint32_t> scratch_;
    std::vector<uint32_t> shape_rows_;
    double play_carry_ = 0;  // sub-second remainder of playback advance

    // The span shown for an empty project: 1900-01-01 to 2030-01-01.
    static constexpr TimePoint kEmptyBegin = -2208988800, kEmptyEnd = 1893456000;
};

}  // namespace atlas
