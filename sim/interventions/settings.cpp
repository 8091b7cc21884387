#include "sim/interventions/settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace smugglesim {

Settings settings_of(const Model& model) {
    Settings s;
    s.legs.reserve(model.legs.size());
    for (const LegModel& l : model.legs)
        s.legs.push_back(LegSettings{l.initial.open, l.initial.capacity, l.initial.hazard, l.initial.price});
    s.inflow_factor = 1.0;
    return s;
}

void validate(const Model& b, const Settings& s) {
    if (s.legs.size() != b.legs.size())
        throw std::invalid_argument(fmt::format("settings for {} legs, but the model has {}", s.legs.size(), b.legs.size()));
    if (!std::isfinite(s.inflow_factor) || s.inflow_factor < 0 || s.inflow_factor > 100)
        throw std::invalid_argument(fmt::format("inflow factor must be in [0, 100], got {}", s.inflow_factor));
    for (std::size_t i = 0; i < s.legs.size(); ++i) {
        const LegSettings& l = s.legs[i];
        const std::string& id = b.network->legs()[i].id;
        if (!std::isfinite(l.capacity) || l.capacity < 0 || l.capacity > kMaxCapacityPerDay)
            throw std::invalid_argument(
                fmt::format("leg '{}': capacity must be in [0, {}] per day, got {}", id, kMaxCapacityPerDay, l.capacity));
        if (!std::isfinite(l.hazard) || l.hazard < 0 || l.hazard >= 1)
            throw std::invalid_argument(fmt::format("leg '{}': hazard must be in [0, 1), got {}", id, l.hazard));
        if (!std::isfinite(l.price) || l.price < 0 || l.price > 1e9)
            throw std::invalid_argument(fmt::format("leg '{}': price must be in [0, 1e9] EUR, got {}", id, l.price));
    }
    for (const OriginModel& o : b.origins) {
        const double peak = std::max(o.rate_per_day, o.series.empty() ? 0.0 : *std::max_element(o.series.begin(), o.series.end()));
        if (peak * s.inflow_factor > kMaxRatePerDay)
            throw std::invalid_argument(fmt::format("inflow factor {} makes origin '{}' exceed {} migrants per day",
                                                    s.inflow_factor, b.network->places()[o.place].id, kMaxRatePerDay));
    }
}

std::vector<Action> actions_between(const Model& model, const Settings& from, const Settings& to, int day) {
    validate(model, from);
    validate(model, to);
    std::vector<Action> out;
    auto one = [&](ActionKind k, std::uint32_t leg) {
        Action a;
        a.kind = k;
        a.day = day;
        a.legs = {leg};
        return a;
    };
    for (std::uint32_t l = 0; l < to.legs.size(); ++l) {
        const LegSettings& a = from.legs[l];
        const LegSettings& b = to.legs[l];
        if (a.open != b.open) out.push_back(one(b.open ? ActionKind::OpenLeg : ActionKind::CloseLeg, l));
        if (a.capacity != b.capacity) {
            // Actions hold capacities as a scenario gives them (applied x migrants_scale).
            out.push_back(one(ActionKind::SetCapacity, l));
            out.back().value = b.capacity / model.migrants_scale;
        }
        if (a.hazard != b.hazard) {
            out.push_back(one(ActionKind::SetHazard, l));
            out.back().value = b.hazard;
        }
        if (a.price != b.price) {
            out.push_back(one(ActionKind::SetPrice, l));
            out.back().value = b.price;
        }
    }
    if (from.inflow_factor != to.inflow_factor) {
        Action a;
        a.kind = ActionKind::ScaleInflow;
        a.day = day;
        a.factor = to.inflow_factor;
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<std::string> describe_changes(const Model& model, const Settings& from, const Settings& to) {
    std::vector<std::string> out;
    const auto& legs = model.network->legs();
    const std::size_t n = std::min({from.legs.size(), to.legs.size(), legs.size()});
    for (std::size_t i = 0; i < n; ++i) {
        const LegSettings& a = from.legs[i];
        const LegSettings& b = to.legs[i];
        const std::string& id = legs[i].id;
        if (a.open != b.open) out.push_back(fmt::format("{} leg {}", b.open ? "reopen" : "close", id));
        if (a.capacity != b.capacity) out.push_back(fmt::format("leg {} capacity {:.6g} -> {:.6g} per day", id, a.capacity, b.capacity));
        if (a.hazard != b.hazard) out.push_back(fmt::format("leg {} hazard {:.6g} -> {:.6g}", id, a.hazard, b.hazard));
        if (a.price != b.price) out.push_back(fmt::format("leg {} price {:.6g} -> {:.6g} EUR", id, a.price, b.price));
    }
    if (from.inflow_factor != to.inflow_factor)
        out.push_back(fmt::format("inflow x{:.6g} -> x{:.6g}", from.inflow_factor, to.inflow_factor));
    return out;
}

}  // namespace smugglesim
