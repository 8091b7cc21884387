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
        // Legs: their offers sold alone (a package's stages are not).
        for (std::size_t l = 0; l < nl; ++l) {
            const std::uint32_t b = md.leg_offers[l], e = md.leg_offers[l + 1];
            bool open = false;
            double best = kInfCost;
            std::uint32_t alone = 0;
            for (std::uint32_t o = b; o < e; ++o) {
                if (md.offers[o].package != kNoPackage) continue;
                ++alone;
                open = open || offer_[o].open;
                best = std::min(best, today[o]);
            }
            leg_open_[l] = open;
            double& cost = leg_cost_today_[t * nl + l];
            if (alone == 1 || !std::isfinite(best)) {
                cost = best;
                continue;
            }
            double sum = 0.0, mean = 0.0;
            for (std::uint32_t o = b; o < e; ++o)
                if (offer_[o].open && md.offers[o].package == kNoPackage) {
                    const double w = std::exp(-c.logit_scale * (today[o] - best));
                    sum += w;
                    mean += w * today[o];
                }
            cost = mean / sum;
        }
        // A package (at its first stage's offer): its price and every stage's
        // time, risks, distrust and expected wait, each stage taken with the
        // first of its offers open today (closed if a stage has none).
        for (const PackageModel& pm : md.packages) {
            double st = 0.0, later_wait = 0.0;
            for (std::size_t k = 0; k < pm.stages() && std::isfinite(st); ++k) {
                const std::uint32_t so = first_open_stage_offer(pm, k);
                if (so == kNoLeg) {
                    st = kInfCost;
                    break;
                }
                st += stat[so];
                if (k > 0) later_wait += offer_wait_[so];
            }
            const std::uint32_t h = pm.head();
            stat[h] = std::isfinite(st) ? st + bt.time * later_wait : kInfCost;
            today[h] = stat[h] + bt.time * offer_wait_[h];
        }
    }
    const std::size_t nd = md.destinations.size();
    using Item = std::pair<double, std::uint32_t>;
    // One Dijkstra per (taste, document class, destination), on all cores: each
    // writes its own row. With documents first: a migrant without documents
    // may buy one where a group sells them (the cost of the document plus the
    // cost-to-go with it seeds that place), so its cost-to-go needs theirs.
    // `seeded` false: without documents and never buying one (walk_ctg_).
    auto dijkstra = [&](std::size_t row, bool seeded) {
        const std::size_t tc = row / nd, di = row % nd;
        const std::size_t t = tc / 2;
        const int cls = static_cast<int>(tc % 2);
        const double* leg_cost = &leg_cost_today_[t * nl];
        auto& dist = seeded ? cost_to_go_[tc * nd + di] : walk_ctg_[t * nd + di];
        std::fill(dist.begin(), dist.end(), kInfCost);
        std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
        for (std::uint32_t p = 0; p < md.place_count(); ++p)
            if (md.place_is_destination[p] && net.place_country(p) == md.destinations[di]) {
                dist[p] = 0.0;
                pq.emplace(0.0, p);
            }
        if (cls == 0 && seeded) {
            const auto& with = cost_to_go_[(t * 2 + 1) * nd + di];
            const double beta_price = betas(static_cast<std::uint32_t>(t)).price;
            for (std::size_t d = 0; d < md.document_sellers.size(); ++d) {
                const std::uint32_t p = md.document_sellers[d].place;
                const double seed = beta_price * w_.documents[d].price / 1000.0 + with[p];
                if (w_.documents[d].available > 0 && seed < dist[p]) {
                    dist[p] = seed;
                    pq.emplace(seed, p);
                }
            }
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
    };
    tbb::parallel_for(std::size_t{0}, kTasteCount * nd, [&](std::size_t r) { dijkstra(((r / nd) * 2 + 1) * nd + r % nd, true); });
    // Where documents are sold, migrants without them also get the cost-to-go of
    // never buying one: it decides which legs bring them closer (so they keep
    // the ways on they had without the market when they do not buy).
    const bool sellers = !md.document_sellers.empty();
    tbb::parallel_for(std::size_t{0}, (sellers ? 2 : 1) * kTasteCount * nd, [&](std::size_t r) {
        const std::size_t k = r % (kTasteCount * nd);
        dijkstra(((k / nd) * 2) * nd + k % nd, r < kTasteCount * nd);
    });
}

