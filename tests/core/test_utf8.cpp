#include <gtest/gtest.h>

#include "core/utf8.hpp"

using namespace atlas;

TEST(Utf8, ValidatesByTheUnicodeDefinition) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("Алматы Қазақстан ә ғ қ ң ө ұ ү һ і — \xF0\x9F\x97\xBA"));
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong, three bytes
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
    EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("a\x80z"));            // stray continuation byte
}

TEST(Utf8, SequenceGivesLengthAndCodePoint) {
    char32_t cp = 0;
    EXPECT_EQ(utf8_sequence("A", 0, cp), 1u);
    EXPECT_EQ(cp, U'A');
    EXPECT_EQ(utf8_sequence("\xD2\x9B", 0, cp), 2u);  // қ
    EXPECT_EQ(cp, U'қ');
    EXPECT_EQ(utf8_sequence("\xE2\x80\x94", 0, cp), 3u);
    EXPECT_EQ(cp, U'—');
    EXPECT_EQ(utf8_sequence("\xF0\x9F\x97\xBA", 0, cp), 4u);
    EXPECT_EQ(cp, U'\U0001F5FA');
    EXPECT_EQ(utf8_sequence("\xED\xA0\x80", 0, cp), 0u);
    EXPECT_EQ(utf8_sequence("x", 1, cp), 0u);  // past the end
}

TEST(Utf8, DecodeReplacesEachBadByte) {
    EXPECT_EQ(decode_utf8("A\xFF" "b"), U"A\uFFFDb");
    EXPECT_EQ(decode_utf8("\xC0\xAF"), U"\uFFFD\uFFFD");  // overlongs are not read as '/'
    EXPECT_EQ(decode_utf8("Әл"), U"Әл");
    EXPECT_EQ(decode_utf8("\xE2\x82"), U"\uFFFD\uFFFD");
}

TEST(Utf8, RepairKeepsGoodSequencesAndCounts) {
    size_t replaced = 0;
    EXPECT_EQ(repair_utf8("ok", &replaced), "ok");
    EXPECT_EQ(replaced, 0u);
    EXPECT_EQ(repair_utf8("қ\xFFқ\xED\xA0\x80", &replaced), "қ\xEF\xBF\xBDқ\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(replaced, 4u);
    EXPECT_TRUE(is_valid_utf8(repair_utf8("\x80\x81\xC3")));
}

TEST(Utf8, AppendEncodesAndRefusesSurrogates) {
    std::string s;
    for (char32_t c : {U'A', U'ә', U'—', U'\U0001F5FA'}) append_utf8(s, c);
    EXPECT_EQ(s, "Aә—\xF0\x9F\x97\xBA");
    EXPECT_EQ(decode_utf8(s), U"Aә—\U0001F5FA");
    std::string bad;
    append_utf8(bad, 0xD800);
    append_utf8(bad, 0x110000);
    EXPECT_EQ(bad, "\xEF\xBF\xBD\xEF\xBF\xBD");
}
