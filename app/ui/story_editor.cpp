#include "ui/story_editor.hpp"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "core/error.hpp"
#include "model/presenter_clock.hpp"
#include "model/slide_view.hpp"
#include "model/story_files.hpp"
#include "model/story_player.hpp"
#include "ui/file_dialogs.hpp"

namespace atlas::ui {

namespace fs = std::filesystem;

namespace {
ImVec2 item_centre() {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    return ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2);
}
}  // namespace

namespace {

void copy_to(char* buf, size_t size, const std::string& s) {
    const size_t n = std::min(size - 1, s.size());
    std::memcpy(buf, s.data(), n);
    buf[n] = '\0';
}

std::string slug(const std::string& title) {
    std::string out;
    for (unsigned char c : title) {
        if (std::isalnum(c) && c < 0x80) out += static_cast<char>(std::tolower(c));
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "story" : out.substr(0, 40);
}

// The first `n` characters of text (whole UTF-8 sequences), with an ellipsis when cut.
std::string shorten(const std::string& text, size_t n) {
    size_t bytes = 0, chars = 0;
    while (bytes < text.size() && chars < n) {
        const auto c = static_cast<unsigned char>(text[bytes]);
        bytes += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        ++chars;
    }
    if (bytes >= text.size()) return text;
    return text.substr(0, bytes) + "…";
}

}  // namespace

// [SECTION] State

void StoryEditor::sync(const AppModel& model) {
    if (seen_dataset_ == model.dataset_version()) return;
    seen_dataset_ = model.dataset_version();
    // The story and slide shown stay shown when they are still there (after an
    // undo, an edit elsewhere, another window's change).
    const std::string shown = story_ < stories_.size() ? stories_[story_].id : std::string();
    stories_ = model.dataset().stories;
    const auto same = std::find_if(stories_.begin(), stories_.end(), [&](const Story& s) { return s.id == shown; });
    if (same != stories_.end()) {
        story_ = static_cast<size_t>(same - stories_.begin());
        slide_ = std::min(slide_, same->slides.empty() ? size_t{0} : same->slides.size() - 1);
    } else {
        story_ = std::min(story_, stories_.empty() ? size_t{0} : stories_.size() - 1);
        slide_ = 0;
    }
    buffers_story_ = SIZE_MAX;
}

bool StoryEditor::set_slide_layer(const std::string& layer, bool on) {
    Story* s = story();
    if (!s || slide_ >= s->slides.size()) return false;
    Story updated = *s;
    std::vector<std::string>& names = updated.slides[slide_].visible_layers;
    if (names.empty() && map_layers_)
        for (const MapLayerChoice& l : map_layers_())
            if (slide_shows_layer({}, l.name, l.title, l.user_visible, l.user_added)) names.push_back(l.name);
    const auto at = std::find(names.begin(), names.end(), layer);
    if (on == (at != names.end())) return false;
    if (on) names.push_back(layer);
    else names.erase(at);
    if (!save(updated)) return false;
    *s = std::move(updated);
    return true;
}

bool StoryEditor::record_rehearsal(const Story& rehearsed) {
    for (Story& s : stories_) {
        if (s.id != rehearsed.id) continue;
        if (s.slides.size() != rehearsed.slides.size()) return false;  // edited meanwhile: the times fit no longer
        Story updated = s;
        bool changed = false;
        for (size_t i = 0; i < s.slides.size(); ++i) {
            const int64_t ms = rehearsed.slides[i].rehearsed_ms;
            if (ms <= 0 || ms == updated.slides[i].rehearsed_ms) continue;
            updated.slides[i].rehearsed_ms = ms;
            changed = true;
        }
        if (!changed || !save(updated)) return false;
        s = std::move(updated);
        return true;
    }
    return false;
}

void StoryEditor::select(size_t story, size_t slide) {
    story_ = std::min(story, stories_.empty() ? size_t{0} : stories_.size() - 1);
    const Story* s = story_ < stories_.size() ? &stories_[story_] : nullptr;
    slide_ = s && !s->slides.empty() ? std::min(slide, s->slides.size() - 1) : 0;
    buffers_story_ = SIZE_MAX;
}

bool StoryEditor::save(const Story& s) {
    status_error_ = false;
    if (!store_.save) return true;
    try {
        store_.save(s);
        return true;
    } catch (const std::exception& e) {
        status_ = std::string("not saved: ") + e.what();
        status_error_ = true;
        return false;
    }
}

std::string StoryEditor::unique_id(const std::string& base) const {
    auto taken = [&](const std::string& id) {
        return std::any_of(stories_.begin(), stories_.end(), [&](const Story& s) { return s.id == id; });
    };
    if (!taken(base)) return base;
    for (int k = 2;; ++k) {
        std::string id = base + "-" + std::to_string(k);
        if (!taken(id)) return id;
    }
}

// [SECTION] Commands

size_t StoryEditor::new_story(const std::string& title) {
    Story s;
    s.title = title.empty() ? "New story" : title;
    s.id = unique_id(slug(s.title));
    stories_.push_back(s);
    select(stories_.size() - 1);
    if (save(stories_.back())) status_ = "created \"" + s.title + "\"";
    return story_;
}

bool StoryEditor::rename_story(const std::string& title) {
    Story* s = story();
    if (!s || title.empty() || s->title == title) return false;
    s->title = title;  // the id stays: links and exports keep working
    return save(*s);
}

bool StoryEditor::delete_story() {
    Story* s = story();
    if (!s) return false;
    const std::string id = s->id, title = s->title;
    if (store_.remove) {
        try {
            store_.remove(id);
        } catch (const std::exception& e) {
            status_ = std::string("not deleted: ") + e.what();
            status_error_ = true;
            return false;
        }
    }
    stories_.erase(stories_.begin() + static_cast<std::ptrdiff_t>(story_));
    select(story_ > 0 ? story_ - 1 : 0);
    status_ = "deleted \"" + title + "\"";
    status_error_ = false;
    return true;
}

size_t StoryEditor::add_slide_from_view(const AppModel& model) {
    if (!story()) new_story("New story");
    Story& s = *story();
    Slide slide = capture_slide(model, visible_layers_ ? visible_layers_() : std::vector<std::string>{});
    const size_t at = s.slides.empty() ? 0 : std::min(slide_ + 1, s.slides.size());
    s.slides.insert(s.slides.begin() + static_cast<std::ptrdiff_t>(at), std::move(slide));
    slide_ = at;
    buffers_story_ = SIZE_MAX;
    save(s);
    return at;
}

bool StoryEditor::recapture_slide(const AppModel& model) {
    Story* s = story();
    if (!s || slide_ >= s->slides.size()) return false;
    Slide& old = s->slides[slide_];
    Slide fresh = capture_slide(model, visible_layers_ ? visible_layers_() : std::vector<std::string>{});
    fresh.title = old.title;
    fresh.caption = old.caption;
    fresh.notes = old.notes;
    if (!old.excerpt_id.empty()) fresh.excerpt_id = old.excerpt_id;
    old = std::move(fresh);
    return save(*s);
}

bool StoryEditor::move_slide(size_t from, size_t to) {
    Story* s = story();
    if (!s || from >= s->slides.size() || to >= s->slides.size() || from == to) return false;
    Slide moving = std::move(s->slides[from]);
    s->slides.erase(s->slides.begin() + static_cast<std::ptrdiff_t>(from));
    s->slides.insert(s->slides.begin() + static_cast<std::ptrdiff_t>(to), std::move(moving));
    slide_ = to;
    buffers_story_ = SIZE_MAX;
    return save(*s);
}

bool StoryEditor::duplicate_slide(size_t index) {
    Story* s = story();
    if (!s || index >= s->slides.size()) return false;
    Slide copy = s->slides[index];
    s->slides.insert(s->slides.begin() + static_cast<std::ptrdiff_t>(index) + 1, std::move(copy));
    slide_ = index + 1;
    buffers_story_ = SIZE_MAX;
    return save(*s);
}

bool StoryEditor::delete_slide(size_t index) {
    Story* s = story();
    if (!s || index >= s->slides.size()) return false;
    s->slides.erase(s->slides.begin() + static_cast<std::ptrdiff_t>(index));
    if (slide_ >= s->slides.size()) slide_ = s->slides.empty() ? 0 : s->slides.size() - 1;
    buffers_story_ = SIZE_MAX;
    return save(*s);
}

bool StoryEditor::set_slide_text(const std::string& title, const std::string& caption, const std::string& notes) {
    return set_text_of(story_, slide_, title, caption, notes);
}

bool StoryEditor::set_text_of(size_t story_index, size_t slide_index, const std::string& title,
                              const std::string& caption, const std::string& notes) {
    if (story_index >= stories_.size()) return false;
    Story* s = &stories_[story_index];
    if (slide_index >= s->slides.size()) return false;
    Slide& sl = s->slides[slide_index];
    // A slide always has a title (the story file requires one).
    const std::string t = title.empty() ? "Untitled slide" : title;
    if (sl.title == t && sl.caption == caption && sl.notes == notes) return false;
    sl.title = t;
    sl.caption = caption;
    sl.notes = notes;
    return save(*s);
}

bool StoryEditor::set_slide_planned(int64_t ms) {
    Story* s = story();
    if (!s || slide_ >= s->slides.size() || ms < 0 || s->slides[slide_].planned_ms == ms) return false;
    s->slides[slide_].planned_ms = ms;
    return save(*s);
}

bool StoryEditor::set_slide_excerpt(const std::string& excerpt_id) {
    Story* s = story();
    if (!s || slide_ >= s->slides.size() || s->slides[slide_].excerpt_id == excerpt_id) return false;
    s->slides[slide_].excerpt_id = excerpt_id;
    return save(*s);
}

void StoryEditor::show_slide(AppModel& model) const {
    if (story_ >= stories_.size() || slide_ >= stories_[story_].slides.size()) return;
    StoryPlayer player;
    player.start(stories_[story_], slide_);
    StorySync sync;
    sync.apply(model, player);
}

// [SECTION] Files

std::filesystem::path StoryEditor::resolve(const std::string& typed) const {
    std::filesystem::path p(typed);
    if (p.is_relative() && story_folder) {
        const std::filesystem::path base = story_folder();
        if (!base.empty()) p = base / p;
    }
    return p.lexically_normal();
}

bool StoryEditor::export_story(const std::string& typed) {
    Story* s = story();
    status_error_ = true;
    written_folder_.clear();
    if (!s) {
        status_ = "no story to export";
        return false;
    }
    if (typed.empty()) {
        status_ = "type the path of the JSON file to write";
        return false;
    }
    const std::filesystem::path path = resolve(typed);
    try {
        write_story_file(path, {*s});
    } catch (const Error& e) {
        status_ = e.what();
        return false;
    }
    status_ = "exported \"" + s->title + "\" (" + std::to_string(s->slides.size()) + " slides) to " + path.string();
    status_error_ = false;
    written_folder_ = path.parent_path();
    return true;
}

bool StoryEditor::import_stories(const std::string& typed, const AppModel& model) {
    status_error_ = true;
    written_folder_.clear();
    const std::string path = resolve(typed).string();
    std::vector<Story> incoming;
    try {
        incoming = read_story_file(path);
    } catch (const std::exception& e) {
        status_ = e.what();
        return false;
    }
    if (incoming.empty()) {
        status_ = path + ": no story in the file";
        return false;
    }
    size_t missing = 0, slides = 0;
    for (Story& s : incoming) {
        s.id = unique_id(s.id.empty() ? slug(s.title) : s.id);
        for (const Slide& sl : s.slides) {
            ++slides;
            for (const auto& id : sl.highlighted_event_ids) missing += model.row_of(id) ? 0 : 1;
            if (!sl.excerpt_id.empty() && !model.dataset().find_excerpt(sl.excerpt_id)) ++missing;
        }
        stories_.push_back(s);
        if (!save(stories_.back())) return false;
    }
    select(stories_.size() - incoming.size());
    status_ = "imported " + std::to_string(incoming.size()) + " story(ies), " + std::to_string(slides) + " slides";
    if (missing > 0) status_ += "; " + std::to_string(missing) + " event/excerpt reference(s) not in this project";
    status_error_ = false;
    return true;
}

// [SECTION] Drawing

void StoryEditor::load_buffers() {
    const Story* s = story_ < stories_.size() ? &stories_[story_] : nullptr;
    const size_t n = s ? s->slides.size() : 0;
    if (buffers_story_ == story_ && buffers_slide_ == slide_ && buffers_slides_ == n) return;
    buffers_story_ = edit_story_ = story_;
    buffers_slide_ = edit_slide_ = slide_;
    buffers_slides_ = n;
    copy_to(story_title_, sizeof story_title_, s ? s->title : std::string());
    const Slide* sl = s && slide_ < n ? &s->slides[slide_] : nullptr;
    copy_to(title_, sizeof title_, sl ? sl->title : std::string());
    copy_to(caption_, sizeof caption_, sl ? sl->caption : std::string());
    copy_to(notes_, sizeof notes_, sl ? sl->notes : std::string());
    copy_to(planned_, sizeof planned_, sl && sl->planned_ms > 0 ? format_duration_ms(sl->planned_ms) : std::string());
    planned_error_ = false;
    if (s && path_[0] == '\0') copy_to(path_, sizeof path_, s->id + ".json");
}

void StoryEditor::draw(AppModel& model) {
    sync(model);
    load_buffers();
    draw_story_list(model);
    ImGui::Separator();
    draw_slide_list();
    ImGui::Separator();
    draw_slide_form(model);
    ImGui::Separator();
    draw_files(model);
    if (!status_.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        if (status_error_) ImGui::TextColored(ImVec4(0.85f, 0.15f, 0.15f, 1), "%s", status_.c_str());
        else ImGui::TextDisabled("%s", status_.c_str());
        ImGui::PopTextWrapPos();
        if (!written_folder_.empty() && open_folder && ImGui::SmallButton("Open folder##story_open_folder"))
            open_folder(written_folder_);
    }
}

void StoryEditor::draw_story_list(AppModel& model) {
    (void)model;
    const Story* current = story_ < stories_.size() ? &stories_[story_] : nullptr;
    const std::string preview = current ? (current->title.empty() ? current->id : current->title) : "(no story)";
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 9);
    if (ImGui::BeginCombo("##story_pick", preview.c_str())) {
        for (size_t i = 0; i < stories_.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            const std::string label = (stories_[i].title.empty() ? stories_[i].id : stories_[i].title) + "##pick";
            if (ImGui::Selectable(label.c_str(), i == story_)) select(i);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("New##story_new")) new_story("New story");
    ImGui::SameLine();
    if (ImGui::Button("Delete##story_delete") && current) confirm_delete_ = true;
    if (confirm_delete_) {
        ImGui::OpenPopup("Delete story?##confirm");
        confirm_delete_ = false;
    }
    if (ImGui::BeginPopupModal("Delete story?##confirm", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("Delete \"%s\" and its %zu slides from the project?", current ? current->title.c_str() : "",
                    current ? current->slides.size() : size_t{0});
        if (ImGui::Button("Delete##confirm_yes")) {
            delete_story();
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel##confirm_no")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    if (current) {
        ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4);
        ImGui::InputText("Title##story_title", story_title_, sizeof story_title_);
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            if (story_title_[0] == '\0') copy_to(story_title_, sizeof story_title_, stories_[story_].title);
            else rename_story(story_title_);
        }
    }
}

void StoryEditor::draw_slide_list() {
    Story* s = story();
    if (!s) {
        ImGui::TextDisabled("No story yet: \"New\" starts one, or add a slide.");
        return;
    }
    const float fs = ImGui::GetFontSize();
    ImGui::TextDisabled("%zu slides: drag a row to reorder", s->slides.size());
    const float list_h = std::clamp(static_cast<float>(s->slides.size()) * ImGui::GetTextLineHeightWithSpacing() + 8,
                                    fs * 4, fs * 14);
    size_t move_from = SIZE_MAX, move_to = SIZE_MAX;
    row_centres_.assign(s->slides.size(), ImVec2(-1, -1));
    if (ImGui::BeginChild("##slides", ImVec2(0, list_h), true)) {
        for (size_t i = 0; i < s->slides.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            char number[32];
            std::snprintf(number, sizeof number, "%2zu. ", i + 1);
            const std::string label = number + shorten(s->slides[i].title, 60) + "##row";
            if (ImGui::Selectable(label.c_str(), i == slide_)) {
                slide_ = i;
                buffers_story_ = SIZE_MAX;
            }
            const ImVec2 r0 = ImGui::GetItemRectMin(), r1 = ImGui::GetItemRectMax();
            row_centres_[i] = ImVec2((r0.x + r1.x) / 2, (r0.y + r1.y) / 2);
            if (ImGui::BeginDragDropSource()) {
                const int from = static_cast<int>(i);
                ImGui::SetDragDropPayload(kSlidePayload, &from, sizeof from);
                ImGui::TextUnformatted(s->slides[i].title.c_str());
                ImGui::EndDragDropSource();
            }
            if (ImGui::BeginDragDropTarget()) {
                if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kSlidePayload)) {
                    int from = 0;
                    std::memcpy(&from, p->Data, sizeof from);
                    move_from = static_cast<size_t>(from);
                    move_to = i;
                }
                ImGui::EndDragDropTarget();
            }
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
    if (move_from != SIZE_MAX) move_slide(move_from, move_to);  // after the loop: the list is stable while drawn

    const bool has = slide_ < s->slides.size();
    if (ImGui::ArrowButton("##slide_up", ImGuiDir_Up) && has && slide_ > 0) move_slide(slide_, slide_ - 1);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##slide_down", ImGuiDir_Down) && has && slide_ + 1 < s->slides.size())
        move_slide(slide_, slide_ + 1);
    ImGui::SameLine();
    if (ImGui::Button("Duplicate##slide_dup") && has) duplicate_slide(slide_);
    ImGui::SameLine();
    if (ImGui::Button("Delete##slide_delete") && has) delete_slide(slide_);
}

void StoryEditor::draw_slide_form(AppModel& model) {
    if (ImGui::Button("Add slide from current view##slide_add")) add_slide_from_view(model);
    Story* s = story();
    if (!s || slide_ >= s->slides.size()) return;
    ImGui::SameLine();
    if (ImGui::Button("Update view##slide_recapture")) recapture_slide(model);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The slide takes the current camera, time and selection; its words stay");
    if (ImGui::Button("Show in explorer##slide_show")) show_slide(model);
    ImGui::SameLine();
    if (ImGui::Button("Present from here (F5)##slide_present")) present_requested = true;

    const Slide& sl = s->slides[slide_];
    bool edited = false, done = false;
    ImGui::TextDisabled("%s", describe_slide_moment(sl.window_begin, sl.time_cursor).c_str());
    ImGui::SetNextItemWidth(-1);
    edited |= ImGui::InputTextWithHint("##slide_title", "Title", title_, sizeof title_);
    done |= ImGui::IsItemDeactivatedAfterEdit();
    title_centre_ = item_centre();
    ImGui::TextUnformatted("Caption");
    edited |= ImGui::InputTextMultiline("##slide_caption", caption_, sizeof caption_,
                                        ImVec2(-1, ImGui::GetTextLineHeight() * 3.5f));
    done |= ImGui::IsItemDeactivatedAfterEdit();
    ImGui::TextUnformatted("Presenter's notes");
    // Large enough to write a talk's worth of notes in (the console shows them in large type).
    edited |= ImGui::InputTextMultiline("##slide_notes", notes_, sizeof notes_,
                                        ImVec2(-1, ImGui::GetTextLineHeight() * 12.0f),
                                        ImGuiInputTextFlags_NoHorizontalScroll);
    notes_centre_ = item_centre();
    done |= ImGui::IsItemDeactivatedAfterEdit();
    (void)edited;
    const std::string times = rehearsal_text(sl);  // before a save below may reload the slides
    // The fields hold the slide they were loaded from: a click on another row
    // ends the edit in the same frame, and the words go to the slide they were typed for.
    if (done) set_text_of(edit_story_, edit_slide_, title_, caption_, notes_);
    // The time the speaker plans for the slide; the console compares it with the last run.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Planned time");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::InputTextWithHint("##slide_planned", "m:ss", planned_, sizeof planned_);
    planned_centre_ = item_centre();
    if (ImGui::IsItemDeactivatedAfterEdit() && edit_story_ == story_ && edit_slide_ == slide_) {
        const std::optional<int64_t> ms = planned_[0] ? parse_duration_ms(planned_) : std::optional<int64_t>(0);
        planned_error_ = !ms;
        if (ms) set_slide_planned(*ms);
    }
    ImGui::SameLine();
    if (planned_error_) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "expected minutes:seconds, e.g. 1:30");
    else if (!times.empty()) ImGui::TextDisabled("%s", times.c_str());
    else ImGui::TextDisabled("not yet rehearsed");

