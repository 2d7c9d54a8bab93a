#include "store/event_filter.hpp"

#include <algorithm>
#include <set>

#include "store/project.hpp"

namespace atlas {

std::vector<std::string> select_events(const Dataset& d, const EventSelection& f, const Project* project) {
    std::optional<std::set<std::string>> found;
    if (!f.search.empty()) {
        found.emplace();
        if (project)
            for (auto& id : project->search(f.search)) found->insert(std::move(id));
    }
    const std::set<std::string> cats(f.categories.begin(), f.categories.end());
    const std::set<std::string> ids(f.ids.begin(), f.ids.end());
    std::vector<const Event*> picked;
    for (const Event& e : d.events) {
        if (!cats.empty() && !cats.count(e.category)) continue;
        if (!ids.empty() && !ids.count(e.id)) continue;
        if (found && !found->count(e.id)) continue;
        // An open-ended interval reaches as far as it may.
        if (f.from && !e.time.open_end && e.time.end <= *f.from) continue;
        if (f.to && !e.time.open_begin && e.time.begin >= *f.to) continue;
        picked.push_back(&e);
    }
    std::stable_sort(picked.begin(), picked.end(), [](const Event* a, const Event* b) {
        return chronological_before(*a, *b);
    });
    std::vector<std::string> out;
    out.reserve(picked.size());
    for (const Event* e : picked) out.push_back(e->id);
    return out;
}

}  // namespace atlas
