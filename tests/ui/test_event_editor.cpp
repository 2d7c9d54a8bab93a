// The event editor driven like a user would, with synthetic ImGui input over
// real frames (hidden window under Xvfb): right-click the map, "New event
// here", type a title and a time, drag the marker; each change lands in the
// project file as a saved row, invalid text is refused with its reason, and
// undo takes the steps back.
#include <gtest/gtest.h>

#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/geo.hpp"
#include "model/app_model.hpp"
#include "model/commands.hpp"
#include "platform/window.hpp"
#include "render/snapshot.hpp"
#include "store/project.hpp"
#include "store/store_fixtures.hpp"
#include "ui/event_editor.hpp"
#include "ui/explorer.hpp"

namespace atlas {
namespace {

class EventEditorGui : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no display (run under xvfb-run)";
        platform::WindowOptions wo;
        wo.visible = false;
        wo.persist_layout = false;
        wo.width = 1600;
        wo.height = 960;
        try {
            window_ = std::make_unique<platform::Window>(wo);
        } catch (const Error& e) {
            GTEST_SKIP() << e.what();
        }
        ui::apply_theme(Theme::Light, 1.0f);
        project_ = std::make_unique<Project>(Project::open(dir_ / "p.atlas", OpenMode::CreateIfMissing));
        project_->merge(test::sample_dataset());
        history_ = std::make_unique<EditHistory>(*project_);
        model_.set_dataset(project_->load());
        explorer_ = std::make_unique<ui::Explorer>(model_);
        editor_ = std::make_unique<ui::EventEditor>(model_);
        editor_->install(*explorer_);
        editor_->set_history(history_.get());
        window_->set_input_hook([this] {
            ImGuiIO& io = ImGui::GetIO();
            io.MousePos = mouse_;
            io.MouseDown[0] = down_[0];
            io.MouseDown[1] = down_[1];
            for (int k : keys_down_) io.KeysDown[k] = true;
            for (int k : keys_up_) io.KeysDown[k] = false;
            keys_down_.clear();
            keys_up_.clear();
            for (unsigned c : chars_) io.AddInputCharacter(c);
            chars_.clear();
        });
        // Street level over the Shanyrak clash, so that clicks land on empty map.
        model_.map_view.zoom = 15;
        model_.map_view.center = WebMercator::forward({43.30, 76.90});
        frames(3);
    }
    void TearDown() override {
        editor_.reset();
        explorer_.reset();
        window_.reset();
    }

    void frames(int n) {
        for (int i = 0; i < n; ++i)
            window_->step([this] {
                explorer_->draw(ImVec2(0, 0), ImGui::GetIO().DisplaySize, window_->key_presses());
                editor_->draw();
                return true;
            });
    }
    void move(ImVec2 p) {
        mouse_ = p;
        frames(1);
    }
    void click(ImVec2 p, int button = 0) {
        move(p);
        down_[button] = true;
        frames(1);
        down_[button] = false;
        frames(2);
    }
    void drag(ImVec2 from, ImVec2 to) {
        move(from);
        down_[0] = true;
        frames(1);
        for (int i = 1; i <= 6; ++i) {
            mouse_ = ImVec2(from.x + (to.x - from.x) * static_cast<float>(i) / 6,
                            from.y + (to.y - from.y) * static_cast<float>(i) / 6);
            frames(1);
        }
        down_[0] = false;
        frames(2);
    }
    void key(ImGuiKey k) {
        const int idx = ImGui::GetIO().KeyMap[k];
        keys_down_.push_back(idx);
        frames(1);
        keys_up_.push_back(idx);
        frames(1);
    }
    void type(std::string_view s) {
        for (char c : s) chars_.push_back(static_cast<unsigned char>(c));
        frames(2);
    }
    // With ATLAS_TEST_PNG_DIR set: the window as drawn, to look at.
    void screenshot(const std::string& name) {
        const char* dir = std::getenv("ATLAS_TEST_PNG_DIR");
        if (!dir) return;
        window_->capture_next_frame();
        frames(1);
        Image img;
        img.rgba = window_->take_capture(img.width, img.height);
        if (!img.rgba.empty()) write_png(img, std::filesystem::path(dir) / name);
    }
    // Selects the event, opens the editor on it and returns it as saved.
    Event edit(const std::string& id) {
        model_.select(*model_.row_of(id));
        editor_->edit_selected();
        frames(2);
        return *project_->find_event(id);
    }
    LatLon latlon_at(ImVec2 p) const {
        const ImVec2 o = explorer_->map().screen_origin();
        const double r = model_.map_view.pixel_ratio;
        return WebMercator::inverse(model_.map_view.to_mercator((p.x - o.x) * r, (p.y - o.y) * r));
    }
    ImVec2 map_point(float fx, float fy) const {
        const ImVec2 o = explorer_->map().screen_origin(), s = explorer_->map().size();
        return ImVec2(o.x + s.x * fx, o.y + s.y * fy);
    }

