// The default project: created from the shipped dataset on first run, refreshed
// when the dataset changes without losing what the user added, and clear errors
// for files it cannot use.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "core/error.hpp"
#include "core/paths.hpp"
#include "core/event.hpp"
#include "store/dataset_json.hpp"
#include "store/default_project.hpp"
#include "store/project.hpp"

using namespace atlas;
namespace fs = std::filesystem;

namespace {

fs::path shipped_dir() { return atlas::paths::source_dir() / "assets" / "data"; }

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

class DefaultProject : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("atlas_default_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        data_ = root_ / "data";
        file_ = root_ / "user" / "almaty.atlas";
        fs::remove_all(root_);
        fs::create_directories(data_);
        for (auto name : dataset_file_names()) fs::copy_file(shipped_dir() / name, data_ / name);
    }
    void TearDown() override {
        std::error_code ec;
        fs::permissions(file_, fs::perms::owner_all, ec);
        fs::remove_all(root_);
    }

    // Changes the title of the first shipped event in the dataset copy.
    void change_shipped_title(const std::string& to) {
        std::string text = read_file(data_ / kEventsFile);
        const std::string from = "\"title\": \"Zhetysu House built\"";
        const size_t at = text.find(from);
        ASSERT_NE(at, std::string::npos);
        text.replace(at, from.size(), "\"title\": \"" + to + "\"");
        write_file(data_ / kEventsFile, text);
    }

    fs::path root_;
    fs::path data_;  // a copy of the shipped dataset
    fs::path file_;  // the project under test
};

}  // namespace

TEST_F(DefaultProject, FirstRunCreatesTheProjectWithTheWholeDataset) {
    EXPECT_TRUE(sync_project_with_dataset(file_, data_));
    ASSERT_TRUE(fs::exists(file_));
    const Dataset shipped = load_dataset(data_);
    {
        Project p = Project::open(file_, OpenMode::ReadOnly);
        const Dataset d = p.load();
        EXPECT_EQ(d.events.size(), shipped.events.size());
        EXPECT_EQ(d.excerpts.size(), shipped.excerpts.size());
        EXPECT_EQ(d.sources.size(), shipped.sources.size());
        EXPECT_EQ(d.places.size(), shipped.places.size());
        EXPECT_EQ(d.stories.size(), shipped.stories.size());
        EXPECT_EQ(p.meta(kDatasetHashKey), dataset_hash(data_));
        ASSERT_NE(d.find_event("shanyrak-house-wrecked-2006-04-05-1430"), nullptr);
        EXPECT_EQ(d.find_event("shanyrak-house-wrecked-2006-04-05-1430")->time.begin, make_time(2006, 4, 5, 14, 30));
        EXPECT_EQ(d.stories.front().slides.size(), shipped.stories.front().slides.size());
    }
    // The project was built under a temporary name and renamed: no temporary file is left.
    for (const auto& entry : fs::directory_iterator(file_.parent_path()))
        EXPECT_EQ(entry.path().filename().string().find(".new-"), std::string::npos) << entry.path();
}

TEST_F(DefaultProject, UnchangedDatasetIsNotMergedAgain) {
    ASSERT_TRUE(sync_project_with_dataset(file_, data_));
    EXPECT_FALSE(sync_project_with_dataset(file_, data_));
}

TEST_F(DefaultProject, RefreshUpdatesShippedRecordsAndKeepsTheUsersOwn) {
    ASSERT_TRUE(sync_project_with_dataset(file_, data_));
    {
        Project p = Project::open(file_);
        Event mine;
        mine.id = "user-note-1";
        mine.title = "My own event";
        mine.category = "protest";
        mine.time_text = "2006";
        mine.time = *parse_time("2006");
        mine.location.lat = 43.25;
        mine.location.lon = 76.95;
        mine.location.uncertainty_m = 500;
        mine.excerpt_ids = {"x-cwi1-30-arrested"};
        p.put_event(mine);
        Story story;
        story.id = "user-story";
        story.title = "Mine";
        p.put_story(story);
    }
    const std::string old_hash = dataset_hash(data_);
    change_shipped_title("Zhetysu House built (corrected)");
    ASSERT_NE(dataset_hash(data_), old_hash);

    EXPECT_TRUE(sync_project_with_dataset(file_, data_));
    Project p = Project::open(file_, OpenMode::ReadOnly);
    const Dataset d = p.load();
    ASSERT_NE(d.find_event("zhetysu-built-1908"), nullptr);
    EXPECT_EQ(d.find_event("zhetysu-built-1908")->title, "Zhetysu House built (corrected)");
    EXPECT_NE(d.find_event("user-note-1"), nullptr);
    EXPECT_TRUE(std::any_of(d.stories.begin(), d.stories.end(), [](const Story& s) { return s.id == "user-story"; }));
    EXPECT_EQ(p.meta(kDatasetHashKey), dataset_hash(data_));
}

