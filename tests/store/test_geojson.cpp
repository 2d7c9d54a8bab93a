#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_text.hpp"
#include "store/geojson.hpp"
#include "store/project.hpp"
#include "store/timemap.hpp"
#include "store_fixtures.hpp"

using namespace atlas;
using atlas::test::all_problems;
using atlas::test::has_problem;
using atlas::test::ids_of;
using nlohmann::json;

namespace {




std::string feature(const std::string& props, const std::string& coords = "[76.9, 43.25]") {
    return R"({"type":"Feature","geometry":{"type":"Point","coordinates":)" + coords + R"(},"properties":)" + props +
           "}";
}

std::string collection(const std::vector<std::string>& features) {
    // One feature per line, from line 2: messages name the line a feature begins on.
    std::string s = R"({"type":"FeatureCollection","features":[)" "\n";
    for (size_t i = 0; i < features.size(); ++i) s += (i ? ",\n" : "") + features[i];
    return s + "\n]}";
}

}  // namespace

// The export writes feature by feature; its text is what one dump(2) of the
// whole collection writes, empty or not.
TEST(GeoJson, ExportIsLaidOutAsOneIndentedDumpOfTheCollection) {
    Dataset d = atlas::test::sample_dataset();
    for (const std::vector<std::string>& ids : {ids_of(d), std::vector<std::string>{}}) {
        const std::string out = export_geojson(d, ids);
        EXPECT_EQ(out, json::parse(out).dump(2) + "\n");
        EXPECT_EQ(json::parse(out)["features"].size(), ids.size());
    }
}

TEST(GeoJson, ExportIsRfc7946WithEveryProperty) {
    Dataset d = atlas::test::sample_dataset();
    json doc = json::parse(export_geojson(d, ids_of(d)));
    EXPECT_EQ(doc["type"], "FeatureCollection");
    ASSERT_EQ(doc["features"].size(), 3u);
    const json& f = doc["features"][0];
    EXPECT_EQ(f["type"], "Feature");
    EXPECT_EQ(f["geometry"]["type"], "Point");
    EXPECT_DOUBLE_EQ(f["geometry"]["coordinates"][0].get<double>(), 76.8605);  // [lon, lat]
    EXPECT_DOUBLE_EQ(f["geometry"]["coordinates"][1].get<double>(), 43.3329);
    const json& p = f["properties"];
    for (const char* key : {"id", "title", "description", "category", "tags", "actors", "time_text", "time",
                            "time_label", "time_begin", "time_end", "precision", "qualifier", "open_begin",
                            "open_end", "fuzz_begin_s", "fuzz_end_s", "time_note", "place", "place_id",
                            "location_precision", "uncertainty_m", "geocoding_note", "note", "excerpts"})
        EXPECT_TRUE(p.contains(key)) << key;
    // A day stays a date; the end is the last day included.
    EXPECT_EQ(p["time_begin"], "2006-07-14");
    EXPECT_EQ(p["time_end"], "2006-07-14");
    EXPECT_EQ(p["precision"], "day");
    EXPECT_EQ(p["uncertainty_m"], 800.0);
    EXPECT_EQ(p["location_precision"], "neighbourhood");
    ASSERT_EQ(p["excerpts"].size(), 2u);
    const json& x = p["excerpts"][0];
    EXPECT_EQ(x["span_begin"], 12);
    EXPECT_EQ(x["locator"], "paragraph 3");
    EXPECT_EQ(x["source"]["title"], "Shanyrak: a \"shanty town\" stands firm");
    EXPECT_EQ(x["source"]["publisher"], "RFE/RL");
    EXPECT_EQ(x["source"]["date"], "20 March 2006");
    EXPECT_EQ(x["source"]["url"], "https://www.rferl.org/a/1067000.html");
    EXPECT_TRUE(p["excerpts"][1]["span_begin"].is_null());
}

TEST(GeoJson, ExportReimportsToTheSameEventsExcerptsAndSources) {
    Dataset d = atlas::test::sample_dataset();
    ImportResult r = import_geojson(export_geojson(d, ids_of(d)), "out.geojson");
    ASSERT_TRUE(r.problems.empty()) << all_problems(r);
    ASSERT_EQ(r.data.events.size(), 3u);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(r.data.events[i], d.events[i]);
    ASSERT_EQ(r.data.excerpts.size(), 3u);
    for (const auto& x : d.excerpts) {
        ASSERT_NE(r.data.find_excerpt(x.id), nullptr);
        EXPECT_EQ(*r.data.find_excerpt(x.id), x);
    }
    for (Source s : d.sources) {
        s.full_text.clear();  // the article text stays in the project
        ASSERT_NE(r.data.find_source(s.id), nullptr);
        EXPECT_EQ(*r.data.find_source(s.id), s);
    }
    // Into a fresh project, then again: nothing duplicated.
    atlas::test::TempDir dir;
    Project p = Project::open(dir / "g.atlas", OpenMode::CreateIfMissing);
    EXPECT_EQ(p.merge(r.data).added, 3 + 3 + 2);
    MergeStats again = p.merge(import_geojson(export_geojson(d, ids_of(d)), "out.geojson").data);
    EXPECT_EQ(again.added + again.updated, 0);
    EXPECT_EQ(p.load().events.size(), 3u);
}

