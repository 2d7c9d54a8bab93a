#include "render/labels.hpp"

#include <stb/stb_rect_pack.h>
#include <stb/stb_truetype.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <numbers>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/binary_cache.hpp"

namespace atlas {

// [SECTION] Text

char32_t to_upper(char32_t c) noexcept {
    if (c >= U'a' && c <= U'z') return c - 0x20;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
    if (c >= 0x430 && c <= 0x44F) return c - 0x20;  // а..я
    if (c >= 0x450 && c <= 0x45F) return c - 0x50;  // ѐ..џ (і, ј, ...)
    // Cyrillic supplement pairs (Kazakh ә ғ қ ң ө ұ ү һ): upper case is the even code point.
    if (((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x52F)) && (c & 1)) return c - 1;
    if (c >= 0x4C1 && c <= 0x4CE && !(c & 1)) return c - 1;
    if (c == 0x4CF) return 0x4C0;
    if (c >= 0x100 && c <= 0x17F && (c & 1) && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return c;  // odd ones are upper there
        return c - 1;
    }
    return c;
}

// [SECTION] Font
// Our own glyph atlas, baked with stb_truetype's packer: each face at a few
// sizes, one alpha texture with mipmaps, a white corner for solid shapes.

namespace {
// Latin, Latin-1, Latin Extended-A, Cyrillic and Cyrillic Supplement (Kazakh),
// punctuation (dashes, quotes), № and arrows for the north arrow.
struct CodeRange {
    char32_t first;
    int count;
};
constexpr CodeRange kMapRanges[] = {{0x0020, 0x00E0}, {0x0100, 0x0080}, {0x0400, 0x0130}, {0x2010, 0x0018},
                                    {0x2030, 0x000B}, {0x2116, 0x0001}, {0x2190, 0x0004}};

// Index of a code point in the ranges laid end to end; -1 when outside them.
int range_index(char32_t c) noexcept {
    int base = 0;
    for (const CodeRange& r : kMapRanges) {
        if (c >= r.first && c < r.first + static_cast<char32_t>(r.count)) return base + static_cast<int>(c - r.first);
        base += r.count;
    }
    return -1;
}

constexpr int kGlyphCount = [] {
    int n = 0;
    for (const CodeRange& r : kMapRanges) n += r.count;
    return n;
}();

constexpr int kWhiteRows = 4;  // rows above the packed glyphs; a 2x2 white block sits in them

std::vector<unsigned char> read_font_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
    if (size <= 0 || size > (std::streamoff{64} << 20)) return {};  // no font is this large
    std::vector<unsigned char> bytes(static_cast<size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) bytes.clear();
    return bytes;
}
}  // namespace

struct LabelFont::Baked {
    struct Face {
        std::vector<unsigned char> ttf;
        stbtt_fontinfo info{};
        float ascent = 0, descent = 0;  // per pixel of size
    };
    Face faces[2];                                      // regular, bold
    std::vector<stbtt_packedchar> chars[2][kFaces];     // [bold][size], kGlyphCount each
    bool present[2][kGlyphCount] = {};                  // the face has the glyph
    int width = 0, height = 0;                          // texture pixels
};

namespace {

constexpr int kAtlasWidth = 4096;
constexpr CacheMagic kFontCacheMagic = {'A', 'T', 'L', 'F', 'O', 'N', 'T', '1'};

// The atlas's mip chain, level 0 first, each level half the one before (two
// by two averages, rounded), down to 1x1: the pixels and each level's size.
struct MipChain {
    std::vector<unsigned char> pixels;           // all levels, one after another
    std::vector<std::array<int, 2>> sizes;       // width, height per level
    [[nodiscard]] size_t level_offset(size_t level) const {
        size_t at = 0;
        for (size_t i = 0; i < level; ++i) at += static_cast<size_t>(sizes[i][0]) * static_cast<size_t>(sizes[i][1]);
        return at;
    }
};

std::vector<std::array<int, 2>> mip_sizes(int w, int h) {
    std::vector<std::array<int, 2>> sizes{{w, h}};
    while (w > 1 || h > 1) {
        w = std::max(1, w / 2);
        h = std::max(1, h / 2);
        sizes.push_back({w, h});
    }
    return sizes;
}

// The smaller levels are averaged here, two by two: glGenerateMipmap on a
// software rasteriser compiles a blit shader and takes several times longer.
MipChain mip_chain(std::vector<unsigned char> level0, int width, int height) {
    MipChain m;
    m.sizes = mip_sizes(width, height);
    size_t total = 0;
    for (const auto& [w, h] : m.sizes) total += static_cast<size_t>(w) * static_cast<size_t>(h);
    m.pixels = std::move(level0);
    m.pixels.resize(total);
    size_t from = 0;
    for (size_t level = 1; level < m.sizes.size(); ++level) {
        const int w = m.sizes[level - 1][0], h = m.sizes[level - 1][1];
        const int nw = m.sizes[level][0], nh = m.sizes[level][1];
        const size_t to = from + static_cast<size_t>(w) * static_cast<size_t>(h);
        const unsigned char* src = m.pixels.data() + from;
        unsigned char* dst = m.pixels.data() + to;
        for (int y = 0; y < nh; ++y) {
            const unsigned char* r0 = src + static_cast<size_t>(std::min(2 * y, h - 1)) * static_cast<size_t>(w);
            const unsigned char* r1 = src + static_cast<size_t>(std::min(2 * y + 1, h - 1)) * static_cast<size_t>(w);
            unsigned char* out = dst + static_cast<size_t>(y) * static_cast<size_t>(nw);
            for (int x = 0; x < nw; ++x) {
                const int x0 = std::min(2 * x, w - 1), x1 = std::min(2 * x + 1, w - 1);
                out[x] = static_cast<unsigned char>((r0[x0] + r0[x1] + r1[x0] + r1[x1] + 2) / 4);
            }
        }
        from = to;
    }
    return m;
}

}  // namespace

