#pragma once
// Key presses as the platform queues them, for the parts of the window that
// must not lose a tap however slow a frame is (presenting, playback). Key codes
// are the ImGui backend's (compare with ImGui::GetKeyIndex(ImGuiKey_...)).
#include <vector>

namespace atlas::ui {

struct KeyPress {
    int key = 0;
    bool ctrl = false, shift = false, alt = false;
    bool repeat = false;  // held down: the system's auto-repeat
};
using KeyPresses = std::vector<KeyPress>;

// How many times `key` was pressed (repeats included when `repeats`).
[[nodiscard]] inline int count_presses(const KeyPresses& presses, int key, bool repeats = true) {
    int n = 0;
    for (const KeyPress& p : presses)
        if (p.key == key && (repeats || !p.repeat)) ++n;
    return n;
}

}  // namespace atlas::ui
