#include "geo/crs.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <numbers>
#include <vector>

#include "core/error.hpp"

namespace atlas {

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;
}

// [SECTION] Transverse Mercator

TransverseMercator::TransverseMercator(double a, double inv_f, double k0, double lon0_deg, double lat0_deg,
                                       double false_easting, double false_northing)
    : k0_(k0), lon0_(lon0_deg), fe_(false_easting), fn_(false_northing) {
    const double f = 1.0 / inv_f;
    e_ = std::sqrt(f * (2 - f));
    const double n = f / (2 - f);
    const double n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
    A_ = a / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
    alpha_[1] = n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800;
    alpha_[2] = 13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1983433 * n6 / 1935360;
    alpha_[3] = 61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167603 * n6 / 181440;
    alpha_[4] = 49561 * n4 / 161280 - 179 * n5 / 168 + 6601661 * n6 / 7257600;
    alpha_[5] = 34729 * n5 / 80640 - 3418889 * n6 / 1995840;
    alpha_[6] = 212378941 * n6 / 319334400;
    beta_[1] = n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360 - 81 * n5 / 512 + 96199 * n6 / 604800;
    beta_[2] = n2 / 48 + n3 / 15 - 437 * n4 / 1440 + 46 * n5 / 105 - 1118711 * n6 / 3870720;
    beta_[3] = 17 * n3 / 480 - 37 * n4 / 840 - 209 * n5 / 4480 + 5569 * n6 / 90720;
    beta_[4] = 4397 * n4 / 161280 - 11 * n5 / 504 - 830251 * n6 / 7257600;
    beta_[5] = 4583 * n5 / 161280 - 108847 * n6 / 3991680;
    beta_[6] = 20648693 * n6 / 638668800;
    if (lat0_deg != 0.0) {
        // Northing of the latitude of origin on the central meridian (meridian arc, in xi).
        const double tp = conformal_tau(std::tan(lat0_deg * kDeg));
        const double xip = std::atan(tp);
        double xi = xip;
        for (int j = 1; j <= 6; ++j) xi += alpha_[j] * std::sin(2 * j * xip);
        xi0_ = xi;
    }
}

TransverseMercator TransverseMercator::utm(int zone, bool north) {
    return {6378137.0, 298.257223563, 0.9996, zone * 6.0 - 183.0, 0.0, 500000.0, north ? 0.0 : 10000000.0};
}

double TransverseMercator::conformal_tau(double tau) const noexcept {
    const double tau1 = std::hypot(1.0, tau);
    const double sig = std::sinh(e_ * std::atanh(e_ * tau / tau1));
    return std::hypot(1.0, sig) * tau - sig * tau1;
}

TransverseMercator::XY TransverseMercator::forward(LatLon p) const noexcept {
    double lam = (p.lon - lon0_) * kDeg;
    lam = std::remainder(lam, 2 * std::numbers::pi);
    const double tp = conformal_tau(std::tan(p.lat * kDeg));
    const double xip = std::atan2(tp, std::cos(lam));
    const double etap = std::asinh(std::sin(lam) / std::hypot(tp, std::cos(lam)));
    double xi = xip, eta = etap;
    for (int j = 1; j <= 6; ++j) {
        xi += alpha_[j] * std::sin(2 * j * xip) * std::cosh(2 * j * etap);
        eta += alpha_[j] * std::cos(2 * j * xip) * std::sinh(2 * j * etap);
    }
    return {fe_ + k0_ * A_ * eta, fn_ + k0_ * A_ * (xi - xi0_)};
}

LatLon TransverseMercator::inverse(double x, double y) const noexcept {
    const double xi = (y - fn_) / (k0_ * A_) + xi0_;
    const double eta = (x - fe_) / (k0_ * A_);
    double xip = xi, etap = eta;
    for (int j = 1; j <= 6; ++j) {
        xip -= beta_[j] * std::sin(2 * j * xi) * std::cosh(2 * j * eta);
        etap -= beta_[j] * std::cos(2 * j * xi) * std::sinh(2 * j * eta);
    }
    const double s = std::sinh(etap), c = std::cos(xip);
    const double taup = std::sin(xip) / std::hypot(s, c);
    const double lam = std::atan2(s, c);
    // Conformal to geodetic latitude: Newton's method on tau' (tau) = taup.
    const double e2m = 1 - e_ * e_;
    double tau = taup / e2m;
    for (int i = 0; i < 8; ++i) {
        const double tp = conformal_tau(tau);
        const double dtau = (taup - tp) / std::hypot(1.0, tp) * (1 + e2m * tau * tau) / (e2m * std::hypot(1.0, tau));
        tau += dtau;
        if (!(std::fabs(dtau) >= 1e-14 * std::fmax(1.0, std::fabs(tau)))) break;
    }
    return {std::atan(tau) / kDeg, lon0_ + lam / kDeg};
}

