#include "geo/tessellate.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace atlas {

// [SECTION] Geometry helpers
namespace {

bool finite(const MercatorXY& p) noexcept { return std::isfinite(p.x) && std::isfinite(p.y); }
bool same(const MercatorXY& a, const MercatorXY& b) noexcept { return a.x == b.x && a.y == b.y; }

// Twice the signed area of triangle abc: positive when counter-clockwise.
double cross(const MercatorXY& a, const MercatorXY& b, const MercatorXY& c) noexcept {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

double signed_area2(const std::vector<MercatorXY>& pts, const std::vector<uint32_t>& ring) {
    double a = 0;
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
        a += (pts[ring[j]].x - pts[ring[i]].x) * (pts[ring[j]].y + pts[ring[i]].y);
    return a;
}

// Even-odd point in ring test.
bool inside(const std::vector<MercatorXY>& pts, const std::vector<uint32_t>& ring, const MercatorXY& p) {
    bool in = false;
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const MercatorXY& a = pts[ring[i]];
        const MercatorXY& b = pts[ring[j]];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
    return in;
}

struct Box {
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    void extend(const MercatorXY& p) noexcept {
        x0 = std::min(x0, p.x); y0 = std::min(y0, p.y);
        x1 = std::max(x1, p.x); y1 = std::max(y1, p.y);
    }
    [[nodiscard]] bool contains(const Box& b) const noexcept {
        return x0 <= b.x0 && y0 <= b.y0 && b.x1 <= x1 && b.y1 <= y1;
    }
};

struct Ring {
    std::vector<uint32_t> v;  // point numbers
    Box box;
    double area = 0;          // absolute
    int depth = 0;            // rings containing this one
    int parent = -1;          // smallest ring containing this one
};

}  // namespace

// [SECTION] Ear clipping of one outer ring with its holes
//
// The holes are joined to the outer ring by bridges (two coincident edges there
// and back), hole with the rightmost vertex first, so the result is one ring that
// ear clipping cuts into triangles. Ear tests look only at reflex vertices near
// the ear, found through a uniform grid.
struct Tessellator::State {
    struct Node {
        uint32_t p;            // point number
        uint32_t prev, next;   // neighbours in the ring
        bool removed = false;
    };
    const std::vector<MercatorXY>* pts = nullptr;
    std::vector<Node> nodes;
    std::vector<uint32_t> tris;  // point numbers, three a triangle
    size_t errors = 0;

    // Grid of nodes for the ear tests.
    Box box;
    int gw = 1, gh = 1;
    double cw = 1, ch = 1;
    std::vector<uint32_t> cell_start, cell_nodes;

    [[nodiscard]] const MercatorXY& at(uint32_t n) const { return (*pts)[nodes[n].p]; }

    // Appends a ring as a cycle of nodes; returns the first node.
    uint32_t add_cycle(const std::vector<uint32_t>& ring, bool reverse) {
        const auto first = static_cast<uint32_t>(nodes.size());
        const auto n = static_cast<uint32_t>(ring.size());
        for (uint32_t i = 0; i < n; ++i) {
            const uint32_t p = reverse ? ring[n - 1 - i] : ring[i];
            nodes.push_back({p, first + (i + n - 1) % n, first + (i + 1) % n});
        }
        return first;
    }

    // Inserts a copy of node a after b... : the bridge a -> b and back.
    void bridge(uint32_t a, uint32_t b) {
        const auto a2 = static_cast<uint32_t>(nodes.size());
        const auto b2 = a2 + 1;
        const uint32_t an = nodes[a].next, bp = nodes[b].prev;
        nodes.push_back({nodes[a].p, 0, 0});
        nodes.push_back({nodes[b].p, 0, 0});
        nodes[a].next = b;
        nodes[b].prev = a;
        nodes[a2].next = an;
        nodes[an].prev = a2;
        nodes[b2].next = a2;
        nodes[a2].prev = b2;
        nodes[bp].next = b2;
        nodes[b2].prev = bp;
    }

