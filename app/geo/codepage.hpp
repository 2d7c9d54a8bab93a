#pragma once
// Text encodings of DBF attribute tables.
//
// A shapefile's DBF says how its text is encoded in two places: the optional
// `.cpg` sidecar (free text such as "UTF-8", "1251", "ANSI 1251", "KOI8-R") and
// the language-driver byte (LDID) at offset 29 of the DBF header. The `.cpg`
// wins when it names something we understand; otherwise the LDID decides; an
// LDID of 0 (unset) or 0x57 ("current ANSI code page") means "unknown": each
// string is taken as UTF-8 when it is valid UTF-8, else decoded with a fallback
// single-byte code page (CP1252 unless the caller says otherwise).
//
// Decoding never drops bytes silently: a byte sequence that is invalid in the
// code page becomes U+FFFD and is counted, so loaders can report it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace atlas {

// Canonical name of the encoding a `.cpg` file names ("UTF-8", "CP1251",
// "KOI8-R", "ISO-8859-5", ...), or "" when the text is empty, not a code page
// name (HTML, binary garbage) or names an encoding iconv does not know.
[[nodiscard]] std::string codepage_from_cpg(std::string_view cpg_text);

// Canonical encoding for a DBF language-driver byte, or "" for 0x00 and 0x57
// (no specific code page) and for bytes we do not know.
[[nodiscard]] std::string codepage_from_ldid(uint8_t ldid);

// Converts bytes in one encoding to UTF-8. Not thread-safe (it owns an iconv
// state); make one per loading thread.
class TextDecoder {
public:
    // `codepage` is a canonical name as returned above; "" means unknown:
    // UTF-8 when valid, else `fallback` (a canonical single-byte code page).
    explicit TextDecoder(std::string codepage, std::string fallback = "CP1252");
    ~TextDecoder();
    TextDecoder(const TextDecoder&) = delete;
    TextDecoder& operator=(const TextDecoder&) = delete;

    // The input as UTF-8; invalid bytes become U+FFFD (counted in bad_bytes()).
    [[nodiscard]] std::string decode(std::string_view bytes);
    // What decode() applies: "UTF-8", "CP1251", ... or "UTF-8, else CP1252".
    [[nodiscard]] const std::string& description() const noexcept { return description_; }
    // Bytes replaced by U+FFFD since construction.
    [[nodiscard]] size_t bad_bytes() const noexcept { return bad_bytes_; }
    // Strings that were not valid UTF-8 and were decoded with the fallback (unknown mode only).
    [[nodiscard]] size_t fallback_strings() const noexcept { return fallback_strings_; }

private:
    struct Impl;
    std::string decode_with(Impl& impl, std::string_view in);

    std::string description_;
    bool utf8_ = false;
    bool unknown_ = false;
    std::unique_ptr<Impl> impl_;      // the named code page, or the fallback in unknown mode
    size_t bad_bytes_ = 0;
    size_t fallback_strings_ = 0;
};

}  // namespace atlas
