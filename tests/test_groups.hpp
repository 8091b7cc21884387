#pragma once
// Organised crime groups in unit tests: the toy network's two rival groups and
// lookups of groups and offers by name (tests/test_helpers.hpp has the toy network).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "sim/engine/simulation.hpp"
#include "sim/errors.hpp"
#include "sim/model.hpp"
#include "tests/test_helpers.hpp"

namespace smugglesim::testing {

// Two groups competing on the crossing P-I (the other smuggled legs get
// default groups): Alpha, a hierarchy paid mostly through hawala, and Beta,
// independent cells paid in cash.
inline const std::string kTwoGroups = R"(
[organisations]
enabled = true

[[ocg]]
name = "Alpha"
structure = "hierarchy"
legs = ["P-I"]
members = { organiser = 1, recruiter = 2, transporter = 8, broker = 1 }
capacity = 80
payment = { cash = 0.2, hawala = 0.7, transfer = 0.1 }

[[ocg]]
name = "Beta"
structure = "cells"
legs = ["P-I"]
members = { organiser = 1, recruiter = 2, transporter = 8 }
capacity = 80
payment = { cash = 1.0 }
)";

// One group sells the crossing P-I with too few seats for the demand and may
// not hire (max_growth = 1): its queue stays long and its price high, so P's
// entrant enters it (docs/model.md, Entry and exit).
inline const std::string kScarce = R"(
[organisations]
enabled = true
max_growth = 1.0
entrants_per_stage = 1

[[ocg]]
name = "Solo"
structure = "cells"
legs = ["P-I"]
members = { organiser = 1, recruiter = 1, transporter = 1 }
capacity = 30
)";

// Index of the group named `name` (Model::ocg_names); a test failure if there is none.
inline std::uint32_t ocg_index(const Model& m, const std::string& name) {
    const auto it = std::find(m.ocg_names.begin(), m.ocg_names.end(), name);
    EXPECT_NE(it, m.ocg_names.end()) << name;
    return static_cast<std::uint32_t>(it - m.ocg_names.begin());
}

// The offer of group `g` on leg `l`; a test failure if there is none.
inline std::uint32_t offer_of(const Model& m, std::uint32_t l, std::uint32_t g) {
    for (std::uint32_t o = m.leg_offers[l]; o < m.leg_offers[l + 1]; ++o)
        if (m.offers[o].ocg == g) return o;
    ADD_FAILURE() << "no offer of group " << g << " on leg " << l;
    return 0;
}

// Runs `m` to its end, checking the simulation's state (conservation of
// migrants, the money balances) after every day; stops at the first failure.
inline SeriesSet run_checked(const std::shared_ptr<const Model>& m) {
    Simulation sim(m);
    while (!sim.done()) {
        sim.step();
        const std::string why = sim.check_state();
        EXPECT_EQ(why, "") << "day " << sim.day() - 1;
        if (!why.empty()) break;
    }
    return sim.series();
}

// The message of the InputError that building the toy model with `extra`
// throws ("" if it builds).
inline std::string toy_input_error(const std::string& extra) {
    try {
        toy_model(extra);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace smugglesim::testing
