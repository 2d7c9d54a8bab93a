#include "render/overlays.hpp"

#include <cmath>
#include <cstdio>

namespace atlas {

ScaleBar choose_scale_bar(const MapView& view, double max_px) {
    const LatLon c = WebMercator::inverse(view.center);
    const double ground_per_px = view.metres_per_pixel() * WebMercator::ground_scale(c.lat);
    ScaleBar bar;
    if (!(ground_per_px > 0) || !(max_px > 0)) return bar;
    const double max_m = ground_per_px * max_px;
    double p10 = std::pow(10.0, std::floor(std::log10(max_m)));
    for (double m : {5 * p10, 2 * p10, p10, p10 / 2}) {
        if (m <= max_m) {
            bar.metres = m;
            break;
        }
    }
    if (bar.metres <= 0) bar.metres = p10 / 2;
    bar.pixels = bar.metres / ground_per_px;
    char buf[32];
    if (bar.metres >= 1000)
        std::snprintf(buf, sizeof buf, "%g km", bar.metres / 1000);
    else if (bar.metres >= 1)
        std::snprintf(buf, sizeof buf, "%g m", bar.metres);
    else
        std::snprintf(buf, sizeof buf, "%g cm", bar.metres * 100);
    bar.label = buf;
    return bar;
}

const std::string& osm_credit() {
    static const std::string credit = "\u00a9 OpenStreetMap contributors";
    return credit;
}

std::string default_attribution() { return osm_credit(); }

std::string with_osm_credit(const std::string& text) {
    if (text.find(osm_credit()) != std::string::npos) return text;
    return text.empty() ? osm_credit() : osm_credit() + " \u00b7 " + text;
}

namespace {
void text_with_halo(TextBatch& out, const LabelFont& font, const std::u32string& t, float x, float y, float px, bool bold,
                    Rgba ink, Rgba halo, float r) {
    for (auto [dx, dy] : halo_offsets(r)) out.add_text(font, t, x + dx, y + dy, px, bold, halo);
    out.add_text(font, t, x, y, px, bold, ink);
}
}  // namespace

std::vector<std::array<float, 4>> build_overlays(const LabelFont& font, const MapView& view, const MapTheme& theme,
                                                 const OverlayOptions& o, TextBatch& out) {
    std::vector<std::array<float, 4>> covered = o.keep_clear;
    const auto ratio = static_cast<float>(view.pixel_ratio);
    const float scale = ratio * (theme.id == Theme::Projector ? 1.35f : 1.0f);
    const float margin = o.margin_px * ratio;
    const auto W = static_cast<float>(view.width_px), H = static_cast<float>(view.height_px);
    const Rgba ink = theme.overlay_ink, paper = theme.overlay_paper;
    const float halo = 1.6f * ratio;
    float bottom_left_end = 0;  // right edge of the scale bar's backing

    if (o.scale_bar) {
        const ScaleBar bar = choose_scale_bar(view, std::min(140.0 * scale, view.width_px / 3));
        if (bar.metres > 0) {
            const float px = 11.5f * scale, thick = 3.0f * scale, tick = 7.0f * scale;
            const auto len = static_cast<float>(bar.pixels);
            const float x0 = margin, y = H - margin - thick;
            const std::u32string label = decode_utf8(bar.label);
            const float tw = font.advance(label, px, true);
            // A paper backing so the bar reads over any map.
            const std::array<float, 4> box{x0 - 6 * ratio, y - tick - px * 1.25f - 6 * ratio,
                                           x0 + std::max(len, tw) + 8 * ratio, y + thick + 5 * ratio};
            out.add_rect(font, box[0], box[1], box[2], box[3], paper);
            covered.push_back(box);
            bottom_left_end = box[2];
            out.add_rect(font, x0, y, x0 + len, y + thick, ink);
            out.add_rect(font, x0, y - tick, x0 + thick * 0.7f, y + thick, ink);
            out.add_rect(font, x0 + len - thick * 0.7f, y - tick, x0 + len, y + thick, ink);
            out.add_text(font, label, x0 + 1 * ratio, y - tick + font.descent(px) * 0.2f - 1 * ratio, px, true, ink);
        }
    }
    if (o.north_arrow) {
        const float s = 15.0f * scale;
        const float cx = W - margin - s, cy = margin + s * 1.9f;
        out.add_rect(font, cx - s * 1.05f, margin - 2 * ratio, cx + s * 1.05f, cy + s * 1.25f, paper);
        covered.push_back({cx - s * 1.05f, margin - 2 * ratio, cx + s * 1.05f, cy + s * 1.25f});
        // Two halves: dark on the left, light with a dark edge on the right.
        out.add_triangle(font, cx, cy - s, cx - s * 0.62f, cy + s, cx, cy + s * 0.55f, ink);
        out.add_triangle(font, cx, cy - s, cx, cy + s * 0.55f, cx + s * 0.62f, cy + s,
                         {ink.r, ink.g, ink.b, 0.35f});
        const std::u32string n = U"N";
        const float px = 13.0f * scale;
        const float tw = font.advance(n, px, true);
        out.add_text(font, n, cx - tw / 2, cy - s - 3 * ratio, px, true, ink);
    }
    if (!o.title.empty()) {
        const float px = 24.0f * scale;
        const float base = margin + font.ascent(px);
        const std::u32string title = decode_utf8(o.title);
        text_with_halo(out, font, title, margin, base, px, true, ink, paper, halo * 1.3f);
        covered.push_back({0, 0, margin * 2 + font.advance(title, px, true), base - font.descent(px) + margin * 0.5f});
        if (!o.subtitle.empty()) {
            const float sp = 14.0f * scale;
            const std::u32string sub = decode_utf8(o.subtitle);
            text_with_halo(out, font, sub, margin, base + sp * 1.5f, sp, false, ink, paper, halo);
            covered.push_back({0, 0, margin * 2 + font.advance(sub, sp, false), base + sp * 1.5f - font.descent(sp) + margin * 0.5f});
        }
    }
    {
        // Shrunk to fit beside the scale bar; when the whole line would be unreadable, the
        // OSM credit alone (it is never left out: the data's licence asks for it).
        std::u32string t = decode_utf8(with_osm_credit(o.attribution));
        float px = 9.5f * scale;
        const float room = W - bottom_left_end - margin;
        float tw = font.advance(t, px, false);
        if (tw > room && px * room / tw < 7.0f * ratio) {
            t = decode_utf8(osm_credit());
            tw = font.advance(t, px, false);
        }
        if (tw > room) {
            px *= room / tw;
            tw = font.advance(t, px, false);
        }
        const float x = W - margin * 0.5f - tw, y = H - margin * 0.5f;
        out.add_rect(font, x - 4 * ratio, y - font.ascent(px) - 2 * ratio, W, H, {paper.r, paper.g, paper.b, 0.7f});
        covered.push_back({x - 4 * ratio, y - font.ascent(px) - 2 * ratio, W, H});
        out.add_text(font, t, x, y + font.descent(px), px, false, ink);
    }
    return covered;
}

}  // namespace atlas
