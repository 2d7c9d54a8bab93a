#pragma once
// A synthetic city in OpenStreetMap's free-shapefile schema, written with Shapelib,
// for benchmarks and tests: streets, buildings, waterways, landuse and water around
// Almaty's coordinates. Deterministic for a given seed and scale (its own RNG and
// arithmetic, no std:: distributions, so every platform writes the same bytes).
//
// At scale 1: gis_osm_roads_free_1 with 500,000 lines and exactly 5,000,000 vertices,
// gis_osm_buildings_a_free_1 with 200,000 polygons, gis_osm_waterways_free_1 (2,000),
// gis_osm_landuse_a_free_1 (5,000) and gis_osm_water_a_free_1 (500); each count
// scales linearly (at least 1). Files get a WGS 84 .prj and a UTF-8 .cpg.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace atlas {

struct SynthCityOptions {
    double scale = 1.0;
    uint64_t seed = 20060714;  // the day of the Shanyrak clashes, for want of a better number
};

struct SynthCityReport {
    struct File { std::string name; size_t features = 0, vertices = 0; };
    std::vector<File> files;  // in the order written
};

// Writes the layers into `dir` (created if needed). Throws atlas::Error on I/O failure.
SynthCityReport write_synth_city(const std::filesystem::path& dir, const SynthCityOptions& options = {});

}  // namespace atlas
