// smugglesim-viewer: maps and charts of smugglesim runs, side by side, and a
// live mode for trainers. See app.hpp for the UI and options.hpp for the options.
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <charconv>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/run.hpp"
#include "sim/errors.hpp"
#include "viewer/gui/app.hpp"
#include "viewer/gui/gl.hpp"
#include "viewer/gui/options.hpp"
#include "viewer/gui/screenshot.hpp"
#include "viewer/gui/style.hpp"
#include "viewer/gui/window.hpp"
#include "io/output_hdf5.hpp"

namespace fs = std::filesystem;
using namespace smugglesim::viewer::gui;

namespace {

// The committed basemap, found from the executable: <build dir>/../scenarios/basemap/countries.gpkg
// (the build dir is the executable's directory), else from the working directory.
fs::path default_basemap() {
    const fs::path rel = fs::path("scenarios") / "basemap" / "countries.gpkg";
    std::vector<fs::path> candidates;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        candidates.push_back(exe.parent_path() / ".." / rel);
        candidates.push_back(exe.parent_path() / rel);
    }
#ifdef SMUGGLESIM_SOURCE_DIR
    candidates.push_back(fs::path(SMUGGLESIM_SOURCE_DIR) / rel);
#endif
    candidates.push_back(rel);
    for (const fs::path& c : candidates)
        if (fs::exists(c, ec)) return fs::absolute(c, ec).lexically_normal();
    return candidates.front().lexically_normal();
}

// "1280x800" -> 1280, 800 (digits only, nothing else).
bool parse_size(const std::string& s, int& w, int& h) {
    const auto x = s.find('x');
    if (x == std::string::npos || x == 0 || x + 1 >= s.size()) return false;
    const char* end = s.data() + s.size();
    const auto a = std::from_chars(s.data(), s.data() + x, w);
    const auto b = std::from_chars(s.data() + x + 1, end, h);
    return a.ec == std::errc() && a.ptr == s.data() + x && b.ec == std::errc() && b.ptr == end;
}

// "22,41,2500" -> lon 22, lat 41, width 2500 km (three numbers, in range).
bool parse_view(const std::string& s, std::array<double, 3>& out) {
    std::size_t pos = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        const std::size_t end = i < 2 ? s.find(',', pos) : s.size();
        if (end == std::string::npos) return false;
        const char* first = s.data() + pos;
        const char* last = s.data() + end;
        const auto r = std::from_chars(first, last, out[i]);
        if (r.ec != std::errc() || r.ptr != last) return false;
        pos = end + 1;
    }
    return std::abs(out[0]) <= 180 && std::abs(out[1]) <= 90 && out[2] >= 1 && out[2] <= 40000;
}

class ImGuiContextGuard {
public:
    ImGuiContextGuard() {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini in the working directory
    }
    ~ImGuiContextGuard() { ImGui::DestroyContext(); }
    ImGuiContextGuard(const ImGuiContextGuard&) = delete;
    ImGuiContextGuard& operator=(const ImGuiContextGuard&) = delete;
};

using Clock = std::chrono::steady_clock;

struct FrameStats {
    long frames = 0;
    double seconds = 0.0, worst = 0.0, work = 0.0;
    double vertices = 0.0;  // ImGui vertices per frame, summed
    std::vector<double> times;  // frame times after the first 5
};

void print_measurement(FrameStats& stats, const ViewerOptions& opt, const App& app) {
    const double frames = static_cast<double>(stats.frames);
    const double fps = stats.seconds > 0 ? frames / stats.seconds : 0.0;
    std::sort(stats.times.begin(), stats.times.end());
    const double p99 = stats.times.empty() ? 0.0 : stats.times[stats.times.size() * 99 / 100];
    std::printf("frames rendered: %ld in %.1f s\n", stats.frames, stats.seconds);
    std::printf("mean fps: %.1f%s\n", fps, opt.max_fps > 0 ? fmt::format(" (capped at {})", opt.max_fps).c_str() : "");
    std::printf("worst frame time: %.1f ms (after the first 5 frames); 99th percentile %.1f ms\n", stats.worst * 1000.0,
                p99 * 1000.0);
    std::printf("mean frame work time: %.1f ms (building and rendering, without waiting for the cap)\n",
                stats.frames ? stats.work / frames * 1000.0 : 0.0);
    std::printf("mean ImGui vertices per frame: %.0f\n", stats.frames ? stats.vertices / frames : 0.0);
    std::printf("%s\n", app.basemap_summary().c_str());
    std::printf("%s\n", app.status().c_str());
}

}  // namespace

