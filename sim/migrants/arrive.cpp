// Phase `arrive` of the migrants module: migrants whose leg ends today meet the
// end drawn when they boarded; those who go on choose their next leg at once.
#include <algorithm>
#include <atomic>

#include "sim/engine/parallel.hpp"
#include "sim/migrants/migrants.hpp"

namespace smugglesim {

// Migrants whose leg ends today meet the fate drawn when they boarded: death
// or going missing, interception (returned to their origin state, or pushed
// back to the leg's start), arrival in their destination state, or the leg's
// end to go on from. A package's clients go on with its next stage (the first
// of its offers open: the alliance reroutes when a partner is gone); if none
// is open, the package ends there and they choose. Those who go on choose their next leg at once, against
// the costs and queues after the day's boarding (what they would have seen
// choosing the next morning), and join its queue; with no option, stranded.
void MigrantsModule::arrive() {
    update_cost_to_go();
    build_choice_sets();
    const std::size_t n_all = arriving_.size();
    totals_.travelling -= n_all;
    for (std::size_t b0 = 0; b0 < n_all; b0 += par::kBatch) arrive_batch(arriving_.data() + b0, std::min(par::kBatch, n_all - b0));
    arriving_.clear();
    for (std::size_t o = 0; o < queues_.size(); ++o) w_.offer_day[o].queued = queues_[o].live;
}

void MigrantsModule::arrive_batch(const std::uint32_t* arriving, std::size_t n) {
    const Model& md = *md_;
    outcome_.resize(n);
    arriving_leg_.resize(n);
    decision_.resize(n);
    broke_.resize(n);
    item_place_.resize(n);
    const std::uint32_t seq0 = next_seq_;
    next_seq_ += static_cast<std::uint32_t>(n);
    // Item i's decision `next` into its record: queued for it, or stranded here.
    auto settle = [&](std::size_t i, std::uint32_t next) {
        Migrant& m = m_[arriving[i]];
        broke_[i] = next == kBroke;
        if (next == kBroke) next = kNoLeg;
        decision_[i] = next;
        if (next == kNoLeg) {
            m.set_status_relaxed(MigrantStatus::Free);  // stranded here
            return;
        }
        Migrant::store_relaxed(m.leg, next);
        Migrant::store_relaxed(m.qseq, seq0 + static_cast<std::uint32_t>(i));
        m.set_status_relaxed(MigrantStatus::Queued);
    };
    std::atomic<bool> documents{false};
    // Each migrant's own record in one parallel pass (each arriving slot
    // appears once): its fate, and the next leg of those who go on. Counters,
    // queues and the free list afterwards, in arrival order.
    par::items(n, [&](std::size_t i) {
        if (i + par::kPrefetch < n) par::prefetch_write(m_[arriving[i + par::kPrefetch]]);
        const std::uint32_t s = arriving[i];
        Migrant& m = m_[s];
        const std::uint32_t l = m.leg;  // the offer it travelled with
        const LegModel& lm = md.offer_leg(l);
        const Fate o = m.fate();
        outcome_[i] = static_cast<std::uint8_t>(o);
        arriving_leg_[i] = l;
        decision_[i] = kNoLeg;
        broke_[i] = 0;
        Migrant::store_relaxed(m.leg, kNoLeg);
        if (o != Fate::Continue && o != Fate::PushedBack) {
            m.set_status_relaxed(MigrantStatus::Free);
            return;
        }
        const std::uint32_t place = o == Fate::Continue ? lm.to : lm.from;
        m.set_place(place);
        item_place_[i] = place;
        // A package's client goes on with its next stage, paid for already.
        const OfferModel& of = md.offers[l];
        if (o == Fate::Continue && of.package != kNoPackage && of.stage + 1 < md.packages[of.package].stages()) {
            const std::uint32_t on = first_open_stage_offer(md.packages[of.package], of.stage + 1);
            if (on != kNoLeg) {
                settle(i, on);
                return;
            }
        }
        const std::uint32_t next = decide(s);
        if (buys_document(next)) {  // settled below, in arrival order
            decision_[i] = next;
            documents.store(true, std::memory_order_relaxed);
            return;
        }
        settle(i, next);
    });
    if (documents.load(std::memory_order_relaxed))
        settle_purchases(n, [&](std::size_t i) { return arriving[i]; }, settle);
    book_arrivals(arriving, n, seq0);
}

// Books a batch of arrivals on all cores, as counting sorts over fixed chunks
// of items: per-chunk counts (deaths, missing, interceptions per offer,
// arrivals per state, waiting per place, queue joins per offer), summed in
// chunk order into the per-leg series;
// then the freed slots and the new tickets are scattered in arrival order and
// each leg's tickets appended in one go. Strandings are booked last.
void MigrantsModule::book_arrivals(const std::uint32_t* arriving, std::size_t n, std::uint32_t seq0) {
    const Model& md = *md_;
    const Network& net = *md.network;
    SeriesSet& ser = w_.series;
    const std::size_t nl = md.offers.size(), nc = ser.width(Dim::Country), np = ser.width(Dim::Place);
    const std::size_t o_dead = 0, o_missing = nl, o_inter = 2 * nl, o_reach = 3 * nl, o_join = 4 * nl, o_bond = 5 * nl,
                      o_arr = 6 * nl, o_wait = o_arr + nc, o_bond_at = o_wait + np, o_returned = o_bond_at + np,
                      o_free = o_returned + 1, width = o_free + 1;
    const std::size_t nchunks = par::chunks(n);
    joins_.assign(nchunks * width, 0);
    strands_.resize(nchunks);
    auto frees = [&](std::size_t i) {
        const auto o = static_cast<Fate>(outcome_[i]);
        return o != Fate::Continue && o != Fate::PushedBack;
    };
    tbb::parallel_for(std::size_t{0}, nchunks, [&](std::size_t c) {
        strands_[c].clear();
        std::uint32_t* k = &joins_[c * width];
        for (std::size_t i = c * par::kChunk, end = std::min(n, i + par::kChunk); i < end; ++i) {
            const std::uint32_t l = arriving_leg_[i];
            switch (static_cast<Fate>(outcome_[i])) {
                case Fate::Dead: ++k[o_dead + l]; break;
                case Fate::Missing: ++k[o_missing + l]; break;
                case Fate::Returned: ++k[o_inter + l]; ++k[o_returned]; break;
                case Fate::Arrived: ++k[o_arr + net.place_country(md.offer_leg(l).to)]; ++k[o_reach + l]; break;
                case Fate::Bonded:  // arrived, owing its smugglers
                    ++k[o_arr + net.place_country(md.offer_leg(l).to)];
                    ++k[o_reach + l];
                    ++k[o_bond + l];
                    ++k[o_bond_at + md.offer_leg(l).to];
                    break;
                case Fate::PushedBack:
                case Fate::Continue:
                    ++k[(static_cast<Fate>(outcome_[i]) == Fate::PushedBack ? o_inter : o_reach) + l];
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
    std::uint32_t* dead = ser.row<std::uint32_t>(ids_.dead, day_);
    std::uint32_t* missing = ser.row<std::uint32_t>(ids_.missing, day_);
    std::uint32_t* intercepted = ser.row<std::uint32_t>(ids_.intercepted, day_);
    std::uint32_t* arrivals = ser.row<std::uint32_t>(ids_.arrivals, day_);
    std::uint32_t* bonded_at = ser.row<std::uint32_t>(ids_.bonded, day_);
    for (std::size_t c = 0; c < nchunks; ++c) {
        std::uint32_t* k = &joins_[c * width];
        for (std::size_t l = 0; l < nl; ++l) {
            const std::uint32_t leg = md.offers[l].leg;
            dead[leg] += k[o_dead + l];
            missing[leg] += k[o_missing + l];
            intercepted[leg] += k[o_inter + l];
            OfferDay& od = w_.offer_day[l];
            od.dead += k[o_dead + l];
            od.missing += k[o_missing + l];
            od.intercepted += k[o_inter + l];
            od.reached += k[o_reach + l];
            od.bonded += k[o_bond + l];
            totals_.dead += k[o_dead + l];
            totals_.missing += k[o_missing + l];
            totals_.intercepted += k[o_inter + l];
        }
        for (std::size_t cc = 0; cc < nc; ++cc) {
            arrivals[cc] += k[o_arr + cc];
            totals_.arrived += k[o_arr + cc];
        }
        for (std::size_t p = 0; p < np; ++p) {
            waiting_at_[p] += k[o_wait + p];
            bonded_at[p] += k[o_bond_at + p];
            totals_.bonded += k[o_bond_at + p];
        }
        totals_.returned += k[o_returned];
        const std::uint32_t f = k[o_free];
        k[o_free] = static_cast<std::uint32_t>(nfree);  // now this chunk's write position
        nfree += f;
    }
    // Where each (chunk, offer) writes in the offer-sorted ticket array.
    par::chunk_positions(joins_.data() + o_join, nchunks, width, nl, leg_start_);
    m_.free_slots.resize(free0 + nfree);
    sorted_.resize(leg_start_[nl]);
    tbb::parallel_for(std::size_t{0}, nchunks, [&](std::size_t c) {
        std::size_t f = free0 + joins_[c * width + o_free];
        std::uint32_t* pos = &joins_[c * width + o_join];
        for (std::size_t i = c * par::kChunk, end = std::min(n, i + par::kChunk); i < end; ++i) {
            if (frees(i)) m_.free_slots[f++] = arriving[i];
            else if (decision_[i] != kNoLeg)
                sorted_[pos[decision_[i]]++] = Ticket{arriving[i], seq0 + static_cast<std::uint32_t>(i)};
        }
    });
    append_sorted_to_queues(nchunks, nullptr);
    for (std::size_t c = 0; c < nchunks; ++c)
        for (const std::uint32_t i : strands_[c]) count_stranded(arriving[i], item_place_[i], broke_[i] != 0);
}


}  // namespace smugglesim
