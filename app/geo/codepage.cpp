#include "geo/codepage.hpp"
#include "core/text.hpp"
#include "core/utf8.hpp"

#include <iconv.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <vector>

namespace atlas {

namespace {


bool iconv_knows(const std::string& name) {
    iconv_t cd = iconv_open("UTF-8", name.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    iconv_close(cd);
    return true;
}

std::string upper_trimmed(std::string_view s) {
    while (!s.empty() && s.back() == '\0') s.remove_suffix(1);
    return ascii_upper(trim(s));
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// Removes spaces, '-' and '_' so that "ISO 8859-5", "ISO_8859_5" and "ISO88595" compare equal.
std::string squeezed(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '-' && c != '_') out += c;
    return out;
}

std::string canonical_from_number(std::string_view digits) {
    const int n = std::stoi(std::string(digits.substr(0, 6)));
    if (n == 65001) return "UTF-8";
    if (n == 20866) return "KOI8-R";
    if (n == 21866) return "KOI8-U";
    if (n >= 28591 && n <= 28599) return "ISO-8859-" + std::to_string(n - 28590);
    if (n == 28605) return "ISO-8859-15";
    if (n == 10000) return "MACINTOSH";
    return "CP" + std::to_string(n);
}

}  // namespace

std::string codepage_from_cpg(std::string_view cpg_text) {
    if (cpg_text.size() > 64) return {};
    std::string s = upper_trimmed(cpg_text);
    if (s.empty()) return {};
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7F || c == '<' || c == '>' || c == '"' || c == '=') return {};
    }
    std::string q = squeezed(s);
    std::string name;
    if (q == "UTF8" || q == "UTF8BOM") name = "UTF-8";
    else if (q.rfind("8859", 0) == 0 && q.size() > 4 && all_digits(q)) name = "ISO-8859-" + q.substr(4);
    else if (all_digits(q)) name = canonical_from_number(q);
    else if ((q.rfind("ANSI", 0) == 0 || q.rfind("OEM", 0) == 0) && all_digits(q.substr(q[0] == 'A' ? 4 : 3)))
        name = canonical_from_number(q.substr(q[0] == 'A' ? 4 : 3));
    else if (q.rfind("WINDOWS", 0) == 0 && all_digits(q.substr(7))) name = "CP" + q.substr(7);
    else if (q.rfind("WIN", 0) == 0 && all_digits(q.substr(3))) name = "CP" + q.substr(3);
    else if (q.rfind("CP", 0) == 0 && all_digits(q.substr(2))) name = canonical_from_number(q.substr(2));
    else if (q.rfind("IBM", 0) == 0 && all_digits(q.substr(3))) name = "CP" + q.substr(3);
    else if (q == "KOI8R") name = "KOI8-R";
    else if (q == "KOI8U") name = "KOI8-U";
    else if (q.rfind("ISO8859", 0) == 0 && all_digits(q.substr(7))) name = "ISO-8859-" + q.substr(7);
    else if (q == "LATIN1") name = "ISO-8859-1";
    else if (q == "RK1048" || q == "KZ1048" || q == "STRK10482002") name = "RK1048";  // Kazakh Cyrillic
    else if (q == "PT154") name = "PT154";
    else if (q == "ASCII" || q == "USASCII") name = "CP1252";  // a superset that decodes every ASCII file
    else if (q == "SHIFTJIS" || q == "SJIS") name = "CP932";
    else if (q == "GBK" || q == "GB2312") name = "CP936";
    else if (q == "BIG5") name = "CP950";
    else return {};
    if (name == "ISO-8859-0" || name == "CP0") return {};
    return iconv_knows(name) ? name : std::string{};
}

std::string codepage_from_ldid(uint8_t ldid) {
    // Language-driver ids of dBASE/FoxPro/ESRI, as documented in the ESRI shapefile
    // code page notes and the dBASE language driver table.
    switch (ldid) {
        case 0x01: case 0x09: case 0x0B: case 0x0D: case 0x0F: case 0x11: case 0x15:
        case 0x18: case 0x19: case 0x1B: return "CP437";
        case 0x02: case 0x0A: case 0x0E: case 0x10: case 0x12: case 0x14: case 0x16:
        case 0x1A: case 0x1D: case 0x25: case 0x37: return "CP850";
        case 0x03: case 0x58: case 0x59: return "CP1252";
        case 0x04: return "MACINTOSH";
        case 0x08: case 0x17: case 0x66: return "CP865";
        case 0x13: case 0x7B: return "CP932";
        case 0x1C: case 0x6C: return "CP863";
        case 0x1F: case 0x22: case 0x23: case 0x40: case 0x64: case 0x87: return "CP852";
        case 0x24: return "CP860";
        case 0x26: case 0x65: return "CP866";
        case 0x4D: case 0x7A: return "CP936";
        case 0x4E: case 0x79: return "CP949";
        case 0x4F: case 0x78: return "CP950";
        case 0x50: case 0x7C: return "CP874";
        case 0x67: return "CP861";
        case 0x6A: case 0x86: return "CP737";
        case 0x6B: case 0x88: return "CP857";
        case 0x96: return "MAC-CYRILLIC";
        case 0x97: return "MAC-CENTRALEUROPE";
        case 0x98: return "MAC-GREEK";
        case 0xC8: return "CP1250";
        case 0xC9: return "CP1251";
        case 0xCA: return "CP1254";
        case 0xCB: return "CP1253";
        case 0xCC: return "CP1257";
        default: return {};
    }
}