// The packing of every face and size, and the texture's pixels: what a cache
// file holds (the faces' metrics are read from the fonts each time, cheaply).
bool LabelFont::pack(std::vector<unsigned char>& pixels) {
    Baked& bk = *baked_;
    // A taller texture until everything fits.
    for (int rows = 1024; rows <= 8192; rows *= 2) {
        pixels.assign(static_cast<size_t>(kAtlasWidth) * static_cast<size_t>(rows + kWhiteRows), 0);
        stbtt_pack_context pc;
        if (!stbtt_PackBegin(&pc, pixels.data() + static_cast<size_t>(kAtlasWidth) * kWhiteRows, kAtlasWidth, rows,
                             kAtlasWidth, 2, nullptr))
            return false;
        bool packed = true;
        for (int b = 0; b < 2 && packed; ++b)
            for (int k = 0; k < kFaces && packed; ++k) {
                // Small type gets twice the horizontal samples: sharper at fractional positions.
                stbtt_PackSetOversampling(&pc, kFacePx[k] < 32 ? 2 : 1, 1);
                bk.chars[b][k].assign(kGlyphCount, stbtt_packedchar{});
                std::vector<stbtt_pack_range> ranges;
                int base = 0;
                for (const CodeRange& r : kMapRanges) {
                    stbtt_pack_range pr{};
                    pr.font_size = kFacePx[k];
                    pr.first_unicode_codepoint_in_range = static_cast<int>(r.first);
                    pr.num_chars = r.count;
                    pr.chardata_for_range = bk.chars[b][k].data() + base;
                    ranges.push_back(pr);
                    base += r.count;
                }
                packed = stbtt_PackFontRanges(&pc, bk.faces[b].ttf.data(), 0, ranges.data(),
                                              static_cast<int>(ranges.size())) != 0;
            }
        stbtt_PackEnd(&pc);
        if (packed) {
            bk.width = kAtlasWidth;
            bk.height = rows + kWhiteRows;
            for (int y = 1; y <= 2; ++y)
                for (int x = 1; x <= 2; ++x) pixels[static_cast<size_t>(y) * kAtlasWidth + static_cast<size_t>(x)] = 255;
            return true;
        }
    }
    return false;
}

