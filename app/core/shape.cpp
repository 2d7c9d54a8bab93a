#include "core/shape.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <numbers>

#include "core/error.hpp"

namespace atlas {

namespace {

bool valid_vertex(LatLon v) noexcept {
    return std::isfinite(v.lat) && std::isfinite(v.lon) && v.lat >= -90 && v.lat <= 90 && v.lon >= -180 &&
           v.lon <= 180;
}

// Twice the signed area and the area-weighted centroid sum of the outline in
// Web Mercator metres relative to its first vertex.
struct Surface {
    double twice_area = 0, cx = 0, cy = 0;
    MercatorXY origin;
};
Surface surface_of(std::span<const LatLon> v) {
    Surface s;
    s.origin = WebMercator::forward(v[0]);
    const size_t n = v.size();
    for (size_t i = 0; i < n; ++i) {
        const MercatorXY a = WebMercator::forward(v[i]), b = WebMercator::forward(v[(i + 1) % n]);
        const double ax = a.x - s.origin.x, ay = a.y - s.origin.y, bx = b.x - s.origin.x, by = b.y - s.origin.y;
        const double cross = ax * by - bx * ay;
        s.twice_area += cross;
        s.cx += (ax + bx) * cross;
        s.cy += (ay + by) * cross;
    }
    return s;
}

size_t distinct_count(std::span<const LatLon> v) {
    size_t n = 0;
    for (size_t i = 0; i < v.size(); ++i)
        if (std::none_of(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), [&](LatLon u) { return u == v[i]; }))
            ++n;
    return n;
}

// [SECTION] WKT reading
class WktReader {
public:
    explicit WktReader(std::string_view text) : s_(text) {}

    Shape read() {
        skip_space();
        std::string word = keyword();
        Shape out;
        if (word == "POINT") out.kind = ShapeKind::Point;
        else if (word == "LINESTRING") out.kind = ShapeKind::Route;
        else if (word == "POLYGON") out.kind = ShapeKind::Area;
        else if (word.empty()) fail("expected POINT, LINESTRING or POLYGON");
        else if (word.starts_with("MULTI") || word == "GEOMETRYCOLLECTION")
            fail(word + " is not taken: an event is one point, one area or one route");
        else fail("unknown geometry '" + word + "' (expected POINT, LINESTRING or POLYGON)");
        skip_space();
        const size_t tag_at = pos_;
        std::string tag = keyword();
        if (tag == "EMPTY") fail("an empty geometry places nothing");
        if (tag == "Z" || tag == "M") dims_ = 3;
        else if (tag == "ZM") dims_ = 4;
        else if (!tag.empty()) {
            pos_ = tag_at;
            fail("expected '(' or Z, M, ZM");
        }
        expect('(');
        if (out.kind == ShapeKind::Area) {
            expect('(');
            coords(out.vertices);
            expect(')');
            skip_space();
            if (peek() == ',') fail("polygons with holes are not taken: draw the area's outline only");
            if (out.vertices.size() >= 2 && out.vertices.front() == out.vertices.back()) out.vertices.pop_back();
        } else {
            coords(out.vertices);
        }
        expect(')');
        skip_space();
        if (pos_ != s_.size()) fail("unexpected text after the geometry");
        if (out.kind == ShapeKind::Point && out.vertices.size() != 1) fail("a POINT has one position");
        std::string why = shape_problem(out.kind, out.vertices);
        if (!why.empty()) throw Error(why);
        return out;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw Error("character " + std::to_string(pos_ + 1) + ": " + what);
    }
    char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
    void skip_space() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
            ++pos_;
    }
    std::string keyword() {
        std::string w;
        while (pos_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[pos_])))
            w += static_cast<char>(std::toupper(static_cast<unsigned char>(s_[pos_++])));
        return w;
    }
    void expect(char c) {
        skip_space();
        if (peek() != c) fail(std::string("expected '") + c + "'");
        ++pos_;
    }
    double number() {
        skip_space();
        size_t at = pos_;
        if (peek() == '+') ++at;
        double v = 0;
        const char* first = s_.data() + at;
        const char* last = s_.data() + s_.size();
        auto [ptr, ec] = std::from_chars(first, last, v);
        if (ec != std::errc() || ptr == first) fail("expected a number");
        if (!std::isfinite(v)) fail("the number is not finite");
        pos_ = static_cast<size_t>(ptr - s_.data());
        // Numbers stand apart: "43.325.1" or "43.3x" is a typing slip, not two values.
        if (const char c = peek(); std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-')
            fail("expected a space, ',' or ')' after the number");
        return v;
    }
    void coords(std::vector<LatLon>& out) {
        for (;;) {
            if (out.size() >= kMaxShapeVertices + 1)
                fail("more than " + std::to_string(kMaxShapeVertices) + " vertices");
            const double lon = number();
            const double lat = number();
            // Extra values (Z, M) are read and dropped; without a tag, up to two.
            const int extra = dims_ ? dims_ - 2 : 2;
            for (int i = 0; i < extra; ++i) {
                skip_space();
                const char c = peek();
                const bool numeric = std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.';
                if (dims_ == 0 && !numeric) break;
                number();
            }
            out.push_back({lat, lon});
            skip_space();
            if (peek() != ',') return;
            ++pos_;
        }
    }

    std::string_view s_;
    size_t pos_ = 0;
    int dims_ = 0;  // 0: as written (2 to 4 values a vertex)
};

