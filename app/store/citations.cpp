#include "store/citations.hpp"

#include <algorithm>
#include <cctype>

#include "store/kml.hpp"

namespace atlas {

namespace {

std::vector<const Event*> in_time_order(const DatasetIndex& index, const std::vector<std::string>& ids) {
    std::vector<const Event*> events = index.events(ids);
    std::stable_sort(events.begin(), events.end(), [](const Event* a, const Event* b) {
        return chronological_before(*a, *b);
    });
    return events;
}

// The date in plain words, and the source's own wording when it says more or otherwise.
std::string date_of(const Event& e) { return describe_time(e.time); }
std::string as_written(const Event& e) { return e.time_text == describe_time(e.time) ? std::string() : e.time_text; }

// Backslashes where Markdown would read data as markup: emphasis, code, links,
// HTML, tables and entities anywhere; headings, lists and quotes at a line start.
std::string md_escape(std::string_view s) {
    std::string out;
    bool line_start = true;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '\r') continue;
        if (line_start && c != ' ') {
            if (std::string_view("#-+=>").find(c) != std::string_view::npos) out += '\\';
            size_t j = i;
            while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
            if (j > i && j < s.size() && (s[j] == '.' || s[j] == ')')) {  // "1. " would start a list
                out.append(s.substr(i, j - i));
                out += '\\';
                out += s[j];
                i = j;
                line_start = false;
                continue;
            }
            line_start = false;
        }
        if (std::string_view("\\`*_[]<>|~").find(c) != std::string_view::npos) out += '\\';
        if (c == '&') {  // only what would read as an entity ("&amp;", "&#36;")
            size_t j = i + 1;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '#')) ++j;
            if (j > i + 1 && j < s.size() && s[j] == ';') out += '\\';
        }
        out += c;
        if (c == '\n') line_start = true;
    }
    return out;
}

// Each line of `text` as part of a block quote (a blank line stays inside it).
std::string md_quote(std::string_view text) {
    std::string out = "> ";
    for (char c : text) {
        if (c == '\r') continue;
        if (c == '\n') out += "\n> ";
        else out += c;
    }
    return out;
}

bool safe_url(std::string_view url) {
    return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

}  // namespace

std::string source_reference(const Source& s) {
    std::string ref;
    auto add = [&](const std::string& part) {
        if (part.empty()) return;
        if (!ref.empty()) ref += ", ";
        ref += part;
    };
    add(s.author);
    add("\xE2\x80\x9C" + s.title + "\xE2\x80\x9D");
    add(s.publisher);
    add(s.date_text);
    ref += '.';
    if (!s.url.empty()) ref += " " + s.url;
    return ref;
}

std::string export_citations_markdown(const Dataset& d, const std::vector<std::string>& event_ids,
                                      std::string_view title) {
    std::string out = "# " + md_escape(title) + "\n\n";
    const DatasetIndex index(d);
    for (const Event* e : in_time_order(index, event_ids)) {
        out += "## " + md_escape(date_of(*e)) + " \xE2\x80\x94 " + md_escape(e->title) + "\n\n";
        std::string line = "*" + md_escape(e->category) + "*";
        if (!e->location.place_name.empty()) line += " \xC2\xB7 " + md_escape(e->location.place_name);
        if (!as_written(*e).empty()) line += " \xC2\xB7 as written: \xE2\x80\x9C" + md_escape(as_written(*e)) + "\xE2\x80\x9D";
        out += line + "\n\n";
        if (!e->description.empty()) out += md_escape(e->description) + "\n\n";
        for (const auto& xid : e->excerpt_ids) {
            const Excerpt* x = index.excerpt(xid);
            if (!x) continue;
            out += md_quote(md_escape(x->text)) + "\n>\n";
            std::string ref;
            if (const Source* s = index.source(x->source_id)) {
                if (!s->author.empty()) ref = md_escape(s->author) + ", ";
                ref += "\xE2\x80\x9C" + md_escape(s->title) + "\xE2\x80\x9D";
                if (!s->publisher.empty()) ref += ", *" + md_escape(s->publisher) + "*";
                if (!s->date_text.empty()) ref += ", " + md_escape(s->date_text);
                if (!x->locator.empty()) ref += ", " + md_escape(x->locator);
                ref += '.';
                // An autolink only for a plain web address (no spaces or angle brackets in it).
                const bool autolink = safe_url(s->url) && s->url.find_first_of(" <>\n") == std::string::npos;
                if (!s->url.empty()) ref += autolink ? " <" + s->url + ">" : " " + md_escape(s->url);
            } else {
                ref = "source " + md_escape(x->source_id);
            }
            out += "> \xE2\x80\x94 " + ref + "\n\n";
        }
    }
    return out;
}