    test::TempDir dir_;
    std::unique_ptr<Project> project_;
    std::unique_ptr<EditHistory> history_;
    std::unique_ptr<platform::Window> window_;
    AppModel model_;
    std::unique_ptr<ui::Explorer> explorer_;
    std::unique_ptr<ui::EventEditor> editor_;
    ImVec2 mouse_{-1, -1};
    bool down_[2] = {false, false};
    std::vector<int> keys_down_, keys_up_;
    std::vector<unsigned> chars_;
};

TEST_F(EventEditorGui, FromARightClickToASavedRow) {
    const size_t before = project_->load().events.size();
    // Right-click empty map: the context menu offers "New event here".
    const ImVec2 at = map_point(0.4f, 0.45f);
    const LatLon expected = latlon_at(at);
    click(at, 1);
    const ImVec2 item = editor_->layout().context_item;
    ASSERT_GT(item.x, 0.0f) << "no context menu";
    click(ImVec2(item.x + 30, item.y + 6));

    // A new event, saved at once where the click was, open in the editor.
    ASSERT_TRUE(editor_->is_open());
    const std::string id = editor_->event_id();
    ASSERT_FALSE(id.empty());
    auto row = project_->find_event(id);
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(project_->load().events.size(), before + 1);
    EXPECT_NEAR(row->location.lat, expected.lat, 5e-5);
    EXPECT_NEAR(row->location.lon, expected.lon, 5e-5);
    EXPECT_EQ(row->title, "New event");
    EXPECT_EQ(history_->undo_name(), "New event 'New event'");
    ASSERT_TRUE(model_.row_of(id).has_value());
    EXPECT_EQ(model_.selection().size(), 1u);

    // The title field has the keyboard: type a title, leave the field (Enter
    // does not end a single-line field in ImGui; Tab does): one saved step.
    for (int i = 0; i < 9; ++i) key(ImGuiKey_Backspace);
    type("Hostel residents evicted");
    key(ImGuiKey_Tab);
    row = project_->find_event(id);
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->title, "Hostel residents evicted");
    EXPECT_EQ(history_->undo_name(), "Rename 'New event'");

    // The time as a historian writes it, read live; saved when the field is left.
    const ImVec2 tf = editor_->layout().time_field;
    click(ImVec2(tf.x + 60, tf.y + 8));
    key(ImGuiKey_End);
    for (int i = 0; i < 40; ++i) key(ImGuiKey_Backspace);
    type("early Febr");
    EXPECT_FALSE(editor_->faults().empty());  // not a date yet: shown, not saved
    type("uary 2026");
    EXPECT_TRUE(editor_->faults().empty());
    key(ImGuiKey_Tab);
    row = project_->find_event(id);
    EXPECT_EQ(row->time, *parse_time("early February 2026"));
    EXPECT_EQ(history_->undo_name(), "Change the time of 'Hostel residents evicted'");

    // Drag the marker: one "Move" step, the row follows the pointer.
    const ImVec2 m = editor_->layout().marker;
    const ImVec2 to(m.x + 80, m.y - 50);
    const LatLon dropped = latlon_at(to);
    drag(m, to);
    row = project_->find_event(id);
    EXPECT_NEAR(row->location.lat, dropped.lat, 5e-5);
    EXPECT_NEAR(row->location.lon, dropped.lon, 5e-5);
    EXPECT_EQ(history_->undo_name(), "Move 'Hostel residents evicted'");

    // Undo walks back; the editor shows what is saved.
    editor_->undo();
    frames(2);
    EXPECT_NEAR(project_->find_event(id)->location.lat, expected.lat, 5e-5);
    editor_->undo();
    editor_->undo();
    editor_->undo();
    frames(2);
    EXPECT_FALSE(project_->find_event(id).has_value());
    EXPECT_FALSE(editor_->is_open());
    EXPECT_EQ(project_->load().events.size(), before);
}

TEST_F(EventEditorGui, InvalidTextIsShownAndNotSaved) {
    model_.select(*model_.row_of("ev-akimat-decision"));
    editor_->edit_selected();
    frames(2);
    ASSERT_TRUE(editor_->is_open());
    const ImVec2 tf = editor_->layout().title_field;
    click(ImVec2(tf.x + 60, tf.y + 8));
    for (int i = 0; i < 40; ++i) key(ImGuiKey_Delete);
    for (int i = 0; i < 40; ++i) key(ImGuiKey_Backspace);
    key(ImGuiKey_Tab);
    ASSERT_FALSE(editor_->faults().empty());
    EXPECT_EQ(editor_->faults().items.front().field, "title");
    EXPECT_EQ(project_->find_event("ev-akimat-decision")->title, "Akimat orders clearance");
    EXPECT_FALSE(history_->can_undo());
}

