#include "model/source_text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/utf8.hpp"

namespace atlas {

// [SECTION] HTML to text -----------------------------------------------------------
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals_at(std::string_view s, size_t at, std::string_view word) {
    if (at + word.size() > s.size()) return false;
    for (size_t i = 0; i < word.size(); ++i)
        if (lower(s[at + i]) != word[i]) return false;
    return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Elements whose end and start break a paragraph.
bool is_block(std::string_view name) {
    static constexpr std::string_view kBlocks[] = {
        "p",      "div",     "br",     "li",     "ul",         "ol",      "h1",      "h2",     "h3",
        "h4",     "h5",      "h6",     "tr",     "table",      "blockquote", "section", "article", "header",
        "footer", "aside",   "nav",    "pre",    "hr",         "figure",  "figcaption", "dd", "dt",
        "dl",     "main",    "address", "details", "summary",  "body",    "html",    "form",   "fieldset",
        "caption", "thead",  "tbody",  "tfoot",  "td",         "th"};
    return std::find(std::begin(kBlocks), std::end(kBlocks), name) != std::end(kBlocks);
}

// Elements whose whole content is not text of the page.
bool is_hidden(std::string_view name) {
    return name == "script" || name == "style" || name == "head" || name == "template" || name == "svg" ||
           name == "noscript" || name == "iframe" || name == "object" || name == "title";
}

struct NamedEntity {
    std::string_view name;
    char32_t cp;
};
constexpr NamedEntity kEntities[] = {
    {"amp", '&'},       {"lt", '<'},         {"gt", '>'},         {"quot", '"'},       {"apos", '\''},
    {"nbsp", ' '},      {"ndash", 0x2013},   {"mdash", 0x2014},   {"hellip", 0x2026},  {"laquo", 0x00AB},
    {"raquo", 0x00BB},  {"lsquo", 0x2018},   {"rsquo", 0x2019},   {"sbquo", 0x201A},   {"ldquo", 0x201C},
    {"rdquo", 0x201D},  {"bdquo", 0x201E},   {"copy", 0x00A9},    {"reg", 0x00AE},     {"trade", 0x2122},
    {"deg", 0x00B0},    {"middot", 0x00B7},  {"bull", 0x2022},    {"shy", 0x00AD},     {"times", 0x00D7},
    {"euro", 0x20AC},   {"pound", 0x00A3},   {"sect", 0x00A7},    {"para", 0x00B6},    {"thinsp", 0x2009},
    {"ensp", 0x2002},   {"emsp", 0x2003},    {"zwj", 0x200D},     {"zwnj", 0x200C},    {"minus", 0x2212},
    {"prime", 0x2032},  {"Prime", 0x2033},   {"frac12", 0x00BD},  {"numero", 0x2116},  {"eacute", 0x00E9},
};

// Decodes the character reference starting at s[at] ('&'); returns its length
// (0 when it is not one, and the '&' stays as written).
size_t decode_entity(std::string_view s, size_t at, std::string& out) {
    size_t j = at + 1;
    if (j < s.size() && s[j] == '#') {
        ++j;
        const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
        if (hex) ++j;
        const size_t digits = j;
        uint64_t v = 0;
        while (j < s.size() && j - digits < 8 &&
               (hex ? std::isxdigit(static_cast<unsigned char>(s[j])) : std::isdigit(static_cast<unsigned char>(s[j])))) {
            v = v * (hex ? 16 : 10) + static_cast<uint64_t>(std::isdigit(static_cast<unsigned char>(s[j]))
                                                               ? s[j] - '0'
                                                               : lower(s[j]) - 'a' + 10);
            ++j;
        }
        if (j == digits) return 0;
        if (j < s.size() && s[j] == ';') ++j;
        const char32_t cp = v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ? 0xFFFD : static_cast<char32_t>(v);
        if (cp == 0xA0) out += ' ';
        else if (cp != 0xAD) append_utf8(out, cp);
        return j - at;
    }
    size_t k = j;
    while (k < s.size() && k - j < 10 && std::isalnum(static_cast<unsigned char>(s[k]))) ++k;
    if (k == j || k >= s.size() || s[k] != ';') return 0;
    const std::string_view name = s.substr(j, k - j);
    for (const auto& e : kEntities)
        if (e.name == name) {
            if (e.cp != 0x00AD) append_utf8(out, e.cp);  // a soft hyphen is not text
            return k + 1 - at;
        }
    return 0;
}

// Builds paragraphs of collapsed white space.
class TextSink {
public:
    void text(std::string_view s) {
        for (char c : s) {
            if (is_space(c)) {
                space_ = !para_.empty();
                continue;
            }
            if (space_) para_ += ' ';
            space_ = false;
            para_ += c;
        }
    }
    void decoded(const std::string& s) {
        // A decoded space (&nbsp;) counts as white space between words.
        text(s);
    }
    void paragraph_break() {
        if (para_.empty()) return;
        if (!out_.empty()) out_ += "\n\n";
        out_ += para_;
        para_.clear();
        space_ = false;
    }
    std::string finish() {
        paragraph_break();
        return std::move(out_);
    }

private:
    std::string out_, para_;
    bool space_ = false;
};

}  // namespace

std::string html_to_text(std::string_view html_in) {
    const std::string repaired = repair_utf8(html_in);
    const std::string_view s = repaired;
    TextSink sink;
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        const char c = s[i];
        if (c == '&') {
            std::string dec;
            const size_t len = decode_entity(s, i, dec);
            if (len) {
                sink.decoded(dec);
                i += len;
            } else {
                sink.text("&");
                ++i;
            }
            continue;
        }
        if (c != '<') {
            size_t j = i;
            while (j < n && s[j] != '<' && s[j] != '&') ++j;
            sink.text(s.substr(i, j - i));
            i = j;
            continue;
        }
        // Markup.
        if (s.substr(i, 4) == "<!--") {
            const size_t e = s.find("-->", i + 4);
            i = e == std::string_view::npos ? n : e + 3;
            continue;
        }
        if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {  // doctype, processing instruction, CDATA
            if (s.substr(i, 9) == "<![CDATA[") {
                const size_t e = s.find("]]>", i + 9);
                sink.text(s.substr(i + 9, (e == std::string_view::npos ? n : e) - i - 9));
                i = e == std::string_view::npos ? n : e + 3;
                continue;
            }
            const size_t e = s.find('>', i);
            i = e == std::string_view::npos ? n : e + 1;
            continue;
        }
        size_t j = i + 1;
        const bool closing = j < n && s[j] == '/';
        if (closing) ++j;
        const size_t name_begin = j;
        while (j < n && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '-' || s[j] == ':')) ++j;
        if (j == name_begin) {  // "a < b": a lone '<' is text
            sink.text("<");
            ++i;
            continue;
        }
        std::string name;
        for (size_t k = name_begin; k < j; ++k) name += lower(s[k]);
        // The end of the tag, past quoted attribute values (which may hold '>').
        char quote = 0;
        while (j < n) {
            if (quote) {
                if (s[j] == quote) quote = 0;
            } else if (s[j] == '"' || s[j] == '\'') {
                quote = s[j];
            } else if (s[j] == '>') {
                break;
            }
            ++j;
        }
        const bool self_closing = j > 0 && j < n && s[j - 1] == '/';
        i = j < n ? j + 1 : n;
        if (!closing && !self_closing && is_hidden(name)) {
            // Skip to the matching end tag (case-insensitive); unterminated: to the end.
            const std::string end_tag = "</" + name;
            size_t k = i;
            while (k < n && !(s[k] == '<' && iequals_at(s, k, end_tag))) ++k;
            if (k < n) {
                const size_t gt = s.find('>', k);
                i = gt == std::string_view::npos ? n : gt + 1;
            } else {
                i = n;
            }
            if (name != "title") sink.paragraph_break();
            continue;
        }
        if (is_block(name)) sink.paragraph_break();
        else if (name == "td" || name == "th") sink.text(" ");
    }
    return sink.finish();
}

