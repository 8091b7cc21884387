#include "sim/engine/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "sim/modules.hpp"

namespace smugglesim {

Simulation::Simulation(std::shared_ptr<const Model> model) : Simulation(std::move(model), standard_modules()) {}

Simulation::Simulation(std::shared_ptr<const Model> model, const std::vector<ModuleFactory>& modules)
    : world_(std::move(model)) {
    struct Entry {
        Phase phase;
        std::string module;
    };
    std::vector<Entry> entries;
    for (const ModuleFactory& make : modules) {
        modules_.push_back(make(world_));
        for (Phase& p : modules_.back()->phases()) entries.push_back({std::move(p), std::string(modules_.back()->name())});
    }
    // By stage; within a stage, in module order (stable).
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.phase.stage < b.phase.stage; });
    for (Entry& e : entries) {
        times_.push_back({e.module, e.phase.name, 0.0});
        pipeline_.push_back(std::move(e.phase));
    }
}

void Simulation::step() {
    if (done()) throw std::logic_error("Simulation::step: the run has reached the model's last day");
    using clock = std::chrono::steady_clock;
    for (std::size_t i = 0; i < pipeline_.size(); ++i) {
        const auto t0 = clock::now();
        pipeline_[i].run(world_);
        times_[i].seconds += std::chrono::duration<double>(clock::now() - t0).count();
    }
    world_.series.finish_day(world_.day);
    ++world_.day;
    if (done())
        for (const auto& m : modules_) m->finish(world_);
}

std::string Simulation::check_state() const {
    std::string out;
    for (const auto& m : modules_) {
        const std::string s = m->check(world_);
        if (!s.empty()) out += std::string(m->name()) + ": " + s;
    }
    return out;
}

std::size_t Simulation::state_bytes() const {
    std::size_t b = 0;
    for (const auto& m : modules_) b += m->state_bytes();
    return b;
}

}  // namespace smugglesim
