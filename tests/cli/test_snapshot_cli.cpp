// `snapshot` with a project's events and `animate`, run as the user runs them:
// the built binary (ATLAS_TEST_BINARY) on a project imported from CSV.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include <stb/stb_image.h>

#include "cli/cli_runner.hpp"
#include "store/project.hpp"
#include "store/store_fixtures.hpp"

using namespace atlas;
using atlas::test::read_file;
using atlas::test::TempDir;
using atlas::test::write_file;

namespace {
namespace fs = std::filesystem;

using Result = atlas::test::CliResult;


// Width and height from a PNG's IHDR chunk.
bool png_size(const std::string& bytes, int& w, int& h) {
    if (bytes.size() < 24 || bytes.compare(1, 3, "PNG") != 0 || bytes.compare(12, 4, "IHDR") != 0) return false;
    auto be32 = [&](size_t at) {
        return static_cast<int>(static_cast<unsigned char>(bytes[at]) << 24 | static_cast<unsigned char>(bytes[at + 1]) << 16 |
                                static_cast<unsigned char>(bytes[at + 2]) << 8 | static_cast<unsigned char>(bytes[at + 3]));
    };
    w = be32(16);
    h = be32(20);
    return true;
}

class SnapshotCli : public ::testing::Test {
protected:
    void SetUp() override {
        if (atlas::test::cli_binary().empty()) GTEST_SKIP() << "ATLAS_TEST_BINARY is not set (run through ctest)";
        write_file(dir_ / "events.csv",
                   "id,title,category,time,lat,lon,tags\n"
                   "e1,Clash at Shanyrak,eviction,2006-07-14,43.3329,76.8605,shanyrak\n"
                   "e2,Akimat orders clearance,decision,2006-04-05T10:30,43.238,76.945,\n"
                   "e3,Hotel pulled down,demolition,2011-05-01,43.259,76.951,\n");
        const Result r = run({"import", path("p.atlas"), path("events.csv"), "--create"});
        ASSERT_EQ(r.code, 0) << r.err;
    }
    Result run(const std::vector<std::string>& args, const std::string& env = "") {
        return atlas::test::run_cli({args, dir_.path(), env, {}});
    }
    // Skips when this machine offers no OpenGL context at all.
    void skip_without_gl(const Result& r) {
        if (r.code != 0 && r.err.find("EGL") != std::string::npos && r.err.find("GLFW") != std::string::npos)
            GTEST_SKIP() << "no OpenGL context: " << r.err;
    }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    TempDir dir_;
};

TEST_F(SnapshotCli, EventsAtATimeSameBytesTwice) {
    const std::vector<std::string> args = {"snapshot", path("p.atlas"), "--size", "320x200", "--center", "43.25,76.92",
                                           "--zoom", "12", "--time", "2006-04-05T12:00", "--legend", "--time-label"};
    auto a = args, b = args;
    a.insert(a.end(), {"--out", path("a.png")});
    b.insert(b.end(), {"--out", path("b.png")});
    const Result ra = run(a);
    skip_without_gl(ra);
    ASSERT_EQ(ra.code, 0) << ra.err;
    EXPECT_NE(ra.err.find("1 of 3 events shown"), std::string::npos) << ra.err;
    EXPECT_NE(ra.err.find("up to 5 April 2006, 12:00"), std::string::npos) << ra.err;
    const Result rb = run(b);
    ASSERT_EQ(rb.code, 0) << rb.err;
    const std::string pa = read_file(dir_ / "a.png"), pb = read_file(dir_ / "b.png");
    int w = 0, h = 0;
    ASSERT_TRUE(png_size(pa, w, h));
    EXPECT_EQ(w, 320);
    EXPECT_EQ(h, 200);
    EXPECT_EQ(pa, pb);

    // Another time shows another picture.
    auto c = args;
    c[9] = "2012";
    c.insert(c.end(), {"--out", path("c.png")});
    ASSERT_EQ(run(c).code, 0);
    EXPECT_NE(read_file(dir_ / "c.png"), pa);
}

TEST_F(SnapshotCli, WindowAndStoryErrors) {
    const Result w = run({"snapshot", path("p.atlas"), "--size", "64x64", "--out", path("w.png"), "--window",
                          "2006-03/2006-05"});
    skip_without_gl(w);
    ASSERT_EQ(w.code, 0) << w.err;
    EXPECT_NE(w.err.find("1 of 3 events shown"), std::string::npos) << w.err;

    const Result bad = run({"snapshot", path("p.atlas"), "--size", "64x64", "--out", path("x.png"), "--time", "2006-02-30"});
    EXPECT_EQ(bad.code, 1);
    EXPECT_NE(bad.err.find("--time '2006-02-30'"), std::string::npos) << bad.err;

    const Result none = run({"snapshot", path("p.atlas"), "--size", "64x64", "--out", path("y.png"), "--slide", "1"});
    EXPECT_EQ(none.code, 1);
    EXPECT_NE(none.err.find("no stories"), std::string::npos) << none.err;
    EXPECT_FALSE(fs::exists(dir_ / "y.png"));
}

TEST_F(SnapshotCli, AnimateWritesNumberedFrames) {
    const Result r = run({"animate", path("p.atlas"), "--out", path("frames"), "--size", "96x64", "--fps", "4",
                          "--from", "2006", "--to", "2012", "--duration", "2"});
    skip_without_gl(r);
    ASSERT_EQ(r.code, 0) << r.err;
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir_ / "frames")) n += e.path().extension() == ".png";
    EXPECT_EQ(n, 8u);
    EXPECT_TRUE(fs::exists(dir_ / "frames" / "frame_00001.png"));
    EXPECT_TRUE(fs::exists(dir_ / "frames" / "frame_00008.png"));
}

