#pragma once
// How the basemap looks: feature classes (derived from OpenStreetMap's
// free-shapefile `fclass` values and from layer names), and three themes
// (light, dark, high-contrast projector) that give each class its colours,
// widths in screen pixels, zoom range and label style.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "geo/layer.hpp"
#include "model/theme.hpp"

namespace atlas {

struct Rgba {
    float r = 0, g = 0, b = 0, a = 1;
    friend bool operator==(const Rgba&, const Rgba&) = default;
};
[[nodiscard]] constexpr Rgba rgb(uint32_t hex, float a = 1.0f) noexcept {
    return {static_cast<float>((hex >> 16) & 0xFF) / 255.0f, static_cast<float>((hex >> 8) & 0xFF) / 255.0f,
            static_cast<float>(hex & 0xFF) / 255.0f, a};
}

// Style classes, in drawing order within a layer (earlier is drawn first, below).
enum class StyleClass : uint8_t {
    // areas
    Landuse, Residential, Industrial, Grass, Forest, Park, Cemetery, Airport, Water, Glacier, Building,
    District, CityBoundary, GenericArea,
    // lines
    Path, Track, Service, Minor, Tertiary, Secondary, Primary, Trunk, Motorway,
    Stream, Canal, River, Tram, Railway, GenericLine,
    // points
    Station, Stop, Place, Neighbourhood, Landmark, Peak, GenericPoint,
    Count
};
inline constexpr size_t kStyleClassCount = static_cast<size_t>(StyleClass::Count);

[[nodiscard]] const char* style_class_name(StyleClass c) noexcept;
[[nodiscard]] GeometryKind style_class_kind(StyleClass c) noexcept;

// The style class of every feature of a layer. OSM free-shapefile layers are
// classified by geo/osm_schema (the layer kind, then each feature's `fclass`);
// this maps those classes onto the renderer's, telling district borders from
// the city boundary. Layers outside the schema, and values osm_schema does not
// know, fall back on the layer's name ("districts", "rivers", "parks") and kind.
[[nodiscard]] std::vector<StyleClass> classify_layer(const Layer& layer);
// One feature, as classify_layer would class it in a layer of that name and kind.
[[nodiscard]] StyleClass classify_feature(GeometryKind kind, std::string_view layer_name, std::string_view fclass);

// Recognises a layer in OpenStreetMap's free-shapefile schema (osm_id, code, fclass, name).
[[nodiscard]] bool is_osm_schema(const Layer& layer) noexcept;

enum class LabelLanguage : uint8_t { English, Russian, Kazakh };
[[nodiscard]] const char* language_code(LabelLanguage l) noexcept;  // "en", "ru", "kk"
[[nodiscard]] bool parse_language(std::string_view code, LabelLanguage& out) noexcept;

struct ClassStyle {
    Rgba fill{0, 0, 0, 0};      // areas: fill; points: symbol fill
    Rgba line{0, 0, 0, 0};      // lines: colour; areas: outline; points: symbol outline
    float width = 0;            // line or outline width in pixels at zoom 14 (0: none)
    float width_growth = 0.5f;  // width doubles every 1/width_growth zoom levels
    float min_width = 0.5f, max_width = 40.0f;
    Rgba casing{0, 0, 0, 0};
    float casing_width = 0;     // extra pixels each side of the line (0: no casing)
    float dash = 0, gap = 0;    // pixels; 0: solid
    Rgba dash_under{0, 0, 0, 0};  // two-tone railways: this under the dashes
    float min_zoom = 0, max_zoom = 99;
    // Zoom levels over which lines of the class come in, from faint at
    // min_zoom to full (0: at once). Footpaths enter quietly at street zoom
    // instead of netting the map in red the moment they appear.
    float fade_in_zooms = 0;
    float symbol = 0;           // point symbol radius in pixels
    // Labels
    int label_priority = 0;     // higher wins; 0: not labelled
    float label_size = 12;      // pixels
    bool label_bold = false;
    bool label_upper = false;   // district names in capitals, letter-spaced
    Rgba label_colour{0, 0, 0, 1};
    float label_min_zoom = 0;
};

struct MapTheme {
    Theme id = Theme::Light;
    Rgba background;
    Rgba halo;                  // label halo
    float halo_px = 1.6f;
    float label_scale = 1.0f;   // every label size times this
    Rgba overlay_ink, overlay_paper;  // scale bar, north arrow
    std::array<ClassStyle, kStyleClassCount> classes;

    [[nodiscard]] const ClassStyle& style(StyleClass c) const noexcept { return classes[static_cast<size_t>(c)]; }
    // Width in logical pixels of a line class at a zoom (before the pixel ratio).
    [[nodiscard]] float line_width(StyleClass c, double zoom) const noexcept;
    // Pixels of casing each side of a line at `zoom`: the class's casing_width up to
    // zoom 15, then growing with the road (x2.5 at zoom 18), so that a wide street
    // still shows its edge.
    [[nodiscard]] float casing_width(StyleClass c, double zoom) const noexcept;
    // How much of its line colour's opacity a class shows at `zoom`: 1, or for a
    // class that fades in, from 0.35 at its min_zoom to 1 fade_in_zooms later.
    [[nodiscard]] float line_opacity(StyleClass c, double zoom) const noexcept;
    // Label size in logical pixels at `zoom` (before label_scale and the pixel
    // ratio): the class's label_size; names written along lines (streets,
    // rivers) grow past zoom 16, a quarter larger at 18, to stay in scale with
    // the widening road at street level.
    [[nodiscard]] float label_size(StyleClass c, double zoom, bool along_a_line) const noexcept;
};

[[nodiscard]] const MapTheme& theme(Theme id) noexcept;

}  // namespace atlas
