#include "store/kml.hpp"

#include <cctype>
#include <cstdio>
#include <set>

#include "core/categories.hpp"
#include "core/shape.hpp"
#include "store/interchange.hpp"

namespace atlas {

namespace {

// The UTF-8 sequence at s[i]: its length (1 for a byte that starts none) and
// whether XML 1.0 allows the character (not surrogates, U+FFFE or U+FFFF).
struct Utf8Seq {
    size_t length;
    bool allowed;
};

Utf8Seq xml_char_at(std::string_view s, size_t i) {
    const auto byte = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    const auto cont = [&](size_t k) { return (byte(k) & 0xC0u) == 0x80u; };
    const unsigned c = byte(0);
    if (c < 0x80) return {1, true};
    if (c >= 0xC2 && c <= 0xDF && cont(1)) return {2, true};
    if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
        const unsigned cp = ((c & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu);
        if (cp < 0x800) return {1, false};  // overlong
        return {3, !((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)};
    }
    if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
        const unsigned cp = ((c & 0x07u) << 18) | ((byte(1) & 0x3Fu) << 12) | ((byte(2) & 0x3Fu) << 6) | (byte(3) & 0x3Fu);
        if (cp < 0x10000 || cp > 0x10FFFF) return {1, false};
        return {4, true};
    }
    return {1, false};
}

}  // namespace

std::string xml_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const char c = s[i];
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x80) {
                // Control characters other than tab and line breaks are not allowed in XML 1.0.
                out += static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c;
                break;
            }
            // A character XML forbids (U+FFFE, U+FFFF, a surrogate) or a byte that is
            // not UTF-8 becomes the replacement character U+FFFD.
            const Utf8Seq seq = xml_char_at(s, i);
            if (seq.allowed) out.append(s.substr(i, seq.length));
            else out += "\xEF\xBF\xBD";
            i += seq.length;
            continue;
        }
        ++i;
    }
    return out;
}

namespace {

std::string style_id(std::string_view category) {
    std::string id = "cat-";
    for (unsigned char c : category) id += std::isalnum(c) ? static_cast<char>(c) : '_';
    uint32_t h = 2166136261u;  // FNV-1a keeps ids unique when names differ only in punctuation
    for (unsigned char c : category) h = (h ^ c) * 16777619u;
    char hash[16];
    std::snprintf(hash, sizeof hash, "-%08x", h);
    return id + hash;
}

std::string kml_colour(std::string_view category) {  // KML writes aabbggrr
    const Rgba8 c = category_style(category).color;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02x%02x%02x%02x", c.a, c.b, c.g, c.r);
    return buf;
}

std::string coordinate(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.7f", v);
    return buf;
}

}  // namespace

