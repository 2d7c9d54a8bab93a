#pragma once
// Authoring stories inside the program. A project holds several stories; the
// editor lists them (new, rename, delete), lists the chosen story's slides
// (reorder by dragging a row or with the arrow buttons, duplicate, delete),
// adds a slide from what the explorer shows now (camera, time cursor and
// window, selected events as highlighted, categories, visible layers), and
// edits a slide's title, caption, notes and quotation (one of the highlighted
// events' excerpts). Every change is saved to the project at once through the
// StoryStore callbacks; a story is imported from or exported to a JSON file
// (the story interchange format, model/story_files.hpp) named in a path field.
//
// The commands are public so tests and the menu can call them as the buttons do.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

#include "model/app_model.hpp"

namespace atlas::ui {

// Where stories are kept. Each may throw atlas::Error (shown in the editor, never a crash).
struct StoryStore {
    std::function<void(const Story&)> save;
    std::function<void(const std::string& id)> remove;
};

class FileDialogs;
// A map layer as the editor offers it to a slide.
struct MapLayerChoice {
    std::string name, title;
    bool user_visible = true;   // on in the explorer now
    bool user_added = false;    // the user's own layer (off on slides that do not name it)
};

class StoryEditor {
public:
    // "Import..." and "Export as..." ask here (none when null); story_folder is
    // where they start (the project's folder or Documents).
    FileDialogs* files = nullptr;
    std::function<std::filesystem::path()> story_folder;
    // Shows a folder in the desktop's file manager ("Open folder" after an export).
    std::function<void(const std::filesystem::path&)> open_folder;
    // A typed path as the file it names: a relative one lies in story_folder
    // (not wherever the program was started from).
    [[nodiscard]] std::filesystem::path resolve(const std::string& typed) const;
    [[nodiscard]] const std::filesystem::path& written_folder() const noexcept { return written_folder_; }

    static constexpr const char* kSlidePayload = "ATLAS_SLIDE";  // drag-and-drop payload: the dragged row

    void set_store(StoryStore store) { store_ = std::move(store); }
    // Names of the basemap layers shown now (recorded in a slide; empty: all).
    void set_visible_layers(std::function<std::vector<std::string>()> f) { visible_layers_ = std::move(f); }
    // The map's layers, for the slide's layer ticks.
    void set_map_layers(std::function<std::vector<MapLayerChoice>()> f) { map_layers_ = std::move(f); }

    // Takes the stories of the model's dataset whenever the dataset changed.
    void sync(const AppModel& model);
    // Draws the editor into the current ImGui window.
    void draw(AppModel& model);

    [[nodiscard]] const std::vector<Story>& stories() const noexcept { return stories_; }
    [[nodiscard]] size_t current_story() const noexcept { return story_; }
    [[nodiscard]] size_t current_slide() const noexcept { return slide_; }
    void select(size_t story, size_t slide = 0);
    [[nodiscard]] const std::string& status() const noexcept { return status_; }
    [[nodiscard]] bool status_is_error() const noexcept { return status_error_; }

    // [SECTION] Commands: each changes the current story and saves it.
    size_t new_story(const std::string& title);
    bool rename_story(const std::string& title);
    bool delete_story();
    // Inserts after the current slide and makes it current; returns its index.
    size_t add_slide_from_view(const AppModel& model);
    bool recapture_slide(const AppModel& model);  // the current slide takes the current view, keeps its words
    bool move_slide(size_t from, size_t to);      // `from` ends up at index `to`
    bool duplicate_slide(size_t index);
    bool delete_slide(size_t index);
    // The current slide's words (title, caption, notes) and quotation.
    bool set_slide_text(const std::string& title, const std::string& caption, const std::string& notes);
    bool set_slide_excerpt(const std::string& excerpt_id);
    // The time planned for the current slide (0: none); saved at once.
    bool set_slide_planned(int64_t ms);
    // Ticks `layer` (its name) on or off for the current slide. A slide that
    // named no layers first names those it showed (slide_shows_layer), so
    // one tick changes one layer only.
    bool set_slide_layer(const std::string& layer, bool on);
    // A run through the story: each slide's time shown (rehearsed_ms of
    // `rehearsed`, matched by the story's id, slide by slide while the story
    // has the same slides) becomes that slide's last time, saved. False when
    // nothing changed, or when saving failed (status() says why).
    bool record_rehearsal(const Story& rehearsed);
    // Puts the explorer on the current slide's view (camera, time, highlights, categories).
    void show_slide(AppModel& model) const;
    // JSON files in the story interchange format. Import gives each story a
    // new id when the project already has one with its id. Return false (and
    // say why in status()) on any fault.
    bool export_story(const std::string& path);
    bool import_stories(const std::string& path, const AppModel& model);

    // Where the slide rows and the title field were drawn last frame (screen
    // coordinates; tests aim synthetic clicks and drags with them).
    [[nodiscard]] ImVec2 slide_row_centre(size_t i) const noexcept {
        return i < row_centres_.size() ? row_centres_[i] : ImVec2(-1, -1);
    }
    [[nodiscard]] ImVec2 title_field_centre() const noexcept { return title_centre_; }
    [[nodiscard]] ImVec2 notes_field_centre() const noexcept { return notes_centre_; }
    [[nodiscard]] ImVec2 planned_field_centre() const noexcept { return planned_centre_; }
    [[nodiscard]] bool planned_time_refused() const noexcept { return planned_error_; }

    // "Present from here" was pressed: the caller starts presenting the current
    // story at the current slide and clears this.
    bool present_requested = false;

private:
    Story* story() noexcept { return story_ < stories_.size() ? &stories_[story_] : nullptr; }
    bool save(const Story& s);
    bool set_text_of(size_t story, size_t slide, const std::string& title, const std::string& caption,
                     const std::string& notes);
    void load_buffers();
    [[nodiscard]] std::string unique_id(const std::string& base) const;
    void draw_story_list(AppModel& model);
    void draw_slide_list();
    void draw_slide_form(AppModel& model);
    void draw_files(AppModel& model);

    std::vector<Story> stories_;
    uint64_t seen_dataset_ = 0;
    size_t story_ = 0, slide_ = 0;
    StoryStore store_;
    std::function<std::vector<std::string>()> visible_layers_;
    std::function<std::vector<MapLayerChoice>()> map_layers_;
    std::filesystem::path written_folder_;  // of the last export, for "Open folder"
    std::string status_;
    bool status_error_ = false;
    // Text fields of the current story and slide.
    size_t buffers_story_ = SIZE_MAX, buffers_slide_ = SIZE_MAX;
    size_t buffers_slides_ = 0;
    size_t edit_story_ = SIZE_MAX, edit_slide_ = SIZE_MAX;  // the slide the text fields were loaded from
    char story_title_[256] = {};
    char title_[512] = {};
    char caption_[2048] = {};
    char notes_[8192] = {};
    char planned_[16] = {};
    bool planned_error_ = false;
    char path_[1024] = {};
    bool confirm_delete_ = false;
    std::vector<ImVec2> row_centres_;
    ImVec2 title_centre_{-1, -1}, notes_centre_{-1, -1}, planned_centre_{-1, -1};
};

}  // namespace atlas::ui