LabelFont::LabelFont(const std::string& regular_ttf, const std::string& bold_ttf, const std::filesystem::path& cache_dir)
    : baked_(std::make_unique<Baked>()) {
    std::error_code ec;
    if (regular_ttf.empty() || !std::filesystem::exists(regular_ttf, ec))
        throw Error(regular_ttf, 0, "map label font not found (install fonts-dejavu-core)");
    const std::string bold = (!bold_ttf.empty() && std::filesystem::exists(bold_ttf, ec)) ? bold_ttf : regular_ttf;
    Baked& bk = *baked_;
    ContentHash key;  // the fonts' bytes and everything the packing depends on
    key.str(ATLAS_VERSION);
    key.pod(kAtlasWidth);
    key.pod(kWhiteRows);
    key.bytes(kFacePx, sizeof kFacePx);
    key.bytes(kMapRanges, sizeof kMapRanges);
    for (int b = 0; b < 2; ++b) {
        const std::string& path = b ? bold : regular_ttf;
        Baked::Face& f = bk.faces[b];
        f.ttf = read_font_file(path);
        key.vec(f.ttf);
        const int offset = f.ttf.empty() ? -1 : stbtt_GetFontOffsetForIndex(f.ttf.data(), 0);
        if (offset < 0 || !stbtt_InitFont(&f.info, f.ttf.data(), offset))
            throw Error(path, 0, "cannot read the TrueType font");
        int ascent = 0, descent = 0, gap = 0;
        stbtt_GetFontVMetrics(&f.info, &ascent, &descent, &gap);
        const float unit = stbtt_ScaleForPixelHeight(&f.info, 1.0f);
        f.ascent = static_cast<float>(ascent) * unit;
        f.descent = static_cast<float>(descent) * unit;
        for (const CodeRange& r : kMapRanges)
            for (int i = 0; i < r.count; ++i) {
                const char32_t c = r.first + static_cast<char32_t>(i);
                bk.present[b][range_index(c)] = stbtt_FindGlyphIndex(&f.info, static_cast<int>(c)) != 0;
            }
    }

    // The packed atlas from the cache when a file for these fonts reads back
    // whole, else packed here (and written there for the next start).
    std::filesystem::path cache_file;
    MappedFile mapped;
    const unsigned char* cached_pixels = nullptr;
    std::vector<std::array<int, 2>> sizes;
    if (!cache_dir.empty()) {
        char name[32];
        std::snprintf(name, sizeof name, "%016llx.font", static_cast<unsigned long long>(key.h));
        cache_file = cache_dir / name;
        mapped = MappedFile(cache_file);
        if (!mapped.empty()) {
            CacheReader r(mapped);
            int32_t height = 0;
            bool ok = r.magic(kFontCacheMagic) && r.pod(height) && height > kWhiteRows && height <= 8192 + kWhiteRows;
            for (int b = 0; b < 2 && ok; ++b)
                for (int k = 0; k < kFaces && ok; ++k)
                    ok = r.vec(bk.chars[b][k], kGlyphCount) && bk.chars[b][k].size() == static_cast<size_t>(kGlyphCount);
            uint64_t n = 0;
            if (ok) {
                sizes = mip_sizes(kAtlasWidth, height);
                size_t total = 0;
                for (const auto& [w, h] : sizes) total += static_cast<size_t>(w) * static_cast<size_t>(h);
                ok = r.array<unsigned char>(cached_pixels, n, total) && n == total && r.magic(kFontCacheMagic) && r.at_end();
            }
            if (ok) {
                bk.width = kAtlasWidth;
                bk.height = height;
            } else {
                cached_pixels = nullptr;
            }
        }
    }
    MipChain built;
    if (!cached_pixels) {
        std::vector<unsigned char> pixels;
        if (!pack(pixels)) throw Error(regular_ttf, 0, "cannot build the label font atlas");
        built = mip_chain(std::move(pixels), bk.width, bk.height);
        sizes = built.sizes;
        if (!cache_file.empty()) {
            // A cache that cannot be written (a read-only home, a full disk) costs only time.
            CacheWriter w;
            w.magic(kFontCacheMagic);
            w.pod(static_cast<int32_t>(bk.height));
            for (int b = 0; b < 2; ++b)
                for (int k = 0; k < kFaces; ++k) w.vec(bk.chars[b][k]);
            w.vec(built.pixels);
            w.magic(kFontCacheMagic);
            std::filesystem::create_directories(cache_dir, ec);
            try {
                write_atomically(cache_file, w.out);
            } catch (const Error&) {
            }
        }
    }
    white_u_ = 2.0f / static_cast<float>(bk.width);
    white_v_ = 2.0f / static_cast<float>(bk.height);

    texture_ = gl::make_texture();
    glBindTexture(GL_TEXTURE_2D, texture_.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    const unsigned char* level_pixels = cached_pixels ? cached_pixels : built.pixels.data();
    for (size_t level = 0; level < sizes.size(); ++level) {
        const auto [w, h] = sizes[level];
        glTexImage2D(GL_TEXTURE_2D, static_cast<GLint>(level), GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, level_pixels);
        level_pixels += static_cast<size_t>(w) * static_cast<size_t>(h);
    }
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);
    for (auto& face : bk.faces) face.ttf = {};  // the texture holds the glyphs; metrics were read
}

LabelFont::~LabelFont() = default;

bool LabelFont::has_glyph(char32_t c) const {
    const int i = range_index(c);
    return i >= 0 && baked_->present[0][i];
}

LabelFont::Glyph LabelFont::glyph(char32_t c, float px, bool bold) const {
    const Baked& bk = *baked_;
    const int b = bold ? 1 : 0;
    int k = 0;
    while (k + 1 < kFaces && kFacePx[k] < px * 0.97f) ++k;  // the nearest baked size at or above
    int i = range_index(c);
    if (i < 0 || !bk.present[b][i]) i = range_index(U'?');
    if (i < 0) return {0, 0, 0, 0, 0, 0, 0, 0, px * 0.5f, false};
    const stbtt_packedchar& g = bk.chars[b][k][static_cast<size_t>(i)];
    const float s = px / kFacePx[k];
    const float W = static_cast<float>(bk.width), H = static_cast<float>(bk.height);
    const float v_off = static_cast<float>(kWhiteRows);
    return {g.xoff * s, g.yoff * s, g.xoff2 * s, g.yoff2 * s,
            static_cast<float>(g.x0) / W, (static_cast<float>(g.y0) + v_off) / H,
            static_cast<float>(g.x1) / W, (static_cast<float>(g.y1) + v_off) / H,
            g.xadvance * s, g.x1 > g.x0 && g.y1 > g.y0};
}

