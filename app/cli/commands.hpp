#pragma once
// Subcommands of the almaty-atlas command line. Each registers itself on the
// CLI11 app and stores the exit code of its run in `exit_code`.
// Exit codes: 0 ok, 1 data error, 2 usage error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <functional>
#include <memory>

#include "core/error.hpp"
#include "model/start_options.hpp"
#include "render/offscreen_gl.hpp"

namespace atlas::cli {

enum ExitCode : int { kOk = 0, kDataError = 1, kUsageError = 2 };

// What the program around the commands provides: the window system's parts,
// which live above the command line (platform/), composed in main.cpp. Unset,
// the commands that need them say so and fail.
struct Shell {
    OffscreenGlFactory offscreen_gl;                     // snapshot, animate
    std::function<int(const StartOptions&)> run_window;  // the window: exploring, present
};

struct Context {
    int exit_code = kOk;
    Shell shell;
    // A context from the shell; throws atlas::Error when there is no way to make one.
    [[nodiscard]] std::unique_ptr<OffscreenGl> offscreen_gl() const;
    // The window, opened with `options`; throws atlas::Error when there is none.
    [[nodiscard]] int run_window(const StartOptions& options) const;
};

// A subcommand's run: its exit code, or for an atlas::Error the message (after
// `prefix`, e.g. "almaty-atlas snapshot: ") on standard error and kDataError.
template <class Run>
void run_reporting(Context& ctx, const char* prefix, Run&& run) {
    try {
        ctx.exit_code = run();
    } catch (const Error& e) {
        std::fprintf(stderr, "%s%s\n", prefix, e.what());
        ctx.exit_code = kDataError;
    }
}

void register_import(CLI::App& app, Context& ctx);
void register_export(CLI::App& app, Context& ctx);
void register_validate(CLI::App& app, Context& ctx);
void register_info(CLI::App& app, Context& ctx);
void register_snapshot(CLI::App& app, Context& ctx);
void register_present(CLI::App& app, Context& ctx);
void register_snapshot_events(CLI::App& app, Context& ctx);  // events, stories and overlays in snapshots
void register_animate(CLI::App& app, Context& ctx);
void register_geocode(CLI::App& app, Context& ctx);

// The whole command line; returns the process exit code.
int run(int argc, char** argv, Shell shell);

}  // namespace atlas::cli
