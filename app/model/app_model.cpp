#include "model/app_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <unordered_set>

#include "core/categories.hpp"
#include "core/shape.hpp"
#include "model/timeline_rules.hpp"

namespace atlas {

// [SECTION] Clusters

uint32_t Cluster::count_admitted(const TimeWindow& w) const noexcept {
    const auto begun = std::upper_bound(begins.begin(), begins.end(), w.cursor) - begins.begin();
    if (w.mode == WindowMode::Cumulative) return static_cast<uint32_t>(begun);
    // Events that ended at or before the window's lower edge began before the cursor too.
    const auto gone = std::upper_bound(ends.begin(), ends.end(), w.cursor - w.width) - ends.begin();
    return static_cast<uint32_t>(std::max<std::ptrdiff_t>(0, begun - gone));
}

namespace {
// Grid keys ordered by row, then column: one row's cells are one key range.
uint64_t grid_key(int64_t cx, int64_t cy) {
    return static_cast<uint64_t>(cy + (int64_t{1} << 31)) << 32 | static_cast<uint32_t>(cx + (int64_t{1} << 31));
}
int64_t grid_coord(double v, double cell) {
    return std::clamp<int64_t>(static_cast<int64_t>(std::floor(v / cell)), -(int64_t{1} << 31) + 1,
                               (int64_t{1} << 31) - 2);
}
}  // namespace

void ClusterSet::build_grid(double cell) {
    grid_cell = cell;
    grid.clear();
    grid.reserve(clusters.size());
    for (size_t i = 0; i < clusters.size(); ++i)
        grid.emplace_back(grid_key(grid_coord(clusters[i].x, cell), grid_coord(clusters[i].y, cell)),
                          static_cast<uint32_t>(i));
    std::sort(grid.begin(), grid.end());
}

void ClusterSet::in_rect(double min_x, double min_y, double max_x, double max_y, std::vector<uint32_t>& out) const {
    out.clear();
    if (clusters.empty() || !(min_x <= max_x) || !(min_y <= max_y)) return;
    if (grid.size() != clusters.size() || !(grid_cell > 0)) {  // no grid: every cluster is a candidate
        for (size_t i = 0; i < clusters.size(); ++i) {
            const Cluster& c = clusters[i];
            if (c.x >= min_x && c.x <= max_x && c.y >= min_y && c.y <= max_y) out.push_back(static_cast<uint32_t>(i));
        }
        return;
    }
    const int64_t x0 = grid_coord(min_x, grid_cell), x1 = grid_coord(max_x, grid_cell);
    const int64_t y0 = grid_coord(min_y, grid_cell), y1 = grid_coord(max_y, grid_cell);
    auto first_at_least = [&](uint64_t key) {
        return std::lower_bound(grid.begin(), grid.end(), key,
                                [](const std::pair<uint64_t, uint32_t>& e, uint64_t k) { return e.first < k; });
    };
    for (int64_t cy = y0; cy <= y1; ++cy) {
        for (auto it = first_at_least(grid_key(x0, cy)); it != grid.end() && it->first <= grid_key(x1, cy); ++it) {
            const Cluster& c = clusters[it->second];
            if (c.x >= min_x && c.x <= max_x && c.y >= min_y && c.y <= max_y) out.push_back(it->second);
        }
    }
    std::sort(out.begin(), out.end());
}

void ClusterSet::RunningCounts::build(std::span<const int32_t> ids, size_t n_clusters) {
    clusters = n_clusters;
    // At least as many entries between saves as there are clusters, so the
    // saved counts take no more room than the ids themselves; and enough that
    // a frame's scan past the last save stays short.
    stride = std::max<size_t>(4096, n_clusters);
    saved.assign((ids.size() / stride + 1) * n_clusters, 0);
    std::vector<uint32_t> run(n_clusters, 0);
    for (size_t b = 0, lo = 0; lo <= ids.size(); ++b, lo += stride) {
        std::copy(run.begin(), run.end(), saved.begin() + static_cast<std::ptrdiff_t>(b * n_clusters));
        for (size_t i = lo, hi = std::min(lo + stride, ids.size()); i < hi; ++i)
            if (ids[i] >= 0) ++run[static_cast<size_t>(ids[i])];
    }
}

void ClusterSet::RunningCounts::prefix(std::span<const int32_t> ids, size_t n, std::vector<uint32_t>& out) const {
    out.assign(clusters, 0);
    if (clusters == 0 || stride == 0) return;
    n = std::min(n, ids.size());
    const size_t b = n / stride;
    const auto first = saved.begin() + static_cast<std::ptrdiff_t>(b * clusters);
    std::copy(first, first + static_cast<std::ptrdiff_t>(clusters), out.begin());
    for (size_t i = b * stride; i < n; ++i)
        if (ids[i] >= 0) ++out[static_cast<size_t>(ids[i])];
}

void ClusterSet::build_counts() {
    begun_.build(cluster_of_row, clusters.size());
    have_ends_ = false;
    end_keys_.clear();
    end_ids_.clear();
    ended_ = {};
    counted_ = false;
}

const std::vector<uint32_t>& ClusterSet::counts(const TimeWindow& w, std::span<const TimePoint> row_begins,
                                                std::span<const TimePoint> row_ends) const {
    const bool sliding = w.mode != WindowMode::Cumulative;
    if (counted_ && counted_window_.cursor == w.cursor && counted_window_.mode == w.mode &&
        (!sliding || counted_window_.width == w.width))
        return counts_;
    // Members that began by the cursor (rows are in begin order).
    const auto begun = static_cast<size_t>(std::upper_bound(row_begins.begin(), row_begins.end(), w.cursor) -
                                           row_begins.begin());
    begun_.prefix(cluster_of_row, begun, counts_);
    if (sliding) {
        if (!have_ends_) {
            std::vector<uint32_t> members;
            for (size_t r = 0; r < cluster_of_row.size() && r < row_ends.size(); ++r)
                if (cluster_of_row[r] >= 0) members.push_back(static_cast<uint32_t>(r));
            std::stable_sort(members.begin(), members.end(),
                             [&](uint32_t a, uint32_t b) { return row_ends[a] < row_ends[b]; });
            end_keys_.resize(members.size());
            end_ids_.resize(members.size());
            for (size_t i = 0; i < members.size(); ++i) {
                end_keys_[i] = row_ends[members[i]];
                end_ids_[i] = cluster_of_row[members[i]];
            }
            ended_.build(end_ids_, clusters.size());
            have_ends_ = true;
        }
        // As Cluster::count_admitted: those that ended at or before the
        // window's lower edge began before the cursor too.
        const auto gone = static_cast<size_t>(
            std::upper_bound(end_keys_.begin(), end_keys_.end(), w.cursor - w.width) - end_keys_.begin());
        ended_.prefix(end_ids_, gone, gone_);
        for (size_t i = 0; i < counts_.size(); ++i) counts_[i] = counts_[i] > gone_[i] ? counts_[i] - gone_[i] : 0;
    }
    counted_ = true;
    counted_window_ = w;
    return counts_;
}

size_t ClusterSet::counts_memory_bytes() const noexcept {
    auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    return bytes(begun_.saved) + bytes(ended_.saved) + bytes(end_keys_) + bytes(end_ids_) + bytes(counts_) +
           bytes(gone_);
}

// [SECTION] Dataset

void AppModel::set_dataset(Dataset d) {
    dataset_ = std::move(d);
    ++dataset_version_;
    const auto& events = dataset_.events;
    const size_t n = events.size();

    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return chronological_before(events[a], events[b]);
    });

    // Categories: built-ins in legend order, then the others in alphabetical order.
    categories_.clear();
    for (size_t i = 0; i < kBuiltinCategoryCount; ++i) categories_.emplace_back(builtin_category(i).id);
    {
        std::vector<std::string> extra;
        for (const auto& e : events)
            if (std::find(categories_.begin(), categories_.end(), e.category) == categories_.end() &&
                std::find(extra.begin(), extra.end(), e.category) == extra.end())
                extra.push_back(e.category);
        std::sort(extra.begin(), extra.end());
        categories_.insert(categories_.end(), extra.begin(), extra.end());
    }
    std::unordered_map<std::string, uint16_t> cat_index;
    for (size_t i = 0; i < categories_.size(); ++i) cat_index[categories_[i]] = static_cast<uint16_t>(i);
    category_counts_.assign(categories_.size(), 0);
    shape_rows_.clear();

    // Tags and places.
    {
        std::unordered_set<std::string> tagset, placeset;
        for (const auto& e : events) {
            for (const auto& t : e.tags) tagset.insert(t);
            if (!e.location.place_name.empty()) placeset.insert(e.location.place_name);
        }
        tags_.assign(tagset.begin(), tagset.end());
        places_.assign(placeset.begin(), placeset.end());
        std::sort(tags_.begin(), tags_.end());
        std::sort(places_.begin(), places_.end());
    }

    ev_ = {};
    ev_.event_index = order;
    ev_.begin.resize(n);
    ev_.end.resize(n);
    ev_.fuzz_begin.resize(n);
    ev_.fuzz_end.resize(n);
    ev_.x.resize(n);
    ev_.y.resize(n);
    ev_.radius_merc.resize(n);
    ev_.category.resize(n);
    ev_.flags.resize(n);
    ev_.colocated_slot.assign(n, 0);
    ev_.colocated_count.assign(n, 1);
    event_tags_.assign(n, {});
    event_place_.assign(n, -1);
    row_by_id_.clear();
    row_by_id_.reserve(n);
    bounds_ = {};

    bool any_closed_begin = false, any_closed_end = false;
    data_begin_ = INT64_MAX;
    data_end_ = INT64_MIN;
    TimePoint any_begin = INT64_MAX, any_end = INT64_MIN;
    for (size_t r = 0; r < n; ++r) {
        const Event& e = events[order[r]];
        ev_.begin[r] = e.time.begin;
        ev_.end[r] = std::max(e.time.end, e.time.begin + 1);
        ev_.fuzz_begin[r] = e.time.fuzz_begin;
        ev_.fuzz_end[r] = e.time.fuzz_end;
        const MercatorXY m = WebMercator::forward({e.location.lat, e.location.lon});
        ev_.x[r] = m.x;
        ev_.y[r] = m.y;
        const double gs = std::max(0.05, WebMercator::ground_scale(e.location.lat));
        ev_.radius_merc[r] = static_cast<float>(std::max(0.0, e.location.uncertainty_m) / gs);
        ev_.category[r] = cat_index[e.category];
        ++category_counts_[ev_.category[r]];
        if (e.location.shape != ShapeKind::Point && !e.location.vertices.empty()) shape_rows_.push_back(static_cast<uint32_t>(r));
        uint8_t f = 0;
        if (e.location.precision >= LocationPrecision::Neighbourhood) f |= kFlagCoarse;
        if (e.time.open_begin) f |= kFlagOpenBegin;
        if (e.time.open_end) f |= kFlagOpenEnd;
        if (e.time.precision == TimePrecision::Hour) f |= kFlagPoint;
        if (e.time.precision == TimePrecision::Day) f |= kFlagDay;
        if (e.location.shape != ShapeKind::Point && !e.location.vertices.empty()) f |= kFlagShape;
        ev_.flags[r] = f;
        for (const auto& t : e.tags) {
            auto it = std::lower_bound(tags_.begin(), tags_.end(), t);
            event_tags_[r].push_back(static_cast<uint16_t>(it - tags_.begin()));
        }
        if (!e.location.place_name.empty())
            event_place_[r] = static_cast<int32_t>(
                std::lower_bound(places_.begin(), places_.end(), e.location.place_name) - places_.begin());
        row_by_id_.emplace(e.id, static_cast<uint32_t>(r));
        if (e.location.precision != LocationPrecision::Outside) {
            bounds_.extend(e.location.lon, e.location.lat);
            for (const LatLon& v : e.location.vertices) bounds_.extend(v.lon, v.lat);  // a whole area or route
        }
        any_begin = std::min(any_begin, ev_.begin[r]);
        any_end = std::max(any_end, ev_.end[r]);
        if (!e.time.open_begin) { data_begin_ = std::min(data_begin_, ev_.begin[r]); any_closed_begin = true; }
        if (!e.time.open_end) { data_end_ = std::max(data_end_, ev_.end[r]); any_closed_end = true; }
    }
    if (!any_closed_begin) data_begin_ = any_begin;
    if (!any_closed_end) data_end_ = any_end;
    if (n == 0) {
        data_begin_ = kEmptyBegin;
        data_end_ = kEmptyEnd;
    }
    if (data_end_ <= data_begin_) data_end_ = data_begin_ + 86400;

    // Several events at one address (same position to the metre): number them
    // so the renderer can fan them out on a spiral when zoomed in.
    {
        std::unordered_map<uint64_t, std::vector<uint32_t>> at;
        at.reserve(n);
        for (uint32_t r = 0; r < n; ++r) {
            const auto kx = static_cast<uint64_t>(static_cast<int64_t>(std::llround(ev_.x[r])) & 0xffffffff);
            const auto ky = static_cast<uint64_t>(static_cast<int64_t>(std::llround(ev_.y[r])) & 0xffffffff);
            at[kx << 32 | ky].push_back(r);
        }
        for (auto& [key, rows] : at) {
            if (rows.size() < 2) continue;
            const auto count = static_cast<uint16_t>(std::min<size_t>(rows.size(), 65535));
            for (size_t k = 0; k < rows.size(); ++k) {
                ev_.colocated_slot[rows[k]] = static_cast<uint16_t>(std::min<size_t>(k, 65535));
                ev_.colocated_count[rows[k]] = count;
            }
        }
    }

    index_.build(ev_.x, ev_.y);

    filter_ = {};
    filter_.category_enabled.assign(categories_.size(), 1);
    search_match_.clear();
    selection_.clear();
    selected_mask_.assign(n, 0);
    ++selection_version_;
    hover_.reset();
    clusters_ = {};
    ++cluster_version_;
    playback_.playing = false;
    focused_source.clear();
    rebuild_filter();
    window_.cursor = data_end_;
    fit_timeline_all();
    if (bounds_.valid()) fit_map_all();
    invalidate_visible();
}

