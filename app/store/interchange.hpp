#pragma once
// What the importers and exporters of interchange formats (CSV, GeoJSON,
// timemap JSON, KML, citation sheets) share: the result of an import with its
// problems, event checks, stable ids and strict number reading. (Reading a
// whole input file is core/file_io read_input_file.)
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/event.hpp"

namespace atlas {

struct ImportOptions {
    bool skip_bad = false;  // import the good rows of a file that has bad ones
};

// What an importer read. When `problems` is not empty and skip_bad was not
// asked for, `data` is empty: a file with errors imports nothing.
struct ImportResult {
    std::string file;                  // as the user named it (for diagnostics)
    Dataset data;
    std::vector<int64_t> event_lines;  // for each of data.events: the line it begins on in the file
    Diagnostics problems;              // every bad row, in file order
    int rows = 0;                      // event rows/features/records read
    int skipped = 0;                   // rows left out because they were bad (skip_bad)

    // Applies the all-or-nothing rule: with problems and no skip_bad, drop everything.
    void finish(const ImportOptions& options);
};

// A deterministic id for an event that came without one, from what identifies
// it: title, time as written and position ("ev-" + 16 hex digits).
std::string stable_event_id(const Event& e);

// Checks one event as an importer sees it; appends a Diagnostic per fault
// (`where` gives file and line). Returns false when there was any.
bool check_event(const Event& e, const Diagnostic& where, Diagnostics& out);

// The excerpt a project holds under an id, if any.
using ExcerptLookup = std::function<std::optional<Excerpt>(const std::string& id)>;
// The lookup of a dataset's excerpts (`d` must outlive it).
ExcerptLookup excerpts_of(const Dataset& d);
// The fault of an event citing an excerpt that is nowhere.
std::string unknown_excerpt_message(const std::string& id);

// Drops events whose excerpts are neither in the imported data nor in
// `existing`, reporting each (field "excerpts"); with skip_bad only the event
// is dropped, without it the whole import is.
void check_references(ImportResult& r, const ExcerptLookup& existing, const ImportOptions& options);
void check_references(ImportResult& r, const Dataset& existing, const ImportOptions& options);

// Evidence is never rewritten by an import: an excerpt whose id the project
// already holds with a different quotation or source is refused (reported with
// field "excerpts"; with skip_bad the project's excerpt is kept, without it the
// whole import is refused). An identical excerpt passes.
void check_excerpts_unchanged(ImportResult& r, const ExcerptLookup& project, const ImportOptions& options);
void check_excerpts_unchanged(ImportResult& r, const Dataset& project, const ImportOptions& options);

// Strict number parsing for importers: the whole text (spaces around allowed)
// must be a finite decimal number.
bool parse_finite_double(std::string_view text, double& out);

}  // namespace atlas
