#pragma once
// Stories as files a user passes around: the story interchange JSON
// (store/dataset_json.hpp) read from and written to a path.
#include <filesystem>
#include <vector>

#include "core/event.hpp"

namespace atlas {

// A story file larger than this is refused before it is read.
inline constexpr size_t kMaxStoryFileBytes = size_t{16} << 20;

// The stories of a file. Throws atlas::Error naming the file and, for a fault
// in it, the line and field; a folder, an unreadable file or one over the
// limit is refused.
[[nodiscard]] std::vector<Story> read_story_file(const std::filesystem::path& path);

// Writes the stories atomically (a reader never sees half a file; what was at
// the path stays when writing fails). Throws atlas::Error naming the file.
void write_story_file(const std::filesystem::path& path, const std::vector<Story>& stories);

}  // namespace atlas
