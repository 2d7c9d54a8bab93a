#pragma once
// Where things live on disk. Settings go to the XDG config directory, user data
// to the XDG data directory; nothing is written next to the binary.
#include <filesystem>

namespace atlas::paths {

// $XDG_CONFIG_HOME/almaty-atlas (default ~/.config/almaty-atlas); created on demand.
std::filesystem::path config_dir();
// $XDG_DATA_HOME/almaty-atlas (default ~/.local/share/almaty-atlas); created on demand.
std::filesystem::path data_dir();
// $XDG_CACHE_HOME/almaty-atlas (default ~/.cache/almaty-atlas); created on demand.
// What is there can be deleted at any time: it is made again.
std::filesystem::path cache_dir();
// Read-only shipped resources: the folder holding assets/ and geodata/.
// Looked up in $ATLAS_RESOURCE_DIR, <exe>/../share/almaty-atlas, then the source tree.
std::filesystem::path resource_dir();
// The source tree this build was configured from (tests read shipped files there).
std::filesystem::path source_dir();
inline std::filesystem::path assets_dir() { return resource_dir() / "assets"; }
inline std::filesystem::path geodata_dir() { return resource_dir() / "geodata"; }
// The shared test corpus beside the repository (../shared), empty when absent.
std::filesystem::path shared_dir();

}  // namespace atlas::paths
