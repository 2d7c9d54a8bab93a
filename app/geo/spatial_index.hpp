#pragma once
// A static spatial index over points in Web Mercator metres: a uniform grid
// stored as one packed array (counting sort by cell), so a query touches only
// the cells it overlaps. Built once per dataset; picking and clustering ask it
// instead of looping over every event.
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace atlas {

class SpatialIndex {
public:
    // Indexes points (xs[i], ys[i]); ids returned by queries are the i.
    // Precondition: xs.size() == ys.size(), finite values.
    void build(std::span<const double> xs, std::span<const double> ys);

    [[nodiscard]] size_t size() const noexcept { return xs_.size(); }
    [[nodiscard]] bool empty() const noexcept { return xs_.empty(); }

    // Appends to `out` the ids of points inside the closed rectangle.
    void query_rect(double min_x, double min_y, double max_x, double max_y, std::vector<uint32_t>& out) const;
    // Appends to `out` the ids of points within `radius` of (x, y).
    void query_radius(double x, double y, double radius, std::vector<uint32_t>& out) const;

    // The nearest point to (x, y) within max_dist for which accept(id) holds.
    template <class Accept>
    [[nodiscard]] std::optional<uint32_t> nearest(double x, double y, double max_dist, Accept&& accept) const;
    [[nodiscard]] std::optional<uint32_t> nearest(double x, double y,
                                                  double max_dist = std::numeric_limits<double>::infinity()) const {
        return nearest(x, y, max_dist, [](uint32_t) { return true; });
    }

    [[nodiscard]] double cell_size() const noexcept { return cell_; }
    [[nodiscard]] int columns() const noexcept { return cols_; }
    [[nodiscard]] int rows() const noexcept { return rows_; }

private:
    [[nodiscard]] int col_of(double x) const noexcept;
    [[nodiscard]] int row_of(double y) const noexcept;

    std::vector<double> xs_, ys_;
    std::vector<uint32_t> cell_start_;  // cols*rows+1 offsets into ids_
    std::vector<uint32_t> ids_;         // point ids grouped by cell
    double min_x_ = 0, min_y_ = 0, cell_ = 1;
    int cols_ = 0, rows_ = 0;
};

template <class Accept>
std::optional<uint32_t> SpatialIndex::nearest(double x, double y, double max_dist, Accept&& accept) const {
    if (xs_.empty()) return std::nullopt;
    // Search square rings of cells around the query cell; stop once the ring
    // lies farther than the best distance found (or max_dist).
    const int c0 = col_of(x), r0 = row_of(y);
    // Distance from the query to the outside of the ring-k square is at least
    // (k - 1) cells plus its offset inside its own cell; use the safe bound.
    double best_d2 = max_dist * max_dist;
    std::optional<uint32_t> best;
    const int max_ring = std::max(cols_, rows_);
    for (int k = 0; k <= max_ring; ++k) {
        const double ring_min = (k - 1) * cell_;  // no point in ring k is closer than this
        if (k > 0 && ring_min > 0 && ring_min * ring_min > best_d2) break;
        for (int r = r0 - k; r <= r0 + k; ++r) {
            if (r < 0 || r >= rows_) continue;
            const bool edge_row = (r == r0 - k || r == r0 + k);
            for (int c = c0 - k; c <= c0 + k; c += (edge_row || k == 0) ? 1 : 2 * k) {
                if (c < 0 || c >= cols_) continue;
                const size_t cell = static_cast<size_t>(r) * static_cast<size_t>(cols_) + static_cast<size_t>(c);
                for (uint32_t i = cell_start_[cell]; i < cell_start_[cell + 1]; ++i) {
                    const uint32_t id = ids_[i];
                    const double dx = xs_[id] - x, dy = ys_[id] - y;
                    const double d2 = dx * dx + dy * dy;
                    if (d2 <= best_d2 && (!best || d2 < best_d2 || id < *best) && accept(id)) {
                        best_d2 = d2;
                        best = id;
                    }
                }
            }
        }
    }
    return best;
}

}  // namespace atlas
