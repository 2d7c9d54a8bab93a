#include "geo/tessellate.hpp"

#include <GL/glu.h>

#include <cmath>
#include <deque>
#include <array>

namespace atlas {

// [SECTION] GLU callback state
struct Tessellator::State {
    GLUtesselator* tess = nullptr;
    Mesh2D* out = nullptr;
    // Input and combined vertices must outlive gluTessEndPolygon: a deque keeps addresses stable.
    std::deque<std::array<GLdouble, 3>> coords;
    std::deque<uint32_t> ids;  // vertex number in `out` of each coordinate, parallel to coords
    std::vector<uint32_t> pending;  // indices of the polygon being built (committed when no error)
    bool failed = false;
    size_t errors = 0;
};

namespace {
using State = Tessellator::State;

// With an edge-flag callback registered GLU emits independent triangles only
// (no fans or strips), so begin/end need no bookkeeping.
void GLAPIENTRY on_begin(GLenum, void*) {}
void GLAPIENTRY on_edge_flag(GLboolean, void*) {}
void GLAPIENTRY on_end(void*) {}

void GLAPIENTRY on_vertex(void* vertex, void* user) {
    auto* s = static_cast<State*>(user);
    s->pending.push_back(*static_cast<uint32_t*>(vertex));
}

void GLAPIENTRY on_combine(GLdouble coords[3], void*[4], GLfloat[4], void** out_data, void* user) {
    // Where edges cross GLU asks for a new vertex.
    auto* s = static_cast<State*>(user);
    const auto id = static_cast<uint32_t>(s->out->xy.size() / 2);
    s->out->xy.push_back(static_cast<float>(coords[0]));
    s->out->xy.push_back(static_cast<float>(coords[1]));
    s->coords.push_back({coords[0], coords[1], 0.0});
    s->ids.push_back(id);
    *out_data = &s->ids.back();
}

void GLAPIENTRY on_error(GLenum, void* user) {
    auto* s = static_cast<State*>(user);
    s->failed = true;
}

template <typename F>
auto glu_callback(F f) {
    // GLU's prototype takes a function of no arguments; the real signature is restored by GLU.
    return reinterpret_cast<_GLUfuncptr>(reinterpret_cast<void (*)()>(f));
}

bool finite(const MercatorXY& p) noexcept { return std::isfinite(p.x) && std::isfinite(p.y); }
}  // namespace

Tessellator::Tessellator() : state_(std::make_unique<State>()) {
    state_->tess = gluNewTess();
    if (!state_->tess) throw Error("the GLU tessellator could not be created (out of memory)");
    GLUtesselator* t = state_->tess;
    gluTessProperty(t, GLU_TESS_WINDING_RULE, GLU_TESS_WINDING_ODD);
    gluTessNormal(t, 0.0, 0.0, 1.0);  // triangles come out counter-clockwise in x-east, y-north
    gluTessCallback(t, GLU_TESS_BEGIN_DATA, glu_callback(&on_begin));
    gluTessCallback(t, GLU_TESS_EDGE_FLAG_DATA, glu_callback(&on_edge_flag));
    gluTessCallback(t, GLU_TESS_END_DATA, glu_callback(&on_end));
    gluTessCallback(t, GLU_TESS_VERTEX_DATA, glu_callback(&on_vertex));
    gluTessCallback(t, GLU_TESS_COMBINE_DATA, glu_callback(&on_combine));
    gluTessCallback(t, GLU_TESS_ERROR_DATA, glu_callback(&on_error));
}

Tessellator::~Tessellator() {
    if (state_ && state_->tess) gluDeleteTess(state_->tess);
}

size_t Tessellator::error_count() const noexcept { return state_->errors; }

size_t Tessellator::add_rings(std::span<const std::vector<MercatorXY>> rings, Mesh2D& out) {
    State& s = *state_;
    s.out = &out;
    s.coords.clear();
    s.ids.clear();
    s.pending.clear();
    s.failed = false;
    const size_t vertices_before = out.xy.size();

    bool any = false;
    gluTessBeginPolygon(s.tess, &s);
    for (const auto& ring : rings) {
        // Drop non-finite points and consecutive duplicates; a closing point equal to the first goes too.
        size_t distinct = 0;
        const MercatorXY* prev = nullptr;
        for (const MercatorXY& p : ring) {
            if (!finite(p) || (prev && prev->x == p.x && prev->y == p.y)) continue;
            prev = &p;
            ++distinct;
        }
        if (distinct >= 2 && finite(ring.front()) && prev && prev->x == ring.front().x && prev->y == ring.front().y)
            --distinct;
        if (distinct < 3) continue;
        gluTessBeginContour(s.tess);
        prev = nullptr;
        size_t emitted = 0;
        for (const MercatorXY& p : ring) {
            if (!finite(p) || (prev && prev->x == p.x && prev->y == p.y)) continue;
            prev = &p;
            if (emitted == distinct) break;  // the closing duplicate
            const auto id = static_cast<uint32_t>(out.xy.size() / 2);
            out.xy.push_back(static_cast<float>(p.x));
            out.xy.push_back(static_cast<float>(p.y));
            s.coords.push_back({p.x, p.y, 0.0});
            s.ids.push_back(id);
            gluTessVertex(s.tess, s.coords.back().data(), &s.ids.back());
            ++emitted;
        }
        gluTessEndContour(s.tess);
        any = true;
    }
    gluTessEndPolygon(s.tess);
    s.out = nullptr;

    if (!any || s.failed || s.pending.size() % 3 != 0) {
        if (s.failed) ++s.errors;
        out.xy.resize(vertices_before);  // nothing half-written
        return 0;
    }
    out.indices.insert(out.indices.end(), s.pending.begin(), s.pending.end());
    return s.pending.size() / 3;
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
