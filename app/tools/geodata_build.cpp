// geodata_build: writes the embedded basemap's shapefiles from their GeoJSON sources.
//
//   geodata_build SRC OUT
//
// SRC is a folder of *.geojson files (or one .geojson file); each file becomes one layer
// OUT/<stem>.shp/.shx/.dbf with a .prj (WGS84 geographic) and a .cpg ("UTF-8").
// The output depends only on the input: the same sources give byte-identical files (the
// DBF header date is fixed), so the committed shapefiles can be checked against the sources.
//
// Every source is read and checked before anything is written; a fault stops the run with
// "file:feature: field: what is wrong" and exit status 1. Files are written into a scratch
// folder inside OUT and renamed into place, so a failed write leaves OUT as it was.

#include <shapefil.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

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

constexpr int kMaxDbfFieldName = 10;  // dBase III field names
constexpr int kMaxDbfString = 254;    // widest character field

// [SECTION] In-memory layer

enum class GeomClass { None, Point, MultiPoint, Line, Polygon };

struct Feature {
    GeomClass geom = GeomClass::None;  // None: null geometry
    // Points: one part per point (MultiPoint: one part, many vertices). Lines: one part per
    // line string. Polygons: one part per ring, outer and holes alike (orientation fixed later).
    std::vector<std::vector<std::pair<double, double>>> parts;
    std::vector<Json> values;  // one per field of the layer, null where absent
};

enum class FieldKind { String, Integer, Real, Logical };

struct Field {
    std::string name;
    FieldKind kind = FieldKind::String;
    int width = 1;
    int decimals = 0;
    bool typed = false;  // has seen a non-null value
};

struct Layer {
    std::string stem;
    fs::path source;
    GeomClass geom = GeomClass::None;
    std::vector<Field> fields;
    std::vector<Feature> features;
};

const char* geom_class_name(GeomClass g) {
    switch (g) {
        case GeomClass::None: return "null";
        case GeomClass::Point: return "Point";
        case GeomClass::MultiPoint: return "MultiPoint";
        case GeomClass::Line: return "LineString";
        case GeomClass::Polygon: return "Polygon";
    }
    return "?";
}

// [SECTION] Reading GeoJSON

struct Context {
    std::string file;
    int64_t feature = 0;  // 1-based; 0 for the file as a whole
    std::string feature_name;

    [[noreturn]] void fail(const std::string& field, const std::string& message) const {
        std::string msg = message;
        if (!feature_name.empty()) msg += " (feature \"" + feature_name + "\")";
        throw atlas::Error(atlas::Diagnostic{file, feature, field, msg});
    }
};

std::pair<double, double> read_position(const Json& pos, const Context& ctx, const std::string& where) {
    if (!pos.is_array() || pos.size() < 2 || pos.size() > 3)
        ctx.fail(where, "a position must be an array [longitude, latitude] (or with a third value)");
    for (size_t i = 0; i < pos.size(); ++i)
        if (!pos[i].is_number()) ctx.fail(where, "a position holds something other than numbers");
    const double lon = pos[0].get<double>();
    const double lat = pos[1].get<double>();
    if (!std::isfinite(lon) || !std::isfinite(lat)) ctx.fail(where, "a coordinate is not finite");
    if (lon < -180.0 || lon > 180.0) ctx.fail(where, "longitude " + std::to_string(lon) + " outside [-180, 180]");
    if (lat < -90.0 || lat > 90.0) ctx.fail(where, "latitude " + std::to_string(lat) + " outside [-90, 90]");
    return {lon, lat};
}

std::vector<std::pair<double, double>> read_positions(const Json& arr, const Context& ctx,
                                                      const std::string& where) {
    if (!arr.is_array()) ctx.fail(where, "expected an array of positions");
    std::vector<std::pair<double, double>> out;
    out.reserve(arr.size());
    for (size_t i = 0; i < arr.size(); ++i)
        out.push_back(read_position(arr[i], ctx, where + "[" + std::to_string(i) + "]"));
    return out;
}

