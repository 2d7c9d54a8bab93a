#pragma once
// `almaty-atlas snapshot`: what was asked for, and the hook through which the
// event layer and presentation code draw on top of the basemap.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "model/map_view.hpp"
#include "render/map_renderer.hpp"
#include "render/offscreen_gl.hpp"
#include "render/snapshot.hpp"

namespace atlas::cli {

struct SnapshotRequest {
    std::string project;              // *.atlas; empty: the default Almaty project
    std::string out;                  // PNG path
    int width = 1600, height = 1000;  // pixels
    std::optional<LatLon> center;     // with zoom
    std::optional<double> zoom;
    std::optional<BoundsLL> bbox;     // W,S,E,N
    Theme style = Theme::Light;
    LabelLanguage language = LabelLanguage::English;
    std::vector<std::string> layers;  // extra shapefiles
    double dpi = 96;                  // 96: screen; 300: print (lines, symbols and type scale by dpi/96)
    std::string time;                 // --time T: the moment shown
    std::string window;               // --window A/B: the time window shown
    std::string story;                // --story NAME
    int slide = -1;                   // --slide N (1-based); without --story: the first story
    bool presented = false;           // --presented: the slide exactly as presenting shows it
    std::string title;
    bool labels = true;
    int samples = 4;
    int max_tile = 0;  // 0: by the image size (SnapshotOptions)
    bool timings = false;  // --timings: where the time went, phase by phase, on stderr
};

// What the scene hook may change and add. Called once, after the basemap and
// the request's layers are loaded and the view is framed, before rendering.
struct SnapshotScene {
    MapView* view = nullptr;          // may re-frame (a story slide's camera)
    OverlayOptions* overlays = nullptr;  // may set title, subtitle (time window), attribution
    MapRenderer* map = nullptr;
    SceneFn draw;                     // set: drawn in every tile above the basemap labels
    std::function<Image()> frame;     // set: the whole image instead (--presented)
    std::vector<std::string> not_drawn;  // parts of the request it could not honour (reported)
};
using SnapshotSceneHook = std::function<void(const SnapshotRequest&, SnapshotScene&)>;

// The event layer registers itself here (once, at start-up); without a hook
// the snapshot holds the basemap only and says which options it ignored.
void set_snapshot_scene_hook(SnapshotSceneHook hook);

// Runs a request in an OpenGL context from `offscreen_gl`; returns the exit
// code, messages on stderr.
int run_snapshot(const SnapshotRequest& request, const OffscreenGlFactory& offscreen_gl);

}  // namespace atlas::cli
