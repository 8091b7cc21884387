// Offers: several ways to take one leg (organised crime groups' offers), each
// with its own queue, capacity and price, set on a model with set_offers and
// changed during a run through World::offers. No organisations module here:
// these test the migrants module's side of the market.
#include <gtest/gtest.h>

#include <memory>

#include "tests/test_helpers.hpp"

namespace smugglesim {
namespace {

using testing::run_total;
using testing::toy_model;

constexpr std::uint32_t kPI = 1;  // leg P-I of the toy network (sea, 150 a day, EUR 1 200)

// The toy model with leg P-I sold by two groups: a cheap one and a dear one,
// each with half the leg's capacity.
std::shared_ptr<Model> two_offer_model(double cheap, double dear, double cap_each = 75.0) {
    auto m = std::make_shared<Model>(*toy_model());
    m->ocg_names = {"cheap", "dear"};
    std::vector<OfferModel> offers;
    for (std::uint32_t l = 0; l < m->legs.size(); ++l) {
        if (l != kPI) {
            offers.push_back({l, kNoOcg, {}});
            continue;
        }
        OfferState a, b;
        a.capacity = b.capacity = cap_each;
        a.price = cheap;
        b.price = dear;
        offers.push_back({l, 0, a});
        offers.push_back({l, 1, b});
    }
    set_offers(*m, std::move(offers));
    return m;
}

TEST(Offers, EveryLegStartsWithItsOwnService) {
    const auto m = toy_model();
    ASSERT_EQ(m->offers.size(), m->legs.size());
    for (std::uint32_t l = 0; l < m->legs.size(); ++l) {
        EXPECT_EQ(m->offers[l].leg, l);
        EXPECT_EQ(m->offers[l].ocg, kNoOcg);
        EXPECT_EQ(m->leg_offers[l], l);
    }
    EXPECT_EQ(m->leg_offers.back(), m->legs.size());
    // A leg's own service is the leg itself.
    const LegState leg = m->legs[kPI].initial;
    EXPECT_EQ(offer_view(m->legs[kPI], leg, m->offers[kPI], OfferState{}), leg);
}

TEST(Offers, OfferViewFollowsTheLegsRunningState) {
    const auto m = two_offer_model(800, 1600);
    const LegModel& lm = m->legs[kPI];
    LegState leg = lm.initial;
    OfferState os;
    os.capacity = 60;
    os.price = 900;
    os.hazard_factor = 2.0;
    os.interception_factor = 0.5;
    LegState v = offer_view(lm, leg, m->offers[m->leg_offers[kPI]], os);
    EXPECT_TRUE(v.open);
    EXPECT_DOUBLE_EQ(v.capacity, 60);
    EXPECT_DOUBLE_EQ(v.price, 900);
    EXPECT_DOUBLE_EQ(v.hazard, lm.initial.hazard * 2.0);
    EXPECT_DOUBLE_EQ(v.interception, lm.initial.interception * 0.5);
    leg.capacity = lm.initial.capacity / 2;  // an intervention halves the leg
    leg.price = lm.initial.price * 1.5;
    v = offer_view(lm, leg, m->offers[m->leg_offers[kPI]], os);
    EXPECT_DOUBLE_EQ(v.capacity, 30);
    EXPECT_DOUBLE_EQ(v.price, 1350);
    leg.open = false;
    EXPECT_FALSE(offer_view(lm, leg, m->offers[m->leg_offers[kPI]], os).open);
    leg.open = true;
    os.active = false;
    EXPECT_FALSE(offer_view(lm, leg, m->offers[m->leg_offers[kPI]], os).open);
}

TEST(Offers, SetOffersRejectsALegWithoutOffer) {
    auto m = std::make_shared<Model>(*toy_model());
    std::vector<OfferModel> offers;
    for (std::uint32_t l = 1; l < m->legs.size(); ++l) offers.push_back({l, kNoOcg, {}});
    EXPECT_THROW(set_offers(*m, offers), std::logic_error);
}

// Migrants choose among the offers on a leg: the cheaper one carries more, the
// leg's series are the sums over its offers, and every migrant is accounted for.
TEST(Offers, MigrantsSplitBetweenOffersByPrice) {
    Simulation sim(two_offer_model(700, 2000, 200));
    std::uint32_t per_offer[2] = {0, 0};
    const std::uint32_t first = sim.model().leg_offers[kPI];
    while (!sim.done()) {
        sim.step();
        ASSERT_EQ(sim.check_state(), "") << "day " << sim.day() - 1;
        // Boardings per offer are what the leg's flow counts.
        const auto& od = sim.world().offer_day;
        per_offer[0] += od[first].boarded;
        per_offer[1] += od[first + 1].boarded;
        EXPECT_EQ(static_cast<double>(od[first].boarded + od[first + 1].boarded),
                  sim.series().value(sim.series().at(Dim::Leg, "flow"), sim.day() - 1, kPI));
    }
    EXPECT_GT(per_offer[0], 0u);
    EXPECT_GT(per_offer[1], 0u);
    EXPECT_GT(per_offer[0], 2 * per_offer[1]) << "the cheap offer should carry most";
    const double paid = run_total(sim.series(), Dim::Leg, "paid_eur", kPI);
    EXPECT_DOUBLE_EQ(paid, 700.0 * per_offer[0] + 2000.0 * per_offer[1]);
}

// An offer that stops (its group removed) hands its market to the other
// offer on the same leg: the leg keeps carrying migrants.
TEST(Offers, AnInactiveOfferHandsItsClientsToTheOther) {
    Simulation sim(two_offer_model(700, 2000, 200));
    const std::uint32_t first = sim.model().leg_offers[kPI];
    for (int d = 0; d < 40; ++d) sim.step();
    sim.world().offers[first].active = false;
    std::uint32_t cheap = 0, dear = 0;
    while (!sim.done()) {
        sim.step();
        ASSERT_EQ(sim.check_state(), "");
        cheap += sim.world().offer_day[first].boarded;
        dear += sim.world().offer_day[first + 1].boarded;
    }
    EXPECT_EQ(cheap, 0u);
    EXPECT_GT(dear, 1000u);
}

TEST(Offers, ResultsDoNotDependOnTheThreadCount) {
    EXPECT_EQ(testing::differs_across_thread_counts(two_offer_model(900, 1500)), "");
}

}  // namespace
}  // namespace smugglesim
