#pragma once
// What the viewer shows of one run: its network, its daily series and where it
// came from. Filled either from an HDF5 results file (layout v3,
// docs/hdf5-layout.md) or from a running Simulation (live mode). No OpenGL here.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/network.hpp"
#include "sim/engine/series.hpp"

namespace smugglesim {
class Simulation;
}

namespace smugglesim::viewer {

// A results file the viewer cannot use: the message names the file and what is
// wrong (missing, not HDF5, not a smugglesim file, other layout version, a
// missing or mis-shaped dataset).
class RunFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One declared series of a run, looked up by name; empty (every value 0) if
// the run has no series of that name.
struct SeriesView {
    const SeriesSet* set = nullptr;
    SeriesId id = 0;
    explicit operator bool() const { return set != nullptr; }
    double operator()(int day, std::size_t col = 0) const { return set ? set->value(id, day, col) : 0.0; }
    // Column `col` over days [0, days).
    std::vector<double> column(std::size_t col, int days) const;
};

struct RunData {
    std::string source;          // file path, or "live" / "baseline"
    std::string label;           // short name for legends (file stem, "live", ...)
    std::string scenario_name;
    std::string start_date;      // ISO date of day 0 as given in the scenario
    std::uint64_t seed = 0;
    int layout_version = 0;      // of the file (0 for a live snapshot)
    int days = 0;                // days the run covers when complete
    int days_done = 0;           // days with data: == days for a file, <= days live
    std::shared_ptr<const Network> network;  // places, legs (with geometry), countries
    SeriesSet series;            // every series of the run; rows [0, days_done) are valid

    SeriesView view(Dim dim, std::string_view name) const;
    // Convenience accessors for row `day` (0 <= day < days_done).
    double total(int day, std::string_view name) const { return view(Dim::Total, name)(day); }
    double waiting(int day, std::size_t place) const { return view(Dim::Place, "waiting")(day, place); }
    double flow(int day, std::size_t leg) const { return view(Dim::Leg, "flow")(day, leg); }
};

// Reads a results file written by `smugglesim run` (layout version 3): the
// network, and every series under /series with its declaration (units,
// description, measure, module) as the file records it. The series the viewer
// draws (totals arrived, dead, missing, waiting, travelling, generated,
// stranded; per place waiting; per leg flow) must be there.
// Throws RunFileError; never crashes on a bad file.
RunData load_run_file(const std::filesystem::path& path);

// Copies the network and the series (all days; the first sim.day() are filled) of a
// simulation (live mode). Called by the simulation's own thread between days.
RunData snapshot(const Simulation& sim, std::string source, std::string label);

// True if two runs have the same network (same places and legs, by id and
// order), so that they can be compared leg by leg on one map.
bool same_network(const RunData& a, const RunData& b);

}  // namespace smugglesim::viewer
