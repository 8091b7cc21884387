#pragma once
// What every module of one running simulation shares: the immutable model, the
// day, the run's random key, the per-leg, per-offer and per-origin running state that
// phases write and route choice reads, and the declared output series.
// Module-specific state lives in the modules (sim/engine/module.hpp).
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/engine/leg_state.hpp"
#include "sim/engine/series.hpp"
#include "sim/model.hpp"
#include "sim/rng.hpp"

namespace smugglesim {

struct World {
    explicit World(std::shared_ptr<const Model> m);
    // Modules keep a reference to their World and ids into its series: a world
    // is neither copied nor replaced.
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    std::shared_ptr<const Model> model;   // never null; the network and parameters
    rng::Philox::key_type key;            // the run's random key (from the seed)
    int day = 0;                          // the day being simulated (next day between steps)
    std::vector<LegState> legs;           // [leg] running state
    std::vector<OfferState> offers;       // [offer] running state (Model::offers)
    std::vector<OfferDay> offer_day;      // [offer] what happened on it today
    std::vector<double> inflow_factor;    // [origin] multiplies the origin's daily rate
    SeriesSet series;                     // every module's declared output series

    const Model& md() const { return *model; }
};

}  // namespace smugglesim
