// Renders events offscreen (Mesa under Xvfb) and looks at the pixels.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <vector>

#include "core/categories.hpp"
#include "core/error.hpp"
#include "core/shape.hpp"
#include "model/app_model.hpp"
#include "platform/window.hpp"
#include "render/event_layer.hpp"
#include "render/gl.hpp"

namespace atlas {
namespace {

TimePoint at(int y, unsigned m, unsigned d) {
    using namespace std::chrono;
    return static_cast<TimePoint>(sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count()) * 86400;
}

Event ev(std::string id, std::string_view cat, TimePoint b, double lat, double lon,
         LocationPrecision prec = LocationPrecision::Building, double unc = 5) {
    Event e;
    e.id = std::move(id);
    e.title = e.id;
    e.category = std::string(cat);
    e.time.begin = b;
    e.time.end = b + 86400;
    e.location.lat = lat;
    e.location.lon = lon;
    e.location.precision = prec;
    e.location.uncertainty_m = unc;
    return e;
}

// How far apart two pictures of one size are: the largest difference in any
// channel, and how many channel values differ at all.
struct PixelDifference {
    int worst = 0;
    size_t differing = 0;
};
PixelDifference difference(const std::vector<unsigned char>& a, const std::vector<unsigned char>& b) {
    PixelDifference out;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        const int d = std::abs(int{a[i]} - int{b[i]});
        out.worst = std::max(out.worst, d);
        out.differing += d > 0;
    }
    return out;
}

class EventRender : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no display (run under xvfb-run)";
        platform::WindowOptions wo;
        wo.visible = false;
        wo.persist_layout = false;
        wo.width = 320;
        wo.height = 240;
        try {
            window_ = std::make_unique<platform::Window>(wo);
        } catch (const Error& e) {
            GTEST_SKIP() << e.what();
        }
        Dataset d;
        // Building-level events ~300 m apart, each of another category.
        d.events.push_back(ev("demo", category::demolition, at(2000, 1, 1), 43.2500, 76.9000));
        d.events.push_back(ev("prot", category::protest, at(2006, 4, 5), 43.2500, 76.9040));
        d.events.push_back(ev("evic", category::eviction, at(2006, 3, 14), 43.2475, 76.9000));
        d.events.push_back(ev("later", category::arrest, at(2020, 1, 1), 43.2475, 76.9040));
        d.events.push_back(ev("hidden", category::decision, at(1990, 1, 1), 43.2500, 76.9020));
        model_.set_dataset(std::move(d));
        model_.map_view.width_px = 400;
        model_.map_view.height_px = 300;
        model_.map_view.zoom = 16;
        model_.map_view.center = WebMercator::forward({43.24875, 76.9020});
        model_.set_cursor(at(2010, 1, 1));
        model_.set_category_enabled(static_cast<size_t>(model_.category_index(category::decision)), false);
        layer_ = std::make_unique<EventLayer>();
        target_.resize(400, 300, 1);
    }
    void TearDown() override {
        layer_.reset();
        target_ = {};
        window_.reset();
    }

    std::vector<unsigned char> render() {
        target_.bind();
        glClearColor(1, 1, 1, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        layer_->draw(model_, model_.map_view, style_);
        std::vector<unsigned char> px(400 * 300 * 4);
        target_.read_pixels(px.data());
        return px;
    }
    static Rgba8 pixel(const std::vector<unsigned char>& px, double x, double y) {
        EXPECT_TRUE(x >= 0 && x < 400 && y >= 0 && y < 300) << x << "," << y;
        x = std::clamp(x, 0.0, 399.0);
        y = std::clamp(y, 0.0, 299.0);
        const size_t i = (static_cast<size_t>(y) * 400 + static_cast<size_t>(x)) * 4;
        return {px[i], px[i + 1], px[i + 2], px[i + 3]};
    }
    static bool near(Rgba8 a, Rgba8 b, int tol = 10) {
        return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol && std::abs(a.b - b.b) <= tol;
    }
    Rgba8 at_event(const std::vector<unsigned char>& px, std::string_view id) {
        const auto s = model_.marker_screen_position(*model_.row_of(id));
        return pixel(px, s.x, s.y);
    }

    // Draws the view with wide discs as bands and as whole squares, and checks
    // the two agree: the same coverage (interpolation across other triangles
    // may move a channel by one). Gives the rings drawn and how many pixels
    // the discs change against the picture without them.
    struct BandsAndSquares {
        size_t rings = 0, ringed = 0;
    };
    BandsAndSquares compare_bands_with_squares(const char* what) {
        BandsAndSquares out;
        style_.rings_as_bands = true;
        const auto bands = render();
        out.rings = layer_->stats().rings_drawn;
        style_.rings_as_bands = false;
        const auto squares = render();
        style_.rings_as_bands = true;
        EXPECT_EQ(layer_->stats().rings_drawn, 0u) << what;
        EXPECT_EQ(bands.size(), squares.size()) << what;
        const PixelDifference diff = difference(bands, squares);
        EXPECT_LE(diff.worst, 1) << what;
        EXPECT_LT(diff.differing, bands.size() / 1000) << what;
        style_.show_uncertainty = false;
        const auto bare = render();
        style_.show_uncertainty = true;
        for (size_t i = 0; i < bands.size(); i += 4) out.ringed += bands[i] != bare[i] || bands[i + 2] != bare[i + 2];
        return out;
    }

    std::unique_ptr<platform::Window> window_;
    AppModel model_;
    std::unique_ptr<EventLayer> layer_;
    gl::RenderTarget target_;
    EventLayerStyle style_;
};

