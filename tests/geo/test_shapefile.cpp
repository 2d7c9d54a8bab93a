#include <gtest/gtest.h>

#include <cstring>

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/paths.hpp"
#include "geo/shapefile.hpp"
#include "geo/shapefile_fixtures.hpp"

using namespace atlas;
using namespace atlas::test;
namespace fs = std::filesystem;

namespace {

// The warning that contains `text`, or nullptr.
const Diagnostic* find_warning(const Layer& l, const std::string& text) {
    for (const auto& d : l.warnings.items)
        if (d.str().find(text) != std::string::npos) return &d;
    return nullptr;
}

std::string all_warnings(const Layer& l) {
    std::string s;
    for (const auto& d : l.warnings.items) s += d.str() + "\n";
    return s;
}

bool has_geometry(const Layer& l, size_t f) { return l.feature_parts[f + 1] > l.feature_parts[f]; }

LoadOptions keep() {
    LoadOptions o;
    o.unplaced = LoadOptions::Unplaced::KeepSourceCoordinates;
    return o;
}

fs::path corpus_dir() {
    const fs::path shared = paths::shared_dir();
    if (shared.empty()) return {};
    const fs::path d = shared / "testdata" / "shp";
    return fs::is_directory(d) ? d : fs::path();
}

struct Expected {
    std::string path, verdict, geometry;
    std::string features;
};

std::vector<Expected> expected_rows(const fs::path& dir) {
    std::ifstream in(dir / "expected-gdal.tsv");
    std::vector<Expected> rows;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        Expected e;
        std::getline(ls, e.path, '\t');
        std::getline(ls, e.verdict, '\t');
        std::getline(ls, e.geometry, '\t');
        std::getline(ls, e.features, '\t');
        if (!e.path.empty()) rows.push_back(e);
    }
    return rows;
}

}  // namespace

// [SECTION] the public corpus, against GDAL's verdicts

TEST(ShapefileCorpus, AgreesWithGdalOnEveryFileItReads) {
    const fs::path dir = corpus_dir();
    if (dir.empty()) GTEST_SKIP() << "shared shapefile corpus absent";
    const auto rows = expected_rows(dir);
    ASSERT_GT(rows.size(), 50u);
    size_t agreed = 0, gdal_ok = 0;
    for (const auto& e : rows) {
        SCOPED_TRACE(e.path);
        if (e.verdict != "ok") continue;
        ++gdal_ok;
        Layer l;
        ASSERT_NO_THROW(l = load_shapefile(dir / e.path, keep()));
        EXPECT_EQ(std::to_string(l.feature_count()), e.features);
        EXPECT_EQ(l.geometry_name, e.geometry);
        EXPECT_EQ(l.record.size(), l.feature_count());
        if (l.fields.size() > 0) {
            EXPECT_EQ(l.attributes.size(), l.feature_count() * l.fields.size());
        }
        if (std::to_string(l.feature_count()) == e.features && l.geometry_name == e.geometry) ++agreed;
    }
    EXPECT_EQ(agreed, gdal_ok);
}

TEST(ShapefileCorpus, FilesGdalRefusesAreReadWithTheIndexRebuilt) {
    const fs::path dir = corpus_dir();
    if (dir.empty()) GTEST_SKIP() << "shared shapefile corpus absent";
    for (const auto& e : expected_rows(dir)) {
        if (e.verdict == "ok") continue;
        SCOPED_TRACE(e.path);
        Layer l;
        ASSERT_NO_THROW(l = load_shapefile(dir / e.path, keep()));
        EXPECT_GT(l.feature_count(), 0u);
        EXPECT_NE(find_warning(l, "no .shx index: rebuilt"), nullptr) << all_warnings(l);
        for (size_t f = 0; f < l.feature_count(); ++f) EXPECT_TRUE(has_geometry(l, f)) << "feature " << f;
    }
}

