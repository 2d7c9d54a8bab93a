#include "model/user_dirs.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <pwd.h>
#include <sstream>
#include <unistd.h>

#include "core/file_io.hpp"
#include "core/paths.hpp"

namespace atlas {

namespace fs = std::filesystem;

fs::path home_dir() {
    if (const char* h = std::getenv("HOME"); h && *h) return h;
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir) return pw->pw_dir;
    return "/";
}

std::optional<fs::path> parse_user_dirs(std::string_view text, std::string_view name, const fs::path& home) {
    const std::string key = "XDG_" + std::string(name) + "_DIR";
    std::optional<fs::path> found;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (line.empty() || line.front() == '#') continue;
        const size_t eq = line.find('=');
        if (eq == std::string_view::npos || line.substr(0, eq) != key) continue;
        std::string_view v = line.substr(eq + 1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\r')) v.remove_suffix(1);
        if (v.size() < 2 || v.front() != '"' || v.back() != '"') continue;
        v = v.substr(1, v.size() - 2);
        std::string value;  // \" and \\ are the only escapes
        for (size_t i = 0; i < v.size(); ++i) {
            if (v[i] == '\\' && i + 1 < v.size()) ++i;
            value += v[i];
        }
        fs::path p;
        if (value.rfind("$HOME", 0) == 0) {
            std::string rest = value.substr(5);
            if (!rest.empty() && rest.front() == '/') rest.erase(0, 1);
            p = rest.empty() ? home : home / rest;
        } else if (!value.empty() && value.front() == '/') {
            p = value;
        } else {
            continue;  // only absolute paths and $HOME/ are valid
        }
        found = p;
    }
    if (found && (*found / "").lexically_normal() == (home / "").lexically_normal()) return std::nullopt;
    return found;
}

std::optional<fs::path> xdg_user_dir(std::string_view name) {
    const char* cfg = std::getenv("XDG_CONFIG_HOME");
    const fs::path home = home_dir();
    const fs::path file = (cfg && *cfg == '/') ? fs::path(cfg) / "user-dirs.dirs" : home / ".config" / "user-dirs.dirs";
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_user_dirs(ss.str(), name, home);
}

namespace {
bool is_under(const fs::path& p, const fs::path& root) {
    if (root.empty()) return false;
    std::error_code ec;
    const fs::path a = fs::weakly_canonical(p, ec), b = fs::weakly_canonical(root, ec);
    auto [ai, bi] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
    return bi == b.end();
}
}  // namespace

fs::path default_export_folder(ExportKind kind, const fs::path& project, bool project_read_only, const fs::path& internal) {
    std::error_code ec;
    if (!project.empty() && !project_read_only && !is_under(project, internal)) {
        const fs::path dir = fs::absolute(project, ec).parent_path();
        if (!ec && fs::is_directory(dir, ec) && access(dir.c_str(), W_OK) == 0) return dir;
    }
    const char* name = kind == ExportKind::Image ? "PICTURES" : kind == ExportKind::Animation ? "VIDEOS" : "DOCUMENTS";
    if (auto d = xdg_user_dir(name); d && fs::is_directory(*d, ec)) return *d;
    return home_dir();
}

void RecentProjects::add(const fs::path& project) {
    std::error_code ec;
    fs::path abs = fs::absolute(project, ec);
    const std::string s = (ec ? project : abs.lexically_normal()).string();
    items_.erase(std::remove(items_.begin(), items_.end(), s), items_.end());
    items_.insert(items_.begin(), s);
    if (items_.size() > kMax) items_.resize(kMax);
}

void RecentProjects::remove(const fs::path& project) {
    std::error_code ec;
    const fs::path abs = fs::absolute(project, ec).lexically_normal();
    items_.erase(std::remove_if(items_.begin(), items_.end(),
                                [&](const std::string& s) { return s == project.string() || s == abs.string(); }),
                 items_.end());
}

void RecentProjects::load(const fs::path& file) {
    items_.clear();
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line) && items_.size() < kMax) {
        if (line.empty() || line.front() != '/') continue;
        if (std::find(items_.begin(), items_.end(), line) == items_.end()) items_.push_back(line);
    }
}

void RecentProjects::save(const fs::path& file) const {
    std::string out;
    for (const auto& s : items_) out += s + "\n";
    write_atomically(file, out);
}

fs::path RecentProjects::default_file() { return paths::config_dir() / "recent-projects"; }

}  // namespace atlas
