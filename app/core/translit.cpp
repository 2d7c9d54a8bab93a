#include "core/translit.hpp"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <string>
#include <vector>

namespace atlas {

namespace {

// [SECTION] UTF-8 code points

// Decodes UTF-8; a byte that does not start a well-formed sequence becomes
// 0xFFFF0000 | byte << 8 so that it can be written back unchanged.
std::vector<char32_t> decode(std::string_view s) {
    std::vector<char32_t> out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        int len = 0;
        char32_t cp = 0;
        if (b0 < 0x80) { len = 1; cp = b0; }
        else if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; }
        else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; }
        else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; }
        bool ok = len > 0 && i + static_cast<size_t>(len) <= s.size();
        for (int k = 1; ok && k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
            if ((b & 0xC0) != 0x80) ok = false;
            else cp = (cp << 6) | (b & 0x3F);
        }
        if (ok && len > 1 && (cp < (len == 2 ? 0x80u : len == 3 ? 0x800u : 0x10000u) || cp > 0x10FFFF ||
                              (cp >= 0xD800 && cp <= 0xDFFF)))
            ok = false;
        if (!ok) {
            out.push_back(0xFFFF0000u | (char32_t{b0} << 8));
            ++i;
            continue;
        }
        out.push_back(cp);
        i += static_cast<size_t>(len);
    }
    return out;
}

bool is_raw_byte(char32_t c) { return (c & 0xFFFF0000u) == 0xFFFF0000u; }

void append(std::string& out, char32_t c) {
    if (is_raw_byte(c)) {
        out.push_back(static_cast<char>((c >> 8) & 0xFF));
    } else if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::string encode(const std::vector<char32_t>& cps) {
    std::string out;
    out.reserve(cps.size() * 2);
    for (char32_t c : cps) append(out, c);
    return out;
}

// [SECTION] Letter case

char32_t to_lower(char32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c == 0x130) return 'i';  // İ
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return (c % 2 == 0) ? c + 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x178) return 0xFF;
    if (c == 0x1F4) return 0x1F5;  // Ǵ
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x4FF))
        return (c % 2 == 0) ? c + 1 : c;
    if (c >= 0x4C1 && c <= 0x4CE) return (c % 2 == 1) ? c + 1 : c;
    return c;
}

bool is_cyrillic(char32_t c) { return c >= 0x400 && c <= 0x4FF; }

bool is_letter(char32_t c) {
    if (is_raw_byte(c)) return false;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) return true;
    return is_cyrillic(c);
}

bool is_upper(char32_t c) { return is_letter(c) && to_lower(c) != c; }

bool is_cyrillic_vowel(char32_t lower) {
    switch (lower) {
        case U'а': case U'е': case U'ё': case U'и': case U'о': case U'у': case U'ы': case U'э':
        case U'ю': case U'я': case U'ә': case U'ө': case U'ұ': case U'ү': case U'і':
            return true;
        default:
            return false;
    }
}

// [SECTION] The display scheme

// Latin of one lower-case Cyrillic letter; nullptr when it is not one the scheme knows.
const char* latin_of(char32_t lower) {
    switch (lower) {
        case U'а': return "a";   case U'б': return "b";   case U'в': return "v";
        case U'г': return "g";   case U'д': return "d";   case U'е': return "e";
        case U'ё': return "yo";  case U'ж': return "zh";  case U'з': return "z";
        case U'и': return "i";   case U'й': return "y";   case U'к': return "k";
        case U'л': return "l";   case U'м': return "m";   case U'н': return "n";
        case U'о': return "o";   case U'п': return "p";   case U'р': return "r";
        case U'с': return "s";   case U'т': return "t";   case U'у': return "u";
        case U'ф': return "f";   case U'х': return "kh";  case U'ц': return "ts";
        case U'ч': return "ch";  case U'ш': return "sh";  case U'щ': return "shch";
        case U'ъ': return "";    case U'ы': return "y";   case U'ь': return "";
        case U'э': return "e";   case U'ю': return "yu";  case U'я': return "ya";
        case U'ә': return "a";   case U'ғ': return "g";   case U'қ': return "k";
        case U'ң': return "ng";  case U'ө': return "o";   case U'ұ': return "u";
        case U'ү': return "u";   case U'һ': return "h";   case U'і': return "i";
        case U'ѐ': return "e";   case U'ѝ': return "i";   case U'ў': return "u";
        case U'є': return "ye";  case U'ї': return "yi";  case U'ґ': return "g";
        default: return nullptr;
    }
}

