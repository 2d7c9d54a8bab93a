#pragma once
// One file dialog shown by the desktop's portal (xdg-desktop-portal's
// org.freedesktop.portal.FileChooser, over the D-Bus session bus): the desktop
// draws its own dialog, modal to the window, and sandboxes see the files the
// user picked. The request runs on a thread of its own with GLib's D-Bus
// client (GIO); the window polls state() each frame and is woken when the
// answer comes. A portal that is not there, or too old for the request
// (folders need version 3), ends as Failed with the reason, and the caller
// shows another dialog instead (ui/file_dialogs.hpp).
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "model/file_request.hpp"

namespace atlas::ui {

class PortalChooser {
public:
    enum class State { Waiting, Chosen, Cancelled, Failed };

    // `parent_window` is the portal's handle of the window the dialog belongs
    // to ("x11:1a00007"; empty when unknown). `wake` is called from the
    // portal's thread when the request ends.
    PortalChooser(FileRequest request, std::string parent_window, std::function<void()> wake);
    // Closes a dialog still open and waits for its thread.
    ~PortalChooser();
    PortalChooser(const PortalChooser&) = delete;
    PortalChooser& operator=(const PortalChooser&) = delete;

    [[nodiscard]] State state() const;
    // The chosen file (State::Chosen); a Save gets the first filter's extension
    // when the typed name has none of its own, as with every dialog.
    [[nodiscard]] std::optional<std::filesystem::path> chosen() const;
    // Why the portal could not show the dialog (State::Failed).
    [[nodiscard]] std::string error() const;
    // Closes the desktop's dialog; the state becomes Cancelled.
    void cancel();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atlas::ui
