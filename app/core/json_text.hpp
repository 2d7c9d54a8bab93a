#pragma once
// Reading JSON text from files (GeoJSON, timemap, dataset and story JSON): one
// parser entry with a bound on nesting and positions in every message.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace atlas {

// Deepest nesting of arrays and objects accepted. The formats need about 6;
// a document nested deeper is refused before it is parsed, so no later
// recursive walk (copy, comparison, dump) can exhaust the stack.
inline constexpr int kMaxJsonDepth = 64;

// 1-based line of the byte at `offset` (clamped to the text).
int64_t line_of_offset(std::string_view text, size_t offset);

// The 1-based line on which each element of one array of `text` begins: the
// root array (`key` empty) or the array that is member `key` of the root
// object ("features"). Messages about the n-th feature or event name its
// line, as a text editor shows it. For text parse_json accepted; empty when
// there is no such array.
std::vector<int64_t> array_element_lines(std::string_view text, std::string_view key);

// Parses `text`; on a fault adds "file:line: malformed JSON: what" to `problems` and returns nothing.
// Faults: syntax, numbers out of range (line of the token), nesting deeper than kMaxJsonDepth.
// `Json` is nlohmann::json, or nlohmann::ordered_json where the order of keys matters
// (a map layer's fields keep the file's order).
template <class Json = nlohmann::json>
std::optional<Json> parse_json(std::string_view text, const std::string& file, Diagnostics& problems);
extern template std::optional<nlohmann::json> parse_json(std::string_view, const std::string&, Diagnostics&);
extern template std::optional<nlohmann::ordered_json> parse_json(std::string_view, const std::string&, Diagnostics&);

// The member `key` of `obj`, or a null value when `obj` is no object or lacks it.
// A reference either way: no value is ever copied to answer.
const nlohmann::json& member(const nlohmann::json& obj, const char* key);
const nlohmann::ordered_json& member(const nlohmann::ordered_json& obj, const char* key);

}  // namespace atlas