TEST_F(DefaultProject, CorruptFileIsAClearError) {
    fs::create_directories(file_.parent_path());
    write_file(file_, std::string(4096, 'x'));
    try {
        sync_project_with_dataset(file_, data_);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.diagnostic().file, file_.string()) << e.what();
        EXPECT_NE(std::string(e.what()).find("cannot refresh the default project"), std::string::npos) << e.what();
    }
    EXPECT_EQ(read_file(file_), std::string(4096, 'x'));  // left as it was
}

TEST_F(DefaultProject, ReadOnlyFileIsAClearError) {
    ASSERT_TRUE(sync_project_with_dataset(file_, data_));
    fs::permissions(file_, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    change_shipped_title("Changed");
    try {
        sync_project_with_dataset(file_, data_);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.diagnostic().file, file_.string()) << e.what();
    }
}

TEST_F(DefaultProject, FaultyDatasetLeavesNoProjectBehind) {
    std::string text = read_file(data_ / kEventsFile);
    text.insert(text.find("\"events\""), "oops ");
    write_file(data_ / kEventsFile, text);
    EXPECT_THROW(sync_project_with_dataset(file_, data_), Error);
    EXPECT_FALSE(fs::exists(file_));
    EXPECT_FALSE(fs::exists(file_.parent_path()) && !fs::is_empty(file_.parent_path()));
}

TEST_F(DefaultProject, DefaultPathLivesInTheDataDirectory) {
    const char* old = std::getenv("XDG_DATA_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_DATA_HOME", (root_ / "xdg").c_str(), 1);
    fs::path p;
    EXPECT_NO_THROW(p = default_project_path());
    if (old) ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
    else ::unsetenv("XDG_DATA_HOME");
    EXPECT_EQ(p, root_ / "xdg" / "almaty-atlas" / "almaty.atlas");
    EXPECT_TRUE(fs::exists(p));
}

// The record versions earlier releases shipped: the committed list reads, and a
// malformed one is a clear error naming the file and the record.
TEST(ShippedVersionsFile, CommittedListReadsAndCoversTheShippedIds) {
    const fs::path file = paths::source_dir() / "assets" / "data" / std::string(kShippedVersionsFile);
    const ShippedVersions v = load_shipped_versions(file);
    const Dataset d = load_dataset(paths::source_dir() / "assets" / "data");
    size_t events_listed = 0;
    for (const Event& e : d.events) events_listed += v.hashes.count("event") && v.hashes.at("event").count(e.id);
    EXPECT_EQ(events_listed, d.events.size()) << "regenerate it with tools/shipped_versions (assets/data/README.md)";
    ASSERT_TRUE(v.hashes.count("place"));
    EXPECT_GE(v.hashes.at("place").at("zhetysu-house").size(), 2u) << "the house moved between releases";
    EXPECT_TRUE(load_shipped_versions(file.parent_path() / "no-such-file.json").hashes.empty());
}

TEST(ShippedVersionsFile, MalformedListIsAClearError) {
    const fs::path file = fs::temp_directory_path() / ("atlas_versions_" + std::to_string(::getpid()) + ".json");
    auto fault_of = [&](const std::string& text) {
        std::ofstream(file, std::ios::trunc) << text;
        try {
            (void)load_shipped_versions(file);
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    std::string why = fault_of(R"({"event": {"ev-1": ["12345"]}})");
    EXPECT_NE(why.find(file.string()), std::string::npos) << why;
    EXPECT_NE(why.find("event ev-1: a hash is not 16 hex digits"), std::string::npos) << why;
    why = fault_of(R"({"events": {}})");
    EXPECT_NE(why.find("not a kind of record"), std::string::npos) << why;
    why = fault_of("{\"event\": ");
    EXPECT_NE(why.find("not valid JSON"), std::string::npos) << why;
    fs::remove(file);
}
