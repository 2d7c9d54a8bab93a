// The default project refreshed from a newer build keeps what the user did in
// the window: events edited there keep the user's version, deleted ones stay
// deleted, new shipped events arrive, untouched ones take the newer version.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "core/paths.hpp"
#include "model/commands.hpp"
#include "store/dataset_json.hpp"
#include "store/default_project.hpp"
#include "store/project.hpp"

using namespace atlas;
namespace fs = std::filesystem;

namespace {

class RefreshKeepsEdits : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("atlas_refresh_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(root_);
        fs::create_directories(root_ / "data");
        for (auto name : dataset_file_names())
            fs::copy_file(paths::source_dir() / "assets" / "data" / name, root_ / "data" / name);
        file_ = root_ / "almaty.atlas";
    }
    void TearDown() override { fs::remove_all(root_); }

    // A newer build's events.json: every event's title gains `suffix`, and one
    // event is new.
    void ship_newer_build(const std::string& suffix) {
        const fs::path path = root_ / "data" / std::string(kEventsFile);
        std::ifstream in(path);
        nlohmann::json j = nlohmann::json::parse(in);
        for (auto& e : j["events"]) e["title"] = e["title"].get<std::string>() + suffix;
        nlohmann::json added = j["events"][0];
        added["id"] = "new-in-this-build";
        added["title"] = "New in this build";
        j["events"].push_back(added);
        std::ofstream(path, std::ios::trunc) << j.dump(2);
    }

    fs::path root_, file_;
};

}  // namespace

TEST_F(RefreshKeepsEdits, EditedStayEditedDeletedStayDeletedNewArrive) {
    ASSERT_TRUE(sync_project_with_dataset(file_, root_ / "data"));
    Event edited;
    std::string deleted_id, untouched_id;
    {
        Project p = Project::open(file_);
        const Dataset d = p.load();
        ASSERT_GE(d.events.size(), 3u);
        EditHistory h(p);
        edited = d.events[0];
        deleted_id = d.events[1].id;
        untouched_id = d.events[2].id;
        edited.title += " (my reading)";
        edited.location.uncertainty_m = 40;
        ASSERT_TRUE(h.edit_event(edited));
        h.delete_event(deleted_id);
    }
    ship_newer_build(" (revised)");
    EXPECT_TRUE(sync_project_with_dataset(file_, root_ / "data"));

    Project p = Project::open(file_, OpenMode::ReadOnly);
    EXPECT_EQ(p.find_event(edited.id), edited);
    EXPECT_FALSE(p.find_event(deleted_id).has_value());
    ASSERT_TRUE(p.find_event("new-in-this-build").has_value());
    EXPECT_EQ(p.find_event("new-in-this-build")->title, "New in this build");
    const auto untouched = p.find_event(untouched_id);
    ASSERT_TRUE(untouched.has_value());
    EXPECT_EQ(untouched->title.substr(untouched->title.size() - 10), " (revised)");
    EXPECT_EQ(p.meta(kDatasetHashKey), dataset_hash(root_ / "data"));
}
