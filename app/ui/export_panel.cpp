#include "ui/export_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "render/animation.hpp"
#include "render/style.hpp"
#include "ui/file_dialogs.hpp"

namespace atlas::ui {
namespace fs = std::filesystem;

// [SECTION] Actions

namespace {
// The view of an export: the model's centre, the export's size and pixel ratio,
// and (keep_framing) the zoom that shows the map panel's width of ground.
MapView export_view(const MapView& screen, int width, int height, int dpi, bool keep_framing) {
    MapView v = screen;
    v.width_px = width;
    v.height_px = height;
    v.pixel_ratio = std::clamp(dpi, 24, 1200) / 96.0;
    if (keep_framing && screen.width_px > 0 && screen.pixel_ratio > 0) {
        const double screen_logical = screen.width_px / screen.pixel_ratio;
        const double image_logical = v.width_px / v.pixel_ratio;
        v.zoom = std::clamp(screen.zoom + std::log2(image_logical / screen_logical), MapView::kMinZoom, MapView::kMaxZoom);
    }
    return v;
}

// Restores the model's camera and window however the export ends.
struct ViewGuard {
    AppModel& model;
    MapView view;
    TimeWindow window;
    explicit ViewGuard(AppModel& m) : model(m), view(m.map_view), window(m.window()) {}
    ~ViewGuard() {
        model.map_view = view;
        model.set_window(window);
    }
    ViewGuard(const ViewGuard&) = delete;
    ViewGuard& operator=(const ViewGuard&) = delete;
};
}  // namespace

void export_view_png(SceneRenderer& scene, AppModel& model, Theme theme, const ImageExport& e) {
    if (e.width < 1 || e.height < 1 || e.width > kMaxSnapshotSide || e.height > kMaxSnapshotSide)
        throw Error(e.path, 0, "image size must be 1..16384 pixels a side");
    ViewGuard guard(model);
    model.map_view = export_view(guard.view, e.width, e.height, e.dpi, e.keep_framing);
    scene.render_png(model, theme, e.overlays, e.path, SnapshotOptions{});
}

// [SECTION] Animation, one frame per UI frame

struct ExportPanel::Animation {
    std::unique_ptr<FrameSink> sink;
    TimelineSpan span;
    size_t count = 0, next = 0;
    MapView view;
    Theme theme{};
    SceneOverlays overlays;
    fs::path path;  // where the frames go, in full
    SnapshotBasemapReuse basemap;  // the view stays: the basemap is drawn once
};

ExportPanel::ExportPanel() = default;
ExportPanel::~ExportPanel() = default;

fs::path ExportPanel::resolve(ExportKind kind, const std::string& path) const {
    fs::path p = path;
    if (!path.empty() && path.front() == '~') {
        if (path == "~") return home_dir();
        if (path.rfind("~/", 0) == 0) return home_dir() / path.substr(2);
    }
    if (p.is_relative() && default_folder) p = default_folder(kind) / p;
    std::error_code ec;
    const fs::path abs = fs::absolute(p, ec);
    return ec ? p : abs.lexically_normal();
}

void ExportPanel::set_written(std::string message, const fs::path& file) {
    status_ = std::move(message);
    status_error_ = false;
    written_folder_ = file.has_extension() || !fs::is_directory(file) ? file.parent_path() : file;
}

void ExportPanel::set_failed(std::string message) {
    status_ = std::move(message);
    status_error_ = true;
    written_folder_.clear();
}

void ExportPanel::start_animation(SceneRenderer&, AppModel& model, Theme theme) {
    auto a = std::make_unique<Animation>();
    auto begin_of = [](const std::string& text, TimePoint fallback, bool end) {
        if (text.empty()) return fallback;
        std::string why;
        auto t = parse_time(text, &why);
        if (!t) throw Error("cannot read the date '" + text + "'" + (why.empty() ? "" : ": " + why));
        return end ? (t->precision == TimePrecision::Hour ? t->begin : t->end - 1) : t->begin;
    };
    a->span.from = begin_of(anim_from, model.data_begin(), false);
    a->span.to = begin_of(anim_to, model.data_end(), true);
    a->span.duration_s = anim_seconds;
    if (a->span.to < a->span.from) throw Error("the span ends before it begins");
    const double fps = std::clamp<double>(anim_fps, 1, 120);
    a->count = timeline_frame_count(a->span, fps);
    a->view = export_view(model.map_view, anim_width, anim_height, image.dpi, image.keep_framing);
    a->theme = theme;
    a->overlays = image.overlays;
    const fs::path out = resolve(ExportKind::Animation, anim_path);
    if (out.extension() == ".mp4")
        a->sink = std::make_unique<Mp4Writer>(out.string(), anim_width, anim_height, fps);
    else
        a->sink = std::make_unique<PngFrameWriter>(out.string());
    a->path = out;
    anim_ = std::move(a);
}

void ExportPanel::step_animation(SceneRenderer& scene, AppModel& model) {
    Animation& a = *anim_;
    try {
        ViewGuard guard(model);
        model.map_view = a.view;
        model.set_cursor(timeline_cursor(a.span, a.next, a.count));
        SnapshotOptions so;
        a.sink->write(scene.render(model, a.theme, a.overlays, so, &a.basemap), a.next);
        if (++a.next == a.count) {
            a.sink->finish();
            set_written("Wrote " + std::to_string(a.count) + " frames to " + a.path.string(), a.path);
            anim_.reset();
        }
    } catch (const Error& e) {
        set_failed(e.what());
        anim_.reset();
    }
}

// [SECTION] Window

void ExportPanel::draw(SceneRenderer& scene, AppModel& model, Theme theme) {
    if (anim_) step_animation(scene, model);
    if (!open) return;
    ImGui::SetNextWindowSize(ImVec2(460, 0), ImGuiCond_FirstUseEver);
    // Not taller than the screen: the window scrolls, and what an export did
    // shows at its top, above the sections, where the eye is.
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(display.x, std::max(100.0f, display.y - ImGui::GetFrameHeight() * 2)));
    if (ImGui::Begin("Export###export_panel", &open)) {
        draw_status();
        if (ImGui::CollapsingHeader("Image (PNG)", ImGuiTreeNodeFlags_DefaultOpen)) draw_image_section(scene, model, theme);
        if (ImGui::CollapsingHeader("Animation (frames or MP4)")) draw_animation_section(scene, model, theme);
        if (ImGui::CollapsingHeader("Data (filtered events)", ImGuiTreeNodeFlags_DefaultOpen)) draw_data_section(model);
    }
    ImGui::End();
}

