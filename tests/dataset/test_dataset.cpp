// The shipped dataset (assets/data) against the curation rules of its README,
// and the JSON loader against broken files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/event.hpp"
#include "core/paths.hpp"
#include "core/time.hpp"
#include "store/dataset_json.hpp"

using namespace atlas;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// [SECTION] Helpers

fs::path shipped_dir() { return atlas::paths::source_dir() / "assets" / "data"; }

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

json read_json(const fs::path& p) { return json::parse(read_file(p)); }

const Dataset& shipped() {
    static const Dataset d = load_dataset(shipped_dir());
    return d;
}

// UTF-8 to code points (the seed files are valid UTF-8; a bad byte becomes U+FFFD).
std::u32string decode_utf8(const std::string& s) {
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + static_cast<size_t>(len) > s.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
        out.push_back(cp);
        i += static_cast<size_t>(len);
    }
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The finest time precision the wording of a date supports, or nothing when the
// wording carries no date at all (then a note must say how the time was set).
std::optional<TimePrecision> finest_supported(const std::string& time_text) {
    // Month names are matched as written (capitalised), so "the march" is not March.
    const std::string t = lower(time_text);
    static const std::regex clock(R"((\b\d{1,2}[.:]\d{2}\b)|o['’]clock|\bhours?\b|\b(am|pm)\b)");
    static const std::regex day_words(R"(\bdays?\b|\bin the morning\b|\ball day\b)");
    static const std::regex day_of_month(
        R"(\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December)\b)");
    static const std::regex month(R"(\b(January|February|March|April|May|June|July|August|September|October|November|December)\b)");
    static const std::regex season(R"(\b(spring|summer|autumn|winter)\b)");
    static const std::regex year(R"(\b(1[89]|20)\d\d\b|\blast year\b)");
    static const std::regex decade(R"(\b(1[89]|20)\d0s\b|\b(nineties|eighties|seventies)\b)");
    if (std::regex_search(t, clock)) return TimePrecision::Hour;
    if (std::regex_search(t, day_words) || std::regex_search(time_text, day_of_month)) return TimePrecision::Day;
    if (std::regex_search(time_text, month)) return TimePrecision::Month;
    if (std::regex_search(t, season)) return TimePrecision::Season;
    if (std::regex_search(t, decade)) return TimePrecision::Decade;
    if (std::regex_search(t, year)) return TimePrecision::Year;
    return std::nullopt;
}

bool mentions_year(const std::string& time_text) {
    static const std::regex y(R"(\b(1[89]|20)\d\ds?\b|\b(nineties|eighties|seventies)\b)");
    return std::regex_search(lower(time_text), y);
}

// Radius bounds (metres) that each location precision allows; README "Geocoding".
std::pair<double, double> radius_bounds(LocationPrecision p) {
    switch (p) {
    case LocationPrecision::Building: return {1, 200};
    case LocationPrecision::Street: return {50, 4000};  // a long street, as a whole
    case LocationPrecision::Neighbourhood: return {300, 4000};
    case LocationPrecision::District: return {1000, 10000};
    case LocationPrecision::City: return {2000, 30000};
    case LocationPrecision::Outside: return {1, 1e7};
    }
    return {0, 0};
}

bool inside_city(double lat, double lon) {
    return lat >= kCityMinLat && lat <= kCityMaxLat && lon >= kCityMinLon && lon <= kCityMaxLon;
}

// A copy of the shipped dataset in a fresh folder, for breaking one file.
class BrokenDataset : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("atlas_dataset_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        for (auto name : dataset_file_names()) fs::copy_file(shipped_dir() / name, dir_ / name);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // Replaces the first occurrence of `from` in the file and returns its line.
    int64_t replace(std::string_view file, const std::string& from, const std::string& to) {
        std::string text = read_file(dir_ / file);
        const size_t at = text.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        if (at == std::string::npos) return 0;
        text.replace(at, from.size(), to);
        write_file(dir_ / file, text);
        return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    }

    Diagnostics load() {
        Diagnostics diags;
        (void)load_dataset(dir_, diags);
        return diags;
    }

    fs::path dir_;
};

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string all(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.items) out += x.str() + "\n";
    return out;
}

}  // namespace

// [SECTION] The shipped dataset

TEST(ShippedDataset, LoadsWithoutFaults) {
    Diagnostics diags;
    const Dataset d = load_dataset(shipped_dir(), diags);
    EXPECT_TRUE(diags.empty()) << all(diags);
    EXPECT_EQ(d.sources.size(), 3u);
    EXPECT_GE(d.events.size(), 35u);
    EXPECT_GE(d.excerpts.size(), d.sources.size());
    EXPECT_EQ(d.stories.size(), 1u);
}

