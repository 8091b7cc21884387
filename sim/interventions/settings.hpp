#pragma once
// The adjustable parameters of a model as the viewer's live mode edits them
// (open, capacity, hazard, price per leg; the inflow factor), and how a change
// of them becomes actions (actions.hpp) applied from a given day by the
// interventions module: live changes and scheduled interventions are the same
// thing, so a live run's change log saved as [[intervention]] blocks
// reproduces it from the command line.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/interventions/actions.hpp"
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

// Throws std::invalid_argument naming the leg and the value if a setting is
// out of range (NaN, negative capacity or price, hazard outside [0, 1),
// negative inflow factor, wrong leg count).
void validate(const Model& model, const Settings& s);

// The actions that take a run from settings `from` to `to` on `day` (none if
// they are equal): close_leg/open_leg, set_capacity, set_hazard, set_price per
// changed leg, and scale_inflow by `to.inflow_factor` (the inflow factor of
// Settings scales the scenario's own inflow: a caller that changes it again
// ends the previous scale_inflow action, see LiveSession).
std::vector<Action> actions_between(const Model& model, const Settings& from, const Settings& to, int day);

// One line per difference between two settings, e.g.
// "close leg TRIPOLI-LAMPEDUSA-SEA", "leg X capacity 500 -> 100", "inflow x1.5".
std::vector<std::string> describe_changes(const Model& model, const Settings& from, const Settings& to);

}  // namespace smugglesim
