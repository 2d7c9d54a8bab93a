#include "platform/story_mode.hpp"

#include <glad/gl.h>
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/error.hpp"
#include "geo/shapefile.hpp"
#include "model/slide_view.hpp"
#include "platform/window.hpp"
#include "render/map_renderer.hpp"
#include "render/snapshot.hpp"
#include "store/project.hpp"
#include "ui/presentation.hpp"
#include "ui/story_editor.hpp"
#include "render/fonts.hpp"

namespace atlas::platform {

namespace fs = std::filesystem;

StoryMode::StoryMode(Window& window, AppModel& model)
    : window_(window),
      model_(model),
      presentation_(std::make_unique<ui::Presentation>(find_ui_font(false), find_ui_font(true))),
      editor_(std::make_unique<ui::StoryEditor>()) {
    ui::PresentationHost host;
    host.set_fullscreen = [this](bool on, int monitor) { window_.set_fullscreen(on, monitor); };
    host.set_cursor_hidden = [this](bool hidden) { window_.set_cursor_hidden(hidden); };
    host.monitor_count = [this] { return window_.monitor_count(); };
    host.wake = [this] { window_.wake(); };
    host.wake_after = [this](double seconds) { window_.wake_after(seconds); };
    presentation_->set_host(std::move(host));
    ui::StoryStore store;
    store.save = [this](const Story& s) {
        if (!project_) return;
        if (project_->read_only()) throw Error(project_->path().string(), 0, "the project is open read-only");
        project_->put_story(s);
    };
    store.remove = [this](const std::string& id) {
        if (!project_) return;
        if (project_->read_only()) throw Error(project_->path().string(), 0, "the project is open read-only");
        project_->delete_story(id);
    };
    editor_->set_store(std::move(store));
}

StoryMode::~StoryMode() = default;

void StoryMode::set_basemap(SlideBasemapFn f) { presentation_->set_basemap(std::move(f)); }

bool StoryMode::load_basemap(const fs::path& dir, std::string& problems) {
    MapRendererOptions mo;
    mo.font_regular = find_ui_font(false);
    mo.font_bold = find_ui_font(true);
    auto map = std::make_unique<MapRenderer>(mo);
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.path().extension() == ".shp") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        try {
            map->add_layer(load_shapefile(f));
        } catch (const Error& e) {
            problems += std::string(e.what()) + "\n";  // one bad layer leaves the others
        }
    }
    if (map->layer_count() == 0) return false;
    basemap_ = std::move(map);
    MapRenderer* m = basemap_.get();
    presentation_->set_basemap([this, m](const MapView& v, const std::vector<std::string>& layers) {
        draw_slide_basemap(*m, v, presentation_->look, layers);
    });
    return true;
}

// [SECTION] Presenting

bool StoryMode::present(const std::string& name, size_t slide, int monitor) {
    editor_->sync(model_);
    const std::vector<Story>& stories = editor_->stories();
    error_.clear();
    size_t found = stories.size();
    if (name.empty()) {
        found = stories.empty() ? 0 : presentation_->chosen_story(stories);
    } else {
        found = find_story(stories, name);
    }
    if (found >= stories.size()) {
        error_ = name.empty() ? "this project has no story to present" : "no story \"" + name + "\" in this project";
        if (!stories.empty()) {
            error_ += " (stories:";
            for (const Story& s : stories) error_ += " \"" + s.id + "\"";
            error_ += ")";
        }
        return false;
    }
    if (stories[found].slides.empty()) {
        error_ = "the story \"" + stories[found].title + "\" has no slides yet";
        return false;
    }
    presentation_->choose_story(stories[found].id);
    return presentation_->start(model_, stories[found], slide, monitor);
}

void StoryMode::stop() { presentation_->stop(model_); }

void StoryMode::toggle_presenting() {
    if (presentation_->active()) stop();
    else present({}, editor_->current_story() == presentation_->chosen_story(editor_->stories()) ? editor_->current_slide() : 0);
}

bool StoryMode::presenting() const noexcept { return presentation_->active(); }

StoryMode::Result StoryMode::frame(double dt) {
    editor_->sync(model_);
    if (editor_->present_requested) {
        editor_->present_requested = false;
        const auto& stories = editor_->stories();
        if (editor_->current_story() < stories.size())
            present(stories[editor_->current_story()].id, editor_->current_slide());
    }
    if (!presentation_->active()) return Result::Explore;
    if (!presentation_->frame(model_, dt, window_.key_presses())) {
        stop();
        return Result::Left;
    }
    return Result::Presenting;
}

// [SECTION] Menu and editor window

void StoryMode::draw_menu_items() {
    editor_->sync(model_);
    if (presentation_->draw_menu_items(editor_->stories())) present();
    ImGui::MenuItem("Story editor", nullptr, &show_editor);
}

void StoryMode::draw_editor_window() {
    if (!show_editor || presentation_->active()) return;
    const ImGuiIO& io = ImGui::GetIO();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.12f), ImGuiCond_FirstUseEver,
                            ImVec2(0.5f, 0));
    ImGui::SetNextWindowSize(ImVec2(fs * 30, fs * 42), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Stories###story_editor", &show_editor)) editor_->draw(model_);
    ImGui::End();
}

bool StoryMode::save_screenshot(const std::string& path) {
    const gl::RenderTarget& t = presentation_->target();
    if (t.width() <= 0 || t.height() <= 0) return false;
    Image img;
    img.width = t.width();
    img.height = t.height();
    img.rgba.resize(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 4);
    t.read_pixels(img.rgba.data());
    try {
        write_png(img, path);
    } catch (const Error& e) {
        error_ = e.what();
        return false;
    }
    return true;
}

}  // namespace atlas::platform
