#pragma once
// Filters: categories, tags, places, a date range and full-text search (run
// by the store's FTS5 index through a callback), with the count always shown.
#include <imgui.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/app_model.hpp"
#include "ui/theme.hpp"

namespace atlas::ui {

// Ids of the events matching plain user text (Project::search).
using SearchFunction = std::function<std::vector<std::string>(std::string_view)>;

class FiltersPanel {
public:
    void set_search(SearchFunction f) { search_ = std::move(f); }
    void draw(AppModel& model, Theme theme);
    // Runs a search as if typed (tests, the command line).
    void search_now(AppModel& model, std::string_view text);

    // Where the search box and each category's checkbox were drawn last frame
    // (screen coordinates; tests aim synthetic clicks with them).
    [[nodiscard]] ImVec2 search_box_centre() const noexcept { return search_centre_; }
    // The "show all" of "5 match, 1 in the time window"; (-1, -1) when not shown.
    [[nodiscard]] ImVec2 show_all_centre() const noexcept { return show_all_centre_; }
    [[nodiscard]] ImVec2 category_checkbox_centre(size_t category) const noexcept {
        return category < category_centres_.size() ? category_centres_[category] : ImVec2(-1, -1);
    }

private:
    SearchFunction search_;
    ImVec2 search_centre_{-1, -1};
    ImVec2 show_all_centre_{-1, -1};
    std::vector<ImVec2> category_centres_;
    char query_[256] = {};
    char from_[64] = {}, to_[64] = {};
    std::string date_error_;
};

// "14 of 31 events"
std::string count_label(const AppModel& model);

}  // namespace atlas::ui
