#pragma once
// The organisations module: organised crime groups (OCGs) sell the smuggled
// crossings. It owns the groups' members (agents with a role, a place, a
// status, earnings and exposure), the groups' money (cash, hawala held by
// brokers, the daily ledger), their reputation with migrants, and the running
// state of their offers (World::offers: seats, price, distrust). Phase:
//   market (market.cpp, Stage::Market): books the day's fees and costs, updates
//   exposure and reputation, sets tomorrow's capacity and prices.
// The description (groups, members, offers) is built once by
// build_organisations (build.cpp, model.hpp). Parameters: the scenario's
// [organisations], [market], [money] groups and [[ocg]] blocks (params.cpp).
// Migrants see the offers through World::offers; this module sees what
// happened on them through World::offer_day.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/module.hpp"
#include "sim/organisations/model.hpp"

namespace smugglesim {

// Left: quit when its group left the offer it worked on, or the market (docs/model.md, Entry and exit).
enum class MemberStatus : std::uint8_t { Active, Arrested, InCustody, Convicted, Released, Left };
inline constexpr std::array<std::string_view, 6> kMemberStatusNames = {"active", "arrested", "in_custody", "convicted",
                                                                       "released", "left"};

// One member's running state as seen from outside (its description:
// OrganisationsModule::member_model). Earnings and exposure are what the
// member gathered while at work since it joined.
struct MemberState {
    MemberStatus status = MemberStatus::Active;
    std::int32_t since = 0;        // day of the last change of status (or of joining)
    double earnings = 0.0;         // EUR paid to it
    // Exposure: traces enforcement can turn into evidence (the justice issue).
    std::uint32_t calls = 0;       // phone calls with clients, members or brokers
    std::uint32_t transfers = 0;   // money transfers it made or received
    std::uint32_t sightings = 0;   // days it was seen running a crossing
    bool working() const { return status == MemberStatus::Active || status == MemberStatus::Released; }
};

// Cumulative money of all groups since day 0 (EUR): what the balance check compares.
struct MoneyTotals {
    double paid = 0;            // by migrants (and families) for crossings sold by groups
    double cash_in = 0, transfer_in = 0, hawala_in = 0;
    double released = 0;        // by brokers to groups, before their fee
    double broker_fees = 0, refunded = 0, broker_kept = 0;
    double labour = 0;          // owed by clients on credit, worked off at their destination (not money they paid)
    double revenue = 0;         // of groups: cash + transfers + hawala released net of the fee + labour
    double pay = 0, vehicles = 0, bribes = 0, intermediaries = 0;
};

class OrganisationsModule final : public Module {
public:
    explicit OrganisationsModule(World& w);
    static std::unique_ptr<Module> make(World& w) { return std::make_unique<OrganisationsModule>(w); }
    static void bind_params(ConfigGroup& root, Scenario& s);
    static void build(Model& m) { build_organisations(m); }

    std::string_view name() const override { return "organisations"; }
    std::vector<Phase> phases() override;
    // Money balances: paid = revenue + held by brokers + refunded + kept by
    // brokers; every group's cash = its revenue - pay - vehicles - bribes -
    // intermediaries; members counted by role match their states.
    std::string check(const World&) const override;
    std::size_t state_bytes() const override;
    // The members table at the end of the run (/tables/members): one row per
    // member, the model's then the recruits, with group, role, place, offer,
    // status, day of the last change, earnings and exposure.
    void finish(World& w) override;

