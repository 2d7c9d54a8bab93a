#include "geo/crs.hpp"

#include <proj.h>

#include <atomic>
#include <cctype>
#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"

namespace atlas {

namespace {

// One PROJ context per thread, with the transformations this thread has used.
class ThreadProj {
public:
    ThreadProj() : ctx_(proj_context_create()) {
        proj_context_set_enable_network(ctx_, 0);
        proj_log_func(ctx_, this, [](void* self, int level, const char* msg) {
            if (level <= PJ_LOG_ERROR && msg) static_cast<ThreadProj*>(self)->last_error_ = msg;
        });
    }
    ~ThreadProj() {
        for (auto& e : cache_) proj_destroy(e.pj);
        proj_context_destroy(ctx_);
    }
    ThreadProj(const ThreadProj&) = delete;
    ThreadProj& operator=(const ThreadProj&) = delete;

    [[nodiscard]] PJ_CONTEXT* ctx() const noexcept { return ctx_; }
    std::string take_error() {
        std::string e = std::move(last_error_);
        last_error_.clear();
        return e;
    }

    // Source CRS to WGS 84 longitude/latitude, axis order lon, lat; null if PROJ fails.
    PJ* transform(const Crs::Definition& def) noexcept {
        for (size_t i = 0; i < cache_.size(); ++i)
            if (cache_[i].id == def.id) {
                if (i != 0) std::swap(cache_[i], cache_[0]);
                return cache_[0].pj;
            }
        PJ* src = proj_create(ctx_, def.wkt.c_str());
        PJ* pj = src ? make_transform(src) : nullptr;
        proj_destroy(src);
        if (!pj) return nullptr;
        if (cache_.size() >= kCacheSize) {
            proj_destroy(cache_.back().pj);
            cache_.pop_back();
        }
        cache_.insert(cache_.begin(), {def.id, pj});
        return pj;
    }

    PJ* make_transform(PJ* src) noexcept {
        PJ* dst = proj_create(ctx_, "EPSG:4326");
        if (!dst) return nullptr;
        PJ* op = proj_create_crs_to_crs_from_pj(ctx_, src, dst, nullptr, nullptr);
        proj_destroy(dst);
        if (!op) return nullptr;
        PJ* norm = proj_normalize_for_visualization(ctx_, op);
        proj_destroy(op);
        return norm;
    }

private:
    static constexpr size_t kCacheSize = 8;
    struct Entry { uint64_t id; PJ* pj; };
    PJ_CONTEXT* ctx_;
    std::string last_error_;
    std::vector<Entry> cache_;  // most recently used first
};

ThreadProj& thread_proj() {
    thread_local ThreadProj p;
    return p;
}

struct PjPtr {
    PJ* p = nullptr;
    explicit PjPtr(PJ* pj) : p(pj) {}
    ~PjPtr() { proj_destroy(p); }
    PjPtr(const PjPtr&) = delete;
    PjPtr& operator=(const PjPtr&) = delete;
    PjPtr& operator=(PjPtr&& o) noexcept {
        std::swap(p, o.p);
        return *this;
    }
    explicit operator bool() const { return p != nullptr; }
};

std::string type_name(PJ_TYPE t) {
    switch (t) {
        case PJ_TYPE_GEOCENTRIC_CRS: return "geocentric";
        case PJ_TYPE_VERTICAL_CRS: return "vertical";
        case PJ_TYPE_ENGINEERING_CRS: return "engineering";
        case PJ_TYPE_TEMPORAL_CRS: return "temporal";
        default: return "not a coordinate system";
    }
}

// The first quoted string: the name of the outermost WKT node.
std::string first_quoted(std::string_view s) {
    const size_t a = s.find('"');
    if (a == std::string_view::npos) return {};
    const size_t b = s.find('"', a + 1);
    return b == std::string_view::npos ? std::string() : std::string(s.substr(a + 1, b - a - 1));
}

// An ESRI .prj sometimes names a projected system without its parameters
// (PROJCS["WGS_1984_UTM_Zone_43N",GEOGCS[...],UNIT[...]]): look the name up.
PJ* by_esri_name(PJ_CONTEXT* ctx, const std::string& name) {
    if (name.empty()) return nullptr;
    const PJ_TYPE types[] = {PJ_TYPE_PROJECTED_CRS, PJ_TYPE_GEOGRAPHIC_2D_CRS};
    // Exact names (and their aliases) of any authority; the first is EPSG's when it has one.
    PJ_OBJ_LIST* list = proj_create_from_name(ctx, nullptr, name.c_str(), types, 2, 0, 1, nullptr);
    if (!list) return nullptr;
    PJ* found = proj_list_get_count(list) >= 1 ? proj_list_get(ctx, list, 0) : nullptr;
    proj_list_destroy(list);
    return found;
}

bool is_wgs84_lonlat(PJ_CONTEXT* ctx, PJ* crs) {
    PjPtr wgs84(proj_create(ctx, "OGC:CRS84"));
    return wgs84 && proj_is_equivalent_to_with_ctx(ctx, crs, wgs84.p, PJ_COMP_EQUIVALENT) != 0;
}

std::atomic<uint64_t> g_next_id{1};

// WGS 84 longitude/latitude as ESRI and GDAL write it, without the spaces
// (outside quoted names) a writer may put between tokens.
constexpr std::string_view kPlainWgs84[] = {
    R"(GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]])",
    R"(GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]])",
};

bool is_plain_wgs84(std::string_view text) {
    std::string packed;
    packed.reserve(text.size());
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (!quoted && std::isspace(static_cast<unsigned char>(c))) continue;
        packed += c;
    }
    for (std::string_view known : kPlainWgs84)
        if (packed == known) return true;
    return false;
}
}  // namespace

