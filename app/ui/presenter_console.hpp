#pragma once
// The presenter's console, drawn with ImGui into whatever window the current
// ImGui context belongs to (the platform gives it a window of its own): the
// slide as the audience sees it, the next one (or "end of story"), the notes
// in large type in a scrolling box, slide n of N, the clock, the elapsed time
// with pause and reset, the slide's planned and last rehearsed time, and a
// strip of all slides to jump to. What it shows comes from
// presenter_console_state (model/presenter_clock.hpp); what the presenter
// clicked comes back as actions for the presentation to carry out.
#include <imgui.h>

#include <string>

#include "model/presenter_clock.hpp"

namespace atlas::ui {

struct PresenterConsoleView {
    ImTextureID current = nullptr;  // the audience's picture (GL texture, rows bottom-up)
    float current_aspect = 16.0f / 9.0f;
    ImTextureID next = nullptr;     // the next slide as presented; null at the end
    float next_aspect = 16.0f / 9.0f;
    ImFont* bold = nullptr;
    ImFont* notes = nullptr;
    ImFont* big = nullptr;
    std::string clock;              // "14:05"
};

struct PresenterConsoleActions {
    long jump_to = -1;              // a slide clicked in the strip
    bool toggle_pause = false;
    bool reset = false;
    bool swap = false;              // the other window to the front
};

PresenterConsoleActions draw_presenter_console(const PresenterConsoleState& state, const PresenterConsoleView& view);

}  // namespace atlas::ui
