#include "ui/event_editor.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "core/shape.hpp"
#include "core/time.hpp"
#include "core/utf8.hpp"
#include "ui/draw_util.hpp"
#include "ui/explorer.hpp"

namespace atlas::ui {

namespace {

const ImVec4 kFaultColour{0.86f, 0.18f, 0.16f, 1.0f};

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i <= text.size()) {
        size_t j = text.find(',', i);
        if (j == std::string::npos) j = text.size();
        std::string item = text.substr(i, j - i);
        const size_t b = item.find_first_not_of(" \t");
        const size_t e = item.find_last_not_of(" \t");
        if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
        i = j + 1;
    }
    return out;
}

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += ", ";
        out += s;
    }
    return out;
}

// The interval as read, without the resolution note (which parsing adds back).
bool same_interval(TimeInterval a, TimeInterval b) {
    a.note.clear();
    b.note.clear();
    return a == b;
}

}  // namespace

// [SECTION] The time field -----------------------------------------------------

TimeReading read_time_field(std::string_view text) {
    TimeReading r;
    std::string err;
    r.time = parse_time(text, &err);
    if (!r.time) {
        r.text = text.empty() ? "type when it happened (e.g. 'early February 2026', '5 April 2006, 13:00')"
                              : "cannot be read: " + err;
        return r;
    }
    const TimeInterval& t = *r.time;
    const TimePrecision shown = t.precision == TimePrecision::Hour ? TimePrecision::Hour : TimePrecision::Day;
    r.text = "read as " + describe_time(t) + ": from " + format_instant(t.begin, shown) + " to " +
             format_instant(t.end - (shown == TimePrecision::Hour ? 60 : 86400), shown) + "; precision " +
             std::string(to_string(t.precision));
    if (t.qualifier != TimeQualifier::None) r.text += ", " + std::string(to_string(t.qualifier));
    if (t.open_begin) r.text += "; start unknown";
    if (t.open_end) r.text += "; end unknown";
    if (!t.note.empty()) r.text += " (" + t.note + ")";
    return r;
}

// [SECTION] Fields ---------------------------------------------------------------

void EventEditor::set_history(EditHistory* history) {
    history_ = history;
    seen_version_ = history ? history->version() : 0;
    open_ = false;
    picking_ = dragging_ = drawing_ = false;
    delete_id_.clear();
    error_.clear();
}

void EventEditor::open_on(const Event& e) {
    open_ = true;
    picking_ = dragging_ = drawing_ = false;
    error_.clear();
    load_fields(e);
}

void EventEditor::load_fields(const Event& e) {
    stored_ = e;
    title_ = e.title;
    description_ = e.description;
    category_ = e.category;
    tags_ = join_list(e.tags);
    actors_ = join_list(e.actors);
    // The field holds text the parser reads back as the stored interval: the
    // source's wording when it is such a text, else the canonical form.
    const auto parsed = parse_time(e.time_text);
    when_ = parsed && same_interval(*parsed, e.time) ? e.time_text : format_time(e.time);
    when_loaded_ = when_;
    wording_ = e.time_text;
    place_name_ = e.location.place_name;
    place_id_ = e.location.place_id;
    note_ = e.location.geocoding_note;
    lat_ = e.location.lat;
    lon_ = e.location.lon;
    uncertainty_ = e.location.uncertainty_m;
    precision_ = static_cast<int>(e.location.precision);
    shape_ = static_cast<int>(e.location.shape);
    vertices_ = e.location.vertices;
    wkt_.clear();
    wkt_error_.clear();
    recheck();
}

Event EventEditor::from_fields() const {
    Event e = stored_;
    e.title = title_;
    e.description = description_;
    e.category = category_;
    e.tags = split_list(tags_);
    e.actors = split_list(actors_);
    if (when_ != when_loaded_ && reading_.time) e.time = *reading_.time;
    e.time_text = wording_;
    e.location.place_name = place_name_;
    e.location.place_id = place_id_;
    e.location.geocoding_note = note_;
    e.location.lat = lat_;
    e.location.lon = lon_;
    e.location.uncertainty_m = uncertainty_;
    e.location.precision = static_cast<LocationPrecision>(std::clamp(precision_, 0, 5));
    const auto kind = static_cast<ShapeKind>(std::clamp(shape_, 0, 2));
    if (kind == ShapeKind::Point) {
        set_shape(e.location, kind, {});
    } else {
        e.location.shape = kind;
        e.location.vertices = vertices_;
        // The marker follows the outline once it is one (check_event reports it until then).
        if (shape_problem(kind, vertices_).empty()) set_shape(e.location, kind, vertices_);
    }
    return e;
}