TEST(ShippedDataset, SourcesCarryTheirMetadata) {
    const json raw = read_json(shipped_dir() / kSourcesFile);
    for (const auto& s : raw["sources"]) {
        SCOPED_TRACE(s["id"].get<std::string>());
        EXPECT_FALSE(s["title"].get<std::string>().empty());
        EXPECT_FALSE(s["publisher"].get<std::string>().empty());
        EXPECT_EQ(s["language"], "en");
        auto date = parse_time(s["date"].get<std::string>());
        ASSERT_TRUE(date);
        // "March 2006" is a month, "12 March 2026" a day: the date keeps what the page gives.
        EXPECT_EQ(date->precision, finest_supported(s["date_text"].get<std::string>()).value());
        EXPECT_FALSE(s.contains("full_text"));  // quotations only, never the article
    }
}

TEST(ShippedDataset, ExcerptsAreVerbatimAtTheirSpans) {
    const fs::path shared = paths::shared_dir();
    if (shared.empty() || !fs::is_directory(shared / "seeds")) GTEST_SKIP() << "no shared seeds folder beside the repository";
    const json raw = read_json(shipped_dir() / kSourcesFile);
    std::map<std::string, std::u32string> text_of;
    for (const auto& s : raw["sources"]) {
        const fs::path seed = shared / "seeds" / s["seed_file"].get<std::string>();
        if (!fs::exists(seed)) GTEST_SKIP() << "seed file missing: " << seed;
        text_of[s["id"].get<std::string>()] = decode_utf8(read_file(seed));
    }
    ASSERT_FALSE(shipped().excerpts.empty());
    for (const auto& x : shipped().excerpts) {
        SCOPED_TRACE(x.id);
        ASSERT_TRUE(text_of.count(x.source_id));
        const std::u32string& text = text_of[x.source_id];
        ASSERT_GE(x.span_begin, 0);
        ASSERT_LE(x.span_end, static_cast<int64_t>(text.size()));
        const std::u32string quoted = decode_utf8(x.text);
        EXPECT_EQ(text.substr(static_cast<size_t>(x.span_begin), static_cast<size_t>(x.span_end - x.span_begin)), quoted);
        EXPECT_EQ(x.locator.rfind("paragraph", 0), 0u);
    }
}

TEST(ShippedDataset, EveryEventHasExcerptsAndEveryReferenceResolves) {
    const Dataset& d = shipped();
    std::set<std::string> used;
    for (const auto& e : d.events) {
        SCOPED_TRACE(e.id);
        EXPECT_FALSE(e.excerpt_ids.empty());
        for (const auto& x : e.excerpt_ids) {
            const Excerpt* ex = d.find_excerpt(x);
            ASSERT_NE(ex, nullptr) << x;
            EXPECT_NE(d.find_source(ex->source_id), nullptr);
            used.insert(x);
        }
        ASSERT_FALSE(e.location.place_id.empty());
        EXPECT_NE(d.find_place(e.location.place_id), nullptr);
        EXPECT_FALSE(e.location.geocoding_note.empty());
        EXPECT_FALSE(e.title.empty());
        EXPECT_FALSE(e.description.empty());
    }
    for (const auto& x : d.excerpts) EXPECT_TRUE(used.count(x.id)) << "excerpt supports no event: " << x.id;
}

TEST(ShippedDataset, CategoriesAreTheBuiltInOnes) {
    const std::set<std::string_view> builtin = {category::demolition, category::eviction, category::protest,
                                                category::arrest, category::construction, category::decision};
    std::map<std::string, int> count;
    for (const auto& e : shipped().events) {
        EXPECT_TRUE(builtin.count(e.category)) << e.id << ": " << e.category;
        ++count[e.category];
    }
    for (auto c : builtin) EXPECT_GT(count[std::string(c)], 0) << c;
}

TEST(ShippedDataset, TimesParseWithThePrecisionTheirWordingSupports) {
    const json raw = read_json(shipped_dir() / kEventsFile);
    for (const auto& ej : raw["events"]) {
        const std::string id = ej["id"], text = ej["time"], wording = ej["time_text"], note = ej["note"];
        SCOPED_TRACE(id + ": " + text + " / " + wording);
        std::string error;
        auto t = parse_time(text, &error);
        ASSERT_TRUE(t) << error;
        EXPECT_LT(t->begin, t->end);
        // Never finer than the wording: no invented days or hours.
        if (auto finest = finest_supported(wording)) {
            EXPECT_GE(static_cast<int>(t->precision), static_cast<int>(*finest));
            if (*finest == TimePrecision::Year) {
                EXPECT_EQ(t->precision, TimePrecision::Year);  // "In 2008" stays a year
            }
        } else {
            EXPECT_FALSE(note.empty()) << "a date not in the wording needs a note";
        }
        // A date whose year is not in the wording was resolved against the article: say how.
        if (!mentions_year(wording)) { EXPECT_FALSE(note.empty()) << "year resolved without a note"; }
        // Machine text without a day cannot have day precision unless it is a range of days.
        static const std::regex has_day(R"(\d{4}-\d{2}-\d{2})");
        if (!std::regex_search(text, has_day)) { EXPECT_GE(static_cast<int>(t->precision), static_cast<int>(TimePrecision::Month)); }
        // A year in the wording lies inside the interval (open "before"/"after" intervals aside).
        // A year after "until" is where the interval ends: it reaches that year, no further.
        if (t->qualifier != TimeQualifier::Before && t->qualifier != TimeQualifier::After) {
            static const std::regex year(R"((\buntil\s+)?\b((1[89]|20)\d\d)\b)", std::regex::icase);
            for (std::sregex_iterator it(wording.begin(), wording.end(), year), end; it != end; ++it) {
                const int y = std::stoi((*it)[2]);
                if ((*it)[1].matched) {
                    EXPECT_EQ(t->end, make_time(y)) << "until " << y;
                } else {
                    EXPECT_TRUE(t->overlaps(make_time(y), make_time(y + 1))) << y;
                }
            }
        }
    }
}

