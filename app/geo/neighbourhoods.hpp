#pragma once
// Neighbourhoods derived from street names. OpenStreetMap's extract of Almaty has
// no neighbourhood areas, but many streets carry their neighbourhood in their
// name. The rule (applied to each named road):
//  - a parenthesised part names the neighbourhood: "Акжол (Шанырак-1)" -> "Шанырак-1",
//    "2-я (Калкаман 2 м-н)" -> "Калкаман 2" (its microdistrict word dropped);
//  - a road named as a microdistrict is inside it: "Шанырак 2 микрорайон" -> "Шанырак 2",
//    "мкр. Шанырак" -> "Шанырак";
//  - not neighbourhoods: a district ("(Медеуский)", "(Наурызбайский)": one word in -ский)
//    and a road's role ("(дублер)", a service road beside another).
// Spellings that fold to the same search key are one name ("Шанырак-2" = "Шанырак 2").
// A numbered neighbourhood also belongs to the one without its number: "Шанырак-1" and
// "Шанырак 2" make up "Шанырак".
// A neighbourhood's extent is the bounding box of its streets, and its outline their
// convex hull (the ground its streets span: an area an event can be placed in);
// streets of one name more than 1 km from each other's boxes make separate
// neighbourhoods of that name.
#include <string>
#include <string_view>
#include <vector>

#include "core/geo.hpp"

namespace atlas {

// The neighbourhood an OSM street name names as its own, as written there
// (without a microdistrict word); "" when it names none.
[[nodiscard]] std::string neighbourhood_of_street(std::string_view osm_name);

struct NamedStreet {
    std::string name;  // OSM name
    BoundsLL extent;
    std::vector<LatLon> points;  // its vertices (any subset holding their hull); empty: the extent's corners
};

struct Neighbourhood {
    std::string name;   // as the streets write it (the most frequent spelling)
    std::string key;    // fold_for_search(name)
    BoundsLL extent;    // of its streets
    std::vector<LatLon> outline;  // convex hull of its streets (core/shape.hpp convex_hull)
    size_t street_count = 0;
    std::vector<std::string> spellings;  // every spelling seen, the name first
};

// Neighbourhoods of the streets by the rule above, sorted by key.
[[nodiscard]] std::vector<Neighbourhood> derive_neighbourhoods(const std::vector<NamedStreet>& streets);

}  // namespace atlas
