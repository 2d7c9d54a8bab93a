#pragma once
// Every file action of the window (open, save as, import, add layer, exports,
// story files) asks here: request() a file for a purpose, and the answer comes
// back to its callback on a later frame. The desktop's dialog is used where
// there is one (model/file_request.hpp): its portal over D-Bus
// (ui/portal_chooser.hpp), or zenity or kdialog as a child process, while the
// window keeps drawing; without one, the window draws its own browser
// (model/file_browser.hpp). A dialog that cannot show (no portal service, no
// display, a crash) hands that request and the ones after to the next choice.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/file_browser.hpp"
#include "model/file_request.hpp"

namespace atlas {
class ChildProcess;
}

namespace atlas::ui {
class PortalChooser;
}

namespace atlas::ui {

class FileDialogs {
public:
    using Callback = std::function<void(const std::filesystem::path&)>;
    explicit FileDialogs(DialogEnvironment env = system_dialog_environment());
    ~FileDialogs();
    FileDialogs(const FileDialogs&) = delete;
    FileDialogs& operator=(const FileDialogs&) = delete;

    // Called (on another thread) when a dialog program ends: the window wakes its loop.
    void set_waker(std::function<void()> wake) { waker_ = std::move(wake); }
    // Places offered beside home and the XDG folders (the project's folder, recent ones).
    void set_extra_places(std::vector<BrowserPlace> places) { extra_places_ = std::move(places); }
    // The window the desktop's dialogs belong to, as the portal names it ("x11:1a00007").
    void set_parent_window(std::string handle) { parent_window_ = std::move(handle); }

    // Shows a dialog for `r`; `on_chosen` gets the path when the user picks one
    // (never when they cancel). False when another dialog is still open.
    bool request(FileRequest r, Callback on_chosen);
    // Each frame: hands over a finished dialog program's answer, draws the
    // window's browser or a note that the desktop's dialog is open.
    void draw();
    // Without drawing: hands over a finished program's answer (tests).
    void poll();
    void cancel();

    [[nodiscard]] bool busy() const noexcept;
    [[nodiscard]] DialogBackend backend() const noexcept { return backend_; }
    [[nodiscard]] FileBrowser* browser() noexcept { return browser_.get(); }  // the window's, while open
    [[nodiscard]] const std::string& error() const noexcept { return error_; }
    // The browser's answer, as a click on its button would give it (tests);
    // saving over an existing file asks first, as the button does.
    void choose_in_browser(const std::filesystem::path& p);
    // The file a Save would replace, while the browser asks; confirm or decline it.
    [[nodiscard]] const std::optional<std::filesystem::path>& replace_asked() const noexcept { return replace_asked_; }
    void answer_replace(bool replace);

private:
    void start(const FileRequest& r);
    void start_portal(const FileRequest& r);
    void start_program(const FileRequest& r);
    void open_browser(const FileRequest& r);
    void finish(std::optional<std::filesystem::path> chosen);

    DialogEnvironment env_;
    DialogBackend backend_;
    std::function<void()> waker_;
    std::vector<BrowserPlace> extra_places_;
    std::string parent_window_;
    std::unique_ptr<PortalChooser> portal_;
    std::unique_ptr<ChildProcess> child_;
    std::unique_ptr<FileBrowser> browser_;
    bool browser_popup_opened_ = false;
    std::optional<FileRequest> pending_;
    Callback callback_;
    std::string error_;
    std::string typed_;  // keyboard search within the browser's listing
    // Save over a file that exists: asked first, in the browser ("Replace it?").
    std::optional<std::filesystem::path> replace_asked_;
    double typed_at_ = 0;
};

}  // namespace atlas::ui
