// GL tests: render offscreen (EGL surfaceless, else a hidden GLFW window under
// xvfb-run) and look at pixels.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "render/fonts.hpp"
#include "render/gl.hpp"
#include "render/labels.hpp"
#include "render/gl_fixture.hpp"
#include "platform/window.hpp"
#include "render/map_renderer.hpp"
#include "render/overlays.hpp"
#include "render/snapshot.hpp"
#include "render/synthetic_city.hpp"
#include "render/user_layers.hpp"
#include "geo/geojson.hpp"
#include "store/store_fixtures.hpp"

namespace atlas {
namespace {

MapView view_of(double lat, double lon, double zoom, int w, int h) {
    MapView v;
    v.center = WebMercator::forward({lat, lon});
    v.zoom = zoom;
    v.width_px = w;
    v.height_px = h;
    return v;
}

class MapRenderTest : public test::GlSuite {
protected:
    static std::unique_ptr<MapRenderer> make_renderer(bool fonts = true) {
        MapRendererOptions o;
        if (fonts) {
            o.font_regular = find_ui_font(false);
            o.font_bold = find_ui_font(true);
        }
        return std::make_unique<MapRenderer>(o);
    }
    // A labelled renderer over the synthetic city, a 400x300 view of its centre
    // at z14 and a target of that size; null when no font is installed.
    static std::unique_ptr<MapRenderer> labelled_city(MapView& v, gl::RenderTarget& target) {
        auto map = make_renderer();
        if (!map->font()) return nullptr;
        for (auto& l : testing::make_synthetic_city({}).layers) map->add_layer(std::move(l));
        v = view_of(43.2389, 76.8897, 14, 400, 300);
        target.resize(400, 300, 1);
        return map;
    }
    static void save(const Image& img, const char* name) {
        // Set ATLAS_TEST_PNG_DIR to look at what the tests render.
        if (const char* dir = std::getenv("ATLAS_TEST_PNG_DIR")) write_png(img, std::filesystem::path(dir) / name);
    }
};

OverlayOptions bare() {
    OverlayOptions o;
    o.scale_bar = false;
    o.north_arrow = false;
    return o;
}

uint8_t q(float v) { return static_cast<uint8_t>(std::lround(v * 255)); }
bool near_colour(const uint8_t* p, Rgba c, int tol = 3) {
    return std::abs(p[0] - q(c.r)) <= tol && std::abs(p[1] - q(c.g)) <= tol && std::abs(p[2] - q(c.b)) <= tol;
}
int diff(const uint8_t* p, Rgba c) {
    return std::abs(p[0] - q(c.r)) + std::abs(p[1] - q(c.g)) + std::abs(p[2] - q(c.b));
}

Layer square_with_hole(const char* fclass) {
    testing::LayerBuilder b("water", GeometryKind::Polygon, {"osm_id", "code", "fclass", "name"});
    b.add({{{76.90, 43.20}, {76.90, 43.30}, {77.00, 43.30}, {77.00, 43.20}, {76.90, 43.20}},
           {{76.93, 43.23}, {76.97, 43.23}, {76.97, 43.27}, {76.93, 43.27}, {76.93, 43.23}}},
          {"1", "8200", fclass, ""});
    return b.take();
}

TEST_F(MapRenderTest, FilledPolygonWithHoleShowsBackgroundInTheHole) {
    auto map = make_renderer(false);
    map->add_layer(square_with_hole("water"));
    MapView v = view_of(43.25, 76.95, 11, 400, 400);
    map->fit_all(v, 20);
    const MapTheme& t = theme(Theme::Light);
    const Image img = render_map_snapshot(*map, v, t, bare());
    save(img, "polygon_hole.png");
    auto at = [&](double lat, double lon) {
        const auto s = v.to_screen(LatLon{lat, lon});
        return img.pixel(static_cast<int>(s.x), static_cast<int>(s.y));
    };
    EXPECT_TRUE(near_colour(at(43.21, 76.91), t.style(StyleClass::Water).fill)) << "inside the ring";
    EXPECT_TRUE(near_colour(at(43.25, 76.95), t.background)) << "in the hole";
    EXPECT_TRUE(near_colour(img.pixel(2, 2), t.background)) << "outside";
}

TEST_F(MapRenderTest, LineOfSixPixelsMeasuresSixPixelsAcross) {
    auto map = make_renderer(false);
    testing::LayerBuilder b("lines", GeometryKind::Line, {"fclass"});
    b.add({{{76.80, 43.25}, {77.10, 43.25}}}, {"river"});
    const size_t id = map->add_layer(b.take());
    const MapTheme& t = theme(Theme::Light);
    MapView v = view_of(43.25, 76.95, 13, 300, 200);
    // Centre the line on a pixel boundary so that exactly six rows are covered.
    v.center.y = WebMercator::forward({43.25, 76.95}).y;
    map->options(id).width = 6.0f / t.line_width(StyleClass::River, v.zoom);
    map->options(id).custom_colour = true;
    map->options(id).colour = rgb(0x000000);
    const Image img = render_map_snapshot(*map, v, t, bare());
    save(img, "line6.png");
    for (int x : {50, 150, 250}) {
        double coverage = 0;
        for (int y = 0; y < img.height; ++y)
            coverage += static_cast<double>(diff(img.pixel(x, y), t.background)) / diff(img.pixel(x, 100), t.background);
        EXPECT_NEAR(coverage, 6.0, 0.35) << "column " << x;
    }
}

TEST_F(MapRenderTest, KnownPointLandsOnItsProjectedPixel) {
    auto map = make_renderer(false);
    testing::LayerBuilder b("marks", GeometryKind::Point, {"name"});
    const LatLon gogol_panfilov{43.2587, 76.9535};
    b.add({{{gogol_panfilov.lon, gogol_panfilov.lat}}}, {"x"});
    const size_t id = map->add_layer(b.take());
    map->options(id).custom_colour = true;
    map->options(id).colour = rgb(0xFF0000);
    MapView v = view_of(43.25, 76.94, 14.3, 500, 400);
    const Image img = render_map_snapshot(*map, v, theme(Theme::Light), bare());
    const auto s = v.to_screen(gogol_panfilov);
    ASSERT_GT(s.x, 5);
    ASSERT_LT(s.x, 495);
    const uint8_t* p = img.pixel(static_cast<int>(s.x), static_cast<int>(s.y));
    EXPECT_GT(p[0], 200);
    EXPECT_LT(p[1], 60);
    // Ten pixels away: background again.
    EXPECT_TRUE(near_colour(img.pixel(static_cast<int>(s.x) + 10, static_cast<int>(s.y)), theme(Theme::Light).background));
}

TEST_F(MapRenderTest, StreetLevelStaysPrecise) {
    // At zoom 19 a point 20 km from the layer's origin still lands on its pixel.
    auto map = make_renderer(false);
    testing::LayerBuilder b("marks", GeometryKind::Point, {"name"});
    b.add({{{76.70, 43.10}}}, {"far"});
    b.add({{{76.95, 43.25}}}, {"near"});
    const size_t id = map->add_layer(b.take());
    map->options(id).custom_colour = true;
    map->options(id).colour = rgb(0x00FF00);
    MapView v = view_of(43.250012, 76.950017, 19, 200, 200);
    const Image img = render_map_snapshot(*map, v, theme(Theme::Light), bare());
    const auto s = v.to_screen(LatLon{43.25, 76.95});
    const uint8_t* p = img.pixel(static_cast<int>(std::floor(s.x)), static_cast<int>(std::floor(s.y)));
    EXPECT_GT(p[1], 200);
    EXPECT_LT(p[0], 80);
}

TEST_F(MapRenderTest, ThemesDiffer) {
    auto map = make_renderer();
    for (auto& l : testing::make_synthetic_city({}).layers) map->add_layer(std::move(l));
    MapView v = view_of(43.2389, 76.8897, 13, 320, 240);
    Image img[3];
    int k = 0;
    for (Theme id : {Theme::Light, Theme::Dark, Theme::Projector})
        img[k++] = render_map_snapshot(*map, v, theme(id), {});
    for (int a = 0; a < 3; ++a)
        for (int b = a + 1; b < 3; ++b) {
            size_t differing = 0;
            for (size_t i = 0; i < img[a].rgba.size(); i += 4)
                if (std::abs(img[a].rgba[i] - img[b].rgba[i]) + std::abs(img[a].rgba[i + 1] - img[b].rgba[i + 1]) +
                        std::abs(img[a].rgba[i + 2] - img[b].rgba[i + 2]) > 20)
                    ++differing;
            EXPECT_GT(differing, img[a].rgba.size() / 4 / 2) << "themes " << a << " and " << b;
        }
    EXPECT_NE(theme(Theme::Light).background, theme(Theme::Dark).background);
    EXPECT_GT(theme(Theme::Projector).label_scale, theme(Theme::Light).label_scale);
}

TEST_F(MapRenderTest, SnapshotTwiceIsByteIdentical) {
    auto map = make_renderer();
    for (auto& l : testing::make_synthetic_city({}).layers) map->add_layer(std::move(l));
    MapView v = view_of(43.2389, 76.8897, 14, 640, 480);
    OverlayOptions o;
    o.attribution = default_attribution();
    const Image a = render_map_snapshot(*map, v, theme(Theme::Light), o);
    const Image b = render_map_snapshot(*map, v, theme(Theme::Light), o);
    save(a, "synthetic_light.png");
    const auto dir = std::filesystem::temp_directory_path() / ("atlas_snap_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    write_png(a, dir / "a.png");
    write_png(b, dir / "b.png");
    auto slurp = [](const std::filesystem::path& p) {
        std::ifstream f(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(f), {});
    };
    const std::string fa = slurp(dir / "a.png"), fb = slurp(dir / "b.png");
    std::filesystem::remove_all(dir);
    ASSERT_GT(fa.size(), 1000u);
    EXPECT_EQ(fa, fb);
    EXPECT_EQ(fa.substr(1, 3), "PNG");
}

// Prepared geometry read back from the cache draws exactly what building it
// draws; a damaged cache file is ignored and made again; a layer whose content
// changed gets its own file.
TEST_F(MapRenderTest, GeometryCacheGivesTheSamePixelsAndSurvivesDamage) {
    const auto dir = std::filesystem::temp_directory_path() / ("atlas_geomcache_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    auto renderer = [&](bool cache) {
        MapRendererOptions o;
        o.font_regular = find_ui_font(false);
        o.font_bold = find_ui_font(true);
        o.geometry_cache = cache;
        o.geometry_cache_dir = dir;
        auto map = std::make_unique<MapRenderer>(o);
        for (auto& l : testing::make_synthetic_city({}).layers) map->add_layer(std::move(l));
        return map;
    };
    const MapView v = view_of(43.2389, 76.8897, 14, 480, 360);
    auto draw = [&](MapRenderer& m) { return render_map_snapshot(m, v, theme(Theme::Light), bare()).rgba; };

    auto built = renderer(false);
    const auto reference = draw(*built);
    const size_t layers = built->layer_count();
    ASSERT_GT(layers, 2u);
    EXPECT_FALSE(std::filesystem::exists(dir)) << "a renderer without the cache wrote one";

    auto cold = renderer(true);
    EXPECT_EQ(cold->stats().cache_hits, 0u);
    EXPECT_EQ(cold->stats().cache_writes, layers);
    EXPECT_EQ(draw(*cold), reference);

    auto warm = renderer(true);
    EXPECT_EQ(warm->stats().cache_hits, layers);
    EXPECT_EQ(warm->stats().cache_writes, 0u);
    EXPECT_EQ(draw(*warm), reference);

    // Cut one file short and fill another with noise: both are built again.
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
    ASSERT_EQ(files.size(), layers);
    std::sort(files.begin(), files.end());
    std::filesystem::resize_file(files[0], std::filesystem::file_size(files[0]) / 2);
    {
        std::ofstream noise(files[1], std::ios::binary | std::ios::trunc);
        for (int i = 0; i < 4096; ++i) noise.put(static_cast<char>(i * 37));
    }
    auto repaired = renderer(true);
    EXPECT_EQ(repaired->stats().cache_hits, layers - 2);
    EXPECT_EQ(repaired->stats().cache_writes, 2u);
    EXPECT_EQ(draw(*repaired), reference);

    // Another name on one street: another key, another file.
    auto city = testing::make_synthetic_city({});
    MapRendererOptions o;
    o.geometry_cache_dir = dir;
    MapRenderer edited(o);
    Layer changed = std::move(city.layers.front());
    ASSERT_FALSE(changed.attributes.empty());
    changed.attributes.back() += " (renamed)";
    edited.add_layer(std::move(changed));
    EXPECT_EQ(edited.stats().cache_hits, 0u);
    EXPECT_EQ(edited.stats().cache_writes, 1u);
    std::filesystem::remove_all(dir);
}

// The label font's packed atlas, kept between runs: the same labels from the
// file as from packing, and a damaged file is packed again and replaced.
TEST_F(MapRenderTest, FontAtlasCacheGivesTheSameLabelsAndSurvivesDamage) {
    const auto dir = std::filesystem::temp_directory_path() / ("atlas_fontcache_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    auto renderer = [&](bool cache) {
        MapRendererOptions o;
        o.font_regular = find_ui_font(false);
        o.font_bold = find_ui_font(true);
        o.geometry_cache = false;
        if (cache) o.font_cache_dir = dir;
        auto map = std::make_unique<MapRenderer>(o);
        for (auto& l : testing::make_synthetic_city({}).layers) map->add_layer(std::move(l));
        return map;
    };
    const MapView v = view_of(43.2389, 76.8897, 14, 480, 360);
    auto draw = [&](MapRenderer& m) { return render_map_snapshot(m, v, theme(Theme::Light), bare()).rgba; };
    auto files = [&] {
        std::vector<std::filesystem::path> out;
        if (std::filesystem::exists(dir))
            for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path());
        return out;
    };
    const auto reference = draw(*renderer(false));
    EXPECT_TRUE(files().empty());
    EXPECT_EQ(draw(*renderer(true)), reference);  // packed, and written
    ASSERT_EQ(files().size(), 1u);
    const auto written = std::filesystem::last_write_time(files().front());
    const auto size = std::filesystem::file_size(files().front());
    EXPECT_EQ(draw(*renderer(true)), reference);  // read back
    EXPECT_EQ(std::filesystem::last_write_time(files().front()), written) << "a sound file is not rewritten";
    // Cut short: packed again, the file replaced whole.
    std::filesystem::resize_file(files().front(), size / 3);
    EXPECT_EQ(draw(*renderer(true)), reference);
    ASSERT_EQ(files().size(), 1u);
    EXPECT_EQ(std::filesystem::file_size(files().front()), size);
    // Noise of the right length: refused by its magic, packed again.
    {
        std::ofstream noise(files().front(), std::ios::binary | std::ios::trunc);
        for (uintmax_t i = 0; i < size; ++i) noise.put(static_cast<char>(i * 37));
    }
    EXPECT_EQ(draw(*renderer(true)), reference);
    EXPECT_EQ(std::filesystem::file_size(files().front()), size);
    std::filesystem::remove_all(dir);
}

// The cache stays under its size limit: the least recently used files go
// first, a file read back counts as used, the file just written stays.
TEST_F(MapRenderTest, GeometryCacheDropsTheLeastRecentlyUsedFilesOverItsLimit) {
    namespace fs = std::filesystem;
    const auto dir = fs::temp_directory_path() / ("atlas_geomprune_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const auto city = testing::make_synthetic_city({});
    ASSERT_GE(city.layers.size(), 3u);
    // A renderer holding one layer, with a cache limit.
    auto add = [&](size_t layer, uint64_t limit) {
        MapRendererOptions o;
        o.geometry_cache_dir = dir;
        o.geometry_cache_limit_bytes = limit;
        MapRenderer m(o);
        m.add_layer(city.layers[layer]);
        return m.stats();
    };
    auto files = [&] {
        std::vector<fs::path> out;
        for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
        std::sort(out.begin(), out.end());
        return out;
    };
    const uint64_t unlimited = UINT64_MAX;
    // Each layer's file size, measured once in an empty cache.
    std::vector<fs::path> name(3);
    std::vector<uint64_t> bytes(3);
    for (size_t i = 0; i < 3; ++i) {
        fs::remove_all(dir);
        add(i, unlimited);
        ASSERT_EQ(files().size(), 1u);
        name[i] = files()[0];
        bytes[i] = fs::file_size(name[i]);
    }
    fs::remove_all(dir);

    add(0, unlimited);
    add(1, unlimited);
    fs::last_write_time(name[0], fs::file_time_type::clock::now() - std::chrono::seconds(400));
    fs::last_write_time(name[1], fs::file_time_type::clock::now() - std::chrono::seconds(200));
    // Reading layer 0 back makes it the most recently used of the two.
    EXPECT_EQ(add(0, unlimited).cache_hits, 1u);
    EXPECT_EQ(files().size(), 2u);

    // A third layer with room for it and one more: layer 1's file, now the
    // least recently used, goes; layer 0's stays.
    const auto stats = add(2, bytes[0] + bytes[2]);
    EXPECT_EQ(stats.cache_writes, 1u);
    EXPECT_EQ(stats.cache_pruned, 1u);
    EXPECT_EQ(files(), (std::vector<fs::path>{std::min(name[0], name[2]), std::max(name[0], name[2])}));

    // A limit smaller than any file keeps only the one just written.
    EXPECT_EQ(add(1, 1).cache_pruned, 2u);
    EXPECT_EQ(files(), std::vector<fs::path>{name[1]});
    fs::remove_all(dir);
}

TEST_F(MapRenderTest, TiledImageJoinsWithoutSeams) {
    auto map = make_renderer();
    for (auto& l : testing::make_synthetic_city({}).layers) map->add_layer(std::move(l));
    MapView v = view_of(43.2389, 76.8897, 14.4, 700, 530);
    const MapTheme& t = theme(Theme::Light);
    OverlayOptions o;
    o.title = "Алматы";
    SnapshotOptions whole, tiled;
    tiled.max_tile = 256;
    const Image a = render_map_snapshot(*map, v, t, o, {}, whole);
    const Image b = render_map_snapshot(*map, v, t, o, {}, tiled);
    save(a, "whole.png");
    save(b, "tiled.png");
    ASSERT_EQ(a.width, b.width);
    ASSERT_EQ(a.height, b.height);
    // Pixels on both sides of every tile border. Vertex positions are computed
    // identically in every tile, so edges land on the same samples; the rasteriser's
    // attribute interpolation (dash phase, glyph texture coordinates) is set up per
    // tile and may still round a rare edge pixel differently: allow isolated
    // pixels, never a line of them.
    size_t checked = 0, different = 0;
    double sum = 0;
    auto check = [&](int x, int y) {
        const uint8_t *p = a.pixel(x, y), *r = b.pixel(x, y);
        int d = 0;
        for (int c = 0; c < 4; ++c) d = std::max(d, std::abs(p[c] - r[c]));
        sum += d;
        ++checked;
        if (d > 2) ++different;
    };
    for (int x = 255; x < a.width; x += 256)
        for (int y = 0; y < a.height; ++y) {
            check(x, y);
            check(x + 1, y);
        }
    for (int y = 255; y < a.height; y += 256)
        for (int x = 0; x < a.width; ++x) {
            check(x, y);
            check(x, y + 1);
        }
    EXPECT_GT(checked, 4000u);
    EXPECT_LE(different, checked / 1000) << "pixels along tile borders that differ from the whole image";
    EXPECT_LT(sum / static_cast<double>(checked), 0.05) << "mean difference along tile borders";
    // Elsewhere too the tiled image is the whole image.
    size_t total = 0;
    for (size_t i = 0; i < a.rgba.size(); ++i) total += std::abs(a.rgba[i] - b.rgba[i]) > 2;
    EXPECT_LE(total, a.rgba.size() / 4000);
}

TEST_F(MapRenderTest, TooLargeSnapshotIsRefused) {
    MapView v = view_of(43.25, 76.95, 12, 16385, 100);
    EXPECT_THROW((void)render_tiled(v, [](const MapView&, const SnapshotTile&) {}), Error);
}

TEST_F(MapRenderTest, CyrillicAndKazakhLabelsRender) {
    auto map = make_renderer();
    if (!map->font()) GTEST_SKIP() << "no TrueType font installed";
    for (char32_t c : {U'Ә', U'ә', U'Қ', U'қ', U'Ү', U'ү', U'Ұ', U'ұ', U'І', U'і', U'Ң', U'ң', U'Ө', U'ө', U'Ғ', U'ғ', U'Һ', U'Ж'})
        EXPECT_TRUE(map->font()->has_glyph(c)) << static_cast<uint32_t>(c);
    testing::LayerBuilder b("places", GeometryKind::Point, {"fclass", "name", "name_kk"});
    b.add({{{76.95, 43.25}}}, {"city", "Алматы", "Әуезов ауданы"});
    map->add_layer(b.take());
    map->set_language(LabelLanguage::Kazakh);
    MapView v = view_of(43.25, 76.95, 12, 400, 200);
    const MapTheme& t = theme(Theme::Light);
    PlacedLabels placed;
    map->place_labels(v, t, placed);
    ASSERT_EQ(placed.placed, 1u);
    EXPECT_EQ(placed.texts[0], U"Әуезов ауданы");
    const Image img = render_map_snapshot(*map, v, t, bare());
    save(img, "kazakh_label.png");
    const auto& box = placed.boxes[0];
    size_t ink = 0;
    for (int y = static_cast<int>(box[1]); y < static_cast<int>(box[3]); ++y)
        for (int x = static_cast<int>(box[0]); x < static_cast<int>(box[2]); ++x)
            if (diff(img.pixel(x, y), t.background) > 200) ++ink;
    EXPECT_GT(ink, 80u) << "dark text pixels in the label box";
    map->set_language(LabelLanguage::Russian);  // no name_ru: falls back to name
    map->place_labels(v, t, placed);
    ASSERT_EQ(placed.placed, 1u);
    EXPECT_EQ(placed.texts[0], U"Алматы");
}

// An OpenStreetMap layer has only `name`, in Russian or Kazakh: English labels are
// that name transliterated with the street-type word in English, as a talk in
// English needs them; Russian and Kazakh show the name as OSM writes it.
TEST_F(MapRenderTest, EnglishLabelsOfOpenStreetMapNames) {
    auto map = make_renderer();
    if (!map->font()) GTEST_SKIP() << "no TrueType font installed";
    testing::LayerBuilder b("roads", GeometryKind::Line, {"osm_id", "fclass", "name"});
    b.add({{{76.940, 43.2610}, {76.960, 43.2610}}}, {"1", "primary", "улица Гоголя"});
    b.add({{{76.9547, 43.250}, {76.9547, 43.270}}}, {"2", "primary", "Достық даңғылы"});
    map->add_layer(b.take());
    MapView v = view_of(43.2606, 76.9520, 15, 900, 600);
    const MapTheme& t = theme(Theme::Light);
    PlacedLabels placed;
    auto shown = [&](std::u32string_view text) {
        for (const auto& s : placed.texts)
            if (s == text) return true;
        return false;
    };
    map->set_language(LabelLanguage::English);
    map->place_labels(v, t, placed);
    EXPECT_TRUE(shown(U"Gogol Street"));
    EXPECT_TRUE(shown(U"Dostyk Avenue"));
    map->set_language(LabelLanguage::Russian);
    map->place_labels(v, t, placed);
    EXPECT_TRUE(shown(U"улица Гоголя"));
    EXPECT_FALSE(shown(U"Gogol Street"));
}

// A place name whose point is covered by an event marker moves beside the
// marker (above, below, right or left) rather than hiding under it.
TEST_F(MapRenderTest, PlaceNamesStepAsideForEventMarkers) {
    auto map = make_renderer();
    if (!map->font()) GTEST_SKIP() << "no TrueType font installed";
    testing::LayerBuilder b("places", GeometryKind::Point, {"fclass", "name"});
    b.add({{{76.83, 43.30}}}, {"suburb", "Shanyrak"});
    map->add_layer(b.take());
    MapView v = view_of(43.30, 76.83, 13, 400, 240);
    const MapTheme& t = theme(Theme::Light);
    const MapView::Screen p = v.to_screen(LatLon{43.30, 76.83});
    auto covers_point = [&](const std::array<float, 4>& box) {
        return box[0] <= p.x && p.x <= box[2] && box[1] <= p.y && p.y <= box[3];
    };
    PlacedLabels placed;
    map->place_labels(v, t, placed);
    ASSERT_EQ(placed.placed, 1u);
    EXPECT_TRUE(covers_point(placed.boxes[0])) << "without markers the name is centred on its point";

    const float r = 10.0f;
    map->set_label_obstacles({WebMercator::forward({43.30, 76.83})}, r);
    map->place_labels(v, t, placed);
    ASSERT_EQ(placed.placed, 1u) << "the name is still shown";
    const auto& box = placed.boxes[0];
    const bool apart = box[2] < p.x - r || box[0] > p.x + r || box[3] < p.y - r || box[1] > p.y + r;
    EXPECT_TRUE(apart) << "label box " << box[0] << "," << box[1] << " " << box[2] << "," << box[3]
                       << " overlaps the marker at " << p.x << "," << p.y;
}

TEST_F(MapRenderTest, LabelsDoNotOverlapAndFollowLanguage) {
    auto map = make_renderer();
    if (!map->font()) GTEST_SKIP() << "no TrueType font installed";
    for (auto& l : testing::make_synthetic_city({}).layers) map->add_layer(std::move(l));
    MapView v = view_of(43.2389, 76.8897, 15, 900, 700);
    const MapTheme& t = theme(Theme::Light);
    PlacedLabels placed;
    map->set_language(LabelLanguage::English);
    map->place_labels(v, t, placed);
    ASSERT_GT(placed.placed, 5u);
    for (const auto& a : placed.boxes) {
        EXPECT_GE(a[0], 0);
        EXPECT_GE(a[1], 0);
        EXPECT_LE(a[2], 900);
        EXPECT_LE(a[3], 700);
    }
    // No box of one label overlaps a box of another (glyphs of one label may touch each other).
    const auto& cb = placed.collision_boxes;
    ASSERT_EQ(cb.size(), placed.collision_owner.size());
    ASSERT_GT(cb.size(), placed.placed);
    size_t overlaps = 0;
    for (size_t i = 0; i < cb.size(); ++i)
        for (size_t j = i + 1; j < cb.size(); ++j)
            if (placed.collision_owner[i] != placed.collision_owner[j] && cb[i][0] < cb[j][2] && cb[i][2] > cb[j][0] &&
                cb[i][1] < cb[j][3] && cb[i][3] > cb[j][1])
                ++overlaps;
    EXPECT_EQ(overlaps, 0u);
    bool english = false, russian = false;
    for (const auto& s : placed.texts) {
        english |= s.find(U"Street") != std::u32string::npos || s.find(U"Avenue") != std::u32string::npos;
        russian |= s.find(U"улица") != std::u32string::npos;
    }
    EXPECT_TRUE(english);
    EXPECT_FALSE(russian);
    map->set_language(LabelLanguage::Russian);
    map->place_labels(v, t, placed);
    russian = false;
    for (const auto& s : placed.texts) russian |= s.find(U"улица") != std::u32string::npos;
    EXPECT_TRUE(russian);
}

TEST_F(MapRenderTest, HigherPriorityWinsACollision) {
    auto map = make_renderer();
    if (!map->font()) GTEST_SKIP() << "no TrueType font installed";
    auto request = [](std::u32string text, int priority, LabelShape shape) {
        LabelRequest r;
        r.text = std::move(text);
        r.priority = priority;
        r.shape = shape;
        r.size_px = 14;
        r.path = {200, 100};
        if (shape == LabelShape::Line) r.path = {20, 104, 380, 96};
        return r;
    };
    std::vector<LabelRequest> requests;
    requests.push_back(request(U"улица Гоголя", 30, LabelShape::Line));   // minor street
    requests.push_back(request(U"МЕДЕУ", 100, LabelShape::Area));           // district
    requests.push_back(request(U"Есентай", 60, LabelShape::Point));        // river-like point, placed beside
    LabelPlacementOptions o;
    o.width = 400;
    o.height = 200;
    PlacedLabels placed;
    place_labels(*map->font(), requests, o, placed);
    ASSERT_GE(placed.placed, 1u);
    EXPECT_EQ(placed.texts[0], U"МЕДЕУ") << "the district is placed first";
    for (const auto& t : placed.texts) EXPECT_NE(t, U"улица Гоголя") << "the street would cross the district's name";
}

TEST_F(MapRenderTest, AWideAreasNameMovesAroundAClusterWithinItsMiddle) {
    auto map = make_renderer();
    if (!map->font()) GTEST_SKIP() << "no TrueType font installed";
    // A cluster of events (kept clear) covers the district's label point and
    // the lines just above and below it.
    LabelPlacementOptions o;
    o.width = 600;
    o.height = 400;
    o.keep_clear = {{250, 170, 350, 230}};
    const auto district = [](float width_px) {
        LabelRequest r;
        r.text = U"ALMALY DISTRICT";
        r.shape = LabelShape::Area;
        r.size_px = 12;
        r.priority = 100;
        r.path = {300, 200};
        r.symbol_px = width_px;  // the area's width on screen
        return r;
    };
    std::vector<LabelRequest> wide{district(300)};
    PlacedLabels placed;
    place_labels(*map->font(), wide, o, placed);
    ASSERT_EQ(placed.placed, 1u) << "a wide district keeps its name";
    const auto& b = placed.boxes[0];
    EXPECT_TRUE(b[3] <= 170 || b[1] >= 230 || b[2] <= 250 || b[0] >= 350) << "the name is clear of the cluster";
    EXPECT_LE(std::abs((b[1] + b[3]) / 2 - 200), 300 * 0.3f + 12) << "and within the middle of the area";
    // A narrow one has no room to move into: its name gives way.
    std::vector<LabelRequest> narrow{district(60)};
    PlacedLabels none;
    place_labels(*map->font(), narrow, o, none);
    EXPECT_EQ(none.placed, 0u);
}

TEST_F(MapRenderTest, LabelsArePlacedWhenTheViewChangesNotEveryFrame) {
    MapView v;
    gl::RenderTarget target;
    auto map = labelled_city(v, target);
    if (!map) GTEST_SKIP() << "no TrueType font installed";
    const MapTheme& t = theme(Theme::Light);
    auto frame = [&] {
        target.bind();
        map->draw(v, t);
    };
    const size_t p0 = map->stats().label_placements;
    frame();
    frame();
    frame();
    EXPECT_EQ(map->stats().label_placements, p0 + 1) << "idle frames place nothing";
    v.pan_pixels(5, 0);
    frame();
    v.pan_pixels(5, 0);
    frame();
    EXPECT_EQ(map->stats().label_placements, p0 + 1) << "while panning the placed labels ride along";
    frame();  // the view rests
    EXPECT_EQ(map->stats().label_placements, p0 + 2);
    v.zoom_about(0.25, 200, 150);
    frame();
    EXPECT_EQ(map->stats().label_placements, p0 + 3) << "a zoom places again";
    map->set_language(LabelLanguage::Kazakh);
    frame();
    EXPECT_EQ(map->stats().label_placements, p0 + 4) << "so does a language change";
    map->options(0).visible = false;
    frame();
    EXPECT_EQ(map->stats().label_placements, p0 + 5) << "and a layer option";
}

TEST_F(MapRenderTest, LabelsKeepClearOfASlidesCards) {
    MapView v;
    gl::RenderTarget target;
    auto map = labelled_city(v, target);
    if (!map) GTEST_SKIP() << "no TrueType font installed";
    target.bind();
    const MapTheme& t = theme(Theme::Light);
    const std::vector<std::array<float, 4>> card = {{0, 0, 260, 120}};  // a title panel at the top left
    auto overlapping = [&] {
        size_t n = 0;
        for (const auto& b : map->labels_drawn().boxes)
            n += b[0] < card[0][2] && b[2] > card[0][0] && b[1] < card[0][3] && b[3] > card[0][1];
        return n;
    };
    map->draw(v, t);
    ASSERT_GT(overlapping(), 0u) << "the test needs labels under the card's place";
    const size_t placed = map->stats().label_placements;
    map->draw(v, t, card);
    EXPECT_EQ(map->stats().label_placements, placed + 1) << "a new card places the labels again";
    EXPECT_EQ(overlapping(), 0u);
    EXPECT_GT(map->labels_drawn().placed, 0u) << "the rest of the map keeps its labels";
    map->draw(v, t, card);
    EXPECT_EQ(map->stats().label_placements, placed + 1) << "the same card: nothing to place";
}

TEST(ScaleBar, RoundLengthsAndTrueGroundDistance) {
    MapView v;
    v.center = WebMercator::forward({43.25, 76.95});
    v.zoom = 12;
    const ScaleBar bar = choose_scale_bar(v, 140);
    const double ground_per_px = v.metres_per_pixel() * std::cos(43.25 * 3.141592653589793 / 180);
    EXPECT_NEAR(bar.pixels * ground_per_px, bar.metres, 1e-6);
    EXPECT_LE(bar.pixels, 140);
    EXPECT_GT(bar.pixels, 140 / 2.5 - 1);
    const double m = bar.metres / std::pow(10, std::floor(std::log10(bar.metres)));
    EXPECT_TRUE(std::fabs(m - 1) < 1e-9 || std::fabs(m - 2) < 1e-9 || std::fabs(m - 5) < 1e-9) << bar.metres;
    EXPECT_EQ(bar.label, "2 km");
    v.zoom = 18;
    EXPECT_EQ(choose_scale_bar(v, 140).label, "50 m");
}

TEST(Style, OsmClassesAndThemes) {
    EXPECT_EQ(classify_feature(GeometryKind::Line, "gis_osm_roads_free_1", "primary"), StyleClass::Primary);
    EXPECT_EQ(classify_feature(GeometryKind::Line, "roads", "motorway_link"), StyleClass::Motorway);
    EXPECT_EQ(classify_feature(GeometryKind::Line, "x", "track_grade3"), StyleClass::Track);
    EXPECT_EQ(classify_feature(GeometryKind::Line, "railways", "rail"), StyleClass::Railway);
    EXPECT_EQ(classify_feature(GeometryKind::Polygon, "landuse", "park"), StyleClass::Park);
    EXPECT_EQ(classify_feature(GeometryKind::Polygon, "districts", ""), StyleClass::District);
    EXPECT_EQ(classify_feature(GeometryKind::Point, "transport", "railway_station"), StyleClass::Station);
    EXPECT_EQ(classify_feature(GeometryKind::Point, "neighbourhoods", "neighbourhood"), StyleClass::Neighbourhood);
    EXPECT_EQ(classify_feature(GeometryKind::Point, "places", "suburb"), StyleClass::Neighbourhood);
    EXPECT_EQ(classify_feature(GeometryKind::Point, "places", "city"), StyleClass::Place);
    EXPECT_EQ(classify_feature(GeometryKind::Line, "mine", ""), StyleClass::GenericLine);
    const MapTheme& l = theme(Theme::Light);
    EXPECT_GT(l.line_width(StyleClass::Primary, 14), l.line_width(StyleClass::Minor, 14));
    EXPECT_GT(l.line_width(StyleClass::Primary, 16), l.line_width(StyleClass::Primary, 12));
    EXPECT_GT(l.style(StyleClass::Minor).min_zoom, l.style(StyleClass::Primary).min_zoom);
    EXPECT_GT(l.style(StyleClass::Primary).casing_width, 0);
    // Names along lines grow at street level; names of areas and points do not.
    for (StyleClass road : {StyleClass::Minor, StyleClass::Secondary, StyleClass::River}) {
        EXPECT_EQ(l.label_size(road, 15, true), l.style(road).label_size);
        EXPECT_NEAR(l.label_size(road, 18, true), 1.25f * l.style(road).label_size, 1e-4);
        EXPECT_GT(l.label_size(road, 17, true), l.label_size(road, 16.5, true));
    }
    for (StyleClass named : {StyleClass::District, StyleClass::Neighbourhood, StyleClass::Station, StyleClass::Park})
        EXPECT_EQ(l.label_size(named, 18, false), l.style(named).label_size);
    Theme id;
    EXPECT_TRUE(parse_theme("projector", id));
    EXPECT_EQ(id, Theme::Projector);
    EXPECT_FALSE(parse_theme("sepia", id));
    EXPECT_EQ(to_upper(U'ә'), U'Ә');
    EXPECT_EQ(to_upper(U'і'), U'І');
    EXPECT_EQ(to_upper(U'я'), U'Я');
    EXPECT_EQ(decode_utf8("A\xFF" "b"), U"A\uFFFDb");
}

TEST(Style, FootpathsComeInQuietlyMainRoadsAtOnce) {
    for (Theme id : {Theme::Light, Theme::Dark, Theme::Projector}) {
        const MapTheme& t = theme(id);
        const float from = t.style(StyleClass::Path).min_zoom;
        // Faint where they first show, full two levels in, never more.
        EXPECT_NEAR(t.line_opacity(StyleClass::Path, from), 0.35f, 1e-6f);
        EXPECT_LT(t.line_opacity(StyleClass::Path, from + 0.5), t.line_opacity(StyleClass::Path, from + 1.5));
        EXPECT_FLOAT_EQ(t.line_opacity(StyleClass::Path, from + 2), 1.0f);
        EXPECT_FLOAT_EQ(t.line_opacity(StyleClass::Path, 19), 1.0f);
        EXPECT_LT(t.line_opacity(StyleClass::Track, t.style(StyleClass::Track).min_zoom), 0.5f);
        // Classes without a fade show whole from their first zoom.
        for (StyleClass c : {StyleClass::Primary, StyleClass::Minor, StyleClass::Railway})
            EXPECT_FLOAT_EQ(t.line_opacity(c, t.style(c).min_zoom), 1.0f);
    }
}


TEST_F(MapRenderTest, ATextBatchHandedToTheGpuKeepsWhatItHadWhenAddedTo) {
    auto map = make_renderer();
    if (!map->font()) GTEST_SKIP() << missing_font_message();
    const LabelFont& font = *map->font();
    gl::RenderTarget target;
    target.resize(40, 20, 1);
    auto colours = [&](TextBatch& batch) {
        target.bind();
        glClearColor(1, 1, 1, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        batch.draw(font, 40, 20);
        target.resolve();
        std::vector<unsigned char> px(40 * 20 * 4);
        target.read_pixels(px.data());
        return std::pair{std::vector<unsigned char>(px.begin() + (10 * 40 + 5) * 4, px.begin() + (10 * 40 + 5) * 4 + 3),
                         std::vector<unsigned char>(px.begin() + (10 * 40 + 35) * 4, px.begin() + (10 * 40 + 35) * 4 + 3)};
    };
    TextBatch batch;
    batch.add_rect(font, 0, 0, 20, 20, {1, 0, 0, 1});
    EXPECT_EQ(batch.vertex_count(), 6u);
    auto [left, right] = colours(batch);
    EXPECT_EQ(left, (std::vector<unsigned char>{255, 0, 0}));
    EXPECT_EQ(right, (std::vector<unsigned char>{255, 255, 255}));
    // Drawn once, the vertices are the GPU's; the count stays, and adding more keeps the first.
    EXPECT_EQ(batch.vertex_count(), 6u);
    EXPECT_FALSE(batch.empty());
    batch.add_rect(font, 20, 0, 40, 20, {0, 0, 1, 1});
    EXPECT_EQ(batch.vertex_count(), 12u);
    std::tie(left, right) = colours(batch);
    EXPECT_EQ(left, (std::vector<unsigned char>{255, 0, 0}));
    EXPECT_EQ(right, (std::vector<unsigned char>{0, 0, 255}));
    // Drawn again unchanged: the same picture from the GPU's copy alone.
    std::tie(left, right) = colours(batch);
    EXPECT_EQ(right, (std::vector<unsigned char>{0, 0, 255}));
    batch.clear();
    EXPECT_TRUE(batch.empty());
    std::tie(left, right) = colours(batch);
    EXPECT_EQ(left, (std::vector<unsigned char>{255, 255, 255}));
}

TEST_F(MapRenderTest, ATextBatchDrawnInTilesSendsEachTileOnlyItsOwnTextAndGivesTheSamePixels) {
    auto map = make_renderer();
    if (!map->font()) GTEST_SKIP() << missing_font_message();
    const LabelFont& font = *map->font();
    // Words along the top and down the left side of a 256 x 256 frame, each
    // with a halo drawn first, as labels are; the bottom-right quarter is empty.
    TextBatch batch;
    const Rgba ink{0.1f, 0.1f, 0.3f, 1}, halo{1, 1, 1, 0.9f};
    auto word = [&](float x, float y) {
        for (const auto& [dx, dy] : halo_offsets(2)) batch.add_text(font, U"Абай", x + dx, y + dy, 14, false, halo);
        batch.add_text(font, U"Абай", x, y, 14, false, ink);
    };
    for (int i = 0; i < 6; ++i) word(8 + 40 * static_cast<float>(i), 20);
    for (int i = 1; i < 6; ++i) word(8, 20 + 40 * static_cast<float>(i));
    const size_t total = batch.vertex_count();
    auto draw = [&](int w, int h, int x, int y) {
        gl::RenderTarget target;
        target.resize(w, h, 1);
        target.bind();
        glClearColor(0.6f, 0.8f, 0.6f, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        batch.draw(font, w, h, x, y);
        std::vector<unsigned char> px(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
        target.read_pixels(px.data());
        return px;
    };
    const auto whole = draw(256, 256, 0, 0);
    EXPECT_EQ(batch.drawn_vertices(), total);
    // A glyph left out of a tile would leave background where the whole image
    // has ink; interpolation set up per tile may round a channel by one or two.
    size_t sent = 0, inked = 0, differing = 0;
    int worst = 0;
    for (int ty = 0; ty < 256; ty += 64)
        for (int tx = 0; tx < 256; tx += 64) {
            const auto tile = draw(64, 64, tx, ty);
            sent += batch.drawn_vertices();
            if (tx >= 128 && ty >= 128) {
                EXPECT_EQ(batch.drawn_vertices(), 0u) << tx << "," << ty;
            }
            for (int y = 0; y < 64; ++y)
                for (int x = 0; x < 64; ++x)
                    for (int c = 0; c < 3; ++c) {
                        const size_t w = ((static_cast<size_t>(ty + y)) * 256 + static_cast<size_t>(tx + x)) * 4 + c;
                        const size_t t = (static_cast<size_t>(y) * 64 + static_cast<size_t>(x)) * 4 + c;
                        const int d = std::abs(int{tile[t]} - int{whole[w]});
                        worst = std::max(worst, d);
                        differing += d > 0;
                        inked += c == 0 && std::abs(int{whole[w]} - 153) > 8;
                    }
        }
    EXPECT_LE(worst, 2);
    EXPECT_LT(differing, 256u * 256u * 3u / 500u);
    EXPECT_GT(inked, 1000u);            // the words are in the picture
    EXPECT_LT(sent, 16 * total / 3);    // sixteen tiles sent far less than sixteen batches
}

}  // namespace
}  // namespace atlas

namespace atlas {
namespace {
namespace fs = std::filesystem;

TEST(UserLayerStyle, RoundTripsEveryOptionAndRefusesWrongTypes) {
    LayerOptions o;
    o.title = "Снесённые дома";
    o.order = 42;
    o.custom_colour = true;
    o.colour = rgb(0x12AB34, 128.0f / 255.0f);
    o.width = 2.5f;
    o.opacity = 0.75f;
    o.labels = false;
    o.label_field = "name_ru";
    const LayerOptions back = layer_options_from_json(layer_style_json(o));
    EXPECT_EQ(back.title, o.title);
    EXPECT_EQ(back.order, 42);
    EXPECT_TRUE(back.custom_colour);
    EXPECT_EQ(back.colour, o.colour);
    EXPECT_FLOAT_EQ(back.width, 2.5f);
    EXPECT_FLOAT_EQ(back.opacity, 0.75f);
    EXPECT_FALSE(back.labels);
    EXPECT_EQ(back.label_field, "name_ru");
    EXPECT_TRUE(back.user);
    // Defaults for what is not there; unknown keys are ignored.
    EXPECT_FLOAT_EQ(layer_options_from_json(R"({"future":1})").width, 1.0f);
    for (const char* bad : {"[]", "{", R"({"width":"wide"})", R"({"colour":"red"})", R"({"opacity":1e9})", R"({"order":1.5})"})
        EXPECT_THROW((void)layer_options_from_json(bad), Error) << bad;
}

TEST_F(MapRenderTest, UserLayersComeBackInOrderAndStyleAndMissingFilesAreNoted) {
    test::TempDir dir;
    auto write = [&](const std::string& name, double lon) {
        std::ofstream(dir / name) << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
                                  << R"("geometry":{"type":"LineString","coordinates":[[)" << lon << ",43.2],[" << lon + 0.01
                                  << ",43.21]]}}]}";
    };
    write("a.geojson", 76.9);
    write("b.geojson", 77.0);
    auto map = make_renderer(false);
    LayerOptions base;
    map->add_layer(load_map_layer(dir / "a.geojson"), base);  // stands for the basemap: not the user's
    LayerOptions mine;
    mine.user = true;
    mine.custom_colour = true;
    mine.colour = rgb(0xFF00FF);
    const size_t a = map->add_layer(load_map_layer(dir / "a.geojson"), mine);
    mine.width = 3;
    const size_t b = map->add_layer(load_map_layer(dir / "b.geojson"), mine);
    map->move_layer(b, -1);  // b below a
    map->options(a).visible = false;
    UserLayers user;
    const std::vector<UserLayerRecord> saved = user.records(*map);
    ASSERT_EQ(saved.size(), 2u);
    EXPECT_EQ(fs::path(saved[0].path).filename(), "b.geojson");
    EXPECT_EQ(fs::path(saved[1].path).filename(), "a.geojson");
    EXPECT_FALSE(saved[1].visible);

    // Into a fresh renderer with the basemap stand-in: the same records come out.
    auto again = make_renderer(false);
    again->add_layer(load_map_layer(dir / "a.geojson"), base);
    UserLayers restored;
    restored.restore(*again, saved, dir.path());
    EXPECT_TRUE(restored.missing().empty());
    EXPECT_EQ(again->layer_count(), 3u);
    EXPECT_EQ(restored.records(*again), saved);

    // Restoring again replaces, never duplicates; a file that is gone is kept as missing.
    fs::remove(dir / "b.geojson");
    std::vector<UserLayerRecord> moved = saved;
    moved[1].path = "a.geojson";  // relative: from the project's folder
    restored.restore(*again, moved, dir.path());
    EXPECT_EQ(again->layer_count(), 2u);
    ASSERT_EQ(restored.missing().size(), 1u);
    EXPECT_NE(restored.missing()[0].note.find("not found"), std::string::npos);
    const std::vector<UserLayerRecord> kept = restored.records(*again);
    ASSERT_EQ(kept.size(), 2u);  // the missing one is still saved
    EXPECT_EQ(kept[1], saved[0]);
    restored.clear(*again);
    EXPECT_EQ(again->layer_count(), 1u);
}

// A file that mixes kinds of geometry is a layer of each; saved and restored,
// each record finds its own part again.
TEST_F(MapRenderTest, AMixedGeoJsonFileComesBackAsItsParts) {
    test::TempDir dir;
    std::ofstream(dir / "mixed.geojson")
        << R"({"type":"FeatureCollection","features":[)"
        << R"({"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[76.9,43.2],[76.91,43.2],[76.91,43.21],[76.9,43.2]]]}},)"
        << R"({"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[76.9,43.2],[76.92,43.22]]}}]})";
    auto map = make_renderer(false);
    LayerOptions mine;
    mine.user = true;
    for (Layer& l : load_map_layers(dir / "mixed.geojson")) map->add_layer(std::move(l), mine);
    ASSERT_EQ(map->layer_count(), 2u);
    UserLayers user;
    const std::vector<UserLayerRecord> saved = user.records(*map);
    ASSERT_EQ(saved.size(), 2u);
    EXPECT_NE(saved[0].name, saved[1].name);
    auto again = make_renderer(false);
    UserLayers restored;
    restored.restore(*again, saved, dir.path());
    EXPECT_TRUE(restored.missing().empty());
    ASSERT_EQ(again->layer_count(), 2u);
    EXPECT_EQ(restored.records(*again), saved);
    // Each record found its own part (not the file's first twice).
    EXPECT_EQ(again->layer(again->draw_order()[0]).kind, map->layer(map->draw_order()[0]).kind);
    EXPECT_EQ(again->layer(again->draw_order()[1]).kind, map->layer(map->draw_order()[1]).kind);
    EXPECT_NE(again->layer(0).kind, again->layer(1).kind);
}

TEST_F(MapRenderTest, MoreSamplesThanTheDriverOffersGetTheMostThereIs) {
    GLint most = 0;
    glGetIntegerv(GL_MAX_SAMPLES, &most);
    gl::RenderTarget target;
    ASSERT_NO_THROW(target.resize(64, 32, 16));  // was "framebuffer ... incomplete"
    EXPECT_GE(target.samples(), std::min(4, static_cast<int>(most)));
    EXPECT_LE(target.samples(), std::max(1, static_cast<int>(most)));
    // It draws and resolves like any other.
    target.bind();
    glClearColor(0.25f, 0.5f, 0.75f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    target.resolve();
    std::vector<unsigned char> px(64 * 32 * 4);
    target.read_pixels(px.data());
    EXPECT_NEAR(px[0], 64, 1);
    EXPECT_NEAR(px[1], 128, 1);
    EXPECT_NEAR(px[2], 191, 1);
}

}  // namespace
}  // namespace atlas
