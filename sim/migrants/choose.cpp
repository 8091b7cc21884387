// Phase `choose` of the migrants module: migrants due to decide (new, or out
// of patience in a queue) pick their next leg against today's costs and queues
// (route_choice.cpp) and join its queue; the queue merges shared with arrive.
#include <algorithm>
#include <atomic>

#include "sim/engine/parallel.hpp"
#include "sim/migrants/migrants.hpp"

namespace smugglesim {

namespace {
// Marks a re-decision ticket whose migrant has left the queue since.
constexpr std::uint32_t kStale = kNoLeg - 1;
}  // namespace

// Books a migrant who leaves the route at `place` (its record was already
// released by the parallel pass that decided it) and recycles its slot. One
// out of money (`broke`) where groups sell crossings is exploited with
// probability `exploitation_share` (its own draw); the others are stranded.
void MigrantsModule::count_stranded(std::uint32_t slot, std::uint32_t place, bool broke) {
    const double share = md_->scenario.travel.exploitation_share;
    if (broke && exploit_at_[place] && share > 0 &&
        rng::u01(rng::words(key_, slot, static_cast<std::uint32_t>(day_), rng::Purpose::Exploit)[0]) <= share) {
        ++w_.series.row<std::uint32_t>(ids_.exploited, day_)[place];
        ++totals_.exploited;
    } else {
        ++w_.series.row<std::uint32_t>(ids_.stranded, day_)[place];
        ++totals_.stranded;
    }
    --waiting_at_[place];
    m_.free_slots.push_back(slot);
}

// Queued migrants reconsider every `patience_days` days: those who joined a
// queue exactly k * patience_days days ago. Queues are FIFO in ticket order
// and the first ticket of each day is kept, so they are whole ticket ranges
// found by binary search: no per-migrant calendar entries are needed. Clients
// waiting for a package's next stage reconsider only while it is closed.
void MigrantsModule::collect_redecisions() {
    const int patience = md_->scenario.choice.patience_days;
    first_seq_by_day_.push_back(next_seq_);  // first ticket handed out today
    reroute_package_queues();
    redecide_today_.clear();
    redecide_leg_.clear();
    for (std::size_t l = 0; l < queues_.size(); ++l) {
        const LegQueue& q = queues_[l];
        // A package's clients wait for its next stage as long as it runs, and
        // for the first stage of one with documents (they got theirs).
        const OfferModel& of = md_->offers[l];
        if (of.package != kNoPackage && (of.stage > 0 || md_->packages[of.package].with_documents()) && runs(static_cast<std::uint32_t>(l)))
            continue;
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

// Live tickets move in queue order and get today's ticket numbers (a queue
// stays in ticket order); the migrants stay at their place.
void MigrantsModule::reroute_package_queues() {
    for (const PackageModel& pm : md_->packages)
        for (std::size_t k = 1; k < pm.stages(); ++k) {
            const std::uint32_t to = first_open_stage_offer(pm, k);
            if (to == kNoLeg) continue;
            for (std::uint32_t i = pm.stage_first[k]; i < pm.stage_first[k + 1]; ++i) {
                const std::uint32_t from = pm.offers[i];
                LegQueue& q = queues_[from];
                if (from == to || q.live == 0 || runs(from)) continue;
                LegQueue& target = queues_[to];
                std::uint32_t moved = 0;
                for (const Ticket& t : q.buf) {
                    Migrant& m = m_[t.slot];
                    if (!m.holds_ticket(from, t.seq)) continue;
                    const std::uint32_t seq = next_seq_++;
                    m.leg = to;
                    m.qseq = seq;
                    target.buf.push_back(Ticket{t.slot, seq});
                    ++moved;
                }
                q.buf = BlockDeque<Ticket>();
                q.live -= moved;
                target.live += moved;
            }
        }
}

// Migrants due to decide (new, just arrived at a place, or out of patience in
// a queue) pick their next leg against today's costs and queues.
void MigrantsModule::choose() {
    update_cost_to_go();
    build_choice_sets();
    collect_redecisions();
    const std::size_t nd = due_.size(), nr = redecide_today_.size(), n = nd + nr;
    auto slot_of = [&](std::size_t i) { return i < nd ? due_[i] : redecide_today_[i - nd].slot; };
    // In batches of a fixed size (memory stays bounded; results do not depend
    // on the thread count, only on this constant).
    for (std::size_t b0 = 0; b0 < n; b0 += par::kBatch) {
        const std::size_t bn = std::min(par::kBatch, n - b0);
        decision_.resize(bn);
        broke_.resize(bn);
        item_place_.resize(bn);
        item_leg_.resize(bn);
        // Decide and update the migrant's own record in one parallel pass: each
        // slot appears once, and ticket numbers follow the item order.
        const std::uint32_t seq0 = next_seq_;
        next_seq_ += static_cast<std::uint32_t>(bn);
        // Item j's decision `next` into its record: stays, leaves, or queues.
        auto settle = [&](std::size_t j, std::uint32_t next) {
            const std::size_t i = b0 + j;
            Migrant& m = m_[slot_of(i)];
            broke_[j] = next == kBroke;
            if (next == kBroke) next = kNoLeg;
            decision_[j] = next;
            if (i >= nd && next == m.leg) return;  // reconsidered and stays: keeps its place
            if (next == kNoLeg) {
                Migrant::store_relaxed(m.leg, kNoLeg);
                m.set_status_relaxed(MigrantStatus::Free);
                return;
            }
            Migrant::store_relaxed(m.leg, next);
            Migrant::store_relaxed(m.qseq, seq0 + static_cast<std::uint32_t>(j));
            m.set_status_relaxed(MigrantStatus::Queued);
        };
        std::atomic<bool> documents{false};
        par::items(bn, [&](std::size_t j) {
            const std::size_t i = b0 + j;
            if (j + par::kPrefetch < bn) par::prefetch_write(m_[slot_of(i + par::kPrefetch)]);
            const std::uint32_t s = slot_of(i);
            Migrant& m = m_[s];
            if (i >= nd && !m.holds_ticket(redecide_leg_[i - nd], redecide_today_[i - nd].seq)) {
                decision_[j] = item_leg_[j] = kStale;  // left this queue since: nothing to do
                return;
            }
            const std::uint32_t next = decide(s);
            item_place_[j] = m.place();
            item_leg_[j] = m.leg;  // kNoLeg unless reconsidering a queue
            if (buys_document(next)) {  // settled below, in item order
                decision_[j] = next;
                documents.store(true, std::memory_order_relaxed);
                return;
            }
            settle(j, next);
        });
        if (documents.load(std::memory_order_relaxed))
            settle_purchases(bn, [&](std::size_t j) { return slot_of(b0 + j); }, settle);
        append_to_queues(b0, bn, nd, seq0, slot_of);
    }
    due_.clear();
}

// Puts the batch's decisions into the leg queues in item order, on all cores:
// a counting sort by leg over fixed chunks of items (counts, prefix sums,
// scatter) and then one bulk append per leg. Strandings are booked afterwards,
// in item order. Migrant records are not touched.
template <class SlotOf>
void MigrantsModule::append_to_queues(std::size_t b0, std::size_t bn, std::size_t nd, std::uint32_t seq0,
                                  const SlotOf& slot_of) {
    const std::size_t nl = queues_.size();
    const std::size_t nchunks = par::chunks(bn);
    joins_.assign(nchunks * nl, 0);
    leaves_.assign(nchunks * nl, 0);
    strands_.resize(nchunks);
    // What item j does: nothing (stays or stale), leaves a queue, joins one, is stranded.
    auto stays = [&](std::size_t j) { return b0 + j >= nd && decision_[j] == item_leg_[j]; };
    tbb::parallel_for(std::size_t{0}, nchunks, [&](std::size_t c) {
        strands_[c].clear();
        std::uint32_t* join = &joins_[c * nl];
        std::uint32_t* leave = &leaves_[c * nl];
        for (std::size_t j = c * par::kChunk, end = std::min(bn, j + par::kChunk); j < end; ++j) {
            if (stays(j)) continue;
            if (item_leg_[j] != kNoLeg) ++leave[item_leg_[j]];
            if (decision_[j] == kNoLeg) strands_[c].push_back(static_cast<std::uint32_t>(j));
            else ++join[decision_[j]];
        }
    });
    // Where each (chunk, leg) writes in the leg-sorted ticket array.
    par::chunk_positions(joins_.data(), nchunks, nl, nl, leg_start_);
    sorted_.resize(leg_start_[nl]);
    tbb::parallel_for(std::size_t{0}, nchunks, [&](std::size_t c) {
        std::uint32_t* pos = &joins_[c * nl];
        for (std::size_t j = c * par::kChunk, end = std::min(bn, j + par::kChunk); j < end; ++j)
            if (!stays(j) && decision_[j] != kNoLeg)
                sorted_[pos[decision_[j]]++] = Ticket{slot_of(b0 + j), seq0 + static_cast<std::uint32_t>(j)};
    });
    append_sorted_to_queues(nchunks, leaves_.data());
    for (std::size_t c = 0; c < nchunks; ++c)
        for (const std::uint32_t j : strands_[c]) count_stranded(slot_of(b0 + j), item_place_[j], broke_[j] != 0);
}

// Appends each leg's run of sorted_ (from leg_start_) to its queue, on all
// cores. `leaves` (per chunk and leg; null if none) counts the migrants who
// left each queue in the same batch.
void MigrantsModule::append_sorted_to_queues(std::size_t nchunks, const std::uint32_t* leaves) {
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

}  // namespace smugglesim
