#include "ui/source_viewer.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "ui/draw_util.hpp"

namespace atlas::ui {

namespace {

const ImVec4 kFaultColour{0.86f, 0.18f, 0.16f, 1.0f};
const ImVec4 kOkColour{0.18f, 0.55f, 0.25f, 1.0f};

void fault_text(const std::string& message) {
    ImGui::PushStyleColor(ImGuiCol_Text, kFaultColour);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

size_t next_char(std::string_view s, size_t i) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    return i;
}

// The byte range of a matching excerpt in the text; nullopt when it does not match.
std::optional<std::pair<size_t, size_t>> excerpt_bytes(std::string_view text, const Excerpt& x) {
    if (x.span_begin < 0) return std::nullopt;
    const size_t b = byte_of_code_point(text, x.span_begin), e = byte_of_code_point(text, x.span_end);
    if (e < b || text.substr(b, e - b) != x.text) return std::nullopt;
    return std::make_pair(b, e);
}

}  // namespace

void SourceViewer::set_history(EditHistory* history) {
    history_ = history;
    seen_version_ = history ? history->version() : 0;
    adding_ = false;
    form_for_.clear();
    error_.clear();
    report_.clear();
}

void SourceViewer::show(std::string_view source_id) {
    open = true;
    if (!source_id.empty()) source_id_ = std::string(source_id);
    ImGui::SetWindowFocus("Sources###source_viewer");
}

void SourceViewer::run(const std::function<void()>& command) {
    if (!history_) return;
    error_ = edit_error(command);
    seen_version_ = history_->version();
    if (on_change) on_change();
}

void SourceViewer::load_form(const Source& s) {
    form_ = s;
    form_for_ = s.id;
    form_faults_ = {};
}

std::optional<ImVec2> SourceViewer::screen_pos_of(size_t at) const {
    for (const Line& l : lines_)
        if (at >= l.begin && at <= l.end)
            return ImVec2(x_of(l, at), origin_.y + l.y + line_h_ * 0.5f);
    return std::nullopt;
}

// [SECTION] The window ---------------------------------------------------------------

void SourceViewer::draw() {
    if (!open) return;
    const float fs = ImGui::GetFontSize();
    // Undo, redo or another view changed the project: the form shows what is saved now.
    if (history_ && history_->version() != seen_version_) {
        seen_version_ = history_->version();
        if (!adding_) form_for_.clear();
    }
    const auto& sources = model_.dataset().sources;
    if (!adding_ && !model_.dataset().find_source(source_id_)) {
        source_id_ = !model_.focused_source.empty() && model_.dataset().find_source(model_.focused_source)
                         ? model_.focused_source
                         : sources.empty() ? std::string() : sources.front().id;
    }
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowSize(ImVec2(std::min(display.x - fs * 2, fs * 64), std::min(display.y - fs * 4, fs * 46)),
                             ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos(ImVec2(fs * 2, fs * 2.5f), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Sources###source_viewer", &open)) {
        ImGui::End();
        return;
    }
    ImGui::BeginChild("##source_list", ImVec2(fs * 15, 0), true);
    draw_list();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##source_body", ImVec2(0, 0), false);
    // A copy: a step taken below reloads the dataset the pointer would point into.
    std::optional<Source> s;
    if (!adding_)
        if (const Source* found = model_.dataset().find_source(source_id_)) s = *found;
    if (adding_ || s) {
        draw_form(s ? &*s : nullptr);
        if (s) {
            ImGui::Separator();
            draw_text_tools(*s);
            draw_text(*s);
            draw_excerpts(*s);
            draw_text_popups(*s);
        }
    } else {
        ImGui::TextDisabled("No sources in this project yet.");
    }
    if (!error_.empty()) fault_text(error_);
    ImGui::EndChild();
    draw_delete_confirmation();
    ImGui::End();
}

void SourceViewer::draw_delete_confirmation() {
    if (!history_ || !confirming_delete()) return;
    const char* popup = "Delete?##confirm_delete_evidence";
    if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
    if (!ImGui::BeginPopupModal(popup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const Dataset& d = model_.dataset();
    // What goes, and which events lose it.
    std::vector<std::string> gone;
    std::string question;
    if (!delete_source_id_.empty()) {
        const Source* s = d.find_source(delete_source_id_);
        question = "Delete the source " + quoted_title(s ? s->title : delete_source_id_) + "?";
        for (const Excerpt& x : d.excerpts)
            if (x.source_id == delete_source_id_) gone.push_back(x.id);
    } else {
        const Excerpt* x = d.find_excerpt(delete_excerpt_id_);
        question = "Delete the excerpt " + quoted_title(x ? x->text : delete_excerpt_id_) + "?";
        gone.push_back(delete_excerpt_id_);
    }
    size_t losing = 0;
    for (const Event& e : d.events)
        losing += std::any_of(e.excerpt_ids.begin(), e.excerpt_ids.end(), [&](const std::string& id) {
            return std::find(gone.begin(), gone.end(), id) != gone.end();
        });
    ImGui::TextUnformatted(question.c_str());
    if (!delete_source_id_.empty())
        ImGui::Text("Its %zu excerpt(s) go with it; %zu event(s) lose them.", gone.size(), losing);
    else
        ImGui::Text("%zu event(s) rest on it and lose it.", losing);
    ImGui::TextDisabled("The events themselves stay. Edit > Undo brings everything back.");
    layout_.confirm_delete_button = ImGui::GetCursorScreenPos();
    if (ImGui::Button("Delete##confirm_delete_evidence_ok")) {
        const std::string source = delete_source_id_, excerpt = delete_excerpt_id_;
        delete_source_id_.clear();
        delete_excerpt_id_.clear();
        ImGui::CloseCurrentPopup();
        if (!source.empty()) run([&] { history_->delete_source(source); });
        else run([&] { history_->delete_excerpt(excerpt); });
        if (focused_excerpt_ == excerpt) focused_excerpt_.clear();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel##confirm_delete_evidence_cancel") ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
        delete_source_id_.clear();
        delete_excerpt_id_.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void SourceViewer::draw_list() {
    if (history_ && ImGui::Button("+ New source##new_source", ImVec2(-FLT_MIN, 0))) {
        adding_ = true;
        load_form(Source{});
        form_for_ = "##new";
        error_.clear();
    }
    const auto& sources = model_.dataset().sources;
    for (size_t i = 0; i < sources.size(); ++i) {
        const Source& s = sources[i];
        ImGui::PushID(static_cast<int>(i));
        const std::string label = s.title + (s.full_text.empty() ? "" : "  \xC2\xB6");  // ¶: its text is here
        if (ImGui::Selectable(label.c_str(), !adding_ && s.id == source_id_)) {
            adding_ = false;
            source_id_ = s.id;
            model_.focused_source = s.id;
            anchor_ = caret_ = 0;
            focused_excerpt_.clear();
            report_.clear();
            error_.clear();
        }
        if (ImGui::IsItemHovered() && !s.publisher.empty()) ImGui::SetTooltip("%s", s.publisher.c_str());
        ImGui::PopID();
    }
}

// [SECTION] The reference ------------------------------------------------------------

void SourceViewer::draw_form(const Source* stored) {
    const float fs = ImGui::GetFontSize();
    if (stored && form_for_ != stored->id) load_form(*stored);
    const bool editable = history_ != nullptr;
    bool changed = false;
    auto field = [&](const char* label, const char* id, std::string& value, const char* hint, const char* key) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", label);
        ImGui::SameLine(fs * 5.5f);
        ImGui::SetNextItemWidth(-FLT_MIN);
        changed |= ImGui::InputTextWithHint(id, hint, &value, editable ? 0 : ImGuiInputTextFlags_ReadOnly);
        for (const auto& f : form_faults_.items)
            if (f.field == key) {
                ImGui::SameLine(0, 0);
                ImGui::NewLine();
                ImGui::Indent(fs * 5.5f);
                fault_text(f.message);
                ImGui::Unindent(fs * 5.5f);
            }
    };
    if (adding_) ImGui::TextUnformatted("New source");
    else if (stored) ImGui::TextDisabled("id %s", stored->id.c_str());
    field("Title", "##src_title", form_.title, "the article's headline", "title");
    field("Author", "##src_author", form_.author, "as signed", "author");
    field("Publisher", "##src_publisher", form_.publisher, "newspaper, site, agency", "publisher");
    field("Date", "##src_date", form_.date_text, "12 March 2026", "date_text");
    field("URL", "##src_url", form_.url, "https://...", "url");
    field("Language", "##src_language", form_.language, "en, ru, kk", "language");
    if (changed && history_) {
        Source probe = form_;
        if (probe.id.empty()) probe.id = "new";  // made from the title when added
        form_faults_ = check_source_edit(probe, history_->project());
    }
    if (!editable) return;
    // The form edits the reference only: the full text is changed by its own
    // tools, so a form loaded before the text was imported never carries the
    // old text back.
    auto with_stored_text = [&](Source s) {
        s.full_text = stored ? stored->full_text : std::string();
        return s;
    };
    const bool dirty = adding_ || !stored || !(with_stored_text(form_) == *stored);
    ImGui::BeginDisabled(!dirty || !form_faults_.empty());
    layout_.save_source_button = ImGui::GetCursorScreenPos();
    if (ImGui::Button(adding_ ? "Add source##save_source" : "Save changes##save_source")) {
        if (adding_) {
            std::string id;
            Source s = form_;
            s.full_text.clear();
            run([&] { id = history_->add_source(s); });
            if (!id.empty()) {
                adding_ = false;
                source_id_ = id;
                model_.focused_source = id;
                form_for_.clear();
            }
        } else {
            const Source s = with_stored_text(form_);
            run([&] { history_->edit_source(s); });
            form_for_.clear();
        }
    }
    ImGui::EndDisabled();
    if (dirty && !adding_) {
        ImGui::SameLine();
        if (ImGui::Button("Revert##revert_source") && stored) load_form(*stored);
    }
    if (!adding_ && stored) {
        ImGui::SameLine();
        layout_.delete_source_button = ImGui::GetCursorScreenPos();
        if (ImGui::Button("Delete source...##delete_source")) request_delete_source(stored->id);
    }
    if (adding_) {
        ImGui::SameLine();
        if (ImGui::Button("Cancel##cancel_source")) {
            adding_ = false;
            form_for_.clear();
            form_faults_ = {};
        }
    }
    if (!form_faults_.empty()) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, kFaultColour);
        ImGui::Text("not saved: %zu fault(s)", form_faults_.size());
        ImGui::PopStyleColor();
    }
}

// [SECTION] The full text -------------------------------------------------------------

void SourceViewer::draw_text_tools(const Source& s) {
    if (history_) {
        if (ImGui::Button(s.full_text.empty() ? "Import text file...##import_text" : "Replace from a file...##import_text")) {
            error_.clear();
            ImGui::OpenPopup("##import_text_popup");
        }
        ImGui::SameLine();
        layout_.edit_text_button = ImGui::GetCursorScreenPos();
        if (ImGui::Button(s.full_text.empty() ? "Paste text...##edit_text" : "Edit text...##edit_text")) {
            edit_text_ = s.full_text;
            if (edit_text_.empty()) {
                const char* clip = ImGui::GetClipboardText();
                if (clip && is_valid_utf8(clip)) edit_text_ = clip;
            }
            ImGui::OpenPopup("Text of the source###edit_text_popup");
        }
        ImGui::SameLine();
    }
    if (s.full_text.empty()) {
        ImGui::TextDisabled("The article's text is not in the project yet.");
        return;
    }
    ImGui::TextDisabled("%zu paragraphs, %lld characters", text_paragraphs(s.full_text).size(),
                        static_cast<long long>(code_point_index(s.full_text, s.full_text.size())));
    if (!report_.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kOkColour, "%s", report_.c_str());
        ImGui::PopTextWrapPos();
    }
}

void SourceViewer::draw_text_popups(const Source& s) {
    const float fs = ImGui::GetFontSize();
    auto apply_text = [&](std::string text) {
        SpanRecheck r;
        const std::string id = s.id;
        bool done = false;
        run([&] {
            r = history_->set_full_text(id, std::move(text));
            done = true;
        });
        if (!done) return false;
        anchor_ = caret_ = 0;
        report_ = "Text saved.";
        if (!r.moved.empty()) report_ += " " + std::to_string(r.moved.size()) + " excerpt(s) followed their quotation.";
        if (!r.flagged.empty())
            report_ += " " + std::to_string(r.flagged.size()) +
                       " excerpt(s) no longer match the text: flagged below, their quotations unchanged.";
        return true;
    };
    if (ImGui::BeginPopup("##import_text_popup")) {
        ImGui::TextUnformatted("The source's full text from a file (.txt, .md or .html, UTF-8):");
        ImGui::SetNextItemWidth(fs * 28);
        const bool enter = ImGui::InputTextWithHint("##import_path", "/path/to/article.html", &import_path_,
                                                    ImGuiInputTextFlags_EnterReturnsTrue);
        if (ImGui::Button("Import##import_go") || enter) {
            try {
                if (apply_text(source_text_from_file(import_path_))) ImGui::CloseCurrentPopup();
            } catch (const Error& e) {
                error_ = e.what();
            }
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel##import_cancel")) ImGui::CloseCurrentPopup();
        if (!error_.empty()) fault_text(error_);
        ImGui::EndPopup();
    }
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowSize(ImVec2(std::min(display.x * 0.8f, fs * 50), std::min(display.y * 0.8f, fs * 34)),
                             ImGuiCond_Appearing);
    if (ImGui::BeginPopupModal("Text of the source###edit_text_popup")) {
        ImGui::TextDisabled("Paragraphs are separated by blank lines. Excerpts are checked against the text when it is saved.");
        ImGui::InputTextMultiline("##edit_text_field", &edit_text_,
                                  ImVec2(-FLT_MIN, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 2));
        layout_.save_text_button = ImGui::GetCursorScreenPos();
        if (ImGui::Button("Save text##edit_text_save")) {
            try {
                std::string text = edit_text_.empty() ? std::string() : normalize_source_text(edit_text_, s.title);
                if (apply_text(std::move(text))) ImGui::CloseCurrentPopup();
            } catch (const Error& e) {
                error_ = e.what();
            }
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel##edit_text_cancel")) ImGui::CloseCurrentPopup();
        if (!error_.empty()) fault_text(error_);
        ImGui::EndPopup();
    }
}

void SourceViewer::relayout(float width) {
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    const float scale = fs / font->FontSize;
    lines_.clear();
    paragraphs_ = text_paragraphs(text_);
    line_h_ = ImGui::GetTextLineHeightWithSpacing();
    float y = 0;
    for (size_t i = 0; i < paragraphs_.size(); ++i) {
        const TextParagraph& p = paragraphs_[i];
        bool first = true;
        size_t s = p.begin;
        while (s < p.end) {
            size_t nl = text_.find('\n', s);
            if (nl == std::string::npos || nl > p.end) nl = p.end;
            const char* b = text_.data() + s;
            const char* e = text_.data() + nl;
            while (b < e) {
                const char* w = font->CalcWordWrapPositionA(scale, b, e, width);
                if (w <= b) w = text_.data() + next_char(text_, static_cast<size_t>(b - text_.data()));
                lines_.push_back(Line{static_cast<size_t>(b - text_.data()), static_cast<size_t>(w - text_.data()), y,
                                      first ? static_cast<int>(i) : -1});
                first = false;
                y += line_h_;
                b = w;
                while (b < e && (*b == ' ' || *b == '\t')) ++b;
            }
            s = nl + 1;
        }
        y += fs * 0.6f;
    }
    text_height_ = y;
    laid_width_ = width;
    laid_font_ = fs;
}

float SourceViewer::x_of(const Line& line, size_t at) const {
    const float fs = ImGui::GetFontSize();
    at = std::clamp(at, line.begin, line.end);
    return origin_.x + number_w_ +
           ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.0f, text_.data() + line.begin, text_.data() + at).x;
}

size_t SourceViewer::hit(ImVec2 p) const {
    if (lines_.empty()) return 0;
    if (p.y < origin_.y + lines_.front().y) return lines_.front().begin;
    // The last line starting above the point.
    size_t k = 0;
    for (size_t i = 0; i < lines_.size(); ++i)
        if (origin_.y + lines_[i].y <= p.y) k = i;
    const Line& l = lines_[k];
    if (p.y > origin_.y + l.y + line_h_ && k + 1 == lines_.size()) return l.end;
    const float fs = ImGui::GetFontSize();
    float x = origin_.x + number_w_;
    for (size_t i = l.begin; i < l.end;) {
        const size_t j = next_char(text_, i);
        const float w = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.0f, text_.data() + i, text_.data() + j).x;
        if (p.x < x + w * 0.5f) return i;
        x += w;
        i = j;
    }
    return l.end;
}

void SourceViewer::draw_text(const Source& s) {
    layout_.text_view = ImGui::GetCursorScreenPos();
    if (s.full_text.empty()) return;
    const float fs = ImGui::GetFontSize();
    if (text_ != s.full_text) {
        text_ = s.full_text;
        laid_width_ = -1;
        anchor_ = std::min(anchor_, text_.size());
        caret_ = std::min(caret_, text_.size());
    }
    // The quotations in the text: matching excerpts of this source.
    struct Mark {
        size_t begin, end;
        bool focused;
    };
    std::vector<Mark> marks;
    for (const Excerpt& x : model_.dataset().excerpts)
        if (x.source_id == s.id)
            if (auto r = excerpt_bytes(text_, x)) marks.push_back({r->first, r->second, x.id == focused_excerpt_});

    const float view_h = std::max(fs * 8, ImGui::GetContentRegionAvail().y * 0.62f);
    ImGui::BeginChild("##full_text", ImVec2(0, view_h), true);
    number_w_ = fs * 2.6f;
    const float width = std::max(fs * 8, ImGui::GetContentRegionAvail().x - number_w_ - ImGui::GetStyle().ScrollbarSize);
    if (width != laid_width_ || fs != laid_font_) relayout(width);
    origin_ = ImGui::GetCursorScreenPos();

    ImGui::InvisibleButton("##text_area", ImVec2(width + number_w_, std::max(text_height_, 1.0f)));
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (ImGui::IsItemActivated()) {
        anchor_ = caret_ = hit(mouse);
        selecting_ = true;
    }
    if (selecting_ && ImGui::IsItemActive()) {
        caret_ = hit(mouse);
        // Scroll while dragging past the edge.
        const float top = ImGui::GetWindowPos().y, bottom = top + ImGui::GetWindowHeight();
        if (mouse.y < top + fs) ImGui::SetScrollY(ImGui::GetScrollY() - fs * 0.5f);
        if (mouse.y > bottom - fs) ImGui::SetScrollY(ImGui::GetScrollY() + fs * 0.5f);
    }
    if (selecting_ && ImGui::IsItemDeactivated()) {
        selecting_ = false;
        if (anchor_ == caret_)  // a click: the excerpt under it, if any
            for (const Mark& m : marks)
                if (anchor_ >= m.begin && anchor_ < m.end)
                    for (const Excerpt& x : model_.dataset().excerpts)
                        if (x.source_id == s.id && excerpt_bytes(text_, x) == std::make_pair(m.begin, m.end))
                            focused_excerpt_ = x.id;
        scroll_list_to_focused_ = true;
    }
    if (ImGui::IsWindowFocused() && ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_C)) &&
        selection_end() > selection_begin())
        ImGui::SetClipboardText(text_.substr(selection_begin(), selection_end() - selection_begin()).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_TextInput);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 clip_min = dl->GetClipRectMin(), clip_max = dl->GetClipRectMax();
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 number_col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 mark_col = IM_COL32(250, 214, 90, 150), focus_col = IM_COL32(245, 166, 35, 200);
    const ImU32 sel_col = ImGui::GetColorU32(ImGuiCol_TextSelectedBg);
    const size_t sb = selection_begin(), se = selection_end();
    for (const Line& l : lines_) {
        const float y = origin_.y + l.y;
        if (y + line_h_ < clip_min.y || y > clip_max.y) continue;
        if (l.paragraph >= 0) {
            const std::string n = std::to_string(l.paragraph + 1);
            const float w = ImGui::CalcTextSize(n.c_str()).x;
            dl->AddText(ImVec2(origin_.x + number_w_ - w - fs * 0.7f, y), number_col, n.c_str());
        }
        auto band = [&](size_t b, size_t e, ImU32 col) {
            if (e <= l.begin || b >= l.end) return;
            const float x0 = x_of(l, std::max(b, l.begin)), x1 = x_of(l, std::min(e, l.end));
            dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1 + 1, y + ImGui::GetFontSize() + 1), col);
        };
        for (const Mark& m : marks) band(m.begin, m.end, m.focused ? focus_col : mark_col);
        if (se > sb) band(sb, se, sel_col);
        dl->AddText(ImGui::GetFont(), fs, ImVec2(origin_.x + number_w_, y), text_col, text_.data() + l.begin,
                    text_.data() + l.end);
    }
    if (scroll_to_focused_) {
        scroll_to_focused_ = false;
        for (const Mark& m : marks)
            if (m.focused)
                for (const Line& l : lines_)
                    if (m.begin >= l.begin && m.begin <= l.end) ImGui::SetScrollY(std::max(0.0f, l.y - fs * 3));
    }
    ImGui::EndChild();
}

