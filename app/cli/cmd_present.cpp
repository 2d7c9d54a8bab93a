// `almaty-atlas present [FILE.atlas] [--story NAME] [--slide N] [--monitor N]`: opens the
// program straight into presenting a story full screen (Esc quits).
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "model/slide_view.hpp"
#include "store/default_project.hpp"
#include "store/project.hpp"

namespace atlas::cli {

void register_present(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand("present", "Present a story full screen, with the presenter's console in a "
                                              "second window: Right/PageDown/Space next, Left/PageUp/Backspace "
                                              "previous, Home/End, B black, S swaps the windows, Esc quits");
    struct Args {
        std::string file, story, screenshot, presenter_screenshot;
        bool no_console = false;
        int monitor = -1, frames = -1, slide = 1;
    };
    auto args = std::make_shared<Args>();  // lives as long as the callback that holds it
    sub->add_option("file", args->file, "Project file (*.atlas); default: the embedded Almaty project");
    sub->add_option("--story", args->story, "Story to present: its id or title (default: the first)");
    sub->add_option("--slide", args->slide, "Slide to start on, from 1 (default: 1)")->check(CLI::Range(1, 100000));
    sub->add_option("--monitor", args->monitor, "Monitor to present on, from 0 (default: the primary)")
        ->check(CLI::Range(-1, 64));
    sub->add_option("--frames", args->frames, "Quit after this many frames (for tests and screenshots)")
        ->check(CLI::Range(1, 1000000));
    sub->add_option("--screenshot", args->screenshot, "With --frames: write the last slide frame to this PNG");
    sub->add_option("--presenter-screenshot", args->presenter_screenshot,
                    "With --frames: write the presenter's console's last frame to this PNG");
    sub->add_flag("--no-console", args->no_console,
                  "No presenter's console: the slide only (P then shows the notes over it, seen by all)");
    sub->callback([&ctx, args] {
        StartOptions options;
        options.project = args->file;
        options.story = args->story;
        options.present = true;
        options.slide = args->slide - 1;
        options.monitor = args->monitor;
        options.frames = args->frames;
        options.screenshot = args->screenshot;
        options.presenter_screenshot = args->presenter_screenshot;
        options.presenter_console = !args->no_console;
        if (!args->presenter_screenshot.empty() && args->no_console) {
            std::fprintf(stderr, "--presenter-screenshot needs the presenter's console (drop --no-console)\n");
            ctx.exit_code = kUsageError;
            return;
        }
        try {
            // A story that is not there is a usage fault, said before any window opens.
            const std::string file = args->file.empty() ? default_project_path().string() : args->file;
            const Dataset d = Project::open(file, OpenMode::ReadOnly).load();
            if (d.stories.empty()) {
                std::fprintf(stderr, "%s: this project has no story to present\n", file.c_str());
                ctx.exit_code = kDataError;
                return;
            }
            if (!args->story.empty() && find_story(d.stories, args->story) >= d.stories.size()) {
                std::string known;
                for (const Story& s : d.stories) known += " \"" + s.id + "\"";
                std::fprintf(stderr, "%s: no story \"%s\" (stories:%s)\n", file.c_str(), args->story.c_str(),
                             known.c_str());
                ctx.exit_code = kUsageError;
                return;
            }
            ctx.exit_code = ctx.run_window(options) == 0 ? kOk : kDataError;
        } catch (const Error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            ctx.exit_code = kDataError;
        }
    });
}

}  // namespace atlas::cli