// Reading without the .shx (index rebuilt from the .shp) gives the same layer as with it.
TEST(ShapefileCorpus, RebuiltIndexReadsTheSameGeometry) {
    const fs::path dir = corpus_dir();
    if (dir.empty()) GTEST_SKIP() << "shared shapefile corpus absent";
    size_t compared = 0;
    for (const auto& e : expected_rows(dir)) {
        if (e.verdict != "ok") continue;
        SCOPED_TRACE(e.path);
        const Layer with = load_shapefile(dir / e.path, keep());
        if (find_warning(with, ".shx header") || find_warning(with, "header gives the file length")) continue;
        TempDir tmp;
        const fs::path src = dir / e.path;
        fs::copy_file(src, tmp / "copy.shp");
        for (const char* ext : {".dbf", ".prj", ".cpg"}) {
            fs::path side = src;
            side.replace_extension(ext);
            if (fs::exists(side)) fs::copy_file(side, tmp / (std::string("copy") + ext));
        }
        const Layer without = load_shapefile(tmp / "copy.shp", keep());
        EXPECT_EQ(without.feature_count(), with.feature_count());
        EXPECT_EQ(without.feature_parts, with.feature_parts);
        EXPECT_EQ(without.lonlat, with.lonlat);
        EXPECT_EQ(without.attributes, with.attributes);
        ++compared;
    }
    EXPECT_GT(compared, 40u);
}

TEST(ShapefileCorpus, TextInLatin1AndUtf8Decodes) {
    const fs::path dir = corpus_dir();
    if (dir.empty()) GTEST_SKIP() << "shared shapefile corpus absent";
    const Layer latin1 = load_shapefile(dir / "mbostock_shapefile/test/latin1-property.shp");
    ASSERT_EQ(latin1.feature_count(), 1u);
    EXPECT_EQ(latin1.attribute(0, 0), "México");
    const Layer utf8 = load_shapefile(dir / "mbostock_shapefile/test/utf8-property.shp");
    EXPECT_EQ(utf8.codepage, "UTF-8");
    ASSERT_EQ(utf8.feature_count(), 1u);
    // Its one field is named "☃" and holds Greek letters, both as UTF-8.
    ASSERT_EQ(utf8.fields.size(), 1u);
    EXPECT_EQ(utf8.fields[0].name, "\u2603");
    EXPECT_EQ(utf8.attribute(0, 0), "\u03B7\u03B5\u03BB\u03BB\u03BF \u03C2\u03BF\u03C1\u03BB\u03B4");
}

TEST(ShapefileCorpus, NullShapesAreFeaturesWithoutGeometry) {
    const fs::path dir = corpus_dir();
    if (dir.empty()) GTEST_SKIP() << "shared shapefile corpus absent";
    const Layer l = load_shapefile(dir / "mbostock_shapefile/test/null.shp", keep());
    ASSERT_EQ(l.feature_count(), 9u);  // GDAL's count: null shapes are features
    size_t without = 0;
    for (size_t f = 0; f < l.feature_count(); ++f) without += has_geometry(l, f) ? 0 : 1;
    EXPECT_GT(without, 0u);
    EXPECT_LT(without, 9u);
    EXPECT_NE(find_warning(l, std::to_string(without) + " record"), nullptr) << all_warnings(l);
}

TEST(ShapefileCorpus, NullDbfValuesAreEmpty) {
    const fs::path dir = corpus_dir();
    if (dir.empty()) GTEST_SKIP() << "shared shapefile corpus absent";
    const Layer l = load_shapefile(dir / "pyshp/shapefiles/test/NullTest.shp", keep());
    ASSERT_EQ(l.feature_count(), 3u);
    const int my_int = l.field_index("MY_INT");
    ASSERT_GE(my_int, 0);
    EXPECT_EQ(l.attribute(1, static_cast<size_t>(my_int)), "42");
    EXPECT_EQ(l.attribute(2, static_cast<size_t>(my_int)), "");
}

// [SECTION] sound files written here

TEST(Shapefile, ReadsPointsWithAttributesAndBounds) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "pts", SHPT_POINT, almaty_points(3), {"a", "b", "c"});
    const Layer l = load_shapefile(p);
    EXPECT_EQ(l.name, "pts");
    EXPECT_EQ(l.kind, GeometryKind::Point);
    EXPECT_EQ(l.shape_type, "Point");
    ASSERT_EQ(l.feature_count(), 3u);
    EXPECT_EQ(l.vertex_count(), 3u);
    EXPECT_EQ(l.attribute(1, 0), "b");
    EXPECT_EQ(l.record[2], 3);
    EXPECT_DOUBLE_EQ(l.bounds.min_lon, 76.9);
    EXPECT_DOUBLE_EQ(l.bounds.max_lat, 43.22);
    EXPECT_TRUE(l.warnings.empty()) << all_warnings(l);
}

