#include "cli/commands.hpp"

namespace atlas::cli {

void register_validate(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand("validate", "validate (being built)");
    sub->callback([&ctx] { ctx.exit_code = kUsageError; });
}

}  // namespace atlas::cli
