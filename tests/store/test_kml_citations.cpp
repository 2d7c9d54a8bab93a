#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <vector>

#include "store/citations.hpp"
#include "store/event_filter.hpp"
#include "store/kml.hpp"
#include "store/project.hpp"
#include "store_fixtures.hpp"

using namespace atlas;
using atlas::test::all_problems;
using atlas::test::has_problem;
using atlas::test::ids_of;

namespace {


// A minimal XML 1.0 well-formedness check: one root, tags nest and match,
// attributes quoted, entities known. Records each element's children and text.
struct XmlNode {
    std::string name;
    std::vector<XmlNode> children;
    std::string text;
    const XmlNode* child(const std::string& n) const {
        for (const auto& c : children)
            if (c.name == n) return &c;
        return nullptr;
    }
};

class XmlChecker {
public:
    explicit XmlChecker(std::string_view s) : s_(s) {}
    // Empty string when well-formed, else what is wrong.
    std::string parse(XmlNode& root) {
        skip_space();
        if (s_.substr(i_, 5) == "<?xml") {
            size_t e = s_.find("?>", i_);
            if (e == std::string_view::npos) return "unclosed declaration";
            i_ = e + 2;
        }
        skip_space();
        std::string err = element(root);
        if (!err.empty()) return err;
        skip_space();
        if (i_ != s_.size()) return "content after the root element";
        return {};
    }

private:
    void skip_space() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    }
    static bool name_char(char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':' || c == '.';
    }
    std::string name() {
        size_t b = i_;
        while (i_ < s_.size() && name_char(s_[i_])) ++i_;
        return std::string(s_.substr(b, i_ - b));
    }
    std::string text_until_lt(std::string& out) {
        while (i_ < s_.size() && s_[i_] != '<') {
            if (s_[i_] == '&') {
                size_t semi = s_.find(';', i_);
                if (semi == std::string_view::npos) return "bare &";
                std::string_view ent = s_.substr(i_ + 1, semi - i_ - 1);
                static const std::map<std::string_view, char> named = {
                    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
                if (auto it = named.find(ent); it != named.end()) out += it->second;
                else if (ent.size() > 1 && ent[0] == '#') out += '?';
                else return "unknown entity &" + std::string(ent) + ";";
                i_ = semi + 1;
            } else {
                if (s_[i_] == '>') return "bare > in text";
                out += s_[i_++];
            }
        }
        return {};
    }
    std::string element(XmlNode& node) {
        if (i_ >= s_.size() || s_[i_] != '<') return "expected <";
        ++i_;
        node.name = name();
        if (node.name.empty()) return "empty element name";
        for (;;) {
            skip_space();
            if (i_ >= s_.size()) return "unclosed start tag <" + node.name;
            if (s_.substr(i_, 2) == "/>") {
                i_ += 2;
                return {};
            }
            if (s_[i_] == '>') {
                ++i_;
                break;
            }
            std::string attr = name();
            if (attr.empty()) return "bad attribute in <" + node.name;
            if (i_ >= s_.size() || s_[i_] != '=') return "attribute without value";
            ++i_;
            if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) return "unquoted attribute";
            char q = s_[i_++];
            size_t e = s_.find(q, i_);
            if (e == std::string_view::npos) return "unclosed attribute";
            if (s_.substr(i_, e - i_).find('<') != std::string_view::npos) return "< in attribute";
            i_ = e + 1;
        }
        for (;;) {
            std::string err = text_until_lt(node.text);
            if (!err.empty()) return err;
            if (i_ >= s_.size()) return "unclosed element <" + node.name + ">";
            if (s_.substr(i_, 2) == "</") {
                i_ += 2;
                std::string end = name();
                if (end != node.name) return "</" + end + "> closes <" + node.name + ">";
                skip_space();
                if (i_ >= s_.size() || s_[i_] != '>') return "bad end tag";
                ++i_;
                return {};
            }
            node.children.emplace_back();
            err = element(node.children.back());
            if (!err.empty()) return err;
        }
    }
    std::string_view s_;
    size_t i_ = 0;
};

}  // namespace

