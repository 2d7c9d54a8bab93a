#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "geo/crs.hpp"

using namespace atlas;

namespace {
// Reference values: PROJ 9.1 `cs2cs +proj=longlat +datum=WGS84 +to EPSG:32643` (and 32734, 3857).
struct Ref { double lon, lat, e, n; };
constexpr Ref kUtm43[] = {
    {76.9458, 43.2380, 657987.359090, 4789082.922857},  // Republic Square, Almaty
    {72.0, 40.0, 243900.352030, 4432069.056899},         // western zone edge
    {78.5, 49.9, 751328.146079, 5533387.528074},         // beyond the eastern edge, far north
    {75.0, 0.0, 500000.0, 0.0},                          // the origin
};
const char* kUtm43Esri =
    "PROJCS[\"WGS_1984_UTM_Zone_43N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
    "298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],"
    "PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",75.0],"
    "PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
}  // namespace

TEST(Crs, Utm43MatchesProjToAMillimetre) {
    const Crs utm = parse_prj("EPSG:32643");
    EXPECT_EQ(utm.kind, Crs::Kind::Projected);
    for (const auto& r : kUtm43) {
        const auto xy = utm.from_wgs84({r.lat, r.lon});
        ASSERT_TRUE(xy);
        EXPECT_NEAR(xy->x, r.e, 1e-3) << r.lon << "," << r.lat;
        EXPECT_NEAR(xy->y, r.n, 1e-3) << r.lon << "," << r.lat;
        const auto back = utm.to_wgs84(r.e, r.n);
        ASSERT_TRUE(back);
        // 1e-8 degrees is about a millimetre.
        EXPECT_NEAR(back->lat, r.lat, 1e-8);
        EXPECT_NEAR(back->lon, r.lon, 1e-8);
    }
}

TEST(Crs, InverseMatchesProjForGridPoints) {
    // cs2cs EPSG:32643 -> longlat: (350000.5, 5500000.25) -> 72.9226539309E 49.6339059988N.
    const auto p = parse_prj(kUtm43Esri).to_wgs84(350000.5, 5500000.25);
    ASSERT_TRUE(p);
    EXPECT_NEAR(p->lon, 72.9226539309, 1e-9);
    EXPECT_NEAR(p->lat, 49.6339059988, 1e-9);
}

TEST(Crs, SouthernZone) {
    // Cape Town in UTM 34S (EPSG:32734), from cs2cs.
    const auto p = parse_prj("EPSG:32734").to_wgs84(261881.598524, 6243182.354518);
    ASSERT_TRUE(p);
    EXPECT_NEAR(p->lon, 18.4241, 1e-8);
    EXPECT_NEAR(p->lat, -33.9249, 1e-8);
}

TEST(Crs, RoundTripAcrossTheZone) {
    const Crs utm = parse_prj(kUtm43Esri);
    for (double lat = -80; lat <= 84; lat += 7.3)
        for (double lon = 69; lon <= 81; lon += 1.1) {
            const auto xy = utm.from_wgs84({lat, lon});
            ASSERT_TRUE(xy);
            const auto back = utm.to_wgs84(xy->x, xy->y);
            ASSERT_TRUE(back);
            EXPECT_NEAR(back->lat, lat, 1e-9);
            EXPECT_NEAR(back->lon, lon, 1e-9);
        }
}

TEST(ParsePrj, Wgs84GeographicIsIdentity) {
    const Crs c = parse_prj(
        "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137,298.257223563]],"
        "PRIMEM[\"Greenwich\",0],UNIT[\"Degree\",0.017453292519943295]]");
    EXPECT_EQ(c.kind, Crs::Kind::Geographic);
    EXPECT_TRUE(c.is_identity());
    EXPECT_TRUE(c.note.empty());
    const auto p = c.to_wgs84(76.9, 43.2);
    ASSERT_TRUE(p);
    EXPECT_DOUBLE_EQ(p->lon, 76.9);
    EXPECT_FALSE(c.to_wgs84(200, 0));
    EXPECT_FALSE(c.to_wgs84(std::nan(""), 0));
}

