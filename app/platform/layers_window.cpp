#include "platform/layers_window.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/error.hpp"
#include "geo/geojson.hpp"
#include "geo/shapefile.hpp"
#include "platform/basemap.hpp"
#include "render/map_renderer.hpp"
#include "render/style.hpp"
#include "ui/file_dialogs.hpp"
#include "ui/layers_panel.hpp"

namespace atlas::platform {

std::string add_user_layer(Basemap& basemap, const std::string& path, MapView& view, bool& ok) {
    ok = false;
    if (path.empty()) return "type the path of a shapefile (.shp) or a GeoJSON file (.geojson)";
    try {
        Layer layer = load_map_layer(path);
        const size_t features = layer.feature_count();
        const size_t warnings = layer.warnings.size();
        std::string first_warning = warnings ? layer.warnings.items.front().str() : std::string();
        MapRenderer& map = basemap.renderer();
        const size_t index = map.add_layer(std::move(layer));
        map.fit_layer(view, index);
        ok = true;
        std::string msg = path + ": " + std::to_string(features) + " features";
        if (warnings) msg += ", " + std::to_string(warnings) + " problems (first: " + first_warning + ")";
        return msg;
    } catch (const Error& e) {
        return e.what();
    } catch (const std::exception& e) {
        return path + ": " + e.what();
    }
}

bool draw_layers_window(LayersWindowState& state, Basemap& basemap, Theme& theme, MapView& view) {
    if (!state.open) return false;
    bool changed = false;
    // First shown over the map's left edge, clear of the filters panel.
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.25f, ImGui::GetFontSize() * 3), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 26, ImGui::GetFontSize() * 30), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Layers##layers-window", &state.open)) {
        ImGui::TextUnformatted("Add a layer: shapefile or GeoJSON");
        ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4);
        const bool enter = ImGui::InputTextWithHint("##add-path", "/path/to/layer.shp or .geojson", &state.add_path,
                                                    ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if (ImGui::Button("Add") || enter) state.add_requested = true;
        if (state.files && ImGui::Button("Browse...##add-layer")) {
            FileRequest r;
            r.purpose = "add-layer";
            r.title = "Add a map layer";
            r.filters = {file_types::map_layers()};
            r.folder = std::filesystem::path(state.add_path).parent_path();
            state.files->request(r, [&state](const std::filesystem::path& p) {
                state.add_path = p.string();
                state.add_requested = true;
            });
        }
        if (state.add_requested) {
            state.add_requested = false;
            bool ok = false;
            state.message = add_user_layer(basemap, state.add_path, view, ok);
            state.message_is_error = !ok;
            changed |= ok;
        }
        if (!state.message.empty()) {
            const ImVec4 colour = state.message_is_error ? ImVec4(0.8f, 0.15f, 0.1f, 1) : ImGui::GetStyle().Colors[ImGuiCol_TextDisabled];
            ImGui::PushStyleColor(ImGuiCol_Text, colour);
            ImGui::TextWrapped("%s", state.message.c_str());
            ImGui::PopStyleColor();
        }
        ImGui::Separator();
        const ui::LayersPanelResult r = ui::draw_layers_panel(basemap.renderer(), theme, view);
        if (r.changed) {
            basemap.renderer().touch();
            changed = true;
        }
    }
    ImGui::End();
    return changed;
}

}  // namespace atlas::platform