// [SECTION] Areas and routes -----------------------------------------------------

void EventEditor::set_shape_kind(ShapeKind kind) {
    if (static_cast<int>(kind) == shape_ && (kind == ShapeKind::Point || drawing_)) return;
    picking_ = false;
    if (kind == ShapeKind::Point) {
        shape_ = 0;
        vertices_.clear();
        drawing_ = false;
        save();
        return;
    }
    // From a point, or between an area and a route: draw anew, the old outline kept
    // only when switching between area and route (a route's points make an area's corners).
    if (shape_ == static_cast<int>(ShapeKind::Point)) vertices_.clear();
    shape_ = static_cast<int>(kind);
    drawing_ = vertices_.empty() || shape_problem(kind, vertices_).size() > 0;
    if (!drawing_) save();
    recheck();
}

void EventEditor::add_vertex(LatLon v) {
    if (vertices_.size() >= kMaxShapeVertices) return;
    if (!vertices_.empty() && vertices_.back() == v) return;
    vertices_.push_back(v);
    recheck();
}

void EventEditor::finish_drawing() {
    drawing_ = false;
    save();  // one step for the whole outline; refused with the fault shown while it is not one
}

void EventEditor::cancel_drawing() {
    drawing_ = false;
    shape_ = static_cast<int>(stored_.location.shape);
    vertices_ = stored_.location.vertices;
    recheck();
}

void EventEditor::recheck() {
    reading_ = read_time_field(when_);
    faults_ = {};
    if (history_) faults_ = check_event_edit(from_fields(), history_->project());
    if (!reading_.time) faults_.add(Diagnostic{{}, 0, "time", reading_.text});
}

void EventEditor::save() {
    recheck();
    if (!history_ || !faults_.empty()) return;  // the faults are shown where they are
    const Event e = from_fields();
    if (e == stored_) return;
    try {
        history_->edit_event(e);
        error_.clear();
        stored_ = e;
        lat_ = e.location.lat;  // an area's or a route's marker moved with its outline
        lon_ = e.location.lon;
        when_loaded_ = when_;
    } catch (const Error& err) {
        error_ = err.what();
    }
    reload(e.id);
}

