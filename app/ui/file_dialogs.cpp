#include "ui/file_dialogs.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "core/error.hpp"
#include "core/process.hpp"
#include "ui/portal_chooser.hpp"

namespace atlas::ui {

namespace fs = std::filesystem;

FileDialogs::FileDialogs(DialogEnvironment env) : env_(std::move(env)), backend_(choose_dialog_backend(env_)) {}

FileDialogs::~FileDialogs() = default;

bool FileDialogs::busy() const noexcept { return pending_.has_value(); }

bool FileDialogs::request(FileRequest r, Callback on_chosen) {
    if (pending_) return false;
    error_.clear();
    pending_ = r;
    callback_ = std::move(on_chosen);
    start(r);
    return true;
}

void FileDialogs::start(const FileRequest& r) {
    switch (backend_) {
    case DialogBackend::Portal: start_portal(r); break;
    case DialogBackend::Zenity:
    case DialogBackend::Kdialog: start_program(r); break;
    case DialogBackend::InWindow: open_browser(r); break;
    }
}

void FileDialogs::start_portal(const FileRequest& r) {
    portal_ = std::make_unique<PortalChooser>(r, parent_window_, [this] {
        if (waker_) waker_();
    });
}

void FileDialogs::start_program(const FileRequest& r) {
    const char* name = backend_ == DialogBackend::Kdialog ? "kdialog" : "zenity";
    const std::string program = env_.find ? env_.find(name) : std::string();
    try {
        if (program.empty()) throw Error(std::string(name) + ": not found");
        const auto argv = backend_ == DialogBackend::Kdialog ? kdialog_command(program, r) : zenity_command(program, r);
        child_ = std::make_unique<ChildProcess>(argv, [this] {
            if (waker_) waker_();
        });
    } catch (const Error& e) {
        error_ = std::string(e.what()) + "; using the window's own file browser";
        backend_ = DialogBackend::InWindow;
        open_browser(r);
    }
}

void FileDialogs::open_browser(const FileRequest& r) {
    browser_ = std::make_unique<FileBrowser>(r, standard_places(extra_places_));
    browser_popup_opened_ = false;
}

void FileDialogs::finish(std::optional<fs::path> chosen) {
    replace_asked_.reset();
    Callback cb = std::move(callback_);
    callback_ = {};
    pending_.reset();
    portal_.reset();
    child_.reset();
    browser_.reset();
    if (chosen && cb) cb(*chosen);
}

void FileDialogs::poll() {
    if (portal_) {
        switch (portal_->state()) {
        case PortalChooser::State::Waiting: return;
        case PortalChooser::State::Chosen: finish(portal_->chosen()); return;
        case PortalChooser::State::Cancelled: finish(std::nullopt); return;
        case PortalChooser::State::Failed: {
            // No portal service, or one that cannot show this: the next dialog
            // takes this request and the ones after.
            const std::string why = portal_->error();
            portal_.reset();
            backend_ = choose_dialog_backend(env_, false);
            error_ = why + "; using " +
                     (backend_ == DialogBackend::InWindow ? std::string("the window's own file browser")
                                                          : std::string(to_string(backend_)));
            start(*pending_);
            return;
        }
        }
    }
    if (!child_ || !child_->finished()) return;
    const int code = child_->exit_code();
    const std::string out = child_->output();
    const FileRequest r = *pending_;
    // 0: chosen; 1: cancelled; anything else: the program could not show (no
    // display, a missing library): the window's browser takes over.
    if (code != 0 && code != 1) {
        child_.reset();
        error_ = (backend_ == DialogBackend::Kdialog ? std::string("kdialog") : std::string("zenity")) +
                 " failed (exit status " + std::to_string(code) + "); using the window's own file browser";
        backend_ = DialogBackend::InWindow;
        open_browser(r);
        return;
    }
    finish(parse_dialog_answer(r, code, out));
}

void FileDialogs::cancel() { finish(std::nullopt); }

void FileDialogs::choose_in_browser(const fs::path& p) {
    std::error_code ec;
    if (browser_ && browser_->request().action == FileAction::Save && fs::exists(p, ec)) {
        replace_asked_ = p;  // the browser asks before anything is replaced
        return;
    }
    finish(p);
}

void FileDialogs::answer_replace(bool replace) {
    if (!replace_asked_) return;
    const fs::path p = *replace_asked_;
    replace_asked_.reset();
    if (replace) finish(p);
}

namespace {

std::string human_size(uintmax_t n) {
    char buf[32];
    if (n < 1024) std::snprintf(buf, sizeof buf, "%ju B", n);
    else if (n < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(n) / 1024);
    else if (n < 1024ull * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(n) / (1024.0 * 1024));
    else std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(n) / (1024.0 * 1024 * 1024));
    return buf;
}

std::string local_time(int64_t t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

}  // namespace

void FileDialogs::draw() {
    poll();
    if (!pending_) return;
    if (child_ || portal_) {
        // The desktop's dialog is open: a small note, and the window goes on drawing.
        const ImVec2 d = ImGui::GetIO().DisplaySize;
        ImGui::SetNextWindowPos(ImVec2(d.x * 0.5f, ImGui::GetFrameHeight() * 2), ImGuiCond_Always, ImVec2(0.5f, 0));
        ImGui::Begin("##file_dialog_note", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_NoFocusOnAppearing);
        ImGui::Text("%s: choose in the file dialog", pending_->title.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel##file_dialog_note")) cancel();
        ImGui::End();
        return;
    }
    if (!browser_) return;
    FileBrowser& b = *browser_;
    const std::string popup = b.request().title + "###file_browser";
    if (!browser_popup_opened_) {
        ImGui::OpenPopup(popup.c_str());
        browser_popup_opened_ = true;
    }
    const float em = ImGui::GetFontSize();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowSize(ImVec2(std::min(display.x * 0.9f, em * 48), std::min(display.y * 0.85f, em * 32)), ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    bool open = true;
    if (!ImGui::BeginPopupModal(popup.c_str(), &open)) {
        if (!open || !ImGui::IsPopupOpen(popup.c_str())) cancel();
        return;
    }
    std::optional<fs::path> chosen;
    bool cancelled = false;
    // The folder and its parents as buttons.
    if (ImGui::ArrowButton("##up", ImGuiDir_Up)) b.up();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Up one folder (Backspace)");
    ImGui::SameLine();
    {
        std::vector<fs::path> crumbs;
        for (fs::path p = b.folder(); !p.empty(); p = p.parent_path()) {
            crumbs.push_back(p);
            if (p == p.root_path()) break;
        }
        std::reverse(crumbs.begin(), crumbs.end());
        const size_t first = crumbs.size() > 5 ? crumbs.size() - 5 : 0;
        for (size_t i = first; i < crumbs.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            const std::string label = crumbs[i] == crumbs[i].root_path() ? "/" : crumbs[i].filename().string();
            if (ImGui::SmallButton(label.c_str())) {
                const fs::path target = crumbs[i];
                ImGui::PopID();
                b.navigate(target);
                break;
            }
            ImGui::PopID();
            ImGui::SameLine(0, 2);
        }
        ImGui::NewLine();
    }
    const float footer = ImGui::GetFrameHeightWithSpacing() * 3 + (b.error().empty() ? 0 : ImGui::GetTextLineHeightWithSpacing());
    // Places on the left, the listing on the right.
    ImGui::BeginChild("##places", ImVec2(em * 9, -footer), true);
    for (size_t i = 0; i < b.places().size(); ++i) {
        const BrowserPlace& pl = b.places()[i];
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(pl.label.c_str(), pl.path == b.folder())) {
            const fs::path target = pl.path;
            ImGui::PopID();
            b.navigate(target);
            break;
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", pl.path.c_str());
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_Sortable |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_Resizable;
    bool activated = false;
    if (ImGui::BeginTable("##files", 3, flags, ImVec2(0, -footer))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_DefaultSort);
        ImGui::TableSetupColumn("Size", ImGuiTableColumnFlags_WidthFixed, em * 5);
        ImGui::TableSetupColumn("Modified", ImGuiTableColumnFlags_WidthFixed, em * 8);
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty && specs->SpecsCount > 0) {
            const auto& s = specs->Specs[0];
            const BrowserSort key = s.ColumnIndex == 1 ? BrowserSort::Size : s.ColumnIndex == 2 ? BrowserSort::Modified : BrowserSort::Name;
            b.sort_by(key, s.SortDirection != ImGuiSortDirection_Descending);
            specs->SpecsDirty = false;
        }
        const auto& entries = b.entries();
        for (size_t i = 0; i < entries.size(); ++i) {
            const BrowserEntry& e = entries[i];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::PushID(static_cast<int>(i));
            const std::string label = e.folder ? e.name + "/" : e.name;
            const bool sel = b.selected() && *b.selected() == i;
            if (ImGui::Selectable(label.c_str(), sel, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
                b.select(i);
                if (ImGui::IsMouseDoubleClicked(0)) activated = true;
            }
            if (sel && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY();
            ImGui::PopID();
            ImGui::TableSetColumnIndex(1);
            if (!e.folder) ImGui::TextDisabled("%s", human_size(e.size).c_str());
            ImGui::TableSetColumnIndex(2);
            if (e.modified) ImGui::TextDisabled("%s", local_time(e.modified).c_str());
        }
        // Keyboard: arrows and pages move, Enter opens, Backspace goes up, letters jump.
        const ImGuiIO& io = ImGui::GetIO();
        if (!io.WantTextInput) {
            const std::optional<size_t> before = b.selected();
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) b.move_selection(1);
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) b.move_selection(-1);
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageDown))) b.move_selection(10);
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageUp))) b.move_selection(-10);
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home))) b.move_selection(-1000000);
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End))) b.move_selection(1000000);
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) b.up();
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) activated = true;
            for (ImWchar c : io.InputQueueCharacters) {
                if (c < 32 || c > 126) continue;
                if (ImGui::GetTime() - typed_at_ > 1.0) typed_.clear();
                typed_ += static_cast<char>(c);
                typed_at_ = ImGui::GetTime();
                b.select_by_prefix(typed_);
            }
            if (b.selected() != before && b.selected()) {
                // keep the highlighted row in view
                const float row = ImGui::GetTextLineHeightWithSpacing();
                const float y = static_cast<float>(*b.selected()) * row;
                if (y < ImGui::GetScrollY()) ImGui::SetScrollY(y);
                else if (y + row * 2 > ImGui::GetScrollY() + ImGui::GetWindowHeight()) ImGui::SetScrollY(y + row * 2 - ImGui::GetWindowHeight());
            }
        }
        ImGui::EndTable();
    }
    if (activated) chosen = b.activate();
    if (!b.error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.85f, 0.2f, 0.15f, 1));
        ImGui::TextUnformatted(b.error().c_str());
        ImGui::PopStyleColor();
    }
    // The name (Save) or a typed path, the type filter, hidden files.
    const bool save = b.request().action == FileAction::Save;
    ImGui::SetNextItemWidth(-em * 16);
    const bool enter = ImGui::InputTextWithHint("##typed", save ? "File name" : "Type a path or a name", &b.name,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsWindowAppearing() && save) ImGui::SetKeyboardFocusHere(-1);
    ImGui::SameLine();
    if (b.request().action != FileAction::Folder) {
        const auto names = b.filter_names();
        ImGui::SetNextItemWidth(em * 15);
        if (ImGui::BeginCombo("##filter", names[std::min(b.filter_index(), names.size() - 1)].c_str())) {
            for (size_t i = 0; i < names.size(); ++i)
                if (ImGui::Selectable(names[i].c_str(), i == b.filter_index())) b.set_filter(i);
            ImGui::EndCombo();
        }
    }
    bool hidden = b.show_hidden();
    if (ImGui::Checkbox("Hidden files", &hidden)) b.set_show_hidden(hidden);
    ImGui::SameLine(ImGui::GetWindowWidth() - em * 11);
    const char* ok = save ? "Save" : b.request().action == FileAction::Folder ? "Choose" : "Open";
    if (replace_asked_) {
        // Saving over a file that exists: say which, and ask.
        ImGui::Separator();
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.85f, 0.2f, 0.15f, 1));
        ImGui::Text("%s already exists in %s.", replace_asked_->filename().string().c_str(),
                    replace_asked_->parent_path().string().c_str());
        ImGui::PopStyleColor();
        ImGui::TextUnformatted("Replace it? What it holds now will be lost.");
        bool replace = ImGui::Button("Replace", ImVec2(em * 6, 0));
        ImGui::SameLine();
        const bool keep = ImGui::Button("Keep it", ImVec2(em * 6, 0)) ||
                          ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
        if (replace) {
            ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
            answer_replace(true);
            return;
        }
        if (keep) answer_replace(false);
        ImGui::EndPopup();
        return;
    }
    if (ImGui::Button(ok, ImVec2(em * 5, 0)) || enter) chosen = b.accept_typed();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(em * 5, 0)) || (!ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))))
        cancelled = true;
    std::error_code ec;
    if (chosen && save && fs::exists(*chosen, ec)) {
        replace_asked_ = *chosen;  // asked on the next frames; the browser stays open
        chosen.reset();
    }
    if (chosen || cancelled) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    if (chosen) finish(chosen);
    else if (cancelled) cancel();
}

}  // namespace atlas::ui