size_t AppModel::memory_bytes() const noexcept {
    auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    size_t n = bytes(ev_.event_index) + bytes(ev_.begin) + bytes(ev_.end) + bytes(ev_.fuzz_begin) +
               bytes(ev_.fuzz_end) + bytes(ev_.x) + bytes(ev_.y) + bytes(ev_.radius_merc) + bytes(ev_.category) +
               bytes(ev_.flags) + bytes(ev_.colocated_slot) + bytes(ev_.colocated_count);
    n += index_.size() * (2 * sizeof(double) + sizeof(uint32_t)) +
         static_cast<size_t>(index_.columns()) * static_cast<size_t>(index_.rows()) * sizeof(uint32_t);
    n += bytes(filter_mask_) + bytes(filtered_rows_) + bytes(filtered_begins_) + bytes(filtered_ends_sorted_) +
         bytes(selected_mask_) + bytes(event_place_) + bytes(event_tags_) + bytes(clusters_.cluster_of_row);
    for (const auto& t : event_tags_) n += bytes(t);
    for (const auto& c : clusters_.clusters) n += bytes(c.rows) + bytes(c.begins) + bytes(c.ends);
    n += clusters_.counts_memory_bytes();
    n += row_by_id_.size() * (sizeof(std::string) + sizeof(uint32_t) + 2 * sizeof(void*));
    return n;
}

