#pragma once
// The evidence window: the project's sources, each with its reference (title,
// author, publisher, date, web address, language) edited and checked as typed,
// and its full text imported from a .txt, .md or .html file or pasted. The text
// is shown in numbered paragraphs with the excerpts already quoted from it
// highlighted; drag over a passage and "Quote as excerpt" makes the excerpt with
// its exact span and paragraph, for the selected event too when one is. Each
// excerpt lists the events resting on it, attached or detached here. Excerpts
// whose quotation is no longer the text at their span (after the text was
// changed) are flagged. Every change is one undoable step (model/commands.hpp).
#include <imgui.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/app_model.hpp"
#include "model/commands.hpp"
#include "model/source_text.hpp"

namespace atlas::ui {

class SourceViewer {
public:
    explicit SourceViewer(AppModel& model) : model_(model) {}

    // The open project's history; nullptr when it cannot be edited (the window
    // then only reads).
    void set_history(EditHistory* history);
    // Called after every step made here: the app reloads what it shows.
    std::function<void()> on_change;

    bool open = false;
    // Opens the window on a source (empty: the one shown last, or the first).
    void show(std::string_view source_id = {});
    void draw();

    // [SECTION] What tests and the menu look at
    [[nodiscard]] const std::string& source_id() const noexcept { return source_id_; }
    // The selected bytes of the full text [begin, end), begin <= end.
    [[nodiscard]] size_t selection_begin() const noexcept { return std::min(anchor_, caret_); }
    [[nodiscard]] size_t selection_end() const noexcept { return std::max(anchor_, caret_); }
    [[nodiscard]] const std::string& error() const noexcept { return error_; }
    // The excerpt picked in the list or clicked in the text.
    [[nodiscard]] const std::string& focused_excerpt() const noexcept { return focused_excerpt_; }
    [[nodiscard]] const std::string& report() const noexcept { return report_; }
    // Where byte `at` of the text was drawn in the last frame (its left edge,
    // mid-line, in screen pixels); nullopt when it was not laid out.
    [[nodiscard]] std::optional<ImVec2> screen_pos_of(size_t at) const;
    struct Layout {
        ImVec2 quote_button{}, quote_for_event_button{}, attach_button{}, text_view{};
        ImVec2 delete_source_button{}, delete_excerpt_button{};  // the latter: of the focused excerpt
        ImVec2 confirm_delete_button{};                           // in the open confirmation, if any
        ImVec2 save_source_button{}, edit_text_button{}, save_text_button{};  // the last: in the text's editor
    };
    // Deleting asks first, naming what goes and what loses it.
    void request_delete_source(std::string_view id) { delete_source_id_ = id; }
    void request_delete_excerpt(std::string_view id) { delete_excerpt_id_ = id; }
    [[nodiscard]] bool confirming_delete() const noexcept {
        return !delete_source_id_.empty() || !delete_excerpt_id_.empty();
    }
    [[nodiscard]] const Layout& layout() const noexcept { return layout_; }

private:
    struct Line {
        size_t begin = 0, end = 0;  // bytes of the text
        float y = 0;                // from the top of the text
        int paragraph = -1;         // its number - 1 when the paragraph starts on this line, else -1
    };

    void run(const std::function<void()>& command);
    void load_form(const Source& s);
    void draw_list();
    void draw_form(const Source* stored);
    void draw_text_tools(const Source& s);
    void draw_text(const Source& s);
    void draw_excerpts(const Source& s);
    void draw_text_popups(const Source& s);
    void draw_delete_confirmation();
    void relayout(float width);
    [[nodiscard]] size_t hit(ImVec2 screen) const;
    [[nodiscard]] float x_of(const Line& line, size_t at) const;

    AppModel& model_;
    EditHistory* history_ = nullptr;
    uint64_t seen_version_ = 0;
    std::string source_id_;
    bool adding_ = false;  // the form is for a new source

    // The reference as typed.
    Source form_;
    std::string form_for_;  // the source the form was loaded from
    Diagnostics form_faults_;

    // The text as laid out.
    std::string text_;
    std::vector<TextParagraph> paragraphs_;
    std::vector<Line> lines_;
    float laid_width_ = -1, laid_font_ = -1, text_height_ = 0, line_h_ = 0, number_w_ = 0;
    ImVec2 origin_{};  // the text's top left on screen, last frame
    size_t anchor_ = 0, caret_ = 0;
    bool selecting_ = false;
    std::string focused_excerpt_;
    bool scroll_to_focused_ = false, scroll_list_to_focused_ = false;

    // Popups: a file to import, text to paste or edit.
    std::string import_path_, edit_text_;
    std::string error_, report_;
    std::string delete_source_id_, delete_excerpt_id_;
    Layout layout_;
};

}  // namespace atlas::ui
