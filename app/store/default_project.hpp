#pragma once
// The default project: the shipped Almaty dataset (assets/data) as a project file
// in the user's data directory. Created on first run; refreshed when the shipped
// dataset changes (its content hash is kept in the project's meta table), by
// merging on ids (Project::merge_shipped): new shipped records are added, shipped
// records the user left alone are updated, and what the user edited, deleted or
// added is kept as the user has it.
#include <filesystem>
#include <string>
#include <string_view>

namespace atlas {

// <paths::data_dir()>/almaty.atlas, created or refreshed from <paths::assets_dir()>/data;
// returns its path. Throws atlas::Error naming the file when the project cannot be
// created, opened or refreshed (read-only, corrupt, not a project file) or the
// shipped dataset has a fault.
std::filesystem::path default_project_path();

// What default_project_path() does, for any project file and dataset folder.
// Returns true when the project was created or refreshed, false when it was
// already up to date.
bool sync_project_with_dataset(const std::filesystem::path& project_file, const std::filesystem::path& dataset_dir);

// Hex FNV-1a 64 over the names and bytes of the dataset files; stored in the
// project under kDatasetHashKey.
std::string dataset_hash(const std::filesystem::path& dataset_dir);
inline constexpr std::string_view kDatasetHashKey = "dataset_hash";

// The record versions earlier releases shipped (assets/data/shipped_versions.json,
// written by the project tool shipped_versions): a project made by a release that
// did not yet track shipped records is refreshed where it still holds one of them.
// {"source": {"<id>": ["<hash>", ...]}, "excerpt": {...}, "place", "event", "story"}.
inline constexpr std::string_view kShippedVersionsFile = "shipped_versions.json";
// Empty when the file is absent; throws atlas::Error naming the file and the
// fault when it is malformed.
struct ShippedVersions;
ShippedVersions load_shipped_versions(const std::filesystem::path& file);
void write_shipped_versions(const ShippedVersions& v, const std::filesystem::path& file);

}  // namespace atlas