float LabelFont::advance(std::u32string_view text, float px, bool bold, float spacing_em) const {
    float x = 0;
    for (char32_t c : text) x += glyph(c, px, bold).advance + spacing_em * px;
    return x;
}

float LabelFont::ascent(float px) const { return baked_->faces[0].ascent * px; }
float LabelFont::descent(float px) const { return baked_->faces[0].descent * px; }

// [SECTION] Batches

namespace {
uint32_t pack_rgba(Rgba c) {
    auto q = [](float v) { return static_cast<uint32_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
    return q(c.r) | (q(c.g) << 8) | (q(c.b) << 16) | (q(c.a) << 24);
}

const char* kTextVertex = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_colour;
uniform vec2 u_size;    // target pixels
uniform vec2 u_offset;  // target's top-left in the batch's frame
out vec2 v_uv;
out vec4 v_colour;
void main() {
    // Snapped to 1/256 pixel in the batch's frame: tiles shifted by whole pixels rasterise alike.
    vec2 p = floor(a_pos * 256.0 + 0.5) * (1.0 / 256.0) - u_offset;
    gl_Position = vec4(p.x / u_size.x * 2.0 - 1.0, 1.0 - p.y / u_size.y * 2.0, 0.0, 1.0);
    v_uv = a_uv;
    v_colour = a_colour;
}
)";
const char* kTextFragment = R"(#version 330 core
in vec2 v_uv;
in vec4 v_colour;
uniform sampler2D u_tex;
out vec4 frag;
void main() {
    float a = texture(u_tex, v_uv).r * v_colour.a;
    if (a <= 0.0) discard;
    frag = vec4(v_colour.rgb, a);
}
)";

}  // namespace

const gl::Program& LabelFont::text_program() const {
    if (!program_) program_ = std::make_unique<gl::Program>("text", kTextVertex, kTextFragment);
    return *program_;
}

std::vector<TextBatch::Vertex>& TextBatch::editable() {
    if (held_by_gpu_) {
        vertices_.resize(uploaded_);
        glBindBuffer(GL_ARRAY_BUFFER, vbo_.id());
        glGetBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(uploaded_ * sizeof(Vertex)), vertices_.data());
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        held_by_gpu_ = false;
    }
    return vertices_;
}

void TextBatch::add_triangle(const LabelFont& font, float x0, float y0, float x1, float y1, float x2, float y2, Rgba c) {
    const uint32_t col = pack_rgba(c);
    const float u = font.white_u(), v = font.white_v();
    auto& out = editable();
    out.insert(out.end(), {{x0, y0, u, v, col}, {x1, y1, u, v, col}, {x2, y2, u, v, col}});
    dirty_ = true;
}

void TextBatch::add_rect(const LabelFont& font, float x0, float y0, float x1, float y1, Rgba c) {
    add_triangle(font, x0, y0, x1, y0, x1, y1, c);
    add_triangle(font, x0, y0, x1, y1, x0, y1, c);
}

void TextBatch::add_glyph(const LabelFont::Glyph& g, float x, float y, float angle, Rgba c) {
    if (!g.visible) return;
    const uint32_t col = pack_rgba(c);
    const float cs = std::cos(angle), sn = std::sin(angle);
    auto at = [&](float gx, float gy, float u, float v) {
        return Vertex{x + gx * cs - gy * sn, y + gx * sn + gy * cs, u, v, col};
    };
    const Vertex a = at(g.x0, g.y0, g.u0, g.v0), b = at(g.x1, g.y0, g.u1, g.v0);
    const Vertex d = at(g.x1, g.y1, g.u1, g.v1), e = at(g.x0, g.y1, g.u0, g.v1);
    auto& out = editable();
    out.insert(out.end(), {a, b, d, a, d, e});
    dirty_ = true;
}

float TextBatch::add_text(const LabelFont& font, std::u32string_view text, float x, float y, float px, bool bold,
                          Rgba c, float spacing_em) {
    float pen = 0;
    for (char32_t ch : text) {
        const auto g = font.glyph(ch, px, bold);
        add_glyph(g, x + pen, y, 0, c);
        pen += g.advance + spacing_em * px;
    }
    return pen;
}