void read_line(const Json& coords, Feature& f, const Context& ctx, const std::string& where) {
    auto pts = read_positions(coords, ctx, where);
    if (pts.size() < 2) ctx.fail(where, "a line string needs at least 2 positions, has " + std::to_string(pts.size()));
    f.parts.push_back(std::move(pts));
}

void read_polygon(const Json& coords, Feature& f, const Context& ctx, const std::string& where) {
    if (!coords.is_array() || coords.empty()) ctx.fail(where, "a polygon needs at least one ring");
    for (size_t r = 0; r < coords.size(); ++r) {
        const std::string rw = where + "[" + std::to_string(r) + "]";
        auto ring = read_positions(coords[r], ctx, rw);
        if (ring.size() < 4) ctx.fail(rw, "a ring needs at least 4 positions, has " + std::to_string(ring.size()));
        if (ring.front() != ring.back()) ctx.fail(rw, "ring is not closed (first and last positions differ)");
        f.parts.push_back(std::move(ring));
    }
}

void read_geometry(const Json& g, Feature& f, const Context& ctx) {
    if (g.is_null()) return;  // null geometry: a record without a shape
    if (!g.is_object()) ctx.fail("geometry", "must be an object or null");
    if (!g.contains("type") || !g["type"].is_string()) ctx.fail("geometry.type", "missing or not a string");
    const std::string type = g["type"].get<std::string>();
    if (!g.contains("coordinates")) ctx.fail("geometry.coordinates", "missing");
    const Json& c = g["coordinates"];
    const std::string where = "geometry.coordinates";
    if (type == "Point") {
        f.geom = GeomClass::Point;
        f.parts.push_back({read_position(c, ctx, where)});
    } else if (type == "MultiPoint") {
        f.geom = GeomClass::MultiPoint;
        auto pts = read_positions(c, ctx, where);
        if (pts.empty()) ctx.fail(where, "a multipoint needs at least one position");
        f.parts.push_back(std::move(pts));
    } else if (type == "LineString") {
        f.geom = GeomClass::Line;
        read_line(c, f, ctx, where);
    } else if (type == "MultiLineString") {
        f.geom = GeomClass::Line;
        if (!c.is_array() || c.empty()) ctx.fail(where, "a multilinestring needs at least one line");
        for (size_t i = 0; i < c.size(); ++i) read_line(c[i], f, ctx, where + "[" + std::to_string(i) + "]");
    } else if (type == "Polygon") {
        f.geom = GeomClass::Polygon;
        read_polygon(c, f, ctx, where);
    } else if (type == "MultiPolygon") {
        f.geom = GeomClass::Polygon;
        if (!c.is_array() || c.empty()) ctx.fail(where, "a multipolygon needs at least one polygon");
        for (size_t i = 0; i < c.size(); ++i) read_polygon(c[i], f, ctx, where + "[" + std::to_string(i) + "]");
    } else {
        ctx.fail("geometry.type", "unsupported geometry type \"" + type + "\"");
    }
}

FieldKind kind_of(const Json& v) {
    if (v.is_string()) return FieldKind::String;
    if (v.is_boolean()) return FieldKind::Logical;
    if (v.is_number_integer() || v.is_number_unsigned()) return FieldKind::Integer;
    return FieldKind::Real;
}

const char* kind_name(FieldKind k) {
    switch (k) {
        case FieldKind::String: return "string";
        case FieldKind::Integer: return "integer";
        case FieldKind::Real: return "real number";
        case FieldKind::Logical: return "boolean";
    }
    return "?";
}

