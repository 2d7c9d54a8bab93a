// Shapefile loading: atlas::load_shapefile against the floor (raw Shapelib calls
// reading every object and attribute) and GDAL/OGR (`ogr2ogr -f Memory`, when
// installed), on the embedded basemap (geodata/*.shp) and a synthetic city.
//
// Counters: features, vertices, file_MB (.shp + .dbf), peak_MB (peak resident memory
// of one load, measured in a forked child, minus an idle child's) and, for our
// loader, layer_MB (heap held by the loaded Layer).
//
// Environment: ATLAS_SYNTH_CITY_DIR (default $XDG_CACHE_HOME/almaty-atlas/synth-city;
// written there on first run, about 250 MB), ATLAS_BASEMAP_DIR (default geodata/),
// ATLAS_BENCH_SCALE (synthetic city scale, default 1).
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <malloc.h>
#include <shapefil.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/paths.hpp"
#include "geo/shapefile.hpp"
#include "geo/synth_city.hpp"

namespace fs = std::filesystem;
using namespace atlas;

namespace {

// [SECTION] loaders under test

size_t load_atlas(const fs::path& shp) {
    const Layer l = load_shapefile(shp);
    benchmark::DoNotOptimize(l.lonlat.data());
    return l.feature_count();
}

// The floor: what any Shapelib-based loader must at least do.
size_t load_raw_shapelib(const fs::path& shp) {
    std::string base = shp.string();
    base.resize(base.size() - 4);
    SHPHandle h = SHPOpen(base.c_str(), "rb");
    DBFHandle d = DBFOpen(base.c_str(), "rb");
    if (!h) return 0;
    int n = 0;
    SHPGetInfo(h, &n, nullptr, nullptr, nullptr);
    const int nf = d ? DBFGetFieldCount(d) : 0;
    std::vector<double> xy;
    std::vector<std::string> attrs;
    attrs.reserve(static_cast<size_t>(n) * static_cast<size_t>(nf));
    for (int i = 0; i < n; ++i) {
        SHPObject* o = SHPReadObject(h, i);
        if (o) {
            for (int k = 0; k < o->nVertices; ++k) {
                xy.push_back(o->padfX[k]);
                xy.push_back(o->padfY[k]);
            }
            SHPDestroyObject(o);
        }
        for (int j = 0; d && j < nf && i < DBFGetRecordCount(d); ++j) attrs.emplace_back(DBFReadStringAttribute(d, i, j));
    }
    benchmark::DoNotOptimize(xy.data());
    benchmark::DoNotOptimize(attrs.data());
    if (d) DBFClose(d);
    SHPClose(h);
    return static_cast<size_t>(n);
}

// [SECTION] measuring

std::string find_program(const char* name) {
    const char* path = std::getenv("PATH");
    std::string p = path ? path : "/usr/bin:/bin";
    size_t start = 0;
    while (start <= p.size()) {
        const size_t end = std::min(p.find(':', start), p.size());
        const fs::path candidate = fs::path(p.substr(start, end - start)) / name;
        if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
        start = end + 1;
    }
    return {};
}

// Peak resident memory (MB) of a forked child that runs `fn` (or execs `argv`);
// `cpu_s`, when given, receives the child's user + system CPU seconds.
double child_peak_mb(const std::function<void()>& fn, const std::vector<std::string>& argv = {},
                     double* cpu_s = nullptr) {
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        if (!argv.empty()) {
            const int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 1);
            dup2(devnull, 2);
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            execv(args[0], args.data());
            _exit(127);
        }
        try {
            if (fn) fn();
        } catch (...) {
            _exit(1);
        }
        _exit(0);
    }
    int status = 0;
    rusage ru{};
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) return -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    if (cpu_s)
        *cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
    return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

// A forked child starts with the parent's resident pages: measure an idle child just
// before, after giving freed heap back to the system.
double load_peak_mb(const std::function<void()>& once) {
    malloc_trim(0);
    const double idle = child_peak_mb([] {});
    return child_peak_mb(once) - idle;
}

double file_mb(const fs::path& shp) {
    double total = 0;
    for (const char* ext : {".shp", ".dbf"}) {
        fs::path p = shp;
        p.replace_extension(ext);
        std::error_code ec;
        const auto s = fs::file_size(p, ec);
        if (!ec) total += static_cast<double>(s);
    }
    return total / (1024.0 * 1024.0);
}

double heap_mb() {
    const auto mi = mallinfo2();
    return static_cast<double>(mi.uordblks + mi.hblkhd) / (1024.0 * 1024.0);
}

