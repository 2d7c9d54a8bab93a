// Save as: a complete copy of a project through SQLite's backup API, which
// opens as a project of its own; an existing file is replaced only by a whole
// copy, and the project cannot be copied onto itself.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "store/project.hpp"
#include "store_fixtures.hpp"

namespace atlas {
namespace {
namespace fs = std::filesystem;
using atlas::test::TempDir;

TEST(ProjectCopy, HoldsEverythingAndOpensOnItsOwn) {
    TempDir dir;
    const fs::path from = dir / "a.atlas", to = dir / "b.atlas";
    const Dataset in = atlas::test::sample_dataset();
    {
        Project p = Project::open(from, OpenMode::CreateIfMissing);
        p.merge(in);
        p.save_copy(to);
    }
    ASSERT_TRUE(fs::exists(to));
    EXPECT_FALSE(fs::exists(fs::path(to.string() + ".part")));
    Project copy = Project::open(to, OpenMode::ReadWrite);
    EXPECT_EQ(copy.schema_version(), Project::kSchemaVersion);
    const Dataset out = copy.load();
    EXPECT_EQ(out.events.size(), in.events.size());
    EXPECT_EQ(out.sources.size(), in.sources.size());
    EXPECT_EQ(out.stories.size(), in.stories.size());
    // The copy is its own file: a change there leaves the original alone.
    copy.delete_event(out.events.front().id);
    EXPECT_EQ(Project::open(from, OpenMode::ReadOnly).load().events.size(), in.events.size());
}

TEST(ProjectCopy, ReplacesAnExistingFileAndRefusesItself) {
    TempDir dir;
    const fs::path from = dir / "a.atlas", to = dir / "old.atlas";
    {
        std::ofstream out(to);
        out << "an older file";
    }
    Project p = Project::open(from, OpenMode::CreateIfMissing);
    p.merge(atlas::test::sample_dataset());
    p.save_copy(to);
    EXPECT_EQ(Project::open(to, OpenMode::ReadOnly).load().events.size(), p.load().events.size());
    try {
        p.save_copy(from);
        FAIL() << "copied onto itself";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("own file"), std::string::npos) << e.what();
    }
    try {
        p.save_copy(dir / "no" / "such" / "folder.atlas");
        FAIL() << "wrote into a missing folder";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("folder.atlas"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace atlas
