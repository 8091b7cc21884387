#pragma once
// Small hand-built networks and scenarios for unit tests (no GDAL needed).
#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <string>
#include <vector>

#include "sim/engine/series.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/migrants/migrants.hpp"
#include "sim/model.hpp"
#include "sim/network.hpp"
#include "config/scenario_toml.hpp"

#include <tbb/global_control.h>

namespace smugglesim::testing {

inline Place place(std::string id, std::string country, PlaceKind kind, double lon, double lat) {
    Place p;
    p.id = id;
    p.name = id;
    p.country = std::move(country);
    p.kind = kind;
    p.lon = lon;
    p.lat = lat;
    return p;
}

inline Leg leg(std::string id, std::uint32_t from, std::uint32_t to, Mode mode, double days, double price,
               double capacity, double hazard, double interception = 0.0, bool docs = false) {
    Leg l;
    l.id = std::move(id);
    l.from = from;
    l.to = to;
    l.mode = mode;
    l.base_days = days;
    l.price_eur = price;
    l.capacity_per_day = capacity;
    l.hazard = hazard;
    l.interception = interception;
    l.requires_documents = docs;
    return l;
}

// Origin A (AAA) -> port P (TTT) -> sea -> island I (GGG) -> land -> city D (DEU, destination)
//                                     \-> air (documents) ----------------------/
// plus a second, dearer sea crossing P -> I2 -> D, and a land leg into SWE.
inline std::shared_ptr<const Network> toy_network() {
    std::vector<Place> ps = {
        place("A", "AAA", PlaceKind::Origin, 60.0, 34.0),       // 0
        place("P", "TTT", PlaceKind::Port, 27.0, 38.5),         // 1
        place("I", "GGG", PlaceKind::Port, 26.5, 39.1),         // 2
        place("I2", "GGG", PlaceKind::Port, 27.2, 37.0),        // 3
        place("D", "DEU", PlaceKind::Destination, 13.4, 52.5),  // 4
        place("S", "SWE", PlaceKind::Destination, 18.0, 59.3),  // 5
    };
    std::vector<Leg> ls = {
        leg("A-P", 0, 1, Mode::Land, 10, 2000, 400, 1e-4, 0.01),
        leg("P-I", 1, 2, Mode::Sea, 1, 1200, 150, 0.01, 0.05),
        leg("P-I2", 1, 3, Mode::Sea, 1, 2500, 100, 0.002, 0.05),
        leg("I-D", 2, 4, Mode::Land, 8, 1500, 300, 1e-4, 0.02),
        leg("I2-D", 3, 4, Mode::Land, 9, 1500, 300, 1e-4, 0.02),
        leg("P-D-AIR", 1, 4, Mode::Air, 1, 5000, 20, 0.0, 0.02, true),
        leg("D-S", 4, 5, Mode::Land, 2, 500, 100, 0.0, 0.01),
    };
    auto net = std::make_shared<Network>(std::move(ps), std::move(ls));
    net->source = "toy-network";
    return net;
}

inline std::string toy_scenario_text(const std::string& extra = "") {
    return R"(
[scenario]
name = "toy"
days = 120
seed = 42
start_date = "2015-01-01"

[network]
file = "unused.gpkg"

[[origin]]
place = "A"
rate_per_day = 300.0
destinations = { DEU = 0.7, SWE = 0.3 }
money_median_eur = 7000.0
money_sigma = 0.6
documents = { none = 0.7, genuine = 0.1, forged = 0.2 }
)" + extra +
           // Tests of the migrants' engine run without organised crime groups
           // (every leg its own service) unless they configure them.
           (extra.find("[organisations]") == std::string::npos ? "\n[organisations]\nenabled = false\n" : "");
}

inline std::shared_ptr<const Model> toy_model(const std::string& extra = "", ModelOptions opts = {}) {
    Scenario sc = parse_scenario(toy_scenario_text(extra), ".", "toy.toml");
    return build_model(std::move(sc), toy_network(), opts);
}

// Waits (without asserting anything about speed) until `cond` holds; false
// after a generous limit, so that a hang does not stall the test run.
inline bool eventually(const std::function<bool()>& cond) {
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!cond()) {
        if (std::chrono::steady_clock::now() > limit) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

// Runs `model` to its end on 1, 2 and 4 threads: "" if every series is
// bit-identical across the three, else where they first differ.
inline std::string differs_across_thread_counts(const std::shared_ptr<const Model>& model) {
    auto run = [&](int threads) {
        tbb::global_control gc(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
        Simulation sim(model);
        sim.run();
        return sim.series();
    };
    const SeriesSet one = run(1);
    std::string why;
    for (const int t : {2, 4})
        if (!one.same(run(t), &why)) return std::to_string(t) + " threads: " + why;
    return {};
}

// The migrant counters of a simulation.
inline const Totals& totals(const Simulation& sim) { return sim.module<MigrantsModule>().totals(); }

// Value of series (dim, name) on `day`, column `col`.
inline double at(const SeriesSet& s, Dim dim, const char* name, int day, std::size_t col = 0) {
    return s.value(s.at(dim, name), day, col);
}

// Run total of column `col` of series (dim, name): flows summed over days,
// stocks and cumulative counts on the last day.
inline double run_total(const SeriesSet& s, Dim dim, const char* name, std::size_t col = 0) {
    return s.run_totals(s.at(dim, name)).at(col);
}

}  // namespace smugglesim::testing
