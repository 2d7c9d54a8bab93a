#include "render/gl.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <vector>

#include "core/error.hpp"

namespace atlas::gl {

void delete_buffer(GLuint id) { glDeleteBuffers(1, &id); }
void delete_vertex_array(GLuint id) { glDeleteVertexArrays(1, &id); }
void delete_texture(GLuint id) { glDeleteTextures(1, &id); }
void delete_framebuffer(GLuint id) { glDeleteFramebuffers(1, &id); }
void delete_renderbuffer(GLuint id) { glDeleteRenderbuffers(1, &id); }
void delete_program(GLuint id) { glDeleteProgram(id); }

Buffer make_buffer() {
    GLuint id = 0;
    glGenBuffers(1, &id);
    return Buffer(id);
}
VertexArray make_vertex_array() {
    GLuint id = 0;
    glGenVertexArrays(1, &id);
    return VertexArray(id);
}
Texture make_texture() {
    GLuint id = 0;
    glGenTextures(1, &id);
    return Texture(id);
}

namespace {
GLuint compile(const char* name, GLenum stage, const char* src) {
    GLuint s = glCreateShader(stage);
    glShaderSource(s, 1, &src, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        GLint len = 0;
        glGetShaderiv(s, GL_INFO_LOG_LENGTH, &len);
        std::string log(static_cast<size_t>(std::max(len, 1)), '\0');
        glGetShaderInfoLog(s, len, nullptr, log.data());
        glDeleteShader(s);
        throw Error(std::string("shader '") + name + (stage == GL_VERTEX_SHADER ? "' vertex" : "' fragment") +
                    " stage failed to compile: " + log.c_str());
    }
    return s;
}
}  // namespace

Program::Program(const char* name, const char* vertex_src, const char* fragment_src) {
    GLuint vs = compile(name, GL_VERTEX_SHADER, vertex_src);
    GLuint fs = 0;
    try {
        fs = compile(name, GL_FRAGMENT_SHADER, fragment_src);
    } catch (...) {
        glDeleteShader(vs);
        throw;
    }
    GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        GLint len = 0;
        glGetProgramiv(p, GL_INFO_LOG_LENGTH, &len);
        std::string log(static_cast<size_t>(std::max(len, 1)), '\0');
        glGetProgramInfoLog(p, len, nullptr, log.data());
        glDeleteProgram(p);
        throw Error(std::string("shader '") + name + "' failed to link: " + log.c_str());
    }
    prog_ = Handle<delete_program>(p);
}

