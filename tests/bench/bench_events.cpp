// Events at scale: 1,000 against 1,000,000 synthetic events. Load (model build
// and GPU upload), memory, frame time while scrubbing (cursor uniform only) and
// while playing, picking and re-clustering. Runs on a hidden window: under
// Xvfb that is Mesa's software rasteriser, so frame times measure the CPU.
//   xvfb-run -a build/bench/bench_events
#include <benchmark/benchmark.h>

#include <array>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <ctime>
#include <filesystem>

#include "core/paths.hpp"
#include "geo/shapefile.hpp"
#include "model/app_model.hpp"
#include "platform/window.hpp"
#include "render/event_layer.hpp"
#include "render/fonts.hpp"
#include "render/gl.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"

namespace {
using namespace atlas;

constexpr TimePoint k1900 = -2208988800, k2026 = 1767225600;

Dataset synthetic(size_t n, uint32_t seed = 42) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u01(0, 1);
    std::normal_distribution<double> g(0, 1);
    const std::array<std::string_view, 6> cats = {category::demolition, category::eviction, category::protest,
                                                  category::arrest, category::construction, category::decision};
    Dataset d;
    d.events.resize(n);
    for (size_t i = 0; i < n; ++i) {
        Event& e = d.events[i];
        e.id = "e" + std::to_string(i);
        e.category = std::string(cats[i % cats.size()]);
        // Half spread over the city, half around a few neighbourhoods.
        if (i % 2 == 0) {
            e.location.lat = kCityMinLat + u01(rng) * (kCityMaxLat - kCityMinLat);
            e.location.lon = kCityMinLon + u01(rng) * (kCityMaxLon - kCityMinLon);
        } else {
            const double c = static_cast<double>(i % 7);
            e.location.lat = 43.22 + 0.015 * c + 0.004 * g(rng);
            e.location.lon = 76.86 + 0.02 * c + 0.005 * g(rng);
        }
        e.location.precision = i % 20 == 0 ? LocationPrecision::Neighbourhood : LocationPrecision::Building;
        e.location.uncertainty_m = i % 20 == 0 ? 400 : 25;
        e.time.begin = k1900 + static_cast<TimePoint>(u01(rng) * static_cast<double>(k2026 - k1900));
        e.time.end = e.time.begin + (i % 5 == 0 ? 365 * 86400 : 86400);
        e.time.precision = i % 5 == 0 ? TimePrecision::Year : TimePrecision::Day;
    }
    return d;
}

double process_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

