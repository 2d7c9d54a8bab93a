#include "core/file_io.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "core/error.hpp"

namespace atlas {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxLinkHops = 40;  // as the kernel's own limit (ELOOP)

[[noreturn]] void fail(const fs::path& path, const std::string& why) {
    throw Error(Diagnostic{path.string(), 0, {}, "cannot write: " + why});
}

std::string errno_text(int err) { return std::strerror(err); }

// Writes all of `bytes` to `fd`, retrying short writes; false with errno set on failure.
bool write_all(int fd, std::string_view bytes) {
    const char* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0) {
            errno = EIO;
            return false;
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    return true;
}

// Follows symbolic links from `given` to the path that is really written.
// The result may not exist (a new file, or a link pointing at a file to create).
fs::path resolve_links(const fs::path& given) {
    fs::path p = given;
    for (int hop = 0;; ++hop) {
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0) {
            if (errno == ENOENT) return p;
            fail(given, errno_text(errno));
        }
        if (!S_ISLNK(st.st_mode)) return p;
        if (hop == kMaxLinkHops) fail(given, "the symbolic links form a loop (or a chain of more than 40)");
        std::error_code ec;
        const fs::path target = fs::read_symlink(p, ec);
        if (ec) fail(given, ec.message());
        p = target.is_absolute() ? target : p.parent_path() / target;
    }
}

mode_t current_umask() {
    const mode_t m = ::umask(0);
    ::umask(m);
    return m;
}

}  // namespace

void write_stdout(std::string_view bytes) {
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size()) {
        const int err = errno;
        std::clearerr(stdout);
        throw Error(Diagnostic{"standard output", 0, {}, "cannot write: " + errno_text(err)});
    }
    std::string why;
    if (!stdout_ok(&why)) throw Error(Diagnostic{"standard output", 0, {}, "cannot write: " + why});
}

bool stdout_ok(std::string* why) {
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    const int err = errno;
    if (flushed && !std::ferror(stdout)) return true;
    if (why) *why = err != 0 ? errno_text(err) : "an earlier write failed";
    std::clearerr(stdout);
    return false;
}

AtomicFile::AtomicFile(const fs::path& path) : given_(path) {
    if (path == "-") {
        kind_ = Kind::Stdout;
        return;
    }
    if (path.empty()) fail(path, "no file name given");
    real_ = resolve_links(path);
    struct stat st {};
    if (::stat(real_.c_str(), &st) != 0) {
        if (errno != ENOENT) fail(path, errno_text(errno));
    } else {
        if (S_ISDIR(st.st_mode)) fail(path, "it is a folder");
        if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || S_ISSOCK(st.st_mode)) {
            // Written directly: a FIFO or a device is never replaced by a regular file.
            kind_ = Kind::Special;
            fd_ = ::open(real_.c_str(), O_WRONLY | O_CLOEXEC);
            if (fd_ < 0) fail(path, errno_text(errno));
            return;
        }
        if (!S_ISREG(st.st_mode)) fail(path, "it is not a regular file");
        // Refused when the user may not write it, and when nobody may (a file made
        // read-only on purpose, which root could otherwise replace).
        if (::access(real_.c_str(), W_OK) != 0) fail(path, errno_text(errno));
        if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0) fail(path, "the file is read-only");
        had_old_ = true;
        old_mode_ = st.st_mode & 07777;
        old_uid_ = st.st_uid;
        old_gid_ = st.st_gid;
    }
    const fs::path dir = real_.has_parent_path() ? real_.parent_path() : fs::path(".");
    std::string templ = (dir / ("." + real_.filename().string() + ".XXXXXX")).string();
    fd_ = ::mkstemp(templ.data());
    if (fd_ < 0) fail(path, "cannot create a temporary file in " + dir.string() + ": " + errno_text(errno));
    tmp_ = templ;
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!done_ && !tmp_.empty()) ::unlink(tmp_.c_str());
}

void AtomicFile::abandon(int err, const std::string& doing) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!tmp_.empty()) ::unlink(tmp_.c_str());
    done_ = true;
    fail(given_, doing + errno_text(err));
}

void AtomicFile::write(std::string_view bytes) {
    if (done_) fail(given_, "the file was already finished");
    if (kind_ == Kind::Stdout) {
        write_stdout(bytes);
        return;
    }
    if (!write_all(fd_, bytes)) abandon(errno, "");
}