void common_counters(benchmark::State& st, const fs::path& shp, const std::function<void()>& once) {
    st.counters["file_MB"] = file_mb(shp);
    st.counters["peak_MB"] = load_peak_mb(once);
}

void bm_atlas(benchmark::State& st, const fs::path& shp) {
    size_t n = 0;
    for (auto _ : st) n = load_atlas(shp);
    const double before = heap_mb();
    const Layer l = load_shapefile(shp);
    st.counters["layer_MB"] = heap_mb() - before;
    st.counters["features"] = static_cast<double>(n);
    st.counters["vertices"] = static_cast<double>(l.vertex_count());
    common_counters(st, shp, [&] { (void)load_atlas(shp); });
}

void bm_raw(benchmark::State& st, const fs::path& shp) {
    size_t n = 0;
    for (auto _ : st) n = load_raw_shapelib(shp);
    st.counters["features"] = static_cast<double>(n);
    common_counters(st, shp, [&] { (void)load_raw_shapelib(shp); });
}

void bm_gdal(benchmark::State& st, const fs::path& shp, const std::string& ogr2ogr) {
    const std::vector<std::string> argv = {ogr2ogr, "-f", "Memory", "mem", shp.string()};
    double cpu_total = 0;
    for (auto _ : st) {
        double cpu = 0;
        const auto t0 = std::chrono::steady_clock::now();
        const double peak = child_peak_mb({}, argv, &cpu);
        const auto t1 = std::chrono::steady_clock::now();
        if (peak < 0) st.SkipWithError("ogr2ogr failed");
        st.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
        cpu_total += cpu;
    }
    // The child's CPU time (the CPU column shows only this process's, which waits).
    st.counters["child_cpu_ms"] = 1000.0 * cpu_total / static_cast<double>(std::max<int64_t>(1, st.iterations()));
    st.counters["file_MB"] = file_mb(shp);
    st.counters["peak_MB"] = child_peak_mb({}, argv);  // a whole process: includes GDAL's own start-up
}

// [SECTION] data sets

fs::path synth_city_dir() {
    if (const char* v = std::getenv("ATLAS_SYNTH_CITY_DIR"); v && *v) return v;
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    const fs::path cache = xdg && *xdg ? fs::path(xdg) : fs::path(home ? home : "/tmp") / ".cache";
    return cache / "almaty-atlas" / "synth-city";
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    const std::string ogr2ogr = find_program("ogr2ogr");

    std::vector<std::pair<std::string, fs::path>> files;
    const char* bm = std::getenv("ATLAS_BASEMAP_DIR");
    for (const auto& p : shapefiles_in(bm && *bm ? fs::path(bm) : paths::geodata_dir()))
        files.emplace_back("basemap/" + p.stem().string(), p);
    if (files.empty()) std::fprintf(stderr, "embedded basemap (geodata/*.shp) absent: skipped\n");

    const fs::path city = synth_city_dir();
    if (!fs::exists(city / "gis_osm_roads_free_1.shp")) {
        SynthCityOptions o;
        if (const char* s = std::getenv("ATLAS_BENCH_SCALE"); s && *s) o.scale = std::strtod(s, nullptr);
        std::fprintf(stderr, "writing the synthetic city (scale %g) to %s ...\n", o.scale, city.c_str());
        try {
            (void)write_synth_city(city, o);
        } catch (const Error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            return 1;
        }
    }
    for (const char* name : {"gis_osm_roads_free_1", "gis_osm_buildings_a_free_1", "gis_osm_waterways_free_1"})
        files.emplace_back(std::string("synth/") + name, city / (std::string(name) + ".shp"));

    for (const auto& [label, path] : files) {
        const bool big = file_mb(path) > 20;
        benchmark::RegisterBenchmark(("atlas_load/" + label).c_str(), [p = path](benchmark::State& st) { bm_atlas(st, p); })
            ->Unit(benchmark::kMillisecond)->Iterations(big ? 3 : 50);
        benchmark::RegisterBenchmark(("raw_shapelib/" + label).c_str(), [p = path](benchmark::State& st) { bm_raw(st, p); })
            ->Unit(benchmark::kMillisecond)->Iterations(big ? 3 : 50);
        if (!ogr2ogr.empty())
            benchmark::RegisterBenchmark(("gdal_ogr2ogr_memory/" + label).c_str(),
                                         [p = path, ogr2ogr](benchmark::State& st) { bm_gdal(st, p, ogr2ogr); })
                ->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(big ? 2 : 5);
    }
    if (ogr2ogr.empty()) std::fprintf(stderr, "GDAL (ogr2ogr) not installed: its comparison is skipped\n");
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
