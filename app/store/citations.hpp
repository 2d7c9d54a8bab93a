#pragma once
// Citation sheets for handouts: the events shown, in time order, each with its
// date (in plain words, and as the source wrote it when that differs), its place, and its excerpts quoted in full with the complete
// source reference (title, publisher, author, date, URL, locator).
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"

namespace atlas {

// Markdown (data escaped so that it cannot turn into markup).
std::string export_citations_markdown(const Dataset& d, const std::vector<std::string>& event_ids,
                                      std::string_view title = "Almaty Atlas: sources");

// A self-contained, printable HTML page (inline CSS, no scripts, no external files).
std::string export_citations_html(const Dataset& d, const std::vector<std::string>& event_ids,
                                  std::string_view title = "Almaty Atlas: sources");

// The source reference as one line: "Author, “Title”, Publisher, Date. URL".
std::string source_reference(const Source& s);

}  // namespace atlas
