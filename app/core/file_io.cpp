#include "core/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
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

void write_special(const fs::path& given, const fs::path& real, std::string_view bytes) {
    const int fd = ::open(real.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail(given, errno_text(errno));
    if (!write_all(fd, bytes)) {
        const int err = errno;
        ::close(fd);
        fail(given, errno_text(err));
    }
    if (::close(fd) != 0) fail(given, errno_text(errno));
}

void replace_regular(const fs::path& given, const fs::path& real, const struct stat* old, std::string_view bytes) {
    const fs::path dir = real.has_parent_path() ? real.parent_path() : fs::path(".");
    std::string templ = (dir / ("." + real.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(templ.data());
    if (fd < 0) fail(given, "cannot create a temporary file in " + dir.string() + ": " + errno_text(errno));
    const fs::path tmp = templ;
    auto abandon = [&](int err, const std::string& doing) {
        ::close(fd);
        ::unlink(tmp.c_str());
        fail(given, doing + errno_text(err));
    };
    if (!write_all(fd, bytes)) abandon(errno, "");
    // The new file takes the old one's mode and owner; a new file gets the
    // usual mode (0666 less the umask) rather than mkstemp's 0600.
    const mode_t mode = old ? (old->st_mode & 07777) : (0666 & ~current_umask());
    if (::fchmod(fd, mode) != 0) abandon(errno, "cannot set the mode: ");
    if (old && (old->st_uid != ::geteuid() || old->st_gid != ::getegid())) {
        // Only root may give a file away; a user may still set a group they are in.
        if (::fchown(fd, old->st_uid, old->st_gid) != 0) (void)::fchown(fd, static_cast<uid_t>(-1), old->st_gid);
        if (::fchmod(fd, mode) != 0) abandon(errno, "cannot set the mode: ");  // chown clears set-id bits
    }
    if (::fsync(fd) != 0) abandon(errno, "");
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail(given, errno_text(err));
    }
    if (::rename(tmp.c_str(), real.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail(given, errno_text(err));
    }
    // Make the rename itself durable; a folder that cannot be synced is no failure of the write.
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)::fsync(dfd);
        ::close(dfd);
    }
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

void write_atomically(const fs::path& path, std::string_view bytes) {
    if (path == "-") {
        write_stdout(bytes);
        return;
    }
    if (path.empty()) fail(path, "no file name given");
    const fs::path real = resolve_links(path);
    struct stat st {};
    if (::stat(real.c_str(), &st) != 0) {
        if (errno != ENOENT) fail(path, errno_text(errno));
        replace_regular(path, real, nullptr, bytes);
        return;
    }
    if (S_ISDIR(st.st_mode)) fail(path, "it is a folder");
    if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || S_ISSOCK(st.st_mode)) {
        write_special(path, real, bytes);
        return;
    }
    if (!S_ISREG(st.st_mode)) fail(path, "it is not a regular file");
    // Refused when the user may not write it, and when nobody may (a file made
    // read-only on purpose, which root could otherwise replace).
    if (::access(real.c_str(), W_OK) != 0) fail(path, errno_text(errno));
    if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0) fail(path, "the file is read-only");
    replace_regular(path, real, &st, bytes);
}

}  // namespace atlas