TEST(Shapefile, PolygonWithHoleAndMultipleOuterRings) {
    TempDir tmp;
    Shape s;
    s.part_starts = {0, 5, 10};
    // Outer (clockwise), hole (counter-clockwise), second outer.
    s.x = {0, 0, 1, 1, 0, 0.2, 0.4, 0.4, 0.2, 0.2, 2, 2, 3, 3, 2};
    s.y = {0, 1, 1, 0, 0, 0.2, 0.2, 0.4, 0.4, 0.2, 0, 1, 1, 0, 0};
    const Layer l = load_shapefile(write_shapefile(tmp.path(), "poly", SHPT_POLYGON, {s}));
    EXPECT_EQ(l.kind, GeometryKind::Polygon);
    ASSERT_EQ(l.feature_count(), 1u);
    EXPECT_EQ(l.part_count(), 3u);
    EXPECT_EQ(l.vertex_count(), 15u);
}

TEST(Shapefile, ZAndMAreReadAs2D) {
    TempDir tmp;
    Shape s{{0}, {76.9, 77.0}, {43.2, 43.3}};
    const std::string base = (tmp / "z").string();
    SHPHandle h = SHPCreate(base.c_str(), SHPT_ARCZ);
    double z[2] = {800, 900}, m[2] = {1, 2};
    SHPObject* o = SHPCreateObject(SHPT_ARCZ, -1, 1, s.part_starts.data(), nullptr, 2, s.x.data(), s.y.data(), z, m);
    SHPWriteObject(h, -1, o);
    SHPDestroyObject(o);
    SHPClose(h);
    const Layer l = load_shapefile(tmp / "z.shp");
    EXPECT_EQ(l.shape_type, "PolyLineZ");
    EXPECT_EQ(l.geometry_name, "3D Measured Line String");
    ASSERT_EQ(l.vertex_count(), 2u);
    EXPECT_DOUBLE_EQ(l.lonlat[2], 77.0);
    EXPECT_NE(find_warning(l, "no .dbf"), nullptr);
}

TEST(Shapefile, UtmZone43NIsConvertedToWgs84) {
    TempDir tmp;
    const std::string utm =
        "PROJCS[\"WGS_1984_UTM_Zone_43N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
        "298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],"
        "PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",75.0],"
        "PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    // Republic Square, Almaty; easting/northing from PROJ 9 (cs2cs EPSG:4326 -> EPSG:32643).
    const auto p = write_shapefile(tmp.path(), "utm", SHPT_POINT, {{{}, {657987.359090}, {4789082.922857}}}, {}, utm);
    const Layer l = load_shapefile(p);
    EXPECT_EQ(l.crs, "WGS_1984_UTM_Zone_43N");
    ASSERT_EQ(l.vertex_count(), 1u);
    EXPECT_NEAR(l.lonlat[0], 76.9458, 1e-8);
    EXPECT_NEAR(l.lonlat[1], 43.2380, 1e-8);
}

// [SECTION] damaged files

TEST(ShapefileDamaged, MissingShxIsRebuilt) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "noshx", SHPT_POINT, almaty_points(4), {"a", "b", "c", "d"});
    fs::remove(tmp / "noshx.shx");
    const Layer l = load_shapefile(p);
    EXPECT_EQ(l.feature_count(), 4u);
    EXPECT_EQ(l.attribute(3, 0), "d");
    const Diagnostic* w = find_warning(l, "no .shx");
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->file, p.string());
}

TEST(ShapefileDamaged, MissingDbfGivesFeaturesWithoutAttributes) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "nodbf", SHPT_POINT, almaty_points(2));
    fs::remove(tmp / "nodbf.dbf");
    const Layer l = load_shapefile(p);
    EXPECT_EQ(l.feature_count(), 2u);
    EXPECT_TRUE(l.fields.empty());
    EXPECT_NE(find_warning(l, "no .dbf"), nullptr);
}