TEST(ShippedDataset, RelativeDatesAreResolvedAsTheArticlesSay) {
    const Dataset& d = shipped();
    auto time_of = [&](std::string_view id) {
        const Event* e = d.find_event(id);
        EXPECT_NE(e, nullptr) << id;
        return e ? e->time : TimeInterval{};
    };
    // "Just ten days before the residents' protest" (20 March 2006).
    EXPECT_EQ(time_of("shanyrak-aigerim-18-homes-destroyed-2006-03-10").begin, make_time(2006, 3, 10));
    EXPECT_EQ(time_of("shanyrak-aigerim-18-homes-destroyed-2006-03-10").precision, TimePrecision::Day);
    // "September last year" in an article of 12 March 2026.
    EXPECT_EQ(time_of("oldest-maternity-hospital-demolished-2025").begin, make_time(2025, 9, 1));
    EXPECT_EQ(time_of("oldest-maternity-hospital-demolished-2025").precision, TimePrecision::Month);
    // The march has no day in the article.
    // The march has no day: after the protest of 20 March, by the article (30 March).
    EXPECT_EQ(time_of("march-on-akimat-2006-03").begin, make_time(2006, 3, 20));
    EXPECT_EQ(time_of("march-on-akimat-2006-03").end, make_time(2006, 3, 31));
    EXPECT_EQ(time_of("action-committee-formed-2006-03").begin, make_time(2006, 3, 10));
    EXPECT_EQ(time_of("action-committee-formed-2006-03").end, make_time(2006, 3, 21));
    // "Now", "have decided", undated statements: by the article's date, not in its month.
    for (auto id : {"police-knb-search-sotssprot-2006-03", "city-wants-land-for-aqua-park-2006",
                    "mayor-vows-to-put-down-protests-2006-03"}) {
        EXPECT_EQ(time_of(id).end, make_time(2006, 3, 31)) << id;
        EXPECT_TRUE(time_of(id).open_begin) << id;
    }
    // 5 April 2006 hour by hour.
    EXPECT_EQ(time_of("shanyrak-operation-begins-2006-04-05-1030").begin, make_time(2006, 4, 5, 10, 30));
    // "By 12 o'clock" ends at 12:00, "by one o'clock" at 13:00; both after the 10:30 arrival.
    EXPECT_EQ(time_of("shanyrak-drivers-refuse-2006-04-05-1200").end, make_time(2006, 4, 5, 12, 0));
    EXPECT_EQ(time_of("shanyrak-quarters-surrounded-2006-04-05-1300").end, make_time(2006, 4, 5, 13, 0));
    EXPECT_EQ(time_of("shanyrak-house-wrecked-2006-04-05-1430").begin, make_time(2006, 4, 5, 14, 30));
    EXPECT_EQ(time_of("shanyrak-house-wrecked-2006-04-05-1430").qualifier, TimeQualifier::Circa);
    // Nothing of the day begins before the police arrived, in Shanyrak or
    // elsewhere (Ainur Kurmanov's siege is told among the day's events).
    for (const Event& e : d.events) {
        const bool that_day = std::find(e.tags.begin(), e.tags.end(), "5-april-2006") != e.tags.end();
        if (that_day) { EXPECT_GE(e.time.begin, make_time(2006, 4, 5, 10, 30)) << e.id; }
    }
    EXPECT_EQ(time_of("kurmanov-besieged-2006-04-05").begin, make_time(2006, 4, 5, 10, 30));
    EXPECT_EQ(time_of("kurmanov-besieged-2006-04-05").end, make_time(2006, 4, 6));
    // What the officials call the residents is said after the clash, by the article's date.
    EXPECT_EQ(time_of("shanyrak-source-of-instability-2006-04").begin, make_time(2006, 4, 5));
    EXPECT_EQ(time_of("shanyrak-source-of-instability-2006-04").end, make_time(2006, 4, 11));
    // "Until 1933" the only hotel of a house built in 1908.
    EXPECT_EQ(time_of("zhetysu-only-hotel-until-1933").begin, make_time(1908));
    EXPECT_EQ(time_of("zhetysu-only-hotel-until-1933").end, make_time(1933));
    EXPECT_FALSE(time_of("zhetysu-only-hotel-until-1933").open_begin);
    EXPECT_EQ(time_of("sayahat-bus-station-destroyed-2008").precision, TimePrecision::Year);
    EXPECT_EQ(time_of("zhetysu-demolition-begins-2026").qualifier, TimeQualifier::Early);
}

