// Phase `adapt` of the organisations module (Stage::Adapt): groups replace
// removed members after a delay that depends on the role (weeks for drivers
// and recruiters, months for forgers, brokers and organisers), as long as
// something of the group is left at work; and they hire transporters for
// offers whose queue stays long and that do not lose money, up to `max_growth`
// x the offer's seats at the start; and they move transporters from corridors
// that pay less to those that pay more (a package's stages keep their crews:
// their capacity is the package's). Rivals of a removed group so take over
// its market instead of the market shrinking (Campana 2018; Duijn et al. 2014),
// and a corridor made costly for its groups loses capacity to their others.
#include <algorithm>
#include <cmath>

#include "sim/model.hpp"
#include "sim/organisations/organisations.hpp"

namespace smugglesim {

int OrganisationsModule::replace_days(Role r) const {
    const OrganisationsParams& op = w_.md().scenario.organisations;
    switch (r) {
        case Role::Organiser: return op.replace_days_organiser;
        case Role::Recruiter:
        case Role::Transporter:
        case Role::SafeHouse: return op.replace_days_facilitator;
        default: return op.replace_days_specialist;
    }
}

// An offer's profit after losses over the last four weeks, EUR: fees net of
// intermediaries, minus pay, vehicles and bribes per seat sold, minus the
// vehicles and trips lost with each transporter taken (vehicle share of the
// reference price x its seats x the days to replace it).
double OrganisationsModule::profit_28(std::uint32_t o, bool losses) const {
    const Model& md = w_.md();
    const MarketParams& mp = md.scenario.market;
    const double ref = om_->operating_price[o];
    const double share = mp.pay_share + mp.vehicle_share + (om_->ocgs[md.offers[o].ocg].has_officials ? mp.bribe_share : 0.0);
    const double lost = !losses ? 0.0 : lost_28_[o] * ref * mp.vehicle_share * om_->seats_per_transporter[o] *
                        md.scenario.organisations.replace_days_facilitator;
    return paid_28_[o] * (1.0 - md.scenario.money.intermediary_share) - sold_28_[o] * ref * share - lost;
}

// Every `move_days`, each group with several offers compares them by that
// profit per transporter at work. If the least profitable offer that sold in
// the four weeks (with two transporters or more) earns less than `move_gap` x
// the most profitable one, whose queue exceeds its seats, `move_share` of the
// former's transporters (at least one; the last at work in member order) move
// to the latter.
void OrganisationsModule::move_capacity() {
    const Model& md = w_.md();
    const OrganisationsParams& op = md.scenario.organisations;
    if (op.move_days <= 0 || w_.day == 0 || w_.day % op.move_days != 0) return;
    for (std::uint32_t g = 0; g < om_->ocgs.size(); ++g) {
        const OcgModel& ocg = om_->ocgs[g];
        if (ocg.offers.size() < 2) continue;
        std::uint32_t worst = kNoOffer, best = kNoOffer;
        double worst_v = 0, best_v = 0;
        for (const std::uint32_t o : ocg.offers) {
            if (drivers_[o] == 0 || md.offers[o].package != kNoPackage) continue;  // a package's crews stay with it
            const double per = profit_28(o) / drivers_[o];
            if (drivers_[o] >= 2 && sold_28_[o] > 0 && (worst == kNoOffer || per < worst_v)) worst = o, worst_v = per;
            if (w_.offer_day[o].queued > w_.offers[o].capacity && (best == kNoOffer || per > best_v)) best = o, best_v = per;
        }
        if (worst == kNoOffer || best == kNoOffer || worst == best || !(best_v > 0) || !(worst_v < op.move_gap * best_v))
            continue;
        auto n = static_cast<std::uint32_t>(std::max(1.0, std::floor(op.move_share * drivers_[worst])));
        // The last transporters at work on `worst`, in member order: recruits first, newest first, then the model's.
        const auto& rec = group_recruits_[g];
        for (auto it = rec.rbegin(); it != rec.rend() && n > 0; ++it)
            if (records_[*it].offer == worst && (records_[*it].status == MemberStatus::Active || records_[*it].status == MemberStatus::Released) && current(*it).role == Role::Transporter) {
                move_transporter(*it, best);
                --n;
            }
        for (std::uint32_t i = ocg.first_member + ocg.member_count; i-- > ocg.first_member && n > 0;)
            if (records_[i].offer == worst && (records_[i].status == MemberStatus::Active || records_[i].status == MemberStatus::Released) && om_->members[i].role == Role::Transporter) {
                move_transporter(i, best);
                --n;
            }
    }
}

void OrganisationsModule::adapt() {
    if (!om_) return;
    move_capacity();
    review_entry_exit();
    const Model& md = w_.md();
    const OrganisationsParams& op = md.scenario.organisations;
    const int day = w_.day;
    // At work per group and transporters per offer, as today's changes of status left them.
    std::vector<std::uint32_t> at_work(om_->ocgs.size(), 0), drivers = drivers_;
    for (std::uint32_t g = 0; g < om_->ocgs.size(); ++g) at_work[g] = this->at_work(g);
    // Replacements that are due, in the order members were removed.
    std::size_t kept = 0;
    for (std::size_t k = 0; k < vacancies_.size(); ++k) {
        const Vacancy v = vacancies_[k];
        if (v.due > day) {
            vacancies_[kept++] = v;
            continue;
        }
        const MemberModel like = current(v.member);
        if (at_work[like.ocg] == 0) continue;  // dismantled: nobody left to replace anyone
        if (like.role == Role::Transporter && withdrawn_[like.offer]) continue;  // its group left that offer
        recruit(like);
        ++at_work[like.ocg];
        if (like.role == Role::Transporter) ++drivers[like.offer];
    }
    vacancies_.resize(kept);
    // Hires for long queues: the transporters that would bring the queue down
    // to `hire_queue_days` of seats (within `max_growth`), starting together
    // after `hire_days`; one round of hiring at a time per offer.
    for (std::uint32_t o = 0; o < md.offers.size(); ++o) {
        const OfferModel& of = md.offers[o];
        if (of.ocg == kNoOcg || of.package != kNoPackage || at_work[of.ocg] == 0 || withdrawn_[o]) continue;
        if (hiring_[o].count > 0) {
            if (hiring_[o].due > day) continue;
            for (std::uint32_t k = 0; k < hiring_[o].count; ++k) recruit(MemberModel(of.ocg, o, md.legs[of.leg].from, Role::Transporter));
            drivers[o] += hiring_[o].count;
            hiring_[o] = {};
            continue;
        }
        const OfferState& st = w_.offers[o];
        const double per = om_->seats_per_transporter[o];
        const double seats = drivers[o] * per;
        const double want = std::min(w_.offer_day[o].queued / op.hire_queue_days, op.max_growth * of.initial.capacity);
        // Not for an offer that lost money over the last four weeks.
        if (!st.active || cash_[of.ocg] <= 0 || !(want > seats + per) || profit_28(o) < 0) continue;
        hiring_[o] = {day + std::max(1, op.hire_days), static_cast<std::uint32_t>(std::floor((want - seats) / per))};
    }
}

}  // namespace smugglesim
