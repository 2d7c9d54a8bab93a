#pragma once
// ui/: ImGui panels: map, timeline, excerpts, layers, stories, presentation.
