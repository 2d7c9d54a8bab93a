#pragma once
// One entry point for every interchange format the store can import, and the
// checks `validate` runs on a whole dataset.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "store/interchange.hpp"

namespace atlas {

enum class InputFormat { Csv, GeoJson, Timemap };

std::optional<InputFormat> input_format_from_string(std::string_view s) noexcept;  // "csv", "geojson", "timemap"
std::string_view to_string(InputFormat f) noexcept;

// From the extension (.csv, .geojson) or, for .json and anything else, from the
// content: a FeatureCollection is GeoJSON, other JSON is timemap, the rest CSV.
InputFormat guess_input_format(const std::filesystem::path& path, std::string_view content);

ImportResult import_text(std::string_view text, const std::string& file, InputFormat format,
                         const ImportOptions& options = {});

// True when the bytes begin with the SQLite file header.
bool looks_like_sqlite(std::string_view content) noexcept;

// Problems a well-formed dataset can still have: every column of every event
// checked by the rules an import applies to a row (check_event: ids, titles,
// categories, latitude/longitude ranges, uncertainty, time order, tags), excerpts
// named but absent, positions outside Almaty with a precision that says
// otherwise, excerpt spans that do not match their source's text, slides naming
// missing events. Each Diagnostic names `file` and the record ("event ev-1") in
// its field. An event with no excerpt yet is no problem here, as an import
// accepts it (a CSV row cannot carry its quotation); events_without_excerpts
// counts them for a note.
Diagnostics check_dataset(const Dataset& d, const std::string& file);
size_t events_without_excerpts(const Dataset& d);

}  // namespace atlas