std::vector<char32_t> transliterate_cps(const std::vector<char32_t>& in) {
    std::vector<char32_t> out;
    out.reserve(in.size() * 2);
    const size_t n = in.size();
    auto lower_at = [&](size_t i) { return i < n ? to_lower(in[i]) : char32_t{0}; };
    auto letter_at = [&](size_t i) { return i < n && is_letter(in[i]); };
    for (size_t i = 0; i < n; ++i) {
        const char32_t c = in[i];
        const char32_t lc = to_lower(c);
        const char* latin = is_cyrillic(c) ? latin_of(lc) : nullptr;
        if (latin == nullptr) {
            out.push_back(c);
            continue;
        }
        const char32_t prev = i > 0 ? lower_at(i - 1) : char32_t{0};
        const bool prev_letter = i > 0 && letter_at(i - 1);
        std::string piece = latin;
        if (lc == U'е' && (!prev_letter || (is_cyrillic_vowel(prev) && prev != U'у' && prev != U'ұ' && prev != U'ү') ||
                           prev == U'ъ' || prev == U'ь')) {
            piece = "ye";
        } else if ((lc == U'и' || lc == U'ы') && lower_at(i + 1) == U'й' && !letter_at(i + 2) && prev_letter) {
            piece = "y";  // the adjective endings -ий, -ый
            ++i;          // the й is written by this "y"
        } else if (lc == U'й' && is_cyrillic_vowel(prev)) {
            const char32_t next = lower_at(i + 1);
            if (next == U'я' || next == U'ю' || next == U'ё') piece = "";  // Майя -> Maya
            else if (next != U'а' && next != U'о' && next != U'у' && next != U'э') piece = "i";
        }
        if (piece.empty()) continue;
        if (c != lc) {
            // Upper case: all capitals inside a word in capitals, else a capital first letter.
            const bool word_in_capitals = (i + 1 < n && is_upper(in[i + 1])) ||
                                          (!letter_at(i + 1) && i > 0 && is_upper(in[i - 1]));
            for (size_t k = 0; k < piece.size(); ++k)
                if (k == 0 || word_in_capitals) piece[k] = static_cast<char>(piece[k] - 'a' + 'A');
        }
        for (char ch : piece) out.push_back(static_cast<unsigned char>(ch));
    }
    return out;
}

// [SECTION] Search folding

// Plain Latin of a lower-case Latin letter with a diacritic (Kazakh Latin alphabets of
// 2017-2021, Turkish, Latin-1); nullptr when the letter has none.
const char* plain_latin(char32_t c) {
    switch (c) {
        case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE4: case 0xE5: case 0x101: case 0x103:
        case 0x105: case 0x1CE: return "a";
        case 0xE6: return "ae";
        case 0xE7: case 0x107: case 0x10D: return "ch";
        case 0xE8: case 0xE9: case 0xEA: case 0xEB: case 0x113: case 0x117: case 0x119: case 0x11B: return "e";
        case 0xEC: case 0xED: case 0xEE: case 0xEF: case 0x12B: case 0x12F: case 0x131: return "i";
        case 0xF1: case 0x144: case 0x148: return "n";
        case 0xF2: case 0xF3: case 0xF4: case 0xF5: case 0xF6: case 0xF8: case 0x14D: case 0x151: return "o";
        case 0xF9: case 0xFA: case 0xFB: case 0xFC: case 0x16B: case 0x16F: case 0x171: case 0x173: return "u";
        case 0xFD: case 0xFF: return "y";
        case 0xDF: return "ss";
        case 0x11F: case 0x1F5: return "g";
        case 0x15F: case 0x161: case 0x15B: return "sh";
        case 0x17E: case 0x17A: case 0x17C: return "zh";
        case 0x142: return "l";
        default: return nullptr;
    }
}

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Spelling variants of one word of lower-case ASCII letters and digits.
std::string fold_word(const std::string& w) {
    std::string s;
    s.reserve(w.size());
    for (size_t i = 0; i < w.size(); ++i) {
        const auto at = [&](size_t k) { return i + k < w.size() ? w[i + k] : '\0'; };
        const char c = w[i];
        if (c == 'd' && at(1) == 'z' && at(2) == 'h') { s += 'j'; i += 2; continue; }
        if (c == 'd' && at(1) == 'j') { s += 'j'; i += 1; continue; }
        if (c == 'z' && at(1) == 'h') { s += 'j'; i += 1; continue; }
        if (c == 'k' && at(1) == 'h') { s += 'h'; i += 1; continue; }
        if (c == 'g' && at(1) == 'h') { s += 'g'; i += 1; continue; }
        if (c == 'y' && at(1) == 'e') { s += 'e'; i += 1; continue; }
        if (c == 'q') { s += 'k'; continue; }
        if (c == 'y') { s += 'i'; continue; }
        if (c == 'w') { s += 'v'; continue; }
        if (c == 'x') { s += "ks"; continue; }
        s += c;
    }
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (!out.empty() && out.back() == c && c >= 'a' && c <= 'z') continue;  // doubled letter
        out += c;
    }
    return out;
}

