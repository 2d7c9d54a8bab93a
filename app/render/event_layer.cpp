#include "render/event_layer.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>

namespace atlas {

// One instance as the GPU sees it (36 bytes).
struct EventLayer::Instance {
    float x = 0, y = 0;             // Mercator metres from the layer origin
    int32_t begin = 0, end = 0;     // seconds from the epoch, clamped to int32
    uint8_t rgba[4] = {0, 0, 0, 0};
    uint8_t shape = 0, flags = 0, colocated = 0;
    uint8_t stack = 1;              // events at this very point (up to 255): their discs share one fill
    float radius = 0;               // uncertainty, Mercator metres
    float fan_x = 0, fan_y = 0;
};
static_assert(sizeof(EventLayer::Instance) == 36);

// Quads in the band that draws a wide disc's ring (the vertex shader's 32.0).
constexpr int kRingSegments = 32;

namespace {

// [SECTION] Shaders

// Shared by markers and discs: where the instance sits, and whether the time
// window admits it (the GPU time filter).
constexpr const char* kInstanceVS = R"(#version 330 core
layout(location = 0) in vec2 a_corner;   // the ring pass's band; quads take theirs from gl_VertexID
layout(location = 1) in vec2 a_pos;
layout(location = 2) in ivec2 a_time;
layout(location = 3) in vec4 a_color;
layout(location = 4) in uvec4 a_style;   // shape, flags, co-located (0/1), events at the point
layout(location = 5) in float a_radius;  // uncertainty, Mercator metres
layout(location = 6) in vec2 a_fan;      // unit spiral offset for co-located events
layout(location = 7) in uint a_dyn;      // 1 filter pass, 2 selected, 4 inside a cluster

uniform vec2 u_center;
uniform float u_mpp;
uniform vec2 u_viewport;
uniform int u_cursor;
uniform int u_lower;       // sliding window lower edge; INT_MIN when cumulative
uniform float u_fade;      // seconds over which an event fades in
uniform float u_px;        // marker radius, device pixels
uniform float u_scale;     // device pixels per logical pixel
uniform float u_spread;
uniform int u_hover;
uniform int u_pass;        // 0: uncertainty discs, 1: markers, 2: the rings of wide discs
uniform bool u_ring_split; // pass 0 leaves wide discs to pass 2

out vec2 v_p;
out vec4 v_color;
flat out float v_r;
flat out uint v_shape;
flat out uint v_state;     // 1 coarse, 2 selected, 4 hovered
flat out float v_stack;    // events at this point
flat out vec2 v_disc;      // discs: the alphas of the fill and of the ring (the same for all the disc's pixels)
out float v_alpha;

void cull() { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); v_alpha = 0.0; }

void main() {
    bool selected = (a_dyn & 2u) != 0u;
    bool admitted = a_time.x <= u_cursor && a_time.y > u_lower;
    bool pass = (a_dyn & 1u) != 0u;
    bool clustered = (a_dyn & 4u) != 0u && !selected;
    v_color = a_color;
    v_shape = a_style.x;
    v_stack = float(max(a_style.w, 1u));
    bool coarse = (a_style.y & 1u) != 0u;
    // Markers and discs are quads of four vertices each, drawn as one batch
    // of triangles (a software rasteriser runs its whole pipeline once per
    // instance); rings are instances of the band.
    bool hovered = (u_pass == 2 ? gl_InstanceID : gl_VertexID >> 2) == u_hover;
    vec2 corner = vec2((gl_VertexID & 1) != 0 ? 1.0 : -1.0, (gl_VertexID & 2) != 0 ? 1.0 : -1.0);
    v_state = (coarse ? 1u : 0u) | (selected ? 2u : 0u) | (hovered ? 4u : 0u);
    if (!pass || !admitted || clustered) { cull(); return; }

    // Fade in as the cursor reaches the event (and out at a sliding window's tail).
    float age = float(u_cursor) - float(a_time.x);
    float t_in = clamp(age / u_fade, 0.0, 1.0);
    float alpha = mix(0.35, 1.0, t_in);
    if (u_lower != -2147483647 - 1) alpha *= mix(0.35, 1.0, clamp((float(a_time.y) - float(u_lower)) / u_fade, 0.0, 1.0));
    v_alpha = selected ? 1.0 : alpha;  // the selection never fades

    vec2 px = (a_pos - u_center) / u_mpp;
    // Events at one address fan out on a spiral; their disc stays at the address.
    if (a_style.z != 0u && u_pass == 1) px += a_fan * (2.0 * u_px * u_spread);
    float half_size;
    if (u_pass != 1) {
        float rr = a_radius / u_mpp;
        if (rr < u_px * 1.3 || rr > 8000.0) { cull(); return; }
        v_r = rr;
        half_size = rr + 2.0 * u_scale;
        // Uncertainty reads without drowning the map: a small disc (a few marker
        // widths) keeps a faint fill, which fades out as the disc grows, so the
        // wide discs of events placed only to a neighbourhood are outlines that
        // never stack into grey at street zoom. The selected event's disc alone
        // is filled and ringed strongly whatever its size; a hovered one is ringed.
        float small = clamp((160.0 * u_scale - rr) / (120.0 * u_scale), 0.0, 1.0);
        float fill = selected ? 0.16 : (coarse ? 0.08 : 0.13) * small;
        float ring_alpha = selected ? 0.9 : (hovered ? 0.75 : mix(0.35, 0.6, small));
        // The discs of events at one point (eight events at one house) lie on one
        // another: each takes the share that, all drawn, gives one disc's fill and
        // ring, so a busy building reads like a quiet one, not as an opaque blot.
        if (!selected && v_stack > 1.0) {
            fill = 1.0 - pow(1.0 - fill, 1.0 / v_stack);
            if (!hovered) ring_alpha = 1.0 - pow(1.0 - ring_alpha, 1.0 / v_stack);
        }
        // Worked out here, once per corner, not in the disc shader once per pixel
        // (a disc fills thousands of pixels at street zoom); a lone event keeps
        // its alphas as they are.
        v_disc = vec2(fill, ring_alpha);
        // A wide disc that is not selected has no fill (see the disc shader:
        // its fill fades out by 160 pixels), only its ring: pass 2 draws it as
        // a band of 32 (kRingSegments) quads around the ring instead of a square
        // whose inside all comes out transparent, the same pixels for a
        // fraction of the work.
        bool ring_only = !selected && rr >= 160.0 * u_scale;
        if (u_pass == 0 && u_ring_split && ring_only) { cull(); return; }
        if (u_pass == 2) {
            if (!ring_only) { cull(); return; }
            // a_corner: a direction, of length 1 on the band's outer edge and
            // 0.5 on its inner one. The outer polygon holds the circle reached
            // by the ring's soft edge; the inner one lies within the circle
            // inside which the ring has faded to nothing.
            float len = length(a_corner);
            vec2 dir = a_corner / len;
            float r = len > 0.75 ? half_size / cos(3.14159265 / 32.0)  // kRingSegments
                                 : max(rr - 2.0 * u_scale - 1.0, 0.0);
            v_p = dir * r;
            vec2 ndc = (px + v_p) / (0.5 * u_viewport);
            gl_Position = vec4(ndc, 0.0, 1.0);
            return;
        }
    } else {
        v_disc = vec2(0.0);
        float grow = selected ? 1.45 : (hovered ? 1.25 : 1.0);
        grow *= 1.0 + 0.5 * (1.0 - t_in);  // a short swell as it appears
        v_r = u_px * grow;
        half_size = v_r + 8.0 * u_scale;
    }
    v_p = corner * half_size;
    vec2 ndc = (px + v_p) / (0.5 * u_viewport);
    // Selected events above the rest.
    gl_Position = vec4(ndc, selected ? -0.5 : 0.0, 1.0);
}
)";

