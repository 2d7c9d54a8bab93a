#pragma once
// The place finder: an offline gazetteer built from the basemap's shapefiles.
//
// What it holds (from a folder in the Geofabrik schema: roads.shp with `name`
// and `fclass`, transport.shp, districts.shp; optional `name_ru`, `name_kk`,
// `name_en`, `alt_name`, `enname`, `locname` fields give more spellings):
//  - streets: the named roads whose names give one English name ("проспект Абая"
//    and "Абай даңғылы" are both "Abai Avenue"), split where their pieces lie more
//    than 400 m apart. Position: the point of the street nearest the middle of its
//    length; radius: the farthest point of the street from there (half its length
//    for a straight street).
//  - intersections: where two streets of different names share a vertex; the shared
//    vertices of one pair less than 80 m apart are one crossing (a dual carriageway
//    gives several), so a pair that meets several times is listed once per meeting.
//    Radius: the crossing's own spread plus 20 m. Roads that cross on a bridge without
//    a shared vertex do not meet.
//  - neighbourhoods: derived from street names (geo/neighbourhoods.hpp); position
//    the centre of their extent, radius half its diagonal.
//  - stations: named points of transport.shp; stops of one name within 300 m are one.
//  - districts: districts.shp; position the centroid, radius to the farthest vertex.
//
// Finding: a query and every name are compared by their search keys
// (core/translit.hpp fold_for_search), so Russian, Kazakh and Latin spellings meet.
// Street-type words in the query ("street", "улица", "даңғылы") are compared with the
// street's type separately from its name. Ranking: an exact name first, then a name
// the query begins (a prefix), then a name within one or two edits; within a level,
// a matching street type, the kind of place and its importance. A query of two names
// joined by "&", "/", "×", " and " or " x " finds their intersections.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo.hpp"

namespace atlas {

enum class PlaceKind : uint8_t { Street, Intersection, Neighbourhood, Station, District };

// "street", "intersection", "neighbourhood", "station", "district".
[[nodiscard]] std::string_view place_kind_name(PlaceKind kind);

struct GazetteerPlace {
    PlaceKind kind = PlaceKind::Street;
    std::string name;                    // as the map writes it (OSM, usually Russian or Kazakh)
    std::string english;                 // for an English reader: "Gogol Street", "Shanyrak-1"
    std::vector<std::string> spellings;  // every name it is known by
    LatLon at;
    double radius_m = 0;                 // how far from `at` the place reaches
    double importance = 0;               // 0..1: road class and length, station class, size
    BoundsLL extent;
    std::vector<LatLon> outline;         // a neighbourhood's ground (its streets' convex hull); else empty
    uint32_t street_a = 0, street_b = 0;  // an intersection's two streets (indices of places())
};

struct PlaceMatch {
    uint32_t place = 0;  // index into Gazetteer::places()
    double score = 0;    // higher is better; 1 is an exact match of the name
};

struct GazetteerStats {
    size_t streets = 0, intersections = 0, neighbourhoods = 0, stations = 0, districts = 0;
    double build_ms = 0;  // reading the shapefiles and building the index
};

class Gazetteer {
public:
    Gazetteer() = default;

    // Builds from the shapefiles in `geodata_dir`. A missing file gives no places of
    // its kinds; a file that cannot be read throws atlas::Error naming it.
    [[nodiscard]] static Gazetteer build(const std::filesystem::path& geodata_dir);

    // Candidates for `query`, best first, at most `limit`.
    [[nodiscard]] std::vector<PlaceMatch> find(std::string_view query, size_t limit = 10) const;

    [[nodiscard]] const std::vector<GazetteerPlace>& places() const noexcept { return places_; }
    [[nodiscard]] const GazetteerPlace& place(uint32_t i) const { return places_.at(i); }
    [[nodiscard]] const GazetteerStats& stats() const noexcept { return stats_; }
    [[nodiscard]] bool empty() const noexcept { return places_.empty(); }

    // The two names of an intersection query ("Gogol & Dostyk"); false when the
    // query has no separator between two non-empty names.
    [[nodiscard]] static bool split_intersection_query(std::string_view query, std::string& first,
                                                       std::string& second);

private:
    struct Key {
        std::string core;  // the name's search key without street-type words and area
        std::string full;  // core plus the area ("akjol shanirak 1")
        uint32_t place = 0;
    };
    struct Scored {
        uint32_t place;
        double score;
    };
    void add_keys(uint32_t place, const std::string& spelling);
    [[nodiscard]] std::vector<Scored> score_all(std::string_view query, bool streets_only) const;

    std::vector<GazetteerPlace> places_;
    std::vector<std::string> types_;  // English street type of each place ("" when none)
    std::vector<Key> keys_;
    std::vector<uint32_t> intersections_;  // place indices of intersections
    GazetteerStats stats_;
};

}  // namespace atlas