// Exports (KML, GeoJSON, CSV) write clock times with Almaty's UTC offset of
// the day; a span never pairs a zoned bound with a zone-less one.
TEST(ShippedDataset, ExportedTimesCarryTheirOffsetAtBothEnds) {
    size_t zoned = 0;
    for (const Event& e : shipped().events) {
        const TimeInterval& t = e.time;
        std::vector<std::string> bounds;
        if (!t.open_begin) bounds.push_back(format_export_begin(t));
        if (!t.open_end) bounds.push_back(format_export_end(t));
        for (const std::string& b : bounds) {
            SCOPED_TRACE(e.id + ": " + b);
            const bool clock = b.find('T') != std::string::npos;
            EXPECT_EQ(clock, b.find('T') == 10 && b.size() == 25) << "a clock time with its offset";
            if (clock && b.rfind("2006-", 0) == 0) { EXPECT_EQ(b.substr(19), "+06:00"); }
            EXPECT_EQ(clock, bounds.front().find('T') != std::string::npos) << "both bounds alike";
            zoned += clock;
        }
    }
    EXPECT_GT(zoned, 20u) << "the hours of 5 April 2006";
}

TEST(ShippedDataset, SequenceKeepsTheArticlesOrderWhereTimesTie) {
    const Dataset& d = shipped();
    std::vector<const Event*> order;
    for (const Event& e : d.events) order.push_back(&e);
    std::sort(order.begin(), order.end(), [](const Event* a, const Event* b) { return chronological_before(*a, *b); });
    auto rank = [&](std::string_view id) {
        return std::find_if(order.begin(), order.end(), [&](const Event* e) { return e->id == id; }) - order.begin();
    };
    EXPECT_LT(rank("shanyrak-operation-begins-2006-04-05-1030"), rank("shanyrak-hundreds-flood-in-2006-04-05"));
    EXPECT_LT(rank("shanyrak-operation-begins-2006-04-05-1030"), rank("shanyrak-vehicles-blocked-2006-04-05"));
    EXPECT_LT(rank("shanyrak-drivers-refuse-2006-04-05-1200"), rank("shanyrak-prisoners-refuse-2006-04-05"));
    EXPECT_LT(rank("trotsky-exiled-to-alma-ata-1928"), rank("trotsky-at-hotel-zhetysu-1928"));
    // Within a source, sequence follows the position of each event's first excerpt.
    std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> by_source;
    for (const Event& e : d.events) {
        const Excerpt* x = d.find_excerpt(e.excerpt_ids.front());
        ASSERT_NE(x, nullptr);
        EXPECT_GT(e.sequence, 0) << e.id;
        by_source[x->source_id].emplace_back(e.sequence, x->span_begin);
    }
    for (auto& [source, v] : by_source) {
        std::sort(v.begin(), v.end());
        for (size_t i = 1; i < v.size(); ++i) {
            EXPECT_NE(v[i].first, v[i - 1].first) << source << ": sequence numbers are unique";
            EXPECT_LE(v[i - 1].second, v[i].second) << source << ": sequence " << v[i].first;
        }
    }
}

TEST(ShippedDataset, TimeTextAgreesWithTheTime) {
    for (const Event& e : shipped().events) {
        EXPECT_EQ(lower(e.time_text).find("undated"), std::string::npos) << e.id << ": a date beside 'undated'";
    }
}

TEST(ShippedDataset, CoordinatesLieInsideTheCityAndRadiiFitThePrecision) {
    for (const auto& e : shipped().events) {
        SCOPED_TRACE(e.id);
        const Location& l = e.location;
        EXPECT_TRUE(std::isfinite(l.lat) && std::isfinite(l.lon));
        if (l.precision != LocationPrecision::Outside) { EXPECT_TRUE(inside_city(l.lat, l.lon)) << l.lat << "," << l.lon; }
        auto [lo, hi] = radius_bounds(l.precision);
        EXPECT_GE(l.uncertainty_m, lo) << to_string(l.precision);
        EXPECT_LE(l.uncertainty_m, hi) << to_string(l.precision);
        // The event's circle is not tighter than its place's.
        const Place* p = shipped().find_place(l.place_id);
        ASSERT_NE(p, nullptr);
        EXPECT_GE(l.uncertainty_m + 1, std::min(p->uncertainty_m, hi)) << l.place_id;
    }
    for (const auto& p : shipped().places) {
        SCOPED_TRACE(p.id);
        EXPECT_TRUE(inside_city(p.lat, p.lon));
        EXPECT_GT(p.uncertainty_m, 0);
        EXPECT_FALSE(p.note.empty());
    }
}

