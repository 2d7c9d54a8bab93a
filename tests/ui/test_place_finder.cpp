#include <gtest/gtest.h>

#include "ui/place_finder.hpp"

using namespace atlas;

TEST(PlaceFinder, FramesAPlaceByItsRadius) {
    GazetteerPlace street;
    street.at = {43.2591, 76.9332};
    street.radius_m = 2500;
    const BoundsLL b = ui::PlaceFinder::box_of(street);
    EXPECT_NEAR(haversine_m({b.min_lat, street.at.lon}, {b.max_lat, street.at.lon}), 5000.0, 5.0);
    EXPECT_NEAR(haversine_m({street.at.lat, b.min_lon}, {street.at.lat, b.max_lon}), 5000.0, 5.0);
    EXPECT_NEAR((b.min_lat + b.max_lat) / 2, street.at.lat, 1e-9);
    // A crossing of 20 m still shows the block around it.
    GazetteerPlace crossing;
    crossing.at = {43.2606, 76.9547};
    crossing.radius_m = 20;
    const BoundsLL c = ui::PlaceFinder::box_of(crossing);
    EXPECT_NEAR(haversine_m({c.min_lat, crossing.at.lon}, {c.max_lat, crossing.at.lon}), 240.0, 1.0);
}
