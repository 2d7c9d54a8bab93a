// The explorer's flight to a place: it moves (not a jump), follows the
// zoom-and-pan path (zooming out on a long way), lands exactly on the target,
// and the user's own move stops it.
#include <gtest/gtest.h>

#include <cmath>

#include "model/app_model.hpp"
#include "model/camera_flight.hpp"

namespace atlas {
namespace {

MapView view_at(double lat, double lon, double zoom) {
    MapView v;
    v.width_px = 1200;
    v.height_px = 800;
    v.center = WebMercator::forward({lat, lon});
    v.zoom = zoom;
    return v;
}

TEST(CameraFlight, MovesAlongThePathAndLandsOnTheTarget) {
    MapView v = view_at(43.2606, 76.9547, 16);       // Gogol & Dostyk
    const MapView to = view_at(43.2860, 76.8564, 16);  // Shanyrak, about 9 km west
    CameraFlight f;
    f.start(v, to);
    ASSERT_TRUE(f.running());
    EXPECT_GE(f.duration(), CameraFlight::kMinSeconds);
    EXPECT_LE(f.duration(), CameraFlight::kMaxSeconds);
    double lowest_zoom = v.zoom;
    int frames = 0;
    double last_x = v.center.x;
    while (f.step(1.0 / 60, v)) {
        ++frames;
        lowest_zoom = std::min(lowest_zoom, v.zoom);
        EXPECT_LE(v.center.x, last_x + 1e-6) << "westward all the way";
        last_x = v.center.x;
    }
    EXPECT_GT(frames, 10) << "a flight, not a jump";
    EXPECT_LT(lowest_zoom, 15.0) << "a long way zooms out on the way";
    EXPECT_EQ(v.center.x, to.center.x);
    EXPECT_EQ(v.center.y, to.center.y);
    EXPECT_EQ(v.zoom, to.zoom);
}

TEST(CameraFlight, ALongIdleStepStillShowsTheStart) {
    MapView v = view_at(43.25, 76.92, 12);
    const MapView to = view_at(43.26, 76.95, 16);
    CameraFlight f;
    f.start(v, to);
    EXPECT_TRUE(f.step(5.0, v)) << "the first frame after an idle wait moves a frame's worth";
    const MercatorXY at = v.center;
    EXPECT_TRUE(f.step(std::nan(""), v)) << "a NaN step is ignored";
    EXPECT_EQ(v.center.x, at.x);
}

TEST(CameraFlight, NothingToFlyLandsAtOnce) {
    MapView v = view_at(43.25, 76.92, 12);
    CameraFlight f;
    f.start(v, v);
    EXPECT_FALSE(f.running());
    MapView bad = v;
    bad.zoom = std::nan("");
    f.start(v, bad);
    EXPECT_FALSE(f.running());
}

TEST(CameraFlight, TheModelFliesToABoxAndTheUserCanStopIt) {
    AppModel m;
    m.map_view = view_at(43.25, 76.92, 12);
    BoundsLL box;
    box.extend(76.954, 43.260);
    box.extend(76.956, 43.262);
    m.fly_map_to(box);
    ASSERT_TRUE(m.flying());
    const MercatorXY start = m.map_view.center;
    EXPECT_TRUE(m.advance_flight(0.02));
    EXPECT_NE(m.map_view.center.x, start.x);
    m.stop_flight();
    EXPECT_FALSE(m.flying());
    const MercatorXY stopped = m.map_view.center;
    EXPECT_FALSE(m.advance_flight(0.5));
    EXPECT_EQ(m.map_view.center.x, stopped.x) << "stopped where the user took over";
    m.fly_map_to(box);
    while (m.advance_flight(0.05)) {
    }
    MapView framed = m.map_view;
    framed.fit(box, 24 * framed.pixel_ratio);
    EXPECT_DOUBLE_EQ(m.map_view.zoom, framed.zoom);
    EXPECT_DOUBLE_EQ(m.map_view.center.x, framed.center.x);
}

// Two views are equal when a frame drawn for one is the frame for the other:
// the same centre, zoom, viewport and pixel ratio. The basemap copy, the
// snapshot's reuse and the presentation's repeated frames all ask this.
TEST(MapView, EqualWhenCameraViewportAndPixelRatioAgree) {
    const MapView a = view_at(43.25, 76.92, 14);
    MapView b = a;
    EXPECT_EQ(a, b);
    b.pan_pixels(1, 0);
    EXPECT_NE(a, b);
    b = a;
    b.zoom += 1e-9;
    EXPECT_NE(a, b);
    b = a;
    b.width_px += 1;
    EXPECT_NE(a, b);
    b = a;
    b.height_px -= 1;
    EXPECT_NE(a, b);
    b = a;
    b.pixel_ratio = 2;
    EXPECT_NE(a, b);
}

}  // namespace
}  // namespace atlas
