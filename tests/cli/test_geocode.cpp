// `almaty-atlas geocode`: output lines, exit codes, real names, running the built binary.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "core/paths.hpp"
#include "store/store_fixtures.hpp"

namespace fs = std::filesystem;

namespace {

using GeocodeRun = atlas::test::CliResult;

struct Line {
    double lat = 0, lon = 0, radius = 0;
    std::string kind, name;
};

class Geocode : public ::testing::Test {
protected:
    void SetUp() override {
        if (atlas::test::cli_binary().empty()) GTEST_SKIP() << "ATLAS_TEST_BINARY is not set (run through ctest)";
    }
    GeocodeRun run(std::vector<std::string> args) const {
        args.insert(args.begin(), "geocode");
        return atlas::test::run_cli({args, dir_.path(), {}, {}});
    }
    static std::vector<Line> lines_of(const std::string& out) {
        std::vector<Line> lines;
        std::istringstream in(out);
        std::string text;
        while (std::getline(in, text)) {
            std::vector<std::string> cols;
            std::string col;
            std::istringstream fields(text);
            while (std::getline(fields, col, '\t')) cols.push_back(col);
            EXPECT_EQ(cols.size(), 5u) << text;
            if (cols.size() != 5) continue;
            lines.push_back({std::stod(cols[0]), std::stod(cols[1]), std::stod(cols[2]), cols[3], cols[4]});
        }
        return lines;
    }
    static std::string real_data() {
        const fs::path shared = atlas::paths::shared_dir();
        return shared.empty() ? std::string() : (shared / "osm-almaty").string();
    }
    atlas::test::TempDir dir_;
};

}  // namespace

TEST_F(Geocode, ShippedBasemapFindsGogolStreet) {
    const GeocodeRun r = run({"--english", "Гоголя"});
    ASSERT_EQ(r.code, 0);
    const std::vector<Line> lines = lines_of(r.out);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0].kind, "street");
    EXPECT_EQ(lines[0].name, "Gogol Street");
    EXPECT_NEAR(lines[0].lat, 43.259, 0.01);
    EXPECT_GT(lines[0].radius, 1000);
}

TEST_F(Geocode, NothingMatchesExitsOne) {
    const GeocodeRun r = run({"Pfzrtpl"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "");
}

TEST_F(Geocode, UsageErrors) {
    EXPECT_EQ(run({"--geodata", "no-such-folder", "Gogol"}).code, 2);
    EXPECT_EQ(run({"--limit", "0", "Gogol"}).code, 2);
    EXPECT_EQ(run({}).code, 2);
}

TEST_F(Geocode, RealDataInEveryScript) {
    const std::string dir = real_data();
    if (dir.empty()) GTEST_SKIP() << "no ../shared/osm-almaty";
    std::string first;
    for (const char* q : {"Шанырак", "Shanyrak", "Shanyraq"}) {
        const GeocodeRun r = run({"--geodata", dir, "--limit", "3", q});
        ASSERT_EQ(r.code, 0) << q;
        const std::vector<Line> lines = lines_of(r.out);
        ASSERT_EQ(lines.size(), 3u) << q;
        EXPECT_EQ(lines[0].kind, "neighbourhood") << q;
        EXPECT_EQ(lines[0].name, "Шанырак") << q;
        if (first.empty()) first = r.out;
        EXPECT_EQ(r.out, first) << q << ": same candidates in the same order";
    }
}

TEST_F(Geocode, RealDataIntersection) {
    const std::string dir = real_data();
    if (dir.empty()) GTEST_SKIP() << "no ../shared/osm-almaty";
    for (const char* q : {"Gogol & Dostyk", "Гоголя / Достык"}) {
        const GeocodeRun r = run({"--geodata", dir, q});
        ASSERT_EQ(r.code, 0) << q;
        const std::vector<Line> lines = lines_of(r.out);
        ASSERT_FALSE(lines.empty()) << q;
        EXPECT_EQ(lines[0].kind, "intersection");
        EXPECT_NEAR(lines[0].lat, 43.2606, 0.002);
        EXPECT_NEAR(lines[0].lon, 76.9547, 0.002);
        EXPECT_LE(lines[0].radius, 100);
    }
    const GeocodeRun limited = run({"--geodata", dir, "--limit", "2", "Abai"});
    EXPECT_EQ(lines_of(limited.out).size(), 2u);
}
