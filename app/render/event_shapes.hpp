#pragma once
// Areas and routes of events (Location::shape): an area filled faintly in its
// category's colour with a solid outline, a route as a line over a light
// casing. Drawn under the markers, by EventLayer, in every place that shows
// events (map panel, snapshots, animations, slides).
//
// The geometry is prepared once per dataset (areas triangulated, every edge a
// quad widened to a constant pixel width in the vertex shader) in Web Mercator
// metres from the event layer's origin. Each frame draws the shapes the model
// shows now (filter and time window): there are few of them (each drawn by
// hand or imported one by one), so the choice is made on the CPU per shape.
// Events on one ground (every event an article places only in Shanyrak) draw
// it once, so their faint fills never stack into an opaque patch; a selected
// event's ground is drawn again, emphasised, on top.
#include <cstdint>
#include <vector>

#include "model/app_model.hpp"
#include "render/gl.hpp"

namespace atlas {

class EventShapes {
public:
    EventShapes();  // needs a current GL 3.3 context

    // Prepares the shapes of model.shape_rows() around `origin` (Mercator metres).
    void upload(const AppModel& model, double origin_x, double origin_y);

    // Draws the shapes visible now into the bound framebuffer (viewport = the view's size).
    void draw(const AppModel& model, const MapView& view, bool dark);

    [[nodiscard]] size_t shapes_drawn() const noexcept { return drawn_; }

private:
    struct Prepared {
        uint32_t row = 0;
        uint32_t ground = 0;   // index of the first shape with the same kind and vertices
        bool area = false;
        uint32_t fill_first = 0, fill_count = 0;   // vertices (GL_TRIANGLES)
        uint32_t line_first = 0, line_count = 0;
    };
    gl::Program prog_;
    gl::Buffer vertices_;
    gl::VertexArray vao_;
    std::vector<Prepared> shapes_;
    std::vector<uint8_t> ground_drawn_;  // per shape, this frame: its ground was drawn
    double origin_x_ = 0, origin_y_ = 0;
    size_t drawn_ = 0;
};

}  // namespace atlas
