// The desktop program: opens a project, composes the explorer's panels under a
// main menu, draws the basemap under the events, and runs the loop (sleeping
// when idle, animating while playing).
#include "platform/app.hpp"

#include <glad/gl.h>
// glad first; GLFW only for its key codes (ImGui 1.86 indexes keys by the backend's codes).
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/paths.hpp"
#include "core/process.hpp"
#include "core/time.hpp"
#include "model/app_model.hpp"
#include "model/commands.hpp"
#include "model/drop.hpp"
#include "model/file_request.hpp"
#include "model/timeline_rules.hpp"
#include "model/user_dirs.hpp"
#include "platform/basemap.hpp"
#include "platform/file_watch.hpp"
#include "platform/layers_window.hpp"
#include "render/user_layers.hpp"
#include "platform/story_mode.hpp"
#include "platform/window.hpp"
#include "render/event_layer.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"
#include "render/snapshot.hpp"
#include "store/default_project.hpp"
#include "store/import.hpp"
#include "store/interchange.hpp"
#include "store/project.hpp"
#include "ui/explorer.hpp"
#include "ui/event_editor.hpp"
#include "ui/source_viewer.hpp"
#include "model/source_text.hpp"
#include "ui/export_panel.hpp"
#include "ui/file_dialogs.hpp"
#include "ui/story_editor.hpp"
#include "ui/place_finder.hpp"
#include "ui/presentation.hpp"
#include "ui/theme.hpp"
#include "core/utf8.hpp"

namespace atlas::platform {

namespace fs = std::filesystem;

namespace {

// [SECTION] Settings kept in the XDG config directory

struct Settings {
    Theme theme = Theme::Light;
    BasemapLanguage language = BasemapLanguage::English;
    bool follow_selection = true;
    RecentProjects recent;  // most recent first, kept in its own file beside this one

    static fs::path file() { return paths::config_dir() / "explorer.ini"; }
    void load() {
        std::ifstream in(file());
        std::string line;
        while (std::getline(in, line)) {
            const auto eq = line.find('=');
            if (eq == std::string::npos) continue;
            const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
            if (key == "theme" && !parse_theme(value, theme)) theme = Theme::Light;
            else if (key == "labels") language = value == "ru" ? BasemapLanguage::Russian : value == "kk" ? BasemapLanguage::Kazakh : BasemapLanguage::English;
            else if (key == "follow_selection") follow_selection = value != "0";
        }
        recent.load(RecentProjects::default_file());
    }
    void save() const {
        std::ostringstream out;
        out << "theme=" << theme_name(theme) << "\n";
        out << "labels=" << (language == BasemapLanguage::Russian ? "ru" : language == BasemapLanguage::Kazakh ? "kk" : "en") << "\n";
        out << "follow_selection=" << (follow_selection ? 1 : 0) << "\n";
        try {
            write_atomically(file(), out.str());
            recent.save(RecentProjects::default_file());
        } catch (const Error&) {
            // settings are a convenience: never fail the program over them
        }
    }
    void add_recent(const std::string& path) { recent.add(path); }
};

// [SECTION] The application

class App {
public:
    App(Window& window, const AppOptions& options) : window_(window), options_(options) {
        persist_ = options.frames < 0;
        if (persist_) settings_.load();
        if (!options.theme.empty()) {
            if (!parse_theme(options.theme, settings_.theme)) settings_.theme = Theme::Light;
        }
        explorer_ = std::make_unique<ui::Explorer>(model_);
        place_finder_.set_geodata(paths::geodata_dir());
        // One GPU copy of the events for everything drawn in this window.
        events_ = std::make_shared<EventLayer>();
        explorer_->theme = settings_.theme;
        ui::apply_theme(settings_.theme, window_.content_scale());
        model_.follow_selection = settings_.follow_selection;
        explorer_->excerpts().heading_font = window_.fonts().bold;
        explorer_->filters().set_search([this](std::string_view q) { return search(q); });
        explorer_->excerpts().set_full_text_importer(
            [this](const std::string& id, const std::string& path) { return import_full_text(id, path); });
        editor_ = std::make_unique<ui::EventEditor>(model_);
        editor_->install(*explorer_);
        editor_->search = [this](std::string_view q) { return search(q); };
        editor_->on_change = [this] { update_label_obstacles(); };
        sources_ = std::make_unique<ui::SourceViewer>(model_);
        sources_->on_change = [this] { editor_->reload_project(); };
        editor_->find_place = [this] {
            place_finder_.show_to_pick([this](const GazetteerPlace& p) { editor_->place_from_gazetteer(p); });
        };
        load_basemap();
        stories_ = std::make_unique<StoryMode>(window_, model_);
        stories_->presentation().set_event_layer(events_);
        stories_->presentation().presenter_console = options_.presenter_console;
        if (basemap_)
            stories_->set_basemap([this](const MapView& v, const std::vector<std::string>& layers,
                                         const std::vector<std::array<float, 4>>& keep_clear, BasemapCopy& copy) {
                draw_slide_basemap(basemap_->renderer(), v, Theme::Projector, layers, keep_clear, &copy);
            }, [this](const MapView& v, const std::vector<std::string>& layers,
                      const std::vector<std::array<float, 4>>& keep_clear, const BasemapCopy& copy) {
                return slide_basemap_would_put_back(basemap_->renderer(), v, Theme::Projector, layers, keep_clear, copy);
            });
        install_file_dialogs();
        // The story editor ticks a slide's layers among the map's, and a new slide names those on now.
        stories_->editor().set_map_layers([this] {
            std::vector<ui::MapLayerChoice> out;
            if (!basemap_) return out;
            const MapRenderer& m = basemap_->renderer();
            for (size_t i = 0; i < m.layer_count(); ++i)
                out.push_back({m.layer(i).name, m.options(i).title, m.options(i).visible, m.options(i).user});
            return out;
        });
        stories_->editor().set_visible_layers([this] {
            std::vector<std::string> out;
            if (!basemap_) return out;
            const MapRenderer& m = basemap_->renderer();
            bool as_default = true;  // every basemap layer on and none of the user's: name none
            for (size_t i = 0; i < m.layer_count(); ++i) {
                if (m.options(i).visible) out.push_back(m.layer(i).name);
                as_default = as_default && m.options(i).visible != m.options(i).user;
            }
            if (as_default) out.clear();
            return out;
        });
        open_initial();
        if (options_.present && !stories_->present(options_.story, static_cast<size_t>(std::max(0, options_.slide)), options_.monitor)) show_error(stories_->error());
    }