TEST(ShapefileDamaged, TruncatedShpWithIndexKeepsTheSoundRecords) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "trunc", SHPT_POINT, almaty_points(5), {"1", "2", "3", "4", "5"});
    auto b = read_bytes(p);
    b.resize(b.size() - 10);  // the last point record loses its y
    write_bytes(p, b);
    const Layer l = load_shapefile(p);
    ASSERT_EQ(l.feature_count(), 5u);
    for (size_t f = 0; f < 4; ++f) EXPECT_TRUE(has_geometry(l, f));
    EXPECT_FALSE(has_geometry(l, 4));
    EXPECT_EQ(l.attribute(4, 0), "5");
    const Diagnostic* w = find_warning(l, "outside the .shp");
    ASSERT_NE(w, nullptr) << all_warnings(l);
    EXPECT_EQ(w->line, 5);
    EXPECT_NE(find_warning(l, "header gives the file length"), nullptr);
}

TEST(ShapefileDamaged, TruncatedShpWithoutIndexStopsAtTheBrokenRecord) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "trunc2", SHPT_POINT, almaty_points(5));
    fs::remove(tmp / "trunc2.shx");
    auto b = read_bytes(p);
    b.resize(b.size() - 10);
    write_bytes(p, b);
    const Layer l = load_shapefile(p);
    EXPECT_EQ(l.feature_count(), 4u);
    const Diagnostic* w = find_warning(l, "past the end of the file");
    ASSERT_NE(w, nullptr) << all_warnings(l);
    EXPECT_EQ(w->line, 5);
}

TEST(ShapefileDamaged, RecordLengthBeyondFileEndInRecordHeader) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "len", SHPT_POINT, almaty_points(3));
    fs::remove(tmp / "len.shx");
    auto b = read_bytes(p);
    put_be32(b, 100 + 28 + 4, 0x7FFFFFFF);  // second record claims 4 GB of content
    write_bytes(p, b);
    const Layer l = load_shapefile(p);
    EXPECT_EQ(l.feature_count(), 1u);
    EXPECT_NE(find_warning(l, "past the end"), nullptr) << all_warnings(l);
}

TEST(ShapefileDamaged, LyingHeaderLengthsAreIgnored) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "lie", SHPT_POINT, almaty_points(3));
    auto b = read_bytes(p);
    put_be32(b, 24, 0x7FFFFFFF);
    write_bytes(p, b);
    auto x = read_bytes(tmp / "lie.shx");
    put_be32(x, 24, 0x10);  // index says it is 32 bytes long
    put_be32(x, 100 + 8, 0x7FFFFFF0);  // second entry points far beyond the .shp
    write_bytes(tmp / "lie.shx", x);
    const Layer l = load_shapefile(p);
    EXPECT_NE(find_warning(l, "header gives the file length"), nullptr) << all_warnings(l);
    // The index header lists no records (32 bytes < 100): like GDAL, we read what it lists.
    EXPECT_NE(find_warning(l, ".shx header gives its length"), nullptr) << all_warnings(l);
}

TEST(ShapefileDamaged, IndexEntryOutsideTheFile) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "ent", SHPT_POINT, almaty_points(3));
    auto x = read_bytes(tmp / "ent.shx");
    put_be32(x, 100 + 8, 0x7FFFFFF0);
    write_bytes(tmp / "ent.shx", x);
    const Layer l = load_shapefile(p);
    ASSERT_EQ(l.feature_count(), 3u);
    EXPECT_TRUE(has_geometry(l, 0));
    EXPECT_FALSE(has_geometry(l, 1));
    EXPECT_TRUE(has_geometry(l, 2));
    const Diagnostic* w = find_warning(l, "outside the .shp");
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->line, 2);
}

namespace {
// Three points whose index gives entry `entry` a length 8 bytes too long, read back.
Layer with_overstated_entry(const TempDir& tmp, const std::string& name, size_t entry) {
    const auto p = write_shapefile(tmp.path(), name, SHPT_POINT, almaty_points(3));
    auto x = read_bytes(tmp / (name + ".shx"));
    const size_t at = 100 + 8 * entry + 4;  // the entry's length, in 16-bit words
    put_be32(x, at, get_be32(x, at) + 4);
    write_bytes(tmp / (name + ".shx"), x);
    return load_shapefile(p);
}
}  // namespace