void EventEditor::field_faults(std::string_view field) {
    for (const auto& f : faults_.items) {
        if (f.field != field) continue;
        if (field == "time" && f.message == reading_.text) continue;  // shown as the reading
        ImGui::PushStyleColor(ImGuiCol_Text, kFaultColour);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(f.message.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
}

// [SECTION] Commands ---------------------------------------------------------------

void EventEditor::reload(const std::string& select_id) {
    if (!history_) return;
    // The project as saved, with the view kept: filter (categories by id),
    // search, time window, timeline span, camera and the selection.
    const ViewFilter filter = model_.filter();
    const std::vector<std::string> categories = model_.categories();
    const TimeWindow window = model_.window();
    const TimePoint tl_begin = model_.timeline_begin, tl_end = model_.timeline_end;
    const MapView view = model_.map_view;
    std::vector<std::string> selected;
    for (uint32_t r : model_.selection()) selected.push_back(model_.event(r).id);
    if (!select_id.empty()) selected = {select_id};

    try {
        model_.set_dataset(history_->project().load());
    } catch (const Error& e) {
        error_ = e.what();
        return;
    }
    ViewFilter f = filter;
    f.category_enabled.assign(model_.categories().size(), 1);
    for (size_t i = 0; i < categories.size() && i < filter.category_enabled.size(); ++i) {
        const int k = model_.category_index(categories[i]);
        if (k >= 0) f.category_enabled[static_cast<size_t>(k)] = filter.category_enabled[i];
    }
    f.search_active = false;
    model_.set_filter(f);
    if (filter.search_active && search) model_.set_search_results(filter.search_text, search(filter.search_text));
    model_.set_window(window);
    model_.timeline_begin = tl_begin;
    model_.timeline_end = tl_end;
    model_.map_view = view;
    std::vector<uint32_t> rows;
    for (const auto& id : selected)
        if (auto r = model_.row_of(id)) rows.push_back(*r);
    model_.select_rows(rows);
    // The map stays where the user is working: no recentring on the reselection
    // (the map panel notes the selection without following it this frame).
    if (model_.follow_selection) {
        model_.follow_selection = false;
        restore_follow_ = true;
    }
    seen_version_ = history_->version();
    if (on_change) on_change();
}

void EventEditor::run(const std::function<void()>& command, const std::string& select_id_after) {
    if (!history_) return;
    error_ = edit_error(command);
    reload(select_id_after);
}

void EventEditor::new_event_at(LatLon where) {
    if (!history_) return;
    Event e;
    e.title = "New event";
    e.category = model_.categories().empty() ? std::string(category::protest) : model_.categories().front();
    // The day the time cursor is on: the time the user is looking at.
    const auto day = parse_time(format_instant(model_.window().cursor, TimePrecision::Day));
    if (day) e.time = *day;
    else e.time = *parse_time("2026");
    e.location.lat = where.lat;
    e.location.lon = where.lon;
    e.location.uncertainty_m = 100;
    e.location.precision = LocationPrecision::Street;
    e.location.geocoding_note = "placed on the map by hand";
    std::string id;
    run([&] { id = history_->create_event(e); });
    if (id.empty()) return;
    reload(id);
    if (auto stored = history_->project().find_event(id)) {
        open_on(*stored);
        focus_title_ = true;
    }
}

void EventEditor::new_event() {
    new_event_at(WebMercator::inverse(model_.map_view.center));
}

void EventEditor::edit_selected() {
    if (!history_) return;
    const auto row = model_.primary_selection();
    if (!row) {
        error_ = "select an event to edit (click it on the map, the timeline or the list)";
        return;
    }
    open_on(model_.event(*row));
}

void EventEditor::duplicate_selected() {
    if (!history_) return;
    const auto row = model_.primary_selection();
    if (!row) return;
    std::string id;
    const std::string original = model_.event(*row).id;
    run([&] { id = history_->duplicate_event(original); });
    if (id.empty()) return;
    reload(id);
    if (auto stored = history_->project().find_event(id)) open_on(*stored);
}

void EventEditor::request_delete_selected() {
    if (!history_) return;
    if (open_ && !stored_.id.empty()) delete_id_ = stored_.id;
    else if (auto row = model_.primary_selection()) delete_id_ = model_.event(*row).id;
}

void EventEditor::undo() {
    if (!history_ || !history_->can_undo()) return;
    run([&] { history_->undo(); });
    show_saved();
}

void EventEditor::redo() {
    if (!history_ || !history_->can_redo()) return;
    run([&] { history_->redo(); });
    show_saved();
}

// After undo or redo: the editor shows the event as saved now, or closes when
// the step took it away.
void EventEditor::show_saved() {
    if (!open_ || !history_) return;
    if (auto e = history_->project().find_event(stored_.id)) load_fields(*e);
    else open_ = false;
}

void EventEditor::place_from_gazetteer(const GazetteerPlace& p) {
    if (!open_ || !history_) return;
    lat_ = p.at.lat;
    lon_ = p.at.lon;
    uncertainty_ = std::round(p.radius_m);
    LocationPrecision precision = LocationPrecision::Street;
    switch (p.kind) {
        case PlaceKind::Street:
        case PlaceKind::Intersection:
        case PlaceKind::Station: precision = LocationPrecision::Street; break;
        case PlaceKind::Neighbourhood: precision = LocationPrecision::Neighbourhood; break;
        case PlaceKind::District: precision = LocationPrecision::District; break;
    }
    precision_ = static_cast<int>(precision);
    const std::string name = p.english.empty() ? p.name : p.english;
    place_name_ = name;
    place_id_.clear();  // no longer the project's place it named
    note_ = "Gazetteer: " + std::string(place_kind_name(p.kind)) + " " + name;
    picking_ = false;
    recheck();
    save();
}

// [SECTION] On the map -----------------------------------------------------------

LatLon EventEditor::screen_to_latlon(ImVec2 origin, ImVec2 p) const {
    const double ratio = model_.map_view.pixel_ratio;
    return WebMercator::inverse(model_.map_view.to_mercator((p.x - origin.x) * ratio, (p.y - origin.y) * ratio));
}

ImVec2 EventEditor::latlon_to_screen(ImVec2 origin, LatLon p) const {
    const double ratio = model_.map_view.pixel_ratio;
    const auto s = model_.map_view.to_screen(p);
    return ImVec2(origin.x + static_cast<float>(s.x / ratio), origin.y + static_cast<float>(s.y / ratio));
}

void EventEditor::install(Explorer& explorer) {
    if (installed_) return;
    installed_ = true;
    explorer.map_input = [this](ImVec2 origin, ImVec2 size) { map_input(origin, size); };
    explorer.map_overlay = [this](ImVec2 origin, ImVec2 size) { map_overlay(origin, size); };
}

float EventEditor::disc_radius_px() const {
    // Ground metres to screen pixels: Mercator stretches by 1/cos(latitude).
    const double merc_m = uncertainty_ / std::max(0.05, std::cos(lat_ * std::numbers::pi / 180.0));
    return static_cast<float>(merc_m / model_.map_view.metres_per_pixel() / model_.map_view.pixel_ratio);
}

ImVec2 EventEditor::radius_handle_at(ImVec2 marker) const {
    // On the disc's east edge; never under the marker when the disc is small.
    const float r = std::max(disc_radius_px(), ImGui::GetFontSize() * 1.6f);
    return ImVec2(marker.x + r, marker.y);
}

bool EventEditor::shape_input(ImVec2 origin, ImVec2 size) {
    const ImGuiIO& io = ImGui::GetIO();
    if (drawing_) {
        // The whole map takes clicks: a click adds a point, a drag pans, a
        // double-click or Enter finishes, Backspace takes the last point back.
        ImGui::SetCursorScreenPos(origin);
        ImGui::InvisibleButton("##draw_shape", size);
        if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
            const double mpp = model_.map_view.metres_per_pixel() * model_.map_view.pixel_ratio;
            model_.map_view.center.x -= io.MouseDelta.x * mpp;
            model_.map_view.center.y += io.MouseDelta.y * mpp;
        }
        if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
            finish_drawing();
        } else if (ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < 9.0f) {
            add_vertex(screen_to_latlon(origin, io.MousePos));
        }
        if (!io.WantTextInput) {
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false))
                finish_drawing();
            else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace), true) && !vertices_.empty()) {
                vertices_.pop_back();
                recheck();
            } else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
                cancel_drawing();
        }
        return true;
    }
    // Corners and route points drag one by one; one undo step per drag.
    const float hr = ImGui::GetFontSize() * 0.4f;
    for (size_t i = 0; i < vertices_.size(); ++i) {
        const ImVec2 at = latlon_to_screen(origin, vertices_[i]);
        if (at.x < origin.x || at.y < origin.y || at.x > origin.x + size.x || at.y > origin.y + size.y) continue;
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetCursorScreenPos(ImVec2(at.x - hr, at.y - hr));
        ImGui::InvisibleButton("##vertex", ImVec2(2 * hr, 2 * hr));
        if (ImGui::IsItemHovered() || dragging_vertex_ == static_cast<int>(i))
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) {
            dragging_vertex_ = static_cast<int>(i);
            vertices_[i] = screen_to_latlon(origin, io.MousePos);
            recheck();
        }
        if (ImGui::IsItemDeactivated() && dragging_vertex_ == static_cast<int>(i)) {
            dragging_vertex_ = -1;
            save();
        }
        ImGui::PopID();
    }
    return false;
}

