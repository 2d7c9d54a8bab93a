// The import, export and validate subcommands, run as the user runs them: the
// built binary (ATLAS_TEST_BINARY), its exit code, stdout and stderr.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "cli/cli_runner.hpp"
#include "store/csv.hpp"
#include "store/project.hpp"
#include "store/store_fixtures.hpp"

using namespace atlas;
using atlas::test::read_file;
using atlas::test::TempDir;
using atlas::test::write_file;

namespace {

using Result = atlas::test::CliResult;

class CliData : public ::testing::Test {
protected:
    void SetUp() override {
        if (atlas::test::cli_binary().empty()) GTEST_SKIP() << "ATLAS_TEST_BINARY is not set (run through ctest)";
    }
    Result run(const std::vector<std::string>& args) { return atlas::test::run_cli({args, dir_.path(), {}, {}}); }
    // As run(), with standard output sent to `stdout_path` (a file, or a device such as /dev/full).
    Result run_to(const std::vector<std::string>& args, const std::string& stdout_path) {
        return atlas::test::run_cli({args, dir_.path(), {}, stdout_path});
    }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    // The files a creating import fills before it names them (NAME.atlas.part-PID).
    std::vector<std::string> part_files() const {
        std::vector<std::string> out;
        for (const auto& e : std::filesystem::directory_iterator(dir_.path()))
            if (e.path().filename().string().find(".part") != std::string::npos) out.push_back(e.path().filename());
        std::sort(out.begin(), out.end());
        return out;
    }

    TempDir dir_;
};

const char* kGood =
    "id,title,category,time,lat,lon,tags\n"
    "e1,Clash at Shanyrak,eviction,2006-07-14,43.3329,76.8605,shanyrak\n"
    "e2,Akimat orders clearance,decision,2006-04-05T10:30,43.238,76.945,\n";

const char* kBad =
    "id,title,category,time,lat,lon,tags\n"
    "e3,Fine row,protest,2006-05-01,43.25,76.9,\n"
    "e4,Bad date,protest,2006-02-30,43.25,76.9,\n"
    "e5,Bad lat,protest,2006-05-01,north,76.9,\n";

}  // namespace

TEST_F(CliData, HelpForEachSubcommand) {
    for (const char* sub : {"import", "export", "validate"}) {
        Result r = run({sub, "--help"});
        EXPECT_EQ(r.code, 0) << sub;
        EXPECT_NE(r.out.find("Usage:"), std::string::npos) << sub << r.out;
    }
}

TEST_F(CliData, UsageErrorsExitTwo) {
    EXPECT_EQ(run({"import"}).code, 2);
    EXPECT_EQ(run({"import", path("p.atlas")}).code, 2);
    EXPECT_EQ(run({"export", path("p.atlas")}).code, 2);  // --format is required
    Result bad_format = run({"export", path("p.atlas"), "--format", "xls"});
    EXPECT_EQ(bad_format.code, 2);
    EXPECT_NE(bad_format.err.find("--format"), std::string::npos) << bad_format.err;
    EXPECT_EQ(run({"import", path("p.atlas"), "x.csv", "--format", "xlsx"}).code, 2);
    EXPECT_EQ(run({"validate"}).code, 2);
    write_file(dir_ / "good.csv", kGood);
    ASSERT_EQ(run({"import", path("p.atlas"), path("good.csv"), "--create"}).code, 0);
    Result bad_date = run({"export", path("p.atlas"), "--format", "csv", "--from", "the thirtieth of never"});
    EXPECT_EQ(bad_date.code, 2);
    EXPECT_NE(bad_date.err.find("--from"), std::string::npos) << bad_date.err;
}