    int run() {
        if (options_.frames >= 0) {
            // A fixed number of frames (tests, screenshots), then maybe a PNG of the last one.
            const int n = std::max(1, options_.frames);
            for (int i = 0; i < n; ++i) {
                if (i == n - 1 && !options_.screenshot.empty()) window_.capture_next_frame();
                if (i == n - 1 && !options_.presenter_screenshot.empty()) stories_->capture_console_next_frame();
                if (!window_.step([this] { return frame(); })) break;
            }
            // Where the windows ended up (tests of placement on several monitors read it).
            if (stories_->presenting()) std::fprintf(stderr, "present: %s\n", stories_->placement().c_str());
            bool ok = true;
            if (!options_.presenter_screenshot.empty() &&
                !stories_->save_console_screenshot(options_.presenter_screenshot)) {
                std::fprintf(stderr, "%s\n", stories_->error().c_str());
                ok = false;
            }
            if (!options_.screenshot.empty()) ok = save_screenshot(options_.screenshot) && ok;
            return ok ? 0 : 1;
        }
        window_.run([this] { return frame(); });
        if (persist_) settings_.save();
        return 0;
    }

private:
    // [SECTION] Project

    void open_initial() {
        try {
            const fs::path path = options_.project.empty() ? default_project_path() : fs::path(options_.project);
            open_project(path);
        } catch (const Error& e) {
            show_error(e.what());
        }
        if (!options_.time_cursor.empty()) set_moment(options_.time_cursor);
        if (!options_.select_event.empty()) {
            if (auto r = model_.row_of(options_.select_event)) model_.select(*r);
            else show_error("no event with id " + options_.select_event + " in this project");
        }
    }

    void open_project(const fs::path& path) {
        try {
            Project p = [&] {
                try {
                    return Project::open(path, OpenMode::ReadWrite);
                } catch (const Error&) {
                    // A file we may not write (read-only medium, another user's) still opens to read.
                    return Project::open(path, OpenMode::ReadOnly);
                }
            }();
            Dataset d = p.load();
            // The history of edits lives as long as its project is open.
            editor_->set_history(nullptr);
            sources_->set_history(nullptr);
            history_.reset();
            project_.emplace(std::move(p));
            if (!project_->read_only()) history_ = std::make_unique<EditHistory>(*project_);
            editor_->set_history(history_.get());
            sources_->set_history(history_.get());
            if (stories_) stories_->set_project(&*project_, history_.get());
            model_.set_dataset(std::move(d));
            restore_user_layers();
            update_label_obstacles();
            explorer_->map().request_fit();
            settings_.add_recent(fs::absolute(path).string());
            window_title_ = path.stem().string() + (project_->read_only() ? " (read-only)" : "");
            window_.set_title(window_title_ + " - Almaty Atlas");
            watch_project();
            files_.set_extra_places({{"Project folder", fs::absolute(path).parent_path()}});
        } catch (const Error& e) {
            show_error(e.what());
        }
    }