void RenderTarget::resize(int width, int height, int samples) {
    width = std::max(1, width);
    height = std::max(1, height);
    samples = std::max(1, samples);
    // No more samples than the driver offers for a multisampled texture and
    // its depth-stencil buffer (llvmpipe: 4): "--samples 16" gets the most there is.
    GLint max_samples = 0, max_texture_samples = 0;
    glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
    glGetIntegerv(GL_MAX_COLOR_TEXTURE_SAMPLES, &max_texture_samples);
    if (max_samples > 0) samples = std::min(samples, static_cast<int>(max_samples));
    if (max_texture_samples > 0) samples = std::min(samples, static_cast<int>(max_texture_samples));
    if (width == width_ && height == height_ && samples == samples_ && color_tex_) return;
    static std::atomic<uint64_t> next_serial{1};
    serial_ = next_serial++;
    width_ = width;
    height_ = height;
    samples_ = samples;
    auto make_rb = [] {
        GLuint id = 0;
        glGenRenderbuffers(1, &id);
        return Renderbuffer(id);
    };
    auto make_fb = [] {
        GLuint id = 0;
        glGenFramebuffers(1, &id);
        return Framebuffer(id);
    };
    // Stencil only (polygons with holes): the depth test is never used, and a
    // depth buffer would be three bytes a sample more (a quarter of a 4x
    // multisampled tile). A driver that cannot attach stencil alone gets the
    // usual depth and stencil pair.
    auto attach_stencil = [&](const Renderbuffer& rb, int samples_wanted) {
        glBindRenderbuffer(GL_RENDERBUFFER, rb.id());
        for (const GLenum format : {GL_STENCIL_INDEX8, GL_DEPTH24_STENCIL8}) {
            const GLenum point = format == GL_STENCIL_INDEX8 ? GL_STENCIL_ATTACHMENT : GL_DEPTH_STENCIL_ATTACHMENT;
            if (samples_wanted > 1)
                glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples_wanted, format, width, height);
            else
                glRenderbufferStorage(GL_RENDERBUFFER, format, width, height);
            glFramebufferRenderbuffer(GL_FRAMEBUFFER, point, GL_RENDERBUFFER, rb.id());
            if (glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE) return;
            glFramebufferRenderbuffer(GL_FRAMEBUFFER, point, GL_RENDERBUFFER, 0);
        }
    };

    color_tex_ = make_texture();
    glBindTexture(GL_TEXTURE_2D, color_tex_.id());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);

    resolve_fbo_ = make_fb();
    glBindFramebuffer(GL_FRAMEBUFFER, resolve_fbo_.id());
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_tex_.id(), 0);
    if (samples_ > 1) {
        resolve_stencil_.reset();
        msaa_fbo_ = make_fb();
        msaa_color_ = make_texture();
        msaa_stencil_ = make_rb();
        glBindFramebuffer(GL_FRAMEBUFFER, msaa_fbo_.id());
        // A multisampled texture (not a renderbuffer): resolve() reads its samples.
        GLint bound = 0;
        glGetIntegerv(GL_TEXTURE_BINDING_2D_MULTISAMPLE, &bound);
        glBindTexture(GL_TEXTURE_2D_MULTISAMPLE, msaa_color_.id());
        glTexImage2DMultisample(GL_TEXTURE_2D_MULTISAMPLE, samples_, GL_RGBA8, width, height, GL_TRUE);
        glBindTexture(GL_TEXTURE_2D_MULTISAMPLE, static_cast<GLuint>(bound));
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D_MULTISAMPLE, msaa_color_.id(), 0);
        attach_stencil(msaa_stencil_, samples_);
    } else {
        msaa_fbo_.reset();
        msaa_color_.reset();
        msaa_stencil_.reset();
        resolve_stencil_ = make_rb();
        attach_stencil(resolve_stencil_, 1);
    }
    const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (status != GL_FRAMEBUFFER_COMPLETE)
    {
        char hex[16];
        std::snprintf(hex, sizeof hex, "%04x", static_cast<unsigned>(status));
        throw Error("offscreen framebuffer of " + std::to_string(width) + "x" + std::to_string(height) +
                    " is incomplete (status 0x" + hex + ")");
    }
}

void RenderTarget::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, samples_ > 1 ? msaa_fbo_.id() : resolve_fbo_.id());
    glViewport(0, 0, width_, height_);
}

int draw_framebuffer_samples() {
    GLint samples = 0;
    glGetIntegerv(GL_SAMPLES, &samples);
    return std::max(1, static_cast<int>(samples));
}

void SampleCopy::take(int width, int height, int samples) {
    samples = std::max(samples, 1);
    if (width != width_ || height != height_ || samples != samples_ || !fbo_) {
        held_ = false;
        GLint draw_fb = 0;
        glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fb);
        GLuint id = 0;
        glGenFramebuffers(1, &id);
        fbo_ = Framebuffer(id);
        colour_ = make_texture();
        const GLenum kind = samples > 1 ? GL_TEXTURE_2D_MULTISAMPLE : GL_TEXTURE_2D;
        const GLenum binding = samples > 1 ? GL_TEXTURE_BINDING_2D_MULTISAMPLE : GL_TEXTURE_BINDING_2D;
        GLint bound = 0;
        glGetIntegerv(binding, &bound);
        glBindTexture(kind, colour_.id());
        // The format and sample layout of RenderTarget's buffers, as a straight copy needs.
        if (samples > 1)
            glTexImage2DMultisample(GL_TEXTURE_2D_MULTISAMPLE, samples, GL_RGBA8, width, height, GL_TRUE);
        else
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        glBindTexture(kind, static_cast<GLuint>(bound));
        glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, kind, colour_.id(), 0);
        const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
        glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(draw_fb));
        if (status != GL_FRAMEBUFFER_COMPLETE) {
            fbo_.reset();
            colour_.reset();
            width_ = height_ = samples_ = 0;
            return;  // no copy: every frame is drawn whole
        }
        width_ = width;
        height_ = height;
        samples_ = samples;
    }
    copy(true);
    held_ = true;
}

bool SampleCopy::put_back(int width, int height, int samples) const {
    if (!held_ || width != width_ || height != height_ || std::max(samples, 1) != samples_) return false;
    copy(false);
    return true;
}

