#pragma once
// What every module of one running simulation shares: the immutable model, the
// day, the run's random key, the per-leg, per-offer and per-origin running state that
// phases write and route choice reads, and the declared output series.
// Module-specific state lives in the modules (sim/engine/module.hpp).
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "sim/engine/leg_state.hpp"
#include "sim/engine/series.hpp"
#include "sim/model.hpp"
#include "sim/rng.hpp"

namespace smugglesim {

// The roles of an organised crime group's members, as other modules name them
// (the organisations module's own list, kRoleNames in
// sim/organisations/model.hpp, is checked to be the same at compile time).
inline constexpr std::array<std::string_view, 8> kMemberRoleNames = {
    "organiser", "recruiter", "transporter", "forger", "broker", "safe_house", "official", "front"};
inline constexpr std::uint32_t kAllMembers = 0xffffffffu;

// A request to take members out of an organised crime group: made by the
// interventions module (actions remove_ocg and remove_members) on the day they
// act, carried out by the organisations module at the start of its market
// phase that day (its offers lose the members' seats from the next day on).
struct MemberRemoval {
    std::uint32_t ocg = 0;                 // index of Model::ocg_names
    std::optional<std::uint8_t> role;      // index of kMemberRoleNames; none: members of any role
    std::uint32_t count = 0;               // at most this many (kAllMembers: every member at work)
    int day = 0;                           // the day it was requested
};

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
    std::vector<DocumentState> documents; // [seller] running state (Model::document_sellers)
    std::vector<DocumentDay> document_day;  // [seller] what happened today
    std::vector<double> inflow_factor;    // [origin] multiplies the origin's daily rate
    std::vector<MemberRemoval> member_removals;  // requested today, in order; emptied by the organisations module
    SeriesSet series;                     // every module's declared output series

    const Model& md() const { return *model; }
};

}  // namespace smugglesim
