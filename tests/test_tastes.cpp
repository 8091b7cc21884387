// Migrants' tastes ([choice] taste_*): thrifty, hurried and cautious migrants
// weigh price, time or risks more than balanced ones, each with its own
// cost-to-go and choice sets, so flows spread over routes that no single
// weighting would use.
#include <gtest/gtest.h>

#include <string>

#include "sim/errors.hpp"
#include "tests/test_helpers.hpp"

namespace smugglesim {
namespace {

using testing::toy_model;

constexpr std::uint32_t kPI = 1, kPI2 = 2;  // the cheap, riskier crossing and the dear, safer one

struct Flows {
    double cheap = 0, safe = 0;
    Totals totals;
};

// The two crossings with room for everyone, so shares follow choices, not seats.
const char* kRoomy = R"(
[[intervention]]
action = "set_capacity"
day = 0
legs = ["P-I", "P-I2"]
capacity = 2000
)";

Flows run(const std::string& choice) {
    const auto model = toy_model(std::string(kRoomy) + "[choice]\n" + choice);
    Simulation sim(model);
    while (!sim.done()) {
        sim.step();
        EXPECT_EQ(sim.check_state(), "");
    }
    const SeriesSet& s = sim.series();
    const auto flow = s.run_totals(s.at(Dim::Leg, "flow"));
    return {flow[kPI], flow[kPI2], sim.module<MigrantsModule>().totals()};
}

// With a weight of 1 every taste weighs alike: the run is the run without tastes.
TEST(Tastes, AWeightOfOneIsTheRunWithoutTastes) {
    const Flows alike = run("taste_weight = 1.0\n");
    const Flows none = run("taste_thrifty = 0\ntaste_hurried = 0\ntaste_cautious = 0\n");
    EXPECT_EQ(alike.cheap, none.cheap);
    EXPECT_EQ(alike.safe, none.safe);
    EXPECT_EQ(alike.totals.arrived, none.totals.arrived);
    EXPECT_EQ(alike.totals.dead, none.totals.dead);
    EXPECT_EQ(alike.totals.stranded, none.totals.stranded);
}

// Cautious migrants take the dearer, safer crossing that balanced ones shun;
// thrifty ones keep to the cheap one.
TEST(Tastes, CautiousMigrantsSpreadToTheSaferCrossing) {
    const Flows none = run("taste_thrifty = 0\ntaste_hurried = 0\ntaste_cautious = 0\n");
    const Flows cautious = run("taste_thrifty = 0\ntaste_hurried = 0\ntaste_cautious = 0.5\ntaste_weight = 10\n");
    const Flows thrifty = run("taste_thrifty = 0.5\ntaste_hurried = 0\ntaste_cautious = 0\ntaste_weight = 10\n");
    ASSERT_GT(none.cheap + none.safe, 1000.0);
    const double share_none = none.safe / (none.cheap + none.safe);
    const double share_cautious = cautious.safe / (cautious.cheap + cautious.safe);
    const double share_thrifty = thrifty.safe / (thrifty.cheap + thrifty.safe);
    EXPECT_GT(share_cautious, share_none + 0.05) << share_none << " -> " << share_cautious;
    EXPECT_LT(share_thrifty, share_none) << share_none << " -> " << share_thrifty;
}

TEST(Tastes, SharesAboveOneAreRejectedNamingTheKey) {
    try {
        toy_model("[choice]\ntaste_thrifty = 0.5\ntaste_hurried = 0.4\ntaste_cautious = 0.3\n");
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("taste_thrifty"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("toy.toml"), std::string::npos) << e.what();
    }
}

TEST(Tastes, ResultsDoNotDependOnTheThreadCount) {
    EXPECT_EQ(testing::differs_across_thread_counts(toy_model("[choice]\ntaste_cautious = 0.4\ntaste_weight = 5\n")), "");
}

}  // namespace
}  // namespace smugglesim
