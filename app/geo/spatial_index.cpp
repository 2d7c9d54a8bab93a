#include "geo/spatial_index.hpp"

#include <algorithm>

namespace atlas {

void SpatialIndex::build(std::span<const double> xs, std::span<const double> ys) {
    const size_t n = std::min(xs.size(), ys.size());
    xs_.assign(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(n));
    ys_.assign(ys.begin(), ys.begin() + static_cast<std::ptrdiff_t>(n));
    cell_start_.clear();
    ids_.clear();
    cols_ = rows_ = 0;
    if (n == 0) return;

    double max_x = xs_[0], max_y = ys_[0];
    min_x_ = xs_[0];
    min_y_ = ys_[0];
    for (size_t i = 1; i < n; ++i) {
        min_x_ = std::min(min_x_, xs_[i]);
        max_x = std::max(max_x, xs_[i]);
        min_y_ = std::min(min_y_, ys_[i]);
        max_y = std::max(max_y, ys_[i]);
    }
    // About four points per cell on average, at most 2048 cells a side.
    const double w = std::max(max_x - min_x_, 1.0), h = std::max(max_y - min_y_, 1.0);
    const double target_cells = std::max(1.0, static_cast<double>(n) / 4.0);
    cell_ = std::max(std::sqrt(w * h / target_cells), 1e-3);
    cell_ = std::max({cell_, w / 2048.0, h / 2048.0});
    cols_ = std::max(1, static_cast<int>(std::floor(w / cell_)) + 1);
    rows_ = std::max(1, static_cast<int>(std::floor(h / cell_)) + 1);

    const size_t cells = static_cast<size_t>(cols_) * static_cast<size_t>(rows_);
    std::vector<uint32_t> cell_of(n);
    cell_start_.assign(cells + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        const size_t c = static_cast<size_t>(row_of(ys_[i])) * static_cast<size_t>(cols_) +
                         static_cast<size_t>(col_of(xs_[i]));
        cell_of[i] = static_cast<uint32_t>(c);
        ++cell_start_[c + 1];
    }
    for (size_t c = 0; c < cells; ++c) cell_start_[c + 1] += cell_start_[c];
    std::vector<uint32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
    ids_.resize(n);
    for (size_t i = 0; i < n; ++i) ids_[fill[cell_of[i]]++] = static_cast<uint32_t>(i);
}

int SpatialIndex::col_of(double x) const noexcept {
    const double c = std::floor((x - min_x_) / cell_);
    return static_cast<int>(std::clamp(c, 0.0, static_cast<double>(cols_ - 1)));
}
int SpatialIndex::row_of(double y) const noexcept {
    const double r = std::floor((y - min_y_) / cell_);
    return static_cast<int>(std::clamp(r, 0.0, static_cast<double>(rows_ - 1)));
}

void SpatialIndex::query_rect(double min_x, double min_y, double max_x, double max_y,
                              std::vector<uint32_t>& out) const {
    if (xs_.empty() || min_x > max_x || min_y > max_y) return;
    const int c0 = col_of(min_x), c1 = col_of(max_x), r0 = row_of(min_y), r1 = row_of(max_y);
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c) {
            const size_t cell = static_cast<size_t>(r) * static_cast<size_t>(cols_) + static_cast<size_t>(c);
            for (uint32_t i = cell_start_[cell]; i < cell_start_[cell + 1]; ++i) {
                const uint32_t id = ids_[i];
                if (xs_[id] >= min_x && xs_[id] <= max_x && ys_[id] >= min_y && ys_[id] <= max_y) out.push_back(id);
            }
        }
}

void SpatialIndex::query_radius(double x, double y, double radius, std::vector<uint32_t>& out) const {
    if (xs_.empty() || !(radius >= 0)) return;
    const double r2 = radius * radius;
    const int c0 = col_of(x - radius), c1 = col_of(x + radius), r0 = row_of(y - radius), r1 = row_of(y + radius);
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c) {
            const size_t cell = static_cast<size_t>(r) * static_cast<size_t>(cols_) + static_cast<size_t>(c);
            for (uint32_t i = cell_start_[cell]; i < cell_start_[cell + 1]; ++i) {
                const uint32_t id = ids_[i];
                const double dx = xs_[id] - x, dy = ys_[id] - y;
                if (dx * dx + dy * dy <= r2) out.push_back(id);
            }
        }
}

}  // namespace atlas