    // Joins the hole cycle starting at `hole` to the outer cycle at `outer`.
    bool join_hole(uint32_t outer, uint32_t hole) {
        // The hole's rightmost vertex M; a ray from it towards +x meets the outer boundary.
        uint32_t m = hole;
        for (uint32_t n = nodes[hole].next; n != hole; n = nodes[n].next)
            if (at(n).x > at(m).x || (at(n).x == at(m).x && at(n).y < at(m).y)) m = n;
        const MercatorXY M = at(m);
        double best_x = INFINITY;
        uint32_t p = UINT32_MAX;
        uint32_t n = outer;
        do {
            const MercatorXY& a = at(n);
            const MercatorXY& b = at(nodes[n].next);
            if ((a.y <= M.y && M.y <= b.y) || (b.y <= M.y && M.y <= a.y)) {
                const double x = a.y == b.y ? std::min(a.x, b.x) : a.x + (M.y - a.y) * (b.x - a.x) / (b.y - a.y);
                if (x >= M.x && x < best_x) {
                    best_x = x;
                    if (x == a.x && M.y == a.y) p = n;
                    else if (x == b.x && M.y == b.y) p = nodes[n].next;
                    else p = a.x > b.x ? n : nodes[n].next;
                }
            }
            n = nodes[n].next;
        } while (n != outer);
        if (p == UINT32_MAX) return false;
        if (best_x != at(p).x || M.y != at(p).y) {
            // Vertices inside triangle (M, I, P) could block the bridge: take the one
            // at the smallest angle to the ray instead.
            const MercatorXY I{best_x, M.y};
            const MercatorXY P = at(p);
            const bool up = P.y > M.y;
            double best_tan = INFINITY, best_d = INFINITY;
            const uint32_t stop = p;
            n = p;
            do {
                const MercatorXY& q = at(n);
                const bool in_tri = up ? (cross(M, I, q) >= 0 && cross(I, P, q) >= 0 && cross(P, M, q) >= 0)
                                       : (cross(M, I, q) <= 0 && cross(I, P, q) <= 0 && cross(P, M, q) <= 0);
                if (q.x >= M.x && !same(q, P) && in_tri && q.x != M.x) {
                    const double t = std::fabs(q.y - M.y) / (q.x - M.x);
                    const double d = q.x - M.x;
                    if (t < best_tan || (t == best_tan && d < best_d)) {
                        best_tan = t;
                        best_d = d;
                        p = n;
                    }
                }
                n = nodes[n].next;
            } while (n != stop);
        }
        bridge(p, m);
        return true;
    }

    void build_grid(uint32_t start, size_t count) {
        box = {};
        uint32_t n = start;
        do { box.extend(at(n)); n = nodes[n].next; } while (n != start);
        const double side = std::sqrt(static_cast<double>(count) / 2.0);
        gw = std::clamp(static_cast<int>(side), 1, 1024);
        gh = gw;
        cw = std::max((box.x1 - box.x0) / gw, 1e-12);
        ch = std::max((box.y1 - box.y0) / gh, 1e-12);
        cell_start.assign(static_cast<size_t>(gw) * gh + 1, 0);
        n = start;
        do { ++cell_start[cell_of(at(n)) + 1]; n = nodes[n].next; } while (n != start);
        std::partial_sum(cell_start.begin(), cell_start.end(), cell_start.begin());
        cell_nodes.assign(cell_start.back(), 0);
        std::vector<uint32_t> fill(cell_start.begin(), cell_start.end() - 1);
        n = start;
        do { cell_nodes[fill[cell_of(at(n))]++] = n; n = nodes[n].next; } while (n != start);
    }
    [[nodiscard]] int cx(double x) const { return std::clamp(static_cast<int>((x - box.x0) / cw), 0, gw - 1); }
    [[nodiscard]] int cy(double y) const { return std::clamp(static_cast<int>((y - box.y0) / ch), 0, gh - 1); }
    [[nodiscard]] size_t cell_of(const MercatorXY& p) const { return static_cast<size_t>(cy(p.y)) * gw + cx(p.x); }

