#pragma once
// Command-line options of smugglesim-viewer (parsed in main.cpp).
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace smugglesim::viewer::gui {

struct ViewerOptions {
    std::vector<std::string> files;     // results files to open
    std::string live_scenario;          // --live SCENARIO.toml ("" = file mode)
    int live_threads = 1;               // --threads: TBB workers of the live simulations
    std::filesystem::path basemap;      // --basemap (resolved: the default if not given)
    bool basemap_given = false;         // the user named it (a missing file is then an error worth a banner too)
    std::string screenshot;             // --screenshot out.png ("" = interactive)
    std::optional<int> day;             // --day D
    int width = 1600, height = 1000;    // --size WxH
    double font_scale = 1.0;            // --font-scale
    double speed = 10.0;                // --speed: playback, days per second
    double measure_fps = 0.0;           // --measure-fps SECONDS (0 = off)
    int max_fps = 60;                   // --max-fps (0 = unlimited)
    int map_mode = 0;                   // --map: 0 one run, 1 side by side, 2 difference
    int leg_colour = 0;                 // --colour: 0 legs by mode, 1 by the group that carried most
    std::string group;                  // --group NAME: show that group in the Groups tab at start
    std::optional<std::array<double, 3>> view;  // --view LON,LAT,KM: map centre and width at start
};

}  // namespace smugglesim::viewer::gui