    // The quotation card: one excerpt of the highlighted events.
    std::vector<const Excerpt*> choices;
    for (const auto& id : sl.highlighted_event_ids)
        if (const auto row = model.row_of(id))  // by the model's index: this runs every frame
            for (const auto& xid : model.event(*row).excerpt_ids)
                if (const Excerpt* x = model.dataset().find_excerpt(xid))
                    if (std::find(choices.begin(), choices.end(), x) == choices.end()) choices.push_back(x);
    const Excerpt* chosen = sl.excerpt_id.empty() ? nullptr : model.dataset().find_excerpt(sl.excerpt_id);
    const std::string preview = chosen ? shorten(chosen->text, 50) : sl.excerpt_id.empty() ? "(no quotation)" : sl.excerpt_id;
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5);
    if (ImGui::BeginCombo("Quotation##slide_excerpt", preview.c_str())) {
        if (ImGui::Selectable("(no quotation)##none", sl.excerpt_id.empty())) set_slide_excerpt({});
        for (const Excerpt* x : choices) {
            const std::string label = shorten(x->text, 70) + "##" + x->id;
            if (ImGui::Selectable(label.c_str(), x == chosen)) set_slide_excerpt(x->id);
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
                ImGui::TextUnformatted(x->text.c_str());
                ImGui::TextDisabled("%s", excerpt_attribution(model.dataset(), *x).c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
        }
        ImGui::EndCombo();
    }
    if (choices.empty()) ImGui::TextDisabled("Highlight events with excerpts to quote one.");
    ImGui::TextDisabled("%zu highlighted event(s)", sl.highlighted_event_ids.size());

    // The map layers this slide shows: ticked per slide (a layer added later to
    // explore stays off here until ticked).
    if (map_layers_ && ImGui::TreeNode("Map layers on this slide##slide_layers")) {
        const std::vector<std::string> names = sl.visible_layers;  // a tick saves (and replaces) the slide
        for (const MapLayerChoice& l : map_layers_()) {
            bool on = slide_shows_layer(names, l.name, l.title, l.user_visible, l.user_added);
            const std::string label = (l.title.empty() ? l.name : l.title) + (l.user_added ? "  (your layer)" : "") +
                                      "##layer_" + l.name;
            if (ImGui::Checkbox(label.c_str(), &on)) set_slide_layer(l.name, on);
        }
        if (names.empty()) ImGui::TextDisabled("Names none yet: the basemap layers on in the explorer.");
        ImGui::TreePop();
    }
}

