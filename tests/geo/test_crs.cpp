#include <gtest/gtest.h>

#include <cmath>

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

TEST(TransverseMercator, Utm43MatchesProjToAMillimetre) {
    const auto tm = TransverseMercator::utm(43, true);
    for (const auto& r : kUtm43) {
        const auto xy = tm.forward({r.lat, r.lon});
        EXPECT_NEAR(xy.x, r.e, 1e-3) << r.lon << "," << r.lat;
        EXPECT_NEAR(xy.y, r.n, 1e-3) << r.lon << "," << r.lat;
        const LatLon back = tm.inverse(r.e, r.n);
        // 1e-8 degrees is about a millimetre.
        EXPECT_NEAR(back.lat, r.lat, 1e-8);
        EXPECT_NEAR(back.lon, r.lon, 1e-8);
    }
}

TEST(TransverseMercator, InverseMatchesProjForGridPoints) {
    // cs2cs EPSG:32643 -> longlat: (350000.5, 5500000.25) -> 72.9226539309E 49.6339059988N.
    const LatLon p = TransverseMercator::utm(43, true).inverse(350000.5, 5500000.25);
    EXPECT_NEAR(p.lon, 72.9226539309, 1e-9);
    EXPECT_NEAR(p.lat, 49.6339059988, 1e-9);
}

TEST(TransverseMercator, SouthernZone) {
    // Cape Town in UTM 34S (EPSG:32734), from cs2cs.
    const auto tm = TransverseMercator::utm(34, false);
    const LatLon p = tm.inverse(261881.598524, 6243182.354518);
    EXPECT_NEAR(p.lon, 18.4241, 1e-8);
    EXPECT_NEAR(p.lat, -33.9249, 1e-8);
}

TEST(TransverseMercator, RoundTripAcrossTheZone) {
    const auto tm = TransverseMercator::utm(43, true);
    for (double lat = -80; lat <= 84; lat += 7.3)
        for (double lon = 69; lon <= 81; lon += 1.1) {
            const auto xy = tm.forward({lat, lon});
            const LatLon back = tm.inverse(xy.x, xy.y);
            EXPECT_NEAR(back.lat, lat, 1e-9);
            EXPECT_NEAR(back.lon, lon, 1e-9);
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

TEST(ParsePrj, Nad83IsUsedWithANote) {
    const Crs c = parse_prj(
        "GEOGCS[\"GCS_North_American_1983\",DATUM[\"D_North_American_1983\",SPHEROID[\"GRS_1980\",6378137.0,"
        "298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]");
    EXPECT_EQ(c.kind, Crs::Kind::Geographic);
    EXPECT_NE(c.note.find("D_North_American_1983"), std::string::npos);
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
        "MEMBER[\"World Geodetic System 1984 (G2139)\"],ELLIPSOID[\"WGS 84\",6378137,298.257223563,LENGTHUNIT[\"metre\",1]],"
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
        ASSERT_EQ(c.kind, Crs::Kind::TransverseMercator);
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
    EXPECT_EQ(c.kind, Crs::Kind::WebMercator);
    // cs2cs EPSG:3857 of 76.9458E 43.2380N.
    const auto p = c.to_wgs84(8565567.274681, 5348268.321990);
    ASSERT_TRUE(p);
    EXPECT_NEAR(p->lon, 76.9458, 1e-8);
    EXPECT_NEAR(p->lat, 43.2380, 1e-8);
}

TEST(ParsePrj, RefusesWithTheProjectionName) {
    try {
        (void)parse_prj("PROJCS[\"Pulkovo_1942_GK_Zone_13\",GEOGCS[\"GCS_Pulkovo_1942\",DATUM[\"D_Pulkovo_1942\","
                        "SPHEROID[\"Krasovsky_1940\",6378245.0,298.3]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\","
                        "0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"Central_Meridian\",75.0],"
                        "PARAMETER[\"Scale_Factor\",1.0],UNIT[\"Meter\",1.0]]");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("Pulkovo_1942_GK_Zone_13"), std::string::npos) << e.what();
    }
    try {
        (void)parse_prj("PROJCS[\"Asia_North_Albers\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID["
                        "\"WGS_1984\",6378137.0,298.257223563]]],PROJECTION[\"Albers\"],UNIT[\"Meter\",1.0]]");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("'Albers'"), std::string::npos) << e.what();
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
