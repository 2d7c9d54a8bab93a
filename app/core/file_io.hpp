#pragma once
// Writing a whole file so that a failure damages nothing. The one place the
// program replaces files: exports, PNGs, settings, story files, projects built
// from the shipped dataset.
#include <filesystem>
#include <string_view>

namespace atlas {

// Writes `bytes` as the whole content of `path`. Throws atlas::Error
// ("path: cannot write: reason") and leaves what was at the path untouched.
//  - "-" is standard output: every write and the final flush are checked.
//  - A symbolic link is followed to the file it names (the link stays a link);
//    a loop of links is reported as such.
//  - A FIFO or a character device (/dev/null, a terminal) is written directly:
//    it is never replaced by a regular file.
//  - A regular file is written to a temporary file beside it, flushed to disk
//    and renamed over it, so a reader sees the old or the new content, never
//    half. The new file keeps the old one's mode, and its owner and group
//    where the user may set them.
//  - A file the user may not write (no write permission, or read-only for
//    everyone even to root) is refused, as is a folder.
void write_atomically(const std::filesystem::path& path, std::string_view bytes);

// Writes `bytes` to standard output and flushes it; throws atlas::Error
// ("standard output: cannot write: reason") when any of it fails.
void write_stdout(std::string_view bytes);

// Flushes standard output and reports whether everything written to it so far
// reached it; `why` receives the reason when not.
bool stdout_ok(std::string* why);

}  // namespace atlas
