#include "ui/map_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "core/categories.hpp"
#include "core/time.hpp"
#include "render/overlays.hpp"
#include "render/style.hpp"
#include "ui/draw_util.hpp"

namespace atlas::ui {

MapPanel::MapPanel() : scene_(std::make_shared<SceneRenderer>(nullptr)) {}

void MapPanel::render_scene(const AppModel& model, Theme theme, gl::RenderTarget& target) {
    scene_->marker_radius_px = style.marker_radius_px;
    scene_->show_uncertainty = style.show_uncertainty;
    scene_->show_clusters = style.show_clusters;
    scene_->fade_seconds = style.fade_seconds;
    target.bind();
    scene_->draw_reusing_basemap(model, model.map_view, theme, basemap_, target.samples());
    target.resolve();
}

void MapPanel::draw(AppModel& model, Theme theme, ImVec2 size) {
    const ImGuiIO& io = ImGui::GetIO();
    const float ratio = std::max(1.0f, io.DisplayFramebufferScale.x);
    size.x = std::max(size.x, 16.0f);
    size.y = std::max(size.y, 16.0f);
    origin_ = ImGui::GetCursorScreenPos();
    size_ = size;
    model.map_view.width_px = std::round(size.x * ratio);
    model.map_view.height_px = std::round(size.y * ratio);
    model.map_view.pixel_ratio = ratio;
    if (fit_pending_) {
        fit_pending_ = false;
        model.fit_map_all();
    }

    // Follow the selection: recentre when it changes (from the list, the timeline or here).
    if (model.follow_selection && followed_selection_ != model.selection_version()) {
        followed_selection_ = model.selection_version();
        if (!model.selection().empty() && !selection_from_map_) model.frame_selection_on_map();
    }
    followed_selection_ = model.selection_version();
    selection_from_map_ = false;

    // Interaction first so this frame's picture shows its result.
    ImGui::InvisibleButton("##map_input", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    handle_input(model, ratio);

    target_.resize(static_cast<int>(model.map_view.width_px), static_cast<int>(model.map_view.height_px), 4);
    render_scene(model, theme, target_);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(target_.texture())), origin_,
                 ImVec2(origin_.x + size.x, origin_.y + size.y), ImVec2(0, 1), ImVec2(1, 0));

    // The basemap is OpenStreetMap data: its licence (ODbL) asks for the credit wherever it is shown.
    {
        const std::string& credit = osm_credit();
        const ImVec2 ts = ImGui::CalcTextSize(credit.c_str());
        const ImVec2 p1(origin_.x + size.x, origin_.y + size.y);
        const ImVec2 p0(p1.x - ts.x - 10.0f, p1.y - ts.y - 4.0f);
        const bool dark = is_dark(theme);
        dl->AddRectFilled(p0, p1, dark ? IM_COL32(29, 32, 38, 190) : IM_COL32(255, 255, 255, 190));
        dl->AddText(ImVec2(p0.x + 5.0f, p0.y + 2.0f), dark ? IM_COL32(230, 232, 236, 255) : IM_COL32(43, 43, 43, 255),
                    credit.c_str());
    }
    if (show_legend) draw_legend(model, theme);
    if (ImGui::IsItemHovered() && model.hover()) draw_tooltip(model, *model.hover());
}

