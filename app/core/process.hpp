#pragma once
// Child processes started without a shell: the argument vector is passed as
// is, so no file name is ever parsed as shell syntax. Used for the desktop's
// file dialogs (zenity, kdialog) and for showing a folder (xdg-open).
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace atlas {

// The full path of `program` found on $PATH (or `program` itself when it holds
// a slash and is executable); empty when there is none.
[[nodiscard]] std::string find_executable(const std::string& program);

// A child whose standard output is read to the end on a thread of its own, so
// the caller never blocks: poll finished() from the UI loop. `on_exit` runs on
// that thread once the child has ended and its output is all read (the window
// uses it to wake its loop).
class ChildProcess {
public:
    // Throws atlas::Error naming the program when it cannot be started.
    ChildProcess(std::vector<std::string> argv, std::function<void()> on_exit = {});
    ~ChildProcess();  // a child still running is terminated (SIGTERM) and reaped
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    [[nodiscard]] bool finished() const noexcept { return done_.load(); }
    // Valid once finished(): the exit status (128 + signal when killed) and everything written to stdout.
    [[nodiscard]] int exit_code() const noexcept { return exit_code_; }
    [[nodiscard]] const std::string& output() const noexcept { return output_; }
    // Blocks until the child ends (tests and the command line only).
    void wait();

private:
    struct Thread;
    pid_t pid_ = -1;
    std::atomic<bool> done_{false};
    int exit_code_ = -1;
    std::string output_;
    std::unique_ptr<Thread> thread_;
};

// Starts a program that outlives the call (xdg-open a folder) and is reaped in
// the background. Throws atlas::Error when it cannot be started.
void spawn_detached(const std::vector<std::string>& argv);

}  // namespace atlas