    std::vector<std::string> search(std::string_view q) {
        if (!project_) return {};
        try {
            return project_->search(q);
        } catch (const Error& e) {
            show_error(e.what());
            return {};
        }
    }

    std::string import_full_text(const std::string& source_id, const std::string& path) {
        try {
            // .html reduced to its text; one undoable step that re-checks the excerpts' spans.
            std::string text = source_text_from_file(path);
            if (!model_.dataset().find_source(source_id)) return "unknown source " + source_id;
            if (history_) {
                history_->set_full_text(source_id, std::move(text));
                editor_->reload_project();
            } else {
                model_.set_source_full_text(source_id, std::move(text));
            }
            return {};
        } catch (const Error& e) {
            return e.what();
        } catch (const std::exception& e) {
            return path + ": " + e.what();
        }
    }

    // Puts the cursor at a moment as written and shows a timeline span that suits it.
    void set_moment(const std::string& text) {
        std::string err;
        if (!go_to_date(model_, text, &err)) show_error(err);
    }

    // [SECTION] Files: dialogs (ui/file_dialogs.hpp), new, save as, recent,
    // imports after a preview, files dropped on the window, export folders.

    void install_file_dialogs() {
        files_.set_waker([this] { window_.wake_from_any_thread(); });
        files_.set_parent_window(window_.portal_handle());
        export_.files = &files_;
        export_.default_folder = [this](ExportKind k) { return export_folder(k); };
        export_.open_folder = [this](const fs::path& dir) { open_folder(dir); };
        layers_window_.files = &files_;
        stories_->editor().files = &files_;
        stories_->editor().story_folder = [this] { return export_folder(ExportKind::Story); };
        stories_->editor().open_folder = [this](const fs::path& dir) { open_folder(dir); };
    }

    // The project's folder when it is the user's, else the XDG folder for the kind.
    fs::path export_folder(ExportKind kind) const {
        return default_export_folder(kind, project_ ? project_->path() : fs::path(), project_ && project_->read_only(),
                                     paths::data_dir());
    }
    fs::path project_folder() const { return export_folder(ExportKind::Data); }

    void request_file(FileRequest r, ui::FileDialogs::Callback cb) {
        if (!files_.request(std::move(r), std::move(cb))) show_error("A file dialog is already open: finish with it first.");
        window_.wake();
    }

    void ask_open_project() {
        FileRequest r;
        r.purpose = "open-project";
        r.title = "Open project";
        r.filters = {file_types::projects()};
        r.folder = project_folder();
        request_file(r, [this](const fs::path& p) { open_project(p); });
    }

    void ask_new_project() {
        FileRequest r;
        r.purpose = "new-project";
        r.title = "New project";
        r.action = FileAction::Save;
        r.filters = {file_types::projects()};
        r.folder = project_folder();
        r.file_name = "Untitled.atlas";
        request_file(r, [this](const fs::path& p) { new_project(p); });
    }

    void new_project(const fs::path& path) {
        std::error_code ec;
        if (fs::exists(path, ec)) {
            show_error(path.string() + ": a file is already there; open it, or choose another name for the new project");
            return;
        }
        try {
            (void)Project::open(path, OpenMode::CreateIfMissing);
        } catch (const Error& e) {
            show_error(e.what());
            return;
        }
        open_project(path);
        status_ = "New empty project " + fs::absolute(path).string();
    }

    void ask_save_as() {
        if (!project_) return;
        FileRequest r;
        r.purpose = "save-project-as";
        r.title = "Save project as";
        r.action = FileAction::Save;
        r.filters = {file_types::projects()};
        r.folder = project_folder();
        r.file_name = project_->path().stem().string() + " copy.atlas";
        request_file(r, [this](const fs::path& p) { save_project_as(p); });
    }

    // A complete copy through SQLite's backup API, then the window works on the copy.
    void save_project_as(const fs::path& path) {
        if (!project_) return;
        try {
            project_->save_copy(path);
        } catch (const Error& e) {
            show_error(e.what());
            return;
        }
        open_project(path);
        status_ = "Saved the project as " + fs::absolute(path).string();
    }

