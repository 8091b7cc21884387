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

// Running state of one offer: an organised crime group's service on a leg
// (sim/model.hpp, OfferModel), written by the organisations module. A leg's own
// service (no smuggler) has no offer state of its own: it is the leg.
struct OfferState {
    bool active = true;              // the group sells the crossing today
    double capacity = 0.0;           // seats per day (x migrants_scale)
    double price = 0.0;              // EUR per migrant
    double hazard_factor = 1.0;      // multiplies the leg's hazard (boat type, load)
    double interception_factor = 1.0;  // multiplies the leg's interception (corrupt officials)
    double trust_cost = 0.0;         // generalised cost of distrust (reputation), choice units
    bool operator==(const OfferState&) const = default;
};

// What happened on one offer today (World::offer_day), written by the migrants
// module: boardings at the board stage (where the counts are reset), the ends of
// trips at the arrive stage. Complete for the stages after Arrive.
struct OfferDay {
    std::uint32_t boarded = 0;      // migrants who boarded
    double paid = 0.0;              // EUR they paid (boarded x the price they saw)
    std::uint32_t reached = 0;      // trips that reached the leg's end (arrived or going on)
    std::uint32_t dead = 0;
    std::uint32_t missing = 0;
    std::uint32_t intercepted = 0;  // returned or pushed back
    std::uint32_t queued = 0;       // migrants queued for it at the end of the arrive stage
};

}  // namespace smugglesim