std::optional<uint32_t> AppModel::row_of(std::string_view event_id) const {
    auto it = row_by_id_.find(std::string(event_id));
    if (it == row_by_id_.end()) return std::nullopt;
    return it->second;
}

int AppModel::category_index(std::string_view id) const {
    for (size_t i = 0; i < categories_.size(); ++i)
        if (categories_[i] == id) return static_cast<int>(i);
    return -1;
}

// [SECTION] Filter

void AppModel::rebuild_filter() {
    const size_t n = ev_.size();
    filter_mask_.assign(n, 0);
    filtered_rows_.clear();
    filtered_begins_.clear();
    filtered_ends_sorted_.clear();
    std::vector<uint8_t> tag_wanted(tags_.size(), 0), place_wanted(places_.size(), 0);
    for (const auto& t : filter_.tags) {
        auto it = std::lower_bound(tags_.begin(), tags_.end(), t);
        if (it != tags_.end() && *it == t) tag_wanted[static_cast<size_t>(it - tags_.begin())] = 1;
    }
    for (const auto& p : filter_.places) {
        auto it = std::lower_bound(places_.begin(), places_.end(), p);
        if (it != places_.end() && *it == p) place_wanted[static_cast<size_t>(it - places_.begin())] = 1;
    }
    const bool by_tag = !filter_.tags.empty(), by_place = !filter_.places.empty();
    for (uint32_t r = 0; r < n; ++r) {
        const uint16_t c = ev_.category[r];
        bool ok = c < filter_.category_enabled.size() ? filter_.category_enabled[c] != 0 : true;
        if (ok && by_tag) {
            ok = false;
            for (uint16_t t : event_tags_[r]) ok = ok || tag_wanted[t];
        }
        if (ok && by_place) ok = event_place_[r] >= 0 && place_wanted[static_cast<size_t>(event_place_[r])];
        if (ok && filter_.date_from && ev_.end[r] <= *filter_.date_from) ok = false;
        if (ok && filter_.date_to && ev_.begin[r] >= *filter_.date_to) ok = false;
        if (ok && filter_.search_active) ok = r < search_match_.size() && search_match_[r];
        if (ok) {
            filter_mask_[r] = 1;
            filtered_rows_.push_back(r);
            filtered_begins_.push_back(ev_.begin[r]);
            filtered_ends_sorted_.push_back(ev_.end[r]);
        }
    }
    std::sort(filtered_ends_sorted_.begin(), filtered_ends_sorted_.end());
}

