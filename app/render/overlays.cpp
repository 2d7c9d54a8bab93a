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

std::string default_attribution() {
    return "Basemap: Almaty Atlas geodata, drawn from public geographic facts";
}

namespace {
void text_with_halo(TextBatch& out, const LabelFont& font, const std::u32string& t, float x, float y, float px, bool bold,
                    Rgba ink, Rgba halo, float r) {
    for (int k = 0; k < 8; ++k) {
        const float a = static_cast<float>(k) * 0.785398f;
        out.add_text(font, t, x + r * std::cos(a), y + r * std::sin(a), px, bold, halo);
    }
    out.add_text(font, t, x, y, px, bold, ink);
}
}  // namespace

void build_overlays(const LabelFont& font, const MapView& view, const MapTheme& theme, const OverlayOptions& o,
                    TextBatch& out) {
    const auto ratio = static_cast<float>(view.pixel_ratio);
    const float scale = ratio * (theme.id == ThemeId::Projector ? 1.35f : 1.0f);
    const float margin = o.margin_px * ratio;
    const auto W = static_cast<float>(view.width_px), H = static_cast<float>(view.height_px);
    const Rgba ink = theme.overlay_ink, paper = theme.overlay_paper;
    const float halo = 1.6f * ratio;

    if (o.scale_bar) {
        const ScaleBar bar = choose_scale_bar(view, std::min(140.0 * scale, view.width_px / 3));
        if (bar.metres > 0) {
            const float px = 11.5f * scale, thick = 3.0f * scale, tick = 7.0f * scale;
            const auto len = static_cast<float>(bar.pixels);
            const float x0 = margin, y = H - margin - thick;
            const std::u32string label = decode_utf8(bar.label);
            const float tw = font.advance(label, px, true);
            // A paper backing so the bar reads over any map.
            out.add_rect(font, x0 - 6 * ratio, y - tick - px * 1.25f - 6 * ratio, x0 + std::max(len, tw) + 8 * ratio,
                         y + thick + 5 * ratio, paper);
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
        text_with_halo(out, font, decode_utf8(o.title), margin, base, px, true, ink, paper, halo * 1.3f);
        if (!o.subtitle.empty()) {
            const float sp = 14.0f * scale;
            text_with_halo(out, font, decode_utf8(o.subtitle), margin, base + sp * 1.5f, sp, false, ink, paper, halo);
        }
    }
    if (!o.attribution.empty()) {
        const float px = 9.5f * scale;
        const std::u32string t = decode_utf8(o.attribution);
        const float tw = font.advance(t, px, false);
        const float x = W - margin * 0.5f - tw, y = H - margin * 0.5f;
        out.add_rect(font, x - 4 * ratio, y - font.ascent(px) - 2 * ratio, W, H, {paper.r, paper.g, paper.b, 0.7f});
        out.add_text(font, t, x, y + font.descent(px), px, false, ink);
    }
}

}  // namespace atlas
