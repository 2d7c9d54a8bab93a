// almaty-atlas export [FILE.atlas] --format csv|geojson|kml|citations-md|citations-html [--out PATH]
//                     [--category C]... [--from DATE --to DATE] [--search TEXT] [--id ID]...
#include <cstdio>
#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "core/file_io.hpp"
#include "model/data_export.hpp"
#include "store/default_project.hpp"
#include "store/event_filter.hpp"
#include "store/project.hpp"

namespace atlas::cli {

namespace {

struct ExportArgs {
    std::string project;
    std::string format;
    std::string out;
    std::vector<std::string> categories;
    std::string from, to;
    std::string search;
    std::vector<std::string> ids;
    std::string title = "Almaty Atlas";
};

TimeInterval date_arg(const std::string& option, const std::string& text) {
    std::string why;
    auto t = parse_time(text, &why);
    if (!t) throw CLI::ValidationError(option, "cannot read the date '" + text + "'" + (why.empty() ? "" : ": " + why));
    return *t;
}

int run_export(const ExportArgs& a) {
    EventSelection filter;
    filter.categories = a.categories;
    filter.search = a.search;
    filter.ids = a.ids;
    if (!a.from.empty()) filter.from = date_arg("--from", a.from).begin;
    if (!a.to.empty()) filter.to = date_arg("--to", a.to).end;  // "--to 2006" takes in all of 2006
    if (filter.from && filter.to && *filter.from >= *filter.to)
        throw CLI::ValidationError("--to", "the date range ends before it begins");

    const std::filesystem::path path = a.project.empty() ? default_project_path() : std::filesystem::path(a.project);
    Project project = Project::open(path, OpenMode::ReadOnly);
    const Dataset d = project.load();
    const std::vector<std::string> ids = select_events(d, filter, &project);

    const std::optional<DataFormat> format = data_format_from_name(a.format);
    if (!format) throw CLI::ValidationError("--format", "no such format: " + a.format);
    const std::string text = format_events(d, ids, *format, a.title);

    if (a.out.empty() || a.out == "-") {
        write_stdout(text);
        return kOk;
    }
    // A failed export leaves what was at the path as it was.
    write_atomically(a.out, text);
    std::fprintf(stderr, "%s: %zu event%s exported as %s\n", a.out.c_str(), ids.size(), ids.size() == 1 ? "" : "s",
                 a.format.c_str());
    return kOk;
}

}  // namespace

void register_export(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<ExportArgs>();
    auto* sub = app.add_subcommand(
        "export", "Export the events of a project (all, or those passing the filters) as CSV, GeoJSON, KML or a "
                  "citation sheet in Markdown or HTML.");
    sub->add_option("project", args->project, "Project file (*.atlas); default: the embedded Almaty dataset");
    sub->add_option("--format", args->format, "Output format")
        ->required()
        ->check(CLI::IsMember({"csv", "geojson", "kml", "citations-md", "citations-html"}));
    sub->add_option("--out", args->out, "Output file (default: standard output)");
    sub->add_option("--category", args->categories, "Only events of this category (repeatable)");
    sub->add_option("--from", args->from, "Only events that end after the start of this date (\"2006\", \"March 2006\")");
    sub->add_option("--to", args->to, "Only events that begin before the end of this date");
    sub->add_option("--search", args->search, "Only events whose title, description or excerpts hold these words");
    sub->add_option("--id", args->ids, "Only the event with this id (repeatable)");
    sub->add_option("--title", args->title, "Title of the KML document or citation sheet");
    sub->callback([args, &ctx] { run_reporting(ctx, "", [&] { return run_export(*args); }); });
}

}  // namespace atlas::cli
