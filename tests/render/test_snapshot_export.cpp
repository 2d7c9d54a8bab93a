// Snapshots and animations of the scene (basemap + events + furniture),
// rendered offscreen (EGL surfaceless, else a hidden window under xvfb-run).
#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include <unistd.h>

#include "render/fonts.hpp"
#include "core/error.hpp"
#include "geo/layer.hpp"
#include "model/app_model.hpp"
#include "model/slide_view.hpp"
#include "render/gl_fixture.hpp"
#include "platform/window.hpp"
#include "render/animation.hpp"
#include "render/map_renderer.hpp"
#include "render/scene.hpp"
#include "render/snapshot.hpp"
#include "render/synthetic_city.hpp"

namespace atlas {
namespace {
namespace fs = std::filesystem;

Event ev(std::string id, std::string_view cat, TimePoint begin, double lat, double lon) {
    Event e;
    e.id = std::move(id);
    e.title = e.id;
    e.category = std::string(cat);
    e.time.begin = begin;
    e.time.end = begin + 86400;
    e.location.lat = lat;
    e.location.lon = lon;
    e.location.precision = LocationPrecision::Building;
    e.location.uncertainty_m = 5;
    return e;
}

// A street grid under the events, so snapshots have a basemap with lines and areas.
Layer streets() {
    testing::LayerBuilder b("roads", GeometryKind::Line, {"osm_id", "code", "fclass", "name"});
    for (int i = 0; i < 6; ++i) {
        const double lon = 76.895 + 0.003 * i, lat = 43.245 + 0.002 * i;
        b.add({{{lon, 43.240}, {lon, 43.256}}}, {std::to_string(i), "5114", "secondary", ""});
        b.add({{{76.890, lat}, {76.915, lat}}}, {std::to_string(10 + i), "5115", "tertiary", ""});
    }
    return b.take();
}

// Two slides over one place: "First" in 2001 at the view's camera, then
// "Second" in 2021 zoomed out to 14 (a transition that moves both).
Story two_slide_story(const CameraView& camera) {
    Story story;
    story.id = "s";
    Slide a, b;
    a.title = "First";
    a.camera = camera;
    a.time_cursor = make_time(2001, 1, 1);
    b.title = "Second";
    b.camera = a.camera;
    b.camera.zoom = 14;
    b.time_cursor = make_time(2021, 1, 1);
    story.slides = {a, b};
    return story;
}

class SnapshotExport : public test::GlSuite {
protected:
    void SetUp() override {
        GlSuite::SetUp();
        if (IsSkipped()) return;
        map_ = test::labelled_map_renderer();
        map_->add_layer(streets());
        Dataset d;
        // Building-level events ~250 m apart, one per category, in 2000..2020.
        d.events.push_back(ev("demo", category::demolition, make_time(2000, 1, 1), 43.2500, 76.9000));
        d.events.push_back(ev("prot", category::protest, make_time(2006, 4, 5), 43.2500, 76.9030));
        d.events.push_back(ev("evic", category::eviction, make_time(2006, 3, 14), 43.2480, 76.9000));
        d.events.push_back(ev("arr", category::arrest, make_time(2020, 1, 1), 43.2480, 76.9030));
        model_.set_dataset(std::move(d));
        model_.map_view.width_px = 400;
        model_.map_view.height_px = 300;
        model_.map_view.zoom = 16;
        model_.map_view.center = WebMercator::forward({43.2490, 76.9015});
        model_.set_cursor(make_time(2030, 1, 1));
        scene_ = std::make_unique<SceneRenderer>(map_.get());
    }
    void TearDown() override {
        scene_.reset();
        map_.reset();
    }
    static SceneOverlays bare() {
        SceneOverlays o;
        return o;  // every overlay off
    }
    static SceneOverlays all(bool with_title = true) {
        SceneOverlays o;
        if (with_title) o.title = "Almaty, 2006";
        o.time_window = o.legend = o.scale_bar = o.north_arrow = o.attribution = true;
        return o;
    }
    Image render(const SceneOverlays& o, int max_tile = 4096) {
        SnapshotOptions so;
        so.max_tile = max_tile;
        return scene_->render(model_, Theme::Light, o, so);
    }
    // The two-slide story over the test streets, exported at 192x108 and ten
    // frames a second.
    Story small_story(AnimationOptions& o) {
        model_.map_view.width_px = 192;
        model_.map_view.height_px = 108;
        o.fps = 10;
        return two_slide_story(model_.map_view.camera());
    }
    // Slide frames in the presentation's own look; false when no font is installed.
    static bool with_slide_fonts(AnimationOptions& o) {
        o.slide_font_regular = find_ui_font(false);
        o.slide_font_bold = find_ui_font(true);
        return !o.slide_font_regular.empty();
    }
    static void save(const Image& img, const char* name) {
        if (const char* dir = std::getenv("ATLAS_TEST_PNG_DIR")) write_png(img, fs::path(dir) / name);
    }
    // The marker's centre pixel against the category's palette colour.
    void expect_category_colour(const Image& img, const char* id, std::string_view category) {
        const auto row = model_.row_of(id);
        ASSERT_TRUE(row);
        const MapView::Screen s = model_.marker_screen_position(*row);
        const int x = static_cast<int>(std::floor(s.x)), y = static_cast<int>(std::floor(s.y));
        ASSERT_TRUE(x >= 0 && y >= 0 && x < img.width && y < img.height) << id;
        const uint8_t* p = img.pixel(x, y);
        const LegendEntry want = legend_entry_of(category);
        EXPECT_NEAR(p[0], want.r, 3) << id;
        EXPECT_NEAR(p[1], want.g, 3) << id;
        EXPECT_NEAR(p[2], want.b, 3) << id;
    }

