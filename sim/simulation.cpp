#include "sim/simulation.hpp"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>
#include <chrono>
#include <cmath>
#include <numbers>
#include <queue>
#include <random>

namespace smugglesim {

namespace {

constexpr double kInfCost = std::numeric_limits<double>::infinity();
constexpr std::size_t kGrain = 2048;  // items per parallel task; results never depend on it
// Phases work through their items in batches of this size to bound the memory
// of per-item scratch arrays. Results depend on it (it is part of the model's
// definition, like the order of phases) but never on the thread count.
constexpr std::size_t kBatch = std::size_t{1} << 16;
// Marks a re-decision ticket whose migrant has left the queue since.
constexpr std::uint32_t kStale = kNoLeg - 1;
// Items per chunk of the counting sorts that merge a batch into queues.
constexpr std::size_t kChunk = 4096;
// Events reach migrant records in random order: loops prefetch the record this
// many items ahead to hide memory latency.
constexpr std::size_t kPrefetch = 32;

// A 16-byte record never straddles two cache lines (the store is page-aligned).
inline void prefetch_record(const Migrant& m) { __builtin_prefetch(&m, 1); }

template <class F>
void parallel_items(std::size_t n, F&& f) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kGrain), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) f(i);
    });
}

template <class V>
std::size_t vec_bytes(const V& v) {
    return v.capacity() * sizeof(typename V::value_type);
}

// Turns per-chunk counts of keys 0..nk-1 (counts[c * stride + key]) into
// write positions, key by key and chunk by chunk in order, so that a stable
// scatter follows; starts[key] is where each key's run begins (starts[nk] =
// the total).
void chunk_positions(std::uint32_t* counts, std::size_t nchunks, std::size_t stride, std::size_t nk,
                     std::vector<std::size_t>& starts) {
    starts.assign(nk + 1, 0);
    std::size_t acc = 0;
    for (std::size_t key = 0; key < nk; ++key) {
        starts[key] = acc;
        for (std::size_t c = 0; c < nchunks; ++c) {
            const std::uint32_t k = counts[c * stride + key];
            counts[c * stride + key] = static_cast<std::uint32_t>(acc);
            acc += k;
        }
    }
    starts[nk] = acc;
}

}  // namespace

void MigrantStore::allocate(std::size_t n, std::vector<std::uint32_t>& out) {
    out.clear();
    while (n > 0 && !free_slots.empty()) {
        out.push_back(free_slots.back());
        free_slots.pop_back();
        --n;
    }
    const std::size_t first = slots.size();
    if (first + n > slots.capacity()) {
        const std::size_t cap = std::max(first + n, slots.capacity() + slots.capacity() / 4);
        slots.reserve(cap);
        origin.reserve(cap);
    }
    slots.resize(first + n, Migrant{kNoLeg, 0, 0.0f, 0, 0, 0});
    origin.resize(first + n, 0);
    for (std::size_t s = first; s < first + n; ++s) out.push_back(static_cast<std::uint32_t>(s));
}

Simulation::Simulation(std::shared_ptr<const Model> model) : model_(std::move(model)) {
    const Model& md = *model_;
    key_ = rng::make_key(md.seed);
    const std::size_t nl = md.legs.size();
    queues_.resize(nl);
    seats_.assign(nl, 0);
    leg_wait_.assign(nl, 0.0);
    leg_cost_today_.assign(nl, 0.0);
    compute_leg_static_cost();
    compute_sea_season();
    travel_ring_.resize(static_cast<std::size_t>(md.scenario.travel.max_leg_days) + 1);
    cost_to_go_.assign(2 * md.destinations.size(), std::vector<double>(md.place_count(), kInfCost));
    waiting_at_.assign(md.place_count(), 0);
    series_.resize(md.days, md.place_count(), nl, md.network->countries().size());
}

// Generalised cost of each leg without waiting; closed legs cost infinity.
void Simulation::compute_leg_static_cost() {
    const ChoiceParams& c = model_->scenario.choice;
    leg_static_cost_.clear();
    for (const LegModel& l : model_->legs)
        leg_static_cost_.push_back(l.open ? c.beta_price * l.price / 1000.0 + c.beta_time * l.days +
                                                c.beta_risk * l.hazard + c.beta_interception * l.interception
                                          : kInfCost);
}

void Simulation::replace_model(std::shared_ptr<const Model> model) {
    const Model& a = *model_;
    const Model& b = *model;
    if (b.network != a.network || b.legs.size() != a.legs.size() || b.origins.size() != a.origins.size() ||
        b.destinations != a.destinations || b.days != a.days ||
        b.scenario.travel.max_leg_days != a.scenario.travel.max_leg_days)
        throw std::invalid_argument("replace_model: the new model must have the same network, legs, origins, "
                                    "destinations, days and max_leg_days as the running one");
    model_ = std::move(model);
    compute_leg_static_cost();
    compute_sea_season();
}

