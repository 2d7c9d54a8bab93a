// geodata_build: writes the embedded basemap (geodata/) from an OpenStreetMap extract of Almaty.
//
//   geodata_build SRC OUT
//
// SRC is a folder holding the extract as shapefiles in the Geofabrik free-shapefile schema:
// city_boundary (any CRS the program reads; the extract's is UTM zone 43N), districts, roads,
// railways, waterways, water and transport. OUT receives, each with a .prj (WGS84
// geographic) and a .cpg ("UTF-8"):
//
//   boundary    the city boundary in WGS84                                  (polygon)
//   districts   the city districts with geometry, as in the source          (polygon)
//   roads, railways, waterways   lines cut at the city boundary: the parts
//               inside are kept, one record per source record               (line)
//   water       water areas that reach into the city, whole                 (polygon)
//   transport   stations and stops inside the city                          (point)
//   neighbourhoods  derived, not in OSM here: each neighbourhood the city's streets
//               name as theirs ("Окжетпес (Шанырак-1)", geo/neighbourhoods.hpp), a
//               point in the middle of its streets' extent; fclass "neighbourhood",
//               name as the streets write it, streets (how many name it)      (point)
//
// Every source field is kept (the Geofabrik schema: osm_id, code, fclass, name, ...), each
// character field as wide as its longest value. The output depends only on the input: the
// same extract gives byte-identical files (the DBF header date is fixed), so the committed
// files can be checked against a fresh build.
//
// Every source is read and checked before anything is written; a fault stops the run with
// "file:record: field: what is wrong" and exit status 1. Files are written into a scratch
// folder inside OUT and renamed into place, so a failed run leaves OUT as it was.

#include <shapefil.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "geo/layer.hpp"
#include "geo/neighbourhoods.hpp"
#include "geo/shapefile.hpp"

namespace fs = std::filesystem;

namespace {

// [SECTION] Constants

// The .prj of WGS84 geographic coordinates, in the ESRI flavour of WKT that shapefile
// readers (and OpenStreetMap shapefile extracts) use.
constexpr const char* kWgs84Prj =
    "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
    "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

// DBF "last update" written into every header so that the output does not depend on the day
// it was made: 2025-01-01 (the field counts years since 1900).
constexpr int kDbfYearSince1900 = 125;
constexpr int kDbfMonth = 1;
constexpr int kDbfDay = 1;

// [SECTION] Layers in memory

using Pt = std::pair<double, double>;  // longitude, latitude
using Ring = std::vector<Pt>;

enum class GeomClass { Point, Line, Polygon };

struct OutField {
    std::string name;
    char type = 'C';  // 'C' text, 'N' integer
    int width = 1;
};

struct OutFeature {
    std::vector<Ring> parts;           // lines: line strings; polygons: rings; points: one point
    std::vector<std::string> values;   // one per field; empty: DBF null
};

struct OutLayer {
    std::string stem;
    std::string source;  // for messages
    GeomClass geom = GeomClass::Point;
    std::vector<OutField> fields;
    std::vector<OutFeature> features;
    size_t source_records = 0;
};

const char* geom_name(GeomClass g) {
    switch (g) {
        case GeomClass::Point: return "point";
        case GeomClass::Line: return "line";
        case GeomClass::Polygon: return "polygon";
    }
    return "?";
}

// [SECTION] The city's outline and clipping

// The boundary as rings (even-odd: a point inside an odd number of rings is in the city),
// with its edges bucketed in horizontal bands so that crossing tests look at few edges.
class Region {
public:
    explicit Region(std::vector<Ring> rings) : rings_(std::move(rings)) {
        for (const Ring& r : rings_)
            for (const Pt& p : r) {
                x0_ = std::min(x0_, p.first), x1_ = std::max(x1_, p.first);
                y0_ = std::min(y0_, p.second), y1_ = std::max(y1_, p.second);
            }
        bands_.resize(kBands);
        for (const Ring& r : rings_)
            for (size_t i = 0; i + 1 < r.size(); ++i) {
                const Edge e{r[i], r[i + 1]};
                const int b0 = band(std::min(e.a.second, e.b.second)), b1 = band(std::max(e.a.second, e.b.second));
                for (int b = b0; b <= b1; ++b) bands_[static_cast<size_t>(b)].push_back(e);
            }
    }