void TextBatch::draw(const LabelFont& font, double width, double height, double offset_x, double offset_y) {
    drawn_ = 0;
    if (empty()) return;
    if (!vao_) {
        vao_ = gl::make_vertex_array();
        vbo_ = gl::make_buffer();
        glBindVertexArray(vao_.id());
        glBindBuffer(GL_ARRAY_BUFFER, vbo_.id());
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex), reinterpret_cast<const void*>(offsetof(Vertex, x)));
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex), reinterpret_cast<const void*>(offsetof(Vertex, u)));
        glEnableVertexAttribArray(2);
        glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Vertex),
                              reinterpret_cast<const void*>(offsetof(Vertex, rgba)));
    }
    glBindVertexArray(vao_.id());
    glBindBuffer(GL_ARRAY_BUFFER, vbo_.id());
    if (dirty_) {
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices_.size() * sizeof(Vertex)), vertices_.data(),
                     GL_DYNAMIC_DRAW);
        uploaded_ = vertices_.size();
        dirty_ = false;
        blocks_.clear();
        for (size_t first = 0; first < uploaded_; first += kBlockVertices) {
            Block b{vertices_[first].x, vertices_[first].y, vertices_[first].x, vertices_[first].y};
            for (size_t i = first; i < std::min(first + kBlockVertices, uploaded_); ++i) {
                b.x0 = std::min(b.x0, vertices_[i].x);
                b.y0 = std::min(b.y0, vertices_[i].y);
                b.x1 = std::max(b.x1, vertices_[i].x);
                b.y1 = std::max(b.y1, vertices_[i].y);
            }
            blocks_.push_back(b);
        }
        std::vector<Vertex>().swap(vertices_);
        held_by_gpu_ = true;
    }
    const gl::Program& p = font.text_program();
    p.use();
    glUniform2f(p.uniform("u_size"), static_cast<float>(width), static_cast<float>(height));
    glUniform2f(p.uniform("u_offset"), static_cast<float>(offset_x), static_cast<float>(offset_y));
    glUniform1i(p.uniform("u_tex"), 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, font.texture());
    glDisable(GL_STENCIL_TEST);
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    // The blocks that reach the target (with a pixel to spare for the vertex
    // shader's snapping), in their order, runs of neighbours merged: a tile
    // of a large image skips the labels elsewhere and draws the same pixels.
    const double x0 = offset_x - 1, y0 = offset_y - 1, x1 = offset_x + width + 1, y1 = offset_y + height + 1;
    firsts_.clear();
    counts_.clear();
    for (size_t k = 0; k < blocks_.size(); ++k) {
        const Block& b = blocks_[k];
        if (b.x1 < x0 || b.x0 > x1 || b.y1 < y0 || b.y0 > y1) continue;
        const auto first = static_cast<GLint>(k * kBlockVertices);
        const auto count = static_cast<GLsizei>(std::min(kBlockVertices, uploaded_ - k * kBlockVertices));
        if (!counts_.empty() && firsts_.back() + counts_.back() == first) {
            counts_.back() += count;
            continue;
        }
        firsts_.push_back(first);
        counts_.push_back(count);
    }
    drawn_ = 0;
    for (GLsizei c : counts_) drawn_ += static_cast<size_t>(c);
    if (counts_.size() == 1)
        glDrawArrays(GL_TRIANGLES, firsts_[0], counts_[0]);
    else if (!counts_.empty())
        glMultiDrawArrays(GL_TRIANGLES, firsts_.data(), counts_.data(), static_cast<GLsizei>(counts_.size()));
    glBindVertexArray(0);
}

std::vector<std::pair<float, float>> halo_offsets(float r) {
    std::vector<std::pair<float, float>> out;
    if (!(r > 0)) return out;
    auto ring = [&](float radius, int n) {
        for (int k = 0; k < n; ++k) {
            const float a = 2 * std::numbers::pi_v<float> * static_cast<float>(k) / static_cast<float>(n);
            out.emplace_back(radius * std::cos(a), radius * std::sin(a));
        }
    };
    const int n = std::clamp(static_cast<int>(std::ceil(2 * std::numbers::pi_v<float> * r / 2.0f)), 8, 32);
    ring(r, n);
    if (r > 3) ring(r * 0.5f, std::max(8, n / 2));
    return out;
}

// [SECTION] Placement

namespace {
struct Box {
    float x0, y0, x1, y1;
};

// Placed boxes in a uniform grid of screen cells.
class CollisionGrid {
public:
    CollisionGrid(double w, double h, float cell) : cell_(cell) {
        cols_ = std::max(1, static_cast<int>(std::ceil(w / cell)));
        rows_ = std::max(1, static_cast<int>(std::ceil(h / cell)));
        cells_.resize(static_cast<size_t>(cols_) * static_cast<size_t>(rows_));
    }
    bool hits(const Box& b) const {
        bool hit = false;
        visit(b, [&](const std::vector<uint32_t>& list) {
            for (uint32_t i : list) {
                const Box& o = boxes_[i];
                if (b.x0 < o.x1 && b.x1 > o.x0 && b.y0 < o.y1 && b.y1 > o.y0) {
                    hit = true;
                    return;
                }
            }
        });
        return hit;
    }
    void add(const Box& b) {
        const auto id = static_cast<uint32_t>(boxes_.size());
        boxes_.push_back(b);
        visit(b, [&](const std::vector<uint32_t>& list) { const_cast<std::vector<uint32_t>&>(list).push_back(id); });
    }

private:
    template <typename F>
    void visit(const Box& b, F&& f) const {
        const int c0 = std::clamp(static_cast<int>(std::floor(b.x0 / cell_)), 0, cols_ - 1);
        const int c1 = std::clamp(static_cast<int>(std::floor(b.x1 / cell_)), 0, cols_ - 1);
        const int r0 = std::clamp(static_cast<int>(std::floor(b.y0 / cell_)), 0, rows_ - 1);
        const int r1 = std::clamp(static_cast<int>(std::floor(b.y1 / cell_)), 0, rows_ - 1);
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c) f(cells_[static_cast<size_t>(r) * static_cast<size_t>(cols_) + static_cast<size_t>(c)]);
    }
    float cell_;
    int cols_ = 1, rows_ = 1;
    std::vector<std::vector<uint32_t>> cells_;
    std::vector<Box> boxes_;
};