const Rgba8 kWhite{255, 255, 255, 255};

TEST_F(EventRender, MarkersHaveTheirCategoryColours) {
    style_.fade_seconds = 86400;  // every admitted event has fully faded in
    const auto px = render();
    EXPECT_TRUE(near(at_event(px, "demo"), category_style(category::demolition).color)) << at_event(px, "demo").hex();
    EXPECT_TRUE(near(at_event(px, "prot"), category_style(category::protest).color)) << at_event(px, "prot").hex();
    EXPECT_TRUE(near(at_event(px, "evic"), category_style(category::eviction).color)) << at_event(px, "evic").hex();
    // Not yet happened at the cursor, and filtered out: nothing drawn there.
    EXPECT_TRUE(near(at_event(px, "later"), kWhite, 2)) << at_event(px, "later").hex();
    EXPECT_TRUE(near(at_event(px, "hidden"), kWhite, 2)) << at_event(px, "hidden").hex();
    // Between markers: background.
    EXPECT_TRUE(near(pixel(px, 5, 5), kWhite, 2));
}

TEST_F(EventRender, AreasAreFaintlyFilledAndOutlinedRoutesAreLinesBothFollowTheTimeWindow) {
    style_.fade_seconds = 86400;
    Dataset d;
    // An area over the left half of the view, a route across the bottom right.
    Event area = ev("area", category::eviction, at(2006, 3, 14), 0, 0, LocationPrecision::Neighbourhood, 2000);
    set_shape(area.location, ShapeKind::Area, {{43.2470, 76.8990}, {43.2470, 76.9015}, {43.2505, 76.9015}, {43.2505, 76.8990}});
    Event route = ev("route", category::protest, at(2006, 4, 5), 0, 0, LocationPrecision::Street, 300);
    set_shape(route.location, ShapeKind::Route, {{43.2475, 76.9025}, {43.2475, 76.9050}});
    d.events.push_back(area);
    d.events.push_back(route);
    model_.set_dataset(std::move(d));
    model_.set_cursor(at(2010, 1, 1));
    auto screen = [&](double lat, double lon) { return model_.map_view.to_screen(WebMercator::forward({lat, lon})); };
    auto px = render();
    EXPECT_EQ(layer_->stats().shapes_drawn, 2u);
    const Rgba8 evict = category_style(category::eviction).color, protest = category_style(category::protest).color;
    // Inside the area, off its marker: a tint of its colour, the map still showing through.
    const auto inside = screen(43.2475, 76.8995);
    const Rgba8 fill = pixel(px, inside.x, inside.y);
    EXPECT_FALSE(near(fill, kWhite, 8)) << fill.hex();
    EXPECT_FALSE(near(fill, evict, 40)) << fill.hex();
    EXPECT_LT(std::abs(fill.r - (255 + (evict.r - 255) * 0.15)), 12) << fill.hex();
    // Its west edge is drawn in the category's colour.
    const auto edge = screen(43.2490, 76.8990);
    EXPECT_TRUE(near(pixel(px, std::round(edge.x), edge.y), evict, 40)) << pixel(px, std::round(edge.x), edge.y).hex();
    // No uncertainty disc around an area's marker: outside the area, white.
    const auto beside = screen(43.2490, 76.9020);
    EXPECT_TRUE(near(pixel(px, beside.x, beside.y), kWhite, 2)) << pixel(px, beside.x, beside.y).hex();
    // The route: its colour along the line, white a few pixels off it.
    const auto on = screen(43.2475, 76.9045);
    EXPECT_TRUE(near(pixel(px, on.x, std::round(on.y)), protest, 30)) << pixel(px, on.x, std::round(on.y)).hex();
    EXPECT_TRUE(near(pixel(px, on.x, on.y + 12), kWhite, 2));
    // Before the route happened it is not drawn; the area is.
    model_.set_cursor(at(2006, 3, 20));
    px = render();
    EXPECT_EQ(layer_->stats().shapes_drawn, 1u);
    EXPECT_TRUE(near(pixel(px, on.x, std::round(on.y)), kWhite, 2));
    EXPECT_FALSE(near(pixel(px, inside.x, inside.y), kWhite, 8));
    // Filtered out: gone too.
    model_.set_category_enabled(static_cast<size_t>(model_.category_index(category::eviction)), false);
    px = render();
    EXPECT_EQ(layer_->stats().shapes_drawn, 0u);
    EXPECT_TRUE(near(pixel(px, inside.x, inside.y), kWhite, 2));
}

