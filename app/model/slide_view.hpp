#pragma once
// What a story's slide does to the explorer's state, and what it says on
// screen. The presentation view, the snapshot exporter and the story editor
// share these, so a slide looks the same wherever it is shown:
//
//   StoryPlayer player;  player.start(story);
//   StorySync sync;      sync.apply(model, player);      // every frame
//   SlideCard card = make_slide_card(model.dataset(), player);
//
// No GL, no ImGui.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "model/app_model.hpp"
#include "model/story_player.hpp"

namespace atlas {

// [SECTION] The text of a slide
struct SlideCard {
    std::string title;
    std::string caption;
    std::string when;            // the slide's moment in words ("5 April 2006, 10:30", "February 1928")
    std::string quote;           // verbatim excerpt for the quotation card; empty: no card
    std::string attribution;     // its source: "Title, Publisher, date"
    size_t slide = 0, slide_count = 0;  // the progress mark: slide + 1 of slide_count
    double progress = 1.0;       // of a running transition (1 when still)
    bool transitioning = false;
    bool black = false;          // the presenter blacked the screen: draw nothing else
};

// The card for what the player shows now (the target slide during a
// transition). Unknown excerpt ids give no card, never an error.
[[nodiscard]] SlideCard make_slide_card(const Dataset& d, const StoryPlayer& player);

// "Title, Publisher, 12 March 2026" for an excerpt's source (empty parts left out).
[[nodiscard]] std::string excerpt_attribution(const Dataset& d, const Excerpt& x);

// The moment a slide stands for, in words, at a precision that suits its time
// window: the years for a window over several ("1995–1999"), a year, a month,
// a day, else the hour.
[[nodiscard]] std::string describe_slide_moment(TimePoint window_begin, TimePoint cursor);

// [SECTION] The slide rules: what a slide does to the model
// One set of rules for presenting, `snapshot --slide`, `animate` and the export
// window; map layers are chosen by slide_shows_layer below, never by changing
// the user's own layer visibility.

// The camera (the viewport is the caller's), cursor and time window of a frame
// of a story: a slide, or a moment of a transition between two.
void apply_story_frame(AppModel& model, const CameraView& camera, TimePoint cursor, TimePoint window_begin,
                       bool cumulative);
// A slide's own state: its categories as the filter (and no other filter), its
// highlighted events as the selection, the timeline's span framing its window.
void apply_slide_state(AppModel& model, const Slide& slide);
// Both, at the slide's own camera and moment.
void apply_slide(AppModel& model, const Slide& slide);

// [SECTION] Keeping the model in step with a story
// Each frame: the camera (centre and zoom; the viewport is the caller's), the
// time cursor and window. When the shown slide changes, and when the events
// are loaded again (the project changed on disk mid-talk, which clears the
// filter and the selection): the highlighted events become the selection, the
// slide's categories the category filter, and the timeline's span frames the
// slide's window. start() remembers the user's own camera, time, filter and
// selection; restore() puts them back.
class StorySync {
public:
    void start(const AppModel& model);
    void apply(AppModel& model, const StoryPlayer& player);
    void restore(AppModel& model);
    // Forget which slide was applied (the next apply() re-applies everything).
    void invalidate() noexcept { applied_slide_ = SIZE_MAX; }

private:
    size_t applied_slide_ = SIZE_MAX;
    const Story* applied_story_ = nullptr;
    uint64_t applied_dataset_ = 0;  // AppModel::dataset_version() the slide was applied to
    bool saved_ = false;
    MapView saved_view_;
    TimeWindow saved_window_;
    ViewFilter saved_filter_;
    std::vector<std::string> saved_selection_;
    TimePoint saved_timeline_begin_ = 0, saved_timeline_end_ = 1;
};

// The time window a slide frame stands for (cumulative, or sliding from window_begin).
[[nodiscard]] TimeWindow slide_time_window(TimePoint cursor, TimePoint window_begin, bool cumulative);

// The history seconds over which newly passed events fade in for a frame: a
// tenth of its time window, at least an hour (so a transition that sweeps
// decades fades events in as the cursor passes them, and an hour-by-hour
// slide does too).
[[nodiscard]] double slide_fade_seconds(TimePoint cursor, TimePoint window_begin);

// Whether a slide whose `visible_layers` names these shows a map layer: those
// it names, by the layer's name or its title; when it names none, the basemap
// layers the user has on. A layer the user added (to explore, perhaps after
// the slide was made) is shown only on slides that name it. Presenting,
// `snapshot --slide` and `animate` all ask this.
[[nodiscard]] bool slide_shows_layer(const std::vector<std::string>& visible_layers, std::string_view name,
                                     std::string_view title, bool user_visible, bool user_added = false);

// The story a presenter names: by id, by title, else the first whose title
// begins with `name` (any case). Returns stories.size() when none matches.
[[nodiscard]] size_t find_story(const std::vector<Story>& stories, const std::string& name);

// [SECTION] Authoring
// The view the user is looking at as a new slide: camera, time cursor and
// window, the selected events as highlighted, the enabled categories (empty
// when all are on), the given visible basemap layers, and a first title,
// caption and excerpt taken from the primary selection.
[[nodiscard]] Slide capture_slide(const AppModel& model, std::vector<std::string> visible_layers = {});

}  // namespace atlas
