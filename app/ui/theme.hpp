#pragma once
// The explorer's looks: light for the desk, dark for the evening, projector
// for a talk (high contrast, heavier lines). One place sets ImGui's colours
// and says what the map's background and overlays use.
#include <cstdint>

#include "model/theme.hpp"

namespace atlas::ui {

// Applies ImGui colours and sizes for the theme; `scale` is the content scale.
void apply_theme(Theme t, float scale);

// Colours the panels draw with (ImGui's IM_COL32 layout); the map's own are render/style.hpp's.
struct Palette {
    uint32_t text, text_dim;
    uint32_t cursor;           // timeline scrub cursor
    uint32_t window_band;      // sliding time window
    uint32_t future_shade;     // timeline after the cursor
    uint32_t histogram;
    uint32_t highlight;        // quotation inside its paragraph
    uint32_t selection;        // outline of selected items
};
[[nodiscard]] const Palette& palette(Theme t) noexcept;

}  // namespace atlas::ui