TEST_F(EventRender, EventsOnOneGroundFillItOnceAndTheSelectedOneStandsOut) {
    style_.fade_seconds = 86400;
    Dataset d;
    // Five events an article places only in one settlement: one ground.
    const std::vector<LatLon> ground = {{43.2470, 76.8990}, {43.2470, 76.9015}, {43.2505, 76.9015}, {43.2505, 76.8990}};
    for (int i = 0; i < 5; ++i) {
        Event e = ev("e" + std::to_string(i), category::eviction, at(2006, 3, 14 + i), 0, 0,
                     LocationPrecision::Neighbourhood, 2000);
        set_shape(e.location, ShapeKind::Area, ground);
        d.events.push_back(e);
    }
    model_.set_dataset(std::move(d));
    model_.set_cursor(at(2010, 1, 1));
    // The ground fills most of the view, its corner well clear of the markers at its middle.
    model_.map_view.set_camera({43.24875, 76.90025, 16});
    auto screen = [&](double lat, double lon) { return model_.map_view.to_screen(WebMercator::forward({lat, lon})); };
    const auto inside = screen(43.2472, 76.8993);
    auto px = render();
    EXPECT_EQ(layer_->stats().shapes_drawn, 5u);
    const Rgba8 evict = category_style(category::eviction).color;
    // As faint as one event's fill, not five stacked.
    const Rgba8 fill = pixel(px, inside.x, inside.y);
    EXPECT_LT(std::abs(fill.r - (255 + (evict.r - 255) * 0.15)), 12) << fill.hex();
    EXPECT_LT(std::abs(fill.g - (255 + (evict.g - 255) * 0.15)), 12) << fill.hex();
    // Selecting one draws its ground again, stronger.
    model_.select(*model_.row_of("e2"));
    px = render();
    const Rgba8 chosen = pixel(px, inside.x, inside.y);
    EXPECT_GT(std::abs(chosen.g - fill.g) + std::abs(chosen.b - fill.b), 20) << fill.hex() << " " << chosen.hex();
    EXPECT_LT(std::abs(chosen.b - (255 + (evict.b - 255) * (1 - 0.85 * 0.70))), 12) << chosen.hex();
    // Selecting all five (a slide highlighting them) shows the ground as
    // selecting one does, not five fills stacked into an opaque blot.
    std::vector<uint32_t> rows;
    for (int i = 0; i < 5; ++i) rows.push_back(*model_.row_of("e" + std::to_string(i)));
    model_.select_rows(rows);
    ASSERT_EQ(model_.selection().size(), 5u);
    px = render();
    EXPECT_EQ(layer_->stats().shapes_drawn, 5u);
    const Rgba8 all = pixel(px, inside.x, inside.y);
    EXPECT_LT(std::abs(all.g - (255 + (evict.g - 255) * 0.30)), 12) << all.hex();
    EXPECT_LT(std::abs(all.b - (255 + (evict.b - 255) * 0.30)), 12) << all.hex();
}

TEST_F(EventRender, ScrubbingChangesUniformsNotBuffers) {
    style_.fade_seconds = 86400;
    (void)render();
    const auto before = layer_->stats();
    model_.set_cursor(at(2021, 1, 1));
    auto px = render();
    EXPECT_TRUE(near(at_event(px, "later"), category_style(category::arrest).color)) << at_event(px, "later").hex();
    model_.set_cursor(at(2001, 1, 1));
    px = render();
    EXPECT_TRUE(near(at_event(px, "later"), kWhite, 2));
    EXPECT_TRUE(near(at_event(px, "prot"), kWhite, 2));
    EXPECT_TRUE(near(at_event(px, "demo"), category_style(category::demolition).color));
    EXPECT_EQ(layer_->stats().static_uploads, before.static_uploads);
    EXPECT_EQ(layer_->stats().candidate_uploads, before.candidate_uploads);
    // A filter change re-sends the flag bytes, not the geometry.
    model_.set_all_categories(true);
    model_.set_cursor(at(2030, 1, 1));
    px = render();
    EXPECT_EQ(layer_->stats().candidate_uploads, before.candidate_uploads + 1);
    EXPECT_EQ(layer_->stats().static_uploads, before.static_uploads);
    EXPECT_TRUE(near(at_event(px, "hidden"), category_style(category::decision).color)) << at_event(px, "hidden").hex();
}