TEST(ShippedDataset, NoTwoEventsDuplicateEachOther) {
    const auto& ev = shipped().events;
    for (size_t i = 0; i < ev.size(); ++i) {
        for (size_t j = i + 1; j < ev.size(); ++j) {
            const Event& a = ev[i];
            const Event& b = ev[j];
            EXPECT_NE(lower(a.title), lower(b.title)) << a.id << " / " << b.id;
            auto actors_a = a.actors, actors_b = b.actors;
            std::sort(actors_a.begin(), actors_a.end());
            std::sort(actors_b.begin(), actors_b.end());
            const bool same = a.time.begin == b.time.begin && a.time.end == b.time.end && a.category == b.category &&
                              a.location.place_id == b.location.place_id && a.location.lat == b.location.lat &&
                              a.location.lon == b.location.lon && actors_a == actors_b;
            EXPECT_FALSE(same) << a.id << " duplicates " << b.id;
        }
    }
}

// The sentences of `text` that its evidence does not carry: a sentence is
// carried when at least two thirds of its words of five letters or more occur
// (by their first five letters, so "demolished" meets "demolition") in `evidence`.
std::vector<std::string> sentences_beyond(const std::string& text, const std::string& evidence) {
    const std::string ev = lower(evidence);
    std::vector<std::string> out;
    const std::regex sentence(R"([^.!?]+[.!?]?)"), word(R"([A-Za-z][A-Za-z'-]{4,})");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), sentence); it != std::sregex_iterator(); ++it) {
        const std::string sent = it->str();
        int words = 0, missing = 0;
        for (auto w = std::sregex_iterator(sent.begin(), sent.end(), word); w != std::sregex_iterator(); ++w) {
            ++words;
            missing += ev.find(lower(w->str()).substr(0, 5)) == std::string::npos;
        }
        if (words > 0 && missing * 3 > words) out.push_back(sent);
    }
    return out;
}

TEST(ShippedDataset, DescriptionsSayOnlyWhatTheirExcerptsSay) {
    const Dataset& d = shipped();
    // The rule itself: sentences the issue found in no excerpt are caught.
    const Event* battle = d.find_event("shanyrak-house-wrecked-2006-04-05-1430");
    ASSERT_NE(battle, nullptr);
    std::string evidence;
    for (const auto& id : battle->excerpt_ids)
        if (const Excerpt* x = d.find_excerpt(id)) evidence += x->text + "\n";
    ASSERT_FALSE(evidence.empty());
    for (const char* invented : {"The conflict lasted for hours.", "Surrounding several quarters.",
                                 "They arrived with practically nothing."})
        EXPECT_EQ(sentences_beyond(invented, evidence).size(), 1u) << invented;

    for (const Event& e : d.events) {
        std::string cited;
        for (const auto& id : e.excerpt_ids)
            if (const Excerpt* x = d.find_excerpt(id)) cited += x->text + "\n";
        for (const std::string& s : sentences_beyond(e.description, cited))
            ADD_FAILURE() << e.id << ": no excerpt of the event says \"" << s << "\"";
    }
}

TEST(ShippedDataset, StoryCaptionsSayOnlyWhatTheSourcesSay) {
    const Dataset& d = shipped();
    std::string all;
    for (const Excerpt& x : d.excerpts) all += x.text + "\n";
    ASSERT_FALSE(d.stories.empty());
    for (const Story& st : d.stories)
        for (const Slide& sl : st.slides)
            for (const std::string& s : sentences_beyond(sl.caption, all))
                ADD_FAILURE() << st.id << " '" << sl.title << "': no excerpt says \"" << s << "\"";
}

TEST(ShippedDataset, GazetteerHasTheEightDistrictsAndTheLandmarks) {
    const Dataset& d = shipped();
    for (auto id : {"alatau-district", "almaly-district", "auezov-district", "bostandyk-district", "zhetysu-district",
                    "medeu-district", "nauryzbay-district", "turksib-district", "republic-square", "akimat", "panfilov-park",
                    "zhetysu-house", "shanyrak", "aigerim", "gogol-street"}) {
        const Place* p = d.find_place(id);
        ASSERT_NE(p, nullptr) << id;
        EXPECT_FALSE(p->name_ru.empty()) << id;
        EXPECT_FALSE(p->name_kk.empty()) << id;
    }
    int districts = 0;
    for (const auto& p : d.places) districts += p.kind == "district";
    EXPECT_EQ(districts, 8);
    EXPECT_EQ(d.find_place("gogol-street")->name_kk, "Гоголь көшесі");
    EXPECT_EQ(d.find_place("shanyrak")->name_ru, "Шанырак");
}