// [SECTION] Street-type words

struct StreetType {
    std::u32string_view words;  // lower case; a space separates the words of a two-word type
    const char* english;
    bool russian;  // Russian order: a person's name after it is in the genitive
};

constexpr std::array kStreetTypes = {
    StreetType{U"улица", "Street", true},        StreetType{U"ул.", "Street", true},
    StreetType{U"ул", "Street", true},           StreetType{U"көшесі", "Street", false},
    StreetType{U"көш.", "Street", false},        StreetType{U"проспект", "Avenue", true},
    StreetType{U"пр.", "Avenue", true},          StreetType{U"пр-т", "Avenue", true},
    StreetType{U"просп.", "Avenue", true},       StreetType{U"даңғылы", "Avenue", false},
    StreetType{U"микрорайон", "Microdistrict", true}, StreetType{U"мкр.", "Microdistrict", true},
    StreetType{U"мкр", "Microdistrict", true},   StreetType{U"мкрн", "Microdistrict", true},
    StreetType{U"м-н", "Microdistrict", true},   StreetType{U"шағын аудан", "Microdistrict", false},
    StreetType{U"шағын ауданы", "Microdistrict", false}, StreetType{U"переулок", "Lane", true},
    StreetType{U"пер.", "Lane", true},           StreetType{U"тұйық көшесі", "Lane", false},
    StreetType{U"бульвар", "Boulevard", true},   StreetType{U"б-р", "Boulevard", true},
    StreetType{U"площадь", "Square", true},      StreetType{U"пл.", "Square", true},
    StreetType{U"алаңы", "Square", false},       StreetType{U"шоссе", "Highway", true},
    StreetType{U"тас жолы", "Highway", false},   StreetType{U"проезд", "Passage", true},
    StreetType{U"тупик", "Close", true},         StreetType{U"набережная", "Embankment", true},
    StreetType{U"район", "District", false},     StreetType{U"ауданы", "District", false},
};

using Word = std::vector<char32_t>;

std::u32string lower_word(const Word& w) {
    std::u32string s;
    for (char32_t c : w) s.push_back(to_lower(c));
    return s;
}

bool ends_with(const std::u32string& s, std::u32string_view tail) {
    return s.size() >= tail.size() && std::u32string_view(s).substr(s.size() - tail.size()) == tail;
}

bool is_cyrillic_consonant(char32_t lower) {
    return is_cyrillic(lower) && !is_cyrillic_vowel(lower) && lower != U'ь' && lower != U'ъ' && lower != U'й';
}

// Replaces the last `drop` letters of w by `add` (lower case).
void replace_tail(Word& w, size_t drop, std::u32string_view add) {
    w.resize(w.size() - drop);
    w.insert(w.end(), add.begin(), add.end());
}

