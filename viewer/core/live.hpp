#pragma once
// Live mode for trainers: a simulation runs on a background thread beside its
// untouched baseline (same scenario, same seed); changes made in the window act
// on the live run from its next day on. The GUI polls snapshots each frame.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sim/interventions/settings.hpp"
#include "sim/model.hpp"
#include "viewer/core/run_data.hpp"

namespace smugglesim::viewer {

class LiveSession {
public:
    // Starts the background thread, paused at day 0. `threads` = TBB workers
    // for the two simulations (they step one after the other).
    LiveSession(std::shared_ptr<const Model> model, int threads = 1);
    ~LiveSession();  // stops and joins the thread
    LiveSession(const LiveSession&) = delete;
    LiveSession& operator=(const LiveSession&) = delete;

    const Model& model() const { return *base_; }

    // --- time control
    void play();
    // Plays as fast as the speed allows and pauses by itself once `days` days
    // have been simulated (at the model's last day at most).
    void play_until(int days);
    void pause();
    bool playing() const;
    void step_day();                        // one day of both runs (when paused)
    void set_days_per_second(double d);     // playback speed; <= 0: as fast as possible
    double days_per_second() const;
    // Both runs back to day 0, settings and change log reset to the scenario's
    // at once; changes and steps asked for afterwards act on the fresh runs.
    void restart();

    // --- changes to the live run (from its next day on; the baseline never changes)
    Settings settings() const;              // current live settings
    const Settings& scenario_settings() const { return scenario_settings_; }
    void apply(const Settings& s);          // throws std::invalid_argument on bad values
    // Takes members out of an organised crime group of the live run from its
    // next day on: `a` is a remove_ocg or remove_members action (its day is set
    // then). In the change log like the other changes; std::invalid_argument
    // if it is not a removal or is bad (validate(), actions.hpp).
    void remove(Action a);
    // Every change so far: "day 42: close leg X".
    std::vector<std::string> change_log() const;
    // Every change so far as [[intervention]] blocks: with `smugglesim run
    // SCENARIO --intervention FILE` they reproduce the live run bit for bit.
    std::string interventions_toml() const;
    // Writes interventions_toml() to `path` atomically; std::runtime_error naming it.
    void save_interventions(const std::filesystem::path& path) const;

    // --- results
    int day() const;                         // days simulated so far (both runs)
    bool finished() const;                   // reached the model's last day
    // A counter that increases whenever new snapshots are available.
    std::uint64_t version() const { return version_.load(); }
    std::shared_ptr<const RunData> live() const;
    std::shared_ptr<const RunData> baseline() const;
    // Writes the live run so far (days simulated until now) to HDF5, atomically;
    // the changes go into the file's /interventions table and `interventions` attribute.
    // Throws std::runtime_error naming the file.
    void save(const std::filesystem::path& path) const;
    // Last error of the background thread ("" if none).
    std::string error() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::shared_ptr<const Model> base_;
    Settings scenario_settings_;
    std::atomic<std::uint64_t> version_{0};
};

}  // namespace smugglesim::viewer
