#include "cli/scene_setup.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/error.hpp"
#include "core/paths.hpp"
#include "geo/shapefile.hpp"
#include "render/map_renderer.hpp"
#include "render/user_layers.hpp"
#include "store/default_project.hpp"
#include "store/project.hpp"
#include "core/text.hpp"

namespace atlas::cli {
namespace fs = std::filesystem;

ProjectContents load_project_into(AppModel& model, const std::string& project) {
    ProjectContents c;
    c.path = project.empty() ? default_project_path() : fs::path(project);
    Project p = Project::open(c.path, OpenMode::ReadOnly);
    model.set_dataset(p.load());
    c.layers = p.user_layers();
    return c;
}

void load_user_layers(MapRenderer& map, const ProjectContents& project) {
    if (project.layers.empty()) return;
    UserLayers layers;
    layers.restore(map, project.layers, fs::absolute(project.path).parent_path());
    for (const MissingLayer& m : layers.missing())
        std::fprintf(stderr, "%s: layer '%s' left out: %s\n", project.path.string().c_str(), m.record.name.c_str(),
                     m.note.c_str());
}

std::future<FolderLayers> read_basemap() {
    return std::async(std::launch::async, [] { return load_shapefiles_in(paths::geodata_dir(), paths::cache_dir() / "layers"); });
}

void add_basemap(MapRenderer& map, FolderLayers read, const char* who) {
    for (const std::string& p : read.problems) std::fprintf(stderr, "%sbasemap: %s\n", who, p.c_str());
    for (Layer& layer : read.layers) {
        try {
            map.add_layer(std::move(layer));
        } catch (const Error& e) {
            std::fprintf(stderr, "%sbasemap layer left out: %s\n", who, e.what());
        }
    }
}

namespace {
TimeInterval parse_or_throw(const std::string& option, const std::string& text) {
    std::string why;
    auto t = parse_time(text, &why);
    if (!t) throw Error(option + " '" + text + "': cannot read the date" + (why.empty() ? "" : ": " + why));
    return *t;
}

}  // namespace

TimePoint cursor_for(const std::string& time_text) {
    const TimeInterval t = parse_or_throw("--time", time_text);
    return t.precision == TimePrecision::Hour ? t.begin : t.end - 1;
}

void apply_time(AppModel& model, const std::string& time_text) {
    TimeWindow w = model.window();
    w.mode = WindowMode::Cumulative;
    w.cursor = cursor_for(time_text);
    model.set_window(w);
}

void apply_window(AppModel& model, const std::string& window_text) {
    const size_t slash = window_text.find('/');
    TimeInterval a, b;
    if (slash == std::string::npos) {
        a = b = parse_or_throw("--window", window_text);
    } else {
        a = parse_or_throw("--window", window_text.substr(0, slash));
        b = parse_or_throw("--window", window_text.substr(slash + 1));
    }
    if (b.end <= a.begin) throw Error("--window '" + window_text + "': the window ends before it begins");
    TimeWindow w = model.window();
    w.mode = WindowMode::Sliding;
    w.cursor = b.end - 1;
    w.width = b.end - 1 - a.begin;
    model.set_window(w);
}

const Story& find_story(const Dataset& d, const std::string& name) {
    if (d.stories.empty()) throw Error("the project has no stories");
    if (name.empty()) return d.stories.front();
    for (const Story& s : d.stories)
        if (s.id == name || iequals_ascii(s.title, name)) return s;
    std::string known;
    for (const Story& s : d.stories) known += (known.empty() ? "" : ", ") + s.id + " (\"" + s.title + "\")";
    throw Error("no story '" + name + "'; the project has: " + known);
}

}  // namespace atlas::cli
