#include "cli/commands.hpp"

namespace atlas::cli {

void register_import(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand("import", "import (being built)");
    sub->callback([&ctx] { ctx.exit_code = kUsageError; });
}

}  // namespace atlas::cli
