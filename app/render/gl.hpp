#pragma once
// Thin RAII owners of OpenGL objects. Moving hands the handle over; assigning
// over a live object deletes the old handle first (no leaks on move-assign).
// Only files in render/ (and platform/) include glad.
#include <glad/gl.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace atlas::gl {

template <void (*Delete)(GLuint)>
class Handle {
public:
    Handle() = default;
    explicit Handle(GLuint id) noexcept : id_(id) {}
    Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, 0)) {}
    Handle& operator=(Handle&& o) noexcept {
        if (this != &o) {
            reset();
            id_ = std::exchange(o.id_, 0);
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { reset(); }
    void reset() noexcept {
        if (id_) Delete(id_);
        id_ = 0;
    }
    [[nodiscard]] GLuint id() const noexcept { return id_; }
    explicit operator bool() const noexcept { return id_ != 0; }

private:
    GLuint id_ = 0;
};

void delete_buffer(GLuint id);
void delete_vertex_array(GLuint id);
void delete_texture(GLuint id);
void delete_framebuffer(GLuint id);
void delete_renderbuffer(GLuint id);
void delete_program(GLuint id);

using Buffer = Handle<delete_buffer>;
using VertexArray = Handle<delete_vertex_array>;
using Texture = Handle<delete_texture>;
using Framebuffer = Handle<delete_framebuffer>;
using Renderbuffer = Handle<delete_renderbuffer>;

Buffer make_buffer();
VertexArray make_vertex_array();
Texture make_texture();

// A linked shader program. Throws atlas::Error with the compiler's log and
// `name` when a stage fails to compile or the program fails to link.
class Program {
public:
    Program() = default;
    Program(const char* name, const char* vertex_src, const char* fragment_src);
    [[nodiscard]] GLuint id() const noexcept { return prog_.id(); }
    void use() const { glUseProgram(prog_.id()); }
    [[nodiscard]] GLint uniform(const char* name) const { return glGetUniformLocation(prog_.id(), name); }

private:
    Handle<delete_program> prog_;
};

// An offscreen colour target (RGBA8, optionally multisampled) that can be
// resolved to a texture for ImGui::Image or read back to memory.
class RenderTarget {
public:
    // samples > 1: draw into a multisampled buffer, resolve() into the texture.
    void resize(int width, int height, int samples = 4);
    void bind() const;                     // binds for drawing and sets the viewport
    // Multisampled -> texture: each pixel the mean of its samples, by a shader
    // of our own rather than glBlitFramebuffer (which Mesa's software
    // rasteriser builds anew in every process, about 30 ms of each start-up).
    // Leaves the program, vertex array, texture unit 0, viewport and the
    // blend, depth, stencil, scissor and cull switches as it found them.
    void resolve() const;
    // Reads the resolved texture, top row first, RGBA8, tightly packed.
    void read_pixels(unsigned char* rgba) const;
    [[nodiscard]] GLuint texture() const noexcept { return color_tex_.id(); }
    [[nodiscard]] int width() const noexcept { return width_; }
    [[nodiscard]] int height() const noexcept { return height_; }
    [[nodiscard]] int samples() const noexcept { return samples_; }
    // A number no other target's buffers have had in this process: it changes
    // whenever resize() makes new buffers (0: none yet). What was drawn into
    // a target is still there while this stays the same.
    [[nodiscard]] uint64_t serial() const noexcept { return serial_; }

private:
    int width_ = 0, height_ = 0, samples_ = 0;
    uint64_t serial_ = 0;
    Framebuffer msaa_fbo_, resolve_fbo_;
    Renderbuffer msaa_stencil_, resolve_stencil_;
    Texture msaa_color_, color_tex_;
    // Made at the first resolve, in the context that draws.
    mutable Program resolve_program_;
    mutable VertexArray resolve_vao_;
};

// Samples per pixel of the bound draw framebuffer (1: not multisampled).
[[nodiscard]] int draw_framebuffer_samples();

// A copy of every colour sample of a drawing buffer, taken from the bound draw
// framebuffer and put back into one of the same size and sample count: a
// picture drawn once and shown again under changing content (the basemap
// under the events while the time cursor moves). A straight copy of the
// samples (Mesa copies memory for it), not a resolve.
class SampleCopy {
public:
    // From the bound draw framebuffer, of `width` x `height` pixels and
    // `samples` samples per pixel (1: not multisampled).
    void take(int width, int height, int samples);
    // Into the bound draw framebuffer; false, and nothing done, when no copy
    // was taken or its size or samples differ.
    bool put_back(int width, int height, int samples) const;

private:
    // Copies between the bound draw framebuffer and the copy's, either way.
    void copy(bool into_copy) const;
    int width_ = 0, height_ = 0, samples_ = 0;
    bool held_ = false;
    Framebuffer fbo_;
    Texture colour_;
};

// The window's back buffer (width x height, what the frame drew before the swap)
// as RGBA, top row first.
std::vector<unsigned char> read_window_pixels(int width, int height);

// Largest renderbuffer side this context supports.
int max_render_size();

}  // namespace atlas::gl
