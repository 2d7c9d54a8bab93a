#include "model/file_request.hpp"

#include <cstdlib>

#include "core/process.hpp"

namespace atlas {

namespace fs = std::filesystem;

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Glob match with '*' and '?', ASCII case folded (extensions are ASCII).
bool glob(std::string_view pat, std::string_view s) {
    size_t p = 0, i = 0, star = std::string_view::npos, mark = 0;
    while (i < s.size()) {
        if (p < pat.size() && (pat[p] == '?' || lower(pat[p]) == lower(s[i]))) {
            ++p;
            ++i;
        } else if (p < pat.size() && pat[p] == '*') {
            star = p++;
            mark = i;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            i = ++mark;
        } else {
            return false;
        }
    }
    while (p < pat.size() && pat[p] == '*') ++p;
    return p == pat.size();
}

std::string join_patterns(const FileFilter& f) {
    std::string out;
    for (const auto& p : f.patterns) out += (out.empty() ? "" : " ") + p;
    return out;
}

}  // namespace

bool filter_matches(const FileFilter& f, std::string_view name) {
    if (f.patterns.empty()) return true;
    for (const auto& p : f.patterns)
        if (glob(p, name)) return true;
    return false;
}

std::string filter_default_extension(const FileFilter& f) {
    for (const auto& p : f.patterns)
        if (p.size() > 2 && p[0] == '*' && p[1] == '.' && p.find_first_of("*?", 1) == std::string::npos) return p.substr(1);
    return {};
}

fs::path with_filter_extension(const fs::path& path, const FileFilter& f) {
    const std::string ext = filter_default_extension(f);
    if (ext.empty() || path.filename().empty() || filter_matches(f, path.filename().string())) return path;
    fs::path out = path;
    out += ext;
    return out;
}

namespace file_types {
FileFilter projects() { return {"Almaty Atlas projects", {"*.atlas"}}; }
FileFilter event_files() { return {"Events (CSV, GeoJSON, timemap JSON)", {"*.csv", "*.geojson", "*.json"}}; }
FileFilter map_layers() { return {"Map layers (shapefile, GeoJSON)", {"*.shp", "*.geojson", "*.json"}}; }
FileFilter story_json() { return {"Story files (JSON)", {"*.json"}}; }
FileFilter png() { return {"PNG images", {"*.png"}}; }
FileFilter mp4() { return {"MP4 videos", {"*.mp4"}}; }
FileFilter text() { return {"Text (plain, Markdown)", {"*.txt", "*.md"}}; }
FileFilter all() { return {"All files", {"*"}}; }
}  // namespace file_types

std::string_view to_string(DialogBackend b) noexcept {
    switch (b) {
    case DialogBackend::Portal: return "portal";
    case DialogBackend::Zenity: return "zenity";
    case DialogBackend::Kdialog: return "kdialog";
    case DialogBackend::InWindow: return "window";
    }
    return "window";
}

DialogEnvironment system_dialog_environment() {
    DialogEnvironment env;
    env.find = [](const std::string& p) { return find_executable(p); };
    env.getenv = [](const std::string& k) {
        const char* v = std::getenv(k.c_str());
        return std::string(v ? v : "");
    };
    env.exists = [](const std::string& p) {
        std::error_code ec;
        return fs::exists(p, ec);
    };
    return env;
}

bool session_bus_reachable(const DialogEnvironment& env) {
    const auto get = [&](const char* k) { return env.getenv ? env.getenv(k) : std::string(); };
    if (!get("DBUS_SESSION_BUS_ADDRESS").empty()) return true;
    const std::string runtime = get("XDG_RUNTIME_DIR");
    return !runtime.empty() && env.exists && env.exists(runtime + "/bus");
}

DialogBackend choose_dialog_backend(const DialogEnvironment& env, bool portal) {
    const auto get = [&](const char* k) { return env.getenv ? env.getenv(k) : std::string(); };
    const auto has = [&](const char* p) { return env.find && !env.find(p).empty(); };
    const std::string forced = get("ATLAS_FILE_DIALOG");
    if (forced == "window") return DialogBackend::InWindow;
    if (get("DISPLAY").empty() && get("WAYLAND_DISPLAY").empty()) return DialogBackend::InWindow;
    portal = portal && session_bus_reachable(env);
    if (forced == "portal" && portal) return DialogBackend::Portal;
    if (forced == "zenity" && has("zenity")) return DialogBackend::Zenity;
    if (forced == "kdialog" && has("kdialog")) return DialogBackend::Kdialog;
    if (portal) return DialogBackend::Portal;
    const std::string desktop = get("XDG_CURRENT_DESKTOP");
    const bool kde = desktop.find("KDE") != std::string::npos;
    if (kde && has("kdialog")) return DialogBackend::Kdialog;
    if (has("zenity")) return DialogBackend::Zenity;
    if (has("kdialog")) return DialogBackend::Kdialog;
    return DialogBackend::InWindow;
}

std::vector<std::string> zenity_command(const std::string& program, const FileRequest& r) {
    std::vector<std::string> a{program, "--file-selection"};
    if (!r.title.empty()) a.push_back("--title=" + r.title);
    if (r.action == FileAction::Save) {
        a.push_back("--save");
        a.push_back("--confirm-overwrite");
    }
    if (r.action == FileAction::Folder) a.push_back("--directory");
    fs::path start = r.folder;
    if (r.action == FileAction::Save && !r.file_name.empty()) start /= r.file_name;
    if (!start.empty()) {
        std::string s = start.string();
        if (r.action != FileAction::Save || r.file_name.empty())
            if (s.back() != '/') s += '/';  // a folder to start in, not a file named like it
        a.push_back("--filename=" + s);
    }
    if (r.action != FileAction::Folder) {
        for (const auto& f : r.filters) a.push_back("--file-filter=" + f.name + " | " + join_patterns(f));
        if (!r.filters.empty() && r.action == FileAction::Open) a.push_back("--file-filter=All files | *");
    }
    return a;
}

std::vector<std::string> kdialog_command(const std::string& program, const FileRequest& r) {
    std::vector<std::string> a{program};
    if (!r.title.empty()) {
        a.push_back("--title");
        a.push_back(r.title);
    }
    fs::path start = r.folder;
    if (r.action == FileAction::Save && !r.file_name.empty()) start /= r.file_name;
    switch (r.action) {
    case FileAction::Open: a.push_back("--getopenfilename"); break;
    case FileAction::Save: a.push_back("--getsavefilename"); break;
    case FileAction::Folder: a.push_back("--getexistingdirectory"); break;
    }
    a.push_back(start.empty() ? std::string(".") : start.string());
    if (r.action != FileAction::Folder && !r.filters.empty()) {
        std::string filters;
        for (const auto& f : r.filters) filters += (filters.empty() ? "" : "\n") + f.name + " (" + join_patterns(f) + ")";
        if (r.action == FileAction::Open) filters += "\nAll files (*)";
        a.push_back(filters);
    }
    return a;
}

std::optional<fs::path> parse_dialog_answer(const FileRequest& r, int exit_code, std::string_view output) {
    if (exit_code != 0) return std::nullopt;
    // One path on the first line; a file name may hold anything but a newline.
    const size_t nl = output.find('\n');
    std::string_view line = output.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) return std::nullopt;
    fs::path p{std::string(line)};
    if (r.action == FileAction::Save && !r.filters.empty()) p = with_filter_extension(p, r.filters.front());
    return p;
}

}  // namespace atlas
