// almaty-atlas validate FILE... [--format csv|geojson|timemap]
// Checks project files and import files and prints every problem found.
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "store/import.hpp"
#include "store/project.hpp"

namespace atlas::cli {

namespace {

struct ValidateArgs {
    std::vector<std::string> files;
    std::string format;
};

// Returns the number of problems printed.
size_t validate_one(const std::string& file, const std::string& format) {
    std::string text;
    try {
        text = read_input_file(file);
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    const bool project_file =
        format.empty() && (looks_like_sqlite(text) || std::filesystem::path(file).extension() == ".atlas");
    Diagnostics problems;
    size_t events = 0;
    if (project_file) {
        try {
            Project p = Project::open(file, OpenMode::ReadOnly);
            const Dataset d = p.load();
            events = d.events.size();
            problems = check_dataset(d, file);
            if (p.schema_version() < Project::kSchemaVersion)
                std::printf("%s: schema %d (opening it read-write upgrades it to %d)\n", file.c_str(),
                            p.schema_version(), Project::kSchemaVersion);
        } catch (const Error& e) {
            problems.add(e.diagnostic());
        }
    } else {
        const InputFormat f = format.empty() ? guess_input_format(file, text) : *input_format_from_string(format);
        ImportResult r = import_text(text, file, f, ImportOptions{true});
        problems = r.problems;
        events = r.data.events.size();
        // Nested excerpts (GeoJSON, timemap) can be checked against the events that cite them.
        if (f != InputFormat::Csv)
            for (auto& d : check_dataset(r.data, file).items) problems.add(d);
    }
    for (const auto& d : problems.items) std::fprintf(stderr, "%s\n", d.str().c_str());
    if (problems.empty()) std::printf("%s: ok (%zu event%s)\n", file.c_str(), events, events == 1 ? "" : "s");
    return problems.size();
}

}  // namespace

void register_validate(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<ValidateArgs>();
    auto* sub = app.add_subcommand(
        "validate", "Check project files (*.atlas) and import files (CSV, GeoJSON, timemap JSON) and print every "
                    "problem, one per line: file:line: field: what is wrong.");
    sub->add_option("files", args->files, "Files to check")->required();
    sub->add_option("--format", args->format, "Treat the files as this import format")
        ->check(CLI::IsMember({"csv", "geojson", "timemap"}));
    sub->callback([args, &ctx] {
        size_t problems = 0;
        for (const auto& f : args->files) problems += validate_one(f, args->format);
        ctx.exit_code = problems ? kDataError : kOk;
    });
}

}  // namespace atlas::cli
