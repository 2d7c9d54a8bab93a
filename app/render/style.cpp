#include "render/style.hpp"

#include "geo/osm_schema.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

namespace atlas {

// [SECTION] Classes

const char* style_class_name(StyleClass c) noexcept {
    static constexpr std::array<const char*, kStyleClassCount> names = {
        "landuse", "residential", "industrial", "grass", "forest", "park", "cemetery", "airport", "water",
        "glacier", "building", "district", "city boundary", "area",
        "path", "track", "service", "minor road", "tertiary", "secondary", "primary", "trunk", "motorway",
        "stream", "canal", "river", "tram", "railway", "line",
        "station", "stop", "place", "neighbourhood", "landmark", "peak", "point"};
    const auto i = static_cast<size_t>(c);
    return i < names.size() ? names[i] : "?";
}

GeometryKind style_class_kind(StyleClass c) noexcept {
    if (c <= StyleClass::GenericArea) return GeometryKind::Polygon;
    if (c <= StyleClass::GenericLine) return GeometryKind::Line;
    return GeometryKind::Point;
}

namespace {
bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

// The layer's name says what its features are when `fclass` does not.
StyleClass class_from_layer_name(GeometryKind kind, std::string_view name) {
    using F = StyleClass;
    switch (kind) {
        case GeometryKind::Polygon:
            if (contains(name, "district")) return F::District;
            if (contains(name, "boundary") || contains(name, "city_limit") || contains(name, "admin")) return F::CityBoundary;
            if (contains(name, "building")) return F::Building;
            if (contains(name, "water") || contains(name, "lake") || contains(name, "reservoir")) return F::Water;
            if (contains(name, "park") || contains(name, "garden") || contains(name, "square")) return F::Park;
            if (contains(name, "forest") || contains(name, "wood")) return F::Forest;
            if (contains(name, "airport") || contains(name, "aerodrome")) return F::Airport;
            if (contains(name, "landuse")) return F::Landuse;
            return F::GenericArea;
        case GeometryKind::Line:
            if (contains(name, "rail")) return F::Railway;
            if (contains(name, "tram")) return F::Tram;
            if (contains(name, "river") || contains(name, "waterway")) return F::River;
            if (contains(name, "stream") || contains(name, "canal") || contains(name, "aryk")) return F::Stream;
            if (contains(name, "road") || contains(name, "street")) return F::Minor;
            return F::GenericLine;
        case GeometryKind::Point:
            if (contains(name, "station") || contains(name, "transport")) return F::Station;
            if (contains(name, "place")) return F::Place;
            if (contains(name, "peak")) return F::Peak;
            if (contains(name, "poi") || contains(name, "landmark") || contains(name, "pofw")) return F::Landmark;
            return F::GenericPoint;
    }
    return F::GenericPoint;
}
}  // namespace

namespace {
// osm_schema's class (of the shared fclass table) as one of the renderer's.
StyleClass from_osm(FeatureClass c, GeometryKind kind, std::string_view layer, std::string_view fclass) {
    using S = StyleClass;
    using O = FeatureClass;
    const bool area = kind == GeometryKind::Polygon, point = kind == GeometryKind::Point;
    switch (c) {
        case O::Motorway: return S::Motorway;
        case O::Trunk: return S::Trunk;
        case O::Primary: return S::Primary;
        case O::Secondary: return S::Secondary;
        case O::Tertiary: return S::Tertiary;
        case O::Residential: return S::Minor;
        case O::Service: return S::Service;
        case O::Pedestrian: case O::Cycleway: case O::Path: return S::Path;
        case O::Track: return S::Track;
        case O::Rail: return S::Railway;
        case O::Tram: case O::Subway: return S::Tram;
        case O::River: return area ? S::Water : S::River;
        case O::Stream: case O::Drain: return area ? S::Water : S::Stream;
        case O::Canal: return area ? S::Water : S::Canal;
        case O::Water: case O::Wetland: return S::Water;
        case O::Glacier: return S::Glacier;
        case O::Park: return S::Park;
        case O::Forest: return S::Forest;
        case O::Grass: return S::Grass;
        case O::Cemetery: return S::Cemetery;
        case O::ResidentialArea: return S::Residential;
        case O::Industrial: case O::Commercial: case O::Military: return S::Industrial;
        case O::Building: return S::Building;
        case O::AdminBoundary:
            if (!area) return S::GenericLine;
            return (contains(layer, "district") || contains(fclass, "district") || fclass == "borough") ? S::District
                                                                                                      : S::CityBoundary;
        case O::City: case O::Town: case O::Village:
            return point ? S::Place : S::Landuse;
        case O::Suburb: case O::Neighbourhood:
            return point ? S::Neighbourhood : S::Landuse;
        case O::Airport: return area ? S::Airport : S::Station;
        case O::Station: return area ? S::Landuse : S::Station;
        case O::Stop: return area ? S::Landuse : S::Stop;
        case O::PlaceOfWorship: case O::Traffic: case O::NaturalPoint: case O::Poi:
            return area ? S::Landuse : S::Landmark;
        case O::Peak: return point ? S::Peak : S::Landuse;
        case O::Unknown: break;
    }
    return S::Count;  // unknown: the caller falls back
}

StyleClass fallback(GeometryKind kind, std::string_view layer, std::string_view fclass) {
    const StyleClass by_name = class_from_layer_name(kind, layer);
    if (fclass.empty()) return by_name;
    switch (kind) {
        case GeometryKind::Polygon: return by_name == StyleClass::GenericArea ? StyleClass::Landuse : by_name;
        case GeometryKind::Point: return by_name == StyleClass::GenericPoint ? StyleClass::Landmark : by_name;
        case GeometryKind::Line: return by_name;
    }
    return by_name;
}

StyleClass classify_one(GeometryKind kind, OsmLayerKind osm, std::string_view layer, std::string_view fclass) {
    const StyleClass s = osm == OsmLayerKind::NotOsm ? StyleClass::Count
                                                     : from_osm(classify(fclass, osm), kind, layer, ascii_lower(fclass));
    // A class drawn as another geometry kind (a "river" point) is styled by the layer instead.
    if (s == StyleClass::Count || style_class_kind(s) != kind) return fallback(kind, layer, ascii_lower(fclass));
    return s;
}
}  // namespace

std::vector<StyleClass> classify_layer(const Layer& layer) {
    const OsmLayerKind osm = detect_osm_layer(layer);
    const std::string name = ascii_lower(layer.name.empty() ? layer.path.stem().string() : layer.name);
    const int field = layer.field_index("fclass");
    std::vector<StyleClass> out(layer.feature_count());
    for (size_t f = 0; f < out.size(); ++f) {
        const std::string_view fc = field >= 0 ? std::string_view(layer.attribute(f, static_cast<size_t>(field))) : "";
        out[f] = classify_one(layer.kind, osm, name, fc);
    }
    return out;
}

StyleClass classify_feature(GeometryKind kind, std::string_view layer_name, std::string_view fclass) {
    Layer probe;  // a one-feature layer of that name, in the OSM schema
    probe.name = std::string(layer_name);
    probe.kind = kind;
    probe.fields = {{"osm_id", 'C', 10, 0}, {"fclass", 'C', 40, 0}, {"name", 'C', 40, 0}};
    probe.attributes = {"1", std::string(fclass), ""};
    probe.feature_parts = {0, 0};
    return classify_layer(probe)[0];
}

bool is_osm_schema(const Layer& layer) noexcept {
    return layer.field_index("osm_id") >= 0 && layer.field_index("fclass") >= 0 && layer.field_index("name") >= 0;
}

// [SECTION] Names

const char* language_code(LabelLanguage l) noexcept {
    switch (l) {
        case LabelLanguage::English: return "en";
        case LabelLanguage::Russian: return "ru";
        case LabelLanguage::Kazakh: return "kk";
    }
    return "en";
}
bool parse_language(std::string_view code, LabelLanguage& out) noexcept {
    for (LabelLanguage l : {LabelLanguage::English, LabelLanguage::Russian, LabelLanguage::Kazakh})
        if (code == language_code(l)) {
            out = l;
            return true;
        }
    return false;
}

float MapTheme::line_width(StyleClass c, double zoom) const noexcept {
    const ClassStyle& s = style(c);
    if (s.width <= 0) return 0;
    const double w = s.width * std::exp2((zoom - 14.0) * s.width_growth);
    return static_cast<float>(std::clamp(w, static_cast<double>(s.min_width), static_cast<double>(s.max_width)));
}

float MapTheme::casing_width(StyleClass c, double zoom) const noexcept {
    const ClassStyle& s = style(c);
    return static_cast<float>(s.casing_width * (1.0 + 0.5 * std::clamp(zoom - 15.0, 0.0, 3.0)));
}

float MapTheme::line_opacity(StyleClass c, double zoom) const noexcept {
    const ClassStyle& s = style(c);
    if (s.fade_in_zooms <= 0) return 1.0f;
    const double t = std::clamp((zoom - s.min_zoom) / s.fade_in_zooms, 0.0, 1.0);
    return static_cast<float>(0.35 + 0.65 * t);
}

float MapTheme::label_size(StyleClass c, double zoom, bool along_a_line) const noexcept {
    const ClassStyle& s = style(c);
    if (!along_a_line) return s.label_size;
    return static_cast<float>(s.label_size * (1.0 + 0.125 * std::clamp(zoom - 16.0, 0.0, 3.0)));
}

// [SECTION] Themes

namespace {
using F = StyleClass;

ClassStyle area(Rgba fill, float min_zoom = 0) {
    ClassStyle s;
    s.fill = fill;
    s.min_zoom = min_zoom;
    return s;
}
ClassStyle line(Rgba colour, float width, float min_zoom = 0, float growth = 0.55f) {
    ClassStyle s;
    s.line = colour;
    s.width = width;
    s.width_growth = growth;
    s.min_zoom = min_zoom;
    return s;
}
ClassStyle& cased(ClassStyle& s, Rgba casing, float casing_width) {
    s.casing = casing;
    s.casing_width = casing_width;
    return s;
}
ClassStyle& labelled(ClassStyle& s, int priority, float size, Rgba colour, float min_zoom = 0, bool bold = false) {
    s.label_priority = priority;
    s.label_size = size + 0.5f;  // half a pixel over the nominal sizes reads better on a projector and in print
    s.label_colour = colour;
    s.label_min_zoom = min_zoom;
    s.label_bold = bold;
    return s;
}
ClassStyle symbol(Rgba fill, Rgba outline, float radius, float min_zoom = 0) {
    ClassStyle s;
    s.fill = fill;
    s.line = outline;
    s.symbol = radius;
    s.min_zoom = min_zoom;
    return s;
}

// Colours of one theme; the three themes share the class hierarchy below.
struct Palette {
    Rgba waterline;  // rivers and streams (a little deeper than water areas)
    Rgba background, landuse, residential, industrial, grass, forest, park, cemetery, airport, water, glacier;
    Rgba building, building_line, district_line, district_fill, boundary;
    Rgba motorway, motorway_case, trunk, trunk_case, primary, primary_case, secondary, secondary_case;
    Rgba tertiary, minor, road_case, service, path, track, rail, rail_under, tram;
    Rgba label, label_road, label_water, label_park, label_district, halo;
    Rgba station, station_line, landmark, landmark_line, peak;
    Rgba ink, paper;
};

MapTheme build(Theme id, const Palette& p) {
    MapTheme t;
    t.id = id;
    t.background = p.background;
    t.halo = p.halo;
    t.overlay_ink = p.ink;
    t.overlay_paper = p.paper;
    const bool projector = id == Theme::Projector;
    const float lw = projector ? 1.35f : 1.0f;  // projector: bolder lines
    t.label_scale = projector ? 1.45f : 1.0f;
    t.halo_px = projector ? 2.4f : 1.6f;
    auto& c = t.classes;
    auto at = [&](F f) -> ClassStyle& { return c[static_cast<size_t>(f)]; };

    at(F::Landuse) = area(p.landuse, 11);
    at(F::Residential) = area(p.residential, 11);
    at(F::Industrial) = area(p.industrial, 11);
    at(F::Grass) = area(p.grass, 10);
    at(F::Forest) = area(p.forest, 8);
    at(F::Park) = area(p.park, 8);
    labelled(at(F::Park), 45, 11.5f, p.label_park, 13.5f);
    at(F::Cemetery) = area(p.cemetery, 11);
    at(F::Airport) = area(p.airport, 8);
    labelled(at(F::Airport), 55, 12, p.label, 11);
    at(F::Water) = area(p.water, 0);
    labelled(at(F::Water), 50, 12, p.label_water, 12);
    at(F::Glacier) = area(p.glacier, 0);
    at(F::Building) = area(p.building, projector ? 16 : 14.5f);
    at(F::Building).line = p.building_line;
    at(F::Building).width = 0.8f;
    at(F::Building).width_growth = 0;
    at(F::District) = area(p.district_fill, 0);
    at(F::District).line = p.district_line;
    at(F::District).width = 1.6f * lw;
    at(F::District).width_growth = 0.2f;
    at(F::District).dash = projector ? 0 : 7;
    at(F::District).gap = projector ? 0 : 4;
    labelled(at(F::District), 100, 12.5f, p.label_district, 9, true).label_upper = true;
    at(F::District).max_zoom = 99;
    at(F::CityBoundary) = area({0, 0, 0, 0}, 0);
    at(F::CityBoundary).line = p.boundary;
    at(F::CityBoundary).width = 2.6f * lw;
    at(F::CityBoundary).width_growth = 0.2f;
    at(F::CityBoundary).max_width = 6;
    at(F::GenericArea) = area({p.park.r, p.park.g, p.park.b, 0.55f}, 0);
    at(F::GenericArea).line = p.district_line;
    at(F::GenericArea).width = 1.0f;
    at(F::GenericArea).width_growth = 0;

    // Roads: width in pixels at zoom 14; minor classes appear only as one zooms in.
    at(F::Path) = line(p.path, 1.0f, projector ? 17 : 15.5f, 0.3f);
    at(F::Path).dash = 3;
    at(F::Path).gap = 2;
    at(F::Path).fade_in_zooms = 2;
    at(F::Track) = line(p.track, 1.0f, projector ? 17 : 14.5f, 0.3f);
    at(F::Track).dash = 5;
    at(F::Track).gap = 3;
    at(F::Track).fade_in_zooms = 2;
    at(F::Service) = line(p.service, 1.6f, projector ? 16 : 15);
    cased(at(F::Service), p.road_case, 0.5f);
    at(F::Minor) = line(p.minor, 2.6f * lw, projector ? 14 : 13, 0.6f);
    cased(at(F::Minor), p.road_case, 0.6f);
    labelled(at(F::Minor), 30, 10.5f, p.label_road, 15);
    at(F::Tertiary) = line(p.tertiary, 3.6f * lw, 12, 0.6f);
    cased(at(F::Tertiary), p.road_case, 0.75f);
    labelled(at(F::Tertiary), 50, 11, p.label_road, 14.5f);
    at(F::Secondary) = line(p.secondary, 4.6f * lw, 10.5f, 0.6f);
    cased(at(F::Secondary), p.secondary_case, 0.85f);
    labelled(at(F::Secondary), 65, 11.5f, p.label_road, 13.5f);
    at(F::Primary) = line(p.primary, 5.4f * lw, 9, 0.6f);
    cased(at(F::Primary), p.primary_case, 1.0f);
    labelled(at(F::Primary), 75, 12, p.label_road, 12.5f);
    at(F::Trunk) = line(p.trunk, 6.0f * lw, 7, 0.6f);
    cased(at(F::Trunk), p.trunk_case, 1.0f);
    labelled(at(F::Trunk), 80, 12, p.label_road, 12);
    at(F::Motorway) = line(p.motorway, 6.6f * lw, 5, 0.6f);
    cased(at(F::Motorway), p.motorway_case, 1.1f);
    labelled(at(F::Motorway), 82, 12, p.label_road, 11);
    for (F f : {F::Minor, F::Tertiary, F::Secondary, F::Primary, F::Trunk, F::Motorway}) at(f).min_width = 0.8f;

    at(F::Stream) = line(p.waterline, 1.3f * lw, projector ? 14 : 13, 0.4f);
    labelled(at(F::Stream), 25, 10.5f, p.label_water, 15);
    at(F::Canal) = line(p.waterline, 2.2f * lw, 12, 0.5f);
    labelled(at(F::Canal), 25, 10.5f, p.label_water, 14);
    at(F::River) = line(p.waterline, 3.2f * lw, 8, 0.5f);
    at(F::River).min_width = 1.8f * lw;
    at(F::Stream).min_width = 1.0f;
    at(F::Canal).min_width = 1.2f;
    labelled(at(F::River), 60, 11.5f, p.label_water, 12.5f);
    at(F::Tram) = line(p.tram, 1.2f, projector ? 15 : 13.5f, 0.3f);
    at(F::Railway) = line(p.rail, 1.6f * lw, 9, 0.35f);
    cased(at(F::Railway), p.rail_under, 1.1f);
    at(F::Railway).dash = 7;
    at(F::Railway).gap = 7;
    at(F::GenericLine) = line(p.boundary, 2.0f, 0, 0.3f);

    at(F::Station) = symbol(p.station, p.station_line, 4.2f * lw, 10);
    labelled(at(F::Station), 70, 11.5f, p.label, 11.5f, true);
    // Bus, tram and taxi stops: small marks for the street-level views only.
    at(F::Stop) = symbol(p.station, p.station_line, 2.4f * lw, projector ? 16.5f : 16);
    labelled(at(F::Stop), 22, 10, p.label, 17);
    at(F::Place) = symbol({0, 0, 0, 0}, {0, 0, 0, 0}, 0, 0);
    labelled(at(F::Place), 95, 13, p.label, 10, true);
    // Neighbourhoods: names only, in the districts' colour, once the streets show.
    at(F::Neighbourhood) = symbol({0, 0, 0, 0}, {0, 0, 0, 0}, 0, 0);
    labelled(at(F::Neighbourhood), 68, 11.5f, p.label_district, 12.5f);
    at(F::Landmark) = symbol(p.landmark, p.landmark_line, 3.2f * lw, projector ? 14 : 13);
    labelled(at(F::Landmark), 40, 10.5f, p.label, 14);
    at(F::Peak) = symbol(p.peak, p.landmark_line, 3.6f * lw, 10);
    labelled(at(F::Peak), 42, 10.5f, p.label, 11);
    at(F::GenericPoint) = symbol(p.station, p.station_line, 4.0f, 0);
    labelled(at(F::GenericPoint), 20, 10.5f, p.label, 14);
    for (auto& s : c) s.label_colour.a = 1.0f;
    return t;
}

Palette light_palette() {
    Palette p;
    p.background = rgb(0xF2EFE9);
    p.landuse = rgb(0xEAE6DE);
    p.residential = rgb(0xE9E5DF);
    p.industrial = rgb(0xE8E0E4);
    p.grass = rgb(0xD9EDC6);
    p.forest = rgb(0xBFDCA9);
    p.park = rgb(0xC9E7B2);
    p.cemetery = rgb(0xD3E3CC);
    p.airport = rgb(0xE3E1EA);
    p.water = rgb(0xA8CDEB);
    p.waterline = rgb(0x8CBCE4);
    p.glacier = rgb(0xF4FAFD);
    p.building = rgb(0xDCD3CB);
    p.building_line = rgb(0xC9BDB2);
    p.district_line = rgb(0x9D79B3, 0.85f);
    p.district_fill = rgb(0x9D79B3, 0.0f);
    p.boundary = rgb(0x8B4FA6, 0.9f);
    p.motorway = rgb(0xE990A0);
    p.motorway_case = rgb(0xBC5E70);
    p.trunk = rgb(0xF6B49A);
    p.trunk_case = rgb(0xC77D62);
    p.primary = rgb(0xFCD59E);
    p.primary_case = rgb(0xC69C5E);
    p.secondary = rgb(0xF6F7B9);
    p.secondary_case = rgb(0xAFB07A);
    p.tertiary = rgb(0xFFFFFF);
    p.minor = rgb(0xFFFFFF);
    p.road_case = rgb(0xC9C1B4);
    p.service = rgb(0xFFFFFF);
    p.path = rgb(0xE2786A);
    p.track = rgb(0xA57C4B);
    p.rail = rgb(0xFFFFFF);
    p.rail_under = rgb(0x7A7A7A);
    p.tram = rgb(0x8A8A8A);
    p.label = rgb(0x2E2A26);
    p.label_road = rgb(0x3C3833);
    p.label_water = rgb(0x2F6BA8);
    p.label_park = rgb(0x3D7A32);
    p.label_district = rgb(0x6B4D7E);
    p.halo = rgb(0xFFFFFF, 0.92f);
    p.station = rgb(0xFFFFFF);
    p.station_line = rgb(0x3B3B3B);
    p.landmark = rgb(0x9A6B45);
    p.landmark_line = rgb(0xFFFFFF);
    p.peak = rgb(0x8C6A4A);
    p.ink = rgb(0x2B2B2B);
    p.paper = rgb(0xFFFFFF, 0.85f);
    return p;
}

Palette dark_palette() {
    Palette p;
    p.background = rgb(0x1D2026);
    p.landuse = rgb(0x22252B);
    p.residential = rgb(0x23262C);
    p.industrial = rgb(0x28252B);
    p.grass = rgb(0x1F2D24);
    p.forest = rgb(0x1C2D21);
    p.park = rgb(0x213628);
    p.cemetery = rgb(0x222E27);
    p.airport = rgb(0x272833);
    p.water = rgb(0x17354F);
    p.waterline = rgb(0x24557C);
    p.glacier = rgb(0x2E3540);
    p.building = rgb(0x2C3038);
    p.building_line = rgb(0x383D47);
    p.district_line = rgb(0xA78BC4, 0.6f);
    p.district_fill = rgb(0xA78BC4, 0.0f);
    p.boundary = rgb(0xB58AD0, 0.8f);
    p.motorway = rgb(0xD88A5E);  // bright enough to read as the network at z10-11
    p.motorway_case = rgb(0x1D2026);
    p.trunk = rgb(0xC6905F);
    p.trunk_case = rgb(0x1D2026);
    p.primary = rgb(0xA98F63);
    p.primary_case = rgb(0x1D2026);
    p.secondary = rgb(0x837D62);
    p.secondary_case = rgb(0x1D2026);
    p.tertiary = rgb(0x50545C);
    p.minor = rgb(0x43474F);
    p.road_case = rgb(0x1D2026);
    p.service = rgb(0x3A3E45);
    p.path = rgb(0x6E5A55);
    p.track = rgb(0x5E5140);
    p.rail = rgb(0x2A2D33);
    p.rail_under = rgb(0x7D818A);
    p.tram = rgb(0x6A6E76);
    p.label = rgb(0xDDE1E7);
    p.label_road = rgb(0xC4C8CF);
    p.label_water = rgb(0x7FB1DE);
    p.label_park = rgb(0x8CC090);
    p.label_district = rgb(0xC6AEDC);
    p.halo = rgb(0x1D2026, 0.9f);
    p.station = rgb(0x1D2026);
    p.station_line = rgb(0xE2E4E8);
    p.landmark = rgb(0xC9A27C);
    p.landmark_line = rgb(0x1D2026);
    p.peak = rgb(0xB59573);
    p.ink = rgb(0xE6E8EC);
    p.paper = rgb(0x1D2026, 0.8f);
    return p;
}

// High contrast for a projector in a lit room: white ground, saturated water and
// parks, black roads with a strong yellow for the main ones, few thin lines.
Palette projector_palette() {
    Palette p;
    p.background = rgb(0xFFFFFF);
    p.landuse = rgb(0xF4F4F4);
    p.residential = rgb(0xF4F4F4);
    p.industrial = rgb(0xEEEEEE);
    p.grass = rgb(0xA9DB8B);
    p.forest = rgb(0x86C96A);
    p.park = rgb(0x8FD174);
    p.cemetery = rgb(0xB8DDA8);
    p.airport = rgb(0xE2E2E2);
    p.water = rgb(0x3E95E0);
    p.waterline = rgb(0x1F7FD6);
    p.glacier = rgb(0xEEF6FB);
    p.building = rgb(0xD9D9D9);
    p.building_line = rgb(0xBDBDBD);
    p.district_line = rgb(0x7A2E9E, 0.9f);
    p.district_fill = rgb(0x7A2E9E, 0.0f);
    p.boundary = rgb(0x000000);
    p.motorway = rgb(0xE8452C);
    p.motorway_case = rgb(0x000000);
    p.trunk = rgb(0xF28C18);
    p.trunk_case = rgb(0x000000);
    p.primary = rgb(0xFFC20E);
    p.primary_case = rgb(0x000000);
    p.secondary = rgb(0xFFE66B);
    p.secondary_case = rgb(0x000000);
    p.tertiary = rgb(0xFFFFFF);
    p.minor = rgb(0xFFFFFF);
    p.road_case = rgb(0x555555);
    p.service = rgb(0xFFFFFF);
    p.path = rgb(0x888888);
    p.track = rgb(0x888888);
    p.rail = rgb(0xFFFFFF);
    p.rail_under = rgb(0x000000);
    p.tram = rgb(0x444444);
    p.label = rgb(0x000000);
    p.label_road = rgb(0x000000);
    p.label_water = rgb(0x0A4C8C);
    p.label_park = rgb(0x1B5E10);
    p.label_district = rgb(0x5A1A7A);
    p.halo = rgb(0xFFFFFF);
    p.station = rgb(0xFFFFFF);
    p.station_line = rgb(0x000000);
    p.landmark = rgb(0x000000);
    p.landmark_line = rgb(0xFFFFFF);
    p.peak = rgb(0x5A3A1A);
    p.ink = rgb(0x000000);
    p.paper = rgb(0xFFFFFF, 0.92f);
    return p;
}
}  // namespace

const MapTheme& theme(Theme id) noexcept {
    static const MapTheme light = build(Theme::Light, light_palette());
    static const MapTheme dark = build(Theme::Dark, dark_palette());
    static const MapTheme projector = build(Theme::Projector, projector_palette());
    switch (id) {
        case Theme::Light: return light;
        case Theme::Dark: return dark;
        case Theme::Projector: return projector;
    }
    return light;
}

}  // namespace atlas