    [[nodiscard]] bool contains(Pt p) const {
        if (p.first < x0_ || p.first > x1_ || p.second < y0_ || p.second > y1_) return false;
        bool inside = false;
        for (const Edge& e : bands_[static_cast<size_t>(band(p.second))]) {
            // Half-open in y, so that a vertex shared by two edges counts once.
            if ((e.a.second > p.second) != (e.b.second > p.second)) {
                const double x = e.a.first + (p.second - e.a.second) * (e.b.first - e.a.first) / (e.b.second - e.a.second);
                if (x > p.first) inside = !inside;
            }
        }
        return inside;
    }

    // Parameters t in (0, 1) where segment a-b crosses the outline, ascending.
    [[nodiscard]] std::vector<double> crossings(Pt a, Pt b) const {
        std::vector<double> ts;
        const double ylo = std::min(a.second, b.second), yhi = std::max(a.second, b.second);
        if (yhi < y0_ || ylo > y1_ || std::max(a.first, b.first) < x0_ || std::min(a.first, b.first) > x1_) return ts;
        const int b0 = band(ylo), b1 = band(yhi);
        const double dx = b.first - a.first, dy = b.second - a.second;
        for (int bi = b0; bi <= b1; ++bi)
            for (const Edge& e : bands_[static_cast<size_t>(bi)]) {
                // An edge spanning several bands is met once: in the first band both share.
                const int first = std::max(b0, band(std::min(e.a.second, e.b.second)));
                if (bi != first) continue;
                const double ex = e.b.first - e.a.first, ey = e.b.second - e.a.second;
                const double den = dx * ey - dy * ex;
                if (den == 0) continue;  // parallel
                const double wx = e.a.first - a.first, wy = e.a.second - a.second;
                const double t = (wx * ey - wy * ex) / den;
                const double u = (wx * dy - wy * dx) / den;
                if (t > 0 && t < 1 && u >= 0 && u <= 1) ts.push_back(t);
            }
        std::sort(ts.begin(), ts.end());
        return ts;
    }

