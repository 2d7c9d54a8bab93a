#pragma once
// Documenting in the window: the event editor and the editing tools around it.
// The editor shows one event's fields (title, description, category, tags,
// actors, the time as the historian writes it, the place, its uncertainty and
// precision, the geocoding note, the excerpts it rests on), checks them as they
// are typed with the import rules, and saves a valid change at once as one
// undoable step (model/commands.hpp). Invalid text stays in its field with the
// reason under it; nothing invalid is saved.
//
// On the map (through two small hooks the explorer calls around the map panel):
// the edited event's marker and uncertainty disc, drag the marker to move it,
// "Place on map" then click to set the place, right-click "New event here".
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "core/error.hpp"
#include "core/event.hpp"
#include "core/geo.hpp"
#include "model/app_model.hpp"
#include "geo/gazetteer.hpp"
#include "model/commands.hpp"

namespace atlas::ui {

class Explorer;

// What the time field is read as, or why it cannot be read.
struct TimeReading {
    std::optional<TimeInterval> time;
    std::string text;  // "1 February 2026 to 10 February 2026 (early February 2026; precision month)"
};
TimeReading read_time_field(std::string_view text);

class EventEditor {
public:
    explicit EventEditor(AppModel& model) : model_(model) {}

    // The open project's history; nullptr when nothing can be edited (no
    // project, or one opened read-only). Closes the editor.
    void set_history(EditHistory* history);
    [[nodiscard]] EditHistory* history() const noexcept { return history_; }
    // Installs the map hooks on the explorer (once).
    void install(Explorer& explorer);
    // Re-runs the search after a reload (the filters panel's search function).
    std::function<std::vector<std::string>(std::string_view)> search;
    // Called after every change the editor made (or undid) to the project.
    std::function<void()> on_change;
    // "Find the place...": opens the place finder to pick the event's place
    // (the app answers with place_from_gazetteer). Unset: no button.
    std::function<void()> find_place;

    // [SECTION] Commands for the menu, the shortcuts and the buttons
    [[nodiscard]] bool can_edit() const noexcept { return history_ != nullptr; }
    void new_event_at(LatLon where);
    void new_event();  // at the centre of the map
    void edit_selected();
    void duplicate_selected();
    void request_delete_selected();  // asks first, naming the event
    void undo();
    void redo();
    // Sets the edited event's place from a gazetteer candidate, as one step:
    // position, uncertainty (the place's radius), precision (from its kind),
    // the place's name and the geocoding note ("Gazetteer: intersection Gogol & Dostyk").
    void place_from_gazetteer(const GazetteerPlace& p);
    // Reloads the project into the model (after a change made elsewhere, e.g.
    // the source viewer), keeping the view and the selection.
    void reload_project() { reload({}); }

    // Draws the editor window and the delete confirmation (after the explorer).
    void draw();

    [[nodiscard]] bool is_open() const noexcept { return open_; }
    [[nodiscard]] const std::string& event_id() const noexcept { return stored_.id; }
    // The faults of what is in the fields now (empty: it is saved).
    [[nodiscard]] const Diagnostics& faults() const noexcept { return faults_; }
    [[nodiscard]] const std::string& error() const noexcept { return error_; }
    [[nodiscard]] bool picking_place() const noexcept { return picking_; }
    // Drawing an area's corners or a route's points by clicking the map.
    [[nodiscard]] bool drawing_shape() const noexcept { return drawing_; }
    // What the edited event covers, as the fields hold it now (not yet saved while drawing).
    [[nodiscard]] ShapeKind shape() const noexcept { return static_cast<ShapeKind>(shape_); }
    [[nodiscard]] const std::vector<LatLon>& vertices() const noexcept { return vertices_; }
    // The Place section's shape controls, as the buttons do: start drawing an
    // area or a route (a point: drop the outline), add a clicked vertex, finish
    // (saves, one undo step), cancel (back to what is saved).
    void set_shape_kind(ShapeKind kind);
    void add_vertex(LatLon v);
    void finish_drawing();
    void cancel_drawing();
    // Where each part went in the last frame (tests aim with these).
    struct Layout {
        ImVec2 title_field{}, time_field{}, place_button{}, context_item{};
        ImVec2 marker{};  // the edited event's marker on the map (screen)
        ImVec2 radius_handle{};  // the handle on the uncertainty disc's edge (screen)
        ImVec2 find_place_button{};
        ImVec2 area_button{}, route_button{};  // the "covers" choice
        std::vector<ImVec2> vertices;          // the area's corners or the route's points (screen)
    };
    [[nodiscard]] const Layout& layout() const noexcept { return layout_; }

private:
    void open_on(const Event& e);
    void load_fields(const Event& e);
    [[nodiscard]] Event from_fields() const;
    void recheck();
    void save();
    void reload(const std::string& select_id);
    void show_saved();
    void run(const std::function<void()>& command, const std::string& select_id_after = {});
    void map_input(ImVec2 origin, ImVec2 size);
    void map_overlay(ImVec2 origin, ImVec2 size);
    bool shape_input(ImVec2 origin, ImVec2 size);  // true: drawing, the map takes no other input
    void shape_overlay(ImVec2 origin, ImVec2 size);
    void field_faults(std::string_view field);
    [[nodiscard]] LatLon screen_to_latlon(ImVec2 origin, ImVec2 p) const;
    [[nodiscard]] ImVec2 latlon_to_screen(ImVec2 origin, LatLon p) const;
    // The uncertainty disc's radius on screen, and where its handle sits.
    [[nodiscard]] float disc_radius_px() const;
    [[nodiscard]] ImVec2 radius_handle_at(ImVec2 marker) const;

    AppModel& model_;
    EditHistory* history_ = nullptr;
    bool installed_ = false;
    bool open_ = false;
    Event stored_;  // the event as saved
    uint64_t seen_version_ = 0;

    // Fields, as typed.
    std::string title_, description_, category_, tags_, actors_, when_, wording_, place_name_, place_id_, note_;
    std::string excerpt_to_attach_;
    double lat_ = 0, lon_ = 0, uncertainty_ = 0;
    int precision_ = 0;
    int shape_ = 0;                 // ShapeKind
    std::vector<LatLon> vertices_;  // the area's corners or the route's points
    std::string wkt_, wkt_error_;   // a pasted geometry and why it cannot be read
    bool drawing_ = false;
    int dragging_vertex_ = -1;
    std::string when_loaded_;  // the time field's text when loaded: unchanged keeps the stored interval
    TimeReading reading_;
    Diagnostics faults_;
    std::string error_;
    bool focus_title_ = false;

    bool picking_ = false;
    bool dragging_ = false;
    bool dragging_radius_ = false;
    bool restore_follow_ = false;  // follow_selection was turned off for one map frame
    ImVec2 context_at_{};
    std::string delete_id_;
    Layout layout_;
};

}  // namespace atlas::ui
