// Writes the content hashes of the records of earlier releases' datasets, so
// that the default project of a user of such a release is refreshed where the
// user left it alone (store/default_project.hpp, Project::merge_shipped).
//   shipped_versions OUT.json DATASET_DIR...
// Each DATASET_DIR holds a release's assets/data (e.g. from `git archive REV
// assets/data`); the hashes are of the records as this build reads them, which
// is how the project holds them after its migrations. OUT.json, when it exists,
// is read first and kept: the list only grows.
#include <cstdio>
#include <filesystem>

#include "core/error.hpp"
#include "store/dataset_json.hpp"
#include "store/default_project.hpp"
#include "store/project.hpp"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: shipped_versions OUT.json DATASET_DIR...\n");
        return 2;
    }
    try {
        const std::filesystem::path out = argv[1];
        atlas::ShippedVersions v = atlas::load_shipped_versions(out);
        for (int i = 2; i < argc; ++i) {
            const atlas::Dataset d = atlas::load_dataset(argv[i]);
            v.add(d);
            std::fprintf(stderr, "%s: %zu events, %zu places, %zu excerpts, %zu sources, %zu stories\n", argv[i],
                         d.events.size(), d.places.size(), d.excerpts.size(), d.sources.size(), d.stories.size());
        }
        atlas::write_shipped_versions(v, out);
        size_t n = 0;
        for (const auto& [kind, ids] : v.hashes)
            for (const auto& [id, hashes] : ids) n += hashes.size();
        std::fprintf(stderr, "%s: %zu record versions\n", out.c_str(), n);
        return 0;
    } catch (const atlas::Error& e) {
        std::fprintf(stderr, "shipped_versions: %s\n", e.what());
        return 1;
    }
}
