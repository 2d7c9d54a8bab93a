#include "render/event_shapes.hpp"

#include <cstddef>
#include <map>
#include <utility>
#include <vector>

#include "core/categories.hpp"
#include "geo/tessellate.hpp"

namespace atlas {

namespace {

// A vertex of a fill triangle (extrude 0) or of an edge's quad: the edge's
// other end gives the direction; extrude is (side, cap) in half-widths.
struct ShapeVertex {
    float x, y;
    float ox, oy;
    float side, cap;
};
static_assert(sizeof(ShapeVertex) == 24);

constexpr const char* kShapeVS = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_other;
layout(location = 2) in vec2 a_extrude;
uniform vec2 u_center;
uniform float u_mpp;
uniform vec2 u_viewport;
uniform float u_half_width;   // device pixels; 0 for fills
void main() {
    vec2 p = (a_pos - u_center) / u_mpp;
    vec2 d = p - (a_other - u_center) / u_mpp;
    float len = length(d);
    if (len > 1e-6 && u_half_width > 0.0) {
        d /= len;
        p += (vec2(-d.y, d.x) * a_extrude.x + d * a_extrude.y) * u_half_width;
    }
    gl_Position = vec4(p / (0.5 * u_viewport), 0.0, 1.0);
}
)";

constexpr const char* kShapeFS = R"(#version 330 core
uniform vec4 u_color;
out vec4 o_color;
void main() { o_color = u_color; }
)";

void* offset(size_t bytes) { return reinterpret_cast<void*>(bytes); }  // GL's buffer-offset convention

// The quad of edge a-b, capped by half a width at each end so corners close.
void add_edge(std::vector<ShapeVertex>& out, MercatorXY a, MercatorXY b) {
    const auto ax = static_cast<float>(a.x), ay = static_cast<float>(a.y);
    const auto bx = static_cast<float>(b.x), by = static_cast<float>(b.y);
    // At b the direction is reversed, so its sides are too: b(-1) lies beside a(+1).
    const ShapeVertex a_pos{ax, ay, bx, by, 1, 1}, a_neg{ax, ay, bx, by, -1, 1};
    const ShapeVertex b_pos{bx, by, ax, ay, -1, 1}, b_neg{bx, by, ax, ay, 1, 1};
    out.insert(out.end(), {a_pos, a_neg, b_neg, a_pos, b_neg, b_pos});
}

}  // namespace