void AppModel::bump_filter() {
    rebuild_filter();
    ++filter_version_;
    invalidate_visible();
}

void AppModel::set_category_enabled(size_t category, bool on) {
    if (category >= filter_.category_enabled.size()) return;
    if ((filter_.category_enabled[category] != 0) == on) return;
    filter_.category_enabled[category] = on ? 1 : 0;
    bump_filter();
}

void AppModel::set_all_categories(bool on) {
    filter_.category_enabled.assign(categories_.size(), on ? 1 : 0);
    bump_filter();
}

void AppModel::set_tag_filter(std::vector<std::string> tags) {
    filter_.tags = std::move(tags);
    bump_filter();
}

void AppModel::set_place_filter(std::vector<std::string> places) {
    filter_.places = std::move(places);
    bump_filter();
}

void AppModel::set_date_range(std::optional<TimePoint> from, std::optional<TimePoint> to) {
    filter_.date_from = from;
    filter_.date_to = to;
    bump_filter();
}

void AppModel::set_search_results(std::string text, std::span<const std::string> matching_event_ids) {
    filter_.search_text = std::move(text);
    filter_.search_active = !filter_.search_text.empty();
    search_match_.assign(ev_.size(), 0);
    for (const auto& id : matching_event_ids)
        if (auto r = row_of(id)) search_match_[*r] = 1;
    bump_filter();
}

void AppModel::clear_search() {
    filter_.search_text.clear();
    filter_.search_active = false;
    search_match_.clear();
    bump_filter();
}

void AppModel::set_filter(ViewFilter f) {
    f.category_enabled.resize(categories_.size(), 1);
    if (!f.search_active) search_match_.clear();
    filter_ = std::move(f);
    bump_filter();
}

void AppModel::reset_filter() {
    ViewFilter f;
    f.category_enabled.assign(categories_.size(), 1);
    set_filter(std::move(f));
}

// [SECTION] Time

void AppModel::set_cursor(TimePoint t) {
    if (t == window_.cursor) return;
    window_.cursor = t;
    play_carry_ = 0;
    invalidate_visible();
}

void AppModel::set_window_mode(WindowMode m) {
    if (window_.mode == m) return;
    window_.mode = m;
    invalidate_visible();
}

void AppModel::set_window_width(TimePoint seconds) {
    window_.width = std::max<TimePoint>(1, seconds);
    invalidate_visible();
}

void AppModel::set_window(const TimeWindow& w) {
    window_ = w;
    window_.width = std::max<TimePoint>(1, w.width);
    invalidate_visible();
}

bool AppModel::step_next() {
    auto it = std::upper_bound(filtered_begins_.begin(), filtered_begins_.end(), window_.cursor);
    if (it == filtered_begins_.end()) return false;
    set_cursor(*it);
    return true;
}

bool AppModel::step_prev() {
    auto it = std::lower_bound(filtered_begins_.begin(), filtered_begins_.end(), window_.cursor);
    if (it == filtered_begins_.begin()) return false;
    set_cursor(*std::prev(it));
    return true;
}

size_t AppModel::visible_count() const noexcept {
    const auto begun = std::upper_bound(filtered_begins_.begin(), filtered_begins_.end(), window_.cursor) -
                       filtered_begins_.begin();
    if (window_.mode == WindowMode::Cumulative) return static_cast<size_t>(begun);
    const auto gone = std::upper_bound(filtered_ends_sorted_.begin(), filtered_ends_sorted_.end(),
                                       window_.cursor - window_.width) - filtered_ends_sorted_.begin();
    return static_cast<size_t>(std::max<std::ptrdiff_t>(0, begun - gone));
}

std::string AppModel::hidden_by_time_note() const {
    const size_t passing = filtered_count(), shown = visible_count();
    // With no filter and no search the window hiding events is ordinary scrubbing, not news.
    if (shown >= passing || (!filter_.search_active && passing == event_count())) return {};
    const std::string what = filter_.search_active ? (passing == 1 ? " matches, " : " match, ")
                                                   : (passing == 1 ? " passes the filters, " : " pass the filters, ");
    return std::to_string(passing) + what + std::to_string(shown) + " in the time window";
}

