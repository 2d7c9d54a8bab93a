#pragma once
// Events as CSV: one row per event, RFC 4180 (comma separated, "double quotes"
// around fields holding commas, quotes or line breaks, quotes doubled), UTF-8.
//
// Written with a UTF-8 byte order mark and CRLF line ends, so that Excel and
// LibreOffice Calc open Cyrillic and Kazakh text correctly without an import
// dialog. Read with or without the mark, CRLF or LF.
//
// Columns, in this order (import matches them by header name, in any order;
// unknown columns are ignored):
//   id                  stable event id; empty: derived from title, time and position
//   title               required
//   description
//   category            required: demolition, eviction, protest, arrest, construction,
//                       decision, or a project's own
//   tags                separated by ";"
//   actors              separated by ";"
//   time_text           the date as the source words it ("early February 2006")
//   time                the date in canonical form ("2006-04-05", "early 2000s");
//                       import reads this, or time_text when it is empty
//   time_begin          ISO 8601 start of the interval (written for spreadsheets;
//   time_end            ISO 8601 end, exclusive                 ignored on import:
//   precision           hour, day, month, season, year, decade  `time` says it all)
//   qualifier           none, early, mid, late, early-to-mid, mid-to-late, before, after, circa
//   time_note           how a relative date was resolved
//   lat, lon            WGS84 decimal degrees, required unless wkt is given (for an area
//                       or a route: its marker's point, written for readers)
//   uncertainty_m       radius in metres (empty: 0)
//   location_precision  building, street, neighbourhood, district, city, outside (empty: city)
//   place_id            gazetteer id
//   place               place name as shown
//   geocoding_note      what the position rests on
//   excerpts            ids of the event's excerpts, separated by ";" (they must exist
//                       in the file's project or in the same import)
//   sources             titles of the excerpts' sources, separated by ";" (written for
//                       readers; ignored on import)
//   note                curation note
//   sequence            order in its source's narrative (0: none)
//   wkt                 the geometry: POINT (lon lat), an area's POLYGON ((lon lat, ...)) or
//                       a route's LINESTRING (lon lat, ...); when given it places the event
//                       and lat/lon are not read (core/shape.hpp)
//
// A text cell that a spreadsheet would run as a formula (starting with = + - @,
// tab or carriage return) is written with a leading apostrophe, which import
// removes again, so text round-trips exactly.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/interchange.hpp"

namespace atlas {

// The column names above, in order.
const std::vector<std::string>& csv_columns();

// Where the rows of a CSV go as they are read (read_csv_events), so that a
// file of any size is imported without holding its rows.
class CsvEventSink {
public:
    virtual ~CsvEventSink() = default;
    // A fault, in file order (a row with any fault is not passed to event()).
    virtual void problem(Diagnostic d) = 0;
    // A good row. `line`: where it starts.
    virtual void event(Event&& e, int64_t line) = 0;
    // Records that `id` is given on `line`; returns the line it was first given
    // on when an earlier row of this file already has it (the row is then bad).
    virtual std::optional<int64_t> claim_id(const std::string& id, int64_t line) = 0;
    // Everything before byte `offset` of the text has been read and is not looked at again.
    virtual void consumed(size_t offset) { (void)offset; }
};

// The fault of a row whose id an earlier row of the file gave (on line `earlier`).
Diagnostic duplicate_event_id(const std::string& file, int64_t line, const std::string& id, int64_t earlier);

struct CsvReadCounts {
    int rows = 0;     // rows read (blank lines aside)
    int skipped = 0;  // rows with a fault
};

// Reads CSV text row by row into `sink`; `file` names it in diagnostics
// (line = the line the row starts on). A file whose header cannot be used
// gives its problems and no rows.
CsvReadCounts read_csv_events(std::string_view text, const std::string& file, CsvEventSink& sink);

// Parses CSV text into memory (read_csv_events with every row kept).
ImportResult import_csv(std::string_view text, const std::string& file, const ImportOptions& options = {});
ImportResult import_csv_file(const std::filesystem::path& path, const ImportOptions& options = {});

// The events named by `event_ids` (in that order) as CSV text.
std::string export_csv(const Dataset& d, const std::vector<std::string>& event_ids);

}  // namespace atlas