TEST(ShippedDataset, StoryWalksFrom1908To2026) {
    const Dataset& d = shipped();
    ASSERT_EQ(d.stories.size(), 1u);
    const Story& st = d.stories[0];
    EXPECT_GE(st.slides.size(), 8u);
    EXPECT_LE(st.slides.size(), 12u);
    TimePoint last_cursor = std::numeric_limits<TimePoint>::min();
    for (size_t i = 0; i < st.slides.size(); ++i) {
        const Slide& s = st.slides[i];
        SCOPED_TRACE("slide " + std::to_string(i) + ": " + s.title);
        EXPECT_FALSE(s.caption.empty());
        EXPECT_FALSE(s.notes.empty());
        EXPECT_TRUE(inside_city(s.camera.center_lat, s.camera.center_lon));
        EXPECT_GE(s.camera.zoom, 13);
        EXPECT_LE(s.camera.zoom, 17);
        EXPECT_LE(s.window_begin, s.time_cursor);
        EXPECT_GT(s.time_cursor, last_cursor) << "slides go forward in time";
        last_cursor = s.time_cursor;
        ASSERT_FALSE(s.highlighted_event_ids.empty());
        for (const auto& id : s.highlighted_event_ids) {
            const Event* e = d.find_event(id);
            ASSERT_NE(e, nullptr) << id;
            // Highlighted events are on screen: begun by the cursor (and inside the window when not cumulative).
            EXPECT_LE(e->time.begin, s.time_cursor) << id;
            if (!s.cumulative) { EXPECT_GE(e->time.begin, s.window_begin) << id; }
        }
        if (!s.excerpt_id.empty()) { EXPECT_NE(d.find_excerpt(s.excerpt_id), nullptr); }
    }
    EXPECT_EQ(st.slides.front().highlighted_event_ids.front(), "zhetysu-built-1908");
    EXPECT_NE(std::find(st.slides.back().highlighted_event_ids.begin(), st.slides.back().highlighted_event_ids.end(),
                        "zhetysu-demolition-begins-2026"),
              st.slides.back().highlighted_event_ids.end());
}

// [SECTION] Story interchange

TEST(StoryJson, RoundTripsTheShippedStory) {
    const std::vector<Story>& original = shipped().stories;
    const std::string text = stories_to_json_text(original);
    const std::vector<Story> back = stories_from_json_text(text, "roundtrip.json");
    ASSERT_EQ(back.size(), original.size());
    for (size_t k = 0; k < back.size(); ++k) {
        EXPECT_EQ(back[k].id, original[k].id);
        EXPECT_EQ(back[k].title, original[k].title);
        ASSERT_EQ(back[k].slides.size(), original[k].slides.size());
        for (size_t i = 0; i < back[k].slides.size(); ++i) {
            const Slide& a = original[k].slides[i];
            const Slide& b = back[k].slides[i];
            EXPECT_EQ(b.title, a.title);
            EXPECT_EQ(b.caption, a.caption);
            EXPECT_EQ(b.notes, a.notes);
            EXPECT_EQ(b.camera, a.camera);
            EXPECT_EQ(b.time_cursor, a.time_cursor);
            EXPECT_EQ(b.window_begin, a.window_begin);
            EXPECT_EQ(b.cumulative, a.cumulative);
            EXPECT_EQ(b.highlighted_event_ids, a.highlighted_event_ids);
            EXPECT_EQ(b.visible_layers, a.visible_layers);
            EXPECT_EQ(b.visible_categories, a.visible_categories);
            EXPECT_EQ(b.excerpt_id, a.excerpt_id);
        }
    }
}