void append_number(std::string& out, double v) {
    char buf[32];
    auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, ec == std::errc() ? ptr : buf);
}

void append_vertex(std::string& out, LatLon v) {
    append_number(out, v.lon);
    out += ' ';
    append_number(out, v.lat);
}

// Metres east and north of `origin` on a plane tangent there (fine within a city).
struct Plane {
    double lat0, lon0, kx, ky;
    explicit Plane(LatLon origin)
        : lat0(origin.lat), lon0(origin.lon),
          kx(kEarthRadius * std::numbers::pi / 180.0 * std::cos(origin.lat * std::numbers::pi / 180.0)),
          ky(kEarthRadius * std::numbers::pi / 180.0) {}
    [[nodiscard]] std::array<double, 2> operator()(LatLon v) const { return {(v.lon - lon0) * kx, (v.lat - lat0) * ky}; }
};

double segment_distance(std::array<double, 2> a, std::array<double, 2> b) {
    // Distance from the origin (0, 0) to segment ab.
    const double dx = b[0] - a[0], dy = b[1] - a[1];
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? -(a[0] * dx + a[1] * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(a[0] + t * dx, a[1] + t * dy);
}

}  // namespace

std::string shape_problem(ShapeKind kind, std::span<const LatLon> vertices) {
    if (vertices.size() > kMaxShapeVertices)
        return "more than " + std::to_string(kMaxShapeVertices) + " vertices";
    for (size_t i = 0; i < vertices.size(); ++i)
        if (!valid_vertex(vertices[i]))
            return "vertex " + std::to_string(i + 1) +
                   " is not a latitude from -90 to 90 and a longitude from -180 to 180";
    switch (kind) {
        case ShapeKind::Point:
            if (vertices.size() > 1) return "a point has one position";
            return {};
        case ShapeKind::Route:
            if (distinct_count(vertices) < 2) return "a route needs two different places";
            return {};
        case ShapeKind::Area:
            if (distinct_count(vertices) < 3) return "an area needs three different corners";
            if (std::fabs(surface_of(vertices).twice_area) < 2.0) return "the area's corners enclose no ground";
            return {};
    }
    return {};
}

LatLon representative_point(ShapeKind kind, std::span<const LatLon> v) {
    if (v.size() == 1 || kind == ShapeKind::Point) return v[0];
    if (kind == ShapeKind::Area) {
        const Surface s = surface_of(v);
        BoundsLL box;
        for (LatLon p : v) box.extend(p.lon, p.lat);
        if (std::fabs(s.twice_area) >= 2.0) {
            const LatLon c = WebMercator::inverse({s.origin.x + s.cx / (3.0 * s.twice_area),
                                                   s.origin.y + s.cy / (3.0 * s.twice_area)});
            // An outline that crosses itself can put its "centroid" anywhere: then the vertex mean.
            if (c.lon >= box.min_lon && c.lon <= box.max_lon && c.lat >= box.min_lat && c.lat <= box.max_lat)
                return c;
        }
        double lat = 0, lon = 0;
        for (LatLon p : v) lat += p.lat, lon += p.lon;
        return {lat / static_cast<double>(v.size()), lon / static_cast<double>(v.size())};
    }
    double total = 0;
    for (size_t i = 1; i < v.size(); ++i) total += haversine_m(v[i - 1], v[i]);
    double left = total / 2;
    for (size_t i = 1; i < v.size(); ++i) {
        const double d = haversine_m(v[i - 1], v[i]);
        if (d >= left && d > 0) {
            const double t = left / d;
            return {v[i - 1].lat + t * (v[i].lat - v[i - 1].lat), v[i - 1].lon + t * (v[i].lon - v[i - 1].lon)};
        }
        left -= d;
    }
    return v.back();
}