constexpr const char* kCommonFS = R"(#version 330 core
uniform float u_scale;
uniform bool u_dark;
out vec4 o_color;
vec4 over(vec4 dst, vec4 src) {
    float a = src.a + dst.a * (1.0 - src.a);
    vec3 c = (src.rgb * src.a + dst.rgb * dst.a * (1.0 - src.a)) / max(a, 1e-5);
    return vec4(c, a);
}
float cov(float d, float edge) { return 1.0 - smoothstep(edge - 0.5, edge + 0.5, d); }
)";

// What the instance vertex shader hands the marker and disc shaders.
constexpr const char* kInstanceInputs = R"(
in vec2 v_p;
in vec4 v_color;
flat in float v_r;
flat in uint v_shape;
flat in uint v_state;
flat in float v_stack;
flat in vec2 v_disc;
in float v_alpha;
)";

constexpr const char* kMarkerFS = R"(

// Regular polygon as the intersection of half-planes: n sides, the first
// outward normal at angle a0, apothem h.
float poly(vec2 p, int n, float a0, float h) {
    float d = -1e9;
    for (int i = 0; i < 6; ++i) {
        if (i >= n) break;
        float a = a0 + 6.2831853 * float(i) / float(n);
        d = max(d, dot(p, vec2(cos(a), sin(a))));
    }
    return d - h;
}
float box(vec2 p, vec2 b) { vec2 q = abs(p) - b; return max(q.x, q.y); }

// Matches atlas::MarkerShape.
float shape(uint s, vec2 p, float r) {
    if (s == 0u) return length(p) - r * 0.9;                          // circle
    if (s == 1u) return box(p, vec2(r * 0.8));                        // square
    if (s == 2u) return poly(p - vec2(0.0, -0.12 * r), 3, -1.5707963, r * 0.6);  // triangle
    if (s == 3u) return poly(p, 4, 0.7853982, r * 0.78);              // diamond
    if (s == 4u) return min(poly(p, 3, -1.5707963, r * 0.55), poly(p, 3, 1.5707963, r * 0.55));  // star
    if (s == 5u) return min(box(p, vec2(r, r * 0.34)), box(p, vec2(r * 0.34, r)));  // cross
    if (s == 6u) return poly(p, 6, 0.0, r * 0.88);                    // hexagon
    return poly(p - vec2(0.0, 0.12 * r), 3, 1.5707963, r * 0.6);      // inverted triangle
}

void main() {
    float d = shape(v_shape, v_p, v_r);
    bool coarse = (v_state & 1u) != 0u;
    bool selected = (v_state & 2u) != 0u;
    bool hovered = (v_state & 4u) != 0u;
    vec3 ink = u_dark ? vec3(0.97) : vec3(0.08, 0.08, 0.1);
    vec3 paper = u_dark ? vec3(0.1, 0.1, 0.12) : vec3(1.0);
    vec4 c = vec4(0.0);
    if (selected) {
        c = over(c, vec4(ink, 0.95 * cov(d, 7.0 * u_scale)));
        c = over(c, vec4(paper, cov(d, 4.5 * u_scale)));
    } else if (hovered) {
        c = over(c, vec4(ink, 0.9 * cov(d, 3.0 * u_scale)));
    }
    c = over(c, vec4(ink, 0.85 * cov(d, 1.2 * u_scale)));
    c = over(c, vec4(v_color.rgb, cov(d, 0.0)));
    if (coarse) {
        // Placed only to a neighbourhood or district: a hollow marker.
        float inner = -max(2.6 * u_scale, 0.3 * v_r);
        c = over(c, vec4(paper, 0.85 * cov(d, inner)));
    }
    c.a *= v_alpha;
    if (c.a < 0.004) discard;
    o_color = c;
}
)";