struct GlyphPlacement {
    LabelFont::Glyph g;
    float x, y, angle;
};

// Emits one label: halo copies (eight directions), then the text.
void emit(PlacedLabels& out, const std::vector<GlyphPlacement>& glyphs, Rgba colour, const LabelPlacementOptions& o) {
    if (o.halo.a > 0 && o.halo_px > 0)
        for (auto [dx, dy] : halo_offsets(o.halo_px))
            for (const auto& gp : glyphs) out.batch.add_glyph(gp.g, gp.x + dx, gp.y + dy, gp.angle, o.halo);
    for (const auto& gp : glyphs) out.batch.add_glyph(gp.g, gp.x, gp.y, gp.angle, colour);
}

Box glyph_box(const GlyphPlacement& gp, float pad) {
    const float cs = std::cos(gp.angle), sn = std::sin(gp.angle);
    Box b{1e30f, 1e30f, -1e30f, -1e30f};
    // The glyph's advance cell (not only its ink) so that words keep their spaces.
    const float top = gp.g.y0 < 0 ? gp.g.y0 : 0;
    for (auto [gx, gy] : {std::pair{0.0f, top}, {gp.g.advance, top}, {gp.g.advance, gp.g.y1}, {0.0f, gp.g.y1}}) {
        const float x = gp.x + gx * cs - gy * sn, y = gp.y + gx * sn + gy * cs;
        b.x0 = std::min(b.x0, x);
        b.y0 = std::min(b.y0, y);
        b.x1 = std::max(b.x1, x);
        b.y1 = std::max(b.y1, y);
    }
    return {b.x0 - pad, b.y0 - pad, b.x1 + pad, b.y1 + pad};
}

bool inside(const Box& b, double w, double h) { return b.x0 >= 0 && b.y0 >= 0 && b.x1 <= w && b.y1 <= h; }
}  // namespace