// [SECTION] Reading source text --------------------------------------------------------

std::string normalize_source_text(std::string_view text, const std::string& origin) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (!is_valid_utf8(text)) {
        // Name where the first bad byte is: line and column.
        size_t i = 0, line = 1, col = 1;
        char32_t cp;
        while (i < text.size()) {
            const size_t len = utf8_sequence(text, i, cp);
            if (!len) break;
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
            i += len;
        }
        throw Error(Diagnostic{origin, static_cast<int64_t>(line), "full_text",
                               "not UTF-8 text (a bad byte at column " + std::to_string(col) +
                                   "); save it as UTF-8 and import it again"});
    }
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    // No white space around the whole.
    size_t b = 0, e = out.size();
    while (b < e && is_space(out[b])) ++b;
    while (e > b && is_space(out[e - 1])) --e;
    if (b == e) throw Error(Diagnostic{origin, 0, "full_text", "the text is empty"});
    return out.substr(b, e - b);
}

std::string source_text_from_file(const std::filesystem::path& path) {
    const std::string bytes = read_input_file(path, size_t{64} << 20);
    std::string ext = path.extension().string();
    for (char& c : ext) c = lower(c);
    if (ext == ".html" || ext == ".htm" || ext == ".xhtml") {
        const std::string text = html_to_text(bytes);
        return normalize_source_text(text, path.string());
    }
    return normalize_source_text(bytes, path.string());
}

