#include "geo/osm_schema.hpp"
#include "core/text.hpp"

#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace atlas {

namespace {

std::string lower(std::string_view s) {
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return ascii_lower(s);
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

struct Entry { std::string_view fclass; FeatureClass cls; };

// fclass values of the free-shapefile layers (Geofabrik's documented lists) and of
// the project's own basemap.
constexpr std::array kTable = {
    Entry{"motorway", FeatureClass::Motorway}, Entry{"motorway_link", FeatureClass::Motorway},
    Entry{"trunk", FeatureClass::Trunk}, Entry{"trunk_link", FeatureClass::Trunk},
    Entry{"primary", FeatureClass::Primary}, Entry{"primary_link", FeatureClass::Primary},
    Entry{"secondary", FeatureClass::Secondary}, Entry{"secondary_link", FeatureClass::Secondary},
    Entry{"tertiary", FeatureClass::Tertiary}, Entry{"tertiary_link", FeatureClass::Tertiary},
    Entry{"residential", FeatureClass::Residential}, Entry{"unclassified", FeatureClass::Residential},
    Entry{"living_street", FeatureClass::Residential}, Entry{"road", FeatureClass::Residential},
    Entry{"service", FeatureClass::Service}, Entry{"pedestrian", FeatureClass::Pedestrian},
    Entry{"track", FeatureClass::Track}, Entry{"track_grade1", FeatureClass::Track},
    Entry{"track_grade2", FeatureClass::Track}, Entry{"track_grade3", FeatureClass::Track},
    Entry{"track_grade4", FeatureClass::Track}, Entry{"track_grade5", FeatureClass::Track},
    Entry{"cycleway", FeatureClass::Cycleway}, Entry{"footway", FeatureClass::Path},
    Entry{"path", FeatureClass::Path}, Entry{"steps", FeatureClass::Path}, Entry{"bridleway", FeatureClass::Path},
    Entry{"unknown", FeatureClass::Unknown},
    Entry{"rail", FeatureClass::Rail}, Entry{"narrow_gauge", FeatureClass::Rail}, Entry{"rack", FeatureClass::Rail},
    Entry{"light_rail", FeatureClass::Tram}, Entry{"tram", FeatureClass::Tram}, Entry{"monorail", FeatureClass::Tram},
    Entry{"funicular", FeatureClass::Tram}, Entry{"miniature_railway", FeatureClass::Tram},
    Entry{"subway", FeatureClass::Subway},
    Entry{"cable_car", FeatureClass::Tram}, Entry{"gondola", FeatureClass::Tram}, Entry{"chair_lift", FeatureClass::Tram},
    Entry{"drag_lift", FeatureClass::Tram},
    Entry{"river", FeatureClass::River}, Entry{"stream", FeatureClass::Stream}, Entry{"canal", FeatureClass::Canal},
    Entry{"drain", FeatureClass::Drain}, Entry{"ditch", FeatureClass::Drain},
    Entry{"water", FeatureClass::Water}, Entry{"reservoir", FeatureClass::Water}, Entry{"riverbank", FeatureClass::Water},
    Entry{"dock", FeatureClass::Water}, Entry{"lake", FeatureClass::Water}, Entry{"basin", FeatureClass::Water},
    Entry{"wetland", FeatureClass::Wetland}, Entry{"glacier", FeatureClass::Glacier},
    Entry{"park", FeatureClass::Park}, Entry{"recreation_ground", FeatureClass::Park}, Entry{"garden", FeatureClass::Park},
    Entry{"nature_reserve", FeatureClass::Park}, Entry{"national_park", FeatureClass::Park},
    Entry{"square", FeatureClass::Park}, Entry{"zoo", FeatureClass::Park}, Entry{"botanical_garden", FeatureClass::Park},
    Entry{"forest", FeatureClass::Forest}, Entry{"wood", FeatureClass::Forest}, Entry{"orchard", FeatureClass::Forest},
    Entry{"grass", FeatureClass::Grass}, Entry{"meadow", FeatureClass::Grass}, Entry{"heath", FeatureClass::Grass},
    Entry{"scrub", FeatureClass::Grass}, Entry{"farmland", FeatureClass::Grass}, Entry{"farmyard", FeatureClass::Grass},
    Entry{"farm", FeatureClass::Grass}, Entry{"allotments", FeatureClass::Grass}, Entry{"vineyard", FeatureClass::Grass},
    Entry{"cemetery", FeatureClass::Cemetery}, Entry{"grave_yard", FeatureClass::Cemetery},
    Entry{"residential_area", FeatureClass::ResidentialArea},
    Entry{"industrial", FeatureClass::Industrial}, Entry{"quarry", FeatureClass::Industrial},
    Entry{"railway", FeatureClass::Industrial}, Entry{"brownfield", FeatureClass::Industrial},
    Entry{"commercial", FeatureClass::Commercial}, Entry{"retail", FeatureClass::Commercial},
    Entry{"military", FeatureClass::Military}, Entry{"building", FeatureClass::Building},
    Entry{"administrative", FeatureClass::AdminBoundary}, Entry{"boundary", FeatureClass::AdminBoundary},
    Entry{"city_boundary", FeatureClass::AdminBoundary}, Entry{"district_boundary", FeatureClass::AdminBoundary},
    Entry{"city", FeatureClass::City}, Entry{"national_capital", FeatureClass::City}, Entry{"town", FeatureClass::Town},
    Entry{"suburb", FeatureClass::Suburb}, Entry{"district", FeatureClass::Suburb},
    Entry{"city_district", FeatureClass::Suburb},
    Entry{"neighbourhood", FeatureClass::Neighbourhood}, Entry{"quarter", FeatureClass::Neighbourhood},
    Entry{"locality", FeatureClass::Neighbourhood}, Entry{"village", FeatureClass::Village},
    Entry{"hamlet", FeatureClass::Village}, Entry{"dwelling", FeatureClass::Village},
    Entry{"isolated_dwelling", FeatureClass::Village},
    Entry{"airport", FeatureClass::Airport}, Entry{"aerodrome", FeatureClass::Airport},
    Entry{"airfield", FeatureClass::Airport}, Entry{"apron", FeatureClass::Airport},
    Entry{"railway_station", FeatureClass::Station}, Entry{"railway_halt", FeatureClass::Station},
    Entry{"bus_station", FeatureClass::Station}, Entry{"tram_station", FeatureClass::Station},
    Entry{"subway_station", FeatureClass::Station}, Entry{"station", FeatureClass::Station},
    Entry{"ferry_terminal", FeatureClass::Station},
    Entry{"bus_stop", FeatureClass::Stop}, Entry{"tram_stop", FeatureClass::Stop}, Entry{"taxi", FeatureClass::Stop},
    Entry{"peak", FeatureClass::Peak}, Entry{"volcano", FeatureClass::Peak}, Entry{"cliff", FeatureClass::Peak},
    Entry{"spring", FeatureClass::NaturalPoint}, Entry{"tree", FeatureClass::NaturalPoint},
    Entry{"cave_entrance", FeatureClass::NaturalPoint}, Entry{"beach", FeatureClass::NaturalPoint},
    Entry{"traffic_signals", FeatureClass::Traffic}, Entry{"crossing", FeatureClass::Traffic},
    Entry{"stop", FeatureClass::Traffic}, Entry{"mini_roundabout", FeatureClass::Traffic},
    Entry{"motorway_junction", FeatureClass::Traffic}, Entry{"turning_circle", FeatureClass::Traffic},
    Entry{"speed_camera", FeatureClass::Traffic}, Entry{"street_lamp", FeatureClass::Traffic},
    Entry{"fuel", FeatureClass::Traffic}, Entry{"parking", FeatureClass::Traffic},
    Entry{"parking_site", FeatureClass::Traffic}, Entry{"parking_multistorey", FeatureClass::Traffic},
    Entry{"parking_underground", FeatureClass::Traffic}, Entry{"parking_bicycle", FeatureClass::Traffic},
    Entry{"bridge", FeatureClass::Traffic}, Entry{"tunnel", FeatureClass::Traffic}, Entry{"dam", FeatureClass::Traffic},
    Entry{"weir", FeatureClass::Traffic}, Entry{"lock_gate", FeatureClass::Traffic}, Entry{"waterfall", FeatureClass::NaturalPoint},
};

}  // namespace

bool is_link(std::string_view fclass) noexcept { return ends_with(fclass, "_link"); }

FeatureClass classify(std::string_view fclass, OsmLayerKind kind) {
    const std::string f = lower(fclass);
    if (f.empty()) return FeatureClass::Unknown;
    // Values whose meaning depends on the layer.
    if (kind == OsmLayerKind::Water && (f == "river" || f == "canal" || f == "stream")) return FeatureClass::Water;
    if (kind == OsmLayerKind::Landuse && f == "residential") return FeatureClass::ResidentialArea;
    if (kind == OsmLayerKind::Buildings) return FeatureClass::Building;
    if (kind == OsmLayerKind::PlacesOfWorship) return FeatureClass::PlaceOfWorship;
    if (kind == OsmLayerKind::Boundaries) return FeatureClass::AdminBoundary;
    if (kind == OsmLayerKind::Places && f == "farm") return FeatureClass::Village;
    if (kind == OsmLayerKind::Traffic && f == "stop") return FeatureClass::Traffic;
    for (const auto& e : kTable)
        if (e.fclass == f) return e.cls;
    // Families of values (Geofabrik's pofw: christian_orthodox, muslim_sunni, ...).
    if (f.rfind("christian", 0) == 0 || f.rfind("muslim", 0) == 0 || f.rfind("jewish", 0) == 0 ||
        f.rfind("buddhist", 0) == 0 || f.rfind("hindu", 0) == 0 || f.rfind("taoist", 0) == 0 ||
        f.rfind("shintoist", 0) == 0 || f.rfind("sikh", 0) == 0 || f == "place_of_worship")
        return FeatureClass::PlaceOfWorship;
    if (f.rfind("track_grade", 0) == 0) return FeatureClass::Track;
    if (kind == OsmLayerKind::Pois || kind == OsmLayerKind::Transport || kind == OsmLayerKind::Natural)
        return kind == OsmLayerKind::Natural ? FeatureClass::NaturalPoint : FeatureClass::Poi;
    if (kind == OsmLayerKind::Traffic) return FeatureClass::Traffic;
    return FeatureClass::Unknown;
}

OsmLayerKind detect_osm_layer(const Layer& layer) {
    const int fclass = layer.field_index("fclass");
    if (fclass < 0) return OsmLayerKind::NotOsm;
    // File name: gis_osm_<kind>[_a]_free_1, also without the prefix/suffix.
    std::string n = lower(layer.name);
    if (n.rfind("gis_osm_", 0) == 0) n = n.substr(8);
    if (const size_t p = n.find("_free"); p != std::string::npos) n.resize(p);
    if (ends_with(n, "_a")) n.resize(n.size() - 2);
    static constexpr std::pair<std::string_view, OsmLayerKind> kNames[] = {
        {"roads", OsmLayerKind::Roads}, {"railways", OsmLayerKind::Railways},
        {"waterways", OsmLayerKind::Waterways}, {"water", OsmLayerKind::Water},
        {"landuse", OsmLayerKind::Landuse}, {"buildings", OsmLayerKind::Buildings},
        {"places", OsmLayerKind::Places}, {"pois", OsmLayerKind::Pois}, {"pofw", OsmLayerKind::PlacesOfWorship},
        {"traffic", OsmLayerKind::Traffic}, {"transport", OsmLayerKind::Transport},
        {"natural", OsmLayerKind::Natural}, {"boundaries", OsmLayerKind::Boundaries},
        {"districts", OsmLayerKind::Boundaries}, {"boundary", OsmLayerKind::Boundaries},
        {"neighbourhoods", OsmLayerKind::Places}, {"streets", OsmLayerKind::Roads}, {"rivers", OsmLayerKind::Waterways}, {"parks", OsmLayerKind::Landuse},
    };
    for (const auto& [name, kind] : kNames)
        if (n == name) return kind;

    // Otherwise vote by the classes of the first features' fclass values.
    size_t votes[6] = {};  // roads, rail, waterway lines, areas, places, pois
    const size_t limit = std::min<size_t>(layer.feature_count(), 2000);
    for (size_t f = 0; f < limit; ++f) {
        const FeatureClass c = classify(layer.attribute(f, static_cast<size_t>(fclass)));
        if (c >= FeatureClass::Motorway && c <= FeatureClass::Path) ++votes[0];
        else if (c >= FeatureClass::Rail && c <= FeatureClass::Subway) ++votes[1];
        else if (c >= FeatureClass::River && c <= FeatureClass::Drain) ++votes[2];
        else if (c >= FeatureClass::Water && c <= FeatureClass::AdminBoundary) ++votes[3];
        else if (c >= FeatureClass::City && c <= FeatureClass::Village) ++votes[4];
        else if (c >= FeatureClass::Airport) ++votes[5];
    }
    size_t best = 0;
    for (size_t i = 1; i < 6; ++i)
        if (votes[i] > votes[best]) best = i;
    if (votes[best] == 0) return OsmLayerKind::Other;
    switch (best) {
        case 0: return layer.kind == GeometryKind::Line ? OsmLayerKind::Roads : OsmLayerKind::Other;
        case 1: return layer.kind == GeometryKind::Line ? OsmLayerKind::Railways : OsmLayerKind::Other;
        case 2: return layer.kind == GeometryKind::Line ? OsmLayerKind::Waterways : OsmLayerKind::Water;
        case 3: return layer.kind == GeometryKind::Polygon ? OsmLayerKind::Landuse : OsmLayerKind::Other;
        case 4: return OsmLayerKind::Places;
        default: return OsmLayerKind::Pois;
    }
}

int z_order(FeatureClass c) noexcept {
    switch (c) {
        case FeatureClass::ResidentialArea: return 10;
        case FeatureClass::Industrial: case FeatureClass::Commercial: case FeatureClass::Military: return 11;
        case FeatureClass::Grass: return 12;
        case FeatureClass::Cemetery: return 13;
        case FeatureClass::Forest: return 14;
        case FeatureClass::Park: return 15;
        case FeatureClass::Glacier: return 18;
        case FeatureClass::Wetland: return 19;
        case FeatureClass::Water: return 20;
        case FeatureClass::Drain: return 25;
        case FeatureClass::Stream: return 26;
        case FeatureClass::Canal: return 27;
        case FeatureClass::River: return 28;
        case FeatureClass::Building: return 30;
        case FeatureClass::Path: return 40;
        case FeatureClass::Cycleway: return 41;
        case FeatureClass::Track: return 42;
        case FeatureClass::Pedestrian: return 43;
        case FeatureClass::Service: return 44;
        case FeatureClass::Unknown: return 45;
        case FeatureClass::Residential: return 46;
        case FeatureClass::Tertiary: return 48;
        case FeatureClass::Secondary: return 50;
        case FeatureClass::Primary: return 52;
        case FeatureClass::Trunk: return 54;
        case FeatureClass::Motorway: return 56;
        case FeatureClass::Tram: return 60;
        case FeatureClass::Subway: return 61;
        case FeatureClass::Rail: return 62;
        case FeatureClass::AdminBoundary: return 70;
        case FeatureClass::Traffic: return 80;
        case FeatureClass::NaturalPoint: return 81;
        case FeatureClass::Poi: return 82;
        case FeatureClass::PlaceOfWorship: return 83;
        case FeatureClass::Stop: return 84;
        case FeatureClass::Peak: return 85;
        case FeatureClass::Station: return 86;
        case FeatureClass::Airport: return 87;
        case FeatureClass::Village: return 90;
        case FeatureClass::Neighbourhood: return 91;
        case FeatureClass::Suburb: return 92;
        case FeatureClass::Town: return 93;
        case FeatureClass::City: return 94;
    }
    return 45;
}

int label_priority(FeatureClass c) noexcept {
    switch (c) {
        case FeatureClass::City: return 100;
        case FeatureClass::Town: return 95;
        case FeatureClass::Suburb: return 90;
        case FeatureClass::AdminBoundary: return 88;
        case FeatureClass::Airport: return 85;
        case FeatureClass::Motorway: return 80;
        case FeatureClass::Trunk: return 78;
        case FeatureClass::Primary: return 76;
        case FeatureClass::Station: return 74;
        case FeatureClass::River: return 72;
        case FeatureClass::Neighbourhood: return 70;
        case FeatureClass::Secondary: return 68;
        case FeatureClass::Park: return 66;
        case FeatureClass::Peak: return 64;
        case FeatureClass::Water: return 62;
        case FeatureClass::Village: return 60;
        case FeatureClass::Tertiary: return 58;
        case FeatureClass::Rail: return 50;
        case FeatureClass::Canal: return 48;
        case FeatureClass::Residential: return 46;
        case FeatureClass::Forest: return 44;
        case FeatureClass::Stream: return 42;
        case FeatureClass::PlaceOfWorship: return 40;
        case FeatureClass::Cemetery: return 36;
        case FeatureClass::Subway: case FeatureClass::Tram: return 34;
        case FeatureClass::Pedestrian: return 32;
        case FeatureClass::Industrial: case FeatureClass::Commercial: case FeatureClass::Military: return 30;
        case FeatureClass::Poi: return 28;
        case FeatureClass::Service: return 24;
        case FeatureClass::Stop: return 22;
        case FeatureClass::Building: return 20;
        case FeatureClass::ResidentialArea: case FeatureClass::Grass: case FeatureClass::Wetland:
        case FeatureClass::Glacier: return 18;
        case FeatureClass::Track: case FeatureClass::Cycleway: case FeatureClass::Path: return 16;
        case FeatureClass::Drain: case FeatureClass::NaturalPoint: return 12;
        case FeatureClass::Traffic: return 5;
        case FeatureClass::Unknown: return 10;
    }
    return 10;
}

std::string_view feature_class_name(FeatureClass c) noexcept {
    switch (c) {
        case FeatureClass::Unknown: return "unknown";
        case FeatureClass::Motorway: return "motorway";
        case FeatureClass::Trunk: return "trunk";
        case FeatureClass::Primary: return "primary";
        case FeatureClass::Secondary: return "secondary";
        case FeatureClass::Tertiary: return "tertiary";
        case FeatureClass::Residential: return "residential";
        case FeatureClass::Service: return "service";
        case FeatureClass::Pedestrian: return "pedestrian";
        case FeatureClass::Track: return "track";
        case FeatureClass::Cycleway: return "cycleway";
        case FeatureClass::Path: return "path";
        case FeatureClass::Rail: return "rail";
        case FeatureClass::Tram: return "tram";
        case FeatureClass::Subway: return "subway";
        case FeatureClass::River: return "river";
        case FeatureClass::Stream: return "stream";
        case FeatureClass::Canal: return "canal";
        case FeatureClass::Drain: return "drain";
        case FeatureClass::Water: return "water";
        case FeatureClass::Wetland: return "wetland";
        case FeatureClass::Glacier: return "glacier";
        case FeatureClass::Park: return "park";
        case FeatureClass::Forest: return "forest";
        case FeatureClass::Grass: return "grass";
        case FeatureClass::Cemetery: return "cemetery";
        case FeatureClass::ResidentialArea: return "residential_area";
        case FeatureClass::Industrial: return "industrial";
        case FeatureClass::Commercial: return "commercial";
        case FeatureClass::Military: return "military";
        case FeatureClass::Building: return "building";
        case FeatureClass::AdminBoundary: return "admin_boundary";
        case FeatureClass::City: return "city";
        case FeatureClass::Town: return "town";
        case FeatureClass::Suburb: return "suburb";
        case FeatureClass::Neighbourhood: return "neighbourhood";
        case FeatureClass::Village: return "village";
        case FeatureClass::Airport: return "airport";
        case FeatureClass::Station: return "station";
        case FeatureClass::Stop: return "stop";
        case FeatureClass::PlaceOfWorship: return "place_of_worship";
        case FeatureClass::Peak: return "peak";
        case FeatureClass::Traffic: return "traffic";
        case FeatureClass::NaturalPoint: return "natural_point";
        case FeatureClass::Poi: return "poi";
    }
    return "unknown";
}

std::string_view osm_layer_kind_name(OsmLayerKind k) noexcept {
    switch (k) {
        case OsmLayerKind::NotOsm: return "not_osm";
        case OsmLayerKind::Roads: return "roads";
        case OsmLayerKind::Railways: return "railways";
        case OsmLayerKind::Waterways: return "waterways";
        case OsmLayerKind::Water: return "water";
        case OsmLayerKind::Landuse: return "landuse";
        case OsmLayerKind::Buildings: return "buildings";
        case OsmLayerKind::Places: return "places";
        case OsmLayerKind::Pois: return "pois";
        case OsmLayerKind::PlacesOfWorship: return "pofw";
        case OsmLayerKind::Traffic: return "traffic";
        case OsmLayerKind::Transport: return "transport";
        case OsmLayerKind::Natural: return "natural";
        case OsmLayerKind::Boundaries: return "boundaries";
        case OsmLayerKind::Other: return "other";
    }
    return "other";
}

}  // namespace atlas
