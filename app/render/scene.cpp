// The scene: basemap, events, furniture. See scene.hpp.
#include "render/scene.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/categories.hpp"
#include "model/app_model.hpp"
#include "render/labels.hpp"
#include "render/map_renderer.hpp"
#include "render/overlays.hpp"
#include "render/scene_tiles.hpp"
#include "render/snapshot.hpp"
#include "render/style.hpp"

namespace atlas {



namespace {

// [SECTION] Legend marker shapes (core/categories.hpp marker_polygons)
using Polygon = MarkerPolygon;

// Draws polygons centred on (cx, cy) (image pixels, y down), `r` pixels per unit,
// grown by `grow` pixels (an outline drawn under the fill).
void add_polygons(TextBatch& out, const LabelFont& font, const std::vector<Polygon>& polys, float cx, float cy,
                  float r, float grow, Rgba c) {
    for (const Polygon& p : polys) {
        float mx = 0, my = 0;
        for (const auto& v : p) {
            mx += v[0];
            my += v[1];
        }
        mx /= static_cast<float>(p.size());
        my /= static_cast<float>(p.size());
        auto at = [&](size_t i, float& x, float& y) {
            // Grow about the polygon's centre by `grow` pixels along the vertex direction.
            const float dx = p[i][0] - mx, dy = p[i][1] - my;
            const float len = std::max(1e-6f, std::sqrt(dx * dx + dy * dy)) * r;
            const float k = (len + grow) / len;
            x = cx + (mx + dx * k) * r;
            y = cy - (my + dy * k) * r;
        };
        float x0 = 0, y0 = 0;
        at(0, x0, y0);
        for (size_t i = 1; i + 1 < p.size(); ++i) {
            float x1 = 0, y1 = 0, x2 = 0, y2 = 0;
            at(i, x1, y1);
            at(i + 1, x2, y2);
            out.add_triangle(font, x0, y0, x1, y1, x2, y2, c);
        }
    }
}

void text_with_halo(TextBatch& out, const LabelFont& font, const std::u32string& t, float x, float y, float px,
                    bool bold, Rgba ink, Rgba halo, float r) {
    for (int k = 0; k < 8; ++k) {
        const float a = static_cast<float>(k) * 0.785398f;
        out.add_text(font, t, x + r * std::cos(a), y + r * std::sin(a), px, bold, halo);
    }
    out.add_text(font, t, x, y, px, bold, ink);
}

// The legend, bottom-left (above the scale bar when there is one), in the image's pixel frame.
using Box = std::array<float, 4>;

// Each builder returns the box it covers (x0, y0, x1, y1), or nothing when it draws nothing.
std::optional<Box> build_legend(const LabelFont& font, const MapView& view, const MapTheme& th,
                                const std::vector<LegendEntry>& rows, bool above_scale_bar, TextBatch& out) {
    const auto ratio = static_cast<float>(view.pixel_ratio);
    const float scale = ratio * (th.id == Theme::Projector ? 1.35f : 1.0f);
    const float margin = 14.0f * ratio;
    const float px = 12.5f * scale, row_h = 19.0f * scale, marker_r = 6.5f * scale, pad = 8.0f * scale;
    const bool dark = is_dark(th.id);
    const Rgba ink = th.overlay_ink, paper = th.overlay_paper;
    const Rgba outline = dark ? rgb(0xF7F7F7) : rgb(0x141419);
    const Rgba hollow_paper = dark ? rgb(0x1A1A1F) : rgb(0xFFFFFF);

    struct Row {
        std::u32string text;
        int kind;  // 0 category, 1 placed to an area, 2 uncertainty
        const LegendEntry* e;
    };
    std::vector<Row> lines;
    for (const LegendEntry& e : rows) lines.push_back({decode_utf8(e.label), 0, &e});
    if (lines.empty()) return std::nullopt;
    lines.push_back({U"placed to an area", 1, nullptr});
    lines.push_back({U"uncertainty", 2, nullptr});

    float text_w = 0;
    for (const Row& l : lines) text_w = std::max(text_w, font.advance(l.text, px, false));
    const float box_w = pad * 2 + marker_r * 2 + pad * 0.8f + text_w;
    const float box_h = pad * 2 + row_h * static_cast<float>(lines.size());
    const float bottom = static_cast<float>(view.height_px) - margin - (above_scale_bar ? 52.0f * scale : 0.0f);
    const float x0 = margin, y0 = bottom - box_h;
    out.add_rect(font, x0, y0, x0 + box_w, bottom, {paper.r, paper.g, paper.b, 0.96f});

    const Rgba dim{ink.r, ink.g, ink.b, 0.7f};
    float y = y0 + pad;
    const float cx = x0 + pad + marker_r;
    for (const Row& l : lines) {
        const float cy = y + row_h * 0.5f;
        if (l.kind == 0) {
            const auto polys = marker_polygons(static_cast<MarkerShape>(l.e->shape));
            add_polygons(out, font, polys, cx, cy, marker_r, 1.2f * ratio, {outline.r, outline.g, outline.b, 0.85f});
            add_polygons(out, font, polys, cx, cy, marker_r, 0, rgb(static_cast<uint32_t>(l.e->r) << 16 |
                                                                    static_cast<uint32_t>(l.e->g) << 8 | l.e->b));
        } else if (l.kind == 1) {
            const auto polys = marker_polygons(MarkerShape::Circle);
            add_polygons(out, font, polys, cx, cy, marker_r, 1.2f * ratio, {outline.r, outline.g, outline.b, 0.85f});
            add_polygons(out, font, polys, cx, cy, marker_r, 0, rgb(0x999999));
            add_polygons(out, font, polys, cx, cy, marker_r * 0.55f, 0, hollow_paper);
        } else {
            const auto ring = marker_polygons(MarkerShape::Circle);
            add_polygons(out, font, ring, cx, cy, marker_r * 1.05f, 0, rgb(0x787878, 0.6f));
            add_polygons(out, font, ring, cx, cy, marker_r * 1.05f - 1.2f * ratio, 0, rgb(0xC8C8C8, 0.6f));
        }
        out.add_text(font, l.text, cx + marker_r + pad * 0.8f, cy + px * 0.36f, px, false, l.kind == 0 ? ink : dim);
        y += row_h;
    }
    return Box{x0, y0, x0 + box_w, bottom};
}

// A slide's caption: wrapped lines centred near the bottom, on a paper band.
std::optional<Box> build_caption(const LabelFont& font, const MapView& view, const MapTheme& th,
                                 const std::string& caption, TextBatch& out) {
    const auto ratio = static_cast<float>(view.pixel_ratio);
    const float scale = ratio * (th.id == Theme::Projector ? 1.35f : 1.0f);
    const auto W = static_cast<float>(view.width_px), H = static_cast<float>(view.height_px);
    const float px = 15.0f * scale, line_h = px * 1.35f, pad = 8.0f * scale;
    const float max_w = std::min(W * 0.72f, 900.0f * scale);
    // Greedy word wrap on spaces.
    std::vector<std::u32string> lines;
    std::u32string line, word;
    const std::u32string text = decode_utf8(caption) + U" ";
    for (char32_t c : text) {
        if (c != U' ') {
            word += c;
            continue;
        }
        if (word.empty()) continue;
        const std::u32string candidate = line.empty() ? word : line + U" " + word;
        if (!line.empty() && font.advance(candidate, px, false) > max_w) {
            lines.push_back(line);
            line = word;
        } else {
            line = candidate;
        }
        word.clear();
    }
    if (!line.empty()) lines.push_back(line);
    if (lines.empty()) return std::nullopt;
    float widest = 0;
    for (const auto& l : lines) widest = std::max(widest, font.advance(l, px, false));
    const float bottom = H - 14.0f * ratio - 16.0f * scale;  // above the attribution line
    const float top = bottom - line_h * static_cast<float>(lines.size()) - pad * 1.5f;
    const Rgba paper = th.overlay_paper;
    const Box box{(W - widest) / 2 - pad * 1.5f, top, (W + widest) / 2 + pad * 1.5f, bottom};
    out.add_rect(font, box[0], box[1], box[2], box[3], {paper.r, paper.g, paper.b, 0.9f});
    float y = top + pad * 0.75f + font.ascent(px);
    for (const auto& l : lines) {
        out.add_text(font, l, (W - font.advance(l, px, false)) / 2, y, px, false, th.overlay_ink);
        y += line_h;
    }
    return box;
}

OverlayOptions overlay_options(const AppModel& model, const SceneOverlays& o, std::string& time_alone) {
    OverlayOptions oo;
    oo.scale_bar = o.scale_bar;
    oo.north_arrow = o.north_arrow;
    oo.title = o.title;
    const std::string when = o.time_window ? (o.time_text.empty() ? describe_time_window(model) : o.time_text) : "";
    if (!oo.title.empty())
        oo.subtitle = when;
    else
        time_alone = when;  // drawn by build_furniture, top-left
    if (o.attribution) oo.attribution = o.attribution_text.empty() ? scene_attribution(model) : o.attribution_text;
    return oo;
}

// What the scene adds to the basemap's overlays: the legend, a caption and a
// lone time window. Returns the boxes they cover, for the labels to keep clear of.
std::vector<Box> build_furniture(const LabelFont& font, const AppModel& model, const MapView& view, const MapTheme& th,
                                 const SceneOverlays& o, const std::string& time_alone, TextBatch& out) {
    std::vector<Box> covered;
    if (o.legend)
        if (auto b = build_legend(font, view, th, legend_entries(model), o.scale_bar, out)) covered.push_back(*b);
    if (!o.caption.empty())
        if (auto b = build_caption(font, view, th, o.caption, out)) covered.push_back(*b);
    if (!time_alone.empty()) {
        const auto ratio = static_cast<float>(view.pixel_ratio);
        const float scale = ratio * (th.id == Theme::Projector ? 1.35f : 1.0f);
        const float px = 18.0f * scale, margin = 14.0f * ratio;
        const std::u32string text = decode_utf8(time_alone);
        const float base = margin + font.ascent(px);
        text_with_halo(out, font, text, margin, base, px, true, th.overlay_ink, th.overlay_paper, 1.8f * ratio);
        covered.push_back({margin * 0.5f, base - font.ascent(px) - margin * 0.3f,
                           margin * 1.5f + font.advance(text, px, true), base + font.descent(px) + margin * 0.3f});
    }
    return covered;
}

}  // namespace

void SceneRenderer::draw(const AppModel& model, const MapView& view, Theme theme_id, const SceneOverlays& o) {
    const MapTheme& th = theme(theme_id);
    const LabelFont* font = map_ ? map_->font() : nullptr;
    const bool furnished = !o.title.empty() || !o.caption.empty() || o.time_window || o.legend || o.scale_bar ||
                           o.north_arrow || o.attribution;
    // The furniture is laid out first, so that the map's labels keep clear of it.
    // The map panel's frames have none: nothing laid out, nothing allocated.
    TextBatch furniture;
    std::vector<Box> covered;
    if (font && furnished) {
        std::string time_alone;
        OverlayOptions oo = overlay_options(model, o, time_alone);
        oo.keep_clear = build_furniture(*font, model, view, th, o, time_alone, furniture);
        covered = build_overlays(*font, view, th, oo, furniture);
    }
    if (map_) {
        map_->draw(view, th, covered);
    } else {
        glClearColor(th.background.r, th.background.g, th.background.b, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
    }
    draw_events(model, view, theme_id);
    if (font && !furniture.empty()) furniture.draw(*font, view.width_px, view.height_px);
}

void SceneRenderer::draw_reusing_basemap(const AppModel& model, const MapView& view, Theme theme_id,
                                         BasemapCopy& copy, int samples) {
    if (!map_) return draw(model, view, theme_id, SceneOverlays{});
    const MapTheme& th = theme(theme_id);
    draw_or_put_back(*map_, view, th, {}, copy, samples);
    draw_events(model, view, theme_id);
}

SceneRenderer::TilePass make_tile_pass(SceneRenderer& renderer, AppModel& model, Theme theme_id,
                                       const SceneOverlays& o) {
    struct State {
        TextBatch furniture;
    };
    auto state = std::make_shared<State>();
    SceneRenderer::TilePass pass;
    std::string time_alone;
    pass.overlays = overlay_options(model, o, time_alone);
    const MapTheme& th = theme(theme_id);
    if (renderer.map()) renderer.map()->set_label_obstacles(model.marker_positions());
    const LabelFont* font = renderer.map() ? renderer.map()->font() : nullptr;
    if (font) pass.overlays.keep_clear = build_furniture(*font, model, model.map_view, th, o, time_alone, state->furniture);
    pass.draw = [&renderer, &model, theme_id, font, st = state.get()](const MapView& tv, const SnapshotTile& t) {
        renderer.draw_events(model, tv, theme_id);
        if (font && !st->furniture.empty()) st->furniture.draw(*font, t.width, t.height, t.x, t.y);
    };
    pass.state = std::move(state);
    return pass;
}

namespace {
// The tile pass of a scene: the basemap with its labels and the pass's overlays,
// or the background alone without a basemap.
SceneFn scene_tiles(MapRenderer* map, const MapTheme& th, const SceneRenderer::TilePass& pass, const MapView& view,
                    SnapshotBasemapReuse* reuse = nullptr) {
    if (map) return map_snapshot_scene(*map, view, th, pass.overlays, pass.draw, reuse);
    return [&th, draw = pass.draw](const MapView& tv, const SnapshotTile& t) {
        glClearColor(th.background.r, th.background.g, th.background.b, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
        draw(tv, t);
    };
}
}  // namespace

Image SceneRenderer::render(AppModel& model, Theme theme_id, const SceneOverlays& o, const SnapshotOptions& so,
                            SnapshotBasemapReuse* reuse) {
    const MapView view = model.map_view;
    const TilePass pass = make_tile_pass(*this, model, theme_id, o);
    return render_tiled(view, scene_tiles(map_, theme(theme_id), pass, view, reuse), so);
}

void SceneRenderer::render_png(AppModel& model, Theme theme_id, const SceneOverlays& o, const std::filesystem::path& path,
                               const SnapshotOptions& so) {
    const MapView view = model.map_view;
    const TilePass pass = make_tile_pass(*this, model, theme_id, o);
    write_tiled_png(view, scene_tiles(map_, theme(theme_id), pass, view), path, so);
}

}  // namespace atlas
