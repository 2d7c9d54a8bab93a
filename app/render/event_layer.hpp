#pragma once
// Events on the map: instanced quads with the marker shape drawn as a signed
// distance in the fragment shader, the location's uncertainty as a translucent
// disc, clusters as count badges.
//
// The time filter runs on the GPU: each instance carries its begin/end as
// integer seconds from an epoch in the middle of the data (exact to the second
// over +-68 years), the cursor and the window's lower edge are uniforms.
// Scrubbing and playing change uniforms only. The non-time state (filter pass,
// selected, inside a cluster) lives in a one-byte-per-event buffer re-sent only
// when the filter, the selection or the clustering changes. Cluster badges
// (a few hundred at most on screen) are re-sent when their counts change.
#include <cstdint>
#include <vector>

#include "core/categories.hpp"
#include "model/app_model.hpp"
#include "render/gl.hpp"

namespace atlas {

struct EventLayerStyle {
    bool dark = false;              // dark basemap: light outlines and badges
    float marker_radius_px = static_cast<float>(AppModel::kMarkerRadiusPx);  // logical pixels
    double fade_seconds = 0;        // history seconds over which a new event fades in; 0: 1/60 of the timeline span
    bool show_uncertainty = true;
    bool show_clusters = true;
};

class EventLayer {
public:
    EventLayer();  // compiles the shaders; needs a current GL 3.3 context

    // Sends the per-event arrays (positions, times, colours, shapes) to the GPU.
    // Call after AppModel::set_dataset; draw() does it itself when the row count changed.
    void upload(const AppModel& model);

    // Draws into the bound framebuffer, whose viewport is model.map_view's size.
    void draw(AppModel& model, const EventLayerStyle& style);

    struct Stats {
        uint64_t static_uploads = 0;      // per-event geometry/time buffer
        uint64_t flag_uploads = 0;        // per-event filter/selection/cluster byte
        uint64_t cluster_uploads = 0;     // badge instances
        size_t instances = 0;
        size_t clusters_drawn = 0;
    };
    [[nodiscard]] const Stats& stats() const noexcept { return stats_; }
    [[nodiscard]] TimePoint epoch() const noexcept { return epoch_; }

    struct Instance;

private:
    void upload_flags(AppModel& model);
    void setup_instance_vao(GLuint vao, GLuint instances, GLuint flags);
    [[nodiscard]] Instance make_instance(const AppModel& model, uint32_t row) const;

    gl::Program marker_prog_, disc_prog_, cluster_prog_;
    gl::Buffer quad_, instances_, flags_, cluster_buf_, sel_instances_, sel_flags_, single_instances_, single_flags_;
    gl::VertexArray marker_vao_, sel_vao_, single_vao_, cluster_vao_;
    std::vector<uint32_t> singles_, uploaded_singles_;  // lone admitted members of clusters
    size_t count_ = 0, sel_count_ = 0;
    uint64_t uploaded_dataset_ = 0;  // AppModel::dataset_version() last uploaded
    TimePoint epoch_ = 0;
    double origin_x_ = 0, origin_y_ = 0;
    uint64_t seen_filter_ = 0, seen_selection_ = 0, seen_clusters_ = UINT64_MAX;
    std::vector<uint8_t> flag_bytes_;
    std::vector<float> cluster_data_;
    Stats stats_;
};

}  // namespace atlas
