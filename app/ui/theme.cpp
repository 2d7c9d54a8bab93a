#include "ui/theme.hpp"

#include <imgui.h>

namespace atlas::ui {

namespace {
constexpr uint32_t rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
    return static_cast<uint32_t>(r) | static_cast<uint32_t>(g) << 8 | static_cast<uint32_t>(b) << 16 |
           static_cast<uint32_t>(a) << 24;
}
constexpr Palette kLight{rgba(20, 20, 24), rgba(100, 100, 110), rgba(200, 30, 40),
                         rgba(200, 30, 40, 40), rgba(0, 0, 0, 22), rgba(70, 80, 100, 220),
                         rgba(255, 214, 90, 170), rgba(20, 20, 24)};
constexpr Palette kDark{rgba(235, 235, 235), rgba(160, 160, 170), rgba(255, 90, 90),
                        rgba(255, 90, 90, 45), rgba(0, 0, 0, 70), rgba(170, 180, 200, 220),
                        rgba(150, 110, 0, 200), rgba(250, 250, 250)};
constexpr Palette kProjector{rgba(0, 0, 0), rgba(60, 60, 60), rgba(220, 0, 0),
                             rgba(220, 0, 0, 50), rgba(0, 0, 0, 30), rgba(40, 40, 60, 180),
                             rgba(255, 220, 0, 200), rgba(0, 0, 0)};
}  // namespace

const Palette& palette(Theme t) noexcept {
    switch (t) {
    case Theme::Dark: return kDark;
    case Theme::Projector: return kProjector;
    case Theme::Light: break;
    }
    return kLight;
}

void apply_theme(Theme t, float scale) {
    ImGuiStyle style;
    if (t == Theme::Dark) {
        ImGui::StyleColorsDark(&style);
    } else {
        ImGui::StyleColorsLight(&style);
    }
    style.WindowRounding = 0;
    style.FrameRounding = 3;
    style.GrabRounding = 3;
    style.WindowBorderSize = 1;
    style.FramePadding = ImVec2(6, 4);
    style.ItemSpacing = ImVec2(8, 5);
    if (t == Theme::Projector) {
        style.FrameBorderSize = 1;
        style.Colors[ImGuiCol_Text] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_Border] = ImVec4(0, 0, 0, 0.6f);
    }
    if (t == Theme::Light) style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

}  // namespace atlas::ui