TEST_F(EventEditorGui, PlaceOnTheMapThenClick) {
    model_.select(*model_.row_of("ev-mosque-wall"));
    editor_->edit_selected();
    frames(2);
    const ImVec2 b = editor_->layout().place_button;
    click(ImVec2(b.x + 20, b.y + 8));
    ASSERT_TRUE(editor_->picking_place());
    const ImVec2 at = map_point(0.3f, 0.6f);
    const LatLon expected = latlon_at(at);
    click(at);
    EXPECT_FALSE(editor_->picking_place());
    const auto e = project_->find_event("ev-mosque-wall");
    EXPECT_NEAR(e->location.lat, expected.lat, 5e-5);
    EXPECT_NEAR(e->location.lon, expected.lon, 5e-5);
    EXPECT_EQ(history_->undo_name(), "Move 'Шаңырақ: стена мечети снесена'");
}

TEST_F(EventEditorGui, DrawAnAreaCornerByCornerThenUndoItInOneStep) {
    const Event before = edit("ev-mosque-wall");
    const ImVec2 b = editor_->layout().area_button;
    ASSERT_GT(b.x, 0.0f);
    click(ImVec2(b.x + 6, b.y + 8));
    ASSERT_TRUE(editor_->drawing_shape());
    EXPECT_EQ(editor_->shape(), ShapeKind::Area);
    // Four corners of a block, clicked on the map; nothing is saved while drawing.
    const ImVec2 corners[] = {map_point(0.30f, 0.30f), map_point(0.50f, 0.30f), map_point(0.50f, 0.55f),
                              map_point(0.30f, 0.55f)};
    std::vector<LatLon> expected;
    for (ImVec2 c : corners) {
        expected.push_back(latlon_at(c));
        click(c);
    }
    EXPECT_EQ(editor_->vertices().size(), 4u);
    EXPECT_EQ(project_->find_event("ev-mosque-wall")->location.shape, ShapeKind::Point);
    screenshot("editor_drawing_area.png");
    key(ImGuiKey_Enter);
    EXPECT_FALSE(editor_->drawing_shape());
    const auto e = project_->find_event("ev-mosque-wall");
    ASSERT_EQ(e->location.shape, ShapeKind::Area);
    ASSERT_EQ(e->location.vertices.size(), 4u);
    // Clicked clockwise on the screen; stored counter-clockwise from the same first corner.
    const size_t order[] = {0, 3, 2, 1};
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_NEAR(e->location.vertices[i].lat, expected[order[i]].lat, 5e-5);
        EXPECT_NEAR(e->location.vertices[i].lon, expected[order[i]].lon, 5e-5);
    }
    // The marker sits at the block's centre.
    EXPECT_NEAR(e->location.lat, (expected[0].lat + expected[2].lat) / 2, 1e-4);
    EXPECT_NEAR(e->location.lon, (expected[0].lon + expected[1].lon) / 2, 1e-4);
    frames(2);
    // The editor's marker went with it.
    const ImVec2 centre = map_point(0.40f, 0.425f);
    EXPECT_NEAR(editor_->layout().marker.x, centre.x, 2.0f);
    EXPECT_NEAR(editor_->layout().marker.y, centre.y, 2.0f);
    screenshot("editor_area_saved.png");

    // A corner drags on its own: one more step.
    const ImVec2 from = editor_->layout().vertices.at(2);
    drag(from, ImVec2(from.x + 40, from.y + 30));
    const auto moved = project_->find_event("ev-mosque-wall");
    EXPECT_NE(moved->location.vertices[2], e->location.vertices[2]);
    EXPECT_EQ(moved->location.vertices[0], e->location.vertices[0]);

    // Undo twice: the event is the point it was, exactly.
    history_->undo();
    history_->undo();
    EXPECT_EQ(*project_->find_event("ev-mosque-wall"), before);
}

TEST_F(EventEditorGui, EscapeWhileDrawingKeepsWhatIsSaved) {
    const Event before = edit("ev-mosque-wall");
    const ImVec2 b = editor_->layout().route_button;
    click(ImVec2(b.x + 6, b.y + 8));
    ASSERT_TRUE(editor_->drawing_shape());
    click(map_point(0.3f, 0.3f));
    click(map_point(0.6f, 0.6f));
    key(ImGuiKey_Escape);
    EXPECT_FALSE(editor_->drawing_shape());
    EXPECT_EQ(editor_->shape(), ShapeKind::Point);
    EXPECT_EQ(*project_->find_event("ev-mosque-wall"), before);
}

