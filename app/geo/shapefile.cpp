// Shapefile loading. Index: [SECTION] virtual files for Shapelib, [SECTION] header and
// index checks, [SECTION] DBF checks, [SECTION] sidecars, [SECTION] geometry, [SECTION] load.
//
// Shapelib trusts parts of the files it reads (the .shx entries, the header's file
// length), so every byte it sees goes through the hooks below: the .shp with its
// header's length field corrected, and a .shx we rebuilt or checked entry by entry
// against the .shp. Records whose entries are unsound are never handed to it.
#include "geo/shapefile.hpp"

#include "geo/layer_cache.hpp"

#include <fcntl.h>
#include <shapefil.h>
#include <unistd.h>

#include <algorithm>
#include <limits>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

#include "geo/codepage.hpp"
#include "geo/crs.hpp"

namespace atlas {

namespace fs = std::filesystem;

namespace {

// [SECTION] virtual files for Shapelib

struct Source {
    fs::path disk;                                  // read from disk when mem is null
    const std::vector<unsigned char>* mem = nullptr;
    std::optional<std::array<unsigned char, 100>> header;  // replaces the first 100 bytes
};

struct VFile {
    int fd = -1;
    const std::vector<unsigned char>* mem = nullptr;
    std::optional<std::array<unsigned char, 100>> header;
    uint64_t size = 0, pos = 0;
    std::vector<unsigned char> window;  // read-ahead of disk files
    uint64_t window_start = 0;
};

thread_local const std::unordered_map<std::string, Source>* t_sources = nullptr;
thread_local std::string t_error;

SAFile v_open(const char* name, const char* access) {
    if (!t_sources || !name || !access || std::strchr(access, 'w') || std::strchr(access, '+')) return nullptr;
    const auto it = t_sources->find(name);
    if (it == t_sources->end()) return nullptr;
    auto f = std::make_unique<VFile>();
    f->header = it->second.header;
    if (it->second.mem) {
        f->mem = it->second.mem;
        f->size = f->mem->size();
    } else {
        f->fd = ::open(it->second.disk.c_str(), O_RDONLY | O_CLOEXEC);
        if (f->fd < 0) return nullptr;
        const off_t end = ::lseek(f->fd, 0, SEEK_END);
        if (end < 0) { ::close(f->fd); return nullptr; }
        f->size = static_cast<uint64_t>(end);
    }
    return reinterpret_cast<SAFile>(f.release());
}

// Copies up to n bytes at `at` into p; returns the count copied.
size_t v_pread(VFile& f, unsigned char* p, size_t n, uint64_t at) {
    if (at >= f.size) return 0;
    n = static_cast<size_t>(std::min<uint64_t>(n, f.size - at));
    if (f.mem) {
        std::memcpy(p, f.mem->data() + at, n);
        return n;
    }
    constexpr size_t kWindow = 1 << 18;
    if (n >= kWindow) {
        size_t done = 0;
        while (done < n) {
            const ssize_t r = ::pread(f.fd, p + done, n - done, static_cast<off_t>(at + done));
            if (r <= 0) break;
            done += static_cast<size_t>(r);
        }
        return done;
    }
    if (at < f.window_start || at + n > f.window_start + f.window.size()) {
        f.window.resize(kWindow);
        size_t got = 0;
        while (got < kWindow) {
            const ssize_t r = ::pread(f.fd, f.window.data() + got, kWindow - got, static_cast<off_t>(at + got));
            if (r <= 0) break;
            got += static_cast<size_t>(r);
        }
        f.window.resize(got);
        f.window_start = at;
        if (got < n) n = got;
    }
    std::memcpy(p, f.window.data() + (at - f.window_start), n);
    return n;
}

SAOffset v_read(void* p, SAOffset size, SAOffset nmemb, SAFile file) {
    auto& f = *reinterpret_cast<VFile*>(file);
    if (size == 0 || nmemb == 0) return 0;
    if (nmemb > (uint64_t{1} << 40) / size) return 0;
    const size_t want = static_cast<size_t>(size * nmemb);
    auto* out = static_cast<unsigned char*>(p);
    const size_t got = v_pread(f, out, want, f.pos);
    if (f.header && f.pos < 100) {
        const size_t k = std::min<size_t>(got, static_cast<size_t>(100 - f.pos));
        std::memcpy(out, f.header->data() + f.pos, k);
    }
    f.pos += got;
    return got / size;
}

SAOffset v_write(void*, SAOffset, SAOffset, SAFile) { return 0; }

SAOffset v_seek(SAFile file, SAOffset offset, int whence) {
    auto& f = *reinterpret_cast<VFile*>(file);
    uint64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f.pos : f.size;
    const uint64_t np = base + static_cast<uint64_t>(offset);
    f.pos = np;
    return 0;
}

SAOffset v_tell(SAFile file) { return reinterpret_cast<VFile*>(file)->pos; }
int v_flush(SAFile) { return 0; }
int v_close(SAFile file) {
    auto* f = reinterpret_cast<VFile*>(file);
    if (f->fd >= 0) ::close(f->fd);
    delete f;
    return 0;
}
int v_remove(const char*) { return -1; }
void v_error(const char* message) {
    if (!t_error.empty()) t_error += "; ";
    t_error += message ? message : "?";
    if (t_error.size() > 2000) t_error.resize(2000);
}
double v_atof(const char* s) { return std::strtod(s, nullptr); }

SAHooks make_hooks() {
    SAHooks h{};
    h.FOpen = v_open;
    h.FRead = v_read;
    h.FWrite = v_write;
    h.FSeek = v_seek;
    h.FTell = v_tell;
    h.FFlush = v_flush;
    h.FClose = v_close;
    h.Remove = v_remove;
    h.Error = v_error;
    h.Atof = v_atof;
    return h;
}

// Installs the file table for the calls made on this thread while it lives.
class SourceScope {
public:
    explicit SourceScope(const std::unordered_map<std::string, Source>& s) : prev_(t_sources) { t_sources = &s; }
    ~SourceScope() { t_sources = prev_; }
    SourceScope(const SourceScope&) = delete;
    SourceScope& operator=(const SourceScope&) = delete;

private:
    const std::unordered_map<std::string, Source>* prev_;
};

std::string take_error() {
    std::string e = std::move(t_error);
    t_error.clear();
    return e;
}

// [SECTION] small helpers

uint32_t be32(const unsigned char* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
uint32_t le32(const unsigned char* p) {
    return (uint32_t{p[3]} << 24) | (uint32_t{p[2]} << 16) | (uint32_t{p[1]} << 8) | p[0];
}
void put_be32(unsigned char* p, uint32_t v) {
    p[0] = static_cast<unsigned char>(v >> 24); p[1] = static_cast<unsigned char>(v >> 16);
    p[2] = static_cast<unsigned char>(v >> 8); p[3] = static_cast<unsigned char>(v);
}

// Reads up to `limit` bytes of a file; nullopt when it cannot be opened.
std::optional<std::vector<unsigned char>> read_file(const fs::path& p, size_t limit) {
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::vector<unsigned char> out;
    unsigned char buf[65536];
    while (out.size() < limit) {
        const ssize_t r = ::read(fd, buf, std::min(sizeof buf, limit - out.size()));
        if (r <= 0) break;
        out.insert(out.end(), buf, buf + r);
    }
    ::close(fd);
    return out;
}

std::optional<uint64_t> regular_file_size(const fs::path& p) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) return std::nullopt;
    const auto s = fs::file_size(p, ec);
    if (ec) return std::nullopt;
    return s;
}

// The sidecar with extension `ext` (lower case), trying the upper-case spelling too.
std::optional<fs::path> sidecar(const fs::path& shp, const std::string& ext) {
    std::string upper = ext;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const auto& e : {ext, upper}) {
        fs::path p = shp;
        p.replace_extension(e);
        std::error_code ec;
        if (fs::is_regular_file(p, ec)) return p;
    }
    return std::nullopt;
}

