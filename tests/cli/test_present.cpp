// `almaty-atlas present`: the story is checked before a window opens (a wrong
// name is a usage error listing the stories, a project without stories a data
// error), and under a display it presents the chosen slide full screen and
// writes the audience's picture.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <stb/stb_image.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/project.hpp"
#include "store/store_fixtures.hpp"

using namespace atlas;
using atlas::test::read_file;
using atlas::test::TempDir;

namespace {

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

class CliPresent : public ::testing::Test {
protected:
    void SetUp() override {
        const char* bin = std::getenv("ATLAS_TEST_BINARY");
        if (!bin || !*bin) GTEST_SKIP() << "ATLAS_TEST_BINARY is not set (run through ctest)";
        binary_ = bin;
    }
    int run(const std::vector<std::string>& args) {
        std::string cmd = "XDG_CONFIG_HOME=" + quote((dir_ / "config").string()) +
                          " XDG_DATA_HOME=" + quote((dir_ / "data").string()) + " " + quote(binary_);
        for (const auto& a : args) cmd += " " + quote(a);
        cmd += " >" + quote((dir_ / "out.txt").string()) + " 2>" + quote((dir_ / "err.txt").string()) + " </dev/null";
        const int status = std::system(cmd.c_str());
        err_ = read_file(dir_ / "err.txt");
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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

}  // namespace
