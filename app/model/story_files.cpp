#include "model/story_files.hpp"

#include "core/file_io.hpp"
#include "store/dataset_json.hpp"

namespace atlas {

std::vector<Story> read_story_file(const std::filesystem::path& path) {
    return stories_from_json_text(read_input_file(path, kMaxStoryFileBytes), path.string());
}

void write_story_file(const std::filesystem::path& path, const std::vector<Story>& stories) {
    write_atomically(path, stories_to_json_text(stories));
}

}  // namespace atlas