// Today's choice sets: for each taste, document class, destination and place, the
// open offers on the legs a migrant may take (documents allow it, they bring
// it closer) with their logit weights exp(v - vmax), v = -logit_scale *
// (offer cost + cost-to-go of the leg's end); for migrants without documents,
// also the documents sellers there with one ready, v = -logit_scale * (the
// document's price cost + the cost-to-go with documents). Built once a day,
// so a migrant's choice is mostly a lookup and one draw.
void MigrantsModule::build_choice_sets() {
    const Model& md = *md_;
    const Network& net = *md.network;
    const std::size_t np = md.place_count(), nd = md.destinations.size(), no = md.offers.size();
    const std::size_t nkeys = kTasteCount * 2 * nd * np;
    const double mu = md.scenario.choice.logit_scale;
    // Which options a key's set holds, in leg and offer order, then sellers;
    // calls f(entry, generalised cost including the cost-to-go, price to pay).
    auto each_option = [&](std::size_t key, auto&& f) {
        const std::size_t tc = key / (nd * np);
        const int cls = static_cast<int>(tc % 2);
        const std::size_t t = tc / 2, di = (key / np) % nd;
        const double* cost_today = &offer_cost_today_[t * no];
        const auto& ctg = cost_to_go_[key / np];
        const auto p = static_cast<std::uint32_t>(key % np);
        if (!std::isfinite(ctg[p])) return;
        // The legs a class may take from p that bring it closer by `cg`, with their open offers.
        auto offers_from = [&](int c, const std::vector<double>& cg, auto&& g) {
            for (auto it = net.out_begin(p); it != net.out_end(p); ++it) {
                const LegModel& lm = md.legs[*it];
                if ((c == 0 && lm.need_docs) || !leg_open_[*it] || !(cg[lm.to] < cg[p])) continue;
                for (std::uint32_t o = md.leg_offers[*it]; o < md.leg_offers[*it + 1]; ++o)
                    if (offer_[o].open && md.offers[o].package == kNoPackage) g(o, lm.to);
            }
        };
        // Without documents where they are sold: closer as if never buying one.
        const auto& closer = cls == 0 && !md.document_sellers.empty() ? walk_ctg_[t * nd + di] : ctg;
        // What it must pay up front: the price, or on credit the part it may not owe.
        offers_from(cls, closer, [&](std::uint32_t o, std::uint32_t to) {
            const double upfront = on_credit(o, static_cast<std::uint32_t>(di)) ? 1.0 - md.offers[o].credit_share : 1.0;
            f(o, cost_today[o] + ctg[to], offer_[o].price * upfront);
        });
        // Full-service packages starting here that bring it closer. One with
        // documents, for a migrant without any: while the seller has one ready,
        // against the cost-to-go with documents of its end.
        const auto [k0, k1] = md.packages_at(p);
        for (std::uint32_t k = k0; k < k1; ++k) {
            const PackageModel& pm = md.packages[k];
            const std::uint32_t h = pm.head();
            if (!offer_[h].open || !std::isfinite(cost_today[h])) continue;
            if (cls == 1 || !pm.with_documents()) {
                if (closer[pm.to] < closer[p]) f(h, cost_today[h] + ctg[pm.to], offer_[h].price);
                continue;
            }
            const auto& with = cost_to_go_[(t * 2 + 1) * nd + di];
            if (w_.documents[pm.doc_seller].available > 0 && with[pm.to] < with[p])
                f(static_cast<std::uint32_t>(no + md.document_sellers.size()) + k, cost_today[h] + with[pm.to], offer_[h].price);
        }
        if (cls != 0) return;
        const auto [s0, s1] = md.sellers_at(p);
        if (s0 == s1) return;
        const auto& with = cost_to_go_[(t * 2 + 1) * nd + di];
        if (!std::isfinite(with[p])) return;
        double cheapest = kInfCost;  // the cheapest way on with documents
        offers_from(1, with, [&](std::uint32_t o, std::uint32_t) { cheapest = std::min(cheapest, offer_[o].price); });
        if (md.place_is_destination[p] && net.place_country(p) == md.destinations[di]) cheapest = 0.0;
        if (!std::isfinite(cheapest)) return;
        const double beta_price = betas(static_cast<std::uint32_t>(t)).price;
        for (std::uint32_t d = s0; d < s1; ++d) {
            const DocumentState& ds = w_.documents[d];
            if (ds.available > 0)
                f(static_cast<std::uint32_t>(no) + d, beta_price * ds.price / 1000.0 + with[p], ds.price + cheapest);
        }
    };
    // Two passes over the keys on all cores: the size of every set, then the
    // sets at their offsets (each key writes only its own part).
    choice_start_.assign(nkeys + 1, 0);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nkeys), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t key = r.begin(); key != r.end(); ++key) {
            std::uint32_t n = 0;
            each_option(key, [&](std::uint32_t, double, double) { ++n; });
            choice_start_[key + 1] = n;
        }
    });
    for (std::size_t key = 0; key < nkeys; ++key) choice_start_[key + 1] += choice_start_[key];
    const std::size_t total = choice_start_[nkeys];
    choice_leg_.resize(total);
    choice_weight_.resize(total);
    choice_cum_.resize(total);
    choice_price_.resize(total);
    choice_vmax_.resize(nkeys);
    choice_sum_.resize(nkeys);
    choice_max_price_.resize(nkeys);
    choice_docs_.resize(nkeys);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nkeys), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t key = r.begin(); key != r.end(); ++key) {
            const std::uint32_t first = choice_start_[key];
            std::uint32_t i = first;
            double vmax = -kInfCost, max_price = 0.0, sum = 0.0;
            bool docs = false;
            each_option(key, [&](std::uint32_t o, double cost, double price) {
                const double v = -mu * cost;
                choice_leg_[i] = o;
                choice_price_[i] = price;
                choice_weight_[i++] = v;  // turned into a weight below
                vmax = std::max(vmax, v);
                max_price = std::max(max_price, price);
                docs = docs || o >= no;
            });
            for (std::uint32_t k = first; k < i; ++k) {
                sum += (choice_weight_[k] = std::exp(choice_weight_[k] - vmax));
                choice_cum_[k] = sum;
            }
            choice_vmax_[key] = vmax;
            choice_sum_[key] = sum;
            choice_max_price_[key] = max_price;
            choice_docs_[key] = docs;
        }
    });
}