TEST(ParsePrj, Nad83GoesThroughPROJ) {
    const Crs c = parse_prj(
        "GEOGCS[\"GCS_North_American_1983\",DATUM[\"D_North_American_1983\",SPHEROID[\"GRS_1980\",6378137.0,"
        "298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]");
    EXPECT_EQ(c.kind, Crs::Kind::Geographic);
    EXPECT_FALSE(c.is_identity());
    EXPECT_TRUE(c.note.empty()) << c.note;  // EPSG's "NAD83 to WGS 84 (1)" is a known shift
    const auto p = c.to_wgs84(-100.0, 40.0);
    ASSERT_TRUE(p);
    EXPECT_NEAR(p->lon, -100.0, 1e-6);
    EXPECT_NEAR(p->lat, 40.0, 1e-6);
}

TEST(ParsePrj, Utm43EsriGdalAndWkt2) {
    const char* gdal =
        "PROJCS[\"WGS 84 / UTM zone 43N\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
        "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\","
        "0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],"
        "PARAMETER[\"central_meridian\",75],PARAMETER[\"scale_factor\",0.9996],PARAMETER[\"false_easting\",500000],"
        "PARAMETER[\"false_northing\",0],UNIT[\"metre\",1],AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH],"
        "AUTHORITY[\"EPSG\",\"32643\"]]";
    const char* wkt2 =
        "PROJCRS[\"WGS 84 / UTM zone 43N\",BASEGEOGCRS[\"WGS 84\",ENSEMBLE[\"World Geodetic System 1984 ensemble\","
        "MEMBER[\"World Geodetic System 1984 (G1762)\"],MEMBER[\"World Geodetic System 1984 (G2139)\"],ELLIPSOID[\"WGS 84\",6378137,298.257223563,LENGTHUNIT[\"metre\",1]],"
        "ENSEMBLEACCURACY[2.0]],PRIMEM[\"Greenwich\",0,ANGLEUNIT[\"degree\",0.0174532925199433]],ID[\"EPSG\",4326]],"
        "CONVERSION[\"UTM zone 43N\",METHOD[\"Transverse Mercator\",ID[\"EPSG\",9807]],PARAMETER[\"Latitude of natural "
        "origin\",0,ANGLEUNIT[\"degree\",0.0174532925199433]],PARAMETER[\"Longitude of natural origin\",75,ANGLEUNIT["
        "\"degree\",0.0174532925199433]],PARAMETER[\"Scale factor at natural origin\",0.9996,SCALEUNIT[\"unity\",1]],"
        "PARAMETER[\"False easting\",500000,LENGTHUNIT[\"metre\",1]],PARAMETER[\"False northing\",0,LENGTHUNIT[\"metre\","
        "1]]],CS[Cartesian,2],AXIS[\"(E)\",east,ORDER[1],LENGTHUNIT[\"metre\",1]],AXIS[\"(N)\",north,ORDER[2],"
        "LENGTHUNIT[\"metre\",1]],ID[\"EPSG\",32643]]";
    for (const char* w : {kUtm43Esri, gdal, wkt2}) {
        SCOPED_TRACE(w);
        const Crs c = parse_prj(w);
        ASSERT_EQ(c.kind, Crs::Kind::Projected);
        const auto p = c.to_wgs84(657987.359090, 4789082.922857);
        ASSERT_TRUE(p);
        EXPECT_NEAR(p->lon, 76.9458, 1e-8);
        EXPECT_NEAR(p->lat, 43.2380, 1e-8);
    }
}

TEST(ParsePrj, UtmByNameOnly) {
    const Crs c = parse_prj(
        "PROJCS[\"WGS_1984_UTM_Zone_34S\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
        "298.257223563]]],UNIT[\"Meter\",1.0]]");
    const auto p = c.to_wgs84(261881.598524, 6243182.354518);
    ASSERT_TRUE(p);
    EXPECT_NEAR(p->lat, -33.9249, 1e-8);
}

