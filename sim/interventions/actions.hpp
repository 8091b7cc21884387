#pragma once
// Interventions as actions with a day: what a planner writes as
// [[intervention]] blocks in a scenario (or in a file given with
// `smugglesim run --intervention`), and what the viewer's live changes become.
// An action acts from the start of its day until (not including) `until`.
// Resolved and validated against the model once (resolve_interventions);
// applied by the interventions module (module.hpp).
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace smugglesim {

struct Model;
struct InterventionSpec;
struct World;

enum class ActionKind : std::uint8_t {
    CloseLeg, OpenLeg, CloseBorder, OpenBorder, SetCapacity, SetPrice, SetHazard, SetInterception, SetInflow,
    ScaleInflow, RemoveOcg, RemoveMembers
};
inline constexpr std::array<std::string_view, 12> kActionNames = {
    "close_leg", "open_leg", "close_border", "open_border", "set_capacity", "set_price",
    "set_hazard", "set_interception", "set_inflow", "scale_inflow", "remove_ocg", "remove_members"};

// remove_ocg and remove_members take members out of an organised crime group
// once, on their day (they have no end): the interventions module asks the
// organisations module through World::member_removals.
inline constexpr bool is_removal(ActionKind k) { return k == ActionKind::RemoveOcg || k == ActionKind::RemoveMembers; }

inline constexpr int kNoEnd = std::numeric_limits<int>::max();

struct Action {
    std::string name;                  // free text
    ActionKind kind = ActionKind::CloseLeg;
    int day = 0;                       // first day it acts
    int until = kNoEnd;                // first day it no longer acts (kNoEnd: to the end)
    std::vector<std::uint32_t> legs;   // the legs it changes (close_border: those crossing the border)
    std::vector<std::uint32_t> origins;  // set_inflow: origin indices; empty = every origin
    std::vector<std::string> between;  // close_border/open_border: the two states, as written
    // set_*: the new value (capacity per day as in the scenario: applied x migrants_scale), or NaN
    // when `factor` multiplies the value instead; set_inflow: factor is the new inflow factor;
    // scale_inflow: factor multiplies the inflow factor.
    double value = std::numeric_limits<double>::quiet_NaN();
    double factor = std::numeric_limits<double>::quiet_NaN();
    // remove_ocg, remove_members: the group (index of Model::ocg_names);
    // remove_members: the members' role (index of kMemberRoleNames in
    // sim/engine/world.hpp, -1: any role) and how many (those at work first,
    // in member order).
    std::uint32_t ocg = 0;
    int role = -1;
    std::uint32_t count = 0;

    bool active(int d) const { return day <= d && d < until; }
};

// Resolves specs against a model (legs, states, origins, groups, dates; `days`
// and `start_date` of the run); throws InputError naming the spec's file, block
// and key for an unknown leg, state, origin, group or role, a missing or
// superfluous key, a day past the end, an end before the start, or a removal
// in a model without organised crime groups.
std::vector<Action> resolve_interventions(const std::vector<InterventionSpec>& specs, const Model& model);

// Checks an action (resolved, or made in code by the viewer's live mode):
// legs, origins and groups exist, days in order, values in range; throws
// std::invalid_argument naming the leg or group and the value.
void validate(const Action& a, const Model& model);

// Applies `a` to the running state (World::legs, World::inflow_factor); a
// removal, on its own day only, adds its request to World::member_removals.
void apply(const Action& a, const Model& model, World& w);

// One row of the results file's /interventions table.
struct ActionRecord {
    int day = 0;
    int until = -1;          // -1: to the end of the run
    std::string date;        // ISO date of `day` ("" without a valid start_date)
    std::string name, action, parameters, description;
};
ActionRecord record_of(const Action& a, const Model& model);

// "close leg IZMIR-LESBOS-SEA", "set the capacity of 2 legs to 500 per day", ...
std::string describe(const Action& a, const Model& model);
// The parameters as one line, e.g. "legs=A,B capacity=500" (the results file's table).
std::string parameters_text(const Action& a, const Model& model);
// A [[intervention]] block that resolves back to exactly `a` (numbers written
// so that they read back bit for bit).
std::string to_toml(const Action& a, const Model& model);

}  // namespace smugglesim
