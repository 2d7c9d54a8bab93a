#pragma once
// What the presenter's console shows, as plain values (no GL, no ImGui): the
// slide up now and its notes, what comes next, the slide number, the elapsed
// time (pause and reset) and how long each slide has been shown in this run,
// which becomes the slide's rehearsed time when the presentation ends.
//
//   PresenterClock clock;  clock.start(story.slides.size());
//   each frame:  clock.tick(dt, player.slide_index());
//   console:     PresenterConsoleState s = presenter_console_state(player, clock);
//   at the end:  clock.record_rehearsal(story);   // slides' rehearsed_ms, then save
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "model/story_player.hpp"

namespace atlas {

class PresenterClock {
public:
    // A new run over `slides` slides: elapsed 0, running, no slide timed yet.
    void start(size_t slides);
    // Advances by dt seconds while `slide` is up: the elapsed time (unless
    // paused) and the slide's shown time (always: a pause for questions is time
    // the slide was up).
    void tick(double dt_seconds, size_t slide);
    void toggle_pause() noexcept { paused_ = !paused_; }
    void reset() noexcept { elapsed_ = 0; }
    [[nodiscard]] bool paused() const noexcept { return paused_; }
    [[nodiscard]] double elapsed_seconds() const noexcept { return elapsed_; }
    // Milliseconds `slide` has been up in this run (0 when never shown).
    [[nodiscard]] int64_t shown_ms(size_t slide) const noexcept;
    // Writes each shown slide's time in this run to its rehearsed_ms (slides
    // not shown keep their last time). Returns whether anything changed.
    bool record_rehearsal(Story& story) const;

private:
    double elapsed_ = 0;
    bool paused_ = false;
    std::vector<double> shown_;  // seconds per slide
};

// "1:30" (minutes and seconds), "1:02:03" past an hour.
[[nodiscard]] std::string format_duration_ms(int64_t ms);
// Reads what format_duration_ms writes ("1:30", "1:02:03") or plain seconds
// ("90"); nullopt for anything else (negative, fractions, seconds or minutes past 59).
[[nodiscard]] std::optional<int64_t> parse_duration_ms(std::string_view text);
// "planned 1:30, last 1:42"; either part left out when unset (0); empty when both are.
[[nodiscard]] std::string rehearsal_text(const Slide& slide);

struct PresenterConsoleState {
    size_t slide = 0, slide_count = 0;  // slide + 1 "of" slide_count
    std::string title;
    std::string notes;
    std::string rehearsal;              // rehearsal_text of the slide up now
    bool end_of_story = false;          // nothing follows the slide up now
    std::string next_title;             // empty at the end of the story
    bool black = false;                 // the audience sees black
    bool paused = false;
    std::string elapsed;                // "05:12"
    std::string on_this_slide;          // "0:42": time shown in this run
    std::vector<std::string> slide_titles;  // the strip
};

[[nodiscard]] PresenterConsoleState presenter_console_state(const StoryPlayer& player, const PresenterClock& clock);

// The local time of day, "14:05".
[[nodiscard]] std::string wall_clock_text();

// "05:12" (or "1:05:12"): the elapsed-time display.
[[nodiscard]] std::string elapsed_text(double seconds);

}  // namespace atlas
