// `almaty-atlas geocode QUERY`: places of the basemap's gazetteer that match a
// name, best first, one per line: LAT LON RADIUS_M KIND NAME (tab-separated),
// and with --wkt the place's ground as WKT (a neighbourhood's outline).
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/shape.hpp"
#include "core/paths.hpp"
#include "geo/gazetteer.hpp"

namespace atlas::cli {

void register_geocode(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand(
        "geocode",
        "Find a place of the basemap by name: streets, intersections (\"Gogol & Dostyk\"), neighbourhoods, "
        "stations, districts, in Russian, Kazakh or Latin spelling. Prints LAT LON RADIUS_M KIND NAME per "
        "line, best first; exit 1 when nothing matches");
    struct Args {
        std::string query;
        size_t limit = 10;
        std::string geodata;
        bool english = false;
        bool stats = false;
        bool wkt = false;
    };
    auto args = std::make_shared<Args>();
    sub->add_option("query", args->query, "A name, or two names joined by &, /, ×, \"and\" or \"x\" for their crossing")
        ->required();
    sub->add_option("--limit", args->limit, "At most this many candidates (default 10)")->check(CLI::Range(1, 10000));
    sub->add_option("--geodata", args->geodata, "Folder of basemap shapefiles (default: the shipped basemap)");
    sub->add_flag("--english", args->english, "Print names in English (\"Gogol Street\") instead of as the map writes them");
    sub->add_flag("--wkt", args->wkt,
                  "Add a column: the place's ground as WKT, a POLYGON for a neighbourhood (the convex hull of the "
                  "streets named as its own), else the POINT");
    sub->add_flag("--stats", args->stats, "Also print the gazetteer's size and build time to stderr");
    sub->callback([&ctx, args] {
        const std::filesystem::path dir = args->geodata.empty() ? paths::geodata_dir() : std::filesystem::path(args->geodata);
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) {
            std::fprintf(stderr, "%s: not a folder of shapefiles\n", dir.string().c_str());
            ctx.exit_code = kUsageError;
            return;
        }
        try {
            const Gazetteer gazetteer = Gazetteer::build(dir);
            if (args->stats) {
                const GazetteerStats& s = gazetteer.stats();
                std::fprintf(stderr,
                             "%s: %zu streets, %zu intersections, %zu neighbourhoods, %zu stations, %zu districts; "
                             "built in %.1f ms\n",
                             dir.string().c_str(), s.streets, s.intersections, s.neighbourhoods, s.stations,
                             s.districts, s.build_ms);
            }
            if (gazetteer.empty()) {
                std::fprintf(stderr, "%s: no roads, transport or districts shapefiles with names\n", dir.string().c_str());
                ctx.exit_code = kDataError;
                return;
            }
            const std::vector<PlaceMatch> matches = gazetteer.find(args->query, args->limit);
            for (const PlaceMatch& m : matches) {
                const GazetteerPlace& p = gazetteer.place(m.place);
                std::printf("%.6f\t%.6f\t%.0f\t%s\t%s", p.at.lat, p.at.lon, std::ceil(p.radius_m),
                            std::string(place_kind_name(p.kind)).c_str(), (args->english ? p.english : p.name).c_str());
                if (args->wkt) {
                    Location ground;
                    ground.lat = p.at.lat;
                    ground.lon = p.at.lon;
                    if (shape_problem(ShapeKind::Area, p.outline).empty())
                        set_shape(ground, ShapeKind::Area, p.outline);
                    std::printf("\t%s", to_wkt(ground).c_str());
                }
                std::printf("\n");
            }
            if (matches.empty()) {
                std::fprintf(stderr, "geocode: no place matches \"%s\"\n", args->query.c_str());
                ctx.exit_code = kDataError;
            }
        } catch (const Error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            ctx.exit_code = kDataError;
        }
    });
}

}  // namespace atlas::cli