    void draw_recent_menu() {
        const auto& items = settings_.recent.items();
        if (!ImGui::BeginMenu("Recent projects", !items.empty())) return;
        std::optional<std::string> chosen;
        for (size_t i = 0; i < items.size(); ++i) {
            std::error_code ec;
            const bool there = fs::exists(items[i], ec);
            const std::string label = fs::path(items[i]).filename().string() + (there ? "" : " (missing)") + "##recent" +
                                      std::to_string(i);
            if (ImGui::MenuItem(label.c_str(), nullptr, false, there)) chosen = items[i];
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", items[i].c_str());
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Clear the list")) settings_.recent = RecentProjects();
        ImGui::EndMenu();
        if (chosen) open_project(*chosen);
    }

    void ask_import() {
        FileRequest r;
        r.purpose = "import-events";
        r.title = "Import events";
        r.filters = {file_types::event_files()};
        r.folder = project_folder();
        request_file(r, [this](const fs::path& p) { preview_events(p); });
    }

    void ask_add_layer() {
        FileRequest r;
        r.purpose = "add-layer";
        r.title = "Add a map layer";
        r.filters = {file_types::map_layers()};
        r.folder = project_folder();
        request_file(r, [this](const fs::path& p) { add_layer(p); });
    }

    void add_layer(const fs::path& p) {
        if (!basemap_) {
            show_error(p.string() + ": cannot add a layer: the basemap did not load");
            return;
        }
        layers_window_.open = true;
        layers_window_.add_path = p.string();
        layers_window_.add_requested = true;
    }

    // Reads the file and shows what importing it would change; nothing is written yet.
    void preview_events(const fs::path& path) {
        if (!project_ || project_->read_only()) {
            show_error(path.string() + ": open a project you can write to before importing");
            return;
        }
        previews_.push_back(preview_import(model_.dataset(), path));
    }

    void take_drops() {
        const std::vector<std::string> dropped = window_.take_drops();
        if (dropped.empty()) return;
        for (const DropDecision& d : classify_drops(dropped)) {
            switch (d.kind) {
            case DropKind::OpenProject: open_project(d.path); break;
            case DropKind::ImportEvents: preview_events(d.path); break;
            case DropKind::AddLayer: add_layer(d.path); break;
            case DropKind::Unsupported: show_error(d.reason); break;
            }
        }
        window_.wake();
    }

    void draw_import_preview() {
        if (previews_.empty()) return;
        const char* id = "Import events###import_preview";
        if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
        const float em = ImGui::GetFontSize();
        ImGui::SetNextWindowSizeConstraints(ImVec2(em * 24, 0), ImVec2(em * 48, ImGui::GetIO().DisplaySize.y * 0.85f));
        if (!ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
        const ImportPreview& pv = previews_.front();
        bool close = false;
        ImGui::PushTextWrapPos(em * 45);
        ImGui::Text("%s", fs::absolute(pv.path).c_str());
        ImGui::TextDisabled("%s, %d row(s) read", std::string(to_string(pv.format)).c_str(), pv.rows);
        if (!pv.problems.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.85f, 0.2f, 0.15f, 1));
            ImGui::Text("Nothing can be imported: %zu problem(s)", pv.problems.size());
            ImGui::PopStyleColor();
            ImGui::BeginChild("##problems", ImVec2(em * 44, std::min(em * 12, em * 1.4f * static_cast<float>(pv.problems.size()) + em)), true);
            for (const auto& p : pv.problems) ImGui::TextUnformatted(p.c_str());
            ImGui::EndChild();
        } else {
            ImGui::Text("%d new event(s), %d updated, %d unchanged", pv.added, pv.updated, pv.unchanged);
            const auto list = [](const char* head, const std::vector<std::string>& titles, int total) {
                if (titles.empty()) return;
                ImGui::TextDisabled("%s", head);
                for (const auto& t : titles) ImGui::BulletText("%s", t.c_str());
                if (total > static_cast<int>(titles.size())) ImGui::TextDisabled("and %d more", total - static_cast<int>(titles.size()));
            };
            list("New:", pv.added_titles, pv.added);
            list("Updated (matched on their id):", pv.updated_titles, pv.updated);
            ImGui::TextDisabled("Events are matched on their id: nothing is duplicated or lost. Edit > Undo takes the import back.");
        }
        ImGui::PopTextWrapPos();
        const bool can = pv.ok() && project_ && !project_->read_only() && (pv.added + pv.updated) > 0;
        if (can && ImGui::Button("Import")) {
            try {
                // One undoable step for the records; stories go to the story list as they are.
                const std::string name = "Import " + pv.path.filename().string();
                const MergeStats st = history_ ? history_->import_records(pv.data, name) : project_->merge(pv.data);
                if (history_ && !pv.data.stories.empty()) {
                    Dataset stories;
                    stories.stories = pv.data.stories;
                    project_->merge(stories);
                }
                if (history_) editor_->reload_project();
                else model_.set_dataset(project_->load());
                update_label_obstacles();
                explorer_->map().request_fit();
                status_ = "Imported " + fs::absolute(pv.path).string() + ": " + std::to_string(st.added) + " new, " +
                          std::to_string(st.updated) + " updated, " + std::to_string(st.unchanged) + " unchanged";
            } catch (const Error& e) {
                show_error(e.what());
            }
            close = true;
        }
        if (can) ImGui::SameLine();
        if (ImGui::Button(can ? "Cancel" : "Close") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) close = true;
        if (close) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        if (close) {
            previews_.erase(previews_.begin());
            window_.wake();
        }
    }

