// libFuzzer target for the time parser: any bytes either fail to parse or give
// a well-formed interval whose canonical text reads back to the same interval.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string error;
    const std::optional<atlas::TimeInterval> t = atlas::parse_time(text, &error);
    if (!t) {
        if (error.empty()) {
            std::fprintf(stderr, "rejected without a reason\n");
            std::abort();
        }
        return 0;
    }
    if (!(t->begin < t->end) || t->fuzz_begin < 0 || t->fuzz_end < 0) {
        std::fprintf(stderr, "malformed interval\n");
        std::abort();
    }
    const std::string canonical = atlas::format_time(*t);
    (void)atlas::describe_time(*t);
    std::string again_error;
    const std::optional<atlas::TimeInterval> again = atlas::parse_time(canonical, &again_error);
    atlas::TimeInterval expected = *t;
    expected.note.clear();
    if (!again || !(*again == expected)) {
        std::fprintf(stderr, "round trip failed: '%s' -> '%s' (%s)\n", std::string(text).c_str(), canonical.c_str(),
                     again_error.c_str());
        std::abort();
    }
    return 0;
}
