#pragma once
// Cyrillic (Russian and Kazakh) to Latin: a display transliteration, English
// street names for map labels, and a search key that makes spellings in either
// script meet.
//
// [SECTION] The display scheme
// BGN/PCGN 1947 for Russian, written without diacritics or apostrophes, with the
// Kazakh letters given the plain values Almaty's own English signs use
// ("Dostyk", "Abai", "Raiymbek", "Zhetysu"):
//
//   а a   б b   в v   г g   д d   е e/ye*  ё yo  ж zh  з z   и i   й y/i**
//   к k   л l   м m   н n   о o   п p   р r    с s   т t   у u   ф f   х kh
//   ц ts  ч ch  ш sh  щ shch  ъ -  ы y  ь -  э e   ю yu  я ya
//   ә a   ғ g   қ k   ң ng  ө o   ұ u   ү u    һ h   і i
//
//   *  е is "ye" at the start of a word and after a vowel, ъ or ь (Yesentai, Kunayev),
//      but "e" after у, ұ, ү (Auezov, as the district writes itself).
//   ** й after a vowel is "i" (Abai, Raiymbek, Kabanbai), "y" before а, о, у, э, and
//      nothing before я, ю, ё (Maya); elsewhere "y" (Yoshkar). The adjective endings
//      -ий, -ый are written "y" (Dostoyevsky, Novy).
// Letter case follows the source: an upper-case letter gives a capitalised
// digraph ("Ж" -> "Zh"). Every character that is not Cyrillic passes unchanged.
//
// [SECTION] English street names
// English puts the street-type word after the name and in English: "улица Абая" ->
// "Abai Street", "Достық даңғылы" -> "Dostyk Avenue". See english_street_name().
//
// [SECTION] The search key
// fold_for_search() maps any spelling, in either script, to one lower-case Latin key,
// so that equality or a prefix of keys means "the same name". See its comment.
#include <string>
#include <string_view>

namespace atlas {

// The display transliteration described above. Input is UTF-8; malformed bytes
// are kept as they are.
[[nodiscard]] std::string transliterate(std::string_view utf8);

// Lower case for Latin, Latin-1, the Kazakh Latin letters and all Cyrillic
// (Russian and Kazakh); other characters are unchanged.
[[nodiscard]] std::string lowercase(std::string_view utf8);

// The English form of an OpenStreetMap street name, for labels in English.
//  - The street-type word, Russian or Kazakh, abbreviated or not, becomes English and
//    goes after the name: улица/ул./көшесі -> Street, проспект/пр./даңғылы -> Avenue,
//    микрорайон/мкр./м-н/шағын аудан -> Microdistrict, переулок -> Lane,
//    бульвар -> Boulevard, площадь/алаңы -> Square, шоссе/тас жолы -> Highway,
//    проезд -> Passage, тупик -> Close, набережная -> Embankment.
//  - Russian names a street after a person in the genitive ("улица Гоголя"); English
//    uses the person's name ("Gogol Street"). Only endings that are reliable are
//    undone, and only where a Russian type word is present:
//      -ова/-ева/-ёва/-ина/-ына -> drop "а" (Панфилова -> Panfilov);
//      -овой/-евой/-иной -> -ова/-ева/-ина (a woman's surname);
//      -ского/-цкого -> -ский/-цкий (Дзержинского -> Dzerzhinsky);
//      consonant + я -> consonant + ь (Гоголя -> Gogol);  -ея -> -ей;
//      -ая -> -ай after б, т, д, г, к, м, з, с but not -ская (Абая -> Abai, Исатая -> Isatai;
//      an adjective such as Садовая or Жетысуская keeps its form);
//      -бека -> -бек (Райымбека -> Raiymbek); батыра -> батыр, хана -> хан (titles).
//    When one word was a surname in the genitive, the given names beside it that end in
//    a consonant + а lose the "а" too (Аскара Кунаева -> Askar Kunayev).
//    Anything else is transliterated as written: an adjective keeps its form
//    ("Жетысуская улица" -> "Zhetysuskaya Street"), a name without a type word keeps
//    its case ("Ашекеева" -> "Ashekeyeva").
//  - An ordinal "1-я", "2-й" becomes "1st", "2nd".
//  - A parenthesised neighbourhood "(Шанырак-1)", "(Калкаман 2 м-н)" is kept at the end,
//    transliterated, with its own type word in English.
[[nodiscard]] std::string english_street_name(std::string_view osm_name);

// The parts of an OpenStreetMap street name, each in Latin (see english_street_name()).
struct StreetNameParts {
    std::string name;             // the name without its type word, genitive undone: "Gogol"
    std::string name_as_written;  // the same words transliterated as written: "Gogolya"
    std::string type;             // the type word in English: "Street"; "" when none
    std::string area;             // the parenthesised part as written ("Шанырак-1"); "" when none
};
[[nodiscard]] StreetNameParts split_street_name(std::string_view osm_name);

// The English street type of a search key (fold_for_search) of one street-type word
// or two-word phrase, in any of the scripts and abbreviations above or in English
// ("ulitsa", "dangili", "street", "ave"); "" when it is none.
// `written_in_cyrillic`: the text was Cyrillic before folding, so only the
// Cyrillic type words count ("СТ", a garden society, folds to "st" but is no Street).
[[nodiscard]] std::string_view english_street_type(std::string_view folded, bool written_in_cyrillic = false);

// The search key of a text. Two spellings of one name give the same key, and a
// name's key begins with the key of any of its prefixes. Steps:
//  1. lower case; Cyrillic transliterated as above, but Kazakh ң as н (Шаңырақ = Шанырак,
//     as Latin spellings usually have it); Kazakh Latin letters
//     (ä ö ü ū ı ī ğ ş ç ñ á ó ú ý ǵ ń …) to plain Latin;
//  2. spelling variants folded: "dzh"/"zh" -> "j", "kh" -> "h", "gh" -> "g",
//     "q" -> "k", "ye" -> "e", "y" -> "i", "w" -> "v", a doubled letter -> one
//     (Shanyraq = Shanyrak = Шанырак -> "shanirak"; Жетісу = Жетысу = Zhetysu -> "jetisu");
//  3. every run of characters that are not letters or digits -> one space; no space
//     at either end.
// The key of "Gogol" is a prefix of the key of "Гоголя"; matching by prefix is the caller's.
[[nodiscard]] std::string fold_for_search(std::string_view text);

}  // namespace atlas