void place_labels(const LabelFont& font, std::vector<LabelRequest>& requests, const LabelPlacementOptions& o,
                  PlacedLabels& out) {
    std::stable_sort(requests.begin(), requests.end(),
                     [](const LabelRequest& a, const LabelRequest& b) { return a.priority > b.priority; });
    CollisionGrid grid(o.width, o.height, 48.0f * o.pixel_ratio);
    for (const auto& b : o.keep_clear) grid.add({b[0], b[1], b[2], b[3]});
    std::map<std::u32string, std::vector<std::pair<float, float>>> seen;  // text -> centres placed
    const float pad = o.halo_px + 1.0f * o.pixel_ratio;
    std::vector<GlyphPlacement> glyphs;
    std::vector<Box> boxes;

    // Texts compare in upper case: a district's "ALATAU DISTRICT" and a place's
    // "Alatau District" are one name.
    auto key = [](const std::u32string& t) {
        std::u32string k = t;
        for (char32_t& c : k) c = to_upper(c);
        return k;
    };
    auto too_close = [&](const LabelRequest& r, float cx, float cy) {
        const float radius = r.shape == LabelShape::Line ? r.repeat_px : std::max(r.repeat_px, 600.0f * o.pixel_ratio);
        if (radius <= 0) return false;
        auto it = seen.find(key(r.text));
        if (it == seen.end()) return false;
        for (auto [x, y] : it->second)
            if (std::hypot(x - cx, y - cy) < radius) return true;
        return false;
    };
    auto fits = [&]() {
        for (const Box& b : boxes)
            if (!inside(b, o.width, o.height) || grid.hits(b)) return false;
        return true;
    };
    auto commit = [&](const LabelRequest& r, float cx, float cy) {
        Box all{1e30f, 1e30f, -1e30f, -1e30f};
        for (const Box& b : boxes) {
            grid.add(b);
            out.collision_boxes.push_back({b.x0, b.y0, b.x1, b.y1});
            out.collision_owner.push_back(static_cast<uint32_t>(out.placed));
            all = {std::min(all.x0, b.x0), std::min(all.y0, b.y0), std::max(all.x1, b.x1), std::max(all.y1, b.y1)};
        }
        emit(out, glyphs, r.colour, o);
        seen[key(r.text)].emplace_back(cx, cy);
        out.texts.push_back(r.text);
        out.boxes.push_back({all.x0, all.y0, all.x1, all.y1});
        ++out.placed;
    };

    for (LabelRequest& r : requests) {
        if (out.placed >= o.max_labels) break;
        if (r.text.empty() || r.path.size() < 2) continue;
        ++out.considered;
        if (r.upper)
            for (char32_t& c : r.text) c = to_upper(c);
        const float spacing = r.upper ? 0.12f : 0.0f;
        const float px = r.size_px;
        const float width = font.advance(r.text, px, r.bold, spacing);
        // Vertical centre of the text relative to its baseline (between cap height and baseline).
        const float mid = (font.ascent(px) + font.descent(px)) * 0.5f;

        auto lay_straight = [&](float x, float baseline) {
            glyphs.clear();
            float pen = 0;
            for (char32_t c : r.text) {
                const auto g = font.glyph(c, px, r.bold);
                glyphs.push_back({g, x + pen, baseline, 0});
                pen += g.advance + spacing * px;
            }
            boxes.clear();
            Box b{x - pad, baseline - font.ascent(px) - pad, x + width + pad, baseline - font.descent(px) + pad};
            boxes.push_back(b);
        };

        if (r.shape == LabelShape::Point || r.shape == LabelShape::Area) {
            const float ax = r.path[0], ay = r.path[1];
            if (r.shape == LabelShape::Area) {
                if (r.min_extent_px > 0 && r.symbol_px < width * r.min_extent_px) continue;
                if (too_close(r, ax, ay)) continue;
                // Wider than the area: two lines, broken at the space nearest the middle.
                std::vector<std::u32string> lines{r.text};
                if (width > r.symbol_px * 0.9f) {
                    size_t best = std::u32string::npos;
                    for (size_t i = 0; i < r.text.size(); ++i)
                        if (r.text[i] == U' ' && (best == std::u32string::npos ||
                                                  std::abs(static_cast<long>(i) - static_cast<long>(r.text.size() / 2)) <
                                                      std::abs(static_cast<long>(best) - static_cast<long>(r.text.size() / 2))))
                            best = i;
                    if (best != std::u32string::npos) lines = {r.text.substr(0, best), r.text.substr(best + 1)};
                }
                const float lh = px * 1.15f;
                auto lay_block = [&](float cy) {
                    glyphs.clear();
                    boxes.clear();
                    const float top = cy - lh * static_cast<float>(lines.size()) / 2;
                    for (size_t li = 0; li < lines.size(); ++li) {
                        const float w = font.advance(lines[li], px, r.bold, spacing);
                        const float x = ax - w / 2;
                        const float base = top + lh * static_cast<float>(li) + lh / 2 + mid;
                        float pen = 0;
                        for (char32_t c : lines[li]) {
                            const auto g = font.glyph(c, px, r.bold);
                            glyphs.push_back({g, x + pen, base, 0});
                            pen += g.advance + spacing * px;
                        }
                        boxes.push_back({x - pad, base - font.ascent(px) - pad, x + w + pad, base - font.descent(px) + pad});
                    }
                };
                // At the label point, else a line above or below it; a wide area
                // (a district under a cluster of events) also tries further
                // within its middle, nearest first, before giving up its name.
                const float reach = r.symbol_px * 0.3f;
                std::vector<std::pair<float, float>> spots{{0.0f, 0.0f}, {0.0f, -lh}, {0.0f, lh}};
                for (float step : {2.0f, 3.0f})
                    if (step * lh <= reach) {
                        spots.emplace_back(0.0f, -step * lh);
                        spots.emplace_back(0.0f, step * lh);
                    }
                for (float dx : {-0.2f * r.symbol_px, 0.2f * r.symbol_px})
                    if (std::abs(dx) >= lh)
                        for (float dy : {0.0f, -lh, lh}) spots.emplace_back(dx, dy);
                for (auto [dx, dy] : spots) {
                    lay_block(ay + dy);
                    for (auto& g : glyphs) g.x += dx;
                    for (auto& b : boxes) {
                        b.x0 += dx;
                        b.x1 += dx;
                    }
                    if (fits()) {
                        commit(r, ax, ay);
                        break;
                    }
                }
                continue;
            }
            if (r.symbol_px <= 0) {  // a place name without a symbol: centred on its point,
                if (too_close(r, ax, ay)) continue;
                // else just above, below, right or left of it (an event marker may stand there).
                const float off = px * 1.6f;
                const float at[5][2] = {{-width / 2, mid},       {-width / 2, mid - off}, {-width / 2, mid + off},
                                        {off * 0.7f, mid},       {-width - off * 0.7f, mid}};
                for (const auto& d : at) {
                    lay_straight(ax + d[0], ay + d[1]);
                    if (fits()) {
                        commit(r, ax, ay);
                        break;
                    }
                }
                continue;
            }
            const float gap = r.symbol_px + 3.0f * o.pixel_ratio;
            const Box symbol{ax - r.symbol_px, ay - r.symbol_px, ax + r.symbol_px, ay + r.symbol_px};
            // Right, left, above, below the symbol.
            const std::pair<float, float> spots[] = {{ax + gap, ay + mid},
                                                     {ax - gap - width, ay + mid},
                                                     {ax - width / 2, ay - gap + font.descent(px)},
                                                     {ax - width / 2, ay + gap + font.ascent(px)}};
            for (auto [x, base] : spots) {
                lay_straight(x, base);
                if (r.symbol_px > 0) boxes.push_back(symbol);
                if (fits()) {
                    commit(r, ax, ay);
                    break;
                }
            }
            continue;
        }

        // Along a line: cumulative lengths in pixels.
        const size_t n = r.path.size() / 2;
        std::vector<float> cum(n, 0.0f);
        for (size_t i = 1; i < n; ++i)
            cum[i] = cum[i - 1] + std::hypot(r.path[2 * i] - r.path[2 * i - 2], r.path[2 * i + 1] - r.path[2 * i - 1]);
        const float total = cum[n - 1];
        if (total < width + 8 * o.pixel_ratio) continue;
        auto point_at = [&](float s, float& x, float& y, float& angle) {
            s = std::clamp(s, 0.0f, total);
            size_t i = static_cast<size_t>(std::upper_bound(cum.begin(), cum.end(), s) - cum.begin());
            i = std::clamp<size_t>(i, 1, n - 1);
            const float seg = cum[i] - cum[i - 1];
            const float t = seg > 0 ? (s - cum[i - 1]) / seg : 0;
            const float x0 = r.path[2 * i - 2], y0 = r.path[2 * i - 1], x1 = r.path[2 * i], y1 = r.path[2 * i + 1];
            x = x0 + t * (x1 - x0);
            y = y0 + t * (y1 - y0);
            angle = std::atan2(y1 - y0, x1 - x0);
        };
        // Candidate centres: the middle first, then outwards every `step`.
        const float step = std::max(width * 2.5f, 200.0f * o.pixel_ratio);
        std::vector<float> centres = {total / 2};
        for (float d = step; total / 2 - d >= width / 2 || total / 2 + d <= total - width / 2; d += step) {
            if (total / 2 + d <= total - width / 2) centres.push_back(total / 2 + d);
            if (total / 2 - d >= width / 2) centres.push_back(total / 2 - d);
            if (centres.size() > 24) break;
        }
        for (float c : centres) {
            float cx, cy, ca;
            point_at(c, cx, cy, ca);
            if (cx < 0 || cy < 0 || cx > o.width || cy > o.height) continue;
            if (too_close(r, cx, cy)) continue;
            const float s0 = c - width / 2, s1 = c + width / 2;
            float sx0, sy0, sx1, sy1, a0, a1;
            point_at(s0, sx0, sy0, a0);
            point_at(s1, sx1, sy1, a1);
            // Read left to right: walk the line backwards when it runs leftwards.
            const bool reverse = sx1 < sx0;
            glyphs.clear();
            boxes.clear();
            float pen = 0;
            float prev_angle = 0;
            bool ok = true, first = true;
            float turning = 0;
            for (char32_t ch : r.text) {
                const auto g = font.glyph(ch, px, r.bold);
                const float at_mid = reverse ? s1 - (pen + g.advance / 2) : s0 + pen + g.advance / 2;
                float gx, gy, angle;
                point_at(at_mid, gx, gy, angle);
                if (reverse) angle += std::numbers::pi_v<float>;
                if (!first) {
                    float d = angle - prev_angle;
                    while (d > std::numbers::pi_v<float>) d -= 2 * std::numbers::pi_v<float>;
                    while (d < -std::numbers::pi_v<float>) d += 2 * std::numbers::pi_v<float>;
                    turning += std::fabs(d);
                    if (std::fabs(d) > 0.5f || turning > 1.0f) {
                        ok = false;
                        break;
                    }
                }
                first = false;
                prev_angle = angle;
                // Pen: half an advance back along the glyph's direction, centred on the line.
                const float cs = std::cos(angle), sn = std::sin(angle);
                const float bx = gx - cs * g.advance / 2 - sn * mid;
                const float by = gy - sn * g.advance / 2 + cs * mid;
                GlyphPlacement gp{g, bx, by, angle};
                glyphs.push_back(gp);
                boxes.push_back(glyph_box(gp, pad));
                pen += g.advance + spacing * px;
            }
            if (!ok || !fits()) continue;
            commit(r, cx, cy);
            // A line may carry its name more than once, far apart (repeat_px).
        }
    }
}

}  // namespace atlas
