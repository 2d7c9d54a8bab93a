#pragma once
// A shapefile as read (geometry in WGS 84, attributes in UTF-8, warnings),
// kept in the user's cache folder so that the next start reads one file
// instead of parsing the .shp, .dbf and .prj again (the embedded basemap's
// roads: about 13 ms of every start-up). The cache file is named after the
// shapefile's path and holds the identity of every file that makes it up
// (size, modification time, inode of .shp, .shx, .dbf, .prj, .cpg): any change
// there, or a file that does not read back whole, means the shapefile is
// read again and the cache written anew. What is read back is exactly what
// load_shapefile made.
#include <filesystem>
#include <optional>

#include "geo/layer.hpp"

namespace atlas {

// The shapefile at `shp` from the cache in `cache_dir` when it is current,
// else read with load_shapefile (throwing as it does) and the cache written;
// a cache that cannot be written costs only time.
[[nodiscard]] Layer load_shapefile_cached(const std::filesystem::path& shp, const std::filesystem::path& cache_dir);

// The parts, for tests: the cache file for `shp`, and reading one back
// (nullopt when it is missing, damaged, of another version or not current).
[[nodiscard]] std::filesystem::path layer_cache_file(const std::filesystem::path& shp, const std::filesystem::path& cache_dir);
[[nodiscard]] std::optional<Layer> read_layer_cache(const std::filesystem::path& file, const std::filesystem::path& shp);

}  // namespace atlas