TEST_F(CliData, ImportExportReimport) {
    write_file(dir_ / "good.csv", kGood);
    Result missing = run({"import", path("p.atlas"), path("good.csv")});
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("p.atlas: no such project file"), std::string::npos) << missing.err;

    Result first = run({"import", path("p.atlas"), path("good.csv"), "--create"});
    ASSERT_EQ(first.code, 0) << first.err;
    EXPECT_NE(first.out.find("imported 2 events"), std::string::npos) << first.out;

    Result csv = run({"export", path("p.atlas"), "--format", "csv", "--out", path("out.csv")});
    ASSERT_EQ(csv.code, 0) << csv.err;
    ImportResult back = import_csv(read_file(dir_ / "out.csv"), "out.csv");
    ASSERT_TRUE(back.problems.empty());
    ASSERT_EQ(back.data.events.size(), 2u);
    EXPECT_EQ(back.data.events[0].id, "e2");  // time order

    Result again = run({"import", path("p.atlas"), path("out.csv")});
    ASSERT_EQ(again.code, 0) << again.err;
    EXPECT_NE(again.out.find("0 added, 0 updated, 2 unchanged"), std::string::npos) << again.out;

    Result geo = run({"export", path("p.atlas"), "--format", "geojson", "--out", path("out.geojson")});
    ASSERT_EQ(geo.code, 0) << geo.err;
    Result geo_again = run({"import", path("p.atlas"), path("out.geojson")});
    ASSERT_EQ(geo_again.code, 0) << geo_again.err;
    EXPECT_NE(geo_again.out.find("0 added, 0 updated, 2 unchanged"), std::string::npos) << geo_again.out;
    Project p = Project::open(path("p.atlas"), OpenMode::ReadOnly);
    EXPECT_EQ(p.load().events.size(), 2u);
}

TEST_F(CliData, BadFileImportsNothingUnlessSkipBad) {
    write_file(dir_ / "good.csv", kGood);
    write_file(dir_ / "bad.csv", kBad);
    ASSERT_EQ(run({"import", path("p.atlas"), path("good.csv"), "--create"}).code, 0);
    const std::string before = read_file(dir_ / "p.atlas");

    Result bad = run({"import", path("p.atlas"), path("bad.csv")});
    EXPECT_EQ(bad.code, 1);
    std::istringstream lines(bad.err);
    std::string l1, l2, l3;
    std::getline(lines, l1);
    std::getline(lines, l2);
    std::getline(lines, l3);
    EXPECT_EQ(l1.rfind(path("bad.csv") + ":3: time: ", 0), 0u) << bad.err;
    EXPECT_EQ(l2.rfind(path("bad.csv") + ":4: lat: ", 0), 0u) << bad.err;
    EXPECT_NE(l3.find("nothing imported"), std::string::npos) << bad.err;
    EXPECT_EQ(read_file(dir_ / "p.atlas"), before);

    Result skip = run({"import", path("p.atlas"), path("bad.csv"), "--skip-bad"});
    EXPECT_EQ(skip.code, 0) << skip.err;
    EXPECT_NE(skip.out.find("2 bad rows skipped"), std::string::npos) << skip.out;
    Project p = Project::open(path("p.atlas"), OpenMode::ReadOnly);
    Dataset d = p.load();
    EXPECT_EQ(d.events.size(), 3u);
    EXPECT_NE(d.find_event("e3"), nullptr);
}

TEST_F(CliData, ExportFiltersAndFormats) {
    write_file(dir_ / "good.csv", kGood);
    write_file(dir_ / "bad.csv", kBad);
    ASSERT_EQ(run({"import", path("p.atlas"), path("good.csv"), path("bad.csv"), "--create", "--skip-bad"}).code, 0);
    Result cat = run({"export", path("p.atlas"), "--format", "geojson", "--category", "eviction"});
    ASSERT_EQ(cat.code, 0);
    EXPECT_NE(cat.out.find("Clash at Shanyrak"), std::string::npos);
    EXPECT_EQ(cat.out.find("Akimat"), std::string::npos);
    Result range = run({"export", path("p.atlas"), "--format", "csv", "--from", "2006-04", "--to", "2006-05"});
    ASSERT_EQ(range.code, 0) << range.err;
    EXPECT_NE(range.out.find("Akimat"), std::string::npos);
    EXPECT_NE(range.out.find("Fine row"), std::string::npos);
    EXPECT_EQ(range.out.find("Clash"), std::string::npos);
    Result search = run({"export", path("p.atlas"), "--format", "citations-md", "--search", "shanyrak clash"});
    ASSERT_EQ(search.code, 0);
    EXPECT_NE(search.out.find("Clash at Shanyrak"), std::string::npos);
    EXPECT_EQ(search.out.find("Akimat"), std::string::npos);
    Result kml = run({"export", path("p.atlas"), "--format", "kml"});
    ASSERT_EQ(kml.code, 0);
    EXPECT_NE(kml.out.find("<kml xmlns=\"http://www.opengis.net/kml/2.2\">"), std::string::npos);
    Result html = run({"export", path("p.atlas"), "--format", "citations-html", "--out", path("c.html")});
    ASSERT_EQ(html.code, 0);
    EXPECT_EQ(read_file(dir_ / "c.html").rfind("<!DOCTYPE html>", 0), 0u);
}