TEST(ParsePrj, WebMercator) {
    const Crs c = parse_prj(
        "PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID["
        "\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],"
        "PROJECTION[\"Mercator_Auxiliary_Sphere\"],PARAMETER[\"False_Easting\",0.0],PARAMETER[\"False_Northing\",0.0],"
        "PARAMETER[\"Central_Meridian\",0.0],PARAMETER[\"Standard_Parallel_1\",0.0],PARAMETER[\"Auxiliary_Sphere_Type\","
        "0.0],UNIT[\"Meter\",1.0]]");
    EXPECT_EQ(c.kind, Crs::Kind::Projected);
    // cs2cs EPSG:3857 of 76.9458E 43.2380N.
    const auto p = c.to_wgs84(8565567.274681, 5348268.321990);
    ASSERT_TRUE(p);
    EXPECT_NEAR(p->lon, 76.9458, 1e-8);
    EXPECT_NEAR(p->lat, 43.2380, 1e-8);
}

// Pulkovo 1942 / Gauss-Kruger zone 13 as ESRI writes it, and as EPSG:28413. Reference:
// PROJ 9.1 `cs2cs EPSG:28413 EPSG:4326` of (13500000, 4790000), through EPSG's
// "Pulkovo 1942 to WGS 84 (20)" Helmert shift: 74.9994022065E 43.2450731573N.
TEST(ParsePrj, PulkovoGaussKrugerWithTheDatumShift) {
    const char* esri =
        "PROJCS[\"Pulkovo_1942_GK_Zone_13\",GEOGCS[\"GCS_Pulkovo_1942\",DATUM[\"D_Pulkovo_1942\",SPHEROID["
        "\"Krasovsky_1940\",6378245.0,298.3]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],"
        "PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",13500000.0],PARAMETER[\"False_Northing\",0.0],"
        "PARAMETER[\"Central_Meridian\",75.0],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],"
        "UNIT[\"Meter\",1.0]]";
    for (const char* def : {esri, "EPSG:28413"}) {
        SCOPED_TRACE(def);
        const Crs c = parse_prj(def);
        EXPECT_EQ(c.kind, Crs::Kind::Projected);
        EXPECT_NE(c.name.find("Pulkovo"), std::string::npos) << c.name;
        EXPECT_TRUE(c.note.empty()) << c.note;
        const auto p = c.to_wgs84(13500000.0, 4790000.0);
        ASSERT_TRUE(p);
        EXPECT_NEAR(p->lon, 74.9994022065, 1e-8);
        EXPECT_NEAR(p->lat, 43.2450731573, 1e-8);
        // Without the shift the point would sit on the central meridian (75E) exactly:
        // the datum shift moves it about 50 m west.
        EXPECT_GT(std::fabs(p->lon - 75.0) * 111e3 * std::cos(43.245 * 3.14159265 / 180), 30.0);
        const auto back = c.from_wgs84(*p);
        ASSERT_TRUE(back);
        EXPECT_NEAR(back->x, 13500000.0, 1e-3);
        EXPECT_NEAR(back->y, 4790000.0, 1e-3);
    }
}

TEST(ParsePrj, AnyProjectionPROJKnows) {
    // Albers on WGS 84, as ESRI writes it: no longer refused. Round trip through PROJ.
    const Crs c = parse_prj(
        "PROJCS[\"Asia_North_Albers_Equal_Area_Conic\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID["
        "\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],"
        "PROJECTION[\"Albers\"],PARAMETER[\"False_Easting\",0.0],PARAMETER[\"False_Northing\",0.0],"
        "PARAMETER[\"Central_Meridian\",95.0],PARAMETER[\"Standard_Parallel_1\",15.0],"
        "PARAMETER[\"Standard_Parallel_2\",65.0],PARAMETER[\"Latitude_Of_Origin\",30.0],UNIT[\"Meter\",1.0]]");
    const auto xy = c.from_wgs84({43.2380, 76.9458});
    ASSERT_TRUE(xy);
    EXPECT_LT(xy->x, 0.0);  // west of the central meridian
    const auto p = c.to_wgs84(xy->x, xy->y);
    ASSERT_TRUE(p);
    EXPECT_NEAR(p->lon, 76.9458, 1e-9);
    EXPECT_NEAR(p->lat, 43.2380, 1e-9);
}

