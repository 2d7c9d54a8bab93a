#include <gtest/gtest.h>

#include <string>

#include "core/translit.hpp"

using namespace atlas;

// The display scheme on names of Almaty as OpenStreetMap writes them.
TEST(Transliterate, RussianAndKazakhNames) {
    EXPECT_EQ(transliterate("Гоголя"), "Gogolya");
    EXPECT_EQ(transliterate("Шанырак"), "Shanyrak");
    EXPECT_EQ(transliterate("Жетысу"), "Zhetysu");
    EXPECT_EQ(transliterate("Алматы"), "Almaty");
    EXPECT_EQ(transliterate("Жетісу"), "Zhetisu");
    EXPECT_EQ(transliterate("Достық"), "Dostyk");
    EXPECT_EQ(transliterate("Желтоқсан"), "Zheltoksan");
    EXPECT_EQ(transliterate("Төле би"), "Tole bi");
    EXPECT_EQ(transliterate("Әуезов"), "Auezov");
    EXPECT_EQ(transliterate("Ұлы Дала Елі"), "Uly Dala Yeli");
    EXPECT_EQ(transliterate("Шаңырақ"), "Shangyrak");
    EXPECT_EQ(transliterate("Һ"), "H");
}

TEST(Transliterate, YeAndShortIRules) {
    EXPECT_EQ(transliterate("Есентай"), "Yesentai");      // е first, й after a vowel
    EXPECT_EQ(transliterate("Кунаева"), "Kunayeva");      // е after a vowel
    EXPECT_EQ(transliterate("Абай"), "Abai");
    EXPECT_EQ(transliterate("Райымбек"), "Raiymbek");
    EXPECT_EQ(transliterate("Майя"), "Maya");             // й before a vowel
    EXPECT_EQ(transliterate("Дзержинский"), "Dzerzhinsky");  // -ий at the end
    EXPECT_EQ(transliterate("Новый"), "Novy");
    EXPECT_EQ(transliterate("Подъезд"), "Podyezd");       // е after ъ
    EXPECT_EQ(transliterate("Щучинск"), "Shchuchinsk");
    EXPECT_EQ(transliterate("Хан"), "Khan");
}

TEST(Transliterate, CaseAndOtherText) {
    EXPECT_EQ(transliterate("ЖК ШАНЫРАК"), "ZHK SHANYRAK");
    EXPECT_EQ(transliterate("Шанырак-1"), "Shanyrak-1");
    EXPECT_EQ(transliterate("Abai Ave. 10"), "Abai Ave. 10");
    EXPECT_EQ(transliterate(""), "");
    // A malformed byte is kept as it is rather than lost.
    EXPECT_EQ(transliterate(std::string("Ал\xFFматы")), std::string("Al\xFFmaty"));
    EXPECT_EQ(transliterate(std::string("\xD0")), std::string("\xD0"));
}

TEST(Lowercase, CyrillicKazakhAndLatin) {
    EXPECT_EQ(lowercase("ШАНЫРАК"), "шанырак");
    EXPECT_EQ(lowercase("ӘҒҚҢӨҰҮҺІ"), "әғқңөұүһі");
    EXPECT_EQ(lowercase("Ёлка ÄÖÜ Gogol"), "ёлка äöü gogol");
}