    [[nodiscard]] const std::vector<Ring>& rings() const noexcept { return rings_; }

private:
    struct Edge {
        Pt a, b;
    };
    static constexpr int kBands = 512;
    [[nodiscard]] int band(double y) const {
        const double f = (y - y0_) / (y1_ - y0_) * kBands;
        return std::clamp(static_cast<int>(std::floor(f)), 0, kBands - 1);
    }
    std::vector<Ring> rings_;
    double x0_ = 1e300, x1_ = -1e300, y0_ = 1e300, y1_ = -1e300;
    std::vector<std::vector<Edge>> bands_;
};

// The parts of a line string inside the region: cut where it crosses the outline, each
// piece kept when its middle lies inside. Consecutive kept pieces join into one part.
std::vector<Ring> clip_line(const Ring& line, const Region& region) {
    std::vector<Ring> out;
    Ring current;
    auto lerp = [](Pt a, Pt b, double t) { return Pt{a.first + (b.first - a.first) * t, a.second + (b.second - a.second) * t}; };
    auto flush = [&] {
        if (current.size() >= 2) out.push_back(std::move(current));
        current.clear();
    };
    for (size_t i = 0; i + 1 < line.size(); ++i) {
        const Pt a = line[i], b = line[i + 1];
        std::vector<double> ts = region.crossings(a, b);
        ts.insert(ts.begin(), 0.0);
        ts.push_back(1.0);
        for (size_t k = 0; k + 1 < ts.size(); ++k) {
            const Pt p = ts[k] == 0.0 ? a : lerp(a, b, ts[k]);
            const Pt q = ts[k + 1] == 1.0 ? b : lerp(a, b, ts[k + 1]);
            if (region.contains(lerp(a, b, (ts[k] + ts[k + 1]) / 2))) {
                if (current.empty()) current.push_back(p);
                current.push_back(q);
            } else {
                flush();
            }
        }
    }
    flush();
    return out;
}

// [SECTION] Reading the extract

[[noreturn]] void fail(const std::string& file, int64_t record, const std::string& field, const std::string& what) {
    throw atlas::Error(atlas::Diagnostic{file, record, field, what});
}

atlas::Layer read_source(const fs::path& src, const std::string& stem, atlas::GeometryKind expected) {
    const fs::path shp = src / (stem + ".shp");
    if (!fs::exists(shp)) fail(shp.string(), 0, {}, "missing from the extract");
    atlas::Layer layer = atlas::load_shapefile(shp);  // converts any CRS it knows to WGS84
    // What the reader skipped or repaired (e.g. a record without geometry) is said, not fatal:
    // such a record has no shape to ship.
    for (const atlas::Diagnostic& d : layer.warnings.items) std::cerr << "geodata_build: note: " << d.str() << "\n";
    if (layer.kind != expected) {
        const char* want = expected == atlas::GeometryKind::Point ? "points"
                           : expected == atlas::GeometryKind::Line ? "lines" : "polygons";
        fail(shp.string(), 0, {}, std::string("expected ") + want + ", the file holds " + layer.shape_type);
    }
    return layer;
}

std::vector<Ring> feature_parts(const atlas::Layer& L, size_t f) {
    std::vector<Ring> parts;
    for (uint32_t p = L.feature_parts[f]; p < L.feature_parts[f + 1]; ++p) {
        Ring r;
        for (uint32_t v = L.part_vertices[p]; v < L.part_vertices[p + 1]; ++v)
            r.emplace_back(L.lonlat[2 * v], L.lonlat[2 * v + 1]);
        parts.push_back(std::move(r));
    }
    return parts;
}

int require_field(const atlas::Layer& L, const std::string& name) {
    const int i = L.field_index(name);
    if (i < 0) fail(L.path.string(), 0, name, "the field is missing (the Geofabrik schema has it)");
    return i;
}

// An integer DBF value as written in the file, or fail.
std::string integer_text(const atlas::Layer& L, size_t f, size_t field) {
    const std::string& s = L.attribute(f, field);
    if (s.empty()) return s;
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        fail(L.path.string(), static_cast<int64_t>(f) + 1, L.fields[field].name, "\"" + s + "\" is not an integer");
    return std::to_string(v);
}

// The source's fields, in order, as the output's: text stays text, numbers without
// decimals stay integers.
std::vector<OutField> copy_schema(const atlas::Layer& L) {
    std::vector<OutField> out;
    for (const atlas::FieldInfo& fi : L.fields) {
        if (fi.type == 'C') {
            out.push_back({fi.name, 'C', 1});
        } else if ((fi.type == 'N' || fi.type == 'F') && fi.decimals == 0) {
            out.push_back({fi.name, 'N', 1});
        } else {
            fail(L.path.string(), 0, fi.name, std::string("field of DBF type '") + fi.type + "' is not in the schema");
        }
    }
    return out;
}

std::vector<std::string> copy_values(const atlas::Layer& L, size_t f, const std::vector<OutField>& fields) {
    std::vector<std::string> values;
    for (size_t i = 0; i < fields.size(); ++i)
        values.push_back(fields[i].type == 'N' ? integer_text(L, f, i) : L.attribute(f, i));
    return values;
}

// [SECTION] The layers that ship

Region city_region(const atlas::Layer& boundary) {
    std::vector<Ring> rings;
    for (size_t f = 0; f < boundary.feature_count(); ++f)
        for (Ring& r : feature_parts(boundary, f)) rings.push_back(std::move(r));
    if (rings.empty()) fail(boundary.path.string(), 0, {}, "the city boundary has no geometry");
    return Region(std::move(rings));
}

OutLayer boundary_layer(const atlas::Layer& src, const Region& region) {
    OutLayer out;
    out.stem = "boundary";
    out.source = src.path.string();
    out.geom = GeomClass::Polygon;
    out.source_records = src.feature_count();
    // The extract's boundary carries no OSM attributes; the class says what it is.
    out.fields = {{"fclass", 'C', 1}};
    out.features.push_back({region.rings(), {"city_boundary"}});
    return out;
}

OutLayer districts_layer(const atlas::Layer& src) {
    OutLayer out;
    out.stem = "districts";
    out.source = src.path.string();
    out.geom = GeomClass::Polygon;
    out.source_records = src.feature_count();
    const int id = require_field(src, "id"), name = require_field(src, "name"),
              boundary = require_field(src, "boundary"), level = require_field(src, "adminlevel"),
              wikidata = require_field(src, "wikidata");
    // The OSM boundaries export names the relation `id`; shipped in the free-shapefile schema.
    out.fields = {{"osm_id", 'C', 1}, {"fclass", 'C', 1}, {"name", 'C', 1}, {"admin_lvl", 'N', 1}, {"wikidata", 'C', 1}};
    for (size_t f = 0; f < src.feature_count(); ++f) {
        if (src.feature_parts[f] == src.feature_parts[f + 1]) continue;  // a record without geometry
        const auto u = static_cast<size_t>(id);
        OutFeature of;
        of.parts = feature_parts(src, f);
        of.values = {integer_text(src, f, u), src.attribute(f, static_cast<size_t>(boundary)),
                     src.attribute(f, static_cast<size_t>(name)), integer_text(src, f, static_cast<size_t>(level)),
                     src.attribute(f, static_cast<size_t>(wikidata))};
        if (of.values[0].empty() || of.values[2].empty())
            fail(src.path.string(), static_cast<int64_t>(f) + 1, of.values[0].empty() ? "id" : "name", "empty");
        out.features.push_back(std::move(of));
    }
    return out;
}

// An output layer in the Geofabrik schema of `src` (osm_id, fclass and name required).
OutLayer osm_layer(const atlas::Layer& src, const std::string& stem, GeomClass geom) {
    OutLayer out;
    out.stem = stem;
    out.source = src.path.string();
    out.geom = geom;
    out.source_records = src.feature_count();
    require_field(src, "osm_id");
    require_field(src, "fclass");
    require_field(src, "name");
    out.fields = copy_schema(src);
    return out;
}

OutLayer lines_layer(const atlas::Layer& src, const std::string& stem, const Region& region) {
    OutLayer out = osm_layer(src, stem, GeomClass::Line);
    for (size_t f = 0; f < src.feature_count(); ++f) {
        OutFeature of;
        for (const Ring& part : feature_parts(src, f))
            for (Ring& piece : clip_line(part, region)) of.parts.push_back(std::move(piece));
        if (of.parts.empty()) continue;
        of.values = copy_values(src, f, out.fields);
        out.features.push_back(std::move(of));
    }
    return out;
}

OutLayer water_layer(const atlas::Layer& src, const Region& region) {
    OutLayer out = osm_layer(src, "water", GeomClass::Polygon);
    for (size_t f = 0; f < src.feature_count(); ++f) {
        std::vector<Ring> rings = feature_parts(src, f);
        // Kept whole when it reaches into the city: a vertex inside, or an edge crossing the boundary.
        bool inside = false;
        for (const Ring& r : rings) {
            for (size_t i = 0; i < r.size() && !inside; ++i)
                inside = region.contains(r[i]) || (i + 1 < r.size() && !region.crossings(r[i], r[i + 1]).empty());
            if (inside) break;
        }
        if (!inside) continue;
        out.features.push_back({std::move(rings), copy_values(src, f, out.fields)});
    }
    return out;
}

OutLayer points_layer(const atlas::Layer& src, const std::string& stem, const Region& region) {
    OutLayer out = osm_layer(src, stem, GeomClass::Point);
    for (size_t f = 0; f < src.feature_count(); ++f) {
        std::vector<Ring> parts = feature_parts(src, f);
        if (parts.empty() || parts[0].empty() || !region.contains(parts[0][0])) continue;
        out.features.push_back({{Ring{parts[0][0]}}, copy_values(src, f, out.fields)});
    }
    return out;
}

// Neighbourhoods named by the streets kept in `roads` (the parts inside the city).
OutLayer neighbourhoods_layer(const OutLayer& roads) {
    OutLayer out;
    out.stem = "neighbourhoods";
    out.source = roads.source + " (street names)";
    out.geom = GeomClass::Point;
    out.fields = {{"fclass", 'C', 1}, {"name", 'C', 1}, {"streets", 'N', 1}};
    size_t name = roads.fields.size();
    for (size_t i = 0; i < roads.fields.size(); ++i)
        if (roads.fields[i].name == "name") name = i;
    if (name == roads.fields.size()) return out;
    std::vector<atlas::NamedStreet> streets;
    for (const OutFeature& f : roads.features) {
        if (name >= f.values.size() || f.values[name].empty()) continue;
        atlas::NamedStreet s;
        s.name = f.values[name];
        for (const Ring& part : f.parts)
            for (const Pt& p : part) s.extent.extend(p.first, p.second);
        if (s.extent.valid()) streets.push_back(std::move(s));
    }
    out.source_records = streets.size();
    for (const atlas::Neighbourhood& n : atlas::derive_neighbourhoods(streets)) {
        const Pt centre{(n.extent.min_lon + n.extent.max_lon) / 2, (n.extent.min_lat + n.extent.max_lat) / 2};
        out.features.push_back({{Ring{centre}}, {"neighbourhood", n.name, std::to_string(n.street_count)}});
    }
    return out;
}

// Character fields as wide as their longest value, integers as their widest number.
void fit_widths(OutLayer& layer) {
    for (size_t i = 0; i < layer.fields.size(); ++i) {
        int w = 1;
        for (const OutFeature& f : layer.features) w = std::max(w, static_cast<int>(f.values[i].size()));
        if (w > 254) fail(layer.source, 0, layer.fields[i].name, "a value longer than a DBF field's 254 bytes");
        layer.fields[i].width = w;
    }
}

// [SECTION] Writing shapefiles

void write_text_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw atlas::Error(path.string(), 0, "cannot write");
}

