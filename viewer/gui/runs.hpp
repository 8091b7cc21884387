#pragma once
// The runs the viewer shows (open files, or the live run and its baseline),
// with the derived series the map and charts need, computed once per change of
// the data (a file load, a new live snapshot), never per frame.
#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "viewer/core/ocgs.hpp"
#include "viewer/core/run_data.hpp"

namespace smugglesim::viewer::gui {

// How leg flows are measured on the map.
enum class FlowMeasure { Day = 0, Week = 1, ToDate = 2 };
inline constexpr const char* kFlowMeasureNames[3] = {"boarding that day", "7-day mean per day", "total to date"};

struct RunStats {
    int days_done = 0;
    // Headline series, one value per day in [0, days_done).
    std::vector<double> arrived, arrived_daily, dead, missing, dead_missing, waiting, travelling, generated, stranded;
    // Arrivals by country index: daily and cumulative, [country][day].
    std::vector<std::vector<double>> arrivals_daily, arrivals_cum;
    // Per leg cumulative flow [day * n_legs + leg], including that day.
    std::vector<double> leg_flow_cum;
    double max_flow = 0.0;        // largest daily flow of any leg on any day
    double max_total_flow = 0.0;  // largest flow of any leg over the whole run
    double max_waiting = 0.0;     // largest number waiting at any place on any day
    // ISO codes of the countries of destination places (for the arrivals selector).
    std::vector<std::string> destination_countries;
    // Organised crime groups (empty index if the run does not say whose offers
    // are whose): per offer boardings to date [day * n_offers + offer], and each
    // group's rank by the migrants it carried over the run so far (0 = most).
    OcgIndex ocgs;
    std::vector<double> offer_cum;
    std::vector<std::uint32_t> ocg_rank;
};

RunStats compute_stats(const RunData& run);

struct Run {
    std::shared_ptr<const RunData> data;
    std::string label;   // unique among the open runs
    ImU32 colour = 0;
    RunStats stats;
    std::uint64_t generation = 0;  // unique per data set shown (caches compare it)

    void set(std::shared_ptr<const RunData> d, std::uint64_t gen) {
        data = std::move(d);
        stats = compute_stats(*data);
        generation = gen;
    }
    bool has_day(int day) const { return data && day >= 0 && day < data->days_done; }
    int clamp_day(int day) const;  // into [0, days_done - 1] (0 if empty)
    // A leg's flow under a measure, on a day (0 outside the data).
    double leg_flow(std::size_t leg, int day, FlowMeasure m) const;
    double flow_scale(FlowMeasure m) const { return m == FlowMeasure::ToDate ? stats.max_total_flow : stats.max_flow; }
    // Days [first, last] a measure covers on `day`: that day, the last 7, or all to date.
    std::pair<int, int> period(int day, FlowMeasure m) const;
    // Per leg, the group that carried most of its flow in that period
    // (dominant_groups(): kNoFlow, kOwnService or a group index).
    std::vector<std::int32_t> dominant_groups(int day, FlowMeasure m) const;
    // An offer's boardings in a period (0 outside the data).
    double offer_boardings(std::uint32_t offer, int first, int last) const;
};

// A file that could not be opened: shown in the window and on stderr.
struct FileError {
    std::string path;
    std::string message;
};

// Cumulative arrivals of one run for a destination ISO code ("" = all destination states).
const std::vector<double>* arrivals_series(const Run& run, const std::string& iso, bool cumulative);

}  // namespace smugglesim::viewer::gui
