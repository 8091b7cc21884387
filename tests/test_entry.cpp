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
using testing::toy_model;
constexpr std::uint32_t kPI = 1, kPI2 = 2;

std::shared_ptr<const Model> model_of(const std::string& text, int days) { return toy_model(text, ModelOptions{days, {}, 1.0}); }

// Every week the police take all of Alpha's transporters at work (they are
// replaced three weeks later): its crossing loses money at every review.
// Alpha leaves it after `exit_reviews` reviews and, having no other offer,
// the market: its members quit; Beta and the other groups from P take its
// clients.
TEST(EntryAndExit, AGroupWhoseCrossingKeepsLosingLeavesIt) {
    struct Out {
        std::uint32_t alpha_at_work = 0, alpha_left = 0, exits = 0;
        int exit_day = -1;
        std::uint64_t beta_late = 0, alpha_late = 0, leg_late = 0;
    };
    auto run = [&](int review_days) {
        std::string text = testing::kTwoGroups;
        text.insert(text.find("enabled = true") + 14, "\nreview_days = " + std::to_string(review_days));
        const auto model = model_of(text, 200);
        const std::uint32_t a = ocg_index(*model, "Alpha"), b = ocg_index(*model, "Beta");
        const std::uint32_t oa = offer_of(*model, kPI, a), ob = offer_of(*model, kPI, b);
        Simulation sim(model);
        auto& om = sim.module<OrganisationsModule>();
        Out out;
        while (!sim.done()) {
            if (sim.day() >= 10 && sim.day() % 7 == 3) om.remove_members(a, Role::Transporter, 1000);
            sim.step();
            EXPECT_EQ(sim.check_state(), "") << "day " << sim.day() - 1;
            const SeriesSet& s = sim.series();
            if (s.value(s.at(Dim::Total, "ocg_exits"), sim.day() - 1, 0) > 0 && out.exit_day < 0) out.exit_day = sim.day() - 1;
            if (sim.day() > 90) {
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
    const Out stays = run(0), leaves = run(28);
    EXPECT_GT(stays.alpha_at_work, 0u) << "without reviews Alpha carries on";
    EXPECT_EQ(stays.exits, 0u);
    EXPECT_EQ(leaves.exit_day, 84) << "three reviews in a row (days 28, 56, 84) found its profits negative";
    EXPECT_EQ(leaves.exits, 1u);
    EXPECT_EQ(leaves.alpha_at_work, 0u) << "Alpha left the market: its only offer was the losing one";
    EXPECT_GE(leaves.alpha_left, 4u) << "organiser, recruiters and broker quit (its transporters were arrested)";
    EXPECT_EQ(leaves.alpha_late, 0u) << "nobody replaces the arrested transporters of an offer the group left";
    EXPECT_GT(leaves.beta_late, 10 * stays.alpha_late) << "Beta keeps the market";
    EXPECT_GE(leaves.leg_late, stays.leg_late * 9 / 10) << "P-I carries (nearly) as many without Alpha";
    std::cout << "Alpha left P-I on day " << leaves.exit_day << "; after day 90, P-I carried " << leaves.leg_late << ", Beta "
              << leaves.beta_late << " (Alpha staying: P-I " << stays.leg_late << ", Beta " << stays.beta_late << ", Alpha "
              << stays.alpha_late << ")\n";
}

// A single group sells the crossing P-I with too few seats for the demand and
// may not hire (max_growth = 1): its queue stays long and its price high. P's
// entrant enters it after `entry_reviews` reviews; its transporters start
// `entry_days` later, with `entry_share` of the leg's capacity, and the leg
// carries more than without entrants.
const std::string kScarce = R"(
[organisations]
enabled = true
max_growth = 1.0
entrants_per_stage = 1

[[ocg]]
name = "Solo"
structure = "cells"
legs = ["P-I"]
members = { organiser = 1, recruiter = 1, transporter = 1 }
capacity = 30
)";

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
    std::cout << "entry decided on day " << some.decided << ", first crossing on day " << some.opened << "; P-I from day 150: "
              << some.leg_late << " (no entrants: " << none.leg_late << ")\n";
}

// Where seats meet demand, profits stay moderate and nobody enters.
TEST(EntryAndExit, NobodyEntersALegWithoutExcessDemand) {
    std::string text = kScarce;
    text.replace(text.find("capacity = 30"), 13, "capacity = 600");
    text.replace(text.find("transporter = 1 }"), 17, "transporter = 15 }");
    const SeriesSet s = testing::run_checked(model_of(text, 200));
    EXPECT_EQ(testing::run_total(s, Dim::Total, "ocg_entries"), 0.0);
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