constexpr const char* kDiscFS = R"(
void main() {
    float dist = length(v_p);
    float d = dist - v_r;
    bool coarse = (v_state & 1u) != 0u;
    bool selected = (v_state & 2u) != 0u;
    // The fill's and the ring's alphas: see the instance vertex shader.
    float fill = v_disc.x;
    float ring_alpha = v_disc.y;
    float ring = cov(abs(d), (selected ? 1.25 : 0.75) * u_scale);
    if (coarse && !selected) {
        // A dashed edge: the place is only known to an area.
        float n = max(8.0, floor(6.2831853 * v_r / (10.0 * u_scale)));
        float a = atan(v_p.y, v_p.x) / 6.2831853 + 0.5;
        ring *= step(fract(a * n), 0.55);
    }
    vec4 c = vec4(v_color.rgb, fill * cov(d, 0.0));
    c = over(c, vec4(v_color.rgb, ring_alpha * ring));
    c.a *= v_alpha;
    if (c.a < 0.004) discard;
    o_color = c;
}
)";

constexpr const char* kClusterVS = R"(#version 330 core
layout(location = 1) in vec4 a_cluster;  // x, y (whole pixels from the view's centre, y up), count, radius (device px)
layout(location = 2) in vec4 a_ring;     // the main category's colour
uniform vec2 u_viewport;
out vec2 v_p;
flat out float v_count;
flat out float v_r;
flat out vec4 v_ring;
void main() {
    v_ring = a_ring;
    v_count = a_cluster.z;
    v_r = a_cluster.w;
    vec2 px = a_cluster.xy;
    // Each badge is four vertices of one batch of quads, as markers are.
    vec2 corner = vec2((gl_VertexID & 1) != 0 ? 1.0 : -1.0, (gl_VertexID & 2) != 0 ? 1.0 : -1.0);
    v_p = corner * (v_r + 2.0);
    gl_Position = vec4((px + v_p) / (0.5 * u_viewport), -0.25, 1.0);
}
)";

constexpr const char* kClusterFS = R"(
in vec2 v_p;
flat in float v_count;
flat in float v_r;
flat in vec4 v_ring;
uniform float u_cell;
// 5x7 digits, one row per int, the leftmost pixel in bit 4.
const int FONT[70] = int[70](
    14, 17, 19, 21, 25, 17, 14,   4, 12, 4, 4, 4, 4, 14,   14, 17, 1, 2, 4, 8, 31,
    31, 2, 4, 2, 1, 17, 14,   2, 6, 10, 18, 31, 2, 2,   31, 16, 30, 1, 1, 17, 14,
    6, 8, 16, 30, 17, 17, 14,   31, 1, 2, 4, 8, 8, 8,   14, 17, 17, 14, 17, 17, 14,
    14, 17, 17, 15, 1, 2, 12);
void main() {
    float d = length(v_p) - v_r;
    vec3 ink = u_dark ? vec3(0.08, 0.08, 0.1) : vec3(1.0);
    vec3 fill = u_dark ? vec3(0.92, 0.92, 0.9) : vec3(0.17, 0.19, 0.22);
    // A ring in the colour of the members' main category, then the badge.
    vec4 c = vec4(ink, 0.95 * cov(d, 0.0));
    c = over(c, vec4(v_ring.rgb, cov(d, -1.5 * u_scale)));
    c = over(c, vec4(fill, 0.92 * cov(d, -4.5 * u_scale)));
    int n = int(v_count + 0.5);
    int nd = n >= 10000 ? 5 : n >= 1000 ? 4 : n >= 100 ? 3 : n >= 10 ? 2 : 1;
    float w = float(nd * 6 - 1) * u_cell, h = 7.0 * u_cell;
    vec2 q = v_p + 0.5 * vec2(w, h);
    if (q.x >= 0.0 && q.x < w && q.y >= 0.0 && q.y < h) {
        int cx = int(floor(q.x / u_cell));
        int cy = 6 - int(floor(q.y / u_cell));
        int di = cx / 6, col = cx - di * 6;
        if (col < 5) {
            int p = 1;
            for (int i = 0; i < nd - 1 - di; ++i) p *= 10;
            int digit = (n / p) % 10;
            if (((FONT[digit * 7 + cy] >> (4 - col)) & 1) != 0) c = over(c, vec4(ink, 1.0));
        }
    }
    if (c.a < 0.004) discard;
    o_color = c;
}
)";

std::string fs(const char* body) { return std::string(kCommonFS) + body; }


int32_t clamp32(TimePoint t) {
    return static_cast<int32_t>(std::clamp<TimePoint>(t, INT32_MIN + 1, INT32_MAX));
}

void* offset(size_t bytes) { return reinterpret_cast<void*>(bytes); }  // GL's buffer-offset convention

// The first `count` quads of the bound VAO (see EventLayer::upload_quads).
void draw_quads(size_t count) {
    if (count > 0) glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(6 * count), GL_UNSIGNED_INT, offset(0));
}

}  // namespace

// [SECTION] Setup

