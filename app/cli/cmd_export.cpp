#include "cli/commands.hpp"

namespace atlas::cli {

void register_export(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand("export", "export (being built)");
    sub->callback([&ctx] { ctx.exit_code = kUsageError; });
}

}  // namespace atlas::cli
