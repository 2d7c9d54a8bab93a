#pragma once
// "Find a place": a small window with a text box that lists the gazetteer's
// candidates as the user types (streets, intersections "Gogol & Dostyk",
// neighbourhoods, stations, districts; in any script) and frames the map on
// the one chosen (Enter takes the first).
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "geo/gazetteer.hpp"

namespace atlas::ui {

class PlaceFinder {
public:
    bool open = false;

    // The folder of basemap shapefiles; the gazetteer is built when the window first opens.
    void set_geodata(std::filesystem::path dir) { dir_ = std::move(dir); built_ = false; }
    // Opens the window with the text box focused.
    void show() { open = true; focus_ = true; pick_ = nullptr; }
    // Opens it to choose a place for something (the event being edited): the
    // chosen candidate goes to `pick` (and the map frames it), then it closes.
    void show_to_pick(std::function<void(const GazetteerPlace&)> pick) { open = true; focus_ = true; pick_ = std::move(pick); }
    [[nodiscard]] bool picking() const noexcept { return static_cast<bool>(pick_); }

    // Draws the window when open; returns the box to frame when a place was chosen.
    [[nodiscard]] std::optional<BoundsLL> draw();

    // The box a place covers: its position and radius.
    [[nodiscard]] static BoundsLL box_of(const GazetteerPlace& p);

private:
    void build();

    std::filesystem::path dir_;
    Gazetteer gazetteer_;
    bool built_ = false;
    bool focus_ = false;
    std::string error_;
    char query_[256] = {};
    std::string last_query_;
    std::vector<PlaceMatch> matches_;
    std::function<void(const GazetteerPlace&)> pick_;
};

}  // namespace atlas::ui