TEST_F(CliData, ExportFromBadProjectsFailsWithOneLine) {
    write_file(dir_ / "text.atlas", "not a database");
    Result r = run({"export", path("text.atlas"), "--format", "csv"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, path("text.atlas") + ": not an Almaty Atlas project (not an SQLite database)\n");
    EXPECT_EQ(r.out, "");
    Result missing = run({"export", path("none.atlas"), "--format", "csv"});
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("none.atlas: no such project file"), std::string::npos);
}

TEST_F(CliData, Validate) {
    write_file(dir_ / "good.csv", kGood);
    write_file(dir_ / "bad.csv", kBad);
    write_file(dir_ / "broken.geojson", "{\"type\": \"FeatureCollection\",\n\"features\": [}\n");
    Result ok = run({"validate", path("good.csv")});
    EXPECT_EQ(ok.code, 0) << ok.err;
    EXPECT_NE(ok.out.find("good.csv: ok (2 events)"), std::string::npos) << ok.out;
    Result bad = run({"validate", path("bad.csv"), path("broken.geojson")});
    EXPECT_EQ(bad.code, 1);
    EXPECT_NE(bad.err.find("bad.csv:3: time: "), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("bad.csv:4: lat: "), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("broken.geojson:2: malformed JSON"), std::string::npos) << bad.err;

    // A project: what import accepted, validate accepts (events without excerpts are noted).
    ASSERT_EQ(run({"import", path("p.atlas"), path("good.csv"), "--create"}).code, 0);
    Result p = run({"validate", path("p.atlas")});
    EXPECT_EQ(p.code, 0) << p.err;
    EXPECT_NE(p.out.find("p.atlas: ok (2 events; 2 rest on no excerpt yet)"), std::string::npos) << p.out;
    // A CSV citing excerpts that are nowhere: validate says so, as import would.
    write_file(dir_ / "cites.csv", "id,title,category,time,lat,lon,excerpts\ne9,T,protest,2006-05-01,43.25,76.9,x-none\n");
    Result cites = run({"validate", path("cites.csv")});
    EXPECT_EQ(cites.code, 1);
    EXPECT_NE(cites.err.find("cites.csv:2: excerpts: unknown excerpt 'x-none'"), std::string::npos) << cites.err;
    Result into = run({"import", path("p.atlas"), path("cites.csv")});
    EXPECT_EQ(into.code, 1);
    EXPECT_NE(into.err.find("cites.csv:2: excerpts: unknown excerpt 'x-none'"), std::string::npos) << into.err;
    {
        Project sound = Project::open(path("sound.atlas"), OpenMode::CreateIfMissing);
        Dataset d = atlas::test::sample_dataset();
        for (auto& x : d.excerpts) x.span_begin = x.span_end = -1;
        sound.merge(d);
    }
    Result s = run({"validate", path("sound.atlas")});
    EXPECT_EQ(s.code, 0) << s.err;
    write_file(dir_ / "corrupt.atlas", std::string("SQLite format 3\0", 16) + std::string(4000, 'x'));
    Result c = run({"validate", path("corrupt.atlas")});
    EXPECT_EQ(c.code, 1);
    EXPECT_NE(c.err.find("corrupt.atlas: "), std::string::npos) << c.err;
    EXPECT_EQ(run({"validate", path("nothing-here.csv")}).code, 1);
}

