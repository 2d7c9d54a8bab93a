#pragma once
// One OpenGL context without a window for the GL tests (render and ui), or the
// reason this machine offers none, in which case the tests skip naming it.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/error.hpp"
#include "platform/headless.hpp"
#include "render/fonts.hpp"
#include "render/map_renderer.hpp"

namespace atlas::test {

// A context for the calling thread; null, with `why` set, when there is none.
inline std::unique_ptr<platform::HeadlessContext> try_gl_context(std::string& why) {
    try {
        return std::make_unique<platform::HeadlessContext>();
    } catch (const Error& e) {
        why = e.what();
        return nullptr;
    }
}

// A basemap renderer with no layers yet whose labels use the UI fonts (needs a context).
inline std::unique_ptr<MapRenderer> labelled_map_renderer() {
    MapRendererOptions mo;
    mo.font_regular = find_ui_font(false);
    mo.font_bold = find_ui_font(true);
    return std::make_unique<MapRenderer>(mo);
}

// A suite whose tests share one context, made before its first test and
// dropped after its last.
class GlSuite : public ::testing::Test {
protected:
    static void SetUpTestSuite() { context_ = try_gl_context(skip_reason_); }
    static void TearDownTestSuite() { context_.reset(); }
    void SetUp() override {
        if (!context_) GTEST_SKIP() << "no OpenGL context: " << skip_reason_;
    }
    static inline std::unique_ptr<platform::HeadlessContext> context_;
    static inline std::string skip_reason_;
};

}  // namespace atlas::test

// In a test body: a context for this test, or a skip naming why there is none.
#define ATLAS_GL_CONTEXT_OR_SKIP(name)                                          \
    std::string name##_why;                                                     \
    const auto name = ::atlas::test::try_gl_context(name##_why);                \
    if (!name) GTEST_SKIP() << "no OpenGL context: " << name##_why
