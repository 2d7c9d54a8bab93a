#include "platform/layers_window.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/error.hpp"
#include "geo/geojson.hpp"
#include "geo/shapefile.hpp"
#include "platform/basemap.hpp"
#include "render/map_renderer.hpp"
#include "render/style.hpp"
#include "render/user_layers.hpp"
#include "ui/file_dialogs.hpp"
#include "ui/layers_panel.hpp"

namespace atlas::platform {

std::string add_user_layer(Basemap& basemap, const std::string& path, MapView& view, bool& ok) {
    ok = false;
    if (path.empty()) return "type the path of a shapefile (.shp) or a GeoJSON file (.geojson)";
    try {
        // A GeoJSON file mixing points, lines and polygons gives a layer of each.
        std::vector<Layer> layers = load_map_layers(path);
        size_t features = 0, warnings = 0;
        std::string first_warning;
        MapRenderer& map = basemap.renderer();
        LayerOptions options;
        options.user = true;
        BoundsLL all;
        for (Layer& layer : layers) {
            features += layer.feature_count();
            warnings += layer.warnings.size();
            if (first_warning.empty() && !layer.warnings.empty()) first_warning = layer.warnings.items.front().str();
            const size_t index = map.add_layer(std::move(layer), options);
            const BoundsLL b = map.layer_bounds(index);
            if (b.valid()) {
                all.extend(b.min_lon, b.min_lat);
                all.extend(b.max_lon, b.max_lat);
            }
        }
        if (all.valid()) view.fit(all, 24 * view.pixel_ratio);
        ok = true;
        std::string msg = path + ": " + std::to_string(features) + " features";
        if (layers.size() > 1) msg += " in " + std::to_string(layers.size()) + " layers (one per kind of geometry)";
        if (warnings) msg += ", " + std::to_string(warnings) + " problems (first: " + first_warning + ")";
        return msg;
    } catch (const Error& e) {
        return e.what();
    } catch (const std::exception& e) {
        return path + ": " + e.what();
    }
}

namespace {

// The layers the user added: each with Remove; files gone since the project
// was saved with their note and Forget (the record stays until then).
bool draw_user_layers(UserLayers& user, MapRenderer& map) {
    bool changed = false;
    size_t added = 0;
    for (size_t i = 0; i < map.layer_count(); ++i) added += map.options(i).user ? 1 : 0;
    if (added == 0 && user.missing().empty()) return false;
    ImGui::TextUnformatted("Your layers (saved in the project)");
    for (size_t i = 0; i < map.layer_count(); ++i) {
        if (!map.options(i).user) continue;
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton("Remove")) {
            map.remove_layer(i);
            changed = true;
            ImGui::PopID();
            break;  // indices moved; the list is drawn again next frame
        }
        ImGui::SameLine();
        const Layer& layer = map.layer(i);
        ImGui::Text("%s", layer.name.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", layer.path.string().c_str());
        ImGui::PopID();
    }
    for (size_t i = 0; i < user.missing().size(); ++i) {
        const MissingLayer& m = user.missing()[i];
        ImGui::PushID(static_cast<int>(100000 + i));
        if (ImGui::SmallButton("Forget")) {
            user.forget_missing(i);
            changed = true;
            ImGui::PopID();
            break;
        }
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.8f, 0.35f, 0.1f, 1));
        ImGui::TextWrapped("%s: not shown (%s)", m.record.name.empty() ? m.record.path.c_str() : m.record.name.c_str(),
                           m.note.c_str());
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::Separator();
    return changed;
}

}  // namespace

bool draw_layers_window(LayersWindowState& state, Basemap& basemap, UserLayers& user, Theme& theme, MapView& view) {
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
        changed |= draw_user_layers(user, basemap.renderer());
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