// [SECTION] Paragraphs and code points ---------------------------------------------------

std::vector<TextParagraph> text_paragraphs(std::string_view text) {
    struct Line {
        size_t begin, end;
        bool blank;
    };
    std::vector<Line> lines;
    for (size_t i = 0; i <= text.size();) {
        size_t e = text.find('\n', i);
        if (e == std::string_view::npos) e = text.size();
        bool blank = true;
        for (size_t k = i; k < e && blank; ++k) blank = is_space(text[k]);
        lines.push_back({i, e, blank});
        i = e + 1;
    }
    const bool blank_separated = std::any_of(lines.begin(), lines.end(), [](const Line& l) { return l.blank; });
    std::vector<TextParagraph> out;
    for (size_t k = 0; k < lines.size(); ++k) {
        if (lines[k].blank) continue;
        TextParagraph p{lines[k].begin, lines[k].end};
        if (blank_separated)
            while (k + 1 < lines.size() && !lines[k + 1].blank) p.end = lines[++k].end;
        out.push_back(p);
    }
    return out;
}

size_t paragraph_at(const std::vector<TextParagraph>& paragraphs, size_t at) {
    for (size_t i = 0; i < paragraphs.size(); ++i)
        if (at < paragraphs[i].end) return i;
    return paragraphs.empty() ? 0 : paragraphs.size() - 1;
}

