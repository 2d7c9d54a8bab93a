#pragma once
// The explorer: the map, the timeline, the evidence, the event list and the
// filters, laid out in a fixed arrangement that adapts to the viewport (ImGui
// 1.86 has no docking). Views read the AppModel; what the user does comes back
// to it as commands, so every view stays in step.
#include <imgui.h>

#include <functional>

#include "model/app_model.hpp"
#include "ui/event_list.hpp"
#include "ui/excerpt_panel.hpp"
#include "ui/filters_panel.hpp"
#include "ui/input.hpp"
#include "ui/map_panel.hpp"
#include "ui/theme.hpp"
#include "ui/timeline.hpp"

namespace atlas::ui {

class Explorer {
public:
    explicit Explorer(AppModel& model) : model_(model) {}  // needs a current GL context (map panel)

    // Advances playback by dt seconds; true while something animates.
    bool update(double dt);
    // Draws every panel inside the rectangle (screen coordinates).
    // `keys`: the presses since the last frame, from the window's queue (Space plays and pauses).
    void draw(ImVec2 pos, ImVec2 size, const KeyPresses& keys);

    Theme theme = Theme::Light;
    // Editing hooks around the map panel, called inside the map window with the
    // map's top-left and size: `map_input` before the panel (items it submits
    // take the mouse first), `map_overlay` after it (drawing over the map).
    std::function<void(ImVec2 origin, ImVec2 size)> map_input, map_overlay;
    [[nodiscard]] MapPanel& map() noexcept { return map_; }
    [[nodiscard]] Timeline& timeline() noexcept { return timeline_; }
    [[nodiscard]] FiltersPanel& filters() noexcept { return filters_; }
    [[nodiscard]] ExcerptPanel& excerpts() noexcept { return excerpts_; }
    [[nodiscard]] AppModel& model() noexcept { return model_; }

    // Where each panel went in the last frame (tests aim their clicks with these).
    struct Layout {
        ImVec2 map_pos, map_size, timeline_pos, timeline_size, left_pos, left_size, right_pos, right_size;
    };
    [[nodiscard]] const Layout& layout() const noexcept { return layout_; }

private:
    AppModel& model_;
    MapPanel map_;
    Timeline timeline_;
    ExcerptPanel excerpts_;
    EventList list_;
    FiltersPanel filters_;
    Layout layout_{};
    int right_tab_ = 0;
};

}  // namespace atlas::ui
