#include "platform/file_watch.hpp"

#include <chrono>
#include <cstdint>
#include <utility>

#include <sys/stat.h>

namespace atlas::platform {

namespace {

// What a change of the file moves: its size and modification time (0s when absent).
struct Stamp {
    int64_t size = -1, sec = 0, nsec = 0;
    bool operator==(const Stamp&) const = default;
};

Stamp stamp_of(const std::filesystem::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return {};
    return {static_cast<int64_t>(st.st_size), static_cast<int64_t>(st.st_mtim.tv_sec),
            static_cast<int64_t>(st.st_mtim.tv_nsec)};
}

}  // namespace

void FileWatch::start(std::vector<std::filesystem::path> files, std::function<void()> changed, double period_seconds) {
    stop();
    quit_ = false;
    const auto period = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::duration<double>(period_seconds > 0.05 ? period_seconds : 0.05));
    thread_ = std::thread([this, files = std::move(files), changed = std::move(changed), period] {
        std::vector<Stamp> seen;
        seen.reserve(files.size());
        for (const auto& f : files) seen.push_back(stamp_of(f));
        std::unique_lock<std::mutex> lock(mutex_);
        while (!wake_.wait_for(lock, period, [this] { return quit_; })) {
            bool moved = false;
            for (size_t i = 0; i < files.size(); ++i) {
                const Stamp now = stamp_of(files[i]);
                if (!(now == seen[i])) {
                    seen[i] = now;
                    moved = true;
                }
            }
            if (moved && changed) changed();
        }
    });
}

void FileWatch::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        quit_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace atlas::platform
