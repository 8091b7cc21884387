#pragma once
// Changes to a model's parameters that act from a given day on: close or
// reopen a leg, change its capacity, hazard or price, scale the inflow. Used by
// the viewer's live mode (and by scheduled interventions in later issues).
// A changed model is a new immutable Model sharing the network with the old one;
// Simulation::replace_model() switches a running simulation to it between days.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/model.hpp"

namespace smugglesim {

// The adjustable parameters of one leg, in the model's units (capacity already
// multiplied by migrants_scale).
struct LegSettings {
    bool open = true;
    double capacity = 0.0;  // boardings per day
    double hazard = 0.0;    // probability of death or going missing per trip, [0, 1)
    double price = 0.0;     // EUR per migrant
    bool operator==(const LegSettings&) const = default;
};

struct Settings {
    std::vector<LegSettings> legs;  // one per leg of the model
    double inflow_factor = 1.0;     // multiplies every origin's daily rate, >= 0
    bool operator==(const Settings&) const = default;
};

// The settings a model was built with.
Settings settings_of(const Model& model);

// A copy of `base` with `s` applied. Throws std::invalid_argument naming the
// leg and the value if a setting is out of range (NaN, negative capacity or
// price, hazard outside [0, 1), negative inflow factor, wrong leg count).
std::shared_ptr<const Model> with_settings(const std::shared_ptr<const Model>& base, const Settings& s);

// One line per difference between two settings, e.g.
// "close leg TRIPOLI-LAMPEDUSA-SEA", "leg X capacity 500 -> 100", "inflow x1.5".
std::vector<std::string> describe_changes(const Model& model, const Settings& from, const Settings& to);

}  // namespace smugglesim
