#include "ui/explorer.hpp"

#include <algorithm>

namespace atlas::ui {

namespace {
constexpr ImGuiWindowFlags kPanel = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

void place(ImVec2 pos, ImVec2 size) {
    ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
}
}  // namespace

bool Explorer::update(double dt) {
    model_.update(dt);
    const bool flying = model_.advance_flight(dt);
    return model_.playback().playing || map_.gliding() || flying;
}

void Explorer::draw(ImVec2 pos, ImVec2 size, const KeyPresses& keys) {
    const ImGuiIO& io = ImGui::GetIO();
    const float fs = ImGui::GetFontSize();

    // Keys that work anywhere outside a text field.
    if (!io.WantTextInput) {
        // Each tap counts, however slow the frame that follows it.
        if (!ImGui::IsAnyItemActive())
            for (int n = count_presses(keys, ImGui::GetKeyIndex(ImGuiKey_Space), false); n > 0; --n) model_.toggle_play();
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) model_.clear_selection();
    }

    // Fixed arrangement: filters and list on the left, evidence on the right,
    // the map between them, the timeline along the bottom.
    const float timeline_h = std::clamp(size.y * 0.3f, fs * 11.0f, fs * 20.0f);
    const float left_w = std::clamp(size.x * 0.2f, fs * 15.0f, fs * 24.0f);
    const float right_w = std::clamp(size.x * 0.25f, fs * 17.0f, fs * 30.0f);
    const float top_h = size.y - timeline_h;
    const float map_w = std::max(fs * 10.0f, size.x - left_w - right_w);
    layout_.left_pos = pos;
    layout_.left_size = ImVec2(left_w, top_h);
    layout_.map_pos = ImVec2(pos.x + left_w, pos.y);
    layout_.map_size = ImVec2(map_w, top_h);
    layout_.right_pos = ImVec2(pos.x + left_w + map_w, pos.y);
    layout_.right_size = ImVec2(size.x - left_w - map_w, top_h);
    layout_.timeline_pos = ImVec2(pos.x, pos.y + top_h);
    layout_.timeline_size = ImVec2(size.x, timeline_h);

    // Left: filters above, the list below.
    const float filters_h = std::min(top_h * 0.5f, fs * 22.0f);
    place(pos, ImVec2(left_w, filters_h));
    if (ImGui::Begin("Filters###filters", nullptr, kPanel)) filters_.draw(model_, theme);
    ImGui::End();
    place(ImVec2(pos.x, pos.y + filters_h), ImVec2(left_w, top_h - filters_h));
    if (ImGui::Begin("Events###events", nullptr, kPanel)) list_.draw(model_, theme);
    ImGui::End();

    // Right: the evidence for the selection, or one source's events.
    place(layout_.right_pos, layout_.right_size);
    if (ImGui::Begin("Evidence###evidence", nullptr, kPanel)) {
        if (excerpts_.requested_source_view) {
            right_tab_ = 1;
        }
        if (ImGui::BeginTabBar("##right_tabs")) {
            const bool force_source = excerpts_.requested_source_view;
            excerpts_.requested_source_view = false;
            if (ImGui::BeginTabItem("Event##tab_event")) {
                right_tab_ = 0;
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Source##tab_source", nullptr, force_source ? ImGuiTabItemFlags_SetSelected : 0)) {
                right_tab_ = 1;
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
        ImGui::BeginChild("##right_body");
        if (right_tab_ == 0) excerpts_.draw(model_, theme);
        else excerpts_.draw_source_view(model_, theme);
        ImGui::EndChild();
    }
    ImGui::End();

    // Centre: the map, edge to edge.
    place(layout_.map_pos, layout_.map_size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    if (ImGui::Begin("Map###map", nullptr,
                     kPanel | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                         ImGuiWindowFlags_NoScrollWithMouse)) {
        const ImVec2 origin = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
        if (map_input) {
            map_input(origin, avail);
            ImGui::SetCursorScreenPos(origin);
        }
        map_.draw(model_, theme, avail);
        if (map_overlay) map_overlay(origin, avail);
    }
    ImGui::End();
    ImGui::PopStyleVar();

    // Bottom: the timeline.
    place(layout_.timeline_pos, layout_.timeline_size);
    if (ImGui::Begin("Timeline###timeline", nullptr,
                     kPanel | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                         ImGuiWindowFlags_NoScrollWithMouse)) {
        timeline_.draw(model_, theme);
    }
    ImGui::End();
}

}  // namespace atlas::ui
