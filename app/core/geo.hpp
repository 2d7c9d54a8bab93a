#pragma once
// Geographic math in double precision. Web Mercator (EPSG:3857) in metres;
// renderers subtract a local origin before converting to float so that
// coordinates stay precise at street level.
#include <cmath>
#include <numbers>

namespace atlas {

struct LatLon {
    double lat = 0.0, lon = 0.0;
    friend bool operator==(const LatLon&, const LatLon&) = default;
};
struct MercatorXY {
    double x = 0.0, y = 0.0;  // metres, y grows north
    friend bool operator==(const MercatorXY&, const MercatorXY&) = default;
};
struct BoundsLL {
    double min_lon = 180, min_lat = 90, max_lon = -180, max_lat = -90;
    [[nodiscard]] bool valid() const noexcept { return min_lon <= max_lon && min_lat <= max_lat; }
    void extend(double lon, double lat) noexcept {
        min_lon = std::fmin(min_lon, lon); max_lon = std::fmax(max_lon, lon);
        min_lat = std::fmin(min_lat, lat); max_lat = std::fmax(max_lat, lat);
    }
};

inline constexpr double kEarthRadius = 6378137.0;           // WGS84 semi-major axis, metres
inline constexpr double kMaxMercatorLat = 85.0511287798066; // latitude where Mercator y = pi R
inline constexpr double kWorldSize = 2.0 * std::numbers::pi * kEarthRadius;

// Web Mercator forward projection. Precondition: finite input; latitude is clamped.
struct WebMercator {
    [[nodiscard]] static MercatorXY forward(LatLon p) noexcept {
        const double lat = std::fmax(-kMaxMercatorLat, std::fmin(kMaxMercatorLat, p.lat));
        const double phi = lat * std::numbers::pi / 180.0;
        return {kEarthRadius * p.lon * std::numbers::pi / 180.0,
                kEarthRadius * std::log(std::tan(std::numbers::pi / 4.0 + phi / 2.0))};
    }
    [[nodiscard]] static LatLon inverse(MercatorXY m) noexcept {
        return {(2.0 * std::atan(std::exp(m.y / kEarthRadius)) - std::numbers::pi / 2.0) * 180.0 / std::numbers::pi,
                m.x / kEarthRadius * 180.0 / std::numbers::pi};
    }
    // Ground metres per Mercator metre at a latitude (the Mercator scale factor's inverse).
    [[nodiscard]] static double ground_scale(double lat_deg) noexcept {
        return std::cos(lat_deg * std::numbers::pi / 180.0);
    }
};

// Metres per screen pixel at a web-map zoom level (256-pixel tiles), in Mercator metres.
[[nodiscard]] inline double mercator_metres_per_pixel(double zoom) noexcept {
    return kWorldSize / (256.0 * std::exp2(zoom));
}

// Great-circle distance in metres (haversine on the WGS84 semi-major sphere).
[[nodiscard]] inline double haversine_m(LatLon a, LatLon b) noexcept {
    const double k = std::numbers::pi / 180.0;
    const double dlat = (b.lat - a.lat) * k, dlon = (b.lon - a.lon) * k;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.lat * k) * std::cos(b.lat * k) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2.0 * kEarthRadius * std::asin(std::fmin(1.0, std::sqrt(h)));
}

}  // namespace atlas
