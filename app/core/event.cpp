#include "core/event.hpp"

#include <algorithm>
#include <array>

namespace atlas {

namespace {
constexpr std::array<std::string_view, 6> kLocationPrecisionNames = {
    "building", "street", "neighbourhood", "district", "city", "outside"};

template <class T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
    return it == items.end() ? nullptr : &*it;
}
}  // namespace

std::string_view to_string(LocationPrecision p) noexcept {
    return kLocationPrecisionNames[static_cast<size_t>(p)];
}

std::optional<LocationPrecision> location_precision_from_string(std::string_view s) noexcept {
    for (size_t i = 0; i < kLocationPrecisionNames.size(); ++i)
        if (kLocationPrecisionNames[i] == s) return static_cast<LocationPrecision>(i);
    return std::nullopt;
}

namespace {
constexpr std::array<std::string_view, 3> kShapeNames = {"point", "area", "route"};
}  // namespace

std::string_view to_string(ShapeKind k) noexcept { return kShapeNames[static_cast<size_t>(k)]; }

std::optional<ShapeKind> shape_kind_from_string(std::string_view s) noexcept {
    for (size_t i = 0; i < kShapeNames.size(); ++i)
        if (kShapeNames[i] == s) return static_cast<ShapeKind>(i);
    return std::nullopt;
}

bool chronological_before(const Event& a, const Event& b) noexcept {
    if (a.time.begin != b.time.begin) return a.time.begin < b.time.begin;
    if (a.sequence != b.sequence) return a.sequence < b.sequence;
    return a.id < b.id;
}

const Source* Dataset::find_source(std::string_view id) const { return find_by_id(sources, id); }
const Excerpt* Dataset::find_excerpt(std::string_view id) const { return find_by_id(excerpts, id); }
const Event* Dataset::find_event(std::string_view id) const { return find_by_id(events, id); }
const Place* Dataset::find_place(std::string_view id) const { return find_by_id(places, id); }

namespace {
template <class T>
void index_by_id(const std::vector<T>& items, std::unordered_map<std::string_view, const T*>& out) {
    out.reserve(items.size());
    for (const T& x : items) out.try_emplace(x.id, &x);  // the first of a repeated id stays
}
}  // namespace

DatasetIndex::DatasetIndex(const Dataset& d) {
    index_by_id(d.sources, sources_);
    index_by_id(d.excerpts, excerpts_);
    index_by_id(d.events, events_);
}

std::vector<const Event*> DatasetIndex::events(const std::vector<std::string>& ids) const {
    std::vector<const Event*> out;
    out.reserve(ids.size());
    for (const auto& id : ids)
        if (const Event* e = event(id)) out.push_back(e);
    return out;
}

}  // namespace atlas
