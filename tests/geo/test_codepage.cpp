#include <gtest/gtest.h>

#include "geo/codepage.hpp"

using namespace atlas;

TEST(Codepage, CpgNames) {
    EXPECT_EQ(codepage_from_cpg("UTF-8"), "UTF-8");
    EXPECT_EQ(codepage_from_cpg("utf8\r\n"), "UTF-8");
    EXPECT_EQ(codepage_from_cpg("65001"), "UTF-8");
    EXPECT_EQ(codepage_from_cpg("1251"), "CP1251");
    EXPECT_EQ(codepage_from_cpg("CP1251"), "CP1251");
    EXPECT_EQ(codepage_from_cpg("windows-1251"), "CP1251");
    EXPECT_EQ(codepage_from_cpg("ANSI 1251"), "CP1251");
    EXPECT_EQ(codepage_from_cpg("KOI8-R"), "KOI8-R");
    EXPECT_EQ(codepage_from_cpg("20866"), "KOI8-R");
    EXPECT_EQ(codepage_from_cpg("1252"), "CP1252");
    EXPECT_EQ(codepage_from_cpg("88591"), "ISO-8859-1");
    EXPECT_EQ(codepage_from_cpg("ISO 8859-5"), "ISO-8859-5");
    EXPECT_EQ(codepage_from_cpg("8859-5"), "ISO-8859-5");
    EXPECT_EQ(codepage_from_cpg("OEM 866"), "CP866");
    EXPECT_EQ(codepage_from_cpg(""), "");
    EXPECT_EQ(codepage_from_cpg("<html><body>"), "");
    EXPECT_EQ(codepage_from_cpg("\xFF\xFE"), "");
    EXPECT_EQ(codepage_from_cpg("no such page"), "");
    EXPECT_EQ(codepage_from_cpg("CP99999"), "");
}

TEST(Codepage, LanguageDriverIds) {
    EXPECT_EQ(codepage_from_ldid(0xC9), "CP1251");
    EXPECT_EQ(codepage_from_ldid(0x65), "CP866");
    EXPECT_EQ(codepage_from_ldid(0x26), "CP866");
    EXPECT_EQ(codepage_from_ldid(0x03), "CP1252");
    EXPECT_EQ(codepage_from_ldid(0x01), "CP437");
    EXPECT_EQ(codepage_from_ldid(0x57), "");
    EXPECT_EQ(codepage_from_ldid(0x00), "");
}

TEST(Codepage, Utf8Validation) {
    EXPECT_TRUE(is_valid_utf8("Алматы Қазақстан"));
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
    EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));  // above U+10FFFF
}

TEST(TextDecoder, Cp1251Koi8rCp866) {
    TextDecoder cp1251("CP1251");
    EXPECT_EQ(cp1251.decode("\xC0\xEB\xEC\xE0\xF2\xFB"), "Алматы");
    // CP1251 0x98 has no character: shown as U+FFFD and counted.
    EXPECT_EQ(cp1251.decode("a\x98z"), "a\xEF\xBF\xBDz");
    EXPECT_EQ(cp1251.bad_bytes(), 1u);
    TextDecoder koi("KOI8-R");
    EXPECT_EQ(koi.decode("\xE1\xCC\xCD\xC1\xD4\xD9"), "Алматы");
    TextDecoder dos("CP866");
    EXPECT_EQ(dos.decode("\x80\xAB\xAC\xA0\xE2\xEB"), "Алматы");
    EXPECT_EQ(dos.decode("plain"), "plain");
    // Kazakh letters are not in CP1251; the Kazakh standard code page KZ-1048 has them.
    EXPECT_EQ(codepage_from_cpg("KZ-1048"), "RK1048");
    TextDecoder kz("RK1048");
    EXPECT_EQ(kz.decode("\x8D\xE0\xE7\xE0\xE3"), "Қазаг");
}

TEST(TextDecoder, Utf8KeepsValidAndReplacesInvalid) {
    TextDecoder d("UTF-8");
    EXPECT_EQ(d.decode("Алматы"), "Алматы");
    EXPECT_EQ(d.decode("\xD0\x90\xFF\xD0"), "А\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(d.bad_bytes(), 2u);
}

TEST(TextDecoder, UnknownTriesUtf8ThenFallback) {
    TextDecoder d("", "CP1252");
    EXPECT_EQ(d.decode("Алматы"), "Алматы");
    EXPECT_EQ(d.decode("M\xE9xico"), "México");
    EXPECT_EQ(d.fallback_strings(), 1u);
    TextDecoder ru("", "CP1251");
    EXPECT_EQ(ru.decode("\xC0\xEB\xEC\xE0\xF2\xFB"), "Алматы");
}

TEST(TextDecoder, MultiByteCodePage) {
    TextDecoder sjis("CP932");
    EXPECT_EQ(sjis.decode("\x93\xFA\x96\x7B"), "日本");
    // A lead byte at the end is incomplete: replaced, not dropped.
    EXPECT_EQ(sjis.decode("a\x93"), "a\xEF\xBF\xBD");
    EXPECT_EQ(sjis.bad_bytes(), 1u);
}