// [SECTION] WKT parsing

namespace {

struct Node {
    std::string keyword;                 // upper case
    std::vector<std::string> values;     // quoted strings and numbers, in order
    std::vector<std::unique_ptr<Node>> children;

    [[nodiscard]] const Node* child(std::string_view kw) const {
        for (const auto& c : children)
            if (c->keyword == kw) return c.get();
        return nullptr;
    }
    [[nodiscard]] std::string value(size_t i) const { return i < values.size() ? values[i] : std::string(); }
    [[nodiscard]] double number(size_t i, double fallback) const {
        if (i >= values.size()) return fallback;
        char* end = nullptr;
        const double v = std::strtod(values[i].c_str(), &end);
        return (end && *end == '\0' && std::isfinite(v)) ? v : fallback;
    }
};

class WktParser {
public:
    explicit WktParser(std::string_view s) : s_(s) {}

    std::unique_ptr<Node> parse() {
        skip_ws();
        auto n = node(0);
        skip_ws();
        if (pos_ < s_.size()) fail("unexpected text after the end of the WKT");
        return n;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(".prj: not a WKT projection: " + what + " at character " + std::to_string(pos_ + 1));
    }
    void skip_ws() {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    std::unique_ptr<Node> node(int depth) {
        if (depth > 32) fail("nesting too deep");
        auto n = std::make_unique<Node>();
        while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
            n->keyword += static_cast<char>(std::toupper(static_cast<unsigned char>(s_[pos_++])));
        if (n->keyword.empty()) fail("expected a keyword");
        skip_ws();
        if (pos_ >= s_.size() || (s_[pos_] != '[' && s_[pos_] != '(')) fail("expected '[' after " + n->keyword);
        const char close = s_[pos_] == '[' ? ']' : ')';
        ++pos_;
        for (;;) {
            skip_ws();
            if (pos_ >= s_.size()) fail("unterminated " + n->keyword);
            const char c = s_[pos_];
            if (c == close) { ++pos_; break; }
            if (c == '"') {
                std::string v;
                ++pos_;
                for (;;) {
                    if (pos_ >= s_.size()) fail("unterminated string");
                    if (s_[pos_] == '"') {
                        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') { v += '"'; pos_ += 2; continue; }
                        ++pos_;
                        break;
                    }
                    v += s_[pos_++];
                }
                n->values.push_back(std::move(v));
            } else if (c == '-' || c == '+' || c == '.' || std::isdigit(static_cast<unsigned char>(c))) {
                std::string v;
                while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.' ||
                                            s_[pos_] == '-' || s_[pos_] == '+'))
                    v += s_[pos_++];
                n->values.push_back(std::move(v));
            } else if (std::isalpha(static_cast<unsigned char>(c))) {
                // Either a child node KEYWORD[...] or a bare enum value (AXIS["x",EAST]).
                size_t p = pos_;
                while (p < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[p])) || s_[p] == '_')) ++p;
                size_t q = p;
                while (q < s_.size() && std::isspace(static_cast<unsigned char>(s_[q]))) ++q;
                if (q < s_.size() && (s_[q] == '[' || s_[q] == '(')) {
                    n->children.push_back(node(depth + 1));
                } else {
                    n->values.emplace_back(s_.substr(pos_, p - pos_));
                    pos_ = p;
                }
            } else {
                fail(std::string("unexpected character '") + (std::isprint(static_cast<unsigned char>(c)) ? std::string(1, c) : std::string("?")) + "'");
            }
            skip_ws();
            if (pos_ < s_.size() && s_[pos_] == ',') ++pos_;
        }
        return n;
    }

    std::string_view s_;
    size_t pos_ = 0;
};

