// libFuzzer target for the shapefile loader (.shp with optional .shx, .dbf, .prj, .cpg).
//
// Input layout (tests/fuzz/pack_shapefile_seed.py writes it from real files):
//   byte 0: flags — bit 0 .shx present, bit 1 .dbf, bit 2 .prj, bit 3 .cpg,
//           bit 4 keep unplaced coordinates instead of refusing them
//   then the .shp and each present sidecar in that order, each as a little-endian
//   uint32 length followed by that many bytes (the length is clamped to what is left;
//   the last file takes the rest).
// Every outcome is fine except a crash, a sanitizer report, a leak or a hang.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "geo/shapefile.hpp"

namespace {

const std::filesystem::path& work_dir() {
    static const std::filesystem::path dir = [] {
        std::string tmpl = (std::filesystem::temp_directory_path() / "fuzz-shapefile-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) std::abort();
        return std::filesystem::path(tmpl);
    }();
    return dir;
}

void put(const std::filesystem::path& p, const uint8_t* data, size_t n) {
    FILE* f = std::fopen(p.c_str(), "wb");
    if (!f) std::abort();
    if (n > 0 && std::fwrite(data, 1, n, f) != n) std::abort();
    std::fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const uint8_t flags = data[0];
    size_t pos = 1;
    const char* exts[] = {".shp", ".shx", ".dbf", ".prj", ".cpg"};
    bool present[5] = {true, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0};
    int last = 0;
    for (int i = 0; i < 5; ++i)
        if (present[i]) last = i;
    const std::filesystem::path base = work_dir() / "f";
    for (int i = 0; i < 5; ++i) {
        std::filesystem::path p = base;
        p.replace_extension(exts[i]);
        if (!present[i]) {
            std::remove(p.c_str());
            continue;
        }
        size_t n = size - pos;
        if (i != last && size - pos >= 4) {
            const size_t want = data[pos] | (data[pos + 1] << 8) | (data[pos + 2] << 16) |
                                (static_cast<size_t>(data[pos + 3]) << 24);
            pos += 4;
            n = want < size - pos ? want : size - pos;
        } else if (i != last) {
            n = 0;
            pos = size;
        }
        put(p, data + pos, n);
        pos += n;
    }
    atlas::LoadOptions options;
    if (flags & 16) options.unplaced = atlas::LoadOptions::Unplaced::KeepSourceCoordinates;
    try {
        const atlas::Layer layer = atlas::load_shapefile(base.string() + ".shp", options);
        // Touch what a renderer would touch: the index arrays must be consistent.
        if (layer.feature_parts.back() + 1 != layer.part_vertices.size()) std::abort();
        if (layer.part_vertices.back() != layer.vertex_count()) std::abort();
        for (size_t f = 0; f < layer.feature_count(); ++f)
            if (layer.feature_parts[f] > layer.feature_parts[f + 1]) std::abort();
        if (!layer.fields.empty() && layer.attributes.size() != layer.feature_count() * layer.fields.size()) std::abort();
    } catch (const atlas::Error&) {
        // A clean refusal.
    }
    return 0;
}
