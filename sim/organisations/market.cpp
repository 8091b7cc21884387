// Phase `market` of the organisations module (Stage::Market, after the day's
// boardings and arrivals): books the day's fees by channel and the groups'
// costs in the ledger, adds to members' earnings and exposure, updates what
// customers hear of each group (reputation), and sets tomorrow's seats,
// prices and distrust of every group's offers in World::offers.
#include <algorithm>
#include <cmath>

#include "sim/model.hpp"
#include "sim/organisations/organisations.hpp"
#include "sim/rng.hpp"

namespace smugglesim {

void OrganisationsModule::market() {
    remove_requested();
    SeriesSet& s = w_.series;
    const int day = w_.day;
    const Model& md = w_.md();
    // Prices migrants saw today, for every offer (a leg's own service: the leg's).
    double* price = s.row<double>(ids_.offer_price, day);
    std::uint32_t* boardings = s.row<std::uint32_t>(ids_.offer_boardings, day);
    std::uint32_t* intercepted = s.row<std::uint32_t>(ids_.offer_intercepted, day);
    views_.resize(md.offers.size());
    for (std::size_t o = 0; o < md.offers.size(); ++o) {
        const OfferModel& of = md.offers[o];
        views_[o] = offer_view(md.legs[of.leg], w_.legs[of.leg], of, w_.offers[o]);
        price[o] = views_[o].price;
        boardings[o] = w_.offer_day[o].boarded;
        intercepted[o] = w_.offer_day[o].intercepted;
    }
    if (!om_) return;
    book_money();
    update_reputation();
    set_offers();
    stock_documents();
}

// The day's money, offer by offer in index order (so sums never depend on
// threads): fees split by channel; hawala held per offer and released to the
// group as its clients reach the leg's end (the call home), or refunded / kept
// for those who do not; the group's pay, vehicles, bribes and intermediaries.
void OrganisationsModule::book_money() {
    SeriesSet& s = w_.series;
    const int day = w_.day;
    const Model& md = w_.md();
    const MarketParams& mp = md.scenario.market;
    const MoneyParams& mo = md.scenario.money;
    auto row = [&](SeriesId id) { return s.row<double>(id, day); };
    double *cash_in = row(ids_.paid_cash), *transfer_in = row(ids_.paid_transfer), *held = row(ids_.hawala_held),
           *released = row(ids_.hawala_released), *refunded = row(ids_.hawala_refunded), *kept = row(ids_.hawala_kept),
           *pay = row(ids_.pay), *vehicles = row(ids_.vehicles), *bribes = row(ids_.bribes),
           *intermediaries = row(ids_.intermediaries), *revenue = row(ids_.revenue), *costs = row(ids_.costs),
           *labour = row(ids_.labour);
    std::uint32_t* served = s.row<std::uint32_t>(ids_.served, day);
    double paid_today = 0;
    std::fill(doc_pay_.begin(), doc_pay_.end(), 0.0);
    std::fill(wholesale_in_.begin(), wholesale_in_.end(), 0.0);
    std::fill(doc_cash_.begin(), doc_cash_.end(), 0.0);
    std::fill(wholesale_out_.begin(), wholesale_out_.end(), 0.0);
    book_documents(cash_in, pay, paid_today);
    // Packages: a partner running a stage is paid its price for the stage by
    // the seller; the lodging on the way goes to intermediaries (safe houses).
    std::vector<double> lodging(om_->ocgs.size(), 0.0);
    double* crossings = row(ids_.crossings_wholesale);  // what each seller paid its partners today
    if (!md.packages.empty()) {
        std::uint32_t* packages_sold = s.row<std::uint32_t>(ids_.packages_sold, day);
        for (std::size_t o = 0; o < md.offers.size(); ++o) {
            const OfferModel& of = md.offers[o];
            const std::uint32_t boarded = w_.offer_day[o].boarded;
            if (of.package == kNoPackage || boarded == 0) continue;
            const PackageModel& pm = md.packages[of.package];
            if (of.stage == 0) {
                packages_sold[pm.ocg] += boarded;
                lodging[pm.ocg] += pm.lodging_eur * static_cast<double>(pm.stages() - 1) * boarded;
            } else if (of.ocg != pm.ocg) {
                const double v = om_->reference_price[o] * boarded;
                crossings[pm.ocg] += v;
                wholesale_out_[pm.ocg] += v;
                wholesale_in_[of.ocg] += v;
            }
        }
    }
    for (std::uint32_t g = 0; g < om_->ocgs.size(); ++g) {
        const OcgModel& ocg = om_->ocgs[g];
        std::uint32_t clients = 0;
        for (const std::uint32_t o : ocg.offers) {
            const OfferDay& od = w_.offer_day[o];
            const std::size_t slot = static_cast<std::size_t>(day % 28) * md.offers.size() + o;
            paid_ring_[slot] = od.paid;
            paid_28_[o] += od.paid;
            sold_ring_[slot] = od.boarded;
            sold_28_[o] += od.boarded;
            // Fees by channel; hawala money waits with a broker.
            const double c = od.paid * ocg.payment[0], t = od.paid * ocg.payment[2], h = od.paid - c - t;
            cash_in[g] += c;
            transfer_in[g] += t;
            held[g] += h;
            money_.paid += od.paid;
            money_.cash_in += c;
            money_.transfer_in += t;
            money_.hawala_in += h;
            paid_today += od.paid;
            if (h > 0) {
                hawala_pool_[o] += h;
                hawala_trips_[o] += od.boarded;
            }
            // Trips that ended today release (reached the agreed point) or return their share.
            const std::uint64_t ended = std::uint64_t{od.reached} + od.dead + od.missing + od.intercepted;
            if (ended > 0 && hawala_trips_[o] > 0) {
                const std::uint64_t n = std::min(ended, hawala_trips_[o]);
                const double per = hawala_pool_[o] / static_cast<double>(hawala_trips_[o]);
                const std::uint64_t ok = std::min<std::uint64_t>(od.reached, n);
                const double rel = per * static_cast<double>(ok), lost = per * static_cast<double>(n - ok);
                hawala_pool_[o] -= rel + lost;
                hawala_trips_[o] -= n;
                const double fee = rel * mo.hawala_fee, refund = lost * mo.hawala_refund_share;
                released[g] += rel - fee;
                refunded[g] += refund;
                kept[g] += fee + (lost - refund);
                money_.released += rel;
                money_.broker_fees += fee;
                money_.refunded += refund;
                money_.broker_kept += lost - refund;
            }
            // Clients on credit owe the rest of the price they saw, worked off
            // when they arrive (their trips: those bound to end in their destination state).
            if (od.bonding > 0) {
                debt_pool_[o] += od.bonding * (views_[o].price * md.offers[o].credit_share);
                debt_trips_[o] += od.bonding;
            }
            if (od.bonded > 0 && debt_trips_[o] > 0) {
                const std::uint64_t k = std::min<std::uint64_t>(od.bonded, debt_trips_[o]);
                const double v = debt_pool_[o] / static_cast<double>(debt_trips_[o]) * static_cast<double>(k);
                debt_pool_[o] -= v;
                debt_trips_[o] -= k;
                labour[g] += v;
                money_.labour += v;
            }
            // Costs per seat sold come from the reference price (the calibration of
            // the price rule: operating costs are 1 - margin of it).
            const double ref = om_->operating_price[o] * od.boarded;
            pay[g] += ref * mp.pay_share;
            vehicles[g] += ref * mp.vehicle_share;
            if (ocg.has_officials) bribes[g] += ref * mp.bribe_share;
            if (!md.continues_package(o)) clients += od.boarded;  // a package's client counts once
        }
        served[g] = clients;
        // Revenue from migrants; payments between groups for documents add to the
        // maker's revenue and the seller's costs (they cancel in the totals).
        const double from_migrants = cash_in[g] + transfer_in[g] + released[g] + labour[g];
        revenue[g] = from_migrants + wholesale_in_[g];
        // On crossing fees; a package's lodging and its partners' price are part
        // of what goes on to others: the share applies to the rest of its fees.
        const double own_fees = std::max(0.0, from_migrants - doc_cash_[g] - lodging[g] - crossings[g]);
        intermediaries[g] = own_fees * mo.intermediary_share + lodging[g];
        costs[g] = pay[g] + vehicles[g] + bribes[g] + intermediaries[g] + wholesale_out_[g];
        cash_[g] += revenue[g] - costs[g];
        revenue_total_[g] += revenue[g];
        costs_total_[g] += costs[g];
        money_.revenue += from_migrants;
        money_.pay += pay[g];
        money_.vehicles += vehicles[g];
        money_.bribes += bribes[g];
        money_.intermediaries += intermediaries[g];
        s.row<double>(ids_.cash, day)[g] = cash_[g];
    }
    *s.row<double>(ids_.paid_to_smugglers, day) = paid_today;
    accrue(served, pay);
    double* pending = s.row<double>(ids_.hawala_pending, day);
    for (std::uint32_t g = 0; g < om_->ocgs.size(); ++g)
        for (const std::uint32_t o : om_->ocgs[g].offers) pending[g] += hawala_pool_[o];
}

// What customers hear: the outcomes of a group's clients' trips, beyond what
// the legs' own risks lead them to expect (excess deaths and interceptions per
// trip), reach them `reputation_delay_days` later, with lognormal noise, and
// fade with a mean age of `reputation_memory_days`. A group whose boats sink
// loses customers; one with a clean record gains a little.
void OrganisationsModule::update_reputation() {
    const Model& md = w_.md();
    const MarketParams& mp = md.scenario.market;
    const std::size_t ng = om_->ocgs.size();
    const auto delay = static_cast<std::size_t>(mp.reputation_delay_days);
    const std::size_t slot_now = static_cast<std::size_t>(w_.day) % (delay + 1);
    // Today's outcomes into the ring.
    for (std::uint32_t g = 0; g < ng; ++g) {
        std::array<double, 3> today{0.0, 0.0, 0.0};
        for (const std::uint32_t o : om_->ocgs[g].offers) {
            const OfferDay& od = w_.offer_day[o];
            const double ended = static_cast<double>(od.reached) + od.dead + od.missing + od.intercepted;
            if (ended == 0) continue;
            const LegState& v = views_[o];
            today[0] += ended;
            today[1] += static_cast<double>(od.dead + od.missing) - ended * v.hazard;
            today[2] += static_cast<double>(od.intercepted) - ended * v.interception;
        }
        outcome_ring_[slot_now * ng + g] = today;
    }
    // What was heard today: the outcomes of `delay` days ago.
    const std::size_t slot_heard = (slot_now + 1) % (delay + 1);
    const double keep = std::exp(-1.0 / mp.reputation_memory_days);
    const ChoiceParams& c = md.scenario.choice;
    for (std::uint32_t g = 0; g < ng; ++g) {
        Heard& h = heard_[g];
        const auto& o = outcome_ring_[(delay == 0 ? slot_now : slot_heard) * ng + g];
        h.trips = keep * h.trips + o[0];
        h.excess_dead = keep * h.excess_dead + o[1];
        h.excess_intercepted = keep * h.excess_intercepted + o[2];
        if (w_.day < static_cast<int>(delay)) continue;  // nothing heard yet
        const auto wd = rng::words(w_.key, g, static_cast<std::uint32_t>(w_.day), rng::Purpose::Reputation);
        const double sigma = mp.reputation_noise;
        const double noise = std::exp(sigma * rng::normal(wd[0], wd[1]) - 0.5 * sigma * sigma);
        const double trips = std::max(h.trips, 1.0);
        const double distrust = mp.reputation_weight * noise *
                                (c.beta_risk * h.excess_dead / trips + c.beta_interception * h.excess_intercepted / trips);
        for (const std::uint32_t of : om_->ocgs[g].offers) w_.offers[of].trust_cost = distrust;
    }
}

// Tomorrow's seats and prices. Seats: the offer's transporters at work times
// the seats each runs, while the group operates (a hierarchy needs an
// organiser at work, or keeps `run_from_custody` of its capacity while its
// organisers are in custody, as does an alliance; cells carry on). Price: moves by
// `adjust_rate` a day towards
//   reference price x demand x competition x risk,
// demand = ((1 + queue days) / (1 + queue_reference_days))^demand_elasticity,
// competition = (offers on the leg at the start / active now)^competition_elasticity,
// risk = 1 + risk_premium x share of the offer's transporters lost in four weeks,
// bounded by [min_factor, max_factor] x the reference price.
void OrganisationsModule::set_offers() {
    const Model& md = w_.md();
    const MarketParams& mp = md.scenario.market;
    const OrganisationsParams& op = md.scenario.organisations;
    SeriesSet& s = w_.series;
    const int day = w_.day;
    std::uint32_t at_work = 0, groups_selling = 0;
    const std::vector<std::uint32_t>& drivers = drivers_;
    std::vector<double> operating(om_->ocgs.size(), 1.0);
    for (std::uint32_t g = 0; g < om_->ocgs.size(); ++g) {
        for (int r = 0; r < kRoleCount; ++r) {
            const std::uint32_t n = role_at_work_[g][static_cast<std::size_t>(r)];
            s.row<std::uint32_t>(ids_.members[static_cast<std::size_t>(r)], day)[g] = n;
            at_work += n;
        }
        const bool organiser = role_at_work_[g][static_cast<std::size_t>(Role::Organiser)] > 0;
        if (om_->ocgs[g].structure != Structure::Cells && !organiser)
            operating[g] = organisers_held_[g] > 0 ? op.run_from_custody : 0.0;
    }
    // Active offers per leg, for competition.
    std::vector<std::uint32_t> active_on_leg(md.legs.size(), 0);
    for (std::size_t o = 0; o < md.offers.size(); ++o) {
        const OfferModel& of = md.offers[o];
        if (of.ocg == kNoOcg || of.package != kNoPackage) continue;
        const bool on = operating[of.ocg] > 0 && drivers[o] > 0;
        active_on_leg[of.leg] += on;
    }
    // A package is sold only while every later stage has an offer running it.
    std::vector<std::uint8_t> package_runs(md.packages.size(), 1);
    for (std::uint32_t p = 0; p < md.packages.size(); ++p) {
        const PackageModel& pm = md.packages[p];
        for (std::size_t k = 1; k < pm.stages(); ++k) {
            bool any = false;
            for (std::uint32_t i = pm.stage_first[k]; i < pm.stage_first[k + 1]; ++i) {
                const std::uint32_t o = pm.offers[i];
                any = any || (drivers[o] > 0 && operating[md.offers[o].ocg] > 0);
            }
            if (!any) package_runs[p] = 0;
        }
    }
    double* mean_price = s.row<double>(ids_.mean_price, day);
    std::vector<std::uint32_t> open_offers(om_->ocgs.size(), 0);
    for (std::size_t o = 0; o < md.offers.size(); ++o) {
        const OfferModel& of = md.offers[o];
        if (of.ocg == kNoOcg) continue;
        OfferState& st = w_.offers[o];
        st.capacity = drivers[o] * om_->seats_per_transporter[o] * operating[of.ocg];
        st.active = st.capacity > 0 && (of.package == kNoPackage || of.stage > 0 || package_runs[of.package]);
        st.document_check_factor = std::pow(1.0 - op.official_effect, officials_[o]);
        st.interception_factor = om_->ocgs[of.ocg].concealment * st.document_check_factor;
        const double ref = om_->reference_price[o];
        const double cap = std::max(st.capacity, 1e-9);
        const double q = st.active ? w_.offer_day[o].queued / cap : 0.0;
        const double demand = std::pow((1.0 + q) / (1.0 + mp.queue_reference_days), mp.demand_elasticity);
        // A package has no rivals of its own kind on its first leg; its later stages are never sold.
        if (md.continues_package(static_cast<std::uint32_t>(o))) continue;
        const double competition =
            of.package != kNoPackage ? 1.0
                                     : std::pow(static_cast<double>(om_->rivals[o]) / std::max(active_on_leg[of.leg], 1u),
                                                mp.competition_elasticity);
        const double transporters0 = std::max(1.0, std::ceil(md.offers[o].initial.capacity / om_->seats_per_transporter[o]));
        const double risk = 1.0 + mp.risk_premium * lost_28_[o] / transporters0;
        const double target = ref * std::clamp(demand * competition * risk, mp.min_factor, mp.max_factor);
        st.price += mp.adjust_rate * (target - st.price);
        if (st.active) {
            mean_price[of.ocg] += st.price;
            ++open_offers[of.ocg];
        }
    }
    std::uint32_t* offers_open = s.row<std::uint32_t>(ids_.offers_open, day);
    for (std::uint32_t g = 0; g < om_->ocgs.size(); ++g) {
        offers_open[g] = open_offers[g];
        if (open_offers[g] > 0) {
            mean_price[g] /= open_offers[g];
            ++groups_selling;
        }
    }
    // The four-week ring of losses moves on a day.
    const std::size_t slot = static_cast<std::size_t>(day + 1) % 28, no = md.offers.size();
    for (std::size_t o = 0; o < no; ++o) {
        lost_28_[o] -= lost_ring_[slot * no + o];
        lost_ring_[slot * no + o] = 0;
        paid_28_[o] -= paid_ring_[slot * no + o];
        paid_ring_[slot * no + o] = 0;
        sold_28_[o] -= sold_ring_[slot * no + o];
        sold_ring_[slot * no + o] = 0;
    }
    *s.row<std::uint32_t>(ids_.ocgs_active, day) = groups_selling;

    *s.row<std::uint32_t>(ids_.members_active, day) = at_work;
}

}  // namespace smugglesim
