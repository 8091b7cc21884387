#pragma once
// Running state of one leg (see World::legs).
#include <cstdint>

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
    double document_check = 1.0;  // multiplies the detection of false documents where they are checked (corrupt officials)
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
    double document_check_factor = 1.0;  // multiplies the detection of its clients' false documents (corrupt officials)
    double trust_cost = 0.0;         // generalised cost of distrust (reputation), choice units
    bool operator==(const OfferState&) const = default;
};

// What happened on one offer today (World::offer_day), written by the migrants
// module: boardings at the board stage (where the counts are reset), the ends of
// trips at the arrive stage. Complete for the stages after Arrive.
struct OfferDay {
    std::uint32_t boarded = 0;      // migrants who boarded
    double paid = 0.0;              // EUR they paid (the price they saw; those on credit its up-front part)
    std::uint32_t credit = 0;       // of the boarders, those who owe part of the price (OfferModel::credit_share)
    std::uint32_t bonding = 0;      // of those, the ones whose trip will end in their destination state
    std::uint32_t bonded = 0;       // trips that ended today in the destination state owing part of the price
    std::uint32_t reached = 0;      // trips that reached the leg's end (arrived or going on)
    std::uint32_t dead = 0;
    std::uint32_t missing = 0;
    std::uint32_t intercepted = 0;  // returned or pushed back
    std::uint32_t queued = 0;       // migrants queued for it at the end of the arrive stage
};

// Running state of one documents seller (Model::document_sellers), written by
// the organisations module at its market phase for the next day: the documents
// it has ready and their price. The migrants module sells them (decrements
// `available`) during its choose and arrive phases, in a fixed order.
struct DocumentState {
    std::uint32_t available = 0;     // documents that can still be sold today
    double price = 0.0;              // EUR
};

// What a documents seller saw today (World::document_day), written by the
// migrants module, read and reset by the organisations module's market phase.
struct DocumentDay {
    std::uint32_t wanted = 0;        // migrants who chose to buy one
    std::uint32_t sold = 0;          // of them, those who got one (the rest chose again without it)
    std::uint32_t packaged = 0;      // documents handed to clients of the group's packages (paid with the package)
};

}  // namespace smugglesim
