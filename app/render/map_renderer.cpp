#include "render/map_renderer.hpp"

#include "core/translit.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <numbers>
#include <numeric>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/paths.hpp"
#include "geo/tessellate.hpp"
#include "core/binary_cache.hpp"

namespace atlas {

// [SECTION] GPU layout

namespace {
// One vertex for every kind of geometry: a position relative to the layer's
// origin, an extrusion (unit normal, miter or symbol corner, times kExtrudeScale)
// that the vertex shader multiplies by a half-width in pixels, and the distance
// along the line in metres for dashes.
struct MapVertex {
    float x, y;
    int16_t ex, ey;
    float along;
};
static_assert(sizeof(MapVertex) == 16);
constexpr float kExtrudeScale = 4096.0f;
constexpr double kMiterLimit = 1.5;   // longer miters become round joins
constexpr int kArcStepsPerHalfTurn = 4;
// Lines are uploaded at three levels of detail: as read, and simplified
// (Douglas-Peucker) to 5 m and 30 m. A frame draws the coarsest level whose
// tolerance is under 0.75 pixel, so a city-wide view does not push every
// vertex of every lane through the GPU.
constexpr size_t kLineLods = 3;
constexpr double kLodTolerance[kLineLods] = {0.0, 5.0, 30.0};

// Keeps the points of `in` that lie farther than `tol` metres from the line
// through the points kept around them (Douglas-Peucker), always both ends.
void simplify(const std::vector<MercatorXY>& in, double tol, std::vector<MercatorXY>& out) {
    out.clear();
    if (in.size() < 3 || tol <= 0) {
        out = in;
        return;
    }
    std::vector<char> keep(in.size(), 0);
    keep.front() = keep.back() = 1;
    std::vector<std::pair<size_t, size_t>> stack{{0, in.size() - 1}};
    const double tol2 = tol * tol;
    while (!stack.empty()) {
        const auto [a, b] = stack.back();
        stack.pop_back();
        const double ax = in[a].x, ay = in[a].y, dx = in[b].x - ax, dy = in[b].y - ay;
        const double len2 = dx * dx + dy * dy;
        double worst = -1;
        size_t at = a;
        for (size_t i = a + 1; i < b; ++i) {
            const double px = in[i].x - ax, py = in[i].y - ay;
            double d2;
            if (len2 <= 0) {
                d2 = px * px + py * py;
            } else {
                const double t = std::clamp((px * dx + py * dy) / len2, 0.0, 1.0);
                const double ex = px - t * dx, ey = py - t * dy;
                d2 = ex * ex + ey * ey;
            }
            if (d2 > worst) {
                worst = d2;
                at = i;
            }
        }
        if (worst > tol2) {
            keep[at] = 1;
            stack.emplace_back(a, at);
            stack.emplace_back(at, b);
        }
    }
    for (size_t i = 0; i < in.size(); ++i)
        if (keep[i]) out.push_back(in[i]);
}

enum class Pass : uint8_t { Fill, Outline, Line, Point };

struct DrawRange {
    float min_x, min_y, max_x, max_y;  // local metres, grown by the features in it
    uint32_t first, count;             // in indices
};

const char* kVertexShader = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_extrude;
layout(location = 2) in float a_along;
uniform vec2 u_offset;       // layer origin minus the image's centre, metres
uniform float u_inv_mpp;     // pixels per metre
uniform float u_half_width;  // pixels
uniform vec2 u_centre_px;    // the image's centre in the target, pixels (y down)
uniform vec2 u_target_px;    // target size, pixels
out float v_along_px;
out vec2 v_corner;
void main() {
    vec2 e = a_extrude * (1.0 / 4096.0);
    // Pixels from the image's centre (y up), computed the same way in every
    // tile and snapped to 1/256 pixel, so that tiles rasterise exactly as the
    // whole image would: shifting by whole pixels is exact.
    vec2 p = (a_pos + u_offset) * u_inv_mpp + e * u_half_width;
    p = floor(p * 256.0 + 0.5) * (1.0 / 256.0);
    vec2 win = vec2(u_centre_px.x + p.x, u_centre_px.y - p.y);
    gl_Position = vec4(win.x / u_target_px.x * 2.0 - 1.0, 1.0 - win.y / u_target_px.y * 2.0, 0.0, 1.0);
    v_along_px = a_along * u_inv_mpp;
    v_corner = e;
}
)";

const char* kFragmentShader = R"(#version 330 core
in float v_along_px;
in vec2 v_corner;
uniform int u_mode;          // 0 fill/line, 1 point symbol
uniform vec4 u_colour;
uniform vec4 u_outline;      // point symbol ring
uniform float u_ring;        // ring width as a fraction of the symbol radius
uniform vec2 u_dash;         // pixels on, off; 0: solid
out vec4 frag;
void main() {
    if (u_mode == 1) {
        float r = length(v_corner);
        float aa = fwidth(r);
        float a = 1.0 - smoothstep(1.0 - aa, 1.0, r);
        if (a <= 0.0) discard;
        float ring = smoothstep(1.0 - u_ring - aa, 1.0 - u_ring, r);
        vec4 c = mix(u_colour, u_outline, ring);
        frag = vec4(c.rgb, c.a * a);
        return;
    }
    if (u_dash.x > 0.0 && mod(v_along_px, u_dash.x + u_dash.y) > u_dash.x) discard;
    frag = u_colour;
}
)";

int16_t pack(double v) {
    return static_cast<int16_t>(std::lround(std::clamp(v, -7.9, 7.9) * kExtrudeScale));
}

// [SECTION] Line expansion

class LineBuilder {
public:
    LineBuilder(std::vector<MapVertex>& v, std::vector<uint32_t>& i) : v_(v), i_(i) {}

    void add(const std::vector<MercatorXY>& raw) {
        pts_.clear();
        for (const MercatorXY& p : raw) {
            if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
            if (!pts_.empty() && std::hypot(p.x - pts_.back().x, p.y - pts_.back().y) < 1e-3) continue;
            pts_.push_back(p);
        }
        const size_t n = pts_.size();
        if (n < 2) return;
        dir_.resize(n - 1);
        len_.resize(n - 1);
        for (size_t k = 0; k + 1 < n; ++k) {
            const double dx = pts_[k + 1].x - pts_[k].x, dy = pts_[k + 1].y - pts_[k].y;
            len_[k] = std::hypot(dx, dy);
            dir_[k] = {dx / len_[k], dy / len_[k]};
        }
        double along = 0;
        MercatorXY nrm = normal(dir_[0]);
        uint32_t l = emit(pts_[0], nrm.x, nrm.y, along), r = emit(pts_[0], -nrm.x, -nrm.y, along);
        arc(pts_[0], along, nrm, std::numbers::pi, l, r);  // start cap, through -dir
        for (size_t k = 1; k + 1 < n; ++k) {
            along += len_[k - 1];
            const MercatorXY na = normal(dir_[k - 1]), nb = normal(dir_[k]);
            const double cross = dir_[k - 1].x * dir_[k].y - dir_[k - 1].y * dir_[k].x;
            MercatorXY m{na.x + nb.x, na.y + nb.y};
            const double ml = std::hypot(m.x, m.y);
            double miter = 1e9;
            if (ml > 1e-9) {
                m = {m.x / ml, m.y / ml};
                const double d = m.x * nb.x + m.y * nb.y;
                if (d > 1e-9) miter = 1.0 / d;
            }
            if (miter <= kMiterLimit) {
                const uint32_t l2 = emit(pts_[k], m.x * miter, m.y * miter, along);
                const uint32_t r2 = emit(pts_[k], -m.x * miter, -m.y * miter, along);
                quad(l, r, l2, r2);
                l = l2;
                r = r2;
            } else {
                const uint32_t la = emit(pts_[k], na.x, na.y, along), ra = emit(pts_[k], -na.x, -na.y, along);
                quad(l, r, la, ra);
                const uint32_t lb = emit(pts_[k], nb.x, nb.y, along), rb = emit(pts_[k], -nb.x, -nb.y, along);
                // Round join on the outer side of the turn.
                const double turn = std::atan2(cross, dir_[k - 1].x * dir_[k].x + dir_[k - 1].y * dir_[k].y);
                if (cross > 0)
                    arc(pts_[k], along, {-na.x, -na.y}, turn, ra, rb);
                else
                    arc(pts_[k], along, na, turn, la, lb);
                l = lb;
                r = rb;
            }
        }
        along += len_[n - 2];
        nrm = normal(dir_[n - 2]);
        const uint32_t l2 = emit(pts_[n - 1], nrm.x, nrm.y, along), r2 = emit(pts_[n - 1], -nrm.x, -nrm.y, along);
        quad(l, r, l2, r2);
        arc(pts_[n - 1], along, nrm, -std::numbers::pi, l2, r2);  // end cap, through +dir
    }

private:
    static MercatorXY normal(MercatorXY d) { return {-d.y, d.x}; }
    uint32_t emit(MercatorXY p, double ex, double ey, double along) {
        v_.push_back({static_cast<float>(p.x), static_cast<float>(p.y), pack(ex), pack(ey), static_cast<float>(along)});
        return static_cast<uint32_t>(v_.size() - 1);
    }
    void quad(uint32_t l, uint32_t r, uint32_t l2, uint32_t r2) {
        i_.insert(i_.end(), {l, r, l2, r, r2, l2});
    }
    // A fan about p from unit vector `from` turning by `angle`, from vertex `a` to vertex `b`.
    void arc(MercatorXY p, double along, MercatorXY from, double angle, uint32_t a, uint32_t b) {
        const int steps = std::max(1, static_cast<int>(std::ceil(std::fabs(angle) / std::numbers::pi * kArcStepsPerHalfTurn)));
        const uint32_t c = emit(p, 0, 0, along);
        uint32_t prev = a;
        for (int s = 1; s < steps; ++s) {
            const double t = angle * s / steps, cs = std::cos(t), sn = std::sin(t);
            const uint32_t cur = emit(p, from.x * cs - from.y * sn, from.x * sn + from.y * cs, along);
            i_.insert(i_.end(), {c, prev, cur});
            prev = cur;
        }
        i_.insert(i_.end(), {c, prev, b});
    }
    std::vector<MapVertex>& v_;
    std::vector<uint32_t>& i_;
    std::vector<MercatorXY> pts_, dir_;
    std::vector<double> len_;
};