// [SECTION] hostile output and arguments

TEST_F(CliData, ExportToAFullDeviceFails) {
    if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
    write_file(dir_ / "good.csv", kGood);
    ASSERT_EQ(run({"import", path("p.atlas"), path("good.csv"), "--create"}).code, 0);
    const std::string before = read_file(dir_ / "p.atlas");
    Result r = run_to({"export", path("p.atlas"), "--format", "geojson"}, "/dev/full");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("standard output: cannot write: No space left on device"), std::string::npos) << r.err;
    Result info = run_to({"validate", path("good.csv")}, "/dev/full");
    EXPECT_EQ(info.code, 1) << "what any command prints is checked";
    EXPECT_EQ(read_file(dir_ / "p.atlas"), before);
    for (const char* flag : {"--help", "--version"}) {
        Result r2 = run_to({flag}, "/dev/full");
        EXPECT_EQ(r2.code, 1) << flag << ": help and version text is output too";
        EXPECT_NE(r2.err.find("standard output: cannot write"), std::string::npos) << flag << ": " << r2.err;
        EXPECT_EQ(run({flag}).code, 0) << flag;
    }
}

TEST_F(CliData, ExportOutIsWrittenAsWhatItIs) {
    write_file(dir_ / "good.csv", kGood);
    ASSERT_EQ(run({"import", path("p.atlas"), path("good.csv"), "--create"}).code, 0);
    std::filesystem::create_directory(dir_ / "folder");
    Result folder = run({"export", path("p.atlas"), "--format", "csv", "--out", path("folder")});
    EXPECT_EQ(folder.code, 1);
    EXPECT_NE(folder.err.find(path("folder") + ": cannot write: it is a folder"), std::string::npos) << folder.err;
    EXPECT_EQ(folder.err.find("Success"), std::string::npos) << folder.err;
    EXPECT_TRUE(std::filesystem::is_directory(dir_ / "folder"));

    Result devnull = run({"export", path("p.atlas"), "--format", "kml", "--out", "/dev/null"});
    EXPECT_EQ(devnull.code, 0) << devnull.err;
    EXPECT_TRUE(std::filesystem::is_character_file("/dev/null"));

    write_file(dir_ / "real.csv", "old");
    std::filesystem::permissions(dir_ / "real.csv", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::filesystem::create_symlink("real.csv", dir_ / "link.csv");
    Result link = run({"export", path("p.atlas"), "--format", "csv", "--out", path("link.csv")});
    EXPECT_EQ(link.code, 0) << link.err;
    EXPECT_TRUE(std::filesystem::is_symlink(dir_ / "link.csv"));
    EXPECT_NE(read_file(dir_ / "real.csv").find("e1"), std::string::npos);
    EXPECT_EQ(std::filesystem::status(dir_ / "real.csv").permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST_F(CliData, FailedCreateLeavesNoFileAndUnusableHeaderFailsEvenWithSkipBad) {
    write_file(dir_ / "bad.csv", kBad);
    Result bad = run({"import", path("new.atlas"), path("bad.csv"), "--create"});
    EXPECT_EQ(bad.code, 1);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "new.atlas")) << "a failed --create import leaves no project file";
    EXPECT_EQ(part_files(), std::vector<std::string>{}) << "nor the file it was filling";

    Result missing = run({"import", path("new.atlas"), path("absent.csv"), "--create"});
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("nothing imported: 1 input file could not be read"), std::string::npos) << missing.err;
    EXPECT_EQ(missing.err.find("0 problems"), std::string::npos) << missing.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "new.atlas"));

    write_file(dir_ / "header.csv", "name,when,where\nx,y,z\n");
    Result header = run({"import", path("new.atlas"), path("header.csv"), "--create", "--skip-bad"});
    EXPECT_EQ(header.code, 1) << header.out;
    EXPECT_NE(header.err.find("header.csv has no readable rows"), std::string::npos) << header.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "new.atlas"));

    // A sound header, every row bad: --skip-bad has nothing left to import.
    write_file(dir_ / "all_bad.csv", "id,title,category,time,lat,lon\na,A,protest,2006-02-30,43.3,76.9\n"
                                     "b,B,protest,2006-04-05,999,76.9\n");
    Result all_bad = run({"import", path("new.atlas"), path("all_bad.csv"), "--create", "--skip-bad"});
    EXPECT_EQ(all_bad.code, 1) << all_bad.out;
    EXPECT_NE(all_bad.err.find("nothing imported"), std::string::npos) << all_bad.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "new.atlas"));
}

