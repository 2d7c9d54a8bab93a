// Frame time of the basemap renderer while panning and zooming at 1920x1080,
// over the synthetic city of geo/synth_city (OSM free-shapefile schema: 500,000
// street lines with 5 million vertices, 200,000 buildings, waterways, landuse,
// water; written once to a temporary folder and read back with the project's
// shapefile reader) and over the embedded Almaty basemap. Frames are bounded by
// glFinish. Without a GPU the numbers are Mesa llvmpipe's, i.e. CPU rendering.
//
//   build/bench/bench_map_render [--benchmark_filter=...]
//   ATLAS_BENCH_SCALE=0.1 shrinks the synthetic city (default 1).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <vector>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "render/fonts.hpp"
#include "core/paths.hpp"
#include "geo/shapefile.hpp"
#include "geo/synth_city.hpp"
#include "platform/headless.hpp"
#include "platform/window.hpp"
#include "render/gl.hpp"
#include "render/map_renderer.hpp"

namespace {
using namespace atlas;

double rss_mib(const char* key) {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::string(key).size())) / 1024.0;
    return 0;
}

struct Scene {
    std::unique_ptr<platform::HeadlessContext> context;
    std::unique_ptr<MapRenderer> synthetic, basemap;
    gl::RenderTarget target;
    double synth_gen_ms = 0, synth_load_ms = 0, synth_build_ms = 0, synth_rss_before = 0, synth_rss_after = 0;
    size_t synth_features = 0, synth_vertices = 0;
    std::string error;
};

double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

Scene& scene() {
    static Scene s = [] {
        Scene sc;
        try {
            sc.context = std::make_unique<platform::HeadlessContext>();
        } catch (const Error& e) {
            sc.error = e.what();
            return sc;
        }
        std::fprintf(stderr, "context: %s\n", sc.context->description().c_str());
        MapRendererOptions mo;
        mo.font_regular = find_ui_font(false);
        mo.font_bold = find_ui_font(true);
        sc.target.resize(1920, 1080, 4);

        SynthCityOptions o;
        if (const char* sc_env = std::getenv("ATLAS_BENCH_SCALE")) o.scale = std::clamp(std::atof(sc_env), 0.001, 4.0);
        const auto dir = std::filesystem::temp_directory_path() / ("atlas_bench_synth_" + std::to_string(o.scale));
        sc.synth_rss_before = rss_mib("VmRSS:");
        double t = now_ms();
        std::error_code ec;
        if (!std::filesystem::exists(dir / "gis_osm_roads_free_1.shp", ec)) write_synth_city(dir, o);
        sc.synth_gen_ms = now_ms() - t;
        sc.synthetic = std::make_unique<MapRenderer>(mo);
        std::vector<std::filesystem::path> files;
        for (const auto& e : std::filesystem::directory_iterator(dir, ec))
            if (e.path().extension() == ".shp") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            t = now_ms();
            Layer l = load_shapefile(f);
            sc.synth_load_ms += now_ms() - t;
            sc.synth_features += l.feature_count();
            sc.synth_vertices += l.vertex_count();
            sc.synthetic->add_layer(std::move(l));
            sc.synth_build_ms += sc.synthetic->stats().build_ms;
        }
        sc.synth_rss_after = rss_mib("VmRSS:");
        std::fprintf(stderr,
                     "synthetic city: %zu features, %zu vertices; written in %.0f ms (0: cached); read in %.0f ms; "
                     "GPU geometry built in %.0f ms (uploaded when first drawn: %.0f ms so far); %zu vertices, %.0f MiB uploaded; "
                     "RSS %.0f -> %.0f MiB (peak %.0f)\n",
                     sc.synth_features, sc.synth_vertices, sc.synth_gen_ms, sc.synth_load_ms, sc.synth_build_ms,
                     sc.synthetic->stats().total_upload_ms, sc.synthetic->stats().vertices,
                     static_cast<double>(sc.synthetic->stats().gpu_bytes) / (1 << 20), sc.synth_rss_before,
                     sc.synth_rss_after, rss_mib("VmHWM:"));
        sc.basemap = std::make_unique<MapRenderer>(mo);
        t = now_ms();
        for (const auto& e : std::filesystem::directory_iterator(paths::geodata_dir(), ec))
            if (e.path().extension() == ".shp") sc.basemap->add_layer(load_shapefile(e.path()));
        std::fprintf(stderr, "embedded basemap: %zu layers loaded and uploaded in %.0f ms, %zu GPU vertices\n",
                     sc.basemap->layer_count(), now_ms() - t, sc.basemap->stats().vertices);
        if (sc.basemap->layer_count() == 0) sc.basemap.reset();
        return sc;
    }();
    return s;
}