TEST(GeoJson, MalformedJsonNamesTheLine) {
    ImportResult r = import_geojson("{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n    {,\n  ]\n}\n",
                                    "broken.geojson");
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems.items[0].line, 4) << r.problems.items[0].str();
    EXPECT_NE(r.problems.items[0].message.find("malformed JSON"), std::string::npos);
    ImportResult wrong = import_geojson(R"({"type":"Feature"})", "f.geojson");
    EXPECT_EQ(wrong.problems.size(), 1u);
    EXPECT_EQ(wrong.problems.items[0].field, "type");
}

TEST(GeoJson, BadFeaturesAreReportedByLineAndProperty) {
    const std::string ok = R"({"id":"a","title":"Fine","category":"protest","time":"2006-07-14"})";
    std::string text = collection({
        feature(ok),                                                                                // 1
        feature(R"({"id":"b","title":"T","category":"protest","time":"late 3000s"})"),             // 2 time
        feature(R"({"id":"c","title":"T","category":"protest","time":"2006"})", "[76.9, 95.0]"),   // 3 lat
        feature(R"({"id":"d","title":"T","category":"protest","time":"2006"})", R"(["76.9","43"])"),  // 4 geometry
        feature(R"({"id":"e","category":"protest","time":"2006"})"),                                 // 5 title
        feature(R"({"id":"f","title":"T","category":"protest","time":"2006","location_precision":"near"})"),  // 6
        feature(R"({"id":"g","title":"T","category":"protest","time":"2006","tags":"one"})"),        // 7 tags
        feature(R"({"id":"h","title":"T","category":"protest","time":"2006","excerpts":[{"id":"x","text":"q"}]})"),  // 8
        R"({"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[[1,2],[3,4]]},"properties":)" + ok + "}",  // 9
        feature(R"({"id":"i","title":"T","category":"protest","time":"2006","uncertainty_m":"far"})"),  // 10
    });
    ImportResult r = import_geojson(text, "bad.geojson");  // feature N is on line N + 1
    EXPECT_TRUE(r.data.events.empty());
    EXPECT_TRUE(has_problem(r, 3, "time")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 4, "lat")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 5, "geometry")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 6, "title")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 7, "location_precision")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 8, "tags")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 9, "excerpts.source")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 10, "geometry")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 11, "uncertainty_m")) << all_problems(r);
    EXPECT_FALSE(has_problem(r, 2, "")) << all_problems(r);

    ImportResult skip = import_geojson(text, "bad.geojson", ImportOptions{true});
    ASSERT_EQ(skip.data.events.size(), 1u);
    EXPECT_EQ(skip.data.events[0].id, "a");
    EXPECT_EQ(skip.event_lines[0], 2);  // feature 1, on line 2
}

TEST(JsonLines, ElementsOfTheNamedArrayAreFoundByTheLineTheyBeginOn) {
    // Brackets, braces, commas and a "features" key inside strings, nested
    // arrays, and an earlier member whose value is an array do not count.
    const std::string text =
        "{\"type\": \"FeatureCollection\", \"bbox\": [1, 2,\n 3, 4],\n"
        "  \"note\": \"\\\"features\\\": [ , ] {\",\n"
        "  \"features\": [\n"
        "    {\"a\": [1, [2, 3]], \"s\": \"x,]\"},\n"
        "\n"
        "    {\"b\": {\"features\": [9, 9]}}, 7,\n"
        "    \"text\"\n"
        "  ]}";
    ASSERT_TRUE(json::accept(text)) << text;
    EXPECT_EQ(array_element_lines(text, "features"), (std::vector<int64_t>{5, 7, 7, 8}));
    EXPECT_EQ(array_element_lines("[\n1,\n{\"x\": [2]}\n,3]", ""), (std::vector<int64_t>{2, 3, 4}));
    EXPECT_TRUE(array_element_lines("{\"events\": []}", "events").empty());
    EXPECT_TRUE(array_element_lines("{\"x\": [1]}", "events").empty());
}

// [SECTION] forensic-architecture timemap