int64_t code_point_index(std::string_view text, size_t at) noexcept {
    int64_t n = 0;
    for (size_t i = 0; i < at && i < text.size(); ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    return n;
}

size_t byte_of_code_point(std::string_view text, int64_t cp) noexcept {
    int64_t n = -1;
    for (size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
        if (n == cp) return i;
    }
    return text.size();
}

// [SECTION] Excerpts ---------------------------------------------------------------------
namespace {

bool is_continuation(std::string_view s, size_t i) {
    return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
}

std::string locator_for(std::string_view text, size_t begin, size_t end) {
    const auto paras = text_paragraphs(text);
    if (paras.empty()) return {};
    const size_t a = paragraph_at(paras, begin) + 1, b = paragraph_at(paras, end > begin ? end - 1 : end) + 1;
    return a == b ? "paragraph " + std::to_string(a) : "paragraphs " + std::to_string(a) + "-" + std::to_string(b);
}

// A locator the program wrote (or one in the same words) follows its quotation.
bool paragraph_locator(const std::string& locator) {
    return locator.empty() || locator.rfind("paragraph ", 0) == 0 || locator.rfind("paragraphs ", 0) == 0;
}

}  // namespace

std::optional<Excerpt> excerpt_from_selection(const Source& s, size_t begin, size_t end) {
    const std::string_view text = s.full_text;
    if (begin > end) std::swap(begin, end);
    begin = std::min(begin, text.size());
    end = std::min(end, text.size());
    while (begin > 0 && is_continuation(text, begin)) --begin;
    while (end < text.size() && is_continuation(text, end)) ++end;
    while (begin < end && is_space(text[begin])) ++begin;
    while (end > begin && is_space(text[end - 1])) --end;
    if (begin == end) return std::nullopt;
    Excerpt x;
    x.source_id = s.id;
    x.text = std::string(text.substr(begin, end - begin));
    x.span_begin = code_point_index(text, begin);
    x.span_end = x.span_begin + code_point_index(x.text, x.text.size());
    x.locator = locator_for(text, begin, end);
    x.id = "x-" + s.id + "-" + std::to_string(x.span_begin);
    return x;
}

SpanState span_state(const Source& s, const Excerpt& x) {
    if (s.full_text.empty()) return SpanState::NoText;
    const std::string_view text = s.full_text;
    if (x.span_begin < 0) return text.find(x.text) == std::string_view::npos ? SpanState::Drifted : SpanState::Unanchored;
    const size_t b = byte_of_code_point(text, x.span_begin);
    const size_t e = byte_of_code_point(text, x.span_end);
    if (e < b || x.span_end > x.span_begin + static_cast<int64_t>(x.text.size())) return SpanState::Drifted;
    return text.substr(b, e - b) == x.text ? SpanState::Matches : SpanState::Drifted;
}

SpanRecheck recheck_spans(std::string_view old_text, std::string_view text, const std::vector<Excerpt>& excerpts) {
    SpanRecheck r;
    Source probe;
    probe.full_text = std::string(text);
    for (const Excerpt& x : excerpts) {
        if (!text.empty() && x.span_begin >= 0 && span_state(probe, x) == SpanState::Matches) {
            r.kept.push_back(x.id);
            continue;
        }
        // Where the quotation stands now: the occurrence with the most of its old
        // surroundings around it (up to 64 bytes each side), then the nearest.
        const bool had_span = x.span_begin >= 0 && !old_text.empty();
        const size_t old_b = had_span ? byte_of_code_point(old_text, x.span_begin) : 0;
        const size_t old_e = had_span ? byte_of_code_point(old_text, x.span_end) : 0;
        auto context = [&](size_t at) -> size_t {
            if (!had_span) return 0;
            size_t n = 0;
            while (n < 64 && n < old_b && n < at && old_text[old_b - 1 - n] == text[at - 1 - n]) ++n;
            const size_t after = at + x.text.size();
            size_t m = 0;
            while (m < 64 && old_e + m < old_text.size() && after + m < text.size() &&
                   old_text[old_e + m] == text[after + m])
                ++m;
            return n + m;
        };
        const auto dist = [&](size_t a) { return a > old_b ? a - old_b : old_b - a; };
        size_t best = std::string_view::npos, best_context = 0;
        for (size_t at = x.text.empty() ? std::string_view::npos : text.find(x.text); at != std::string_view::npos;
             at = text.find(x.text, at + 1)) {
            const size_t c = context(at);
            if (best == std::string_view::npos || c > best_context || (c == best_context && dist(at) < dist(best))) {
                best = at;
                best_context = c;
            }
        }
        if (best == std::string_view::npos) {
            r.flagged.push_back(x.id);
            continue;
        }
        Excerpt moved = x;
        moved.span_begin = code_point_index(text, best);
        moved.span_end = moved.span_begin + code_point_index(x.text, x.text.size());
        if (paragraph_locator(x.locator)) moved.locator = locator_for(text, best, best + x.text.size());
        if (moved == x) r.kept.push_back(x.id);
        else r.moved.push_back(std::move(moved));
    }
    return r;
}

}  // namespace atlas
