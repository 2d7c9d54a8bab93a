// The source viewer driven like a user would, with synthetic ImGui input over
// real frames (hidden window under Xvfb): the source's text in numbered
// paragraphs, drag over a passage, "Quote as excerpt", attach it to the
// selected event, then undo both: every table of the file is as before.
#include <gtest/gtest.h>

#include <imgui.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "model/app_model.hpp"
#include "model/commands.hpp"
#include "platform/window.hpp"
#include "render/snapshot.hpp"
#include "store/project.hpp"
#include "store/store_fixtures.hpp"
#include "ui/event_editor.hpp"
#include "ui/source_viewer.hpp"
#include "ui/theme.hpp"

namespace atlas {
namespace {

const std::string kText =
    "Жители Шанырака вышли на улицы утром 14 июля.\n\n"
    "Police came at dawn. The residents resisted with stones and burning tyres, and the bulldozers stopped "
    "at the edge of the settlement while officials argued with the crowd.\n\n"
    "By evening the akimat had promised to review the clearance order.";

class SourceViewerGui : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no display (run under xvfb-run)";
        platform::WindowOptions wo;
        wo.visible = false;
        wo.persist_layout = false;
        wo.width = 1400;
        wo.height = 900;
        try {
            window_ = std::make_unique<platform::Window>(wo);
        } catch (const Error& e) {
            GTEST_SKIP() << e.what();
        }
        ui::apply_theme(Theme::Light, 1.0f);
        project_ = std::make_unique<Project>(Project::open(dir_ / "p.atlas", OpenMode::CreateIfMissing));
        project_->merge(test::sample_dataset());
        history_ = std::make_unique<EditHistory>(*project_);
        history_->set_full_text("src-rferl", kText);
        model_.set_dataset(project_->load());
        editor_ = std::make_unique<ui::EventEditor>(model_);
        editor_->set_history(history_.get());
        viewer_ = std::make_unique<ui::SourceViewer>(model_);
        viewer_->set_history(history_.get());
        viewer_->on_change = [this] { editor_->reload_project(); };
        window_->set_input_hook([this] {
            ImGuiIO& io = ImGui::GetIO();
            io.MousePos = mouse_;
            io.MouseDown[0] = down_;
        });
        frames(3);
    }
    void TearDown() override {
        viewer_.reset();
        editor_.reset();
        window_.reset();
    }