void AppModel::show_all_times() {
    playback_.playing = false;
    TimeWindow w = window_;
    w.mode = WindowMode::Cumulative;
    w.cursor = data_end_;
    if (!filtered_begins_.empty()) w.cursor = std::max(w.cursor, filtered_begins_.back());
    set_window(w);
    if (timeline_end < w.cursor || timeline_begin > w.cursor) fit_timeline_all();
}

const std::vector<uint32_t>& AppModel::visible_rows() {
    if (!visible_dirty_) return visible_rows_;
    visible_dirty_ = false;
    visible_rows_.clear();
    // filtered_rows_ is in begin order: the visible ones are within its prefix.
    const auto begun = static_cast<size_t>(
        std::upper_bound(filtered_begins_.begin(), filtered_begins_.end(), window_.cursor) - filtered_begins_.begin());
    if (window_.mode == WindowMode::Cumulative) {
        visible_rows_.assign(filtered_rows_.begin(), filtered_rows_.begin() + static_cast<std::ptrdiff_t>(begun));
    } else {
        for (size_t i = 0; i < begun; ++i)
            if (window_.admits(ev_.begin[filtered_rows_[i]], ev_.end[filtered_rows_[i]]))
                visible_rows_.push_back(filtered_rows_[i]);
    }
    const auto& evs = dataset_.events;
    switch (sort_key_) {
    case SortKey::Time: break;  // already in time order
    case SortKey::Title:
        std::stable_sort(visible_rows_.begin(), visible_rows_.end(), [&](uint32_t a, uint32_t b) {
            return evs[ev_.event_index[a]].title < evs[ev_.event_index[b]].title;
        });
        break;
    case SortKey::Category:
        std::stable_sort(visible_rows_.begin(), visible_rows_.end(),
                         [&](uint32_t a, uint32_t b) { return ev_.category[a] < ev_.category[b]; });
        break;
    }
    if (!sort_ascending_) std::reverse(visible_rows_.begin(), visible_rows_.end());
    return visible_rows_;
}

void AppModel::set_sort(SortKey key, bool ascending) {
    if (key == sort_key_ && ascending == sort_ascending_) return;
    sort_key_ = key;
    sort_ascending_ = ascending;
    invalidate_visible();
}

// [SECTION] Playback

void AppModel::play() {
    if (window_.cursor >= std::min(timeline_end, data_end_) || window_.cursor < timeline_begin)
        set_cursor(std::max(timeline_begin, data_begin_ - 1));
    playback_.playing = true;
    play_carry_ = 0;
}

void AppModel::pause() { playback_.playing = false; }

void AppModel::set_speed(double history_seconds_per_second) {
    playback_.speed = std::clamp(history_seconds_per_second, 1.0, 1e10);
    playback_.follow_zoom = false;
}

void AppModel::set_speed_follows_zoom() { playback_.follow_zoom = true; }

double AppModel::effective_speed() const noexcept {
    if (!playback_.follow_zoom) return playback_.speed;
    return speed_for_span(static_cast<double>(timeline_end - timeline_begin));
}

bool AppModel::update(double dt_seconds) {
    if (!playback_.playing || !(dt_seconds > 0)) return false;
    // Playback runs over what the timeline shows, clipped to the data.
    const TimePoint lo = std::max(timeline_begin, data_begin_ - 1);
    const TimePoint hi = std::max(lo + 1, std::min(timeline_end, data_end_));
    playback_.speed = effective_speed();
    const double advance = playback_.speed * dt_seconds + play_carry_;
    const auto whole = static_cast<TimePoint>(std::floor(advance));
    const double carry = advance - static_cast<double>(whole);
    TimePoint next = window_.cursor + whole;
    if (next > hi) {
        if (playback_.loop) {
            next = lo;
        } else {
            next = hi;
            playback_.playing = false;
        }
    }
    const bool moved = next != window_.cursor;
    set_cursor(next);
    play_carry_ = carry;
    return moved;
}

// [SECTION] Selection

void AppModel::select(uint32_t row, bool additive) {
    if (row >= ev_.size()) return;
    if (!additive) {
        for (uint32_t r : selection_) selected_mask_[r] = 0;
        selection_.clear();
    }
    if (selected_mask_[row]) {
        if (additive) {
            selected_mask_[row] = 0;
            selection_.erase(std::find(selection_.begin(), selection_.end(), row));
        }
    } else {
        selected_mask_[row] = 1;
        selection_.push_back(row);
    }
    ++selection_version_;
}

void AppModel::select_rows(std::span<const uint32_t> rows) {
    for (uint32_t r : selection_) selected_mask_[r] = 0;
    selection_.clear();
    for (uint32_t r : rows)
        if (r < ev_.size() && !selected_mask_[r]) {
            selected_mask_[r] = 1;
            selection_.push_back(r);
        }
    ++selection_version_;
}

void AppModel::clear_selection() {
    if (selection_.empty()) return;
    for (uint32_t r : selection_) selected_mask_[r] = 0;
    selection_.clear();
    ++selection_version_;
}

// [SECTION] Camera and timeline view

void AppModel::fit_timeline_all() {
    const TimePoint span = std::max<TimePoint>(data_end_ - data_begin_, 86400);
    timeline_begin = data_begin_ - span / 30;
    timeline_end = data_begin_ + span + span / 30;
}

