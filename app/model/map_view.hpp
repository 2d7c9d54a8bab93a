#pragma once
// The camera over the map: a centre, a web-map zoom level and a viewport in
// pixels. Screen <-> geography conversions live here, in double precision, so
// the renderer, picking, snapshots and presentation agree to the pixel.
#include <algorithm>
#include <cmath>

#include "core/event.hpp"
#include "core/geo.hpp"

namespace atlas {

struct MapView {
    MercatorXY center = WebMercator::forward({43.25, 76.92});
    double zoom = 12.0;          // 256-pixel tiles at this level
    double width_px = 1280, height_px = 800;
    double pixel_ratio = 1.0;    // device pixels per logical pixel (HiDPI, print DPI)

    static constexpr double kMinZoom = 3.0, kMaxZoom = 20.0;

    // The same camera over the same viewport: what a drawn frame depends on.
    friend bool operator==(const MapView&, const MapView&) = default;

    [[nodiscard]] double metres_per_pixel() const noexcept {
        return mercator_metres_per_pixel(zoom) / pixel_ratio;
    }
    // Screen pixels: origin top-left, y down.
    [[nodiscard]] MercatorXY to_mercator(double sx, double sy) const noexcept {
        const double mpp = metres_per_pixel();
        return {center.x + (sx - width_px / 2) * mpp, center.y - (sy - height_px / 2) * mpp};
    }
    struct Screen { double x, y; };
    [[nodiscard]] Screen to_screen(MercatorXY m) const noexcept {
        const double mpp = metres_per_pixel();
        return {(m.x - center.x) / mpp + width_px / 2, height_px / 2 - (m.y - center.y) / mpp};
    }
    [[nodiscard]] Screen to_screen(LatLon p) const noexcept { return to_screen(WebMercator::forward(p)); }

    void pan_pixels(double dx, double dy) noexcept {
        const double mpp = metres_per_pixel();
        center.x -= dx * mpp;
        center.y += dy * mpp;
    }
    // Zooms by `delta` levels keeping the geography under (sx, sy) fixed.
    void zoom_about(double delta, double sx, double sy) noexcept {
        const MercatorXY before = to_mercator(sx, sy);
        zoom = std::clamp(zoom + delta, kMinZoom, kMaxZoom);
        const MercatorXY after = to_mercator(sx, sy);
        center.x += before.x - after.x;
        center.y += before.y - after.y;
    }
    // Frames a lon/lat box with a margin in pixels.
    void fit(const BoundsLL& b, double margin_px = 24) noexcept {
        if (!b.valid()) return;
        const MercatorXY lo = WebMercator::forward({b.min_lat, b.min_lon});
        const MercatorXY hi = WebMercator::forward({b.max_lat, b.max_lon});
        center = {(lo.x + hi.x) / 2, (lo.y + hi.y) / 2};
        const double w = std::max(1.0, hi.x - lo.x), h = std::max(1.0, hi.y - lo.y);
        const double avail_w = std::max(1.0, width_px - 2 * margin_px), avail_h = std::max(1.0, height_px - 2 * margin_px);
        const double mpp = std::max(w / avail_w, h / avail_h) * pixel_ratio;
        zoom = std::clamp(std::log2(kWorldSize / (256.0 * mpp)), kMinZoom, kMaxZoom);
    }
    [[nodiscard]] CameraView camera() const noexcept {
        const LatLon c = WebMercator::inverse(center);
        return {c.lat, c.lon, zoom};
    }
    void set_camera(const CameraView& v) noexcept {
        center = WebMercator::forward({v.center_lat, v.center_lon});
        zoom = std::clamp(v.zoom, kMinZoom, kMaxZoom);
    }
};

}  // namespace atlas