    // No reflex vertex of the ring lies in the triangle a b c (counter-clockwise).
    [[nodiscard]] bool is_ear(uint32_t ear) const {
        const uint32_t ia = nodes[ear].prev, ic = nodes[ear].next;
        const MercatorXY &a = at(ia), &b = at(ear), &c = at(ic);
        const int x0 = cx(std::min({a.x, b.x, c.x})), x1 = cx(std::max({a.x, b.x, c.x}));
        const int y0 = cy(std::min({a.y, b.y, c.y})), y1 = cy(std::max({a.y, b.y, c.y}));
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) {
                const size_t cell = static_cast<size_t>(y) * gw + x;
                for (uint32_t k = cell_start[cell]; k < cell_start[cell + 1]; ++k) {
                    const uint32_t n = cell_nodes[k];
                    if (nodes[n].removed || n == ia || n == ear || n == ic) continue;
                    const MercatorXY& p = at(n);
                    if (same(p, a) || same(p, b) || same(p, c)) continue;
                    if (cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0 &&
                        cross(at(nodes[n].prev), p, at(nodes[n].next)) <= 0)
                        return false;
                }
            }
        return true;
    }

    void unlink(uint32_t n) {
        nodes[nodes[n].prev].next = nodes[n].next;
        nodes[nodes[n].next].prev = nodes[n].prev;
        nodes[n].removed = true;
    }

    // Cuts the counter-clockwise cycle at `start` (`count` nodes) into triangles.
    void clip(uint32_t start, size_t count) {
        build_grid(start, count);
        uint32_t ear = start, stop = start;
        bool relaxed = false;  // no ear in a whole turn: the ring is not simple; cut convex corners
        while (count > 3) {
            const uint32_t prev = nodes[ear].prev, next = nodes[ear].next;
            const double turn = cross(at(prev), at(ear), at(next));
            if (turn == 0 || same(at(prev), at(next))) {
                // Collinear or a spike: the vertex adds no area.
                unlink(ear);
                --count;
                ear = stop = next;
                continue;
            }
            if (turn > 0 && (relaxed || is_ear(ear))) {
                tris.insert(tris.end(), {nodes[prev].p, nodes[ear].p, nodes[next].p});
                unlink(ear);
                --count;
                ear = stop = nodes[next].next;
                relaxed = false;
                continue;
            }
            ear = next;
            if (ear == stop) {
                if (relaxed) return;  // nothing convex left: what remains has no area to fill
                relaxed = true;
                ++errors;
            }
        }
        const uint32_t a = nodes[ear].prev, c = nodes[ear].next;
        if (cross(at(a), at(ear), at(c)) > 0) tris.insert(tris.end(), {nodes[a].p, nodes[ear].p, nodes[c].p});
    }
};

Tessellator::Tessellator() : state_(std::make_unique<State>()) {}
Tessellator::~Tessellator() = default;

size_t Tessellator::error_count() const noexcept { return state_->errors; }

