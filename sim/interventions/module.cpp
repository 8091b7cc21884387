#include "sim/interventions/module.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "sim/model.hpp"

namespace smugglesim {

InterventionsModule::InterventionsModule(World& w)
    : w_(w), schedule_(w.md().interventions), scheduled_(schedule_.size()) {}

std::vector<Phase> InterventionsModule::phases() {
    return {{"interventions", Stage::Interventions, [this](World&) { apply_due(); }}};
}

void InterventionsModule::add(Action a) {
    validate(a, w_.md());
    if (a.day < w_.day)
        throw std::invalid_argument(fmt::format("an action added on day {} cannot start on day {}", w_.day, a.day));
    schedule_.push_back(std::move(a));
}

void InterventionsModule::end(std::size_t index, int day) {
    if (index >= schedule_.size()) throw std::invalid_argument("no such action in the schedule");
    Action& a = schedule_[index];
    if (day < w_.day || day < a.day || day > a.until)
        throw std::invalid_argument(fmt::format("action {} cannot end on day {}", index, day));
    a.until = day;
}

void InterventionsModule::apply_due() {
    const int d = w_.day;
    const bool due = std::any_of(schedule_.begin(), schedule_.end(), [d](const Action& a) { return a.day == d || a.until == d; });
    if (!due) return;
    const Model& md = w_.md();
    for (std::size_t l = 0; l < w_.legs.size(); ++l) w_.legs[l] = md.legs[l].initial;
    std::fill(w_.inflow_factor.begin(), w_.inflow_factor.end(), 1.0);
    std::vector<std::size_t> order(schedule_.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return schedule_[a].day < schedule_[b].day; });
    for (std::size_t i : order)
        if (schedule_[i].active(d)) apply(schedule_[i], md, w_);
}

std::string InterventionsModule::check(const World& w) const {
    std::string out;
    for (const LegState& l : w.legs)
        if (!(l.capacity >= 0) || !(l.hazard >= 0 && l.hazard < 1) || !(l.interception >= 0 && l.interception < 1) ||
            !(l.price >= 0)) {
            out += "a leg's running state is out of range; ";
            break;
        }
    for (double f : w.inflow_factor)
        if (!(f >= 0)) out += "an inflow factor is negative or NaN; ";
    return out;
}

}  // namespace smugglesim