TEST(ShapefileDamaged, OverstatedIndexLengthTrustsTheRecordHeader) {
    TempDir tmp;
    const Layer l = with_overstated_entry(tmp, "over", 2);  // the last: past the end of the .shp
    ASSERT_EQ(l.feature_count(), 3u);
    for (size_t f = 0; f < 3; ++f) EXPECT_TRUE(has_geometry(l, f)) << f;
    const Diagnostic* w = find_warning(l, "its own header gives 20");
    ASSERT_NE(w, nullptr) << all_warnings(l);
    EXPECT_EQ(w->line, 3);
    EXPECT_EQ(find_warning(l, "outside the .shp"), nullptr) << all_warnings(l);
}

// The same mid-file: the overstated entry reaches into the next record, which
// must still be read (the record's own header gives the true length).
TEST(ShapefileDamaged, OverstatedLengthMidFileKeepsTheNextRecord) {
    TempDir tmp;
    const Layer l = with_overstated_entry(tmp, "mid", 0);  // the first: over the second record's header
    ASSERT_EQ(l.feature_count(), 3u);
    for (size_t f = 0; f < 3; ++f) EXPECT_TRUE(has_geometry(l, f)) << f << ": " << all_warnings(l);
    const Diagnostic* w = find_warning(l, "its own header gives 20");
    ASSERT_NE(w, nullptr) << all_warnings(l);
    EXPECT_EQ(w->line, 1);
    EXPECT_EQ(find_warning(l, "overlap"), nullptr) << all_warnings(l);
}

// Offsets and lengths are signed words: a negative one is reported as written.
TEST(ShapefileDamaged, NegativeIndexOffsetIsReportedAsNegative) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "neg", SHPT_POINT, almaty_points(3));
    auto x = read_bytes(tmp / "neg.shx");
    put_be32(x, 100 + 8, 0xFFFFFFF0);  // -16 words
    write_bytes(tmp / "neg.shx", x);
    const Layer l = load_shapefile(p);
    ASSERT_EQ(l.feature_count(), 3u);
    EXPECT_FALSE(has_geometry(l, 1));
    EXPECT_TRUE(has_geometry(l, 2));
    EXPECT_NE(find_warning(l, "(offset -32, length 20)"), nullptr) << all_warnings(l);
}

TEST(ShapefileDamaged, IndexClaimingAMillionRecordsOfOneIsRebuilt) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "million", SHPT_POINT, almaty_points(1), {"only"});
    // 1,000,000 entries, each pointing at the one 28-byte record.
    std::vector<unsigned char> x = read_bytes(tmp / "million.shx");
    x.resize(100);
    const size_t n = 1000000;
    x.resize(100 + 8 * n);
    for (size_t i = 0; i < n; ++i) {
        put_be32(x, 100 + 8 * i, 50);
        put_be32(x, 100 + 8 * i + 4, 10);
    }
    put_be32(x, 24, static_cast<uint32_t>(x.size() / 2));
    write_bytes(tmp / "million.shx", x);
    const Layer l = load_shapefile(p);
    EXPECT_EQ(l.feature_count(), 1u) << "features follow the .shp, not the index's claims";
    EXPECT_TRUE(has_geometry(l, 0));
    EXPECT_EQ(l.attribute(0, 0), "only");
    EXPECT_NE(find_warning(l, ".shx lists 1000000 records, the .shp (128 bytes) can hold at most 2"), nullptr)
        << all_warnings(l);
}

TEST(ShapefileDamaged, IndexEntriesSharingARecordReadItOnce) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "dup", SHPT_POINT, almaty_points(3), {"a", "b", "c"});
    auto x = read_bytes(tmp / "dup.shx");
    for (size_t k = 0; k < 8; ++k) x[100 + 16 + k] = x[100 + k];  // entry 3 repeats entry 1
    write_bytes(tmp / "dup.shx", x);
    const Layer l = load_shapefile(p);
    ASSERT_EQ(l.feature_count(), 3u);  // as GDAL counts: one feature per entry
    EXPECT_TRUE(has_geometry(l, 0));
    EXPECT_TRUE(has_geometry(l, 1));
    EXPECT_FALSE(has_geometry(l, 2));
    const Diagnostic* w = find_warning(l, "shares bytes with the record of entry 1");
    ASSERT_NE(w, nullptr) << all_warnings(l);
    EXPECT_EQ(w->line, 3);
}