// `band`: the ring's band, drawn once per instance. Without it, the buffers
// hold each event four times over, one per corner of its quad (see upload_quads).
void EventLayer::setup_instance_vao(GLuint vao, GLuint instances, GLuint flags, GLuint band) {
    const GLuint divisor = band != 0 ? 1 : 0;
    glBindVertexArray(vao);
    if (band != 0) {
        glBindBuffer(GL_ARRAY_BUFFER, band);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 8, offset(0));
    } else {
        glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, quad_indices_.id());
    }
    glBindBuffer(GL_ARRAY_BUFFER, instances);
    const GLsizei stride = sizeof(Instance);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, offset(offsetof(Instance, x)));
    glEnableVertexAttribArray(2);
    glVertexAttribIPointer(2, 2, GL_INT, stride, offset(offsetof(Instance, begin)));
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, offset(offsetof(Instance, rgba)));
    glEnableVertexAttribArray(4);
    glVertexAttribIPointer(4, 4, GL_UNSIGNED_BYTE, stride, offset(offsetof(Instance, shape)));
    glEnableVertexAttribArray(5);
    glVertexAttribPointer(5, 1, GL_FLOAT, GL_FALSE, stride, offset(offsetof(Instance, radius)));
    glEnableVertexAttribArray(6);
    glVertexAttribPointer(6, 2, GL_FLOAT, GL_FALSE, stride, offset(offsetof(Instance, fan_x)));
    for (GLuint a = 1; a <= 6; ++a) glVertexAttribDivisor(a, divisor);
    glBindBuffer(GL_ARRAY_BUFFER, flags);
    glEnableVertexAttribArray(7);
    glVertexAttribIPointer(7, 1, GL_UNSIGNED_BYTE, 1, offset(0));
    glVertexAttribDivisor(7, divisor);
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

EventLayer::EventLayer()
    : marker_prog_("event markers", kInstanceVS, fs((std::string(kInstanceInputs) + kMarkerFS).c_str()).c_str()),
      disc_prog_("event uncertainty", kInstanceVS, fs((std::string(kInstanceInputs) + kDiscFS).c_str()).c_str()),
      cluster_prog_("event clusters", kClusterVS, fs(kClusterFS).c_str()),
      instances_(gl::make_buffer()), flags_(gl::make_buffer()),
      cluster_buf_(gl::make_buffer()), sel_instances_(gl::make_buffer()), sel_flags_(gl::make_buffer()),
      single_instances_(gl::make_buffer()), single_flags_(gl::make_buffer()), ring_band_(gl::make_buffer()),
      ring_instances_(gl::make_buffer()), ring_flags_(gl::make_buffer()), quad_indices_(gl::make_buffer()),
      marker_vao_(gl::make_vertex_array()), sel_vao_(gl::make_vertex_array()), single_vao_(gl::make_vertex_array()),
      cluster_vao_(gl::make_vertex_array()), ring_vao_(gl::make_vertex_array()) {
    // The ring's band as a triangle strip: inner and outer edge in turn, all the way round.
    std::vector<float> band;
    for (int k = 0; k <= kRingSegments; ++k) {
        const double a = 2.0 * 3.14159265358979323846 * (k % kRingSegments) / kRingSegments;
        const auto c = static_cast<float>(std::cos(a)), s = static_cast<float>(std::sin(a));
        band.insert(band.end(), {0.5f * c, 0.5f * s, c, s});
    }
    glBindBuffer(GL_ARRAY_BUFFER, ring_band_.id());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(band.size() * sizeof(float)), band.data(), GL_STATIC_DRAW);

    setup_instance_vao(marker_vao_.id(), instances_.id(), flags_.id(), 0);
    setup_instance_vao(sel_vao_.id(), sel_instances_.id(), sel_flags_.id(), 0);
    setup_instance_vao(single_vao_.id(), single_instances_.id(), single_flags_.id(), 0);
    setup_instance_vao(ring_vao_.id(), ring_instances_.id(), ring_flags_.id(), ring_band_.id());

    glBindVertexArray(cluster_vao_.id());
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, quad_indices_.id());
    glBindBuffer(GL_ARRAY_BUFFER, cluster_buf_.id());
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, 32, offset(0));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, 32, offset(16));
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

// [SECTION] Uploads

EventLayer::Instance EventLayer::make_instance(const AppModel& model, uint32_t r) const {
    const EventArrays& ev = model.events();
    Instance in{};
    in.x = static_cast<float>(ev.x[r] - origin_x_);
    in.y = static_cast<float>(ev.y[r] - origin_y_);
    in.begin = clamp32(ev.begin[r] - epoch_);
    in.end = clamp32(ev.end[r] - epoch_);
    const CategoryStyle st = category_style(model.categories()[ev.category[r]]);
    in.rgba[0] = st.color.r;
    in.rgba[1] = st.color.g;
    in.rgba[2] = st.color.b;
    in.rgba[3] = st.color.a;
    in.shape = static_cast<uint8_t>(st.shape);
    in.flags = (ev.flags[r] & kFlagCoarse) ? 1 : 0;
    in.colocated = ev.colocated_count[r] > 1 ? 1 : 0;
    in.stack = static_cast<uint8_t>(std::clamp<uint16_t>(ev.colocated_count[r], 1, 255));
    // An area or a route shows its own extent: no disc around its marker.
    in.radius = (ev.flags[r] & kFlagShape) ? 0.0f : ev.radius_merc[r];
    if (in.colocated) AppModel::spiral_offset(ev.colocated_slot[r], in.fan_x, in.fan_y);
    return in;
}