bool class_has_outline(StyleClass c) {
    return c == StyleClass::District || c == StyleClass::CityBoundary || c == StyleClass::Building ||
           c == StyleClass::GenericArea;
}

double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

// [SECTION] Layer

struct LabelSource {
    uint32_t feature;                  // its attributes give the text
    StyleClass cls;
    float min_x, min_y, max_x, max_y;  // local metres
    std::vector<double> chain;         // lines: lon,lat of the features of one name joined end to end
};

// One class's fills, its points, or its lines or outlines at one level of
// detail: index ranges by spatial cell, with buffers of their own that go to
// the GPU the first time a frame draws them. A start that shows the whole city
// sends only the coarse lines of the classes shown at that zoom; street-level
// geometry goes up when the view first gets there.
struct GeometryChunk {
    std::vector<DrawRange> ranges;  // first/count: this chunk's indices
    // Until uploaded: the data, in the vectors built here or in the layer's mapped cache file.
    std::vector<MapVertex> own_verts;
    std::vector<uint32_t> own_idx;
    const unsigned char* verts = nullptr;
    const unsigned char* idx = nullptr;
    uint64_t vert_count = 0, idx_count = 0;
    // Damaged: indices past its vertices (a damaged cache file); NoRoom: the GPU refused it.
    enum class State : uint8_t { Waiting, Uploaded, Damaged, NoRoom } state = State::Waiting;
    gl::VertexArray vao;
    gl::Buffer vbo, ibo;
    [[nodiscard]] bool empty() const noexcept { return ranges.empty(); }
    // Points the data at the vectors just built.
    void use_own() noexcept {
        verts = reinterpret_cast<const unsigned char*>(own_verts.data());
        idx = reinterpret_cast<const unsigned char*>(own_idx.data());
        vert_count = own_verts.size();
        idx_count = own_idx.size();
    }
    void drop_data() noexcept {
        std::vector<MapVertex>().swap(own_verts);
        std::vector<uint32_t>().swap(own_idx);
        verts = idx = nullptr;
    }
};

struct MapRenderer::GpuLayer {
    Layer layer;
    LayerOptions options;
    MercatorXY origin;
    std::vector<StyleClass> feature_style;
    struct ClassDraws {
        StyleClass cls;
        size_t features = 0;
        GeometryChunk fill, point;
        std::array<GeometryChunk, kLineLods> outline, line;  // by level of detail
        // Every chunk, in the order the cache file keeps them.
        template <class F>
        void each_chunk(F&& f) {
            f(fill);
            f(point);
            for (auto& c : outline) f(c);
            for (auto& c : line) f(c);
        }
        template <class F>
        void each_chunk(F&& f) const {
            f(fill);
            f(point);
            for (const auto& c : outline) f(c);
            for (const auto& c : line) f(c);
        }
    };
    std::vector<ClassDraws> classes;  // sorted by class
    MappedFile cache;                 // the cache file the chunks' data lie in, if read from one
    std::filesystem::path cache_path;
    size_t gpu_bytes = 0;             // uploaded so far
    std::vector<LabelSource> label_sources;  // named features, most important class first
    // English label text made from `name` (OpenStreetMap writes Russian or Kazakh) for a
    // layer without a name_en field: filled the first time a feature's label is asked for.
    mutable std::vector<std::string> english;
    mutable std::vector<uint8_t> english_made;
    size_t vertices = 0, indices = 0;
    // Scratch for glMultiDrawElements (kept to avoid allocating per frame).
    std::vector<GLsizei> counts;
    std::vector<const void*> offsets;
};