void ExportPanel::draw_status() {
    if (status_.empty()) return;
    const ImVec4 colour = status_error_ ? ImVec4(0.85f, 0.2f, 0.15f, 1) : ImGui::GetStyle().Colors[ImGuiCol_Text];
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(status_.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (!written_folder_.empty() && open_folder) {
        if (ImGui::SmallButton("Open folder")) open_folder(written_folder_);
        ImGui::SameLine();
    }
    if (ImGui::SmallButton("Dismiss")) {
        status_.clear();
        written_folder_.clear();
    }
    ImGui::Separator();
}

namespace {
void input_path(const char* label, std::string& s) {
    char buf[1024];
    std::snprintf(buf, sizeof buf, "%s", s.c_str());
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 9);
    if (ImGui::InputText(label, buf, sizeof buf)) s = buf;
}

// "Browse..." beside a path field: a Save dialog starting where the path points.
void browse(FileDialogs* files, const char* id, const std::string& purpose, const char* title, std::vector<FileFilter> filters,
            const fs::path& current, std::string& target, FileAction action = FileAction::Save) {
    if (!files) return;
    ImGui::SameLine();
    ImGui::PushID(id);
    if (ImGui::Button("Browse...")) {
        FileRequest r;
        r.purpose = purpose;
        r.title = title;
        r.action = action;
        r.filters = std::move(filters);
        r.folder = current.parent_path();
        r.file_name = current.filename().string();
        files->request(r, [&target](const fs::path& p) { target = p.string(); });
    }
    ImGui::PopID();
}

void where_it_goes(const fs::path& p) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("Saves to %s", p.c_str());
    ImGui::PopTextWrapPos();
}
}  // namespace

