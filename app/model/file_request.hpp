#pragma once
// What the program asks of a file dialog, said once for every way of showing
// one: "open a file of these types for purpose X" or "save under this name".
// The desktop's own dialog (its portal, zenity, kdialog) is preferred where
// there is one; otherwise the window draws its own browser (model/file_browser.hpp).
// This file holds the rules (which dialog, its command line, reading its
// answer); ui/file_dialogs.hpp runs them.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atlas {

struct FileFilter {
    std::string name;                   // "Project files"
    std::vector<std::string> patterns;  // "*.atlas" (matched without regard to case); "*" for all
};

enum class FileAction : uint8_t { Open, Save, Folder };

struct FileRequest {
    std::string purpose;  // a key the answer is routed by ("open-project", "export-png")
    std::string title;    // the dialog's title ("Open project")
    FileAction action = FileAction::Open;
    std::vector<FileFilter> filters;  // the first is the default; empty: any file
    std::filesystem::path folder;     // where the dialog starts (empty: the home folder)
    std::string file_name;            // Save: the proposed name
};

// True when `name` (a file name, not a path) matches one of the filter's patterns.
[[nodiscard]] bool filter_matches(const FileFilter& f, std::string_view name);
// The extension a Save adds when the typed name has none that matches: ".atlas" for "*.atlas".
[[nodiscard]] std::string filter_default_extension(const FileFilter& f);
// `path` with the filter's extension added when its own does not match.
[[nodiscard]] std::filesystem::path with_filter_extension(const std::filesystem::path& path, const FileFilter& f);

// The filters every file action of the program uses.
namespace file_types {
FileFilter projects();        // *.atlas
FileFilter event_files();     // *.csv *.geojson *.json
FileFilter map_layers();      // *.shp *.geojson *.json
FileFilter story_json();      // *.json
FileFilter png();
FileFilter mp4();
FileFilter text();            // *.txt *.md
FileFilter all();
}  // namespace file_types

// Which dialog shows a request: the desktop's portal (xdg-desktop-portal, over
// the D-Bus session bus; ui/portal_chooser.hpp) where a session bus runs, else
// zenity or kdialog where installed, else the window's own browser.
enum class DialogBackend : uint8_t { Portal, Zenity, Kdialog, InWindow };
[[nodiscard]] std::string_view to_string(DialogBackend b) noexcept;

// Picks the dialog from what is there: `find` returns a program's path on
// $PATH or empty (core/process.hpp find_executable), `exists` whether a file
// exists. $ATLAS_FILE_DIALOG ("portal", "zenity", "kdialog", "window")
// overrides when that dialog can be used. A session bus ($DBUS_SESSION_BUS_ADDRESS,
// or $XDG_RUNTIME_DIR/bus) means the portal is tried first; past it, a desktop
// running KDE (XDG_CURRENT_DESKTOP) prefers kdialog, any other zenity. No
// display ($DISPLAY and $WAYLAND_DISPLAY unset) means the window's own.
// With `portal` false (the portal was tried and could not show), the choice
// among the others.
struct DialogEnvironment {
    std::function<std::string(const std::string&)> find;
    std::function<std::string(const std::string&)> getenv;
    std::function<bool(const std::string&)> exists;
};
[[nodiscard]] DialogEnvironment system_dialog_environment();
[[nodiscard]] bool session_bus_reachable(const DialogEnvironment& env);
[[nodiscard]] DialogBackend choose_dialog_backend(const DialogEnvironment& env, bool portal = true);

// The command line that shows the request with that program (its path first).
[[nodiscard]] std::vector<std::string> zenity_command(const std::string& program, const FileRequest& r);
[[nodiscard]] std::vector<std::string> kdialog_command(const std::string& program, const FileRequest& r);

// The chosen path from the dialog's exit status and output: nullopt when the
// user cancelled (status 1, or no output). A Save gets the first filter's
// extension when it has none of its own.
[[nodiscard]] std::optional<std::filesystem::path> parse_dialog_answer(const FileRequest& r, int exit_code,
                                                                       std::string_view output);

}  // namespace atlas