namespace {
int default_order(StyleClass c) {
    using F = StyleClass;
    switch (c) {
        case F::Landuse: case F::Residential: case F::Industrial: case F::Grass: case F::Forest: case F::Park:
        case F::Cemetery: case F::Airport: case F::GenericArea: return 100;
        case F::District: return 150;
        case F::Water: case F::Glacier: return 200;
        case F::Building: return 300;
        case F::Stream: case F::Canal: case F::River: return 400;
        case F::CityBoundary: return 450;
        case F::Path: case F::Track: case F::Service: case F::Minor: case F::Tertiary: case F::Secondary:
        case F::Primary: case F::Trunk: case F::Motorway: case F::GenericLine: return 500;
        case F::Tram: case F::Railway: return 600;
        default: return 700;
    }
}

// Builds a layer's buffers on the CPU: features ordered by (class, cell) so that
// each class is a handful of contiguous index ranges with bounding boxes.
void build_layer(MapRenderer::GpuLayer& g) {
    const Layer& L = g.layer;
    const size_t nf = L.feature_count();
    g.feature_style = classify_layer(L);
    // Feature boxes in local metres.
    struct Box { float x0, y0, x1, y1; };
    std::vector<Box> box(nf, {1e30f, 1e30f, -1e30f, -1e30f});
    float gx0 = 1e30f, gy0 = 1e30f, gx1 = -1e30f, gy1 = -1e30f;
    for (size_t f = 0; f < nf; ++f) {
        const uint32_t v0 = L.part_vertices[L.feature_parts[f]], v1 = L.part_vertices[L.feature_parts[f + 1]];
        for (uint32_t v = v0; v < v1; ++v) {
            const MercatorXY p = to_local(L.lonlat[2 * size_t{v}], L.lonlat[2 * size_t{v} + 1], g.origin);
            if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
            Box& b = box[f];
            b.x0 = std::min(b.x0, static_cast<float>(p.x));
            b.y0 = std::min(b.y0, static_cast<float>(p.y));
            b.x1 = std::max(b.x1, static_cast<float>(p.x));
            b.y1 = std::max(b.y1, static_cast<float>(p.y));
        }
        if (box[f].x0 <= box[f].x1) {
            gx0 = std::min(gx0, box[f].x0);
            gy0 = std::min(gy0, box[f].y0);
            gx1 = std::max(gx1, box[f].x1);
            gy1 = std::max(gy1, box[f].y1);
        }
    }
    const int grid = std::clamp(static_cast<int>(std::ceil(std::sqrt(static_cast<double>(nf) / 256.0))), 1, 48);
    std::vector<uint32_t> cell(nf, 0);
    const float cw = std::max(1.0f, (gx1 - gx0) / static_cast<float>(grid));
    const float ch = std::max(1.0f, (gy1 - gy0) / static_cast<float>(grid));
    for (size_t f = 0; f < nf; ++f) {
        if (box[f].x0 > box[f].x1) continue;
        const int cx = std::clamp(static_cast<int>(((box[f].x0 + box[f].x1) / 2 - gx0) / cw), 0, grid - 1);
        const int cy = std::clamp(static_cast<int>(((box[f].y0 + box[f].y1) / 2 - gy0) / ch), 0, grid - 1);
        // Serpentine order keeps neighbouring cells adjacent in the buffer (ranges merge when both are visible).
        cell[f] = static_cast<uint32_t>(cy * grid + ((cy % 2) ? grid - 1 - cx : cx));
    }
    std::vector<uint32_t> order(nf);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        if (g.feature_style[a] != g.feature_style[b]) return g.feature_style[a] < g.feature_style[b];
        return cell[a] < cell[b];
    });

    Tessellator tess;
    Mesh2D mesh;
    std::vector<MercatorXY> ring, simple;
    auto part_points = [&](uint32_t p) {
        ring.clear();
        const uint32_t v0 = L.part_vertices[p], v1 = L.part_vertices[p + 1];
        for (uint32_t v = v0; v < v1; ++v)
            ring.push_back(to_local(L.lonlat[2 * size_t{v}], L.lonlat[2 * size_t{v} + 1], g.origin));
    };
    auto grow = [](DrawRange& r, const Box& b) {
        r.min_x = std::min(r.min_x, b.x0);
        r.min_y = std::min(r.min_y, b.y0);
        r.max_x = std::max(r.max_x, b.x1);
        r.max_y = std::max(r.max_y, b.y1);
    };

    size_t k = 0;
    while (k < nf) {
        const StyleClass cls = g.feature_style[order[k]];
        auto& cd = g.classes.emplace_back();
        cd.cls = cls;
        while (k < nf && g.feature_style[order[k]] == cls) {
            const uint32_t c = cell[order[k]];
            size_t end = k;
            while (end < nf && g.feature_style[order[end]] == cls && cell[order[end]] == c) ++end;
            cd.features += end - k;
            auto begin_range = [&](GeometryChunk& chunk) -> DrawRange& {
                chunk.ranges.push_back({1e30f, 1e30f, -1e30f, -1e30f, static_cast<uint32_t>(chunk.own_idx.size()), 0});
                return chunk.ranges.back();
            };
            auto end_range = [&](GeometryChunk& chunk) {
                chunk.ranges.back().count = static_cast<uint32_t>(chunk.own_idx.size()) - chunk.ranges.back().first;
                if (chunk.ranges.back().count == 0) chunk.ranges.pop_back();
            };
            if (L.kind == GeometryKind::Polygon) {
                DrawRange& fill = begin_range(cd.fill);
                for (size_t q = k; q < end; ++q) {
                    const uint32_t f = order[q];
                    mesh.xy.clear();
                    mesh.indices.clear();
                    tess.add_feature(L, f, g.origin, mesh);
                    const auto base = static_cast<uint32_t>(cd.fill.own_verts.size());
                    for (size_t v = 0; v < mesh.vertex_count(); ++v)
                        cd.fill.own_verts.push_back({mesh.xy[2 * v], mesh.xy[2 * v + 1], 0, 0, 0.0f});
                    for (uint32_t i : mesh.indices) cd.fill.own_idx.push_back(base + i);
                    grow(fill, box[f]);
                }
                end_range(cd.fill);
                if (class_has_outline(cls)) {
                    for (size_t lod = 0; lod < kLineLods; ++lod) {
                        LineBuilder lines(cd.outline[lod].own_verts, cd.outline[lod].own_idx);
                        DrawRange& out = begin_range(cd.outline[lod]);
                        for (size_t q = k; q < end; ++q) {
                            const uint32_t f = order[q];
                            for (uint32_t p = L.feature_parts[f]; p < L.feature_parts[f + 1]; ++p) {
                                part_points(p);
                                if (!ring.empty() && !(ring.front() == ring.back())) ring.push_back(ring.front());
                                simplify(ring, kLodTolerance[lod], simple);
                                lines.add(simple);
                            }
                            grow(out, box[f]);
                        }
                        end_range(cd.outline[lod]);
                    }
                }
            } else if (L.kind == GeometryKind::Line) {
                for (size_t lod = 0; lod < kLineLods; ++lod) {
                    LineBuilder lines(cd.line[lod].own_verts, cd.line[lod].own_idx);
                    DrawRange& r = begin_range(cd.line[lod]);
                    for (size_t q = k; q < end; ++q) {
                        const uint32_t f = order[q];
                        for (uint32_t p = L.feature_parts[f]; p < L.feature_parts[f + 1]; ++p) {
                            part_points(p);
                            simplify(ring, kLodTolerance[lod], simple);
                            lines.add(simple);
                        }
                        grow(r, box[f]);
                    }
                    end_range(cd.line[lod]);
                }
            } else {
                DrawRange& r = begin_range(cd.point);
                for (size_t q = k; q < end; ++q) {
                    const uint32_t f = order[q];
                    for (uint32_t p = L.feature_parts[f]; p < L.feature_parts[f + 1]; ++p) {
                        part_points(p);
                        for (const MercatorXY& pt : ring) {
                            if (!std::isfinite(pt.x) || !std::isfinite(pt.y)) continue;
                            auto& verts = cd.point.own_verts;
                            const auto base = static_cast<uint32_t>(verts.size());
                            for (auto [ex, ey] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}})
                                verts.push_back({static_cast<float>(pt.x), static_cast<float>(pt.y), pack(ex), pack(ey), 0.0f});
                            cd.point.own_idx.insert(cd.point.own_idx.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
                        }
                    }
                    grow(r, box[f]);
                }
                end_range(cd.point);
            }
            k = end;
        }
    }
    for (auto& cd : g.classes) cd.each_chunk([](GeometryChunk& c) { c.use_own(); });

    // Named features become label sources, most important class first. OSM
    // splits a street into many short ways: lines of one name and class that
    // meet end to end are joined so the name can run along the whole street.
    const int name_field = L.field_index("name");
    std::vector<bool> used(nf, false);
    if (L.kind == GeometryKind::Line && name_field >= 0) {
        auto longest_part = [&](size_t f) {
            uint32_t best = L.feature_parts[f];
            for (uint32_t p = L.feature_parts[f]; p < L.feature_parts[f + 1]; ++p)
                if (L.part_vertices[p + 1] - L.part_vertices[p] > L.part_vertices[best + 1] - L.part_vertices[best]) best = p;
            return best;
        };
        struct End { double lon, lat; };
        auto end_of = [&](size_t f, bool last) {
            const uint32_t p = longest_part(f);
            const uint32_t v = last ? L.part_vertices[p + 1] - 1 : L.part_vertices[p];
            return End{L.lonlat[2 * size_t{v}], L.lonlat[2 * size_t{v} + 1]};
        };
        // Group by (class, name); index each group's ends.
        std::map<std::pair<int, std::string_view>, std::vector<uint32_t>> groups;
        for (size_t f = 0; f < nf; ++f) {
            const std::string& nm = L.attribute(f, static_cast<size_t>(name_field));
            if (nm.empty() || box[f].x0 > box[f].x1) continue;
            const uint32_t p = longest_part(f);
            if (L.part_vertices[p + 1] - L.part_vertices[p] < 2) continue;
            groups[{static_cast<int>(g.feature_style[f]), nm}].push_back(static_cast<uint32_t>(f));
        }
        for (auto& [key, members] : groups) {
            std::map<std::pair<double, double>, std::vector<uint32_t>> at_end;
            for (uint32_t f : members)
                for (bool last : {false, true}) {
                    const End e = end_of(f, last);
                    at_end[{e.lon, e.lat}].push_back(f);
                }
            for (uint32_t seed : members) {
                if (used[seed]) continue;
                used[seed] = true;
                std::deque<uint32_t> chain{seed};
                std::deque<bool> reversed{false};
                // Grow forwards from the last end, then backwards from the first.
                for (bool forward : {true, false}) {
                    for (;;) {
                        const uint32_t f = forward ? chain.back() : chain.front();
                        const bool rev = forward ? reversed.back() : reversed.front();
                        const End e = end_of(f, forward != rev);
                        auto it = at_end.find({e.lon, e.lat});
                        if (it == at_end.end()) break;
                        uint32_t next = UINT32_MAX;
                        for (uint32_t c : it->second)
                            if (!used[c]) {
                                next = c;
                                break;
                            }
                        if (next == UINT32_MAX) break;
                        used[next] = true;
                        const End s0 = end_of(next, false);
                        const bool starts_here = s0.lon == e.lon && s0.lat == e.lat;
                        if (forward) {
                            chain.push_back(next);
                            reversed.push_back(!starts_here);
                        } else {
                            chain.push_front(next);
                            reversed.push_front(starts_here);
                        }
                    }
                }
                LabelSource src{seed, g.feature_style[seed], 1e30f, 1e30f, -1e30f, -1e30f, {}};
                for (size_t c = 0; c < chain.size(); ++c) {
                    const uint32_t f = chain[c];
                    src.min_x = std::min(src.min_x, box[f].x0);
                    src.min_y = std::min(src.min_y, box[f].y0);
                    src.max_x = std::max(src.max_x, box[f].x1);
                    src.max_y = std::max(src.max_y, box[f].y1);
                    const uint32_t p = longest_part(f);
                    const uint32_t v0 = L.part_vertices[p], v1 = L.part_vertices[p + 1];
                    const size_t skip = c == 0 ? 0 : 1;  // the shared end
                    for (size_t j = skip; j < v1 - v0; ++j) {
                        const uint32_t v = reversed[c] ? v1 - 1 - static_cast<uint32_t>(j) : v0 + static_cast<uint32_t>(j);
                        src.chain.push_back(L.lonlat[2 * size_t{v}]);
                        src.chain.push_back(L.lonlat[2 * size_t{v} + 1]);
                    }
                }
                g.label_sources.push_back(std::move(src));
            }
        }
    }
    for (size_t f = 0; f < nf; ++f) {
        if (used[f] || box[f].x0 > box[f].x1) continue;
        g.label_sources.push_back({static_cast<uint32_t>(f), g.feature_style[f], box[f].x0, box[f].y0, box[f].x1, box[f].y1, {}});
    }
    const MapTheme& ref = theme(Theme::Light);
    std::stable_sort(g.label_sources.begin(), g.label_sources.end(), [&](const LabelSource& a, const LabelSource& b) {
        const int pa = ref.style(a.cls).label_priority, pb = ref.style(b.cls).label_priority;
        if (pa != pb) return pa > pb;
        // Bigger features first: long avenues before short lanes.
        return (a.max_x - a.min_x) + (a.max_y - a.min_y) > (b.max_x - b.min_x) + (b.max_y - b.min_y);
    });
}
}  // namespace

