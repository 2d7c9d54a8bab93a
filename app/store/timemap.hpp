#pragma once
// Import of the event JSON of forensic-architecture's timemap, so that its
// users can bring their data.
//
// Accepted shapes: an array of events, or an object {"events": [...]} that may
// also carry "sources" (an array of source objects with "id", or an object
// keyed by source id). Each event:
//   id                     string or number; missing: a stable id is derived
//   description            -> Event.description; its first sentence (cut at 80
//                             characters) becomes the title unless "title" is given
//   date                   "MM/DD/YYYY" (timemap's default) or ISO "YYYY-MM-DD";
//   time                   "HH:MM" (optional) -> the two make Event.time, precision
//                             hour with a time, else day
//   location               place name -> Location.place_name
//   latitude, longitude    strings or numbers -> Location (precision street,
//                             geocoding note "from timemap")
//   category               -> Event.category; else the first of "associations" /
//                             "filters"; else "uncategorised"
//   associations, filters  the others -> Event.tags
//   sources                source ids (strings or numbers); each becomes a Source
//                             (title etc. from the document's "sources" when present,
//                             else the id) and an Excerpt of that source holding the
//                             event's description, locator "timemap event <id>":
//                             timemap keeps no verbatim quotations, so the event's
//                             own text is what links it to its source.
// Diagnostics name the event by its position in the array (line = index + 1).
#include <filesystem>
#include <string>
#include <string_view>

#include "store/interchange.hpp"

namespace atlas {

ImportResult import_timemap(std::string_view text, const std::string& file, const ImportOptions& options = {});
ImportResult import_timemap_file(const std::filesystem::path& path, const ImportOptions& options = {});

}  // namespace atlas
