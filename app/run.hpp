#pragma once
// The whole run: scenario -> network -> model -> simulation -> HDF5 + summary.
// Shared by the CLI, the tests and the benchmarks.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/model.hpp"
#include "io/output_hdf5.hpp"
#include "sim/engine/simulation.hpp"

namespace smugglesim {

struct RunOptions {
    std::filesystem::path scenario;
    std::filesystem::path output;          // empty: do not write a file
    std::optional<int> days;
    std::optional<std::uint64_t> seed;
    int threads = 0;                       // 0: all cores
    double migrants_scale = 1.0;
    // Files of [[intervention]] blocks added to the scenario's own.
    std::vector<std::filesystem::path> interventions;
    // Changes the scenario as read, before the model is built (benchmarks
    // comparing variants of one scenario file).
    std::function<void(Scenario&)> edit_scenario;
};

struct RunResult {
    std::shared_ptr<const Model> model;
    std::unique_ptr<Simulation> sim;
    RunMetadata meta;
};

// Loads and validates everything (throws InputError before any output exists).
std::shared_ptr<const Model> load_model(const RunOptions& opts);

// Runs the model; `on_day(day, sim)` after each day (for progress).
RunResult run_model(std::shared_ptr<const Model> model, const RunOptions& opts,
                    const std::function<void(int, const Simulation&)>& on_day = {});

// A short table a person can read: arrivals per destination, deaths and
// missing per crossing, still in transit, money paid, wall time.
std::string summary_text(const RunResult& r);

// Every declared series' run total as JSON (per column; flows summed over days,
// stocks and cumulative counts at the end), for scripts and for checking the
// HDF5 file.
std::string summary_json(const RunResult& r);

}  // namespace smugglesim
