#pragma once
// Which events an export takes: the exporters receive a Dataset and the ids
// this selection returns.
#include <optional>
#include <string>
#include <vector>

#include "core/event.hpp"

namespace atlas {

class Project;

// Named apart from model/app_model.hpp's EventFilter (the explorer's filter): two classes of one
// name in one program break the one-definition rule (the export command crashed).
struct EventSelection {
    std::vector<std::string> categories;  // empty: all
    std::optional<TimePoint> from;        // events that overlap [from, to)
    std::optional<TimePoint> to;
    std::string search;                   // plain words, matched by Project::search; empty: no text filter
    std::vector<std::string> ids;         // empty: all
};

// Ids of the events of `d` that pass `f`, in time order (begin, then id).
// A text search needs the project the dataset was loaded from; without one a
// non-empty `search` matches nothing.
std::vector<std::string> select_events(const Dataset& d, const EventSelection& f, const Project* project);

}  // namespace atlas