// A CSV streams into the project: its rows are checked as they arrive, a
// repeated id by the line that first gave it, and excerpts may come from a
// file named after it on the command line.
TEST_F(CliData, StreamedImportChecksEveryRowAsItArrives) {
    std::string big = "id,title,category,time,lat,lon,tags,excerpts\n";
    for (int i = 0; i < 3000; ++i)
        big += "ev-" + std::to_string(i) + ",Row " + std::to_string(i) + ",protest,2006-04-05,43.3,76.9,t" +
               std::to_string(i % 7) + ",\n";
    big += "ev-17,Seventeen again,protest,2006-04-05,43.3,76.9,,\n";  // line 3002
    big += "ev-cites,Cites x1,arrest,2006-04-05,43.3,76.9,,x1\n";      // line 3003
    write_file(dir_ / "big.csv", big);
    {
        Project sound = Project::open(path("sound.atlas"), OpenMode::CreateIfMissing);
        sound.merge(atlas::test::sample_dataset());
    }
    ASSERT_EQ(run_to({"export", path("sound.atlas"), "--format", "geojson"}, path("evidence.geojson")).code, 0);

    // Without the evidence file, the row citing x1 is a fault, and so is the repeated id.
    Result alone = run({"import", path("p.atlas"), path("big.csv"), "--create"});
    EXPECT_EQ(alone.code, 1);
    EXPECT_NE(alone.err.find(path("big.csv") + ":3002: id: 'ev-17' is already used on line 19"), std::string::npos)
        << alone.err;
    EXPECT_NE(alone.err.find(path("big.csv") + ":3003: excerpts: unknown excerpt 'x1'"), std::string::npos) << alone.err;
    EXPECT_NE(alone.err.find("nothing imported: 2 problems"), std::string::npos) << alone.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "p.atlas"));
    EXPECT_EQ(part_files(), std::vector<std::string>{});

    // With it (named after the CSV), only the repeated id is left; --skip-bad keeps the rest.
    Result both = run({"import", path("p.atlas"), path("big.csv"), path("evidence.geojson"), "--create", "--skip-bad"});
    EXPECT_EQ(both.code, 0) << both.err;
    EXPECT_NE(both.err.find(":3002: id: 'ev-17'"), std::string::npos) << both.err;
    EXPECT_EQ(both.err.find("unknown excerpt"), std::string::npos) << both.err;
    EXPECT_NE(both.out.find("; 1 bad row skipped"), std::string::npos) << both.out;
    Project p = Project::open(path("p.atlas"), OpenMode::ReadOnly);
    const Dataset d = p.load();
    const size_t shipped_events = atlas::test::sample_dataset().events.size();
    EXPECT_EQ(d.events.size(), 3001 + shipped_events);
    ASSERT_NE(d.find_event("ev-17"), nullptr);
    EXPECT_EQ(d.find_event("ev-17")->title, "Row 17") << "the first row with an id is the one kept";
    ASSERT_NE(d.find_event("ev-cites"), nullptr);
    EXPECT_EQ(d.find_event("ev-cites")->excerpt_ids, std::vector<std::string>{"x1"});
    EXPECT_EQ(p.search("Row 2999"), std::vector<std::string>{"ev-2999"});
    EXPECT_EQ(p.search("t6").size(), 3000u / 7);
    EXPECT_EQ(part_files(), std::vector<std::string>{});

    // What a killed import left is cleared by the next one; a live import's file is not touched.
    write_file(dir_ / "q.atlas.part-999999999", "left by a process that has gone");
    write_file(dir_ / "q.atlas.part-999999999-wal", "and its log");
    write_file(dir_ / "q.atlas.part-999999999.writer", "and its note");
    const std::string live = "q.atlas.part-" + std::to_string(::getpid());
    write_file(dir_ / live, "being filled");
    Result q = run({"import", path("q.atlas"), path("evidence.geojson"), "--create"});
    EXPECT_EQ(q.code, 0) << q.err;
    EXPECT_EQ(part_files(), std::vector<std::string>{live});
    EXPECT_EQ(read_file(dir_ / live), "being filled");

    // Into an existing project: the same rows again change nothing.
    Result again = run({"import", path("p.atlas"), path("big.csv"), path("evidence.geojson"), "--skip-bad"});
    EXPECT_EQ(again.code, 0) << again.err;
    EXPECT_NE(again.out.find("0 added, 0 updated"), std::string::npos) << again.out;
}

