#include "core/process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "core/error.hpp"

extern char** environ;

namespace atlas {

namespace {

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
    std::vector<char*> out;
    out.reserve(argv.size() + 1);
    for (const auto& a : argv) out.push_back(const_cast<char*>(a.c_str()));
    out.push_back(nullptr);
    return out;
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

// Starts argv[0] with stdout to `out_fd` (or inherited when < 0), stdin from /dev/null.
pid_t start(const std::vector<std::string>& argv, int out_fd, int close_fd) {
    if (argv.empty()) throw Error("cannot start a program: no program named");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (out_fd >= 0) {
        posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
        posix_spawn_file_actions_addclose(&fa, out_fd);
    }
    if (close_fd >= 0) posix_spawn_file_actions_addclose(&fa, close_fd);
    pid_t pid = -1;
    auto args = c_argv(argv);
    const int rc = posix_spawnp(&pid, argv[0].c_str(), &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw Error(argv[0] + ": cannot start: " + std::strerror(rc));
    return pid;
}

}  // namespace

std::string find_executable(const std::string& program) {
    if (program.empty()) return {};
    if (program.find('/') != std::string::npos) return access(program.c_str(), X_OK) == 0 ? program : std::string();
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t start_at = 0;
    while (start_at <= dirs.size()) {
        size_t end = dirs.find(':', start_at);
        if (end == std::string::npos) end = dirs.size();
        // An empty entry is the current folder.
        const std::string dir = end > start_at ? dirs.substr(start_at, end - start_at) : std::string(".");
        const std::string candidate = dir + "/" + program;
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
        start_at = end + 1;
    }
    return {};
}

struct ChildProcess::Thread {
    std::thread t;
};

ChildProcess::ChildProcess(std::vector<std::string> argv, std::function<void()> on_exit) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw Error(std::string("cannot make a pipe: ") + std::strerror(errno));
    try {
        pid_ = start(argv, fds[1], fds[0]);
    } catch (...) {
        close(fds[0]);
        close(fds[1]);
        throw;
    }
    close(fds[1]);
    const int read_fd = fds[0];
    thread_ = std::make_unique<Thread>();
    thread_->t = std::thread([this, read_fd, on_exit = std::move(on_exit)] {
        char buf[4096];
        std::string out;
        for (;;) {
            const ssize_t n = read(read_fd, buf, sizeof buf);
            if (n > 0) out.append(buf, static_cast<size_t>(n));
            else if (n < 0 && errno == EINTR) continue;
            else break;
        }
        close(read_fd);
        int status = 0;
        while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        output_ = std::move(out);
        exit_code_ = decode_status(status);
        done_.store(true);
        if (on_exit) on_exit();
    });
}

ChildProcess::~ChildProcess() {
    if (!done_.load() && pid_ > 0) kill(pid_, SIGTERM);
    if (thread_ && thread_->t.joinable()) thread_->t.join();
}

void ChildProcess::wait() {
    if (thread_ && thread_->t.joinable()) thread_->t.join();
}

void spawn_detached(const std::vector<std::string>& argv) {
    const pid_t pid = start(argv, -1, -1);
    // Reaped on a thread of its own so that no zombie is left behind.
    std::thread([pid] {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }).detach();
}

}  // namespace atlas