void Simulation::step() {
    using clock = std::chrono::steady_clock;
    auto timed = [this](PhaseId id, void (Simulation::*phase)()) {
        const auto t0 = clock::now();
        (this->*phase)();
        phase_seconds_[static_cast<std::size_t>(id)] += std::chrono::duration<double>(clock::now() - t0).count();
    };
    timed(PhaseId::Generate, &Simulation::generate);
    timed(PhaseId::Choose, &Simulation::choose);
    timed(PhaseId::Move, &Simulation::move);
    timed(PhaseId::Arrive, &Simulation::arrive);
    timed(PhaseId::Record, &Simulation::record);
    ++day_;
}

// ---------------------------------------------------------------- generate --
// New migrants appear at origins: a Poisson number per origin and day, each
// with a destination, a budget and documents drawn from its own RNG stream.
void Simulation::generate() {
    const Model& md = *model_;
    const auto d = static_cast<std::uint32_t>(day_);
    const double daily_cost = md.scenario.travel.daily_cost_eur;
    std::vector<std::uint32_t> counts(md.origins.size(), 0);
    std::size_t total = 0;
    for (std::size_t o = 0; o < md.origins.size(); ++o) {
        const double rate = md.origins[o].rate(day_);
        if (rate <= 0) continue;
        auto urng = rng::urng(key_, o, d, rng::Purpose::GenerateCount);
        std::poisson_distribution<std::uint32_t> pd(rate);
        counts[o] = pd(urng);
        total += counts[o];
    }
    if (total == 0) return;
    if (totals_.generated + total > std::numeric_limits<std::uint32_t>::max())
        throw std::runtime_error("more than 4 294 967 295 migrants generated in one run: reduce days or --migrants-scale");
    m_.allocate(total, scratch_);
    std::vector<std::uint16_t> origin_of(total);
    std::size_t k = 0;
    for (std::size_t o = 0; o < counts.size(); ++o)
        for (std::uint32_t i = 0; i < counts[o]; ++i) origin_of[k++] = static_cast<std::uint16_t>(o);

    parallel_items(total, [&](std::size_t i) {
        if (i + kPrefetch < total) prefetch_record(m_[scratch_[i + kPrefetch]]);  // recycled slots: random places
        const OriginModel& om = md.origins[origin_of[i]];
        const std::uint32_t s = scratch_[i];
        const auto w = rng::words(key_, s, d, rng::Purpose::MigrantInit);
        const double ud = rng::u01(w[0]), uc = rng::u01(w[1]);
        std::size_t di = 0;
        while (di + 1 < om.dest_cdf.size() && ud > om.dest_cdf[di]) ++di;
        unsigned doc = 0;
        while (doc + 1 < kDocStatusCount && uc > om.doc_cdf[doc]) ++doc;
        Migrant& m = m_[s];
        m_.origin[s] = origin_of[i];
        m.place = static_cast<std::uint16_t>(om.place);
        m.leg = kNoLeg;
        m.qseq = 0;
        m.money = static_cast<float>(std::exp(om.log_money_median + om.money_sigma * rng::normal(w[2], w[3])) +
                                     daily_cost * d);
        m.dest = om.dest[di];
        m.flags = static_cast<std::uint8_t>(doc);
        m.set_status(MigrantStatus::Choosing);
    });
    due_.insert(due_.end(), scratch_.begin(), scratch_.end());
    auto* gen_row = &series_.generated_by_place[static_cast<std::size_t>(day_) * series_.n_places];
    for (std::size_t o = 0; o < counts.size(); ++o) {
        gen_row[md.origins[o].place] += counts[o];
        waiting_at_[md.origins[o].place] += counts[o];
    }
    totals_.generated += total;
}

// ------------------------------------------------------------------ choose --
double Simulation::leg_cost(std::uint32_t leg, double wait_days) const {
    return leg_static_cost_[leg] + model_->scenario.choice.beta_time * wait_days;
}

void Simulation::update_cost_to_go() {
    const Model& md = *model_;
    const Network& net = *md.network;
    for (std::size_t l = 0; l < md.legs.size(); ++l)
        leg_wait_[l] = static_cast<double>(queues_[l].live) / std::max(md.legs[l].capacity, 1e-9);
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
                    if ((cls == 0 && l.need_docs) || !l.open) continue;
                    const double c = du + leg_cost_today_[*it];
                    if (c < dist[l.from]) {
                        dist[l.from] = c;
                        pq.emplace(c, l.from);
                    }
                }
            }
        }
    }
}

double Simulation::money_now(const Migrant& m) const {
    return std::max(0.0, static_cast<double>(m.money) - model_->scenario.travel.daily_cost_eur * day_);
}

