#include "ui/event_list.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "core/categories.hpp"
#include "core/time.hpp"
#include "ui/draw_util.hpp"

namespace atlas::ui {

void EventList::draw(AppModel& model, Theme theme) {
    (void)theme;
    // Results the time window hides are said above the list, with the way to see them.
    if (const std::string hidden = model.hidden_by_time_note(); !hidden.empty()) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted((hidden + " \xe2\x80\x94").c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("show all##list")) model.show_all_times();
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##events", 3, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_DefaultSort, 1.6f, 0);
    ImGui::TableSetupColumn("Event", 0, 2.6f, 1);
    ImGui::TableSetupColumn("Kind", 0, 0.6f, 2);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
        const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
        const SortKey key = s.ColumnUserID == 1 ? SortKey::Title : s.ColumnUserID == 2 ? SortKey::Category : SortKey::Time;
        model.set_sort(key, s.SortDirection != ImGuiSortDirection_Descending);
        specs->SpecsDirty = false;
    }

    const std::vector<uint32_t>& rows = model.visible_rows();
    // A selection made elsewhere scrolls into view.
    int scroll_to = -1;
    if (seen_selection_ != model.selection_version()) {
        seen_selection_ = model.selection_version();
        if (auto p = model.primary_selection()) {
            auto it = std::find(rows.begin(), rows.end(), *p);
            if (it != rows.end()) scroll_to = static_cast<int>(it - rows.begin());
        }
    }
    const float row_h = ImGui::GetTextLineHeightWithSpacing();
    if (scroll_to >= 0) {
        const float y = static_cast<float>(scroll_to) * row_h;
        if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + ImGui::GetWindowHeight() - 3 * row_h)
            ImGui::SetScrollY(std::max(0.0f, y - ImGui::GetWindowHeight() * 0.4f));
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()), row_h);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const uint32_t r = rows[static_cast<size_t>(i)];
            const Event& e = model.event(r);
            ImGui::PushID(static_cast<int>(r));
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            // The canonical short date here; the date as written is in the tooltip and the evidence panel.
            const std::string when = describe_time(e.time);
            if (ImGui::Selectable(when.c_str(), model.is_selected(r),
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
                model.select(r, ImGui::GetIO().KeyCtrl);
            if (ImGui::IsItemHovered()) {
                model.set_hover(r);
                if (!e.time_text.empty()) ImGui::SetTooltip("%s", e.time_text.c_str());
            }
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(e.title.c_str());
            ImGui::TableSetColumnIndex(2);
            const CategoryStyle st = category_style(e.category);
            marker_glyph(st, 0, (model.events().flags[r] & kFlagCoarse) != 0);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%.*s", static_cast<int>(st.label.size()), st.label.data());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace atlas::ui