    // Members: the model's (OrganisationsModel::members), then the recruits in
    // the order they joined.
    std::size_t member_count() const { return model_members_ + recruits_.size(); }
    const MemberModel& member_model(std::uint32_t i) const {
        return i < model_members_ ? om_->members[i] : recruits_[i - model_members_];
    }
    MemberState member(std::uint32_t i) const;
    // A member's description as it stands now: a transporter runs the offer its
    // group last moved it to, and is based where that offer's leg starts.
    MemberModel current(std::uint32_t i) const;
    // Members of group `ocg` in the role at work now.
    std::uint32_t at_work(std::uint32_t ocg, Role r) const { return role_at_work_[ocg][static_cast<std::size_t>(r)]; }
    // Members of group `ocg` at work now, every role.
    std::uint32_t at_work(std::uint32_t ocg) const {
        std::uint32_t n = 0;
        for (const std::uint32_t k : role_at_work_[ocg]) n += k;
        return n;
    }
    const std::vector<double>& cash() const { return cash_; }
    const MoneyTotals& money() const { return money_; }
    // Held by brokers for clients still travelling, EUR (all offers).
    double hawala_pending() const;
    // Takes up to `count` members of group `ocg` out of it from now on (status
    // Arrested), those of `role` (any role if none), the first at work in member
    // order; returns how many. Lost transporters count as losses of their offer
    // (the price's risk term). Their seats go at the next market phase.
    std::uint32_t remove_members(std::uint32_t ocg, std::optional<Role> role, std::uint32_t count);

private:
    void market();
    void book_money();
    void accrue(const std::uint32_t* served, const double* pay);  // members.cpp
    void update_reputation();
    void set_offers();
    // documents.cpp: the day's documents sales (read from World::document_day,
    // booked as cash to the group and pay to its forgers), then the forgers'
    // production into each seller's stock and tomorrow's World::documents.
    void book_documents(double* cash_in, double* pay, double& paid_today);
    void stock_documents();
    double documents_cap(std::uint32_t seller) const;
    void remove_requested();  // removals.cpp: World::member_removals, at the start of market()
    void adapt();  // adapt.cpp
    int replace_days(Role r) const;
    // members.cpp: joining, changes of status (which keep the counts at work),
    // and the accrual indices of earnings and exposure.
    std::uint32_t recruit(const MemberModel& like);
    void set_status(std::uint32_t i, MemberStatus s);
    void start_work(std::uint32_t i, int sign);
    void count_official(const MemberModel& mm, int d);
    void move_transporter(std::uint32_t i, std::uint32_t to);
    void move_capacity();  // adapt.cpp
    // entry.cpp: every `review_days`, groups leave offers whose profits stay
    // below `exit_margin` and entrants enter legs whose profits stay high.
    void review_entry_exit();
    void enter(std::uint32_t ocg, std::uint32_t offer);
    void leave(std::uint32_t offer);
    // Over the last four weeks, EUR; `losses`: minus the vehicles and trips lost with its transporters taken.
    double profit_28(std::uint32_t offer, bool losses = true) const;
    double pay_index(const MemberModel& mm) const;
    std::uint32_t trace_index(const MemberModel& mm) const;

