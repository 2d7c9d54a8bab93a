#include "platform/driver_pin.hpp"

#if defined(__SANITIZE_ADDRESS__)
#include <dlfcn.h>
#include <link.h>

#include <string>
#include <vector>
#endif

namespace atlas::platform {

void keep_gl_driver_loaded() noexcept {
#if defined(__SANITIZE_ADDRESS__)
    static bool done = false;
    if (done) return;
    done = true;
    std::vector<std::string> names;
    dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* out) {
            if (info->dlpi_name && info->dlpi_name[0]) static_cast<std::vector<std::string>*>(out)->push_back(info->dlpi_name);
            return 0;
        },
        &names);
    // RTLD_NOLOAD: only libraries already there; RTLD_NODELETE: never unloaded.
    // The extra reference is never dropped, on purpose.
    for (const std::string& n : names) (void)dlopen(n.c_str(), RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
#endif
}

}  // namespace atlas::platform
