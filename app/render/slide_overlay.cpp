#include "render/slide_overlay.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

#include "model/slide_view.hpp"
#include "render/labels.hpp"
#include "render/map_renderer.hpp"
#include "render/overlays.hpp"
#include "render/style.hpp"

namespace atlas {

namespace {

struct Ink {
    Rgba paper, ink, dim, accent, track;
};

Ink ink_for(Theme look) {
    switch (look) {
    case Theme::Dark:
        return {{0.09f, 0.09f, 0.11f, 0.88f}, {0.96f, 0.96f, 0.96f, 1}, {0.72f, 0.72f, 0.76f, 1},
                {1.0f, 0.47f, 0.40f, 1}, {1, 1, 1, 0.22f}};
    case Theme::Light:
        return {{1, 1, 1, 0.94f}, {0.07f, 0.07f, 0.09f, 1}, {0.33f, 0.33f, 0.38f, 1}, {0.72f, 0.08f, 0.12f, 1},
                {0, 0, 0, 0.15f}};
    case Theme::Projector: break;
    }
    // High contrast for a washed-out projector: black on near-opaque white, a strong red.
    return {{1, 1, 1, 0.96f}, {0, 0, 0, 1}, {0.22f, 0.22f, 0.22f, 1}, {0.78f, 0.0f, 0.0f, 1}, {0, 0, 0, 0.18f}};
}

Rgba faded(Rgba c, float alpha) { return {c.r, c.g, c.b, c.a * alpha}; }

// A panel: paper with a hairline edge (the projector's map ground is white too)
// and the accent rule down its left side.
void panel(TextBatch& out, const LabelFont& font, float x0, float y0, float x1, float y1, float u, const Ink& c,
           float alpha) {
    const float e = std::max(1.0f, 0.12f * u);
    out.add_rect(font, x0 - e, y0 - e, x1 + e, y1 + e, faded(c.track, alpha));
    out.add_rect(font, x0, y0, x1, y1, faded(c.paper, alpha));
    out.add_rect(font, x0, y0, x0 + 0.5f * u, y1, faded(c.accent, alpha));
}

// The moment's line repeats the title when the title already names its year.
bool title_names_year(const std::string& title, const std::string& when) {
    for (size_t i = 0; i + 4 <= when.size(); ++i) {
        bool digits = true;
        for (size_t k = 0; k < 4; ++k) digits = digits && when[i + k] >= '0' && when[i + k] <= '9';
        if (digits) return title.find(when.substr(i, 4)) != std::string::npos;
    }
    return false;
}

// Greedy word wrap to `max_w` pixels; at most `max_lines` lines, the last one
// ending in an ellipsis when the text did not fit. A word longer than a line
// is cut at the line's end.
std::vector<std::u32string> wrap(const LabelFont& font, std::u32string_view text, float px, bool bold, float max_w,
                                 int max_lines) {
    std::vector<std::u32string> lines;
    std::u32string line;
    bool truncated = false;
    size_t i = 0;
    auto push_line = [&]() -> bool {
        if (static_cast<int>(lines.size()) == max_lines) {
            truncated = true;
            return false;
        }
        lines.push_back(line);
        line.clear();
        return true;
    };
    while (i < text.size()) {
        if (text[i] == U'\n') {
            if (!push_line()) break;
            ++i;
            continue;
        }
        size_t j = i;
        while (j < text.size() && text[j] != U' ' && text[j] != U'\n') ++j;
        std::u32string_view word = text.substr(i, j - i);
        std::u32string candidate = line.empty() ? std::u32string(word) : line + U' ' + std::u32string(word);
        if (font.advance(candidate, px, bold) <= max_w) {
            line = std::move(candidate);
        } else if (line.empty()) {
            // One word wider than the line: cut it.
            std::u32string part;
            for (char32_t c : word) {
                if (font.advance(part + c, px, bold) > max_w && !part.empty()) break;
                part += c;
            }
            line = part;
            j = i + part.size();
            if (!push_line()) break;
            i = j;
            continue;
        } else {
            if (!push_line()) break;
            continue;  // the word starts the next line
        }
        i = j;
        while (i < text.size() && text[i] == U' ') ++i;
    }
    if (!truncated && !line.empty()) {
        if (static_cast<int>(lines.size()) == max_lines)
            truncated = true;
        else
            lines.push_back(line);
    }
    if (truncated && !lines.empty()) {
        std::u32string& last = lines.back();
        while (!last.empty() && font.advance(last + U'…', px, bold) > max_w) last.pop_back();
        while (!last.empty() && last.back() == U' ') last.pop_back();
        last += U'…';
    }
    return lines;
}

}  // namespace

struct SlideOverlay::Impl {
    LabelFont font;
    TextBatch batch;
    SlideOverlayLayout layout;
    Impl(const std::string& r, const std::string& b) : font(r, b) {}
};

SlideOverlay::SlideOverlay(const std::string& regular_ttf, const std::string& bold_ttf)
    : impl_(std::make_unique<Impl>(regular_ttf, bold_ttf)) {}
SlideOverlay::~SlideOverlay() = default;

const SlideOverlayLayout& SlideOverlay::layout() const noexcept { return impl_->layout; }
const LabelFont& SlideOverlay::font() const noexcept { return impl_->font; }

void SlideOverlay::build(const SlideCard& card, double width, double height, Theme look) {
    const LabelFont& font = impl_->font;
    TextBatch& out = impl_->batch;
    SlideOverlayLayout& L = impl_->layout;
    out.clear();
    L = {};
    const auto W = static_cast<float>(width), H = static_cast<float>(height);
    if (W < 2 || H < 2) return;
    const Ink c = ink_for(look);
    if (card.black) {
        L.black = true;
        out.add_rect(font, 0, 0, W, H, {0, 0, 0, 1});
        return;
    }
    const float u = H / 100.0f;  // one hundredth of the height: every size below is in these
    const float margin = 2.6f * u, pad = 1.5f * u;

    // The new slide's words arrive as the camera lands: faded in over the last
    // third of a transition, so the audience reads them where they belong.
    const float alpha = card.transitioning
                            ? static_cast<float>(std::clamp((card.progress - 0.6) / 0.4, 0.0, 1.0))
                            : 1.0f;

    // [SECTION] Progress mark: a bar along the bottom and "n / m".
    if (card.slide_count > 0) {
        const float bar_h = std::max(2.0f, 0.45f * u);
        const float frac = static_cast<float>(card.slide + 1) / static_cast<float>(card.slide_count);
        L.progress_bar = {0, H - bar_h, W, H};
        L.progress_fill = {0, H - bar_h, W * frac, H};
        out.add_rect(font, 0, H - bar_h, W, H, c.track);
        out.add_rect(font, 0, H - bar_h, W * frac, H, c.accent);
        const std::u32string label = decode_utf8(std::to_string(card.slide + 1) + " / " + std::to_string(card.slide_count));
        const float px = 1.9f * u;
        L.progress_px = px;
        const float tw = font.advance(label, px, true);
        const float x = W - margin - tw, base = H - bar_h - 0.9f * u;
        out.add_rect(font, x - 0.6f * u, base - font.ascent(px) - 0.5f * u, x + tw + 0.6f * u,
                     base - font.descent(px) + 0.4f * u, faded(c.paper, 0.8f));
        out.add_text(font, label, x, base, px, true, c.dim);
    }
    // [SECTION] Map credit, bottom left, on every slide: the basemap's licence (ODbL) asks for it.
    {
        const std::u32string credit = decode_utf8(osm_credit());
        const float px = 1.5f * u;
        const float bar_h = card.slide_count > 0 ? std::max(2.0f, 0.45f * u) : 0.0f;
        const float x = margin, base = H - bar_h - 0.9f * u;
        out.add_rect(font, x - 0.5f * u, base - font.ascent(px) - 0.4f * u, x + font.advance(credit, px, false) + 0.5f * u,
                     base - font.descent(px) + 0.3f * u, faded(c.paper, 0.75f));
        out.add_text(font, credit, x, base, px, false, c.dim);
    }
    if (alpha <= 0.0f) return;

    const bool has_quote = !card.quote.empty();
    // [SECTION] Title panel, top left: the moment, the title, the caption.
    {
        const float title_px = kSlideTitleHeight * H, caption_px = kSlideCaptionHeight * H, when_px = 2.5f * u;
        L.title_px = title_px;
        L.caption_px = caption_px;
        const float max_w = std::min(W - 2 * margin - 2 * pad, W * (has_quote ? 0.52f : 0.62f));
        const bool show_when = !card.when.empty() && !title_names_year(card.title, card.when);
        const auto when = !show_when ? std::vector<std::u32string>{}
                                            : wrap(font, decode_utf8(card.when), when_px, true, max_w, 1);
        const auto title = wrap(font, decode_utf8(card.title), title_px, true, max_w, 2);
        const auto caption = wrap(font, decode_utf8(card.caption), caption_px, false, max_w, 3);
        L.title_lines = static_cast<int>(title.size());
        L.caption_lines = static_cast<int>(caption.size());
        if (!when.empty() || !title.empty() || !caption.empty()) {
            float text_w = 0;
            for (const auto& l : when) text_w = std::max(text_w, font.advance(l, when_px, true));
            for (const auto& l : title) text_w = std::max(text_w, font.advance(l, title_px, true));
            for (const auto& l : caption) text_w = std::max(text_w, font.advance(l, caption_px, false));
            const float when_lh = when_px * 1.35f, title_lh = title_px * 1.18f, caption_lh = caption_px * 1.32f;
            float text_h = static_cast<float>(when.size()) * when_lh + static_cast<float>(title.size()) * title_lh +
                           static_cast<float>(caption.size()) * caption_lh;
            if (!caption.empty() && !title.empty()) text_h += 0.6f * u;
            const float x0 = margin, y0 = margin;
            const float x1 = x0 + text_w + 2 * pad, y1 = y0 + text_h + 2 * pad - 0.3f * u;
            L.title_panel = {x0, y0, x1, y1};
            panel(out, font, x0, y0, x1, y1, u, c, alpha);
            float y = y0 + pad;
            const float x = x0 + pad + 0.3f * u;
            for (const auto& l : when) {
                out.add_text(font, l, x, y + font.ascent(when_px), when_px, true, faded(c.accent, alpha), 0.04f);
                y += when_lh;
            }
            for (const auto& l : title) {
                out.add_text(font, l, x, y + font.ascent(title_px), title_px, true, faded(c.ink, alpha));
                y += title_lh;
            }
            if (!caption.empty() && !title.empty()) y += 0.6f * u;
            for (const auto& l : caption) {
                out.add_text(font, l, x, y + font.ascent(caption_px), caption_px, false, faded(c.ink, alpha));
                y += caption_lh;
            }
        }
    }

    // [SECTION] Quotation card, bottom right.
    if (has_quote) {
        const float qpx = kSlideQuoteHeight * H, apx = 2.1f * u, mark_px = 7.5f * u;
        L.quote_px = qpx;
        const float card_w = std::min(W - 2 * margin, W * 0.42f);
        const float inner_w = card_w - 2 * pad - 1.0f * u;
        const auto quote = wrap(font, decode_utf8(card.quote), qpx, false, inner_w, 7);
        const auto attribution = card.attribution.empty()
                                     ? std::vector<std::u32string>{}
                                     : wrap(font, decode_utf8("— " + card.attribution), apx, false, inner_w, 2);
        L.quote_lines = static_cast<int>(quote.size());
        const float qlh = qpx * 1.34f, alh = apx * 1.3f;
        const float mark_h = mark_px * 0.42f;  // the curly mark sits above the first line
        const float card_h = 2 * pad + mark_h + static_cast<float>(quote.size()) * qlh +
                             (attribution.empty() ? 0 : 0.8f * u + static_cast<float>(attribution.size()) * alh);
        const float bottom = H - margin - 2.4f * u;  // clear of the progress mark
        const float x1 = W - margin, x0 = x1 - card_w, y1 = bottom, y0 = std::max(margin, y1 - card_h);
        L.quote_card = {x0, y0, x1, y1};
        panel(out, font, x0, y0, x1, y1, u, c, alpha);
        const float x = x0 + pad + 0.5f * u;
        out.add_text(font, U"“", x - 0.2f * u, y0 + pad + mark_px * 0.72f, mark_px, true, faded(c.accent, alpha));
        float y = y0 + pad + mark_h;
        for (const auto& l : quote) {
            out.add_text(font, l, x, y + font.ascent(qpx), qpx, false, faded(c.ink, alpha));
            y += qlh;
        }
        if (!attribution.empty()) y += 0.8f * u;
        for (const auto& l : attribution) {
            out.add_text(font, l, x, y + font.ascent(apx), apx, false, faded(c.dim, alpha));
            y += alh;
        }
    }
}

void SlideOverlay::draw(double tile_width, double tile_height, double tile_x, double tile_y) {
    impl_->batch.draw(impl_->font, tile_width, tile_height, tile_x, tile_y);
}

std::array<float, 4> slide_background(Theme look) noexcept {
    const Rgba b = theme(look).background;
    return {b.r, b.g, b.b, 1.0f};
}

ScopedSlideLayers::ScopedSlideLayers(MapRenderer& map, const std::vector<std::string>& visible_layers) : map_(map) {
    saved_.resize(map.layer_count());
    for (size_t i = 0; i < map.layer_count(); ++i) {
        saved_[i] = map.options(i).visible;
        map.options(i).visible = slide_shows_layer(visible_layers, map.layer(i).name, map.options(i).title, saved_[i],
                                                   map.options(i).user);
    }
}

ScopedSlideLayers::~ScopedSlideLayers() {
    for (size_t i = 0; i < saved_.size() && i < map_.layer_count(); ++i) map_.options(i).visible = saved_[i];
}

void draw_slide_basemap(MapRenderer& map, const MapView& view, Theme look,
                        const std::vector<std::string>& visible_layers,
                        const std::vector<std::array<float, 4>>& keep_clear, BasemapCopy* copy) {
    const ScopedSlideLayers layers(map, visible_layers);
    if (copy)
        draw_or_put_back(map, view, theme(look), keep_clear, *copy, gl::draw_framebuffer_samples());
    else
        map.draw(view, theme(look), keep_clear);
}

bool slide_basemap_would_put_back(MapRenderer& map, const MapView& view, Theme look,
                                  const std::vector<std::string>& visible_layers,
                                  const std::vector<std::array<float, 4>>& keep_clear, const BasemapCopy& copy) {
    const ScopedSlideLayers layers(map, visible_layers);
    return would_put_back(map, view, theme(look), keep_clear, copy);
}

}  // namespace atlas
