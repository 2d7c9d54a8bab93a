// libFuzzer: arbitrary bytes as a CSV import. Whatever imports cleanly must
// export and re-import to the same events.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "store/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    atlas::ImportResult r = atlas::import_csv(text, "fuzz.csv", atlas::ImportOptions{true});
    if (r.data.events.size() + static_cast<size_t>(r.skipped) != static_cast<size_t>(r.rows) && r.rows > 0) std::abort();
    std::vector<std::string> ids;
    for (const auto& e : r.data.events) ids.push_back(e.id);
    atlas::ImportResult back = atlas::import_csv(atlas::export_csv(r.data, ids), "again.csv");
    if (!back.problems.empty() || back.data.events.size() != r.data.events.size()) std::abort();
    for (size_t i = 0; i < back.data.events.size(); ++i) {
        // The date note and everything else survive; times compare by interval.
        if (!(back.data.events[i] == r.data.events[i])) std::abort();
    }
    return 0;
}
