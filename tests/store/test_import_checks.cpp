#include <gtest/gtest.h>

#include "store/import.hpp"
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
    EXPECT_EQ(p.size(), 5u) << all;
    EXPECT_NE(all.find("p.atlas: excerpt x3: is not the source text at its span [0, 4)"), std::string::npos) << all;
    EXPECT_NE(all.find("excerpt x4: span [30, 99) runs past the end of the source text (38 characters)"),
              std::string::npos) << all;
    EXPECT_NE(all.find("event ev-mosque-wall: rests on no excerpt"), std::string::npos) << all;
    EXPECT_NE(all.find("event ev-akimat-decision: is outside Almaty's city limits"), std::string::npos) << all;
    EXPECT_NE(all.find("story story-2006 slide 1: highlights event 'gone'"), std::string::npos) << all;
    EXPECT_EQ(all.find("excerpt x1:"), std::string::npos) << "the matching span is fine";
}