// A surname in the genitive back to the nominative; true when one of the reliable
// endings (see the header) was undone.
bool undo_genitive_surname(Word& w) {
    const std::u32string s = lower_word(w);
    if (s.size() < 4) return false;
    if (ends_with(s, U"ского") || ends_with(s, U"цкого")) { replace_tail(w, 3, U"ий"); return true; }
    for (std::u32string_view e : {U"овой", U"евой", U"ёвой", U"иной"})
        if (ends_with(s, e)) { replace_tail(w, 2, U"а"); return true; }
    if (s.size() >= 5)
        for (std::u32string_view e : {U"ова", U"ева", U"ёва", U"ина", U"ына"})
            if (ends_with(s, e)) { replace_tail(w, 1, U""); return true; }
    if (ends_with(s, U"бека")) { replace_tail(w, 1, U""); return true; }
    if (ends_with(s, U"ея")) { replace_tail(w, 1, U"й"); return true; }
    if (ends_with(s, U"ая") && !ends_with(s, U"ская")) {
        // Kazakh names in -бай, -тай, -дай ... (Абая, Исатая); not an adjective (-ная, -вая, -ская).
        for (char32_t c : {U'б', U'т', U'д', U'г', U'к', U'м', U'з', U'с'})
            if (s[s.size() - 3] == c) { replace_tail(w, 1, U"й"); return true; }
    }
    if (s.back() == U'я' && is_cyrillic_consonant(s[s.size() - 2])) { replace_tail(w, 1, U"ь"); return true; }
    return false;
}

bool undo_genitive_title(Word& w) {
    const std::u32string s = lower_word(w);
    if (s == U"батыра" || s == U"хана") { replace_tail(w, 1, U""); return true; }
    return false;
}

// "1-я", "2-й", "3-ая" ... -> "1st", "2nd", "3rd"; false when w is not an ordinal.
bool english_ordinal(const Word& w, std::string& out) {
    size_t i = 0;
    std::string digits;
    while (i < w.size() && w[i] >= '0' && w[i] <= '9') digits += static_cast<char>(w[i++]);
    if (digits.empty() || i + 1 >= w.size() || w[i] != '-') return false;
    const std::u32string suffix = lower_word(Word(w.begin() + static_cast<std::ptrdiff_t>(i) + 1, w.end()));
    bool known = false;
    for (std::u32string_view e : {U"й", U"я", U"ая", U"ый", U"ой", U"ий", U"е", U"ое", U"го", U"ого", U"ая"})
        known = known || suffix == e;
    if (!known) return false;
    const int last2 = std::stoi(digits.size() > 2 ? digits.substr(digits.size() - 2) : digits);
    const int last = last2 % 10;
    const char* th = (last2 >= 11 && last2 <= 13) ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
    out = digits + th;
    return true;
}

