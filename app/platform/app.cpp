#include "platform/app.hpp"

#include <imgui.h>

#include "platform/window.hpp"

namespace atlas::platform {

int run_app(const AppOptions& options) {
    WindowOptions wo;
    Window window(wo);
    int frame = 0;
    window.run([&] {
        ImGui::Begin("Almaty Atlas");
        ImGui::TextUnformatted("Алматы · Алматы қаласы · Almaty");
        ImGui::End();
        return options.frames < 0 || ++frame < options.frames;
    });
    return 0;
}

}  // namespace atlas::platform