// [SECTION] decoder

// Single-byte code pages decode through a 256-entry table built once with iconv;
// multi-byte ones (CP932, CP936, ...) go through iconv for every string.
struct TextDecoder::Impl {
    iconv_t cd = reinterpret_cast<iconv_t>(-1);
    bool table_mode = false;
    std::array<std::string, 256> table;  // UTF-8 of each byte; empty = undecodable

    explicit Impl(const std::string& name) {
        cd = iconv_open("UTF-8", name.c_str());
        if (cd == reinterpret_cast<iconv_t>(-1)) return;
        table_mode = true;
        for (int b = 0; b < 256 && table_mode; ++b) {
            iconv(cd, nullptr, nullptr, nullptr, nullptr);
            char in = static_cast<char>(b);
            char out[16];
            char* ip = &in;
            char* op = out;
            size_t il = 1, ol = sizeof out;
            const size_t r = iconv(cd, &ip, &il, &op, &ol);
            if (r == static_cast<size_t>(-1)) {
                if (errno == EINVAL) table_mode = false;  // a lead byte: multi-byte encoding
                continue;                                 // EILSEQ: no character for this byte
            }
            table[static_cast<size_t>(b)].assign(out, static_cast<size_t>(op - out));
        }
    }
    ~Impl() {
        if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    [[nodiscard]] bool ok() const { return cd != reinterpret_cast<iconv_t>(-1); }
};

TextDecoder::TextDecoder(std::string codepage, std::string fallback) {
    if (codepage == "UTF-8") {
        utf8_ = true;
        description_ = "UTF-8";
        return;
    }
    if (codepage.empty()) {
        unknown_ = true;
        if (fallback.empty() || fallback == "UTF-8") fallback = "CP1252";
        impl_ = std::make_unique<Impl>(fallback);
        if (!impl_->ok()) impl_ = std::make_unique<Impl>("CP1252");
        description_ = "UTF-8, else " + fallback;
        return;
    }
    impl_ = std::make_unique<Impl>(codepage);
    if (!impl_->ok()) {  // names that passed codepage_from_* are known to iconv; be safe anyway
        impl_.reset();
        utf8_ = true;
        description_ = "UTF-8 (" + codepage + " unavailable)";
        return;
    }
    description_ = codepage;
}

TextDecoder::~TextDecoder() = default;

std::string TextDecoder::decode(std::string_view bytes) {
    bool ascii = true;
    for (char c : bytes)
        if (static_cast<unsigned char>(c) >= 0x80) { ascii = false; break; }
    if (ascii) return std::string(bytes);
    if (utf8_) return repair_utf8(bytes, &bad_bytes_);
    if (unknown_) {
        if (is_valid_utf8(bytes)) return std::string(bytes);
        ++fallback_strings_;
    }
    return decode_with(*impl_, bytes);
}

std::string TextDecoder::decode_with(Impl& impl, std::string_view in) {
    std::string out;
    out.reserve(in.size() * 2);
    if (impl.table_mode) {
        for (char c : in) {
            const std::string& u = impl.table[static_cast<unsigned char>(c)];
            if (u.empty()) { out += kUtf8Replacement; ++bad_bytes_; }
            else out += u;
        }
        return out;
    }
    iconv(impl.cd, nullptr, nullptr, nullptr, nullptr);
    std::vector<char> inbuf(in.begin(), in.end());
    char* ip = inbuf.data();
    size_t il = inbuf.size();
    char buf[256];
    while (il > 0) {
        char* op = buf;
        size_t ol = sizeof buf;
        const size_t r = iconv(impl.cd, &ip, &il, &op, &ol);
        out.append(buf, static_cast<size_t>(op - buf));
        if (r == static_cast<size_t>(-1)) {
            if (errno == E2BIG) continue;
            // EILSEQ or EINVAL (truncated sequence): show the byte, skip it, go on.
            out += kUtf8Replacement;
            ++bad_bytes_;
            ++ip;
            --il;
            iconv(impl.cd, nullptr, nullptr, nullptr, nullptr);
        }
    }
    return out;
}

}  // namespace atlas
