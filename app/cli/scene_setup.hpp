#pragma once
// What `snapshot` and `animate` share: a project's events in an AppModel, the
// embedded basemap in a MapRenderer, and the time and story options applied to
// both (--time, --window, --story, --slide); slides are applied by
// render/scene.hpp (apply_slide).
#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "geo/shapefile.hpp"
#include "model/app_model.hpp"
#include "store/project.hpp"

namespace atlas {
class MapRenderer;
}

namespace atlas::cli {

// What else a scene takes from its project, read in the same opening.
struct ProjectContents {
    std::filesystem::path path;
    std::vector<UserLayerRecord> layers;  // the map layers the user added
};
// Opens `project` read-only (empty: the default Almaty project) into the model.
// Throws atlas::Error naming the file.
ProjectContents load_project_into(AppModel& model, const std::string& project);

// The embedded basemap (geodata/*.shp) read on another thread: started before
// the GL context is made, handed to add_basemap once the renderer exists.
[[nodiscard]] std::future<FolderLayers> read_basemap();
// Adds the layers read, in name order; a layer that failed is reported on
// stderr after `who` ("snapshot: ") and left out.
void add_basemap(MapRenderer& map, FolderLayers read, const char* who);

// Adds the map layers the user added to the project in the window (saved in
// it), as the window draws them; one that cannot be loaded is named on stderr.
void load_user_layers(MapRenderer& map, const ProjectContents& project);

// --time T: the cursor at T (cumulative). Hour precision puts it at the hour
// itself, coarser ones at the end of the period ("March 2006": up to its last
// second). Throws atlas::Error for text parse_time cannot read.
[[nodiscard]] TimePoint cursor_for(const std::string& time_text);
void apply_time(AppModel& model, const std::string& time_text);
// --window A/B: the sliding window from the start of A to the end of B.
void apply_window(AppModel& model, const std::string& window_text);

// The story by id or title (case-insensitive); empty name: the project's first.
// Throws atlas::Error listing the stories when there is no such story.
[[nodiscard]] const Story& find_story(const Dataset& d, const std::string& name);

}  // namespace atlas::cli
