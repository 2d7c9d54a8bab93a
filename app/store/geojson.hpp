#pragma once
// Events as GeoJSON (RFC 7946): a FeatureCollection with one Feature per event,
// Point geometry [lon, lat] in WGS84, and every field of the event as properties:
//
//   id, title, description, category      strings
//   tags, actors                          arrays of strings
//   time_text                             the date as the source words it
//   time                                  canonical date text; import reads this (or time_text)
//   time_label                            the date in plain English ("5 April 2006, 10:30")
//   time_begin, time_end                  ISO 8601 local date-times of the interval [begin, end);
//                                         null for an open end
//   precision                             hour, day, month, season, year, decade
//   qualifier                             none, early, mid, late, early-to-mid, mid-to-late,
//                                         before, after, circa
//   open_begin, open_end                  booleans
//   fuzz_begin_s, fuzz_end_s              uncertain margins in seconds
//   time_note                             how a relative date was resolved
//   place, place_id                       place name and gazetteer id
//   location_precision                    building, street, neighbourhood, district, city, outside
//   uncertainty_m                         radius in metres
//   geocoding_note, note
//   excerpts                              array of {id, text, locator, span_begin, span_end
//                                         (characters; null when unknown), source: {id, title,
//                                         publisher, author, date, url, language}}
//
// Import reads the same properties (the time_label/time_begin/time_end/precision/
// qualifier/open/fuzz properties are derived from `time` and not read back);
// excerpts and their sources nested in a feature are imported with it.
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "store/interchange.hpp"

namespace atlas {

// Diagnostics name the feature (line = feature index + 1) and the property; a
// malformed file names the line of the JSON syntax error.
ImportResult import_geojson(std::string_view text, const std::string& file, const ImportOptions& options = {});
ImportResult import_geojson_file(const std::filesystem::path& path, const ImportOptions& options = {});

std::string export_geojson(const Dataset& d, const std::vector<std::string>& event_ids);

}  // namespace atlas
