#pragma once
// A source's full text as the project keeps it, and the excerpts quoted from it.
// Text comes from a .txt or .md file as is, from an .html page reduced to plain
// paragraphs (tags, scripts and styles dropped, entities decoded), or pasted.
// An excerpt's span is [begin, end) in code points of that text; its quotation
// must be exactly the text at its span. When the text changes, every span is
// checked again: one still matching is kept, one whose quotation now stands
// elsewhere follows it, and the rest are reported as drifted (their quotation
// is never rewritten).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"

namespace atlas {

// Plain text of an HTML page: one paragraph per block (p, div, li, h1-h6, br,
// tr, blockquote, ...) separated by a blank line, white space collapsed, the
// content of script, style, head, template, svg and comments dropped, character
// references (&amp; &#8212; &#x2014; &nbsp; and the common named ones) decoded.
// Never throws; bytes that are not UTF-8 come out as U+FFFD.
std::string html_to_text(std::string_view html);

// Text as the project stores it: without a byte-order mark, with LF line ends.
// Throws atlas::Error naming `origin` when the text is not UTF-8 or is empty.
std::string normalize_source_text(std::string_view text, const std::string& origin);

// The full text from a file: .html/.htm/.xhtml through html_to_text, anything
// else (.txt, .md) as text. Throws atlas::Error naming the file and the fault.
std::string source_text_from_file(const std::filesystem::path& path);

// Paragraphs as byte ranges of `text`: separated by blank lines when the text
// has any, else one per line. Empty lines belong to none.
struct TextParagraph {
    size_t begin = 0, end = 0;
};
std::vector<TextParagraph> text_paragraphs(std::string_view text);
// Index of the paragraph holding byte `at` (or the first after it; the last
// when past the end); 0 when there are none.
size_t paragraph_at(const std::vector<TextParagraph>& paragraphs, size_t at);

// Code points before byte `at`; byte where code point `cp` starts (size when past).
int64_t code_point_index(std::string_view text, size_t at) noexcept;
size_t byte_of_code_point(std::string_view text, int64_t cp) noexcept;

// The excerpt a selection of bytes [begin, end) of the source's text makes:
// widened to whole characters, white space at either end left out; text exact,
// span in code points, locator "paragraph 3" or "paragraphs 3-4". Id and
// source filled from `s` ("x-<source>-<span begin>"). Nullopt when nothing but
// white space is selected.
std::optional<Excerpt> excerpt_from_selection(const Source& s, size_t begin, size_t end);

// How an excerpt stands against its source's text.
enum class SpanState {
    NoText,      // the source has no full text: nothing to check
    Matches,     // the quotation is the text at its span
    Unanchored,  // no span given, but the quotation is in the text
    Drifted,     // the quotation is not (or no longer) the text at its span
};
SpanState span_state(const Source& s, const Excerpt& x);

// What becomes of the excerpts of a source when its text `old_text` becomes
// `text`. A quotation no longer at its span is looked for in the new text; of
// several places, the one with most of its old surroundings wins, then the
// nearest to where it was.
struct SpanRecheck {
    std::vector<Excerpt> moved;       // the quotation found elsewhere (nearest to where it was): new span/locator
    std::vector<std::string> kept;    // still the text at their span
    std::vector<std::string> flagged; // no longer in the text: left as they are, reported
};
SpanRecheck recheck_spans(std::string_view old_text, std::string_view text, const std::vector<Excerpt>& excerpts);

}  // namespace atlas