void EventLayer::upload_quads(GLuint instances, GLuint flags, const std::vector<Instance>& data,
                              const std::vector<uint8_t>& flag_bytes) {
    // Each event once per corner: the vertex shader takes the corner from
    // gl_VertexID, and one indexed draw carries every quad.
    std::vector<Instance> quad_data(data.size() * 4);
    std::vector<uint8_t> quad_flags(flag_bytes.size() * 4);
    for (size_t i = 0; i < data.size(); ++i) std::fill_n(quad_data.begin() + static_cast<std::ptrdiff_t>(4 * i), 4, data[i]);
    for (size_t i = 0; i < flag_bytes.size(); ++i)
        std::fill_n(quad_flags.begin() + static_cast<std::ptrdiff_t>(4 * i), 4, flag_bytes[i]);
    glBindBuffer(GL_ARRAY_BUFFER, instances);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(quad_data.size() * sizeof(Instance)),
                 quad_data.empty() ? nullptr : quad_data.data(), GL_DYNAMIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, flags);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(quad_flags.size()),
                 quad_flags.empty() ? nullptr : quad_flags.data(), GL_DYNAMIC_DRAW);
    reserve_quads(data.size());
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void EventLayer::reserve_quads(size_t quads) {
    if (quads > quad_capacity_) {
        // Two triangles a quad, in the order a four-vertex strip splits into
        // (0 1 2, then 2 1 3), so each pixel comes out as it did from a strip.
        quad_capacity_ = std::max(quads, 2 * quad_capacity_);
        std::vector<uint32_t> idx(quad_capacity_ * 6);
        for (size_t q = 0; q < quad_capacity_; ++q) {
            const auto b = static_cast<uint32_t>(4 * q);
            const uint32_t tri[6] = {b, b + 1, b + 2, b + 2, b + 1, b + 3};
            std::copy(std::begin(tri), std::end(tri), idx.begin() + static_cast<std::ptrdiff_t>(6 * q));
        }
        // Buffers have no type of their own: filled here, used as indices by the quad VAOs.
        glBindBuffer(GL_ARRAY_BUFFER, quad_indices_.id());
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(idx.size() * sizeof(uint32_t)), idx.data(),
                     GL_STATIC_DRAW);
        glBindBuffer(GL_ARRAY_BUFFER, 0);
    }
}

void EventLayer::upload(const AppModel& model) {
    const EventArrays& ev = model.events();
    count_ = ev.size();
    uploaded_dataset_ = model.dataset_version();
    // The epoch sits mid-data so int32 seconds reach +-68 years either side.
    epoch_ = model.data_begin() + (model.data_end() - model.data_begin()) / 2;
    const BoundsLL b = model.data_bounds();
    const MercatorXY o = b.valid() ? WebMercator::forward({(b.min_lat + b.max_lat) / 2, (b.min_lon + b.max_lon) / 2})
                                   : model.map_view.center;
    origin_x_ = o.x;
    origin_y_ = o.y;
    max_radius_ = 0;
    for (float r : ev.radius_merc) max_radius_ = std::max(max_radius_, static_cast<double>(r));
    max_radius_ = std::min(max_radius_, 20000.0);
    seen_filter_ = seen_selection_ = 0;
    seen_clusters_ = UINT64_MAX;
    cand_valid_ = false;
    uploaded_singles_.clear();
    shapes_.upload(model, origin_x_, origin_y_);
    ++stats_.static_uploads;
    stats_.instances = count_;
}