MapView hd_view(double lat, double lon, double zoom) {
    MapView v;
    v.width_px = 1920;
    v.height_px = 1080;
    v.set_camera({lat, lon, zoom});
    return v;
}

void frame(Scene& s, MapRenderer& map, const MapView& v, const MapTheme& t) {
    s.target.bind();
    map.draw(v, t);
    s.target.resolve();
    glFinish();
}

// Pans 15 pixels a frame back and forth over the city centre at a zoom level
// (range 0), into a 1920x1080 target with range(1) samples.
void BM_Pan(benchmark::State& state, bool synthetic) {
    Scene& s = scene();
    if (!s.error.empty()) return state.SkipWithError(s.error.c_str());
    MapRenderer* map = synthetic ? s.synthetic.get() : s.basemap.get();
    if (!map) return state.SkipWithError("no embedded basemap (geodata/ or the shapefile reader missing)");
    MapView v = hd_view(43.2389, 76.8897, static_cast<double>(state.range(0)));
    map->fit_all(v);
    v.zoom = static_cast<double>(state.range(0));
    const MapTheme& t = theme(Theme::Light);
    s.target.resize(1920, 1080, static_cast<int>(state.range(1)));
    frame(s, *map, v, t);
    int k = 0;
    for (auto _ : state) {
        const double dir = (k++ / 40) % 2 ? -1 : 1;
        v.pan_pixels(15 * dir, 7 * dir);
        frame(s, *map, v, t);
    }
    s.target.resize(1920, 1080, 4);
    state.counters["draw_calls"] = static_cast<double>(map->stats().draw_calls);
    state.counters["triangles"] = static_cast<double>(map->stats().triangles_drawn);
    state.counters["rss_MiB"] = rss_mib("VmRSS:");
}

// Zooms in and out about the centre, a tenth of a level a frame (labels re-placed each frame).
void BM_Zoom(benchmark::State& state, bool synthetic) {
    Scene& s = scene();
    if (!s.error.empty()) return state.SkipWithError(s.error.c_str());
    MapRenderer* map = synthetic ? s.synthetic.get() : s.basemap.get();
    if (!map) return state.SkipWithError("no embedded basemap (geodata/ or the shapefile reader missing)");
    MapView v = hd_view(43.2389, 76.8897, 12);
    map->fit_all(v);
    v.zoom = 12;
    const MapTheme& t = theme(Theme::Light);
    double dz = 0.1;
    for (auto _ : state) {
        if (v.zoom > 17 || v.zoom < 11) dz = -dz;
        v.zoom_about(dz, 960, 540);
        frame(s, *map, v, t);
    }
}

void BM_Synthetic_Pan(benchmark::State& st) { BM_Pan(st, true); }
void BM_Synthetic_Zoom(benchmark::State& st) { BM_Zoom(st, true); }
void BM_Basemap_Pan(benchmark::State& st) { BM_Pan(st, false); }
void BM_Basemap_Zoom(benchmark::State& st) { BM_Zoom(st, false); }

void BM_Synthetic_PlaceLabels(benchmark::State& state) {
    Scene& s = scene();
    if (!s.error.empty()) return state.SkipWithError(s.error.c_str());
    MapView v = hd_view(43.2389, 76.8897, static_cast<double>(state.range(0)));
    s.synthetic->fit_all(v);
    v.zoom = static_cast<double>(state.range(0));
    PlacedLabels placed;
    for (auto _ : state) s.synthetic->place_labels(v, theme(Theme::Light), placed);
    state.counters["labels"] = static_cast<double>(placed.placed);
}

BENCHMARK(BM_Synthetic_Pan)->Args({11, 4})->Args({14, 4})->Args({16, 4})->Args({14, 1})->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Synthetic_Zoom)->Unit(benchmark::kMillisecond)->MinTime(3.0);
BENCHMARK(BM_Synthetic_PlaceLabels)->Arg(14)->Arg(16)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_Basemap_Pan)->Args({12, 4})->Args({15, 4})->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Basemap_Zoom)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