TEST_F(EventRender, NewEventsFadeIn) {
    style_.fade_seconds = 10 * 86400.0;
    model_.set_cursor(at(2006, 4, 5) + 3600);  // an hour after the protest began
    const auto px = render();
    const Rgba8 c = at_event(px, "prot");
    const Rgba8 full = category_style(category::protest).color;
    EXPECT_FALSE(near(c, full)) << c.hex();
    EXPECT_FALSE(near(c, kWhite, 2)) << c.hex();
}

TEST_F(EventRender, SelectionHasAHalo) {
    style_.fade_seconds = 86400;
    const uint32_t row = *model_.row_of("prot");
    const auto s = model_.marker_screen_position(row);
    auto px = render();
    const Rgba8 ring_before = pixel(px, s.x + 17.5, s.y);
    model_.select(row);
    px = render();
    const Rgba8 ring_after = pixel(px, s.x + 17.5, s.y);
    EXPECT_TRUE(near(ring_before, kWhite, 2)) << ring_before.hex();
    EXPECT_LT(ring_after.r + ring_after.g + ring_after.b, 200) << ring_after.hex();  // dark outer ring
    EXPECT_TRUE(near(pixel(px, s.x, s.y), category_style(category::protest).color));
}

TEST_F(EventRender, HoveringAnEventGrowsItsOwnMarkerAndNoOther) {
    // The markers go to the GPU as one batch of quads; the hovered one is
    // found by its place in the batch. Hover each admitted event in turn:
    // the picture changes around that event and nowhere else.
    style_.fade_seconds = 86400;
    const auto plain = render();
    for (const char* id : {"demo", "evic", "prot"}) {
        const uint32_t row = *model_.row_of(id);
        const auto s = model_.marker_screen_position(row);
        model_.set_hover(row);
        const auto px = render();
        size_t near_it = 0, elsewhere = 0;
        for (size_t i = 0; i < px.size(); i += 4) {
            if (px[i] == plain[i] && px[i + 1] == plain[i + 1] && px[i + 2] == plain[i + 2]) continue;
            const double x = static_cast<double>((i / 4) % 400) + 0.5, y = static_cast<double>((i / 4) / 400) + 0.5;
            (std::hypot(x - s.x, y - s.y) < 30 ? near_it : elsewhere) += 1;
        }
        EXPECT_GT(near_it, 20u) << id;
        EXPECT_EQ(elsewhere, 0u) << id;
    }
    model_.set_hover(std::nullopt);
    EXPECT_EQ(difference(render(), plain).differing, 0u);
}

TEST_F(EventRender, NeighbourhoodEventsAreHollowWithADisc) {
    Dataset d;
    d.events.push_back(ev("area", category::protest, at(2006, 3, 14), 43.25, 76.902,
                          LocationPrecision::Neighbourhood, 150));
    model_.set_dataset(std::move(d));
    model_.map_view.zoom = 16;
    model_.map_view.center = WebMercator::forward({43.2500, 76.9020});
    style_.fade_seconds = 86400;
    const auto px = render();
    const auto s = model_.marker_screen_position(0);
    // Hollow centre (pale), coloured rim, and a faint disc well outside the marker.
    const Rgba8 centre = pixel(px, s.x, s.y);
    EXPECT_GT(centre.r + centre.g + centre.b, 600) << centre.hex();
    const Rgba8 rim = pixel(px, s.x + 7, s.y);
    EXPECT_TRUE(near(rim, category_style(category::protest).color, 40)) << rim.hex();
    const double disc_px = 150 / WebMercator::ground_scale(43.25) / model_.map_view.metres_per_pixel();
    const Rgba8 inside_disc = pixel(px, s.x + disc_px * 0.6, s.y);
    EXPECT_FALSE(near(inside_disc, kWhite, 2)) << inside_disc.hex();
    EXPECT_TRUE(near(inside_disc, kWhite, 60)) << inside_disc.hex();  // faint
    EXPECT_TRUE(near(pixel(px, s.x + disc_px * 1.2, s.y), kWhite, 2));
}

