#pragma once
// Watching files for changes made by another process (a second window on the
// same project, another program writing it): a thread looks at their size and
// modification time once a period and calls back when either moves. The
// callback runs on that thread; it should only wake the UI, which then looks
// for itself. Nothing is read or written.
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace atlas::platform {

class FileWatch {
public:
    FileWatch() = default;
    ~FileWatch() { stop(); }
    FileWatch(const FileWatch&) = delete;
    FileWatch& operator=(const FileWatch&) = delete;

    // Watches `files` (absent ones too: their appearing is a change), calling
    // `changed` after a period in which any of them changed. Replaces a watch
    // already running.
    void start(std::vector<std::filesystem::path> files, std::function<void()> changed, double period_seconds = 1.0);
    void stop();
    [[nodiscard]] bool running() const noexcept { return thread_.joinable(); }

private:
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool quit_ = false;
};

}  // namespace atlas::platform