void write_layer(const OutLayer& layer, const fs::path& dir) {
    const std::string base = (dir / layer.stem).string();
    const int type = layer.geom == GeomClass::Point ? SHPT_POINT : layer.geom == GeomClass::Line ? SHPT_ARC : SHPT_POLYGON;
    SHPHandle shp = SHPCreate(base.c_str(), type);
    if (!shp) throw atlas::Error(base + ".shp", 0, "Shapelib could not create the file");
    for (size_t i = 0; i < layer.features.size(); ++i) {
        const OutFeature& f = layer.features[i];
        std::vector<int> starts;
        std::vector<double> xs, ys;
        for (const Ring& part : f.parts) {
            starts.push_back(static_cast<int>(xs.size()));
            for (const auto& [x, y] : part) {
                xs.push_back(x);
                ys.push_back(y);
            }
        }
        SHPObject* obj = type == SHPT_POINT
                             ? SHPCreateSimpleObject(SHPT_POINT, 1, xs.data(), ys.data(), nullptr)
                             : SHPCreateObject(type, -1, static_cast<int>(starts.size()), starts.data(), nullptr,
                                               static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr, nullptr);
        // Shapefile polygons: outer rings clockwise, holes counter-clockwise.
        if (obj && type == SHPT_POLYGON) SHPRewindObject(shp, obj);
        const int rec = obj ? SHPWriteObject(shp, -1, obj) : -1;
        if (obj) SHPDestroyObject(obj);
        if (rec < 0) {
            SHPClose(shp);
            fail(base + ".shp", static_cast<int64_t>(i) + 1, "geometry", "Shapelib could not write the shape");
        }
    }
    SHPClose(shp);

    DBFHandle dbf = DBFCreateEx(base.c_str(), "UTF-8");
    if (!dbf) throw atlas::Error(base + ".dbf", 0, "Shapelib could not create the file");
    DBFSetLastModifiedDate(dbf, kDbfYearSince1900, kDbfMonth, kDbfDay);
    for (const OutField& fd : layer.fields) {
        if (DBFAddField(dbf, fd.name.c_str(), fd.type == 'N' ? FTInteger : FTString, fd.width, 0) < 0) {
            DBFClose(dbf);
            fail(base + ".dbf", 0, fd.name, "Shapelib could not add the field");
        }
    }
    for (size_t i = 0; i < layer.features.size(); ++i) {
        for (size_t k = 0; k < layer.fields.size(); ++k) {
            const std::string& v = layer.features[i].values[k];
            const int row = static_cast<int>(i), col = static_cast<int>(k);
            int ok = 0;
            if (v.empty()) ok = DBFWriteNULLAttribute(dbf, row, col);
            else if (layer.fields[k].type == 'N') ok = DBFWriteIntegerAttribute(dbf, row, col, std::stoi(v));
            else ok = DBFWriteStringAttribute(dbf, row, col, v.c_str());
            if (!ok) {
                DBFClose(dbf);
                fail(base + ".dbf", static_cast<int64_t>(i) + 1, layer.fields[k].name, "Shapelib could not write the value");
            }
        }
    }
    DBFClose(dbf);
    write_text_file(base + ".prj", kWgs84Prj);
    write_text_file(base + ".cpg", "UTF-8");
}