TEST(ShapefileDamaged, HeaderInDegreesOverRecordsInMetresIsNotTakenAsLonLat) {
    TempDir tmp;
    std::vector<Shape> metres = {{{}, {632000.0}, {4790000.0}}, {{}, {633500.0}, {4791200.0}}};
    const auto p = write_shapefile(tmp.path(), "utm", SHPT_POINT, metres, {"a", "b"}, "");
    auto b = read_bytes(p);
    const double degrees[4] = {76.8, 43.1, 77.1, 43.4};  // the header claims Almaty in degrees
    std::memcpy(b.data() + 36, degrees, sizeof degrees);
    write_bytes(p, b);
    try {
        (void)load_shapefile(p);
        ADD_FAILURE() << "metres were taken as degrees";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("the records hold coordinates such as (632000, 4.79e+06) that are not "
                                             "longitude/latitude"),
                  std::string::npos)
            << e.what();
    }
    const Layer l = load_shapefile(p, keep());
    EXPECT_FALSE(l.georeferenced);
    ASSERT_EQ(l.feature_count(), 2u);
    EXPECT_TRUE(has_geometry(l, 0)) << "coordinates kept as in the file, not dropped as unusable";
    EXPECT_TRUE(has_geometry(l, 1));
    // The extent is that of the records, in the file's units (not clamped at (180, 90)).
    ASSERT_TRUE(l.bounds.valid());
    EXPECT_DOUBLE_EQ(l.bounds.min_lon, 632000.0);
    EXPECT_DOUBLE_EQ(l.bounds.min_lat, 4790000.0);
    EXPECT_DOUBLE_EQ(l.bounds.max_lon, 633500.0);
    EXPECT_DOUBLE_EQ(l.bounds.max_lat, 4791200.0);
}

TEST(ShapefileDamaged, NanAndHugeCoordinatesDropTheRecordGeometry) {
    TempDir tmp;
    auto pts = almaty_points(4);
    pts[1].x[0] = std::nan("");
    pts[2].y[0] = 1e300;
    const Layer l = load_shapefile(write_shapefile(tmp.path(), "nan", SHPT_POINT, pts));
    ASSERT_EQ(l.feature_count(), 4u);
    EXPECT_TRUE(has_geometry(l, 0));
    EXPECT_FALSE(has_geometry(l, 1));
    EXPECT_FALSE(has_geometry(l, 2));
    EXPECT_TRUE(has_geometry(l, 3));
    const Diagnostic* w = find_warning(l, "unusable coordinate");
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->line, 2);
    EXPECT_TRUE(std::isfinite(l.bounds.max_lat));
    EXPECT_LT(l.bounds.max_lat, 44.0);
}

TEST(ShapefileDamaged, RingWithTwoPointsIsDropped) {
    TempDir tmp;
    Shape s;
    s.part_starts = {0, 5};
    s.x = {0, 0, 1, 1, 0, 5, 6};
    s.y = {0, 1, 1, 0, 0, 5, 6};
    const Layer l = load_shapefile(write_shapefile(tmp.path(), "ring", SHPT_POLYGON, {s}));
    ASSERT_EQ(l.feature_count(), 1u);
    EXPECT_EQ(l.part_count(), 1u);
    const Diagnostic* w = find_warning(l, "ring 2 has 2 points");
    ASSERT_NE(w, nullptr) << all_warnings(l);
    EXPECT_EQ(w->line, 1);
}

TEST(ShapefileDamaged, LinePartWithOnePointIsDropped) {
    TempDir tmp;
    Shape s{{0, 1}, {0, 0, 1}, {0, 1, 1}};  // part 2 is one point
    s.part_starts = {0, 2};
    const Layer l = load_shapefile(write_shapefile(tmp.path(), "line", SHPT_ARC, {s}));
    EXPECT_EQ(l.part_count(), 1u);
    EXPECT_NE(find_warning(l, "part 2 has 1 point"), nullptr) << all_warnings(l);
}

TEST(ShapefileDamaged, UnclosedRingIsClosed) {
    TempDir tmp;
    Shape s{{0}, {0, 0, 1, 1}, {0, 1, 1, 0}};
    const Layer l = load_shapefile(write_shapefile(tmp.path(), "open", SHPT_POLYGON, {s}));
    ASSERT_EQ(l.vertex_count(), 5u);
    EXPECT_EQ(l.lonlat[8], l.lonlat[0]);
    EXPECT_NE(find_warning(l, "not closed"), nullptr);
}

