#pragma once
// The events a user exports as data for other tools: CSV (WKT geometry),
// GeoJSON, KML, or a citation sheet (Markdown or HTML) of their sources. One
// choice of format for the window's Export panel and the `export` command; the
// writers themselves are in store/.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "model/app_model.hpp"

namespace atlas {

enum class DataFormat : uint8_t { Csv, GeoJson, Kml, CitationsMarkdown, CitationsHtml };

[[nodiscard]] const char* data_format_extension(DataFormat f) noexcept;  // ".csv", ".geojson", ...
// The command line's names: "csv", "geojson", "kml", "citations-md", "citations-html".
[[nodiscard]] const char* data_format_name(DataFormat f) noexcept;
[[nodiscard]] std::optional<DataFormat> data_format_from_name(std::string_view name) noexcept;

// The events of `ids` (in that order) written in the format; `title` names
// the KML document and heads a citation sheet (": sources" is added).
[[nodiscard]] std::string format_events(const Dataset& d, const std::vector<std::string>& ids, DataFormat format,
                                        const std::string& title);

// Ids of the events passing the model's filter (and, when `visible_only`, its
// time window), in time order.
[[nodiscard]] std::vector<std::string> exported_event_ids(const AppModel& model, bool visible_only);

// Writes those events in the format (atomically: a temporary file, then
// rename; core/file_io). Returns how many. Throws atlas::Error naming the file.
size_t export_events(const AppModel& model, DataFormat format, const std::filesystem::path& path, bool visible_only,
                     const std::string& title = "Almaty Atlas");

}  // namespace atlas
