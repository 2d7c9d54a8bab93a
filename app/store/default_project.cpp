#include "store/default_project.hpp"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <system_error>
#include <unistd.h>

#include "core/error.hpp"
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
        p.merge_shipped(load_dataset(dataset_dir));
        p.set_meta(kDatasetHashKey, hash);
        return true;
    } catch (const Error& e) {
        throw with_context(e, project_file, "cannot refresh the default project");
    }
}

std::filesystem::path default_project_path() {
    const fs::path file = paths::data_dir() / "almaty.atlas";
    sync_project_with_dataset(file, paths::assets_dir() / "data");
    return file;
}

}  // namespace atlas