// A member that must be a string: its text, or empty when absent or of another type.
std::string string_member(const Json& obj, const char* key) {
    if (!obj.is_object()) return {};
    const auto it = obj.find(key);
    return (it != obj.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

int integer_width(const Json& v) {
    return static_cast<int>(v.dump().size());  // digits and sign, exactly as written
}

Layer read_layer(const fs::path& path) {
    Layer layer;
    layer.source = path;
    layer.stem = path.stem().string();
    Context ctx{path.string(), 0, {}};

    std::ifstream in(path, std::ios::binary);
    if (!in) ctx.fail({}, "cannot open for reading");
    std::stringstream buf;
    buf << in.rdbuf();
    Json doc;
    try {
        doc = Json::parse(buf.str());
    } catch (const Json::parse_error& e) {
        ctx.fail({}, std::string("not valid JSON: ") + e.what());
    }
    if (string_member(doc, "type") != "FeatureCollection")
        ctx.fail("type", "the top level must be a GeoJSON FeatureCollection");
    if (!doc.contains("features") || !doc["features"].is_array()) ctx.fail("features", "missing or not an array");

    // Fields in order of first appearance across the features.
    std::map<std::string, size_t> field_index;
    std::vector<std::vector<std::pair<size_t, Json>>> props_per_feature;
    const Json& feats = doc["features"];
    for (size_t i = 0; i < feats.size(); ++i) {
        ctx.feature = static_cast<int64_t>(i) + 1;
        ctx.feature_name.clear();
        const Json& fj = feats[i];
        if (string_member(fj, "type") != "Feature")
            ctx.fail("type", "each member of \"features\" must be a GeoJSON Feature");
        const Json props = fj.contains("properties") ? fj["properties"] : Json();
        if (!props.is_null() && !props.is_object()) ctx.fail("properties", "must be an object or null");
        if (props.is_object() && props.contains("name") && props["name"].is_string())
            ctx.feature_name = props["name"].get<std::string>();

        Feature f;
        if (!fj.contains("geometry")) ctx.fail("geometry", "missing (use null for a feature without a shape)");
        read_geometry(fj["geometry"], f, ctx);
        if (f.geom != GeomClass::None) {
            GeomClass layer_geom = layer.geom;
            GeomClass g = f.geom;
            // Points and multipoints share a layer as multipoints.
            if ((layer_geom == GeomClass::Point && g == GeomClass::MultiPoint) ||
                (layer_geom == GeomClass::MultiPoint && g == GeomClass::Point)) {
                layer.geom = GeomClass::MultiPoint;
            } else if (layer_geom == GeomClass::None) {
                layer.geom = g;
            } else if (layer_geom != g) {
                ctx.fail("geometry.type", std::string("a ") + geom_class_name(g) + " in a layer of " +
                                              geom_class_name(layer_geom) + "s: one shapefile holds one kind");
            }
        }

        std::vector<std::pair<size_t, Json>> vals;
        if (props.is_object()) {
            for (auto it = props.begin(); it != props.end(); ++it) {
                const std::string& key = it.key();
                const Json& v = it.value();
                const std::string where = "properties." + key;
                if (key.empty() || key.size() > static_cast<size_t>(kMaxDbfFieldName))
                    ctx.fail(where, "a DBF field name has 1 to 10 characters");
                if (v.is_object() || v.is_array()) ctx.fail(where, "nested objects and arrays have no DBF type");
                if (v.is_number_float() && !std::isfinite(v.get<double>())) ctx.fail(where, "a number that is not finite");
                auto [pos, inserted] = field_index.emplace(key, layer.fields.size());
                if (inserted) layer.fields.push_back(Field{key, FieldKind::String, 1, 0, false});
                Field& fd = layer.fields[pos->second];
                if (!v.is_null()) {
                    FieldKind k = kind_of(v);
                    // A field that was only null so far takes the type of its first value.
                    if (!fd.typed) fd.kind = k;
                    fd.typed = true;
                    if (fd.kind == FieldKind::Real && k == FieldKind::Integer) k = FieldKind::Real;
                    if (fd.kind == FieldKind::Integer && k == FieldKind::Real) fd.kind = FieldKind::Real;
                    if (k != fd.kind)
                        ctx.fail(where, std::string("is a ") + kind_name(k) + " here but a " + kind_name(fd.kind) +
                                            " in earlier features");
                    if (k == FieldKind::String) {
                        const auto len = v.get<std::string>().size();
                        if (len > static_cast<size_t>(kMaxDbfString))
                            ctx.fail(where, "text of " + std::to_string(len) + " bytes; a DBF field holds at most 254");
                        fd.width = std::max(fd.width, static_cast<int>(len));
                    } else if (k == FieldKind::Integer) {
                        fd.width = std::max(fd.width, integer_width(v));
                        if (fd.width > 18) ctx.fail(where, "integer wider than 18 digits");
                    }
                }
                vals.emplace_back(pos->second, v);
            }
        }
        props_per_feature.push_back(std::move(vals));
        layer.features.push_back(std::move(f));
    }
    ctx.feature = 0;
    ctx.feature_name.clear();
    if (layer.geom == GeomClass::None && !layer.features.empty())
        ctx.fail("features", "no feature has a geometry: nothing to say which kind of shapefile to write");
    if (layer.features.empty()) ctx.fail("features", "empty: a layer needs at least one feature");

    for (Field& fd : layer.fields) {
        if (fd.kind == FieldKind::Real) {
            fd.width = 19;
            fd.decimals = 8;
        } else if (fd.kind == FieldKind::Logical) {
            fd.width = 1;
        }
    }
    for (size_t i = 0; i < layer.features.size(); ++i) {
        layer.features[i].values.assign(layer.fields.size(), Json());
        for (auto& [idx, v] : props_per_feature[i]) layer.features[i].values[idx] = std::move(v);
    }
    return layer;
}

// [SECTION] Writing shapefiles

int shp_type(GeomClass g) {
    switch (g) {
        case GeomClass::Point: return SHPT_POINT;
        case GeomClass::MultiPoint: return SHPT_MULTIPOINT;
        case GeomClass::Line: return SHPT_ARC;
        case GeomClass::Polygon: return SHPT_POLYGON;
        case GeomClass::None: return SHPT_NULL;
    }
    return SHPT_NULL;
}

void write_text_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw atlas::Error(path.string(), 0, "cannot write");
}

void write_layer(const Layer& layer, const fs::path& dir) {
    const std::string base = (dir / layer.stem).string();
    const std::string src = layer.source.string();

    SHPHandle shp = SHPCreate(base.c_str(), shp_type(layer.geom));
    if (!shp) throw atlas::Error(base + ".shp", 0, "Shapelib could not create the file");
    for (size_t i = 0; i < layer.features.size(); ++i) {
        const Feature& f = layer.features[i];
        std::vector<int> starts;
        std::vector<double> xs, ys;
        for (const auto& part : f.parts) {
            starts.push_back(static_cast<int>(xs.size()));
            for (const auto& [x, y] : part) {
                xs.push_back(x);
                ys.push_back(y);
            }
        }
        SHPObject* obj = nullptr;
        if (f.geom == GeomClass::None) {
            obj = SHPCreateObject(SHPT_NULL, -1, 0, nullptr, nullptr, 0, nullptr, nullptr, nullptr, nullptr);
        } else if (layer.geom == GeomClass::Point) {
            obj = SHPCreateSimpleObject(SHPT_POINT, 1, xs.data(), ys.data(), nullptr);
        } else if (layer.geom == GeomClass::MultiPoint) {
            obj = SHPCreateSimpleObject(SHPT_MULTIPOINT, static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr);
        } else {
            obj = SHPCreateObject(shp_type(layer.geom), -1, static_cast<int>(starts.size()), starts.data(), nullptr,
                                  static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr, nullptr);
            // Shapefile polygons: outer rings clockwise, holes counter-clockwise (GeoJSON is
            // the other way round); Shapelib decides which ring is a hole by containment.
            if (obj && layer.geom == GeomClass::Polygon) SHPRewindObject(shp, obj);
        }
        if (!obj) {
            SHPClose(shp);
            throw atlas::Error(atlas::Diagnostic{src, static_cast<int64_t>(i) + 1, "geometry",
                                                 "Shapelib could not build the shape"});
        }
        const int rec = SHPWriteObject(shp, -1, obj);
        SHPDestroyObject(obj);
        if (rec < 0) {
            SHPClose(shp);
            throw atlas::Error(atlas::Diagnostic{src, static_cast<int64_t>(i) + 1, "geometry",
                                                 "Shapelib could not write the shape to " + base + ".shp"});
        }
    }
    SHPClose(shp);

    DBFHandle dbf = DBFCreateEx(base.c_str(), "UTF-8");
    if (!dbf) throw atlas::Error(base + ".dbf", 0, "Shapelib could not create the file");
    DBFSetLastModifiedDate(dbf, kDbfYearSince1900, kDbfMonth, kDbfDay);
    for (const Field& fd : layer.fields) {
        DBFFieldType t = FTString;
        if (fd.kind == FieldKind::Integer) t = FTInteger;
        if (fd.kind == FieldKind::Real) t = FTDouble;
        if (fd.kind == FieldKind::Logical) t = FTLogical;
        if (DBFAddField(dbf, fd.name.c_str(), t, fd.width, fd.decimals) < 0) {
            DBFClose(dbf);
            throw atlas::Error(atlas::Diagnostic{src, 0, fd.name, "Shapelib could not add the DBF field"});
        }
    }
    for (size_t i = 0; i < layer.features.size(); ++i) {
        const int row = static_cast<int>(i);
        for (size_t k = 0; k < layer.fields.size(); ++k) {
            const int col = static_cast<int>(k);
            const Json& v = layer.features[i].values[k];
            int ok = 0;
            if (v.is_null()) {
                ok = DBFWriteNULLAttribute(dbf, row, col);
            } else if (v.is_string()) {
                ok = DBFWriteStringAttribute(dbf, row, col, v.get_ref<const std::string&>().c_str());
            } else if (v.is_boolean()) {
                ok = DBFWriteLogicalAttribute(dbf, row, col, v.get<bool>() ? 'T' : 'F');
            } else {
                ok = DBFWriteDoubleAttribute(dbf, row, col, v.get<double>());
            }
            if (!ok) {
                DBFClose(dbf);
                throw atlas::Error(atlas::Diagnostic{src, static_cast<int64_t>(i) + 1, layer.fields[k].name,
                                                     "Shapelib could not write the value to " + base + ".dbf"});
            }
        }
    }
    DBFClose(dbf);

    write_text_file(base + ".prj", kWgs84Prj);
    write_text_file(base + ".cpg", "UTF-8");
}

std::vector<fs::path> list_sources(const fs::path& src) {
    std::vector<fs::path> out;
    if (fs::is_regular_file(src)) {
        out.push_back(src);
        return out;
    }
    if (!fs::is_directory(src)) throw atlas::Error(src.string(), 0, "no such file or folder");
    for (const auto& e : fs::directory_iterator(src))
        if (e.is_regular_file() && e.path().extension() == ".geojson") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    if (out.empty()) throw atlas::Error(src.string(), 0, "holds no .geojson files");
    return out;
}

void usage(std::ostream& os) {
    os << "usage: geodata_build SRC OUT\n"
          "  SRC  a folder of GeoJSON FeatureCollections (*.geojson) or one such file\n"
          "  OUT  folder for the shapefiles: <stem>.shp/.shx/.dbf/.prj/.cpg per source\n";
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
        std::vector<Layer> layers;
        for (const auto& p : list_sources(src)) layers.push_back(read_layer(p));

        std::error_code ec;
        fs::create_directories(out, ec);
        if (ec) throw atlas::Error(out.string(), 0, "cannot create the folder: " + ec.message());
        fs::remove_all(scratch, ec);
        fs::create_directories(scratch, ec);
        if (ec) throw atlas::Error(scratch.string(), 0, "cannot create the folder: " + ec.message());

        for (const Layer& l : layers) write_layer(l, scratch);
        for (const Layer& l : layers) {
            for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
                fs::rename(scratch / (l.stem + ext), out / (l.stem + ext), ec);
                if (ec) throw atlas::Error((out / (l.stem + ext)).string(), 0, "cannot move into place: " + ec.message());
            }
            size_t vertices = 0;
            for (const auto& f : l.features)
                for (const auto& part : f.parts) vertices += part.size();
            std::cout << l.stem << ": " << l.features.size() << " features, " << vertices << " vertices, "
                      << geom_class_name(l.geom) << "\n";
        }
        fs::remove_all(scratch, ec);
    } catch (const atlas::Error& e) {
        std::error_code ec;
        fs::remove_all(scratch, ec);
        std::cerr << "geodata_build: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::error_code ec;
        fs::remove_all(scratch, ec);
        std::cerr << "geodata_build: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
