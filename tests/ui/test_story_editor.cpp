// The story editor: every command saves the story it changed (here into a real
// project file, reloaded and compared), slides reorder by dragging a row with
// synthetic mouse input, words typed into a slide stay with that slide when
// another row is clicked, and a story goes out to JSON and comes back in.
#include <gtest/gtest.h>

#include <imgui.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "model/app_model.hpp"
#include "model/commands.hpp"
#include "platform/window.hpp"
#include "render/labels.hpp"
#include "store/project.hpp"
#include "model/presenter_clock.hpp"
#include "ui/story_editor.hpp"
#include "ui/theme.hpp"

namespace atlas {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir() {
    std::random_device rd;
    fs::path p = fs::temp_directory_path() / ("atlas-story-editor-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(p);
    return p;
}

Dataset sample() {
    Dataset d;
    d.sources.push_back(Source{"s1", "Trotsky's hotel", "WSWS", "", "12 March 2026", "", "en", ""});
    d.excerpts.push_back(Excerpt{"x1", "s1", "Built in 1908.", -1, -1, ""});
    d.excerpts.push_back(Excerpt{"x2", "s1", "Demolished in February 2026.", -1, -1, ""});
    auto ev = [](const char* id, const char* title, TimePoint b, std::vector<std::string> xs) {
        Event e;
        e.id = id;
        e.title = title;
        e.category = std::string(category::demolition);
        e.time.begin = b;
        e.time.end = b + 86400;
        e.location.lat = 43.2626;
        e.location.lon = 76.956;
        e.excerpt_ids = std::move(xs);
        return e;
    };
    d.events.push_back(ev("built", "Hotel built", make_time(1908, 6), {"x1"}));
    d.events.push_back(ev("razed", "Hotel razed", make_time(2026, 2, 3), {"x2", "x1"}));
    return d;
}

class StoryEditing : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = temp_dir();
        project_.emplace(Project::open(dir_ / "p.atlas", OpenMode::CreateIfMissing));
        project_->merge(sample());
        model_.set_dataset(project_->load());
        ui::StoryStore store;
        store.save = [this](const Story& s) { project_->put_story(s); };
        store.remove = [this](const std::string& id) { project_->delete_story(id); };
        editor_.set_store(store);
        editor_.set_visible_layers([] { return std::vector<std::string>{"roads"}; });
        editor_.sync(model_);
    }
    void TearDown() override {
        project_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    // The project file holds exactly what the editor shows.
    void expect_saved() {
        const Dataset d = project_->load();
        ASSERT_EQ(d.stories.size(), editor_.stories().size());
        for (const Story& s : editor_.stories()) {
            const auto it = std::find_if(d.stories.begin(), d.stories.end(), [&](const Story& x) { return x.id == s.id; });
            ASSERT_NE(it, d.stories.end()) << s.id;
            EXPECT_EQ(*it, s);
        }
    }
    std::vector<std::string> titles() const {
        std::vector<std::string> t;
        for (const Slide& s : editor_.stories()[editor_.current_story()].slides) t.push_back(s.title);
        return t;
    }
    void add(const char* title, const char* event) {
        model_.clear_selection();
        model_.select(*model_.row_of(event));
        editor_.add_slide_from_view(model_);
        editor_.set_slide_text(title, std::string("caption ") + title, std::string("notes ") + title);
    }

    fs::path dir_;
    std::optional<Project> project_;
    AppModel model_;
    ui::StoryEditor editor_;
};

TEST_F(StoryEditing, EveryCommandIsSavedAtOnce) {
    EXPECT_TRUE(editor_.stories().empty());
    editor_.new_story("Zhetysu House");
    expect_saved();
    EXPECT_EQ(editor_.stories()[0].id, "zhetysu-house");
    add("A", "built");
    expect_saved();
    const Slide& a = editor_.stories()[0].slides[0];
    EXPECT_EQ(a.highlighted_event_ids, std::vector<std::string>{"built"});
    EXPECT_EQ(a.visible_layers, std::vector<std::string>{"roads"});
    EXPECT_EQ(a.excerpt_id, "x1");
    EXPECT_EQ(a.time_cursor, model_.window().cursor);
    add("B", "razed");
    add("C", "razed");
    EXPECT_EQ(titles(), (std::vector<std::string>{"A", "B", "C"}));
    expect_saved();
    EXPECT_TRUE(editor_.move_slide(2, 0));
    EXPECT_EQ(titles(), (std::vector<std::string>{"C", "A", "B"}));
    expect_saved();
    EXPECT_TRUE(editor_.duplicate_slide(1));
    EXPECT_EQ(titles(), (std::vector<std::string>{"C", "A", "A", "B"}));
    EXPECT_EQ(editor_.current_slide(), 2u);
    expect_saved();
    EXPECT_TRUE(editor_.delete_slide(0));
    EXPECT_EQ(titles(), (std::vector<std::string>{"A", "A", "B"}));
    expect_saved();
    editor_.select(0, 2);
    EXPECT_EQ(editor_.stories()[0].slides[2].excerpt_id, "x2");  // the razed event's first excerpt
    EXPECT_TRUE(editor_.set_slide_excerpt("x1"));
    EXPECT_FALSE(editor_.set_slide_excerpt("x1"));  // no change, nothing to save
    EXPECT_EQ(editor_.stories()[0].slides[2].excerpt_id, "x1");
    expect_saved();
    EXPECT_TRUE(editor_.rename_story("Zhetysu House, 1908-2026"));
    EXPECT_EQ(editor_.stories()[0].id, "zhetysu-house");  // the id stays
    expect_saved();
    // A second story, then the first deleted: the project keeps only the second.
    editor_.new_story("Zhetysu House");
    EXPECT_EQ(editor_.stories()[1].id, "zhetysu-house-2");
    editor_.select(0);
    EXPECT_TRUE(editor_.delete_story());
    expect_saved();
    ASSERT_EQ(project_->load().stories.size(), 1u);
    EXPECT_EQ(project_->load().stories[0].id, "zhetysu-house-2");
    // Bad indices change nothing.
    EXPECT_FALSE(editor_.move_slide(0, 5));
    EXPECT_FALSE(editor_.delete_slide(9));
    EXPECT_FALSE(editor_.duplicate_slide(9));
}

TEST_F(StoryEditing, StoryEditsAreUndoneFromTheEditMenusHistory) {
    // As the window wires it: the editor saves through the project's history,
    // and undo reloads the dataset, which the editor takes up.
    EditHistory history(*project_);
    ui::StoryStore store;
    store.save = [&](const Story& s) { history.save_story(s); };
    store.remove = [&](const std::string& id) { history.delete_story(id); };
    editor_.set_store(store);
    const auto undo = [&] {
        const std::string name = history.undo();
        model_.set_dataset(project_->load());
        editor_.sync(model_);
        return name;
    };
    editor_.new_story("Zhetysu House");
    add("A", "built");  // two steps: the slide, then its words
    add("B", "razed");
    EXPECT_TRUE(editor_.move_slide(1, 0));
    EXPECT_EQ(history.undo_name(), "Reorder the slides of 'Zhetysu House'");
    EXPECT_EQ(undo(), "Reorder the slides of 'Zhetysu House'");
    EXPECT_EQ(titles(), (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(undo(), "Edit slide 2 of 'Zhetysu House'");
    EXPECT_EQ(undo(), "Add a slide to 'Zhetysu House'");
    EXPECT_EQ(titles(), (std::vector<std::string>{"A"}));
    expect_saved();
    history.redo();
    model_.set_dataset(project_->load());
    editor_.sync(model_);
    EXPECT_EQ(editor_.stories()[0].slides.size(), 2u);
    EXPECT_TRUE(editor_.delete_story());
    EXPECT_EQ(undo(), "Delete story 'Zhetysu House'");
    ASSERT_EQ(editor_.stories().size(), 1u);
    EXPECT_EQ(editor_.stories()[0].title, "Zhetysu House");
    expect_saved();
}

TEST_F(StoryEditing, EmptyTitleBecomesUntitled) {
    editor_.new_story("S");
    add("A", "built");
    editor_.set_slide_text("", "c", "n");
    EXPECT_EQ(editor_.stories()[0].slides[0].title, "Untitled slide");
}

TEST_F(StoryEditing, ExportThenImportGivesTheSameSlidesUnderANewId) {
    editor_.new_story("Round trip");
    add("A", "built");
    add("B", "razed");
    const std::string file = (dir_ / "story.json").string();
    ASSERT_TRUE(editor_.export_story(file)) << editor_.status();
    ASSERT_TRUE(fs::exists(file));
    ASSERT_TRUE(editor_.import_stories(file, model_)) << editor_.status();
    ASSERT_EQ(editor_.stories().size(), 2u);
    EXPECT_EQ(editor_.stories()[1].id, "round-trip-2");
    EXPECT_EQ(editor_.stories()[1].slides, editor_.stories()[0].slides);
    EXPECT_EQ(editor_.current_story(), 1u);
    expect_saved();
}

// A typed file name lands in the story folder (the project's), not wherever
// the program was started; the message names the full path, and the folder
// can be opened.
TEST_F(StoryEditing, ATypedNameIsWrittenInTheStoryFolder) {
    fs::create_directories(dir_ / "project");
    editor_.story_folder = [this] { return dir_ / "project"; };
    editor_.new_story("Relative");
    add("A", "built");
    ASSERT_TRUE(editor_.export_story("talk.json")) << editor_.status();
    const fs::path written = dir_ / "project" / "talk.json";
    EXPECT_TRUE(fs::exists(written));
    EXPECT_NE(editor_.status().find(written.string()), std::string::npos) << editor_.status();
    EXPECT_EQ(editor_.written_folder(), (dir_ / "project").lexically_normal());
    ASSERT_TRUE(editor_.import_stories("talk.json", model_)) << editor_.status();
    EXPECT_EQ(editor_.stories().size(), 2u);
    EXPECT_TRUE(editor_.written_folder().empty()) << "an import writes nothing to open";
    EXPECT_EQ(editor_.resolve((dir_ / "abs.json").string()), dir_ / "abs.json") << "absolute paths stay";
}

TEST_F(StoryEditing, BadImportsAreMessagesNotCrashes) {
    editor_.new_story("S");
    const size_t before = editor_.stories().size();
    EXPECT_FALSE(editor_.import_stories((dir_ / "missing.json").string(), model_));
    EXPECT_TRUE(editor_.status_is_error());
    {
        std::ofstream out(dir_ / "broken.json");
        out << "{\"stories\": [ {\"id\": \"x\", \"title\": \"T\", \"slides\": [ {\"title\": 3} ] } ] }";
    }
    EXPECT_FALSE(editor_.import_stories((dir_ / "broken.json").string(), model_));
    EXPECT_NE(editor_.status().find("title"), std::string::npos) << editor_.status();
    EXPECT_EQ(editor_.stories().size(), before);
    EXPECT_FALSE(editor_.export_story((dir_ / "no-such-dir" / "x.json").string()));
    EXPECT_TRUE(editor_.status_is_error());
}

TEST_F(StoryEditing, SaveFailureIsShownAndKeepsTheEdit) {
    ui::StoryStore failing;
    failing.save = [](const Story&) { throw Error("p.atlas", 0, "disk full"); };
    editor_.set_store(failing);
    editor_.new_story("S");
    EXPECT_TRUE(editor_.status_is_error());
    EXPECT_NE(editor_.status().find("disk full"), std::string::npos);
    EXPECT_EQ(editor_.stories().size(), 1u);
}

// [SECTION] Driven through ImGui with synthetic input

class StoryEditorUi : public StoryEditing {
protected:
    void SetUp() override {
        StoryEditing::SetUp();
        if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no display (run under xvfb-run)";
        platform::WindowOptions wo;
        wo.visible = false;
        wo.persist_layout = false;
        wo.width = 900;
        wo.height = 900;
        try {
            window_ = std::make_unique<platform::Window>(wo);
        } catch (const Error& e) {
            GTEST_SKIP() << e.what();
        }
        ui::apply_theme(Theme::Light, 1.0f);
        window_->set_input_hook([this] {
            ImGuiIO& io = ImGui::GetIO();
            io.MousePos = mouse_;
            io.MouseDown[0] = down_;
            for (unsigned c : chars_) io.AddInputCharacter(c);
            chars_.clear();
        });
        editor_.new_story("Drag");
        add("A", "built");
        add("B", "razed");
        add("C", "razed");
        frames(3);
    }
    void TearDown() override {
        window_.reset();
        StoryEditing::TearDown();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i)
            window_->step([this] {
                ImGui::SetNextWindowPos(ImVec2(0, 0));
                ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
                ImGui::Begin("Stories", nullptr, ImGuiWindowFlags_NoDecoration);
                editor_.draw(model_);
                ImGui::End();
                return true;
            });
    }
    void click(ImVec2 p) {
        mouse_ = p;
        frames(1);
        down_ = true;
        frames(1);
        down_ = false;
        frames(2);
    }
    void drag(ImVec2 from, ImVec2 to) {
        mouse_ = from;
        frames(1);
        down_ = true;
        frames(1);
        for (int i = 1; i <= 6; ++i) {
            mouse_ = ImVec2(from.x + (to.x - from.x) * static_cast<float>(i) / 6, from.y + (to.y - from.y) * static_cast<float>(i) / 6);
            frames(1);
        }
        down_ = false;
        frames(2);
    }
    std::unique_ptr<platform::Window> window_;
    ImVec2 mouse_{-100, -100};
    bool down_ = false;
    std::vector<unsigned> chars_;
};

TEST_F(StoryEditorUi, DraggingARowReordersAndSaves) {
    ASSERT_EQ(titles(), (std::vector<std::string>{"A", "B", "C"}));
    const ImVec2 c = editor_.slide_row_centre(2), a = editor_.slide_row_centre(0);
    ASSERT_GT(c.y, a.y);
    drag(c, a);  // C onto A's row
    EXPECT_EQ(titles(), (std::vector<std::string>{"C", "A", "B"}));
    EXPECT_EQ(editor_.current_slide(), 0u);
    expect_saved();
}

TEST_F(StoryEditorUi, TypedWordsStayWithTheirSlide) {
    click(editor_.slide_row_centre(0));
    EXPECT_EQ(editor_.current_slide(), 0u);
    click(editor_.title_field_centre());
    for (char ch : std::string(" revised")) chars_.push_back(static_cast<unsigned char>(ch));
    frames(2);
    click(editor_.slide_row_centre(1));  // ends the edit and selects another slide
    frames(2);
    EXPECT_EQ(editor_.current_slide(), 1u);
    EXPECT_EQ(editor_.stories()[0].slides[0].title, "A revised");
    EXPECT_EQ(editor_.stories()[0].slides[1].title, "B");
    expect_saved();
}

TEST_F(StoryEditorUi, NotesOfARehearsedSlideAreSavedAndThePlannedTimeIsReadAsMinutes) {
    // A slide with a rehearsal time shows it under the notes; typing notes must still save.
    Story rehearsed = editor_.stories()[0];
    rehearsed.slides[0].rehearsed_ms = 102'000;
    ASSERT_TRUE(editor_.record_rehearsal(rehearsed));
    click(editor_.slide_row_centre(0));
    click(editor_.notes_field_centre());
    for (char ch : std::string(" and more")) chars_.push_back(static_cast<unsigned char>(ch));
    frames(2);
    click(editor_.slide_row_centre(1));
    frames(2);
    EXPECT_EQ(editor_.stories()[0].slides[0].notes, "notes A and more");
    expect_saved();

    click(editor_.slide_row_centre(0));
    auto type_planned = [&](const std::string& text) {
        click(editor_.planned_field_centre());
        chars_.assign(text.begin(), text.end());
        frames(2);
        click(editor_.notes_field_centre());  // the edit ends in another field
        frames(2);
    };
    type_planned("1:30");
    EXPECT_EQ(editor_.stories()[0].slides[0].planned_ms, 90'000);
    EXPECT_FALSE(editor_.planned_time_refused());
    expect_saved();
    type_planned("x");  // "1:30x": refused, the planned time stays
    EXPECT_TRUE(editor_.planned_time_refused());
    EXPECT_EQ(editor_.stories()[0].slides[0].planned_ms, 90'000);
    EXPECT_EQ(rehearsal_text(editor_.stories()[0].slides[0]), "planned 1:30, last 1:42");
}

}  // namespace
}  // namespace atlas
