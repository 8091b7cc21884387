#pragma once
// Live mode controls: time (play/pause, step, speed, restart), changes to the
// live run (a leg: open, capacity, hazard, price; a border: every leg between
// two countries, both ways; the inflow factor), the change log, and saving the
// live run to HDF5 in the background.
#include <imgui.h>

#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "viewer/core/live.hpp"
#include "viewer/gui/style.hpp"

namespace smugglesim::viewer::gui {

class LivePanel {
public:
    explicit LivePanel(LiveSession& live);
    ~LivePanel();
    LivePanel(const LivePanel&) = delete;
    LivePanel& operator=(const LivePanel&) = delete;

    // Call once per frame: picks up new settings and the change log when the
    // session's version changed (never blocks on the simulation).
    void poll();
    // `selected_leg` is shared with the map (a click on a leg selects it here).
    void draw(std::optional<std::size_t>& selected_leg, const Fonts& fonts);
    const Settings& settings() const { return settings_; }
    bool saving() const { return save_job_.valid(); }
    // Time controls, also used by the top bar.
    void toggle_play();

private:
    void refresh();
    void apply(Settings s);
    void draw_time(const Fonts& fonts);
    void draw_leg(std::optional<std::size_t>& selected_leg, const Fonts& fonts);
    void draw_border(const Fonts& fonts);
    void draw_inflow(const Fonts& fonts);
    void draw_log(const Fonts& fonts);
    void draw_save(const Fonts& fonts);

    LiveSession& live_;
    std::uint64_t seen_version_ = ~std::uint64_t{0};
    Settings settings_;
    std::vector<std::string> log_;
    std::size_t log_seen_ = 0;
    int scroll_log_ = 0;
    std::string apply_error_;
    std::string search_;
    LegSettings edit_leg_;
    std::optional<std::size_t> edit_for_;
    double edit_inflow_ = 1.0;
    int border_a_ = -1, border_b_ = -1;
    std::vector<std::string> country_labels_;
    std::string save_path_ = "results/live.h5";
    std::future<std::string> save_job_;
    std::string save_status_;
    bool save_ok_ = false;
};

}  // namespace smugglesim::viewer::gui
