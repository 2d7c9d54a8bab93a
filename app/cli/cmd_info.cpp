#include "cli/commands.hpp"

namespace atlas::cli {

void register_info(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand("info", "info (being built)");
    sub->callback([&ctx] { ctx.exit_code = kUsageError; });
}

}  // namespace atlas::cli