TEST(EnglishStreetName, TypeWordsInEnglishAfterTheName) {
    EXPECT_EQ(english_street_name("проспект Достык"), "Dostyk Avenue");
    EXPECT_EQ(english_street_name("Достық даңғылы"), "Dostyk Avenue");
    EXPECT_EQ(english_street_name("Желтоқсан көшесі"), "Zheltoksan Street");
    EXPECT_EQ(english_street_name("улица Желтоксан"), "Zheltoksan Street");
    EXPECT_EQ(english_street_name("Шанырак 2 микрорайон"), "Shanyrak 2 Microdistrict");
    EXPECT_EQ(english_street_name("мкр. Шанырак"), "Shanyrak Microdistrict");
    EXPECT_EQ(english_street_name("Шаңырақ шағын ауданы"), "Shangyrak Microdistrict");
    // Districts: the adjective of the Russian name back to the name, as English says it.
    EXPECT_EQ(english_street_name("Алмалинский район"), "Almaly District");
    EXPECT_EQ(english_street_name("Бостандыкский район"), "Bostandyk District");
    EXPECT_EQ(english_street_name("Медеуский район"), "Medeu District");
    EXPECT_EQ(english_street_name("Ауэзовский район"), "Auezov District");
    EXPECT_EQ(english_street_name("Алмалы ауданы"), "Almaly District");
    EXPECT_EQ(english_street_type(fold_for_search("rayon")), "District");
    EXPECT_EQ(english_street_name("Каргалинский переулок (Достык)"), "Kargalinsky Lane (Dostyk)");
    EXPECT_EQ(english_street_name("Садовый бульвар"), "Sadovy Boulevard");
    EXPECT_EQ(english_street_name("бульвар Бухар Жырау"), "Bukhar Zhyrau Boulevard");
    EXPECT_EQ(english_street_name("Бурундайское шоссе"), "Burundaiskoye Highway");
    EXPECT_EQ(english_street_name("Республика алаңы"), "Respublika Square");
    EXPECT_EQ(english_street_name("Жетысуская улица"), "Zhetysuskaya Street");
    EXPECT_EQ(english_street_name("Жетысу 1-й микрорайон"), "Zhetysu 1st Microdistrict");
    EXPECT_EQ(english_street_name("Бурундайское шоссе 1 км."), "Burundaiskoye Highway 1 km.");
}

TEST(EnglishStreetName, GenitiveOfPersonsUndoneWhereReliable) {
    EXPECT_EQ(english_street_name("улица Гоголя"), "Gogol Street");
    EXPECT_EQ(english_street_name("улица Абая"), "Abai Street");
    EXPECT_EQ(english_street_name("проспект Абая"), english_street_name("Абай даңғылы"));
    EXPECT_EQ(english_street_name("проспект Райымбека"), "Raiymbek Avenue");
    EXPECT_EQ(english_street_name("Райымбек даңғылы"), "Raiymbek Avenue");
    EXPECT_EQ(english_street_name("улица Панфилова"), "Panfilov Street");
    EXPECT_EQ(english_street_name("проспект Назарбаева"), "Nazarbayev Avenue");
    EXPECT_EQ(english_street_name("улица Аскара Кунаева"), "Askar Kunayev Street");
    EXPECT_EQ(english_street_name("ул. Сейфуллина"), "Seifullin Street");
    EXPECT_EQ(english_street_name("Фариды Шариповой (Достык) улица"), "Faridy Sharipova Street (Dostyk)");
    EXPECT_EQ(english_street_name("улица Карасай батыра"), "Karasai batyr Street");
    EXPECT_EQ(english_street_name("Дзержинского улица"), "Dzerzhinsky Street");
    // Names in the nominative stay as they are.
    EXPECT_EQ(english_street_name("проспект Аль-Фараби"), "Al-Farabi Avenue");
    EXPECT_EQ(english_street_name("проспект Жибек Жолы"), "Zhibek Zholy Avenue");
    EXPECT_EQ(english_street_name("улица Алматы"), "Almaty Street");
}

TEST(EnglishStreetName, NeighbourhoodInParenthesesKept) {
    EXPECT_EQ(english_street_name("Ашекеева (Шанырак-1)"), "Ashekeyeva (Shanyrak-1)");
    EXPECT_EQ(english_street_name("Строительная (Шанырак 2)"), "Stroitelnaya (Shanyrak 2)");
    EXPECT_EQ(english_street_name("2-я (Калкаман 2 м-н)"), "2nd (Kalkaman 2 Microdistrict)");
    EXPECT_EQ(english_street_name("Алматинская (Айгерим)"), "Almatinskaya (Aigerim)");
    EXPECT_EQ(english_street_name("12-я (Нур Алатау м-н)"), "12th (Nur Alatau Microdistrict)");
}