void AtomicFile::commit() {
    if (done_) fail(given_, "the file was already finished");
    if (kind_ == Kind::Stdout) {
        done_ = true;
        std::string why;
        if (!stdout_ok(&why)) throw Error(Diagnostic{"standard output", 0, {}, "cannot write: " + why});
        return;
    }
    if (kind_ == Kind::Special) {
        const int fd = fd_;
        fd_ = -1;
        done_ = true;
        if (::close(fd) != 0) fail(given_, errno_text(errno));
        return;
    }
    // The new file takes the old one's mode and owner; a new file gets the
    // usual mode (0666 less the umask) rather than mkstemp's 0600.
    const mode_t mode = had_old_ ? old_mode_ : (0666 & ~current_umask());
    if (::fchmod(fd_, mode) != 0) abandon(errno, "cannot set the mode: ");
    if (had_old_ && (old_uid_ != ::geteuid() || old_gid_ != ::getegid())) {
        // Only root may give a file away; a user may still set a group they are in.
        if (::fchown(fd_, old_uid_, old_gid_) != 0) (void)::fchown(fd_, static_cast<uid_t>(-1), old_gid_);
        if (::fchmod(fd_, mode) != 0) abandon(errno, "cannot set the mode: ");  // chown clears set-id bits
    }
    if (::fsync(fd_) != 0) abandon(errno, "");
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) abandon(errno, "");
    if (::rename(tmp_.c_str(), real_.c_str()) != 0) abandon(errno, "");
    done_ = true;
    // Make the rename itself durable; a folder that cannot be synced is no failure of the write.
    const fs::path dir = real_.has_parent_path() ? real_.parent_path() : fs::path(".");
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)::fsync(dfd);
        ::close(dfd);
    }
}

void write_atomically(const fs::path& path, std::string_view bytes) {
    AtomicFile file(path);
    file.write(bytes);
    file.commit();
}

// [SECTION] Mapped files

MappedFile::MappedFile(const std::filesystem::path& path, Use use) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        // MAP_POPULATE: the pages are mapped in one go rather than one fault at a time.
        const int populate = use == Use::Whole ? MAP_POPULATE : 0;
        void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE | populate, fd, 0);
        if (p != MAP_FAILED) {
            if (use == Use::Sequential) ::madvise(p, static_cast<size_t>(st.st_size), MADV_SEQUENTIAL);
            data_ = static_cast<const unsigned char*>(p);
            size_ = static_cast<size_t>(st.st_size);
        }
    }
    ::close(fd);
}

MappedFile::MappedFile(MappedFile&& o) noexcept : data_(o.data_), size_(o.size_) {
    o.data_ = nullptr;
    o.size_ = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
    if (this != &o) {
        this->~MappedFile();
        data_ = o.data_;
        size_ = o.size_;
        o.data_ = nullptr;
        o.size_ = 0;
    }
    return *this;
}

void MappedFile::release_before(size_t offset) const noexcept {
    const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    const size_t end = std::min(offset, size_) / page * page;
    if (data_ && end > 0) ::madvise(const_cast<unsigned char*>(data_), end, MADV_DONTNEED);
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(const_cast<unsigned char*>(data_), size_);
}

void publish_new_file(const std::filesystem::path& from, const std::filesystem::path& to) {
    auto fail = [&](int err) { return Error(to.string(), 0, std::string("cannot be created: ") + std::strerror(err)); };
    const int fd = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw fail(errno);
    const int synced = ::fsync(fd);
    const int sync_err = errno;
    ::close(fd);
    if (synced != 0) throw fail(sync_err);
    // link() never replaces what is there; a file system without hard links
    // gets a rename after a check.
    if (::link(from.c_str(), to.c_str()) == 0) {
        ::unlink(from.c_str());
    } else if (errno == EEXIST) {
        throw Error(to.string(), 0, "cannot be created: another program created it meanwhile");
    } else {
        std::error_code ec;
        if (std::filesystem::exists(std::filesystem::symlink_status(to, ec)))
            throw Error(to.string(), 0, "cannot be created: another program created it meanwhile");
        if (::rename(from.c_str(), to.c_str()) != 0) throw fail(errno);
    }
    const std::filesystem::path folder = to.has_parent_path() ? to.parent_path() : std::filesystem::path(".");
    if (const int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        (void)::fsync(dfd);
        ::close(dfd);
    }
}

std::string read_input_file(const std::filesystem::path& path, size_t max_bytes) {
    // open(2) rather than a stream: its errno says why ("no such file", a loop
    // of symbolic links, permission), where a stream only says it failed.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int err = errno;
        switch (err) {
        case ENOENT: throw Error(path.string(), 0, "no such file");
        case ELOOP: throw Error(path.string(), 0, "cannot be read: the symbolic links form a loop");
        case EACCES: throw Error(path.string(), 0, "cannot be read: permission denied");
        default: throw Error(path.string(), 0, "cannot be read: " + errno_text(err));
        }
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) throw Error(path.string(), 0, "is a directory");
    std::string out;
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error(path.string(), 0, "cannot be read: " + errno_text(errno));
        }
        if (n == 0) break;
        out.append(buf, static_cast<size_t>(n));
        if (out.size() > max_bytes) throw Error(path.string(), 0, "too large to import");
    }
    return out;
}

}  // namespace atlas
