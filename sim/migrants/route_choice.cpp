// Route choice of the migrants module, shared by the choose and arrive phases:
// each day a cost-to-go from every place to each destination state (Dijkstra
// over generalised leg costs, for migrants with and without travel documents),
// the day's choice sets per place, document class and destination, and the
// multinomial logit draw of one migrant. Leg prices, capacities, hazards,
// interception and whether a leg is open come from the legs' running state
// (World::legs), so whatever changes them during a run is seen the same day.
#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

#include "sim/migrants/migrants.hpp"

namespace smugglesim {

namespace {
constexpr double kInfCost = std::numeric_limits<double>::infinity();
}

double MigrantsModule::leg_cost(std::uint32_t leg, double wait_days) const {
    return leg_static_cost_[leg] + md_->scenario.choice.beta_time * wait_days;
}


void MigrantsModule::update_cost_to_go() {
    const Model& md = *md_;
    const Network& net = *md.network;
    const ChoiceParams& c = md.scenario.choice;
    for (std::size_t l = 0; l < md.legs.size(); ++l) {
        const LegState& s = legs_[l];
        leg_static_cost_[l] = s.open ? c.beta_price * s.price / 1000.0 + c.beta_time * md.legs[l].days +
                                           c.beta_risk * s.hazard + c.beta_interception * s.interception
                                     : kInfCost;
        leg_wait_[l] = static_cast<double>(queues_[l].live) / std::max(s.capacity, 1e-9);
    }
    for (std::size_t l = 0; l < md.legs.size(); ++l) leg_cost_today_[l] = leg_cost(static_cast<std::uint32_t>(l), leg_wait_[l]);
    const std::size_t nd = md.destinations.size();
    using Item = std::pair<double, std::uint32_t>;
    for (int cls = 0; cls < 2; ++cls) {
        for (std::size_t di = 0; di < nd; ++di) {
            auto& dist = cost_to_go_[static_cast<std::size_t>(cls) * nd + di];
            std::fill(dist.begin(), dist.end(), kInfCost);
            std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
            for (std::uint32_t p = 0; p < md.place_count(); ++p)
                if (md.place_is_destination[p] && net.place_country(p) == md.destinations[di]) {
                    dist[p] = 0.0;
                    pq.emplace(0.0, p);
                }
            while (!pq.empty()) {
                auto [du, u] = pq.top();
                pq.pop();
                if (du > dist[u]) continue;
                for (auto it = net.in_begin(u); it != net.in_end(u); ++it) {
                    const LegModel& l = md.legs[*it];
                    if ((cls == 0 && l.need_docs) || !legs_[*it].open) continue;
                    const double cost = du + leg_cost_today_[*it];
                    if (cost < dist[l.from]) {
                        dist[l.from] = cost;
                        pq.emplace(cost, l.from);
                    }
                }
            }
        }
    }
}

// Today's choice sets: for each place, document class and destination, the
// legs a migrant may take (documents allow it, they bring it closer) with their
// logit weights exp(v - vmax), v = -logit_scale * (cost + cost-to-go). Built
// once a day, so a migrant's choice is mostly a lookup and one draw.
void MigrantsModule::build_choice_sets() {
    const Model& md = *md_;
    const Network& net = *md.network;
    const std::size_t np = md.place_count(), nd = md.destinations.size();
    const double mu = md.scenario.choice.logit_scale;
    choice_start_.assign(1, 0);
    choice_leg_.clear();
    choice_weight_.clear();
    choice_vmax_.clear();
    choice_sum_.clear();
    choice_max_price_.clear();
    for (std::size_t key = 0; key < 2 * nd * np; ++key) {
        const int cls = key / (nd * np) == 0 ? 0 : 1;
        const auto& ctg = cost_to_go_[key / np];
        const auto p = static_cast<std::uint32_t>(key % np);
        const std::size_t first = choice_leg_.size();
        double vmax = -kInfCost, max_price = 0.0, sum = 0.0;
        if (std::isfinite(ctg[p])) {
            for (auto it = net.out_begin(p); it != net.out_end(p); ++it) {
                const LegModel& lm = md.legs[*it];
                const LegState& ls = legs_[*it];
                if ((cls == 0 && lm.need_docs) || !ls.open || !(ctg[lm.to] < ctg[p])) continue;
                const double v = -mu * (leg_cost_today_[*it] + ctg[lm.to]);
                choice_leg_.push_back(*it);
                choice_weight_.push_back(v);  // turned into a weight below
                vmax = std::max(vmax, v);
                max_price = std::max(max_price, ls.price);
            }
            for (std::size_t i = first; i < choice_leg_.size(); ++i) sum += (choice_weight_[i] = std::exp(choice_weight_[i] - vmax));
        }
        choice_start_.push_back(static_cast<std::uint32_t>(choice_leg_.size()));
        choice_vmax_.push_back(vmax);
        choice_sum_.push_back(sum);
        choice_max_price_.push_back(max_price);
    }
}

// Multinomial logit over the legs of the migrant's choice set that it can pay
// for now. A migrant reconsidering its queue weighs its own leg with the wait
// of the migrants ahead of it rather than the whole queue.
std::uint32_t MigrantsModule::decide(std::uint32_t s) const {
    const Model& md = *md_;
    const Migrant& m = m_[s];
    const int cls = m.docs() == static_cast<std::uint8_t>(DocStatus::None) ? 0 : 1;
    const std::size_t key = (static_cast<std::size_t>(cls) * md.destinations.size() + m.dest) * md.place_count() + m.place;
    const std::uint32_t b = choice_start_[key], e = choice_start_[key + 1];
    if (b == e) return kNoLeg;
    const double money = money_now(m);
    auto draw = [&] {
        return rng::u01(rng::words(key_, s, static_cast<std::uint32_t>(day_), rng::Purpose::Choose)[0]);
    };
    if (m.leg == kNoLeg && money >= choice_max_price_[key]) {  // the common case: the whole set, as built
        if (e - b == 1) return choice_leg_[b];
        const double target = draw() * choice_sum_[key];
        double acc = 0;
        for (std::uint32_t i = b; i + 1 < e; ++i)
            if ((acc += choice_weight_[i]) >= target) return choice_leg_[i];
        return choice_leg_[e - 1];
    }
    std::array<double, kMaxLegsPerPlace> w;
    std::array<std::uint32_t, kMaxLegsPerPlace> opt;
    std::size_t n = 0;
    double sum = 0;
    for (std::uint32_t i = b; i < e; ++i) {
        const std::uint32_t l = choice_leg_[i];
        const LegState& ls = legs_[l];
        if (ls.price > money) continue;
        w[n] = choice_weight_[i];
        if (l == m.leg) {  // already queued here: only the migrants ahead count
            const LegQueue& q = queues_[l];
            const double span = static_cast<double>(q.buf.back().seq - q.buf.front().seq) + 1.0;
            const double ahead = q.live * static_cast<double>(m.qseq - q.buf.front().seq) / span;
            const auto& ctg = cost_to_go_[key / md.place_count()];
            const double v = -md.scenario.choice.logit_scale *
                             (leg_cost(l, ahead / std::max(ls.capacity, 1e-9)) + ctg[md.legs[l].to]);
            w[n] = std::exp(std::min(v - choice_vmax_[key], 700.0));
        }
        opt[n] = l;
        sum += w[n];
        ++n;
    }
    if (n == 0) return kNoLeg;
    if (n == 1) return opt[0];
    if (!(sum > 0)) return opt[0];  // every weight underflowed: the first is as good as any
    const double target = draw() * sum;
    double acc = 0;
    for (std::size_t i = 0; i + 1 < n; ++i)
        if ((acc += w[i]) >= target) return opt[i];
    return opt[n - 1];
}

}  // namespace smugglesim
