// libFuzzer: arbitrary bytes as a GeoJSON import; clean imports round-trip.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "store/geojson.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    atlas::ImportResult r = atlas::import_geojson(text, "fuzz.geojson", atlas::ImportOptions{true});
    std::vector<std::string> ids;
    for (const auto& e : r.data.events) ids.push_back(e.id);
    atlas::ImportResult back = atlas::import_geojson(atlas::export_geojson(r.data, ids), "again.geojson");
    if (!back.problems.empty() || back.data.events.size() != r.data.events.size()) std::abort();
    for (size_t i = 0; i < back.data.events.size(); ++i)
        if (!(back.data.events[i] == r.data.events[i])) std::abort();
    return 0;
}