    void frames(int n) {
        for (int i = 0; i < n; ++i)
            window_->step([this] {
                viewer_->draw();
                editor_->draw();
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
        for (int i = 1; i <= 5; ++i) {
            mouse_ = ImVec2(from.x + (to.x - from.x) * static_cast<float>(i) / 5,
                            from.y + (to.y - from.y) * static_cast<float>(i) / 5);
            frames(1);
        }
        down_ = false;
        frames(2);
    }
    void screenshot(const std::string& name) {
        const char* dir = std::getenv("ATLAS_TEST_PNG_DIR");
        if (!dir) return;
        window_->capture_next_frame();
        frames(1);
        Image img;
        img.rgba = window_->take_capture(img.width, img.height);
        if (!img.rgba.empty()) write_png(img, std::filesystem::path(dir) / name);
    }
    const Excerpt* excerpt_with_text(const std::string& text) const {
        for (const Excerpt& x : model_.dataset().excerpts)
            if (x.text == text) return &x;
        return nullptr;
    }

    test::TempDir dir_;
    std::unique_ptr<Project> project_;
    std::unique_ptr<EditHistory> history_;
    std::unique_ptr<platform::Window> window_;
    AppModel model_;
    std::unique_ptr<ui::EventEditor> editor_;
    std::unique_ptr<ui::SourceViewer> viewer_;
    ImVec2 mouse_{-1, -1};
    bool down_ = false;
};

TEST_F(SourceViewerGui, SelectQuoteAttachAndUndo) {
    viewer_->show("src-rferl");
    const auto row = model_.row_of("ev-mosque-wall");
    ASSERT_TRUE(row);
    model_.select(*row);
    frames(3);
    ASSERT_EQ(viewer_->source_id(), "src-rferl");
    const std::vector<std::string> before = test::table_dump(*project_);
    const size_t steps = history_->undo_count();

    // Drag from the first letter of the passage to just past its full stop.
    const std::string passage = "The residents resisted with stones and burning tyres";
    const size_t b = kText.find(passage), e = b + passage.size();
    const auto from = viewer_->screen_pos_of(b), to = viewer_->screen_pos_of(e);
    ASSERT_TRUE(from && to) << "the passage was not laid out";
    drag(ImVec2(from->x + 1, from->y), ImVec2(to->x + 1, to->y));
    ASSERT_EQ(viewer_->selection_begin(), b);
    ASSERT_EQ(viewer_->selection_end(), e);

    // Quote as excerpt: one step, the exact span (in characters) and paragraph.
    const ImVec2 quote = viewer_->layout().quote_button;
    click(ImVec2(quote.x + 8, quote.y + 6));
    EXPECT_EQ(viewer_->error(), "");
    ASSERT_EQ(history_->undo_count(), steps + 1);
    const Excerpt* x = excerpt_with_text(passage);
    ASSERT_NE(x, nullptr) << "no excerpt quoted";
    const std::string id = x->id;
    EXPECT_EQ(x->source_id, "src-rferl");
    EXPECT_EQ(x->span_begin, 47 + 21);  // the Cyrillic first paragraph counts 45 characters, then "\n\n"
    EXPECT_EQ(x->span_end, x->span_begin + static_cast<int64_t>(passage.size()));
    EXPECT_EQ(x->locator, "paragraph 2");
    ASSERT_TRUE(project_->find_excerpt(id).has_value()) << "not saved to the file";

    // Attach it to the selected event.
    frames(2);
    const ImVec2 attach = viewer_->layout().attach_button;
    ASSERT_GT(attach.x, 0) << "no attach button for the new excerpt";
    screenshot("source-viewer.png");
    click(ImVec2(attach.x + 8, attach.y + 5));
    EXPECT_EQ(viewer_->error(), "");
    ASSERT_EQ(history_->undo_count(), steps + 2);
    const auto linked = project_->find_event("ev-mosque-wall")->excerpt_ids;
    ASSERT_FALSE(linked.empty());
    EXPECT_EQ(linked.back(), id);
    EXPECT_EQ(model_.dataset().find_event("ev-mosque-wall")->excerpt_ids.back(), id) << "the window shows the old event";

    // Undo both (as Ctrl+Z does): the file is exactly as before, and the window shows it.
    editor_->undo();
    EXPECT_NE(project_->find_event("ev-mosque-wall")->excerpt_ids.back(), id);
    editor_->undo();
    frames(2);
    EXPECT_EQ(test::table_dump(*project_), before);
    EXPECT_EQ(excerpt_with_text(passage), nullptr);
    EXPECT_FALSE(project_->find_excerpt(id).has_value());
}

TEST_F(SourceViewerGui, AClickOnAQuotationFocusesItsExcerpt) {
    // x1's quotation is not in this text: it is listed as no longer matching.
    viewer_->show("src-rferl");
    frames(2);
    const std::string passage = "By evening the akimat";
    const size_t b = kText.find(passage);
    const std::string id = history_->quote_excerpt("src-rferl", b, b + passage.size());
    editor_->reload_project();
    frames(2);
    const auto at = viewer_->screen_pos_of(b + 3);
    ASSERT_TRUE(at);
    click(ImVec2(at->x, at->y));
    EXPECT_EQ(viewer_->selection_begin(), viewer_->selection_end());
    EXPECT_EQ(viewer_->focused_excerpt(), id);
    // A click outside any quotation focuses none of them anew.
    const auto plain = viewer_->screen_pos_of(kText.find("Police") + 2);
    ASSERT_TRUE(plain);
    click(ImVec2(plain->x, plain->y));
    EXPECT_EQ(viewer_->focused_excerpt(), id);
    EXPECT_EQ(span_state(*model_.dataset().find_source("src-rferl"), *project_->find_excerpt("x1")), SpanState::Drifted);
}

}  // namespace
}  // namespace atlas