void StoryEditor::draw_files(AppModel& model) {
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 9.5f);
    ImGui::InputTextWithHint("##story_path", "story.json", path_, sizeof path_);
    ImGui::SameLine();
    if (ImGui::Button("Import##story_import")) import_stories(path_, model);
    ImGui::SameLine();
    if (ImGui::Button("Export##story_export")) export_story(path_);
    if (!files) return;
    const std::filesystem::path start = story_folder ? story_folder() : std::filesystem::path();
    if (ImGui::Button("Import a story file...")) {
        FileRequest r;
        r.purpose = "import-story";
        r.title = "Import stories (JSON)";
        r.filters = {file_types::story_json()};
        r.folder = start;
        files->request(r, [this, &model](const std::filesystem::path& p) {
            std::snprintf(path_, sizeof path_, "%s", p.c_str());
            import_stories(p.string(), model);
        });
    }
    ImGui::SameLine();
    if (ImGui::Button("Export this story as...") && story()) {
        FileRequest r;
        r.purpose = "export-story";
        r.title = "Export the story (JSON)";
        r.action = FileAction::Save;
        r.filters = {file_types::story_json()};
        r.folder = start;
        std::string name = story()->title.empty() ? std::string("story") : story()->title;
        for (char& c : name)
            if (c == '/' || c == '\\' || c == ':') c = '-';
        r.file_name = name + ".json";
        files->request(r, [this](const std::filesystem::path& p) {
            std::snprintf(path_, sizeof path_, "%s", p.c_str());
            export_story(p.string());
        });
    }
}

}  // namespace atlas::ui
