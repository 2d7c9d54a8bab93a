#include "core/categories.hpp"

#include <array>
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

}  // namespace atlas
