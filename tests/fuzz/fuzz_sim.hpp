#pragma once
// For fuzz targets that run what they accepted: one day with every module's
// invariant checks (Simulation::check_state), a broken one being a finding.
#include <string>

#include "fuzz_target.hpp"
#include "sim/engine/simulation.hpp"

namespace smugglesim::fuzz {

inline void step_checked(Simulation& sim) {
    sim.step();
    const std::string broken = sim.check_state();
    if (!broken.empty()) finding("invariant broken on day " + std::to_string(sim.day() - 1) + ": " + broken);
}

}  // namespace smugglesim::fuzz