std::vector<Word> split_words(const std::vector<char32_t>& cps) {
    std::vector<Word> words;
    Word cur;
    for (char32_t c : cps) {
        if (c == ' ' || c == '\t' || c == 0xA0) {
            if (!cur.empty()) words.push_back(std::move(cur));
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    if (!cur.empty()) words.push_back(std::move(cur));
    return words;
}

// A name with no parentheses in it, in parts: the English of the words before and after
// the street-type word, the same words transliterated as written, and the type in English.
struct NameParts {
    std::vector<std::string> before, after;          // English words (genitive undone where allowed)
    std::vector<std::string> before_raw, after_raw;  // transliterated as written
    std::string type;                                // "Street", "Avenue", ...; "" when none
    bool type_led = false;                           // the type word came first (Russian order)
};

NameParts analyse_part(const std::vector<char32_t>& cps, bool genitive_allowed) {
    std::vector<Word> words = split_words(cps);
    std::vector<std::u32string> lower;
    for (const Word& w : words) lower.push_back(lower_word(w));
    // The first street-type word, longest match first.
    size_t type_at = words.size(), type_len = 0;
    const StreetType* type = nullptr;
    for (size_t i = 0; i < words.size() && type == nullptr; ++i) {
        const std::u32string pair = i + 1 < words.size() ? lower[i] + U' ' + lower[i + 1] : std::u32string();
        for (const StreetType& t : kStreetTypes) {
            const size_t len = t.words.find(U' ') == std::u32string_view::npos ? 1 : 2;
            if (i + len > words.size()) continue;
            const std::u32string& joined = len == 2 ? pair : lower[i];
            if (joined == t.words && (type == nullptr || len > type_len)) {
                type = &t;
                type_at = i;
                type_len = len;
            }
        }
    }
    std::vector<Word> name, raw;
    size_t before_count = 0;
    for (size_t i = 0; i < words.size(); ++i) {
        if (type != nullptr && i >= type_at && i < type_at + type_len) continue;
        if (type == nullptr || i < type_at) ++before_count;
        name.push_back(words[i]);
    }
    raw = name;
    // "Алмалинский район": a district is named by an adjective of its name; the
    // name itself is what English says ("Almaly District", as in Алмалы ауданы).
    if (type != nullptr && std::string_view(type->english) == "District") {
        for (size_t i = 0; i < before_count; ++i) {
            const std::u32string w = lower_word(name[i]);
            if (w.size() > 7 && ends_with(w, U"инский")) replace_tail(name[i], 6, U"ы");
            else if (w.size() > 6 && ends_with(w, U"ский")) replace_tail(name[i], 4, U"");
        }
    }
    if (type != nullptr && type->russian && genitive_allowed) {
        std::vector<bool> changed(name.size(), false);
        bool surname = false;
        for (size_t i = 0; i < name.size(); ++i) {
            changed[i] = undo_genitive_surname(name[i]);
            surname = surname || changed[i];
        }
        for (size_t i = 0; i < name.size(); ++i) {
            if (changed[i] || undo_genitive_title(name[i]) || !surname) continue;
            const std::u32string s = lower_word(name[i]);
            if (s.size() >= 4 && s.back() == U'а' && is_cyrillic_consonant(s[s.size() - 2])) replace_tail(name[i], 1, U"");
        }
    }
    auto english_word = [](const Word& w) {
        std::string ordinal;
        if (english_ordinal(w, ordinal)) return ordinal;
        return encode(transliterate_cps(w));
    };
    NameParts parts;
    parts.type = type != nullptr ? type->english : "";
    parts.type_led = type != nullptr && type_at == 0;
    for (size_t i = 0; i < name.size(); ++i) {
        const bool before = parts.type_led || i < before_count;
        (before ? parts.before : parts.after).push_back(english_word(name[i]));
        (before ? parts.before_raw : parts.after_raw).push_back(english_word(raw[i]));
    }
    return parts;
}

std::string join_words(const std::vector<std::string>& a, const std::vector<std::string>& b = {}) {
    std::string out;
    for (const auto* v : {&a, &b})
        for (const std::string& w : *v) {
            if (w.empty()) continue;
            if (!out.empty()) out += ' ';
            out += w;
        }
    return out;
}

// English of a name with no parentheses in it; `genitive_allowed` allows undoing the genitive.
std::string english_part(const std::vector<char32_t>& cps, bool genitive_allowed) {
    const NameParts p = analyse_part(cps, genitive_allowed);
    std::vector<std::string> rest;
    if (!p.type.empty()) rest.push_back(p.type);
    rest.insert(rest.end(), p.after.begin(), p.after.end());
    return join_words(p.before, rest);
}

// A name split into its main part and its parenthesised parts.
void split_brackets(const std::vector<char32_t>& cps, std::vector<char32_t>& main,
                    std::vector<std::vector<char32_t>>& brackets) {
    int depth = 0;
    for (char32_t c : cps) {
        if (c == '(') {
            if (depth++ == 0) brackets.emplace_back();
            else brackets.back().push_back(c);
        } else if (c == ')' && depth > 0) {
            if (--depth > 0) brackets.back().push_back(c);
        } else if (depth > 0) {
            brackets.back().push_back(c);
        } else {
            main.push_back(c);
        }
    }
}

}  // namespace

std::string transliterate(std::string_view utf8) { return encode(transliterate_cps(decode(utf8))); }

std::string lowercase(std::string_view utf8) {
    std::vector<char32_t> cps = decode(utf8);
    for (char32_t& c : cps)
        if (!is_raw_byte(c)) c = to_lower(c);
    return encode(cps);
}

std::string english_street_name(std::string_view osm_name) {
    std::vector<char32_t> main;
    std::vector<std::vector<char32_t>> brackets;
    split_brackets(decode(osm_name), main, brackets);
    std::string out = english_part(main, true);
    for (const auto& b : brackets) {
        const std::string inner = english_part(b, false);
        if (inner.empty()) continue;
        if (!out.empty()) out += ' ';
        out += '(' + inner + ')';
    }
    return out;
}

StreetNameParts split_street_name(std::string_view osm_name) {
    std::vector<char32_t> main;
    std::vector<std::vector<char32_t>> brackets;
    split_brackets(decode(osm_name), main, brackets);
    const NameParts p = analyse_part(main, true);
    StreetNameParts out;
    out.name = join_words(p.before, p.after);
    out.name_as_written = join_words(p.before_raw, p.after_raw);
    out.type = p.type;
    for (const auto& b : brackets) {
        std::vector<char32_t> inner = b;
        while (!inner.empty() && inner.back() == ' ') inner.pop_back();
        size_t lead = 0;
        while (lead < inner.size() && inner[lead] == ' ') ++lead;
        if (lead == inner.size()) continue;
        if (!out.area.empty()) out.area += ", ";
        out.area += encode(std::vector<char32_t>(inner.begin() + static_cast<std::ptrdiff_t>(lead), inner.end()));
    }
    return out;
}

std::string_view english_street_type(std::string_view folded, bool written_in_cyrillic) {
    // The Cyrillic type words first (folded), then the Latin ones.
    static size_t cyrillic_count = 0;
    static const std::vector<std::pair<std::string, std::string_view>> table = [] {
        std::vector<std::pair<std::string, std::string_view>> t;
        for (const StreetType& st : kStreetTypes) {
            std::vector<char32_t> w(st.words.begin(), st.words.end());
            t.emplace_back(fold_for_search(encode(w)), st.english);
        }
        cyrillic_count = t.size();
        for (const auto& [word, english] : std::initializer_list<std::pair<const char*, std::string_view>>{
                 {"street", "Street"}, {"st", "Street"}, {"ulitsa", "Street"}, {"kosesi", "Street"},
                 {"avenue", "Avenue"}, {"ave", "Avenue"}, {"av", "Avenue"}, {"prospekt", "Avenue"},
                 {"prospect", "Avenue"}, {"pr", "Avenue"}, {"dangili", "Avenue"},
                 {"microdistrict", "Microdistrict"}, {"mikroraion", "Microdistrict"},
                 {"lane", "Lane"}, {"ln", "Lane"}, {"pereulok", "Lane"}, {"boulevard", "Boulevard"},
                 {"blvd", "Boulevard"}, {"bulvar", "Boulevard"}, {"square", "Square"}, {"sq", "Square"},
                 {"ploshchad", "Square"}, {"highway", "Highway"}, {"hwy", "Highway"}, {"shosse", "Highway"},
                 {"passage", "Passage"}, {"proezd", "Passage"}, {"close", "Close"},
                 {"embankment", "Embankment"}, {"naberezhnaya", "Embankment"}, {"district", "District"},
                 {"raion", "District"}, {"rayon", "District"}, {"audani", "District"}})
            t.emplace_back(fold_for_search(word), english);
        return t;
    }();
    const size_t n = written_in_cyrillic ? cyrillic_count : table.size();
    for (size_t i = 0; i < n; ++i)
        if (table[i].first == folded) return table[i].second;
    return {};
}

std::string fold_for_search(std::string_view text) {
    std::vector<char32_t> cps = decode(text);
    for (char32_t& c : cps) {
        if (!is_raw_byte(c)) c = to_lower(c);
        if (c == U'ң') c = U'н';  // Шаңырақ is written Shanyraq as often as Shangyraq
    }
    const std::vector<char32_t> latin = transliterate_cps(cps);
    std::string out;
    std::string word;
    auto flush = [&] {
        if (word.empty()) return;
        if (!out.empty()) out += ' ';
        out += fold_word(word);
        word.clear();
    };
    for (char32_t c : latin) {
        if (c < 0x80 && is_ascii_alnum(static_cast<char>(c))) {
            word += static_cast<char>(c);
        } else if (const char* plain = plain_latin(c)) {
            word += plain;
        } else if (c == '\'' || c == 0x2019 || c == 0x2BC || c == 0x60) {
            continue;  // apostrophes inside a word (O'Neil, Ғ as G') join it
        } else if (is_raw_byte(c) || c < 0x80 || (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||
                   (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) || c == 0xFEFF) {
            flush();  // punctuation, spaces, symbols
        } else {
            append(word, c);  // a letter of another script, kept as it is
        }
    }
    flush();
    return out;
}

}  // namespace atlas