std::string export_kml(const Dataset& d, const std::vector<std::string>& event_ids, std::string_view document_name) {
    const DatasetIndex index(d);
    const std::vector<const Event*> events = index.events(event_ids);
    std::set<std::string> categories;
    for (const Event* e : events) categories.insert(e->category);
    std::string out;
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n";
    out += "  <name>" + xml_escape(document_name) + "</name>\n";
    for (const auto& c : categories) {
        out += "  <Style id=\"" + xml_escape(style_id(c)) + "\">\n";
        out += "    <IconStyle><color>" + kml_colour(c) +
               "</color><scale>1.1</scale><Icon><href>http://maps.google.com/mapfiles/kml/shapes/"
               "placemark_circle.png</href></Icon></IconStyle>\n";
        out += "    <LabelStyle><scale>0.8</scale></LabelStyle>\n";
        // Areas and routes: the category's colour, an area filled faintly.
        out += "    <LineStyle><color>" + kml_colour(c) + "</color><width>3</width></LineStyle>\n";
        out += "    <PolyStyle><color>4d" + kml_colour(c).substr(2) + "</color></PolyStyle>\n";
        out += "  </Style>\n";
    }
    for (const Event* e : events) {
        const TimeInterval& t = e->time;
        std::string html = "<p>" + xml_escape(e->time_text.empty() ? describe_time(t) : e->time_text);
        if (!e->location.place_name.empty()) html += " &#183; " + xml_escape(e->location.place_name);
        html += " &#183; " + xml_escape(e->category) + "</p>";
        if (!e->description.empty()) html += "<p>" + xml_escape(e->description) + "</p>";
        for (const auto& xid : e->excerpt_ids) {
            const Excerpt* x = index.excerpt(xid);
            if (!x) continue;
            html += "<blockquote>" + xml_escape(x->text) + "</blockquote>";
            if (const Source* s = index.source(x->source_id)) {
                std::string ref = s->title;
                for (const std::string* part : {&s->publisher, &s->author, &s->date_text})
                    if (!part->empty()) ref += ", " + *part;
                html += "<p>&#8212; " + xml_escape(ref);
                if (!s->url.empty()) html += " <a href=\"" + xml_escape(s->url) + "\">" + xml_escape(s->url) + "</a>";
                html += "</p>";
            }
        }
        out += "  <Placemark>\n";
        out += "    <name>" + xml_escape(e->title) + "</name>\n";
        // The description holds HTML; escaped once more so the XML stays well-formed.
        out += "    <description>" + xml_escape(html) + "</description>\n";
        // A moment (an hour at most) or one whole day is a stamp; anything longer or
        // open-ended a span.
        const bool closed = !t.open_begin && !t.open_end;
        const bool single = closed && ((t.precision == TimePrecision::Hour && t.end - t.begin <= 3600) ||
                                       (t.precision == TimePrecision::Day && t.end - t.begin == 86400 &&
                                        (t.begin % 86400 + 86400) % 86400 == 0));
        // Clock times carry Almaty's UTC offset of the day (KML readers take a time
        // without one as UTC); days and coarser are dates.
        if (single && (t.precision == TimePrecision::Hour || t.precision == TimePrecision::Day)) {
            out += "    <TimeStamp><when>" + format_export_begin(t) + "</when></TimeStamp>\n";
        } else {
            out += "    <TimeSpan>";
            if (!t.open_begin) out += "<begin>" + format_export_begin(t) + "</begin>";
            if (!t.open_end) out += "<end>" + format_export_end(t) + "</end>";
            out += "</TimeSpan>\n";
        }
        out += "    <styleUrl>#" + xml_escape(style_id(e->category)) + "</styleUrl>\n";
        out += "    <ExtendedData><Data name=\"id\"><value>" + xml_escape(e->id) +
               "</value></Data><Data name=\"category\"><value>" + xml_escape(e->category) +
               "</value></Data><Data name=\"sequence\"><value>" + std::to_string(e->sequence) +
               "</value></Data></ExtendedData>\n";
        const Location& l = e->location;
        const std::string point =
            "<Point><coordinates>" + coordinate(l.lon) + "," + coordinate(l.lat) + ",0</coordinates></Point>";
        if (l.shape == ShapeKind::Point || l.vertices.empty()) {
            out += "    " + point + "\n";
        } else {
            // The marker where the list and the map put it, and the area or route itself.
            std::string coords;
            for (const LatLon& v : l.vertices) coords += coordinate(v.lon) + "," + coordinate(v.lat) + ",0 ";
            out += "    <MultiGeometry>" + point;
            if (l.shape == ShapeKind::Route) {
                out += "<LineString><tessellate>1</tessellate><coordinates>" + coords + "</coordinates></LineString>";
            } else {
                coords += coordinate(l.vertices[0].lon) + "," + coordinate(l.vertices[0].lat) + ",0";
                out += "<Polygon><tessellate>1</tessellate><outerBoundaryIs><LinearRing><coordinates>" + coords +
                       "</coordinates></LinearRing></outerBoundaryIs></Polygon>";
            }
            out += "</MultiGeometry>\n";
        }
        out += "  </Placemark>\n";
    }
    out += "</Document>\n</kml>\n";
    return out;
}

}  // namespace atlas
