#pragma once
// Running state of one leg (see World::legs).
namespace smugglesim {

// What can change about a leg during a run. Starts as the model's
// LegModel::initial; interventions (and later markets and patrols) write it
// between or during phases; route choice and boarding read it.
struct LegState {
    bool open = true;             // closed legs take no one and are never chosen
    double capacity = 0.0;        // boardings per day (already x migrants_scale)
    double price = 0.0;           // EUR per migrant
    double hazard = 0.0;          // probability of death or going missing per trip, [0, 1)
    double interception = 0.0;    // probability of interception per trip, [0, 1)
    bool operator==(const LegState&) const = default;
};

}  // namespace smugglesim
