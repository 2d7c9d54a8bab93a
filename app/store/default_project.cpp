#include "store/default_project.hpp"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <iterator>
#include <system_error>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/paths.hpp"
#include "store/dataset_json.hpp"
#include "store/project.hpp"

namespace atlas {
namespace {
namespace fs = std::filesystem;

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

void fnv(uint64_t& h, std::string_view bytes) {
    for (unsigned char c : bytes) {
        h ^= c;
        h *= kFnvPrime;
    }
}

// The same fault with the project file named and what was being done said.
Error with_context(const Error& e, const fs::path& project_file, std::string_view doing) {
    Diagnostic d = e.diagnostic();
    if (d.file.empty()) d.file = project_file.string();
    d.message = std::string(doing) + ": " + d.message;
    return Error(d);
}

void create_from_dataset(const fs::path& project_file, const Dataset& d, const std::string& hash) {
    std::error_code ec;
    if (project_file.has_parent_path()) fs::create_directories(project_file.parent_path(), ec);
    // Built under a temporary name and renamed when complete, so that a failure
    // never leaves a half-filled default project behind.
    fs::path tmp = project_file;
    tmp += ".new-" + std::to_string(::getpid());
    fs::remove(tmp, ec);
    try {
        {
            Project p = Project::open(tmp, OpenMode::CreateIfMissing);
            p.merge_shipped(d);
            p.set_meta(kDatasetHashKey, hash);
        }
        fs::rename(tmp, project_file);
    } catch (const Error& e) {
        fs::remove(tmp, ec);
        throw with_context(e, project_file, "cannot create the project from the shipped dataset");
    } catch (const fs::filesystem_error& e) {
        fs::remove(tmp, ec);
        throw Error(Diagnostic{project_file.string(), 0, {}, std::string("cannot create the project: ") + e.code().message()});
    }
}

}  // namespace

std::string dataset_hash(const std::filesystem::path& dataset_dir) {
    uint64_t h = kFnvOffset;
    for (auto name : dataset_file_names()) {
        const fs::path path = dataset_dir / name;
        std::ifstream in(path, std::ios::binary);
        if (!in) throw Error(Diagnostic{path.string(), 0, {}, "cannot read the shipped dataset file"});
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        fnv(h, name);
        fnv(h, std::string_view("\0", 1));
        fnv(h, std::to_string(bytes.size()));
        fnv(h, bytes);
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

bool sync_project_with_dataset(const std::filesystem::path& project_file, const std::filesystem::path& dataset_dir) {
    const std::string hash = dataset_hash(dataset_dir);
    std::error_code ec;
    if (!fs::exists(project_file, ec)) {
        create_from_dataset(project_file, load_dataset(dataset_dir), hash);
        return true;
    }
    try {
        Project p = Project::open(project_file, OpenMode::ReadWrite);
        if (p.meta(kDatasetHashKey) == hash) return false;
        // Merge by id in one transaction: new shipped records are added, shipped
        // ones the user left alone are updated, those the user edited or deleted
        // are kept as the user has them, and nothing the user added is touched.
        // The hash is written after the merge, so an interrupted refresh is
        // simply done again next time.
        p.merge_shipped(load_dataset(dataset_dir), load_shipped_versions(dataset_dir / kShippedVersionsFile));
        p.set_meta(kDatasetHashKey, hash);
        return true;
    } catch (const Error& e) {
        throw with_context(e, project_file, "cannot refresh the default project");
    }
}

ShippedVersions load_shipped_versions(const std::filesystem::path& file) {
    ShippedVersions v;
    std::error_code ec;
    if (!fs::exists(file, ec)) return v;
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(Diagnostic{file.string(), 0, {}, "cannot read the file"});
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(Diagnostic{file.string(), 0, {}, std::string("not valid JSON: ") + e.what()});
    }
    auto fault = [&](const std::string& where, const std::string& what) {
        return Error(Diagnostic{file.string(), 0, {}, where + ": " + what});
    };
    if (!j.is_object()) throw fault("the top level", "expected an object of kinds");
    for (const auto& [kind, ids] : j.items()) {
        if (kind == "about") continue;
        if (kind != "source" && kind != "excerpt" && kind != "place" && kind != "event" && kind != "story")
            throw fault(kind, "not a kind of record (source, excerpt, place, event, story)");
        if (!ids.is_object()) throw fault(kind, "expected an object of ids");
        for (const auto& [id, hashes] : ids.items()) {
            if (!hashes.is_array()) throw fault(kind + " " + id, "expected an array of hashes");
            for (const auto& h : hashes) {
                if (!h.is_string() || h.get_ref<const std::string&>().size() != 16)
                    throw fault(kind + " " + id, "a hash is not 16 hex digits");
                v.hashes[kind][id].insert(h.get<std::string>());
            }
        }
    }
    return v;
}

void write_shipped_versions(const ShippedVersions& v, const std::filesystem::path& file) {
    nlohmann::ordered_json j;
    j["about"] = "Content hashes of the records earlier releases shipped; see store/default_project.hpp.";
    for (const char* kind : {"source", "excerpt", "place", "event", "story"}) {
        nlohmann::ordered_json ids = nlohmann::ordered_json::object();
        if (const auto k = v.hashes.find(kind); k != v.hashes.end())
            for (const auto& [id, hashes] : k->second) ids[id] = std::vector<std::string>(hashes.begin(), hashes.end());
        j[kind] = std::move(ids);
    }
    write_atomically(file, j.dump(1) + "\n");
}

std::filesystem::path default_project_path() {
    const fs::path file = paths::data_dir() / "almaty.atlas";
    // The shipped dataset does not change while the program runs: once synced,
    // the file is only made again if it has gone meanwhile.
    static std::mutex mutex;
    static fs::path synced;
    std::lock_guard lock(mutex);
    std::error_code ec;
    if (synced == file && fs::exists(file, ec)) return file;
    sync_project_with_dataset(file, paths::assets_dir() / "data");
    synced = file;
    return file;
}

}  // namespace atlas