    // The desktop's file manager on a folder; xdg-open runs without a shell.
    void open_folder(const fs::path& dir) {
        try {
            if (find_executable("xdg-open").empty()) throw Error("xdg-open is not installed: the folder is " + dir.string());
            spawn_detached({"xdg-open", dir.string()});
        } catch (const Error& e) {
            show_error(e.what());
        }
    }

    // [SECTION] Basemap

    void load_basemap() {
        std::string problems;
        try {
            basemap_ = std::make_unique<Basemap>(paths::geodata_dir(), problems);
            basemap_->set_language(settings_.language);
        } catch (const Error& e) {
            basemap_.reset();
            problems += std::string("no basemap: ") + e.what();
        }
        while (!problems.empty() && problems.back() == '\n') problems.pop_back();
        status_ = problems;
        // One scene renderer for the map panel and the export window: what is on
        // screen is what an export at that size and view holds.
        scene_ = std::make_shared<SceneRenderer>(basemap_ ? &basemap_->renderer() : nullptr, events_);
        explorer_->map().set_scene(scene_);
        update_label_obstacles();
    }

    // The layers the user added come with the project: restored on opening,
    // saved whenever they change (not while the mouse is still dragging a slider).
    void restore_user_layers() {
        if (!basemap_ || !project_) return;
        try {
            user_layers_.restore(basemap_->renderer(), project_->user_layers(), fs::absolute(project_->path()).parent_path());
        } catch (const Error& e) {
            show_error(e.what());
        }
        saved_layers_ = user_layers_.records(basemap_->renderer());
        layers_window_.open |= !user_layers_.missing().empty();  // say so where the layers are listed
    }

    void save_user_layers() {
        if (!basemap_ || !project_ || project_->read_only() || ImGui::IsAnyMouseDown()) return;
        std::vector<UserLayerRecord> now = user_layers_.records(basemap_->renderer());
        if (now == saved_layers_) return;
        saved_layers_ = std::move(now);  // tried once per change, not once per frame
        try {
            // An undoable step ("Add layer 'roads'") when the project is the user's to change.
            if (history_) history_->set_layers(saved_layers_);
            else project_->set_user_layers(saved_layers_);
        } catch (const Error& e) {
            show_error(e.what());
        }
    }

    // Map labels keep clear of the event markers.
    void update_label_obstacles() {
        if (basemap_) basemap_->set_label_obstacles(model_.marker_positions());
    }

    // [SECTION] Export window (ui/export_panel.hpp): images and animations through the
    // scene function, with the map panel's event style; data of the filtered events.

    void draw_export() {
        const ImGuiIO& io = ImGui::GetIO();
        if (io.KeyCtrl && !io.KeyShift && !io.WantTextInput && ImGui::IsKeyPressed(GLFW_KEY_E, false)) export_.open = true;
        if (!export_.open && !export_.animating()) return;
        // The map panel set the scene's marker style this frame (its View menu).
        export_.draw(*scene_, model_, explorer_->theme);
        if (export_.animating()) window_.wake();  // one frame per UI frame until done
    }

    // [SECTION] Another window or program on the same project

    // The file and its write-ahead log are watched off the UI thread (nothing
    // is drawn while nothing changes); a change wakes the window, which asks its
    // own connection whether someone else committed, and reloads if so.
    void watch_project() {
        project_changed_ = false;
        seen_changes_ = project_->changes_by_others();
        const fs::path file = fs::absolute(project_->path());
        project_watch_.start({file, fs::path(file.string() + "-wal")}, [this] {
            project_changed_ = true;
            window_.wake_from_any_thread();
        });
    }

    void take_changes_by_others() {
        if (!project_ || !project_changed_.exchange(false)) return;
        try {
            const int64_t now = project_->changes_by_others();
            if (now == seen_changes_) return;  // our own writes
            seen_changes_ = now;
            if (history_) editor_->reload_project();  // keeps the view and the selection
            else model_.set_dataset(project_->load());
            if (stories_) stories_->set_project(&*project_, history_.get());
            status_ = "Another window or program changed " + fs::absolute(project_->path()).string() +
                      ": shown as it is now";
        } catch (const Error& e) {
            show_error(e.what());
        }
    }

    // [SECTION] Frame

