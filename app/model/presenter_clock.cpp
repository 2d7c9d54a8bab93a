#include "model/presenter_clock.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace atlas {

void PresenterClock::start(size_t slides) {
    elapsed_ = 0;
    paused_ = false;
    shown_.assign(slides, 0.0);
}

void PresenterClock::tick(double dt_seconds, size_t slide) {
    if (!(dt_seconds > 0)) return;  // also NaN
    if (!paused_) elapsed_ += dt_seconds;
    if (slide >= shown_.size()) shown_.resize(slide + 1, 0.0);
    shown_[slide] += dt_seconds;
}

int64_t PresenterClock::shown_ms(size_t slide) const noexcept {
    return slide < shown_.size() ? static_cast<int64_t>(std::llround(shown_[slide] * 1000.0)) : 0;
}

bool PresenterClock::record_rehearsal(Story& story) const {
    bool changed = false;
    for (size_t i = 0; i < story.slides.size(); ++i) {
        const int64_t ms = shown_ms(i);
        if (ms <= 0 || story.slides[i].rehearsed_ms == ms) continue;
        story.slides[i].rehearsed_ms = ms;
        changed = true;
    }
    return changed;
}

std::string format_duration_ms(int64_t ms) {
    const int64_t s = std::max<int64_t>(0, (ms + 500) / 1000);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                      static_cast<long long>((s / 60) % 60), static_cast<long long>(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    return buf;
}

std::optional<int64_t> parse_duration_ms(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.empty() || text.size() > 12) return std::nullopt;
    std::vector<int64_t> parts{0};
    size_t digits = 0;
    for (char c : text) {
        if (c == ':') {
            if (digits == 0 || parts.size() == 3) return std::nullopt;
            parts.push_back(0);
            digits = 0;
        } else if (c >= '0' && c <= '9') {
            parts.back() = parts.back() * 10 + (c - '0');
            ++digits;
        } else {
            return std::nullopt;
        }
    }
    if (digits == 0) return std::nullopt;
    for (size_t i = 1; i < parts.size(); ++i)
        if (parts[i] > 59) return std::nullopt;  // minutes and seconds after the first field
    int64_t seconds = 0;
    for (int64_t p : parts) seconds = seconds * 60 + p;
    return seconds * 1000;
}

std::string rehearsal_text(const Slide& slide) {
    std::string out;
    if (slide.planned_ms > 0) out = "planned " + format_duration_ms(slide.planned_ms);
    if (slide.rehearsed_ms > 0) out += (out.empty() ? "last " : ", last ") + format_duration_ms(slide.rehearsed_ms);
    return out;
}

std::string wall_clock_text() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M", &local);
    return buf;
}

std::string elapsed_text(double seconds) {
    const auto s = static_cast<long>(std::max(0.0, seconds));
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%02ld:%02ld", s / 60, s % 60);
    return buf;
}

PresenterConsoleState presenter_console_state(const StoryPlayer& player, const PresenterClock& clock) {
    PresenterConsoleState st;
    const Story& story = player.story();
    st.slide_count = story.slides.size();
    st.paused = clock.paused();
    st.elapsed = elapsed_text(clock.elapsed_seconds());
    st.slide_titles.reserve(story.slides.size());
    for (const Slide& s : story.slides) st.slide_titles.push_back(s.title);
    if (!player.active()) {
        st.end_of_story = true;
        return st;
    }
    st.slide = player.slide_index();
    const Slide& s = story.slides[st.slide];
    st.title = s.title;
    st.notes = s.notes;
    st.rehearsal = rehearsal_text(s);
    st.black = player.black();
    st.on_this_slide = format_duration_ms(clock.shown_ms(st.slide));
    st.end_of_story = st.slide + 1 >= story.slides.size();
    if (!st.end_of_story) st.next_title = story.slides[st.slide + 1].title;
    return st;
}

}  // namespace atlas
