#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <random>

#include "geo/spatial_index.hpp"
#include "core/shape.hpp"
#include "model/app_model.hpp"

namespace atlas {
namespace {

TimePoint at(int y, unsigned m, unsigned d, int hour = 0) {
    using namespace std::chrono;
    const sys_days day{year{y} / month{m} / std::chrono::day{d}};
    return static_cast<TimePoint>(day.time_since_epoch().count()) * 86400 + hour * 3600;
}

Event make_event(std::string id, std::string cat, TimePoint b, TimePoint e, double lat, double lon,
                 std::vector<std::string> tags = {}, std::string place = {}) {
    Event ev;
    ev.id = id;
    ev.title = "Event " + id;
    ev.category = std::move(cat);
    ev.time.begin = b;
    ev.time.end = e;
    ev.location.lat = lat;
    ev.location.lon = lon;
    ev.location.precision = LocationPrecision::Building;
    ev.location.uncertainty_m = 50;
    ev.location.place_name = std::move(place);
    ev.tags = std::move(tags);
    return ev;
}

// Six events over a century; two share an address.
Dataset sample() {
    Dataset d;
    d.events.push_back(make_event("b1908", "construction", at(1908, 1, 1), at(1909, 1, 1), 43.26, 76.95, {"heritage"}, "Zhetysu"));
    d.events.push_back(make_event("t1928", "arrest", at(1928, 1, 16), at(1928, 1, 17), 43.25, 76.94, {}, "Station"));
    d.events.push_back(make_event("s0314", "eviction", at(2006, 3, 14), at(2006, 3, 15), 43.31, 76.86, {"shanyrak"}, "Shanyrak"));
    d.events.push_back(make_event("s0405", "protest", at(2006, 4, 5, 10), at(2006, 4, 5, 11), 43.31, 76.86, {"shanyrak"}, "Shanyrak"));
    d.events.push_back(make_event("s0405b", "arrest", at(2006, 4, 5, 14), at(2006, 4, 5, 15), 43.31, 76.86, {"shanyrak"}, "Shanyrak"));
    d.events.push_back(make_event("z2026", "demolition", at(2026, 2, 3), at(2026, 2, 4), 43.26, 76.95, {"heritage"}, "Zhetysu"));
    return d;
}

TEST(AppModel, SortsByTimeAndBuildsLists) {
    AppModel m;
    m.set_dataset(sample());
    ASSERT_EQ(m.event_count(), 6u);
    for (size_t r = 1; r < m.event_count(); ++r) EXPECT_LE(m.events().begin[r - 1], m.events().begin[r]);
    EXPECT_EQ(m.event(0).id, "b1908");
    EXPECT_EQ(m.event(5).id, "z2026");
    EXPECT_EQ(*m.row_of("s0405"), 3u);
    EXPECT_EQ(m.tags(), (std::vector<std::string>{"heritage", "shanyrak"}));
    EXPECT_EQ(m.places().size(), 3u);
    EXPECT_EQ(m.categories().front(), "demolition");
    EXPECT_EQ(m.data_begin(), at(1908, 1, 1));
    EXPECT_EQ(m.data_end(), at(2026, 2, 4));
    // The three Shanyrak events share one address and are numbered for the fan-out.
    EXPECT_EQ(m.events().colocated_count[2], 3);
    EXPECT_EQ(m.events().colocated_count[0], 2);  // 1908 and 2026 at Zhetysu House
    EXPECT_EQ(m.events().colocated_count[1], 1);
    // The cursor starts at the end: everything is visible.
    EXPECT_EQ(m.visible_count(), 6u);
}

TEST(AppModel, FilterCounts) {
    AppModel m;
    m.set_dataset(sample());
    const uint64_t v0 = m.filter_version();
    m.set_category_enabled(static_cast<size_t>(m.category_index("arrest")), false);
    EXPECT_GT(m.filter_version(), v0);
    EXPECT_EQ(m.filtered_count(), 4u);
    EXPECT_EQ(m.visible_count(), 4u);
    EXPECT_FALSE(m.passes_filter(*m.row_of("t1928")));
    m.set_tag_filter({"shanyrak"});
    EXPECT_EQ(m.filtered_count(), 2u);  // eviction + protest (the arrest is off)
    m.reset_filter();
    EXPECT_EQ(m.filtered_count(), 6u);
    m.set_place_filter({"Zhetysu"});
    EXPECT_EQ(m.filtered_count(), 2u);
    m.reset_filter();
    m.set_date_range(at(2000, 1, 1), at(2007, 1, 1));
    EXPECT_EQ(m.filtered_count(), 3u);
    m.reset_filter();
    const std::vector<std::string> hits = {"z2026", "b1908", "no-such-id"};
    m.set_search_results("Zhetysu", hits);
    EXPECT_EQ(m.filtered_count(), 2u);
    EXPECT_TRUE(m.filter().search_active);
    m.clear_search();
    EXPECT_EQ(m.filtered_count(), 6u);
    m.set_all_categories(false);
    EXPECT_EQ(m.visible_count(), 0u);
}

TEST(AppModel, SaysWhatTheTimeWindowHidesOfTheResultsAndShowsThemAll) {
    AppModel m;
    m.set_dataset(sample());
    EXPECT_EQ(m.hidden_by_time_note(), "");  // the cursor at the end hides nothing
    const std::vector<std::string> hits = {"s0314", "s0405", "s0405b", "b1908", "z2026"};
    m.set_search_results("Shanyrak", hits);
    TimeWindow w = m.window();
    w.mode = WindowMode::Sliding;
    w.cursor = at(1910, 1, 1);
    w.width = 10LL * 365 * 86400;
    m.set_window(w);
    m.play();
    EXPECT_EQ(m.visible_count(), 1u);
    EXPECT_EQ(m.hidden_by_time_note(), "5 match, 1 in the time window");
    m.show_all_times();
    EXPECT_FALSE(m.playback().playing);
    EXPECT_EQ(m.visible_count(), 5u);
    EXPECT_EQ(m.visible_rows().size(), 5u);
    EXPECT_EQ(m.hidden_by_time_note(), "");
    EXPECT_TRUE(m.filter().search_active);  // the search stays
    EXPECT_GE(m.timeline_end, m.window().cursor);

    // Without a search it speaks of the filters.
    m.clear_search();
    m.set_tag_filter({"heritage"});
    m.set_cursor(at(1950, 1, 1));
    EXPECT_EQ(m.hidden_by_time_note(), "2 pass the filters, 1 in the time window");
    m.reset_filter();  // unfiltered scrubbing is not reported
    EXPECT_LT(m.visible_count(), m.event_count());
    EXPECT_EQ(m.hidden_by_time_note(), "");
}

TEST(AppModel, CumulativeWindow) {
    AppModel m;
    m.set_dataset(sample());
    m.set_cursor(at(1928, 6, 1));
    EXPECT_EQ(m.visible_count(), 2u);
    m.set_cursor(at(2006, 4, 5, 10));  // exactly when the protest begins: admitted
    EXPECT_EQ(m.visible_count(), 4u);
    EXPECT_TRUE(m.is_visible(*m.row_of("s0405")));
    EXPECT_FALSE(m.is_visible(*m.row_of("s0405b")));
    m.set_cursor(at(1900, 1, 1));
    EXPECT_EQ(m.visible_count(), 0u);
    EXPECT_TRUE(m.visible_rows().empty());
}

TEST(AppModel, SlidingWindow) {
    AppModel m;
    m.set_dataset(sample());
    m.set_window_mode(WindowMode::Sliding);
    m.set_window_width(2 * 3600);
    m.set_cursor(at(2006, 4, 5, 15));
    // Admitted: events overlapping [13:00, 15:00]: the arrest at 14:00 only.
    EXPECT_EQ(m.visible_count(), 1u);
    EXPECT_TRUE(m.is_visible(*m.row_of("s0405b")));
    EXPECT_FALSE(m.is_visible(*m.row_of("s0405")));
    m.set_window_width(40LL * 86400);  // back to 24 February 2006
    EXPECT_EQ(m.visible_count(), 3u);
    // visible_count (binary searches) agrees with the per-row test everywhere.
    for (TimePoint t = at(1900, 1, 1); t < at(2030, 1, 1); t += 97 * 86400 + 3333) {
        m.set_cursor(t);
        size_t brute = 0;
        for (uint32_t r = 0; r < m.event_count(); ++r) brute += m.is_visible(r);
        ASSERT_EQ(m.visible_count(), brute) << t;
        ASSERT_EQ(m.visible_rows().size(), brute) << t;
    }
}

TEST(AppModel, StepPrevNext) {
    AppModel m;
    m.set_dataset(sample());
    m.set_cursor(at(1800, 1, 1));
    ASSERT_TRUE(m.step_next());
    EXPECT_EQ(m.window().cursor, at(1908, 1, 1));
    ASSERT_TRUE(m.step_next());
    EXPECT_EQ(m.window().cursor, at(1928, 1, 16));
    m.set_cursor(at(2006, 4, 5, 12));
    ASSERT_TRUE(m.step_prev());
    EXPECT_EQ(m.window().cursor, at(2006, 4, 5, 10));
    ASSERT_TRUE(m.step_prev());
    EXPECT_EQ(m.window().cursor, at(2006, 3, 14));
    // Stepping skips filtered-out events.
    m.set_category_enabled(static_cast<size_t>(m.category_index("arrest")), false);
    m.set_cursor(at(2006, 4, 5, 10));
    ASSERT_TRUE(m.step_next());
    EXPECT_EQ(m.window().cursor, at(2026, 2, 3));
    EXPECT_FALSE(m.step_next());
    m.set_cursor(at(1908, 1, 1));
    EXPECT_FALSE(m.step_prev());
}

TEST(AppModel, PlaybackLoopsAndStops) {
    AppModel m;
    m.set_dataset(sample());
    m.timeline_begin = at(2006, 4, 5, 0);
    m.timeline_end = at(2006, 4, 6, 0);
    m.set_cursor(at(2006, 4, 5, 0));
    m.set_speed(3600);  // an hour per second
    m.play();
    EXPECT_TRUE(m.playback().playing);
    EXPECT_TRUE(m.update(0.5));
    EXPECT_EQ(m.window().cursor, at(2006, 4, 5, 0) + 1800);
    for (int i = 0; i < 20; ++i) m.update(1.0);
    EXPECT_EQ(m.window().cursor, at(2006, 4, 5, 20) + 1800);
    m.set_loop(true);
    for (int i = 0; i < 4; ++i) m.update(1.0);  // past midnight: back to the start
    EXPECT_EQ(m.window().cursor, at(2006, 4, 5, 0));
    EXPECT_TRUE(m.playback().playing);
    m.set_loop(false);
    for (int i = 0; i < 30; ++i) m.update(1.0);
    EXPECT_FALSE(m.playback().playing);
    EXPECT_EQ(m.window().cursor, at(2006, 4, 6, 0));
    EXPECT_FALSE(m.update(1.0));
    // Sub-second steps accumulate rather than vanish.
    m.set_cursor(at(2006, 4, 5, 0));
    m.set_speed(1.0);
    m.play();
    for (int i = 0; i < 10; ++i) m.update(0.25);
    EXPECT_EQ(m.window().cursor, at(2006, 4, 5, 0) + 2);
}

TEST(AppModel, Selection) {
    AppModel m;
    m.set_dataset(sample());
    const uint64_t v = m.selection_version();
    m.select(2);
    EXPECT_TRUE(m.is_selected(2));
    EXPECT_EQ(m.primary_selection(), 2u);
    EXPECT_GT(m.selection_version(), v);
    m.select(4, true);
    EXPECT_EQ(m.selection().size(), 2u);
    m.select(2, true);  // toggles off
    EXPECT_FALSE(m.is_selected(2));
    EXPECT_EQ(m.selection(), std::vector<uint32_t>{4});
    m.select(1);
    EXPECT_EQ(m.selection(), std::vector<uint32_t>{1});
    EXPECT_FALSE(m.is_selected(4));
    m.fit_timeline_selection();
    EXPECT_LT(m.timeline_begin, m.events().begin[1]);
    EXPECT_GT(m.timeline_end, m.events().end[1]);
    EXPECT_LT(m.timeline_end - m.timeline_begin, 3LL * 86400);
    m.clear_selection();
    EXPECT_TRUE(m.selection().empty());
    m.select(99);  // out of range: ignored
    EXPECT_TRUE(m.selection().empty());
}

TEST(AppModel, SortsTheList) {
    AppModel m;
    m.set_dataset(sample());
    m.set_sort(SortKey::Time, false);
    EXPECT_EQ(m.event(m.visible_rows().front()).id, "z2026");
    m.set_sort(SortKey::Category, true);
    EXPECT_EQ(m.event(m.visible_rows().front()).category, "demolition");
    m.set_sort(SortKey::Title, true);
    const auto& rows = m.visible_rows();
    for (size_t i = 1; i < rows.size(); ++i) EXPECT_LE(m.event(rows[i - 1]).title, m.event(rows[i]).title);
}

TEST(AppModel, AreasAndRoutesArePickedByTheirGroundAndWidenTheBounds) {
    Dataset d = sample();
    // A district-sized area around the station, a small block inside it, and a route far east.
    Event district = make_event("district", "eviction", at(2006, 1, 1), at(2006, 1, 2), 0, 0);
    set_shape(district.location, ShapeKind::Area, {{43.20, 76.90}, {43.20, 77.00}, {43.30, 77.00}, {43.30, 76.90}});
    Event block = make_event("block", "demolition", at(2006, 1, 1), at(2006, 1, 2), 0, 0);
    set_shape(block.location, ShapeKind::Area, {{43.240, 76.925}, {43.240, 76.935}, {43.245, 76.935}, {43.245, 76.925}});
    Event march = make_event("march", "protest", at(2006, 3, 20), at(2006, 3, 21), 0, 0);
    set_shape(march.location, ShapeKind::Route, {{43.22, 77.05}, {43.22, 77.15}});
    d.events.push_back(district);
    d.events.push_back(block);
    d.events.push_back(march);
    AppModel m;
    m.set_dataset(d);
    EXPECT_EQ(m.shape_rows().size(), 3u);
    EXPECT_NEAR(m.data_bounds().max_lon, 77.15, 1e-9);  // the route's end, not its marker
    m.map_view.width_px = 800;
    m.map_view.height_px = 600;
    m.map_view.zoom = 15;
    m.map_view.center = WebMercator::forward({43.2425, 76.931});  // inside the block, off its marker
    const auto in_block = m.pick_event(400, 300);
    ASSERT_TRUE(in_block);
    EXPECT_EQ(m.event(*in_block).id, "block") << "the inner area wins";
    m.map_view.center = WebMercator::forward({43.28, 76.99});  // inside the district only
    const auto in_district = m.pick_event(400, 300);
    ASSERT_TRUE(in_district);
    EXPECT_EQ(m.event(*in_district).id, "district");
    // A few pixels beside the route picks it; far beside it does not.
    m.map_view.center = WebMercator::forward({43.22, 77.08});
    const auto on_route = m.pick_event(400, 303);
    ASSERT_TRUE(on_route);
    EXPECT_EQ(m.event(*on_route).id, "march");
    EXPECT_FALSE(m.pick_event(400, 360));
    // Hidden by the time window: not pickable.
    m.set_cursor(at(2006, 3, 1));
    EXPECT_FALSE(m.pick_event(400, 303));
    // Selecting an area frames all of it.
    m.select(*m.row_of("district"));
    m.frame_selection_on_map();
    const MercatorXY sw = WebMercator::forward({43.20, 76.90}), ne = WebMercator::forward({43.30, 77.00});
    const auto a = m.map_view.to_screen(sw), b = m.map_view.to_screen(ne);
    EXPECT_GE(a.x, 0);
    EXPECT_LE(b.x, 800);
    EXPECT_GE(b.y, 0);
    EXPECT_LE(a.y, 600);
}

TEST(AppModel, PickingUsesScreenPositions) {
    AppModel m;
    m.set_dataset(sample());
    m.map_view.width_px = 800;
    m.map_view.height_px = 600;
    m.map_view.zoom = 17;  // no clustering; the three Shanyrak events fan out
    m.map_view.center = {m.events().x[1], m.events().y[1]};
    auto picked = m.pick_event(400, 300);
    ASSERT_TRUE(picked);
    EXPECT_EQ(m.event(*picked).id, "t1928");
    EXPECT_FALSE(m.pick_event(400 + 40, 300));
    // Not yet happened: not pickable.
    m.set_cursor(at(1920, 1, 1));
    EXPECT_FALSE(m.pick_event(400, 300));
    // Fanned-out co-located events are each pickable at their own offset.
    m.set_cursor(at(2030, 1, 1));
    m.map_view.center = {m.events().x[2], m.events().y[2]};
    for (uint32_t r = 2; r <= 4; ++r) {
        const auto s = m.marker_screen_position(r);
        auto p = m.pick_event(s.x, s.y);
        ASSERT_TRUE(p) << r;
        EXPECT_EQ(*p, r);
    }
}

TEST(AppModel, NeighbouringCellsWhoseBadgesWouldOverlapJoinOneCluster) {
    // At zoom 10 a cell is 26 px (about 4 km). Find a cell boundary, then put five
    // events just west of it and five just east (a few pixels apart), and five
    // more three cells further east.
    const double px = mercator_metres_per_pixel(10.0);
    const double cell = AppModel::kClusterCellPx * px;
    const MercatorXY c = WebMercator::forward({43.25, 76.90});
    const double edge = std::ceil(c.x / cell) * cell;
    const double y = (std::floor(c.y / cell) + 0.5) * cell;
    Dataset d;
    auto add = [&](const std::string& id, double x) {
        const LatLon ll = WebMercator::inverse({x, y});
        d.events.push_back(make_event(id, "protest", at(2006, 1, 1), at(2006, 1, 2), ll.lat, ll.lon));
    };
    for (int i = 0; i < 5; ++i) add("w" + std::to_string(i), edge - (3 + i) * px);
    for (int i = 0; i < 5; ++i) add("e" + std::to_string(i), edge + (3 + i) * px);
    for (int i = 0; i < 5; ++i) add("far" + std::to_string(i), edge + 3 * cell + (3 + i) * px);
    AppModel m;
    m.set_dataset(d);
    const ClusterSet& cs = m.clusters_at(10.2);
    ASSERT_EQ(cs.clusters.size(), 2u);
    std::vector<size_t> sizes;
    for (const Cluster& k : cs.clusters) {
        sizes.push_back(k.rows.size());
        EXPECT_TRUE(std::is_sorted(k.rows.begin(), k.rows.end()));
        EXPECT_TRUE(std::is_sorted(k.begins.begin(), k.begins.end()));
    }
    std::sort(sizes.begin(), sizes.end());
    EXPECT_EQ(sizes, (std::vector<size_t>{5, 10}));
    EXPECT_EQ(cs.cluster_of_row[*m.row_of("w0")], cs.cluster_of_row[*m.row_of("e4")]);
    EXPECT_NE(cs.cluster_of_row[*m.row_of("w0")], cs.cluster_of_row[*m.row_of("far0")]);
}

// `n` one-day protests at random places between 43.15-43.35 N and 76.75-77.10 E.
Dataset scattered_over_the_city(int n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> lat(43.15, 43.35), lon(76.75, 77.10);
    Dataset d;
    for (int i = 0; i < n; ++i)
        d.events.push_back(make_event("e" + std::to_string(i), "protest", at(2006, 1, 1), at(2006, 1, 2), lat(rng), lon(rng)));
    return d;
}

// Joining overlapping badges does not chain: a city full of events keeps one
// badge per neighbourhood of cells, never one badge for everything.
TEST(AppModel, ADenseCityDoesNotJoinIntoOneBadge) {
    AppModel m;
    m.set_dataset(scattered_over_the_city(20000, 9));
    for (int zoom : {10, 12, 14}) {
        const ClusterSet& cs = m.clusters_at(zoom);
        const double cell = AppModel::kClusterCellPx * mercator_metres_per_pixel(zoom);
        // The city spans this many cells; a cluster takes in at most 5 x 5 of them.
        const MercatorXY lo = WebMercator::forward({43.15, 76.75}), hi = WebMercator::forward({43.35, 77.10});
        const double cells = std::ceil((hi.x - lo.x) / cell) * std::ceil((hi.y - lo.y) / cell);
        EXPECT_GE(static_cast<double>(cs.clusters.size()), std::floor(cells / 25.0)) << "zoom " << zoom;
        size_t members = 0;
        for (const Cluster& c : cs.clusters) {
            double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
            for (uint32_t r : c.rows) {
                x0 = std::min(x0, m.events().x[r]);
                x1 = std::max(x1, m.events().x[r]);
                y0 = std::min(y0, m.events().y[r]);
                y1 = std::max(y1, m.events().y[r]);
            }
            EXPECT_LT(x1 - x0, 5 * cell) << "zoom " << zoom;
            EXPECT_LT(y1 - y0, 5 * cell) << "zoom " << zoom;
            members += c.rows.size();
        }
        if (zoom <= 12) {
            EXPECT_GT(members, 19000u) << "zoom " << zoom;  // nearly every cell holds two or more
        }
    }
}

// The clusters near a view come from a grid: for any rectangle, exactly the
// clusters a scan of all of them finds, in index order (the drawing order).
TEST(AppModel, ClustersInARectangleAreThoseAScanFinds) {
    AppModel m;
    m.set_dataset(scattered_over_the_city(4000, 5));
    std::mt19937 rng(5);
    const MercatorXY lo = WebMercator::forward({43.15, 76.75}), hi = WebMercator::forward({43.35, 77.10});
    std::uniform_real_distribution<double> fx(lo.x - 2000, hi.x + 2000), fy(lo.y - 2000, hi.y + 2000);
    std::uniform_real_distribution<double> size(0, 12000);
    for (double zoom : {12.0, 13.0, 14.5, 15.2}) {
        const ClusterSet& cs = m.clusters_at(zoom);
        ASSERT_GT(cs.clusters.size(), 5u) << zoom;
        EXPECT_GT(cs.max_member_offset, 0.0);
        std::vector<uint32_t> got;
        for (int q = 0; q < 200; ++q) {
            const double x0 = fx(rng), y0 = fy(rng), x1 = x0 + size(rng), y1 = y0 + size(rng);
            cs.in_rect(x0, y0, x1, y1, got);
            std::vector<uint32_t> want;
            for (uint32_t i = 0; i < cs.clusters.size(); ++i) {
                const Cluster& c = cs.clusters[i];
                if (c.x >= x0 && c.x <= x1 && c.y >= y0 && c.y <= y1) want.push_back(i);
            }
            ASSERT_EQ(got, want) << "zoom " << zoom << ", query " << q;
        }
        cs.in_rect(1, 1, 0, 0, got);  // an empty rectangle
        EXPECT_TRUE(got.empty());
    }
}

TEST(AppModel, ClustersCountTheTimeWindow) {
    AppModel m;
    m.set_dataset(sample());
    m.map_view.zoom = 11.5;
    const ClusterSet& cs = m.clusters();
    // Zhetysu (2 events) and Shanyrak (3) each cluster; the 1928 station is 1 km away
    // from Zhetysu and may or may not share its cell, so count members instead.
    size_t members = 0;
    for (const auto& c : cs.clusters) members += c.rows.size();
    EXPECT_GE(cs.clusters.size(), 2u);
    EXPECT_GE(members, 5u);
    const int32_t shanyrak = cs.cluster_of_row[2];
    ASSERT_GE(shanyrak, 0);
    EXPECT_EQ(cs.cluster_of_row[3], shanyrak);
    const Cluster& c = cs.clusters[static_cast<size_t>(shanyrak)];
    m.set_cursor(at(2006, 4, 5, 12));
    EXPECT_EQ(c.count_admitted(m.window()), 2u);
    m.set_cursor(at(2007, 1, 1));
    EXPECT_EQ(c.count_admitted(m.window()), 3u);
    m.set_window_mode(WindowMode::Sliding);
    m.set_window_width(3600);
    m.set_cursor(at(2006, 4, 5, 14) + 60);
    EXPECT_EQ(c.count_admitted(m.window()), 1u);
    // Scrubbing does not recompute clusters; zooming past the bucket does.
    const uint64_t v = m.cluster_version();
    m.set_cursor(at(2006, 3, 1));
    (void)m.clusters();
    EXPECT_EQ(m.cluster_version(), v);
    m.map_view.zoom = 17;
    EXPECT_TRUE(m.clusters().clusters.empty());
    EXPECT_GT(m.cluster_version(), v);
}

// The counts a frame draws in its badges, read all at once from saved running
// counts, are every cluster's own count for any window: cumulative or sliding,
// at the start, the end and between saves, after a filter, at several zooms.
TEST(AppModel, EveryClustersCountAtOnceIsItsOwnCount) {
    // 30,000 events, several saves apart, with times bunched on a few days
    // (many equal begins and ends) and spread over a century, and some
    // lasting years so their ends fall out of begin order.
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> lat(43.20, 43.30), lon(76.85, 77.00);
    std::uniform_int_distribution<int> year(1900, 2025), bunch(0, 3), length(0, 9);
    const std::array<const char*, 3> cats = {"protest", "demolition", "arrest"};
    Dataset d;
    for (int i = 0; i < 30000; ++i) {
        const TimePoint b = i % 3 == 0 ? at(2006, 7, 14) + bunch(rng) * 86400 : at(year(rng), 1, 1) + i % 300 * 3600;
        const TimePoint e = b + (length(rng) == 0 ? 3 * 365 * 86400 : 86400);
        d.events.push_back(make_event("e" + std::to_string(i), cats[static_cast<size_t>(i) % cats.size()], b, e, lat(rng),
                                      lon(rng)));
    }
    AppModel m;
    m.set_dataset(d);
    std::uniform_int_distribution<TimePoint> cursor(at(1899, 1, 1), at(2030, 1, 1));
    const std::vector<TimePoint> edges = {at(1899, 1, 1), at(2006, 7, 14), at(2006, 7, 15), at(2006, 7, 17),
                                          at(2030, 1, 1)};
    auto check = [&](const std::string& what) {
        const ClusterSet& cs = m.clusters();
        ASSERT_GT(cs.clusters.size(), 3u) << what;
        // First at the cursor the last check left: only the window's mode,
        // its width or the filter changed since.
        std::vector<TimePoint> cursors = {m.window().cursor};
        cursors.insert(cursors.end(), edges.begin(), edges.end());
        for (int q = 0; q < 40; ++q) cursors.push_back(cursor(rng));
        for (TimePoint t : cursors) {
            m.set_cursor(t);
            const std::vector<uint32_t>& got = m.cluster_counts(cs);
            ASSERT_EQ(got.size(), cs.clusters.size()) << what;
            for (size_t i = 0; i < cs.clusters.size(); ++i)
                ASSERT_EQ(got[i], cs.clusters[i].count_admitted(m.window())) << what << ", cluster " << i << ", cursor " << t;
        }
    };
    for (double zoom : {11.0, 12.0, 13.5}) {
        m.map_view.zoom = zoom;
        m.set_window_mode(WindowMode::Cumulative);
        check("cumulative at zoom " + std::to_string(zoom));
        m.set_window_mode(WindowMode::Sliding);
        for (TimePoint width : {TimePoint{86400}, TimePoint{2 * 365 * 86400}}) {
            m.set_window_width(width);
            check("sliding at zoom " + std::to_string(zoom));
        }
    }
    // A filter rebuilds the clusters and their counts.
    m.set_category_enabled(0, false);
    m.map_view.zoom = 12.0;
    m.set_window_mode(WindowMode::Cumulative);
    check("filtered, cumulative");
    m.set_window_mode(WindowMode::Sliding);
    check("filtered, sliding");
    // The same window over other clusters: a changed filter, then a changed zoom.
    m.set_category_enabled(0, true);
    check("unfiltered again, sliding");
    m.map_view.zoom = 13.0;
    check("zoomed in, sliding");
}

TEST(AppModel, SourceView) {
    Dataset d = sample();
    Source src;
    src.id = "src1";
    src.title = "Article";
    d.sources.push_back(src);
    Excerpt x;
    x.id = "x1";
    x.source_id = "src1";
    x.text = "quote";
    d.excerpts.push_back(x);
    d.events[5].excerpt_ids = {"x1"};
    d.events[2].excerpt_ids = {"x1"};
    AppModel m;
    m.set_dataset(std::move(d));
    const auto rows = m.rows_citing_source("src1");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(m.event(rows[0]).id, "s0314");
    EXPECT_EQ(m.event(rows[1]).id, "z2026");
}

TEST(AppModel, EmptyDatasetIsSafe) {
    AppModel m;
    m.set_dataset({});
    EXPECT_EQ(m.visible_count(), 0u);
    EXPECT_FALSE(m.step_next());
    EXPECT_FALSE(m.pick_event(10, 10));
    EXPECT_LT(m.timeline_begin, m.timeline_end);
    m.play();
    m.update(1.0);
}

// [SECTION] Spatial index against brute force

TEST(SpatialIndex, MatchesBruteForce) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> ux(8.5e6, 8.6e6), uy(5.33e6, 5.4e6);
    std::vector<double> xs(5000), ys(5000);
    for (size_t i = 0; i < xs.size(); ++i) {
        xs[i] = ux(rng);
        ys[i] = uy(rng);
    }
    // Some duplicates, as at one address.
    for (size_t i = 0; i < 50; ++i) {
        xs[4000 + i] = xs[10];
        ys[4000 + i] = ys[10];
    }
    SpatialIndex idx;
    idx.build(xs, ys);
    ASSERT_EQ(idx.size(), xs.size());
    std::vector<uint32_t> got;
    for (int q = 0; q < 200; ++q) {
        const double cx = ux(rng), cy = uy(rng);
        const double r = std::uniform_real_distribution<double>(0, 8000)(rng);
        got.clear();
        idx.query_radius(cx, cy, r, got);
        std::vector<uint32_t> want;
        for (uint32_t i = 0; i < xs.size(); ++i)
            if ((xs[i] - cx) * (xs[i] - cx) + (ys[i] - cy) * (ys[i] - cy) <= r * r) want.push_back(i);
        std::sort(got.begin(), got.end());
        ASSERT_EQ(got, want);

        got.clear();
        idx.query_rect(cx - r, cy - r / 2, cx + r, cy + r / 2, got);
        want.clear();
        for (uint32_t i = 0; i < xs.size(); ++i)
            if (xs[i] >= cx - r && xs[i] <= cx + r && ys[i] >= cy - r / 2 && ys[i] <= cy + r / 2) want.push_back(i);
        std::sort(got.begin(), got.end());
        ASSERT_EQ(got, want);

        // Nearest, also from outside the indexed area, and with a predicate.
        const double qx = q % 5 == 0 ? cx + 3e5 : cx;
        double best = 1e300;
        uint32_t best_id = 0;
        double best_odd = 1e300;
        for (uint32_t i = 0; i < xs.size(); ++i) {
            const double d = std::hypot(xs[i] - qx, ys[i] - cy);
            if (d < best) { best = d; best_id = i; }
            if (i % 2 == 1 && d < best_odd) best_odd = d;
        }
        auto n = idx.nearest(qx, cy);
        ASSERT_TRUE(n);
        EXPECT_DOUBLE_EQ(std::hypot(xs[*n] - qx, ys[*n] - cy), best) << best_id;
        auto odd = idx.nearest(qx, cy, 1e300, [](uint32_t id) { return id % 2 == 1; });
        ASSERT_TRUE(odd);
        EXPECT_EQ(*odd % 2, 1u);
        EXPECT_DOUBLE_EQ(std::hypot(xs[*odd] - qx, ys[*odd] - cy), best_odd);
        // Limited distance: nothing when the nearest is farther.
        auto none = idx.nearest(qx, cy, best * 0.5);
        if (best > 0) {
            EXPECT_FALSE(none);
        }
    }
    SpatialIndex empty;
    empty.build({}, {});
    got.clear();
    empty.query_radius(0, 0, 10, got);
    EXPECT_TRUE(got.empty());
    EXPECT_FALSE(empty.nearest(0, 0));
}

}  // namespace
}  // namespace atlas