TEST(Kml, WellFormedWithTimeForEveryPlacemark) {
    Dataset d = atlas::test::sample_dataset();
    d.events[2].title = "Tags <b>&</b> \"quotes\" 'apostrophes' ]]> \x01 control";
    d.excerpts[0].text = "<script>alert('x')</script> & ]]>";
    std::string kml = export_kml(d, ids_of(d), "Almaty <2006>");
    XmlNode root;
    ASSERT_EQ(XmlChecker(kml).parse(root), "") << kml;
    EXPECT_EQ(root.name, "kml");
    const XmlNode* doc = root.child("Document");
    ASSERT_NE(doc, nullptr);
    EXPECT_EQ(doc->child("name")->text, "Almaty <2006>");
    int placemarks = 0, styles = 0;
    std::map<std::string, std::string> when_by_name;
    for (const auto& c : doc->children) {
        if (c.name == "Style") ++styles;
        if (c.name != "Placemark") continue;
        ++placemarks;
        const XmlNode* stamp = c.child("TimeStamp");
        const XmlNode* span = c.child("TimeSpan");
        EXPECT_TRUE((stamp != nullptr) != (span != nullptr)) << "exactly one time primitive";
        ASSERT_NE(c.child("Point"), nullptr);
        ASSERT_NE(c.child("styleUrl"), nullptr);
        EXPECT_EQ(c.child("styleUrl")->text.substr(0, 5), "#cat-");
        when_by_name[c.child("name")->text] = stamp ? "stamp:" + stamp->child("when")->text
                                                    : "span:" + span->child("begin")->text + "/" +
                                                          span->child("end")->text;
    }
    EXPECT_EQ(placemarks, 3);
    EXPECT_EQ(styles, 3);  // eviction, demolition, decision
    EXPECT_EQ(when_by_name["Clash at Shanyrak"], "stamp:2006-07-14");
    EXPECT_EQ(when_by_name["Шаңырақ: стена мечети снесена"], "span:2006-03-01/2006-03-31");
    int hour_stamps = 0;
    for (const auto& [name, when] : when_by_name) hour_stamps += when == "stamp:2006-04-05T10:30:00+06:00";  // Almaty, UTC+6 in 2006
    EXPECT_EQ(hour_stamps, 1) << "the 10:30 decision is a moment";
    EXPECT_EQ(kml.find("<script>"), std::string::npos);
    EXPECT_NE(kml.find("<coordinates>76.8605000,43.3329000,0</coordinates>"), std::string::npos);
}

TEST(Kml, OpenEndsLeaveOutBeginOrEnd) {
    Dataset d = atlas::test::sample_dataset();
    d.events[0].time.open_begin = true;
    std::string kml = export_kml(d, {d.events[0].id});
    XmlNode root;
    ASSERT_EQ(XmlChecker(kml).parse(root), "");
    const XmlNode* pm = root.child("Document")->child("Placemark");
    ASSERT_NE(pm->child("TimeSpan"), nullptr);
    EXPECT_EQ(pm->child("TimeSpan")->child("begin"), nullptr);
    EXPECT_NE(pm->child("TimeSpan")->child("end"), nullptr);
}