TEST(FoldForSearch, ScriptsAndVariantsMeet) {
    EXPECT_EQ(fold_for_search("Шанырак"), fold_for_search("Shanyrak"));
    EXPECT_EQ(fold_for_search("Shanyraq"), fold_for_search("Shanyrak"));
    EXPECT_EQ(fold_for_search("Шаңырақ"), fold_for_search("Shanyraq"));
    EXPECT_EQ(fold_for_search("Шаңырақ"), fold_for_search("Шанырак"));
    EXPECT_EQ(fold_for_search("Алматы"), fold_for_search("Almaty"));
    EXPECT_EQ(fold_for_search("ALMATY"), fold_for_search("almaty"));
    EXPECT_EQ(fold_for_search("Жетысу"), fold_for_search("Zhetysu"));
    EXPECT_EQ(fold_for_search("Жетісу"), fold_for_search("Zhetysu"));
    EXPECT_EQ(fold_for_search("Jetisu"), fold_for_search("Zhetysu"));
    EXPECT_EQ(fold_for_search("Гоголя"), fold_for_search("Gogolya"));
    EXPECT_EQ(fold_for_search("Достық"), fold_for_search("Dostyk"));
    EXPECT_EQ(fold_for_search("Dostyq"), fold_for_search("Dostyk"));
    EXPECT_EQ(fold_for_search("Есентай"), fold_for_search("Esentai"));
    EXPECT_EQ(fold_for_search("Yesentay"), fold_for_search("Esentai"));
    EXPECT_EQ(fold_for_search("Кассымов"), fold_for_search("Kasymov"));
    EXPECT_EQ(fold_for_search("Abılay Han"), fold_for_search("Абылай хан"));
    EXPECT_EQ(fold_for_search("Zhetisu"), "jetisu");
    EXPECT_EQ(fold_for_search("Шанырак"), "shanirak");
}

TEST(FoldForSearch, PrefixAndSeparators) {
    const std::string gogolya = fold_for_search("улица Гоголя");
    const std::string gogol = fold_for_search("Gogol");
    EXPECT_EQ(gogolya, "ulitsa gogolia");
    EXPECT_NE(gogolya.find(gogol), std::string::npos);
    EXPECT_EQ(fold_for_search("Gogolya").rfind(gogol, 0), 0u) << "Gogol is a prefix of Gogolya";
    EXPECT_EQ(fold_for_search("  Шанырак-1, «мкр.» "), "shanirak 1 mkr");
    EXPECT_EQ(fold_for_search("Tole bi 11"), "tole bi 11") << "digits are not folded";
    EXPECT_EQ(fold_for_search("O'Neil"), "oneil");
    EXPECT_EQ(fold_for_search(""), "");
    EXPECT_EQ(fold_for_search("!!! --"), "");
    EXPECT_EQ(fold_for_search("北京 x"), "北京 ks") << "other scripts are kept";
}

TEST(SplitStreetName, PartsForSearch) {
    const StreetNameParts gogol = split_street_name("улица Гоголя");
    EXPECT_EQ(gogol.name, "Gogol");
    EXPECT_EQ(gogol.name_as_written, "Gogolya");
    EXPECT_EQ(gogol.type, "Street");
    EXPECT_EQ(gogol.area, "");
    const StreetNameParts akzhol = split_street_name("Акжол (Шанырак-1)");
    EXPECT_EQ(akzhol.name, "Akzhol");
    EXPECT_EQ(akzhol.type, "");
    EXPECT_EQ(akzhol.area, "Шанырак-1");
    const StreetNameParts dostyk = split_street_name("Достық даңғылы");
    EXPECT_EQ(dostyk.name, "Dostyk");
    EXPECT_EQ(dostyk.type, "Avenue");
}

TEST(EnglishStreetType, WordsInAnyScript) {
    EXPECT_EQ(english_street_type(fold_for_search("улица")), "Street");
    EXPECT_EQ(english_street_type(fold_for_search("көшесі")), "Street");
    EXPECT_EQ(english_street_type(fold_for_search("Street")), "Street");
    EXPECT_EQ(english_street_type(fold_for_search("даңғылы")), "Avenue");
    EXPECT_EQ(english_street_type(fold_for_search("prospekt")), "Avenue");
    EXPECT_EQ(english_street_type(fold_for_search("м-н")), "Microdistrict");
    EXPECT_EQ(english_street_type(fold_for_search("тас жолы")), "Highway");
    EXPECT_EQ(english_street_type(fold_for_search("Gogol")), "");
}
