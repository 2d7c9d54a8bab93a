// `almaty-atlas snapshot`, run as the user runs it: the built binary, its exit
// code and the PNG it writes (it needs no display: EGL, else a hidden window).
#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <cstdlib>
#include <filesystem>

#include "cli/cli_runner.hpp"
#include "core/paths.hpp"
#include "store/store_fixtures.hpp"

namespace {
using atlas::test::read_file;
using atlas::test::TempDir;

using Result = atlas::test::CliResult;


struct Png {
    int w = 0, h = 0;
    std::vector<unsigned char> rgba;
};
Png decode(const std::string& bytes) {
    Png p;
    int n = 0;
    unsigned char* d = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(bytes.data()),
                                             static_cast<int>(bytes.size()), &p.w, &p.h, &n, 4);
    if (d) {
        p.rgba.assign(d, d + static_cast<size_t>(p.w) * static_cast<size_t>(p.h) * 4);
        stbi_image_free(d);
    }
    return p;
}

class Snapshot : public ::testing::Test {
protected:
    void SetUp() override {
        if (atlas::test::cli_binary().empty()) GTEST_SKIP() << "ATLAS_TEST_BINARY is not set (run through ctest)";
    }
    Result run(std::vector<std::string> args) {
        args.insert(args.begin(), "snapshot");
        return atlas::test::run_cli({args, dir_.path(), {}, "/dev/null"});
    }
    std::string path(const std::string& name) const { return (dir_.path() / name).string(); }
    bool no_context(const Result& r) const { return r.code == 1 && r.err.find("OpenGL context") != std::string::npos; }
    TempDir dir_;
};

TEST_F(Snapshot, WritesThePngOfTheRequestedSizeTheSameTwice) {
    const auto a = run({"--out", path("a.png"), "--size", "320x200", "--style", "dark", "--lang", "kk"});
    if (no_context(a)) GTEST_SKIP() << a.err;
    ASSERT_EQ(a.code, 0) << a.err;
    const auto b = run({"--out", path("b.png"), "--size", "320x200", "--style", "dark", "--lang", "kk"});
    ASSERT_EQ(b.code, 0) << b.err;
    const std::string pa = read_file(path("a.png")), pb = read_file(path("b.png"));
    EXPECT_EQ(pa, pb) << "same inputs, same bytes";
    const Png img = decode(pa);
    EXPECT_EQ(img.w, 320);
    EXPECT_EQ(img.h, 200);
    EXPECT_FALSE(std::filesystem::exists(path("a.png.part")));
}

TEST_F(Snapshot, SmallTilesGiveTheSameImage) {
    const std::vector<std::string> common = {"--size", "300x220", "--center", "43.2565,76.9450", "--zoom", "15"};
    auto with = [&](std::vector<std::string> extra) {
        auto args = common;
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    };
    const auto a = run(with({"--out", path("whole.png")}));
    if (no_context(a)) GTEST_SKIP() << a.err;
    ASSERT_EQ(a.code, 0) << a.err;
    ASSERT_EQ(run(with({"--out", path("tiled.png"), "--tile", "64"})).code, 0);
    const Png w = decode(read_file(path("whole.png"))), t = decode(read_file(path("tiled.png")));
    ASSERT_EQ(w.rgba.size(), t.rgba.size());
    ASSERT_FALSE(w.rgba.empty());
    size_t differing = 0;
    for (size_t i = 0; i < w.rgba.size(); ++i) differing += std::abs(w.rgba[i] - t.rgba[i]) > 2;
    EXPECT_LE(differing, w.rgba.size() / 2000) << "bytes that differ between the whole and the tiled image";
}

TEST_F(Snapshot, DpiScalesTheImageNotTheFraming) {
    const auto a = run({"--out", path("screen.png"), "--size", "200x150", "--center", "43.2565,76.9450", "--zoom", "14"});
    if (no_context(a)) GTEST_SKIP() << a.err;
    ASSERT_EQ(a.code, 0) << a.err;
    const auto b = run({"--out", path("print.png"), "--size", "400x300", "--center", "43.2565,76.9450", "--zoom", "14",
                        "--dpi", "192"});
    ASSERT_EQ(b.code, 0) << b.err;
    const Png s = decode(read_file(path("screen.png"))), p = decode(read_file(path("print.png")));
    ASSERT_EQ(p.w, 400);
    // The print image at twice the DPI shows the same ground: its pixels, halved, look like the screen's.
    double diff = 0;
    for (int y = 0; y < s.h; ++y)
        for (int x = 0; x < s.w; ++x)
            for (int c = 0; c < 3; ++c) {
                int sum = 0;
                for (int k = 0; k < 4; ++k)
                    sum += p.rgba[((static_cast<size_t>(2 * y + k / 2) * 400) + static_cast<size_t>(2 * x + k % 2)) * 4 + static_cast<size_t>(c)];
                diff += std::abs(sum / 4 - s.rgba[(static_cast<size_t>(y) * 200 + static_cast<size_t>(x)) * 4 + static_cast<size_t>(c)]);
            }
    EXPECT_LT(diff / (200.0 * 150 * 3), 12.0) << "mean difference per channel";
}

TEST_F(Snapshot, RefusesBadRequests) {
    EXPECT_EQ(run({"--out", path("x.png"), "--size", "0x10"}).code, 2);
    EXPECT_EQ(run({"--out", path("x.png"), "--size", "20000x10"}).code, 2);
    EXPECT_EQ(run({"--out", path("x.png"), "--style", "sepia"}).code, 2);
    EXPECT_EQ(run({"--out", path("x.png"), "--lang", "de"}).code, 2);
    EXPECT_EQ(run({"--out", path("x.png"), "--center", "43.2,76.9", "--bbox", "76.8,43.1,77,43.3"}).code, 2);
    EXPECT_EQ(run({"--out", path("x.png"), "--bbox", "77,43.1,76.8,43.3"}).code, 2);
    EXPECT_EQ(run({"--out", path("x.png"), "--center", "north,76.9"}).code, 2);
    EXPECT_EQ(run({"--size", "10x10"}).code, 2) << "--out is required";
    const auto missing = run({"--out", path("x.png"), "--layer", path("nowhere.shp")});
    if (no_context(missing)) GTEST_SKIP() << missing.err;
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("nowhere.shp"), std::string::npos) << missing.err;
    EXPECT_FALSE(std::filesystem::exists(path("x.png")));
}

}  // namespace
