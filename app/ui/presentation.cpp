#include "ui/presentation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <initializer_list>

namespace atlas::ui {

namespace {

// Typed in this window (ImGui's queue) or in the console's.
bool typed(ImWchar a, ImWchar b, const std::vector<unsigned>& elsewhere) {
    const ImGuiIO& io = ImGui::GetIO();
    for (ImWchar c : io.InputQueueCharacters)
        if (c == a || c == b) return true;
    for (unsigned c : elsewhere)
        if (c == a || c == b) return true;
    return false;
}

}  // namespace

Presentation::Presentation(const std::string& font_regular, const std::string& font_bold)
    : frames_(std::make_unique<SlideFrameRenderer>(font_regular, font_bold)) {}

Presentation::~Presentation() = default;

// [SECTION] Start and stop

bool Presentation::start(AppModel& model, const Story& story, size_t slide, int on_monitor) {
    if (story.slides.empty()) return false;
    if (!active_) sync_.start(model);  // the explorer's own view, for stop()
    player_.start(story, slide);
    sync_.invalidate();
    active_ = true;
    clock_.start(story.slides.size());
    presented_ = story;
    next_for_ = SIZE_MAX;
    still_seconds_ = 0;
    last_mouse_ = ImVec2(-1, -1);
    if (on_monitor != -2) monitor = on_monitor;
    if (host_.set_fullscreen) host_.set_fullscreen(true, monitor);
    if (host_.wake) host_.wake();
    return true;
}

void Presentation::stop(AppModel& model) {
    if (!active_) return;
    active_ = false;
    player_.stop();
    sync_.restore(model);
    if (cursor_hidden_ && host_.set_cursor_hidden) host_.set_cursor_hidden(false);
    cursor_hidden_ = false;
    if (host_.set_fullscreen) host_.set_fullscreen(false, monitor);
}

// [SECTION] Keys

bool Presentation::handle_keys(const KeyPresses& keys, const std::vector<unsigned>& elsewhere) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return true;
    // In the order they were pressed: two taps of PageDown in one slow frame are two steps.
    auto is = [](const KeyPress& p, std::initializer_list<ImGuiKey> ks) {
        for (ImGuiKey k : ks)
            if (p.key == ImGui::GetKeyIndex(k)) return true;
        return false;
    };
    for (const KeyPress& p : keys) {
        if (p.ctrl || p.alt) continue;
        if (is(p, {ImGuiKey_Escape})) return false;
        if (is(p, {ImGuiKey_RightArrow, ImGuiKey_PageDown, ImGuiKey_Space, ImGuiKey_DownArrow})) player_.next();
        if (is(p, {ImGuiKey_LeftArrow, ImGuiKey_PageUp, ImGuiKey_Backspace, ImGuiKey_UpArrow})) player_.previous();
        if (is(p, {ImGuiKey_Home})) player_.first();
        if (is(p, {ImGuiKey_End})) player_.last();
    }
    // Clickers send "b" or "." for their black-screen button (typed characters are queued too).
    if (typed('b', 'B', elsewhere) || typed('.', '.', elsewhere)) player_.toggle_black();
    const bool console = host_.console_open && host_.console_open();
    // With a console the notes are there: nothing is ever drawn over the audience's slide.
    if (typed('p', 'P', elsewhere) && !console) presenter_overlay = !presenter_overlay;
    if (typed('s', 'S', elsewhere) && console && host_.swap_windows) host_.swap_windows();
    return true;
}

// The cursor disappears after two still seconds and comes back when moved.
void Presentation::update_cursor(double dt) {
    const ImGuiIO& io = ImGui::GetIO();
    const bool moved = io.MousePos.x != last_mouse_.x || io.MousePos.y != last_mouse_.y || io.MouseDown[0] ||
                       io.MouseDown[1] || io.MouseWheel != 0.0f;
    last_mouse_ = io.MousePos;
    still_seconds_ = moved ? 0.0 : still_seconds_ + dt;
    const bool hide = still_seconds_ >= kCursorHideSeconds;
    if (hide != cursor_hidden_) {
        cursor_hidden_ = hide;
        if (host_.set_cursor_hidden) host_.set_cursor_hidden(hide);
    }
    // A visible cursor needs one more frame, when it is due to hide, even if nothing moves.
    if (!cursor_hidden_ && host_.wake_after) host_.wake_after(kCursorHideSeconds - still_seconds_);
}

// [SECTION] Frame

bool Presentation::render(AppModel& model, gl::RenderTarget& target, int width, int height) {
    // Presenting drives the explorer's state (put back by stop()); the frame only reads it.
    SlideFrameOptions options;
    options.look = look;
    return present_frame(*frames_, model, player_, sync_, target, width, height, options);
}

bool Presentation::frame(AppModel& model, double dt, const KeyPresses& keys, const std::vector<unsigned>& typed_elsewhere) {
    if (!active_) return true;
    clock_.tick(dt, player_.slide_index());
    // The running transition first, then the keys: a transition a key starts
    // now begins from 0 next frame, however long the loop slept before the
    // press. A hitch longer than a tenth of a second is not made up for.
    player_.update(std::min(dt, 0.1));
    const bool keep = handle_keys(keys, typed_elsewhere);
    if (player_.transitioning() && host_.wake) host_.wake();
    update_cursor(dt);

    const ImGuiIO& io = ImGui::GetIO();
    const float ratio = std::max(1.0f, io.DisplayFramebufferScale.y);
    const int w = static_cast<int>(std::lround(io.DisplaySize.x * ratio));
    const int h = static_cast<int>(std::lround(io.DisplaySize.y * ratio));
    const bool drew = render(model, target_, w, h);
    // The picture under everything ImGui draws: no window, no chrome.
    ImGui::GetBackgroundDrawList()->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(target_.texture())),
                                             ImVec2(0, 0), io.DisplaySize, ImVec2(0, 1), ImVec2(1, 0));
    const bool overlay = presenter_overlay && !(host_.console_open && host_.console_open());
    if (overlay) draw_presenter_overlay(model);
    // The slide as it was, with nothing over it now or in the frame before
    // (the overlay's clock runs): the screen shows this frame already.
    if (!drew && !overlay && !overlay_shown_ && !player_.transitioning() && host_.keep_shown_frame)
        host_.keep_shown_frame();
    overlay_shown_ = overlay;
    return keep;
}