// [SECTION] Geometry cache
//
// What build_layer makes from a layer (vertices, indices, draw ranges, label
// sources) depends only on the layer's content and on this code: it is kept
// in a file named by a hash of both, and read back on the next start instead of
// being built again (the embedded basemap: about 180 ms of a 630 ms start).
// A file that is short, damaged or of another version is ignored and written
// anew; what is read back is exactly what would have been built.
namespace {

// Raise when build_layer, classify_layer, simplify, the tessellator or the
// shapes they make change: older files then no longer match any key.
constexpr uint64_t kGeometryCacheVersion = 2;
constexpr CacheMagic kCacheMagic = {'A', 'T', 'L', 'G', 'E', 'O', 'M', '2'};

uint64_t geometry_key(const MapRenderer::GpuLayer& g) {
    ContentHash k;
    k.pod(kGeometryCacheVersion);
    k.str(ATLAS_VERSION);
    const Layer& L = g.layer;
    k.str(L.name);
    k.str(L.path.filename().string());
    k.pod(L.kind);
    k.pod(L.georeferenced);
    k.vec(L.feature_parts);
    k.vec(L.part_vertices);
    k.vec(L.lonlat);
    for (const FieldInfo& f : L.fields) {
        k.str(f.name);
        k.pod(f.type);
    }
    for (const std::string& a : L.attributes) k.str(a);
    k.pod(g.origin.x);
    k.pod(g.origin.y);
    // Label sources are ordered by the classes' label priorities.
    const MapTheme& ref = theme(Theme::Light);
    for (size_t c = 0; c < kStyleClassCount; ++c) k.pod(ref.classes[c].label_priority);
    return k.h;
}

constexpr uint64_t kCacheLimit = uint64_t{1} << 31;  // elements of any one array

// Where a written cache file holds each chunk's vertices and indices (byte
// offsets, chunks in the order of ClassDraws::each_chunk), and its size.
struct CachePlacement {
    std::vector<std::pair<size_t, size_t>> chunks;
    size_t size = 0;
};

// Each class's chunks hold their draw ranges, vertices and indices, in the
// order of ClassDraws::each_chunk.
CachePlacement write_geometry_cache(const std::filesystem::path& file, const MapRenderer::GpuLayer& g) {
    CachePlacement placed;
    CacheWriter w;
    w.magic(kCacheMagic);
    w.vec(g.feature_style);
    w.pod(static_cast<uint64_t>(g.classes.size()));
    for (const auto& c : g.classes) {
        w.pod(c.cls);
        w.pod(static_cast<uint64_t>(c.features));
        c.each_chunk([&](const GeometryChunk& ch) {
            w.vec(ch.ranges);
            const size_t verts_at = w.out.size() + sizeof(uint64_t);  // after the count
            w.vec(ch.own_verts);
            const size_t idx_at = w.out.size() + sizeof(uint64_t);
            w.vec(ch.own_idx);
            placed.chunks.emplace_back(verts_at, idx_at);
        });
    }
    w.pod(static_cast<uint64_t>(g.label_sources.size()));
    for (const LabelSource& l : g.label_sources) {
        w.pod(l.feature);
        w.pod(l.cls);
        w.pod(l.min_x);
        w.pod(l.min_y);
        w.pod(l.max_x);
        w.pod(l.max_y);
        w.vec(l.chain);
    }
    w.magic(kCacheMagic);  // the end: a file cut short never reads as whole
    write_atomically(file, w.out);
    placed.size = w.out.size();
    return placed;
}

// The chunks' vertices and indices stay in the mapped file, to be handed to
// the GPU from there when first drawn (their indices are checked then).
bool read_geometry_cache(const MappedFile& file, MapRenderer::GpuLayer& g) {
    if (file.empty()) return false;
    CacheReader r(file);
    if (!r.magic(kCacheMagic)) return false;
    if (!r.vec(g.feature_style, g.layer.feature_count()) || g.feature_style.size() != g.layer.feature_count())
        return false;
    uint64_t n = 0;
    if (!r.pod(n) || n > kStyleClassCount) return false;
    g.classes.resize(n);
    bool ok = true;
    for (auto& c : g.classes) {
        uint64_t features = 0;
        if (!r.pod(c.cls) || static_cast<size_t>(c.cls) >= kStyleClassCount || !r.pod(features)) return false;
        c.features = features;
        c.each_chunk([&](GeometryChunk& ch) {
            ok = ok && r.vec(ch.ranges, kCacheLimit) && r.array<MapVertex>(ch.verts, ch.vert_count, kCacheLimit) &&
                 r.array<uint32_t>(ch.idx, ch.idx_count, kCacheLimit);
            // Every range inside the chunk's indices.
            ok = ok && std::all_of(ch.ranges.begin(), ch.ranges.end(), [&](const DrawRange& d) {
                     return uint64_t{d.first} + d.count <= ch.idx_count;
                 });
        });
        if (!ok) return false;
    }
    if (!r.pod(n) || n > g.layer.feature_count()) return false;
    g.label_sources.resize(n);
    for (LabelSource& l : g.label_sources) {
        if (!r.pod(l.feature) || !r.pod(l.cls) || !r.pod(l.min_x) || !r.pod(l.min_y) || !r.pod(l.max_x) ||
            !r.pod(l.max_y) || !r.vec(l.chain, kCacheLimit))
            return false;
        if (l.feature >= g.layer.feature_count() || static_cast<size_t>(l.cls) >= kStyleClassCount) return false;
    }
    return r.magic(kCacheMagic);
}

// Deletes the least recently used cache files (oldest modification time;
// a hit touches its file) until the folder's .geom files total no more than
// `limit` bytes. `keep` is never deleted. Returns how many went. Files that
// vanish or resist deletion (another process, a read-only folder) are skipped.
size_t prune_geometry_cache(const std::filesystem::path& dir, uint64_t limit, const std::filesystem::path& keep) {
    namespace fs = std::filesystem;
    struct Entry {
        fs::file_time_type used;
        uint64_t bytes;
        fs::path path;
    };
    std::vector<Entry> files;
    uint64_t total = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        if (p.extension() != ".geom" || !it->is_regular_file(ec)) continue;
        const uint64_t bytes = it->file_size(ec);
        if (ec) continue;
        const fs::file_time_type used = it->last_write_time(ec);
        if (ec) continue;
        total += bytes;
        if (p != keep) files.push_back({used, bytes, p});
    }
    if (total <= limit) return 0;
    std::sort(files.begin(), files.end(), [](const Entry& a, const Entry& b) {
        return a.used != b.used ? a.used < b.used : a.path < b.path;
    });
    size_t removed = 0;
    for (const Entry& e : files) {
        if (total <= limit) break;
        if (fs::remove(e.path, ec) && !ec) {
            total -= e.bytes;
            ++removed;
        }
    }
    return removed;
}

