#pragma once
// The words of a slide over the map, for the back of a room: the title with
// its moment and caption on a panel at the top left, the quotation card with
// its attribution at the bottom right, and a thin progress mark (a bar along
// the bottom edge and a small "n / m"). Every size is a fraction of the image
// height, never fixed pixels, so the same slide reads the same on a laptop, a
// projector or a 4K export.
//
// Drawn with the map's label text path (render/labels.hpp), so a presentation
// on screen, a snapshot and every exported animation frame show the same type.
// Laid out once per image in its pixel frame; drawn per tile, shifted.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/slide_view.hpp"
#include "model/theme.hpp"

namespace atlas {

class LabelFont;
class MapRenderer;
struct BasemapCopy;
struct MapView;


// Sizes and boxes of the last layout, image pixels (tests and hit areas).
struct SlideOverlayLayout {
    using Box = std::array<float, 4>;  // x0, y0, x1, y1; all 0 when not drawn
    float title_px = 0, caption_px = 0, quote_px = 0, progress_px = 0;
    Box title_panel{}, quote_card{}, progress_bar{}, progress_fill{};
    int title_lines = 0, caption_lines = 0, quote_lines = 0;
    bool black = false;
};

// Fractions of the image height.
inline constexpr float kSlideTitleHeight = 0.054f;    // title type: about 5% of the screen height
inline constexpr float kSlideCaptionHeight = 0.031f;
inline constexpr float kSlideQuoteHeight = 0.029f;

class SlideOverlay {
public:
    // Needs a current GL context. Throws atlas::Error when the font cannot be read.
    SlideOverlay(const std::string& regular_ttf, const std::string& bold_ttf);
    ~SlideOverlay();
    SlideOverlay(const SlideOverlay&) = delete;
    SlideOverlay& operator=(const SlideOverlay&) = delete;

    // Lays the card out for an image of width x height pixels.
    void build(const SlideCard& card, double width, double height, Theme look);
    // Draws into the bound framebuffer showing the tile (x, y, tile_width, tile_height)
    // of the image build() laid out for.
    void draw(double tile_width, double tile_height, double tile_x = 0, double tile_y = 0);
    [[nodiscard]] const SlideOverlayLayout& layout() const noexcept;
    [[nodiscard]] const LabelFont& font() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The colour under the map for a look (RGBA 0..1), and whether markers should
// be drawn for a dark ground.
[[nodiscard]] std::array<float, 4> slide_background(Theme look) noexcept;

// A slide's layers on `map` while this lives (slide_shows_layer, model/slide_view.hpp);
// the user's own visibility comes back when it goes.
class ScopedSlideLayers {
public:
    ScopedSlideLayers(MapRenderer& map, const std::vector<std::string>& visible_layers);
    ~ScopedSlideLayers();
    ScopedSlideLayers(const ScopedSlideLayers&) = delete;
    ScopedSlideLayers& operator=(const ScopedSlideLayers&) = delete;

private:
    MapRenderer& map_;
    std::vector<bool> saved_;
};

// The basemap of a slide: `map` drawn for `view` in the look's theme with the
// slide's layers (ScopedSlideLayers), its labels clear of the slide's cards.
// With `copy`, put back from it when the map would paint what it painted last
// (draw_or_put_back, render/map_renderer.hpp): a slide held still, or a
// transition that moves only the time, draws its basemap once.
void draw_slide_basemap(MapRenderer& map, const MapView& view, Theme look,
                        const std::vector<std::string>& visible_layers,
                        const std::vector<std::array<float, 4>>& keep_clear = {}, BasemapCopy* copy = nullptr);
// Whether draw_slide_basemap with these arguments would put `copy` back.
[[nodiscard]] bool slide_basemap_would_put_back(MapRenderer& map, const MapView& view, Theme look,
                                                const std::vector<std::string>& visible_layers,
                                                const std::vector<std::array<float, 4>>& keep_clear,
                                                const BasemapCopy& copy);

}  // namespace atlas
