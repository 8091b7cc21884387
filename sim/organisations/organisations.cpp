// The organisations module: construction, output series, phases, checks.
#include "sim/organisations/organisations.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sim/engine/parallel.hpp"
#include "sim/model.hpp"

namespace smugglesim {

std::optional<Role> parse_role(std::string_view s) {
    for (int r = 0; r < kRoleCount; ++r)
        if (kRoleNames[static_cast<std::size_t>(r)] == s) return static_cast<Role>(r);
    return std::nullopt;
}

OrganisationsModule::OrganisationsModule(World& w) : w_(w), om_(w.md().organisations.get()) {
    SeriesSet& s = w.series;
    const std::string_view me = name();
    auto add = [&](Dim d, std::string name, ValueType t, Measure m, const char* units, std::string description,
                   bool headline = false) {
        return s.add({d, std::move(name), t, m, units, std::move(description), {}, headline, {}}, me);
    };
    const auto F64 = ValueType::F64, U32 = ValueType::U32;
    ids_.paid_to_smugglers = add(Dim::Total, "paid_to_smugglers_eur", F64, Measure::Flow, "EUR",
                                 "Fees migrants (and their families) paid to organised crime groups that day", true);
    ids_.ocgs_active = add(Dim::Total, "ocgs_active", U32, Measure::Stock, "groups",
                           "Organised crime groups selling at least one crossing (end of day)", true);
    ids_.members_active = add(Dim::Total, "members_active", U32, Measure::Stock, "members",
                              "Members of organised crime groups at work: active or released (end of day)");
    ids_.revenue = add(Dim::Ocg, "revenue_eur", F64, Measure::Flow, "EUR",
                       "Fees the group received that day: cash, transfers, hawala money released to it (net of the brokers' fee) and the labour its clients on credit owe, "
                       "and other groups' payments for the documents its forgers made and the package stages it ran for them");
    ids_.costs = add(Dim::Ocg, "costs_eur", F64, Measure::Flow, "EUR",
                     "The group's costs that day: members' pay, vehicles, bribes, intermediaries, and documents and package stages bought from other groups");
    ids_.cash = add(Dim::Ocg, "cash_eur", F64, Measure::Stock, "EUR", "The group's cash: revenue minus costs since day 0 (end of day)");
    ids_.served = add(Dim::Ocg, "served", U32, Measure::Flow, "migrants", "Migrants who boarded one of the group's offers that day (a package's client once, at its first stage)");
    ids_.mean_price = add(Dim::Ocg, "mean_price_eur", F64, Measure::Stock, "EUR",
                          "Mean price of the group's open offers that day (0 if none is open)");
    ids_.hawala_pending = add(Dim::Ocg, "hawala_pending_eur", F64, Measure::Stock, "EUR",
                              "Money held by hawala brokers for the group's clients still on their way (end of day)");
    for (int r = 0; r < kRoleCount; ++r)
        ids_.members[static_cast<std::size_t>(r)] =
            add(Dim::Ocg, fmt::format("members_{}", kRoleNames[static_cast<std::size_t>(r)]), U32, Measure::Stock, "members",
                fmt::format("Members of the group in the role '{}' at work (end of day)", kRoleNames[static_cast<std::size_t>(r)]));
    // The ledger: one series per (payer, receiver, channel), a column per group.
    ids_.paid_cash = add(Dim::Ocg, "ledger_migrants_to_group_cash_eur", F64, Measure::Flow, "EUR",
                         "Ledger: migrants to the group, in cash (fees and travel documents)");
    ids_.paid_transfer = add(Dim::Ocg, "ledger_migrants_to_group_transfer_eur", F64, Measure::Flow, "EUR",
                             "Ledger: migrants' families to the group, by wire transfer or prepaid card");
    ids_.hawala_held = add(Dim::Ocg, "ledger_migrants_to_broker_hawala_eur", F64, Measure::Flow, "EUR",
                           "Ledger: migrants' families to hawala brokers, held until the client reaches the agreed point");
    ids_.hawala_released = add(Dim::Ocg, "ledger_broker_to_group_hawala_eur", F64, Measure::Flow, "EUR",
                               "Ledger: hawala brokers to the group on the client's call from the agreed point (net of the fee)");
    ids_.hawala_refunded = add(Dim::Ocg, "ledger_broker_to_family_hawala_eur", F64, Measure::Flow, "EUR",
                               "Ledger: hawala brokers back to the families of clients who never reached the agreed point");
    ids_.hawala_kept = add(Dim::Ocg, "ledger_broker_kept_hawala_eur", F64, Measure::Flow, "EUR",
                           "Ledger: kept by hawala brokers (their fee, and unreleased money not refunded)");
    ids_.pay = add(Dim::Ocg, "ledger_group_to_members_eur", F64, Measure::Flow, "EUR",
                   "Ledger: the group's pay to its transporters, recruiters and forgers");
    ids_.vehicles = add(Dim::Ocg, "ledger_group_to_suppliers_eur", F64, Measure::Flow, "EUR",
                        "Ledger: the group's spending on vehicles, boats and fuel");
    ids_.bribes = add(Dim::Ocg, "ledger_group_to_officials_eur", F64, Measure::Flow, "EUR",
                      "Ledger: the group's bribes to corrupt officials");
    ids_.intermediaries = add(Dim::Ocg, "ledger_group_to_intermediaries_eur", F64, Measure::Flow, "EUR",
                              "Ledger: the group's payments on to intermediaries (officials, safe houses, others it buys from), on its crossing fees, and the lodging of its package clients");
    ids_.offer_price = add(Dim::Offer, "price_eur", F64, Measure::Stock, "EUR", "Price migrants saw for the offer that day");
    ids_.offer_boardings = add(Dim::Offer, "boardings", U32, Measure::Flow, "migrants", "Migrants who boarded the offer that day");
    ids_.offer_intercepted = add(Dim::Offer, "intercepted", U32, Measure::Flow, "migrants",
                                 "The offer's clients intercepted that day (at the end of their trip: returned or pushed back)");
    ids_.docs_sold_total = add(Dim::Total, "documents_sold", U32, Measure::Flow, "documents",
                               "Travel documents groups sold to migrants that day", true);
    ids_.docs_wanted = add(Dim::Ocg, "documents_wanted", U32, Measure::Flow, "migrants",
                           "Migrants who chose to buy a travel document from the group that day");
    ids_.docs_sold = add(Dim::Ocg, "documents_sold", U32, Measure::Flow, "documents",
                         "Travel documents the group sold that day, alone or with a package (at most what it had ready)");
    ids_.docs_made = add(Dim::Ocg, "documents_made", F64, Measure::Flow, "documents",
                         "Travel documents the group's forgers made that day (x migrants_scale)");
    ids_.docs_stock = add(Dim::Ocg, "documents_stock", F64, Measure::Stock, "documents",
                          "Travel documents the group has ready (end of day)");
    ids_.docs_wholesale = add(Dim::Ocg, "ledger_group_to_group_documents_eur", F64, Measure::Flow, "EUR",
                              "Ledger: the group's payments to the group whose forgers make its documents (documents_from)");
    ids_.docs_price = add(Dim::Ocg, "documents_price_eur", F64, Measure::Stock, "EUR",
                          "Price of the group's travel documents for the next day (0 if it sells none)");
    ids_.packages_sold = add(Dim::Ocg, "packages_sold", U32, Measure::Flow, "migrants",
                             "Clients who started one of the group's full-service packages that day (boarded its first stage)");
    ids_.crossings_wholesale = add(Dim::Ocg, "ledger_group_to_group_crossings_eur", F64, Measure::Flow, "EUR",
                                   "Ledger: the group's payments to its partners for the package stages they ran for its clients");
    ids_.labour = add(Dim::Ocg, "ledger_migrants_to_group_labour_eur", F64, Measure::Flow, "EUR",
                      "Ledger: the part of the price its clients on credit owe, worked off under duress at their "
                      "destination (booked when they arrive)");
    ids_.offers_open = add(Dim::Ocg, "offers_open", U32, Measure::Stock, "offers",
                           "The group's offers open for the next day (an entrant's: 0 until its transporters start)");
    ids_.entries = add(Dim::Total, "ocg_entries", U32, Measure::Flow, "offers",
                       "Legs new groups decided to enter that day (their transporters start entry_days later)", true);
    ids_.exits = add(Dim::Total, "ocg_exits", U32, Measure::Flow, "offers",
                     "Offers groups left that day, their profits having stayed low", true);
    if (!om_) return;
    const Model& md = w.md();
    const std::size_t ng = om_->ocgs.size(), no = md.offers.size();
    model_members_ = om_->members.size();
    records_.assign(model_members_, MemberRecord{});
    for (std::size_t i = 0; i < model_members_; ++i) records_[i].offer = om_->members[i].offer;
    group_recruits_.assign(ng, {});
    role_at_work_.assign(ng, {});
    organisers_held_.assign(ng, 0);
    drivers_.assign(no, 0);
    officials_.assign(no, 0);
    for (const MemberModel& mm : om_->members) {
        ++role_at_work_[mm.ocg][static_cast<std::size_t>(mm.role)];
        if (mm.role == Role::Transporter) ++drivers_[mm.offer];
        if (mm.role == Role::Official) count_official(mm, 1);
    }
    driver_pay_.assign(no, 0.0);
    driver_days_.assign(no, 0);
    recruiter_pay_.assign(ng, 0.0);
    forger_pay_.assign(ng, 0.0);
    // Documents sellers start with a full stock (they have been in business).
    group_sellers_.assign(ng, {});
    doc_stock_.assign(md.document_sellers.size(), 0.0);
    doc_cap_.assign(md.document_sellers.size(), 0.0);
    wanted_.assign(md.document_sellers.size(), 0);
    doc_pay_.assign(ng, 0.0);
    for (std::uint32_t d = 0; d < md.document_sellers.size(); ++d) group_sellers_[md.document_sellers[d].supplier].push_back(d);
    wholesale_in_.assign(ng, 0.0);
    wholesale_out_.assign(ng, 0.0);
    doc_cash_.assign(ng, 0.0);
    for (std::uint32_t d = 0; d < md.document_sellers.size(); ++d) {
        doc_stock_[d] = doc_cap_[d] = documents_cap(d);
        w.documents[d].available = static_cast<std::uint32_t>(doc_stock_[d]);
    }
    recruiter_calls_.assign(ng, 0);
    broker_transfers_.assign(ng, 0);
    organiser_calls_.assign(ng, 0);
    hiring_.assign(no, Hiring{});
    // An entrant's offers count as left until it enters them.
    withdrawn_.assign(no, 0);
    for (std::uint32_t o = 0; o < no; ++o)
        if (md.offers[o].ocg != kNoOcg && om_->ocgs[md.offers[o].ocg].entrant) withdrawn_[o] = 1;
    low_reviews_.assign(no, 0);
    high_reviews_.assign(md.legs.size(), 0);
    cash_.assign(ng, 0.0);
    revenue_total_.assign(ng, 0.0);
    costs_total_.assign(ng, 0.0);
    hawala_pool_.assign(no, 0.0);
    hawala_trips_.assign(no, 0);
    debt_pool_.assign(no, 0.0);
    debt_trips_.assign(no, 0);
    outcome_ring_.assign(static_cast<std::size_t>(md.scenario.market.reputation_delay_days + 1) * ng, {0.0, 0.0, 0.0});
    heard_.assign(ng, Heard{});
    lost_ring_.assign(28 * no, 0);
    lost_28_.assign(no, 0);
    paid_ring_.assign(28 * no, 0.0);
    paid_28_.assign(no, 0.0);
    sold_ring_.assign(28 * no, 0);
    sold_28_.assign(no, 0);
}

std::vector<Phase> OrganisationsModule::phases() {
    return {{"market", Stage::Market, [this](World&) { market(); }},
            {"adapt", Stage::Adapt, [this](World&) { adapt(); }}};
}

double OrganisationsModule::hawala_pending() const {
    double sum = 0;
    for (double v : hawala_pool_) sum += v;
    return sum;
}

std::string OrganisationsModule::check(const World&) const {
    if (!om_) return {};
    std::string out;
    const auto near = [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); };
    const MoneyTotals& m = money_;
    auto expect = [&](const char* what, double a, double b) {
        if (!near(a, b)) out += fmt::format("{}: {} != {}; ", what, a, b);
    };
    const double pending = hawala_pending();
    expect("paid by migrants vs cash + transfers + hawala", m.paid, m.cash_in + m.transfer_in + m.hawala_in);
    expect("hawala in vs released + refunded + kept + pending", m.hawala_in, m.released + m.refunded + m.broker_kept + pending);
    expect("paid by migrants + labour owed vs group revenue + held + refunded + brokers' income", m.paid + m.labour,
           m.revenue + pending + m.refunded + m.broker_kept + m.broker_fees);
    double cash = 0;
    for (std::size_t g = 0; g < cash_.size(); ++g) {
        expect("group cash vs revenue - costs", cash_[g], revenue_total_[g] - costs_total_[g]);
        cash += cash_[g];
    }
    expect("all cash vs revenue - pay - vehicles - bribes - intermediaries", cash,
           m.revenue - m.pay - m.vehicles - m.bribes - m.intermediaries);
    // The counts kept by changes of status against the members' states.
    std::vector<std::array<std::uint32_t, kRoleCount>> at(om_->ocgs.size(), std::array<std::uint32_t, kRoleCount>{});
    std::vector<std::uint32_t> drivers(drivers_.size(), 0), officials(officials_.size(), 0), held(om_->ocgs.size(), 0);
    for (std::uint32_t i = 0; i < member_count(); ++i) {
        const MemberModel mm = current(i);
        const MemberStatus st = records_[i].status;
        if (st == MemberStatus::Active || st == MemberStatus::Released) {
            ++at[mm.ocg][static_cast<std::size_t>(mm.role)];
            if (mm.role == Role::Transporter) ++drivers[mm.offer];
            if (mm.role == Role::Official)
                for (const std::uint32_t o : om_->ocgs[mm.ocg].offers)
                    officials[o] += w_.md().legs[w_.md().offers[o].leg].from == mm.place;
        } else if (mm.role == Role::Organiser && (st == MemberStatus::Arrested || st == MemberStatus::InCustody)) {
            ++held[mm.ocg];
        }
    }
    if (at != role_at_work_) out += "members at work by group and role differ from their states; ";
    if (drivers != drivers_) out += "transporters at work by offer differ from their states; ";
    if (officials != officials_) out += "corrupt officials at work by offer differ from their states; ";
    if (held != organisers_held_) out += "organisers held by group differ from their states; ";
    return out;
}