TEST_F(CliData, NegativeCountsAndDurationsAreUsageErrors) {
    const std::string out = path("frames");
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"snapshot", "--out", path("x.png"), "--slide", "-1"},
             {"snapshot", "--out", path("x.png"), "--slide", "0"},
             {"animate", "--out", out, "--story", "s", "--hold", "-1"},
             {"animate", "--out", out, "--story", "s", "--hold", "1e9"},
             {"animate", "--out", out, "--window-width", "-3"},
             {"animate", "--out", out, "--window-width", "0"},
             {"animate", "--out", out, "--fps", "240", "--duration", "3600"},
         }) {
        Result r = run(args);
        std::string joined;
        for (const auto& a : args) joined += a + " ";
        EXPECT_EQ(r.code, 2) << joined << "\n" << r.err;
        EXPECT_FALSE(std::filesystem::exists(out)) << joined << ": refused before any frame";
        EXPECT_FALSE(std::filesystem::exists(dir_ / "x.png")) << joined;
    }
    Result narrow = run({"animate", "--out", out, "--window-width", "-3"});
    EXPECT_NE(narrow.err.find("--window-width: expected days in (0, 36500]"), std::string::npos) << narrow.err;
    Result big = run({"animate", "--out", out, "--fps", "240", "--duration", "3600"});
    EXPECT_NE(big.err.find("864000 frames"), std::string::npos) << big.err;
}

TEST_F(CliData, ValidateOfAShapefileChecksItAsALayer) {
    write_file(dir_ / "x.shp", "not a shapefile at all, but long enough to have a header of one hundred bytes......"
                               "...........................");
    Result r = run({"validate", path("x.shp")});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("x.shp: not a shapefile"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("required column"), std::string::npos) << r.err;
}

TEST_F(CliData, SymbolicLinkLoopsAreNamedAsSuchByEveryCommand) {
    std::filesystem::create_symlink("b.csv", dir_ / "a.csv");
    std::filesystem::create_symlink("a.csv", dir_ / "b.csv");
    std::filesystem::create_symlink("q.atlas", dir_ / "p.atlas");
    std::filesystem::create_symlink("p.atlas", dir_ / "q.atlas");
    write_file(dir_ / "good.csv", kGood);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"validate", path("a.csv")},
             {"import", "--create", path("new.atlas"), path("a.csv")},
             {"import", path("p.atlas"), path("good.csv")},
             {"export", path("p.atlas"), "--format", "csv"},
             {"info", path("p.atlas")}}) {
        const Result r = run(args);
        SCOPED_TRACE(args[0] + " " + args[1]);
        EXPECT_EQ(r.code, 1);
        EXPECT_NE(r.err.find("symbolic links form a loop"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("no such"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("missing"), std::string::npos) << r.err;
    }
    // A file that is not there is said to be missing, not unreadable.
    const Result r = run({"validate", path("none.csv")});
    EXPECT_NE(r.err.find("none.csv: no such file"), std::string::npos) << r.err;
}