size_t Tessellator::add_rings(std::span<const std::vector<MercatorXY>> rings_in, Mesh2D& out) {
    // Clean rings: finite points, no consecutive duplicates, no closing point.
    std::vector<MercatorXY> pts;
    std::vector<Ring> rings;
    for (const auto& in : rings_in) {
        Ring r;
        for (const MercatorXY& p : in) {
            if (!finite(p) || (!r.v.empty() && same(pts[r.v.back()], p))) continue;
            r.v.push_back(static_cast<uint32_t>(pts.size()));
            pts.push_back(p);
        }
        while (r.v.size() > 1 && same(pts[r.v.front()], pts[r.v.back()])) r.v.pop_back();
        if (r.v.size() < 3) continue;
        const double a2 = signed_area2(pts, r.v);
        if (a2 == 0 || !std::isfinite(a2)) continue;
        if (a2 < 0) std::reverse(r.v.begin(), r.v.end());  // counter-clockwise from here on
        r.area = std::fabs(a2) / 2;
        for (uint32_t i : r.v) r.box.extend(pts[i]);
        rings.push_back(std::move(r));
    }
    if (rings.empty()) return 0;

    // Even-odd nesting: a ring inside an odd number of others is a hole of the
    // smallest one that holds it, whichever way either is wound.
    std::vector<size_t> order(rings.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rings[a].area > rings[b].area; });
    for (size_t oi = 0; oi < order.size(); ++oi) {
        Ring& r = rings[order[oi]];
        for (size_t oj = 0; oj < oi; ++oj) {
            const Ring& o = rings[order[oj]];
            if (!o.box.contains(r.box)) continue;
            // A vertex of r strictly inside o, or the middle of an edge when it touches.
            bool in = inside(pts, o.v, pts[r.v[0]]);
            if (in != inside(pts, o.v, pts[r.v[1]])) {
                const MercatorXY mid{(pts[r.v[0]].x + pts[r.v[1]].x) / 2, (pts[r.v[0]].y + pts[r.v[1]].y) / 2};
                in = inside(pts, o.v, mid);
            }
            if (in) {
                ++r.depth;
                r.parent = static_cast<int>(order[oj]);  // later in the order is smaller
            }
        }
    }

    State& s = *state_;
    s.pts = &pts;
    s.tris.clear();
    for (size_t i = 0; i < rings.size(); ++i) {
        if (rings[i].depth % 2 != 0) continue;
        s.nodes.clear();
        const uint32_t outer = s.add_cycle(rings[i].v, false);
        std::vector<std::pair<double, uint32_t>> holes;  // rightmost x, first node
        for (size_t h = 0; h < rings.size(); ++h)
            if (rings[h].depth % 2 != 0 && rings[h].parent == static_cast<int>(i))
                holes.emplace_back(rings[h].box.x1, s.add_cycle(rings[h].v, true));
        std::sort(holes.begin(), holes.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        for (const auto& [x, first] : holes)
            if (!s.join_hole(outer, first)) ++s.errors;
        size_t count = 0;
        uint32_t n = outer;
        do { ++count; n = s.nodes[n].next; } while (n != outer);
        s.clip(outer, count);
    }
    s.pts = nullptr;
    if (s.tris.empty()) return 0;

    // Points used by the triangles become the mesh's vertices, in point order.
    std::vector<uint32_t> id(pts.size(), UINT32_MAX);
    for (uint32_t p : s.tris) id[p] = 0;
    for (size_t p = 0; p < pts.size(); ++p) {
        if (id[p] == UINT32_MAX) continue;
        id[p] = static_cast<uint32_t>(out.xy.size() / 2);
        out.xy.push_back(static_cast<float>(pts[p].x));
        out.xy.push_back(static_cast<float>(pts[p].y));
    }
    for (uint32_t p : s.tris) out.indices.push_back(id[p]);
    return s.tris.size() / 3;
}

size_t Tessellator::add_feature(const Layer& layer, size_t feature, MercatorXY origin, Mesh2D& out) {
    if (feature >= layer.feature_count()) return 0;
    std::vector<std::vector<MercatorXY>> rings;
    const uint32_t p0 = layer.feature_parts[feature], p1 = layer.feature_parts[feature + 1];
    for (uint32_t p = p0; p < p1 && p + 1 < layer.part_vertices.size(); ++p) {
        auto& ring = rings.emplace_back();
        const uint32_t v0 = layer.part_vertices[p], v1 = layer.part_vertices[p + 1];
        for (uint32_t v = v0; v < v1 && 2 * size_t{v} + 1 < layer.lonlat.size(); ++v)
            ring.push_back(to_local(layer.lonlat[2 * size_t{v}], layer.lonlat[2 * size_t{v} + 1], origin));
    }
    return add_rings(rings, out);
}

Mesh2D tessellate_layer(const Layer& layer, MercatorXY origin) {
    Mesh2D mesh;
    if (layer.kind != GeometryKind::Polygon) return mesh;
    Tessellator t;
    for (size_t f = 0; f < layer.feature_count(); ++f) t.add_feature(layer, f, origin, mesh);
    return mesh;
}

double mesh_area(const Mesh2D& mesh) noexcept {
    double area = 0;
    for (size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
        const size_t a = mesh.indices[i], b = mesh.indices[i + 1], c = mesh.indices[i + 2];
        const double ax = mesh.xy[2 * a], ay = mesh.xy[2 * a + 1];
        const double bx = mesh.xy[2 * b], by = mesh.xy[2 * b + 1];
        const double cx = mesh.xy[2 * c], cy = mesh.xy[2 * c + 1];
        area += std::fabs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)) / 2;
    }
    return area;
}

}  // namespace atlas