void usage(std::ostream& os) {
    os << "usage: geodata_build SRC OUT\n"
          "  SRC  folder of an OpenStreetMap extract in the Geofabrik free-shapefile schema:\n"
          "       city_boundary, districts, roads, railways, waterways, water, transport (.shp ...)\n"
          "  OUT  folder for the basemap: boundary, districts, roads, railways, waterways, water,\n"
          "       transport (.shp/.shx/.dbf/.prj/.cpg), cut to the city boundary\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && (std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0)) {
        usage(std::cout);
        return 0;
    }
    if (argc != 3) {
        usage(std::cerr);
        return 2;
    }
    const fs::path src = argv[1];
    const fs::path out = argv[2];
    const fs::path scratch = out / ".geodata_build.tmp";
    try {
        if (!fs::is_directory(src)) throw atlas::Error(src.string(), 0, "no such folder");
        using K = atlas::GeometryKind;
        const atlas::Layer boundary = read_source(src, "city_boundary", K::Polygon);
        const Region region = city_region(boundary);
        std::vector<OutLayer> layers;
        layers.push_back(boundary_layer(boundary, region));
        layers.push_back(districts_layer(read_source(src, "districts", K::Polygon)));
        for (const char* stem : {"railways", "roads", "waterways"})
            layers.push_back(lines_layer(read_source(src, stem, K::Line), stem, region));
        layers.push_back(points_layer(read_source(src, "transport", K::Point), "transport", region));
        layers.push_back(water_layer(read_source(src, "water", K::Polygon), region));
        const auto roads = std::find_if(layers.begin(), layers.end(), [](const OutLayer& l) { return l.stem == "roads"; });
        OutLayer neighbourhoods = neighbourhoods_layer(*roads);  // built before the push moves `layers`
        layers.push_back(std::move(neighbourhoods));
        for (OutLayer& l : layers) fit_widths(l);

        std::error_code ec;
        fs::create_directories(out, ec);
        if (ec) throw atlas::Error(out.string(), 0, "cannot create the folder: " + ec.message());
        fs::remove_all(scratch, ec);
        fs::create_directories(scratch, ec);
        if (ec) throw atlas::Error(scratch.string(), 0, "cannot create the folder: " + ec.message());

        for (const OutLayer& l : layers) write_layer(l, scratch);
        for (const OutLayer& l : layers) {
            for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
                fs::rename(scratch / (l.stem + ext), out / (l.stem + ext), ec);
                if (ec) throw atlas::Error((out / (l.stem + ext)).string(), 0, "cannot move into place: " + ec.message());
            }
            size_t vertices = 0;
            for (const auto& f : l.features)
                for (const auto& part : f.parts) vertices += part.size();
            std::cout << l.stem << ": " << l.features.size() << " of " << l.source_records << " records, " << vertices
                      << " vertices, " << geom_name(l.geom) << "\n";
        }
        fs::remove_all(scratch, ec);
    } catch (const std::exception& e) {
        std::error_code ec;
        fs::remove_all(scratch, ec);
        std::cerr << "geodata_build: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