std::string norm(std::string_view s) {
    std::string out;
    for (char c : s)
        if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool contains(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }

// First node with one of the keywords, searching depth-first.
const Node* find(const Node& n, std::initializer_list<std::string_view> kws) {
    for (auto kw : kws)
        if (n.keyword == kw) return &n;
    for (const auto& c : n.children)
        if (const Node* r = find(*c, kws)) return r;
    return nullptr;
}

int epsg_code(const Node& n) {
    for (const auto& c : n.children)
        if ((c->keyword == "AUTHORITY" || c->keyword == "ID") && norm(c->value(0)) == "epsg")
            return static_cast<int>(c->number(1, 0));
    return 0;
}

struct Ellipsoid { double a = 6378137.0, inv_f = 298.257223563; std::string name; };

Ellipsoid ellipsoid_of(const Node& geog) {
    Ellipsoid e;
    if (const Node* sp = find(geog, {"SPHEROID", "ELLIPSOID"})) {
        e.name = sp->value(0);
        e.a = sp->number(1, e.a);
        e.inv_f = sp->number(2, e.inv_f);
    }
    return e;
}

bool is_wgs84_like(const Ellipsoid& e) {  // WGS 84 or GRS 1980: same a, 1/f within 1e-6
    return std::fabs(e.a - 6378137.0) < 0.5 && std::fabs(e.inv_f - 298.2572) < 0.001;
}

std::string datum_name(const Node& geog) {
    const Node* d = find(geog, {"DATUM", "TRF", "GEODETICDATUM"});
    return d ? d->value(0) : std::string();
}

// PARAMETER values by normalised name (WKT1 OGC, ESRI and WKT2 spellings).
double param(const Node& proj, std::initializer_list<std::string_view> names, double fallback) {
    std::vector<const Node*> stack{&proj};
    while (!stack.empty()) {
        const Node* n = stack.back();
        stack.pop_back();
        if (n->keyword == "PARAMETER") {
            const std::string k = norm(n->value(0));
            for (auto nm : names)
                if (k == nm) return n->number(1, fallback);
        }
        for (const auto& c : n->children) stack.push_back(c.get());
    }
    return fallback;
}

// Direct UNIT/LENGTHUNIT/ANGLEUNIT child's factor.
double unit_factor(const Node& n, double fallback) {
    for (const auto& c : n.children)
        if (c->keyword == "UNIT" || c->keyword == "LENGTHUNIT" || c->keyword == "ANGLEUNIT") {
            const double f = c->number(1, fallback);
            return f > 0 ? f : fallback;
        }
    return fallback;
}

}  // namespace

