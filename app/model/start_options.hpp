#pragma once
// What the program's window is asked to open with: the project, and where to
// start (a story presented from a slide, a moment, a selected event, a theme),
// plus the fixed-frame runs tests and screenshots use. The command line fills
// it; the window shell (platform/app.hpp run_app) opens it.
#include <string>

namespace atlas {

struct StartOptions {
    std::string project;      // *.atlas to open; empty: the default Almaty project
    std::string story;        // present this story at start (empty: explore)
    bool present = false;
    int slide = 0;            // with present: the slide to start on, from 0
    int monitor = -1;
    int frames = -1;          // quit after this many frames (tests, screenshots); -1: run
    std::string screenshot;   // write a PNG of the last frame here before quitting
    std::string presenter_screenshot;  // and of the presenter's console's last frame here
    bool presenter_console = true;     // presenting opens the presenter's console
    std::string time_cursor;  // start with the cursor at this moment ("March 2006", "2006-04-05T12:00")
    std::string select_event; // start with this event selected (its id)
    std::string theme;        // light, dark or projector (empty: as last used)
    int width = 1920, height = 1080;  // window size in screen coordinates
};

}  // namespace atlas
