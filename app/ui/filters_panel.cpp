#include "ui/filters_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstring>

#include "core/categories.hpp"
#include "core/time.hpp"
#include "ui/draw_util.hpp"

namespace atlas::ui {

std::string count_label(const AppModel& model) {
    return std::to_string(model.visible_count()) + " of " + std::to_string(model.event_count()) + " events";
}

void FiltersPanel::search_now(AppModel& model, std::string_view text) {
    const size_t n = std::min(text.size(), sizeof query_ - 1);
    std::memcpy(query_, text.data(), n);
    query_[n] = '\0';
    if (text.empty() || !search_) {
        model.clear_search();
        return;
    }
    const std::vector<std::string> ids = search_(text);
    model.set_search_results(std::string(text), ids);
}

namespace {
ImVec2 centre_of_last_item() {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    return ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
}

// A multi-select list of names (tags or places) in a scrolling child.
bool name_list(const char* id, const std::vector<std::string>& names, std::vector<std::string>& chosen, float height) {
    bool changed = false;
    ImGui::BeginChild(id, ImVec2(0, height), true);
    for (size_t i = 0; i < names.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        bool on = std::find(chosen.begin(), chosen.end(), names[i]) != chosen.end();
        if (ImGui::Checkbox(names[i].c_str(), &on)) {
            if (on) chosen.push_back(names[i]);
            else chosen.erase(std::find(chosen.begin(), chosen.end(), names[i]));
            changed = true;
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    return changed;
}
}  // namespace

void FiltersPanel::draw(AppModel& model, Theme theme) {
    const Palette& pal = palette(theme);
    // The count, large and always on screen.
    const std::string count = count_label(model);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(pal.text));
    ImGui::TextUnformatted(count.c_str());
    ImGui::PopStyleColor();
    // Always one line here, so the widgets below never jump as filters change.
    show_all_centre_ = ImVec2(-1, -1);
    if (const std::string hidden = model.hidden_by_time_note(); !hidden.empty()) {
        ImGui::TextDisabled("%s \xe2\x80\x94", hidden.c_str());
        // Beside the note when it fits, else under it (a narrow panel).
        const float button = ImGui::CalcTextSize("show all").x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SameLine();
        if (ImGui::GetContentRegionAvail().x < button) ImGui::NewLine();
        if (ImGui::SmallButton("show all")) model.show_all_times();
        show_all_centre_ = centre_of_last_item();
    } else if (model.filtered_count() != model.event_count())
        ImGui::TextDisabled("%zu pass the filters, %zu in the time window", model.filtered_count(), model.visible_count());
    else
        ImGui::TextDisabled("no filters; %zu in the time window", model.visible_count());

    // Search.
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 2.2f);
    if (ImGui::InputTextWithHint("##search", "Search titles, descriptions, excerpts", query_, sizeof query_))
        search_now(model, query_);
    search_centre_ = centre_of_last_item();
    ImGui::SameLine();
    if (ImGui::Button("x##clear_search")) search_now(model, "");

    // Categories.
    if (ImGui::CollapsingHeader("Categories", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (size_t c = 0; c < model.categories().size(); ++c) {
            if (model.category_counts()[c] == 0) continue;
            ImGui::PushID(static_cast<int>(c));
            const CategoryStyle st = category_style(model.categories()[c]);
            bool on = model.filter().category_enabled[c] != 0;
            if (ImGui::Checkbox("##cat", &on)) model.set_category_enabled(c, on);
            category_centres_.resize(model.categories().size(), ImVec2(-1, -1));
            category_centres_[c] = centre_of_last_item();
            ImGui::SameLine();
            marker_glyph(st);
            ImGui::SameLine();
            ImGui::Text("%.*s (%u)", static_cast<int>(st.label.size()), st.label.data(), model.category_counts()[c]);
            ImGui::PopID();
        }
        if (ImGui::SmallButton("All##cats")) model.set_all_categories(true);
        ImGui::SameLine();
        if (ImGui::SmallButton("None##cats")) model.set_all_categories(false);
    }
    if (!model.tags().empty() && ImGui::CollapsingHeader("Tags")) {
        std::vector<std::string> chosen = model.filter().tags;
        const float h = std::min(8.0f, static_cast<float>(model.tags().size()) + 0.5f) * ImGui::GetFrameHeightWithSpacing();
        if (name_list("##tags", model.tags(), chosen, h)) model.set_tag_filter(chosen);
    }
    if (!model.places().empty() && ImGui::CollapsingHeader("Places")) {
        std::vector<std::string> chosen = model.filter().places;
        const float h = std::min(8.0f, static_cast<float>(model.places().size()) + 0.5f) * ImGui::GetFrameHeightWithSpacing();
        if (name_list("##places", model.places(), chosen, h)) model.set_place_filter(chosen);
    }
    if (ImGui::CollapsingHeader("Dates")) {
        ImGui::TextDisabled("Any date as written: 1990s, March 2006, 2006-04-05");
        bool changed = false;
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        changed |= ImGui::InputTextWithHint("from##date_from", "earliest", from_, sizeof from_);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        changed |= ImGui::InputTextWithHint("to##date_to", "latest", to_, sizeof to_);
        if (changed) {
            date_error_.clear();
            std::optional<TimePoint> from, to;
            std::string err;
            if (from_[0]) {
                if (auto t = parse_time(from_, &err)) from = t->begin;
                else date_error_ = "from: " + err;
            }
            if (to_[0]) {
                if (auto t = parse_time(to_, &err)) to = t->end;
                else date_error_ = "to: " + err;
            }
            if (date_error_.empty()) model.set_date_range(from, to);
        }
        if (!date_error_.empty()) ImGui::TextColored(ImVec4(0.8f, 0.2f, 0.1f, 1), "%s", date_error_.c_str());
    }
    if (ImGui::SmallButton("Reset all filters")) {
        query_[0] = from_[0] = to_[0] = '\0';
        date_error_.clear();
        model.reset_filter();
    }
}

}  // namespace atlas::ui
