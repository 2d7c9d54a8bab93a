#include "ui/draw_util.hpp"

#include <algorithm>

namespace atlas::ui {

void draw_marker(ImDrawList* dl, ImVec2 c, float r, MarkerShape shape, uint32_t colour, bool hollow,
                 uint32_t outline) {
    // The map's shapes (core/categories.hpp), filled, with a thin outline; hollow: a thicker ring in the colour.
    for (const MarkerPolygon& poly : marker_polygons(shape)) {
        ImVec2 pts[32];
        const int n = static_cast<int>(std::min<size_t>(poly.size(), 32));
        for (int i = 0; i < n; ++i) pts[i] = ImVec2(c.x + r * poly[static_cast<size_t>(i)][0], c.y - r * poly[static_cast<size_t>(i)][1]);
        if (!hollow) dl->AddConvexPolyFilled(pts, n, colour);
        if (hollow || shape != MarkerShape::Cross) dl->AddPolyline(pts, n, hollow ? colour : outline, ImDrawFlags_Closed, hollow ? 2.5f : 1.0f);
    }
}

void marker_glyph(const CategoryStyle& style, float radius, bool hollow) {
    const float h = ImGui::GetTextLineHeight();
    if (radius <= 0) radius = h * 0.36f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(h, h));
    draw_marker(ImGui::GetWindowDrawList(), ImVec2(p.x + h * 0.5f, p.y + h * 0.5f), radius, style.shape,
                style.color.abgr(), hollow);
}

size_t utf8_offset(std::string_view text, int64_t cp) noexcept {
    size_t i = 0;
    for (int64_t k = 0; k < cp && i < text.size(); ++k) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    return i;
}

void text_wrapped_highlight(std::string_view text, size_t hl_begin, size_t hl_end, uint32_t highlight) {
    // Lays the text out word by word so the highlighted run can sit on its own background.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float wrap_x = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    const float left = ImGui::GetCursorScreenPos().x;
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float space = ImGui::CalcTextSize(" ").x;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImU32 col = ImGui::GetColorU32(ImGuiCol_Text);
    size_t i = 0;
    bool first = true;
    while (i < text.size()) {
        size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != '\n') ++j;
        // Split a word at the highlight's edges so each piece has one look.
        size_t k = i;
        float word_w = ImGui::CalcTextSize(text.data() + i, text.data() + j).x;
        if (!first && pos.x + word_w > wrap_x && pos.x > left) {
            pos.x = left;
            pos.y += line_h;
        }
        while (k < j) {
            size_t e = j;
            if (k < hl_begin && hl_begin < j) e = hl_begin;
            else if (k < hl_end && hl_end < j) e = hl_end;
            const bool hl = k >= hl_begin && k < hl_end;
            const ImVec2 sz = ImGui::CalcTextSize(text.data() + k, text.data() + e);
            if (hl) dl->AddRectFilled(ImVec2(pos.x - 1, pos.y), ImVec2(pos.x + sz.x + 1, pos.y + sz.y), highlight);
            dl->AddText(pos, col, text.data() + k, text.data() + e);
            pos.x += sz.x;
            k = e;
        }
        first = false;
        if (j < text.size() && text[j] == '\n') {
            pos.x = left;
            pos.y += line_h;
        } else if (j < text.size()) {
            const bool hl = j >= hl_begin && j + 1 <= hl_end && j > hl_begin;
            if (hl) dl->AddRectFilled(ImVec2(pos.x, pos.y), ImVec2(pos.x + space, pos.y + line_h - 2), highlight);
            pos.x += space;
        }
        i = j < text.size() ? j + 1 : j;
    }
    ImGui::SetCursorScreenPos(ImVec2(left, pos.y));
    ImGui::Dummy(ImVec2(wrap_x - left, line_h));
}

std::string edit_error(const std::function<void()>& step) {
    try {
        step();
        return {};
    } catch (const std::exception& e) {  // atlas::Error, or a library's complaint
        return e.what();
    }
}

}  // namespace atlas::ui
