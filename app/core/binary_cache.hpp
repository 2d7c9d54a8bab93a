#pragma once
// Prepared data kept between runs in the user's cache folder (the basemap's
// layers as read and their geometry, the label font's atlas): a content hash for the file's name, and a
// writer and a bounds-checked reader of plain records. A file starts and ends
// with its kind's 8-byte magic, so one cut short never reads as whole; a file
// that does not read back is rebuilt, never trusted.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/file_io.hpp"

namespace atlas {

// 64-bit hash over bytes, eight at a time (FNV-style multiply with a final mix).
struct ContentHash {
    uint64_t h = 0x9E3779B97F4A7C15ull;
    void bytes(const void* data, size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            mix(w);
        }
        uint64_t tail = n;
        for (; i < n; ++i) tail = tail << 8 | p[i];
        mix(tail);
    }
    void mix(uint64_t w) {
        h ^= w;
        h *= 0x100000001B3ull * 0x9E3779B97F4A7C15ull | 1;
        h ^= h >> 29;
    }
    template <class T>
    void pod(const T& v) { bytes(&v, sizeof v); }
    template <class T>
    void vec(const std::vector<T>& v) {
        pod(v.size());
        if (!v.empty()) bytes(v.data(), v.size() * sizeof(T));
    }
    void str(const std::string& s) {
        pod(s.size());
        bytes(s.data(), s.size());
    }
};

using CacheMagic = char[8];

class CacheWriter {
public:
    template <class T>
    void pod(const T& v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
    template <class T>
    void vec(const std::vector<T>& v) {
        pod(static_cast<uint64_t>(v.size()));
        if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
    }
    void magic(const CacheMagic& m) { out.append(m, sizeof m); }
    std::string out;
};

// Reads a cache file mapped in memory; every read is bounds-checked.
class CacheReader {
public:
    explicit CacheReader(const MappedFile& f) : p_(f.data()), end_(f.data() + f.size()) {}
    template <class T>
    bool pod(T& v) {
        if (static_cast<size_t>(end_ - p_) < sizeof v) return false;
        std::memcpy(&v, p_, sizeof v);
        p_ += sizeof v;
        return true;
    }
    template <class T>
    bool vec(std::vector<T>& v, uint64_t limit) {
        const unsigned char* at = nullptr;
        uint64_t n = 0;
        if (!array<T>(at, n, limit)) return false;
        v.resize(n);
        if (n) std::memcpy(v.data(), at, n * sizeof(T));
        return true;
    }
    // An array left where it is in the file: its first byte and element count.
    template <class T>
    bool array(const unsigned char*& at, uint64_t& n, uint64_t limit) {
        if (!pod(n) || n > limit || n > static_cast<size_t>(end_ - p_) / sizeof(T)) return false;
        at = p_;
        p_ += n * sizeof(T);
        return true;
    }
    bool magic(const CacheMagic& m) {
        if (static_cast<size_t>(end_ - p_) < sizeof m || std::memcmp(p_, m, sizeof m) != 0) return false;
        p_ += sizeof m;
        return true;
    }
    [[nodiscard]] bool at_end() const noexcept { return p_ == end_; }

private:
    const unsigned char* p_;
    const unsigned char* end_;
};

}  // namespace atlas
