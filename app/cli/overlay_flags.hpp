#pragma once
// The overlay options of `snapshot` and `animate`: --legend, --time-label,
// --no-scale-bar, --no-north-arrow, --no-attribution.
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>

#include "render/scene.hpp"

namespace atlas::cli {

struct OverlayFlags {
    bool legend = false, time = false, no_scale_bar = false, no_north_arrow = false, no_attribution = false;
    // Sets the scene's overlay switches from the flags (the title is the caller's).
    void fill(SceneOverlays& o) const {
        o.legend = legend;
        o.time_window = time;
        o.scale_bar = !no_scale_bar;
        o.north_arrow = !no_north_arrow;
        o.attribution = !no_attribution;
    }
};

// Adds the flags to a subcommand; the returned object receives their values.
inline std::shared_ptr<OverlayFlags> add_overlay_flags(CLI::App& sub) {
    auto f = std::make_shared<OverlayFlags>();
    sub.add_flag("--legend", f->legend, "Draw a legend of the categories shown");
    sub.add_flag("--time-label", f->time, "Write the time window on the image (\"up to 5 April 2006, 12:00\")");
    sub.add_flag("--no-scale-bar", f->no_scale_bar, "Leave out the scale bar");
    sub.add_flag("--no-north-arrow", f->no_north_arrow, "Leave out the north arrow");
    sub.add_flag("--no-attribution", f->no_attribution,
                 "Leave out the sources credit (the \u00a9 OpenStreetMap contributors credit stays: the map data's licence asks for it)");
    return f;
}

}  // namespace atlas::cli
