// libFuzzer: arbitrary bytes as a story file (the story import). A fault must
// come back as atlas::Error, never a crash; a story that reads must write and
// read back to the same slides.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/error.hpp"
#include "store/dataset_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<atlas::Story> stories;
    try {
        stories = atlas::stories_from_json_text(text, "fuzz.json");
    } catch (const atlas::Error&) {
        return 0;
    }
    std::vector<atlas::Story> back;
    try {
        back = atlas::stories_from_json_text(atlas::stories_to_json_text(stories), "again.json");
    } catch (const atlas::Error&) {
        std::abort();  // what the program wrote, it must read
    }
    if (!(back == stories)) std::abort();
    return 0;
}