void EventLayer::update_candidates(const AppModel& model, const MapView& v) {
    const ClusterSet& cs = model.clusters_at(v.zoom);
    const MercatorXY lo = v.to_mercator(0, v.height_px), hi = v.to_mercator(v.width_px, 0);
    // Markers (and fanned-out ones) reach a little past their point.
    const double reach = 2.0 * AppModel::kMarkerRadiusPx * v.pixel_ratio * 10.0 * v.metres_per_pixel();
    const bool view_inside = lo.x - reach >= cand_min_x_ && lo.y - reach >= cand_min_y_ &&
                             hi.x + reach <= cand_max_x_ && hi.y + reach <= cand_max_y_;
    const double view[5] = {v.center.x, v.center.y, v.zoom, static_cast<double>(v.width_px),
                            static_cast<double>(v.height_px)};
    const bool view_still = std::equal(std::begin(view), std::end(view), std::begin(last_view_));
    std::copy(std::begin(view), std::end(view), std::begin(last_view_));
    const bool current = cand_valid_ && view_inside && seen_filter_ == model.filter_version() &&
                         seen_selection_ == model.selection_version() && seen_clusters_ == model.cluster_version();
    // A big dataset's candidates leave room to pan (half a screen each way, four
    // times the view's area). Once the view holds still (scrubbing, playing),
    // they are prepared again for the view alone, so each frame's vertex work
    // is for what can show.
    const bool tighten = current && !cand_tight_ && view_still && count_ > kAllCandidatesBelow;
    if (current && !tighten) return;
    seen_filter_ = model.filter_version();
    seen_selection_ = model.selection_version();
    seen_clusters_ = model.cluster_version();
    cand_valid_ = true;
    cand_tight_ = view_still;

    // Which events can show: pass the filter, not inside a cluster, and (for a
    // big dataset) near the view; the view may move half a screen before this
    // is rebuilt (not at all once tightened to a still view). Kept in time
    // order, so the cumulative window draws a prefix.
    const auto& pass = model.filter_mask();
    const auto& sel = model.selected_mask();
    const bool have_clusters = cs.cluster_of_row.size() == count_;
    cand_rows_.clear();
    if (count_ <= kAllCandidatesBelow) {
        cand_min_x_ = cand_min_y_ = -1e300;
        cand_max_x_ = cand_max_y_ = 1e300;
        for (uint32_t r : model.filtered_rows())
            if (!have_clusters || cs.cluster_of_row[r] < 0) cand_rows_.push_back(r);
    } else {
        const double room = cand_tight_ ? 0.0 : 0.5;
        const double w = hi.x - lo.x, h = hi.y - lo.y;
        cand_min_x_ = lo.x - w * room - reach;
        cand_max_x_ = hi.x + w * room + reach;
        cand_min_y_ = lo.y - h * room - reach;
        cand_max_y_ = hi.y + h * room + reach;
        model.spatial_index().query_rect(cand_min_x_ - max_radius_, cand_min_y_ - max_radius_,
                                         cand_max_x_ + max_radius_, cand_max_y_ + max_radius_, cand_rows_);
        // The search reaches as far as the widest disc; keep only the events
        // whose own marker (`reach` past its point) or disc (its radius and
        // the ring's soft edge) reaches the area. Most are placed to a
        // building, and in a dense city the band the widest disc adds around
        // the view holds several times the events inside it.
        const EventArrays& ev = model.events();
        const double disc_edge = 4.0 * v.pixel_ratio * v.metres_per_pixel();
        auto reaches = [&](uint32_t r) {
            const double dx = std::max({cand_min_x_ + reach - ev.x[r], 0.0, ev.x[r] - (cand_max_x_ - reach)});
            const double dy = std::max({cand_min_y_ + reach - ev.y[r], 0.0, ev.y[r] - (cand_max_y_ - reach)});
            if (dx <= reach && dy <= reach) return true;
            const double disc = static_cast<double>(ev.radius_merc[r]) + disc_edge;
            return dx * dx + dy * dy <= disc * disc;
        };
        cand_rows_.erase(std::remove_if(cand_rows_.begin(), cand_rows_.end(),
                                        [&](uint32_t r) {
                                            return !pass[r] || (have_clusters && cs.cluster_of_row[r] >= 0) ||
                                                   !reaches(r);
                                        }),
                         cand_rows_.end());
        std::sort(cand_rows_.begin(), cand_rows_.end());
    }
    std::vector<Instance> data(cand_rows_.size());
    cand_begins_.resize(cand_rows_.size());
    flag_bytes_.resize(cand_rows_.size());
    const EventArrays& ev = model.events();
    for (size_t i = 0; i < cand_rows_.size(); ++i) {
        const uint32_t r = cand_rows_[i];
        data[i] = make_instance(model, r);
        cand_begins_[i] = ev.begin[r];
        flag_bytes_[i] = static_cast<uint8_t>(1 | (sel[r] ? 2 : 0));
    }
    upload_quads(instances_.id(), flags_.id(), data, flag_bytes_);
    ++stats_.candidate_uploads;

    // The selected events again, drawn last so nothing covers them.
    std::vector<Instance> on_top;
    std::vector<uint8_t> sel_flags;
    for (uint32_t r : model.selection()) {
        if (r >= count_ || !pass[r]) continue;
        on_top.push_back(make_instance(model, r));
        sel_flags.push_back(1 | 2);
    }
    sel_count_ = on_top.size();
    upload_quads(sel_instances_.id(), sel_flags_.id(), on_top, sel_flags);
}

void EventLayer::update_rings(const AppModel& model, const MapView& v) {
    const double mpp = v.metres_per_pixel(), scale = v.pixel_ratio;
    const MercatorXY lo = v.to_mercator(0, v.height_px), hi = v.to_mercator(v.width_px, 0);
    const bool view_inside =
        lo.x >= ring_min_x_ && lo.y >= ring_min_y_ && hi.x <= ring_max_x_ && hi.y <= ring_max_y_;
    if (ring_for_upload_ == stats_.candidate_uploads && ring_for_mpp_ == mpp && ring_for_scale_ == scale &&
        view_inside)
        return;
    ring_for_upload_ = stats_.candidate_uploads;
    ring_for_mpp_ = mpp;
    ring_for_scale_ = scale;
    // Prepared for the view and half a screen each way, as the candidates are.
    const double w = hi.x - lo.x, h = hi.y - lo.y;
    ring_min_x_ = lo.x - 0.5 * w;
    ring_max_x_ = hi.x + 0.5 * w;
    ring_min_y_ = lo.y - 0.5 * h;
    ring_max_y_ = hi.y + 0.5 * h;
    // A little wider than the shader's own test (radius / mpp >= 160 device
    // pixels, in single precision), which has the last word in both passes.
    const double min_radius = 160.0 * scale * mpp * (1.0 - 1e-3);
    // Where the band can draw (see the ring pass of the instance vertex
    // shader): its outer polygon lies within (radius + 2 px) / cos(pi / 32) of
    // the event's point, its inner one reaches no nearer than
    // (radius - 2 px - 1 px) * cos(pi / 32); a pixel more either way for
    // rounding. A ring that does not cross the prepared area draws nothing
    // there: one far off, or a neighbourhood's around the whole view.
    const double seg = std::cos(3.14159265358979323846 / kRingSegments);
    const EventArrays& ev = model.events();
    const auto& sel = model.selected_mask();
    ring_cands_.clear();
    ring_begins_.clear();
    std::vector<Instance> data;
    for (size_t i = 0; i < cand_rows_.size(); ++i) {
        const uint32_t r = cand_rows_[i];
        const double radius = ev.radius_merc[r];
        if (sel[r] || (ev.flags[r] & kFlagShape) || !(radius >= min_radius)) continue;
        const double outer = (radius + 2.0 * scale * mpp) / seg + mpp;
        const double inner = std::max(radius - (2.0 * scale + 1.0) * mpp, 0.0) * seg - mpp;
        const double x = ev.x[r], y = ev.y[r];
        const double near_x = std::max({ring_min_x_ - x, 0.0, x - ring_max_x_});
        const double near_y = std::max({ring_min_y_ - y, 0.0, y - ring_max_y_});
        const double far_x = std::max(std::abs(ring_min_x_ - x), std::abs(ring_max_x_ - x));
        const double far_y = std::max(std::abs(ring_min_y_ - y), std::abs(ring_max_y_ - y));
        if (near_x * near_x + near_y * near_y > outer * outer) continue;
        if (inner > 0 && far_x * far_x + far_y * far_y < inner * inner) continue;
        ring_cands_.push_back(static_cast<uint32_t>(i));
        ring_begins_.push_back(ev.begin[r]);
        data.push_back(make_instance(model, r));
    }
    const std::vector<uint8_t> flags(data.size(), 1);
    glBindBuffer(GL_ARRAY_BUFFER, ring_instances_.id());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(data.size() * sizeof(Instance)),
                 data.empty() ? nullptr : data.data(), GL_DYNAMIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, ring_flags_.id());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(flags.size()), flags.empty() ? nullptr : flags.data(),
                 GL_DYNAMIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

