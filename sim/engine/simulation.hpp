#pragma once
// One running simulation of a Model: the World the modules share, the modules,
// and the day as a fixed, ordered list of named phases (built once from the
// modules' phases by stage; see sim/engine/module.hpp). Thread count never
// changes a result. The model stays the immutable description.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/module.hpp"
#include "sim/engine/world.hpp"

namespace smugglesim {

class Simulation {
public:
    // The standard modules (sim/modules.hpp) unless a list is given.
    explicit Simulation(std::shared_ptr<const Model> model);
    Simulation(std::shared_ptr<const Model> model, const std::vector<ModuleFactory>& modules);
    // Modules hold a reference to the World: a simulation stays where it was made.
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // Runs one day through the phase pipeline.
    void step();
    // Runs until the model's last day; `on_day(day)` is called after each day.
    template <class F>
    void run(F&& on_day) {
        while (!done()) {
            step();
            on_day(world_.day - 1);
        }
    }
    void run() {
        run([](int) {});
    }

    bool done() const { return world_.day >= world_.model->days; }
    int day() const { return world_.day; }  // next day to simulate
    const Model& model() const { return *world_.model; }
    const World& world() const { return world_; }
    World& world() { return world_; }
    const SeriesSet& series() const { return world_.series; }

    // The module of type M (std::logic_error if there is none).
    template <class M>
    const M& module() const {
        for (const auto& m : modules_)
            if (const auto* p = dynamic_cast<const M*>(m.get())) return *p;
        throw std::logic_error("the simulation has no such module");
    }
    template <class M>
    M& module() {
        return const_cast<M&>(std::as_const(*this).module<M>());
    }
    const std::vector<std::unique_ptr<Module>>& modules() const { return modules_; }

    // Every module's invariant checks; an empty string if all hold.
    std::string check_state() const;
    // Heap bytes held by the modules' state.
    std::size_t state_bytes() const;
    // The day's phases in order, with the wall seconds spent in each so far.
    struct PhaseTime {
        std::string module, phase;
        double seconds = 0.0;
    };
    const std::vector<PhaseTime>& phase_times() const { return times_; }

private:
    World world_;
    std::vector<std::unique_ptr<Module>> modules_;
    std::vector<Phase> pipeline_;
    std::vector<PhaseTime> times_;
};

}  // namespace smugglesim