// Printable excerpt of untrusted text for a message.
std::string excerpt(const std::vector<unsigned char>& bytes, size_t n = 40) {
    std::string out;
    for (size_t i = 0; i < bytes.size() && i < n; ++i) {
        const unsigned char c = bytes[i];
        if (c >= 0x20 && c < 0x7F) out += static_cast<char>(c);
        else if (c == '\n' || c == '\r' || c == '\t') out += ' ';
        else { char b[8]; std::snprintf(b, sizeof b, "\\x%02X", c); out += b; }
    }
    if (bytes.size() > n) out += "...";
    return out;
}

// Collects diagnostics, keeping the first few of each kind and counting the rest.
class Warnings {
public:
    Warnings(Diagnostics& out, std::string file, size_t cap) : out_(out), file_(std::move(file)), cap_(cap) {}
    void add(const std::string& kind, int64_t record, std::string message, std::string field = {}) {
        size_t& n = counts_[kind];
        if (++n <= cap_) out_.add({file_, record, std::move(field), std::move(message)});
    }
    void note(std::string message) { out_.add({file_, 0, {}, std::move(message)}); }
    void finish() {
        for (const auto& [kind, n] : counts_)
            if (n > cap_) out_.add({file_, 0, {}, std::to_string(n - cap_) + " more records: " + kind});
    }

private:
    Diagnostics& out_;
    std::string file_;
    size_t cap_;
    std::map<std::string, size_t> counts_;
};

bool known_shape_type(int t) {
    switch (t) {
        case SHPT_NULL: case SHPT_POINT: case SHPT_ARC: case SHPT_POLYGON: case SHPT_MULTIPOINT:
        case SHPT_POINTZ: case SHPT_ARCZ: case SHPT_POLYGONZ: case SHPT_MULTIPOINTZ:
        case SHPT_POINTM: case SHPT_ARCM: case SHPT_POLYGONM: case SHPT_MULTIPOINTM: case SHPT_MULTIPATCH:
            return true;
        default:
            return false;
    }
}

enum class Family { Null, Point, MultiPoint, Line, Polygon, MultiPatch };
Family family_of(int t) {
    switch (t) {
        case SHPT_POINT: case SHPT_POINTZ: case SHPT_POINTM: return Family::Point;
        case SHPT_MULTIPOINT: case SHPT_MULTIPOINTZ: case SHPT_MULTIPOINTM: return Family::MultiPoint;
        case SHPT_ARC: case SHPT_ARCZ: case SHPT_ARCM: return Family::Line;
        case SHPT_POLYGON: case SHPT_POLYGONZ: case SHPT_POLYGONM: return Family::Polygon;
        case SHPT_MULTIPATCH: return Family::MultiPatch;
        default: return Family::Null;
    }
}

struct IndexEntry {
    uint64_t offset = 0;  // bytes, of the record header
    uint64_t length = 0;  // bytes of content (after the 8-byte record header)
    bool sound = false;
};

}  // namespace

std::string shape_type_name(int t) {
    switch (t) {
        case SHPT_NULL: return "Null";
        case SHPT_POINT: return "Point";
        case SHPT_ARC: return "PolyLine";
        case SHPT_POLYGON: return "Polygon";
        case SHPT_MULTIPOINT: return "MultiPoint";
        case SHPT_POINTZ: return "PointZ";
        case SHPT_ARCZ: return "PolyLineZ";
        case SHPT_POLYGONZ: return "PolygonZ";
        case SHPT_MULTIPOINTZ: return "MultiPointZ";
        case SHPT_POINTM: return "PointM";
        case SHPT_ARCM: return "PolyLineM";
        case SHPT_POLYGONM: return "PolygonM";
        case SHPT_MULTIPOINTM: return "MultiPointM";
        case SHPT_MULTIPATCH: return "MultiPatch";
        default: return {};
    }
}

