// `almaty-atlas info`: output and exit codes, running the built binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "geo/shapefile_fixtures.hpp"

using namespace atlas::test;

namespace {

struct CliRun {
    int code = -1;
    std::string out, err;
};

std::string quoted(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs the binary with `args` (already quoted), capturing stdout and stderr.
CliRun run_cli(const std::string& args, const TempDir& tmp) {
    CliRun r;
    const char* bin = std::getenv("ATLAS_TEST_BINARY");
    const std::string err_file = (tmp / "stderr.txt").string();
    const std::string cmd = quoted(bin) + " " + args + " 2>" + quoted(err_file);
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    const auto e = read_bytes(err_file);
    r.err.assign(e.begin(), e.end());
    return r;
}

bool have_binary() {
    const char* bin = std::getenv("ATLAS_TEST_BINARY");
    return bin && *bin && std::filesystem::exists(bin);
}

}  // namespace

TEST(CliInfo, DescribesAShapefile) {
    if (!have_binary()) GTEST_SKIP() << "ATLAS_TEST_BINARY not set";
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "gis_osm_places_free_1", SHPT_POINT, almaty_points(3),
                                   {"\xD0\x90\xD0\xBB\xD0\xBC\xD0\xB0\xD1\x82\xD1\x8B", "b", "c"});
    write_text(tmp / "gis_osm_places_free_1.cpg", "UTF-8");
    const CliRun r = run_cli("info " + quoted(p.string()), tmp);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Layer name: gis_osm_places_free_1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Geometry: Point (Point)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Feature Count: 3"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Extent: (76.9, 43.2) - (76.92, 43.22)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("CRS: GCS_WGS_1984"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Codepage: UTF-8"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  name: String (40.0)"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("Алматы"), std::string::npos) << "attributes only with --all";

    const CliRun all = run_cli("info --all " + quoted(p.string()), tmp);
    EXPECT_EQ(all.code, 0);
    EXPECT_NE(all.out.find("  name = Алматы"), std::string::npos) << all.out;
}

TEST(CliInfo, ReportsWarningsOfADamagedFile) {
    if (!have_binary()) GTEST_SKIP() << "ATLAS_TEST_BINARY not set";
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "damaged", SHPT_POINT, almaty_points(2));
    std::filesystem::remove(tmp / "damaged.shx");
    const CliRun r = run_cli("info " + quoted(p.string()), tmp);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Warnings (1):"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("no .shx index"), std::string::npos) << r.out;
}

TEST(CliInfo, UnreadableFileExitsOneNamingTheFile) {
    if (!have_binary()) GTEST_SKIP() << "ATLAS_TEST_BINARY not set";
    TempDir tmp;
    write_text(tmp / "junk.shp", std::string(200, 'j'));
    const CliRun r = run_cli("info " + quoted((tmp / "junk.shp").string()), tmp);
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("junk.shp: not a shapefile"), std::string::npos) << r.err;
    const CliRun missing = run_cli("info " + quoted((tmp / "nothere.shp").string()), tmp);
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("nothere.shp"), std::string::npos) << missing.err;
}

TEST(CliInfo, UsageErrorExitsTwo) {
    if (!have_binary()) GTEST_SKIP() << "ATLAS_TEST_BINARY not set";
    TempDir tmp;
    EXPECT_EQ(run_cli("info", tmp).code, 2);
    EXPECT_EQ(run_cli("info a.shp --no-such-flag", tmp).code, 2);
}
