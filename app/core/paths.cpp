#include "core/paths.hpp"

#include <cstdlib>
#include <system_error>

namespace atlas::paths {
namespace fs = std::filesystem;

namespace {
fs::path home() {
    const char* h = std::getenv("HOME");
    return h && *h ? fs::path(h) : fs::temp_directory_path();
}

fs::path xdg(const char* var, const char* fallback_under_home) {
    const char* v = std::getenv(var);
    // The XDG spec says relative values are invalid and must be ignored.
    fs::path base = (v && *v && fs::path(v).is_absolute()) ? fs::path(v) : home() / fallback_under_home;
    fs::path dir = base / "almaty-atlas";
    std::error_code ec;
    fs::create_directories(dir, ec);
    return dir;
}

bool has_resources(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p / "assets", ec) && fs::is_directory(p / "geodata", ec);
}
}  // namespace

fs::path config_dir() { return xdg("XDG_CONFIG_HOME", ".config"); }
fs::path data_dir() { return xdg("XDG_DATA_HOME", ".local/share"); }
fs::path cache_dir() { return xdg("XDG_CACHE_HOME", ".cache"); }

fs::path resource_dir() {
    if (const char* v = std::getenv("ATLAS_RESOURCE_DIR"); v && *v && has_resources(v)) return v;
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path share = exe.parent_path().parent_path() / "share" / "almaty-atlas";
        if (has_resources(share)) return share;
    }
    return ATLAS_SOURCE_DATA_DIR;
}

fs::path source_dir() { return ATLAS_SOURCE_DATA_DIR; }

fs::path shared_dir() {
    if (const char* v = std::getenv("ATLAS_SHARED_DIR"); v && *v) return v;
    fs::path p = fs::path(ATLAS_SOURCE_DATA_DIR).parent_path() / "shared";
    std::error_code ec;
    return fs::is_directory(p, ec) ? p : fs::path();
}

}  // namespace atlas::paths
