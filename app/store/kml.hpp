#pragma once
// Events as KML 2.2 for Google Earth: a Style per category (icon colour from
// core/categories.hpp), a
// Placemark per event with a <TimeStamp> (hour and day precision) or a
// <TimeSpan> (coarser dates; an open end is left out) so that Google Earth's
// time slider shows them, and a description with the event's excerpts and
// their sources. All text is XML-escaped.
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"

namespace atlas {

std::string export_kml(const Dataset& d, const std::vector<std::string>& event_ids,
                       std::string_view document_name = "Almaty Atlas");

// Text with & < > " ' replaced by entities (also used for HTML).
std::string xml_escape(std::string_view s);

}  // namespace atlas