std::string ogr_geometry_name(int t, bool measured) {
    std::string base;
    switch (family_of(t)) {
        case Family::Point: base = "Point"; break;
        case Family::MultiPoint: base = "Multi Point"; break;
        case Family::Line: base = "Line String"; break;
        case Family::Polygon: base = "Polygon"; break;
        default: return "Unknown (any)";
    }
    const bool z = t == SHPT_POINTZ || t == SHPT_ARCZ || t == SHPT_POLYGONZ || t == SHPT_MULTIPOINTZ;
    const bool m = t == SHPT_POINTM || t == SHPT_ARCM || t == SHPT_POLYGONM || t == SHPT_MULTIPOINTM;
    if (m) return "Measured " + base;
    if (z) return std::string("3D ") + (measured ? "Measured " : "") + base;
    return base;
}

// A coordinate of the first records that is not longitude/latitude, if any.
// Reads the stored point or bounding box of up to `sample` sound records, so
// that a header whose extent is in degrees cannot vouch for records in metres.
std::optional<std::pair<double, double>> record_outside_lonlat(const fs::path& shp, const std::vector<IndexEntry>& index,
                                                               size_t sample) {
    const int fd = ::open(shp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::optional<std::pair<double, double>> found;
    size_t looked = 0;
    for (const IndexEntry& ie : index) {
        if (!ie.sound || looked == sample || found) {
            if (looked == sample || found) break;
            continue;
        }
        ++looked;
        unsigned char c[36] = {};
        const size_t want = static_cast<size_t>(std::min<uint64_t>(ie.length, sizeof c));
        if (::pread(fd, c, want, static_cast<off_t>(ie.offset + 8)) != static_cast<ssize_t>(want) || want < 20) continue;
        const int type = static_cast<int>(le32(c));
        double v[4] = {0, 0, 0, 0};
        size_t nv = 0;
        if (type == SHPT_POINT || type == SHPT_POINTZ || type == SHPT_POINTM) nv = 2;
        else if (type != SHPT_NULL && want >= 36) nv = 4;
        std::memcpy(v, c + 4, nv * sizeof(double));
        for (size_t k = 0; k + 1 < nv; k += 2) {
            if (std::isfinite(v[k]) && std::isfinite(v[k + 1]) && (std::fabs(v[k]) > 180.0 || std::fabs(v[k + 1]) > 90.0)) {
                found = std::make_pair(v[k], v[k + 1]);
                break;
            }
        }
    }
    ::close(fd);
    return found;
}

// The records of the .shp as the index lists them: the .shx checked entry by
// entry (lengths the .shp contradicts, entries outside the file or sharing bytes
// with another), or rebuilt by walking the .shp when the .shx is missing,
// damaged or claims more records than the .shp can hold.
std::vector<IndexEntry> read_index(const fs::path& shp_path, uint64_t S, Warnings& warn) {
    const std::string file = shp_path.string();
    std::vector<IndexEntry> index;
    bool rebuild = true;
    if (const auto shx_path = sidecar(shp_path, ".shx")) {
        const auto shx = read_file(*shx_path, uint64_t{1} << 31);
        if (!shx || shx->size() < 100 || be32(shx->data()) != 9994) {
            warn.note(".shx is damaged (" + std::string(!shx ? "unreadable" : shx->size() < 100 ? "shorter than its header" : "bad file code") +
                      "): the index was rebuilt by reading the .shp");
        } else if (const uint64_t most = (S - 100) / 12; (shx->size() - 100) / 8 > most) {
            // Every record takes at least 12 bytes (8 of header, 4 of shape type): an
            // index listing more cannot be right, and believing it would make memory
            // follow the index's claims instead of the data.
            warn.note(".shx lists " + std::to_string((shx->size() - 100) / 8) + " records, the .shp (" +
                      std::to_string(S) + " bytes) can hold at most " + std::to_string(most) +
                      ": the index was rebuilt by reading the .shp");
        } else {
            rebuild = false;
            size_t n = (shx->size() - 100) / 8;
            if ((shx->size() - 100) % 8 != 0)
                warn.note(".shx has " + std::to_string((shx->size() - 100) % 8) + " stray bytes after its last entry");
            const uint64_t shx_said = uint64_t{be32(shx->data() + 24)} * 2;
            if (shx_said != shx->size()) {
                // Like Shapelib and GDAL, a header that lists fewer records than the file
                // holds wins (the entries after them may be stale); a longer one cannot.
                const size_t listed = shx_said >= 100 ? static_cast<size_t>((shx_said - 100) / 8) : 0;
                std::string msg = ".shx header gives its length as " + std::to_string(shx_said) + " bytes (" +
                                  std::to_string(listed) + " records), the file has " + std::to_string(shx->size()) +
                                  " bytes (" + std::to_string(n) + " entries)";
                if (listed < n) {
                    msg += ": reading the " + std::to_string(listed) + " records the header lists, as GDAL does";
                    n = listed;
                }
                warn.note(msg);
            }
            index.resize(n);
            const int shp_fd = ::open(shp_path.c_str(), O_RDONLY | O_CLOEXEC);
            for (size_t i = 0; i < n; ++i) {
                const unsigned char* e = shx->data() + 100 + 8 * i;
                IndexEntry& ie = index[i];
                // Signed 32-bit words, as the format defines them: a negative offset
                // or length is reported as written, and is never sound.
                const int64_t offset_words = static_cast<int32_t>(be32(e)), length_words = static_cast<int32_t>(be32(e + 4));
                ie.offset = offset_words < 0 ? 0 : static_cast<uint64_t>(offset_words) * 2;
                ie.length = length_words < 0 ? 0 : static_cast<uint64_t>(length_words) * 2;
                ie.sound = ie.offset >= 100 && ie.length >= 4 && ie.offset + 8 + ie.length <= S;
                if (!ie.sound && shp_fd >= 0 && ie.offset >= 100 && ie.offset + 12 <= S) {
                    // The entry overstates the length: the record's own header, when it
                    // fits the file, is trusted instead (as GDAL does).
                    unsigned char rh[8];
                    if (::pread(shp_fd, rh, 8, static_cast<off_t>(ie.offset)) == 8) {
                        const uint64_t own = uint64_t{be32(rh + 4)} * 2;
                        if (own >= 4 && ie.offset + 8 + own <= S) {
                            warn.add("index length overstated", static_cast<int64_t>(i + 1),
                                     ".shx gives the record " + std::to_string(ie.length) +
                                         " bytes, past the end of the .shp; its own header gives " + std::to_string(own) +
                                         ", which is used");
                            ie.length = own;
                            ie.sound = true;
                        }
                    }
                }
                if (!ie.sound)
                    warn.add("index entry outside the .shp", static_cast<int64_t>(i + 1),
                             ".shx entry (offset " + std::to_string(offset_words * 2) + ", length " +
                                 std::to_string(length_words * 2) + ") lies outside the .shp (" + std::to_string(S) +
                                 " bytes): record has no geometry");
            }
            // Two entries cannot share bytes of the .shp: the later one (in file
            // order) is refused, so that no record is read twice.
            std::vector<size_t> by_offset;
            for (size_t i = 0; i < n; ++i)
                if (index[i].sound) by_offset.push_back(i);
            std::stable_sort(by_offset.begin(), by_offset.end(),
                             [&](size_t a, size_t b) { return index[a].offset < index[b].offset; });
            uint64_t covered_to = 0;
            size_t owner = 0;
            // The record's own header, where readable: its content length in bytes.
            auto own_length = [&](const IndexEntry& ie) -> std::optional<uint64_t> {
                unsigned char rh[8];
                if (shp_fd < 0 || ::pread(shp_fd, rh, 8, static_cast<off_t>(ie.offset)) != 8) return std::nullopt;
                return uint64_t{be32(rh + 4)} * 2;
            };
            for (size_t i : by_offset) {
                IndexEntry& ie = index[i];
                if (ie.offset < covered_to) {
                    // The earlier entry may only overstate its length (as GDAL reads
                    // it): its record's own header, when it ends before this one, wins.
                    IndexEntry& prev = index[owner];
                    const std::optional<uint64_t> own = own_length(prev);
                    if (own && *own >= 4 && *own < prev.length && prev.offset + 8 + *own <= ie.offset) {
                        warn.add("index length overstated", static_cast<int64_t>(owner + 1),
                                 ".shx gives the record " + std::to_string(prev.length) +
                                     " bytes, into the next record; its own header gives " + std::to_string(*own) +
                                     ", which is used");
                        prev.length = *own;
                        covered_to = ie.offset + 8 + ie.length;
                        owner = i;
                        continue;
                    }
                    ie.sound = false;
                    warn.add("index entries overlap", static_cast<int64_t>(i + 1),
                             ".shx entry (offset " + std::to_string(ie.offset) + ") shares bytes with the record of entry " +
                                 std::to_string(owner + 1) + ": record has no geometry");
                    continue;
                }
                covered_to = ie.offset + 8 + ie.length;
                owner = i;
            }
            if (shp_fd >= 0) ::close(shp_fd);
        }
    } else {
        warn.note("no .shx index: rebuilt by reading the .shp record by record");
    }
    if (rebuild) {
        index.clear();
        uint64_t pos = 100;
        std::vector<unsigned char> rh(8);
        auto shp_fd = ::open(shp_path.c_str(), O_RDONLY | O_CLOEXEC);
        if (shp_fd < 0) throw Error(file, 0, "cannot open: unreadable");
        while (pos + 8 <= S) {
            if (::pread(shp_fd, rh.data(), 8, static_cast<off_t>(pos)) != 8) break;
            const uint64_t len = uint64_t{be32(rh.data() + 4)} * 2;
            if (len < 4 || pos + 8 + len > S) {
                warn.add("truncated record", static_cast<int64_t>(index.size() + 1),
                         "record at byte " + std::to_string(pos) + " declares " + std::to_string(len) +
                             " bytes of content, past the end of the file (" + std::to_string(S) +
                             " bytes): the rest of the file is ignored");
                break;
            }
            index.push_back({pos, len, true});
            pos += 8 + len;
        }
        ::close(shp_fd);
        if (pos < S && pos + 8 > S)
            warn.note(std::to_string(S - pos) + " stray bytes after the last record");
    }
    return index;
}

// What the .dbf header promises, checked before Shapelib opens the file: its
// path when usable, its language driver byte and how many records it really holds.
struct DbfHeader {
    std::optional<fs::path> path;
    uint8_t ldid = 0;
    uint64_t records_readable = 0;
    uint64_t fields = 0;  // as the header length implies (32 bytes each)
};

DbfHeader check_dbf_header(const fs::path& shp_path, bool read_attributes, Warnings& warn) {
    DbfHeader h;
    std::optional<fs::path>& dbf_path = h.path;
    uint8_t& ldid = h.ldid;
    uint64_t& dbf_records_readable = h.records_readable;
    dbf_path = read_attributes ? sidecar(shp_path, ".dbf") : std::nullopt;
    if (read_attributes && !dbf_path) warn.note("no .dbf: features have no attributes");
    if (dbf_path) {
        const auto dsize = regular_file_size(*dbf_path).value_or(0);
        const auto dh = read_file(*dbf_path, 32);
        std::string problem;
        if (!dh || dh->size() < 32) problem = "shorter than the 32-byte header";
        else {
            const uint64_t nrec = le32(dh->data() + 4);
            const uint64_t hlen = uint64_t{(*dh)[8]} | (uint64_t{(*dh)[9]} << 8);
            const uint64_t rlen = uint64_t{(*dh)[10]} | (uint64_t{(*dh)[11]} << 8);
            h.fields = hlen >= 33 ? (hlen - 1) / 32 - 1 : 0;
            ldid = (*dh)[29];
            if (hlen < 32 + 1 || hlen > dsize) problem = "header length " + std::to_string(hlen) + " is impossible";
            else if (rlen == 0) problem = "record length is 0";
            else {
                dbf_records_readable = std::min<uint64_t>(nrec, (dsize - hlen) / rlen);
                if (dbf_records_readable < nrec)
                    warn.note(".dbf header promises " + std::to_string(nrec) + " records, the file holds " +
                              std::to_string(dbf_records_readable) + ": the rest have empty attributes");
            }
        }
        if (!problem.empty()) {
            warn.note(".dbf is damaged (" + problem + "): features have no attributes");
            dbf_path.reset();
        }
    }
    return h;
}

// The layer's CRS: from the .prj, or, without one, longitude/latitude when both
// the header's extent and the first records fit those ranges. Nothing when the
// coordinates cannot be placed; `problem` then says why.
std::optional<Crs> layer_crs(const fs::path& shp_path, const unsigned char* shp_header,
                             const std::vector<IndexEntry>& index, Warnings& warn, std::string& problem) {
    std::optional<Crs> crs;
    std::string& crs_problem = problem;
    if (const auto prj_path = sidecar(shp_path, ".prj")) {
        const auto prj = read_file(*prj_path, 70000).value_or(std::vector<unsigned char>{});
        try {
            crs = parse_prj(std::string_view(reinterpret_cast<const char*>(prj.data()), prj.size()));
            if (!crs->note.empty()) warn.note(".prj: " + crs->note);
        } catch (const Error& e) {
            crs_problem = e.what();
        }
    } else {
        // No .prj: longitude/latitude if the header's extent fits, else unplaced.
        double b[4];
        std::memcpy(b, shp_header + 36, sizeof b);
        const bool fits = std::isfinite(b[0]) && std::isfinite(b[1]) && std::isfinite(b[2]) && std::isfinite(b[3]) &&
                          b[0] >= -180.0 && b[2] <= 180.0 && b[1] >= -90.0 && b[3] <= 90.0;
        const auto outside = fits ? record_outside_lonlat(shp_path, index, 1000) : std::nullopt;
        if (outside) {
            char buf[240];
            std::snprintf(buf, sizeof buf,
                          "no .prj, and the records hold coordinates such as (%.6g, %.6g) that are not "
                          "longitude/latitude (the header's extent is)",
                          outside->first, outside->second);
            crs_problem = buf;
        } else if (fits) {
            crs = Crs{};
            crs->name = "WGS 84 (assumed: no .prj, coordinates within longitude/latitude ranges)";
            warn.note("no .prj: coordinates look like longitude/latitude and are taken as WGS 84");
        } else {
            char buf[200];
            std::snprintf(buf, sizeof buf, "no .prj, and the extent (%.6g, %.6g) - (%.6g, %.6g) is not longitude/latitude",
                          b[0], b[1], b[2], b[3]);
            crs_problem = buf;
        }
    }
    return crs;
}

// Reads the geometry of records into a layer: converts the vertices to
// longitude/latitude, checks parts and rings, and counts what it mended.
class GeometryReader {
public:
    GeometryReader(Layer& layer, Family family, const std::optional<Crs>& crs, Warnings& warn)
        : layer_(layer), family_(family), crs_(crs), unplaced_(!crs), identity_(crs && crs->is_identity()), warn_(warn) {}

    // Appends the parts of record i (0-based) that are usable; its part and
    // vertex tables are left as they were when none is.
    void read(SHPHandle shp, size_t i);

    bool measured = false;       // Z records carry measures (as OGR decides)
    size_t null_shapes = 0;      // records without geometry
    size_t closed_rings = 0;     // polygon rings we closed

private:
    bool convert(double x, double y, double& lon, double& lat) const;

    Layer& layer_;
    Family family_;
    const std::optional<Crs>& crs_;
    bool unplaced_, identity_;
    Warnings& warn_;
    std::vector<double> pts_;    // converted vertices of the record being read
    bool measured_known_ = false;
};

bool GeometryReader::convert(double x, double y, double& lon, double& lat) const {
    const bool unplaced = unplaced_, identity = identity_;
    const std::optional<Crs>& crs = crs_;
    if (!std::isfinite(x) || !std::isfinite(y)) return false;
    if (unplaced) {
        if (std::fabs(x) > 1e15 || std::fabs(y) > 1e15) return false;
        lon = x; lat = y;
        return true;
    }
    if (identity) {
        if (std::fabs(x) > 180.0 + 1e-9 || std::fabs(y) > 90.0 + 1e-9) return false;
        lon = x; lat = y;
        return true;
    }
    const auto p = crs->to_wgs84(x, y);
    if (!p) return false;
    lon = p->lon; lat = p->lat;
    return true;
}

void GeometryReader::read(SHPHandle shp, size_t i) {
    Layer& layer = layer_;
    const Family family = family_;
    const bool unplaced = unplaced_, identity = identity_;
    Warnings& warn = warn_;
    std::vector<double>& pts = pts_;
    bool& measured_known = measured_known_;
    const auto rec = static_cast<int64_t>(i + 1);
    const size_t parts_before = layer.part_vertices.size();
    std::unique_ptr<SHPObject, void (*)(SHPObject*)> obj(SHPReadObject(shp, static_cast<int>(i)),
                                                          SHPDestroyObject);
    if (!obj) {
        warn.add("unreadable record", rec, "record unreadable: " + take_error());
    } else if (obj->nSHPType == SHPT_NULL) {
        ++null_shapes;
    } else if (family_of(obj->nSHPType) != family) {
        warn.add("shape type differs from the file's", rec,
                 "shape type " + shape_type_name(obj->nSHPType) + " in a " + layer.shape_type +
                     " file: geometry ignored");
    } else {
        if (!measured_known) {
            // As OGR: Z records carry measures when the first shape has an M value
            // that is not "no data" (anything below -1e38).
            measured_known = true;
            for (int k = 0; obj->bMeasureIsUsed && obj->padfM && k < obj->nVertices && !measured; ++k)
                measured = obj->padfM[k] > -1e38;
        }
        const int nv = obj->nVertices;
        const int np = obj->nParts;
        bool bad = nv < 0 || np < 0 || (nv > 0 && (!obj->padfX || !obj->padfY));
        std::string why = bad ? "inconsistent vertex or part counts" : "";
        // Convert all vertices first; any unusable coordinate drops the record's geometry.
        pts.resize(bad ? 0 : static_cast<size_t>(nv) * 2);
        for (int k = 0; !bad && k < nv; ++k) {
            if (!convert(obj->padfX[k], obj->padfY[k], pts[2 * k], pts[2 * k + 1])) {
                bad = true;
                char buf[160];
                std::snprintf(buf, sizeof buf, "vertex %d has an unusable coordinate (%.17g, %.17g)%s", k + 1,
                              obj->padfX[k], obj->padfY[k],
                              unplaced || identity ? "" : " that does not convert to longitude/latitude");
                why = buf;
            }
        }
        // Part ranges.
        std::vector<std::pair<int, int>> ranges;  // [begin, end)
        std::vector<int> ptypes;
        if (!bad && (family == Family::Line || family == Family::Polygon || family == Family::MultiPatch)) {
            if (np == 0) {
                if (nv > 0) { ranges.emplace_back(0, nv); ptypes.push_back(SHPP_RING); }
            } else if (!obj->panPartStart) {
                bad = true;
                why = "part table missing";
            } else {
                for (int p = 0; p < np && !bad; ++p) {
                    const int b = obj->panPartStart[p];
                    const int e = p + 1 < np ? obj->panPartStart[p + 1] : nv;
                    if (b < 0 || b > nv || e < b || e > nv) {
                        bad = true;
                        why = "part " + std::to_string(p + 1) + " indices out of range (" + std::to_string(b) +
                              ".." + std::to_string(e) + " of " + std::to_string(nv) + " vertices)";
                    } else {
                        ranges.emplace_back(b, e);
                        ptypes.push_back(obj->panPartType ? obj->panPartType[p] : SHPP_RING);
                    }
                }
            }
        }
        if (bad) {
            warn.add("unusable geometry", rec, why + ": geometry dropped");
        } else if (family == Family::Point || family == Family::MultiPoint) {
            if (nv > 0) {
                layer.lonlat.insert(layer.lonlat.end(), pts.begin(), pts.end());
                layer.part_vertices.push_back(static_cast<uint32_t>(layer.lonlat.size() / 2));
            } else {
                ++null_shapes;
            }
        } else {
            auto push_ring = [&](const double* v, int count, bool polygon, int part_no) {
                if (polygon) {
                    const bool closed = count > 0 && v[0] == v[2 * (count - 1)] && v[1] == v[2 * (count - 1) + 1];
                    const int need = closed ? 4 : 3;
                    if (count < need) {
                        warn.add("ring with too few points", rec,
                                 "ring " + std::to_string(part_no) + " has " + std::to_string(count) +
                                     " points (a ring needs 4): ring dropped");
                        return;
                    }
                    layer.lonlat.insert(layer.lonlat.end(), v, v + 2 * count);
                    if (!closed) {
                        layer.lonlat.push_back(v[0]);
                        layer.lonlat.push_back(v[1]);
                        ++closed_rings;
                    }
                } else {
                    if (count < 2) {
                        warn.add("line part with too few points", rec,
                                 "part " + std::to_string(part_no) + " has " + std::to_string(count) +
                                     " point (a line needs 2): part dropped");
                        return;
                    }
                    layer.lonlat.insert(layer.lonlat.end(), v, v + 2 * count);
                }
                layer.part_vertices.push_back(static_cast<uint32_t>(layer.lonlat.size() / 2));
            };
            for (size_t p = 0; p < ranges.size(); ++p) {
                const auto [b, e] = ranges[p];
                const double* v = pts.data() + 2 * b;
                const int count = e - b;
                const int part_no = static_cast<int>(p + 1);
                if (family == Family::Line) push_ring(v, count, false, part_no);
                else if (family == Family::Polygon) push_ring(v, count, true, part_no);
                else if (ptypes[p] == SHPP_TRISTRIP || ptypes[p] == SHPP_TRIFAN) {
                    // Each triangle of a strip or fan becomes a closed ring of 4 points.
                    for (int k = 0; k + 2 < count; ++k) {
                        const double* a = ptypes[p] == SHPP_TRIFAN ? v : v + 2 * k;
                        const double tri[8] = {a[0], a[1], v[2 * (k + 1)], v[2 * (k + 1) + 1],
                                               v[2 * (k + 2)], v[2 * (k + 2) + 1], a[0], a[1]};
                        push_ring(tri, 4, true, part_no);
                    }
                } else {
                    push_ring(v, count, true, part_no);
                }
            }
            if (layer.part_vertices.size() == parts_before && nv > 0)
                warn.add("no usable parts", rec, "no part of the record is usable: geometry dropped");
            if (nv == 0) ++null_shapes;
        }
    }
}

// Appends the attributes of record i (0-based): text decoded from the .dbf's
// code page, DBF nulls as empty values, records past those the .dbf holds empty.
void append_attributes(Layer& layer, DBFHandle dbf, size_t i, uint64_t readable, TextDecoder& decoder, Warnings& warn) {
    const auto rec = static_cast<int64_t>(i + 1);
    const int nf = static_cast<int>(layer.fields.size());
    for (int j = 0; j < nf; ++j) {
        if (i >= readable) { layer.attributes.emplace_back(); continue; }
        const char* s = DBFReadStringAttribute(dbf, static_cast<int>(i), j);
        if (!s) {
            layer.attributes.emplace_back();
            warn.add("unreadable attributes", rec, "attributes unreadable: " + take_error());
            continue;
        }
        std::string_view v(s);  // copied below, before the next Shapelib call reuses the buffer
        while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
        const char type = layer.fields[static_cast<size_t>(j)].type;
        if (type != 'C')
            while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        // DBF nulls, as Shapelib's DBFIsAttributeNULL sees them (without reading the field twice).
        if (((type == 'N' || type == 'F') && v.find_first_not_of('*') == std::string_view::npos) ||
            (type == 'D' && (v == "00000000" || v == "0")) || (type == 'L' && v == "?")) {
            layer.attributes.emplace_back();
            continue;
        }
        layer.attributes.push_back(decoder.decode(v));
    }
}

// [SECTION] load

Layer load_shapefile(const fs::path& shp_path, const LoadOptions& options) {
    const std::string file = shp_path.string();
    Layer layer;
    layer.path = shp_path;
    layer.name = shp_path.stem().string();
    Warnings warn(layer.warnings, file, options.max_warnings_per_kind);

    // --- the .shp header ---------------------------------------------------
    const auto shp_size = regular_file_size(shp_path);
    if (!shp_size) {
        std::error_code ec;
        const auto st = fs::status(shp_path, ec);
        if (ec == std::errc::too_many_symbolic_link_levels) throw Error(file, 0, "cannot open: the symbolic links form a loop");
        if (ec == std::errc::permission_denied) throw Error(file, 0, "cannot open: permission denied");
        if (fs::is_directory(st)) throw Error(file, 0, "cannot open: it is a folder, not a shapefile");
        if (fs::exists(st)) throw Error(file, 0, "cannot open: not a regular file (a device, a pipe or a socket)");
        throw Error(file, 0, "cannot open: no such file");
    }
    const auto head = read_file(shp_path, 100);
    if (!head) throw Error(file, 0, "cannot open: permission denied or unreadable");
    if (head->size() < 100)
        throw Error(file, 0, "not a shapefile: " + std::to_string(*shp_size) + " bytes, shorter than the 100-byte header");
    const uint64_t S = *shp_size;
    if (be32(head->data()) != 9994)
        throw Error(file, 0, "not a shapefile: file code " + std::to_string(be32(head->data())) + ", expected 9994 (" +
                                 excerpt(*head, 24) + ")");
    const int shape_type = static_cast<int>(le32(head->data() + 32));
    if (!known_shape_type(shape_type))
        throw Error(file, 0, "unknown shape type " + std::to_string(shape_type) + " in the header");
    const uint64_t said = uint64_t{be32(head->data() + 24)} * 2;
    std::array<unsigned char, 100> fixed_head;
    std::memcpy(fixed_head.data(), head->data(), 100);
    if (said != S)
        warn.add("header length", 0,
                 "header gives the file length as " + std::to_string(said) + " bytes, the file has " +
                     std::to_string(S) + ": records are located by the index and checked against the real size");
    put_be32(fixed_head.data() + 24, static_cast<uint32_t>(std::min<uint64_t>(S, 0xFFFFFFFEull) / 2));

    // --- the index: checked .shx, or rebuilt from the .shp --------------------
    const std::vector<IndexEntry> index = read_index(shp_path, S, warn);

    // The index Shapelib reads: unsound entries made harmless (they are never read).
    std::vector<unsigned char> shx_mem(100 + 8 * index.size());
    std::memcpy(shx_mem.data(), fixed_head.data(), 100);
    put_be32(shx_mem.data() + 24, static_cast<uint32_t>(std::min<uint64_t>(shx_mem.size(), 0xFFFFFFFEull) / 2));
    for (size_t i = 0; i < index.size(); ++i) {
        unsigned char* e = shx_mem.data() + 100 + 8 * i;
        put_be32(e, index[i].sound ? static_cast<uint32_t>(index[i].offset / 2) : 50);
        put_be32(e + 4, index[i].sound ? static_cast<uint32_t>(index[i].length / 2) : 2);
    }

    // --- sidecars: .dbf, .cpg, .prj -----------------------------------------
    std::string base = shp_path.string();
    base.resize(base.size() - shp_path.extension().string().size());
    std::unordered_map<std::string, Source> sources;
    sources[base + ".shp"] = Source{shp_path, nullptr, fixed_head};
    sources[base + ".shx"] = Source{{}, &shx_mem, std::nullopt};

    // DBF header checks before Shapelib opens it.
    const DbfHeader dbf_header = check_dbf_header(shp_path, options.read_attributes, warn);
    std::optional<fs::path> dbf_path = dbf_header.path;
    const uint8_t ldid = dbf_header.ldid;
    uint64_t dbf_records_readable = dbf_header.records_readable;
    if (dbf_path) sources[base + ".dbf"] = Source{*dbf_path, nullptr, std::nullopt};

    std::string codepage;
    if (dbf_path) {
        if (const auto cpg_path = sidecar(shp_path, ".cpg")) {
            const auto cpg = read_file(*cpg_path, 4096).value_or(std::vector<unsigned char>{});
            codepage = codepage_from_cpg(std::string_view(reinterpret_cast<const char*>(cpg.data()), cpg.size()));
            if (codepage.empty())
                warn.note(".cpg does not name a code page we know ('" + excerpt(cpg) +
                          "'): using the .dbf language driver byte");
        }
        if (codepage.empty()) codepage = codepage_from_ldid(ldid);
    }
    TextDecoder decoder(codepage, options.fallback_codepage);
    layer.codepage = dbf_path ? decoder.description() : std::string();

    std::string crs_problem;
    const std::optional<Crs> crs = layer_crs(shp_path, head->data(), index, warn, crs_problem);
    if (!crs) {
        if (options.unplaced == LoadOptions::Unplaced::Refuse)
            throw Error(file, 0, crs_problem + ": cannot place the layer on the map");
        layer.georeferenced = false;
        layer.crs = "unknown: " + crs_problem + " (coordinates kept as in the file)";
        warn.note(crs_problem + ": coordinates kept as in the file");
    } else {
        layer.crs = crs->name.empty() ? std::string("WGS 84") : crs->name;
    }

    // --- open through Shapelib ----------------------------------------------
    SourceScope scope(sources);
    SAHooks hooks = make_hooks();
    take_error();
    std::unique_ptr<SHPInfo, void (*)(SHPHandle)> shp(SHPOpenLL(base.c_str(), "rb", &hooks), SHPClose);
    if (!shp) throw Error(file, 0, "Shapelib cannot open it: " + take_error());
    std::unique_ptr<DBFInfo, void (*)(DBFHandle)> dbf(nullptr, DBFClose);
    if (dbf_path) {
        dbf.reset(DBFOpenLL((base + ".dbf").c_str(), "rb", &hooks));
        if (!dbf) {
            std::string why = take_error();
            if (why.empty())
                why = "its header describes " + std::to_string(dbf_header.fields) + " fields" +
                      (dbf_header.fields > 255 ? ", more than the 255 dBASE allows" : "");
            warn.note(".dbf cannot be read (" + why + "): features have no attributes");
        } else {
            // Field layout must fit in a record.
            bool ok = dbf->nRecordLength > 0;
            for (int j = 0; ok && j < dbf->nFields; ++j)
                ok = dbf->panFieldOffset[j] >= 0 && dbf->panFieldSize[j] >= 0 &&
                     dbf->panFieldOffset[j] + dbf->panFieldSize[j] <= dbf->nRecordLength;
            if (!ok) {
                warn.note(".dbf field layout does not fit its record length: features have no attributes");
                dbf.reset();
            }
        }
    }
    if (dbf) {
        dbf_records_readable = std::min<uint64_t>(dbf_records_readable, static_cast<uint64_t>(std::max(0, dbf->nRecords)));
        const int nf = DBFGetFieldCount(dbf.get());
        for (int j = 0; j < nf; ++j) {
            char name[XBASE_FLDNAME_LEN_READ + 1] = {};
            int width = 0, decimals = 0;
            DBFGetFieldInfo(dbf.get(), j, name, &width, &decimals);
            FieldInfo fi;
            fi.name = decoder.decode(name);
            fi.type = DBFGetNativeFieldType(dbf.get(), j);
            fi.width = width;
            fi.decimals = decimals;
            layer.fields.push_back(std::move(fi));
        }
    }

    int n_entities = 0, file_type = 0;
    SHPGetInfo(shp.get(), &n_entities, &file_type, nullptr, nullptr);
    layer.shape_type = shape_type_name(shape_type);
    const Family family = family_of(shape_type);
    layer.kind = family == Family::Line ? GeometryKind::Line
               : (family == Family::Polygon || family == Family::MultiPatch) ? GeometryKind::Polygon
                                                                              : GeometryKind::Point;
    const size_t n = static_cast<size_t>(std::max(0, n_entities));
    if (dbf && dbf->nRecords >= 0 && static_cast<size_t>(dbf->nRecords) != n)
        warn.note(".dbf has " + std::to_string(dbf->nRecords) + " records, the .shp " + std::to_string(n) +
                  ": features are the .shp records");

    layer.feature_parts.reserve(n + 1);
    layer.record.reserve(n);
    if (dbf) layer.attributes.reserve(n * layer.fields.size());

    // --- geometry ------------------------------------------------------------
    GeometryReader geometry(layer, family, crs, warn);

    // Starts empty at infinity, not at BoundsLL's (180, 90): coordinates of an
    // unplaced layer (metres as in the file) lie far beyond that.
    BoundsLL extent;
    extent.min_lon = extent.min_lat = std::numeric_limits<double>::infinity();
    extent.max_lon = extent.max_lat = -std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < n; ++i) {
        const auto rec = static_cast<int64_t>(i + 1);
        layer.record.push_back(static_cast<int32_t>(std::min<size_t>(i + 1, INT32_MAX)));
        const size_t parts_before = layer.part_vertices.size();
        const size_t verts_before = layer.lonlat.size();
        auto drop_geometry = [&] {
            layer.part_vertices.resize(parts_before);
            layer.lonlat.resize(verts_before);
        };

        if (i < index.size() && index[i].sound) geometry.read(shp.get(), i);
        if (layer.part_vertices.size() > UINT32_MAX - 1 || layer.lonlat.size() / 2 > UINT32_MAX - 1) {
            drop_geometry();
            throw Error(file, rec, "more than 4 billion vertices or parts: too large to load");
        }
        for (size_t k = verts_before; k < layer.lonlat.size(); k += 2) extent.extend(layer.lonlat[k], layer.lonlat[k + 1]);
        layer.feature_parts.push_back(static_cast<uint32_t>(layer.part_vertices.size() - 1));

        if (dbf) append_attributes(layer, dbf.get(), i, dbf_records_readable, decoder, warn);
    }

    layer.geometry_name = ogr_geometry_name(shape_type, geometry.measured);
    if (geometry.null_shapes > 0)
        warn.note(std::to_string(geometry.null_shapes) + " record" + (geometry.null_shapes == 1 ? " has" : "s have") +
                  " no geometry (null shape): kept as features without geometry");
    if (geometry.closed_rings > 0) warn.note(std::to_string(geometry.closed_rings) + " polygon rings were not closed: closed them");
    if (decoder.bad_bytes() > 0)
        warn.note(std::to_string(decoder.bad_bytes()) + " bytes of .dbf text are not valid " + decoder.description() +
                  ": shown as U+FFFD");
    if (decoder.fallback_strings() > 0)
        warn.note(std::to_string(decoder.fallback_strings()) + " .dbf texts are not UTF-8 and no code page is given: decoded as " +
                  options.fallback_codepage);
    warn.finish();
    take_error();
    if (extent.valid()) layer.bounds = extent;
    return layer;
}

std::vector<std::filesystem::path> shapefiles_in(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.path().extension() == ".shp") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

FolderLayers load_shapefiles_in(const std::filesystem::path& dir, const std::filesystem::path& cache_dir) {
    FolderLayers out;
    const std::vector<std::filesystem::path> files = shapefiles_in(dir);
    if (files.empty()) out.problems.push_back("no shapefiles in " + dir.string());
    for (const std::filesystem::path& f : files) {
        try {
            out.layers.push_back(load_shapefile_cached(f, cache_dir));
        } catch (const Error& e) {
            out.problems.emplace_back(e.what());  // one bad layer leaves the others
        }
    }
    return out;
}

}  // namespace atlas
