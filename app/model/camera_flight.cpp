#include "model/camera_flight.hpp"

#include <algorithm>
#include <cmath>

namespace atlas {

// [SECTION] The zoom-and-pan path

// van Wijk & Nuij model a view as its centre u and width w and look for the
// path from (0, w0) to (u1, w1) of least "perceived motion", where panning is
// cheaper the more one is zoomed out (rho weighs zooming against panning). With
// r_i = -asinh(b_i),
//   b_i = (w1^2 - w0^2 + (-1)^i rho^4 u1^2) / (2 w_i rho^2 u1),
// the optimal path has length S = (r1 - r0) / rho and, for s in [0, S],
//   w(s) = w0 cosh(r0) / cosh(rho s + r0)
//   u(s) = w0 / rho^2 (cosh(r0) tanh(rho s + r0) - sinh(r0)).
// When the centres coincide it is a pure zoom: w(s) = w0 exp(+-rho s).
void ZoomPath::plan(MercatorXY from, double from_width, MercatorXY to, double to_width) noexcept {
    c0 = from;
    c1 = to;
    w0 = from_width;
    w1 = to_width;
    u1 = std::hypot(to.x - from.x, to.y - from.y);
    pure_zoom = u1 <= 1e-9 * std::max(w0, w1);
    if (pure_zoom) {
        r0 = 0;
        length = std::fabs(std::log(w1 / w0)) / kRho;
        return;
    }
    const double rho2 = kRho * kRho, rho4 = rho2 * rho2;
    const double b0 = (w1 * w1 - w0 * w0 + rho4 * u1 * u1) / (2 * w0 * rho2 * u1);
    const double b1 = (w1 * w1 - w0 * w0 - rho4 * u1 * u1) / (2 * w1 * rho2 * u1);
    r0 = -std::asinh(b0);
    const double r1 = -std::asinh(b1);
    length = (r1 - r0) / kRho;
}

double ZoomPath::width(double s) const noexcept {
    if (pure_zoom) return w0 * std::exp((w1 < w0 ? -1.0 : 1.0) * kRho * s);
    return w0 * std::cosh(r0) / std::cosh(kRho * s + r0);
}

MercatorXY ZoomPath::center(double s) const noexcept {
    double f = 0;  // fraction of the way from c0 to c1
    if (pure_zoom) {
        f = length > 0 ? s / length : 1.0;
    } else {
        const double u = w0 / (kRho * kRho) * (std::cosh(r0) * std::tanh(kRho * s + r0) - std::sinh(r0));
        f = u / u1;
    }
    return {c0.x + (c1.x - c0.x) * f, c0.y + (c1.y - c0.y) * f};
}

// [SECTION] The explorer's flight

namespace {
double smoothstep(double t) noexcept { return t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t); }
}  // namespace

double CameraFlight::width_of(double zoom) const noexcept { return side_px_ * mercator_metres_per_pixel(zoom); }

double CameraFlight::zoom_of(double width_m) const noexcept {
    return std::log2(kWorldSize * side_px_ / (256.0 * width_m));
}

void CameraFlight::start(const MapView& from, const MapView& to) noexcept {
    running_ = false;
    elapsed_ = duration_ = 0;
    target_center_ = to.center;
    target_zoom_ = to.zoom;
    side_px_ = std::max(1.0, std::min(from.width_px, from.height_px) / std::max(1e-6, from.pixel_ratio));
    const bool finite = std::isfinite(from.center.x) && std::isfinite(from.center.y) && std::isfinite(from.zoom) &&
                        std::isfinite(to.center.x) && std::isfinite(to.center.y) && std::isfinite(to.zoom);
    if (!finite) return;
    path_.plan(from.center, width_of(from.zoom), to.center, width_of(to.zoom));
    if (!std::isfinite(path_.length) || path_.length <= 1e-9) return;
    duration_ = std::min(kMaxSeconds, kMinSeconds + 0.35 * path_.length);
    running_ = true;
}

bool CameraFlight::step(double dt_seconds, MapView& view) noexcept {
    if (!running_) return false;
    // NaN and negative steps are ignored; the first frame after an idle wait
    // (a long step) moves a frame's worth, so the flight is seen from its start.
    if (dt_seconds > 0) elapsed_ += std::min(dt_seconds, 0.05);
    if (elapsed_ >= duration_) {
        view.center = target_center_;
        view.zoom = target_zoom_;
        running_ = false;
        return false;
    }
    const double s = path_.length * smoothstep(elapsed_ / duration_);
    view.center = path_.center(s);
    view.zoom = std::clamp(zoom_of(path_.width(s)), MapView::kMinZoom, MapView::kMaxZoom);
    return true;
}

}  // namespace atlas
