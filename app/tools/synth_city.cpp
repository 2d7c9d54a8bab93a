// Writes a synthetic city in OpenStreetMap's free-shapefile schema (see geo/synth_city.hpp).
//   synth_city OUT_DIR [--scale 0.01] [--seed N]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "geo/synth_city.hpp"

int main(int argc, char** argv) {
    atlas::SynthCityOptions options;
    const char* out = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
            options.scale = std::strtod(argv[++i], nullptr);
        } else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            options.seed = std::strtoull(argv[++i], nullptr, 10);
        } else if (argv[i][0] != '-' && !out) {
            out = argv[i];
        } else {
            out = nullptr;
            break;
        }
    }
    if (!out || !(options.scale > 0) || options.scale > 100) {
        std::fprintf(stderr, "usage: synth_city OUT_DIR [--scale S (0 < S <= 100, default 1)] [--seed N]\n");
        return 2;
    }
    try {
        const auto report = atlas::write_synth_city(out, options);
        for (const auto& f : report.files)
            std::printf("%s.shp: %zu features, %zu vertices\n", f.name.c_str(), f.features, f.vertices);
    } catch (const atlas::Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