// [SECTION] Drawing

void EventLayer::draw(const AppModel& model, const MapView& v, const EventLayerStyle& style) {
    if (uploaded_dataset_ != model.dataset_version()) upload(model);
    if (count_ == 0) return;
    update_candidates(model, v);
    const bool bands = style.show_uncertainty && style.rings_as_bands;
    if (bands) update_rings(model, v);

    const float scale = static_cast<float>(v.pixel_ratio);
    const float mpp = static_cast<float>(v.metres_per_pixel());
    const float cx = static_cast<float>(v.center.x - origin_x_), cy = static_cast<float>(v.center.y - origin_y_);
    const TimeWindow& w = model.window();
    const int32_t cursor = clamp32(w.cursor - epoch_);
    const int32_t lower = w.mode == WindowMode::Cumulative ? INT32_MIN : clamp32(w.cursor - w.width - epoch_);
    // New events fade in over a short stretch of history: a second of playback,
    // or a small part of the timeline's span, whichever is shorter.
    double fade = style.fade_seconds > 0
                      ? style.fade_seconds
                      : std::min(static_cast<double>(model.timeline_end - model.timeline_begin) / 150.0,
                                 model.playback().speed * 1.0);
    fade = std::max(fade, 1.0);
    // Hover by instance: the hovered row's place among the candidates.
    int hover = -1;
    if (auto h = model.hover()) {
        auto it = std::lower_bound(cand_rows_.begin(), cand_rows_.end(), *h);
        if (it != cand_rows_.end() && *it == *h) hover = static_cast<int>(it - cand_rows_.begin());
    }

    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glDisable(GL_SCISSOR_TEST);
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

    shapes_.draw(model, v, style.dark);
    stats_.shapes_drawn = shapes_.shapes_drawn();

    auto set_common = [&](const gl::Program& p) {
        p.use();
        glUniform2f(p.uniform("u_center"), cx, cy);
        glUniform1f(p.uniform("u_mpp"), mpp);
        glUniform2f(p.uniform("u_viewport"), static_cast<float>(v.width_px), static_cast<float>(v.height_px));
        glUniform1i(p.uniform("u_cursor"), cursor);
        glUniform1i(p.uniform("u_lower"), lower);
        glUniform1f(p.uniform("u_fade"), static_cast<float>(fade));
        glUniform1f(p.uniform("u_px"), style.marker_radius_px * scale);
        glUniform1f(p.uniform("u_scale"), scale);
        glUniform1f(p.uniform("u_spread"), AppModel::spread_factor(v.zoom));
        glUniform1i(p.uniform("u_hover"), hover);
        glUniform1i(p.uniform("u_dark"), style.dark ? 1 : 0);
    };

    // Markers drawn outside the main buffer (selected ones, lone cluster members),
    // with their uncertainty discs.
    auto draw_extra = [&](GLuint vao, size_t count) {
        glBindVertexArray(vao);
        if (style.show_uncertainty) {
            set_common(disc_prog_);
            glUniform1i(disc_prog_.uniform("u_pass"), 0);
            glUniform1i(disc_prog_.uniform("u_ring_split"), 0);
            glUniform1i(disc_prog_.uniform("u_hover"), -1);
            draw_quads(count);
        }
        set_common(marker_prog_);
        glUniform1i(marker_prog_.uniform("u_pass"), 1);
        glUniform1i(marker_prog_.uniform("u_hover"), -1);
        draw_quads(count);
    };

    glBindVertexArray(marker_vao_.id());
    // Candidates are in begin order: nothing past the cursor can show, so draw the prefix.
    const auto n = static_cast<GLsizei>(
        std::upper_bound(cand_begins_.begin(), cand_begins_.end(), w.cursor) - cand_begins_.begin());
    stats_.instances_drawn = static_cast<size_t>(n);
    stats_.rings_drawn = 0;
    if (style.show_uncertainty) {
        set_common(disc_prog_);
        glUniform1i(disc_prog_.uniform("u_pass"), 0);
        glUniform1i(disc_prog_.uniform("u_ring_split"), bands ? 1 : 0);
        draw_quads(static_cast<size_t>(n));
        // Then the wide discs' rings, from their own instances (the same
        // prefix in time): above the other discs, where time order puts them
        // over every earlier event's disc; a thin ring stays legible over a
        // later one's faint fill too.
        const auto rings = !bands ? 0 : static_cast<GLsizei>(
            std::upper_bound(ring_begins_.begin(), ring_begins_.end(), w.cursor) - ring_begins_.begin());
        if (rings > 0) {
            int ring_hover = -1;
            if (hover >= 0) {
                auto it = std::lower_bound(ring_cands_.begin(), ring_cands_.end(), static_cast<uint32_t>(hover));
                if (it != ring_cands_.end() && *it == static_cast<uint32_t>(hover))
                    ring_hover = static_cast<int>(it - ring_cands_.begin());
            }
            glBindVertexArray(ring_vao_.id());
            glUniform1i(disc_prog_.uniform("u_pass"), 2);
            glUniform1i(disc_prog_.uniform("u_hover"), ring_hover);
            glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 2 * (kRingSegments + 1), rings);
            glBindVertexArray(marker_vao_.id());
            stats_.rings_drawn = static_cast<size_t>(rings);
        }
    }
    set_common(marker_prog_);
    glUniform1i(marker_prog_.uniform("u_pass"), 1);
    draw_quads(static_cast<size_t>(n));

    // Cluster badges: counts of admitted members; zero-count clusters vanish.
    stats_.clusters_drawn = 0;
    if (style.show_clusters) {
        const ClusterSet& cs = model.clusters_at(v.zoom);
        cluster_data_.clear();
        singles_.clear();
        // Clusters that can draw in the view: a badge reaches the largest
        // badge's radius (plus a pixel of snapping) from the cluster; a lone
        // member, its uncertainty disc and (fanned out among co-located events,
        // as for the candidates) its marker as far from any member. The rest
        // draw nothing.
        const double mpp_px = scale * v.metres_per_pixel();
        const double badge_reach =
            std::max((AppModel::cluster_radius_px(static_cast<uint32_t>(std::min<size_t>(count_, UINT32_MAX))) + 1.0) *
                         mpp_px,
                     cs.max_member_offset + max_radius_ + 20.0 * style.marker_radius_px * mpp_px);
        const MercatorXY view_lo = v.to_mercator(0, v.height_px), view_hi = v.to_mercator(v.width_px, 0);
        cs.in_rect(view_lo.x - badge_reach, view_lo.y - badge_reach, view_hi.x + badge_reach,
                   view_hi.y + badge_reach, cluster_rows_);
        const std::vector<uint32_t>& counts = model.cluster_counts(cs);
        for (uint32_t ci : cluster_rows_) {
            const Cluster& c = cs.clusters[ci];
            const uint32_t k = counts[ci];
            if (k == 0) continue;
            if (k == 1) {
                if (auto r = model.cluster_single(c)) {
                    singles_.push_back(*r);
                    continue;
                }
            }
            // Snapped to whole pixels in double precision, so the digits are crisp and a
            // badge lands on the same pixel whether the image is drawn whole or in tiles.
            // Rounded, not floored: views are often centred on an event, which puts a
            // badge a hair either side of a whole pixel, where floor() would flip.
            const double badge_mpp = v.metres_per_pixel();
            const double bx = std::round((c.x - v.center.x) / badge_mpp + 0.5 * v.width_px) - 0.5 * v.width_px;
            const double by = std::round((c.y - v.center.y) / badge_mpp + 0.5 * v.height_px) - 0.5 * v.height_px;
            cluster_data_.push_back(static_cast<float>(bx));
            cluster_data_.push_back(static_cast<float>(by));
            cluster_data_.push_back(static_cast<float>(k));
            cluster_data_.push_back(AppModel::cluster_radius_px(k) * scale);
            const Rgba8 ring = category_style(model.categories()[c.main_category]).color;
            cluster_data_.push_back(ring.r / 255.0f);
            cluster_data_.push_back(ring.g / 255.0f);
            cluster_data_.push_back(ring.b / 255.0f);
            cluster_data_.push_back(1.0f);
        }
        stats_.clusters_drawn = cluster_data_.size() / 8;
        if (!cluster_data_.empty()) {
            // Each badge once per corner of its quad.
            cluster_corners_.resize(4 * cluster_data_.size());
            for (size_t i = 0; i < cluster_data_.size(); i += 8)
                for (size_t k = 0; k < 4; ++k)
                    std::copy_n(cluster_data_.begin() + static_cast<std::ptrdiff_t>(i), 8,
                                cluster_corners_.begin() + static_cast<std::ptrdiff_t>(4 * i + 8 * k));
            reserve_quads(stats_.clusters_drawn);
            glBindBuffer(GL_ARRAY_BUFFER, cluster_buf_.id());
            glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(cluster_corners_.size() * sizeof(float)),
                         cluster_corners_.data(), GL_STREAM_DRAW);
            glBindBuffer(GL_ARRAY_BUFFER, 0);
            ++stats_.cluster_uploads;
            cluster_prog_.use();
            glUniform2f(cluster_prog_.uniform("u_viewport"), static_cast<float>(v.width_px),
                        static_cast<float>(v.height_px));
            glUniform1f(cluster_prog_.uniform("u_scale"), scale);
            glUniform1f(cluster_prog_.uniform("u_cell"), std::round(2.0f * scale));
            glUniform1i(cluster_prog_.uniform("u_dark"), style.dark ? 1 : 0);
            glBindVertexArray(cluster_vao_.id());
            draw_quads(stats_.clusters_drawn);
        }
    }
    // Clusters with one admitted member show that member's marker.
    if (style.show_clusters && !singles_.empty()) {
        if (singles_ != uploaded_singles_) {
            std::vector<Instance> inst;
            inst.reserve(singles_.size());
            for (uint32_t r : singles_) inst.push_back(make_instance(model, r));
            upload_quads(single_instances_.id(), single_flags_.id(), inst, std::vector<uint8_t>(singles_.size(), 1));
            uploaded_singles_ = singles_;
        }
        draw_extra(single_vao_.id(), singles_.size());
    }
    // The selected events last, above markers and cluster badges alike.
    if (sel_count_ > 0) {
        draw_extra(sel_vao_.id(), sel_count_);
    }
    glBindVertexArray(0);
    glUseProgram(0);
}

}  // namespace atlas
