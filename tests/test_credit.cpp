// Crossings on credit ([[ocg]] credit_share): a group takes a client who
// cannot pay the whole price of a crossing into its destination state, for
// what it has up front (at least the share it may not owe); the client arrives
// owing the rest and works it off there under duress (the UK car-wash case).
#include <gtest/gtest.h>

#include <string>

#include "sim/errors.hpp"
#include "sim/organisations/organisations.hpp"
#include "tests/test_groups.hpp"
#include "tests/test_helpers.hpp"

namespace smugglesim {
namespace {

using testing::ocg_index;
using testing::run_checked;
using testing::run_total;
using testing::toy_model;

constexpr std::uint32_t kID = 3;  // leg I-D of the toy network (tests/test_helpers.hpp): into DEU

std::string lenders(double credit) {
    return R"(
[organisations]
enabled = true

[[ocg]]
name = "Lenders"
legs = ["I-D"]
members = { organiser = 1, recruiter = 1, transporter = 20 }
capacity = 400
credit_share = )" + std::to_string(credit) + "\n";
}

TEST(Credit, ClientsWhoCannotPayCrossOnCreditAndWorkItOffAtTheirDestination) {
    const auto m = toy_model(lenders(0.8)), m0 = toy_model(lenders(0.0));
    const SeriesSet s = run_checked(m), s0 = run_checked(m0);
    const std::uint32_t g = ocg_index(*m, "Lenders");
    const double bonded = run_total(s, Dim::Total, "exploited_at_destination");
    EXPECT_GT(bonded, 100.0) << "the toy origin's poorer migrants cannot pay all the way";
    EXPECT_EQ(run_total(s0, Dim::Total, "exploited_at_destination"), 0.0);
    // All of them where the group's crossing ends (D, in Germany).
    const std::uint32_t d = *m->network->find_place("D");
    EXPECT_EQ(run_total(s, Dim::Place, "exploited_at_destination", d), bonded);
    // They count as arrivals, and would otherwise have been stranded on the way.
    EXPECT_GT(run_total(s, Dim::Total, "arrived"), run_total(s0, Dim::Total, "arrived") + 0.8 * bonded);
    EXPECT_LT(run_total(s, Dim::Total, "stranded") + run_total(s, Dim::Total, "exploited"),
              run_total(s0, Dim::Total, "stranded") + run_total(s0, Dim::Total, "exploited"));
    // The group books what they owe as labour: 80 % of a price it sets near the leg's EUR 1 500.
    const double labour = run_total(s, Dim::Ocg, "ledger_migrants_to_group_labour_eur", g);
    EXPECT_GT(labour, 0.8 * 0.5 * 1500 * 0.9 * bonded);
    EXPECT_LT(labour, 0.8 * 3.0 * 1500 * bonded);
    EXPECT_EQ(run_total(s0, Dim::Ocg, "ledger_migrants_to_group_labour_eur", g), 0.0);
    // Up front they paid less than the price: the leg's money per boarder is lower than its price.
    double paid = 0, boarded = 0, full = 0;
    for (int day = 0; day < s.days(); ++day) {
        paid += s.value(s.at(Dim::Leg, "paid_eur"), day, kID);
        boarded += s.value(s.at(Dim::Leg, "flow"), day, kID);
        full += s.value(s.at(Dim::Leg, "flow"), day, kID) * s.value(s.at(Dim::Offer, "price_eur"), day, m->leg_offers[kID]);
    }
    EXPECT_GT(boarded, bonded);
    EXPECT_LT(paid, full - 0.5 * labour);
}

TEST(Credit, ResultsDoNotDependOnTheThreadCount) {
    EXPECT_EQ(testing::differs_across_thread_counts(toy_model(lenders(0.8))), "");
}

TEST(Credit, ShareMustBeBelowOne) {
    try {
        toy_model(lenders(1.0));
        ADD_FAILURE() << "credit_share = 1 accepted";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        for (const char* p : {"toy.toml", "credit_share", "[0, 1)"}) EXPECT_NE(msg.find(p), std::string::npos) << p << " not in: " << msg;
    }
}

}  // namespace
}  // namespace smugglesim