TEST_F(EventEditorGui, ARouteOfOnePointIsRefusedWithItsReason) {
    const Event before = edit("ev-mosque-wall");
    editor_->set_shape_kind(ShapeKind::Route);
    editor_->add_vertex({43.30, 76.90});
    editor_->finish_drawing();
    frames(2);
    EXPECT_EQ(*project_->find_event("ev-mosque-wall"), before) << "an invalid route was saved";
    editor_->add_vertex({43.31, 76.91});
    editor_->finish_drawing();
    frames(2);
    const auto e = project_->find_event("ev-mosque-wall");
    ASSERT_EQ(e->location.shape, ShapeKind::Route);
    EXPECT_EQ(e->location.vertices.size(), 2u);
    EXPECT_NEAR(e->location.lat, 43.305, 1e-6);  // halfway along
}

TEST_F(EventEditorGui, DragTheRadiusHandleSetsTheUncertaintyInOneStep) {
    model_.select(*model_.row_of("ev-mosque-wall"));
    editor_->edit_selected();
    frames(3);
    const double before = project_->find_event("ev-mosque-wall")->location.uncertainty_m;
    const size_t steps = history_->undo_count();
    const ImVec2 m = editor_->layout().marker, h = editor_->layout().radius_handle;
    ASSERT_GT(h.x, m.x) << "no radius handle";
    const ImVec2 to(h.x + 70, h.y + 20);
    // The radius the pointer shows: the ground distance from the marker to it.
    const double expected = haversine_m(latlon_at(m), latlon_at(to));
    drag(h, to);
    const auto e = project_->find_event("ev-mosque-wall");
    EXPECT_EQ(history_->undo_count(), steps + 1) << "the drag was not one step";
    EXPECT_EQ(history_->undo_name(), "Change the uncertainty of 'Шаңырақ: стена мечети снесена'");
    EXPECT_NEAR(e->location.uncertainty_m, expected, std::max(6.0, expected * 0.01));
    EXPECT_NE(e->location.uncertainty_m, before);
    screenshot("event-editor-radius.png");
    // The marker did not move.
    EXPECT_NEAR(latlon_at(editor_->layout().marker).lat, e->location.lat, 5e-5);
    editor_->undo();
    frames(2);
    EXPECT_EQ(project_->find_event("ev-mosque-wall")->location.uncertainty_m, before);
}

TEST_F(EventEditorGui, APlaceFromTheGazetteerFillsTheLocationInOneStep) {
    const Event before = edit("ev-mosque-wall");
    GazetteerPlace p;
    p.kind = PlaceKind::Intersection;
    p.name = "Гоголя & Достык";
    p.english = "Gogol & Dostyk";
    p.at = {43.26395, 76.95712};
    p.radius_m = 80.4;
    editor_->place_from_gazetteer(p);
    frames(2);
    const Event e = *project_->find_event("ev-mosque-wall");
    EXPECT_EQ(e.location.lat, 43.26395);
    EXPECT_EQ(e.location.lon, 76.95712);
    EXPECT_EQ(e.location.uncertainty_m, 80);
    EXPECT_EQ(e.location.precision, LocationPrecision::Street);
    EXPECT_EQ(e.location.place_name, "Gogol & Dostyk");
    EXPECT_EQ(e.location.place_id, "");
    EXPECT_EQ(e.location.geocoding_note, "Gazetteer: intersection Gogol & Dostyk");
    EXPECT_EQ(history_->undo_name(), "Move 'Шаңырақ: стена мечети снесена'");
    p.kind = PlaceKind::Neighbourhood;
    p.english = "Shanyrak-1";
    p.radius_m = 900;
    editor_->place_from_gazetteer(p);
    EXPECT_EQ(project_->find_event("ev-mosque-wall")->location.precision, LocationPrecision::Neighbourhood);
    editor_->undo();
    editor_->undo();
    frames(2);
    EXPECT_TRUE(*project_->find_event("ev-mosque-wall") == before);
}

TEST_F(EventEditorGui, DeleteAsksFirstNamingTheEvent) {
    model_.select(*model_.row_of("ev-akimat-decision"));
    editor_->request_delete_selected();
    frames(2);
    EXPECT_TRUE(project_->find_event("ev-akimat-decision").has_value());  // not yet
    key(ImGuiKey_Escape);  // cancel
    EXPECT_TRUE(project_->find_event("ev-akimat-decision").has_value());
    EXPECT_FALSE(history_->can_undo());
}

}  // namespace
}  // namespace atlas
