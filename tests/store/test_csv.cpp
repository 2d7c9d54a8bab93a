#include <gtest/gtest.h>

#include <algorithm>

#include "store/csv.hpp"
#include "store/geojson.hpp"
#include "core/utf8.hpp"
#include "store/project.hpp"
#include "store_fixtures.hpp"

using namespace atlas;
using atlas::test::all_problems;
using atlas::test::has_problem;
using atlas::test::ids_of;

namespace {


const char* kHeader = "id,title,category,time,lat,lon,location_precision,tags\n";



}  // namespace

TEST(Csv, ExportHasBomCrlfAndDocumentedHeader) {
    Dataset d = atlas::test::sample_dataset();
    std::string csv = export_csv(d, ids_of(d));
    ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
    std::string header;
    for (const auto& c : csv_columns()) header += (header.empty() ? "" : ",") + c;
    EXPECT_EQ(csv.substr(3, header.size() + 2), header + "\r\n");
    EXPECT_EQ(csv_columns().size(), 25u);
    EXPECT_EQ(csv_columns().back(), "wkt");
    EXPECT_NE(csv.find("\"Eviction attempt met with resistance,\nseveral injured; \"\"quotes\"\" and, commas.\""),
              std::string::npos);
    EXPECT_NE(csv.find("Шаңырақ: стена мечети снесена"), std::string::npos);
}

TEST(Csv, RoundTripKeepsEveryEventField) {
    Dataset d = atlas::test::sample_dataset();
    ImportResult r = import_csv(export_csv(d, ids_of(d)), "events.csv");
    ASSERT_TRUE(r.problems.empty()) << all_problems(r);
    ASSERT_EQ(r.data.events.size(), d.events.size());
    for (size_t i = 0; i < d.events.size(); ++i) EXPECT_EQ(r.data.events[i], d.events[i]) << d.events[i].id;
    EXPECT_EQ(r.event_lines[0], 2);
    EXPECT_EQ(r.event_lines[1], 4);  // the first record spans lines 2-3
}

TEST(Csv, QuotesNewlinesCommasCyrillicAndFormulasRoundTrip) {
    Dataset d = atlas::test::sample_dataset();
    Event& e = d.events[0];
    e.title = "=HYPERLINK(\"http://evil\",\"click\")";
    e.description = "line one\r\nline two, \"quoted\"\n\nШаңырақ, Алматы";
    e.note = "'=already guarded?";
    e.location.place_name = "-5 metres from the corner";
    e.actors = {"@akimat", "+residents"};
    e.location.geocoding_note = " leading and trailing spaces ";
    std::string csv = export_csv(d, {e.id});
    EXPECT_NE(csv.find(",\"'=HYPERLINK("), std::string::npos) << "formula cell must be defused";
    ImportResult r = import_csv(csv, "f.csv");
    ASSERT_TRUE(r.problems.empty()) << all_problems(r);
    ASSERT_EQ(r.data.events.size(), 1u);
    EXPECT_EQ(r.data.events[0], e);
}

TEST(Csv, ReadsWithoutBomLfAndBlankLinesAndColumnsInAnyOrder) {
    std::string csv = std::string("lon,lat,title,time,category\n") + "76.9,43.25,First,2006-07-14,protest\n\n" +
                      "76.95,43.3,Second,March 2006,eviction\n";
    ImportResult r = import_csv(csv, "x.csv");
    ASSERT_TRUE(r.problems.empty()) << all_problems(r);
    ASSERT_EQ(r.data.events.size(), 2u);
    EXPECT_EQ(r.data.events[1].title, "Second");
    EXPECT_EQ(r.data.events[1].time.precision, TimePrecision::Month);
    EXPECT_EQ(r.data.events[0].location.precision, LocationPrecision::City);
    EXPECT_EQ(r.event_lines[1], 4);
}

TEST(Csv, EventsWithoutIdGetStableIds) {
    std::string csv = std::string("title,time,lat,lon,category\n") + "A,2006-07-14,43.2,76.9,protest\n" +
                      "B,2006-07-14,43.2,76.9,protest\n";
    ImportResult a = import_csv(csv, "x.csv");
    ImportResult b = import_csv(csv, "x.csv");
    ASSERT_EQ(a.data.events.size(), 2u);
    EXPECT_EQ(a.data.events[0].id, b.data.events[0].id);
    EXPECT_NE(a.data.events[0].id, a.data.events[1].id);
    EXPECT_EQ(a.data.events[0].id.rfind("ev-", 0), 0u);
}

