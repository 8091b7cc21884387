#pragma once
// The interventions module: applies scheduled actions (actions.hpp) first thing
// in a day. It owns the schedule: the scenario's [[intervention]] blocks
// (Model::interventions) plus actions added while the run goes (the viewer's
// live changes, add()). On a day when an action starts or ends, the legs'
// running state and the inflow factors are recomputed: the model's starting
// values, then every action active that day in order of start day (ties: in
// schedule order). A removal of group members (remove_ocg, remove_members)
// acts once, on its day: a request in World::member_removals, which the
// organisations module carries out. Phase: `interventions` at Stage::Interventions.
#include <vector>

#include "sim/engine/config_group.hpp"
#include "sim/engine/module.hpp"
#include "sim/interventions/actions.hpp"

namespace smugglesim {

class InterventionsModule final : public Module {
public:
    explicit InterventionsModule(World& w);
    static std::unique_ptr<Module> make(World& w) { return std::make_unique<InterventionsModule>(w); }
    // The module's scenario group (params.cpp): [[intervention]] blocks.
    static void bind_params(ConfigGroup& root, Scenario& s);

    std::string_view name() const override { return "interventions"; }
    std::vector<Phase> phases() override;
    std::string check(const World&) const override;

    // Adds an action (validated against the model; std::invalid_argument if
    // bad). It must not start before the next day to simulate.
    void add(Action a);
    // Ends action `index` of the schedule on `day` (not before the next day to
    // simulate, not after its own end; on its first day: it never acts);
    // std::invalid_argument if it cannot.
    void end(std::size_t index, int day);
    // The schedule: the scenario's actions, then those added, in order.
    const std::vector<Action>& schedule() const { return schedule_; }
    // The scenario's own actions come first in the schedule: this many.
    std::size_t scheduled_count() const { return scheduled_; }

private:
    void apply_due();
    World& w_;
    std::vector<Action> schedule_;
    std::size_t scheduled_ = 0;
};

}  // namespace smugglesim