void AppModel::fit_timeline_selection() {
    if (selection_.empty()) return;
    TimePoint lo = INT64_MAX, hi = INT64_MIN;
    for (uint32_t r : selection_) {
        lo = std::min(lo, ev_.begin[r]);
        hi = std::max(hi, ev_.end[r]);
    }
    const TimePoint span = std::max<TimePoint>(hi - lo, 2 * 3600);
    const TimePoint mid = lo + (hi - lo) / 2;
    timeline_begin = mid - span / 2 - span / 5;
    timeline_end = mid + span / 2 + span / 5;
}

void AppModel::fit_map_all() {
    if (!bounds_.valid()) return;
    BoundsLL b = bounds_;
    // A single place: show its surroundings rather than zooming to the maximum.
    const double pad = 0.01;
    b.extend(b.min_lon - pad, b.min_lat - pad);
    b.extend(b.max_lon + pad, b.max_lat + pad);
    map_view.fit(b, 40 * map_view.pixel_ratio);
}

void AppModel::fly_map_to(const BoundsLL& box, double margin_px) {
    MapView target = map_view;
    target.fit(box, margin_px * map_view.pixel_ratio);
    flight_.start(map_view, target);
    if (!flight_.running()) map_view = target;  // already there, or nothing to fly along
}

void AppModel::frame_selection_on_map() {
    if (selection_.empty()) return;
    if (selection_.size() == 1 && event(selection_.front()).location.vertices.empty()) {
        const uint32_t r = selection_.front();
        map_view.center = {ev_.x[r], ev_.y[r]};
        if (map_view.zoom < 13.0) map_view.zoom = 14.0;
        return;
    }
    BoundsLL b;
    for (uint32_t r : selection_) {
        const LatLon ll = WebMercator::inverse({ev_.x[r], ev_.y[r]});
        b.extend(ll.lon, ll.lat);
        for (const LatLon& v : event(r).location.vertices) b.extend(v.lon, v.lat);  // the whole area or route
    }
    const double keep = map_view.zoom;
    map_view.fit(b, 80 * map_view.pixel_ratio);
    map_view.zoom = std::min(map_view.zoom, std::max(keep, 15.0));
}

// [SECTION] Clustering and picking

float AppModel::spread_factor(double zoom) noexcept {
    return static_cast<float>(std::clamp(zoom - (kNoClusterZoom - 1.0), 0.0, 1.0));
}

void AppModel::spiral_offset(uint32_t slot, float& ox, float& oy) noexcept {
    // Vogel's sunflower spiral: even spacing for any count, stable as slots are added.
    constexpr float kGolden = 2.39996323f;  // radians
    const float k = static_cast<float>(slot);
    const float r = 1.15f * std::sqrt(k + 0.5f);
    ox = r * std::cos(k * kGolden);
    oy = r * std::sin(k * kGolden);
}

std::vector<MercatorXY> AppModel::marker_positions(size_t max) const {
    std::vector<MercatorXY> out;
    if (ev_.size() > max) return out;
    out.reserve(ev_.size());
    for (size_t i = 0; i < ev_.size(); ++i) out.push_back({ev_.x[i], ev_.y[i]});
    return out;
}

