// Search across scripts on the shipped dataset: a Cyrillic query finds what its
// Latin transliteration finds and the reverse, and an event is found by its place.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "core/event.hpp"
#include "core/paths.hpp"
#include "core/time.hpp"
#include "core/translit.hpp"
#include "store/dataset_json.hpp"
#include "store/default_project.hpp"
#include "store/project.hpp"

using namespace atlas;
namespace fs = std::filesystem;

namespace {

class SearchAcrossScripts : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("atlas_search_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(root_);
        fs::create_directories(root_ / "data");
        for (auto name : dataset_file_names())
            fs::copy_file(paths::source_dir() / "assets" / "data" / name, root_ / "data" / name);
        file_ = root_ / "almaty.atlas";
        sync_project_with_dataset(file_, root_ / "data");
    }
    void TearDown() override { fs::remove_all(root_); }
    std::set<std::string> found(Project& p, std::string_view q) {
        const std::vector<std::string> ids = p.search(q);
        return {ids.begin(), ids.end()};
    }
    fs::path root_, file_;
};

}  // namespace

TEST_F(SearchAcrossScripts, ShanyrakInEveryScriptFindsEveryEventPlacedThere) {
    Project p = Project::open(file_);
    const Dataset d = p.load();
    const std::set<std::string> latin = found(p, "Shanyrak");
    EXPECT_EQ(found(p, "Шанырак"), latin);
    EXPECT_EQ(found(p, "Shanyraq"), latin);
    EXPECT_EQ(found(p, "шаңырақ"), latin);
    // Every event whose place is Shanyrak (by its place record or its own place name).
    size_t placed_there = 0, on_5_april = 0;
    for (const Event& e : d.events) {
        std::string names = e.location.place_name;
        for (const Place& pl : d.places)
            if (pl.id == e.location.place_id) names += " " + pl.name_en + " " + pl.name_ru + " " + pl.name_kk;
        if (fold_for_search(names).find("shanirak") == std::string::npos) continue;
        ++placed_there;
        EXPECT_TRUE(latin.count(e.id)) << e.id << " is placed at " << names;
        if (format_time(e.time).starts_with("2006-04-05")) ++on_5_april;
    }
    EXPECT_GT(placed_there, 6u);
    EXPECT_GE(latin.size(), placed_there);
    EXPECT_GE(on_5_april, 1u) << "the 5 April events at Shanyrak";
}

TEST_F(SearchAcrossScripts, AlmatyAndZhetysu) {
    Project p = Project::open(file_);
    const std::set<std::string> almaty = found(p, "Almaty");
    EXPECT_FALSE(almaty.empty());
    EXPECT_EQ(found(p, "Алматы"), almaty);
    EXPECT_EQ(found(p, "АЛМАТЫ"), almaty);
    const std::set<std::string> zhetysu = found(p, "Zhetysu");
    EXPECT_FALSE(zhetysu.empty());
    EXPECT_EQ(found(p, "Жетысу"), zhetysu);
    EXPECT_EQ(found(p, "Жетісу"), zhetysu);
    EXPECT_TRUE(found(p, "Pfzrtpl").empty());
}
