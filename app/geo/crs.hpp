#pragma once
// Coordinate reference systems of shapefiles (.prj), converted to WGS 84
// longitude/latitude through PROJ.
//
// Any coordinate system PROJ understands is accepted: WKT1 as ESRI and GDAL write
// it, WKT2, PROJJSON, "EPSG:28413", PROJ strings, and ESRI names of projected
// systems given without parameters ("WGS_1984_UTM_Zone_43N"). Datum shifts come
// from PROJ's database (Pulkovo 1942 / Gauss-Kruger zones, common in Kazakh
// cadastral data, use the EPSG Helmert shift for the place). Grids are never
// fetched from the network. Each thread has its own PROJ context and its own copy
// of each transformation, so a Crs may be shared between threads.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/geo.hpp"

namespace atlas {

struct Crs {
    enum class Kind { Geographic, Projected };
    Kind kind = Kind::Geographic;
    std::string name = "WGS 84";    // as PROJ names it: "WGS 84 / UTM zone 43N", ...
    std::string note;               // caveat worth a warning (no datum shift known), or ""

    struct XY { double x = 0, y = 0; };

    // Source coordinates to WGS84; nullopt when the result is not finite or out of range.
    [[nodiscard]] std::optional<LatLon> to_wgs84(double x, double y) const noexcept;
    // WGS84 to source coordinates; nullopt when PROJ cannot convert the point.
    [[nodiscard]] std::optional<XY> from_wgs84(LatLon p) const noexcept;
    // WGS 84 longitude/latitude in degrees: coordinates are used as they are.
    [[nodiscard]] bool is_identity() const noexcept { return definition_ == nullptr; }

    // The source system as PROJ normalised it (WKT2); shared by the copies of a Crs.
    struct Definition {
        uint64_t id = 0;       // unique per parsed system: key of the per-thread transformations
        std::string wkt;
    };

private:
    std::shared_ptr<const Definition> definition_;  // null: WGS 84 longitude/latitude
    friend Crs parse_prj_with_proj(std::string_view text);
};

// Parses the text of a .prj (or any definition PROJ accepts). Throws atlas::Error
// (without file name; the caller adds it) for HTML, text PROJ does not understand,
// and systems that cannot be converted to WGS 84 — the message names them, e.g.
// "coordinate system 'Site grid' (engineering) cannot be converted to WGS 84".
// The two common spellings of WGS 84 longitude/latitude (ESRI's
// GCS_WGS_1984 and EPSG:4326 as GDAL writes it; spaces between tokens
// ignored) are known without PROJ, whose first look-up opens its database
// (tens of milliseconds of every start-up); PROJ reads everything else.
[[nodiscard]] Crs parse_prj(std::string_view text);
// As parse_prj, always through PROJ (tests hold the two to the same answer).
[[nodiscard]] Crs parse_prj_with_proj(std::string_view text);

}  // namespace atlas