const ClusterSet& AppModel::clusters_at(double zoom) const {
    const int bucket = static_cast<int>(std::floor(zoom));
    if (bucket == clusters_.zoom_bucket && clusters_.filter_version == filter_version_) return clusters_;
    clusters_.zoom_bucket = bucket;
    clusters_.filter_version = filter_version_;
    clusters_.clusters.clear();
    clusters_.grid.clear();
    clusters_.max_member_offset = 0;
    clusters_.cluster_of_row.assign(ev_.size(), -1);
    ++cluster_version_;
    if (zoom >= kNoClusterZoom || filtered_rows_.empty()) {
        clusters_.build_counts();
        return clusters_;
    }

    // Grid cells of kClusterCellPx at the bucket's zoom; a cell holding two or
    // more filtered events becomes one cluster. Membership ignores the time
    // window (so scrubbing never recomputes it); each cluster counts its
    // admitted members from sorted begin/end times in O(log n).
    const double cell = kClusterCellPx * mercator_metres_per_pixel(static_cast<double>(bucket));
    std::unordered_map<uint64_t, uint32_t> cell_cluster;
    cell_cluster.reserve(filtered_rows_.size() / 4 + 16);
    std::vector<Cluster>& out = clusters_.clusters;
    for (uint32_t r : filtered_rows_) {
        const auto cx = static_cast<int64_t>(std::floor(ev_.x[r] / cell));
        const auto cy = static_cast<int64_t>(std::floor(ev_.y[r] / cell));
        const uint64_t key = static_cast<uint64_t>(cx & 0xffffffff) << 32 | static_cast<uint64_t>(cy & 0xffffffff);
        auto [it, fresh] = cell_cluster.try_emplace(key, static_cast<uint32_t>(out.size()));
        if (fresh) out.emplace_back();
        out[it->second].rows.push_back(r);
    }
    // Neighbouring cells whose badges would overlap on screen join: a badge
    // grows with its count, so two full cells side by side (or corner to
    // corner) would otherwise draw one count over another. Greedy, largest
    // cell first: a cell takes in the cells within two of it whose badges would
    // touch its own, and a cell taken in takes in no others. So a cluster spans
    // at most five cells a side; joining neighbours of neighbours would, in a
    // dense city, chain every cell into one badge.
    {
        const size_t n = out.size();
        std::vector<double> mx(n, 0), my(n, 0);
        std::vector<int64_t> gx(n), gy(n);
        for (const auto& [key, i] : cell_cluster) {
            gx[i] = static_cast<int64_t>(static_cast<int32_t>(key >> 32));
            gy[i] = static_cast<int64_t>(static_cast<int32_t>(key & 0xffffffff));
        }
        std::vector<uint32_t> order;
        for (uint32_t i = 0; i < n; ++i) {
            for (uint32_t r : out[i].rows) {
                mx[i] += ev_.x[r];
                my[i] += ev_.y[r];
            }
            mx[i] /= static_cast<double>(out[i].rows.size());
            my[i] /= static_cast<double>(out[i].rows.size());
            if (out[i].rows.size() >= 2) order.push_back(i);
        }
        // Cells were made in row order, so index order is deterministic.
        std::stable_sort(order.begin(), order.end(),
                         [&](uint32_t a, uint32_t b) { return out[a].rows.size() > out[b].rows.size(); });
        enum : uint8_t { kFree, kOwner, kTaken };
        std::vector<uint8_t> state(n, kFree);
        std::vector<uint32_t> owner(n);
        std::iota(owner.begin(), owner.end(), 0u);
        const double px = cell / kClusterCellPx;  // Mercator metres per logical pixel at the bucket
        bool merged = false;
        for (uint32_t i : order) {
            if (state[i] != kFree) continue;
            state[i] = kOwner;
            const double ri = cluster_radius_px(static_cast<uint32_t>(out[i].rows.size()));
            for (int64_t dy = -2; dy <= 2; ++dy)
                for (int64_t dx = -2; dx <= 2; ++dx) {
                    if (dx == 0 && dy == 0) continue;
                    const uint64_t k2 = static_cast<uint64_t>((gx[i] + dx) & 0xffffffff) << 32 |
                                        static_cast<uint64_t>((gy[i] + dy) & 0xffffffff);
                    auto it = cell_cluster.find(k2);
                    if (it == cell_cluster.end()) continue;
                    const uint32_t j = it->second;
                    if (state[j] != kFree || out[j].rows.size() < 2) continue;
                    const double reach = (ri + cluster_radius_px(static_cast<uint32_t>(out[j].rows.size()))) * px;
                    if (std::hypot(mx[i] - mx[j], my[i] - my[j]) >= reach) continue;
                    state[j] = kTaken;
                    owner[j] = i;
                    merged = true;
                }
        }
        if (merged) {
            for (uint32_t j = 0; j < n; ++j) {
                if (state[j] != kTaken) continue;
                auto& dst = out[owner[j]].rows;
                dst.insert(dst.end(), out[j].rows.begin(), out[j].rows.end());
                out[j].rows.clear();
            }
            // Rows are time order: sorted rows keep the members' begin times sorted.
            for (auto& c : out)
                if (!c.rows.empty()) std::sort(c.rows.begin(), c.rows.end());
        }
    }
    // Keep cells with two or more events; others are drawn on their own.
    std::vector<Cluster> kept;
    kept.reserve(out.size());
    for (auto& c : out) {
        if (c.rows.size() < 2) continue;
        double sx = 0, sy = 0;
        c.begins.reserve(c.rows.size());
        c.ends.reserve(c.rows.size());
        for (uint32_t r : c.rows) {
            sx += ev_.x[r];
            sy += ev_.y[r];
            c.begins.push_back(ev_.begin[r]);  // rows arrive in begin order: already sorted
            c.ends.push_back(ev_.end[r]);
        }
        std::vector<uint32_t> per_category(categories_.size(), 0);
        for (uint32_t r : c.rows) ++per_category[ev_.category[r]];
        c.main_category = static_cast<uint16_t>(std::max_element(per_category.begin(), per_category.end()) - per_category.begin());
        c.x = sx / static_cast<double>(c.rows.size());
        c.y = sy / static_cast<double>(c.rows.size());
        for (uint32_t r : c.rows)
            clusters_.max_member_offset = std::max(clusters_.max_member_offset, std::hypot(ev_.x[r] - c.x, ev_.y[r] - c.y));
        std::sort(c.ends.begin(), c.ends.end());
        const auto idx = static_cast<int32_t>(kept.size());
        for (uint32_t r : c.rows) clusters_.cluster_of_row[r] = idx;
        kept.push_back(std::move(c));
    }
    out = std::move(kept);
    // Grid cells of 16 cluster cells: a view at this bucket spans a few dozen.
    clusters_.build_grid(16.0 * cell);
    clusters_.build_counts();
    return clusters_;
}

MapView::Screen AppModel::marker_screen_position(uint32_t row) const {
    MapView::Screen s = map_view.to_screen(MercatorXY{ev_.x[row], ev_.y[row]});
    if (ev_.colocated_count[row] > 1) {
        const float spread = spread_factor(map_view.zoom);
        if (spread > 0) {
            float ox = 0, oy = 0;
            spiral_offset(ev_.colocated_slot[row], ox, oy);
            const double d = 2.0 * kMarkerRadiusPx * map_view.pixel_ratio * spread;
            s.x += ox * d;
            s.y -= oy * d;
        }
    }
    return s;
}