TEST(Timemap, ImportsArrayOfEvents) {
    const char* text = R"([
      {"id": 17, "description": "Police cleared the Shanyrak market. Many were hurt.", "date": "07/14/2006",
       "time": "10:30", "location": "Shanyrak", "latitude": "43.3329", "longitude": "76.8605",
       "category": "eviction", "associations": ["shanyrak", "violence"], "sources": ["s1", 2]},
      {"description": "Protest at the akimat", "date": "2006-03-20", "location": "Akimat",
       "latitude": 43.238, "longitude": 76.945, "filters": ["protest", "akimat"]}
    ])";
    ImportResult r = import_timemap(text, "tm.json");
    ASSERT_TRUE(r.problems.empty()) << all_problems(r);
    ASSERT_EQ(r.data.events.size(), 2u);
    const Event& a = r.data.events[0];
    EXPECT_EQ(a.id, "17");
    EXPECT_EQ(a.title, "Police cleared the Shanyrak market");
    EXPECT_EQ(a.category, "eviction");
    EXPECT_EQ(a.tags, (std::vector<std::string>{"shanyrak", "violence"}));
    EXPECT_EQ(a.time.precision, TimePrecision::Hour);
    EXPECT_EQ(a.time.begin, make_time(2006, 7, 14, 10, 30));
    EXPECT_DOUBLE_EQ(a.location.lat, 43.3329);
    EXPECT_EQ(a.location.place_name, "Shanyrak");
    ASSERT_EQ(a.excerpt_ids.size(), 2u);
    ASSERT_EQ(r.data.sources.size(), 2u);
    EXPECT_EQ(r.data.sources[1].title, "2");
    EXPECT_EQ(r.data.find_excerpt(a.excerpt_ids[0])->text, a.description);
    const Event& b = r.data.events[1];
    EXPECT_EQ(b.category, "protest");
    EXPECT_EQ(b.tags, std::vector<std::string>{"akimat"});
    EXPECT_EQ(b.time.precision, TimePrecision::Day);
    EXPECT_EQ(b.id, import_timemap(text, "tm.json").data.events[1].id) << "derived ids are stable";

    // Into a project, twice: no duplicates.
    atlas::test::TempDir dir;
    Project p = Project::open(dir / "tm.atlas", OpenMode::CreateIfMissing);
    p.merge(r.data);
    MergeStats again = p.merge(import_timemap(text, "tm.json").data);
    EXPECT_EQ(again.added + again.updated, 0);
}

TEST(Timemap, ObjectWithSourcesTable) {
    const char* text = R"({"events": [{"id": "e1", "description": "Demolition", "date": "03/20/2006",
        "latitude": 43.25, "longitude": 76.9, "category": "demolition", "sources": ["s9"]}],
      "sources": {"s9": {"title": "Vlast report", "paths": ["https://vlast.kz/x"], "date": "2006"}}})";
    ImportResult r = import_timemap(text, "tm.json");
    ASSERT_TRUE(r.problems.empty()) << all_problems(r);
    ASSERT_EQ(r.data.sources.size(), 1u);
    EXPECT_EQ(r.data.sources[0].title, "Vlast report");
    EXPECT_EQ(r.data.sources[0].url, "https://vlast.kz/x");
}

TEST(Timemap, BadEventsAreReported) {
    const char* text = R"([
      {"id": "ok", "description": "Fine", "date": "07/14/2006", "latitude": 43.2, "longitude": 76.9},
      {"id": "d", "description": "Bad date", "date": "02/30/2006", "latitude": 43.2, "longitude": 76.9},
      {"id": "l", "description": "Bad lat", "date": "07/14/2006", "latitude": "north", "longitude": 76.9},
      {"id": "m", "description": "No lon", "date": "07/14/2006", "latitude": 43.2},
      "not an object"
    ])";
    ImportResult r = import_timemap(text, "tm.json");  // event N begins on line N + 1
    EXPECT_TRUE(r.data.events.empty());
    EXPECT_TRUE(has_problem(r, 3, "date")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 4, "latitude")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 5, "longitude")) << all_problems(r);
    EXPECT_TRUE(has_problem(r, 6, "")) << all_problems(r);
    ImportResult skip = import_timemap(text, "tm.json", ImportOptions{true});
    ASSERT_EQ(skip.data.events.size(), 1u);
    EXPECT_EQ(skip.data.events[0].category, "uncategorised");

    ImportResult broken = import_timemap("[\n{\"id\": }\n]", "tm.json");
    ASSERT_EQ(broken.problems.size(), 1u);
    EXPECT_EQ(broken.problems.items[0].line, 2);
    EXPECT_EQ(import_timemap("{\"x\": 1}", "tm.json").problems.size(), 1u);
}
