// Route choice of the migrants module, shared by the choose and arrive phases:
// each day a cost-to-go from every place to each destination state (Dijkstra
// over generalised leg costs, for migrants with and without travel documents),
// the day's choice sets per place, document class and destination, and the
// multinomial logit draw of one migrant among the offers on the legs leaving
// its place. Prices, capacities, hazards, interception and whether an offer is
// open come from the legs' and offers' running state (World::legs,
// World::offers; see offer_view), so whatever changes them during a run is
// seen the same day.
#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "sim/migrants/migrants.hpp"

namespace smugglesim {

namespace {
constexpr double kInfCost = std::numeric_limits<double>::infinity();
}

MigrantsModule::Betas MigrantsModule::betas(std::uint32_t taste) const {
    const ChoiceParams& c = md_->scenario.choice;
    const double w = c.taste_weight;
    Betas b{c.beta_price, c.beta_time, c.beta_risk, c.beta_interception, 1.0};
    if (taste == 1) b.price *= w;
    if (taste == 2) b.time *= w;
    if (taste == 3) {
        b.risk *= w;
        b.interception *= w;
        b.trust *= w;
    }
    return b;
}

double MigrantsModule::offer_cost(std::uint32_t offer, double wait_days, std::uint32_t taste) const {
    return offer_static_cost_[taste * offer_.size() + offer] + betas(taste).time * wait_days;
}

// Generalised cost of every offer today for each taste (price, travel time,
// risks, distrust, each weighed as the taste weighs it, and the wait its
// queue implies), and of every leg: the mean cost of its open offers weighted
// by the logit choice among them (between the cheapest and the dearest, so
// never negative; a leg's single offer's cost is the leg's). Then the
// cost-to-go per taste, document class and destination.
void MigrantsModule::update_cost_to_go() {
    const Model& md = *md_;
    const Network& net = *md.network;
    const ChoiceParams& c = md.scenario.choice;
    const std::size_t no = md.offers.size(), nl = md.legs.size();
    for (std::size_t o = 0; o < no; ++o)
        offer_wait_[o] = static_cast<double>(queues_[o].live) / std::max(offer_[o].capacity, 1e-9);
    for (std::uint32_t t = 0; t < kTasteCount; ++t) {
        const Betas bt = betas(t);
        double* stat = &offer_static_cost_[t * no];
        double* today = &offer_cost_today_[t * no];
        for (std::size_t o = 0; o < no; ++o) {
            const LegState& s = offer_[o];
            // Never below zero (a group's good name can lower it): the cost-to-go needs non-negative costs.
            stat[o] = s.open ? std::max(0.0, bt.price * s.price / 1000.0 +
                                                 bt.time * md.offer_leg(static_cast<std::uint32_t>(o)).days +
                                                 bt.risk * s.hazard + bt.interception * s.interception +
                                                 bt.trust * w_.offers[o].trust_cost)
                             : kInfCost;
            today[o] = stat[o] + bt.time * offer_wait_[o];
        }
        for (std::size_t l = 0; l < nl; ++l) {
            const std::uint32_t b = md.leg_offers[l], e = md.leg_offers[l + 1];
            bool open = false;
            double best = kInfCost;
            for (std::uint32_t o = b; o < e; ++o) {
                open = open || offer_[o].open;
                best = std::min(best, today[o]);
            }
            leg_open_[l] = open;
            double& cost = leg_cost_today_[t * nl + l];
            if (e - b == 1 || !std::isfinite(best)) {
                cost = best;
                continue;
            }
            double sum = 0.0, mean = 0.0;
            for (std::uint32_t o = b; o < e; ++o)
                if (offer_[o].open) {
                    const double w = std::exp(-c.logit_scale * (today[o] - best));
                    sum += w;
                    mean += w * today[o];
                }
            cost = mean / sum;
        }
    }
    const std::size_t nd = md.destinations.size();
    using Item = std::pair<double, std::uint32_t>;
    // One Dijkstra per (taste, document class, destination), on all cores: each writes its own row.
    tbb::parallel_for(std::size_t{0}, 2 * kTasteCount * nd, [&](std::size_t row) {
        const std::size_t tc = row / nd, di = row % nd;
        const std::size_t t = tc / 2;
        const int cls = static_cast<int>(tc % 2);
        const double* leg_cost = &leg_cost_today_[t * nl];
        {
            auto& dist = cost_to_go_[tc * nd + di];
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
                    if ((cls == 0 && l.need_docs) || !leg_open_[*it]) continue;
                    const double cost = du + leg_cost[*it];
                    if (cost < dist[l.from]) {
                        dist[l.from] = cost;
                        pq.emplace(cost, l.from);
                    }
                }
            }
        }
    });
}

