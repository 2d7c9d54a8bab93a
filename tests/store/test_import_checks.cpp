#include <gtest/gtest.h>

#include "core/time.hpp"
#include "store/import.hpp"
#include "store/interchange.hpp"
#include "store_fixtures.hpp"

using namespace atlas;

TEST(ImportFormat, GuessedFromExtensionThenContent) {
    EXPECT_EQ(guess_input_format("a.csv", "{"), InputFormat::Csv);
    EXPECT_EQ(guess_input_format("a.GeoJSON", "id,title"), InputFormat::GeoJson);
    EXPECT_EQ(guess_input_format("a.json", R"({"type": "FeatureCollection", "features": []})"), InputFormat::GeoJson);
    EXPECT_EQ(guess_input_format("a.json", R"([{"date": "03/20/2006"}])"), InputFormat::Timemap);
    EXPECT_EQ(guess_input_format("events", "\xEF\xBB\xBF  {\"events\": []}"), InputFormat::Timemap);
    EXPECT_EQ(guess_input_format("events.txt", "id,title,lat\n"), InputFormat::Csv);
    EXPECT_EQ(input_format_from_string("geojson"), InputFormat::GeoJson);
    EXPECT_FALSE(input_format_from_string("xlsx").has_value());
    EXPECT_TRUE(looks_like_sqlite(std::string("SQLite format 3\0rest", 20)));
    EXPECT_FALSE(looks_like_sqlite("SQLite"));
}

TEST(CheckDataset, SoundDatasetHasNoProblems) {
    Dataset d = atlas::test::sample_dataset();
    for (auto& x : d.excerpts) x.span_begin = x.span_end = -1;
    Diagnostics p = check_dataset(d, "p.atlas");
    for (const auto& x : p.items) ADD_FAILURE() << x.str();
}

TEST(CheckDataset, FindsWhatTheSchemaCannot) {
    Dataset d = atlas::test::sample_dataset();
    // Spans count characters: "Line two" starts at character 17 of the full text.
    d.sources[0].full_text = "Full text, ёлка. Line two with <tags>.";
    d.excerpts[0].span_begin = 17;
    d.excerpts[0].span_end = 25;
    d.excerpts[0].text = "Line two";  // matches
    d.excerpts[2].span_begin = 0;
    d.excerpts[2].span_end = 4;
    d.excerpts[2].text = "Half";  // does not match "Full"
    d.excerpts.push_back(Excerpt{"x4", "src-rferl", "x", 30, 99, ""});  // past the end
    d.events[1].excerpt_ids.clear();                                   // rests on nothing
    d.events[2].location.lat = 51.1;                                   // Astana, but "building"
    d.stories[0].slides[0].highlighted_event_ids.push_back("gone");
    Diagnostics p = check_dataset(d, "p.atlas");
    std::string all;
    for (const auto& x : p.items) all += x.str() + "\n";
    EXPECT_EQ(p.size(), 4u) << all;
    EXPECT_EQ(events_without_excerpts(d), 1u);
    EXPECT_NE(all.find("p.atlas: excerpt x3: is not the source text at its span [0, 4)"), std::string::npos) << all;
    EXPECT_NE(all.find("excerpt x4: span [30, 99) runs past the end of the source text (38 characters)"),
              std::string::npos) << all;
    EXPECT_EQ(all.find("ev-mosque-wall"), std::string::npos) << "no excerpt yet is accepted, as by import" << all;
    EXPECT_NE(all.find("event ev-akimat-decision location: is outside Almaty's city limits"), std::string::npos) << all;
    EXPECT_NE(all.find("story story-2006 slide 1: highlights event 'gone'"), std::string::npos) << all;
    EXPECT_EQ(all.find("excerpt x1:"), std::string::npos) << "the matching span is fine";
}

