#pragma once
// What the main window and the presenter's console share around ImGui: a key
// event taken from GLFW's queue, and the last step of a frame (ImGui's draw
// data into the back buffer over a plain background, kept as an image when a
// screenshot asked).
#include <optional>
#include <vector>

#include "ui/input.hpp"

struct GLFWwindow;

namespace atlas::platform {

// A GLFW key event as a press (with its modifiers); nothing for a release.
[[nodiscard]] std::optional<ui::KeyPress> key_press(int key, int action, int mods);

// A frame asked for by capture_next_frame(), taken by take().
struct FrameCapture {
    bool requested = false;
    std::vector<unsigned char> rgba;  // RGBA8, top row first
    int width = 0, height = 0;
    [[nodiscard]] std::vector<unsigned char> take(int& w, int& h);
};

struct Rgb {
    float r, g, b;
};

// Renders ImGui's current draw data (after ImGui::Render) into `window`'s back
// buffer over `background`, then reads it into `capture` when one is requested.
// The caller swaps the buffers.
void draw_imgui_frame(GLFWwindow* window, Rgb background, FrameCapture& capture);

}  // namespace atlas::platform
