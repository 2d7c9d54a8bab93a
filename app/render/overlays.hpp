#pragma once
// Map furniture drawn into the image with the label text path: a metric scale
// bar (true ground distance at the view's latitude), a north arrow, a title and
// an attribution line. Built once per image in its pixel frame, drawn per tile.
#include <array>
#include <string>
#include <vector>

#include "model/map_view.hpp"
#include "render/labels.hpp"
#include "render/style.hpp"

namespace atlas {

struct OverlayOptions {
    bool scale_bar = true;
    bool north_arrow = true;
    std::string title;        // top-left, large; empty: none
    std::string subtitle;     // under the title (e.g. the time window)
    // Bottom-right, small. The basemap is OpenStreetMap data: its credit (osm_credit())
    // is always drawn, before this text when the text does not already hold it.
    std::string attribution;
    float margin_px = 14;     // logical pixels (times the view's pixel ratio)
    // Boxes (x0,y0,x1,y1, image pixels) of what the caller draws over the map
    // besides these overlays (a legend, a caption): labels keep clear of them too.
    std::vector<std::array<float, 4>> keep_clear;
};

struct ScaleBar {
    double metres = 0;   // a round ground length: 1, 2 or 5 times a power of ten
    double pixels = 0;   // its length on the image
    std::string label;   // "500 m", "2 km"
};
// The longest round length that fits in `max_px` pixels at the view's centre latitude.
[[nodiscard]] ScaleBar choose_scale_bar(const MapView& view, double max_px);

// "© OpenStreetMap contributors": the credit the basemap's licence (ODbL) asks for,
// on every map the program shows or writes.
[[nodiscard]] const std::string& osm_credit();
// The attribution line for the embedded basemap (the OSM credit).
[[nodiscard]] std::string default_attribution();
// `text` with the OSM credit in front unless it already holds it ("" gives the credit alone).
[[nodiscard]] std::string with_osm_credit(const std::string& text);

// Appends the overlays of an image `view` (its own pixel frame) to `out`;
// returns the boxes they cover (x0,y0,x1,y1), for labels to keep clear of.
std::vector<std::array<float, 4>> build_overlays(const LabelFont& font, const MapView& view, const MapTheme& theme,
                                                 const OverlayOptions& options, TextBatch& out);

}  // namespace atlas
