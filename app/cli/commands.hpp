#pragma once
// Subcommands of the almaty-atlas command line. Each registers itself on the
// CLI11 app and stores the exit code of its run in `exit_code`.
// Exit codes: 0 ok, 1 data error, 2 usage error.
#include <CLI/CLI.hpp>

namespace atlas::cli {

enum ExitCode : int { kOk = 0, kDataError = 1, kUsageError = 2 };

struct Context {
    int exit_code = kOk;
};

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
int run(int argc, char** argv);

}  // namespace atlas::cli