// [SECTION] The presenter's console

unsigned Presentation::render_next_preview(AppModel& model, int width, int height) {
    const size_t i = player_.slide_index();
    if (!active_ || i + 1 >= player_.story().slides.size() || width <= 0 || height <= 0) return 0;
    if (next_for_ == i && next_dataset_ == model.dataset_version() && next_target_.width() == width &&
        next_target_.height() == height)
        return next_target_.texture();
    // The next slide through the same rules and the same renderer as the audience's
    // picture, then the model exactly as the audience's frame left it.
    const MapView view = model.map_view;
    next_player_.start(player_.story(), i + 1);
    next_sync_.start(model);
    SlideFrameOptions options;
    options.look = look;
    present_frame(*frames_, model, next_player_, next_sync_, next_target_, width, height, options);
    next_sync_.restore(model);
    model.map_view = view;
    next_for_ = i;
    next_dataset_ = model.dataset_version();
    return next_target_.texture();
}

void Presentation::apply(const PresenterConsoleActions& a) {
    if (!active_) return;
    if (a.jump_to >= 0) player_.go_to(static_cast<size_t>(a.jump_to));
    if (a.toggle_pause) clock_.toggle_pause();
    if (a.reset) clock_.reset();
    if (a.swap && host_.swap_windows) host_.swap_windows();
    if ((a.jump_to >= 0 || a.toggle_pause || a.reset) && host_.wake) host_.wake();
}

Story Presentation::rehearsed_story() const {
    Story s = presented_;
    clock_.record_rehearsal(s);
    return s;
}

// [SECTION] Presenter's overlay
// One monitor: the presenter's notes over the slide, toggled with P (the
// audience sees them too, so it starts hidden).
void Presentation::draw_presenter_overlay(const AppModel& model) {
    (void)model;
    const ImGuiIO& io = ImGui::GetIO();
    const Story& story = player_.story();
    const size_t i = player_.slide_index();
    if (i >= story.slides.size()) return;
    const float scale = std::max(1.0f, io.DisplaySize.y / 900.0f);
    const ImVec2 size(io.DisplaySize.x * 0.36f, io.DisplaySize.y * 0.34f);
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.02f, io.DisplaySize.y * 0.98f - size.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.92f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoNav |
                                   ImGuiWindowFlags_NoFocusOnAppearing;
    if (ImGui::Begin("##presenter", nullptr, flags)) {
        ImGui::SetWindowFontScale(scale);
        ImGui::Text("%s   elapsed %s   slide %zu / %zu", wall_clock_text().c_str(), elapsed_text(clock_.elapsed_seconds()).c_str(), i + 1,
                    story.slides.size());
        ImGui::Separator();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(story.slides[i].title.c_str());
        if (!story.slides[i].notes.empty()) {
            ImGui::Spacing();
            ImGui::TextUnformatted(story.slides[i].notes.c_str());
        }
        ImGui::Spacing();
        ImGui::Separator();
        if (i + 1 < story.slides.size())
            ImGui::TextDisabled("Next: %s", story.slides[i + 1].title.c_str());
        else
            ImGui::TextDisabled("Next: (end of the story)");
        ImGui::PopTextWrapPos();
    }
    ImGui::End();
}

// [SECTION] Menu

size_t Presentation::chosen_story(const std::vector<Story>& stories) const noexcept {
    for (size_t i = 0; i < stories.size(); ++i)
        if (stories[i].id == story_id_) return i;
    return 0;
}

bool Presentation::draw_menu_items(const std::vector<Story>& stories) {
    const bool any = !stories.empty() && !stories[chosen_story(stories)].slides.empty();
    const bool chosen = ImGui::MenuItem("Present", "F5", false, any);
    if (stories.size() > 1 && ImGui::BeginMenu("Story to present")) {
        const size_t current = chosen_story(stories);
        for (size_t i = 0; i < stories.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            const std::string label = (stories[i].title.empty() ? stories[i].id : stories[i].title) + "##story";
            if (ImGui::MenuItem(label.c_str(), nullptr, i == current)) story_id_ = stories[i].id;
            ImGui::PopID();
        }
        ImGui::EndMenu();
    }
    const int monitors = host_.monitor_count ? host_.monitor_count() : 1;
    if (monitors > 1 && ImGui::BeginMenu("Present on monitor")) {
        if (ImGui::MenuItem("Primary", nullptr, monitor < 0)) monitor = -1;
        for (int m = 0; m < monitors; ++m) {
            char label[32];
            std::snprintf(label, sizeof label, "Monitor %d", m + 1);
            if (ImGui::MenuItem(label, nullptr, monitor == m)) monitor = m;
        }
        ImGui::EndMenu();
    }
    ImGui::MenuItem("Presenter's console", nullptr, &presenter_console);
    ImGui::MenuItem("Notes over the slide without a console (P)", nullptr, &presenter_overlay);
    return chosen;
}

}  // namespace atlas::ui
