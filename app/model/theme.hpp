#pragma once
// The program's looks, one type for every place that draws: light for the
// desk, dark for the evening, projector for a talk (high contrast, heavier
// lines). The map's colours for each are in render/style.hpp, the panels'
// in ui/theme.hpp, the slides' in render/slide_overlay.hpp.
#include <cstdint>
#include <string_view>

namespace atlas {

enum class Theme : uint8_t { Light, Dark, Projector };

// "light", "dark", "projector" (settings, the command line).
[[nodiscard]] const char* theme_name(Theme t) noexcept;
[[nodiscard]] bool parse_theme(std::string_view name, Theme& out) noexcept;
// Light ink on a dark ground.
[[nodiscard]] constexpr bool is_dark(Theme t) noexcept { return t == Theme::Dark; }

}  // namespace atlas