void ExportPanel::draw_image_section(SceneRenderer& scene, AppModel& model, Theme theme) {
    ImGui::PushID("image");
    input_path("File", image.path);
    const fs::path image_file = resolve(ExportKind::Image, image.path);
    browse(files, "image", "export-png", "Export the view as PNG", {file_types::png()}, image_file, image.path);
    where_it_goes(image_file);
    ImGui::InputInt("Width", &image.width, 0);
    ImGui::InputInt("Height", &image.height, 0);
    image.width = std::clamp(image.width, 1, kMaxSnapshotSide);
    image.height = std::clamp(image.height, 1, kMaxSnapshotSide);
    if (ImGui::Button("Map size")) {
        image.width = static_cast<int>(model.map_view.width_px);
        image.height = static_cast<int>(model.map_view.height_px);
        image.dpi = static_cast<int>(std::lround(96 * model.map_view.pixel_ratio));
    }
    ImGui::SameLine();
    ImGui::InputInt("DPI", &image.dpi, 0);
    image.dpi = std::clamp(image.dpi, 24, 1200);
    ImGui::Checkbox("Same area as the map", &image.keep_framing);
    char title[256];
    std::snprintf(title, sizeof title, "%s", image.overlays.title.c_str());
    if (ImGui::InputText("Title", title, sizeof title)) image.overlays.title = title;
    ImGui::Checkbox("Time window", &image.overlays.time_window);
    ImGui::SameLine();
    ImGui::Checkbox("Legend", &image.overlays.legend);
    ImGui::SameLine();
    ImGui::Checkbox("Scale bar", &image.overlays.scale_bar);
    ImGui::Checkbox("North arrow", &image.overlays.north_arrow);
    ImGui::SameLine();
    ImGui::Checkbox("Attribution", &image.overlays.attribution);
    if (ImGui::Button("Export PNG")) {
        try {
            ImageExport e = image;
            e.path = image_file.string();
            export_view_png(scene, model, theme, e);
            set_written("Wrote " + e.path + " (" + std::to_string(e.width) + "\u00d7" + std::to_string(e.height) + ")", image_file);
        } catch (const Error& e) {
            set_failed(e.what());
        }
    }
    ImGui::PopID();
}

void ExportPanel::draw_animation_section(SceneRenderer& scene, AppModel& model, Theme theme) {
    ImGui::PushID("animation");
    input_path("Folder or .mp4", anim_path);
    const fs::path anim_file = resolve(ExportKind::Animation, anim_path);
    browse(files, "anim", "export-animation", "Export the animation (MP4)", {file_types::mp4()}, anim_file, anim_path);
    where_it_goes(anim_file);
    input_path("From##anim", anim_from);  // empty: the first event
    input_path("To##anim", anim_to);  // empty: the last event
    ImGui::InputFloat("Seconds", &anim_seconds, 0, 0, "%.1f");
    ImGui::InputFloat("Frames per second", &anim_fps, 0, 0, "%.0f");
    ImGui::InputInt("Width##anim", &anim_width, 0);
    ImGui::InputInt("Height##anim", &anim_height, 0);
    anim_seconds = std::clamp(anim_seconds, 0.1f, 3600.0f);
    anim_width = std::clamp(anim_width, 16, kMaxSnapshotSide);
    anim_height = std::clamp(anim_height, 16, kMaxSnapshotSide);
    static const bool have_ffmpeg = ffmpeg_available();  // PATH is read once, not every frame
    ImGui::TextDisabled("Overlays, DPI and framing as for the image; MP4 needs ffmpeg%s",
                        have_ffmpeg ? "" : " (not found)");
    if (anim_) {
        ImGui::ProgressBar(static_cast<float>(anim_->next) / static_cast<float>(std::max<size_t>(1, anim_->count)));
        if (ImGui::Button("Cancel")) {
            anim_.reset();
            set_failed("Animation cancelled");
        }
    } else if (ImGui::Button("Export animation")) {
        try {
            start_animation(scene, model, theme);
            status_.clear();
        } catch (const Error& e) {
            set_failed(e.what());
        }
    }
    ImGui::PopID();
}

void ExportPanel::draw_data_section(const AppModel& model) {
    ImGui::PushID("data");
    const char* formats[] = {"CSV", "GeoJSON", "KML (Google Earth)", "Citation sheet (Markdown)", "Citation sheet (HTML)"};
    ImGui::Combo("Format", &data_format, formats, IM_ARRAYSIZE(formats));
    input_path("File##data", data_path);  // the format's extension is added
    const auto format_now = static_cast<DataFormat>(std::clamp(data_format, 0, 4));
    fs::path data_file = resolve(ExportKind::Data, data_path);
    if (data_file.extension() != data_format_extension(format_now)) data_file += data_format_extension(format_now);
    {
        const std::string ext = data_format_extension(format_now);
        browse(files, "data", "export-data", "Export the events", {FileFilter{formats[std::clamp(data_format, 0, 4)], {"*" + ext}}},
               data_file, data_path);
    }
    where_it_goes(data_file);
    ImGui::Checkbox("Only events visible at the time cursor", &data_visible_only);
    // Counted without listing them (an idle frame allocates nothing).
    const size_t n = data_visible_only ? model.visible_count() : model.filtered_count();
    char label[64];
    std::snprintf(label, sizeof label, "Export %zu events", n);
    if (ImGui::Button(label)) {
        try {
            const size_t written = export_events(model, format_now, data_file, data_visible_only);
            set_written("Wrote " + std::to_string(written) + " events to " + data_file.string(), data_file);
        } catch (const Error& e) {
            set_failed(e.what());
        }
    }
    ImGui::PopID();
}

}  // namespace atlas::ui
