// JSON nested far deeper than any of our formats needs (GeoJSON, timemap,
// story JSON) is refused with the line where the nesting goes too deep, not
// parsed, copied or walked until the stack runs out.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "store/dataset_json.hpp"
#include "store/geojson.hpp"
#include "core/json_text.hpp"
#include "store/timemap.hpp"

using namespace atlas;

namespace {

std::string nested_arrays(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string nested_objects(size_t depth) {
    std::string s;
    for (size_t i = 0; i < depth; ++i) s += "{\"a\":";
    s += "1";
    s += std::string(depth, '}');
    return s;
}

std::string feature_with_property(const std::string& value) {
    return "{\"type\": \"FeatureCollection\",\n\"features\": [\n"
           "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [76.9, 43.25]},\n"
           "\"properties\": {\"title\": \"t\", \"deep\": " +
           value + "}}]}\n";
}

}  // namespace

TEST(HostileJson, GeoJsonDeepArraysAreRefusedWithTheLine) {
    const ImportResult r = import_geojson(feature_with_property(nested_arrays(100000)), "deep.geojson");
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems.items[0].str(), "deep.geojson:4: JSON nested more than 64 levels deep (arrays and objects)");
    EXPECT_TRUE(r.data.events.empty());
}

TEST(HostileJson, GeoJsonDeepObjectsAreRefused) {
    const ImportResult r = import_geojson(feature_with_property(nested_objects(70000)), "deep.geojson");
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_NE(r.problems.items[0].message.find("nested more than 64"), std::string::npos);
}

TEST(HostileJson, NestingWithinTheBoundIsAcceptedAndBracketsInStringsDoNotCount) {
    // 55 levels inside a property (5 levels of GeoJSON around it) are still read.
    const std::string text = feature_with_property("{\"s\": \"" + std::string(500, '[') + "\", \"v\": " + nested_arrays(55) + "}");
    const ImportResult r = import_geojson(text, "ok.geojson");
    for (const auto& p : r.problems.items) EXPECT_EQ(p.message.find("nested"), std::string::npos) << p.str();
}

TEST(HostileJson, TimemapDeepNestingIsRefused) {
    const std::string text = "[\n{\"title\": \"x\", \"start\": \"2006-01-01\", \"options\": " + nested_arrays(100000) + "}]\n";
    const ImportResult r = import_timemap(text, "deep.json");
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems.items[0].str(), "deep.json:2: JSON nested more than 64 levels deep (arrays and objects)");
}

TEST(HostileJson, StoryJsonDeepNestingIsRefused) {
    const std::string text = "{\"stories\": [\n{\"title\": \"x\", \"slides\": " + nested_objects(70000) + "}]}\n";
    try {
        (void)stories_from_json_text(text, "story.json");
        FAIL() << "a story nested 70000 deep was read";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "story.json:2: JSON nested more than 64 levels deep (arrays and objects)");
    }
}

TEST(HostileJson, NumberOutOfRangeNamesItsLine) {
    Diagnostics d;
    EXPECT_FALSE(parse_json("{\n\"a\": 1,\n\"b\": 1e999}", "big.json", d).has_value());
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d.items[0].line, 3);
    EXPECT_NE(d.items[0].message.find("1e999"), std::string::npos) << d.items[0].message;
}

TEST(HostileJson, MemberNeverCopies) {
    const nlohmann::json doc = {{"a", {1, 2, 3}}};
    EXPECT_EQ(&member(doc, "a"), &doc["a"]);
    EXPECT_TRUE(member(doc, "b").is_null());
    EXPECT_TRUE(member(nlohmann::json(5), "a").is_null());
}
