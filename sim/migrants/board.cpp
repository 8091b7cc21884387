// Phase `board` of the migrants module: each open offer boards migrants from
// the head of its queue up to its capacity today (offer_view of World::legs
// and World::offers); they pay its price (or are stranded if they cannot),
// draw their travel days and how the leg will end for them, and enter the
// calendar of arrivals.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim/dates.hpp"
#include "sim/engine/parallel.hpp"
#include "sim/migrants/migrants.hpp"

namespace smugglesim {

// Each offer boards migrants from the head of its queue up to its daily
// capacity; they pay the price (or are stranded if they cannot) and start
// travelling. Work is spread over all tickets, not per queue, so one busy leg
// does not hold up the day. Migrants whose trip ends today leave the calendar queue for the
// arrive phase.
void MigrantsModule::board() {
    const Model& md = *md_;
    const auto d = static_cast<std::uint32_t>(day_);
    const std::size_t nl = md.offers.size();  // queues: one per offer
    std::uint32_t* flow = w_.series.row<std::uint32_t>(ids_.flow, day_);
    double* paid = w_.series.row<double>(ids_.paid, day_);
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
        const double avail = (offer_[l].open ? offer_[l].capacity : 0.0) + q.carry;
        const double whole = std::floor(avail);  // capacity is bounded by build_model
        seats_[l] = static_cast<std::uint32_t>(whole);
        q.carry = avail - whole;
        offer_flow_[l] = 0;
        offer_credit_[l] = 0;
        offer_bonding_[l] = 0;
    }
    const double daily_cost = md.scenario.travel.daily_cost_eur;
    // Rounds: take as many tickets as seats are left from each queue, check
    // them in parallel (stale, can pay, cannot pay), seat them in queue order.
    take_start_.resize(nl + 1);
    for (;;) {
        std::size_t total = 0;
        for (std::size_t l = 0; l < nl; ++l) {
            take_start_[l] = total;
            total += std::min<std::size_t>({seats_[l] - offer_flow_[l], queues_[l].buf.size(),
                                            par::kBatch - total});
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
        par::items(n, [&](std::size_t i) __attribute__((always_inline)) {
            if (i + par::kPrefetch < n) par::prefetch_write(m_[cand_[i + par::kPrefetch].slot]);
            const Ticket t = cand_[i];
            Migrant& m = m_[t.slot];
            const std::uint32_t l = cand_leg_[i];  // the offer
            const LegModel& lm = md.offer_leg(l);
            const LegState& ls = offer_[l];
            if (!m.holds_ticket(l, t.seq)) {
                cand_class_[i] = 0;  // stale: the migrant moved on
                return;
            }
            const double money = money_now(m);
            // Cannot pay: stranded where it waited, unless its smugglers take it
            // on credit into its destination state (it pays what it may not owe).
            double pay = ls.price;
            bool credit = false;
            if (money < ls.price) {
                const double upfront = ls.price * (1.0 - md.offers[l].credit_share);
                if (!on_credit(l, m.dest) || money < upfront) {
                    cand_class_[i] = 2;
                    Migrant::store_relaxed(m.leg, kNoLeg);
                    m.set_status_relaxed(MigrantStatus::Free);
                    return;
                }
                pay = upfront;
                credit = true;
            }
            const auto w = rng::words(key_, t.slot, d, rng::Purpose::Board);
            const std::uint16_t days = lm.sample_days(rng::u01(w[0]));
            cand_days_[i] = days;
            // Pay; living costs start again on arrival, day d + travel days.
            m.money = static_cast<float>(money - pay + daily_cost * (d + days));
            Fate fate = leg_fate(m, lm, ls, static_cast<int>(d + days), w[1], w[2], w[3]);
            if (credit && (fate == Fate::Arrived || fate == Fate::Continue)) fate = Fate::Bonded;  // put to work there
            cand_class_[i] = credit ? (fate == Fate::Bonded ? 3 : 4) : 1;  // boarded: 1, 3 and 4
            Migrant::store_relaxed(m.flags, static_cast<std::uint8_t>((m.flags & Migrant::kKeep) |
                                                                     (static_cast<unsigned>(MigrantStatus::Travelling) << 2) |
                                                                     (static_cast<unsigned>(fate) << 4)));
        });
        start_travelling(n);
    }
    for (std::size_t l = 0; l < nl; ++l) {
        const std::uint32_t leg = md.offers[l].leg;
        w_.offer_day[l] = OfferDay{};
        w_.offer_day[l].boarded = offer_flow_[l];
        double on_time = offer_flow_[l] * offer_[l].price;
        if (offer_credit_[l] > 0)  // those on credit paid the part they may not owe
            on_time = (offer_flow_[l] - offer_credit_[l]) * offer_[l].price +
                      offer_credit_[l] * (offer_[l].price * (1.0 - md.offers[l].credit_share));
        w_.offer_day[l].paid = on_time;
        w_.offer_day[l].credit = offer_credit_[l];
        w_.offer_day[l].bonding = offer_bonding_[l];
        flow[leg] += offer_flow_[l];
        paid[leg] += on_time;
        waiting_at_[md.legs[leg].from] -= offer_flow_[l];
        totals_.travelling += offer_flow_[l];
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
void MigrantsModule::start_travelling(std::size_t n) {
    const Model& md = *md_;
    const std::size_t nl = queues_.size(), nb = travel_ring_.size();
    const std::size_t nchunks = par::chunks(n);
    const std::size_t width = 3 * nl + nb;  // per chunk: boarders, on credit, bound to arrive so per offer; per bucket
    joins_.assign(nchunks * width, 0);
    leaves_.assign(nchunks * nl, 0);
    strands_.resize(nchunks);
    auto bucket_of = [&](std::size_t i) { return (static_cast<std::size_t>(day_) + cand_days_[i]) % nb; };
    tbb::parallel_for(std::size_t{0}, nchunks, [&](std::size_t c) {
        strands_[c].clear();
        std::uint32_t* count = &joins_[c * width];
        std::uint32_t* used = &leaves_[c * nl];
        for (std::size_t i = c * par::kChunk, end = std::min(n, i + par::kChunk); i < end; ++i) {
            if (cand_class_[i] == 0) continue;
            ++used[cand_leg_[i]];
            if (cand_class_[i] == 2) {
                strands_[c].push_back(static_cast<std::uint32_t>(i));
                continue;
            }
            ++count[cand_leg_[i]];
            if (cand_class_[i] >= 3) ++count[nl + cand_leg_[i]];
            if (cand_class_[i] == 3) ++count[2 * nl + cand_leg_[i]];
            ++count[3 * nl + bucket_of(i)];
        }
    });
    // Counters per offer, and where each (chunk, bucket) writes.
    for (std::size_t l = 0; l < nl; ++l)
        for (std::size_t c = 0; c < nchunks; ++c) {
            offer_flow_[l] += joins_[c * width + l];
            offer_credit_[l] += joins_[c * width + nl + l];
            offer_bonding_[l] += joins_[c * width + 2 * nl + l];
            queues_[l].live -= leaves_[c * nl + l];
        }
    par::chunk_positions(joins_.data() + 3 * nl, nchunks, width, nb, leg_start_);
    boarded_.resize(leg_start_[nb]);
    tbb::parallel_for(std::size_t{0}, nchunks, [&](std::size_t c) {
        std::uint32_t* pos = &joins_[c * width + 3 * nl];
        for (std::size_t i = c * par::kChunk, end = std::min(n, i + par::kChunk); i < end; ++i)
            if (cand_class_[i] == 1 || cand_class_[i] >= 3) boarded_[pos[bucket_of(i)]++] = cand_[i].slot;
    });
    tbb::parallel_for(std::size_t{0}, nb, [&](std::size_t b) {
        travel_ring_[b].insert(travel_ring_[b].end(), boarded_.begin() + static_cast<std::ptrdiff_t>(leg_start_[b]),
                               boarded_.begin() + static_cast<std::ptrdiff_t>(leg_start_[b + 1]));
    });
    for (std::size_t c = 0; c < nchunks; ++c)
        for (const std::uint32_t i : strands_[c]) count_stranded(cand_[i].slot, md.offer_leg(cand_leg_[i]).from, true);
}

// The sea's seasonal hazard factor for every day a trip can end on (the run's
// days plus the longest trip), by calendar date: the day of the year of the
// date (0-based; 365 is 31 December of a leap year), so multi-year runs keep
// their seasons in step with the calendar.
void MigrantsModule::compute_sea_season() {
    const Model& md = *md_;
    const HazardParams& h = md.scenario.hazard;
    const auto start = parse_iso_date(md.scenario.start_date);  // checked by build_model
    const int n = md.days + md.scenario.travel.max_leg_days + 1;
    sea_season_.resize(static_cast<std::size_t>(n));
    for (int day = 0; day < n; ++day) {
        int doy = day;
        if (start) {
            const auto date = add_days(*start, day);
            doy = days_between(std::chrono::year_month_day{date.year(), std::chrono::January, std::chrono::day{1}}, date);
        }
        sea_season_[static_cast<std::size_t>(day)] =
            1.0 + h.sea_seasonality * std::cos(2.0 * std::numbers::pi * (doy - h.sea_peak_day) / 365.0);
    }
}

// How leg `lm` (running state `ls`) ends for migrant `m`, arriving on `arrival_day`, from three
// uniform words of its boarding draw: death or going missing with the leg's
// hazard (seasonal at sea, on the arrival day), else interception (returned to
// origin or pushed back), else it reaches the leg's end. `w3` splits dead from
// missing or returned from pushed back (only one of the two can happen).
Fate MigrantsModule::leg_fate(const Migrant& m, const LegModel& lm, const LegState& ls, int arrival_day,
                              std::uint32_t w1, std::uint32_t w2, std::uint32_t w3) const {
    const Model& md = *md_;
    const double season = lm.mode == Mode::Sea ? sea_season_[static_cast<std::size_t>(arrival_day)] : 1.0;
    if (rng::u01(w1) <= std::min(0.999, ls.hazard * season))
        return rng::u01(w3) <= md.scenario.hazard.missing_share[static_cast<int>(lm.mode)] ? Fate::Missing : Fate::Dead;
    const InterceptionParams& ip = md.scenario.interception;
    double pi = ls.interception;
    if (lm.need_docs) {
        const auto doc = static_cast<DocStatus>(m.docs());
        const double detect = doc == DocStatus::Forged       ? ip.forged_detection * (m.good_forgery() ? ip.good_forgery_factor : 1.0)
                              : doc == DocStatus::LostStolen ? ip.lost_stolen_detection
                                                             : 0.0;
        if (detect > 0) pi = 1.0 - (1.0 - pi) * (1.0 - detect * ls.document_check);
    }
    if (rng::u01(w2) <= pi) return rng::u01(w3) <= ip.return_share ? Fate::Returned : Fate::PushedBack;
    if (md.place_is_destination[lm.to] && md.network->place_country(lm.to) == md.destinations[m.dest]) return Fate::Arrived;
    return Fate::Continue;
}

}  // namespace smugglesim
