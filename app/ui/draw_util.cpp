#include "ui/draw_util.hpp"

#include <cmath>
#include <numbers>

namespace atlas::ui {

namespace {
void polygon(ImDrawList* dl, ImVec2 c, float r, int n, float a0, uint32_t fill, uint32_t outline, bool hollow) {
    ImVec2 pts[8];
    for (int i = 0; i < n; ++i) {
        const float a = a0 + 2.0f * std::numbers::pi_v<float> * static_cast<float>(i) / static_cast<float>(n);
        pts[i] = ImVec2(c.x + r * std::cos(a), c.y - r * std::sin(a));
    }
    if (!hollow) dl->AddConvexPolyFilled(pts, n, fill);
    dl->AddPolyline(pts, n, hollow ? fill : outline, ImDrawFlags_Closed, hollow ? 2.5f : 1.0f);
}
}  // namespace

void draw_marker(ImDrawList* dl, ImVec2 c, float r, MarkerShape shape, uint32_t colour, bool hollow,
                 uint32_t outline) {
    constexpr float pi = std::numbers::pi_v<float>;
    switch (shape) {
    case MarkerShape::Circle:
        if (!hollow) dl->AddCircleFilled(c, r * 0.9f, colour, 20);
        dl->AddCircle(c, r * 0.9f, hollow ? colour : outline, 20, hollow ? 2.5f : 1.0f);
        break;
    case MarkerShape::Square: polygon(dl, c, r * 1.1f, 4, pi / 4, colour, outline, hollow); break;
    case MarkerShape::Triangle: polygon(dl, c, r * 1.15f, 3, pi / 2, colour, outline, hollow); break;
    case MarkerShape::Diamond: polygon(dl, c, r * 1.1f, 4, 0, colour, outline, hollow); break;
    case MarkerShape::Star:
        polygon(dl, c, r * 1.1f, 3, pi / 2, colour, outline, hollow);
        polygon(dl, c, r * 1.1f, 3, -pi / 2, colour, outline, hollow);
        break;
    case MarkerShape::Cross:
        dl->AddRectFilled(ImVec2(c.x - r, c.y - r * 0.34f), ImVec2(c.x + r, c.y + r * 0.34f), colour);
        dl->AddRectFilled(ImVec2(c.x - r * 0.34f, c.y - r), ImVec2(c.x + r * 0.34f, c.y + r), colour);
        break;
    case MarkerShape::Hexagon: polygon(dl, c, r, 6, pi / 6, colour, outline, hollow); break;
    case MarkerShape::InvertedTriangle: polygon(dl, c, r * 1.15f, 3, -pi / 2, colour, outline, hollow); break;
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

}  // namespace atlas::ui
