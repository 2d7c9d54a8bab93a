// How fast dates are read, printed and described (importers read one per row,
// lists describe one per visible row), and what a presentation frame costs.
#include <benchmark/benchmark.h>

#include <array>
#include <string>

#include "core/time.hpp"
#include "model/story_player.hpp"

namespace {

constexpr std::array<const char*, 12> kPhrases = {
    "2006-04-05T10:30", "2006-04-05",      "5 April 2006",  "March 2006",
    "early February 2026", "summer 2024",  "mid-to-late 1990s", "before 1933",
    "circa 1908",       "1928-01/1929-02", "the 1920s",     "ten days before 20 March 2006"};

void BM_ParseTime(benchmark::State& state) {
    size_t i = 0;
    for (auto _ : state) {
        auto t = atlas::parse_time(kPhrases[i++ % kPhrases.size()]);
        benchmark::DoNotOptimize(t);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseTime);

void BM_FormatTime(benchmark::State& state) {
    std::array<atlas::TimeInterval, kPhrases.size()> parsed;
    for (size_t k = 0; k < kPhrases.size(); ++k) parsed[k] = *atlas::parse_time(kPhrases[k]);
    size_t i = 0;
    for (auto _ : state) {
        std::string s = atlas::format_time(parsed[i++ % parsed.size()]);
        benchmark::DoNotOptimize(s);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FormatTime);

void BM_DescribeTime(benchmark::State& state) {
    std::array<atlas::TimeInterval, kPhrases.size()> parsed;
    for (size_t k = 0; k < kPhrases.size(); ++k) parsed[k] = *atlas::parse_time(kPhrases[k]);
    size_t i = 0;
    for (auto _ : state) {
        std::string s = atlas::describe_time(parsed[i++ % parsed.size()]);
        benchmark::DoNotOptimize(s);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DescribeTime);

void BM_StoryPlayerFrame(benchmark::State& state) {
    atlas::Story story;
    atlas::Slide a, b;
    a.camera = {43.2567, 76.9286, 15};
    b.camera = {43.3270, 76.8420, 15.5};
    a.time_cursor = atlas::make_time(1908);
    b.time_cursor = atlas::make_time(2006, 4, 5, 10, 30);
    story.slides = {a, b};
    atlas::StoryPlayer player;
    player.start(story);
    player.next();
    player.update(0.5);
    for (auto _ : state) {
        atlas::StoryFrame f = player.current();
        benchmark::DoNotOptimize(f);
    }
}
BENCHMARK(BM_StoryPlayerFrame);

}  // namespace

BENCHMARK_MAIN();
