// The shapefile cache (geo/layer_cache.hpp): what it reads back is exactly what
// load_shapefile makes; a change to any file of the shapefile, a damaged or
// truncated cache file, or a cache folder that cannot be written each mean the
// shapefile is read again, never a wrong layer.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/paths.hpp"
#include "geo/layer_cache.hpp"
#include "geo/shapefile.hpp"
#include "geo/shapefile_fixtures.hpp"

namespace atlas {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

void expect_same(const Layer& a, const Layer& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.path, b.path);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.shape_type, b.shape_type);
    EXPECT_EQ(a.geometry_name, b.geometry_name);
    EXPECT_EQ(a.crs, b.crs);
    EXPECT_EQ(a.codepage, b.codepage);
    EXPECT_EQ(a.georeferenced, b.georeferenced);
    EXPECT_EQ(a.feature_parts, b.feature_parts);
    EXPECT_EQ(a.part_vertices, b.part_vertices);
    EXPECT_EQ(a.lonlat, b.lonlat);  // to the last bit
    EXPECT_EQ(a.record, b.record);
    ASSERT_EQ(a.fields.size(), b.fields.size());
    for (size_t i = 0; i < a.fields.size(); ++i) {
        EXPECT_EQ(a.fields[i].name, b.fields[i].name);
        EXPECT_EQ(a.fields[i].type, b.fields[i].type);
        EXPECT_EQ(a.fields[i].width, b.fields[i].width);
        EXPECT_EQ(a.fields[i].decimals, b.fields[i].decimals);
    }
    EXPECT_EQ(a.attributes, b.attributes);
    EXPECT_EQ(a.bounds.min_lon, b.bounds.min_lon);
    EXPECT_EQ(a.bounds.max_lat, b.bounds.max_lat);
    ASSERT_EQ(a.warnings.size(), b.warnings.size());
    for (size_t i = 0; i < a.warnings.size(); ++i) EXPECT_EQ(a.warnings.items[i].str(), b.warnings.items[i].str());
}

class LayerCache : public ::testing::Test {
protected:
    void SetUp() override {
        // A copy of the embedded water layer (polygons, Cyrillic names), and one
        // with records the reader repairs or skips (its warnings are kept too).
        for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"})
            fs::copy_file(paths::geodata_dir() / (std::string("water") + ext), dir_ / (std::string("water") + ext));
        shp_ = dir_ / "water.shp";
        cache_ = dir_.path() / "cache";
    }
    TempDir dir_;
    fs::path shp_, cache_;
};

TEST_F(LayerCache, ReadsBackExactlyWhatTheShapefileGives) {
    const Layer fresh = load_shapefile(shp_);
    ASSERT_GT(fresh.feature_count(), 10u);
    const Layer first = load_shapefile_cached(shp_, cache_);  // reads and writes the cache
    const fs::path file = layer_cache_file(shp_, cache_);
    ASSERT_TRUE(fs::exists(file));
    const std::optional<Layer> cached = read_layer_cache(file, shp_);
    ASSERT_TRUE(cached.has_value());
    expect_same(fresh, first);
    expect_same(fresh, *cached);
    expect_same(fresh, load_shapefile_cached(shp_, cache_));
    // The whole folder, as the basemap reads it.
    const FolderLayers all = load_shapefiles_in(dir_.path(), cache_);
    ASSERT_EQ(all.layers.size(), 1u);
    expect_same(fresh, all.layers[0]);
}

TEST_F(LayerCache, AnyChangeToTheShapefilesFilesReadsThemAgain) {
    (void)load_shapefile_cached(shp_, cache_);
    const fs::path file = layer_cache_file(shp_, cache_);
    ASSERT_TRUE(read_layer_cache(file, shp_).has_value());
    // A new .prj (another time, same size): not current.
    {
        const std::string prj = [&] {
            std::ifstream in(dir_ / "water.prj");
            return std::string(std::istreambuf_iterator<char>(in), {});
        }();
        fs::remove(dir_ / "water.prj");
        std::ofstream(dir_ / "water.prj") << prj;
    }
    EXPECT_FALSE(read_layer_cache(file, shp_).has_value());
    (void)load_shapefile_cached(shp_, cache_);  // read again, cache written anew
    EXPECT_TRUE(read_layer_cache(file, shp_).has_value());
    // A .cpg that appears changes the code page the .dbf is read in.
    fs::remove(dir_ / "water.cpg");
    EXPECT_FALSE(read_layer_cache(file, shp_).has_value());
    // The .dbf rewritten with other names: the cache gives the new names.
    (void)load_shapefile_cached(shp_, cache_);
    const fs::path dbf = dir_ / "water.dbf";
    DBFHandle h = DBFOpen(dbf.c_str(), "rb+");
    ASSERT_NE(h, nullptr);
    const int name = DBFGetFieldIndex(h, "name");
    ASSERT_GE(name, 0);
    DBFWriteStringAttribute(h, 0, name, "Renamed lake");
    DBFClose(h);
    struct timespec later[2] = {{0, UTIME_NOW}, {2000000000, 0}};
    ::utimensat(AT_FDCWD, dbf.c_str(), later, 0);  // a new time even on a coarse clock
    const Layer again = load_shapefile_cached(shp_, cache_);
    EXPECT_EQ(again.attribute(0, static_cast<size_t>(again.field_index("name"))), "Renamed lake");
    expect_same(load_shapefile(shp_), again);
}

TEST_F(LayerCache, ADamagedCacheFileIsNeverTrusted) {
    const Layer fresh = load_shapefile(shp_);
    (void)load_shapefile_cached(shp_, cache_);
    const fs::path file = layer_cache_file(shp_, cache_);
    const auto bytes = test::read_bytes(file);
    ASSERT_GT(bytes.size(), 1000u);
    const auto write = [&](const std::vector<unsigned char>& b) {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    };
    // One byte changed in the middle (a coordinate), then the file cut short, then empty.
    std::vector<unsigned char> flipped = bytes;
    flipped[flipped.size() / 2] ^= 0x10;
    write(flipped);
    EXPECT_FALSE(read_layer_cache(file, shp_).has_value());
    expect_same(fresh, load_shapefile_cached(shp_, cache_));
    EXPECT_EQ(test::read_bytes(file), bytes) << "rewritten whole";
    write(std::vector<unsigned char>(bytes.begin(), bytes.begin() + static_cast<long>(bytes.size() - 9)));
    EXPECT_FALSE(read_layer_cache(file, shp_).has_value());
    write({});
    EXPECT_FALSE(read_layer_cache(file, shp_).has_value());
    expect_same(fresh, load_shapefile_cached(shp_, cache_));
}

TEST_F(LayerCache, ACacheFolderThatCannotBeWrittenCostsOnlyTime) {
    std::ofstream(dir_ / "not-a-folder") << "x";  // the cache "folder" is a file
    const fs::path cache = dir_ / "not-a-folder";
    expect_same(load_shapefile(shp_), load_shapefile_cached(shp_, cache));
    EXPECT_THROW((void)load_shapefile_cached(dir_ / "none.shp", cache_), Error);  // a missing file is still an error
}

}  // namespace
}  // namespace atlas
