// A source's full text: HTML reduced to plain paragraphs, paragraphs numbered,
// a selection quoted to its exact span, and spans checked again after the
// text changes (kept, followed to where the quotation went, or flagged).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/error.hpp"
#include "model/source_text.hpp"
#include "store/store_fixtures.hpp"

namespace atlas {
namespace {

TEST(HtmlToText, BlocksBecomeParagraphsAndScriptsStylesAndTheHeadAreDropped) {
    const std::string html = R"(<!DOCTYPE html><html><head><title>Site</title>
<style>p { color: red; }</style><script>var a = "<p>not text</p>";</script></head>
<body><nav>Home</nav><!-- a <p>comment</p> -->
<h1>Shanyrak   stands</h1>
<p class="lead" data-x="a>b">Police moved in
   at <b>dawn</b>; residents resisted.</p>
<div>Second<br>line</div><SCRIPT type="text/javascript">alert(1)</SCRIPT>
<ul><li>one</li><li>two</li></ul></body></html>)";
    EXPECT_EQ(html_to_text(html),
              "Home\n\nShanyrak stands\n\nPolice moved in at dawn; residents resisted.\n\nSecond\n\nline\n\none\n\ntwo");
}

TEST(HtmlToText, EntitiesAreDecoded) {
    EXPECT_EQ(html_to_text("<p>A &amp; B &lt;tag&gt; &quot;q&quot; &#8212; &#x2014; &mdash; &laquo;Жилье&raquo; "
                           "a&nbsp;b AT&T &unknown; soft&shy;hyphen</p>"),
              "A & B <tag> \"q\" \xE2\x80\x94 \xE2\x80\x94 \xE2\x80\x94 \xC2\xAB\xD0\x96\xD0\xB8\xD0\xBB\xD1\x8C\xD0\xB5"
              "\xC2\xBB a b AT&T &unknown; softhyphen");
    EXPECT_EQ(html_to_text("&#0; &#xD800; &#99999999;"), "\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD");
}

TEST(HtmlToText, BrokenMarkupNeverThrowsAndKeepsTheText) {
    EXPECT_EQ(html_to_text("a < b and c<d"), "a < b and c");  // "<d" opens a tag that never ends
    EXPECT_EQ(html_to_text("<p>open <script>never closed"), "open");
    EXPECT_EQ(html_to_text("text \xFF bad"), "text \xEF\xBF\xBD bad");
    EXPECT_EQ(html_to_text(""), "");
}

TEST(SourceText, FilesAreReadByTheirKindAndBadTextIsNamed) {
    test::TempDir dir;
    {
        std::ofstream(dir / "a.html") << "<html><body><p>One &amp; two.</p><p>Three.</p></body></html>";
        std::ofstream(dir / "a.md") << "\xEF\xBB\xBF# Title\r\n\r\nBody *text*.\r\n";
        std::ofstream(dir / "bad.txt") << "line one\nbad \xC3( here\n";
        std::ofstream(dir / "empty.txt") << "  \n\n ";
    }
    EXPECT_EQ(source_text_from_file(dir / "a.html"), "One & two.\n\nThree.");
    EXPECT_EQ(source_text_from_file(dir / "a.md"), "# Title\n\nBody *text*.");
    try {
        (void)source_text_from_file(dir / "bad.txt");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.diagnostic().line, 2);
        EXPECT_NE(std::string(e.what()).find("bad.txt"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("not UTF-8"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)source_text_from_file(dir / "empty.txt"), Error);
    EXPECT_THROW((void)source_text_from_file(dir / "missing.txt"), Error);
}

TEST(SourceText, ParagraphsAreBlankLineSeparatedOrOnePerLine) {
    const std::string blank = "One\nstill one.\n\n  \nTwo.\n\nThree.";
    const auto p = text_paragraphs(blank);
    ASSERT_EQ(p.size(), 3u);
    EXPECT_EQ(blank.substr(p[0].begin, p[0].end - p[0].begin), "One\nstill one.");
    EXPECT_EQ(blank.substr(p[2].begin, p[2].end - p[2].begin), "Three.");
    EXPECT_EQ(paragraph_at(p, blank.find("Two")), 1u);
    const std::string lines = "First.\nSecond.\nThird.";
    EXPECT_EQ(text_paragraphs(lines).size(), 3u);
    EXPECT_TRUE(text_paragraphs("").empty());
}

Source source_with(std::string text) {
    Source s;
    s.id = "src";
    s.title = "A source";
    s.full_text = std::move(text);
    return s;
}

TEST(QuoteSelection, ASelectionGivesTheExactSpanAndParagraph) {
    // Cyrillic before the quotation: the span counts characters, not bytes.
    const Source s = source_with("Жители вышли.\n\nПолиция пришла на рассвете. Residents resisted.\n\nEnd.");
    const std::string quote = "Residents resisted.";
    const size_t b = s.full_text.find(quote);
    // The selection as dragged: with white space around it.
    auto x = excerpt_from_selection(s, b - 1, b + quote.size() + 1);
    ASSERT_TRUE(x);
    EXPECT_EQ(x->text, quote);
    EXPECT_EQ(x->span_begin, 43);
    EXPECT_EQ(x->span_end, 43 + 19);
    EXPECT_EQ(x->locator, "paragraph 2");
    EXPECT_EQ(x->source_id, "src");
    EXPECT_EQ(span_state(s, *x), SpanState::Matches);
    // Backwards, and across paragraphs, and starting inside a character.
    auto y = excerpt_from_selection(s, s.full_text.find("End") + 3, 1);
    ASSERT_TRUE(y);
    EXPECT_EQ(y->text.rfind("Жители", 0), 0u);
    EXPECT_EQ(y->span_begin, 0);
    EXPECT_EQ(y->locator, "paragraphs 1-3");
    const size_t gap = s.full_text.find("\n\n");
    EXPECT_FALSE(excerpt_from_selection(s, gap, gap + 2));  // only the blank line
}

TEST(SpanRecheck, SpansSurviveOrAreFlaggedWhenTheTextChanges) {
    const Source s = source_with("Alpha one.\n\nBeta two.\n\nGamma three.");
    auto beta = *excerpt_from_selection(s, s.full_text.find("Beta"), s.full_text.find("Beta") + 9);
    auto gamma = *excerpt_from_selection(s, s.full_text.find("Gamma"), s.full_text.size());
    auto alpha = *excerpt_from_selection(s, 0, 10);
    alpha.locator = "p. 1";  // the user's own locator stays
    beta.id = "b";
    gamma.id = "g";
    alpha.id = "a";
    // A paragraph added before them; "Gamma" reworded.
    const std::string edited = "New lead.\n\nAlpha one.\n\nBeta two.\n\nGamma THREE.";
    const SpanRecheck r = recheck_spans(s.full_text, edited, {alpha, beta, gamma});
    ASSERT_EQ(r.moved.size(), 2u);
    EXPECT_EQ(r.moved[0].id, "a");
    EXPECT_EQ(r.moved[0].span_begin, 11);
    EXPECT_EQ(r.moved[0].locator, "p. 1");
    EXPECT_EQ(r.moved[1].id, "b");
    EXPECT_EQ(r.moved[1].locator, "paragraph 3");
    EXPECT_EQ(edited.substr(byte_of_code_point(edited, r.moved[1].span_begin), 9), "Beta two.");
    EXPECT_EQ(r.flagged, std::vector<std::string>{"g"});
    EXPECT_TRUE(r.kept.empty());
    // The flagged one is reported as drifted against the new text; its text is untouched.
    EXPECT_EQ(span_state(source_with(edited), gamma), SpanState::Drifted);
    EXPECT_EQ(gamma.text, "Gamma three.");
    // Unchanged text: all kept.
    const SpanRecheck same = recheck_spans(s.full_text, s.full_text, {alpha, beta, gamma});
    EXPECT_EQ(same.kept.size(), 3u);
    EXPECT_TRUE(same.moved.empty() && same.flagged.empty());
}

TEST(SpanRecheck, TheNearestOccurrenceIsChosenAndUnanchoredQuotationsGetASpan) {
    const std::string text = "Yes. No. Yes. Maybe. Yes.";
    Excerpt x{"x", "src", "Yes.", 9, 13, ""};
    const SpanRecheck r = recheck_spans(text, "Well. " + text, {x});
    ASSERT_EQ(r.moved.size(), 1u);
    EXPECT_EQ(r.moved[0].span_begin, 15);  // the middle "Yes." moved by 6, not the nearer first one
    Excerpt loose{"l", "src", "Maybe.", -1, -1, ""};
    const SpanRecheck r2 = recheck_spans("", text, {loose});
    ASSERT_EQ(r2.moved.size(), 1u);
    EXPECT_EQ(r2.moved[0].span_begin, 14);
    EXPECT_EQ(r2.moved[0].locator, "paragraph 1");
    EXPECT_EQ(span_state(source_with(text), loose), SpanState::Unanchored);
}

}  // namespace
}  // namespace atlas