std::optional<uint32_t> AppModel::pick_event(double sx, double sy, double radius_px) {
    if (ev_.size() == 0) return std::nullopt;
    const ClusterSet& cs = clusters();
    const double pr = map_view.pixel_ratio;
    const double r_px = radius_px * pr;
    // Fanned-out markers may sit away from their true position: widen the search.
    double fan_px = 0;
    if (spread_factor(map_view.zoom) > 0) fan_px = 2.0 * kMarkerRadiusPx * pr * 1.15 * std::sqrt(64.5);
    const MercatorXY m = map_view.to_mercator(sx, sy);
    scratch_.clear();
    index_.query_radius(m.x, m.y, (r_px + fan_px) * map_view.metres_per_pixel(), scratch_);
    std::optional<uint32_t> best;
    double best_d2 = r_px * r_px;
    for (uint32_t r : scratch_) {
        if (!is_visible(r)) continue;
        if (!cs.cluster_of_row.empty() && cs.cluster_of_row[r] >= 0 &&
            cluster_single(cs.clusters[static_cast<size_t>(cs.cluster_of_row[r])]) != r)
            continue;
        const MapView::Screen p = marker_screen_position(r);
        const double d2 = (p.x - sx) * (p.x - sx) + (p.y - sy) * (p.y - sy);
        // Ties go to the later event (drawn on top).
        if (d2 < best_d2 || (best && d2 == best_d2 && r > *best)) {
            best_d2 = d2;
            best = r;
        }
    }
    if (best || shape_rows_.empty()) return best;
    // Not on a marker: on a route's line, or inside an area (the nearest edge
    // wins among nested areas, so a small block inside a district is reachable).
    const LatLon p = WebMercator::inverse(m);
    const double ground_px = map_view.metres_per_pixel() * WebMercator::ground_scale(p.lat);
    double best_score = INFINITY;
    for (uint32_t r : shape_rows_) {
        if (!is_visible(r)) continue;
        const Location& l = event(r).location;
        const double d_px = distance_to_shape_m(p, l.shape, l.vertices) / ground_px;
        double score = INFINITY;
        if (l.shape == ShapeKind::Route && d_px <= r_px / 2) score = d_px;
        else if (l.shape == ShapeKind::Area && d_px == 0) {
            // Inside: rank by the distance to the outline, so the inner area wins.
            double edge = INFINITY;
            for (size_t i = 0; i < l.vertices.size(); ++i) {
                const LatLon a = l.vertices[i], b = l.vertices[(i + 1) % l.vertices.size()];
                edge = std::min(edge, distance_to_shape_m(p, ShapeKind::Route, std::array{a, b}));
            }
            score = r_px + edge / ground_px;
        }
        if (score < best_score || (best && score == best_score && r > *best)) {
            best_score = score;
            best = r;
        }
    }
    return best;
}

std::optional<uint32_t> AppModel::pick_cluster(double sx, double sy) {
    const ClusterSet& cs = clusters();
    std::optional<uint32_t> best;
    double best_d2 = 1e300;
    // Only clusters whose badge could reach the point: the largest badge's radius around it.
    const double reach = cluster_radius_px(static_cast<uint32_t>(std::min<size_t>(ev_.size(), UINT32_MAX))) *
                         map_view.pixel_ratio * map_view.metres_per_pixel();
    const MercatorXY at = map_view.to_mercator(sx, sy);
    std::vector<uint32_t> near;
    cs.in_rect(at.x - reach, at.y - reach, at.x + reach, at.y + reach, near);
    const std::vector<uint32_t>& counts = cluster_counts(cs);
    for (uint32_t i : near) {
        const Cluster& c = cs.clusters[i];
        const uint32_t count = counts[i];
        if (count == 0 || (count == 1 && cluster_single(c))) continue;
        const MapView::Screen p = map_view.to_screen(MercatorXY{c.x, c.y});
        const double rad = cluster_radius_px(count) * map_view.pixel_ratio;
        const double d2 = (p.x - sx) * (p.x - sx) + (p.y - sy) * (p.y - sy);
        if (d2 <= rad * rad && d2 < best_d2) {
            best_d2 = d2;
            best = static_cast<uint32_t>(i);
        }
    }
    return best;
}

std::optional<uint32_t> AppModel::cluster_single(const Cluster& c) const noexcept {
    if (c.count_admitted(window_) != 1) return std::nullopt;
    // Members are in begin order: the admitted one began at or before the cursor.
    auto stop = std::upper_bound(c.begins.begin(), c.begins.end(), window_.cursor) - c.begins.begin();
    // Bounded scan (a sliding window may leave one straggler among many members).
    for (std::ptrdiff_t i = stop - 1, seen = 0; i >= 0 && seen < 256; --i, ++seen) {
        const uint32_t r = c.rows[static_cast<size_t>(i)];
        if (window_.admits(ev_.begin[r], ev_.end[r])) return r;
    }
    return std::nullopt;
}

float AppModel::cluster_radius_px(uint32_t count) noexcept {
    return static_cast<float>(12.0 + 4.0 * std::log10(std::max<uint32_t>(count, 1)) * 2.0);
}

bool AppModel::set_source_full_text(std::string_view source_id, std::string text) {
    for (auto& src : dataset_.sources)
        if (src.id == source_id) {
            src.full_text = std::move(text);
            return true;
        }
    return false;
}

std::vector<uint32_t> AppModel::rows_citing_source(std::string_view source_id) const {
    std::unordered_set<std::string> excerpts;
    for (const auto& x : dataset_.excerpts)
        if (x.source_id == source_id) excerpts.insert(x.id);
    std::vector<uint32_t> out;
    for (uint32_t r = 0; r < ev_.size(); ++r)
        for (const auto& id : event(r).excerpt_ids)
            if (excerpts.count(id)) {
                out.push_back(r);
                break;
            }
    return out;
}

}  // namespace atlas
