// Phase `adapt` of the organisations module (Stage::Adapt): groups replace
// removed members after a delay that depends on the role (weeks for drivers
// and recruiters, months for forgers, brokers and organisers), as long as
// something of the group is left at work; and they hire transporters for
// offers whose queue stays long, up to `max_growth` x the offer's seats at the
// start. Rivals of a removed group so take over its market instead of the
// market shrinking (Campana 2018; Duijn et al. 2014).
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

void OrganisationsModule::adapt() {
    if (!om_) return;
    const Model& md = w_.md();
    const OrganisationsParams& op = md.scenario.organisations;
    const int day = w_.day;
    // At work per group and transporters per offer, as today's changes of status left them.
    std::vector<std::uint32_t> at_work(om_->ocgs.size(), 0), drivers = drivers_;
    for (std::uint32_t g = 0; g < om_->ocgs.size(); ++g)
        for (const std::uint32_t n : role_at_work_[g]) at_work[g] += n;
    // Replacements that are due, in the order members were removed.
    std::size_t kept = 0;
    for (std::size_t k = 0; k < vacancies_.size(); ++k) {
        const Vacancy v = vacancies_[k];
        if (v.due > day) {
            vacancies_[kept++] = v;
            continue;
        }
        const MemberModel like = member_model(v.member);
        if (at_work[like.ocg] == 0) continue;  // dismantled: nobody left to replace anyone
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
        if (of.ocg == kNoOcg || at_work[of.ocg] == 0) continue;
        if (hiring_[o].count > 0) {
            if (hiring_[o].due > day) continue;
            for (std::uint32_t k = 0; k < hiring_[o].count; ++k) recruit({of.ocg, o, static_cast<std::uint16_t>(md.legs[of.leg].from), Role::Transporter});
            drivers[o] += hiring_[o].count;
            hiring_[o] = {};
            continue;
        }
        const OfferState& st = w_.offers[o];
        const double per = om_->seats_per_transporter[o];
        const double seats = drivers[o] * per;
        const double want = std::min(w_.offer_day[o].queued / op.hire_queue_days, op.max_growth * of.initial.capacity);
        if (!st.active || cash_[of.ocg] <= 0 || !(want > seats + per)) continue;
        hiring_[o] = {day + std::max(1, op.hire_days), static_cast<std::uint32_t>(std::floor((want - seats) / per))};
    }
}

}  // namespace smugglesim