void MapPanel::handle_input(AppModel& model, float ratio) {
    const ImGuiIO& io = ImGui::GetIO();
    MapView& v = model.map_view;
    const bool hovered = ImGui::IsItemHovered();
    const double mx = (io.MousePos.x - origin_.x) * ratio, my = (io.MousePos.y - origin_.y) * ratio;

    // Drag pans; letting go while moving keeps the map gliding a moment (inertia),
    // with the speed smoothed over the last frames and decaying in about 0.3 s.
    const double dt = std::max(1e-3, static_cast<double>(io.DeltaTime));
    // The user's own move takes the map from a flight under way.
    if (ImGui::IsItemActive() || (hovered && io.MouseWheel != 0.0f)) model.stop_flight();
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
        v.pan_pixels(io.MouseDelta.x * ratio, io.MouseDelta.y * ratio);
        fling_vx_ = 0.6 * fling_vx_ + 0.4 * io.MouseDelta.x * ratio / dt;
        fling_vy_ = 0.6 * fling_vy_ + 0.4 * io.MouseDelta.y * ratio / dt;
    } else if (ImGui::IsItemActive() || io.MouseWheel != 0.0f) {
        fling_vx_ = fling_vy_ = 0;  // a press or a zoom stops the glide
    } else if (gliding()) {
        v.pan_pixels(fling_vx_ * dt, fling_vy_ * dt);
        const double decay = std::exp(-dt / 0.3);
        fling_vx_ *= decay;
        fling_vy_ *= decay;
        if (!gliding()) fling_vx_ = fling_vy_ = 0;
    }
    if (hovered && io.MouseWheel != 0.0f) v.zoom_about(io.MouseWheel * 0.5, mx, my);
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) v.zoom_about(1.0, mx, my);

    // Keys act on the map while its window is focused (the timeline takes the arrows when it is).
    if (ImGui::IsWindowFocused() && !io.WantTextInput) {
        const double step = 120.0 * ratio;
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) v.pan_pixels(step, 0);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) v.pan_pixels(-step, 0);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) v.pan_pixels(0, step);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) v.pan_pixels(0, -step);
        for (ImWchar c : io.InputQueueCharacters) {
            if (c == '+' || c == '=') v.zoom_about(0.5, v.width_px / 2, v.height_px / 2);
            if (c == '-' || c == '_') v.zoom_about(-0.5, v.width_px / 2, v.height_px / 2);
        }
    }

    // Hover and click: the spatial index finds what is under the pointer.
    std::optional<uint32_t> under;
    if (hovered && !ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) under = model.pick_event(mx, my);
    model.set_hover(under);
    if (ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[0] < 9.0f) {
        if (under) {
            selection_from_map_ = true;
            model.select(*under, io.KeyCtrl || io.KeyShift);
        } else if (auto c = model.pick_cluster(mx, my)) {
            const Cluster& cl = model.clusters().clusters[*c];
            const MapView::Screen s = v.to_screen(MercatorXY{cl.x, cl.y});
            v.zoom_about(2.0, s.x, s.y);
            v.center = {cl.x, cl.y};
        } else if (!io.KeyCtrl) {
            model.clear_selection();
        }
    }
}