TEST(Csv, BadRowsAreReportedWithLineAndField) {
    std::string csv = std::string(kHeader) +
                      "e1,Good,protest,2006-07-14,43.25,76.9,street,a;b\n"          // 2
                      "e2,Bad time,protest,2006-02-30,43.25,76.9,street,\n"         // 3
                      "e3,Bad lat,protest,2006-07-14,abc,76.9,street,\n"            // 4
                      "e4,\"Multi\nline title\",protest,2006-07-14,95,76.9,street,\n"  // 5-6: lat out of range
                      "e5,,protest,2006-07-14,43.25,76.9,street,\n"                 // 7: missing title
                      "e6,Bad precision,protest,2006-07-14,43.25,76.9,roughly,\n"   // 8
                      "e7,NaN lon,protest,2006-07-14,43.25,nan,street,\n"           // 9
                      "e8,Too few fields,protest\n"                                 // 10
                      "e1,Duplicate,protest,2006-07-14,43.25,76.9,street,\n"        // 11
                      "e9,Good too,decision,March 2006,43.2,76.95,,\n";             // 12
    ImportResult r = import_csv(csv, "bad.csv");
    EXPECT_TRUE(r.data.events.empty()) << "a file with errors imports nothing";
    EXPECT_TRUE(has_problem(r, 3, "time")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 4, "lat")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 5, "lat")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 7, "title")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 8, "location_precision")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 9, "lon")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 10, "")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 11, "id")) << all_problems(r);
    EXPECT_EQ(r.problems.size(), 8u) << all_problems(r);
    EXPECT_EQ(r.problems.items[0].str().rfind("bad.csv:3: time: ", 0), 0u) << r.problems.items[0].str();

    ImportResult skip = import_csv(csv, "bad.csv", ImportOptions{true});
    EXPECT_EQ(skip.problems.size(), 8u);
    ASSERT_EQ(skip.data.events.size(), 2u);
    EXPECT_EQ(skip.data.events[0].id, "e1");
    EXPECT_EQ(skip.data.events[0].tags, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(skip.data.events[1].id, "e9");
    EXPECT_EQ(skip.skipped, 8);
    EXPECT_EQ(skip.rows, 10);
}

TEST(Csv, MissingColumnsAndBrokenQuoting) {
    ImportResult r = import_csv("id,title,time\ne1,x,2006\n", "cols.csv", ImportOptions{true});
    EXPECT_TRUE(r.data.events.empty());
    EXPECT_TRUE(has_problem(r, 1, "lat"));
    EXPECT_TRUE(has_problem(r, 1, "category"));

    ImportResult empty = import_csv("", "empty.csv");
    EXPECT_EQ(empty.problems.size(), 1u);

    std::string csv = std::string(kHeader) + "e1,\"never closed,protest,2006,43,76,city,\n";
    ImportResult q = import_csv(csv, "q.csv");
    EXPECT_TRUE(has_problem(q, 2, "")) << all_problems(q);
    ImportResult after = import_csv(std::string(kHeader) + "e1,\"x\"y,protest,2006,43,76,city,\n", "q.csv");
    EXPECT_TRUE(has_problem(after, 2, "")) << all_problems(after);
}

TEST(Csv, InvalidUtf8IsReported) {
    std::string csv = std::string(kHeader) + "e1,\xC3\x28 bad,protest,2006,43.2,76.9,city,\n";
    ImportResult r = import_csv(csv, "cp1251.csv");
    EXPECT_TRUE(has_problem(r, 2, "title")) << all_problems(r);
}

