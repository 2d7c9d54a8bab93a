// `almaty-atlas info`: output and exit codes, running the built binary.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cli/cli_runner.hpp"
#include "geo/shapefile_fixtures.hpp"

using namespace atlas::test;

namespace {


CliResult run_info(const std::vector<std::string>& args, const TempDir& tmp) {
    std::vector<std::string> all{"info"};
    all.insert(all.end(), args.begin(), args.end());
    return atlas::test::run_cli({all, tmp.path(), {}, {}});
}

bool have_binary() { return !atlas::test::cli_binary().empty(); }

}  // namespace

TEST(CliInfo, DescribesAShapefile) {
    if (!have_binary()) GTEST_SKIP() << "ATLAS_TEST_BINARY not set";
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "gis_osm_places_free_1", SHPT_POINT, almaty_points(3),
                                   {"\xD0\x90\xD0\xBB\xD0\xBC\xD0\xB0\xD1\x82\xD1\x8B", "b", "c"});
    write_text(tmp / "gis_osm_places_free_1.cpg", "UTF-8");
    const CliResult r = run_info({p.string()}, tmp);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Layer name: gis_osm_places_free_1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Geometry: Point (Point)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Feature Count: 3"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Extent: (76.9, 43.2) - (76.92, 43.22)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("CRS: GCS_WGS_1984"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Codepage: UTF-8"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  name: String (40.0)"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("Алматы"), std::string::npos) << "attributes only with --all";

    const CliResult all = run_info({"--all", p.string()}, tmp);
    EXPECT_EQ(all.code, 0);
    EXPECT_NE(all.out.find("  name = Алматы"), std::string::npos) << all.out;
}

TEST(CliInfo, ReportsWarningsOfADamagedFile) {
    if (!have_binary()) GTEST_SKIP() << "ATLAS_TEST_BINARY not set";
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "damaged", SHPT_POINT, almaty_points(2));
    std::filesystem::remove(tmp / "damaged.shx");
    const CliResult r = run_info({p.string()}, tmp);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Warnings (1):"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("no .shx index"), std::string::npos) << r.out;
}

TEST(CliInfo, UnreadableFileExitsOneNamingTheFile) {
    if (!have_binary()) GTEST_SKIP() << "ATLAS_TEST_BINARY not set";
    TempDir tmp;
    write_text(tmp / "junk.shp", std::string(200, 'j'));
    const CliResult r = run_info({(tmp / "junk.shp").string()}, tmp);
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("junk.shp: not a shapefile"), std::string::npos) << r.err;
    const CliResult missing = run_info({(tmp / "nothere.shp").string()}, tmp);
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("nothere.shp"), std::string::npos) << missing.err;
}

TEST(CliInfo, UsageErrorExitsTwo) {
    if (!have_binary()) GTEST_SKIP() << "ATLAS_TEST_BINARY not set";
    TempDir tmp;
    EXPECT_EQ(run_info({}, tmp).code, 2);
    EXPECT_EQ(run_info({"a.shp", "--no-such-flag"}, tmp).code, 2);
}
