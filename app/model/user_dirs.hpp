#pragma once
// The user's folders: home, the XDG user folders (Pictures, Videos,
// Documents, as xdg-user-dir reads them from user-dirs.dirs), where each kind
// of export goes by default, and the list of recent projects.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atlas {

// $HOME, else the password database's home, else "/".
[[nodiscard]] std::filesystem::path home_dir();

// XDG_<NAME>_DIR ("PICTURES", "VIDEOS", "DOCUMENTS", "DOWNLOAD", "DESKTOP") from
// $XDG_CONFIG_HOME/user-dirs.dirs (default ~/.config), "$HOME/" expanded. nullopt
// when the file does not name it or names the home folder itself (which the
// spec uses for "disabled"). Whether the folder exists is not checked.
[[nodiscard]] std::optional<std::filesystem::path> xdg_user_dir(std::string_view name);
// The same from the file's text (tests).
[[nodiscard]] std::optional<std::filesystem::path> parse_user_dirs(std::string_view text, std::string_view name,
                                                                   const std::filesystem::path& home);

enum class ExportKind : uint8_t { Image, Animation, Data, Story };

// Where an export is proposed: the project's own folder when the user keeps it
// somewhere of theirs (`project` non-empty and not under `internal`, the
// program's data folder, nor read-only), else the XDG folder for the kind
// (Pictures for images, Videos for animations, Documents for data and stories)
// when it exists, else home.
[[nodiscard]] std::filesystem::path default_export_folder(ExportKind kind, const std::filesystem::path& project,
                                                          bool project_read_only,
                                                          const std::filesystem::path& internal);

// The recent projects, most recent first, at most kMax, no repeats. Kept as
// one path a line in the XDG config folder (recent-projects).
class RecentProjects {
public:
    static constexpr size_t kMax = 10;
    void add(const std::filesystem::path& project);  // made absolute; moved to the front
    void remove(const std::filesystem::path& project);
    [[nodiscard]] const std::vector<std::string>& items() const noexcept { return items_; }
    void load(const std::filesystem::path& file);  // a missing file is an empty list
    void save(const std::filesystem::path& file) const;  // throws atlas::Error naming the file
    [[nodiscard]] static std::filesystem::path default_file();

private:
    std::vector<std::string> items_;
};

}  // namespace atlas