void SampleCopy::copy(bool into_copy) const {
    GLint draw_fb = 0, read_fb = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fb);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_fb);
    const GLboolean scissor = glIsEnabled(GL_SCISSOR_TEST);
    glDisable(GL_SCISSOR_TEST);  // a copy is of the whole buffer
    const auto target = static_cast<GLuint>(draw_fb);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, into_copy ? target : fbo_.id());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, into_copy ? fbo_.id() : target);
    glBlitFramebuffer(0, 0, width_, height_, 0, 0, width_, height_, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(read_fb));
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target);
    if (scissor) glEnable(GL_SCISSOR_TEST);
}

namespace {
constexpr const char* kResolveVertex = R"(#version 330 core
void main() {
    // One triangle over the whole target.
    vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
)";
constexpr const char* kResolveFragment = R"(#version 330 core
uniform sampler2DMS samples_of;
uniform int sample_count;
out vec4 colour;
void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    vec4 sum = vec4(0.0);
    for (int i = 0; i < sample_count; ++i) sum += texelFetch(samples_of, p, i);
    colour = sum / float(sample_count);
}
)";
}  // namespace

void RenderTarget::resolve() const {
    if (samples_ <= 1) return;
    if (!resolve_program_.id()) {
        resolve_program_ = Program("resolve", kResolveVertex, kResolveFragment);
        resolve_vao_ = make_vertex_array();
    }
    GLint program = 0, vao = 0, active = 0, texture = 0, viewport[4] = {0, 0, 0, 0};
    glGetIntegerv(GL_CURRENT_PROGRAM, &program);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vao);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &active);
    glActiveTexture(GL_TEXTURE0);
    glGetIntegerv(GL_TEXTURE_BINDING_2D_MULTISAMPLE, &texture);
    glGetIntegerv(GL_VIEWPORT, viewport);
    const GLenum switches[] = {GL_BLEND, GL_DEPTH_TEST, GL_STENCIL_TEST, GL_SCISSOR_TEST, GL_CULL_FACE};
    GLboolean was_on[std::size(switches)];
    for (size_t i = 0; i < std::size(switches); ++i) {
        was_on[i] = glIsEnabled(switches[i]);
        glDisable(switches[i]);
    }

    glBindFramebuffer(GL_FRAMEBUFFER, resolve_fbo_.id());
    glViewport(0, 0, width_, height_);
    resolve_program_.use();
    glUniform1i(resolve_program_.uniform("samples_of"), 0);
    glUniform1i(resolve_program_.uniform("sample_count"), samples_);
    glBindTexture(GL_TEXTURE_2D_MULTISAMPLE, msaa_color_.id());
    glBindVertexArray(resolve_vao_.id());
    glDrawArrays(GL_TRIANGLES, 0, 3);

    glBindVertexArray(static_cast<GLuint>(vao));
    glBindTexture(GL_TEXTURE_2D_MULTISAMPLE, static_cast<GLuint>(texture));
    glActiveTexture(static_cast<GLenum>(active));
    glUseProgram(static_cast<GLuint>(program));
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    for (size_t i = 0; i < std::size(switches); ++i)
        if (was_on[i]) glEnable(switches[i]);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

namespace {
// Reads the bound read framebuffer's w x h RGBA pixels top row first (GL's rows run bottom-up).
void read_top_down(int w, int h, unsigned char* rgba) {
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    const size_t row = static_cast<size_t>(w) * 4;
    std::vector<unsigned char> tmp(row);
    for (int y = 0; y < h / 2; ++y) {
        unsigned char* a = rgba + static_cast<size_t>(y) * row;
        unsigned char* b = rgba + static_cast<size_t>(h - 1 - y) * row;
        std::memcpy(tmp.data(), a, row);
        std::memcpy(a, b, row);
        std::memcpy(b, tmp.data(), row);
    }
}
}  // namespace

void RenderTarget::read_pixels(unsigned char* rgba) const {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, resolve_fbo_.id());
    read_top_down(width_, height_, rgba);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
}

std::vector<unsigned char> read_window_pixels(int width, int height) {
    std::vector<unsigned char> rgba(static_cast<size_t>(std::max(0, width)) * static_cast<size_t>(std::max(0, height)) * 4);
    if (rgba.empty()) return rgba;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    glReadBuffer(GL_BACK);
    read_top_down(width, height, rgba.data());
    return rgba;
}

int max_render_size() {
    GLint rb = 0, tex = 0;
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &rb);
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &tex);
    return std::min(rb, tex);
}

}  // namespace atlas::gl
