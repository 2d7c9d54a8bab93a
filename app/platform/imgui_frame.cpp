#include "platform/imgui_frame.hpp"

#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <utility>

#include "render/gl.hpp"

namespace atlas::platform {

std::optional<ui::KeyPress> key_press(int key, int action, int mods) {
    if (action != GLFW_PRESS && action != GLFW_REPEAT) return std::nullopt;
    ui::KeyPress p;
    p.key = key;
    p.ctrl = (mods & GLFW_MOD_CONTROL) != 0;
    p.shift = (mods & GLFW_MOD_SHIFT) != 0;
    p.alt = (mods & GLFW_MOD_ALT) != 0;
    p.repeat = action == GLFW_REPEAT;
    return p;
}

std::vector<unsigned char> FrameCapture::take(int& w, int& h) {
    w = width;
    h = height;
    width = height = 0;
    return std::move(rgba);
}

void draw_imgui_frame(GLFWwindow* window, Rgb background, FrameCapture& capture) {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, w, h);
    glClearColor(background.r, background.g, background.b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (capture.requested && w > 0 && h > 0) {
        capture.requested = false;
        capture.width = w;
        capture.height = h;
        capture.rgba = gl::read_window_pixels(w, h);
    }
}

}  // namespace atlas::platform
