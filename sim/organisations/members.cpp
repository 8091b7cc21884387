// The organisations module's members: joining, changes of status, and what
// they earn and leave as traces while at work. Status changes keep the counts
// at work (by group and role, transporters by offer) so that no phase has to
// sweep all members; earnings and exposure accrue to a few indices per offer
// and group (see MemberRecord in organisations.hpp).
#include <stdexcept>

#include "sim/model.hpp"
#include "sim/organisations/organisations.hpp"

namespace smugglesim {

namespace {

bool working(MemberStatus s) { return s == MemberStatus::Active || s == MemberStatus::Released; }
bool held(MemberStatus s) { return s == MemberStatus::Arrested || s == MemberStatus::InCustody; }

// The exposure a role leaves while at work: transporters are seen on
// crossings, recruiters and organisers make calls, brokers move money. A
// member's record keeps its one kind of trace in a single field.
std::uint32_t* trace_field(MemberState& s, Role role) {
    switch (role) {
        case Role::Transporter: return &s.sightings;
        case Role::Recruiter:
        case Role::Organiser: return &s.calls;
        case Role::Broker: return &s.transfers;
        default: return nullptr;
    }
}
bool leaves_traces(Role role) { return role == Role::Transporter || role == Role::Recruiter || role == Role::Organiser || role == Role::Broker; }

}  // namespace

double OrganisationsModule::pay_index(const MemberModel& mm) const {
    switch (mm.role) {
        case Role::Transporter: return driver_pay_[mm.offer];
        case Role::Recruiter: return recruiter_pay_[mm.ocg];
        case Role::Forger: return forger_pay_[mm.ocg];
        default: return 0.0;
    }
}

std::uint32_t OrganisationsModule::trace_index(const MemberModel& mm) const {
    switch (mm.role) {
        case Role::Transporter: return driver_days_[mm.offer];
        case Role::Recruiter: return recruiter_calls_[mm.ocg];
        case Role::Organiser: return organiser_calls_[mm.ocg];
        case Role::Broker: return broker_transfers_[mm.ocg];
        default: return 0;
    }
}

// sign +1: starts work (amounts become offsets from the indices); -1: stops
// (offsets become amounts). Unsigned traces wrap consistently both ways.
void OrganisationsModule::start_work(std::uint32_t i, int sign) {
    MemberRecord& r = records_[i];
    const MemberModel mm = current(i);
    r.earnings = static_cast<float>(r.earnings - sign * pay_index(mm));
    if (leaves_traces(mm.role)) r.trace = sign > 0 ? r.trace - trace_index(mm) : r.trace + trace_index(mm);
}

// Corrupt officials act for their group's offers on the legs leaving their place.
void OrganisationsModule::count_official(const MemberModel& mm, int d) {
    const Model& md = w_.md();
    for (const std::uint32_t o : om_->ocgs[mm.ocg].offers)
        if (md.legs[md.offers[o].leg].from == mm.place) officials_[o] += d;
}

MemberModel OrganisationsModule::current(std::uint32_t i) const {
    MemberModel mm = member_model(i);
    if (mm.role == Role::Transporter) {
        mm.offer = records_[i].offer;
        mm.set_place(w_.md().legs[w_.md().offers[mm.offer].leg].from);
    }
    return mm;
}

// Moves transporter `i` (at work) to offer `to` of its group: its earnings and
// sightings so far are settled on the old offer's indices and continue on the new one's.
void OrganisationsModule::move_transporter(std::uint32_t i, std::uint32_t to) {
    start_work(i, -1);
    --drivers_[records_[i].offer];
    records_[i].offer = to;
    ++drivers_[to];
    start_work(i, +1);
}

MemberState OrganisationsModule::member(std::uint32_t i) const {
    if (i >= member_count()) throw std::out_of_range("OrganisationsModule::member: no such member");
    const MemberRecord& r = records_[i];
    MemberState s;
    s.status = r.status;
    s.since = static_cast<std::int32_t>(r.since);
    s.earnings = r.earnings;
    const MemberModel mm = current(i);
    if (std::uint32_t* f = trace_field(s, mm.role)) *f = r.trace + (working(r.status) ? trace_index(mm) : 0u);
    if (working(r.status)) s.earnings += pay_index(mm);
    return s;
}

void OrganisationsModule::set_status(std::uint32_t i, MemberStatus to) {
    MemberRecord& r = records_[i];
    const MemberModel mm = current(i);
    const bool was = working(r.status), now = working(to);
    auto& at = role_at_work_[mm.ocg][static_cast<std::size_t>(mm.role)];
    if (was != now) {
        const int d = now ? 1 : -1;
        start_work(i, d);
        at += d;
        if (mm.role == Role::Transporter) drivers_[mm.offer] += d;
        if (mm.role == Role::Official) count_official(mm, d);
    }
    if (mm.role == Role::Organiser) organisers_held_[mm.ocg] += held(to) - held(r.status);
    r.status = to;
    r.set_since(w_.day);
}

std::uint32_t OrganisationsModule::recruit(const MemberModel& like) {
    const auto i = static_cast<std::uint32_t>(member_count());
    recruits_.push_back(like);
    MemberRecord r;
    r.set_since(w_.day);
    r.offer = like.offer;
    r.status = MemberStatus::Left;  // neither at work nor held until set_status below counts it in
    records_.push_back(r);
    group_recruits_[like.ocg].push_back(i);
    set_status(i, MemberStatus::Active);
    return i;
}

std::uint32_t OrganisationsModule::remove_members(std::uint32_t ocg, std::optional<Role> role, std::uint32_t count) {
    if (!om_ || ocg >= om_->ocgs.size()) throw std::out_of_range("remove_members: no such group");
    const std::size_t no = w_.md().offers.size();
    std::uint32_t done = 0;
    auto take = [&](std::uint32_t i) {
        if (done == count) return;
        const MemberModel mm = current(i);
        if (!working(records_[i].status) || (role && mm.role != *role)) return;
        set_status(i, MemberStatus::Arrested);
        if (mm.role == Role::Transporter) {
            ++lost_ring_[static_cast<std::size_t>(w_.day % 28) * no + mm.offer];
            ++lost_28_[mm.offer];
        }
        vacancies_.push_back({w_.day + replace_days(mm.role), i});
        ++done;
    };
    const OcgModel& g = om_->ocgs[ocg];
    for (std::uint32_t i = g.first_member; i < g.first_member + g.member_count; ++i) take(i);
    for (const std::uint32_t i : group_recruits_[ocg]) take(i);
    return done;
}

void OrganisationsModule::finish(World& w) {
    if (!om_) return;
    const std::size_t n = member_count();
    // Compact columns (the table is built while the run's largest state is
    // still held: it can set the run's peak memory): a group index fits 16 bits
    // (kMaxOcgs), a day too (a run has at most 36 500), earnings are kept as
    // floats in the records.
    std::vector<std::int32_t> offer(n);
    std::vector<std::uint16_t> ocg(n), place(n), since(n);
    std::vector<std::uint8_t> recruited(n);
    LabelColumn role{{kRoleNames.begin(), kRoleNames.end()}, std::vector<std::uint8_t>(n)};
    LabelColumn status{{kMemberStatusNames.begin(), kMemberStatusNames.end()}, std::vector<std::uint8_t>(n)};
    std::vector<float> earnings(n);
    std::vector<std::uint32_t> calls(n), transfers(n), sightings(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        const MemberModel mm = current(i);
        const MemberState st = member(i);
        ocg[i] = static_cast<std::uint16_t>(mm.ocg);
        role.codes[i] = static_cast<std::uint8_t>(mm.role);
        place[i] = mm.place;
        offer[i] = mm.offer == kNoOffer ? -1 : static_cast<std::int32_t>(mm.offer);
        status.codes[i] = static_cast<std::uint8_t>(st.status);
        since[i] = static_cast<std::uint16_t>(st.since);
        recruited[i] = i >= model_members_ ? 1 : 0;
        earnings[i] = static_cast<float>(st.earnings);
        calls[i] = st.calls;
        transfers[i] = st.transfers;
        sightings[i] = st.sightings;
    }
    EndTable t{"members", std::string(name()),
               "Members of the organised crime groups at the end of the run: the model's, then those recruited during it",
               {}};
    t.columns = {
        {"ocg", "index", "Group: a row of /organisations/ocg_name and a column of /series/ocg", std::move(ocg)},
        {"role", "", "organiser, recruiter, transporter, forger, broker, safe_house, official or front", std::move(role)},
        {"place", "index", "Place where the member is based: a row of /network/places", std::move(place)},
        {"offer", "index", "Transporters: the offer whose seats they run (a row of /organisations/offer_index); -1 otherwise",
         std::move(offer)},
        {"status", "", "active, arrested, in_custody, convicted, released or left (quit when its group left its offer or the market), at the end", std::move(status)},
        {"since", "day", "Day of the last change of status (of joining, if none)", std::move(since)},
        {"recruited", "flag", "1: joined during the run (a replacement or a hire); 0: a member from the start",
         std::move(recruited)},
        {"earnings_eur", "EUR", "Pay received while at work", std::move(earnings)},
        {"calls", "calls", "Exposure: phone calls with clients, members or brokers", std::move(calls)},
        {"transfers", "transfers", "Exposure: money transfers made or received", std::move(transfers)},
        {"sightings", "days", "Exposure: days seen running a crossing", std::move(sightings)},
    };
    w.series.set_table(std::move(t));
}

// The day's pay and traces of the members at work, per offer and group:
// transporters share 70 % of the offer's pay by seats sold and are seen on
// every day it boards; recruiters share 30 % of the group's pay for fees (not
// the forgers' pay for documents, see documents.cpp) and the calls
// with its clients; brokers the transfers; organisers make a call a day the
// group has clients.
void OrganisationsModule::accrue(const std::uint32_t* served, const double* pay) {
    const Model& md = w_.md();
    const MarketParams& mp = md.scenario.market;
    for (std::size_t o = 0; o < md.offers.size(); ++o) {
        const OfferDay& od = w_.offer_day[o];
        if (md.offers[o].ocg == kNoOcg || od.boarded == 0 || drivers_[o] == 0) continue;
        driver_pay_[o] += 0.7 * om_->operating_price[o] * od.boarded * mp.pay_share / drivers_[o];
        ++driver_days_[o];
    }
    for (std::uint32_t g = 0; g < om_->ocgs.size(); ++g) {
        const std::uint32_t clients = served[g];
        if (const std::uint32_t n = at_work(g, Role::Recruiter); n > 0) {
            recruiter_pay_[g] += 0.3 * (pay[g] - doc_pay_[g]) / n;
            recruiter_calls_[g] += (clients + n - 1) / n;
        }
        if (const std::uint32_t n = at_work(g, Role::Broker); n > 0) broker_transfers_[g] += (clients + n - 1) / n;
        organiser_calls_[g] += clients > 0 ? 1 : 0;
    }
}

}  // namespace smugglesim
