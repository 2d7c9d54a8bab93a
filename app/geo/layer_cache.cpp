#include "geo/layer_cache.hpp"

#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/binary_cache.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "geo/shapefile.hpp"

namespace atlas {

namespace fs = std::filesystem;

namespace {

// Raise when load_shapefile changes what it makes of a file, or this format
// changes: older cache files then read as not current.
constexpr int64_t kLayerCacheVersion = 1;
constexpr CacheMagic kMagic = {'A', 'T', 'L', 'L', 'A', 'Y', 'E', 'R'};
constexpr uint64_t kLimit = uint64_t{1} << 31;  // elements of any one array

// What identifies the files of a shapefile as they are now: for each part,
// whether it is there, its size, modification time and inode.
std::vector<int64_t> identity_of(const fs::path& shp) {
    std::vector<int64_t> id{kLayerCacheVersion};
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
        fs::path part = shp;
        part.replace_extension(ext);
        struct stat st {};
        if (::stat(part.c_str(), &st) != 0) {
            id.insert(id.end(), {0, 0, 0, 0, 0, 0});
            continue;
        }
        id.insert(id.end(), {1, static_cast<int64_t>(st.st_size), static_cast<int64_t>(st.st_mtim.tv_sec),
                             static_cast<int64_t>(st.st_mtim.tv_nsec), static_cast<int64_t>(st.st_ino),
                             static_cast<int64_t>(st.st_dev)});
    }
    return id;
}

void put_str(CacheWriter& w, const std::string& s) {
    w.pod(static_cast<uint64_t>(s.size()));
    w.out.append(s);
}

bool get_str(CacheReader& r, std::string& s) {
    const unsigned char* at = nullptr;
    uint64_t n = 0;
    if (!r.array<char>(at, n, kLimit)) return false;
    s.assign(reinterpret_cast<const char*>(at), n);
    return true;
}

// Many short strings (the attributes): their lengths, then their bytes in one run.
void put_strings(CacheWriter& w, const std::vector<std::string>& v) {
    std::vector<uint32_t> lengths(v.size());
    std::string bytes;
    for (size_t i = 0; i < v.size(); ++i) {
        lengths[i] = static_cast<uint32_t>(v[i].size());
        bytes += v[i];
    }
    w.vec(lengths);
    put_str(w, bytes);
}

bool get_strings(CacheReader& r, std::vector<std::string>& v) {
    std::vector<uint32_t> lengths;
    const unsigned char* at = nullptr;
    uint64_t n = 0;
    if (!r.vec(lengths, kLimit) || !r.array<char>(at, n, kLimit)) return false;
    v.resize(lengths.size());
    uint64_t used = 0;
    for (size_t i = 0; i < lengths.size(); ++i) {
        if (lengths[i] > n - used) return false;
        v[i].assign(reinterpret_cast<const char*>(at + used), lengths[i]);
        used += lengths[i];
    }
    return used == n;
}

uint64_t checksum(std::string_view file_so_far) {
    ContentHash h;
    h.bytes(file_so_far.data() + sizeof(CacheMagic), file_so_far.size() - sizeof(CacheMagic));
    return h.h;
}

std::string encode(const Layer& L, const std::vector<int64_t>& identity) {
    CacheWriter w;
    w.magic(kMagic);
    w.vec(identity);
    put_str(w, L.name);
    put_str(w, L.shape_type);
    put_str(w, L.geometry_name);
    put_str(w, L.crs);
    put_str(w, L.codepage);
    w.pod(static_cast<uint8_t>(L.kind));
    w.pod(static_cast<uint8_t>(L.georeferenced));
    w.vec(L.feature_parts);
    w.vec(L.part_vertices);
    w.vec(L.lonlat);
    w.vec(L.record);
    w.pod(static_cast<uint64_t>(L.fields.size()));
    for (const FieldInfo& f : L.fields) {
        put_str(w, f.name);
        w.pod(f.type);
        w.pod(static_cast<int32_t>(f.width));
        w.pod(static_cast<int32_t>(f.decimals));
    }
    put_strings(w, L.attributes);
    w.pod(L.bounds);
    w.pod(static_cast<uint64_t>(L.warnings.items.size()));
    for (const Diagnostic& d : L.warnings.items) {
        put_str(w, d.file);
        w.pod(d.line);
        put_str(w, d.field);
        put_str(w, d.message);
    }
    // A checksum of all between the magics: a file damaged in place reads as not current.
    w.pod(checksum(w.out));
    w.magic(kMagic);
    return std::move(w.out);
}

}  // namespace