TEST(StoryJson, SlideTimesReadAsInstantsOrIntervals) {
    const json j = json::parse(R"({"id": "s", "title": "T", "slides": [
        {"title": "a", "camera": {"center_lat": 43.25, "center_lon": 76.95, "zoom": 14},
         "time_cursor": "2006-04-05T10:30:15", "window_begin": "2006-04-05"},
        {"title": "b", "camera": {"center_lat": 43.25, "center_lon": 76.95, "zoom": 14},
         "time_cursor": "1908", "window_begin": "1908"}]})");
    const Story s = j.get<Story>();
    ASSERT_EQ(s.slides.size(), 2u);
    EXPECT_EQ(s.slides[0].time_cursor, make_time(2006, 4, 5, 10, 30) + 15);
    EXPECT_EQ(s.slides[0].window_begin, make_time(2006, 4, 5));
    EXPECT_EQ(s.slides[1].window_begin, make_time(1908));
    EXPECT_EQ(s.slides[1].time_cursor, make_time(1909) - 60);  // the last minute of 1908
    EXPECT_TRUE(s.slides[1].cumulative);
    EXPECT_EQ(format_slide_time(s.slides[0].time_cursor), "2006-04-05T10:30:15");
    EXPECT_EQ(format_slide_time(s.slides[1].time_cursor), "1908-12-31T23:59");

    // Seconds since 1970 read as they are, and write back as ISO text.
    const json k = json::parse(R"({"id": "s", "title": "T", "slides": [
        {"title": "a", "camera": {"center_lat": 43.25, "center_lon": 76.95, "zoom": 14},
         "time_cursor": 1144233000, "window_begin": 1144195200}]})");
    const Story ks = k.get<Story>();
    EXPECT_EQ(ks.slides[0].time_cursor, make_time(2006, 4, 5, 10, 30));
    EXPECT_EQ(json(ks)["slides"][0]["time_cursor"], "2006-04-05T10:30");
}

TEST(StoryJson, FaultsNameTheField) {
    const auto story_with = [](const std::string& slide) {
        return json::parse(R"({"id": "s", "title": "T", "slides": [)" + slide + "]}");
    };
    try {
        (void)story_with(R"({"title": "a", "camera": {"center_lat": 43.25, "center_lon": 76.95, "zoom": "far"},
                             "time_cursor": "2006", "window_begin": "2006"})")
            .get<Story>();
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.diagnostic().field, "slides[0].camera.zoom");
        EXPECT_NE(e.diagnostic().message.find("expected a number"), std::string::npos);
    }
    try {
        (void)story_with(R"({"title": "a", "camera": {"center_lat": 43.25, "center_lon": 76.95, "zoom": 14},
                             "time_cursor": "2006-02-30", "window_begin": "2006"})")
            .get<Story>();
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.diagnostic().field, "slides[0].time_cursor");
    }
    try {
        // Seconds since 1970 are accepted, but only for the years ISO text can write back.
        (void)story_with(R"({"title": "a", "camera": {"center_lat": 43.25, "center_lon": 76.95, "zoom": 14},
                             "time_cursor": -99999999999999, "window_begin": "2006"})")
            .get<Story>();
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.diagnostic().field, "slides[0].time_cursor");
        EXPECT_NE(e.diagnostic().message.find("years 1 to 9999"), std::string::npos);
    }
    try {
        (void)stories_from_json_text("{\"id\": \"s\",\n \"title\": \"T\"\n \"slides\": []}", "story.json");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.diagnostic().file, "story.json");
        EXPECT_EQ(e.diagnostic().line, 3);
    }
}

// [SECTION] Loader faults

TEST_F(BrokenDataset, SyntaxErrorNamesFileAndLine) {
    const int64_t line = replace(kEventsFile, "\"title\": \"Zhetysu House built\",", "\"title\": \"Zhetysu House built\"");
    const Diagnostics d = load();
    ASSERT_FALSE(d.empty());
    const Diagnostic& first = d.items.front();
    EXPECT_TRUE(ends_with(first.file, "events.json")) << first.str();
    EXPECT_EQ(first.line, line + 1) << first.str();  // the next field is where the comma is missed
    EXPECT_NE(first.message.find("syntax"), std::string::npos) << first.str();
}

TEST_F(BrokenDataset, MissingFieldNamesTheElement) {
    replace(kEventsFile, "\"category\": \"construction\",", "");
    const Diagnostics d = load();
    // The event itself, then the story slide that highlights the event left out.
    ASSERT_EQ(d.size(), 2u) << all(d);
    const Diagnostic& x = d.items.front();
    EXPECT_TRUE(ends_with(x.file, "events.json"));
    EXPECT_EQ(x.field, "events[0] (id \"zhetysu-built-1908\").category");
    EXPECT_EQ(x.message, "missing field");
    EXPECT_EQ(x.line, 3);  // where the element begins
}

TEST_F(BrokenDataset, WrongTypeNamesTheField) {
    replace(kPlacesFile, "\"uncertainty_m\": 80,", "\"uncertainty_m\": \"80\",");
    const Diagnostics d = load();
    ASSERT_FALSE(d.empty());
    const Diagnostic& x = d.items.front();
    EXPECT_TRUE(ends_with(x.file, "places.json"));
    EXPECT_EQ(x.field, "places[0] (id \"zhetysu-house\").uncertainty_m");
    EXPECT_NE(x.message.find("expected a number, found string"), std::string::npos);
    // The place is left out, so the events that use it fail their reference instead of loading half-checked.
    EXPECT_NE(all(d).find("no place with id \"zhetysu-house\""), std::string::npos) << all(d);
}

