#pragma once
// The "Export…" window: a PNG of the current view (size, DPI, overlays), the
// timeline or a story as frames/MP4, and the filtered events as CSV, GeoJSON,
// KML or a citation sheet. Every image goes through the scene function the
// map shows (render/scene.hpp), so what is exported is what is on screen.
//
// The actions are plain functions too (export_view_png here, export_events in
// model/data_export.hpp), so they can be tested and scripted without ImGui.
// An animation renders one frame per UI frame, with a progress bar and a
// Cancel button.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/app_model.hpp"
#include "model/data_export.hpp"
#include "model/user_dirs.hpp"
#include "render/scene.hpp"

namespace atlas {
class FrameSink;
}

namespace atlas::ui {

class FileDialogs;

// Scale bar, north arrow and attribution on; title, time window and legend off.
[[nodiscard]] inline SceneOverlays default_export_overlays() {
    SceneOverlays o;
    o.scale_bar = o.north_arrow = o.attribution = true;
    return o;
}

struct ImageExport {
    std::string path = "atlas.png";
    int width = 1920, height = 1080;
    int dpi = 96;                  // 96: as on screen; 300: print (lines, markers and type scale)
    bool keep_framing = true;      // same geography as the map panel: the zoom follows the size
    SceneOverlays overlays = default_export_overlays();
};

// Renders the model's view (centre and zoom from model.map_view) at the
// export's size and DPI and writes the PNG. With keep_framing the image shows
// the map panel's geography (the zoom changes with the size ratio); the model
// is unchanged afterwards. Throws atlas::Error naming the file.
void export_view_png(SceneRenderer& scene, AppModel& model, Theme theme, const ImageExport& e);

class ExportPanel {
public:
    ExportPanel();
    ~ExportPanel();
    ExportPanel(const ExportPanel&) = delete;
    ExportPanel& operator=(const ExportPanel&) = delete;

    bool open = false;
    // Draws the window while `open`; runs one animation frame per call while one is under way.
    void draw(SceneRenderer& scene, AppModel& model, Theme theme);
    [[nodiscard]] bool animating() const noexcept { return anim_ != nullptr; }
    [[nodiscard]] const std::string& status() const noexcept { return status_; }
    // The folder of the last file written (empty after an error or before any).
    [[nodiscard]] const std::filesystem::path& written_folder() const noexcept { return written_folder_; }

    // "Browse..." buttons ask here (none when null).
    FileDialogs* files = nullptr;
    // Where a file named without a folder goes, per kind (model/user_dirs.hpp
    // default_export_folder); unset: the working folder.
    std::function<std::filesystem::path(ExportKind)> default_folder;
    // Shows a folder in the desktop's file manager ("Open folder").
    std::function<void(const std::filesystem::path&)> open_folder;
    // The full path an export of that kind writes for `path` as typed.
    [[nodiscard]] std::filesystem::path resolve(ExportKind kind, const std::string& path) const;

    ImageExport image;
    // Animation settings.
    std::string anim_path = "atlas.mp4";  // a folder for PNG frames, or *.mp4
    std::string anim_from, anim_to;        // empty: the data's first and last events
    float anim_seconds = 10, anim_fps = 30;
    int anim_width = 1280, anim_height = 720;
    // Data settings.
    std::string data_path = "atlas-events";
    int data_format = 0;
    bool data_visible_only = false;

private:
    struct Animation;
    void start_animation(SceneRenderer& scene, AppModel& model, Theme theme);
    void step_animation(SceneRenderer& scene, AppModel& model);
    void draw_image_section(SceneRenderer& scene, AppModel& model, Theme theme);
    void draw_animation_section(SceneRenderer& scene, AppModel& model, Theme theme);
    void draw_data_section(const AppModel& model);

    void set_written(std::string message, const std::filesystem::path& file);
    void set_failed(std::string message);
    void draw_status();

    std::unique_ptr<Animation> anim_;
    std::string status_;
    bool status_error_ = false;
    std::filesystem::path written_folder_;
};

}  // namespace atlas::ui