fs::path layer_cache_file(const fs::path& shp, const fs::path& cache_dir) {
    std::error_code ec;
    const fs::path full = fs::absolute(shp, ec);
    ContentHash h;
    h.str((ec ? shp : full).lexically_normal().string());
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.layer", static_cast<unsigned long long>(h.h));
    return cache_dir / name;
}

std::optional<Layer> read_layer_cache(const fs::path& file, const fs::path& shp) {
    MappedFile mapped;
    try {
        mapped = MappedFile(file);
    } catch (const Error&) {
        return std::nullopt;
    }
    constexpr size_t kFrame = 2 * sizeof(CacheMagic) + sizeof(uint64_t);
    if (mapped.size() < kFrame) return std::nullopt;
    uint64_t stored = 0;
    std::memcpy(&stored, mapped.data() + mapped.size() - sizeof(CacheMagic) - sizeof stored, sizeof stored);
    if (stored != checksum(mapped.text().substr(0, mapped.size() - sizeof(CacheMagic) - sizeof stored))) return std::nullopt;
    CacheReader r(mapped);
    Layer L;
    std::vector<int64_t> identity;
    uint8_t kind = 0, georeferenced = 0;
    uint64_t n_fields = 0, n_warnings = 0;
    if (!r.magic(kMagic) || !r.vec(identity, 64) || identity != identity_of(shp)) return std::nullopt;
    if (!get_str(r, L.name) || !get_str(r, L.shape_type) || !get_str(r, L.geometry_name) || !get_str(r, L.crs) ||
        !get_str(r, L.codepage) || !r.pod(kind) || kind > static_cast<uint8_t>(GeometryKind::Polygon) ||
        !r.pod(georeferenced) || !r.vec(L.feature_parts, kLimit) || !r.vec(L.part_vertices, kLimit) ||
        !r.vec(L.lonlat, kLimit) || !r.vec(L.record, kLimit) || !r.pod(n_fields) || n_fields > 65536)
        return std::nullopt;
    L.kind = static_cast<GeometryKind>(kind);
    L.georeferenced = georeferenced != 0;
    L.fields.resize(n_fields);
    for (FieldInfo& f : L.fields) {
        int32_t width = 0, decimals = 0;
        if (!get_str(r, f.name) || !r.pod(f.type) || !r.pod(width) || !r.pod(decimals)) return std::nullopt;
        f.width = width;
        f.decimals = decimals;
    }
    if (!get_strings(r, L.attributes) || !r.pod(L.bounds) || !r.pod(n_warnings) || n_warnings > kLimit) return std::nullopt;
    for (uint64_t i = 0; i < n_warnings; ++i) {
        Diagnostic d;
        if (!get_str(r, d.file) || !r.pod(d.line) || !get_str(r, d.field) || !get_str(r, d.message)) return std::nullopt;
        L.warnings.add(std::move(d));
    }
    uint64_t sum = 0;
    if (!r.pod(sum) || !r.magic(kMagic) || !r.at_end()) return std::nullopt;
    // The same shapes as a fresh read gives: offsets that index what is there.
    if (L.feature_parts.empty() || L.part_vertices.empty() || L.feature_parts.back() != L.part_count() ||
        L.part_vertices.back() != L.vertex_count() || L.lonlat.size() % 2 != 0 ||
        L.attributes.size() != L.feature_count() * L.fields.size())
        return std::nullopt;
    L.path = shp;
    return L;
}

Layer load_shapefile_cached(const fs::path& shp, const fs::path& cache_dir) {
    if (cache_dir.empty()) return load_shapefile(shp);
    const fs::path file = layer_cache_file(shp, cache_dir);
    if (std::optional<Layer> cached = read_layer_cache(file, shp)) return std::move(*cached);
    // The identity before the read: a file changed while it is read is read again next time.
    const std::vector<int64_t> identity = identity_of(shp);
    Layer L = load_shapefile(shp);
    std::error_code ec;
    fs::create_directories(cache_dir, ec);
    try {
        write_atomically(file, encode(L, identity));
    } catch (const Error&) {
        // A read-only or full cache folder: the next start reads the shapefile again.
    }
    return L;
}

}  // namespace atlas
