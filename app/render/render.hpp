#pragma once
// render/: GL wrappers, map layers, markers, labels, offscreen framebuffers.
