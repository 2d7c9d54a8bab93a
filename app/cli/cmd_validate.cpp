// almaty-atlas validate FILE... [--format csv|geojson|timemap]
// Checks project files and import files and prints every problem found.
#include <cctype>
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "core/file_io.hpp"
#include "geo/shapefile.hpp"
#include "store/import.hpp"
#include "store/interchange.hpp"
#include "store/project.hpp"

namespace atlas::cli {

namespace {

struct ValidateArgs {
    std::vector<std::string> files;
    std::string format;
    std::string project;  // --project
};

// Returns the number of problems printed.
size_t validate_one(const std::string& file, const std::string& format, const Dataset& project) {
    std::string ext = std::filesystem::path(file).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (format.empty() && (ext == ".shp" || ext == ".shx" || ext == ".dbf")) {
        // A shapefile is a map layer, not events: checked as the map would load it.
        try {
            std::filesystem::path shp = file;
            shp.replace_extension(ext == ".shp" ? std::filesystem::path(file).extension() : ".shp");
            LoadOptions options;
            options.unplaced = LoadOptions::Unplaced::KeepSourceCoordinates;
            const Layer layer = load_shapefile(shp, options);
            std::printf("%s: ok as a map layer (%zu feature%s, %zu warning%s; `almaty-atlas info` lists them)\n",
                        shp.string().c_str(), layer.feature_count(), layer.feature_count() == 1 ? "" : "s",
                        layer.warnings.size(), layer.warnings.size() == 1 ? "" : "s");
            return 0;
        } catch (const Error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            return 1;
        }
    }
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
    size_t events = 0, bare = 0;
    if (project_file) {
        try {
            Project p = Project::open(file, OpenMode::ReadOnly);
            const Dataset d = p.load();
            events = d.events.size();
            bare = events_without_excerpts(d);
            problems = check_dataset(d, file);
            if (p.schema_version() < Project::kSchemaVersion)
                std::printf("%s: schema %d (opening it read-write upgrades it to %d)\n", file.c_str(),
                            p.schema_version(), Project::kSchemaVersion);
        } catch (const Error& e) {
            problems.add(e.diagnostic());
        }
    } else {
        const InputFormat f = format.empty() ? guess_input_format(file, text) : *input_format_from_string(format);
        // The rules of an import, in its order: rows, evidence kept, excerpts that exist.
        const ImportOptions options{true};
        ImportResult r = import_text(text, file, f, options);
        Dataset known = project;
        known.excerpts.insert(known.excerpts.end(), r.data.excerpts.begin(), r.data.excerpts.end());
        check_excerpts_unchanged(r, project, options);
        check_references(r, known, options);
        problems = r.problems;
        events = r.data.events.size();
        // Nested excerpts (GeoJSON, timemap) can be checked against the events that cite them.
        if (f != InputFormat::Csv)
            for (auto& d : check_dataset(r.data, file).items) problems.add(d);
    }
    for (const auto& d : problems.items) std::fprintf(stderr, "%s\n", d.str().c_str());
    if (problems.empty()) {
        std::printf("%s: ok (%zu event%s", file.c_str(), events, events == 1 ? "" : "s");
        if (bare > 0) std::printf("; %zu rest%s on no excerpt yet", bare, bare == 1 ? "s" : "");
        std::printf(")\n");
    }
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
    sub->add_option("--project", args->project,
                    "Check import files against this project, as importing into it would (excerpts they cite)");
    sub->callback([args, &ctx] {
        Dataset project;
        if (!args->project.empty()) {
            try {
                project = Project::open(args->project, OpenMode::ReadOnly).load();
            } catch (const Error& e) {
                std::fprintf(stderr, "%s\n", e.what());
                ctx.exit_code = kDataError;
                return;
            }
        }
        size_t problems = 0;
        for (const auto& f : args->files) problems += validate_one(f, args->format, project);
        ctx.exit_code = problems ? kDataError : kOk;
    });
}

}  // namespace atlas::cli