std::string export_citations_html(const Dataset& d, const std::vector<std::string>& event_ids,
                                  std::string_view title) {
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<title>" + xml_escape(title) + "</title>\n";
    out += "<style>\n"
           "body{font-family:'DejaVu Serif',Georgia,serif;max-width:44em;margin:2em auto;padding:0 1em;"
           "line-height:1.45;color:#111}\n"
           "h1{font-size:1.6em;border-bottom:2px solid #333}\n"
           "h2{font-size:1.15em;margin:1.6em 0 .2em}\n"
           ".meta{color:#555;font-style:italic;margin:0 0 .6em}\n"
           "blockquote{margin:.6em 0 .2em 1em;padding-left:.8em;border-left:3px solid #999}\n"
           ".ref{margin:0 0 .8em 1.8em;font-size:.92em;color:#333}\n"
           "a{color:#1a4f8b;word-break:break-all}\n"
           "section{break-inside:avoid}\n"
           "@media print{body{margin:0;max-width:none}a{color:#000}}\n"
           "</style>\n</head>\n<body>\n";
    out += "<h1>" + xml_escape(title) + "</h1>\n";
    const DatasetIndex index(d);
    for (const Event* e : in_time_order(index, event_ids)) {
        out += "<section>\n<h2>" + xml_escape(date_of(*e)) + " &#8212; " + xml_escape(e->title) + "</h2>\n";
        out += "<p class=\"meta\">" + xml_escape(e->category);
        if (!e->location.place_name.empty()) out += " &#183; " + xml_escape(e->location.place_name);
        if (!as_written(*e).empty()) out += " &#183; as written: &#8220;" + xml_escape(as_written(*e)) + "&#8221;";
        out += "</p>\n";
        if (!e->description.empty()) out += "<p>" + xml_escape(e->description) + "</p>\n";
        for (const auto& xid : e->excerpt_ids) {
            const Excerpt* x = index.excerpt(xid);
            if (!x) continue;
            std::string text = xml_escape(x->text);
            std::string with_breaks;
            for (char c : text) with_breaks += c == '\n' ? std::string("<br>") : std::string(1, c);
            out += "<blockquote>" + with_breaks + "</blockquote>\n<p class=\"ref\">&#8212; ";
            if (const Source* s = index.source(x->source_id)) {
                if (!s->author.empty()) out += xml_escape(s->author) + ", ";
                out += "&#8220;" + xml_escape(s->title) + "&#8221;";
                if (!s->publisher.empty()) out += ", <i>" + xml_escape(s->publisher) + "</i>";
                if (!s->date_text.empty()) out += ", " + xml_escape(s->date_text);
                if (!x->locator.empty()) out += ", " + xml_escape(x->locator);
                out += '.';
                if (!s->url.empty()) {
                    if (safe_url(s->url))
                        out += " <a href=\"" + xml_escape(s->url) + "\">" + xml_escape(s->url) + "</a>";
                    else
                        out += " " + xml_escape(s->url);
                }
            } else {
                out += "source " + xml_escape(x->source_id);
            }
            out += "</p>\n";
        }
        out += "</section>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

}  // namespace atlas
