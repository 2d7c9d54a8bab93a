#pragma once
// Files dropped on the window, and what each becomes: a project (.atlas, or
// any SQLite file) opens; events (CSV, GeoJSON whose features carry a time,
// timemap JSON) are imported after a preview; a shapefile or a GeoJSON of
// plain geometry becomes a map layer. A preview of an import says what it
// would change before anything is written.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "store/import.hpp"

namespace atlas {

enum class DropKind : uint8_t { OpenProject, ImportEvents, AddLayer, Unsupported };

struct DropDecision {
    DropKind kind = DropKind::Unsupported;
    std::filesystem::path path;
    std::string reason;  // why (Unsupported: what is wrong, naming the file)
};

// Reads at most the start of a JSON file to tell events from geometry.
[[nodiscard]] DropDecision classify_drop(const std::filesystem::path& path);
// Every path; a project among them goes first (the others then go into it).
[[nodiscard]] std::vector<DropDecision> classify_drops(const std::vector<std::string>& paths);

// What importing `path` into `current` would do.
struct ImportPreview {
    std::filesystem::path path;
    InputFormat format = InputFormat::Csv;
    int rows = 0;                                // rows, features or records read
    std::vector<std::string> problems;           // each names the file, row and fault
    int added = 0, updated = 0, unchanged = 0;   // events, by id against `current`
    std::vector<std::string> added_titles, updated_titles;  // the first few of each
    Dataset data;                                // what would be merged (empty when problems)
    [[nodiscard]] bool ok() const noexcept { return problems.empty() && rows > 0; }
};
[[nodiscard]] ImportPreview preview_import(const Dataset& current, const std::filesystem::path& path);

}  // namespace atlas