// Today's choice sets: for each place, document class and destination, the
// legs a migrant may take (documents allow it, they bring it closer) with their
// logit weights exp(v - vmax), v = -logit_scale * (cost + cost-to-go). Built
// once a day, so a migrant's choice is mostly a lookup and one draw.
void Simulation::build_choice_sets() {
    const Model& md = *model_;
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
                if ((cls == 0 && lm.need_docs) || !lm.open || !(ctg[lm.to] < ctg[p])) continue;
                const double v = -mu * (leg_cost_today_[*it] + ctg[lm.to]);
                choice_leg_.push_back(*it);
                choice_weight_.push_back(v);  // turned into a weight below
                vmax = std::max(vmax, v);
                max_price = std::max(max_price, lm.price);
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
std::uint32_t Simulation::decide(std::uint32_t s) const {
    const Model& md = *model_;
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
        const LegModel& lm = md.legs[l];
        if (lm.price > money) continue;
        w[n] = choice_weight_[i];
        if (l == m.leg) {  // already queued here: only the migrants ahead count
            const LegQueue& q = queues_[l];
            const double span = static_cast<double>(q.buf.back().seq - q.buf.front().seq) + 1.0;
            const double ahead = q.live * static_cast<double>(m.qseq - q.buf.front().seq) / span;
            const auto& ctg = cost_to_go_[key / md.place_count()];
            const double v = -md.scenario.choice.logit_scale * (leg_cost(l, ahead / std::max(lm.capacity, 1e-9)) + ctg[lm.to]);
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

// Books a migrant stranded at `place` (its record was already released by the
// parallel pass that decided it) and recycles its slot.
void Simulation::count_stranded(std::uint32_t slot, std::uint32_t place) {
    ++series_.stranded_by_place[static_cast<std::size_t>(day_) * series_.n_places + place];
    ++totals_.stranded;
    --waiting_at_[place];
    m_.free_slots.push_back(slot);
}

// Queued migrants reconsider every `patience_days` days: those who joined a
// queue exactly k * patience_days days ago. Queues are FIFO in ticket order
// and the first ticket of each day is kept, so they are whole ticket ranges
// found by binary search: no per-migrant calendar entries are needed.
void Simulation::collect_redecisions() {
    const int patience = model_->scenario.choice.patience_days;
    first_seq_by_day_.push_back(next_seq_);  // first ticket handed out today
    redecide_today_.clear();
    redecide_leg_.clear();
    for (std::size_t l = 0; l < queues_.size(); ++l) {
        const LegQueue& q = queues_[l];
        for (int joined = day_ - patience; joined >= 0; joined -= patience) {
            const std::uint32_t lo = first_seq_by_day_[static_cast<std::size_t>(joined)];
            const std::uint32_t hi = first_seq_by_day_[static_cast<std::size_t>(joined) + 1];
            if (q.buf.empty() || !seq_before(q.buf.front().seq, hi)) break;  // older days have all left
            auto it = std::lower_bound(q.buf.begin(), q.buf.end(), lo,
                                       [](const Ticket& t, std::uint32_t v) { return seq_before(t.seq, v); });
            // Stale tickets are weeded out in the parallel decide pass.
            const auto end = std::find_if(it, q.buf.end(), [hi](const Ticket& t) { return !seq_before(t.seq, hi); });
            redecide_today_.insert(redecide_today_.end(), it, end);
            redecide_leg_.resize(redecide_today_.size(), static_cast<std::uint32_t>(l));
        }
    }
}

// Migrants due to decide (new, just arrived at a place, or out of patience in
// a queue) pick their next leg against today's costs and queues.
void Simulation::choose() {
    update_cost_to_go();
    build_choice_sets();
    collect_redecisions();
    const std::size_t nd = due_.size(), nr = redecide_today_.size(), n = nd + nr;
    auto slot_of = [&](std::size_t i) { return i < nd ? due_[i] : redecide_today_[i - nd].slot; };
    // In batches of a fixed size (memory stays bounded; results do not depend
    // on the thread count, only on this constant).
    for (std::size_t b0 = 0; b0 < n; b0 += kBatch) {
        const std::size_t bn = std::min(kBatch, n - b0);
        decision_.resize(bn);
        item_place_.resize(bn);
        item_leg_.resize(bn);
        // Decide and update the migrant's own record in one parallel pass: each
        // slot appears once, and ticket numbers follow the item order.
        const std::uint32_t seq0 = next_seq_;
        next_seq_ += static_cast<std::uint32_t>(bn);
        parallel_items(bn, [&](std::size_t j) {
            const std::size_t i = b0 + j;
            if (j + kPrefetch < bn) prefetch_record(m_[slot_of(i + kPrefetch)]);
            const std::uint32_t s = slot_of(i);
            Migrant& m = m_[s];
            if (i >= nd && !m.holds_ticket(redecide_leg_[i - nd], redecide_today_[i - nd].seq)) {
                decision_[j] = item_leg_[j] = kStale;  // left this queue since: nothing to do
                return;
            }
            const std::uint32_t next = decide(s);
            decision_[j] = next;
            item_place_[j] = m.place;
            item_leg_[j] = m.leg;  // kNoLeg unless reconsidering a queue
            if (i >= nd && next == m.leg) return;  // reconsidered and stays: keeps its place
            if (next == kNoLeg) {
                Migrant::store_relaxed(m.leg, kNoLeg);
                m.set_status_relaxed(MigrantStatus::Free);
                return;
            }
            Migrant::store_relaxed(m.leg, next);
            Migrant::store_relaxed(m.qseq, seq0 + static_cast<std::uint32_t>(j));
            m.set_status_relaxed(MigrantStatus::Queued);
        });
        append_to_queues(b0, bn, nd, seq0, slot_of);
    }
    due_.clear();
}

// Puts the batch's decisions into the leg queues in item order, on all cores:
// a counting sort by leg over fixed chunks of items (counts, prefix sums,
// scatter) and then one bulk append per leg. Strandings are booked afterwards,
// in item order. Migrant records are not touched.
template <class SlotOf>
void Simulation::append_to_queues(std::size_t b0, std::size_t bn, std::size_t nd, std::uint32_t seq0,
                                  const SlotOf& slot_of) {
    const std::size_t nl = queues_.size();
    const std::size_t nchunks = (bn + kChunk - 1) / kChunk;
    joins_.assign(nchunks * nl, 0);
    leaves_.assign(nchunks * nl, 0);
    strands_.resize(nchunks);
    // What item j does: nothing (stays or stale), leaves a queue, joins one, is stranded.
    auto stays = [&](std::size_t j) { return b0 + j >= nd && decision_[j] == item_leg_[j]; };
    tbb::parallel_for(std::size_t{0}, nchunks, [&](std::size_t c) {
        strands_[c].clear();
        std::uint32_t* join = &joins_[c * nl];
        std::uint32_t* leave = &leaves_[c * nl];
        for (std::size_t j = c * kChunk, end = std::min(bn, j + kChunk); j < end; ++j) {
            if (stays(j)) continue;
            if (item_leg_[j] != kNoLeg) ++leave[item_leg_[j]];
            if (decision_[j] == kNoLeg) strands_[c].push_back(static_cast<std::uint32_t>(j));
            else ++join[decision_[j]];
        }
    });
    // Where each (chunk, leg) writes in the leg-sorted ticket array.
    chunk_positions(joins_.data(), nchunks, nl, nl, leg_start_);
    sorted_.resize(leg_start_[nl]);
    tbb::parallel_for(std::size_t{0}, nchunks, [&](std::size_t c) {
        std::uint32_t* pos = &joins_[c * nl];
        for (std::size_t j = c * kChunk, end = std::min(bn, j + kChunk); j < end; ++j)
            if (!stays(j) && decision_[j] != kNoLeg)
                sorted_[pos[decision_[j]]++] = Ticket{slot_of(b0 + j), seq0 + static_cast<std::uint32_t>(j)};
    });
    append_sorted_to_queues(nchunks, leaves_.data());
    for (std::size_t c = 0; c < nchunks; ++c)
        for (const std::uint32_t j : strands_[c]) count_stranded(slot_of(b0 + j), item_place_[j]);
}

// Appends each leg's run of sorted_ (from leg_start_) to its queue, on all
// cores. `leaves` (per chunk and leg; null if none) counts the migrants who
// left each queue in the same batch.
void Simulation::append_sorted_to_queues(std::size_t nchunks, const std::uint32_t* leaves) {
    const std::size_t nl = queues_.size();
    tbb::parallel_for(std::size_t{0}, nl, [&](std::size_t l) {
        LegQueue& q = queues_[l];
        const auto first = sorted_.begin() + static_cast<std::ptrdiff_t>(leg_start_[l]);
        const auto last = sorted_.begin() + static_cast<std::ptrdiff_t>(leg_start_[l + 1]);
        q.buf.insert(q.buf.end(), first, last);
        std::int64_t live = static_cast<std::int64_t>(q.live) + (last - first);
        if (leaves)
            for (std::size_t c = 0; c < nchunks; ++c) live -= leaves[c * nl + l];
        q.live = static_cast<std::uint32_t>(live);
    });
}

// -------------------------------------------------------------------- move --
// Each leg boards migrants from the head of its queue up to its daily capacity;
// they pay the price (or are stranded if they cannot) and start travelling.
// Work is spread over all tickets, not per leg, so one busy leg does not hold
// up the day. Migrants whose trip ends today leave the calendar queue for the
// hazards phase.
void Simulation::move() {
    const Model& md = *model_;
    const auto d = static_cast<std::uint32_t>(day_);
    const std::size_t nl = md.legs.size();
    const std::size_t row = static_cast<std::size_t>(day_) * series_.n_legs;
    for (std::size_t l = 0; l < nl; ++l) {
        LegQueue& q = queues_[l];
        // Migrants who switched to another leg leave stale tickets behind; drop
        // them once they outnumber the live ones.
        if (q.buf.size() > 2 * static_cast<std::size_t>(q.live) + 256) {
            BlockDeque<Ticket> kept;
            for (const Ticket& t : q.buf)
                if (m_[t.slot].leg == l && m_[t.slot].qseq == t.seq) kept.push_back(t);
            q.buf.swap(kept);
        }
        const double avail = (md.legs[l].open ? md.legs[l].capacity : 0.0) + q.carry;
        const double whole = std::floor(avail);  // capacity is bounded by build_model
        seats_[l] = static_cast<std::uint32_t>(whole);
        q.carry = avail - whole;
        series_.flow_by_leg[row + l] = 0;
    }
    const double daily_cost = md.scenario.travel.daily_cost_eur;
    // Rounds: take as many tickets as seats are left from each queue, check
    // them in parallel (stale, can pay, cannot pay), seat them in queue order.
    take_start_.resize(nl + 1);
    for (;;) {
        std::size_t total = 0;
        for (std::size_t l = 0; l < nl; ++l) {
            take_start_[l] = total;
            total += std::min<std::size_t>({seats_[l] - series_.flow_by_leg[row + l], queues_[l].buf.size(),
                                            kBatch - total});
        }
        take_start_[nl] = total;
        if (total == 0) break;
        cand_.resize(total);
        cand_leg_.resize(total);
        tbb::parallel_for(std::size_t{0}, nl, [&](std::size_t l) {
            const std::size_t at = take_start_[l], take = take_start_[l + 1] - at;
            if (take == 0) return;
            LegQueue& q = queues_[l];
            const auto first = q.buf.begin(), last = q.buf.begin() + static_cast<std::ptrdiff_t>(take);
            std::copy(first, last, cand_.begin() + static_cast<std::ptrdiff_t>(at));
            q.buf.erase(first, last);
            std::fill_n(cand_leg_.begin() + static_cast<std::ptrdiff_t>(at), take, static_cast<std::uint32_t>(l));
        });
        // Check and board in one parallel pass: every live ticket taken has a
        // seat (no more were taken than seats are left), so each migrant's fate
        // depends only on its own record.
        const std::size_t n = cand_.size();
        cand_class_.resize(n);
        cand_days_.resize(n);
        parallel_items(n, [&](std::size_t i) {
            if (i + kPrefetch < n) prefetch_record(m_[cand_[i + kPrefetch].slot]);
            const Ticket t = cand_[i];
            Migrant& m = m_[t.slot];
            const LegModel& lm = md.legs[cand_leg_[i]];
            if (!m.holds_ticket(cand_leg_[i], t.seq)) {
                cand_class_[i] = 0;  // stale: the migrant moved on
                return;
            }
            const double money = money_now(m);
            if (money < lm.price) {  // cannot pay: stranded where it waited
                cand_class_[i] = 2;
                Migrant::store_relaxed(m.leg, kNoLeg);
                m.set_status_relaxed(MigrantStatus::Free);
                return;
            }
            cand_class_[i] = 1;
            const auto w = rng::words(key_, t.slot, d, rng::Purpose::Board);
            const std::uint16_t days = lm.sample_days(rng::u01(w[0]));
            cand_days_[i] = days;
            // Pay; living costs start again on arrival, day d + travel days.
            m.money = static_cast<float>(money - lm.price + daily_cost * (d + days));
            const Fate fate = leg_fate(m, lm, static_cast<int>(d + days), w[1], w[2], w[3]);
            Migrant::store_relaxed(m.flags, static_cast<std::uint8_t>((m.flags & 3u) |
                                                                     (static_cast<unsigned>(MigrantStatus::Travelling) << 2) |
                                                                     (static_cast<unsigned>(fate) << 4)));
        });
        start_travelling(n, row);
    }
    for (std::size_t l = 0; l < nl; ++l) {
        const std::uint32_t flow = series_.flow_by_leg[row + l];
        series_.paid_by_leg[row + l] = flow * md.legs[l].price;
        waiting_at_[md.legs[l].from] -= flow;
        totals_.travelling += flow;
    }
    // Take today's bucket and release its memory: each bucket refills from empty,
    // so the ring holds about as many entries as migrants travelling.
    auto& today = travel_ring_[static_cast<std::size_t>(day_) % travel_ring_.size()];
    arriving_.assign(today.begin(), today.end());
    BlockDeque<std::uint32_t>().swap(today);
}

// Books one round of boarding on all cores: per (chunk, leg) counts of
// boarders and of tickets used, a counting sort of the boarders by arrival day
// and one bulk append per calendar bucket, all in ticket order. Migrants who
// could not pay are booked afterwards, in ticket order.
void Simulation::start_travelling(std::size_t n, std::size_t row) {
    const Model& md = *model_;
    const std::size_t nl = queues_.size(), nb = travel_ring_.size();
    const std::size_t nchunks = (n + kChunk - 1) / kChunk;
    const std::size_t width = nl + nb;  // per chunk: boarders per leg, then per bucket
    joins_.assign(nchunks * width, 0);
    leaves_.assign(nchunks * nl, 0);
    strands_.resize(nchunks);
    auto bucket_of = [&](std::size_t i) { return (static_cast<std::size_t>(day_) + cand_days_[i]) % nb; };
    tbb::parallel_for(std::size_t{0}, nchunks, [&](std::size_t c) {
        strands_[c].clear();
        std::uint32_t* count = &joins_[c * width];
        std::uint32_t* used = &leaves_[c * nl];
        for (std::size_t i = c * kChunk, end = std::min(n, i + kChunk); i < end; ++i) {
            if (cand_class_[i] == 0) continue;
            ++used[cand_leg_[i]];
            if (cand_class_[i] == 2) {
                strands_[c].push_back(static_cast<std::uint32_t>(i));
                continue;
            }
            ++count[cand_leg_[i]];
            ++count[nl + bucket_of(i)];
        }
    });
    // Counters per leg, and where each (chunk, bucket) writes.
    for (std::size_t l = 0; l < nl; ++l)
        for (std::size_t c = 0; c < nchunks; ++c) {
            series_.flow_by_leg[row + l] += joins_[c * width + l];
            queues_[l].live -= leaves_[c * nl + l];
        }
    chunk_positions(joins_.data() + nl, nchunks, width, nb, leg_start_);
    boarded_.resize(leg_start_[nb]);
    tbb::parallel_for(std::size_t{0}, nchunks, [&](std::size_t c) {
        std::uint32_t* pos = &joins_[c * width + nl];
        for (std::size_t i = c * kChunk, end = std::min(n, i + kChunk); i < end; ++i)
            if (cand_class_[i] == 1) boarded_[pos[bucket_of(i)]++] = cand_[i].slot;
    });
    tbb::parallel_for(std::size_t{0}, nb, [&](std::size_t b) {
        travel_ring_[b].insert(travel_ring_[b].end(), boarded_.begin() + static_cast<std::ptrdiff_t>(leg_start_[b]),
                               boarded_.begin() + static_cast<std::ptrdiff_t>(leg_start_[b + 1]));
    });
    for (std::size_t c = 0; c < nchunks; ++c)
        for (const std::uint32_t i : strands_[c]) count_stranded(cand_[i].slot, md.legs[cand_leg_[i]].from);
}

// ----------------------------------------------------------------- hazards --
// The sea's seasonal hazard factor by day of the year.
void Simulation::compute_sea_season() {
    const HazardParams& h = model_->scenario.hazard;
    sea_season_.resize(365);
    for (int doy = 0; doy < 365; ++doy)
        sea_season_[static_cast<std::size_t>(doy)] =
            1.0 + h.sea_seasonality * std::cos(2.0 * std::numbers::pi * (doy - h.sea_peak_day) / 365.0);
}

// How leg `lm` ends for migrant `m`, arriving on `arrival_day`, from three
// uniform words of its boarding draw: death or going missing with the leg's
// hazard (seasonal at sea, on the arrival day), else interception (returned to
// origin or pushed back), else it reaches the leg's end. `w3` splits dead from
// missing or returned from pushed back (only one of the two can happen).
Fate Simulation::leg_fate(const Migrant& m, const LegModel& lm, int arrival_day, std::uint32_t w1, std::uint32_t w2,
                          std::uint32_t w3) const {
    const Model& md = *model_;
    const double season = lm.mode == Mode::Sea ? sea_season_[static_cast<std::size_t>(md.start_day_of_year + arrival_day) % 365] : 1.0;
    if (rng::u01(w1) <= std::min(0.999, lm.hazard * season))
        return rng::u01(w3) <= md.scenario.hazard.missing_share[static_cast<int>(lm.mode)] ? Fate::Missing : Fate::Dead;
    const InterceptionParams& ip = md.scenario.interception;
    double pi = lm.interception;
    if (lm.need_docs && m.docs() == static_cast<std::uint8_t>(DocStatus::Forged))
        pi = 1.0 - (1.0 - pi) * (1.0 - ip.forged_detection);
    if (rng::u01(w2) <= pi) return rng::u01(w3) <= ip.return_share ? Fate::Returned : Fate::PushedBack;
    if (md.place_is_destination[lm.to] && md.network->place_country(lm.to) == md.destinations[m.dest]) return Fate::Arrived;
    return Fate::Continue;
}

// Migrants whose leg ends today meet the fate drawn when they boarded: death
// or going missing, interception (returned to their origin state, or pushed
// back to the leg's start), arrival in their destination state, or the leg's
// end to go on from. Those who go on choose their next leg at once, against
// the costs and queues after the day's boarding (what they would have seen
// choosing the next morning), and join its queue; with no option, stranded.
void Simulation::arrive() {
    update_cost_to_go();
    build_choice_sets();
    const std::size_t n_all = arriving_.size();
    totals_.travelling -= n_all;
    for (std::size_t b0 = 0; b0 < n_all; b0 += kBatch) arrive_batch(arriving_.data() + b0, std::min(kBatch, n_all - b0));
    arriving_.clear();
}

void Simulation::arrive_batch(const std::uint32_t* arriving, std::size_t n) {
    const Model& md = *model_;
    outcome_.resize(n);
    arriving_leg_.resize(n);
    decision_.resize(n);
    item_place_.resize(n);
    const std::uint32_t seq0 = next_seq_;
    next_seq_ += static_cast<std::uint32_t>(n);
    // Each migrant's own record in one parallel pass (each arriving slot
    // appears once): its fate, and the next leg of those who go on. Counters,
    // queues and the free list afterwards, in arrival order.
    parallel_items(n, [&](std::size_t i) {
        if (i + kPrefetch < n) prefetch_record(m_[arriving[i + kPrefetch]]);
        const std::uint32_t s = arriving[i];
        Migrant& m = m_[s];
        const std::uint32_t l = m.leg;
        const LegModel& lm = md.legs[l];
        const Fate o = m.fate();
        outcome_[i] = static_cast<std::uint8_t>(o);
        arriving_leg_[i] = l;
        decision_[i] = kNoLeg;
        Migrant::store_relaxed(m.leg, kNoLeg);
        if (o != Fate::Continue && o != Fate::PushedBack) {
            m.set_status_relaxed(MigrantStatus::Free);
            return;
        }
        const std::uint32_t place = o == Fate::Continue ? lm.to : lm.from;
        m.place = static_cast<std::uint16_t>(place);
        item_place_[i] = place;
        const std::uint32_t next = decide(s);
        decision_[i] = next;
        if (next == kNoLeg) {
            m.set_status_relaxed(MigrantStatus::Free);  // stranded here
            return;
        }
        Migrant::store_relaxed(m.leg, next);
        Migrant::store_relaxed(m.qseq, seq0 + static_cast<std::uint32_t>(i));
        m.set_status_relaxed(MigrantStatus::Queued);
    });
    book_arrivals(arriving, n, seq0);
}

// Books a batch of arrivals on all cores, as counting sorts over fixed chunks
// of items: per-chunk counts (deaths, missing, interceptions per leg, arrivals
// per state, waiting per place, queue joins per leg), summed in chunk order;
// then the freed slots and the new tickets are scattered in arrival order and
// each leg's tickets appended in one go. Strandings are booked last.
void Simulation::book_arrivals(const std::uint32_t* arriving, std::size_t n, std::uint32_t seq0) {
    const Model& md = *model_;
    const Network& net = *md.network;
    const std::size_t nl = md.legs.size(), nc = series_.n_countries, np = series_.n_places;
    const std::size_t o_dead = 0, o_missing = nl, o_inter = 2 * nl, o_join = 3 * nl, o_arr = 4 * nl,
                      o_wait = o_arr + nc, o_returned = o_wait + np, o_free = o_returned + 1, width = o_free + 1;
    const std::size_t nchunks = (n + kChunk - 1) / kChunk;
    const std::size_t row = static_cast<std::size_t>(day_) * series_.n_legs;
    joins_.assign(nchunks * width, 0);
    strands_.resize(nchunks);
    auto frees = [&](std::size_t i) {
        const auto o = static_cast<Fate>(outcome_[i]);
        return o != Fate::Continue && o != Fate::PushedBack;
    };
    tbb::parallel_for(std::size_t{0}, nchunks, [&](std::size_t c) {
        strands_[c].clear();
        std::uint32_t* k = &joins_[c * width];
        for (std::size_t i = c * kChunk, end = std::min(n, i + kChunk); i < end; ++i) {
            const std::uint32_t l = arriving_leg_[i];
            switch (static_cast<Fate>(outcome_[i])) {
                case Fate::Dead: ++k[o_dead + l]; break;
                case Fate::Missing: ++k[o_missing + l]; break;
                case Fate::Returned: ++k[o_inter + l]; ++k[o_returned]; break;
                case Fate::Arrived: ++k[o_arr + net.place_country(md.legs[l].to)]; break;
                case Fate::PushedBack: ++k[o_inter + l]; [[fallthrough]];
                case Fate::Continue:
                    ++k[o_wait + item_place_[i]];
                    if (decision_[i] == kNoLeg) strands_[c].push_back(static_cast<std::uint32_t>(i));
                    else ++k[o_join + decision_[i]];
                    break;
            }
            if (frees(i)) ++k[o_free];
        }
    });
    const std::size_t free0 = m_.free_slots.size();
    std::size_t nfree = 0;
    const std::size_t arow = static_cast<std::size_t>(day_) * nc;
    for (std::size_t c = 0; c < nchunks; ++c) {
        std::uint32_t* k = &joins_[c * width];
        for (std::size_t l = 0; l < nl; ++l) {
            series_.dead_by_leg[row + l] += k[o_dead + l];
            series_.missing_by_leg[row + l] += k[o_missing + l];
            series_.intercepted_by_leg[row + l] += k[o_inter + l];
            totals_.dead += k[o_dead + l];
            totals_.missing += k[o_missing + l];
            totals_.intercepted += k[o_inter + l];
        }
        for (std::size_t cc = 0; cc < nc; ++cc) {
            series_.arrivals_by_country[arow + cc] += k[o_arr + cc];
            totals_.arrived += k[o_arr + cc];
        }
        for (std::size_t p = 0; p < np; ++p) waiting_at_[p] += k[o_wait + p];
        totals_.returned += k[o_returned];
        const std::uint32_t f = k[o_free];
        k[o_free] = static_cast<std::uint32_t>(nfree);  // now this chunk's write position
        nfree += f;
    }
    // Where each (chunk, leg) writes in the leg-sorted ticket array.
    chunk_positions(joins_.data() + o_join, nchunks, width, nl, leg_start_);
    m_.free_slots.resize(free0 + nfree);
    sorted_.resize(leg_start_[nl]);
    tbb::parallel_for(std::size_t{0}, nchunks, [&](std::size_t c) {
        std::size_t f = free0 + joins_[c * width + o_free];
        std::uint32_t* pos = &joins_[c * width + o_join];
        for (std::size_t i = c * kChunk, end = std::min(n, i + kChunk); i < end; ++i) {
            if (frees(i)) m_.free_slots[f++] = arriving[i];
            else if (decision_[i] != kNoLeg)
                sorted_[pos[decision_[i]]++] = Ticket{arriving[i], seq0 + static_cast<std::uint32_t>(i)};
        }
    });
    append_sorted_to_queues(nchunks, nullptr);
    for (std::size_t c = 0; c < nchunks; ++c)
        for (const std::uint32_t i : strands_[c]) count_stranded(arriving[i], item_place_[i]);
}

// ------------------------------------------------------------------ record --
void Simulation::record() {
    const auto d = static_cast<std::size_t>(day_);
    std::int64_t waiting = 0;
    auto* wrow = &series_.waiting_by_place[d * series_.n_places];
    for (std::size_t p = 0; p < waiting_at_.size(); ++p) {
        waiting += waiting_at_[p];
        wrow[p] = static_cast<std::uint32_t>(waiting_at_[p]);
    }
    totals_.waiting = static_cast<std::uint64_t>(waiting);
    auto* qrow = &series_.queue_by_leg[d * series_.n_legs];
    for (std::size_t l = 0; l < queues_.size(); ++l) qrow[l] = queues_[l].live;
    series_.totals[d] = totals_;
    migrant_days_ += totals_.waiting + totals_.travelling;
}

std::string Simulation::check_state() const {
    std::array<std::uint64_t, 4> by_status{};
    for (const Migrant& m : m_.slots) ++by_status[static_cast<std::size_t>(m.status())];
    std::uint64_t live = 0, ring = 0;
    for (const LegQueue& q : queues_) live += q.live;
    for (const auto& b : travel_ring_) ring += b.size();
    const auto n = [&](MigrantStatus s) { return by_status[static_cast<std::size_t>(s)]; };
    std::string out;
    auto expect = [&](const char* what, std::uint64_t a, std::uint64_t b) {
        if (a != b) out += fmt::format("{}: {} != {}; ", what, a, b);
    };
    expect("queued records vs live tickets", n(MigrantStatus::Queued), live);
    expect("waiting vs queued + choosing records", totals_.waiting, n(MigrantStatus::Queued) + n(MigrantStatus::Choosing));
    expect("choosing records vs due list", n(MigrantStatus::Choosing), due_.size());
    expect("travelling records vs calendar entries", n(MigrantStatus::Travelling), ring);
    expect("travelling vs travelling records", totals_.travelling, n(MigrantStatus::Travelling));
    expect("free records vs free slots", n(MigrantStatus::Free), m_.free_slots.size());
    return out;
}

std::size_t Simulation::state_bytes() const {
    std::size_t b = m_.bytes() + vec_bytes(due_) + vec_bytes(arriving_) + vec_bytes(scratch_) + vec_bytes(decision_) +
                    vec_bytes(outcome_) + vec_bytes(arriving_leg_) + vec_bytes(redecide_today_);
    for (const auto& q : queues_) b += q.bytes();
    for (const auto& v : travel_ring_) b += deque_bytes(v);
    b += vec_bytes(first_seq_by_day_);
    b += vec_bytes(item_place_) + vec_bytes(item_leg_) + vec_bytes(cand_) + vec_bytes(cand_leg_) + vec_bytes(cand_class_) +
         vec_bytes(cand_days_) + vec_bytes(joins_) + vec_bytes(leaves_) + vec_bytes(leg_start_) + vec_bytes(sorted_) +
         vec_bytes(boarded_) + vec_bytes(redecide_leg_);
    for (const auto& v : strands_) b += vec_bytes(v);
    return b;
}

}  // namespace smugglesim