EventShapes::EventShapes()
    : prog_("event areas and routes", kShapeVS, kShapeFS), vertices_(gl::make_buffer()),
      vao_(gl::make_vertex_array()) {
    glBindVertexArray(vao_.id());
    glBindBuffer(GL_ARRAY_BUFFER, vertices_.id());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ShapeVertex), offset(offsetof(ShapeVertex, x)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ShapeVertex), offset(offsetof(ShapeVertex, ox)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, sizeof(ShapeVertex), offset(offsetof(ShapeVertex, side)));
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void EventShapes::upload(const AppModel& model, double origin_x, double origin_y) {
    origin_x_ = origin_x;
    origin_y_ = origin_y;
    shapes_.clear();
    std::vector<ShapeVertex> verts;
    Tessellator tess;
    Mesh2D mesh;
    std::vector<std::vector<MercatorXY>> rings(1);
    std::map<std::vector<double>, uint32_t> ground_of;  // kind and vertices -> the first shape on that ground
    std::vector<double> key;
    for (uint32_t row : model.shape_rows()) {
        const Location& l = model.event(row).location;
        key.assign(1, static_cast<double>(l.shape));
        for (const LatLon& v : l.vertices) key.insert(key.end(), {v.lat, v.lon});
        const auto [known, fresh] = ground_of.try_emplace(key, static_cast<uint32_t>(shapes_.size()));
        if (!fresh) {
            Prepared twin = shapes_[known->second];
            twin.row = row;
            shapes_.push_back(twin);  // the same vertices in the buffer
            continue;
        }
        std::vector<MercatorXY>& ring = rings[0];
        ring.clear();
        for (const LatLon& v : l.vertices) {
            const MercatorXY m = WebMercator::forward(v);
            ring.push_back({m.x - origin_x, m.y - origin_y});
        }
        Prepared p;
        p.row = row;
        p.ground = static_cast<uint32_t>(shapes_.size());
        p.area = l.shape == ShapeKind::Area;
        p.fill_first = static_cast<uint32_t>(verts.size());
        if (p.area) {
            mesh.xy.clear();
            mesh.indices.clear();
            tess.add_rings(rings, mesh);
            for (uint32_t i : mesh.indices) {
                const float x = mesh.xy[2 * i], y = mesh.xy[2 * i + 1];
                verts.push_back({x, y, x, y, 0, 0});
            }
        }
        p.fill_count = static_cast<uint32_t>(verts.size()) - p.fill_first;
        p.line_first = static_cast<uint32_t>(verts.size());
        const size_t n = ring.size();
        const size_t edges = p.area ? n : n - 1;
        for (size_t i = 0; n >= 2 && i < edges; ++i) add_edge(verts, ring[i], ring[(i + 1) % n]);
        p.line_count = static_cast<uint32_t>(verts.size()) - p.line_first;
        shapes_.push_back(p);
    }
    glBindBuffer(GL_ARRAY_BUFFER, vertices_.id());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(verts.size() * sizeof(ShapeVertex)),
                 verts.empty() ? nullptr : verts.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void EventShapes::draw(const AppModel& model, const MapView& v, bool dark) {
    drawn_ = 0;
    if (shapes_.empty()) return;
    const float scale = static_cast<float>(v.pixel_ratio);
    prog_.use();
    glUniform2f(prog_.uniform("u_center"), static_cast<float>(v.center.x - origin_x_),
                static_cast<float>(v.center.y - origin_y_));
    glUniform1f(prog_.uniform("u_mpp"), static_cast<float>(v.metres_per_pixel()));
    glUniform2f(prog_.uniform("u_viewport"), static_cast<float>(v.width_px), static_cast<float>(v.height_px));
    const GLint u_half = prog_.uniform("u_half_width"), u_color = prog_.uniform("u_color");
    glBindVertexArray(vao_.id());
    auto draw_part = [&](uint32_t first, uint32_t count, float half_width_px, Rgba8 c, float alpha) {
        if (count == 0) return;
        glUniform1f(u_half, half_width_px * scale);
        glUniform4f(u_color, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, alpha);
        glDrawArrays(GL_TRIANGLES, static_cast<GLint>(first), static_cast<GLsizei>(count));
    };
    const Rgba8 casing = dark ? Rgba8{24, 26, 30, 255} : Rgba8{255, 255, 255, 255};
    // Selected shapes last, so their outline is on top. A ground shared by
    // several shown events is drawn once in each pass (by the first of them):
    // faint for the shown, stronger for the selected, however many share it
    // (a slide that highlights nine events in one neighbourhood still shows
    // its streets through the fill).
    ground_drawn_.assign(shapes_.size(), 0);
    for (int pass = 0; pass < 2; ++pass) {
        const uint8_t bit = pass == 0 ? 1 : 2;
        for (const Prepared& p : shapes_) {
            if (p.row >= model.event_count() || !model.is_visible(p.row)) continue;
            const bool selected = model.is_selected(p.row);
            if (selected != (pass == 1)) continue;
            if ((ground_drawn_[p.ground] & bit) != 0) {
                ++drawn_;  // shown: its ground is already on the map
                continue;
            }
            ground_drawn_[p.ground] |= bit;
            const Rgba8 c = category_style(model.categories()[model.events().category[p.row]]).color;
            if (p.area) {
                // A faint fill that lets the map read through; the outline carries the colour.
                draw_part(p.fill_first, p.fill_count, 0, c, selected ? 0.30f : 0.15f);
                draw_part(p.line_first, p.line_count, selected ? 2.5f : 1.8f, casing, 1.0f);
                draw_part(p.line_first, p.line_count, selected ? 1.6f : 1.0f, c, 1.0f);
            } else {
                draw_part(p.line_first, p.line_count, selected ? 5.0f : 4.0f, casing, 1.0f);
                draw_part(p.line_first, p.line_count, selected ? 3.2f : 2.4f, c, 1.0f);
            }
            ++drawn_;
        }
    }
    glBindVertexArray(0);
}

}  // namespace atlas