TEST(ParsePrj, RefusesNonsenseAndSystemsWithoutAWayToWgs84) {
    try {
        (void)parse_prj("this is not a projection");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("not a coordinate system PROJ understands ('this is not a projection')"),
                  std::string::npos) << e.what();
    }
    try {
        (void)parse_prj("PROJCS[\"Nowhere\",GEOGCS[\"banana\"],PROJECTION[\"Spinning_Top\"]]");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("PROJCS[\"Nowhere\""), std::string::npos) << e.what();
    }
    try {
        (void)parse_prj("LOCAL_CS[\"Site grid\",LOCAL_DATUM[\"Site\",32767],UNIT[\"metre\",1],"
                        "AXIS[\"X\",EAST],AXIS[\"Y\",NORTH]]");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("'Site grid' (engineering)"), std::string::npos) << e.what();
    }
}

TEST(ParsePrj, HtmlAndGarbageAreClearErrors) {
    try {
        (void)parse_prj("<html><head><title>404</title></head></html>");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("HTML"), std::string::npos);
    }
    EXPECT_THROW((void)parse_prj(""), Error);
    EXPECT_THROW((void)parse_prj("GEOGCS[\"x\""), Error);
    EXPECT_THROW((void)parse_prj("\x01\x02\x03"), Error);
    EXPECT_THROW((void)parse_prj(std::string(100, '[')), Error);
    std::string deep;
    for (int i = 0; i < 100; ++i) deep += "A[";
    EXPECT_THROW((void)parse_prj(deep), Error);
}

TEST(Crs, TheCommonWgs84SpellingsAreKnownWithoutProjAndAsProjKnowsThem) {
    const std::string esri =
        "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
        "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
    const std::string gdal =
        "GEOGCS[\"WGS 84\",\n  DATUM[\"WGS_1984\",\n    SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],"
        "AUTHORITY[\"EPSG\",\"6326\"]],\n  PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
        "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]\n";
    for (const std::string& text : {esri, gdal, "\xEF\xBB\xBF" + esri + "\r\n"}) {
        const Crs fast = parse_prj(text), proj = parse_prj_with_proj(text);
        EXPECT_TRUE(fast.is_identity());
        EXPECT_EQ(fast.name, proj.name);
        EXPECT_EQ(fast.kind, proj.kind);
        EXPECT_EQ(fast.note, proj.note);
        // Every position comes out as PROJ gives it, to the last bit.
        for (const auto& [lon, lat] : std::vector<std::pair<double, double>>{
                 {76.9458, 43.2380}, {76.93321, 43.25913}, {-179.999999, -89.5}, {0.0, 0.0}, {179.25, 60.123456789}}) {
            const auto a = fast.to_wgs84(lon, lat), b = proj.to_wgs84(lon, lat);
            ASSERT_TRUE(a && b);
            EXPECT_EQ(a->lat, b->lat);
            EXPECT_EQ(a->lon, b->lon);
        }
    }
    // Another ellipsoid under the same names is not WGS 84: PROJ reads it (and
    // finds no way to WGS 84 for a datum it only knows by that name).
    std::string other = esri;
    other.replace(other.find("6378137.0"), 9, "6378245.0");
    try {
        EXPECT_FALSE(parse_prj(other).is_identity());
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("WGS 84"), std::string::npos) << e.what();
    }
}
