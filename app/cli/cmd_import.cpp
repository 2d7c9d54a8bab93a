// almaty-atlas import FILE.atlas INPUT... [--format csv|geojson|timemap] [--skip-bad] [--create]
#include <cstdio>
#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "core/file_io.hpp"
#include "store/import.hpp"
#include "store/interchange.hpp"
#include "store/project.hpp"

namespace atlas::cli {

namespace {

struct ImportArgs {
    std::string project;
    std::vector<std::string> inputs;
    std::string format;
    bool skip_bad = false;
    bool create = false;
};

int run_import(const ImportArgs& a) {
    std::error_code ec;
    if (!a.create && !std::filesystem::exists(a.project, ec)) {
        std::fprintf(stderr, "%s: no such project file (add --create to make a new one)\n", a.project.c_str());
        return kDataError;
    }
    std::string inputs_named;
    for (const auto& input : a.inputs) inputs_named += (inputs_named.empty() ? "" : ", ") + input;
    Project::set_write_activity("import of " + inputs_named);
    // A new project is made only once the inputs have passed: a failed import
    // leaves no file behind.
    const bool creating = a.create && !std::filesystem::exists(std::filesystem::symlink_status(a.project, ec));
    std::optional<Project> project;
    if (!creating) project = Project::open(a.project, OpenMode::ReadWrite);
    const Dataset existing = project ? project->load() : Dataset{};
    const ImportOptions options{a.skip_bad};

    std::vector<ImportResult> results;
    bool unreadable = false;
    for (const auto& input : a.inputs) {
        try {
            const std::string text = read_input_file(input);
            InputFormat format = a.format.empty() ? guess_input_format(input, text)
                                                  : *input_format_from_string(a.format);
            results.push_back(import_text(text, input, format, options));
        } catch (const Error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            unreadable = true;
        }
    }
    // Excerpts may come from the project or from any file of this import.
    Dataset known = existing;
    for (const auto& r : results) known.excerpts.insert(known.excerpts.end(), r.data.excerpts.begin(), r.data.excerpts.end());
    size_t problems = 0;
    int skipped = 0;
    std::vector<std::string> unusable;  // files of which no row could be read: --skip-bad cannot help
    for (auto& r : results) {
        check_excerpts_unchanged(r, existing, options);
        check_references(r, known, options);
        for (const auto& d : r.problems.items) std::fprintf(stderr, "%s\n", d.str().c_str());
        problems += r.problems.size();
        skipped += r.skipped;
        if (!r.problems.empty() && r.rows == 0) unusable.push_back(r.file);
    }
    if (unreadable) {
        const size_t n = a.inputs.size() - results.size();
        std::fprintf(stderr, "%s: nothing imported: %zu input file%s could not be read\n", a.project.c_str(), n,
                     n == 1 ? "" : "s");
        return kDataError;
    }
    if (!unusable.empty()) {
        std::fprintf(stderr, "%s: nothing imported: %s has no readable rows (%zu problem%s)\n", a.project.c_str(),
                     unusable.front().c_str(), problems, problems == 1 ? "" : "s");
        return kDataError;
    }
    if (problems > 0 && !a.skip_bad) {
        std::fprintf(stderr, "%s: nothing imported: %zu problem%s (--skip-bad imports the good rows)\n",
                     a.project.c_str(), problems, problems == 1 ? "" : "s");
        return kDataError;
    }
    Dataset all;
    size_t events = 0;
    for (auto& r : results) {
        events += r.data.events.size();
        auto move_into = [](auto& to, auto& from) { to.insert(to.end(), from.begin(), from.end()); };
        move_into(all.sources, r.data.sources);
        move_into(all.excerpts, r.data.excerpts);
        move_into(all.places, r.data.places);
        move_into(all.events, r.data.events);
        move_into(all.stories, r.data.stories);
    }
    MergeStats s;
    if (creating) {
        try {
            Project made = Project::open(a.project, OpenMode::CreateIfMissing);
            s = made.merge(all);
        } catch (const Error&) {
            for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(a.project + suffix, ec);
            throw;
        }
    } else {
        s = project->merge(all);
    }
    std::printf("%s: imported %zu event%s from %zu file%s (records: %d added, %d updated, %d unchanged)", a.project.c_str(),
                events, events == 1 ? "" : "s", results.size(), results.size() == 1 ? "" : "s", s.added, s.updated,
                s.unchanged);
    if (skipped > 0) std::printf("; %d bad row%s skipped", skipped, skipped == 1 ? "" : "s");
    std::printf("\n");
    return kOk;
}

}  // namespace

void register_import(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<ImportArgs>();
    auto* sub = app.add_subcommand(
        "import",
        "Import events into a project from CSV, GeoJSON or forensic-architecture timemap JSON. A file with bad "
        "rows imports nothing unless --skip-bad is given; re-importing matches events on their id.");
    sub->add_option("project", args->project, "Project file (*.atlas)")->required();
    sub->add_option("inputs", args->inputs, "Files to import")->required();
    sub->add_option("--format", args->format, "Input format (default: from the extension or content)")
        ->check(CLI::IsMember({"csv", "geojson", "timemap"}));
    sub->add_flag("--skip-bad", args->skip_bad, "Import the good rows of files with bad ones");
    sub->add_flag("--create", args->create, "Create the project file when it does not exist");
    sub->callback([args, &ctx] { run_reporting(ctx, "", [&] { return run_import(*args); }); });
}

}  // namespace atlas::cli