Crs parse_prj(std::string_view text) {
    std::string_view t = text;
    if (t.size() >= 3 && t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
    if (t.size() < 1024 && is_plain_wgs84(t)) {
        Crs crs;
        crs.name = first_quoted(t);  // as PROJ's path names it: the .prj's own name
        return crs;
    }
    return parse_prj_with_proj(text);
}

Crs parse_prj_with_proj(std::string_view text) {
    // Strip a UTF-8 byte order mark and surrounding space.
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.back())) || text.back() == '\0'))
        text.remove_suffix(1);
    if (text.empty()) throw Error(".prj: the file is empty");
    if (text.size() > 65536) throw Error(".prj: too large for a projection (" + std::to_string(text.size()) + " bytes)");
    if (text.front() == '<') throw Error(".prj: holds HTML (a web page saved in place of the projection?), not WKT");
    for (char c : text)
        if (c == '\0' || (static_cast<unsigned char>(c) < 0x20 && !std::isspace(static_cast<unsigned char>(c))))
            throw Error(".prj: not a coordinate system: holds control characters");

    // Layers of one dataset share their .prj: each text is read by PROJ once
    // per thread (the first look-up opens PROJ's database, tens of milliseconds).
    thread_local std::unordered_map<std::string, Crs> seen;
    const std::string s(text);
    if (auto it = seen.find(s); it != seen.end()) return it->second;
    Crs parsed = [&]() -> Crs {
        ThreadProj& tp = thread_proj();
        PJ_CONTEXT* ctx = tp.ctx();
        tp.take_error();
        const char* const strict[] = {"STRICT=NO", nullptr};
        PROJ_STRING_LIST warnings = nullptr, errors = nullptr;
        PjPtr src(proj_create_from_wkt(ctx, s.c_str(), strict, &warnings, &errors));
        std::string why = errors && errors[0] ? errors[0] : "";
        proj_string_list_destroy(warnings);
        proj_string_list_destroy(errors);
        if (!src) src = PjPtr(by_esri_name(ctx, first_quoted(s)));
        if (!src && s.find('[') == std::string::npos) {
            tp.take_error();
            src = PjPtr(proj_create(ctx, s.c_str()));
            if (!src) why = tp.take_error();
        }
        if (!src) {
            std::string head = s.substr(0, 60);
            for (char& c : head)
                if (static_cast<unsigned char>(c) >= 0x80) c = '?';
            throw Error(".prj: not a coordinate system PROJ understands ('" + head + (s.size() > 60 ? "...'" : "'") +
                        (why.empty() ? std::string(")") : "): " + why));
        }
        const PJ_TYPE type = proj_get_type(src.p);
        // The name as the .prj gives it ("WGS_1984_UTM_Zone_43N"), else as PROJ knows it.
        const char* raw_name = proj_get_name(src.p);
        std::string name = first_quoted(s);
        if (name.empty() && raw_name) name = raw_name;
        if (type == PJ_TYPE_COMPOUND_CRS) {
            // Keep the horizontal part; heights play no part on the map.
            src = PjPtr(proj_crs_get_sub_crs(ctx, src.p, 0));
            if (!src) throw Error(".prj: compound coordinate system '" + name + "' without a horizontal part");
        }
        const PJ_TYPE t = proj_get_type(src.p);
        const bool geographic = t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS;
        const bool projected = t == PJ_TYPE_PROJECTED_CRS;
        const bool bound = t == PJ_TYPE_BOUND_CRS;  // a system with its own shift to WGS 84 (TOWGS84)
        if (!geographic && !projected && !bound)
            throw Error(".prj: coordinate system '" + name + "' (" + type_name(t) + ") cannot be converted to WGS 84");

        Crs crs;
        crs.name = name;
        crs.kind = geographic ? Crs::Kind::Geographic : Crs::Kind::Projected;
        if (bound) {
            PjPtr base(proj_get_source_crs(ctx, src.p));
            const PJ_TYPE bt = base ? proj_get_type(base.p) : PJ_TYPE_UNKNOWN;
            crs.kind = (bt == PJ_TYPE_GEOGRAPHIC_2D_CRS || bt == PJ_TYPE_GEOGRAPHIC_3D_CRS) ? Crs::Kind::Geographic
                                                                                             : Crs::Kind::Projected;
        }
        if (geographic && is_wgs84_lonlat(ctx, src.p)) return crs;  // identity: no PROJ on the way

        // Will a transformation be found, and does it shift the datum?
        PJ_OPERATION_FACTORY_CONTEXT* factory = proj_create_operation_factory_context(ctx, nullptr);
        proj_operation_factory_context_set_spatial_criterion(ctx, factory, PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
        proj_operation_factory_context_set_grid_availability_use(
            ctx, factory, PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
        PjPtr wgs84(proj_create(ctx, "EPSG:4326"));
        PJ_OBJ_LIST* ops = wgs84 ? proj_create_operations(ctx, src.p, wgs84.p, factory) : nullptr;
        proj_operation_factory_context_destroy(factory);
        const int n_ops = ops ? proj_list_get_count(ops) : 0;
        bool all_ballpark = n_ops > 0;
        for (int i = 0; i < n_ops && all_ballpark; ++i) {
            PjPtr op(proj_list_get(ctx, ops, i));
            if (op && !proj_coordoperation_has_ballpark_transformation(ctx, op.p)) all_ballpark = false;
        }
        proj_list_destroy(ops);
        if (n_ops == 0) throw Error(".prj: PROJ finds no way from '" + name + "' to WGS 84");
        if (all_ballpark) {
            PjPtr datum(proj_crs_get_datum_forced(ctx, src.p));
            const char* dn = datum ? proj_get_name(datum.p) : nullptr;
            crs.note = "no datum shift is known from '" + std::string(dn ? dn : name.c_str()) +
                       "' to WGS 84: positions may be off by up to a few hundred metres";
        }

        const char* wkt = proj_as_wkt(ctx, src.p, PJ_WKT2_2019, nullptr);
        if (!wkt) throw Error(".prj: PROJ cannot restate '" + name + "'");
        auto def = std::make_shared<Crs::Definition>();
        def->id = g_next_id.fetch_add(1);
        def->wkt = wkt;
        if (!tp.transform(*def)) throw Error(".prj: PROJ finds no way from '" + name + "' to WGS 84: " + tp.take_error());
        crs.definition_ = std::move(def);
        return crs;
    }();
    if (seen.size() < 64) seen.emplace(s, parsed);
    return parsed;
}

std::optional<LatLon> Crs::to_wgs84(double x, double y) const noexcept {
    if (!std::isfinite(x) || !std::isfinite(y)) return std::nullopt;
    LatLon p{y, x};
    if (definition_) {
        PJ* pj = thread_proj().transform(*definition_);
        if (!pj) return std::nullopt;
        const PJ_COORD r = proj_trans(pj, PJ_FWD, proj_coord(x, y, 0, 0));
        p = {r.xy.y, r.xy.x};
    }
    if (!std::isfinite(p.lat) || !std::isfinite(p.lon) || std::fabs(p.lat) > 90.0 + 1e-9) return std::nullopt;
    if (std::fabs(p.lon) > 180.0 + 1e-9) {
        if (kind == Kind::Geographic) return std::nullopt;  // not a longitude
        p.lon = std::remainder(p.lon, 360.0);                // zone 60 east of the antimeridian, ...
    }
    return p;
}

std::optional<Crs::XY> Crs::from_wgs84(LatLon p) const noexcept {
    if (!std::isfinite(p.lat) || !std::isfinite(p.lon)) return std::nullopt;
    if (!definition_) return XY{p.lon, p.lat};
    PJ* pj = thread_proj().transform(*definition_);
    if (!pj) return std::nullopt;
    const PJ_COORD r = proj_trans(pj, PJ_INV, proj_coord(p.lon, p.lat, 0, 0));
    if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y)) return std::nullopt;
    return XY{r.xy.x, r.xy.y};
}

}  // namespace atlas
