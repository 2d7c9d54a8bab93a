// The file dialogs without a person: a fake zenity on PATH answers as the
// real one does (a path on stdout and status 0; status 1 on Cancel), and its
// answer reaches the request's callback while nothing blocks; a dialog
// program that cannot show falls back to the window's own browser; the
// browser drawn in a window (screenshot for a look).
#include <gtest/gtest.h>

#include <imgui.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

#include "core/process.hpp"
#include "model/file_request.hpp"
#include "platform/window.hpp"
#include "render/snapshot.hpp"
#include "store/project.hpp"
#include "ui/file_dialogs.hpp"

namespace atlas {
namespace {
namespace fs = std::filesystem;

class FakeDialog : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("atlas_dialogs_" + std::to_string(::getpid()) + "_" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "bin");
    }
    void TearDown() override { fs::remove_all(dir_); }

    // A zenity that records its arguments and answers with `answer` and `status`.
    void fake(const std::string& name, const std::string& answer, int status) {
        const fs::path p = dir_ / "bin" / name;
        std::ofstream out(p);
        out << "#!/bin/sh\n"
            << "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" << (dir_ / "args").string() << "'\n";
        if (!answer.empty()) out << "printf '%s\\n' '" << answer << "'\n";
        out << "exit " << status << "\n";
        out.close();
        fs::permissions(p, fs::perms::owner_all);
    }

    DialogEnvironment env() const {
        DialogEnvironment e;
        const fs::path bin = dir_ / "bin";
        e.find = [bin](const std::string& p) {
            const fs::path c = bin / p;
            return fs::exists(c) ? c.string() : std::string();
        };
        e.getenv = [](const std::string& k) { return k == "DISPLAY" ? std::string(":99") : std::string(); };
        return e;
    }

    // Polls as the window's frames do, until the dialog is done (bounded).
    static void settle(ui::FileDialogs& d) {
        for (int i = 0; i < 2000 && d.busy() && !d.browser(); ++i) {
            d.poll();
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

    std::string args() const {
        std::ifstream in(dir_ / "args");
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    fs::path dir_;
};

TEST_F(FakeDialog, ZenitysAnswerReachesTheCallbackAndWakesTheWindow) {
    fake("zenity", (dir_ / "chosen project").string(), 0);
    ui::FileDialogs d(env());
    ASSERT_EQ(d.backend(), DialogBackend::Zenity);
    std::atomic<int> wakes{0};
    d.set_waker([&] { ++wakes; });
    std::optional<fs::path> got;
    FileRequest r;
    r.title = "Save project as";
    r.action = FileAction::Save;
    r.filters = {file_types::projects()};
    r.folder = dir_;
    ASSERT_TRUE(d.request(r, [&](const fs::path& p) { got = p; }));
    EXPECT_TRUE(d.busy());
    EXPECT_FALSE(d.request(r, [](const fs::path&) {}));  // one dialog at a time
    settle(d);
    EXPECT_FALSE(d.busy());
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, dir_ / "chosen project.atlas");  // the filter's extension added
    EXPECT_GE(wakes.load(), 1);
    const std::string a = args();
    EXPECT_NE(a.find("--file-selection\n"), std::string::npos) << a;
    EXPECT_NE(a.find("--save\n"), std::string::npos) << a;
    EXPECT_NE(a.find("--title=Save project as\n"), std::string::npos) << a;
}

TEST_F(FakeDialog, CancelCallsNothing) {
    fake("zenity", "", 1);
    ui::FileDialogs d(env());
    bool called = false;
    ASSERT_TRUE(d.request(FileRequest{}, [&](const fs::path&) { called = true; }));
    settle(d);
    EXPECT_FALSE(d.busy());
    EXPECT_FALSE(called);
    EXPECT_TRUE(d.error().empty());
}

TEST_F(FakeDialog, KdialogIsUsedWhenItIsTheOneThere) {
    fake("kdialog", (dir_ / "layer.shp").string(), 0);
    ui::FileDialogs d(env());
    ASSERT_EQ(d.backend(), DialogBackend::Kdialog);
    std::optional<fs::path> got;
    FileRequest r;
    r.filters = {file_types::map_layers()};
    ASSERT_TRUE(d.request(r, [&](const fs::path& p) { got = p; }));
    settle(d);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, dir_ / "layer.shp");
    EXPECT_NE(args().find("--getopenfilename\n"), std::string::npos);
}

TEST_F(FakeDialog, ADialogThatCannotShowFallsBackToTheWindowsBrowser) {
    fake("zenity", "", 255);  // zenity without a display exits with an error status
    ui::FileDialogs d(env());
    std::optional<fs::path> got;
    FileRequest r;
    r.folder = dir_;
    ASSERT_TRUE(d.request(r, [&](const fs::path& p) { got = p; }));
    settle(d);
    ASSERT_NE(d.browser(), nullptr);
    EXPECT_EQ(d.backend(), DialogBackend::InWindow);
    EXPECT_NE(d.error().find("zenity failed"), std::string::npos) << d.error();
    EXPECT_EQ(d.browser()->folder(), dir_);
    d.choose_in_browser(dir_ / "x.csv");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, dir_ / "x.csv");
    // Later requests go straight to the browser.
    ASSERT_TRUE(d.request(r, [](const fs::path&) {}));
    EXPECT_NE(d.browser(), nullptr);
}