namespace atlas {
namespace {

TEST_F(SourceViewerGui, DeletingASourceAsksFirstThenTakesItsExcerptsInOneStep) {
    viewer_->show("src-rferl");
    frames(3);
    const ImVec2 b = viewer_->layout().delete_source_button;
    ASSERT_GT(b.x, 0.0f) << "no Delete source button";
    click(ImVec2(b.x + 20, b.y + 8));
    ASSERT_TRUE(viewer_->confirming_delete());
    frames(2);
    screenshot("source_delete_confirm.png");
    EXPECT_TRUE(project_->find_source("src-rferl").has_value()) << "deleted before the confirmation";
    const ImVec2 ok = viewer_->layout().confirm_delete_button;
    ASSERT_GT(ok.x, 0.0f);
    const size_t steps = history_->undo_count();
    click(ImVec2(ok.x + 15, ok.y + 8));
    EXPECT_FALSE(viewer_->confirming_delete());
    EXPECT_FALSE(project_->find_source("src-rferl").has_value());
    EXPECT_FALSE(project_->find_excerpt("x1").has_value());
    EXPECT_EQ(project_->find_event("ev-shanyrak-clash")->excerpt_ids, (std::vector<std::string>{"x2"}));
    EXPECT_EQ(history_->undo_count(), steps + 1);
    EXPECT_EQ(history_->undo_name(), "Delete the source 'Shanyrak: a \"shanty town\" stands firm'");
    frames(2);  // the window moves on to a source that is still there
    EXPECT_EQ(viewer_->source_id(), "src-vlast");
    history_->undo();
    EXPECT_TRUE(project_->find_excerpt("x1").has_value());
}

TEST_F(SourceViewerGui, CancellingADeleteKeepsEverything) {
    viewer_->show("src-vlast");
    frames(3);
    viewer_->request_delete_excerpt("x2");
    frames(2);
    ASSERT_TRUE(viewer_->confirming_delete());
    const ImVec2 ok = viewer_->layout().confirm_delete_button;
    const size_t steps = history_->undo_count();
    click(ImVec2(ok.x + 90, ok.y + 8));  // Cancel, beside Delete
    EXPECT_FALSE(viewer_->confirming_delete());
    EXPECT_TRUE(project_->find_excerpt("x2").has_value());
    EXPECT_EQ(history_->undo_count(), steps);
}

// Pasting a source's text, then clicking the reference form's "Save changes":
// the form was loaded before the text came in, and must not write the old,
// empty text back over it.
TEST_F(SourceViewerGui, PastedTextSurvivesTheReferenceFormsSaveButton) {
    viewer_->show("src-vlast");
    frames(3);
    ASSERT_TRUE(project_->find_source("src-vlast")->full_text.empty());
    const std::string pasted = "Жители Шанырака вышли на улицы.\n\nВторой абзац статьи.";
    window_->step([&] {
        ImGui::SetClipboardText(pasted.c_str());
        return true;
    });
    const ImVec2 edit = viewer_->layout().edit_text_button;
    ASSERT_GT(edit.x, 0.0f) << "no Paste text button";
    click(ImVec2(edit.x + 20, edit.y + 8));
    frames(2);
    const ImVec2 save_text = viewer_->layout().save_text_button;
    ASSERT_GT(save_text.x, 0.0f) << "the text's editor did not open";
    click(ImVec2(save_text.x + 20, save_text.y + 8));
    const std::string saved = project_->find_source("src-vlast")->full_text;
    ASSERT_FALSE(saved.empty()) << "the pasted text was not saved";
    const size_t steps = history_->undo_count();

    const ImVec2 save = viewer_->layout().save_source_button;
    ASSERT_GT(save.x, 0.0f);
    click(ImVec2(save.x + 20, save.y + 8));  // nothing in the form changed: the button does nothing
    frames(2);
    EXPECT_EQ(project_->find_source("src-vlast")->full_text, saved);
    EXPECT_EQ(history_->undo_count(), steps);
}

}  // namespace
}  // namespace atlas
