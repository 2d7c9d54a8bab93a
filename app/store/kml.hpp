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

// Text with & < > " ' replaced by entities (also used for HTML), and with what
// XML 1.0 forbids made harmless: C0 controls other than tab and line breaks
// become spaces; U+FFFE, U+FFFF, surrogates and bytes that are not UTF-8
// become U+FFFD. The result is always well-formed character data.
std::string xml_escape(std::string_view s);

}  // namespace atlas
