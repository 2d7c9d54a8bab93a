#include "ui/presenter_console.hpp"

#include <algorithm>
#include <cstdio>

namespace atlas::ui {

namespace {

const ImVec4 kDim(0.62f, 0.64f, 0.68f, 1.0f);
const ImVec4 kAccent(0.98f, 0.78f, 0.30f, 1.0f);

// The box of `aspect` fitted into w x h at the cursor, centred across.
struct Fitted {
    ImVec2 p0, p1;
};
Fitted fit_at_cursor(float aspect, float w, float h) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    float iw = w, ih = w / std::max(0.1f, aspect);
    if (ih > h) {
        ih = h;
        iw = h * aspect;
    }
    const ImVec2 p0(at.x + (w - iw) * 0.5f, at.y);
    return {p0, ImVec2(p0.x + iw, p0.y + ih)};
}

// A picture of `aspect` fitted into w x h at the cursor, centred, with a thin frame.
void fitted_image(ImTextureID tex, float aspect, float w, float h) {
    const auto [p0, p1] = fit_at_cursor(aspect, w, h);
    const float ih = p1.y - p0.y;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddImage(tex, p0, p1, ImVec2(0, 1), ImVec2(1, 0));
    dl->AddRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p1.x + 1, p1.y + 1), IM_COL32(90, 92, 100, 255));
    ImGui::Dummy(ImVec2(w, ih));
}

// A dark box of the picture's size with a word in its middle (black screen, end of story).
void placeholder(const char* text, float aspect, float w, float h) {
    const auto [p0, p1] = fit_at_cursor(aspect, w, h);
    const float ih = p1.y - p0.y;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, p1, IM_COL32(0, 0, 0, 255));
    dl->AddRect(p0, p1, IM_COL32(90, 92, 100, 255));
    const ImVec2 ts = ImGui::CalcTextSize(text);
    dl->AddText(ImVec2((p0.x + p1.x - ts.x) * 0.5f, (p0.y + p1.y - ts.y) * 0.5f), IM_COL32(200, 200, 205, 255), text);
    ImGui::Dummy(ImVec2(w, ih));
}

}  // namespace

PresenterConsoleActions draw_presenter_console(const PresenterConsoleState& st, const PresenterConsoleView& view) {
    PresenterConsoleActions act;
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (!ImGui::Begin("##presenter_console", nullptr, flags)) {
        ImGui::End();
        return act;
    }
    const float pad = ImGui::GetStyle().ItemSpacing.x;
    ImFont* big = view.big ? view.big : ImGui::GetFont();
    ImFont* bold = view.bold ? view.bold : ImGui::GetFont();

    // [SECTION] The bar: slide n of N, the clock, the elapsed time
    ImGui::PushFont(big);
    if (st.slide_count > 0) ImGui::Text("Slide %zu of %zu", st.slide + 1, st.slide_count);
    else ImGui::TextUnformatted("No slide");
    ImGui::SameLine(0, pad * 6);
    ImGui::TextUnformatted(view.clock.c_str());
    ImGui::SameLine(0, pad * 6);
    if (st.paused) ImGui::PushStyleColor(ImGuiCol_Text, kAccent);
    ImGui::TextUnformatted(st.elapsed.c_str());
    if (st.paused) ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::SameLine(0, pad * 2);
    const float big_h = big->FontSize;
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (big_h - ImGui::GetFrameHeight()) * 0.5f);
    if (ImGui::Button(st.paused ? "Resume##clock" : "Pause##clock")) act.toggle_pause = true;
    ImGui::SameLine();
    if (ImGui::Button("Reset##clock")) act.reset = true;
    ImGui::SameLine();
    if (ImGui::Button("Swap windows (S)##swap")) act.swap = true;

    ImGui::PushStyleColor(ImGuiCol_Text, kDim);
    std::string line = st.paused ? "elapsed time paused   " : "";
    if (!st.on_this_slide.empty()) line += "on this slide " + st.on_this_slide;
    if (!st.rehearsal.empty()) line += "   \u00b7   " + st.rehearsal;
    if (st.black) line += "   \u00b7   the audience sees black (B brings the slide back)";
    ImGui::TextUnformatted(line.c_str());
    ImGui::PopStyleColor();
    ImGui::Separator();

    // [SECTION] Now and next
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float strip_h = ImGui::GetTextLineHeightWithSpacing() * 2.0f + ImGui::GetStyle().ScrollbarSize +
                          ImGui::GetStyle().WindowPadding.y * 2;
    const float pictures_h = std::max(80.0f, avail.y * 0.42f);
    const float label_h = ImGui::GetTextLineHeightWithSpacing();
    const float now_w = avail.x * 0.58f, next_w = avail.x - now_w - pad;
    ImGui::BeginGroup();
    ImGui::PushFont(bold);
    ImGui::TextUnformatted("Now");
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextUnformatted(st.title.c_str());
    if (st.black) placeholder("Black screen", view.current_aspect, now_w, pictures_h - label_h);
    else if (view.current) fitted_image(view.current, view.current_aspect, now_w, pictures_h - label_h);
    ImGui::EndGroup();
    ImGui::SameLine(0, pad);
    ImGui::BeginGroup();
    ImGui::PushFont(bold);
    ImGui::TextUnformatted("Next");
    ImGui::PopFont();
    ImGui::SameLine();
    if (st.end_of_story) {
        ImGui::TextColored(kDim, "(none)");
        placeholder("End of story", view.next_aspect, next_w, pictures_h - label_h);
    } else {
        ImGui::TextUnformatted(st.next_title.c_str());
        if (view.next) fitted_image(view.next, view.next_aspect, next_w, pictures_h - label_h);
    }
    ImGui::EndGroup();

    // [SECTION] Notes: large, wrapped, scrolling
    const float notes_h = std::max(ImGui::GetFrameHeight() * 2, ImGui::GetContentRegionAvail().y - strip_h - pad);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.13f, 0.13f, 0.15f, 1.0f));
    if (ImGui::BeginChild("##notes", ImVec2(0, notes_h), true)) {
        if (view.notes) ImGui::PushFont(view.notes);
        ImGui::PushTextWrapPos(0.0f);
        if (st.notes.empty()) ImGui::TextColored(kDim, "No notes for this slide.");
        else ImGui::TextUnformatted(st.notes.c_str());
        ImGui::PopTextWrapPos();
        if (view.notes) ImGui::PopFont();
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();

    // [SECTION] The strip: every slide, click to go there
    if (ImGui::BeginChild("##strip", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar)) {
        const float item_w = ImGui::GetFontSize() * 11;
        const float item_h = ImGui::GetTextLineHeightWithSpacing() * 2.0f;
        for (size_t i = 0; i < st.slide_titles.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            char label[40];
            std::snprintf(label, sizeof label, "%zu", i + 1);
            std::string text = std::string(label) + "  " + st.slide_titles[i];
            // Long titles are cut to the button (ImGui clips the text to it).
            const bool current = i == st.slide;
            if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.80f, 0.55f, 0.10f, 1.0f));
            if (ImGui::Button((text + "##s").c_str(), ImVec2(item_w, item_h))) act.jump_to = static_cast<long>(i);
            if (current) ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", st.slide_titles[i].c_str());
            if (current && ImGui::IsWindowAppearing()) ImGui::SetScrollHereX(0.5f);
            ImGui::PopID();
            ImGui::SameLine();
        }
    }
    ImGui::EndChild();
    ImGui::End();
    return act;
}

}  // namespace atlas::ui