long rss_kib() {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

// One GL context and one scene per size, kept across benchmarks.
struct Scene {
    AppModel model;
    std::unique_ptr<EventLayer> layer;
    gl::RenderTarget target;
    double load_ms = 0;
    long rss_before_kib = 0, rss_after_kib = 0;
};

platform::Window& window() {
    static platform::Window w([] {
        platform::WindowOptions o;
        o.visible = false;
        o.persist_layout = false;
        o.width = 320;
        o.height = 240;
        return o;
    }());
    return w;
}

// Scenes are built once per key: a size, or the view-only set below.
Scene& scene_of(const std::string& key, const std::function<Dataset()>& make) {
    window();  // the context outlives the scenes (statics die in reverse order)
    static std::map<std::string, std::unique_ptr<Scene>> scenes;
    auto& s = scenes[key];
    if (!s) {
        s = std::make_unique<Scene>();
        Dataset d = make();
        s->rss_before_kib = rss_kib();
        const auto t0 = std::chrono::steady_clock::now();
        s->model.set_dataset(std::move(d));
        s->layer = std::make_unique<EventLayer>();
        s->layer->upload(s->model);
        glFinish();
        s->load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        s->rss_after_kib = rss_kib();
        s->model.map_view.width_px = 1280;
        s->model.map_view.height_px = 800;
        s->target.resize(1280, 800, 1);
    }
    return *s;
}

Scene& scene(size_t n) {
    return scene_of(std::to_string(n), [n] { return synthetic(n); });
}

// The street-zoom scrub's view: centre and size as BM_ScrubFrame sets them.
MapView street_view(double zoom) {
    MapView v;
    v.width_px = 1280;
    v.height_px = 800;
    v.zoom = zoom;
    v.center = WebMercator::forward({43.25, 76.92});
    return v;
}

// The million events' set cut down to those that can show in the street
// view: a marker inside it or near enough to be fanned into it, or an uncertainty
// disc that reaches it. Drawing it shows the same picture as the million from
// a dataset a thousandth of the size, so a frame that costs the same for both
// costs what is on screen, not what is in the project.
Scene& view_only_scene(double zoom) {
    return scene_of("view" + std::to_string(zoom), [zoom] {
        Dataset all = synthetic(1000000);
        const MapView v = street_view(zoom);
        const MercatorXY lo = v.to_mercator(0, v.height_px), hi = v.to_mercator(v.width_px, 0);
        // As far as the event layer looks for markers (fanned-out ones reach
        // past their point).
        const double marker_reach = 2.0 * AppModel::kMarkerRadiusPx * 10.0 * v.metres_per_pixel();
        Dataset near;
        for (Event& e : all.events) {
            const MercatorXY p = WebMercator::forward({e.location.lat, e.location.lon});
            // Mercator metres per ground metre at the event's latitude.
            const double stretch = 1.0 / std::cos(e.location.lat * 3.14159265358979 / 180.0);
            const double reach = std::max(marker_reach, e.location.uncertainty_m * stretch + marker_reach);
            const double dx = std::max({lo.x - p.x, 0.0, p.x - hi.x}), dy = std::max({lo.y - p.y, 0.0, p.y - hi.y});
            if (dx * dx + dy * dy <= reach * reach) near.events.push_back(std::move(e));
        }
        return near;
    });
}

void draw(Scene& s, const EventLayerStyle& style = {}) {
    s.target.bind();
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    s.layer->draw(s.model, s.model.map_view, style);
    glFinish();
}

void BM_Load(benchmark::State& state) {
    const auto n = static_cast<size_t>(state.range(0));
    window();
    for (auto _ : state) {
        state.PauseTiming();
        Dataset d = synthetic(n, 7);
        AppModel m;
        state.ResumeTiming();
        m.set_dataset(std::move(d));
        EventLayer layer;
        layer.upload(m);
        glFinish();
    }
    Scene& s = scene(n);
    state.counters["model_arrays_MiB"] = static_cast<double>(s.model.memory_bytes()) / (1024.0 * 1024.0);
    state.counters["first_load_ms"] = s.load_ms;
    state.counters["process_rss_MiB"] = static_cast<double>(rss_kib()) / 1024.0;
}

// Scrubbing: the cursor moves each frame; only uniforms change. A third
// argument of 0 draws wide uncertainty discs as whole squares, the way they
// were drawn before their rings became bands, for comparison.
void scrub_frames(benchmark::State& state, Scene& s, double zoom, bool bands) {
    s.model.map_view = street_view(zoom);
    s.model.timeline_begin = k1900;
    s.model.timeline_end = k2026;
    EventLayerStyle style;
    style.rings_as_bands = bands;
    draw(s, style);  // clusters and flags for this zoom
    const auto before = s.layer->stats();
    std::mt19937 rng(1);
    std::uniform_int_distribution<TimePoint> t(k1900, k2026);
    // The CPU column is this thread's time; the rasteriser's threads (Mesa's
    // llvmpipe fills the pixels on threads of its own) show in the process's.
    const double cpu0 = process_cpu_ms();
    double markers = 0, rings = 0;  // per frame, averaged over the random cursors
    for (auto _ : state) {
        s.model.set_cursor(t(rng));
        benchmark::DoNotOptimize(s.model.visible_count());
        draw(s, style);
        markers += static_cast<double>(s.layer->stats().instances_drawn);
        rings += static_cast<double>(s.layer->stats().rings_drawn);
    }
    const auto frames = static_cast<double>(state.iterations());
    state.counters["process_cpu_ms"] = (process_cpu_ms() - cpu0) / frames;
    state.counters["rings"] = rings / frames;
    state.counters["static_uploads"] = static_cast<double>(s.layer->stats().static_uploads - before.static_uploads);
    state.counters["candidate_uploads"] = static_cast<double>(s.layer->stats().candidate_uploads - before.candidate_uploads);
    state.counters["clusters"] = static_cast<double>(s.layer->stats().clusters_drawn);
    state.counters["markers"] = markers / frames;
    state.counters["events"] = static_cast<double>(s.model.events().size());
}

void BM_ScrubFrame(benchmark::State& state) {
    scrub_frames(state, scene(static_cast<size_t>(state.range(0))), static_cast<double>(state.range(1)),
                 state.range(2) != 0);
}

// The same frames from only the events that can show in the view (see
// view_only_scene): the cost of what is on screen, for comparison with the
// million's.
void BM_ScrubFrameViewOnly(benchmark::State& state) {
    const auto zoom = static_cast<double>(state.range(0));
    scrub_frames(state, view_only_scene(zoom), zoom, true);
}

// The embedded OpenStreetMap basemap (geodata/) with its labels, loaded once.
MapRenderer* basemap() {
    static std::unique_ptr<MapRenderer> map = [] {
        window();
        MapRendererOptions mo;
        mo.font_regular = find_ui_font(false);
        mo.font_bold = find_ui_font(true);
        auto m = std::make_unique<MapRenderer>(mo);
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(paths::geodata_dir(), ec))
            if (e.path().extension() == ".shp") m->add_layer(load_shapefile(e.path()));
        return m;
    }();
    return map->layer_count() > 0 ? map.get() : nullptr;
}