    bool frame() {
        take_changes_by_others();
        const ImGuiIO& io = ImGui::GetIO();
        // Presenting: the slide fills the screen and nothing else is drawn.
        const StoryMode::Result shown = stories_->frame(io.DeltaTime);
        if (shown == StoryMode::Result::Left && options_.present) quit_ = true;  // started by `present`: Esc quits
        if (shown != StoryMode::Result::Explore) return !quit_;
        if (explorer_->update(io.DeltaTime)) window_.wake();  // animate while playing
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false) && window_.fullscreen()) present(false);
        // F5: the presentation mode's call point.
        if (!io.WantTextInput && ImGui::IsKeyPressed(GLFW_KEY_F5, false)) present(true);

        const float menu_h = draw_menu();
        const ImVec2 display = io.DisplaySize;
        const float status_h = status_.empty() ? 0.0f : ImGui::GetFrameHeight();
        explorer_->draw(ImVec2(0, menu_h), ImVec2(display.x, display.y - menu_h - status_h), window_.key_presses());
        editor_->draw();
        sources_->draw();
        if (!status_.empty()) draw_status(ImVec2(0, display.y - status_h), ImVec2(display.x, status_h));
        stories_->draw_editor_window();
        if (basemap_) {
            const Theme before = explorer_->theme;
            if (draw_layers_window(layers_window_, *basemap_, user_layers_, explorer_->theme, model_.map_view)) window_.wake();
            save_user_layers();
            if (explorer_->theme != before) {
                settings_.theme = explorer_->theme;
                ui::apply_theme(explorer_->theme, window_.content_scale());
            }
        }
        if (const std::optional<BoundsLL> box = place_finder_.draw()) {
            model_.fly_map_to(*box);
            window_.wake();
        }
        draw_export();
        draw_dialogs();
        take_drops();
        draw_import_preview();
        files_.draw();
        return !quit_;
    }

