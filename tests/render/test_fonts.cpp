// The typeface found through fontconfig has every Russian and Kazakh letter.
#include <gtest/gtest.h>

#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#include <stb/stb_truetype.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "render/fonts.hpp"

using namespace atlas;

namespace {
// Code points of `letters` the font file has no glyph for.
std::u32string missing_glyphs(const std::string& path, const std::u32string& letters) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    stbtt_fontinfo info;
    if (data.empty() || !stbtt_InitFont(&info, data.data(), stbtt_GetFontOffsetForIndex(data.data(), 0)))
        return letters;
    std::u32string missing;
    for (char32_t c : letters)
        if (stbtt_FindGlyphIndex(&info, static_cast<int>(c)) == 0) missing += c;
    return missing;
}
}  // namespace

TEST(Fonts, TheLetterSetHasTheKazakhLetters) {
    const std::u32string& l = kazakh_cyrillic_letters();
    EXPECT_EQ(l.size(), 64u + 20u);  // А..я, Ё ё, and nine Kazakh letters in both cases
    for (char32_t c : std::u32string(U"әғқңөұүһіӘҒҚҢӨҰҮҺІжЖ")) EXPECT_NE(l.find(c), std::u32string::npos);
}

TEST(Fonts, RegularAndBoldCoverCyrillicAndKazakh) {
    ::unsetenv("ATLAS_FONT");
    const std::string regular = find_ui_font(false), bold = find_ui_font(true);
    if (regular.empty()) GTEST_SKIP() << missing_font_message();
    EXPECT_TRUE(std::filesystem::is_regular_file(regular)) << regular;
    EXPECT_EQ(missing_glyphs(regular, kazakh_cyrillic_letters()), U"") << regular;
    ASSERT_FALSE(bold.empty());
    EXPECT_EQ(missing_glyphs(bold, kazakh_cyrillic_letters()), U"") << bold;
    // DejaVu Sans is asked for by name: when it is installed (fonts-dejavu-core,
    // in the CI package list) it is the one found, in its two weights.
    if (std::filesystem::path(regular).filename().string().rfind("DejaVuSans", 0) == 0) {
        EXPECT_EQ(std::filesystem::path(regular).filename(), "DejaVuSans.ttf");
        EXPECT_EQ(std::filesystem::path(bold).filename(), "DejaVuSans-Bold.ttf");
    }
}

TEST(Fonts, AtlasFontOverridesTheRegularFaceWhenItExists) {
    const std::string found = find_ui_font(false);
    if (found.empty()) GTEST_SKIP() << missing_font_message();
    const std::string bold = find_ui_font(true);
    ::setenv("ATLAS_FONT", bold.c_str(), 1);
    EXPECT_EQ(find_ui_font(false), bold);
    ::setenv("ATLAS_FONT", "/nonexistent/font.ttf", 1);
    EXPECT_EQ(find_ui_font(false), found);
    ::unsetenv("ATLAS_FONT");
}

TEST(Fonts, MissingFontMessageNamesThePackage) {
    EXPECT_NE(missing_font_message().find("fonts-dejavu-core"), std::string::npos);
    EXPECT_NE(missing_font_message().find("ATLAS_FONT"), std::string::npos);
}