TEST(ShapefileDamaged, PartIndicesOutOfRange) {
    TempDir tmp;
    Shape s{{0}, {0, 0, 1, 1, 0}, {0, 1, 1, 0, 0}};
    const auto p = write_shapefile(tmp.path(), "parts", SHPT_POLYGON, {s, s});
    auto b = read_bytes(p);
    // Record 1 content starts at 108: type(4) box(32) nparts(4) npoints(4) parts[0] at 152.
    put_le32(b, 152, 1000);
    write_bytes(p, b);
    const Layer l = load_shapefile(p);
    ASSERT_EQ(l.feature_count(), 2u);
    EXPECT_FALSE(has_geometry(l, 0));
    EXPECT_TRUE(has_geometry(l, 1));
    bool named = false;
    for (const auto& d : l.warnings.items) named |= d.line == 1;
    EXPECT_TRUE(named) << all_warnings(l);
}

TEST(ShapefileDamaged, HtmlPrjIsRefusedWithItsNameOrKeptWhenAsked) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "html", SHPT_POINT, almaty_points(1), {},
                                   "<!DOCTYPE html><html><body>404 Not Found</body></html>");
    try {
        (void)load_shapefile(p);
        FAIL() << "an HTML .prj was accepted";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find(p.string()), std::string::npos) << m;
        EXPECT_NE(m.find("HTML"), std::string::npos) << m;
    }
    const Layer l = load_shapefile(p, keep());
    EXPECT_FALSE(l.georeferenced);
    EXPECT_EQ(l.feature_count(), 1u);
}

TEST(ShapefileDamaged, UnsupportedProjectionIsNamed) {
    TempDir tmp;
    const auto p = write_shapefile(
        tmp.path(), "site", SHPT_POINT, {{{}, {1000.0}, {2000.0}}}, {},
        "LOCAL_CS[\"Site grid\",LOCAL_DATUM[\"Site\",32767],UNIT[\"metre\",1],AXIS[\"X\",EAST],AXIS[\"Y\",NORTH]]");
    try {
        (void)load_shapefile(p);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("'Site grid' (engineering)"), std::string::npos) << e.what();
    }
}

TEST(ShapefileDamaged, NoPrjAndProjectedCoordinatesIsRefused) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "noprj", SHPT_POINT, {{{}, {657987.0}, {4789082.0}}}, {}, "");
    try {
        (void)load_shapefile(p);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no .prj"), std::string::npos) << e.what();
    }
    const auto q = write_shapefile(tmp.path(), "noprj_ll", SHPT_POINT, almaty_points(1), {}, "");
    const Layer l = load_shapefile(q);
    EXPECT_TRUE(l.georeferenced);
    EXPECT_NE(find_warning(l, "no .prj"), nullptr);
}

TEST(ShapefileDamaged, NotAShapefileOrMissing) {
    TempDir tmp;
    write_text(tmp / "junk.shp", std::string(300, 'x'));
    EXPECT_THROW((void)load_shapefile(tmp / "junk.shp"), Error);
    write_text(tmp / "short.shp", "abc");
    EXPECT_THROW((void)load_shapefile(tmp / "short.shp"), Error);
    try {
        (void)load_shapefile(tmp / "absent.shp");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("absent.shp"), std::string::npos);
    }
}

TEST(ShapefileDamaged, DbfWithFewerRecordsThanPromised) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "dbfcut", SHPT_POINT, almaty_points(3), {"a", "b", "c"});
    auto d = read_bytes(tmp / "dbfcut.dbf");
    d.resize(d.size() - 41 - 1);  // drop the last record (and the end-of-file mark)
    write_bytes(tmp / "dbfcut.dbf", d);
    const Layer l = load_shapefile(p);
    ASSERT_EQ(l.feature_count(), 3u);
    EXPECT_EQ(l.attribute(0, 0), "a");
    EXPECT_EQ(l.attribute(2, 0), "");
    EXPECT_NE(find_warning(l, "promises 3 records"), nullptr) << all_warnings(l);
}

// [SECTION] text encodings