void EventEditor::map_input(ImVec2 origin, ImVec2 size) {
    const ImGuiIO& io = ImGui::GetIO();
    if (open_ && history_ && shape_ != 0 && shape_input(origin, size)) return;
    if (open_ && history_ && !picking_ && shape_ == 0) {
        // The uncertainty handle: drag it to set the radius; one step on release.
        const ImVec2 at = latlon_to_screen(origin, {lat_, lon_});
        const ImVec2 h = radius_handle_at(at);
        const float hr = ImGui::GetFontSize() * 0.45f;
        if (dragging_radius_ || (h.x >= origin.x && h.y >= origin.y && h.x <= origin.x + size.x && h.y <= origin.y + size.y)) {
            ImGui::SetCursorScreenPos(ImVec2(h.x - hr, h.y - hr));
            ImGui::InvisibleButton("##radius_handle", ImVec2(2 * hr, 2 * hr));
            if (ImGui::IsItemHovered() || dragging_radius_) {
                ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
                ImGui::SetTooltip("uncertainty %.0f m: drag to change", uncertainty_);
            }
            if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) {
                dragging_radius_ = true;
                const float dx = io.MousePos.x - at.x, dy = io.MousePos.y - at.y;
                const double px = std::sqrt(static_cast<double>(dx * dx + dy * dy));
                const double metres = px * model_.map_view.metres_per_pixel() * model_.map_view.pixel_ratio *
                                      std::max(0.05, std::cos(lat_ * std::numbers::pi / 180.0));
                // Whole metres below 100 m, tens above: what a historian can defend.
                uncertainty_ = metres < 100 ? std::round(metres) : std::round(metres / 10) * 10;
                recheck();
            }
            if (ImGui::IsItemDeactivated() && dragging_radius_) {
                dragging_radius_ = false;
                save();  // one step for the whole drag
            }
        }
    }
    if (open_ && history_) {
        // Submitted before the map panel, so these take the mouse first.
        if (picking_) {
            ImGui::SetCursorScreenPos(origin);
            ImGui::InvisibleButton("##pick_place", size);
            if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
                const LatLon at = screen_to_latlon(origin, io.MousePos);
                lat_ = at.lat;
                lon_ = at.lon;
                picking_ = false;
                save();
            }
            if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) picking_ = false;
        } else {
            const float r = ImGui::GetFontSize() * 0.7f;
            const ImVec2 at = latlon_to_screen(origin, {lat_, lon_});
            if (at.x >= origin.x && at.y >= origin.y && at.x <= origin.x + size.x && at.y <= origin.y + size.y) {
                ImGui::SetCursorScreenPos(ImVec2(at.x - r, at.y - r));
                ImGui::InvisibleButton("##edit_marker", ImVec2(2 * r, 2 * r));
                if (ImGui::IsItemHovered() || dragging_) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
                if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) {
                    dragging_ = true;
                    const LatLon to = screen_to_latlon(origin, io.MousePos);
                    // An area or a route moves whole with its marker.
                    for (LatLon& v : vertices_) {
                        v.lat += to.lat - lat_;
                        v.lon += to.lon - lon_;
                    }
                    lat_ = to.lat;
                    lon_ = to.lon;
                    recheck();
                }
                if (ImGui::IsItemDeactivated() && dragging_) {
                    dragging_ = false;
                    save();  // one step for the whole drag
                }
            }
        }
    }
    // Right-click on the map: "New event here".
    if (history_ && ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
        ImGui::IsMouseReleased(ImGuiMouseButton_Right) &&
        io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Right] < 9.0f) {
        context_at_ = io.MousePos;
        ImGui::OpenPopup("##map_context");
    }
}