    World& w_;
    const OrganisationsModel* om_ = nullptr;  // null: organisations off (the module does nothing)
    // The members: the model's, then the recruits (replacements and hires) in
    // the order they joined; per group, the indices of its recruits. A
    // member's record holds its status and, while it is at work, its earnings
    // and exposure as offsets from the accrual indices below (the amounts so
    // far are offset + index): the market phase adds the day's pay and traces
    // to a few indices per offer and group instead of to every member, and a
    // member's amounts are settled when it stops working.
    struct MemberRecord {
        float earnings = 0;
        std::uint32_t trace = 0;         // its role's exposure: calls, transfers or sightings (MemberState)
        std::uint32_t offer = kNoOffer;  // transporters: the offer they run now (groups move them, adapt.cpp)
        std::uint32_t since : 24 = 0;    // day of the last change of status (a run has at most 36 500 days)
        MemberStatus status : 8 = MemberStatus::Active;
        void set_since(int day) { since = static_cast<std::uint32_t>(day) & 0xffffffu; }
        bool working() const { return status == MemberStatus::Active || status == MemberStatus::Released; }
    };
    static_assert(sizeof(MemberRecord) == 16);
    std::size_t model_members_ = 0;
    std::vector<MemberModel> recruits_;
    std::vector<MemberRecord> records_;
    std::vector<std::vector<std::uint32_t>> group_recruits_;
    // Accrual indices: per offer, pay per transporter at work and days with
    // boardings; per group, pay and calls per recruiter, transfers per broker,
    // days with clients (the organisers' calls).
    std::vector<double> driver_pay_, recruiter_pay_, forger_pay_;
    std::vector<std::uint32_t> driver_days_, recruiter_calls_, broker_transfers_, organiser_calls_;
    // Removed members waiting to be replaced: (day the replacement starts, member replaced).
    struct Vacancy {
        int due;
        std::uint32_t member;
    };
    std::vector<Vacancy> vacancies_;
    struct Hiring {
        int due = 0;               // day the hired transporters start
        std::uint32_t count = 0;   // 0: none pending
    };
    std::vector<Hiring> hiring_;              // [offer]
    // Entry and exit: offers their group left (never hired for or replaced
    // again, unless an entrant enters anew); reviews in a row that found an
    // offer's profits below exit_margin, and a leg's high enough for entry.
    std::vector<std::uint8_t> withdrawn_, low_reviews_;  // [offer]
    std::vector<std::uint8_t> high_reviews_;             // [leg]
    // Kept by every change of status: members at work by group and role,
    // organisers arrested or in custody per group, transporters at work per
    // offer. What migrants saw of every offer today (offer_view): by the market phase.
    std::vector<std::array<std::uint32_t, kRoleCount>> role_at_work_;
    std::vector<std::uint32_t> organisers_held_;
    std::vector<std::uint32_t> drivers_;
    std::vector<std::uint32_t> officials_;    // [offer] its group's corrupt officials at work where its leg starts
    std::vector<LegState> views_;
    std::vector<double> cash_;                // [ocg] EUR
    MoneyTotals money_;
    std::vector<double> revenue_total_, costs_total_;  // [ocg] since day 0
    // Hawala money held by brokers, per offer: the pool (EUR) and the trips it is held for.
    std::vector<double> hawala_pool_;
    std::vector<std::uint64_t> hawala_trips_;
    // [offer] owed by clients on credit still travelling (EUR) and their trips.
    std::vector<double> debt_pool_;
    std::vector<std::uint64_t> debt_trips_;
    // Reputation: per group, outcomes of its clients' trips by day they ended
    // (a ring over the delay), and what customers have heard so far.
    struct Heard {
        double trips = 0, excess_dead = 0, excess_intercepted = 0;  // decayed sums
    };
    std::vector<std::array<double, 3>> outcome_ring_;  // [day % (delay + 1)) * ocgs + ocg]: trips, excess dead, excess intercepted
    std::vector<Heard> heard_;
    // Per offer: transporters lost in the last four weeks (a ring of 28 days).
    std::vector<std::uint16_t> lost_ring_;
    std::vector<std::uint32_t> lost_28_;
    // Per offer: fees paid and seats sold over the last four weeks (rings of 28 days), for moving capacity.
    std::vector<double> paid_ring_, paid_28_;
    std::vector<std::uint32_t> sold_ring_, sold_28_;
    // Documents: per seller (Model::document_sellers), the documents it has
    // ready (fractional: production is per day x migrants_scale); per group the
    // sellers its forgers make documents for (its own and its clients').
    std::vector<double> doc_stock_, doc_cap_;
    std::vector<std::uint32_t> wanted_;       // [seller] migrants who wanted a document today
    std::vector<double> wholesale_in_, wholesale_out_;  // [ocg] today: paid for documents by / to other groups
    std::vector<double> doc_cash_;            // [ocg] today: paid by migrants for documents (no intermediaries' share)
    std::vector<double> doc_pay_;             // [ocg] forgers' pay today (booked with the pay, apart from the fees' pay)
    std::vector<std::vector<std::uint32_t>> group_sellers_;

    struct Ids {
        SeriesId revenue, costs, cash, served, mean_price, hawala_pending;
        std::array<SeriesId, kRoleCount> members;
        SeriesId paid_cash, paid_transfer, hawala_held, hawala_released, hawala_refunded, hawala_kept, pay, vehicles,
            bribes, intermediaries;
        SeriesId offer_price, offer_boardings, offer_intercepted;
        SeriesId docs_wanted, docs_sold, docs_made, docs_stock, docs_price, docs_wholesale, docs_sold_total;
        SeriesId packages_sold, crossings_wholesale, labour;
        SeriesId ocgs_active, members_active, paid_to_smugglers;
        SeriesId offers_open, entries, exits;
    } ids_{};
};

}  // namespace smugglesim