TEST_F(EventRender, EventsAtOneHouseShareOneDiscInsteadOfStackingIt) {
    // One event at a house, then two, then eight at the same house: the disc reads the same.
    auto disc_pixel = [&](int n) {
        Dataset d;
        for (int i = 0; i < n; ++i)
            d.events.push_back(ev("h" + std::to_string(i), category::demolition, at(2006, 3, 14 + i), 43.25, 76.902,
                                  LocationPrecision::Building, 80));
        model_.set_dataset(std::move(d));
        model_.map_view.zoom = 16;
        model_.map_view.center = WebMercator::forward({43.2500, 76.9020});
        model_.set_cursor(at(2010, 1, 1));
        style_.fade_seconds = 86400;
        style_.show_clusters = false;
        const auto px = render();
        const MercatorXY c = WebMercator::forward({43.25, 76.902});
        const auto s = model_.map_view.to_screen(c);
        const double disc_px = 80 / WebMercator::ground_scale(43.25) / model_.map_view.metres_per_pixel();
        // Inside the rim, around the disc (a fanned-out marker may cover a few).
        std::vector<Rgba8> around;
        for (int k = 0; k < 16; ++k) {
            const double a = k * 2 * M_PI / 16;
            around.push_back(pixel(px, s.x + std::cos(a) * disc_px * 0.85, s.y + std::sin(a) * disc_px * 0.85));
        }
        return around;
    };
    const std::vector<Rgba8> one = disc_pixel(1);
    for (size_t k = 0; k < one.size(); ++k) EXPECT_FALSE(near(one[k], kWhite, 2)) << k << " " << one[k].hex();
    for (int n : {2, 8}) {
        const std::vector<Rgba8> many = disc_pixel(n);
        int same = 0;
        for (size_t k = 0; k < one.size(); ++k) same += near(many[k], one[k], 4) ? 1 : 0;
        EXPECT_GE(same, 12) << "the " << n << " discs stack: " << one[0].hex() << " alone, " << many[0].hex();
    }
}

TEST_F(EventRender, WideDiscsAreOutlinesThatDoNotStackAndTheSelectedOneIsFilled) {
    // Thirty events placed to a neighbourhood (3 km) at street zoom: the map
    // inside their discs stays the map; selecting one fills its disc alone.
    Dataset d;
    for (int i = 0; i < 30; ++i)
        d.events.push_back(ev("n" + std::to_string(i), category::protest, at(2006, 3, 14), 43.25, 76.902,
                              LocationPrecision::Neighbourhood, 3000));
    model_.set_dataset(std::move(d));
    model_.map_view.zoom = 14;
    model_.map_view.center = WebMercator::forward({43.2500, 76.9020});
    style_.fade_seconds = 86400;
    style_.show_clusters = false;
    auto px = render();
    const auto s = model_.marker_screen_position(0);
    const double disc_px = 3000 / WebMercator::ground_scale(43.25) / model_.map_view.metres_per_pixel();
    ASSERT_GT(disc_px, 200.0);
    const Rgba8 inside = pixel(px, s.x + 60, s.y + 60);
    EXPECT_TRUE(near(inside, kWhite, 2)) << inside.hex();
    model_.select(0);
    px = render();
    const Rgba8 selected_inside = pixel(px, s.x + 60, s.y + 60);
    EXPECT_FALSE(near(selected_inside, kWhite, 8)) << selected_inside.hex();
    EXPECT_TRUE(near(selected_inside, kWhite, 80)) << selected_inside.hex();  // tinted, not covered
}

TEST_F(EventRender, ClustersDrawCountsOfAdmittedEvents) {
    model_.map_view.zoom = 12;  // all five within one cluster cell
    model_.set_all_categories(true);
    const auto px = render();
    EXPECT_GE(layer_->stats().clusters_drawn, 1u);
    // The badge is dark in the light theme.
    const auto& cs = model_.clusters();
    ASSERT_FALSE(cs.clusters.empty());
    const auto c = model_.map_view.to_screen(MercatorXY{cs.clusters[0].x, cs.clusters[0].y});
    const Rgba8 badge = pixel(px, c.x - 8, c.y);
    EXPECT_LT(badge.r + badge.g + badge.b, 250) << badge.hex();
    model_.set_cursor(at(1980, 1, 1));
    (void)render();
    EXPECT_EQ(layer_->stats().clusters_drawn, 0u);
}

}  // namespace
}  // namespace atlas

