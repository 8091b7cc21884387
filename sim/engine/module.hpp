#pragma once
// A module is one kind of agent (migrants; later smuggling organisations,
// enforcement, justice) or one mechanism (interventions). It owns its state,
// declares its output series in its constructor, contributes named phases at
// fixed stages of the day, and checks its own invariants. Modules meet in the
// World (sim/engine/world.hpp): per-leg running state and the series.
//
// A newcomer writes a class derived from Module in a directory of its own and
// adds one line to the module list (sim/modules.cpp); see docs/architecture.md.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/world.hpp"

namespace smugglesim {

// Where a phase runs in the day. Phases run in stage order, and in the order
// the modules were listed within a stage: part of the model's definition.
enum class Stage : int {
    Interventions = 0,  // scheduled changes, applied first thing in a day
    Generate = 100,
    Choose = 200,
    Board = 300,
    Arrive = 400,
    Market = 500,
    Enforce = 600,
    Investigate = 700,
    Adapt = 800,
    Record = 900,
};

struct Phase {
    std::string name;                   // "generate", "choose", ...: shown in timings
    Stage stage = Stage::Record;
    std::function<void(World&)> run;
};

class Module {
public:
    virtual ~Module() = default;
    virtual std::string_view name() const = 0;
    // The phases this module adds to the day.
    virtual std::vector<Phase> phases() = 0;
    // Checks the module's state against its counters between days; returns what
    // disagrees, or an empty string. May read every record: for tests.
    virtual std::string check(const World&) const { return {}; }
    // Heap bytes held by the module's state.
    virtual std::size_t state_bytes() const { return 0; }
    // Called once, after the model's last day: leaves the module's end-of-run
    // tables in world.series (SeriesSet::set_table), e.g. one row per agent.
    virtual void finish(World&) {}
};

// Makes a module for a world (declaring its series into world.series).
using ModuleFactory = std::function<std::unique_ptr<Module>(World&)>;

}  // namespace smugglesim