int main(int argc, char** argv) {
    ViewerOptions opt;
    const fs::path basemap_default = default_basemap();
    opt.basemap = basemap_default;
    std::string size = "1600x1000";

    CLI::App cli{"smugglesim-viewer: maps and charts of smugglesim runs.\n"
                 "  smugglesim-viewer FILE.h5 [FILE2.h5 ...]   results files written by `smugglesim run`\n"
                 "  smugglesim-viewer --live SCENARIO.toml     a live run and its baseline, changed while it runs\n"
                 "Headless: add --screenshot OUT.png (run under xvfb-run -a without a display)."};
    cli.get_formatter()->column_width(30);
    auto* files = cli.add_option("files", opt.files,
                                 fmt::format("Results files (HDF5, layout version {}) to show together", smugglesim::kHdf5LayoutVersion))
                      ->type_name("FILE.h5");
    auto* live = cli.add_option("--live", opt.live_scenario,
                                "Run SCENARIO.toml live beside its untouched baseline; change legs, borders and inflow while "
                                "it runs")
                     ->type_name("SCENARIO.toml");
    live->excludes(files);
    cli.add_option("--threads", opt.live_threads, "Worker threads of the live simulations")
        ->default_val(std::max(1u, std::thread::hardware_concurrency() > 1 ? std::thread::hardware_concurrency() - 1 : 1u))
        ->check(CLI::Range(1, 256));
    cli.add_option("--basemap", opt.basemap,
                   "Country basemap (GeoPackage, layer `countries`); if missing the map is drawn without countries")
        ->default_str(basemap_default.string())
        ->type_name("PATH");
    cli.add_option("--screenshot", opt.screenshot,
                   "Render one frame off-screen, write it as PNG and exit (0; 1 if no file could be read or the PNG "
                   "cannot be written)")
        ->type_name("OUT.png");
    cli.add_option("--day", opt.day,
                   "Day shown at start (0 = the start date); with --live, simulate up to that day first")
        ->check(CLI::NonNegativeNumber);
    cli.add_option("--size", size, "Window (or screenshot) size in pixels")->default_str(size)->type_name("WxH");
    cli.add_option("--font-scale", opt.font_scale, "Scale of fonts and widgets, e.g. 1.5 on a projector")
        ->default_val(1.0)
        ->check(CLI::Range(0.5, 4.0));
    cli.add_option("--speed", opt.speed, "Playback speed, days per second (live mode: simulation speed)")
        ->default_val(10.0)
        ->check(CLI::Range(0.1, 1000.0));
    cli.add_option("--measure-fps", opt.measure_fps,
                   "Run the normal UI (playing; live if --live) for SECONDS, print frames rendered, mean FPS and the "
                   "worst frame time, and exit")
        ->type_name("SECONDS")
        ->check(CLI::PositiveNumber);
    std::string map_mode = "one";
    cli.add_option("--map", map_mode,
                   "Map at start: one run, the first two runs side by side, or their difference (live: live minus "
                   "baseline)")
        ->check(CLI::IsMember({"one", "side-by-side", "difference"}))
        ->default_str(map_mode);
    std::string colour = "mode";
    cli.add_option("--colour", colour,
                   "Legs coloured by mode, or by the organised crime group that carried most of their flow (the "
                   "colour selector above the map)")
        ->check(CLI::IsMember({"mode", "group"}))
        ->default_str(colour);
    cli.add_option("--group", opt.group, "Open the Groups tab on this organised crime group (e.g. IZMIR#1)")
        ->type_name("NAME");
    std::string view;
    cli.add_option("--view", view,
                   "Map at start: centre (degrees) and width (km) of the area shown, e.g. 22,41,2500 for the Balkans "
                   "(default: every place of the network)")
        ->type_name("LON,LAT,KM");
    cli.add_option("--max-fps", opt.max_fps, "Frame rate cap (0 = none)")->default_val(60)->check(CLI::Range(0, 1000));

    try {
        cli.parse(argc, argv);
        if (!parse_size(size, opt.width, opt.height))
            throw CLI::ValidationError("--size", "must be WxH, e.g. 1280x800, got '" + size + "'");
        if (opt.width < 320 || opt.height < 240 || opt.width > 8192 || opt.height > 8192)
            throw CLI::ValidationError("--size", "must be between 320x240 and 8192x8192, got '" + size + "'");
        if (opt.files.empty() && opt.live_scenario.empty())
            throw CLI::ValidationError("give at least one results file, or --live SCENARIO.toml");
        opt.map_mode = map_mode == "side-by-side" ? 1 : map_mode == "difference" ? 2 : 0;
        opt.leg_colour = colour == "group" ? 1 : 0;
        if (!view.empty()) {
            std::array<double, 3> v{};
            if (!parse_view(view, v))
                throw CLI::ValidationError("--view", "must be LON,LAT,KM with lon in [-180, 180], lat in [-90, 90] and "
                                                     "a width of 1 to 40000 km, got '" + view + "'");
            opt.view = v;
        }
        opt.basemap_given = cli.count("--basemap") > 0;
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? 0 : 2;
    }

    // Live mode: the scenario is checked before any window opens.
    std::shared_ptr<const smugglesim::Model> model;
    if (!opt.live_scenario.empty()) {
        try {
            smugglesim::RunOptions ro;
            ro.scenario = opt.live_scenario;
            ro.threads = opt.live_threads;
            model = smugglesim::load_model(ro);
        } catch (const std::exception& e) {
            std::cerr << "smugglesim-viewer: " << e.what() << "\n";
            return 2;
        }
    }
    const bool headless = !opt.screenshot.empty();
    if (headless) {
        if (const std::string err = check_writable(opt.screenshot); !err.empty()) {
            std::cerr << "smugglesim-viewer: " << err << "\n";
            return 1;
        }
    }

    try {
        ImGuiContextGuard imgui;
        Window window(opt.width, opt.height, !headless, "smugglesim viewer");
        Fonts fonts;
        setup_style(static_cast<float>(opt.font_scale), fonts);
        window.init_imgui();
        window.set_swap_interval(headless || opt.measure_fps > 0 ? 0 : 1);
        std::unique_ptr<OffscreenTarget> target;
        if (headless) target = std::make_unique<OffscreenTarget>(opt.width, opt.height);

        App app(opt, model, fonts);
        const bool live_mode = app.live_mode();
        const int wanted_day = opt.day.value_or(0);
        bool catching_up = false;
        if (live_mode && opt.day) {
            app.run_live_until(*opt.day);
            catching_up = true;
        } else if (opt.day) {
            app.set_day(*opt.day);
        }
        const bool measuring = opt.measure_fps > 0;
        if (measuring && !catching_up) {
            if (live_mode)
                app.live_play(opt.speed);
            else {
                app.set_loop(true);
                app.set_playing(true);
            }
        }

        FrameStats stats;
        int settle_frames = 0;  // headless: frames rendered at the final day (ImGui lays out over a few)
        int wake_frames = 3;
        const auto t_start = Clock::now();
        auto t_prev = t_start;
        auto t_measure = t_start;
        bool measure_started = measuring && !catching_up;
        const double catch_up_limit = 600.0;  // seconds
        while (!window.should_close()) {
            const auto t0 = Clock::now();
            if (!headless && !measuring && !app.animating() && wake_frames <= 0) {
                // Nothing moves: sleep until an event (or a second, to pick up anything missed).
                window.wait_events(1.0);
                wake_frames = (Clock::now() - t0) < std::chrono::milliseconds(990) ? 3 : 1;
            } else {
                window.poll_events();
                if (wake_frames > 0) --wake_frames;
            }
            const auto t_frame = Clock::now();
            const double dt = std::chrono::duration<double>(t_frame - t_prev).count();
            t_prev = t_frame;

            window.new_frame();
            if (headless) {
                ImGuiIO& io = ImGui::GetIO();
                io.DisplaySize = ImVec2(static_cast<float>(opt.width), static_cast<float>(opt.height));
                io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
                io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
            }
            ImGui::NewFrame();
            app.frame(static_cast<float>(dt));
            ImGui::Render();

            const ImGuiIO& io = ImGui::GetIO();
            if (target) target->bind();
            glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
                       static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
            const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(colours::kPanel);  // the root window has no background
            glClearColor(bg.x, bg.y, bg.z, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            window.render();

            if (catching_up) {
                if (app.live_reached(wanted_day)) {
                    catching_up = false;
                    if (measuring) {  // the measurement starts now, playing on from that day
                        app.live_play(opt.speed);
                        app.follow_latest();
                        measure_started = true;
                        t_measure = Clock::now();
                    } else {  // paused at that day
                        app.live_pause();
                        app.live_set_speed(opt.speed);
                        app.show_day(wanted_day);
                    }
                } else if (const std::string err = app.live_error(); !err.empty()) {
                    std::cerr << "smugglesim-viewer: the live simulation failed: " << err << "\n";
                    return 1;
                } else if (std::chrono::duration<double>(Clock::now() - t_start).count() > catch_up_limit) {
                    std::cerr << "smugglesim-viewer: the live run did not reach day " << wanted_day << " within "
                              << catch_up_limit << " s\n";
                    return 1;
                }
            }
            if (headless) {
                target->unbind();
                if (!catching_up && ++settle_frames >= 4) {
                    target->bind();
                    const auto rgb = target->read_rgb();
                    target->unbind();
                    if (const std::string err = write_png(opt.screenshot, opt.width, opt.height, rgb); !err.empty()) {
                        std::cerr << "smugglesim-viewer: " << err << "\n";
                        return 1;
                    }
                    if (!app.any_run()) {
                        std::cerr << "smugglesim-viewer: no results file could be read (screenshot written to "
                                  << opt.screenshot << ")\n";
                        return 1;
                    }
                    return 0;
                }
                continue;
            }
            window.swap();
            const auto t_done = Clock::now();
            if (measure_started) {
                const double frame = std::chrono::duration<double>(t_done - t0).count();
                const double work = std::chrono::duration<double>(t_done - t_frame).count();
                ++stats.frames;
                if (stats.frames > 5) {
                    stats.worst = std::max(stats.worst, frame);
                    stats.times.push_back(frame);
                }
                stats.work += work;
                stats.vertices += ImGui::GetDrawData()->TotalVtxCount;
                stats.seconds = std::chrono::duration<double>(t_done - t_measure).count();
                if (stats.seconds >= opt.measure_fps) break;
            }
            if (opt.max_fps > 0) {
                const auto next = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / opt.max_fps));
                std::this_thread::sleep_until(next);
            }
        }
        if (measuring) print_measurement(stats, opt, app);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "smugglesim-viewer: " << e.what() << "\n";
        return 1;
    }
}
