#pragma once
// Writes one self-describing HDF5 file per run. Layout: docs/hdf5-layout.md.
// The file is written to "<path>.partial" and renamed over <path> only once
// complete, so an error never leaves a half-written result behind.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/interventions/actions.hpp"
#include "sim/network.hpp"
#include "sim/engine/series.hpp"

namespace smugglesim {

struct RunMetadata {
    std::string scenario_name;
    std::string scenario_text;     // full TOML text as given
    std::string scenario_path;
    std::uint64_t seed = 0;
    int days = 0;
    double migrants_scale = 1.0;
    int threads = 1;
    std::string start_date;        // ISO date of day 0, e.g. "2016-01-01"
    std::string program_version;
    std::string git_revision;
    double wall_seconds = 0.0;
    // The interventions of the run (scheduled and live): the /interventions
    // table, and one line each ("day 42: close leg X") in the attribute `interventions`.
    std::vector<ActionRecord> actions;
};

inline constexpr int kHdf5LayoutVersion = 3;

// Writes everything at once; throws std::runtime_error naming the file on failure
// (and removes the partial file).
void write_hdf5(const std::filesystem::path& path, const RunMetadata& meta,
                const Network& net, const SeriesSet& series);

}  // namespace smugglesim
