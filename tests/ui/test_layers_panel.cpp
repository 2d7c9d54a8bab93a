#include <gtest/gtest.h>
#include <imgui.h>

#include <memory>

#include "render/gl_fixture.hpp"
#include "render/map_renderer.hpp"
#include "ui/layers_panel.hpp"

namespace atlas {
namespace {

Layer two_roads() {
    Layer l;
    l.name = "roads";
    l.kind = GeometryKind::Line;
    l.fields = {{"fclass", 'C', 20, 0}, {"name", 'C', 40, 0}};
    for (double lat : {43.25, 43.26}) {
        l.lonlat.insert(l.lonlat.end(), {76.90, lat, 76.95, lat});
        l.bounds.extend(76.90, lat);
        l.bounds.extend(76.95, lat);
        l.part_vertices.push_back(static_cast<uint32_t>(l.lonlat.size() / 2));
        l.feature_parts.push_back(static_cast<uint32_t>(l.part_vertices.size() - 1));
        l.attributes.insert(l.attributes.end(), {"primary", "улица Гоголя"});
    }
    return l;
}

// Runs the panel for a few frames with no input: it lays out every layer and
// reports no change; the renderer's options stay as they were.
TEST(LayersPanel, DrawsEveryLayerWithoutInputChangingNothing) {
    ATLAS_GL_CONTEXT_OR_SKIP(context);
    MapRenderer map;
    map.add_layer(two_roads());
    LayerOptions o;
    o.title = "second";
    map.add_layer(two_roads(), o);
    ImGuiContext* imgui = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    MapView view;
    Theme style = Theme::Dark;
    const uint64_t revision = map.revision();
    for (int frame = 0; frame < 3; ++frame) {
        io.DeltaTime = 1.0f / 60;
        ImGui::NewFrame();
        ImGui::SetNextWindowSize(ImVec2(400, 500));
        ImGui::Begin("Layers");
        if (frame == 1) ImGui::SetNextItemOpen(true, ImGuiCond_Always);
        const auto r = ui::draw_layers_panel(map, style, view);
        EXPECT_FALSE(r.changed);
        ImGui::End();
        ImGui::Render();
    }
    EXPECT_EQ(style, Theme::Dark);
    EXPECT_EQ(map.revision(), revision);
    EXPECT_TRUE(map.options(0).visible);
    EXPECT_EQ(map.options(1).title, "second");
    ImGui::DestroyContext(imgui);
}

TEST(LayersPanel, MoveLayerSwapsDrawingOrder) {
    ATLAS_GL_CONTEXT_OR_SKIP(context);
    MapRenderer map;
    const size_t a = map.add_layer(two_roads());
    const size_t b = map.add_layer(two_roads());
    EXPECT_EQ(map.draw_order(), (std::vector<size_t>{a, b}));
    map.move_layer(a, +1);
    EXPECT_EQ(map.draw_order(), (std::vector<size_t>{b, a}));
    map.move_layer(a, +1);  // already on top: no change
    EXPECT_EQ(map.draw_order(), (std::vector<size_t>{b, a}));
    map.move_layer(a, -1);
    EXPECT_EQ(map.draw_order(), (std::vector<size_t>{a, b}));
    MapView v;
    v.width_px = 400;
    v.height_px = 300;
    map.fit_layer(v, a);
    const auto s = v.to_screen(LatLon{43.255, 76.925});
    EXPECT_NEAR(s.x, 200, 1);
    EXPECT_NEAR(s.y, 150, 1);
}

}  // namespace
}  // namespace atlas
