#pragma once
// Writing a whole file so that a failure damages nothing. The one place the
// program replaces files: exports, PNGs, settings, story files, projects built
// from the shipped dataset.
#include <filesystem>
#include <string_view>
#include <sys/types.h>

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

// write_atomically for content made a piece at a time (a PNG encoded band by
// band): the same checks when opened, the same rules, nothing at the path
// changes until commit(). Destroyed without commit(), it leaves the path as it
// was (a special file or standard output has by then received what was written).
class AtomicFile {
public:
    // Throws atlas::Error as write_atomically does for a path it would refuse.
    explicit AtomicFile(const std::filesystem::path& path);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    void write(std::string_view bytes);  // throws atlas::Error naming the path
    void commit();                       // flushes, sets the mode, renames over the path

private:
    enum class Kind { Stdout, Special, Regular };
    [[noreturn]] void abandon(int err, const std::string& doing);
    std::filesystem::path given_, real_, tmp_;
    Kind kind_ = Kind::Regular;
    int fd_ = -1;
    bool had_old_ = false, done_ = false;
    mode_t old_mode_ = 0;
    uid_t old_uid_ = 0;
    gid_t old_gid_ = 0;
};

// A regular file's bytes, mapped read-only into memory (no copy, no zeroing:
// the pages come from the system's file cache). Empty when the file cannot be
// opened or mapped, or is empty; the caller then reads it another way or not
// at all. The bytes stay valid while the object lives.
class MappedFile {
public:
    // Whole: every page is mapped at once (the file is used all over).
    // Sequential: pages come in as they are first read, and release_before()
    // hands back what has been read, so a file read front to back (an import)
    // never occupies more than a few megabytes of memory however large it is.
    // OnDemand: pages come in as they are first read, in any order (a file of
    // which only some parts may ever be used).
    enum class Use { Whole, Sequential, OnDemand };
    MappedFile() = default;
    explicit MappedFile(const std::filesystem::path& path, Use use = Use::Whole);
    MappedFile(MappedFile&& o) noexcept;
    MappedFile& operator=(MappedFile&& o) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();
    [[nodiscard]] const unsigned char* data() const noexcept { return data_; }
    [[nodiscard]] size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] std::string_view text() const noexcept {
        return {reinterpret_cast<const char*>(data_), size_};
    }
    // Lets the system drop the pages wholly before `offset` from this process's
    // memory; reading them again brings them back from the file.
    void release_before(size_t offset) const noexcept;
    // release_before(size()): the mapping keeps no pages in this process's
    // memory until read again. The system may map a large block of the file on
    // one read (a 2 MB folio of its cache): a file read here and there still
    // costs memory only until this is called.
    void release() const noexcept { release_before(size_); }

private:
    const unsigned char* data_ = nullptr;
    size_t size_ = 0;
};

// Puts a finished file `from` in place as `to`, which must not exist: flushes
// it to disk, gives it the new name without ever replacing a file that appeared
// at `to` meanwhile, and flushes the folder. Throws atlas::Error naming `to`
// (leaving `from` as it is) when any step fails.
void publish_new_file(const std::filesystem::path& from, const std::filesystem::path& to);

// Writes `bytes` to standard output and flushes it; throws atlas::Error
// ("standard output: cannot write: reason") when any of it fails.
void write_stdout(std::string_view bytes);

// The whole of a file as bytes (an import's input, a source's text); throws
// atlas::Error naming it when it is a folder, cannot be read or is larger
// than `max_bytes`.
[[nodiscard]] std::string read_input_file(const std::filesystem::path& path, size_t max_bytes = size_t{512} << 20);

// Flushes standard output and reports whether everything written to it so far
// reached it; `why` receives the reason when not.
bool stdout_ok(std::string* why);

}  // namespace atlas
