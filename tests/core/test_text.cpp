#include <gtest/gtest.h>

#include "core/text.hpp"

using namespace atlas;

TEST(Text, AsciiCaseLeavesOtherScriptsAlone) {
    EXPECT_EQ(ascii_lower("GeoJSON .SHP Әл"), "geojson .shp Әл");
    EXPECT_EQ(ascii_upper("cp1251 ansi қ"), "CP1251 ANSI қ");
    EXPECT_TRUE(iequals_ascii("Protests of 2022", "PROTESTS of 2022"));
    EXPECT_FALSE(iequals_ascii("Protest", "Protests"));
    EXPECT_FALSE(iequals_ascii("Әл", "әл"));  // Cyrillic case is not ASCII
}

TEST(Text, TrimAndSplit) {
    EXPECT_EQ(trim("  a b \t\r\n"), "a b");
    EXPECT_EQ(trim(" \t "), "");
    EXPECT_EQ(trim(""), "");
    const auto parts = split("a,,b,", ',');
    ASSERT_EQ(parts.size(), 4u);
    EXPECT_EQ(parts[0], "a");
    EXPECT_EQ(parts[1], "");
    EXPECT_EQ(parts[2], "b");
    EXPECT_EQ(parts[3], "");
    EXPECT_EQ(split("", ';').size(), 1u);
}
