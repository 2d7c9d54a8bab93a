#pragma once
// Under AddressSanitizer, LeakSanitizer reports at exit, after the OpenGL
// driver (Mesa, loaded by libGL/libEGL with dlopen) has been unloaded: what the
// driver still held then looks lost, from frames of no module, and could only
// be silenced by switching leak detection off (measured: 5.3 KB in 258 blocks
// for one editor test). keep_gl_driver_loaded() marks every library loaded so
// far as never to be unloaded: the driver's globals stay mapped, so what it
// holds stays reachable, and what it does lose keeps its module name for
// .ci/lsan.supp; leak detection stays on for our own code. In other builds it
// does nothing.
namespace atlas::platform {

// Call once a GL context is current (the driver is loaded by then).
void keep_gl_driver_loaded() noexcept;

}  // namespace atlas::platform
