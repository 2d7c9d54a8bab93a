#pragma once
// Small drawing helpers the panels share: category marker glyphs (the same
// shapes the map draws), wrapped text with highlighted runs, UTF-8 offsets.
#include <imgui.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/categories.hpp"

namespace atlas::ui {

// A marker glyph for a legend, list or timeline: shape and colour from categories.hpp.
void draw_marker(ImDrawList* dl, ImVec2 centre, float radius, MarkerShape shape, uint32_t colour,
                 bool hollow = false, uint32_t outline = 0xFF202020);
// A legend entry's glyph inline with text (advances the cursor).
void marker_glyph(const CategoryStyle& style, float radius = 0, bool hollow = false);

// Wrapped text where [hl_begin, hl_end) (byte offsets) is drawn on a highlight.
// Text from data is never a format string here.
void text_wrapped_highlight(std::string_view text, size_t hl_begin, size_t hl_end, uint32_t highlight);

// Byte offset of the code point `cp` in UTF-8 text (clamped to the end).
size_t utf8_offset(std::string_view text, int64_t cp) noexcept;

// Runs an edit step; "" when it was done, else why it was refused (the
// atlas::Error's message, shown in the panel where the fault is).
std::string edit_error(const std::function<void()>& step);

}  // namespace atlas::ui
