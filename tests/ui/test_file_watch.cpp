// Two windows on one project: the file watch notices another process's write
// (and not an untouched file), and the project tells another connection's
// commits from its own.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "core/event.hpp"
#include "platform/file_watch.hpp"
#include "store/project.hpp"
#include "store/store_fixtures.hpp"

namespace atlas {
namespace {

bool wait_for(const std::atomic<int>& n, int at_least, double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (n.load() < at_least && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return n.load() >= at_least;
}

TEST(FileWatch, CallsBackWhenAWatchedFileChangesOnly) {
    test::TempDir dir;
    const auto file = dir / "p.atlas";
    { std::ofstream(file) << "one"; }
    std::atomic<int> calls{0};
    platform::FileWatch watch;
    watch.start({file, dir / "p.atlas-wal"}, [&] { ++calls; }, 0.05);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(calls.load(), 0) << "nothing changed";
    { std::ofstream(file, std::ios::app) << " two"; }
    EXPECT_TRUE(wait_for(calls, 1, 3.0)) << "a longer file";
    const int after_write = calls.load();
    { std::ofstream(dir / "p.atlas-wal") << "log"; }
    EXPECT_TRUE(wait_for(calls, after_write + 1, 3.0)) << "a file appearing";
    watch.stop();
    EXPECT_FALSE(watch.running());
    const int stopped = calls.load();
    { std::ofstream(file, std::ios::app) << " three"; }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(calls.load(), stopped) << "no calls once stopped";
}

TEST(ProjectChanges, AnotherConnectionsCommitMovesTheCounterOwnWritesDoNot) {
    test::TempDir dir;
    const auto path = dir / "p.atlas";
    Project mine = Project::open(path, OpenMode::CreateIfMissing);
    mine.merge(test::sample_dataset());
    const int64_t start = mine.changes_by_others();
    Dataset d = mine.load();
    d.events.front().title = "Mine, edited";
    mine.merge(d);
    EXPECT_EQ(mine.changes_by_others(), start) << "own write";
    Project theirs = Project::open(path, OpenMode::ReadWrite);
    Dataset t = theirs.load();
    t.events.front().title = "Theirs, edited";
    theirs.merge(t);
    EXPECT_NE(mine.changes_by_others(), start) << "the other window's commit";
    EXPECT_EQ(mine.load().events.front().title, "Theirs, edited");
}

}  // namespace
}  // namespace atlas