void EventEditor::shape_overlay(ImVec2 origin, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 accent = IM_COL32(214, 64, 38, 255);
    std::vector<ImVec2> pts;
    pts.reserve(vertices_.size() + 1);
    for (const LatLon& v : vertices_) pts.push_back(latlon_to_screen(origin, v));
    if (drawing_ && ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem))
        pts.push_back(ImGui::GetIO().MousePos);  // the next point follows the mouse
    const bool area = shape_ == 1;
    if (pts.size() >= 2) {
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(255, 255, 255, 230),
                        area && !drawing_ ? ImDrawFlags_Closed : ImDrawFlags_None, 5.0f);
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), accent,
                        area && !drawing_ ? ImDrawFlags_Closed : ImDrawFlags_None, 2.5f);
        if (area && drawing_ && pts.size() >= 3)  // where the outline will close
            dl->AddLine(pts.back(), pts.front(), IM_COL32(214, 64, 38, 120), 1.5f);
    }
    const float hs = ImGui::GetFontSize() * 0.28f;
    layout_.vertices.clear();
    for (size_t i = 0; i < vertices_.size(); ++i) {
        const ImVec2 p = pts[i];
        layout_.vertices.push_back(p);
        dl->AddRectFilled(ImVec2(p.x - hs - 1, p.y - hs - 1), ImVec2(p.x + hs + 1, p.y + hs + 1), accent);
        dl->AddRectFilled(ImVec2(p.x - hs + 1, p.y - hs + 1), ImVec2(p.x + hs - 1, p.y + hs - 1),
                          IM_COL32(255, 255, 255, 255));
    }
    if (drawing_) {
        const char* hint = area ? "Click the corners of the area; double-click or Enter to finish "
                                  "(Backspace: last corner back, Esc: cancel)"
                                : "Click the route's points from start to end; double-click or Enter to finish "
                                  "(Backspace: last point back, Esc: cancel)";
        const ImVec2 ts = ImGui::CalcTextSize(hint);
        const ImVec2 p(origin.x + std::max(6.0f, (size.x - ts.x) / 2), origin.y + 8);
        dl->AddRectFilled(ImVec2(p.x - 6, p.y - 3), ImVec2(p.x + ts.x + 6, p.y + ts.y + 3), IM_COL32(20, 20, 20, 200), 4);
        dl->AddText(p, IM_COL32(255, 255, 255, 255), hint);
    }
}

