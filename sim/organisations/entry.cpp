// Entry and exit, part of the `adapt` phase of the organisations module
// (docs/model.md, Entry and exit). Every `review_days` days:
// - a group leaves an offer whose profit after losses per seat sold, over
//   four weeks, was below `exit_margin` x its price at `exit_reviews` reviews
//   in a row: its transporters on it quit, nobody is hired for it or replaces
//   them again; a group left with no offer running quits the market;
// - a new group (one of the model's entrants of the leg's stage, not in the
//   market yet there) enters a leg whose profit per seat sold, over four
//   weeks, was at least `entry_margin` x its price while its queues exceeded
//   its seats, at `entry_reviews` reviews in a row (profit stays high and
//   demand unmet). Entry and exit have different thresholds, so a group does
//   not enter and leave a leg at the same profits.
// Leaves come first, then entries, each in offer and leg order: the result
// never depends on the thread count.
#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/model.hpp"
#include "sim/organisations/organisations.hpp"

namespace smugglesim {

void OrganisationsModule::review_entry_exit() {
    const Model& md = w_.md();
    const OrganisationsParams& op = md.scenario.organisations;
    const int day = w_.day;
    if (op.review_days <= 0 || day == 0 || day % op.review_days != 0) return;
    auto single = [&](std::uint32_t o) { return md.offers[o].ocg != kNoOcg && md.offers[o].package == kNoPackage; };
    // Exit: offers running, or that lost transporters, whose profits stay low.
    for (std::uint32_t o = 0; o < md.offers.size(); ++o) {
        const OfferModel& of = md.offers[o];
        if (!single(o) || withdrawn_[o] || at_work(of.ocg) == 0 || (drivers_[o] == 0 && lost_28_[o] == 0)) {
            low_reviews_[o] = 0;
            continue;
        }
        // Without sales only losses count (the four-week sums of fees carry rounding residues).
        const double sold = sold_28_[o] * om_->operating_price[o];
        const double margin = sold > 0              ? profit_28(o) / sold
                              : lost_28_[o] > 0 ? -std::numeric_limits<double>::infinity()
                                                : 0.0;
        low_reviews_[o] = margin < op.exit_margin ? static_cast<std::uint8_t>(std::min(low_reviews_[o] + 1, 255)) : 0;
        if (low_reviews_[o] >= op.exit_reviews) leave(o);
    }
    // Entry: legs with an entrant not in the market there (never entered, or left).
    for (std::uint32_t l = 0; l < md.legs.size(); ++l) {
        std::uint32_t entrant = kNoOffer;
        double profit = 0, sold = 0, queued = 0, seats = 0;
        bool present = false;
        for (std::uint32_t o = md.leg_offers[l]; o < md.leg_offers[l + 1]; ++o) {
            if (!single(o)) continue;
            const std::uint32_t g = md.offers[o].ocg;
            if (om_->ocgs[g].entrant && withdrawn_[o] && entrant == kNoOffer) entrant = o;
            // Losses count only for the groups still on the leg (running, or
            // waiting for replacements): one removed from it or gone does not
            // deter the next.
            const bool on = !withdrawn_[o] && at_work(g) > 0;
            profit += profit_28(o, on);
            sold += sold_28_[o] * om_->operating_price[o];
            if (on) {
                present = true;
                queued += w_.offer_day[o].queued;
                seats += w_.offers[o].capacity;
            }
        }
        if (entrant == kNoOffer) {
            high_reviews_[l] = 0;
            continue;
        }
        // Demand unmet: queues beyond the seats, or customers and nobody left to sell.
        const bool high = sold > 0 && profit >= op.entry_margin * sold && (present ? queued > seats : true);
        high_reviews_[l] = high ? static_cast<std::uint8_t>(std::min(high_reviews_[l] + 1, 255)) : 0;
        if (high_reviews_[l] >= op.entry_reviews) {
            enter(md.offers[entrant].ocg, entrant);
            high_reviews_[l] = 0;
        }
    }
}

// The entrant's organiser (if it has none at work), recruiters, a broker if
// its clients pay by hawala and a safe-house keeper for a sea leg join now;
// its transporters, for `entry_share` of the leg's capacity, start after
// `entry_days`.
void OrganisationsModule::enter(std::uint32_t g, std::uint32_t o) {
    const Model& md = w_.md();
    const OrganisationsParams& op = md.scenario.organisations;
    const OcgModel& ocg = om_->ocgs[g];
    const LegModel& lm = md.legs[md.offers[o].leg];
    const double need = std::ceil(md.offers[o].initial.capacity / om_->seats_per_transporter[o]);
    const auto transporters = static_cast<std::uint32_t>(std::clamp(need, 1.0, kMaxMembersPerRole));
    auto join = [&](Role r, std::uint32_t place, std::uint32_t n) {
        for (std::uint32_t k = 0; k < n; ++k) recruit(MemberModel(g, kNoOffer, place, r));
    };
    if (at_work(g, Role::Organiser) == 0) join(Role::Organiser, ocg.base, 1);
    join(Role::Recruiter, lm.from, static_cast<std::uint32_t>(std::max(1.0, std::ceil(transporters * op.recruiters_per_transporter))));
    if (ocg.payment[static_cast<std::size_t>(Channel::Hawala)] > 0 && at_work(g, Role::Broker) == 0) join(Role::Broker, ocg.base, 1);
    if (lm.mode == Mode::Sea && at_work(g, Role::SafeHouse) == 0) join(Role::SafeHouse, lm.from, 1);
    withdrawn_[o] = 0;
    low_reviews_[o] = 0;
    hiring_[o] = {w_.day + op.entry_days, transporters};
    ++w_.series.row<std::uint32_t>(ids_.entries, w_.day)[0];
}

// Its transporters on the offer quit and those arrested are not replaced; if
// none of its offers runs or waits for hired or replaced transporters any
// more, all its members at work quit.
void OrganisationsModule::leave(std::uint32_t o) {
    const std::uint32_t g = w_.md().offers[o].ocg;
    const OcgModel& ocg = om_->ocgs[g];
    withdrawn_[o] = 1;
    low_reviews_[o] = 0;
    hiring_[o] = {};
    ++w_.series.row<std::uint32_t>(ids_.exits, w_.day)[0];
    auto transporter_on = [&](std::uint32_t i, std::uint32_t k) {
        return records_[i].offer == k && member_model(i).role == Role::Transporter;
    };
    std::erase_if(vacancies_, [&](const Vacancy& v) { return transporter_on(v.member, o); });
    bool any = false;
    for (const std::uint32_t k : ocg.offers) any = any || (!withdrawn_[k] && (drivers_[k] > 0 || hiring_[k].count > 0));
    for (const Vacancy& v : vacancies_)
        any = any || (member_model(v.member).ocg == g && member_model(v.member).role == Role::Transporter && !withdrawn_[records_[v.member].offer]);
    auto quit = [&](std::uint32_t i) {
        if (!records_[i].working() || (any && !transporter_on(i, o))) return;
        set_status(i, MemberStatus::Left);
    };
    for (std::uint32_t i = ocg.first_member; i < ocg.first_member + ocg.member_count; ++i) quit(i);
    for (const std::uint32_t i : group_recruits_[g]) quit(i);
}

}  // namespace smugglesim
