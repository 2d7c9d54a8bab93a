#pragma once
// Coordinate reference systems of shapefiles (.prj, OGC/ESRI WKT1 and WKT2).
//
// What is understood, and converted to WGS84 longitude/latitude:
//  - geographic CRSs (WGS 84, GCS_WGS_1984, EPSG:4326; also other datums on the
//    GRS 1980 ellipsoid, NAD83/ETRS89/GDA94, which agree with WGS 84 to about a metre;
//    geographic CRSs on other ellipsoids are used as is with a note that no datum
//    shift is applied);
//  - Transverse Mercator on the WGS 84 / GRS 1980 ellipsoid: UTM zones north and
//    south (Almaty: "WGS 84 / UTM zone 43N", EPSG:32643) and any other central
//    meridian, scale, false easting/northing, latitude of origin and linear unit;
//  - Web Mercator (EPSG:3857, "Mercator_Auxiliary_Sphere", "Pseudo-Mercator").
// Anything else is refused with an atlas::Error naming the projection.
#include <optional>
#include <string>
#include <string_view>

#include "core/geo.hpp"

namespace atlas {

// Transverse Mercator on an ellipsoid by Krüger's series in the third flattening n,
// to order n^6 (Karney 2011, "Transverse Mercator with an accuracy of a few
// nanometers"): errors below a millimetre within 3900 km of the central meridian.
// Preconditions: finite input; inverse() of points far outside a zone (beyond about
// 90 degrees of longitude) yields meaningless but finite values.
class TransverseMercator {
public:
    TransverseMercator(double a, double inv_f, double k0, double lon0_deg, double lat0_deg,
                       double false_easting, double false_northing);
    // UTM zone 1..60 on WGS 84.
    static TransverseMercator utm(int zone, bool north);

    struct XY { double x = 0, y = 0; };
    [[nodiscard]] XY forward(LatLon p) const noexcept;
    [[nodiscard]] LatLon inverse(double x, double y) const noexcept;

private:
    [[nodiscard]] double conformal_tau(double tau) const noexcept;  // tau' from tau = tan(phi)
    double e_, k0_, lon0_, fe_, fn_, A_, xi0_ = 0;
    double alpha_[7]{}, beta_[7]{};
};

struct Crs {
    enum class Kind { Geographic, TransverseMercator, WebMercator };
    Kind kind = Kind::Geographic;
    std::string name = "WGS 84";    // as named in the .prj: "WGS_1984_UTM_Zone_43N", ...
    std::string note;               // caveat worth a warning ("datum ... treated as WGS 84"), or ""
    double unit = 1.0;              // metres per projected unit, or degrees per angular unit
    double prime_meridian = 0.0;    // degrees east of Greenwich (geographic)
    std::optional<TransverseMercator> tm;
    double false_easting = 0, false_northing = 0;  // Web Mercator

    // Source coordinates to WGS84; nullopt when the result is not finite or out of range.
    [[nodiscard]] std::optional<LatLon> to_wgs84(double x, double y) const noexcept;
    [[nodiscard]] bool is_identity() const noexcept {
        return kind == Kind::Geographic && unit == 1.0 && prime_meridian == 0.0;
    }
};

// Parses the text of a .prj. Throws atlas::Error (without file name; the caller adds
// it) for HTML, text that is not WKT, and projections we do not convert — the message
// names the projection, e.g. "unsupported projection 'Lambert_Conformal_Conic' (PROJCS
// 'NAD_1983_StatePlane_Texas_Central_FIPS_4203_Feet')".
[[nodiscard]] Crs parse_prj(std::string_view wkt);

}  // namespace atlas
