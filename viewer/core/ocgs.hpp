#pragma once
// What the viewer shows of a run's organised crime groups: their names, each
// group's offers and legs, each leg's offers, and which group carried most of
// a leg's flow over some days (from the per-offer series `boardings`). Read
// from the series' labels and offer references (SeriesSet::refs): a live
// snapshot has them, and so has a results file with /organisations
// (docs/hdf5-layout.md). No OpenGL here.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "viewer/core/run_data.hpp"

namespace smugglesim::viewer {

// dominant_groups(): a leg nobody boarded in the period, or one whose busiest
// offer is the leg's own service (no smuggler).
inline constexpr std::int32_t kNoFlow = -2, kOwnService = -1;

struct OcgIndex {
    std::vector<std::string> names;                      // [group]
    std::vector<std::int32_t> offer_leg, offer_ocg;      // [offer]; offer_ocg -1: the leg's own service
    std::vector<std::vector<std::uint32_t>> leg_offers;  // [leg] its offers, in offer order
    std::vector<std::vector<std::uint32_t>> ocg_offers;  // [group] its offers, in offer order (so by leg)

    // The run says which offer is whose (a file written before /organisations does not).
    bool available() const { return !offer_leg.empty(); }
    std::size_t offers() const { return offer_leg.size(); }
};

// The index of a run's groups and offers (empty if the run does not have them).
OcgIndex ocg_index(const RunData& run);

// Per-offer boardings to date: [day * n_offers + offer] = boardings on days
// 0..day, for days [0, days_done). Empty without the series `boardings`.
std::vector<double> cumulative_boardings(const RunData& run);

// For each leg, the group of its offer that carried most in days [first,
// last] (ties: the first offer), kOwnService if that is the leg's own service,
// kNoFlow if nobody boarded it then. `cum` from cumulative_boardings.
std::vector<std::int32_t> dominant_groups(const OcgIndex& ix, std::span<const double> cum, std::size_t legs, int first,
                                          int last);

// The groups by the migrants they carried over days 0..last, most first (ties:
// by index); groups that carried nobody come last.
std::vector<std::uint32_t> groups_by_boardings(const OcgIndex& ix, std::span<const double> cum, int last);

// When group `g` started selling (docs/model.md, Entry and exit): the first
// day its offers were open (series `offers_open`), kNeverSold if they never
// were in days [0, days_done), nullopt if the run has no such series (files
// written before entry and exit). 0: it was in the market from the start.
inline constexpr int kNeverSold = -1;
std::optional<int> first_day_selling(const RunData& run, std::size_t g);

}  // namespace smugglesim::viewer