TEST(Kml, StylesUseTheCategoryPalette) {
    Dataset d = atlas::test::sample_dataset();
    std::string kml = export_kml(d, ids_of(d));
    EXPECT_NE(kml.find("<color>ff005ed5</color>"), std::string::npos) << "demolition, vermillion as aabbggrr";
    EXPECT_NE(kml.find("<color>ff009fe6</color>"), std::string::npos) << "eviction, orange";
    EXPECT_EQ(xml_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
}

TEST(Citations, MarkdownInTimeOrderWithFullReferences) {
    Dataset d = atlas::test::sample_dataset();
    std::string md = export_citations_markdown(d, ids_of(d));
    EXPECT_EQ(md.rfind("# Almaty Atlas: sources\n", 0), 0u);
    const size_t march = md.find("## March 2006");
    const size_t april = md.find("## 5 April 2006, 10:30");
    const size_t july = md.find("## 14 July 2006");
    ASSERT_NE(march, std::string::npos) << md;
    ASSERT_NE(april, std::string::npos) << md;
    ASSERT_NE(july, std::string::npos) << md;
    EXPECT_LT(march, april);
    EXPECT_LT(april, july);
    EXPECT_NE(md.find("> Жители Шанырака вышли на улицы, — сообщает корреспондент."), std::string::npos) << md;
    EXPECT_NE(md.find("Jane Doe, Ivan Petrov, “Shanyrak: a \"shanty town\" stands firm”, *RFE/RL*, 20 March 2006, "
                      "paragraph 3. <https://www.rferl.org/a/1067000.html>"),
              std::string::npos)
        << md;
}

TEST(Citations, MarkdownEscapesDataAndShowsTheDateAsWritten) {
    Dataset d = atlas::test::sample_dataset();
    d.events[0].title = "*bold* [link](http://x) <b>AT&T</b> `code`";
    d.events[0].description = "&amp; stays text\n# not a heading\n- not a list\n2006. not numbered\nplain 10.30 text";
    std::string md = export_citations_markdown(d, {d.events[0].id});
    EXPECT_NE(md.find("## 14 July 2006 — \\*bold\\* \\[link\\](http://x) \\<b\\>AT&T\\</b\\> \\`code\\`"),
              std::string::npos) << md;
    EXPECT_NE(md.find("\\&amp; stays text\n\\# not a heading\n\\- not a list\n2006\\. not numbered\nplain 10.30 text"), std::string::npos)
        << md;
    d.events[0].time_text = "that Friday";
    md = export_citations_markdown(d, {d.events[0].id});
    EXPECT_NE(md.find("*eviction* · Shanyrak · as written: “that Friday”"), std::string::npos) << md;
    EXPECT_NE(export_citations_html(d, {d.events[0].id}).find("as written: &#8220;that Friday&#8221;"),
              std::string::npos);
}

TEST(Citations, HtmlIsSelfContainedAndEscaped) {
    Dataset d = atlas::test::sample_dataset();
    d.excerpts[1].text = "<script>alert(1)</script>\nsecond line";
    d.sources[1].url = "javascript:alert(1)";
    std::string html = export_citations_html(d, ids_of(d));
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("href=\"javascript:"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;<br>second line"), std::string::npos);
    EXPECT_NE(html.find("<a href=\"https://www.rferl.org/a/1067000.html\">"), std::string::npos) << html;
    d.sources[1].url = "https://vlast.kz/shanyrak?a=1&b=2";
    EXPECT_NE(export_citations_html(d, ids_of(d)).find("<a href=\"https://vlast.kz/shanyrak?a=1&amp;b=2\">"),
              std::string::npos);
    EXPECT_EQ(html.find("src="), std::string::npos) << "nothing external";
    EXPECT_LT(html.find("March 2006"), html.find("14 July 2006"));
}

TEST(EventFilter, CategoriesDatesTextAndIds) {
    atlas::test::TempDir dir;
    Project p = Project::open(dir / "f.atlas", OpenMode::CreateIfMissing);
    p.merge(atlas::test::sample_dataset());
    Dataset d = p.load();
    EXPECT_EQ(select_events(d, {}, &p),
              (std::vector<std::string>{"ev-mosque-wall", "ev-akimat-decision", "ev-shanyrak-clash"}));
    EventSelection cats;
    cats.categories = {"eviction", "decision"};
    EXPECT_EQ(select_events(d, cats, &p), (std::vector<std::string>{"ev-akimat-decision", "ev-shanyrak-clash"}));
    EventSelection range;
    range.from = make_time(2006, 3, 15);
    range.to = make_time(2006, 7, 1);
    EXPECT_EQ(select_events(d, range, &p), (std::vector<std::string>{"ev-mosque-wall", "ev-akimat-decision"}));
    EventSelection text;
    text.search = "шанырака";
    EXPECT_EQ(select_events(d, text, &p), std::vector<std::string>{"ev-shanyrak-clash"});
    EXPECT_TRUE(select_events(d, text, nullptr).empty());
    EventSelection ids;
    ids.ids = {"ev-shanyrak-clash", "nope"};
    EXPECT_EQ(select_events(d, ids, &p), std::vector<std::string>{"ev-shanyrak-clash"});
}

TEST(XmlEscape, CharactersXmlForbidsAreReplaced) {
    // U+FFFE, U+FFFF, a lone surrogate (ED A0 80), a stray continuation byte, C0 controls.
    const std::string hostile = "a\xEF\xBF\xBE" "b\xEF\xBF\xBF" "c\xED\xA0\x80" "d\x80" "e\x01\x1F" "f";
    EXPECT_EQ(xml_escape(hostile), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\xEF\xBF\xBD" "e  f");
    // Allowed characters pass as they are: Cyrillic, Kazakh, U+FFFD, an emoji, tab and line breaks.
    const std::string fine = "\xD0\x90\xD0\xBB\xD0\xBC\xD0\xB0\xD1\x82\xD1\x8B \xD2\x9A \xEF\xBF\xBD \xF0\x9F\x98\x80\t\n\r";
    EXPECT_EQ(xml_escape(fine), fine);
    EXPECT_EQ(xml_escape("<&>\"'"), "&lt;&amp;&gt;&quot;&#39;");
}

TEST(XmlEscape, KmlAndHtmlOfHostileTextHoldNoForbiddenCharacter) {
    Dataset d = atlas::test::sample_dataset();
    d.events[0].title = "Title\xEF\xBF\xBE\x02";
    d.events[0].description = "Desc\xEF\xBF\xBF";
    d.excerpts[0].text = "Quote\xEF\xBF\xBE";
    std::vector<std::string> ids;
    for (const auto& e : d.events) ids.push_back(e.id);
    for (const std::string& doc : {export_kml(d, ids), export_citations_html(d, ids, "T\xEF\xBF\xBF")}) {
        EXPECT_EQ(doc.find("\xEF\xBF\xBE"), std::string::npos);
        EXPECT_EQ(doc.find("\xEF\xBF\xBF"), std::string::npos);
        EXPECT_EQ(doc.find('\x02'), std::string::npos);
        EXPECT_NE(doc.find("Title\xEF\xBF\xBD"), std::string::npos);
    }
}