// Validate and import apply one set of rules to an event: the city limits and
// the time's range included, so a row import refuses is one validate reports.
TEST(CheckEvent, CityLimitsAndTimeRangeAreRowRules) {
    Event e = atlas::test::sample_dataset().events.front();
    Diagnostics ok;
    EXPECT_TRUE(check_event(e, Diagnostic{"in.csv", 2, {}, {}}, ok)) << (ok.empty() ? "" : ok.items[0].str());
    Event astana = e;
    astana.location.lat = 51.1;
    Diagnostics d1;
    EXPECT_FALSE(check_event(astana, Diagnostic{"in.csv", 3, {}, {}}, d1));
    ASSERT_EQ(d1.size(), 1u);
    EXPECT_NE(d1.items[0].str().find("in.csv:3: location: is outside Almaty's city limits"), std::string::npos)
        << d1.items[0].str();
    astana.location.precision = LocationPrecision::Outside;
    Diagnostics d2;
    EXPECT_TRUE(check_event(astana, Diagnostic{"in.csv", 3, {}, {}}, d2)) << "marked as outside: fine";
    Event ancient = e;
    ancient.time.begin = make_time(1000) - 86400 * 365;
    Diagnostics d3;
    EXPECT_FALSE(check_event(ancient, Diagnostic{"in.csv", 4, {}, {}}, d3));
    EXPECT_NE(d3.items.at(0).str().find("time: lies outside the years 1000 to 2999"), std::string::npos);
    Event empty = e;
    empty.time.end = empty.time.begin;
    Diagnostics d4;
    EXPECT_FALSE(check_event(empty, Diagnostic{"in.csv", 5, {}, {}}, d4));
    EXPECT_NE(d4.items.at(0).str().find("time: its time interval is empty"), std::string::npos);
}

TEST(CheckExcerpts, AnImportNeverRewritesEvidence) {
    const Dataset project = atlas::test::sample_dataset();
    ASSERT_GE(project.excerpts.size(), 2u);
    ImportResult r;
    r.file = "new.geojson";
    r.rows = 1;
    r.data.excerpts = project.excerpts;         // identical: passes
    r.data.excerpts[0].text += " (edited)";     // same id, other quotation
    r.data.excerpts[1].source_id = "src-other";  // same id, other source
    r.data.excerpts.push_back(Excerpt{"brand-new", project.excerpts[0].source_id, "New words", -1, -1, ""});
    ImportResult skipping = r;
    check_excerpts_unchanged(r, project, ImportOptions{false});
    ASSERT_EQ(r.problems.size(), 2u);
    EXPECT_EQ(r.problems.items[0].str(), "new.geojson: excerpts: excerpt '" + project.excerpts[0].id +
                                             "' is already in the project with a different quotation; an import never "
                                             "rewrites evidence other events rest on: give the new excerpt its own id");
    EXPECT_NE(r.problems.items[1].message.find("a different source ('" + project.excerpts[1].source_id + "')"),
              std::string::npos);
    EXPECT_TRUE(r.data.excerpts.empty()) << "without --skip-bad nothing is imported";

    check_excerpts_unchanged(skipping, project, ImportOptions{true});
    EXPECT_EQ(skipping.problems.size(), 2u);
    ASSERT_EQ(skipping.data.excerpts.size(), project.excerpts.size() - 1);
    for (const Excerpt& x : skipping.data.excerpts) {
        const Excerpt* had = project.find_excerpt(x.id);
        if (had) EXPECT_EQ(*had, x) << "only unchanged excerpts pass";
        else EXPECT_EQ(x.id, "brand-new");
    }
}

TEST(CheckDataset, EveryColumnOfAProjectWrittenByAnotherToolIsChecked) {
    Dataset d = atlas::test::sample_dataset();
    for (auto& x : d.excerpts) x.span_begin = x.span_end = -1;
    d.events[0].location.lat = 999;
    d.events[1].category.clear();
    d.events[2].time.end = d.events[2].time.begin - 10;
    Diagnostics p = check_dataset(d, "other.atlas");
    std::string all;
    for (const auto& x : p.items) all += x.str() + "\n";
    EXPECT_NE(all.find("other.atlas: event " + d.events[0].id + " lat: latitude must be a number from -90 to 90"),
              std::string::npos) << all;
    EXPECT_NE(all.find("other.atlas: event " + d.events[1].id + " category: missing category"), std::string::npos) << all;
    EXPECT_NE(all.find("other.atlas: event " + d.events[2].id + " time: ends before it begins"), std::string::npos) << all;
}
