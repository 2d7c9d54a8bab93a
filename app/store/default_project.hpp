#pragma once
// The default project: the embedded Almaty dataset as a project file in the
// user's data directory.
#include <filesystem>

namespace atlas {

std::filesystem::path default_project_path(); // creates/refreshes the default project from the shipped assets and returns its path

}  // namespace atlas