// A scrub frame as the map panel draws it, basemap and all: the basemap with
// its labels, then the events, into 1280x800 with 4 samples, resolved, at
// zoom 16 over the centre. range(1) 1: the basemap put back from the copy an
// earlier frame took (the panel's way); 0: drawn whole every frame.
void BM_PanelScrubFrame(benchmark::State& state) {
    Scene& s = scene(static_cast<size_t>(state.range(0)));
    MapRenderer* map = basemap();
    if (!map) return state.SkipWithError("no embedded basemap (geodata/)");
    const bool reuse = state.range(1) != 0;
    s.model.map_view = street_view(16);
    s.model.timeline_begin = k1900;
    s.model.timeline_end = k2026;
    map->set_label_obstacles(s.model.marker_positions());
    SceneRenderer renderer(map);
    BasemapCopy copy;
    gl::RenderTarget target;
    target.resize(1280, 800, 4);
    auto frame = [&] {
        target.bind();
        if (reuse)
            renderer.draw_reusing_basemap(s.model, s.model.map_view, Theme::Light, copy, target.samples());
        else
            renderer.draw(s.model, s.model.map_view, Theme::Light, SceneOverlays{});
        target.resolve();
        glFinish();
    };
    frame();  // labels placed, events uploaded
    frame();
    std::mt19937 rng(1);
    std::uniform_int_distribution<TimePoint> t(k1900, k2026);
    const double cpu0 = process_cpu_ms();
    for (auto _ : state) {
        s.model.set_cursor(t(rng));
        frame();
    }
    state.counters["process_cpu_ms"] = (process_cpu_ms() - cpu0) / static_cast<double>(state.iterations());
    state.counters["basemap_drawn"] = static_cast<double>(copy.drawn);
    state.counters["basemap_reused"] = static_cast<double>(copy.reused);
}

// Playing: update(dt) advances the cursor each frame.
void BM_PlayFrame(benchmark::State& state) {
    Scene& s = scene(static_cast<size_t>(state.range(0)));
    s.model.map_view.zoom = 12;
    s.model.map_view.center = WebMercator::forward({43.25, 76.92});
    s.model.timeline_begin = k1900;
    s.model.timeline_end = k2026;
    s.model.set_speed(365.2425 * 86400);
    s.model.set_loop(true);
    s.model.play();
    for (auto _ : state) {
        s.model.update(1.0 / 60.0);
        draw(s);
    }
    s.model.pause();
}

// Only the model: cursor move plus the "14 of 31" count (no drawing).
void BM_ScrubModelOnly(benchmark::State& state) {
    Scene& s = scene(static_cast<size_t>(state.range(0)));
    std::mt19937 rng(2);
    std::uniform_int_distribution<TimePoint> t(k1900, k2026);
    for (auto _ : state) {
        s.model.set_cursor(t(rng));
        benchmark::DoNotOptimize(s.model.visible_count());
    }
}

void BM_Pick(benchmark::State& state) {
    Scene& s = scene(static_cast<size_t>(state.range(0)));
    s.model.map_view.zoom = 16;
    s.model.map_view.center = WebMercator::forward({43.25, 76.92});
    s.model.set_cursor(k2026);
    (void)s.model.clusters();
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> x(0, 1280), y(0, 800);
    size_t hits = 0;
    for (auto _ : state) {
        auto r = s.model.pick_event(x(rng), y(rng));
        hits += r.has_value();
        benchmark::DoNotOptimize(r);
    }
    state.counters["hit_rate"] = static_cast<double>(hits) / static_cast<double>(state.iterations());
}

// Zooming across an integer level re-clusters (not per frame).
void BM_Recluster(benchmark::State& state) {
    Scene& s = scene(static_cast<size_t>(state.range(0)));
    s.model.map_view.center = WebMercator::forward({43.25, 76.92});
    int z = 0;
    for (auto _ : state) {
        s.model.map_view.zoom = 11 + (z++ % 4);
        benchmark::DoNotOptimize(s.model.clusters().clusters.size());
    }
}

BENCHMARK(BM_Load)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_ScrubFrame)->Args({1000, 12, 1})->Args({1000000, 12, 1})->Args({1000, 17, 1})->Args({1000000, 17, 1})
    ->Args({1000000, 17, 0})
    ->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ScrubFrameViewOnly)->Arg(17)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_PanelScrubFrame)->Args({1000, 0})->Args({1000, 1})->Args({1000000, 0})->Args({1000000, 1})
    ->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_PlayFrame)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ScrubModelOnly)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Pick)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Recluster)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(8);

}  // namespace

BENCHMARK_MAIN();
