#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "platform/app.hpp"

namespace atlas::cli {

int run(int argc, char** argv) {
    CLI::App app{"Almaty Atlas: events of urban conflict in Almaty on a map and a timeline, with their sources.",
                 "almaty-atlas"};
    app.set_version_flag("--version", std::string("almaty-atlas ") + ATLAS_VERSION);
    app.require_subcommand(0, 1);

    Context ctx;
    std::string project;
    app.add_option("project", project, "Project file (*.atlas) to open; default: the embedded Almaty dataset");

    register_import(app, ctx);
    register_export(app, ctx);
    register_validate(app, ctx);
    register_info(app, ctx);
    register_present(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "almaty-atlas: %s\n", e.what());
        return kUsageError;
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kDataError;
    }
    if (!app.get_subcommands().empty()) return ctx.exit_code;

    try {
        platform::AppOptions options;
        options.project = project;
        return platform::run_app(options);
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kDataError;
    }
}

}  // namespace atlas::cli