void EventEditor::map_overlay(ImVec2 origin, ImVec2 size) {
    if (restore_follow_) {
        model_.follow_selection = true;
        restore_follow_ = false;
    }
    if (open_) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
        const ImVec2 at = latlon_to_screen(origin, {lat_, lon_});
        layout_.marker = at;
        const float radius = shape_ == 0 ? disc_radius_px() : 0.0f;
        const ImU32 accent = IM_COL32(214, 64, 38, 255);
        if (shape_ != 0) shape_overlay(origin, size);
        if (radius > 2.0f) {
            dl->AddCircleFilled(at, radius, IM_COL32(214, 64, 38, 40), 64);
            dl->AddCircle(at, radius, accent, 64, 1.5f);
        }
        if (!picking_ && shape_ == 0) {
            // The radius handle: a line from the marker and a square on the edge, with the radius written.
            const ImVec2 h = radius_handle_at(at);
            layout_.radius_handle = h;
            const float hs = ImGui::GetFontSize() * 0.32f;
            dl->AddLine(at, h, IM_COL32(214, 64, 38, 160), 1.0f);
            dl->AddRectFilled(ImVec2(h.x - hs - 1, h.y - hs - 1), ImVec2(h.x + hs + 1, h.y + hs + 1), accent);
            dl->AddRectFilled(ImVec2(h.x - hs + 1, h.y - hs + 1), ImVec2(h.x + hs - 1, h.y + hs - 1),
                              IM_COL32(255, 255, 255, 255));
            char label[32];
            std::snprintf(label, sizeof label, "%.0f m", uncertainty_);
            const ImVec2 lp(h.x + hs + 4, h.y - ImGui::GetFontSize() * 0.5f);
            const ImVec2 ls = ImGui::CalcTextSize(label);
            dl->AddRectFilled(ImVec2(lp.x - 2, lp.y - 1), ImVec2(lp.x + ls.x + 2, lp.y + ls.y + 1), IM_COL32(255, 255, 255, 210), 3);
            dl->AddText(lp, accent, label);
        }
        const float r = ImGui::GetFontSize() * 0.45f;
        dl->AddCircleFilled(at, r + 2.0f, IM_COL32(255, 255, 255, 255), 24);
        dl->AddCircleFilled(at, r, accent, 24);
        if (picking_) {
            const char* hint = "Click the map to place the event (Esc: cancel)";
            const ImVec2 ts = ImGui::CalcTextSize(hint);
            const ImVec2 p(origin.x + (size.x - ts.x) / 2, origin.y + 8);
            dl->AddRectFilled(ImVec2(p.x - 6, p.y - 3), ImVec2(p.x + ts.x + 6, p.y + ts.y + 3), IM_COL32(20, 20, 20, 200), 4);
            dl->AddText(p, IM_COL32(255, 255, 255, 255), hint);
        }
        dl->PopClipRect();
    }
    if (ImGui::BeginPopup("##map_context")) {
        layout_.context_item = ImGui::GetCursorScreenPos();
        if (ImGui::MenuItem("New event here")) new_event_at(screen_to_latlon(origin, context_at_));
        ImGui::EndPopup();
    }
}

// [SECTION] The window ---------------------------------------------------------------

