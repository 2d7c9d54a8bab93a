// libFuzzer: arbitrary bytes as forensic-architecture timemap JSON; whatever
// imports must also export (GeoJSON, KML, citations) without fault.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "store/citations.hpp"
#include "store/geojson.hpp"
#include "store/kml.hpp"
#include "store/timemap.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    atlas::ImportResult r = atlas::import_timemap(text, "fuzz.json", atlas::ImportOptions{true});
    std::vector<std::string> ids;
    for (const auto& e : r.data.events) {
        ids.push_back(e.id);
        for (const auto& x : e.excerpt_ids)
            if (!r.data.find_excerpt(x)) std::abort();  // every link resolves
    }
    (void)atlas::export_kml(r.data, ids);
    (void)atlas::export_citations_html(r.data, ids);
    (void)atlas::export_citations_markdown(r.data, ids);
    atlas::ImportResult back = atlas::import_geojson(atlas::export_geojson(r.data, ids), "again.geojson");
    if (back.data.events.size() != r.data.events.size()) std::abort();
    return 0;
}
