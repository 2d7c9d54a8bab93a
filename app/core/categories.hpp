#pragma once
// The one place that says how a category looks: its label, its colour (the
// Okabe-Ito palette, safe for colour-blind viewers) and its marker shape.
// The map, the timeline, legends, KML styles and exports all ask here.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace atlas {

enum class MarkerShape : uint8_t { Circle, Square, Triangle, Diamond, Star, Cross, Hexagon, InvertedTriangle };

// A marker's shape as convex polygons in units of the marker radius, y up: the
// shapes the map's shader draws as signed distances (render/event_layer.cpp
// kMarkerFS), and what legends, lists and the timeline fill as polygons.
using MarkerPolygon = std::vector<std::array<float, 2>>;
[[nodiscard]] std::vector<MarkerPolygon> marker_polygons(MarkerShape shape);

// 8-bit sRGB colour (render/style.hpp has the renderer's float colour).
struct Rgba8 {
    uint8_t r = 0, g = 0, b = 0, a = 255;
    friend bool operator==(const Rgba8&, const Rgba8&) = default;
    [[nodiscard]] uint32_t abgr() const noexcept {  // ImGui's IM_COL32 layout
        return static_cast<uint32_t>(r) | static_cast<uint32_t>(g) << 8 | static_cast<uint32_t>(b) << 16 |
               static_cast<uint32_t>(a) << 24;
    }
    [[nodiscard]] std::string hex() const;  // "#rrggbb"
};

struct CategoryStyle {
    std::string_view id;
    std::string_view label;
    Rgba8 color;
    MarkerShape shape;
};

// Style of a category id; user-defined categories get a stable colour and
// shape derived from their name.
CategoryStyle category_style(std::string_view id);

// The built-in categories in legend order.
inline constexpr size_t kBuiltinCategoryCount = 6;
const CategoryStyle& builtin_category(size_t i);

}  // namespace atlas