TEST_F(FakeDialog, NoDialogProgramMeansTheWindowsBrowser) {
    ui::FileDialogs d(env());
    EXPECT_EQ(d.backend(), DialogBackend::InWindow);
    ASSERT_TRUE(d.request(FileRequest{}, [](const fs::path&) {}));
    EXPECT_NE(d.browser(), nullptr);
    d.cancel();
    EXPECT_FALSE(d.busy());
}

TEST(ChildProcesses, RunWithoutAShellAndReportTheirStatus) {
    EXPECT_FALSE(find_executable("sh").empty());
    EXPECT_TRUE(find_executable("no-such-program-atlas").empty());
    // A file name with shell syntax in it reaches the program as one argument.
    ChildProcess p({"printf", "%s|", "a b; echo no", "$(x)"});
    p.wait();
    ASSERT_TRUE(p.finished());
    EXPECT_EQ(p.exit_code(), 0);
    EXPECT_EQ(p.output(), "a b; echo no|$(x)|");
    ChildProcess f({"sh", "-c", "exit 3"});
    f.wait();
    EXPECT_EQ(f.exit_code(), 3);
    EXPECT_THROW(ChildProcess({"no-such-program-atlas"}), Error);
}

// The window's own browser, drawn: listing, places, filter and buttons.
TEST_F(FakeDialog, TheWindowsBrowserDrawsAndAnswersEnter) {
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) GTEST_SKIP() << "no display";
    std::unique_ptr<platform::Window> w;
    try {
        platform::WindowOptions wo;
        wo.width = 1024;
        wo.height = 640;
        wo.persist_layout = false;
        w = std::make_unique<platform::Window>(wo);
    } catch (const Error& e) {
        GTEST_SKIP() << e.what();
    }
    fs::create_directories(dir_ / "talks");
    fs::create_directories(dir_ / "Almaty 2006");
    for (const char* n : {"almaty.atlas", "copy of almaty.atlas", "events.csv", "notes.txt"}) {
        std::ofstream out(dir_ / n);
        out << n;
    }
    ui::FileDialogs d(env());  // no program in bin: the window's browser
    std::optional<fs::path> got;
    FileRequest r;
    r.title = "Open project";
    r.filters = {file_types::projects()};
    r.folder = dir_;
    ASSERT_TRUE(d.request(r, [&](const fs::path& p) { got = p; }));
    ASSERT_NE(d.browser(), nullptr);
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(w->step([&] { d.draw(); return true; }));
    w->capture_next_frame();
    ASSERT_TRUE(w->step([&] { d.draw(); return true; }));
    Image shot;
    shot.rgba = w->take_capture(shot.width, shot.height);
    if (const char* out = std::getenv("ATLAS_SCREENSHOT_DIR")) write_png(shot, fs::path(out) / "file_browser.png");
    ASSERT_GT(shot.width, 0);
    // Folders first, then the projects; the txt and csv are filtered out.
    // (bin holds the test's dialog programs: none here.)
    ASSERT_EQ(d.browser()->entries().size(), 5u);
    EXPECT_EQ(d.browser()->entries()[0].name, "Almaty 2006");
    EXPECT_EQ(d.browser()->entries()[1].name, "bin");
    EXPECT_EQ(d.browser()->entries()[3].name, "almaty.atlas");
    d.browser()->select(3);
    d.browser()->name = "almaty.atlas";
    // Enter in the name field is the Open button: accept_typed.
    const auto chosen = d.browser()->accept_typed();
    ASSERT_TRUE(chosen.has_value());
    d.choose_in_browser(*chosen);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, dir_ / "almaty.atlas");
    EXPECT_FALSE(d.busy());
    ASSERT_TRUE(w->step([&] { d.draw(); return true; }));  // the popup goes away cleanly
}

// Saving over a file that exists asks first, naming it; "Keep it" leaves the
// browser open and nothing chosen, "Replace" answers with the path.
TEST_F(FakeDialog, SavingOverAFileAsksFirst) {
    {
        std::ofstream out(dir_ / "atlas.png");
        out << "an older export";
    }
    ui::FileDialogs d(env());
    std::optional<fs::path> got;
    FileRequest r;
    r.action = FileAction::Save;
    r.folder = dir_;
    r.file_name = "atlas.png";
    ASSERT_TRUE(d.request(r, [&](const fs::path& p) { got = p; }));
    ASSERT_NE(d.browser(), nullptr);
    // A new name is taken at once.
    d.choose_in_browser(dir_ / "new.png");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, dir_ / "new.png");
    got.reset();
    ASSERT_TRUE(d.request(r, [&](const fs::path& p) { got = p; }));
    d.choose_in_browser(dir_ / "atlas.png");
    EXPECT_FALSE(got.has_value()) << "replaced without asking";
    ASSERT_TRUE(d.replace_asked().has_value());
    EXPECT_EQ(*d.replace_asked(), dir_ / "atlas.png");
    d.answer_replace(false);
    EXPECT_FALSE(got.has_value());
    EXPECT_TRUE(d.busy()) << "keeping the file closes the browser";
    d.choose_in_browser(dir_ / "atlas.png");
    d.answer_replace(true);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, dir_ / "atlas.png");
    EXPECT_FALSE(d.busy());
    // Opening an existing file asks nothing.
    got.reset();
    r.action = FileAction::Open;
    ASSERT_TRUE(d.request(r, [&](const fs::path& p) { got = p; }));
    d.choose_in_browser(dir_ / "atlas.png");
    EXPECT_TRUE(got.has_value());
}

}  // namespace
}  // namespace atlas