void MapPanel::draw_legend(const AppModel& model, Theme theme) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float lh = ImGui::GetTextLineHeight();
    const Palette& pal = palette(theme);
    int rows = 0;
    float width = 0;
    for (size_t i = 0; i < model.categories().size(); ++i) {
        if (model.category_counts()[i] == 0) continue;
        ++rows;
        width = std::max(width, ImGui::CalcTextSize(category_style(model.categories()[i]).label.data(),
                                                    category_style(model.categories()[i]).label.data() +
                                                        category_style(model.categories()[i]).label.size()).x);
    }
    const char* kHollow = "placed to an area";
    const char* kDisc = "uncertainty";
    width = std::max({width, ImGui::CalcTextSize(kHollow).x, ImGui::CalcTextSize(kDisc).x});
    const float pad = lh * 0.5f;
    const float box_w = width + lh * 2.0f + pad * 2;
    const float box_h = (static_cast<float>(rows) + 2) * (lh + 3) + pad * 2;
    const uint32_t bg = is_dark(theme) ? IM_COL32(25, 25, 30, 215) : IM_COL32(255, 255, 255, 220);
    // "14 of 31 events" on the map, top right.
    const auto draw_count = [&] {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%zu of %zu events", model.visible_count(), model.event_count());
        const ImVec2 ts = ImGui::CalcTextSize(buf);
        const ImVec2 q0(origin_.x + size_.x - ts.x - pad * 3, origin_.y + pad);
        dl->AddRectFilled(q0, ImVec2(q0.x + ts.x + pad * 2, q0.y + ts.y + pad), bg, 4.0f);
        dl->AddText(ImVec2(q0.x + pad, q0.y + pad * 0.5f), pal.text, buf);
    };
    // A small map (a 1024x640 window): the legend would cover more than a
    // corner, so it folds to a "Legend" tab that opens while the pointer is on it.
    if (box_h > size_.y * 0.45f || box_w > size_.x * 0.4f) {
        const char* kTab = "Legend";
        const ImVec2 ts = ImGui::CalcTextSize(kTab);
        const ImVec2 t0(origin_.x + pad, origin_.y + size_.y - ts.y - pad * 2);
        const ImVec2 t1(t0.x + ts.x + pad * 2, t0.y + ts.y + pad);
        const ImVec2 m = ImGui::GetIO().MousePos;
        const ImVec2 full0(origin_.x + pad, origin_.y + size_.y - box_h - pad);
        const bool over_tab = m.x >= t0.x && m.x < t1.x && m.y >= t0.y && m.y < t1.y;
        const bool over_full = legend_open_ && m.x >= full0.x && m.x < full0.x + box_w && m.y >= full0.y && m.y < full0.y + box_h;
        legend_open_ = over_tab || over_full;
        if (!legend_open_) {
            dl->AddRectFilled(t0, t1, bg, 4.0f);
            dl->AddText(ImVec2(t0.x + pad, t0.y + pad * 0.5f), pal.text_dim, kTab);
            draw_count();
            return;
        }
    } else {
        legend_open_ = false;
    }
    const ImVec2 p0(origin_.x + pad, origin_.y + size_.y - box_h - pad);
    dl->AddRectFilled(p0, ImVec2(p0.x + box_w, p0.y + box_h), bg, 4.0f);
    float y = p0.y + pad;
    const float cx = p0.x + pad + lh * 0.5f;
    for (size_t i = 0; i < model.categories().size(); ++i) {
        if (model.category_counts()[i] == 0) continue;
        const CategoryStyle st = category_style(model.categories()[i]);
        const bool on = model.filter().category_enabled[i] != 0;
        draw_marker(dl, ImVec2(cx, y + lh * 0.5f), lh * 0.38f, st.shape, on ? st.color.abgr() : IM_COL32(150, 150, 150, 120));
        dl->AddText(ImVec2(cx + lh, y), on ? pal.text : pal.text_dim, st.label.data(), st.label.data() + st.label.size());
        y += lh + 3;
    }
    draw_marker(dl, ImVec2(cx, y + lh * 0.5f), lh * 0.38f, MarkerShape::Circle, pal.text_dim, true);
    dl->AddText(ImVec2(cx + lh, y), pal.text_dim, kHollow);
    y += lh + 3;
    dl->AddCircleFilled(ImVec2(cx, y + lh * 0.5f), lh * 0.45f, IM_COL32(120, 120, 120, 60));
    dl->AddCircle(ImVec2(cx, y + lh * 0.5f), lh * 0.45f, IM_COL32(120, 120, 120, 160));
    dl->AddText(ImVec2(cx + lh, y), pal.text_dim, kDisc);

    draw_count();
}

void MapPanel::draw_tooltip(const AppModel& model, uint32_t row) {
    const Event& e = model.event(row);
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
    ImGui::TextUnformatted(e.title.c_str());
    // The date with its time ("5 April 2006, by 13:00"), then the source's own words when they differ.
    const std::string when = describe_time(e.time);
    ImGui::TextDisabled("%s", when.c_str());
    if (!e.time_text.empty() && e.time_text != when) ImGui::TextDisabled("\u201c%s\u201d", e.time_text.c_str());
    if (!e.location.place_name.empty()) ImGui::TextDisabled("%s", e.location.place_name.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

}  // namespace atlas::ui