// [SECTION] Excerpts -----------------------------------------------------------------------

void SourceViewer::draw_excerpts(const Source& s) {
    const float fs = ImGui::GetFontSize();
    const Dataset& d = model_.dataset();
    auto selected_event = [&]() -> const Event* {
        const auto primary = model_.primary_selection();
        return primary ? &model_.event(*primary) : nullptr;
    };
    const Event* selected = selected_event();

    // The selection and what can be done with it.
    const bool can_quote = history_ && !text_.empty() && selection_end() > selection_begin();
    layout_.quote_button = ImGui::GetCursorScreenPos();
    ImGui::BeginDisabled(!can_quote);
    if (ImGui::Button("Quote as excerpt##quote")) {
        std::string id;
        const size_t b = selection_begin(), e = selection_end();
        run([&] { id = history_->quote_excerpt(s.id, b, e); });
        if (!id.empty()) {
            focused_excerpt_ = id;
            scroll_list_to_focused_ = true;
            anchor_ = caret_ = b;
        }
    }
    selected = selected_event();  // a quote above reloads the events the pointer pointed into
    if (selected) {
        ImGui::SameLine();
        layout_.quote_for_event_button = ImGui::GetCursorScreenPos();
        const std::string label = "Quote for " + quoted_title(selected->title) + "##quote_for";
        if (ImGui::Button(label.c_str())) {
            std::string id;
            const size_t b = selection_begin(), e = selection_end();
            const std::string event_id = selected->id;
            run([&] { id = history_->quote_excerpt(s.id, b, e, event_id); });
            if (!id.empty()) {
                focused_excerpt_ = id;
                anchor_ = caret_ = b;
            }
        }
    }
    ImGui::EndDisabled();
    if (selection_end() > selection_begin()) {
        ImGui::SameLine();
        const std::string picked = text_.substr(selection_begin(), selection_end() - selection_begin());
        ImGui::TextDisabled("%lld characters selected", static_cast<long long>(code_point_index(picked, picked.size())));
    } else if (!text_.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("drag over a passage to quote it");
    }

    // The excerpts of this source (a quote above may have reloaded the events).
    selected = selected_event();
    std::vector<const Excerpt*> mine;
    for (const Excerpt& x : d.excerpts)
        if (x.source_id == s.id) mine.push_back(&x);
    size_t drifted = 0;
    for (const Excerpt* x : mine) drifted += span_state(s, *x) == SpanState::Drifted;
    ImGui::Text("%zu excerpt(s) from this source", mine.size());
    if (drifted) {
        ImGui::SameLine();
        ImGui::TextColored(kFaultColour, "%zu no longer match the text", drifted);
    }
    ImGui::BeginChild("##excerpt_list", ImVec2(0, 0), true);
    for (const Excerpt* x : mine) {
        ImGui::PushID(x->id.c_str());
        const SpanState st = span_state(s, *x);
        const bool focused = x->id == focused_excerpt_;
        if (focused && scroll_list_to_focused_) {
            ImGui::SetScrollHereY(0.0f);
            scroll_list_to_focused_ = false;
        }
        std::string head = x->locator.empty() ? x->id : x->locator;
        if (st == SpanState::Drifted) head += "  \xE2\x80\x94 not the text at its span: check the quotation";
        else if (st == SpanState::Unanchored) head += "  \xE2\x80\x94 found in the text, span not set";
        if (st == SpanState::Drifted) ImGui::PushStyleColor(ImGuiCol_Text, kFaultColour);
        if (ImGui::Selectable(head.c_str(), focused)) {
            focused_excerpt_ = x->id;
            scroll_to_focused_ = true;
        }
        if (st == SpanState::Drifted) ImGui::PopStyleColor();
        ImGui::Indent(fs);
        ImGui::PushTextWrapPos(0.0f);
        const std::string quoted = "\xE2\x80\x9C" + x->text + "\xE2\x80\x9D";
        ImGui::TextUnformatted(quoted.c_str());
        ImGui::PopTextWrapPos();
        // The events resting on it.
        std::vector<const Event*> linked;
        for (const Event& e : d.events)
            if (std::find(e.excerpt_ids.begin(), e.excerpt_ids.end(), x->id) != e.excerpt_ids.end()) linked.push_back(&e);
        if (linked.empty()) ImGui::TextDisabled("no event rests on it yet");
        for (const Event* e : linked) {
            ImGui::PushID(e->id.c_str());
            if (history_ && ImGui::SmallButton("Detach")) {
                const std::string event_id = e->id, excerpt_id = x->id;
                ImGui::PopID();
                ImGui::PopID();
                ImGui::Unindent(fs);
                run([&] { history_->detach_excerpt(event_id, excerpt_id); });
                ImGui::EndChild();
                return;  // the dataset changed under the loop
            }
            ImGui::SameLine();
            ImGui::TextUnformatted(e->title.c_str());
            ImGui::PopID();
        }
        if (history_) {
            if (focused) layout_.delete_excerpt_button = ImGui::GetCursorScreenPos();
            if (ImGui::SmallButton("Delete...##delete_excerpt")) request_delete_excerpt(x->id);
            ImGui::SameLine();
            const bool attached = selected && std::find(selected->excerpt_ids.begin(), selected->excerpt_ids.end(),
                                                        x->id) != selected->excerpt_ids.end();
            if (selected && !attached) {
                if (focused) layout_.attach_button = ImGui::GetCursorScreenPos();
                const std::string label = "Attach to " + quoted_title(selected->title) + "##attach_selected";
                if (ImGui::SmallButton(label.c_str())) {
                    const std::string event_id = selected->id, excerpt_id = x->id;
                    ImGui::Unindent(fs);
                    ImGui::PopID();
                    run([&] { history_->attach_excerpt(event_id, excerpt_id); });
                    ImGui::EndChild();
                    return;
                }
                ImGui::SameLine();
            }
            ImGui::SetNextItemWidth(fs * 14);
            if (ImGui::BeginCombo("##attach_any", "Attach to an event...", ImGuiComboFlags_HeightLarge)) {
                std::string chosen;
                for (const Event& e : d.events) {
                    if (std::find(e.excerpt_ids.begin(), e.excerpt_ids.end(), x->id) != e.excerpt_ids.end()) continue;
                    ImGui::PushID(e.id.c_str());
                    if (ImGui::Selectable(e.title.c_str())) chosen = e.id;
                    ImGui::PopID();
                }
                ImGui::EndCombo();
                if (!chosen.empty()) {
                    const std::string excerpt_id = x->id;
                    ImGui::Unindent(fs);
                    ImGui::PopID();
                    run([&] { history_->attach_excerpt(chosen, excerpt_id); });
                    ImGui::EndChild();
                    return;
                }
            }
        }
        ImGui::Unindent(fs);
        ImGui::Spacing();
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace atlas::ui
