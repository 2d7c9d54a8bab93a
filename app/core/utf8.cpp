#include "core/utf8.hpp"

namespace atlas {

size_t utf8_sequence(std::string_view s, size_t i, char32_t& cp) noexcept {
    if (i >= s.size()) return 0;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    size_t len;
    char32_t v;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; }
    else return 0;
    if (i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        v = (v << 6) | (b & 0x3F);
    }
    if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    cp = v;
    return len;
}

bool is_valid_utf8(std::string_view s) noexcept {
    size_t i = 0;
    char32_t cp;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
        const size_t len = utf8_sequence(s, i, cp);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

std::u32string decode_utf8(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        char32_t cp = 0;
        const size_t len = utf8_sequence(s, i, cp);
        out.push_back(len ? cp : U'\uFFFD');
        i += len ? len : 1;
    }
    return out;
}

std::string repair_utf8(std::string_view s, size_t* replaced) {
    if (is_valid_utf8(s)) return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    size_t i = 0;
    while (i < s.size()) {
        char32_t cp = 0;
        const size_t len = utf8_sequence(s, i, cp);
        if (len) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += kUtf8Replacement;
            if (replaced) ++*replaced;
            ++i;
        }
    }
    return out;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string shorten_utf8(std::string_view text, size_t max_chars) {
    size_t chars = 0, i = 0, last_space = std::string_view::npos;
    while (i < text.size() && chars < max_chars) {
        if (text[i] == ' ') last_space = i;
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
        ++chars;
    }
    if (i >= text.size()) return std::string(text);
    size_t cut = (last_space != std::string_view::npos && last_space > i / 2) ? last_space : i;
    return std::string(text.substr(0, cut)) + "…";
}

std::string foreign_text_encoding(std::string_view b) {
    const auto at = [&](size_t i) { return i < b.size() ? static_cast<unsigned char>(b[i]) : 0x100u; };
    // Byte-order marks; UTF-32's little-endian mark begins as UTF-16's does.
    if (at(0) == 0xFF && at(1) == 0xFE && at(2) == 0 && at(3) == 0) return "UTF-32 text (little-endian)";
    if (at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF) return "UTF-32 text (big-endian)";
    if (at(0) == 0xFF && at(1) == 0xFE) return "UTF-16 text (little-endian)";
    if (at(0) == 0xFE && at(1) == 0xFF) return "UTF-16 text (big-endian)";
    const std::string_view head = b.substr(0, 512);
    if (head.find('\0') == std::string_view::npos) return {};
    // No mark: ASCII in wide units leaves its NULs in a pattern.
    if (b.size() >= 4 && at(0) != 0 && at(1) == 0 && at(2) == 0 && at(3) == 0) return "UTF-32 text (little-endian)";
    if (b.size() >= 4 && at(0) == 0 && at(1) == 0 && at(2) == 0 && at(3) != 0) return "UTF-32 text (big-endian)";
    if (b.size() >= 2 && at(0) != 0 && at(1) == 0) return "UTF-16 text (little-endian)";
    if (b.size() >= 2 && at(0) == 0 && at(1) != 0) return "UTF-16 text (big-endian)";
    return "not text (it holds NUL bytes)";
}

}  // namespace atlas
