// The program: the command line (cli/), given the window system's parts
// (platform/): the window itself, and OpenGL contexts without one.
#include <memory>

#include "cli/commands.hpp"
#include "platform/app.hpp"
#include "platform/headless.hpp"

int main(int argc, char** argv) {
    atlas::cli::Shell shell;
    shell.offscreen_gl = [] { return std::make_unique<atlas::platform::HeadlessContext>(); };
    shell.run_window = [](const atlas::StartOptions& options) { return atlas::platform::run_app(options); };
    return atlas::cli::run(argc, argv, std::move(shell));
}
