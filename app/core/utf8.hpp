#pragma once
// UTF-8: the one place that reads and checks it. Well-formed means the Unicode
// definition: no overlong forms, no surrogates, nothing above U+10FFFF.
#include <cstddef>
#include <string>
#include <string_view>

namespace atlas {

inline constexpr std::string_view kUtf8Replacement = "\xEF\xBF\xBD";  // U+FFFD

// Length (1..4) of the well-formed sequence starting at s[i], with its code
// point in `cp`; 0 when the bytes there are not well-formed UTF-8.
[[nodiscard]] size_t utf8_sequence(std::string_view s, size_t i, char32_t& cp) noexcept;

// True when the whole of `s` is well-formed UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view s) noexcept;

// Code points of `s`; each byte that starts no well-formed sequence becomes U+FFFD
// (shown, not dropped).
[[nodiscard]] std::u32string decode_utf8(std::string_view s);

// `s` with each byte that starts no well-formed sequence replaced by U+FFFD;
// adds the number of replacements to *replaced when given.
[[nodiscard]] std::string repair_utf8(std::string_view s, size_t* replaced = nullptr);

// What a text that cannot be UTF-8 is, told by its byte-order mark or by its
// NUL bytes among ASCII: "UTF-16 text (little-endian)", "UTF-32 text
// (big-endian)", ... or "not text (it holds NUL bytes)". Empty when it may be
// UTF-8 (a UTF-8 byte-order mark included).
[[nodiscard]] std::string foreign_text_encoding(std::string_view bytes);

// Appends the UTF-8 of a code point (U+FFFD for surrogates and values above U+10FFFF).
void append_utf8(std::string& out, char32_t cp);

// Cuts UTF-8 text to at most `max_chars` code points at a word boundary when
// possible, adding "…" when cut.
[[nodiscard]] std::string shorten_utf8(std::string_view text, size_t max_chars);

}  // namespace atlas
