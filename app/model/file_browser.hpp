#pragma once
// The file browser the window draws itself when the desktop has no dialog
// (model/file_request.hpp): a folder's listing filtered by type, hidden files
// off, sorted, with places (home, the user's folders, recent ones), a typed
// path and keyboard movement. No drawing here: ui/file_browser_panel.hpp shows it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/file_request.hpp"

namespace atlas {

struct BrowserEntry {
    std::string name;
    bool folder = false;
    uintmax_t size = 0;     // bytes (files)
    int64_t modified = 0;   // seconds since 1970
};

struct BrowserPlace {
    std::string label;
    std::filesystem::path path;
};

enum class BrowserSort : uint8_t { Name, Size, Modified };

class FileBrowser {
public:
    // Starts in the request's folder (or the home folder, or /).
    explicit FileBrowser(FileRequest request, std::vector<BrowserPlace> places = {});

    [[nodiscard]] const FileRequest& request() const noexcept { return request_; }
    [[nodiscard]] const std::filesystem::path& folder() const noexcept { return folder_; }
    // Folders first, then the files matching the current filter; sorted.
    [[nodiscard]] const std::vector<BrowserEntry>& entries() const noexcept { return entries_; }
    [[nodiscard]] const std::vector<BrowserPlace>& places() const noexcept { return places_; }
    // Why the folder could not be listed (empty when it could).
    [[nodiscard]] const std::string& error() const noexcept { return error_; }

    // Goes into a folder; false (and error()) when it cannot be listed: the old folder stays.
    bool navigate(const std::filesystem::path& folder);
    bool up();
    void refresh();

    [[nodiscard]] size_t filter_index() const noexcept { return filter_; }
    void set_filter(size_t i);  // into request().filters, with "all files" last
    [[nodiscard]] std::vector<std::string> filter_names() const;
    [[nodiscard]] bool show_hidden() const noexcept { return show_hidden_; }
    void set_show_hidden(bool on);
    [[nodiscard]] BrowserSort sort() const noexcept { return sort_; }
    [[nodiscard]] bool ascending() const noexcept { return ascending_; }
    // The same key again reverses the order.
    void sort_by(BrowserSort key);
    void sort_by(BrowserSort key, bool ascending);

    // The highlighted entry (keyboard and clicks); nullopt when none.
    [[nodiscard]] std::optional<size_t> selected() const noexcept { return selected_; }
    void select(size_t i);
    void move_selection(int delta);  // arrows, Page Up/Down (clamped)
    void select_by_prefix(std::string_view prefix);  // typing a name's first letters

    // The name field: a Save's file name, or what the user types.
    std::string name;

    // Enter or a double click on the highlighted entry: a folder is entered
    // (nullopt), a file is the answer.
    std::optional<std::filesystem::path> activate();
    // The typed text (name): a folder is entered; a file (Open) or a name
    // (Save) in the current or named folder is the answer. Relative names are
    // read from the current folder; "~" is the home folder. Open refuses a
    // file that does not exist (error()), Save one whose folder does not.
    std::optional<std::filesystem::path> accept_typed();

private:
    void list();
    void resort();
    FileRequest request_;
    std::vector<BrowserPlace> places_;
    std::filesystem::path folder_;
    std::vector<BrowserEntry> all_, entries_;
    std::string error_;
    size_t filter_ = 0;
    bool show_hidden_ = false;
    BrowserSort sort_ = BrowserSort::Name;
    bool ascending_ = true;
    std::optional<size_t> selected_;
};

// Home, the XDG user folders that exist (Documents, Pictures, Videos, Downloads,
// Desktop), then `extra` (the project's folder, recent ones) that exist, without repeats.
[[nodiscard]] std::vector<BrowserPlace> standard_places(const std::vector<BrowserPlace>& extra = {});

}  // namespace atlas
