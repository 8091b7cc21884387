#pragma once
// The viewer application: the open runs (files, or a live run and its
// baseline), the time, the map (one run, two side by side, or their
// difference), the charts, the inspectors and, in live mode, the live panel.
// frame() builds the whole UI of one frame; nothing heavy is recomputed unless
// its input changed (a file opened, a new live snapshot).
#include <imgui.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/model.hpp"
#include "viewer/core/basemap.hpp"
#include "viewer/core/live.hpp"
#include "viewer/gui/basemap_layer.hpp"
#include "viewer/gui/charts.hpp"
#include "viewer/gui/format.hpp"
#include "viewer/gui/inspector.hpp"
#include "viewer/gui/live_panel.hpp"
#include "viewer/gui/map_view.hpp"
#include "viewer/gui/options.hpp"
#include "viewer/gui/runs.hpp"
#include "viewer/gui/style.hpp"

namespace smugglesim::viewer::gui {

class App {
public:
    // Needs the GL context (uploads the basemap). Files that cannot be read
    // are reported on stderr and listed in the window.
    App(const ViewerOptions& opt, std::shared_ptr<const Model> live_model, const Fonts& fonts);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    void frame(float dt);

    bool any_run() const { return !runs_.empty(); }
    bool live_mode() const { return live_ != nullptr; }
    bool animating() const;
    const std::vector<FileError>& errors() const { return errors_; }

    // Headless use (--screenshot, --measure-fps).
    void set_day(int day);
    void follow_latest();  // show the newest day (live mode)
    void show_day(int day);  // that day, without following the live run
    void set_playing(bool playing);
    void set_loop(bool loop) { loop_ = loop; }
    void run_live_until(int day);     // live: simulate as fast as possible up to `day`
    bool live_reached(int day) const; // live: that day is in the snapshot shown
    void live_pause();
    void live_play(double days_per_second);
    void live_set_speed(double days_per_second);
    std::string status() const;       // one line: day, migrants in the system
    std::string live_error() const;   // the live simulation's error ("" if none)
    std::string basemap_summary() const;  // countries, vertices, texture re-renders

private:
    enum class MapMode { Single = 0, Split = 1, Difference = 2 };

    void open_file(const std::string& path);
    void poll_live();
    int last_day() const;   // last day with data in any run
    int axis_days() const;  // x axis of the charts: the longest run
    // Options shared by the four stacked charts of a tab (axis, day marker,
    // calendar) and the height each takes of what is left of the panel.
    ChartOptions stacked_chart_options() const;
    float stacked_chart_height(float font_size) const;
    bool comparable(std::size_t a, std::size_t b);
    void handle_keys();

    void draw_top_bar();
    void draw_banners();
    void draw_map_area(ImVec2 size);
    void draw_side_panel(ImVec2 size);
    void draw_charts();
    void draw_difference();
    void draw_files();
    // The Groups tab (groups_panel.cpp): one organised crime group of the run
    // on the map, its members by role, money, clients, prices and corridors;
    // in live mode, removing it or some of its members from the live run.
    void draw_groups();
    void draw_group_removal(const Run& run, std::uint32_t g);
    const Run* groups_run() const;
    void draw_no_runs(ImVec2 size);
    void pin(const MapItem& item, const Run& run);

    ViewerOptions opt_;
    const Fonts& fonts_;
    MapProjection proj_;
    GeometryCache geometry_{proj_};
    BasemapLayer basemap_;
    std::string basemap_warning_;
    std::string basemap_info_;

    std::vector<Run> runs_;
    std::vector<FileError> errors_;
    bool show_errors_ = true;
    std::uint64_t generation_ = 0;
    Calendar calendar_;

    // Live mode (runs_[0] = baseline, runs_[1] = live). The panel refers to
    // the session, so it is declared after it (destroyed first).
    std::shared_ptr<const Model> live_model_;
    std::unique_ptr<LiveSession> live_;
    std::unique_ptr<LivePanel> panel_;
    std::uint64_t live_version_ = ~std::uint64_t{0};
    bool follow_ = true;
    bool live_was_playing_ = false;
    std::optional<std::size_t> selected_leg_;

    // Time.
    double day_f_ = 0.0;
    int day_ = 0;
    bool playing_ = false;
    bool loop_ = false;
    float speed_ = 10.0f;

    // Map.
    MapMode mode_ = MapMode::Single;
    int map_run_ = 0, cmp_a_ = 0, cmp_b_ = 1;
    FlowMeasure measure_ = FlowMeasure::Day;
    LegColour leg_colour_ = LegColour::Mode;
    std::array<std::vector<std::int32_t>, 2> leg_groups_;  // per pane: Run::dominant_groups() of the day
    MapView view_;
    bool initial_view_pending_ = false;  // --view: applied once the map's size is known
    std::array<MapPane, 2> panes_;
    struct SameNetworkCache {
        std::uint64_t ga = 0, gb = 0;
        bool same = false;
    } same_cache_;
    struct DiffScaleCache {
        std::uint64_t ga = 0, gb = 0;
        FlowMeasure measure = FlowMeasure::Day;
        double flow = 0.0, waiting = 0.0;
    } diff_scale_cache_;

    // Charts.
    std::string arrivals_iso_;  // "" = all destination states
    bool cumulative_ = true;
    std::vector<std::string> destinations_;
    std::uint64_t destinations_key_ = 0;
    int side_tab_request_ = -1;
    struct DiffCache {
        std::uint64_t ga = 0, gb = 0;
        std::string iso;
        bool cumulative = true;
        std::array<std::vector<double>, 4> values;
    } diff_cache_;

    // Groups tab: the group shown, by name (it stays across runs and snapshots).
    std::string group_name_;
    std::string group_missing_;  // a group asked for (--group) that the run does not have
    std::string group_search_;
    int remove_role_ = 0;  // 0: any role, else kMemberRoleNames[remove_role_ - 1]
    int remove_count_ = 1;
    std::string remove_status_;
    bool remove_ok_ = false;

    Inspectors inspectors_;
    std::string open_path_;
};

}  // namespace smugglesim::viewer::gui