// Multinomial logit over the offers of the migrant's choice set that it can
// pay for now. A migrant reconsidering its queue weighs its own offer with the
// wait of the migrants ahead of it rather than the whole queue.
std::uint32_t MigrantsModule::decide(std::uint32_t s, bool documents, unsigned word) const {
    const Model& md = *md_;
    const Migrant& m = m_[s];
    const std::uint32_t cls = m.docs() == static_cast<std::uint8_t>(DocStatus::None) ? 0 : 1, taste = m.taste();
    const std::size_t key = ((std::size_t{taste} * 2 + cls) * md.destinations.size() + m.dest) * md.place_count() + m.place();
    const std::uint32_t b = choice_start_[key], e = choice_start_[key + 1];
    if (b == e) return kNoLeg;
    const double money = money_now(m);
    auto draw = [&] {
        return rng::u01(rng::words(key_, s, static_cast<std::uint32_t>(day_), rng::Purpose::Choose)[word]);
    };
    if (m.leg == kNoLeg && money >= choice_max_price_[key] && (documents || !choice_docs_[key])) {  // the common case: the whole set, as built
        if (e - b == 1) return choice_leg_[b];
        // The first offer whose cumulative weight reaches the draw (the last if
        // none does): std::lower_bound over the first e - b - 1, without
        // branches on the data (the halving depends on the length only).
        const double target = draw() * choice_sum_[key];
        const double* base = choice_cum_.data() + b;
        std::size_t n = e - b - 1;
        while (n > 1) {
            const std::size_t half = n / 2;
            base = base[half] < target ? base + half : base;
            n -= half;
        }
        const std::size_t i = static_cast<std::size_t>(base - (choice_cum_.data() + b)) + (*base < target ? 1 : 0);
        return choice_leg_[b + static_cast<std::uint32_t>(i)];
    }
    std::array<double, kMaxOffersPerPlace> w;
    std::array<std::uint32_t, kMaxOffersPerPlace> opt;
    std::size_t n = 0;
    double sum = 0;
    for (std::uint32_t i = b; i < e; ++i) {
        const std::uint32_t l = choice_leg_[i];
        if (choice_price_[i] > money || (!documents && l >= offer_.size())) continue;
        w[n] = choice_weight_[i];
        if (l == m.leg) {  // already queued here: only the migrants ahead count
            const LegState& ls = offer_[l];
            const LegQueue& q = queues_[l];
            const double span = static_cast<double>(q.buf.back().seq - q.buf.front().seq) + 1.0;
            const double ahead = q.live * static_cast<double>(m.qseq - q.buf.front().seq) / span;
            const auto& ctg = cost_to_go_[key / md.place_count()];
            const double v = -md.scenario.choice.logit_scale *
                             (offer_cost(l, ahead / std::max(ls.capacity, 1e-9), taste) + ctg[md.offer_end(l)]);
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


std::uint32_t MigrantsModule::buy_package_document(std::uint32_t s, std::uint32_t k) {
    const PackageModel& pm = md_->packages[k];
    const std::uint32_t d = pm.doc_seller;
    DocumentState& ds = w_.documents[d];
    DocumentDay& dd = w_.document_day[d];
    ++dd.wanted;
    if (ds.available == 0) return decide(s, false, 1);
    --ds.available;
    ++dd.packaged;
    give_document(s, d);
    return pm.head();
}

// The first of a package stage's offers running today, open with seats
// (kNoLeg if none): the seller's own, or the first of its partners still
// running the stage.
std::uint32_t MigrantsModule::first_open_stage_offer(const PackageModel& pm, std::size_t stage) const {
    for (std::uint32_t i = pm.stage_first[stage]; i < pm.stage_first[stage + 1]; ++i)
        if (runs(pm.offers[i])) return pm.offers[i];
    return kNoLeg;
}

std::uint32_t MigrantsModule::buy_document(std::uint32_t s, std::uint32_t d) {
    Migrant& m = m_[s];
    DocumentState& ds = w_.documents[d];
    DocumentDay& dd = w_.document_day[d];
    ++dd.wanted;
    if (ds.available == 0 || money_now(m) < ds.price) return decide(s, false, 1);
    --ds.available;
    ++dd.sold;
    // Stored as a float: never below the exact amount left, so a buyer who could
    // pay the document and the way on still can.
    const double left = static_cast<double>(m.money) - ds.price;
    m.money = static_cast<float>(left);
    if (static_cast<double>(m.money) < left) m.money = std::nextafter(m.money, std::numeric_limits<float>::infinity());
    give_document(s, d);
    return decide(s, true, 1);
}

// Migrant `s` gets a document of seller `d`: another person's genuine document,
// a genuine one fraudulently obtained, or a counterfeit (good with the seller's
// quality), by its own draw.
void MigrantsModule::give_document(std::uint32_t s, std::uint32_t d) {
    const Model& md = *md_;
    Migrant& m = m_[s];
    const DocumentSellerModel& seller = md.document_sellers[d];
    const auto wd = rng::words(key_, s, static_cast<std::uint32_t>(day_), rng::Purpose::Document);
    const double u = rng::u01(wd[0]);
    unsigned doc = static_cast<unsigned>(DocStatus::Forged);
    if (u < seller.lost_stolen_share) doc = static_cast<unsigned>(DocStatus::LostStolen);
    else if (u < seller.lost_stolen_share + seller.fraudulent_share) doc = static_cast<unsigned>(DocStatus::Genuine);
    else if (rng::u01(wd[1]) < seller.quality) doc |= Migrant::kGoodForgery;
    m.flags = static_cast<std::uint8_t>((m.flags & ~Migrant::kKeep) | doc);
}

}  // namespace smugglesim