Crs parse_prj(std::string_view wkt) {
    // Strip a UTF-8 byte order mark and surrounding space.
    if (wkt.size() >= 3 && wkt.substr(0, 3) == "\xEF\xBB\xBF") wkt.remove_prefix(3);
    while (!wkt.empty() && std::isspace(static_cast<unsigned char>(wkt.front()))) wkt.remove_prefix(1);
    while (!wkt.empty() && (std::isspace(static_cast<unsigned char>(wkt.back())) || wkt.back() == '\0')) wkt.remove_suffix(1);
    if (wkt.empty()) throw Error(".prj: the file is empty");
    if (wkt.size() > 65536) throw Error(".prj: too large for a projection (" + std::to_string(wkt.size()) + " bytes)");
    {
        std::string head = norm(wkt.substr(0, 200));
        if (wkt.front() == '<' || contains(head, "html") || contains(head, "doctype"))
            throw Error(".prj: holds HTML (a web page saved in place of the projection?), not WKT");
    }
    const auto root = WktParser(wkt).parse();
    const Node& r = *root;

    Crs crs;
    const bool geographic = r.keyword == "GEOGCS" || r.keyword == "GEOGCRS" || r.keyword == "GEODCRS" ||
                            r.keyword == "GEOGRAPHICCRS";
    const bool projected = r.keyword == "PROJCS" || r.keyword == "PROJCRS" || r.keyword == "PROJECTEDCRS";
    if (!geographic && !projected)
        throw Error(".prj: unsupported coordinate system kind '" + r.keyword + "' (" + r.value(0) + ")");
    crs.name = r.value(0);

    const Node* geog = geographic ? &r : find(r, {"GEOGCS", "BASEGEOGCRS", "BASEGEODCRS"});
    const Ellipsoid ell = geog ? ellipsoid_of(*geog) : Ellipsoid{};
    const std::string datum = geog ? datum_name(*geog) : std::string();
    const std::string nd = norm(datum);
    const bool wgs84_datum = nd.empty() || contains(nd, "wgs1984") || contains(nd, "wgs84") ||
                             contains(nd, "worldgeodeticsystem1984");

    if (geographic) {
        crs.kind = Crs::Kind::Geographic;
        crs.unit = unit_factor(r, kDeg) / kDeg;  // degrees per unit
        if (const Node* pm = r.child("PRIMEM")) crs.prime_meridian = pm->number(1, 0.0) * crs.unit;
        if (std::fabs(crs.unit - 1.0) < 1e-9) crs.unit = 1.0;
        if (!wgs84_datum) {
            if (is_wgs84_like(ell))
                crs.note = "datum '" + datum + "' used as WGS 84 (they agree to about a metre)";
            else
                crs.note = "datum '" + datum + "' (ellipsoid '" + ell.name +
                           "') used as WGS 84 without a datum shift: positions may be off by up to a few hundred metres";
        }
        return crs;
    }

    // Projected.
    const Node* method = find(r, {"PROJECTION", "METHOD"});
    const std::string mname = method ? method->value(0) : std::string();
    const std::string nm = norm(mname), nn = norm(crs.name);
    const int code = epsg_code(r);
    crs.unit = unit_factor(r, 1.0);
    const double fe = param(r, {"falseeasting", "eastingatfalseorigin"}, 0.0) * crs.unit;
    const double fn = param(r, {"falsenorthing", "northingatfalseorigin"}, 0.0) * crs.unit;

    const bool web_merc = code == 3857 || code == 900913 || code == 3785 || contains(nm, "auxiliarysphere") ||
                          contains(nm, "pseudomercator") || contains(nn, "pseudomercator") ||
                          contains(nn, "webmercator") || contains(nn, "popularvisualisation");
    if (web_merc) {
        crs.kind = Crs::Kind::WebMercator;
        crs.false_easting = fe;
        crs.false_northing = fn;
        return crs;
    }
    const bool tm = contains(nm, "transversemercator") || contains(nm, "gausskruger") ||
                    contains(nm, "gaussschreiber") || (mname.empty() && contains(nn, "utmzone"));
    if (!tm) {
        throw Error(".prj: unsupported projection '" + (mname.empty() ? std::string("?") : mname) + "' (PROJCS '" +
                    crs.name + "'): only WGS 84 longitude/latitude, UTM/Transverse Mercator and Web Mercator are converted");
    }
    if (!is_wgs84_like(ell)) {
        throw Error(".prj: unsupported projection '" + crs.name + "': Transverse Mercator on ellipsoid '" + ell.name +
                    "' (datum '" + datum + "') would need a datum shift; reproject the layer to WGS 84 or UTM/WGS 84");
    }
    if (!wgs84_datum) crs.note = "datum '" + datum + "' used as WGS 84 (they agree to about a metre)";
    double lon0 = param(r, {"centralmeridian", "longitudeofnaturalorigin", "longitudeofcenter", "longitudeoforigin"},
                        std::nan(""));
    double k0 = param(r, {"scalefactor", "scalefactoratnaturalorigin"}, std::nan(""));
    const double lat0 = param(r, {"latitudeoforigin", "latitudeofnaturalorigin", "latitudeofcenter"}, 0.0);
    double fe_m = fe, fn_m = fn;
    if (std::isnan(lon0) || std::isnan(k0)) {
        // "WGS_1984_UTM_Zone_43N" without parameters: take them from the name.
        const size_t p = nn.find("utmzone");
        if (p == std::string::npos) throw Error(".prj: Transverse Mercator '" + crs.name + "' without a central meridian");
        int zone = 0;
        size_t i = p + 7;
        while (i < nn.size() && std::isdigit(static_cast<unsigned char>(nn[i])) && zone < 100) zone = zone * 10 + (nn[i++] - '0');
        if (zone < 1 || zone > 60 || i >= nn.size() || (nn[i] != 'n' && nn[i] != 's'))
            throw Error(".prj: cannot read the UTM zone of '" + crs.name + "'");
        lon0 = zone * 6.0 - 183.0;
        k0 = 0.9996;
        fe_m = 500000.0;
        fn_m = nn[i] == 's' ? 10000000.0 : 0.0;
    }
    if (!(k0 > 0.1 && k0 < 10) || !(std::fabs(lon0) <= 360) || !(std::fabs(lat0) < 90) || !std::isfinite(fe_m) ||
        !std::isfinite(fn_m))
        throw Error(".prj: Transverse Mercator '" + crs.name + "' has parameters out of range");
    crs.kind = Crs::Kind::TransverseMercator;
    crs.tm.emplace(ell.a, ell.inv_f, k0, lon0, lat0, fe_m, fn_m);
    return crs;
}

std::optional<LatLon> Crs::to_wgs84(double x, double y) const noexcept {
    if (!std::isfinite(x) || !std::isfinite(y)) return std::nullopt;
    LatLon p;
    switch (kind) {
        case Kind::Geographic:
            p = {y * unit, x * unit + prime_meridian};
            break;
        case Kind::TransverseMercator:
            // Beyond 20,000 km from the origin the series is meaningless.
            if (std::fabs(x * unit) > 2e7 || std::fabs(y * unit) > 2e7) return std::nullopt;
            p = tm->inverse(x * unit, y * unit);
            break;
        case Kind::WebMercator: {
            const double mx = x * unit - false_easting, my = y * unit - false_northing;
            if (std::fabs(mx) > kWorldSize || std::fabs(my) > kWorldSize) return std::nullopt;
            p = WebMercator::inverse({mx, my});
            break;
        }
    }
    if (!std::isfinite(p.lat) || !std::isfinite(p.lon) || std::fabs(p.lat) > 90.0 + 1e-9) return std::nullopt;
    if (kind == Kind::Geographic) {
        if (std::fabs(p.lon) > 180.0 + 1e-9) return std::nullopt;  // not a longitude
    } else if (std::fabs(p.lon) > 180.0) {
        p.lon = std::remainder(p.lon, 360.0);  // zone 60 east of the antimeridian, ...
    }
    return p;
}

}  // namespace atlas
