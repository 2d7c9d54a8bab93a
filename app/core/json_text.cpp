#include "core/json_text.hpp"

#include "core/utf8.hpp"

namespace atlas {

using json = nlohmann::json;

namespace {

// Drops nlohmann's "[json.exception.parse_error.101] " prefix.
std::string plain_message(const std::string& what) {
    if (auto p = what.find("] "); p != std::string::npos && what.rfind("[json.exception", 0) == 0) return what.substr(p + 2);
    return what;
}

// The offset of the first bracket that opens level kMaxJsonDepth + 1, or npos.
// Strings are skipped, escapes included, so brackets inside text do not count.
size_t too_deep_at(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::string_view::npos;
}

}  // namespace

std::vector<int64_t> array_element_lines(std::string_view text, std::string_view key) {
    std::vector<int64_t> lines;
    int depth = 0;
    int64_t line = 1;
    const int target = key.empty() ? 1 : 2;  // the depth of the array's elements
    bool inside = false;                     // within the array
    bool expect = false;                     // the next value begins an element
    bool key_matched = false;                // the root member being read is `key`
    bool in_string = false;
    size_t string_begin = 0;
    std::string_view last_string;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') ++line;
        if (in_string) {
            // Escapes skipped (an escaped character is never a raw newline).
            if (c == '\\') ++i;
            else if (c == '"') {
                last_string = text.substr(string_begin, i - string_begin);
                in_string = false;
            }
            continue;
        }
        if (inside && depth == target && expect && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ']') {
            lines.push_back(line);
            expect = false;
        }
        switch (c) {
        case '"':
            in_string = true;
            string_begin = i + 1;
            break;
        case ':':
            if (depth == 1) key_matched = last_string == key;
            break;
        case ',':
            if (inside && depth == target) expect = true;
            if (depth == 1) key_matched = false;
            break;
        case '[':
            if (!inside && ((key.empty() && depth == 0) || (!key.empty() && depth == 1 && key_matched))) {
                inside = true;
                expect = true;
            }
            ++depth;
            break;
        case '{': ++depth; break;
        case ']':
        case '}':
            if (inside && depth == target && c == ']') return lines;
            if (depth > 0) --depth;
            break;
        default: break;
        }
    }
    return lines;
}

int64_t line_of_offset(std::string_view text, size_t offset) {
    if (offset > text.size()) offset = text.size();
    int64_t line = 1;
    for (size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') ++line;
    return line;
}

template <class Json>
std::optional<Json> parse_json(std::string_view text, const std::string& file, Diagnostics& problems) {
    // JSON is UTF-8 (RFC 8259); a file saved as UTF-16 or UTF-32 is named as such.
    if (const std::string enc = foreign_text_encoding(text); !enc.empty()) {
        problems.add(Diagnostic{file, 1, {}, "the file is " + enc + ": save it as JSON in UTF-8"});
        return std::nullopt;
    }
    if (const size_t at = too_deep_at(text); at != std::string_view::npos) {
        problems.add(Diagnostic{file, line_of_offset(text, at), {},
                                "JSON nested more than " + std::to_string(kMaxJsonDepth) + " levels deep (arrays and objects)"});
        return std::nullopt;
    }
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        problems.add(Diagnostic{file, e.byte == 0 ? 0 : line_of_offset(text, e.byte - 1), {},
                                "malformed JSON: " + plain_message(e.what())});
    } catch (const json::exception& e) {
        // e.g. "number overflow parsing '1e999'": nlohmann keeps no position, so look the token up.
        const std::string msg = plain_message(e.what());
        int64_t line = 0;
        if (auto q = msg.find('\''); q != std::string::npos) {
            if (auto q2 = msg.find('\'', q + 1); q2 != std::string::npos && q2 > q + 1) {
                if (auto at = text.find(msg.substr(q + 1, q2 - q - 1)); at != std::string_view::npos)
                    line = line_of_offset(text, at);
            }
        }
        problems.add(Diagnostic{file, line, {}, "malformed JSON: " + msg});
    }
    return std::nullopt;
}

template std::optional<json> parse_json(std::string_view, const std::string&, Diagnostics&);
template std::optional<nlohmann::ordered_json> parse_json(std::string_view, const std::string&, Diagnostics&);

namespace {
template <class Json>
const Json& member_of(const Json& obj, const char* key) {
    static const Json kNull;
    if (!obj.is_object()) return kNull;
    const auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
}
}  // namespace

const json& member(const json& obj, const char* key) { return member_of(obj, key); }
const nlohmann::ordered_json& member(const nlohmann::ordered_json& obj, const char* key) { return member_of(obj, key); }

}  // namespace atlas