void orient_counter_clockwise(std::vector<LatLon>& v) {
    if (v.size() < 3) return;
    // Shoelace in degrees about the first vertex (small, exact differences); an
    // orientation too close to call stays as drawn, so that this is idempotent.
    double twice = 0, scale = 0;
    for (size_t i = 1; i + 1 < v.size(); ++i) {
        const double ax = v[i].lon - v[0].lon, ay = v[i].lat - v[0].lat;
        const double bx = v[i + 1].lon - v[0].lon, by = v[i + 1].lat - v[0].lat;
        twice += ax * by - bx * ay;
        scale += std::fabs(ax * by) + std::fabs(bx * ay);
    }
    if (twice < -1e-9 * scale) std::reverse(v.begin() + 1, v.end());  // the first vertex stays first
}

std::vector<LatLon> convex_hull(std::vector<LatLon> pts) {
    std::erase_if(pts, [](LatLon p) { return !valid_vertex(p); });
    auto west_south = [](LatLon a, LatLon b) { return a.lon < b.lon || (a.lon == b.lon && a.lat < b.lat); };
    std::sort(pts.begin(), pts.end(), west_south);
    pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
    if (pts.size() < 3) return pts;
    // Andrew's monotone chain: the lower chain west to east, then the upper
    // chain back, each keeping only left turns.
    auto turn = [](LatLon o, LatLon a, LatLon b) {
        return (a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon);
    };
    std::vector<LatLon> hull(2 * pts.size());
    size_t k = 0;
    for (size_t i = 0; i < pts.size(); ++i) {
        while (k >= 2 && turn(hull[k - 2], hull[k - 1], pts[i]) <= 0) --k;
        hull[k++] = pts[i];
    }
    for (size_t i = pts.size() - 1, lower = k + 1; i-- > 0;) {
        while (k >= lower && turn(hull[k - 2], hull[k - 1], pts[i]) <= 0) --k;
        hull[k++] = pts[i];
    }
    hull.resize(k - 1);  // the last vertex repeats the first
    // All on one line: the chain folds back onto itself; keep its two ends.
    if (hull.size() < 3) return {pts.front(), pts.back()};
    // Start from the south-westernmost vertex (lowest latitude, then longitude).
    auto first = std::min_element(hull.begin(), hull.end(),
                                  [](LatLon a, LatLon b) { return a.lat < b.lat || (a.lat == b.lat && a.lon < b.lon); });
    std::rotate(hull.begin(), first, hull.end());
    return hull;
}

void set_shape(Location& location, ShapeKind kind, std::vector<LatLon> vertices) {
    if (kind == ShapeKind::Area) orient_counter_clockwise(vertices);
    location.shape = kind;
    if (kind == ShapeKind::Point) {
        if (!vertices.empty()) {
            location.lat = vertices[0].lat;
            location.lon = vertices[0].lon;
        }
        location.vertices.clear();
        return;
    }
    if (!vertices.empty()) {
        const LatLon c = representative_point(kind, vertices);
        location.lat = c.lat;
        location.lon = c.lon;
    }
    location.vertices = std::move(vertices);
}

std::string to_wkt(const Location& l) {
    std::string out;
    switch (l.shape) {
        case ShapeKind::Point:
            out = "POINT (";
            append_vertex(out, {l.lat, l.lon});
            out += ')';
            return out;
        case ShapeKind::Route: out = "LINESTRING ("; break;
        case ShapeKind::Area: out = "POLYGON (("; break;
    }
    for (size_t i = 0; i < l.vertices.size(); ++i) {
        if (i) out += ", ";
        append_vertex(out, l.vertices[i]);
    }
    if (l.shape == ShapeKind::Area) {
        if (!l.vertices.empty()) {
            out += ", ";
            append_vertex(out, l.vertices.front());
        }
        out += ')';
    }
    out += ')';
    return out;
}

Shape parse_wkt(std::string_view text) { return WktReader(text).read(); }

double distance_to_shape_m(LatLon p, ShapeKind kind, std::span<const LatLon> v) {
    if (v.empty()) return INFINITY;
    const Plane plane(p);
    if (kind == ShapeKind::Point || v.size() == 1) {
        const auto a = plane(v[0]);
        return std::hypot(a[0], a[1]);
    }
    double best = INFINITY;
    const size_t n = v.size();
    const size_t edges = kind == ShapeKind::Area ? n : n - 1;
    bool inside = false;
    for (size_t i = 0; i < edges; ++i) {
        const auto a = plane(v[i]), b = plane(v[(i + 1) % n]);
        best = std::min(best, segment_distance(a, b));
        // Even-odd crossing of the ray from the point eastwards.
        if ((a[1] > 0) != (b[1] > 0) && a[0] + (0 - a[1]) * (b[0] - a[0]) / (b[1] - a[1]) > 0) inside = !inside;
    }
    return kind == ShapeKind::Area && inside ? 0.0 : best;
}

}  // namespace atlas
