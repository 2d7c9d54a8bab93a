#pragma once
// The desktop program: a window over a project, with the explorer's panels.
#include "model/start_options.hpp"

namespace atlas::platform {

// What the window opens with (model/start_options.hpp).
using AppOptions = StartOptions;

// Returns the process exit code.
int run_app(const AppOptions& options);

}  // namespace atlas::platform
