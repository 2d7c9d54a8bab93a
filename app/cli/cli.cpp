#include <cstdio>
#include <string>
#include <utility>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"

namespace atlas::cli {

std::unique_ptr<OffscreenGl> Context::offscreen_gl() const {
    if (!shell.offscreen_gl) throw Error("this build has no way to make an OpenGL context");
    return shell.offscreen_gl();
}

int Context::run_window(const StartOptions& options) const {
    if (!shell.run_window) throw Error("this build has no window");
    return shell.run_window(options);
}

int run(int argc, char** argv, Shell shell) {
    CLI::App app{"Almaty Atlas: events of urban conflict in Almaty on a map and a timeline, with their sources.",
                 "almaty-atlas"};
    app.set_version_flag("--version", std::string("almaty-atlas ") + ATLAS_VERSION);
    app.require_subcommand(0, 1);

    Context ctx;
    ctx.shell = std::move(shell);
    std::string project;
    app.add_option("project", project, "Project file (*.atlas) to open; default: the embedded Almaty dataset");
    StartOptions options;
    app.add_option("--at", options.time_cursor, "Start with the time cursor at this moment (\"March 2006\", \"2006-04-05T12:00\")");
    app.add_option("--select", options.select_event, "Start with this event (its id) selected");
    app.add_option("--theme", options.theme, "light, dark or projector")->check(CLI::IsMember({"light", "dark", "projector"}));
    app.add_option("--frames", options.frames, "Quit after this many frames")->check(CLI::PositiveNumber);
    app.add_option("--screenshot", options.screenshot, "Write a PNG of the last frame (with --frames; default 8 frames)");
    app.add_option("--size", options.width, "Window width; the height follows at 16:9")->check(CLI::Range(320, 8192));

    register_import(app, ctx);
    register_export(app, ctx);
    register_validate(app, ctx);
    register_info(app, ctx);
    register_snapshot(app, ctx);
    register_present(app, ctx);
    register_snapshot_events(app, ctx);  // after register_snapshot: adds to it
    register_animate(app, ctx);
    register_geocode(app, ctx);

    // Help and version text must reach standard output like any other output.
    auto printed = [](int code) -> int {
        std::string why;
        if (stdout_ok(&why)) return code;
        std::fprintf(stderr, "standard output: cannot write: %s\n", why.c_str());
        return kDataError;
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return printed(app.exit(e));
    } catch (const CLI::CallForAllHelp& e) {
        return printed(app.exit(e));
    } catch (const CLI::CallForVersion& e) {
        return printed(app.exit(e));
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "almaty-atlas: %s\n", e.what());
        return kUsageError;
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kDataError;
    }
    if (!app.get_subcommands().empty()) {
        // What a command printed must have reached standard output (a full disk, a closed pipe).
        std::string why;
        if (!stdout_ok(&why)) {
            std::fprintf(stderr, "standard output: cannot write: %s\n", why.c_str());
            return ctx.exit_code == kOk ? kDataError : ctx.exit_code;
        }
        return ctx.exit_code;
    }

    try {
        options.project = project;
        options.height = options.width * 9 / 16;
        if (!options.screenshot.empty() && options.frames < 0) options.frames = 8;
        return ctx.run_window(options);
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kDataError;
    }
}

}  // namespace atlas::cli