// Sends a chunk's vertices and indices to the GPU. A chunk whose indices
// point past its vertices (a damaged cache file) or that the GPU has no room
// for is refused: it draws nothing. Returns the bytes uploaded.
size_t upload_chunk(GeometryChunk& ch, const MappedFile& cache) {
    ch.state = GeometryChunk::State::Damaged;
    for (uint64_t i = 0; i < ch.idx_count; ++i) {
        uint32_t k;
        std::memcpy(&k, ch.idx + i * sizeof k, sizeof k);
        if (k >= ch.vert_count) {
            ch.drop_data();
            return 0;
        }
    }
    ch.vao = gl::make_vertex_array();
    ch.vbo = gl::make_buffer();
    ch.ibo = gl::make_buffer();
    glBindVertexArray(ch.vao.id());
    glBindBuffer(GL_ARRAY_BUFFER, ch.vbo.id());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(ch.vert_count * sizeof(MapVertex)), ch.verts, GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ch.ibo.id());
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(ch.idx_count * sizeof(uint32_t)), ch.idx, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(MapVertex), reinterpret_cast<const void*>(offsetof(MapVertex, x)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_SHORT, GL_FALSE, sizeof(MapVertex), reinterpret_cast<const void*>(offsetof(MapVertex, ex)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, sizeof(MapVertex), reinterpret_cast<const void*>(offsetof(MapVertex, along)));
    const size_t bytes = ch.vert_count * sizeof(MapVertex) + ch.idx_count * sizeof(uint32_t);
    ch.drop_data();
    // The driver holds its own copy now: the file's pages need not stay in memory too.
    cache.release();
    if (glGetError() == GL_OUT_OF_MEMORY) {
        ch.state = GeometryChunk::State::NoRoom;
        ch.vao.reset();
        ch.vbo.reset();
        ch.ibo.reset();
        return 0;
    }
    ch.state = GeometryChunk::State::Uploaded;
    return bytes;
}

}  // namespace

// [SECTION] MapRenderer

MapRenderer::MapRenderer(const MapRendererOptions& options)
    : program_("map", kVertexShader, kFragmentShader) {
    if (options.geometry_cache)
        cache_dir_ = options.geometry_cache_dir.empty() ? paths::cache_dir() / "geometry" : options.geometry_cache_dir;
    std::filesystem::path font_cache = options.font_cache_dir;
    if (font_cache.empty() && options.geometry_cache && options.geometry_cache_dir.empty())
        font_cache = paths::cache_dir() / "fonts";
    if (!options.font_regular.empty())
        font_ = std::make_unique<LabelFont>(options.font_regular, options.font_bold, font_cache);
    cache_limit_bytes_ = options.geometry_cache_limit_bytes;
}

MapRenderer::~MapRenderer() = default;

size_t MapRenderer::add_layer(Layer layer, LayerOptions options) {
    auto g = std::make_unique<GpuLayer>();
    g->layer = std::move(layer);
    const BoundsLL& b = g->layer.bounds;
    g->origin = b.valid() ? WebMercator::forward({(b.min_lat + b.max_lat) / 2, (b.min_lon + b.max_lon) / 2})
                          : MercatorXY{};
    if (!g->layer.lonlat.empty() && !b.valid())
        g->origin = WebMercator::forward({g->layer.lonlat[1], g->layer.lonlat[0]});
    const double t0 = now_ms();
    std::filesystem::path cache_file;
    bool from_cache = false;
    if (!cache_dir_.empty() && g->layer.feature_count() > 0) {
        char name[32];
        std::snprintf(name, sizeof name, "%016llx.geom", static_cast<unsigned long long>(geometry_key(*g)));
        cache_file = cache_dir_ / name;
        g->cache = MappedFile(cache_file, MappedFile::Use::OnDemand);
        from_cache = read_geometry_cache(g->cache, *g);
        g->cache.release();  // the chunks' pages come back one chunk at a time, when drawn
        if (!from_cache) {  // whatever was read is dropped
            g->feature_style.clear();
            g->classes.clear();
            g->label_sources.clear();
            g->cache = MappedFile();
        }
    }
    if (from_cache) {
        ++stats_.cache_hits;
        g->cache_path = cache_file;
        // Marks the file as used, for pruning (least recently used goes first).
        std::error_code ec;
        std::filesystem::last_write_time(cache_file, std::filesystem::file_time_type::clock::now(), ec);
    } else {
        build_layer(*g);
        if (!cache_file.empty()) {
            // A cache that cannot be written (a read-only home, a full disk) costs only time.
            std::error_code ec;
            std::filesystem::create_directories(cache_dir_, ec);
            try {
                const CachePlacement placed = write_geometry_cache(cache_file, *g);
                ++stats_.cache_writes;
                stats_.cache_pruned += prune_geometry_cache(cache_dir_, cache_limit_bytes_, cache_file);
                // The data waits for the GPU in the file just written, not in memory.
                MappedFile written(cache_file, MappedFile::Use::OnDemand);
                if (written.size() == placed.size) {
                    size_t k = 0;
                    for (auto& c : g->classes)
                        c.each_chunk([&](GeometryChunk& ch) {
                            const auto [v, i] = placed.chunks[k++];
                            const uint64_t nv = ch.vert_count, ni = ch.idx_count;
                            ch.drop_data();
                            ch.verts = written.data() + v;
                            ch.idx = written.data() + i;
                            ch.vert_count = nv;
                            ch.idx_count = ni;
                        });
                    g->cache = std::move(written);
                    g->cache_path = cache_file;
                }
            } catch (const Error&) {
            }
        }
    }
    size_t vert_count = 0, idx_count = 0;
    for (const auto& c : g->classes)
        c.each_chunk([&](const GeometryChunk& ch) {
            vert_count += ch.vert_count;
            idx_count += ch.idx_count;
        });
    const double t1 = now_ms();

    g->vertices = vert_count;
    g->indices = idx_count;
    if (options.title.empty()) options.title = g->layer.name.empty() ? g->layer.path.stem().string() : g->layer.name;
    if (options.order == 0) {
        // By content: areas under water under roads under points; ties keep insertion order.
        size_t best = 0;
        StyleClass main = StyleClass::GenericPoint;
        for (const auto& c : g->classes)
            if (c.features > best) {
                best = c.features;
                main = c.cls;
            }
        options.order = default_order(main) + (next_order_++);
    }
    g->options = std::move(options);
    layers_.push_back(std::move(g));

    stats_.layers = layers_.size();
    stats_.vertices += vert_count;
    stats_.indices += idx_count;
    stats_.build_ms = t1 - t0;
    stats_.total_build_ms += t1 - t0;
    ++revision_;
    return layers_.size() - 1;
}

void MapRenderer::remove_layer(size_t index) {
    if (index >= layers_.size()) return;
    const auto& g = *layers_[index];
    stats_.vertices -= g.vertices;
    stats_.indices -= g.indices;
    stats_.gpu_bytes -= g.gpu_bytes;
    layers_.erase(layers_.begin() + static_cast<std::ptrdiff_t>(index));
    stats_.layers = layers_.size();
    ++revision_;
}

void MapRenderer::clear() {
    layers_.clear();
    const size_t placements = stats_.label_placements;
    stats_ = {};
    stats_.label_placements = placements;
    ++revision_;
}

size_t MapRenderer::layer_count() const noexcept { return layers_.size(); }
const Layer& MapRenderer::layer(size_t index) const { return layers_.at(index)->layer; }
LayerOptions& MapRenderer::options(size_t index) { return layers_.at(index)->options; }
const LayerOptions& MapRenderer::options(size_t index) const { return layers_.at(index)->options; }

std::vector<size_t> MapRenderer::draw_order() const {
    std::vector<size_t> order(layers_.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return layers_[a]->options.order < layers_[b]->options.order; });
    return order;
}

void MapRenderer::move_layer(size_t index, int delta) {
    const auto order = draw_order();
    const auto it = std::find(order.begin(), order.end(), index);
    if (it == order.end()) return;
    const auto pos = static_cast<std::ptrdiff_t>(it - order.begin());
    const auto other = pos + (delta > 0 ? 1 : -1);
    if (other < 0 || other >= static_cast<std::ptrdiff_t>(order.size())) return;
    auto& a = layers_[index]->options.order;
    auto& b = layers_[order[static_cast<size_t>(other)]]->options.order;
    if (a == b) a += delta > 0 ? 1 : -1;
    else std::swap(a, b);
    ++revision_;
}

