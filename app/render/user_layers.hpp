#pragma once
// The map layers a user adds, between the renderer and the project file: what
// the Layers window shows is saved (store/project.hpp UserLayerRecord) and comes
// back on reopening, in the same drawing order and style. A file that is gone
// on reopening is not an error: its record is kept, with a note the layer list
// shows, so moving a USB stick back in brings the layer back.
#include <filesystem>
#include <string>
#include <vector>

#include "render/map_renderer.hpp"
#include "store/project.hpp"

namespace atlas {

// The layer options as the project stores them (a JSON object), and back.
// Unknown keys are ignored and missing ones keep their defaults; a value of the
// wrong type throws atlas::Error naming the key.
[[nodiscard]] std::string layer_style_json(const LayerOptions& options);
[[nodiscard]] LayerOptions layer_options_from_json(const std::string& style);

struct MissingLayer {
    UserLayerRecord record;
    std::string note;  // why it is not drawn: "not found", or the loader's message
};

class UserLayers {
public:
    // Removes the user layers from `map` and adds those of `records`. A relative
    // path is taken from `project_dir`; a missing absolute one is also looked for
    // there by its file name (a project moved with its layers). Layers that cannot
    // be loaded are kept as missing, with their note.
    void restore(MapRenderer& map, const std::vector<UserLayerRecord>& records, const std::filesystem::path& project_dir);

    // What to save: the loaded user layers in drawing order, then the missing ones.
    [[nodiscard]] std::vector<UserLayerRecord> records(const MapRenderer& map) const;

    [[nodiscard]] const std::vector<MissingLayer>& missing() const noexcept { return missing_; }
    void forget_missing(size_t i);

    // Removes every user layer from `map` (missing ones too).
    void clear(MapRenderer& map);

private:
    std::vector<MissingLayer> missing_;
};

}  // namespace atlas