    float draw_menu() {
        float h = 0;
        if (!ImGui::BeginMainMenuBar()) return h;
        h = ImGui::GetWindowSize().y;
        if (ImGui::BeginMenu("File")) {
            if (ImGui::MenuItem("New project...")) ask_new_project();
            if (ImGui::MenuItem("Open project...", "Ctrl+O")) ask_open_project();
            if (ImGui::MenuItem("Open the Almaty project")) {
                try {
                    open_project(default_project_path());
                } catch (const Error& e) {
                    show_error(e.what());
                }
            }
            draw_recent_menu();
            if (ImGui::MenuItem("Save project as...", "Ctrl+Shift+S", false, project_.has_value())) ask_save_as();
            ImGui::Separator();
            if (ImGui::MenuItem("Import events (CSV, GeoJSON, timemap JSON)...", nullptr, false,
                                project_ && !project_->read_only()))
                ask_import();
            if (ImGui::MenuItem("Add a map layer (shapefile, GeoJSON)...", nullptr, false, basemap_ != nullptr)) ask_add_layer();
            ImGui::Separator();
            if (ImGui::MenuItem("Export...", "Ctrl+E")) export_.open = true;
            ImGui::Separator();
            if (ImGui::MenuItem("Quit", "Ctrl+Q")) quit_ = true;
            ImGui::EndMenu();
        }
        draw_edit_menu();
        if (ImGui::BeginMenu("View")) {
            if (ImGui::BeginMenu("Theme")) {
                for (Theme t : {Theme::Light, Theme::Dark, Theme::Projector}) {
                    const std::string_view name = theme_name(t);
                    if (ImGui::MenuItem(std::string(name).c_str(), nullptr, explorer_->theme == t)) {
                        explorer_->theme = settings_.theme = t;
                        ui::apply_theme(t, window_.content_scale());
                    }
                }
                ImGui::EndMenu();
            }
            if (ImGui::BeginMenu("Label language", basemap_ != nullptr)) {
                const std::pair<BasemapLanguage, const char*> langs[] = {
                    {BasemapLanguage::English, "English"}, {BasemapLanguage::Russian, "Русский"}, {BasemapLanguage::Kazakh, "Қазақша"}};
                for (const auto& [lang, name] : langs)
                    if (ImGui::MenuItem(name, nullptr, settings_.language == lang)) {
                        settings_.language = lang;
                        basemap_->set_language(lang);
                    }
                ImGui::EndMenu();
            }
            if (ImGui::MenuItem("Follow selection", nullptr, model_.follow_selection))
                settings_.follow_selection = model_.follow_selection = !model_.follow_selection;
            ImGui::MenuItem("Layers...", "Ctrl+L", &layers_window_.open, basemap_ != nullptr);
            if (ImGui::MenuItem("Find a place...", "Ctrl+F")) place_finder_.show();
            ImGui::MenuItem("Legend", nullptr, &explorer_->map().show_legend);
            ImGui::MenuItem("Uncertainty discs", nullptr, &explorer_->map().style.show_uncertainty);
            ImGui::MenuItem("Clusters", nullptr, &explorer_->map().style.show_clusters);
            ImGui::Separator();
            if (ImGui::MenuItem("Show all events")) {
                model_.fit_map_all();
                model_.fit_timeline_all();
            }
            ImGui::Separator();
            stories_->draw_menu_items();  // Present (F5), story, monitor, story editor
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem("Present", "F5")) present(true);
        if (ImGui::MenuItem("+ New event", nullptr, false, editor_->can_edit())) editor_->new_event();
        if (ImGui::BeginMenu("Help")) {
            if (ImGui::MenuItem("About Almaty Atlas")) open_dialog_ = Dialog::About;
            ImGui::EndMenu();
        }
        // The count and the project's name, always visible.
        const std::string right = ui::count_label(model_) + "   " + window_title_;
        const float w = ImGui::CalcTextSize(right.c_str()).x;
        ImGui::SameLine(ImGui::GetWindowWidth() - w - ImGui::GetStyle().ItemSpacing.x * 2);
        ImGui::TextUnformatted(right.c_str());
        ImGui::EndMainMenuBar();
        // Keyboard shortcuts.
        const ImGuiIO& io = ImGui::GetIO();
        if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_O, false)) ask_open_project();
        if (io.KeyCtrl && io.KeyShift && ImGui::IsKeyPressed(GLFW_KEY_S, false) && project_) ask_save_as();
        if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q, false)) quit_ = true;
        if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_L, false) && basemap_) layers_window_.open = !layers_window_.open;
        if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_F, false)) place_finder_.show();
        edit_shortcuts();
        return h;
    }

    // [SECTION] Edit menu and its shortcuts (ui/event_editor.hpp does the work)

    void draw_edit_menu() {
        if (!ImGui::BeginMenu("Edit")) return;
        const bool can = editor_->can_edit();
        const bool selected = model_.primary_selection().has_value();
        const std::string undo = history_ && history_->can_undo() ? "Undo " + history_->undo_name() : "Undo";
        const std::string redo = history_ && history_->can_redo() ? "Redo " + history_->redo_name() : "Redo";
        if (ImGui::MenuItem(undo.c_str(), "Ctrl+Z", false, history_ && history_->can_undo())) undo_step(false);
        if (ImGui::MenuItem(redo.c_str(), "Ctrl+Shift+Z", false, history_ && history_->can_redo())) undo_step(true);
        ImGui::Separator();
        if (ImGui::MenuItem("New event", "Ctrl+N", false, can)) editor_->new_event();
        if (ImGui::MenuItem("Edit the selected event", "F2", false, can && selected)) editor_->edit_selected();
        if (ImGui::MenuItem("Duplicate the selected event", "Ctrl+D", false, can && selected)) editor_->duplicate_selected();
        if (ImGui::MenuItem("Delete the selected event...", "Delete", false, can && selected)) editor_->request_delete_selected();
        ImGui::Separator();
        if (ImGui::MenuItem("Sources and excerpts...", "Ctrl+Shift+E", sources_->open)) {
            if (sources_->open) sources_->open = false;
            else sources_->show(model_.focused_source);
        }
        if (!can) {
            ImGui::Separator();
            ImGui::TextDisabled(project_ ? "The project is open read-only." : "No project is open.");
        }
        ImGui::EndMenu();
    }

    // Undo or redo one step of the history: the event editor reloads the
    // records (and with them the stories); map layers the step changed are
    // loaded again as the project now lists them.
    void undo_step(bool redo) {
        if (redo) editor_->redo();
        else editor_->undo();
        if (!basemap_ || !project_) return;
        try {
            if (project_->user_layers() != saved_layers_) restore_user_layers();
        } catch (const Error& e) {
            show_error(e.what());
        }
    }

    // Outside text fields only: there Ctrl+Z undoes typing.
    void edit_shortcuts() {
        const ImGuiIO& io = ImGui::GetIO();
        if (io.WantTextInput || !editor_->can_edit()) return;
        const bool redo = (io.KeyCtrl && io.KeyShift && ImGui::IsKeyPressed(GLFW_KEY_Z, false)) ||
                          (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Y, false));
        if (redo) undo_step(true);
        else if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Z, false)) undo_step(false);
        if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_N, false)) editor_->new_event();
        if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_D, false)) editor_->duplicate_selected();
        if (ImGui::IsKeyPressed(GLFW_KEY_F2, false)) editor_->edit_selected();
        if (ImGui::IsKeyPressed(GLFW_KEY_DELETE, false)) editor_->request_delete_selected();
        if (io.KeyCtrl && io.KeyShift && ImGui::IsKeyPressed(GLFW_KEY_E, false)) sources_->show(model_.focused_source);
    }

    // [SECTION] Presentation call point
    // F5 and View > Present land here: the chosen story (or the slide open in
    // the story editor) full screen on the chosen monitor (platform/story_mode.hpp).
    void present(bool on) {
        if (!on) {
            stories_->stop();
            return;
        }
        stories_->toggle_presenting();
        if (!stories_->presenting() && !stories_->error().empty()) show_error(stories_->error());
    }

    void draw_status(ImVec2 pos, ImVec2 size) {
        ImGui::SetNextWindowPos(pos);
        ImGui::SetNextWindowSize(size);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 2));
        ImGui::Begin("##status", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
        ImGui::TextDisabled("%s", status_.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("x##status")) status_.clear();
        ImGui::End();
        ImGui::PopStyleVar();
    }

    void show_error(std::string message) { errors_.push_back(std::move(message)); }

    void draw_dialogs() {
        // Errors: one message box at a time, never a crash.
        if (!errors_.empty() && !ImGui::IsPopupOpen("Problem##error")) ImGui::OpenPopup("Problem##error");
        ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 20, 0), ImVec2(ImGui::GetFontSize() * 45, ImGui::GetIO().DisplaySize.y * 0.8f));
        if (ImGui::BeginPopupModal("Problem##error", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 42);
            if (!errors_.empty()) ImGui::TextUnformatted(errors_.front().c_str());
            ImGui::PopTextWrapPos();
            if (ImGui::Button("OK##error") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
                if (!errors_.empty()) errors_.erase(errors_.begin());
                ImGui::CloseCurrentPopup();
            }
            ImGui::EndPopup();
        }
        if (open_dialog_ == Dialog::About) ImGui::OpenPopup("About Almaty Atlas##about");
        open_dialog_ = Dialog::None;
        if (ImGui::BeginPopupModal("About Almaty Atlas##about", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
            ImGui::Text("Almaty Atlas %s", ATLAS_VERSION);
            ImGui::TextUnformatted("Events of urban conflict in Almaty on a map and a timeline,");
            ImGui::TextUnformatted("each resting on the verbatim excerpts of its sources.");
            ImGui::TextDisabled("Алматы · Алматы қаласы");
            ImGui::Separator();
            ImGui::TextUnformatted("Map data \u00a9 OpenStreetMap contributors, available under the");
            ImGui::TextUnformatted("Open Database License (ODbL) 1.0: openstreetmap.org/copyright.");
            ImGui::TextUnformatted("The embedded basemap is built from it and keeps that licence.");
            if (ImGui::Button("Close##about")) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
    }

    bool save_screenshot(const std::string& path) {
        Image shot;
        shot.rgba = window_.take_capture(shot.width, shot.height);
        if (shot.width <= 0 || shot.height <= 0) {
            std::fprintf(stderr, "%s: cannot write the screenshot: nothing was captured\n", path.c_str());
            return false;
        }
        try {
            write_png(shot, path);
        } catch (const Error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            return false;
        }
        for (const auto& e : errors_) std::fprintf(stderr, "%s\n", e.c_str());
        return true;
    }

    Window& window_;
    AppOptions options_;
    Settings settings_;
    bool persist_ = true;
    AppModel model_;
    std::optional<Project> project_;
    std::shared_ptr<EventLayer> events_;  // the events on the GPU, drawn by the panel, presenting and exports
    std::shared_ptr<SceneRenderer> scene_;  // the map panel's and the export window's
    std::unique_ptr<EditHistory> history_;     // of project_, when it is writable
    std::unique_ptr<ui::EventEditor> editor_;
    std::unique_ptr<ui::SourceViewer> sources_;  // the evidence window (Edit > Sources and excerpts)
    std::unique_ptr<ui::Explorer> explorer_;
    std::unique_ptr<Basemap> basemap_;
    LayersWindowState layers_window_;
    UserLayers user_layers_;
    std::vector<UserLayerRecord> saved_layers_;  // as last written to the project
    ui::PlaceFinder place_finder_;
    std::unique_ptr<StoryMode> stories_;
    ui::ExportPanel export_;
    std::vector<std::string> errors_;
    std::string status_;
    platform::FileWatch project_watch_;
    std::atomic<bool> project_changed_{false};
    int64_t seen_changes_ = 0;
    std::string window_title_;
    enum class Dialog { None, About } open_dialog_ = Dialog::None;
    ui::FileDialogs files_;                 // every file action's dialog
    std::vector<ImportPreview> previews_;   // imports waiting for the user's yes (the first is shown)
    bool quit_ = false;
};

}  // namespace

int run_app(const AppOptions& options) {
    WindowOptions wo;
    wo.width = options.width;
    wo.height = options.height;
    wo.persist_layout = false;  // the explorer lays its panels out itself
    wo.monitor = options.monitor;
    Window window(wo);
    App app(window, options);
    return app.run();
}

}  // namespace atlas::platform
