#include "ui/excerpt_panel.hpp"

#include <imgui.h>

#include <cstring>

#include "core/categories.hpp"
#include "core/time.hpp"
#include "ui/draw_util.hpp"

namespace atlas::ui {

QuoteRange locate_quote(std::string_view text, const Excerpt& x) {
    QuoteRange q;
    if (text.empty() || x.text.empty()) return q;
    if (x.span_begin >= 0 && x.span_end > x.span_begin) {
        const size_t b = utf8_offset(text, x.span_begin), e = utf8_offset(text, x.span_end);
        if (e > b && text.substr(b, e - b) == x.text) {
            q.begin = b;
            q.end = e;
        }
    }
    if (q.begin == std::string::npos) {
        const size_t at = text.find(x.text);
        if (at == std::string::npos) return q;
        q.begin = at;
        q.end = at + x.text.size();
    }
    // The paragraph: from the blank line (or line break) before to the one after.
    const size_t pb = text.rfind('\n', q.begin);
    q.para_begin = pb == std::string::npos ? 0 : pb + 1;
    const size_t pe = text.find('\n', q.end);
    q.para_end = pe == std::string::npos ? text.size() : pe;
    return q;
}

void ExcerptPanel::draw(AppModel& model, Theme theme) {
    const Palette& pal = palette(theme);
    const auto primary = model.primary_selection();
    if (!primary) {
        ImGui::TextDisabled("Select an event on the map, the timeline or the list");
        ImGui::TextDisabled("to read the sources it rests on.");
        draw_import_popup(model);
        return;
    }
    const Event& e = model.event(*primary);
    if (model.selection().size() > 1)
        ImGui::TextDisabled("%zu events selected; showing the last one.", model.selection().size());
    ImGui::PushTextWrapPos(0.0f);
    ImGui::PushFont(heading_font ? heading_font : ImGui::GetFont());
    ImGui::TextUnformatted(e.title.c_str());
    ImGui::PopFont();

    const CategoryStyle st = category_style(e.category);
    marker_glyph(st, 0, e.location.precision >= LocationPrecision::Neighbourhood);
    ImGui::SameLine();
    ImGui::TextUnformatted(st.label.data(), st.label.data() + st.label.size());
    for (const auto& tag : e.tags) {
        ImGui::SameLine();
        ImGui::TextDisabled("#%s", tag.c_str());
    }

    // When.
    ImGui::Spacing();
    ImGui::TextDisabled("When");
    ImGui::TextUnformatted(e.time_text.empty() ? describe_time(e.time).c_str() : e.time_text.c_str());
    const std::string_view prec = to_string(e.time.precision);
    ImGui::TextDisabled("precision: %.*s  \xC2\xB7  read as %s", static_cast<int>(prec.size()), prec.data(),
                        describe_time(e.time).c_str());
    if (!e.time.note.empty()) ImGui::TextDisabled("%s", e.time.note.c_str());

    // Where.
    ImGui::Spacing();
    ImGui::TextDisabled("Where");
    ImGui::TextUnformatted(e.location.place_name.empty() ? "(unnamed place)" : e.location.place_name.c_str());
    const std::string_view lp = to_string(e.location.precision);
    ImGui::TextDisabled("placed to the %.*s, within %.0f m  (%.5f, %.5f)", static_cast<int>(lp.size()), lp.data(),
                        e.location.uncertainty_m, e.location.lat, e.location.lon);
    if (!e.location.geocoding_note.empty()) ImGui::TextDisabled("%s", e.location.geocoding_note.c_str());

    if (!e.description.empty()) {
        ImGui::Spacing();
        ImGui::TextUnformatted(e.description.c_str());
    }
    if (!e.actors.empty()) {
        std::string actors;
        for (const auto& a : e.actors) actors += (actors.empty() ? "" : ", ") + a;
        ImGui::TextDisabled("Actors: %s", actors.c_str());
    }
    if (!e.note.empty()) ImGui::TextDisabled("Note: %s", e.note.c_str());

    // Evidence.
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextDisabled(e.excerpt_ids.size() == 1 ? "Rests on 1 excerpt" : "Rests on %zu excerpts", e.excerpt_ids.size());
    for (size_t i = 0; i < e.excerpt_ids.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (const Excerpt* x = model.dataset().find_excerpt(e.excerpt_ids[i])) {
            draw_excerpt(model, *x, theme);
        } else {
            ImGui::TextColored(ImVec4(0.8f, 0.2f, 0.1f, 1), "missing excerpt %s", e.excerpt_ids[i].c_str());
        }
        ImGui::PopID();
    }
    (void)pal;
    ImGui::PopTextWrapPos();
    draw_import_popup(model);
}

void ExcerptPanel::draw_excerpt(AppModel& model, const Excerpt& x, Theme theme) {
    const Palette& pal = palette(theme);
    const Source* src = model.dataset().find_source(x.source_id);
    ImGui::Spacing();
    // A quotation: indented, behind a rule, in typographic quotes.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImGui::Indent(ImGui::GetFontSize());
    const QuoteRange q = src ? locate_quote(src->full_text, x) : QuoteRange{};
    if (q.begin != std::string::npos) {
        const std::string_view para = std::string_view(src->full_text).substr(q.para_begin, q.para_end - q.para_begin);
        text_wrapped_highlight(para, q.begin - q.para_begin, q.end - q.para_begin, pal.highlight);
    } else {
        const std::string quoted = "\xE2\x80\x9C" + x.text + "\xE2\x80\x9D";
        ImGui::TextUnformatted(quoted.c_str());
    }
    const ImVec2 bottom = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(ImVec2(top.x + 2, top.y), ImVec2(top.x + 5, bottom.y - 2),
                      src ? category_style("protest").color.abgr() : IM_COL32(150, 150, 150, 255));
    if (!x.locator.empty()) ImGui::TextDisabled("%s", x.locator.c_str());
    if (src) {
        ImGui::TextUnformatted(src->title.c_str());
        std::string line = src->publisher;
        if (!src->author.empty()) line += (line.empty() ? "" : " \xC2\xB7 ") + src->author;
        if (!src->date_text.empty()) line += (line.empty() ? "" : " \xC2\xB7 ") + src->date_text;
        if (!src->language.empty()) line += " [" + src->language + "]";
        if (!line.empty()) ImGui::TextDisabled("%s", line.c_str());
        if (!src->url.empty()) {
            ImGui::TextDisabled("%s", src->url.c_str());
            if (ImGui::SmallButton("Copy link")) ImGui::SetClipboardText(src->url.c_str());
            ImGui::SameLine();
        }
        if (ImGui::SmallButton("All events from this source")) {
            model.focused_source = src->id;
            requested_source_view = true;
        }
        ImGui::SameLine();
        if (ImGui::SmallButton(src->full_text.empty() ? "Import full text..." : "Replace full text...")) {
            import_source_ = src->id;
            import_error_.clear();
            ImGui::OpenPopup("##import_full_text");
        }
        if (src->full_text.empty()) ImGui::TextDisabled("(the article's full text is not in the project)");
        else if (q.begin == std::string::npos) ImGui::TextDisabled("(quotation not found in the full text)");
    } else {
        ImGui::TextColored(ImVec4(0.8f, 0.2f, 0.1f, 1), "unknown source %s", x.source_id.c_str());
    }
    ImGui::Unindent(ImGui::GetFontSize());
    draw_import_popup(model);
}

void ExcerptPanel::draw_import_popup(AppModel& model) {
    if (!ImGui::BeginPopup("##import_full_text")) return;
    ImGui::TextUnformatted("Full text of the source, from a UTF-8 text file:");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
    const bool enter = ImGui::InputTextWithHint("##path", "/path/to/article.txt", import_path_, sizeof import_path_,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::Button("Import") || enter) {
        if (!importer_) {
            import_error_ = "importing is not available here";
        } else {
            import_error_ = importer_(import_source_, import_path_);
            if (import_error_.empty()) ImGui::CloseCurrentPopup();
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    if (!import_error_.empty()) ImGui::TextColored(ImVec4(0.8f, 0.2f, 0.1f, 1), "%s", import_error_.c_str());
    (void)model;
    ImGui::EndPopup();
}

void ExcerptPanel::draw_source_view(AppModel& model, Theme theme) {
    (void)theme;
    const auto& sources = model.dataset().sources;
    if (sources.empty()) {
        ImGui::TextDisabled("No sources in this project.");
        return;
    }
    const Source* cur = model.dataset().find_source(model.focused_source);
    if (!cur) cur = &sources.front();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##source", cur->title.c_str())) {
        for (size_t i = 0; i < sources.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(sources[i].title.c_str(), &sources[i] == cur)) model.focused_source = sources[i].id;
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    cur = model.dataset().find_source(model.focused_source);
    if (!cur) cur = &sources.front();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", (cur->publisher + (cur->date_text.empty() ? "" : " \xC2\xB7 " + cur->date_text)).c_str());
    if (!cur->url.empty()) ImGui::TextDisabled("%s", cur->url.c_str());
    ImGui::PopTextWrapPos();
    const std::vector<uint32_t> rows = model.rows_citing_source(cur->id);
    ImGui::Text("%zu events rest on this source", rows.size());
    ImGui::Separator();
    for (uint32_t r : rows) {
        ImGui::PushID(static_cast<int>(r));
        const Event& e = model.event(r);
        marker_glyph(category_style(e.category));
        ImGui::SameLine();
        const std::string label = (e.time_text.empty() ? describe_time(e.time) : e.time_text) + "  " + e.title;
        if (ImGui::Selectable(label.c_str(), model.is_selected(r))) model.select(r, ImGui::GetIO().KeyCtrl);
        ImGui::PopID();
    }
}

}  // namespace atlas::ui
