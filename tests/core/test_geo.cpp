#include <gtest/gtest.h>

#include "core/geo.hpp"

using namespace atlas;

TEST(WebMercator, RoundTripsAlmatyCoordinates) {
    const LatLon zhetysu{43.2571, 76.9425};
    const MercatorXY m = WebMercator::forward(zhetysu);
    const LatLon back = WebMercator::inverse(m);
    EXPECT_NEAR(back.lat, zhetysu.lat, 1e-9);
    EXPECT_NEAR(back.lon, zhetysu.lon, 1e-9);
}

TEST(WebMercator, KnownValues) {
    EXPECT_DOUBLE_EQ(WebMercator::forward({0, 0}).x, 0.0);
    EXPECT_NEAR(WebMercator::forward({0, 180}).x, kWorldSize / 2, 1e-6);
    EXPECT_NEAR(WebMercator::forward({kMaxMercatorLat, 0}).y, kWorldSize / 2, 1e-3);
}

TEST(Haversine, OneDegreeOfLatitude) {
    EXPECT_NEAR(haversine_m({43.0, 77.0}, {44.0, 77.0}), 111319.5, 1.0);
}
