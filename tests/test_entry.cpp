// Entry and exit of organised crime groups (docs/model.md, Entry and exit): a
// group leaves an offer whose profits stay negative, a new group enters a leg
// whose profits stay high while its queues exceed its seats, and the two use
// different thresholds.
#include <gtest/gtest.h>

#include <iostream>

#include "sim/organisations/organisations.hpp"
#include "tests/test_groups.hpp"

namespace smugglesim {
namespace {

using testing::ocg_index;
using testing::offer_of;
using testing::kScarce;
using testing::toy_model;
constexpr std::uint32_t kPI = 1, kPI2 = 2;

std::shared_ptr<const Model> model_of(const std::string& text, int days) { return toy_model(text, ModelOptions{days, {}, 1.0}); }

// Every week the police take all of Alpha's transporters at work (they are
// replaced three weeks later): its crossing loses money at every review.
// Alpha leaves it after `exit_reviews` reviews and, having no other offer,
// the market: its members quit; Beta takes its clients.
TEST(EntryAndExit, AGroupWhoseCrossingKeepsLosingLeavesIt) {
    struct Out {
        std::uint32_t alpha_at_work = 0, alpha_left = 0, exits = 0;
        int exit_day = -1;
        std::uint64_t beta_late = 0, alpha_late = 0, leg_late = 0;
    };
    // exit_reviews 100: the same model, but no review comes in time to leave.
    auto run = [&](bool police, int exit_reviews) {
        std::string text = testing::kTwoGroups;
        text.insert(text.find("enabled = true") + 14, "\nexit_reviews = " + std::to_string(exit_reviews));
        const auto model = model_of(text, 200);
        const std::uint32_t a = ocg_index(*model, "Alpha"), b = ocg_index(*model, "Beta");
        const std::uint32_t oa = offer_of(*model, kPI, a), ob = offer_of(*model, kPI, b);
        Simulation sim(model);
        auto& om = sim.module<OrganisationsModule>();
        Out out;
        while (!sim.done()) {
            if (police && sim.day() >= 10 && sim.day() % 7 == 3) om.remove_members(a, Role::Transporter, 1000);
            sim.step();
            EXPECT_EQ(sim.check_state(), "") << "day " << sim.day() - 1;
            const SeriesSet& s = sim.series();
            if (s.value(s.at(Dim::Total, "ocg_exits"), sim.day() - 1, 0) > 0 && out.exit_day < 0) out.exit_day = sim.day() - 1;
            if (sim.day() > 120) {
                out.beta_late += sim.world().offer_day[ob].boarded;
                out.alpha_late += sim.world().offer_day[oa].boarded;
                out.leg_late += static_cast<std::uint64_t>(s.value(s.at(Dim::Leg, "flow"), sim.day() - 1, kPI));
            }
        }
        for (int r = 0; r < kRoleCount; ++r) out.alpha_at_work += om.at_work(a, static_cast<Role>(r));
        for (std::uint32_t i = 0; i < om.member_count(); ++i)
            out.alpha_left += om.member_model(i).ocg == a && om.member(i).status == MemberStatus::Left;
        out.exits = static_cast<std::uint32_t>(testing::run_total(sim.series(), Dim::Total, "ocg_exits"));
        return out;
    };
    const Out base = run(false, 3), stays = run(true, 100), leaves = run(true, 3);
    EXPECT_EQ(base.exits, 0u) << "without the police nobody loses money";
    EXPECT_GT(stays.alpha_at_work, 0u) << "with no review in time Alpha carries on";
    EXPECT_EQ(stays.exits, 0u);
    EXPECT_EQ(leaves.exit_day, 84) << "three reviews in a row (days 28, 56, 84) found its profits negative";
    EXPECT_EQ(leaves.exits, 1u);
    EXPECT_EQ(leaves.alpha_at_work, 0u) << "Alpha left the market: its only offer was the losing one";
    EXPECT_GE(leaves.alpha_left, 4u) << "organiser, recruiters and broker quit (its transporters were arrested)";
    EXPECT_EQ(leaves.alpha_late, 0u) << "nobody replaces the arrested transporters of an offer the group left";
    EXPECT_GT(leaves.beta_late, base.beta_late) << "Beta took over Alpha's market";
    std::cout << "Alpha left P-I on day " << leaves.exit_day << "; after day 120, P-I carried " << leaves.leg_late << " (Beta "
              << leaves.beta_late << "); Alpha staying: " << stays.leg_late << " (Beta " << stays.beta_late
              << "); without the police " << base.leg_late << " (Beta " << base.beta_late << ")\n";
}

// Duo sells both crossings from P; a price cap on P-I below its costs makes it
// lose money there. It leaves P-I at the third review and keeps P-I2; its P-I
// transporters quit, the two arrested just before are not replaced, and
// nobody is hired for P-I again. (No moving of capacity, which would empty
// P-I before the exit.)
TEST(EntryAndExit, AGroupLeavesOneCrossingAndKeepsTheOther) {
    const std::string duo = R"(
[organisations]
enabled = true
move_days = 0

[[ocg]]
name = "Duo"
structure = "cells"
legs = ["P-I", "P-I2"]
members = { organiser = 1, recruiter = 2, transporter = 20 }
capacity = 60

[[intervention]]
action = "set_price"
day = 0
legs = ["P-I"]
price = 100
)";
    const auto model = model_of(duo, 200);
    const std::uint32_t g = ocg_index(*model, "Duo");
    const std::uint32_t oi = offer_of(*model, kPI, g), oi2 = offer_of(*model, kPI2, g);
    Simulation sim(model);
    auto& om = sim.module<OrganisationsModule>();
    int exit_day = -1;
    std::uint64_t pi_after = 0;
    while (!sim.done()) {
        if (sim.day() == 80) {
            EXPECT_EQ(om.remove_members(g, Role::Transporter, 2), 2u);  // P-I's come first in member order
        }
        sim.step();
        EXPECT_EQ(sim.check_state(), "") << "day " << sim.day() - 1;
        const SeriesSet& s = sim.series();
        if (exit_day < 0 && s.value(s.at(Dim::Total, "ocg_exits"), sim.day() - 1, 0) > 0) exit_day = sim.day() - 1;
        if (exit_day >= 0 && sim.day() > exit_day + 2) pi_after += sim.world().offer_day[oi].boarded;
    }
    EXPECT_EQ(exit_day, 84);
    EXPECT_EQ(testing::run_total(sim.series(), Dim::Total, "ocg_exits"), 1.0);
    EXPECT_EQ(pi_after, 0u);
    EXPECT_FALSE(sim.world().offers[oi].active);
    EXPECT_EQ(sim.world().offers[oi].capacity, 0.0) << "no replacements, no hires for the offer it left";
    EXPECT_TRUE(sim.world().offers[oi2].active) << "Duo stays on P-I2";
    EXPECT_GT(om.at_work(g, Role::Organiser), 0u);
    std::uint32_t left = 0, arrested_pi = 0;
    for (std::uint32_t i = 0; i < om.member_count(); ++i) {
        if (om.member_model(i).ocg != g) continue;
        left += om.member(i).status == MemberStatus::Left;
        arrested_pi += om.member(i).status == MemberStatus::Arrested && om.current(i).offer == oi;
    }
    EXPECT_EQ(left, 8u) << "its other eight P-I transporters quit";
    EXPECT_EQ(arrested_pi, 2u) << "the two arrested on day 80 stay arrested, unreplaced";
    EXPECT_EQ(testing::differs_across_thread_counts(model), "");
}

// P-I with too few seats and no hiring (testing::kScarce): P's entrant
// enters it after `entry_reviews` reviews; its transporters start
// `entry_days` later, with `entry_share` of the leg's capacity, and the leg
// carries more than without entrants.
TEST(EntryAndExit, ANewGroupEntersALegWhoseProfitsStayHigh) {
    struct Out {
        int decided = -1, opened = -1, first_boarding = -1;
        std::uint64_t leg_late = 0, entrant_served = 0;
        std::array<std::uint32_t, kRoleCount> members{};
        double seats = 0;
    };
    auto run = [&](int entrants) {
        std::string text = kScarce;
        text.insert(text.find("entrants_per_stage = 1"), "entrants_per_stage = " + std::to_string(entrants) + "\n#");
        const auto model = model_of(text, 200);
        Simulation sim(model);
        Out out;
        std::uint32_t g = 0, o = 0;
        if (entrants > 0) {
            g = ocg_index(*model, "P#new1");
            o = offer_of(*model, kPI, g);
            EXPECT_TRUE(model->organisations->ocgs[g].entrant);
            EXPECT_EQ(model->organisations->ocgs[g].member_count, 0u) << "no members before it enters";
        }
        while (!sim.done()) {
            sim.step();
            EXPECT_EQ(sim.check_state(), "") << "day " << sim.day() - 1;
            const SeriesSet& s = sim.series();
            const int d = sim.day() - 1;
            for (std::uint32_t k = 0; k < model->offers.size() && (out.decided < 0 || d <= out.decided + 30); ++k)
                if (model->offers[k].ocg != kNoOcg && model->organisations->ocgs[model->offers[k].ocg].entrant) {
                    EXPECT_EQ(sim.world().offer_day[k].boarded, 0u) << "an entrant's offer " << k << " sold before it entered, day " << d;
                }
            if (entrants > 0) {
                if (out.decided < 0 && s.value(s.at(Dim::Total, "ocg_entries"), d, 0) > 0) out.decided = d;
                if (out.opened < 0 && sim.world().offers[o].active) out.opened = d;
                out.entrant_served += sim.world().offer_day[o].boarded;
                if (out.first_boarding < 0 && sim.world().offer_day[o].boarded > 0) out.first_boarding = d;
            }
            if (d >= 150) out.leg_late += static_cast<std::uint64_t>(s.value(s.at(Dim::Leg, "flow"), d, kPI));
        }
        if (entrants > 0) {
            for (int r = 0; r < kRoleCount; ++r) out.members[static_cast<std::size_t>(r)] = sim.module<OrganisationsModule>().at_work(g, static_cast<Role>(r));
            out.seats = sim.world().offers[o].capacity;
        }
        return out;
    };
    const Out none = run(0), some = run(1);
    EXPECT_EQ(some.decided, 84) << "the reviews of days 28, 56 and 84 found P-I's profits high and its queue long";
    EXPECT_EQ(some.opened, some.decided + 31) << "its transporters start entry_days after the decision; the next market opens its offer";
    EXPECT_GT(some.first_boarding, some.opened);
    EXPECT_EQ(some.members[static_cast<std::size_t>(Role::Organiser)], 1u);
    EXPECT_GE(some.members[static_cast<std::size_t>(Role::Recruiter)], 1u);
    EXPECT_EQ(some.members[static_cast<std::size_t>(Role::SafeHouse)], 1u) << "a sea crossing";
    EXPECT_GE(some.members[static_cast<std::size_t>(Role::Transporter)], 1u);
    EXPECT_GE(some.seats, 0.25 * 150.0) << "entry_share of the leg's 150 seats, in whole boats of 40";
    EXPECT_GT(some.entrant_served, 1000u);
    EXPECT_GT(some.leg_late, none.leg_late + 20 * 50) << "the leg carries more with the entrant";
    std::cout << "entry decided on day " << some.decided << ", offer open from day " << some.opened << ", first clients on day "
              << some.first_boarding << "; P-I from day 150: "
              << some.leg_late << " (no entrants: " << none.leg_late << ")\n";
}

// Where seats meet demand nobody enters P-I, however low the profits that
// would do (entry_margin -1): its queue never exceeds its seats.
TEST(EntryAndExit, NobodyEntersALegWithoutExcessDemand) {
    std::string text = kScarce;
    text.replace(text.find("capacity = 30"), 13, "capacity = 600");
    text.replace(text.find("transporter = 1 }"), 17, "transporter = 15 }");
    text.insert(text.find("max_growth"), "entry_margin = -1\nexit_margin = -1\n");
    const auto model = model_of(text, 200);
    const std::uint32_t o = offer_of(*model, kPI, ocg_index(*model, "P#new1"));
    const SeriesSet s = testing::run_checked(model);
    EXPECT_EQ(s.run_totals(s.at(Dim::Offer, "boardings"))[o], 0.0) << "P's entrant never sold P-I";
}

// An entrant whose transporters are arrested is still on the leg: it waits
// for their replacements and does not enter it again.
TEST(EntryAndExit, AnEntrantWhoseTransportersAreArrestedDoesNotEnterAgain) {
    const auto model = model_of(kScarce, 200);
    const std::uint32_t g = ocg_index(*model, "P#new1");
    const std::uint32_t o = offer_of(*model, kPI, g);
    struct Out {
        double entries = 0, seats_130 = 0, seats_end = 0;
        std::uint32_t recruiters = 0;
    };
    auto run = [&](bool arrest) {
        Simulation sim(model);
        auto& om = sim.module<OrganisationsModule>();
        Out out;
        while (!sim.done()) {
            if (sim.day() == 130) {
                out.seats_130 = sim.world().offers[o].capacity;
                if (arrest) {
                    EXPECT_GE(om.remove_members(g, Role::Transporter, 1000), 1u);
                }
            }
            sim.step();
            EXPECT_EQ(sim.check_state(), "") << "day " << sim.day() - 1;
        }
        out.entries = testing::run_total(sim.series(), Dim::Total, "ocg_entries");
        out.recruiters = om.at_work(g, Role::Recruiter);
        out.seats_end = sim.world().offers[o].capacity;
        return out;
    };
    const Out calm = run(false), arrested = run(true);
    EXPECT_GT(calm.seats_130, 0.0) << "it had entered P-I by day 130";
    EXPECT_EQ(arrested.entries, calm.entries) << "no second entry";
    EXPECT_EQ(arrested.recruiters, calm.recruiters) << "no second round of recruits";
    EXPECT_LE(arrested.seats_end, calm.seats_end) << "replaced, not doubled";
}

TEST(EntryAndExit, ResultsDoNotDependOnTheThreadCount) {
    EXPECT_EQ(testing::differs_across_thread_counts(model_of(kScarce, 150)), "");
}

TEST(EntryAndExit, ExitAboveEntryIsRefusedNamingTheKey) {
    const std::string e = testing::toy_input_error("[organisations]\nenabled = true\nentry_margin = 0.1\nexit_margin = 0.2\n");
    EXPECT_NE(e.find("toy.toml"), std::string::npos) << e;
    EXPECT_NE(e.find("exit_margin"), std::string::npos) << e;
    EXPECT_NE(e.find("entry_margin"), std::string::npos) << e;
}

}  // namespace
}  // namespace smugglesim