TEST(Csv, ReimportIntoProjectAddsNothing) {
    atlas::test::TempDir dir;
    Project p = Project::open(dir / "p.atlas", OpenMode::CreateIfMissing);
    Dataset d = atlas::test::sample_dataset();
    p.merge(d);
    const Dataset before = p.load();
    ImportResult r = import_csv(export_csv(before, ids_of(before)), "again.csv");
    ASSERT_TRUE(r.problems.empty()) << all_problems(r);
    check_references(r, before, {});
    ASSERT_TRUE(r.problems.empty()) << all_problems(r);
    MergeStats s = p.merge(r.data);
    EXPECT_EQ(s.added, 0);
    EXPECT_EQ(s.updated, 0);
    EXPECT_EQ(s.unchanged, 3);
    const Dataset after = p.load();
    ASSERT_EQ(after.events.size(), before.events.size());
    for (size_t i = 0; i < after.events.size(); ++i) EXPECT_EQ(after.events[i], before.events[i]);
}

TEST(Csv, UnknownExcerptReferencesAreProblems) {
    Dataset d = atlas::test::sample_dataset();
    ImportResult r = import_csv(export_csv(d, ids_of(d)), "refs.csv");
    ASSERT_TRUE(r.problems.empty());
    Dataset only_x1;
    only_x1.excerpts.push_back(d.excerpts[0]);
    ImportResult skip = r;
    check_references(r, only_x1, {});
    EXPECT_TRUE(r.data.events.empty());
    EXPECT_TRUE(has_problem(r, 2, "excerpts")) << all_problems(r);  // x2 unknown
    EXPECT_TRUE(has_problem(r, 4, "excerpts")) << all_problems(r);  // x3 unknown
    check_references(skip, only_x1, ImportOptions{true});
    ASSERT_EQ(skip.data.events.size(), 1u);
    EXPECT_EQ(skip.data.events[0].id, "ev-akimat-decision");
}

TEST(CsvImport, Utf16AndUtf32AreNamedNotMisreadAsMissingColumns) {
    const std::string utf8 = "id,title,category,time,lat,lon\ne1,T,protest,2006-05-01,43.25,76.9\n";
    // Each character in wide units, little- or big-endian.
    const auto wide = [&](size_t width, bool little) {
        std::string out;
        for (char c : utf8) {
            std::string unit(width, '\0');
            unit[little ? 0 : width - 1] = c;
            out += unit;
        }
        return out;
    };
    ImportResult r = import_csv("\xFF\xFE" + wide(2, true), "excel.csv", ImportOptions{true});
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems.items[0].str(), "excel.csv:1: the file is UTF-16 text (little-endian): save it as CSV in UTF-8");
    EXPECT_EQ(r.rows, 0);
    const std::pair<std::string, std::string> cases[] = {
        {wide(2, true), "UTF-16 text (little-endian)"},
        {"\xFE\xFF" + wide(2, false), "UTF-16 text (big-endian)"},
        {wide(2, false), "UTF-16 text (big-endian)"},
        {std::string("\xFF\xFE\0\0", 4) + wide(4, true), "UTF-32 text (little-endian)"},
        {std::string("\0\0\xFE\xFF", 4) + wide(4, false), "UTF-32 text (big-endian)"},
        {wide(4, true), "UTF-32 text (little-endian)"},
        {wide(4, false), "UTF-32 text (big-endian)"},
        {std::string("\0\0\0\0binary", 10), "not text (it holds NUL bytes)"},
    };
    for (const auto& [bytes, named] : cases) {
        r = import_csv(bytes, "x.csv");
        ASSERT_EQ(r.problems.size(), 1u) << named;
        EXPECT_EQ(r.problems.items[0].message, "the file is " + named + ": save it as CSV in UTF-8");
    }
    // A UTF-8 byte-order mark is UTF-8.
    EXPECT_EQ(foreign_text_encoding("\xEF\xBB\xBF" + utf8), "");
    r = import_csv("\xEF\xBB\xBF" + utf8, "bom.csv");
    EXPECT_EQ(r.problems.size(), 0u) << r.problems.items[0].str();
    // JSON readers name the encoding too.
    r = import_geojson("\xFF\xFE" + std::string("{\0}\0", 4), "layer.geojson");
    ASSERT_GE(r.problems.size(), 1u);
    EXPECT_EQ(r.problems.items[0].str(), "layer.geojson:1: the file is UTF-16 text (little-endian): save it as JSON in UTF-8");
}