std::vector<std::pair<StyleClass, size_t>> MapRenderer::classes(size_t index) const {
    std::vector<std::pair<StyleClass, size_t>> out;
    for (const auto& c : layers_.at(index)->classes) out.emplace_back(c.cls, c.features);
    return out;
}

BoundsLL MapRenderer::layer_bounds(size_t index) const { return layers_.at(index)->layer.bounds; }

BoundsLL MapRenderer::all_bounds() const {
    BoundsLL b;
    for (const auto& g : layers_) {
        if (!g->options.visible || !g->layer.bounds.valid()) continue;
        b.extend(g->layer.bounds.min_lon, g->layer.bounds.min_lat);
        b.extend(g->layer.bounds.max_lon, g->layer.bounds.max_lat);
    }
    return b;
}

void MapRenderer::fit_layer(MapView& view, size_t index, double margin_px) const {
    view.fit(layer_bounds(index), margin_px * view.pixel_ratio);
}
void MapRenderer::fit_all(MapView& view, double margin_px) const { view.fit(all_bounds(), margin_px * view.pixel_ratio); }

void MapRenderer::set_language(LabelLanguage lang) noexcept {
    if (lang != language_) ++revision_;
    language_ = lang;
}
void MapRenderer::set_labels_enabled(bool on) noexcept {
    if (on != labels_enabled_) ++revision_;
    labels_enabled_ = on;
}

