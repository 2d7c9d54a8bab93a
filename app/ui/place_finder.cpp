#include "ui/place_finder.hpp"

#include <imgui.h>

#include <cmath>
#include <numbers>

#include "core/error.hpp"

namespace atlas::ui {

BoundsLL PlaceFinder::box_of(const GazetteerPlace& p) {
    // At least a block around a crossing, so that the streets meeting there show.
    const double r = std::max(p.radius_m, 120.0);
    const double dlat = r / 111320.0;
    const double dlon = r / (111320.0 * std::cos(p.at.lat * std::numbers::pi / 180.0));
    BoundsLL b;
    b.extend(p.at.lon - dlon, p.at.lat - dlat);
    b.extend(p.at.lon + dlon, p.at.lat + dlat);
    return b;
}

void PlaceFinder::build() {
    built_ = true;
    error_.clear();
    try {
        gazetteer_ = Gazetteer::build(dir_);
        if (gazetteer_.empty()) error_ = dir_.string() + ": no named streets, stations or districts";
    } catch (const Error& e) {
        error_ = e.what();
    }
}

std::optional<BoundsLL> PlaceFinder::draw() {
    if (!open) return std::nullopt;
    if (!built_) build();
    std::optional<BoundsLL> chosen;
    const GazetteerPlace* picked = nullptr;
    ImGui::SetNextWindowSize(ImVec2(460, 320), ImGuiCond_FirstUseEver);
    if (ImGui::Begin(pick_ ? "Find the event's place###find_place" : "Find a place###find_place", &open)) {
        if (focus_) {
            ImGui::SetKeyboardFocusHere();
            focus_ = false;
        }
        ImGui::SetNextItemWidth(-1);
        const bool enter = ImGui::InputTextWithHint("##place", "Street, crossing (Gogol & Dostyk), neighbourhood...",
                                                    query_, sizeof query_, ImGuiInputTextFlags_EnterReturnsTrue);
        if (last_query_ != query_) {
            last_query_ = query_;
            matches_ = gazetteer_.find(last_query_, 30);
        }
        if (pick_) ImGui::TextDisabled("The chosen place sets the event's position, uncertainty and precision.");
        if (!error_.empty()) ImGui::TextUnformatted(error_.c_str());
        else if (!last_query_.empty() && matches_.empty()) ImGui::TextDisabled("No place matches.");
        if (enter && !matches_.empty()) picked = &gazetteer_.place(matches_.front().place);
        if (ImGui::BeginChild("##candidates")) {
            for (size_t i = 0; i < matches_.size(); ++i) {
                const GazetteerPlace& p = gazetteer_.place(matches_[i].place);
                ImGui::PushID(static_cast<int>(i));
                const std::string label = p.name + (p.english != p.name ? "  (" + p.english + ")" : std::string());
                if (ImGui::Selectable(label.c_str())) picked = &p;
                ImGui::SameLine();
                ImGui::TextDisabled("%s, %.0f m", std::string(place_kind_name(p.kind)).c_str(), p.radius_m);
                ImGui::PopID();
            }
        }
        ImGui::EndChild();
    }
    if (picked) {
        chosen = box_of(*picked);
        if (pick_) {
            auto pick = std::move(pick_);
            pick_ = nullptr;
            open = false;
            pick(*picked);
        }
    }
    if (!open) pick_ = nullptr;
    ImGui::End();
    return chosen;
}

}  // namespace atlas::ui
