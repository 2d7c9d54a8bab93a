// `almaty-atlas info FILE.shp`: a summary of a shapefile in the spirit of `ogrinfo -so`.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "geo/osm_schema.hpp"
#include "geo/shapefile.hpp"

namespace atlas::cli {

namespace {

// OGR's name and width notation for a DBF field: "String (80.0)", "Real (19.11)".
std::string field_type(const FieldInfo& f) {
    std::string t;
    switch (f.type) {
        case 'C': t = "String"; break;
        case 'D': t = "Date"; break;
        case 'L': t = "Integer(Boolean)"; break;
        case 'N': case 'F':
            t = f.decimals > 0 ? "Real" : f.width < 10 ? "Integer" : f.width < 19 ? "Integer64" : "Real";
            break;
        case 'M': t = "Memo"; break;
        default: t = std::string("Type ") + f.type; break;
    }
    return t + " (" + std::to_string(f.width) + "." + std::to_string(f.decimals) + ")";
}

void print_info(const Layer& layer, bool all) {
    std::printf("Layer name: %s\n", layer.name.c_str());
    std::printf("Geometry: %s (%s)\n", layer.geometry_name.c_str(), layer.shape_type.c_str());
    std::printf("Feature Count: %zu\n", layer.feature_count());
    size_t with_geometry = 0;
    for (size_t f = 0; f < layer.feature_count(); ++f)
        if (layer.feature_parts[f + 1] > layer.feature_parts[f]) ++with_geometry;
    std::printf("Features with geometry: %zu (%zu parts, %zu vertices)\n", with_geometry, layer.part_count(),
                layer.vertex_count());
    if (layer.bounds.valid())
        std::printf("Extent: (%.9g, %.9g) - (%.9g, %.9g)%s\n", layer.bounds.min_lon, layer.bounds.min_lat,
                    layer.bounds.max_lon, layer.bounds.max_lat,
                    layer.georeferenced ? " (longitude, latitude, WGS 84)" : " (x, y as in the file)");
    else
        std::printf("Extent: none\n");
    std::printf("CRS: %s\n", layer.crs.c_str());
    std::printf("Codepage: %s\n", layer.codepage.empty() ? "none (no .dbf)" : layer.codepage.c_str());
    if (const OsmLayerKind osm = detect_osm_layer(layer); osm != OsmLayerKind::NotOsm)
        std::printf("OSM free-shapefile layer: %s\n", std::string(osm_layer_kind_name(osm)).c_str());
    std::printf("Fields (%zu):\n", layer.fields.size());
    for (const auto& f : layer.fields) std::printf("  %s: %s\n", f.name.c_str(), field_type(f).c_str());
    if (!layer.warnings.empty()) {
        std::printf("Warnings (%zu):\n", layer.warnings.size());
        for (const auto& d : layer.warnings.items) std::printf("  %s\n", d.str().c_str());
    }
    if (!all) return;
    for (size_t f = 0; f < layer.feature_count(); ++f) {
        const uint32_t p0 = layer.feature_parts[f], p1 = layer.feature_parts[f + 1];
        const uint32_t v0 = layer.part_vertices[p0], v1 = layer.part_vertices[p1];
        std::printf("Feature %zu (record %d): %u parts, %u vertices\n", f + 1, layer.record[f], p1 - p0, v1 - v0);
        for (size_t i = 0; i < layer.fields.size(); ++i)
            std::printf("  %s = %s\n", layer.fields[i].name.c_str(), layer.attribute(f, i).c_str());
    }
}

}  // namespace

void register_info(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand("info", "Describe a shapefile: geometry type, feature count, extent, CRS, "
                                           "code page, fields and the problems found (like ogrinfo -so)");
    struct Args { std::string file; bool all = false; };
    auto args = std::make_shared<Args>();  // lives as long as the callback that holds it
    sub->add_option("file", args->file, "Shapefile (.shp) to describe")->required();
    sub->add_flag("--all", args->all, "Also list every feature with its attributes");
    sub->callback([&ctx, args] {
        const std::string& file = args->file;
        const bool all = args->all;
        LoadOptions options;
        options.unplaced = LoadOptions::Unplaced::KeepSourceCoordinates;
        try {
            const Layer layer = load_shapefile(file, options);
            print_info(layer, all);
            ctx.exit_code = kOk;
        } catch (const Error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            ctx.exit_code = kDataError;
        }
    });
}

}  // namespace atlas::cli
