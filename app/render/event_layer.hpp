#pragma once
// Events on the map: instanced quads with the marker shape drawn as a signed
// distance in the fragment shader, the location's uncertainty as a ring (with a
// faint fill only while the disc is small on screen, so wide discs never stack
// into grey; the selected event's disc filled whatever its size), clusters as
// count badges. A wide disc, being only a ring, is drawn as a band of quads
// around the ring (from its own instance buffer: the candidates wide enough at
// the current scale whose ring crosses the view or comes near it): a disc of a
// neighbourhood at street zoom would otherwise have the rasteriser shade a
// screenful of transparent pixels.
//
// The time filter runs on the GPU: each instance carries its begin/end as
// integer seconds from an epoch in the middle of the data (exact to the second
// over +-68 years), the cursor and the window's lower edge are uniforms.
// Scrubbing and playing change uniforms (and the instance count) only.
// The instance buffer holds the events that can show: those passing the filter
// and not inside a cluster (for big datasets, only those near the view, found
// through the spatial index), in time order, so the cumulative window draws a
// prefix of it. It is rebuilt when the filter, the selection or the clustering
// changes, or the view moves past the prepared area (half a screen each way),
// never while scrubbing. Cluster badges (a few hundred at most on screen) are
// re-sent when their counts change.
#include <cstdint>
#include <vector>

#include "core/categories.hpp"
#include "model/app_model.hpp"
#include "render/event_shapes.hpp"
#include "render/gl.hpp"

namespace atlas {

struct EventLayerStyle {
    bool dark = false;              // dark basemap: light outlines and badges
    float marker_radius_px = static_cast<float>(AppModel::kMarkerRadiusPx);  // logical pixels
    double fade_seconds = 0;        // history seconds over which a new event fades in; 0: the shorter of
                                    // a second of playback and 1/150 of the timeline's span
    bool show_uncertainty = true;
    bool show_clusters = true;
    // Wide discs (no fill, only a ring) drawn as a band around the ring rather
    // than as a square; false draws them the plain way, to check the two agree.
    bool rings_as_bands = true;
};

class EventLayer {
public:
    EventLayer();  // compiles the shaders; needs a current GL 3.3 context

    // Sends the per-event arrays (positions, times, colours, shapes) to the GPU.
    // Call after AppModel::set_dataset; draw() does it itself when the row count changed.
    void upload(const AppModel& model);

    // Draws the model's events as seen in `view` into the bound framebuffer,
    // whose viewport is the view's size. The model is only read.
    void draw(const AppModel& model, const MapView& view, const EventLayerStyle& style);

    struct Stats {
        uint64_t static_uploads = 0;      // new datasets
        uint64_t candidate_uploads = 0;   // rebuilds of the drawn-instance buffer (filter, selection,
                                          // clustering, or the view leaving the prepared area)
        uint64_t cluster_uploads = 0;     // badge instances
        size_t instances = 0;             // events in the dataset
        size_t instances_drawn = 0;       // instances the last frame sent through the GPU
        size_t rings_drawn = 0;           // of which wide discs drawn as rings
        size_t clusters_drawn = 0;
        size_t shapes_drawn = 0;          // areas and routes
    };
    // Datasets up to this size keep every filtered event ready; larger ones only
    // those near the view (from the spatial index).
    static constexpr size_t kAllCandidatesBelow = 50000;
    [[nodiscard]] const Stats& stats() const noexcept { return stats_; }
    [[nodiscard]] TimePoint epoch() const noexcept { return epoch_; }

    struct Instance;

private:
    void update_candidates(const AppModel& model, const MapView& view);
    void setup_instance_vao(GLuint vao, GLuint instances, GLuint flags, GLuint band);
    // Fills a quad VAO's buffers: each event and its flag byte once per corner.
    void upload_quads(GLuint instances, GLuint flags, const std::vector<Instance>& data,
                      const std::vector<uint8_t>& flag_bytes);
    // Grows the shared index buffer to hold at least `quads` quads.
    void reserve_quads(size_t quads);
    // The candidates whose uncertainty disc is only a ring at this scale and
    // crosses the view or comes near it, for the ring pass.
    void update_rings(const AppModel& model, const MapView& view);
    [[nodiscard]] Instance make_instance(const AppModel& model, uint32_t row) const;

    gl::Program marker_prog_, disc_prog_, cluster_prog_;
    gl::Buffer instances_, flags_, cluster_buf_, sel_instances_, sel_flags_, single_instances_, single_flags_;
    gl::Buffer ring_band_, ring_instances_, ring_flags_;
    gl::Buffer quad_indices_;              // two triangles per quad, for quad_capacity_ quads
    size_t quad_capacity_ = 0;
    gl::VertexArray marker_vao_, sel_vao_, single_vao_, cluster_vao_, ring_vao_;
    EventShapes shapes_;                   // areas and routes, under the markers
    std::vector<uint32_t> singles_, uploaded_singles_;  // lone admitted members of clusters
    size_t count_ = 0, sel_count_ = 0;
    uint64_t uploaded_dataset_ = 0;  // AppModel::dataset_version() last uploaded
    TimePoint epoch_ = 0;
    double origin_x_ = 0, origin_y_ = 0;
    uint64_t seen_filter_ = 0, seen_selection_ = 0, seen_clusters_ = UINT64_MAX;
    std::vector<uint8_t> flag_bytes_;
    // Wide discs (drawn as rings): candidates, in candidate order, whose radius
    // may reach 160 device pixels at the scale they were picked for and whose
    // ring crosses the area prepared (the view then, and half a screen each way).
    std::vector<uint32_t> ring_cands_;     // indices into the candidates
    std::vector<TimePoint> ring_begins_;
    uint64_t ring_for_upload_ = UINT64_MAX;
    double ring_for_mpp_ = 0, ring_for_scale_ = 0;
    double ring_min_x_ = 0, ring_min_y_ = 0, ring_max_x_ = 0, ring_max_y_ = 0;  // area prepared (Mercator)
    std::vector<uint32_t> cand_rows_;      // rows behind the instance buffer, ascending (time order)
    std::vector<TimePoint> cand_begins_;   // their begin times
    double cand_min_x_ = 0, cand_min_y_ = 0, cand_max_x_ = 0, cand_max_y_ = 0;  // area prepared (Mercator)
    bool cand_valid_ = false;
    bool cand_tight_ = false;              // prepared for exactly the view (no room to pan)
    double last_view_[5] = {};             // the previous frame's view: centre, zoom, size
    double max_radius_ = 0;                // largest uncertainty disc (Mercator metres, capped)
    std::vector<float> cluster_data_;
    std::vector<float> cluster_corners_;   // cluster_data_ once per corner, as uploaded
    std::vector<uint32_t> cluster_rows_;  // clusters near the view, this frame
    Stats stats_;
};

}  // namespace atlas