TEST_F(SnapshotCli, AnimateMp4NeedsFfmpeg) {
    // With no ffmpeg on PATH: a clear error, before anything is rendered.
    const Result r = run({"animate", path("p.atlas"), "--out", path("v.mp4"), "--size", "64x64", "--duration", "1"},
                         "PATH=/nonexistent-atlas-dir");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("ffmpeg"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "v.mp4"));
}

TEST_F(SnapshotCli, AnimateMp4WithFfmpeg) {
    if (std::system("command -v ffmpeg >/dev/null 2>&1") != 0) GTEST_SKIP() << "ffmpeg is not on PATH";
    const Result r = run({"animate", path("p.atlas"), "--out", path("v.mp4"), "--size", "96x64", "--fps", "5",
                          "--duration", "1"});
    skip_without_gl(r);
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string bytes = read_file(dir_ / "v.mp4");
    ASSERT_GT(bytes.size(), 8u);
    EXPECT_EQ(bytes.substr(4, 4), "ftyp");
}

}  // namespace

// Layers a user added in the window are saved in the project; `snapshot` of
// that project draws them as the window does, in the layer's saved colour
// (magenta, which nothing else in this view is: the events are elsewhere).
TEST_F(SnapshotCli, DrawsTheLayersSavedInTheProject) {
    write_file(dir_ / "block.geojson",
               R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Block"},)"
               R"("geometry":{"type":"Polygon","coordinates":[[[76.88,43.21],[76.90,43.21],[76.90,43.22],[76.88,43.22],[76.88,43.21]]]}}]})");
    auto magenta_pixels = [&](const std::string& png) {
        int w = 0, h = 0, n = 0;
        const std::string bytes = read_file(dir_ / png);
        unsigned char* d = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(bytes.data()),
                                                 static_cast<int>(bytes.size()), &w, &h, &n, 4);
        size_t count = 0;
        for (size_t i = 0; d && i < static_cast<size_t>(w) * static_cast<size_t>(h); ++i)
            count += d[i * 4] > d[i * 4 + 1] + 60 && d[i * 4 + 2] > d[i * 4 + 1] + 60;  // magenta, or a tint of it
        stbi_image_free(d);
        return count;
    };
    const std::vector<std::string> args = {"--center", "43.215,76.89", "--zoom", "13", "--size", "400x300"};
    auto snapshot = [&](const std::string& out) {
        std::vector<std::string> a = {"snapshot", path("p.atlas"), "--out", path(out)};
        a.insert(a.end(), args.begin(), args.end());
        return run(a);
    };
    Result r = snapshot("without.png");
    skip_without_gl(r);
    ASSERT_EQ(r.code, 0) << r.err;
    {
        Project p = Project::open(dir_ / "p.atlas");
        p.set_user_layers({UserLayerRecord{"block.geojson", "Block", true,
                                           R"({"custom_colour":true,"colour":"#ff00ffff","opacity":1.0})"}});
    }
    r = snapshot("with.png");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_GT(magenta_pixels("with.png"), 1000u);  // the block: about 120 x 80 px at z13, tinted
    EXPECT_LT(magenta_pixels("without.png"), 50u);

    // The file gone: the snapshot is made without it and says which layer it left out.
    fs::remove(dir_ / "block.geojson");
    r = snapshot("gone.png");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("layer 'Block' left out: not found: block.geojson"), std::string::npos) << r.err;
    EXPECT_LT(magenta_pixels("gone.png"), 50u);
}