std::size_t OrganisationsModule::state_bytes() const {
    using par::vec_bytes;
    std::size_t b = vec_bytes(recruits_) + vec_bytes(records_) + vec_bytes(vacancies_) + vec_bytes(hiring_) +
                    vec_bytes(withdrawn_) + vec_bytes(low_reviews_) + vec_bytes(high_reviews_);
    for (const auto& v : group_recruits_) b += vec_bytes(v);
    b += vec_bytes(driver_pay_) + vec_bytes(recruiter_pay_) + vec_bytes(driver_days_) + vec_bytes(recruiter_calls_) +
         vec_bytes(broker_transfers_) + vec_bytes(organiser_calls_);
    b += vec_bytes(forger_pay_) + vec_bytes(doc_stock_) + vec_bytes(doc_cap_) + vec_bytes(doc_pay_) + vec_bytes(wanted_) + vec_bytes(wholesale_in_) + vec_bytes(wholesale_out_) + vec_bytes(doc_cash_);
    return b + vec_bytes(role_at_work_) + vec_bytes(organisers_held_) + vec_bytes(drivers_) + vec_bytes(officials_) + vec_bytes(views_) +
           vec_bytes(cash_) + vec_bytes(revenue_total_) + vec_bytes(costs_total_) +
           vec_bytes(hawala_pool_) + vec_bytes(hawala_trips_) + vec_bytes(debt_pool_) + vec_bytes(debt_trips_) +
           vec_bytes(outcome_ring_) + vec_bytes(heard_) +
           vec_bytes(lost_ring_) + vec_bytes(lost_28_) + vec_bytes(paid_ring_) + vec_bytes(paid_28_) +
           vec_bytes(sold_ring_) + vec_bytes(sold_28_);
}

}  // namespace smugglesim