    std::unique_ptr<MapRenderer> map_;
    std::unique_ptr<SceneRenderer> scene_;
    AppModel model_;
};

TEST_F(SnapshotExport, FixedViewHasItsSizeAndCategoryColoursAtEventPositions) {
    // The events in the right half, clear of the legend.
    model_.map_view.center = WebMercator::forward({43.2490, 76.8995});
    const Image img = render(all());
    save(img, "scene_fixed.png");
    ASSERT_EQ(img.width, 400);
    ASSERT_EQ(img.height, 300);
    expect_category_colour(img, "demo", category::demolition);
    expect_category_colour(img, "prot", category::protest);
    expect_category_colour(img, "evic", category::eviction);
    expect_category_colour(img, "arr", category::arrest);
}

TEST_F(SnapshotExport, TimeFilterHidesEventsAfterTheCursor) {
    model_.set_cursor(make_time(2010, 1, 1));
    const Image img = render(bare());
    expect_category_colour(img, "demo", category::demolition);
    // The 2020 arrest is not drawn: its position shows no trace of its colour.
    const MapView::Screen s = model_.marker_screen_position(*model_.row_of("arr"));
    const uint8_t* p = img.pixel(static_cast<int>(s.x), static_cast<int>(s.y));
    const LegendEntry arrest = legend_entry_of(category::arrest);
    EXPECT_GT(std::abs(p[0] - arrest.r) + std::abs(p[1] - arrest.g) + std::abs(p[2] - arrest.b), 30);
}

TEST_F(SnapshotExport, SameInputsGiveTheSameBytes) {
    const std::vector<uint8_t> a = encode_png(render(all()));
    const std::vector<uint8_t> b = encode_png(render(all()));
    ASSERT_FALSE(a.empty());
    EXPECT_EQ(a, b);
}

TEST_F(SnapshotExport, TilesJoinWithoutSeams) {
    // 3x3 tiles of 160 pixels with events, labels and furniture across the borders.
    model_.map_view.width_px = 450;
    model_.map_view.height_px = 400;
    const Image whole = render(all(), 4096);
    const Image tiled = render(all(), 160);
    save(whole, "scene_whole.png");
    save(tiled, "scene_tiled.png");
    ASSERT_EQ(whole.width, tiled.width);
    ASSERT_EQ(whole.height, tiled.height);
    auto differs = [&](int x, int y) {
        const uint8_t *a = whole.pixel(x, y), *b = tiled.pixel(x, y);
        return std::abs(a[0] - b[0]) > 2 || std::abs(a[1] - b[1]) > 2 || std::abs(a[2] - b[2]) > 2;
    };
    int bad = 0, checked = 0;
    for (int border : {160, 320}) {
        for (int d : {-1, 0}) {
            const int c = border + d;  // the last column/row of a tile and the first of the next
            for (int y = 0; y < whole.height; ++y, ++checked) bad += differs(c, y);
            if (c < whole.height)
                for (int x = 0; x < whole.width; ++x, ++checked) bad += differs(x, c);
        }
    }
    EXPECT_EQ(bad, 0) << "of " << checked << " pixels along the tile borders";
    // And the border columns are not all background (the test would pass on an empty map).
    int inked = 0;
    for (int y = 0; y < whole.height; ++y) {
        const uint8_t* p = whole.pixel(160, y);
        const uint8_t* q = whole.pixel(2, 2);
        inked += std::abs(p[0] - q[0]) + std::abs(p[1] - q[1]) + std::abs(p[2] - q[2]) > 20;
    }
    EXPECT_GT(inked, 5);
}

// A PNG written band by band (write_map_snapshot_png) holds the pixels of the
// image made whole (render_map_snapshot), across tile and band borders.
TEST_F(SnapshotExport, StreamedPngEqualsTheWholeImage) {
    MapView view = model_.map_view;
    view.width_px = 333;
    view.height_px = 517;  // not a multiple of the 128-pixel tiles
    SnapshotOptions so;
    so.max_tile = 128;
    const MapTheme& th = theme(Theme::Light);
    OverlayOptions o;
    o.title = "Almaty";
    o.attribution = "© OpenStreetMap contributors";
    o.scale_bar = true;
    const Image whole = render_map_snapshot(*map_, view, th, o, {}, so);
    const fs::path dir = fs::temp_directory_path() / ("atlas-stream-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path file = dir / "map.png";
    write_map_snapshot_png(*map_, view, th, o, {}, file, so);
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(file.c_str(), &w, &h, &n, 4);
    ASSERT_NE(px, nullptr) << stbi_failure_reason();
    EXPECT_EQ(n, 3) << "an opaque map is written as RGB";
    ASSERT_EQ(w, whole.width);
    ASSERT_EQ(h, whole.height);
    EXPECT_EQ(std::memcmp(px, whole.rgba.data(), whole.rgba.size()), 0);
    stbi_image_free(px);
    // The in-memory encoding gives the same bytes as the file.
    std::ifstream in(file, std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes, encode_png(whole));
    EXPECT_EQ(bytes, render_map_snapshot_png(*map_, view, th, o, {}, so));
    // A device that fills up mid-image: the writer's reason comes through the encoder.
    if (fs::exists("/dev/full")) {
        try {
            write_map_snapshot_png(*map_, view, th, o, {}, "/dev/full", so);
            ADD_FAILURE() << "a full device took the image";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("/dev/full: cannot write: No space left"), std::string::npos) << e.what();
        }
    }
    // A path that cannot be written is refused before anything is drawn, and nothing is left.
    EXPECT_THROW(write_map_snapshot_png(*map_, view, th, o, {}, dir, so), Error);
    fs::remove_all(dir);
}

TEST_F(SnapshotExport, DpiScalesMarkersWithTheImage) {
    // At twice the pixel ratio the same geography takes twice the pixels, and
    // so does the marker: its coloured run across the centre doubles.
    auto run_length = [&](const Image& img) {
        const MapView::Screen s = model_.marker_screen_position(*model_.row_of("prot"));
        const LegendEntry c = legend_entry_of(category::protest);
        int n = 0;
        for (int x = 0; x < img.width; ++x) {
            const uint8_t* p = img.pixel(x, static_cast<int>(s.y));
            n += std::abs(p[0] - c.r) + std::abs(p[1] - c.g) + std::abs(p[2] - c.b) < 12;
        }
        return n;
    };
    const int one = run_length(render(bare()));
    model_.map_view.width_px = 800;
    model_.map_view.height_px = 600;
    model_.map_view.pixel_ratio = 2;
    const int two = run_length(render(bare()));
    ASSERT_GT(one, 4);
    EXPECT_NEAR(two, 2 * one, 3);
}

TEST_F(SnapshotExport, OverlaysDrawOnlyWhenAsked) {
    if (!map_->font()) GTEST_SKIP() << "no TrueType font installed";
    const Image plain = render(bare());
    const Image furnished = render(all());
    save(furnished, "scene_overlays.png");
    // The legend sits bottom-left, the title top-left: both corners change.
    auto region_differs = [&](int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) n += std::memcmp(plain.pixel(x, y), furnished.pixel(x, y), 3) != 0;
        return n;
    };
    EXPECT_GT(region_differs(0, 0, 150, 40), 100);
    EXPECT_GT(region_differs(0, 150, 120, 250), 100);
    const Image again = render(bare());
    EXPECT_EQ(plain.rgba, again.rgba);
}

TEST_F(SnapshotExport, TimeWindowAndAttributionText) {
    model_.set_cursor(make_time(2006, 4, 5, 12, 0));
    EXPECT_EQ(describe_time_window(model_), "up to 5 April 2006, 12:00");
    TimeWindow w = model_.window();
    w.mode = WindowMode::Sliding;
    w.width = 35 * 86400;
    model_.set_window(w);
    EXPECT_EQ(describe_time_window(model_), "1 March 2006, 12:00 \u2013 5 April 2006, 12:00");
    EXPECT_EQ(describe_instant(make_time(2006, 3, 31, 23, 59) + 59), "31 March 2006");
    // The basemap is OpenStreetMap data: its credit leads the line, then the sources.
    const std::string line = scene_attribution(model_);
    EXPECT_EQ(line.rfind("\u00a9 OpenStreetMap contributors", 0), 0u) << line;
    EXPECT_EQ(default_attribution(), "\u00a9 OpenStreetMap contributors");
    EXPECT_EQ(with_osm_credit(""), osm_credit());
    EXPECT_EQ(with_osm_credit("Sources: RFE/RL"), "\u00a9 OpenStreetMap contributors \u00b7 Sources: RFE/RL");
    EXPECT_EQ(with_osm_credit(line), line) << "not credited twice";
}

TEST_F(SnapshotExport, LegendListsTheCategoriesTheFilterShows) {
    std::vector<LegendEntry> rows = legend_entries(model_);
    ASSERT_EQ(rows.size(), 4u);
    model_.set_category_enabled(static_cast<size_t>(model_.category_index(category::protest)), false);
    rows = legend_entries(model_);
    ASSERT_EQ(rows.size(), 3u);
    for (const LegendEntry& e : rows) EXPECT_NE(e.label, legend_entry_of(category::protest).label);
}

// [SECTION] Animation

struct Collect : FrameSink {
    std::vector<Image> frames;
    bool finished = false;
    void write(const Image& f, size_t index) override {
        EXPECT_EQ(index, frames.size());
        frames.push_back(f);
    }
    void finish() override { finished = true; }
};

TEST_F(SnapshotExport, TimelineFramesForSpanAndRateEndAtTheSpanEnds) {
    model_.map_view.width_px = 200;
    model_.map_view.height_px = 150;
    AnimationOptions o;
    o.fps = 4;
    o.theme = Theme::Light;
    o.overlays = all(false);
    const TimelineSpan span{make_time(2005, 1, 1), make_time(2021, 1, 1), 1.5};
    Collect sink;
    const size_t n = render_timeline(*scene_, model_, span, o, {&sink});
    EXPECT_EQ(n, 6u);  // 1.5 s at 4 fps
    ASSERT_EQ(sink.frames.size(), 6u);
    EXPECT_TRUE(sink.finished);

    model_.set_cursor(span.from);
    const Image first = scene_->render(model_, Theme::Light, o.overlays, o.snapshot);
    model_.set_cursor(span.to);
    const Image last = scene_->render(model_, Theme::Light, o.overlays, o.snapshot);
    EXPECT_EQ(sink.frames.front().rgba, first.rgba);
    EXPECT_EQ(sink.frames.back().rgba, last.rgba);
    EXPECT_NE(first.rgba, last.rgba);  // events appear along the way
}

TEST_F(SnapshotExport, FramesThatMoveOnlyTheTimeDrawTheBasemapOnceAndShowWhatAFreshRenderShows) {
    model_.map_view.width_px = 200;
    model_.map_view.height_px = 150;
    SceneOverlays o;
    o.title = "Almaty";
    o.scale_bar = o.north_arrow = true;
    SnapshotOptions so;
    SnapshotBasemapReuse reuse;
    // Frames with the basemap kept, each against one rendered from nothing.
    auto frames = [&](std::initializer_list<int> years, const char* what) {
        for (int year : years) {
            model_.set_cursor(make_time(year, 1, 1));
            const Image kept = scene_->render(model_, Theme::Light, o, so, &reuse);
            const Image fresh = scene_->render(model_, Theme::Light, o, so);
            EXPECT_TRUE(kept.rgba == fresh.rgba) << what << ", " << year;
        }
    };
    frames({2000, 2004, 2006, 2010, 2015, 2021}, "the time moving");
    // Labels placed once; drawn twice (the second takes the copy), then put back.
    EXPECT_EQ(reuse.placed, 1u);
    EXPECT_EQ(reuse.drawn, 2u);
    EXPECT_EQ(reuse.reused, 4u);
    model_.set_cursor(make_time(2000, 1, 1));
    const Image before = scene_->render(model_, Theme::Light, o, so, &reuse);
    model_.set_cursor(make_time(2021, 1, 1));
    EXPECT_NE(scene_->render(model_, Theme::Light, o, so, &reuse).rgba, before.rgba) << "the events did not change";

    // What makes it draw anew: the view, a layer's look edited in place, the overlays' boxes.
    model_.map_view.pan_pixels(30, 0);
    frames({2001, 2002, 2003}, "panned");
    EXPECT_EQ(reuse.placed, 2u);
    map_->options(0).opacity = 0.5f;
    frames({2004, 2005}, "a translucent layer");
    EXPECT_EQ(reuse.placed, 3u);
    o.title = "Almaty, a longer title over the map";
    frames({2006, 2007}, "another title");
    EXPECT_EQ(reuse.placed, 4u);
    // In tiles, the labels are kept but every tile is drawn.
    so.max_tile = 64;
    const uint64_t reused = reuse.reused;
    frames({2008, 2009, 2010}, "in tiles");
    EXPECT_EQ(reuse.reused, reused);
}

TEST_F(SnapshotExport, PngFramesAreNumberedFromOne) {
    const fs::path dir = fs::temp_directory_path() / ("atlas_frames_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    model_.map_view.width_px = 64;
    model_.map_view.height_px = 48;
    AnimationOptions o;
    o.fps = 3;
    PngFrameWriter png(dir);
    EXPECT_EQ(render_timeline(*scene_, model_, {make_time(2000, 1, 1), make_time(2020, 1, 1), 1.0}, o, {&png}), 3u);
    EXPECT_EQ(PngFrameWriter::file_name(0), "frame_00001.png");
    EXPECT_TRUE(fs::exists(dir / "frame_00001.png"));
    EXPECT_TRUE(fs::exists(dir / "frame_00003.png"));
    EXPECT_FALSE(fs::exists(dir / "frame_00004.png"));
    fs::remove_all(dir);
}

TEST_F(SnapshotExport, StoryPlaysEverySlideWithTransitions) {
    const Story story = two_slide_story(model_.map_view.camera());
    model_.map_view.width_px = 160;
    model_.map_view.height_px = 120;
    AnimationOptions o;
    o.fps = 10;
    Collect sink;
    const size_t n = render_story(*scene_, model_, story, o, {&sink}, 0.5);
    // Two holds of 5 frames and a transition of 0.4..1.5 s between them.
    EXPECT_GE(n, 10u + 4u);
    EXPECT_LE(n, 10u + 15u);
    EXPECT_EQ(sink.frames.size(), n);
    // The last frame is the second slide exactly.
    const Slide& b = story.slides.back();
    apply_slide(model_, b);
    SceneOverlays ov = o.overlays;
    ov.title = b.title;
    EXPECT_EQ(sink.frames.back().rgba, scene_->render(model_, Theme{}, ov, o.snapshot).rgba);
}

TEST_F(SnapshotExport, StoryDrawnAsThePresentationDrawsIt) {
    AnimationOptions plain;
    const Story story = small_story(plain);
    AnimationOptions slides = plain;
    if (!with_slide_fonts(slides)) GTEST_SKIP() << "no TrueType font installed";
    Collect scene_frames;
    const size_t n = render_story(*scene_, model_, story, plain, {&scene_frames}, 0.5);

    model_.set_cursor(make_time(2030, 1, 1));
    const TimeWindow window_before = model_.window();
    Collect slide_frames;
    EXPECT_EQ(render_story(*scene_, model_, story, slides, {&slide_frames}, 0.5), n);  // same timing
    ASSERT_EQ(slide_frames.frames.size(), n);
    EXPECT_EQ(slide_frames.frames.front().width, 192);
    EXPECT_NE(slide_frames.frames.front().rgba, scene_frames.frames.front().rgba);  // the slide's own look
    EXPECT_NE(slide_frames.frames.front().rgba, slide_frames.frames.back().rgba);
    EXPECT_EQ(model_.window().cursor, window_before.cursor);  // the explorer's state comes back
}

// Frames a sink is told repeat the one before, and checks that they do.
struct CollectRepeats : Collect {
    std::vector<size_t> again;
    void write_again(const Image& f, size_t index) override {
        again.push_back(index);
        EXPECT_FALSE(frames.empty());
        if (!frames.empty()) {
            EXPECT_EQ(f.rgba, frames.back().rgba) << "frame " << index;
        }
        write(f, index);
    }
};

std::string file_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(SnapshotExport, AStoryHeldStillIsDrawnOnceAndItsPngFramesAreCopiesOfTheFirst) {
    AnimationOptions o;
    const Story story = small_story(o);
    if (!with_slide_fonts(o)) GTEST_SKIP() << "no TrueType font installed";
    const fs::path dir = fs::temp_directory_path() / ("atlas_story_frames_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    CollectRepeats sink;
    PngFrameWriter png(dir);
    const size_t n = render_story(*scene_, model_, story, o, {&sink, &png}, 0.5);
    ASSERT_EQ(sink.frames.size(), n);
    // Of each hold of five frames, at most the first two are drawn (the second
    // taking the basemap's copy); the rest repeat them.
    EXPECT_GE(sink.again.size(), 6u);
    EXPECT_LT(sink.again.size(), n);
    for (size_t i : sink.again) {
        ASSERT_GT(i, 0u);
        // The copied file is the previous one, and what encoding the frame gives.
        const std::string copied = file_bytes(dir / PngFrameWriter::file_name(i));
        EXPECT_FALSE(copied.empty());
        EXPECT_EQ(copied, file_bytes(dir / PngFrameWriter::file_name(i - 1))) << i;
        const fs::path encoded = dir / "encoded.png";
        write_png(sink.frames[i], encoded);
        EXPECT_EQ(copied, file_bytes(encoded)) << i;
    }
    // The transition's frames move on.
    EXPECT_NE(file_bytes(dir / PngFrameWriter::file_name(5)), file_bytes(dir / PngFrameWriter::file_name(6)));
    fs::remove_all(dir);
}

TEST_F(SnapshotExport, Mp4WhenFfmpegIsInstalled) {
    if (!ffmpeg_available()) GTEST_SKIP() << "ffmpeg is not on PATH";
    const fs::path out = fs::temp_directory_path() / ("atlas_anim_" + std::to_string(::getpid()) + ".mp4");
    model_.map_view.width_px = 95;  // odd sizes: yuv420p needs padding to even
    model_.map_view.height_px = 63;
    AnimationOptions o;
    o.fps = 5;
    Mp4Writer mp4(out, 95, 63, 5);
    EXPECT_EQ(render_timeline(*scene_, model_, {make_time(2000, 1, 1), make_time(2020, 1, 1), 1.0}, o, {&mp4}), 5u);
    ASSERT_TRUE(fs::exists(out));
    std::ifstream f(out, std::ios::binary);
    std::string head(12, '\0');
    f.read(head.data(), 12);
    EXPECT_EQ(head.substr(4, 4), "ftyp");  // an ISO media file
    fs::remove(out);
}

TEST(Mp4Writer, MissingFfmpegIsAClearError) {
    const char* old = std::getenv("PATH");
    const std::string saved = old ? old : "";
    ::setenv("PATH", "/nonexistent-atlas-dir", 1);
    try {
        Mp4Writer w("x.mp4", 16, 16, 10);
        ::setenv("PATH", saved.c_str(), 1);
        FAIL() << "no error without ffmpeg";
    } catch (const Error& e) {
        ::setenv("PATH", saved.c_str(), 1);
        EXPECT_NE(std::string(e.what()).find("ffmpeg"), std::string::npos) << e.what();
    }
}

TEST(Mp4Writer, UnfinishedVideoIsRemovedAndWrongSizesRefused) {
    if (!ffmpeg_available()) GTEST_SKIP() << "ffmpeg is not on PATH";
    const fs::path out = fs::temp_directory_path() / ("atlas_unfinished_" + std::to_string(::getpid()) + ".mp4");
    Image frame;
    frame.width = frame.height = 16;
    frame.rgba.assign(16 * 16 * 4, 128);
    {
        Mp4Writer w(out, 16, 16, 5);
        w.write(frame, 0);
        Image wrong = frame;
        wrong.width = 8;
        EXPECT_THROW(w.write(wrong, 1), Error);
    }  // an error on the way: finish() never called
    EXPECT_FALSE(fs::exists(out));
}

TEST(Timeline, FrameCountAndCursor) {
    const TimelineSpan span{0, 100, 2.0};
    EXPECT_EQ(timeline_frame_count(span, 25), 50u);
    EXPECT_EQ(timeline_cursor(span, 0, 50), 0);
    EXPECT_EQ(timeline_cursor(span, 49, 50), 100);
    EXPECT_EQ(timeline_frame_count({0, 100, 0.01}, 25), 1u);
    EXPECT_EQ(timeline_cursor(span, 0, 1), 100);
}

}  // namespace
}  // namespace atlas