// Today's choice sets: for each taste, document class, destination and place, the
// open offers on the legs a migrant may take (documents allow it, they bring
// it closer) with their logit weights exp(v - vmax), v = -logit_scale *
// (offer cost + cost-to-go of the leg's end). Built once a day, so a
// migrant's choice is mostly a lookup and one draw.
void MigrantsModule::build_choice_sets() {
    const Model& md = *md_;
    const Network& net = *md.network;
    const std::size_t np = md.place_count(), nd = md.destinations.size(), no = md.offers.size();
    const std::size_t nkeys = kTasteCount * 2 * nd * np;
    const double mu = md.scenario.choice.logit_scale;
    // Which offers a key's set holds, in leg and offer order; calls f(offer, end of its leg).
    auto each_option = [&](std::size_t key, auto&& f) {
        const int cls = static_cast<int>((key / (nd * np)) % 2);
        const auto& ctg = cost_to_go_[key / np];
        const auto p = static_cast<std::uint32_t>(key % np);
        if (!std::isfinite(ctg[p])) return;
        for (auto it = net.out_begin(p); it != net.out_end(p); ++it) {
            const LegModel& lm = md.legs[*it];
            if ((cls == 0 && lm.need_docs) || !leg_open_[*it] || !(ctg[lm.to] < ctg[p])) continue;
            for (std::uint32_t o = md.leg_offers[*it]; o < md.leg_offers[*it + 1]; ++o)
                if (offer_[o].open) f(o, lm.to);
        }
    };
    // Two passes over the keys on all cores: the size of every set, then the
    // sets at their offsets (each key writes only its own part).
    choice_start_.assign(nkeys + 1, 0);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nkeys), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t key = r.begin(); key != r.end(); ++key) {
            std::uint32_t n = 0;
            each_option(key, [&](std::uint32_t, std::uint32_t) { ++n; });
            choice_start_[key + 1] = n;
        }
    });
    for (std::size_t key = 0; key < nkeys; ++key) choice_start_[key + 1] += choice_start_[key];
    const std::size_t total = choice_start_[nkeys];
    choice_leg_.resize(total);
    choice_weight_.resize(total);
    choice_cum_.resize(total);
    choice_vmax_.resize(nkeys);
    choice_sum_.resize(nkeys);
    choice_max_price_.resize(nkeys);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nkeys), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t key = r.begin(); key != r.end(); ++key) {
            const double* cost_today = &offer_cost_today_[key / (2 * nd * np) * no];
            const auto& ctg = cost_to_go_[key / np];
            const std::uint32_t first = choice_start_[key];
            std::uint32_t i = first;
            double vmax = -kInfCost, max_price = 0.0, sum = 0.0;
            each_option(key, [&](std::uint32_t o, std::uint32_t to) {
                const double v = -mu * (cost_today[o] + ctg[to]);
                choice_leg_[i] = o;
                choice_weight_[i++] = v;  // turned into a weight below
                vmax = std::max(vmax, v);
                max_price = std::max(max_price, offer_[o].price);
            });
            for (std::uint32_t k = first; k < i; ++k) {
                sum += (choice_weight_[k] = std::exp(choice_weight_[k] - vmax));
                choice_cum_[k] = sum;
            }
            choice_vmax_[key] = vmax;
            choice_sum_[key] = sum;
            choice_max_price_[key] = max_price;
        }
    });
}

// Multinomial logit over the offers of the migrant's choice set that it can
// pay for now. A migrant reconsidering its queue weighs its own offer with the
// wait of the migrants ahead of it rather than the whole queue.
std::uint32_t MigrantsModule::decide(std::uint32_t s) const {
    const Model& md = *md_;
    const Migrant& m = m_[s];
    const std::uint32_t cls = m.docs() == static_cast<std::uint8_t>(DocStatus::None) ? 0 : 1, taste = m.taste();
    const std::size_t key = ((std::size_t{taste} * 2 + cls) * md.destinations.size() + m.dest) * md.place_count() + m.place();
    const std::uint32_t b = choice_start_[key], e = choice_start_[key + 1];
    if (b == e) return kNoLeg;
    const double money = money_now(m);
    auto draw = [&] {
        return rng::u01(rng::words(key_, s, static_cast<std::uint32_t>(day_), rng::Purpose::Choose)[0]);
    };
    if (m.leg == kNoLeg && money >= choice_max_price_[key]) {  // the common case: the whole set, as built
        if (e - b == 1) return choice_leg_[b];
        // The first offer whose cumulative weight reaches the draw (the last if none does).
        const double target = draw() * choice_sum_[key];
        const auto first = choice_cum_.begin() + b, last = choice_cum_.begin() + (e - 1);
        return choice_leg_[b + static_cast<std::uint32_t>(std::lower_bound(first, last, target) - first)];
    }
    std::array<double, kMaxOffersPerPlace> w;
    std::array<std::uint32_t, kMaxOffersPerPlace> opt;
    std::size_t n = 0;
    double sum = 0;
    for (std::uint32_t i = b; i < e; ++i) {
        const std::uint32_t l = choice_leg_[i];
        const LegState& ls = offer_[l];
        if (ls.price > money) continue;
        w[n] = choice_weight_[i];
        if (l == m.leg) {  // already queued here: only the migrants ahead count
            const LegQueue& q = queues_[l];
            const double span = static_cast<double>(q.buf.back().seq - q.buf.front().seq) + 1.0;
            const double ahead = q.live * static_cast<double>(m.qseq - q.buf.front().seq) / span;
            const auto& ctg = cost_to_go_[key / md.place_count()];
            const double v = -md.scenario.choice.logit_scale *
                             (offer_cost(l, ahead / std::max(ls.capacity, 1e-9), taste) + ctg[md.offer_leg(l).to]);
            w[n] = std::exp(std::min(v - choice_vmax_[key], 700.0));
        }
        opt[n] = l;
        sum += w[n];
        ++n;
    }
    if (n == 0) return kBroke;
    if (n == 1) return opt[0];
    if (!(sum > 0)) return opt[0];  // every weight underflowed: the first is as good as any
    const double target = draw() * sum;
    double acc = 0;
    for (std::size_t i = 0; i + 1 < n; ++i)
        if ((acc += w[i]) >= target) return opt[i];
    return opt[n - 1];
}

}  // namespace smugglesim