void EventEditor::draw() {
    const float fs = ImGui::GetFontSize();
    // Undo, redo or another view changed the project: show what is saved now.
    if (history_ && history_->version() != seen_version_) {
        seen_version_ = history_->version();
        show_saved();
    }

    if (!delete_id_.empty() && !ImGui::IsPopupOpen("Delete event?##confirm_delete"))
        ImGui::OpenPopup("Delete event?##confirm_delete");
    if (ImGui::BeginPopupModal("Delete event?##confirm_delete", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        const Event* e = model_.dataset().find_event(delete_id_);
        const std::string question = "Delete " + quoted_title(e ? e->title : delete_id_) + "?";
        ImGui::TextUnformatted(question.c_str());
        ImGui::TextDisabled("Its excerpts and sources stay in the project. Edit > Undo brings it back.");
        if (ImGui::Button("Delete##confirm_delete_ok")) {
            const std::string id = delete_id_;
            delete_id_.clear();
            ImGui::CloseCurrentPopup();
            run([&] { history_->delete_event(id); });
            if (stored_.id == id) open_ = false;
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel##confirm_delete_cancel") ||
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
            delete_id_.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }

    if (!open_ || !history_) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowSize(ImVec2(fs * 26, std::min(display.y - fs * 4, fs * 44)), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos(ImVec2(display.x - fs * 27, fs * 2.5f), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Edit event###event_editor", &open_)) {
        ImGui::End();
        return;
    }
    auto edited = [&](bool changed) {
        if (changed) recheck();
        if (ImGui::IsItemDeactivatedAfterEdit()) save();
    };
    auto label = [](const char* text) { ImGui::TextDisabled("%s", text); };

    ImGui::TextDisabled("id %s", stored_.id.c_str());
    label("Title");
    layout_.title_field = ImGui::GetCursorScreenPos();
    if (focus_title_) {
        ImGui::SetKeyboardFocusHere();
        focus_title_ = false;
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    edited(ImGui::InputText("##title", &title_));
    field_faults("title");

    label("Description");
    edited(ImGui::InputTextMultiline("##description", &description_, ImVec2(-FLT_MIN, fs * 4)));

    label("Category");
    ImGui::SetNextItemWidth(-fs * 2);
    edited(ImGui::InputText("##category", &category_));
    ImGui::SameLine();
    if (ImGui::BeginCombo("##category_pick", "", ImGuiComboFlags_NoPreview)) {
        for (const auto& c : model_.categories())
            if (ImGui::Selectable(c.c_str(), c == category_)) {
                category_ = c;
                save();
            }
        ImGui::EndCombo();
    }
    field_faults("category");

    label("Tags (separated by commas)");
    ImGui::SetNextItemWidth(-FLT_MIN);
    edited(ImGui::InputText("##tags", &tags_));
    field_faults("tags");
    label("Actors (separated by commas)");
    ImGui::SetNextItemWidth(-FLT_MIN);
    edited(ImGui::InputText("##actors", &actors_));
    field_faults("actors");

    ImGui::Separator();
    label("When (as a historian writes it)");
    layout_.time_field = ImGui::GetCursorScreenPos();
    ImGui::SetNextItemWidth(-FLT_MIN);
    edited(ImGui::InputTextWithHint("##when", "early February 2026", &when_));
    ImGui::PushTextWrapPos(0.0f);
    if (reading_.time) ImGui::TextDisabled("%s", reading_.text.c_str());
    else {
        ImGui::PushStyleColor(ImGuiCol_Text, kFaultColour);
        ImGui::TextUnformatted(reading_.text.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    field_faults("time");
    label("The source's wording of the time");
    ImGui::SetNextItemWidth(-FLT_MIN);
    edited(ImGui::InputTextWithHint("##wording", "It was built in 1908", &wording_));

    ImGui::Separator();
    label("Place");
    ImGui::SetNextItemWidth(-FLT_MIN);
    edited(ImGui::InputTextWithHint("##place_name", "name shown for the place", &place_name_));
    // What the event covers: a point, an area (drawn corner by corner) or a route.
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Covers");
    ImGui::SameLine();
    if (ImGui::RadioButton("a point##shape_point", shape_ == 0)) set_shape_kind(ShapeKind::Point);
    ImGui::SameLine();
    layout_.area_button = ImGui::GetCursorScreenPos();
    if (ImGui::RadioButton("an area##shape_area", shape_ == 1)) set_shape_kind(ShapeKind::Area);
    ImGui::SameLine();
    layout_.route_button = ImGui::GetCursorScreenPos();
    if (ImGui::RadioButton("a route##shape_route", shape_ == 2)) set_shape_kind(ShapeKind::Route);
    if (shape_ == 0) {
        ImGui::SetNextItemWidth(fs * 8);
        edited(ImGui::InputDouble("lat##lat", &lat_, 0, 0, "%.5f"));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(fs * 8);
        edited(ImGui::InputDouble("lon##lon", &lon_, 0, 0, "%.5f"));
        field_faults("lat");
        field_faults("lon");
        layout_.place_button = ImGui::GetCursorScreenPos();
        if (ImGui::Button(picking_ ? "Click the map... (Esc)##place" : "Place on the map##place")) picking_ = !picking_;
        if (find_place) {
            ImGui::SameLine();
            layout_.find_place_button = ImGui::GetCursorScreenPos();
            if (ImGui::Button("Find the place...##find_place")) find_place();
        }
        ImGui::SameLine();
        ImGui::TextDisabled("or drag the marker");
    } else {
        const bool area = shape_ == 1;
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%zu %s; the marker at %.5f, %.5f (%s)", vertices_.size(),
                            area ? (vertices_.size() == 1 ? "corner" : "corners")
                                 : (vertices_.size() == 1 ? "point" : "points"),
                            lat_, lon_, area ? "the area's centre" : "halfway along");
        ImGui::PopTextWrapPos();
        if (drawing_) {
            if (ImGui::Button("Finish##shape_finish")) finish_drawing();
            ImGui::SameLine();
            if (ImGui::Button("Remove last##shape_pop") && !vertices_.empty()) {
                vertices_.pop_back();
                recheck();
            }
            ImGui::SameLine();
            if (ImGui::Button("Cancel##shape_cancel")) cancel_drawing();
        } else {
            if (ImGui::Button("Draw again##shape_redraw")) {
                vertices_.clear();
                drawing_ = true;
                recheck();
            }
            ImGui::SameLine();
            if (ImGui::Button("Add points##shape_more")) drawing_ = true;
            ImGui::SameLine();
            ImGui::TextDisabled("or drag a corner or the marker");
        }
        field_faults("geometry");
        // A geometry from elsewhere (QGIS, geojson.io): paste its WKT.
        ImGui::SetNextItemWidth(-fs * 4);
        ImGui::InputTextWithHint("##wkt", area ? "or paste WKT: POLYGON ((lon lat, ...))"
                                               : "or paste WKT: LINESTRING (lon lat, ...)", &wkt_);
        ImGui::SameLine();
        if (ImGui::Button("Use##wkt_use") && !wkt_.empty()) {
            try {
                Shape parsed = parse_wkt(wkt_);
                if (parsed.kind == ShapeKind::Point) {
                    shape_ = 0;
                    lat_ = parsed.vertices[0].lat;
                    lon_ = parsed.vertices[0].lon;
                    vertices_.clear();
                } else {
                    shape_ = static_cast<int>(parsed.kind);
                    vertices_ = std::move(parsed.vertices);
                }
                drawing_ = false;
                wkt_.clear();
                wkt_error_.clear();
                save();
            } catch (const Error& x) {
                wkt_error_ = std::string("WKT ") + x.what();
            }
        }
        if (!wkt_error_.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, kFaultColour);
            ImGui::TextWrapped("%s", wkt_error_.c_str());
            ImGui::PopStyleColor();
        }
    }
    ImGui::SetNextItemWidth(fs * 8);
    edited(ImGui::InputDouble("uncertainty (m)##uncertainty", &uncertainty_, 10, 100, "%.0f"));
    field_faults("uncertainty_m");
    ImGui::SetNextItemWidth(fs * 8);
    static constexpr const char* kPrecisions[] = {"building", "street", "neighbourhood", "district", "city", "outside"};
    if (ImGui::Combo("location precision##precision", &precision_, kPrecisions, 6)) save();
    label("Geocoding note (what the position rests on)");
    edited(ImGui::InputTextMultiline("##geocoding_note", &note_, ImVec2(-FLT_MIN, fs * 2.6f)));

    ImGui::Separator();
    label("Excerpts it rests on");
    if (stored_.excerpt_ids.empty()) ImGui::TextDisabled("none yet: every event needs at least one source excerpt");
    for (const auto& id : stored_.excerpt_ids) {
        ImGui::PushID(id.c_str());
        const Excerpt* x = model_.dataset().find_excerpt(id);
        const std::string line = id + ": " + (x ? shorten_utf8(x->text, 60) : std::string("(not in the project)"));
        if (ImGui::SmallButton("Detach")) {
            const std::string event_id = stored_.id, excerpt_id = id;
            ImGui::PopID();
            run([&] { history_->detach_excerpt(event_id, excerpt_id); }, event_id);
            if (auto e = history_->project().find_event(event_id)) stored_.excerpt_ids = e->excerpt_ids;
            break;
        }
        ImGui::SameLine();
        ImGui::TextUnformatted(line.c_str());
        ImGui::PopID();
    }
    ImGui::SetNextItemWidth(fs * 12);
    ImGui::InputTextWithHint("##attach", "excerpt id", &excerpt_to_attach_);
    ImGui::SameLine();
    if (ImGui::Button("Attach##attach_button") && !excerpt_to_attach_.empty()) {
        const std::string event_id = stored_.id;
        run([&] { history_->attach_excerpt(event_id, excerpt_to_attach_); }, event_id);
        if (error_.empty()) excerpt_to_attach_.clear();
        if (auto e = history_->project().find_event(event_id)) stored_.excerpt_ids = e->excerpt_ids;
    }
    field_faults("excerpts");

    ImGui::Separator();
    if (ImGui::Button("Duplicate##dup")) {
        std::string id;
        const std::string original = stored_.id;
        run([&] { id = history_->duplicate_event(original); });
        if (!id.empty()) {
            reload(id);
            if (auto e = history_->project().find_event(id)) load_fields(*e);
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Delete...##del")) delete_id_ = stored_.id;
    ImGui::SameLine();
    if (faults_.empty()) ImGui::TextDisabled(from_fields() == stored_ ? "saved" : "saved when you leave the field");
    else {
        ImGui::PushStyleColor(ImGuiCol_Text, kFaultColour);
        ImGui::Text("not saved: %zu fault(s)", faults_.size());
        ImGui::PopStyleColor();
    }
    if (!error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kFaultColour);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(error_.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    ImGui::End();
}

}  // namespace atlas::ui