namespace atlas {
namespace {

TEST_F(EventRender, LargeDatasetsDrawOnlyWhatIsNearTheView) {
    Dataset d;
    // 60,000 events spread over Kazakhstan's south, and three known ones in view.
    for (int i = 0; i < 60000; ++i)
        d.events.push_back(ev("far" + std::to_string(i), category::decision, at(1950, 1, 1) + i * 600,
                              40.0 + (i % 300) * 0.02, 70.0 + (i / 300) * 0.03));
    d.events.push_back(ev("demo", category::demolition, at(2000, 1, 1), 43.2500, 76.9000));
    d.events.push_back(ev("prot", category::protest, at(2006, 4, 5), 43.2500, 76.9040));
    d.events.push_back(ev("later", category::arrest, at(2020, 1, 1), 43.2475, 76.9040));
    model_.set_dataset(std::move(d));
    model_.map_view.zoom = 16;
    model_.map_view.center = WebMercator::forward({43.24875, 76.9020});
    model_.set_cursor(at(2010, 1, 1));
    style_.fade_seconds = 86400;
    auto px = render();
    EXPECT_TRUE(near(at_event(px, "demo"), category_style(category::demolition).color)) << at_event(px, "demo").hex();
    EXPECT_TRUE(near(at_event(px, "prot"), category_style(category::protest).color));
    EXPECT_TRUE(near(at_event(px, "later"), kWhite, 2));
    EXPECT_LT(layer_->stats().instances_drawn, 100u);
    // The view holds still: the candidates are prepared once more, for the
    // view alone; then scrubbing rebuilds nothing and the later event appears.
    const auto loose = layer_->stats().candidate_uploads;
    EXPECT_EQ(render(), px);
    const auto uploads = layer_->stats().candidate_uploads;
    EXPECT_EQ(uploads, loose + 1);
    model_.set_cursor(at(2021, 1, 1));
    px = render();
    EXPECT_TRUE(near(at_event(px, "later"), category_style(category::arrest).color));
    EXPECT_EQ(layer_->stats().candidate_uploads, uploads);
    // Panning a few screens away rebuilds, and what is there shows.
    const uint32_t far = *model_.row_of("far12345");
    model_.map_view.center = {model_.events().x[far], model_.events().y[far]};
    px = render();
    EXPECT_GT(layer_->stats().candidate_uploads, uploads);
    EXPECT_TRUE(near(pixel(px, 200, 150), category_style(category::decision).color)) << pixel(px, 200, 150).hex();
}

// A dense big dataset: once the view holds still, only what can show is
// drawn (no room left to pan), and the picture is the same.
TEST_F(EventRender, AStillViewDrawsOnlyWhatCanShowAndTheSamePixels) {
    Dataset d;
    // 60,000 events on a grid about 5 m apart around the view's centre.
    for (int i = 0; i < 60000; ++i)
        d.events.push_back(ev("e" + std::to_string(i), i % 2 ? category::protest : category::arrest,
                              at(1950, 1, 1) + i * 600, 43.2400 + (i % 240) * 0.00005,
                              76.9000 + (i / 240) * 0.00007));
    model_.set_dataset(std::move(d));
    model_.map_view.zoom = 18;
    model_.map_view.center = WebMercator::forward({43.2460, 76.9087});
    model_.set_cursor(at(2030, 1, 1));
    style_.fade_seconds = 86400;
    const auto first = render();
    const size_t loose = layer_->stats().instances_drawn;
    const auto uploads = layer_->stats().candidate_uploads;
    const auto second = render();
    EXPECT_EQ(layer_->stats().candidate_uploads, uploads + 1);
    EXPECT_LT(layer_->stats().instances_drawn * 2, loose) << "the still view still drew the room to pan";
    EXPECT_EQ(second, first);
    // Scrubbing back draws the same as a fresh layer would.
    model_.set_cursor(at(1950, 1, 1) + 30000 * 600);
    const auto scrubbed = render();
    EXPECT_EQ(layer_->stats().candidate_uploads, uploads + 1);
    layer_ = std::make_unique<EventLayer>();
    EXPECT_EQ(render(), scrubbed);
}

// A big dataset at street zoom: the events just past the view are only
// searched for as far as the widest disc reaches; of them, only those whose
// own marker or disc reaches the view are drawn. The picture is the one the
// near events alone give.
TEST_F(EventRender, ABigDatasetDrawsOnlyTheEventsWhoseMarkerOrDiscReachesTheView) {
    model_.map_view.zoom = 17;
    model_.map_view.center = WebMercator::forward({43.2460, 76.9087});
    const MapView view = model_.map_view;
    const MercatorXY c = view.center;
    const double mpp = model_.map_view.metres_per_pixel();
    const double half_w = 200 * mpp, half_h = 150 * mpp;
    auto place = [&](double dx, double dy) { return WebMercator::inverse({c.x + dx, c.y + dy}); };
    std::vector<Event> near;
    // Building-level events in and just around the view.
    for (int i = 0; i < 40; ++i) {
        const LatLon p = place((i % 8 - 3.5) * 0.3 * half_w, (i / 8 - 2.0) * 0.45 * half_h);
        near.push_back(ev("near" + std::to_string(i), i % 2 ? category::protest : category::eviction,
                          at(1990 + i / 2, 1 + static_cast<unsigned>(i % 12), 1), p.lat, p.lon));
    }
    // Neighbourhood-level events east of the view: this one's ring (400 m on
    // the ground) crosses the view.
    const double wide = 400.0 / WebMercator::ground_scale(43.246);
    const LatLon in_reach = place(half_w + 0.75 * wide, 0);
    near.push_back(ev("ring", category::demolition, at(1995, 6, 1), in_reach.lat, in_reach.lon,
                      LocationPrecision::Neighbourhood, 400));
    Dataset big;
    big.events = near;
    // ... this one's stops short of it.
    const LatLon short_of = place(0, -(half_h + 1.2 * wide));
    big.events.push_back(ev("short", category::demolition, at(1996, 6, 1), short_of.lat, short_of.lon,
                            LocationPrecision::Neighbourhood, 400));
    // 60,000 events placed to a building in a ring from 1.4 to 2.2 view
    // widths out: inside the search for the wide discs, outside the view.
    for (int i = 0; i < 60000; ++i) {
        const double a = 6.2831853 * (i % 997) / 997.0, d = (1.4 + 0.8 * (i % 61) / 61.0) * 2 * half_w;
        const LatLon p = place(d * std::cos(a), d * std::sin(a));
        big.events.push_back(ev("far" + std::to_string(i), category::arrest, at(1960, 1, 1) + i * 1200, p.lat, p.lon));
    }
    ASSERT_GT(big.events.size(), EventLayer::kAllCandidatesBelow);
    model_.set_dataset(std::move(big));
    model_.map_view = view;
    model_.set_cursor(at(2026, 1, 1));
    style_.fade_seconds = 86400;
    (void)render();
    const auto px = render();  // the view held still: prepared for it alone
    EXPECT_LE(layer_->stats().instances_drawn, near.size()) << "drew events that cannot reach the view";
    EXPECT_GE(layer_->stats().rings_drawn, 1u);

    Dataset few;
    few.events = near;
    model_.set_dataset(std::move(few));
    model_.map_view = view;
    model_.set_cursor(at(2026, 1, 1));
    layer_ = std::make_unique<EventLayer>();
    const auto reference = render();
    EXPECT_EQ(layer_->stats().rings_drawn, 1u);
    // The layer's origin and time epoch are the data's middle, which moves
    // with the far events: positions may differ in the last bit of a float.
    ASSERT_EQ(px.size(), reference.size());
    const PixelDifference diff = difference(px, reference);
    EXPECT_LE(diff.worst, 1);
    EXPECT_LT(diff.differing, px.size() / 1000);
}

// A small dataset keeps every event ready, but the ring pass draws only the
// wide discs whose ring crosses the view or comes near it: not one far off,
// nor a district's ring around the whole view. Panning brings the others in,
// and every picture is the one whole squares give.
TEST_F(EventRender, OnlyTheRingsNearTheViewAreDrawnAndPanningBringsTheOthersIn) {
    model_.map_view.zoom = 17;
    const MercatorXY c = WebMercator::forward({43.2460, 76.9087});
    model_.map_view.center = c;
    const double mpp = model_.map_view.metres_per_pixel();
    auto place = [&](double dx_px, double dy_px) { return WebMercator::inverse({c.x + dx_px * mpp, c.y + dy_px * mpp}); };
    // Ground metres to screen pixels at this latitude.
    const double px_per_m = 1.0 / (WebMercator::ground_scale(43.246) * mpp);
    Dataset d;
    // Building-level events in the view, so the picture is not only rings.
    for (int i = 0; i < 12; ++i) {
        const LatLon p = place((i % 4 - 1.5) * 80, (i / 4 - 1.0) * 80);
        d.events.push_back(ev("b" + std::to_string(i), i % 2 ? category::protest : category::eviction,
                              at(2000 + i, 3, 1), p.lat, p.lon));
    }
    // A neighbourhood's ring (400 m) that crosses the view's east edge ...
    const double r400 = 400 * px_per_m;
    const LatLon crossing = place(200 + 0.75 * r400, 0);
    d.events.push_back(ev("crossing", category::demolition, at(2001, 6, 1), crossing.lat, crossing.lon,
                          LocationPrecision::Neighbourhood, 400));
    // ... one ten view widths west ...
    const LatLon far = place(-4000, 0);
    d.events.push_back(ev("far", category::demolition, at(2002, 6, 1), far.lat, far.lon,
                          LocationPrecision::Neighbourhood, 400));
    // ... and a district's (1.2 km) centred on the view, its ring well outside
    // it: past the view and half a screen more each way (500 px to a corner).
    const double r1200 = 1200 * px_per_m;
    ASSERT_GT(r1200, 600);
    const LatLon mid = WebMercator::inverse(c);
    d.events.push_back(ev("around", category::eviction, at(2003, 6, 1), mid.lat, mid.lon,
                          LocationPrecision::District, 1200));
    ASSERT_LT(d.events.size(), EventLayer::kAllCandidatesBelow);
    model_.set_dataset(std::move(d));
    model_.map_view.zoom = 17;
    model_.map_view.center = c;
    model_.set_cursor(at(2026, 1, 1));
    style_.fade_seconds = 86400;
    style_.show_clusters = false;
    // Bands against squares; a ring is in the picture wherever one was drawn.
    auto compare = [&](const char* what) {
        const BandsAndSquares got = compare_bands_with_squares(what);
        EXPECT_EQ(got.rings > 0, got.ringed > 200) << what << ": " << got.ringed << " pixels ringed";
        return got.rings;
    };
    EXPECT_EQ(compare("at the start"), 1u) << "only the crossing ring reaches the view";
    // West until the far ring crosses the view.
    model_.map_view.center = {c.x - (4000 - 200 - 0.75 * r400) * mpp, c.y};
    EXPECT_EQ(compare("panned west"), 1u) << "the far ring, not the one now far behind";
    // East until the district's ring crosses the view (the first ring now
    // stops short of it, and of half a screen more).
    model_.map_view.center = {c.x + (r1200 + 100) * mpp, c.y};
    EXPECT_EQ(compare("panned east"), 1u) << "the district's ring";
    // Back to the start: the crossing ring again.
    model_.map_view.center = c;
    EXPECT_EQ(compare("back"), 1u);
    // Zoomed out a level (the last without clusters), the district's ring
    // still lies around the view and half a screen more; the first one
    // still crosses it.
    model_.map_view.zoom = 16;
    EXPECT_EQ(compare("zoom 16"), 1u);
}

TEST_F(EventRender, WideDiscsDrawnAsBandsGiveTheSamePixelsAsSquares) {
    // At street zoom, events placed to a building (25 m) around a square and
    // events placed to the neighbourhood (400 m) at its middle, over fifteen
    // years: the wide discs are rings only, drawn as bands around the ring
    // after the other discs. Where no ring crosses a later event's disc, the
    // picture is the one squares give.
    Dataset d;
    for (int i = 0; i < 60; ++i) {
        const bool wide = i % 3 == 0;
        const double lat = wide ? 43.2487 + (i % 5) * 0.00003 : 43.2482 + (i % 7) * 0.00015;
        const double lon = wide ? 76.9005 + (i % 4) * 0.00004 : 76.8998 + (i % 11) * 0.00014;
        d.events.push_back(ev("e" + std::to_string(i), i % 2 ? category::protest : category::eviction,
                              at(2000 + i / 4, 1 + static_cast<unsigned>(i % 12), 1), lat, lon,
                              wide ? LocationPrecision::Neighbourhood : LocationPrecision::Building, wide ? 400 : 25));
    }
    model_.set_dataset(std::move(d));
    model_.map_view.zoom = 16;
    model_.map_view.center = WebMercator::forward({43.2487, 76.9005});
    model_.set_cursor(at(2008, 6, 1));
    model_.set_hover(3u);
    style_.fade_seconds = 86400 * 400.0;
    style_.show_clusters = false;
    auto compare = [&](const char* what) {
        const BandsAndSquares got = compare_bands_with_squares(what);
        // The rings are in the picture: it differs from one without discs along them.
        EXPECT_GT(got.ringed, 2000u) << what;
        return got.rings;
    };
    const size_t rings_2008 = compare("mid-2008");
    EXPECT_GT(rings_2008, 0u);
    // Scrubbing on: more events admitted, more rings, still the same picture.
    model_.set_cursor(at(2016, 1, 1));
    const size_t rings_2016 = compare("2016");
    EXPECT_GT(rings_2016, rings_2008);
    // Selected, a wide disc is filled: it goes back among the squares.
    model_.select(0);
    EXPECT_EQ(compare("the first selected"), rings_2016 - 1);
    // Zoomed out, the same discs are small and filled: no rings.
    model_.map_view.zoom = 13;
    compare("zoom 13");
    style_.rings_as_bands = true;
    render();
    EXPECT_EQ(layer_->stats().rings_drawn, 0u);
}

}  // namespace
}  // namespace atlas