TEST(ShapefileText, Cp1251ByCpgAndByLanguageDriver) {
    TempDir tmp;
    const std::string almaty_1251 = "\xC0\xEB\xEC\xE0\xF2\xFB";  // "Алматы" in CP1251
    const auto p = write_shapefile(tmp.path(), "cp", SHPT_POINT, almaty_points(1), {almaty_1251});
    write_text(tmp / "cp.cpg", "ANSI 1251\r\n");
    Layer l = load_shapefile(p);
    EXPECT_EQ(l.codepage, "CP1251");
    EXPECT_EQ(l.attribute(0, 0), "Алматы");
    fs::remove(tmp / "cp.cpg");
    auto d = read_bytes(tmp / "cp.dbf");
    d.at(29) = 0xC9;
    write_bytes(tmp / "cp.dbf", d);
    l = load_shapefile(p);
    EXPECT_EQ(l.codepage, "CP1251");
    EXPECT_EQ(l.attribute(0, 0), "Алматы");
}

TEST(ShapefileText, Koi8rByCpgAndCp866ByLanguageDriver) {
    TempDir tmp;
    const std::string koi = "\xE1\xCC\xCD\xC1\xD4\xD9";  // "Алматы" in KOI8-R
    const auto p = write_shapefile(tmp.path(), "koi", SHPT_POINT, almaty_points(1), {koi});
    write_text(tmp / "koi.cpg", "KOI8-R");
    EXPECT_EQ(load_shapefile(p).attribute(0, 0), "Алматы");

    const std::string dos = "\x80\xAB\xAC\xA0\xE2\xEB";  // "Алматы" in CP866
    const auto q = write_shapefile(tmp.path(), "dos", SHPT_POINT, almaty_points(1), {dos});
    auto d = read_bytes(tmp / "dos.dbf");
    d.at(29) = 0x65;
    write_bytes(tmp / "dos.dbf", d);
    const Layer l = load_shapefile(q);
    EXPECT_EQ(l.codepage, "CP866");
    EXPECT_EQ(l.attribute(0, 0), "Алматы");
}

TEST(ShapefileText, InvalidUtf8IsShownAndCounted) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "bad", SHPT_POINT, almaty_points(1), {"ab\xFF" "cd"});
    write_text(tmp / "bad.cpg", "UTF-8");
    const Layer l = load_shapefile(p);
    EXPECT_EQ(l.attribute(0, 0), "ab\xEF\xBF\xBD" "cd");
    EXPECT_NE(find_warning(l, "1 bytes of .dbf text are not valid UTF-8"), nullptr) << all_warnings(l);
}

TEST(ShapefileText, GarbageCpgFallsBackToTheLanguageDriver) {
    TempDir tmp;
    const auto p = write_shapefile(tmp.path(), "g", SHPT_POINT, almaty_points(1), {"\xC0"});
    write_text(tmp / "g.cpg", "<html><body>oops</body></html>");
    auto d = read_bytes(tmp / "g.dbf");
    d.at(29) = 0xC9;
    write_bytes(tmp / "g.dbf", d);
    const Layer l = load_shapefile(p);
    EXPECT_EQ(l.attribute(0, 0), "А");
    EXPECT_NE(find_warning(l, ".cpg does not name a code page"), nullptr) << all_warnings(l);
}

TEST(ShapefileOpen, WhatIsAtThePathIsNamed) {
    TempDir tmp;
    auto message = [](const fs::path& p) {
        try {
            (void)load_shapefile(p);
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("loaded");
    };
    fs::create_directory(tmp / "folder.shp");
    EXPECT_EQ(message(tmp / "folder.shp"), (tmp / "folder.shp").string() + ": cannot open: it is a folder, not a shapefile");
    EXPECT_EQ(message("/dev/zero"), "/dev/zero: cannot open: not a regular file (a device, a pipe or a socket)");
    EXPECT_EQ(message(tmp / "none.shp"), (tmp / "none.shp").string() + ": cannot open: no such file");
    fs::create_symlink("b.shp", tmp / "a.shp");
    fs::create_symlink("a.shp", tmp / "b.shp");
    EXPECT_EQ(message(tmp / "a.shp"), (tmp / "a.shp").string() + ": cannot open: the symbolic links form a loop");
}
