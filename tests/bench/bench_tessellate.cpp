// Polygon fills: tessellate_layer on the real polygon layers (the OpenStreetMap
// extract of Almaty beside the checkout, when present, and the shipped basemap's
// polygon layers). Counters: triangles and vertices of the mesh.
//
// Environment: ATLAS_OSM_DIR (default ../shared/osm-almaty beside the source tree).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/paths.hpp"
#include "geo/shapefile.hpp"
#include "geo/tessellate.hpp"

namespace fs = std::filesystem;
using namespace atlas;

namespace {

std::vector<fs::path> polygon_files() {
    std::vector<fs::path> out;
    const char* env = std::getenv("ATLAS_OSM_DIR");
    const fs::path osm = env && *env ? fs::path(env) : paths::source_dir().parent_path() / "shared" / "osm-almaty";
    for (const char* name : {"water.shp", "districts.shp", "city_boundary.shp"})
        if (fs::exists(osm / name)) out.push_back(osm / name);
    for (const fs::path& p : shapefiles_in(paths::geodata_dir())) out.push_back(p);
    return out;
}

void BM_TessellateLayer(benchmark::State& state, fs::path shp) {
    const Layer layer = load_shapefile(shp);
    if (layer.kind != GeometryKind::Polygon) {
        state.SkipWithError("not a polygon layer");
        return;
    }
    const MercatorXY origin = WebMercator::forward({layer.bounds.min_lat, layer.bounds.min_lon});
    size_t triangles = 0, vertices = 0;
    for (auto _ : state) {
        const Mesh2D m = tessellate_layer(layer, origin);
        triangles = m.triangle_count();
        vertices = m.vertex_count();
        benchmark::DoNotOptimize(m.indices.data());
    }
    state.counters["triangles"] = static_cast<double>(triangles);
    state.counters["vertices"] = static_cast<double>(vertices);
    state.counters["input_vertices"] = static_cast<double>(layer.lonlat.size() / 2);
}

const bool registered = [] {
    for (const fs::path& p : polygon_files()) {
        Layer head;
        try {
            head = load_shapefile(p);
        } catch (const std::exception&) {
            continue;
        }
        if (head.kind != GeometryKind::Polygon) continue;
        benchmark::RegisterBenchmark(("Tessellate/" + p.parent_path().filename().string() + "/" + p.stem().string()).c_str(),
                                     BM_TessellateLayer, p)
            ->Unit(benchmark::kMillisecond);
    }
    return true;
}();

}  // namespace

BENCHMARK_MAIN();