TEST_F(BrokenDataset, NaNCoordinateIsRefused) {
    replace(kEventsFile, "\"lat\": 43.2606,", "\"lat\": \"NaN\",");
    Diagnostics d = load();
    ASSERT_FALSE(d.empty());
    EXPECT_EQ(d.items.front().field, "events[0] (id \"zhetysu-built-1908\").location.lat");

    fs::copy_file(shipped_dir() / kEventsFile, dir_ / kEventsFile, fs::copy_options::overwrite_existing);
    const int64_t line = replace(kEventsFile, "\"lon\": 76.9547,", "\"lon\": 1e999,");
    d = load();
    ASSERT_FALSE(d.empty());
    EXPECT_TRUE(ends_with(d.items.front().file, "events.json"));
    EXPECT_EQ(d.items.front().line, line);
    EXPECT_NE(d.items.front().message.find("overflow"), std::string::npos) << d.items.front().str();
}

TEST_F(BrokenDataset, CoordinateOutOfRangeIsRefused) {
    replace(kPlacesFile, "\"lat\": 43.2606,", "\"lat\": 143.2615,");
    const Diagnostics d = load();
    ASSERT_FALSE(d.empty());
    EXPECT_EQ(d.items.front().field, "places[0] (id \"zhetysu-house\").lat");
}

TEST_F(BrokenDataset, ImpossibleDateIsRefused) {
    replace(kEventsFile, "\"time\": \"2006-03-10\",", "\"time\": \"2006-02-30\",");
    const Diagnostics d = load();
    ASSERT_FALSE(d.empty());
    const Diagnostic& x = d.items.front();
    EXPECT_NE(x.field.find("(id \"shanyrak-aigerim-18-homes-destroyed-2006-03-10\").time"), std::string::npos) << x.str();
    EXPECT_NE(x.message.find("cannot read time \"2006-02-30\""), std::string::npos) << x.str();
    EXPECT_GT(x.line, 3);
}

TEST_F(BrokenDataset, DanglingReferencesAreFaults) {
    replace(kEventsFile, "\"x-wsws-built-1908\"", "\"x-no-such-excerpt\"");
    Diagnostics d = load();
    ASSERT_FALSE(d.empty());
    EXPECT_NE(d.items.front().message.find("no excerpt with id \"x-no-such-excerpt\""), std::string::npos);
    // The event is dropped, so the story slide that highlights it is reported too.
    EXPECT_NE(all(d).find("stories[0] (id \"trotsky-house-to-shanyrak\").slides[0].highlighted_event_ids"), std::string::npos)
        << all(d);
}

TEST_F(BrokenDataset, SpanThatDoesNotMatchTheTextIsRefused) {
    replace(kExcerptsFile, "\"span_end\": 242,", "\"span_end\": 243,");
    const Diagnostics d = load();
    ASSERT_FALSE(d.empty());
    EXPECT_EQ(d.items.front().field, "excerpts[0] (id \"x-wsws-demolishing\").span_end");
}

TEST_F(BrokenDataset, UnknownFieldAndDuplicateIdAreFaults) {
    replace(kPlacesFile, "\"uncertainty_m\": 80,", "\"uncertainty\": 80,");
    replace(kExcerptsFile, "\"id\": \"x-wsws-luxury-hotel\"", "\"id\": \"x-wsws-demolishing\"");
    const std::string d = all(load());
    EXPECT_NE(d.find("places[0] (id \"zhetysu-house\").uncertainty: unknown field"), std::string::npos) << d;
    EXPECT_NE(d.find("duplicate id \"x-wsws-demolishing\""), std::string::npos) << d;
}

TEST_F(BrokenDataset, MissingFileIsNamed) {
    fs::remove(dir_ / kStoriesFile);
    const Diagnostics d = load();
    ASSERT_EQ(d.size(), 1u) << all(d);
    EXPECT_TRUE(ends_with(d.items.front().file, "stories.json"));
    EXPECT_EQ(d.items.front().message, "file not found");
}

TEST_F(BrokenDataset, ThrowingLoaderReportsTheFirstFault) {
    replace(kEventsFile, "\"category\": \"construction\",", "");
    try {
        (void)load_dataset(dir_);
        FAIL() << "no error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("events.json:3: events[0] (id \"zhetysu-built-1908\").category: missing field"), std::string::npos)
            << what;
    }
}

TEST_F(BrokenDataset, NotUtf8IsRefused) {
    std::string text = read_file(dir_ / kPlacesFile);
    const size_t at = text.find("Шанырак");
    ASSERT_NE(at, std::string::npos);
    text[at] = static_cast<char>(0xFF);
    write_file(dir_ / kPlacesFile, text);
    const Diagnostics d = load();
    ASSERT_FALSE(d.empty());
    EXPECT_TRUE(ends_with(d.items.front().file, "places.json"));
    EXPECT_GT(d.items.front().line, 0);
}
