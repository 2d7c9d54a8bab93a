#include "ui/layers_panel.hpp"

#include <iterator>

#include <imgui.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace atlas::ui {

namespace {
// Names in the order of the enums (LabelLanguage, Theme).
constexpr const char* kLanguageLabels[] = {"English", "Русский", "Қазақша"};
constexpr const char* kStyleLabels[] = {"Light", "Dark", "Projector (high contrast)"};
const char* language_label(LabelLanguage l) { return kLanguageLabels[static_cast<size_t>(l) % std::size(kLanguageLabels)]; }
const char* style_label(Theme t) { return kStyleLabels[static_cast<size_t>(t) % std::size(kStyleLabels)]; }
}  // namespace

LayersPanelResult draw_layers_panel(MapRenderer& map, Theme& style, MapView& view) {
    LayersPanelResult result;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::BeginCombo("Style", style_label(style))) {
        for (Theme t : {Theme::Light, Theme::Dark, Theme::Projector})
            if (ImGui::Selectable(style_label(t), t == style)) {
                style = t;
                result.changed = true;
            }
        ImGui::EndCombo();
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::BeginCombo("Labels", language_label(map.language()))) {
        for (LabelLanguage l : {LabelLanguage::English, LabelLanguage::Russian, LabelLanguage::Kazakh})
            if (ImGui::Selectable(language_label(l), l == map.language())) {
                map.set_language(l);
                result.changed = true;
            }
        ImGui::EndCombo();
    }
    bool labels = map.labels_enabled();
    ImGui::SameLine();
    if (ImGui::Checkbox("Show##labels", &labels)) {
        map.set_labels_enabled(labels);
        result.changed = true;
    }
    if (ImGui::Button("Fit to all")) {
        map.fit_all(view);
        result.changed = true;
    }
    ImGui::Separator();

    // Top of the list is drawn on top of the map. A move (button or drag) is applied after
    // the list is drawn, so the rows keep the order they were drawn in this frame.
    const std::vector<size_t> order = map.draw_order();
    size_t move_index = 0;
    int move_by = 0;  // places up (+) or down (-) in drawing order
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const size_t i = *it;
        const int rank = static_cast<int>(order.rend() - it) - 1;  // position in drawing order
        LayerOptions& o = map.options(i);
        const Layer& layer = map.layer(i);
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Checkbox("##visible", &o.visible)) result.changed = true;
        ImGui::SameLine();
        // The row lets the arrow buttons on it take their own clicks.
        const bool open = ImGui::TreeNodeEx(
            "##layer", ImGuiTreeNodeFlags_SpanAvailWidth | ImGuiTreeNodeFlags_AllowItemOverlap, "%s", o.title.c_str());
        // Drag a row onto another to move the layer to that place.
        if (ImGui::BeginDragDropSource(ImGuiDragDropFlags_None)) {
            ImGui::SetDragDropPayload("ATLAS_LAYER_RANK", &rank, sizeof rank);
            ImGui::TextUnformatted(o.title.c_str());
            ImGui::EndDragDropSource();
        }
        if (ImGui::BeginDragDropTarget()) {
            if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("ATLAS_LAYER_RANK")) {
                int from = 0;
                std::memcpy(&from, p->Data, sizeof from);
                move_index = order[static_cast<size_t>(from)];
                move_by = rank - from;
            }
            ImGui::EndDragDropTarget();
        }
        ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::GetFrameHeight() * 2 - ImGui::GetStyle().ItemSpacing.x);
        if (ImGui::ArrowButton("##up", ImGuiDir_Up)) {
            move_index = i;
            move_by = +1;
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw above the layer over it");
        ImGui::SameLine();
        if (ImGui::ArrowButton("##down", ImGuiDir_Down)) {
            move_index = i;
            move_by = -1;
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw below the layer under it");
        if (open) {
            ImGui::TextDisabled("%zu features, %s", layer.feature_count(), layer.shape_type.empty() ? "" : layer.shape_type.c_str());
            float colour[4] = {o.colour.r, o.colour.g, o.colour.b, 1.0f};
            if (ImGui::Checkbox("Own colour", &o.custom_colour)) result.changed = true;
            ImGui::SameLine();
            if (ImGui::ColorEdit3("##colour", colour, ImGuiColorEditFlags_NoInputs)) {
                o.colour = {colour[0], colour[1], colour[2], 1.0f};
                o.custom_colour = true;
                result.changed = true;
            }
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
            if (ImGui::SliderFloat("Width", &o.width, 0.25f, 4.0f, "x %.2f")) result.changed = true;
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
            if (ImGui::SliderFloat("Opacity", &o.opacity, 0.0f, 1.0f, "%.2f")) result.changed = true;
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
            const char* preview = !o.labels ? "(none)" : o.label_field.empty() ? "(name by language)" : o.label_field.c_str();
            if (ImGui::BeginCombo("Label", preview)) {
                if (ImGui::Selectable("(none)", !o.labels)) {
                    o.labels = false;
                    result.changed = true;
                }
                if (ImGui::Selectable("(name by language)", o.labels && o.label_field.empty())) {
                    o.labels = true;
                    o.label_field.clear();
                    result.changed = true;
                }
                for (const FieldInfo& f : layer.fields) {
                    if (ImGui::Selectable(f.name.c_str(), o.labels && o.label_field == f.name)) {
                        o.labels = true;
                        o.label_field = f.name;
                        result.changed = true;
                    }
                }
                ImGui::EndCombo();
            }
            if (ImGui::Button("Fit to layer")) {
                map.fit_layer(view, i);
                result.changed = true;
            }
            const auto classes = map.classes(i);
            if (!classes.empty() && ImGui::TreeNode("Classes")) {
                for (const auto& [cls, n] : classes) ImGui::Text("%s: %zu", style_class_name(cls), n);
                ImGui::TreePop();
            }
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    // One place at a time, as the buttons do: the layer passes each neighbour in turn.
    for (int k = 0; k < std::abs(move_by); ++k) map.move_layer(move_index, move_by > 0 ? +1 : -1);
    if (move_by != 0) result.changed = true;
    if (result.changed) map.touch();
    return result;
}

}  // namespace atlas::ui
