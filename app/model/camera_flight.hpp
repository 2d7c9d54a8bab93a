#pragma once
// Moving the map's camera smoothly from one view to another: the zoom-and-pan
// path of least perceived motion (van Wijk & Nuij), shared by the story
// player's transitions and the explorer's "fly to" (a place found, an event).
#include "core/geo.hpp"
#include "model/map_view.hpp"

namespace atlas {

// The path between two views in Mercator metres: centre and visible width as
// functions of the path parameter s in [0, length].
struct ZoomPath {
    static constexpr double kRho = 1.41421356237;  // how eagerly to zoom out on the way

    MercatorXY c0, c1;
    double w0 = 1, w1 = 1;   // view widths in Mercator metres
    double u1 = 0;           // distance between the centres
    double r0 = 0;
    double length = 0;       // S: the path's length in van Wijk & Nuij's metric
    bool pure_zoom = true;   // the centres coincide
    void plan(MercatorXY from, double from_width, MercatorXY to, double to_width) noexcept;
    [[nodiscard]] MercatorXY center(double s) const noexcept;
    [[nodiscard]] double width(double s) const noexcept;
};

// A flight of the explorer's map view to a target view, eased, lasting
// 0.4 to 1.5 seconds by the length of the path. The view's size and pixel
// ratio are the map's own; only its centre and zoom move.
class CameraFlight {
public:
    static constexpr double kMinSeconds = 0.4, kMaxSeconds = 1.5;

    // Starts from `from` to `to`; a target already on screen (or not finite) lands at once.
    void start(const MapView& from, const MapView& to) noexcept;
    void stop() noexcept { running_ = false; }
    [[nodiscard]] bool running() const noexcept { return running_; }
    [[nodiscard]] double duration() const noexcept { return duration_; }
    // Advances by dt seconds and moves `view` along the path (onto the target at
    // the end). Returns whether the flight goes on.
    bool step(double dt_seconds, MapView& view) noexcept;

private:
    [[nodiscard]] double width_of(double zoom) const noexcept;
    [[nodiscard]] double zoom_of(double width_m) const noexcept;

    ZoomPath path_;
    MercatorXY target_center_;
    double target_zoom_ = 0;
    double side_px_ = 1;  // the view's shorter side in pixels
    double elapsed_ = 0, duration_ = 0;
    bool running_ = false;
};

}  // namespace atlas
