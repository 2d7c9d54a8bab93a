#include "core/categories.hpp"

#include <array>
#include <cmath>
#include <cstdio>

#include "core/event.hpp"

namespace atlas {

namespace {
// Okabe & Ito (2008), "Color Universal Design": distinguishable under the
// common forms of colour blindness.
constexpr std::array<CategoryStyle, kBuiltinCategoryCount> kBuiltin = {{
    {category::demolition, "Demolition", {213, 94, 0, 255}, MarkerShape::Square},          // vermillion
    {category::eviction, "Eviction", {230, 159, 0, 255}, MarkerShape::Triangle},           // orange
    {category::protest, "Protest", {0, 114, 178, 255}, MarkerShape::Circle},               // blue
    {category::arrest, "Arrest or repression", {204, 121, 167, 255}, MarkerShape::Diamond},// reddish purple
    {category::construction, "Construction or history", {0, 158, 115, 255}, MarkerShape::Hexagon}, // bluish green
    {category::decision, "Official decision", {86, 180, 233, 255}, MarkerShape::Star},   // sky blue
}};

constexpr std::array<Rgba8, 4> kExtra = {{{240, 228, 66, 255}, {120, 120, 120, 255}, {150, 90, 40, 255}, {0, 0, 0, 255}}};
}  // namespace

std::string Rgba8::hex() const {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
    return buf;
}

const CategoryStyle& builtin_category(size_t i) { return kBuiltin.at(i); }

CategoryStyle category_style(std::string_view id) {
    for (const auto& c : kBuiltin)
        if (c.id == id) return c;
    // FNV-1a of the name picks a stable colour and shape for user categories.
    uint32_t h = 2166136261u;
    for (unsigned char ch : id) h = (h ^ ch) * 16777619u;
    return {id, id, kExtra[h % kExtra.size()], static_cast<MarkerShape>(h % 8)};
}

// [SECTION] Marker shapes

namespace {
MarkerPolygon regular(int n, float first_vertex_angle, float circumradius, float dy = 0) {
    MarkerPolygon p;
    for (int i = 0; i < n; ++i) {
        const float a = first_vertex_angle + 6.2831853f * static_cast<float>(i) / static_cast<float>(n);
        p.push_back({circumradius * std::cos(a), circumradius * std::sin(a) + dy});
    }
    return p;
}
MarkerPolygon box(float hx, float hy) { return {{-hx, -hy}, {hx, -hy}, {hx, hy}, {-hx, hy}}; }
}  // namespace

std::vector<MarkerPolygon> marker_polygons(MarkerShape shape) {
    constexpr float kUp = 1.5707963f, kDown = -1.5707963f;
    switch (shape) {
    case MarkerShape::Circle: return {regular(28, 0, 0.9f)};
    case MarkerShape::Square: return {box(0.8f, 0.8f)};
    case MarkerShape::Triangle: return {regular(3, kUp, 1.2f, -0.12f)};
    case MarkerShape::Diamond: return {regular(4, 0, 0.78f * 1.41421356f)};
    case MarkerShape::Star: return {regular(3, kUp, 1.1f), regular(3, kDown, 1.1f)};
    case MarkerShape::Cross: return {box(1.0f, 0.34f), box(0.34f, 1.0f)};
    case MarkerShape::Hexagon: return {regular(6, 0.5235988f, 0.88f / 0.8660254f)};
    case MarkerShape::InvertedTriangle: break;
    }
    return {regular(3, kDown, 1.2f, 0.12f)};
}

}  // namespace atlas
