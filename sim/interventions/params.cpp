// The interventions module's scenario group: [[intervention]] blocks
// (docs/model.md, Interventions), resolved against the network by build_model.
#include <fmt/format.h>

#include "sim/engine/world.hpp"
#include "sim/interventions/module.hpp"
#include "sim/scenario.hpp"

namespace smugglesim {

void InterventionsModule::bind_params(ConfigGroup& root, Scenario& s) {
    auto blocks = root.tables("intervention", "[[intervention]]   # optional, repeatable: a change applied from a day on",
                              "A scheduled intervention: applied at the start of its day, undone at its end if it has "
                              "one (docs/model.md, Interventions)");
    for (auto& g : blocks) {
        InterventionSpec v;
        g->string("name", v.name, "free text, shown in outputs and the viewer");
        std::vector<std::string> actions(kActionNames.begin(), kActionNames.end());
        g->string("action", v.action, "what it does (required)", actions);
        g->string("date", v.date, "first day it acts, YYYY-MM-DD (or give day)");
        g->optional_integer("day", v.day, Range{0, 36500}, "first day it acts, counted from start_date = day 0 (or give date)");
        g->string("until", v.until, "optional: first day it no longer acts, YYYY-MM-DD (or give days)");
        g->optional_integer("days", v.days, Range{1, 36500},
                            "optional: how many days it acts (or give until; not for remove_ocg, remove_members)");
        g->string_list("legs", v.legs, "leg ids (close_leg, open_leg, set_capacity, set_price, set_hazard, set_interception)");
        g->string_list("between", v.between,
                       "two ISO3 states: every leg from one to the other, both ways (close_border, open_border)");
        g->string_list("origins", v.origins, "origin place ids for set_inflow (default: every origin)");
        g->optional_real("capacity", v.capacity, Range{0.0, 1e9}, "set_capacity: boardings per day (x --migrants-scale)");
        g->optional_real("price", v.price, Range{0.0, 1e9}, "set_price: EUR per migrant");
        g->optional_real("hazard", v.hazard, kProbability, "set_hazard: probability of death or going missing per trip");
        g->optional_real("interception", v.interception, kProbability,
                         "set_interception: probability of interception per trip");
        g->optional_real("factor", v.factor, Range{0.0, 100.0},
                         "set_capacity/price/hazard/interception: multiply instead of set; set_inflow: the inflow factor "
                         "(required)");
        g->string("ocg", v.ocg,
                  "remove_ocg, remove_members: the group's name (an [[ocg]] block's name, or <place id>#<k> for the "
                  "default groups of a place)");
        std::vector<std::string> roles(kMemberRoleNames.begin(), kMemberRoleNames.end());
        g->string("role", v.role, "remove_members: the role of the members removed (default: any role)", roles);
        g->optional_integer("count", v.count, Range{1, 1000000},
                            "remove_members: how many members, the first at work in the group's member order (required)");
        g->finish();
        if (g->documenting()) continue;
        v.where = g->where();
        if (v.action.empty()) g->fail("action", "is required");
        s.interventions.push_back(std::move(v));
    }
}

}  // namespace smugglesim
