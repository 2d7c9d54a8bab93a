// `almaty-atlas present`: the story is checked before a window opens (a wrong
// name is a usage error listing the stories, a project without stories a data
// error), and under a display it presents the chosen slide full screen and
// writes the audience's picture. On an X server with two monitors (when one
// can be had), the slide and the presenter's console each take a monitor.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stb/stb_image.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/paths.hpp"
#include "core/time.hpp"
#include "store/project.hpp"
#include "cli/cli_runner.hpp"
#include "store/store_fixtures.hpp"

#ifdef ATLAS_TEST_HAVE_X11
// Last: Xlib defines macros (None, Status, Bool) that would rewrite the headers above.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#endif

using namespace atlas;
using atlas::test::read_file;
using atlas::test::TempDir;

namespace {

using atlas::test::shell_quote;

class CliPresent : public ::testing::Test {
protected:
    void SetUp() override {
        const char* bin = std::getenv("ATLAS_TEST_BINARY");
        if (!bin || !*bin) GTEST_SKIP() << "ATLAS_TEST_BINARY is not set (run through ctest)";
        binary_ = bin;
    }
    // The program's settings and data stay in the test's folder.
    std::string xdg_env() const {
        return "XDG_CONFIG_HOME=" + shell_quote((dir_ / "config").string()) +
               " XDG_DATA_HOME=" + shell_quote((dir_ / "data").string());
    }
    int run(const std::vector<std::string>& args) {
        const atlas::test::CliResult r = atlas::test::run_cli({args, dir_.path(), xdg_env(), {}});
        err_ = r.err;
        return r.code;
    }
    std::string project(bool with_story, const std::string& notes = {}) {
        const std::string p =
            (dir_ / (with_story ? (notes.empty() ? "story.atlas" : "notes.atlas") : "plain.atlas")).string();
        Project pr = Project::open(p, OpenMode::CreateIfMissing);
        Dataset d = test::sample_dataset();
        d.stories.clear();
        pr.merge(d);
        if (with_story) {
            Story s;
            s.id = "shanyrak-2006";
            s.title = "Shanyrak, 2006";
            for (int i = 0; i < 3; ++i) {
                Slide sl;
                sl.title = "Slide " + std::to_string(i + 1);
                sl.camera = {43.3329, 76.8605, 13.0 + i};
                sl.time_cursor = make_time(2006, 7, 14 + i);
                sl.window_begin = make_time(2006, 1);
                sl.notes = notes;
                s.slides.push_back(sl);
            }
            pr.put_story(s);
        }
        return p;
    }
    std::string binary_, err_;
    TempDir dir_;
};

TEST_F(CliPresent, UnknownStoryIsAUsageErrorNamingTheStories) {
    EXPECT_EQ(run({"present", project(true), "--story", "no such story"}), 2);
    EXPECT_NE(err_.find("no story \"no such story\""), std::string::npos) << err_;
    EXPECT_NE(err_.find("shanyrak-2006"), std::string::npos) << err_;
}

TEST_F(CliPresent, ProjectWithoutStoriesIsADataError) {
    EXPECT_EQ(run({"present", project(false)}), 1);
    EXPECT_NE(err_.find("no story to present"), std::string::npos) << err_;
}

TEST_F(CliPresent, MissingProjectIsADataError) {
    EXPECT_EQ(run({"present", (dir_ / "missing.atlas").string()}), 1);
    EXPECT_FALSE(err_.empty());
}

TEST_F(CliPresent, BadOptionsAreUsageErrors) {
    EXPECT_EQ(run({"present", project(true), "--slide", "0"}), 2);
    EXPECT_EQ(run({"present", project(true), "--monitor", "x"}), 2);
}

TEST_F(CliPresent, PresentsTheChosenSlideAndWritesThePicture) {
    if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no display (run under xvfb-run)";
    const std::string png = (dir_ / "slide.png").string();
    ASSERT_EQ(run({"present", project(true), "--story", "Shanyrak", "--slide", "2", "--frames", "4", "--screenshot", png}),
              0)
        << err_;
    const std::string bytes = read_file(png);
    ASSERT_GT(bytes.size(), 24u);
    EXPECT_EQ(bytes.substr(1, 3), "PNG");
    const auto be32 = [&](size_t at) {
        return (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
               (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
               (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
               static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
    };
    EXPECT_GT(be32(16), 100u);  // width
    EXPECT_GT(be32(20), 100u);  // height
}

struct Png {
    int w = 0, h = 0;
    std::vector<unsigned char> rgba;
};
Png decode(const std::string& bytes) {
    Png p;
    int n = 0;
    unsigned char* d = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(bytes.data()),
                                              static_cast<int>(bytes.size()), &p.w, &p.h, &n, 4);
    if (d) p.rgba.assign(d, d + static_cast<size_t>(p.w) * static_cast<size_t>(p.h) * 4);
    stbi_image_free(d);
    return p;
}

TEST_F(CliPresent, SnapshotPresentedWritesThePixelsPresentingShows) {
    if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no display (run under xvfb-run)";
    const std::string file = project(true);
    const std::string shown = (dir_ / "shown.png").string(), exported = (dir_ / "exported.png").string();
    ASSERT_EQ(run({"present", file, "--story", "Shanyrak", "--slide", "2", "--frames", "4", "--screenshot", shown}), 0)
        << err_;
    const Png screen = decode(read_file(shown));
    ASSERT_GT(screen.w, 100);
    ASSERT_GT(screen.h, 100);
    const std::string size = std::to_string(screen.w) + "x" + std::to_string(screen.h);
    ASSERT_EQ(run({"snapshot", file, "--story", "shanyrak-2006", "--slide", "2", "--presented", "--size", size, "-o",
                   exported}),
              0)
        << err_;
    const Png image = decode(read_file(exported));
    ASSERT_EQ(image.w, screen.w);
    ASSERT_EQ(image.h, screen.h);
    size_t differ = 0, first = SIZE_MAX;
    for (size_t i = 0; i < image.rgba.size(); i += 4)
        for (size_t c = 0; c < 3; ++c)
            if (image.rgba[i + c] != screen.rgba[i + c]) {
                ++differ;
                if (first == SIZE_MAX) first = i / 4;
                break;
            }
    EXPECT_EQ(differ, 0u) << "first differing pixel at x=" << (first % static_cast<size_t>(image.w))
                          << " y=" << (first / static_cast<size_t>(image.w));
    // Every pixel opaque, and the slide is there (not one flat colour).
    size_t distinct_rows = 0;
    for (int y = 1; y < image.h; ++y)
        distinct_rows += image.rgba[static_cast<size_t>(y) * static_cast<size_t>(image.w) * 4] !=
                         image.rgba[static_cast<size_t>(y - 1) * static_cast<size_t>(image.w) * 4];
    EXPECT_GT(distinct_rows, 3u);
    for (size_t i = 3; i < image.rgba.size(); i += 4) ASSERT_EQ(image.rgba[i], 255) << "pixel " << i / 4;
}

size_t differing_pixels(const Png& a, const Png& b, int from_row = 0) {
    size_t differ = 0;
    for (size_t i = static_cast<size_t>(from_row) * static_cast<size_t>(a.w) * 4; i < a.rgba.size(); i += 4)
        for (size_t c = 0; c < 3; ++c)
            if (a.rgba[i + c] != b.rgba[i + c]) {
                ++differ;
                break;
            }
    return differ;
}

TEST_F(CliPresent, PresenterScreenshotIsTheConsoleAndTheAudienceSeesOnlyTheSlide) {
    if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no display (run under xvfb-run)";
    const std::string file = project(true, "Point at the mosque first, then the roofs where the residents stood.");
    const std::string shown = (dir_ / "shown.png").string(), console = (dir_ / "console.png").string();
    ASSERT_EQ(run({"present", file, "--slide", "2", "--frames", "5", "--screenshot", shown, "--presenter-screenshot",
                   console}),
              0)
        << err_;
    // The audience's window: exactly the slide as `snapshot --presented` draws it (nothing of the console).
    const Png screen = decode(read_file(shown));
    ASSERT_GT(screen.w, 100);
    const std::string size = std::to_string(screen.w) + "x" + std::to_string(screen.h);
    const std::string exported = (dir_ / "exported.png").string();
    ASSERT_EQ(run({"snapshot", file, "--slide", "2", "--presented", "--size", size, "-o", exported}), 0) << err_;
    const Png image = decode(read_file(exported));
    ASSERT_EQ(image.w, screen.w);
    ASSERT_EQ(image.h, screen.h);
    EXPECT_EQ(differing_pixels(image, screen), 0u);

    // The console's window: a picture of its own, and the notes are on it (the
    // same console for slides without notes differs below the bar with the clock).
    const Png with_notes = decode(read_file(console));
    ASSERT_GT(with_notes.w, 100);
    ASSERT_GT(with_notes.h, 100);
    EXPECT_FALSE(with_notes.w == screen.w && with_notes.h == screen.h && differing_pixels(with_notes, screen) == 0);
    const std::string bare_png = (dir_ / "bare.png").string();
    ASSERT_EQ(run({"present", project(true), "--slide", "2", "--frames", "5", "--presenter-screenshot", bare_png}), 0)
        << err_;
    const Png bare = decode(read_file(bare_png));
    ASSERT_EQ(bare.w, with_notes.w);
    ASSERT_EQ(bare.h, with_notes.h);
    EXPECT_GT(differing_pixels(with_notes, bare, with_notes.h * 2 / 5), 1000u);
}

TEST_F(CliPresent, PresenterScreenshotNeedsTheConsole) {
    EXPECT_EQ(run({"present", project(true), "--no-console", "--frames", "2", "--presenter-screenshot",
                   (dir_ / "c.png").string()}),
              2);
    EXPECT_NE(err_.find("--presenter-screenshot"), std::string::npos) << err_;
}

TEST_F(CliPresent, PresentedTakesTheSlidesViewNotOneFromTheCommandLine) {
    const std::string out = (dir_ / "x.png").string();
    EXPECT_EQ(run({"snapshot", project(true), "--presented", "--time", "2006", "-o", out}), 2);
    EXPECT_NE(err_.find("--time does not apply"), std::string::npos) << err_;
    EXPECT_EQ(run({"snapshot", project(true), "--presented", "--style", "light", "-o", out}), 2);
    EXPECT_NE(err_.find("projector look"), std::string::npos) << err_;
}

// [SECTION] Two monitors
// A projector beside the laptop: an X server with two monitors side by side
// (two_monitor_x.sh: Xorg's dummy driver, DUMMY0 at 0,0 and DUMMY1 at 1280,0,
// each 1280x720). What each monitor shows is read back from the server and
// compared with the pictures the program says it drew.
#ifdef ATLAS_TEST_HAVE_X11

struct ServerState {
    std::unique_ptr<TempDir> dir;
    std::string display;  // ":91"; empty when there is no server
    std::string why;      // why not
    bool failed = false;  // the packages are there, yet the server did not start
    pid_t pid = 0;
    int lock = -1;        // held while this process's server runs
};
ServerState& server() {
    static ServerState s;
    return s;
}

// A part of the screen that is no longer there (a monitor unplugged shrinks
// the screen) is an X error: the grab comes back empty instead of Xlib's
// default handler ending the process.
int ignore_x_error(Display*, XErrorEvent*) { return 0; }

// An RGB picture of part of the screen, as the X server holds it; empty when
// that part is off the screen.
Png grab(Display* d, int x, int y, int w, int h) {
    Png out;
    XImage* img = XGetImage(d, DefaultRootWindow(d), x, y, static_cast<unsigned>(w), static_cast<unsigned>(h),
                            AllPlanes, ZPixmap);
    if (!img) return out;
    auto channel = [](unsigned long p, unsigned long mask) {
        if (mask == 0) return 0u;
        return static_cast<unsigned>((p & mask) >> __builtin_ctzl(mask)) & 0xFFu;
    };
    out.w = w;
    out.h = h;
    out.rgba.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    for (int j = 0; j < h; ++j)
        for (int i = 0; i < w; ++i) {
            const unsigned long p = XGetPixel(img, i, j);
            unsigned char* o = &out.rgba[(static_cast<size_t>(j) * static_cast<size_t>(w) + static_cast<size_t>(i)) * 4];
            o[0] = static_cast<unsigned char>(channel(p, img->red_mask));
            o[1] = static_cast<unsigned char>(channel(p, img->green_mask));
            o[2] = static_cast<unsigned char>(channel(p, img->blue_mask));
            o[3] = 255;
        }
    XDestroyImage(img);
    return out;
}

bool flat(const Png& p) {
    for (size_t i = 4; i < p.rgba.size(); i += 4)
        if (std::memcmp(&p.rgba[i], &p.rgba[0], 3) != 0) return false;
    return true;
}

class TwoMonitors : public CliPresent {
protected:
    static void SetUpTestSuite() {
        ServerState& s = server();
        // One two-monitor server at a time on this machine: tests run in
        // parallel (ctest -j) unplug monitors, and wait here for each other.
        s.lock = ::open("/tmp/almaty-atlas-two-monitor-tests.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (s.lock >= 0) (void)::flock(s.lock, LOCK_EX);
        s.dir = std::make_unique<TempDir>();
        const std::string script = (paths::source_dir() / "tests" / "cli" / "two_monitor_x.sh").string();
        for (int n = 91; n < 100 && s.display.empty(); ++n) {
            if (std::filesystem::exists("/tmp/.X" + std::to_string(n) + "-lock")) continue;
            const std::string log = (s.dir->path() / "start.txt").string();
            const int status = std::system(("sh " + shell_quote(script) + " " + std::to_string(n) + " " +
                                            shell_quote(s.dir->path().string()) + " " + std::to_string(::getpid()) + " >" + shell_quote(log) +
                                            " 2>&1 </dev/null")
                                               .c_str());
            const int rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            s.why = read_file(log);
            if (rc == 0) {
                s.display = ":" + std::to_string(n);
                s.pid = static_cast<pid_t>(std::stol(read_file(s.dir->path() / "x.pid")));
            } else if (rc == 77) {
                return;  // no such server here: the tests skip, saying why
            } else {
                s.failed = true;
                return;
            }
        }
    }
    static void TearDownTestSuite() {
        ServerState& s = server();
        if (s.pid > 0) {
            ::kill(s.pid, SIGTERM);
            for (int i = 0; i < 100 && ::kill(s.pid, 0) == 0; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            if (::kill(s.pid, 0) == 0) ::kill(s.pid, SIGKILL);
        }
        if (s.lock >= 0) ::close(s.lock);  // and with it the lock
        s = ServerState{};
    }
    void SetUp() override {
        CliPresent::SetUp();
        if (IsSkipped()) return;
        if (server().failed) FAIL() << "the two-monitor X server did not start: " << server().why;
        if (server().display.empty()) GTEST_SKIP() << "no two-monitor X server here: " << server().why;
        XSetErrorHandler(ignore_x_error);
        x_ = XOpenDisplay(server().display.c_str());
        ASSERT_NE(x_, nullptr) << "cannot open " << server().display;
    }
    void TearDown() override {
        if (x_) {
            xrandr("--output DUMMY1 --mode 1280x720 --right-of DUMMY0");  // as the next test expects
            XCloseDisplay(x_);
        }
    }
    int xrandr(const std::string& args) {
        return std::system(("DISPLAY=" + server().display + " xrandr " + args + " >/dev/null 2>&1").c_str());
    }

    // Runs `present` on the two-monitor server while grabbing both monitors
    // every ~150 ms; keeps the last grabs (the last is often after the windows
    // closed). `during(grabs so far)` may act on the screens mid-talk.
    struct Grab {
        Png left, right;
    };
    int present_while_grabbing(const std::vector<std::string>& args, std::deque<Grab>& grabs,
                               const std::function<void(size_t)>& during = {}) {
        std::string cmd = "DISPLAY=" + server().display + " " + xdg_env() + " " + shell_quote(binary_);
        for (const auto& a : args) cmd += " " + shell_quote(a);
        const std::filesystem::path rc = dir_ / "rc.txt";
        std::filesystem::remove(rc);
        cmd = "(" + cmd + " >" + shell_quote((dir_ / "out.txt").string()) + " 2>" + shell_quote((dir_ / "err.txt").string()) +
              " </dev/null; echo $? >" + shell_quote(rc.string()) + ") &";
        if (std::system(cmd.c_str()) != 0) return -1;
        size_t taken = 0;
        for (int i = 0; i < 600 && !std::filesystem::exists(rc); ++i) {
            grabs.push_back({grab(x_, 0, 0, 1280, 720), grab(x_, 1280, 0, 1280, 720)});
            if (grabs.size() > 8) grabs.pop_front();
            if (during) during(++taken);
            std::this_thread::sleep_for(std::chrono::milliseconds(150));
        }
        for (int i = 0; i < 100 && read_file(rc).empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        err_ = read_file(dir_ / "err.txt");
        const std::string code = read_file(rc);
        return code.empty() ? -1 : std::stoi(code);
    }

    // Did some grab of that side show the picture (all but `allowed` of its pixels)?
    static bool shown(const std::deque<Grab>& grabs, bool right, const Png& picture, size_t allowed) {
        for (const Grab& g : grabs) {
            const Png& side = right ? g.right : g.left;
            if (side.w == picture.w && side.h == picture.h && differing_pixels(side, picture) <= allowed) return true;
        }
        return false;
    }

    // Did some grab of that side show anything at all (a window, not the bare screen)?
    static bool lit(const std::deque<Grab>& grabs, bool right) {
        for (const Grab& g : grabs) {
            const Png& side = right ? g.right : g.left;
            if (side.w > 0 && !flat(side)) return true;
        }
        return false;
    }

    // Presents a story with notes on monitor 1 and, the first time `right`
    // (DUMMY1) or the left (DUMMY0) shows a window, changes the monitors with
    // `xrandr_args` mid-talk. Returns present's exit code; `changed` says
    // whether the change was made.
    int present_changing_monitors(bool right, const std::string& xrandr_args, std::deque<Grab>& grabs, bool& changed) {
        const std::string file = project(true, "Notes for the speaker.");
        changed = false;
        return present_while_grabbing({"present", file, "--monitor", "1", "--frames", "150"}, grabs, [&](size_t) {
            if (!changed && !grabs.empty() && lit({grabs.back()}, right)) {
                EXPECT_EQ(xrandr(xrandr_args), 0);
                changed = true;
            }
        });
    }

    Display* x_ = nullptr;
};

TEST_F(TwoMonitors, TheSlideFillsTheChosenMonitorAndTheConsoleTheOther) {
    const std::string file = project(true, "Point at the mosque first, then the roofs where the residents stood.");
    for (const int monitor : {1, 0}) {
        SCOPED_TRACE("--monitor " + std::to_string(monitor));
        const std::string slide_png = (dir_ / "slide.png").string(), console_png = (dir_ / "console.png").string();
        std::deque<Grab> grabs;
        ASSERT_EQ(present_while_grabbing({"present", file, "--slide", "2", "--monitor", std::to_string(monitor),
                                          "--frames", "60", "--screenshot", slide_png, "--presenter-screenshot",
                                          console_png},
                                         grabs),
                  0)
            << err_;
        const std::string audience = monitor == 1 ? "DUMMY1" : "DUMMY0", speaker = monitor == 1 ? "DUMMY0" : "DUMMY1";
        const std::string x = monitor == 1 ? "1280" : "0";
        EXPECT_NE(err_.find("slide: 1280x720 at " + x + ",0 on " + audience + ", full screen"), std::string::npos)
            << err_;
        EXPECT_NE(err_.find("console: 1280x720 at " + (monitor == 1 ? std::string("0") : std::string("1280")) +
                            ",0 on " + speaker),
                  std::string::npos)
            << err_;
        // What the monitors showed: the slide, pixel for pixel, on the chosen
        // one; the console (its clocks tick: a few pixels may differ) on the other.
        const Png slide = decode(read_file(slide_png)), console = decode(read_file(console_png));
        ASSERT_EQ(slide.w, 1280);
        ASSERT_EQ(slide.h, 720);
        ASSERT_EQ(console.w, 1280);
        ASSERT_EQ(console.h, 720);
        ASSERT_FALSE(grabs.empty());
        EXPECT_TRUE(shown(grabs, monitor == 1, slide, 0)) << "the slide was not on " << audience;
        EXPECT_TRUE(shown(grabs, monitor != 1, console, 1280 * 720 / 50)) << "the console was not on " << speaker;
        EXPECT_FALSE(shown(grabs, monitor != 1, slide, 1280 * 720 / 2)) << "the audience's picture on the speaker's monitor";
    }
}

TEST_F(TwoMonitors, AProjectorUnpluggedMidTalkLeavesBothWindowsOnTheLaptop) {
    // Once the slide is up on the projector, it is pulled out.
    std::deque<Grab> grabs;
    bool unplugged = false;
    ASSERT_EQ(present_changing_monitors(true, "--output DUMMY1 --off", grabs, unplugged), 0) << err_;
    ASSERT_TRUE(unplugged) << "the slide never showed on DUMMY1";
    // Both windows now on the one monitor left: the slide full screen on it,
    // the console a window in front of it (S swaps them).
    EXPECT_NE(err_.find("slide: 1280x720 at 0,0 on DUMMY0, full screen"), std::string::npos) << err_;
    const size_t console = err_.find("console: ");
    ASSERT_NE(console, std::string::npos) << err_;
    EXPECT_NE(err_.find("on DUMMY0", console), std::string::npos) << err_;
    EXPECT_TRUE(lit(grabs, false));
}

TEST_F(TwoMonitors, AProjectorPluggedInMidTalkTakesTheSlide) {
    // The talk starts on the laptop alone (the projector asked for is not there
    // yet); once it shows there, the projector is plugged in.
    ASSERT_EQ(xrandr("--output DUMMY1 --off"), 0);
    std::deque<Grab> grabs;
    bool plugged = false;
    ASSERT_EQ(present_changing_monitors(false, "--output DUMMY1 --mode 1280x720 --right-of DUMMY0", grabs, plugged), 0)
        << err_;
    ASSERT_TRUE(plugged) << "nothing showed on DUMMY0";
    // The slide moves full screen to the monitor chosen, the console to the laptop's.
    EXPECT_NE(err_.find("slide: 1280x720 at 1280,0 on DUMMY1, full screen; console: 1280x720 at 0,0 on DUMMY0"),
              std::string::npos)
        << err_;
    EXPECT_TRUE(lit(grabs, true)) << "nothing showed on the projector";
}

#endif  // ATLAS_TEST_HAVE_X11

}  // namespace