void MapRenderer::clear_background(const MapTheme& theme) const {
    glClearColor(theme.background.r, theme.background.g, theme.background.b, 1.0f);
    glClearStencil(0);
    glClear(GL_COLOR_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
}

void MapRenderer::draw_geometry(const MapView& view, const MapTheme& theme) {
    draw_geometry(view, theme, 0, 0, view.width_px, view.height_px);
}

void MapRenderer::draw_geometry(const MapView& view, const MapTheme& theme, double tile_x, double tile_y,
                                double tile_w, double tile_h) {
    stats_.draw_calls = 0;
    stats_.triangles_drawn = 0;
    const double mpp = view.metres_per_pixel();
    const double W = view.width_px, H = view.height_px;
    // The tile in Mercator metres.
    const double left = view.center.x + (tile_x - W / 2) * mpp, right = left + tile_w * mpp;
    const double top = view.center.y - (tile_y - H / 2) * mpp, bottom = top - tile_h * mpp;
    program_.use();
    const GLint u_offset = program_.uniform("u_offset"), u_centre = program_.uniform("u_centre_px");
    const GLint u_target = program_.uniform("u_target_px"), u_half = program_.uniform("u_half_width");
    const GLint u_inv_mpp = program_.uniform("u_inv_mpp"), u_mode = program_.uniform("u_mode");
    const GLint u_colour = program_.uniform("u_colour"), u_outline = program_.uniform("u_outline");
    const GLint u_ring = program_.uniform("u_ring"), u_dash = program_.uniform("u_dash");
    glUniform2f(u_centre, static_cast<float>(W / 2 - tile_x), static_cast<float>(H / 2 - tile_y));
    glUniform2f(u_target, static_cast<float>(tile_w), static_cast<float>(tile_h));
    glUniform1f(u_inv_mpp, static_cast<float>(1.0 / mpp));

    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    // Each pass paints a sample at most once (overlapping joins, caps and
    // polygons do not darken translucent colours): a pass writes its own
    // stencil value and skips samples that already hold it.
    glEnable(GL_STENCIL_TEST);
    glStencilMask(0xFF);
    glClearStencil(0);
    glClear(GL_STENCIL_BUFFER_BIT);
    glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
    int stencil_ref = 0;
    auto next_pass = [&] {
        if (++stencil_ref > 255) {
            glClear(GL_STENCIL_BUFFER_BIT);
            stencil_ref = 1;
        }
        glStencilFunc(GL_NOTEQUAL, stencil_ref, 0xFF);
    };

    const double ratio = view.pixel_ratio;
    size_t lod = 0;
    while (lod + 1 < kLineLods && kLodTolerance[lod + 1] <= 0.75 * mpp) ++lod;
    for (size_t li : draw_order()) {
        GpuLayer& g = *layers_[li];
        const LayerOptions& opt = g.options;
        if (!opt.visible || g.indices == 0 || opt.opacity <= 0) continue;
        const double ox = g.origin.x - view.center.x, oy = g.origin.y - view.center.y;
        glUniform2f(u_offset, static_cast<float>(ox), static_cast<float>(oy));
        // The tile in local metres, with a margin for the widest line.
        const double margin = 40 * ratio * mpp;
        const double vx0 = left - g.origin.x - margin, vx1 = right - g.origin.x + margin;
        const double vy0 = bottom - g.origin.y - margin, vy1 = top - g.origin.y + margin;
        auto submit = [&](GeometryChunk& ch) {
            g.counts.clear();
            g.offsets.clear();
            for (const DrawRange& r : ch.ranges) {
                if (r.max_x < vx0 || r.min_x > vx1 || r.max_y < vy0 || r.min_y > vy1) continue;
                const size_t off = size_t{r.first} * sizeof(uint32_t);
                if (!g.counts.empty() &&
                    reinterpret_cast<size_t>(g.offsets.back()) + static_cast<size_t>(g.counts.back()) * sizeof(uint32_t) == off) {
                    g.counts.back() += static_cast<GLsizei>(r.count);  // contiguous: merge
                    continue;
                }
                g.counts.push_back(static_cast<GLsizei>(r.count));
                g.offsets.push_back(reinterpret_cast<const void*>(off));
            }
            if (g.counts.empty()) return;
            if (ch.state == GeometryChunk::State::Waiting) {
                const double t = now_ms();
                const size_t bytes = upload_chunk(ch, g.cache);
                if (ch.state != GeometryChunk::State::Uploaded) ++stats_.chunks_refused;
                if (ch.state == GeometryChunk::State::Damaged && !g.cache_path.empty()) {
                    // A damaged cache file is built again on the next start.
                    std::error_code ec;
                    std::filesystem::remove(g.cache_path, ec);
                }
                g.gpu_bytes += bytes;
                stats_.gpu_bytes += bytes;
                stats_.total_upload_ms += now_ms() - t;
                ++stats_.chunks_uploaded;
            }
            if (ch.state != GeometryChunk::State::Uploaded) return;
            glBindVertexArray(ch.vao.id());
            for (GLsizei c : g.counts) stats_.triangles_drawn += static_cast<size_t>(c) / 3;
            glMultiDrawElements(GL_TRIANGLES, g.counts.data(), GL_UNSIGNED_INT, g.offsets.data(),
                                static_cast<GLsizei>(g.counts.size()));
            ++stats_.draw_calls;
        };
        auto colour = [&](Rgba c, bool recolour) {
            if (recolour && opt.custom_colour) c = {opt.colour.r, opt.colour.g, opt.colour.b, c.a > 0 ? c.a : 1.0f};
            glUniform4f(u_colour, c.r, c.g, c.b, c.a * opt.opacity);
        };
        auto visible = [&](const ClassStyle& s) { return view.zoom >= s.min_zoom && view.zoom <= s.max_zoom; };

        glUniform1i(u_mode, 0);
        glUniform2f(u_dash, 0, 0);
        // Area fills.
        glUniform1f(u_half, 0);
        for (auto& cd : g.classes) {
            const ClassStyle& s = theme.style(cd.cls);
            if (cd.fill.empty() || !visible(s)) continue;
            Rgba fill = s.fill;
            if (opt.custom_colour && fill.a <= 0) fill.a = 0.35f;  // a tint for outline-only classes
            if (fill.a <= 0) continue;
            colour(fill, true);
            next_pass();
            submit(cd.fill);
        }
        // A class's lines in its line colour, width and dashes.
        auto stroke = [&](const auto& cd, GeometryChunk& geometry) {
            const ClassStyle& s = theme.style(cd.cls);
            Rgba line = s.line;
            line.a *= theme.line_opacity(cd.cls, view.zoom);
            colour(line, true);
            glUniform1f(u_half, static_cast<float>(theme.line_width(cd.cls, view.zoom) * opt.width * ratio / 2));
            glUniform2f(u_dash, static_cast<float>(s.dash * ratio), static_cast<float>(s.gap * ratio));
            next_pass();
            submit(geometry);
        };
        // Area outlines.
        for (auto& cd : g.classes) {
            const ClassStyle& s = theme.style(cd.cls);
            if (cd.outline[lod].empty() || !visible(s) || s.width <= 0 || s.line.a <= 0) continue;
            stroke(cd, cd.outline[lod]);
        }
        glUniform2f(u_dash, 0, 0);
        // Line casings (all classes), then the lines, minor to major.
        for (auto& cd : g.classes) {
            const ClassStyle& s = theme.style(cd.cls);
            if (cd.line[lod].empty() || !visible(s) || s.casing_width <= 0 || s.casing.a <= 0) continue;
            colour(s.casing, false);
            const double w = theme.line_width(cd.cls, view.zoom) * opt.width + 2 * theme.casing_width(cd.cls, view.zoom);
            glUniform1f(u_half, static_cast<float>(w * ratio / 2));
            next_pass();
            submit(cd.line[lod]);
        }
        for (auto& cd : g.classes) {
            const ClassStyle& s = theme.style(cd.cls);
            if (cd.line[lod].empty() || !visible(s) || s.width <= 0) continue;
            stroke(cd, cd.line[lod]);
        }
        glUniform2f(u_dash, 0, 0);
        // Point symbols.
        glDisable(GL_STENCIL_TEST);
        glUniform1i(u_mode, 1);
        for (auto& cd : g.classes) {
            const ClassStyle& s = theme.style(cd.cls);
            if (cd.point.empty() || !visible(s) || s.symbol <= 0) continue;
            colour(s.fill, true);
            glUniform4f(u_outline, s.line.r, s.line.g, s.line.b, s.line.a * opt.opacity);
            const double radius = s.symbol * opt.width * ratio;
            glUniform1f(u_half, static_cast<float>(radius));
            glUniform1f(u_ring, static_cast<float>(std::min(0.6, 1.4 * ratio / radius)));
            submit(cd.point);
        }
        glUniform1i(u_mode, 0);
        glEnable(GL_STENCIL_TEST);
    }
    glBindVertexArray(0);
    glDisable(GL_STENCIL_TEST);
}

// [SECTION] Labels

namespace {
// The text of a feature's label: the chosen field, else the language's name field, else
// `name`. English for a layer with only `name` (an OpenStreetMap layer): the name
// transliterated with its street-type word in English (core/translit), made once a feature.
std::string_view label_text(const MapRenderer::GpuLayer& g, size_t f, LabelLanguage lang) {
    const Layer& L = g.layer;
    const LayerOptions& opt = g.options;
    if (L.fields.empty()) return {};
    auto field = [&](std::string_view name) -> std::string_view {
        const int i = L.field_index(name);
        return i >= 0 ? std::string_view(L.attribute(f, static_cast<size_t>(i))) : std::string_view();
    };
    if (!opt.label_field.empty()) return field(opt.label_field);
    std::string_view s;
    switch (lang) {
        case LabelLanguage::English:
            if (L.field_index("name_en") >= 0) {
                s = field("name_en");
            } else if (const std::string_view name = field("name"); !name.empty()) {
                if (g.english_made.size() != L.feature_count()) {
                    g.english.assign(L.feature_count(), std::string());
                    g.english_made.assign(L.feature_count(), 0);
                }
                if (!g.english_made[f]) {
                    g.english[f] = english_street_name(name);
                    g.english_made[f] = 1;
                }
                s = g.english[f];
            }
            break;
        case LabelLanguage::Russian: s = field("name_ru"); break;
        case LabelLanguage::Kazakh: s = field("name_kk"); break;
    }
    if (s.empty()) s = field("name");
    while (!s.empty() && (s.back() == ' ')) s.remove_suffix(1);
    return s;
}
}  // namespace

void MapRenderer::place_labels(const MapView& view, const MapTheme& theme, PlacedLabels& out,
                               const std::vector<std::array<float, 4>>& keep_clear) const {
    out.batch.clear();
    out.placed = out.considered = 0;
    out.texts.clear();
    out.boxes.clear();
    out.collision_boxes.clear();
    out.collision_owner.clear();
    if (!font_ || !labels_enabled_) return;
    const double mpp = view.metres_per_pixel();
    const double W = view.width_px, H = view.height_px;
    const float ratio = static_cast<float>(view.pixel_ratio);
    std::vector<LabelRequest> requests;
    size_t budget_vertices = 400000;  // caps the work of one placement
    const size_t max_requests = 8000;

    for (size_t li : draw_order()) {
        const GpuLayer& g = *layers_[li];
        const LayerOptions& opt = g.options;
        if (!opt.visible || !opt.labels) continue;
        const Layer& L = g.layer;
        const double ox = g.origin.x - view.center.x, oy = g.origin.y - view.center.y;
        const double vx0 = -ox - W / 2 * mpp, vx1 = -ox + W / 2 * mpp, vy0 = -oy - H / 2 * mpp, vy1 = -oy + H / 2 * mpp;
        for (const LabelSource& src : g.label_sources) {
            if (requests.size() >= max_requests || budget_vertices == 0) break;
            const ClassStyle& s = theme.style(src.cls);
            if (s.label_priority <= 0 || view.zoom < s.label_min_zoom || view.zoom < s.min_zoom) continue;
            if (src.max_x < vx0 || src.min_x > vx1 || src.max_y < vy0 || src.min_y > vy1) continue;
            const std::string_view text = label_text(g, src.feature, language_);
            if (text.empty()) continue;
            LabelRequest r;
            r.text = decode_utf8(text);
            r.priority = s.label_priority;
            r.size_px = theme.label_size(src.cls, view.zoom, L.kind == GeometryKind::Line) * theme.label_scale * ratio;
            r.bold = s.label_bold || theme.id == Theme::Projector;
            r.upper = s.label_upper;
            r.colour = s.label_colour;
            auto to_px = [&](double lon, double lat) {
                const MercatorXY m = WebMercator::forward({lat, lon});
                return std::pair<float, float>{static_cast<float>((m.x - view.center.x) / mpp + W / 2),
                                               static_cast<float>(H / 2 - (m.y - view.center.y) / mpp)};
            };
            const uint32_t p0 = L.feature_parts[src.feature], p1 = L.feature_parts[src.feature + 1];
            if (L.kind == GeometryKind::Point) {
                r.shape = LabelShape::Point;
                const uint32_t v = L.part_vertices[p0];
                auto [x, y] = to_px(L.lonlat[2 * size_t{v}], L.lonlat[2 * size_t{v} + 1]);
                r.path = {x, y};
                r.symbol_px = s.symbol * opt.width * ratio;
            } else if (L.kind == GeometryKind::Line) {
                r.shape = LabelShape::Line;
                r.repeat_px = 420 * ratio;
                if (!src.chain.empty()) {
                    const size_t nv = src.chain.size() / 2;
                    r.path.reserve(2 * nv);
                    for (size_t v = 0; v < nv; ++v) {
                        auto [x, y] = to_px(src.chain[2 * v], src.chain[2 * v + 1]);
                        r.path.push_back(x);
                        r.path.push_back(y);
                    }
                    budget_vertices -= std::min(budget_vertices, nv);
                    requests.push_back(std::move(r));
                    continue;
                }
                // The longest part carries the label.
                uint32_t best = p0;
                for (uint32_t p = p0; p < p1; ++p)
                    if (L.part_vertices[p + 1] - L.part_vertices[p] > L.part_vertices[best + 1] - L.part_vertices[best]) best = p;
                const uint32_t v0 = L.part_vertices[best], v1 = L.part_vertices[best + 1];
                if (v1 - v0 < 2) continue;
                r.path.reserve(2 * size_t{v1 - v0});
                for (uint32_t v = v0; v < v1; ++v) {
                    auto [x, y] = to_px(L.lonlat[2 * size_t{v}], L.lonlat[2 * size_t{v} + 1]);
                    r.path.push_back(x);
                    r.path.push_back(y);
                }
                budget_vertices -= std::min<size_t>(budget_vertices, v1 - v0);
            } else {
                r.shape = LabelShape::Area;
                // Label point: the centre of the feature's box when inside the largest ring,
                // else the middle of the widest horizontal chord through it.
                uint32_t best = p0;
                double best_area = -1;
                for (uint32_t p = p0; p < p1; ++p) {
                    double a = 0;
                    const uint32_t v0 = L.part_vertices[p], v1 = L.part_vertices[p + 1];
                    for (uint32_t v = v0; v + 1 < v1; ++v)
                        a += L.lonlat[2 * size_t{v}] * L.lonlat[2 * size_t{v} + 3] - L.lonlat[2 * size_t{v} + 2] * L.lonlat[2 * size_t{v} + 1];
                    if (std::fabs(a) > best_area) {
                        best_area = std::fabs(a);
                        best = p;
                    }
                }
                const uint32_t v0 = L.part_vertices[best], v1 = L.part_vertices[best + 1];
                std::vector<float> ring;
                float x0 = 1e30f, x1 = -1e30f, y0 = 1e30f, y1 = -1e30f;
                for (uint32_t v = v0; v < v1; ++v) {
                    auto [x, y] = to_px(L.lonlat[2 * size_t{v}], L.lonlat[2 * size_t{v} + 1]);
                    ring.push_back(x);
                    ring.push_back(y);
                    x0 = std::min(x0, x);
                    x1 = std::max(x1, x);
                    y0 = std::min(y0, y);
                    y1 = std::max(y1, y);
                }
                budget_vertices -= std::min<size_t>(budget_vertices, v1 - v0);
                const float cy = (y0 + y1) / 2;
                std::vector<float> xs;  // crossings of the horizontal line y = cy
                for (size_t a = 0; a + 3 < ring.size(); a += 2) {
                    const float ay = ring[a + 1], by = ring[a + 3];
                    if ((ay <= cy) != (by <= cy))
                        xs.push_back(ring[a] + (cy - ay) / (by - ay) * (ring[a + 2] - ring[a]));
                }
                std::sort(xs.begin(), xs.end());
                float cx = (x0 + x1) / 2, widest = -1;
                bool inside = false;
                for (size_t a = 0; a + 1 < xs.size(); a += 2) {
                    if (cx >= xs[a] && cx <= xs[a + 1]) inside = true;
                    if (xs[a + 1] - xs[a] > widest) widest = xs[a + 1] - xs[a];
                }
                if (!inside)
                    for (size_t a = 0; a + 1 < xs.size(); a += 2)
                        if (xs[a + 1] - xs[a] == widest) cx = (xs[a] + xs[a + 1]) / 2;
                r.path = {cx, cy};
                r.min_extent_px = src.cls == StyleClass::District ? 0 : 0.5f;  // areas: text must roughly fit
                r.symbol_px = x1 - x0;  // the area's on-screen width
            }
            requests.push_back(std::move(r));
        }
    }
    LabelPlacementOptions po;
    po.width = W;
    po.height = H;
    po.halo = theme.halo;
    po.halo_px = theme.halo_px * ratio;
    po.pixel_ratio = ratio;
    po.keep_clear = keep_clear;
    const float r = label_obstacle_px_ * ratio;
    for (const MercatorXY& m : label_obstacles_) {
        const MapView::Screen sp = view.to_screen(m);
        if (sp.x < -r || sp.y < -r || sp.x > W + r || sp.y > H + r) continue;
        po.keep_clear.push_back({static_cast<float>(sp.x) - r, static_cast<float>(sp.y) - r,
                                 static_cast<float>(sp.x) + r, static_cast<float>(sp.y) + r});
    }
    atlas::place_labels(*font_, requests, po, out);
}

void MapRenderer::set_label_obstacles(std::vector<MercatorXY> points, float radius_px) {
    const auto same = [](const MercatorXY& a, const MercatorXY& b) { return a.x == b.x && a.y == b.y; };
    if (radius_px == label_obstacle_px_ &&
        std::equal(points.begin(), points.end(), label_obstacles_.begin(), label_obstacles_.end(), same))
        return;  // the labels stay where they are
    label_obstacles_ = std::move(points);
    label_obstacle_px_ = radius_px;
    ++revision_;
}

void MapRenderer::draw_labels(PlacedLabels& labels, double tile_width, double tile_height, double tile_x,
                              double tile_y) const {
    if (!font_ || labels.batch.empty()) return;
    labels.batch.draw(*font_, tile_width, tile_height, tile_x, tile_y);
}

uint64_t MapRenderer::options_hash() const {
    uint64_t h = 1469598103934665603ull;
    auto mix = [&](const void* p, size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
    };
    for (const auto& g : layers_) {
        const LayerOptions& o = g->options;
        mix(&o.visible, sizeof o.visible);
        mix(&o.order, sizeof o.order);
        mix(&o.width, sizeof o.width);
        mix(&o.labels, sizeof o.labels);
        mix(o.label_field.data(), o.label_field.size());
        // How it is painted, which the layers panel edits in place.
        mix(&o.custom_colour, sizeof o.custom_colour);
        mix(&o.colour, sizeof o.colour);
        mix(&o.opacity, sizeof o.opacity);
    }
    return h;
}

bool MapRenderer::would_repeat_last_draw(const MapView& view, const MapTheme& theme,
                                         const std::vector<std::array<float, 4>>& keep_clear) const {
    if (draw_serial_ == 0) return false;
    const uint64_t oh = options_hash();
    if (view != drawn_view_ || &theme != drawn_theme_ || revision_ != drawn_revision_ ||
        oh != drawn_options_hash_ || keep_clear != drawn_keep_clear_)
        return false;
    if (!font_ || !labels_enabled_) return true;
    // The labels stay where they are only if they were placed for this very
    // view; placed for another (they rode along while it moved), they are
    // placed again now that it rests (see draw()).
    return cached_view_ == view && cached_theme_ == &theme && cached_revision_ == revision_ &&
           cached_options_hash_ == oh && cached_keep_clear_ == keep_clear;
}

void MapRenderer::draw(const MapView& view, const MapTheme& theme,
                       const std::vector<std::array<float, 4>>& keep_clear) {
    const uint64_t oh = options_hash();
    ++draw_serial_;
    drawn_view_ = view;
    drawn_theme_ = &theme;
    drawn_revision_ = revision_;
    drawn_options_hash_ = oh;
    drawn_keep_clear_ = keep_clear;
    clear_background(theme);
    draw_geometry(view, theme);
    if (!font_ || !labels_enabled_) return;
    // Placement policy: again when zoom, size, style or options change; while
    // panning, the last placement rides along with the map and is redone once
    // the view rests (or has moved a quarter of the screen).
    const double mpp = view.metres_per_pixel();
    const double dx = (cached_view_.center.x - view.center.x) / mpp;
    const double dy = (view.center.y - cached_view_.center.y) / mpp;
    const bool same_frame = cached_view_.zoom == view.zoom && cached_view_.width_px == view.width_px &&
                            cached_view_.height_px == view.height_px && cached_view_.pixel_ratio == view.pixel_ratio &&
                            cached_theme_ == &theme && cached_revision_ == revision_ && cached_options_hash_ == oh &&
                            cached_keep_clear_ == keep_clear;
    const bool resting = last_view_.center == view.center && last_view_.zoom == view.zoom;
    const bool moved = dx != 0 || dy != 0;
    const bool far = std::fabs(dx) > view.width_px / 4 || std::fabs(dy) > view.height_px / 4;
    if (!same_frame || far || (moved && resting)) {
        place_labels(view, theme, cached_labels_, keep_clear);
        ++stats_.label_placements;
        cached_keep_clear_ = keep_clear;
        cached_view_ = view;
        cached_theme_ = &theme;
        cached_revision_ = revision_;
        cached_options_hash_ = oh;
    }
    last_view_ = view;
    const double sx = (view.center.x - cached_view_.center.x) / mpp;
    const double sy = (cached_view_.center.y - view.center.y) / mpp;
    draw_labels(cached_labels_, view.width_px, view.height_px, sx, sy);
}

bool would_put_back(const MapRenderer& map, const MapView& view, const MapTheme& theme,
                    const std::vector<std::array<float, 4>>& keep_clear, const BasemapCopy& copy) {
    return copy.serial != 0 && copy.serial == map.draw_serial() && map.would_repeat_last_draw(view, theme, keep_clear);
}

void draw_or_put_back(MapRenderer& map, const MapView& view, const MapTheme& theme,
                      const std::vector<std::array<float, 4>>& keep_clear, BasemapCopy& copy, int samples) {
    const int w = static_cast<int>(view.width_px), h = static_cast<int>(view.height_px);
    const bool repeat = map.would_repeat_last_draw(view, theme, keep_clear);
    if (repeat && copy.serial != 0 && copy.serial == map.draw_serial() && copy.pixels.put_back(w, h, samples)) {
        ++copy.reused;
        return;
    }
    map.draw(view, theme, keep_clear);
    ++copy.drawn;
    // Copied once the map holds still (the second draw alike): a copy per
    // frame while panning or zooming would only slow those frames.
    if (repeat) {
        copy.pixels.take(w, h, samples);
        copy.serial = map.draw_serial();
    }
}

}  // namespace atlas
