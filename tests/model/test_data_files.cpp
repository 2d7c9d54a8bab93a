// What the window's panels and the command line write and read through the
// model: data exports by format, and story files.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/error.hpp"
#include "model/data_export.hpp"
#include "model/story_files.hpp"
#include "store/store_fixtures.hpp"

namespace atlas {
namespace {

TEST(DataExport, FormatNamesAndExtensionsRoundTrip) {
    for (DataFormat f : {DataFormat::Csv, DataFormat::GeoJson, DataFormat::Kml, DataFormat::CitationsMarkdown,
                         DataFormat::CitationsHtml}) {
        const auto back = data_format_from_name(data_format_name(f));
        ASSERT_TRUE(back.has_value()) << data_format_name(f);
        EXPECT_EQ(*back, f);
        EXPECT_EQ(data_format_extension(f)[0], '.');
    }
    EXPECT_FALSE(data_format_from_name("xlsx").has_value());
    EXPECT_FALSE(data_format_from_name("").has_value());
}

TEST(DataExport, EachFormatWritesTheEventsItIsGiven) {
    const Dataset d = test::sample_dataset();
    ASSERT_FALSE(d.events.empty());
    const std::vector<std::string> one = {d.events.front().id};
    const std::string csv = format_events(d, one, DataFormat::Csv, "T");
    EXPECT_NE(csv.find(d.events.front().id), std::string::npos);
    const std::string geojson = format_events(d, one, DataFormat::GeoJson, "T");
    EXPECT_NE(geojson.find("\"FeatureCollection\""), std::string::npos);
    const std::string kml = format_events(d, one, DataFormat::Kml, "My title");
    EXPECT_NE(kml.find("My title"), std::string::npos);
    const std::string md = format_events(d, one, DataFormat::CitationsMarkdown, "My title");
    EXPECT_NE(md.find("My title: sources"), std::string::npos);
    // No events: a valid empty document, not the whole dataset.
    EXPECT_EQ(format_events(d, {}, DataFormat::GeoJson, "T").find(d.events.front().id), std::string::npos);
}

TEST(StoryFiles, WrittenStoriesReadBackAndFaultsNameTheFile) {
    test::TempDir dir;
    const Dataset d = test::sample_dataset();
    ASSERT_FALSE(d.stories.empty());
    write_story_file(dir / "s.json", d.stories);
    EXPECT_EQ(read_story_file(dir / "s.json"), d.stories);

    // A folder, a missing file, broken JSON: refused, naming the file.
    for (const char* name : {".", "missing.json", "broken.json"}) {
        if (std::string(name) == "broken.json") std::ofstream(dir / name) << "{\"stories\": [";
        try {
            (void)read_story_file(dir / name);
            ADD_FAILURE() << name << " was read";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find((dir / name).string()), std::string::npos) << e.what();
        }
    }
    // A file over the limit is refused before it is parsed.
    {
        std::ofstream big(dir / "big.json");
        big << std::string(kMaxStoryFileBytes + 1, ' ');
    }
    EXPECT_THROW((void)read_story_file(dir / "big.json"), Error);
    // A failed write leaves what was there.
    EXPECT_THROW(write_story_file(dir / "no-folder" / "s.json", d.stories), Error);
    EXPECT_EQ(read_story_file(dir / "s.json"), d.stories);
}

}  // namespace
}  // namespace atlas
