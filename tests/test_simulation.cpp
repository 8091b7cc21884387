// The simulation core on a hand-built network: conservation, reproducibility
// across seeds and thread counts, capacity, hazards, money, documents.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <numeric>
#include <string>

#include "sim/engine/simulation.hpp"
#include "test_helpers.hpp"

using namespace smugglesim;
using smugglesim::testing::toy_model;

namespace {

using smugglesim::testing::totals;

SeriesSet run_with_threads(std::shared_ptr<const Model> model, int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    Simulation sim(std::move(model));
    sim.run();
    return sim.series();
}

// Every declared series, bit for bit; says where they first differ if not.
::testing::AssertionResult same_series(const SeriesSet& a, const SeriesSet& b) {
    std::string why;
    if (a.same(b, &why)) return ::testing::AssertionSuccess() << "all series are identical";
    return ::testing::AssertionFailure() << why;
}

template <class V>
std::uint64_t sum(const V& v) {
    return std::accumulate(v.begin(), v.end(), std::uint64_t{0});
}

// All values of a uint32 series (dim, name), [day][column].
std::span<const std::uint32_t> u32(const SeriesSet& s, Dim dim, const char* name) {
    return s.values<std::uint32_t>(s.at(dim, name));
}

// Value of a uint32 per-leg series on `day` for leg `leg`.
std::uint32_t leg_value(const SeriesSet& s, const char* name, int day, std::size_t leg) {
    return s.row<std::uint32_t>(s.at(Dim::Leg, name), day)[leg];
}

// Sum over days of a uint32 per-leg series for leg `leg`.
std::uint64_t leg_sum(const SeriesSet& s, const char* name, std::size_t leg) {
    std::uint64_t n = 0;
    for (int d = 0; d < s.days(); ++d) n += leg_value(s, name, d, leg);
    return n;
}

}  // namespace

TEST(Simulation, ConservationHoldsEveryDay) {
    Simulation sim(toy_model());
    while (!sim.done()) {
        sim.step();
        const Totals& t = totals(sim);
        ASSERT_EQ(t.generated, t.waiting + t.travelling + t.arrived + t.dead + t.missing + t.stranded + t.returned + t.exploited)
            << "day " << sim.day() - 1;
        ASSERT_EQ(sim.check_state(), "") << "day " << sim.day() - 1;  // the records agree with the counters
    }
    const Totals& t = totals(sim);
    EXPECT_GT(t.generated, 30000u);
    EXPECT_GT(t.arrived, 10000u);
    EXPECT_GT(t.dead + t.missing, 0u);
    EXPECT_GT(t.intercepted, 0u);
    EXPECT_GT(t.returned, 0u);
    EXPECT_LT(t.returned, t.intercepted);  // the rest are pushed back and try again
}

TEST(Simulation, SeriesAgreeWithTotals) {
    Simulation sim(toy_model());
    sim.run();
    const SeriesSet& s = sim.series();
    const Totals& t = totals(sim);
    EXPECT_EQ(sum(u32(s, Dim::Country, "arrivals")), t.arrived);
    EXPECT_EQ(sum(u32(s, Dim::Leg, "dead")), t.dead);
    EXPECT_EQ(sum(u32(s, Dim::Leg, "missing")), t.missing);
    EXPECT_EQ(sum(u32(s, Dim::Leg, "intercepted")), t.intercepted);
    EXPECT_EQ(sum(u32(s, Dim::Place, "generated")), t.generated);
    EXPECT_EQ(sum(u32(s, Dim::Place, "stranded")), t.stranded);
    const int last = s.days() - 1;
    const std::size_t n_places = s.width(Dim::Place);
    const std::uint32_t* waiting_row = s.row<std::uint32_t>(s.at(Dim::Place, "waiting"), last);
    std::uint64_t waiting = 0;
    for (std::size_t p = 0; p < n_places; ++p) waiting += waiting_row[p];
    EXPECT_EQ(waiting, t.waiting);
    // Migrants only arrive in the states they aim for.
    const Network& net = *sim.model().network;
    const std::size_t n_countries = s.width(Dim::Country);
    ASSERT_EQ(n_countries, net.countries().size());
    const auto arrivals = s.at(Dim::Country, "arrivals");
    for (std::size_t c = 0; c < n_countries; ++c) {
        std::uint64_t n = 0;
        for (int d = 0; d < s.days(); ++d) n += s.row<std::uint32_t>(arrivals, d)[c];
        if (net.countries()[c] != "DEU" && net.countries()[c] != "SWE") EXPECT_EQ(n, 0u) << net.countries()[c];
        else EXPECT_GT(n, 0u) << net.countries()[c];
    }
}

TEST(Simulation, BitIdenticalAcrossThreadCountsAndRuns) {
    auto model = toy_model();
    const SeriesSet one = run_with_threads(model, 1);
    const SeriesSet two = run_with_threads(model, 2);
    const SeriesSet again = run_with_threads(model, 2);
    EXPECT_TRUE(same_series(one, two));
    EXPECT_TRUE(same_series(two, again));
}

TEST(Simulation, DifferentSeedsDiffer) {
    ModelOptions a, b;
    a.seed = 1;
    b.seed = 2;
    const SeriesSet sa = run_with_threads(toy_model("", a), 2);
    const SeriesSet sb = run_with_threads(toy_model("", b), 2);
    EXPECT_FALSE(same_series(sa, sb));
}

TEST(Simulation, DailyFlowNeverExceedsCapacity) {
    auto model = toy_model();
    Simulation sim(model);
    sim.run();
    const SeriesSet& s = sim.series();
    ASSERT_EQ(s.width(Dim::Leg), model->legs.size());
    bool some_queue = false;
    for (int d = 0; d < s.days(); ++d)
        for (std::size_t l = 0; l < s.width(Dim::Leg); ++l) {
            // Fractional capacity carries over, so a day may board ceil(capacity).
            EXPECT_LE(leg_value(s, "flow", d, l), std::ceil(model->legs[l].initial.capacity))
                << "leg " << l << " day " << d;
            some_queue = some_queue || leg_value(s, "queue", d, l) > 0;
        }
    EXPECT_TRUE(some_queue) << "300/day against capacity 150+100 at sea should queue";
}

TEST(Simulation, AirLegsCarryOnlyMigrantsWithDocuments) {
    // Without documents nobody can fly: flow on the air leg must be zero.
    auto model = toy_model();
    Simulation with_docs(model);
    with_docs.run();
    const auto air = *model->network->find_leg("P-D-AIR");
    std::uint64_t flown = leg_sum(with_docs.series(), "flow", air);
    EXPECT_GT(flown, 0u);

    Scenario sc = parse_scenario(smugglesim::testing::toy_scenario_text(), ".", "toy.toml");
    sc.origins[0].documents[0] = 1.0;
    sc.origins[0].documents[1] = 0.0;
    sc.origins[0].documents[2] = 0.0;
    Simulation no_docs(build_model(sc, smugglesim::testing::toy_network()));
    no_docs.run();
    flown = leg_sum(no_docs.series(), "flow", air);
    EXPECT_EQ(flown, 0u);
}

TEST(Simulation, DeathRateMatchesLegHazard) {
    auto model = toy_model("[hazard]\nsea_seasonality = 0.0\n");
    Simulation sim(model);
    sim.run();
    const SeriesSet& s = sim.series();
    const auto l = *model->network->find_leg("P-I");
    std::uint64_t flow = 0, died = 0;
    for (int d = 0; d < s.days(); ++d) {
        flow += leg_value(s, "flow", d, l);
        died += leg_value(s, "dead", d, l) + leg_value(s, "missing", d, l);
    }
    ASSERT_GT(flow, 5000u);
    const double rate = static_cast<double>(died) / static_cast<double>(flow);
    const double se = std::sqrt(0.01 * 0.99 / static_cast<double>(flow));
    EXPECT_NEAR(rate, 0.01, 4 * se + 0.002);  // trips still on the leg at the end add a little slack
}

TEST(Simulation, PoorMigrantsAreStranded) {
    Scenario sc = parse_scenario(smugglesim::testing::toy_scenario_text(), ".", "toy.toml");
    sc.origins[0].money_median_eur = 2500.0;  // enough for the first leg, not for the sea
    sc.origins[0].money_sigma = 0.0;
    Simulation sim(build_model(sc, smugglesim::testing::toy_network()));
    sim.run();
    const Totals& t = totals(sim);
    EXPECT_GT(t.stranded, t.generated / 2);
    EXPECT_EQ(t.arrived, 0u);
    const auto port = *sim.model().network->find_place("P");
    const auto stranded = sim.series().at(Dim::Place, "stranded");
    std::uint64_t at_port = 0;
    for (int d = 0; d < sim.series().days(); ++d) at_port += sim.series().row<std::uint32_t>(stranded, d)[port];
    EXPECT_GT(at_port, t.stranded / 2) << "most should be stranded at the port before the sea";
}

TEST(Simulation, ClosingALegDivertsFlow) {
    // Capacity of the cheap crossing down to almost nothing: the dearer one carries more.
    Scenario base = parse_scenario(smugglesim::testing::toy_scenario_text(), ".", "toy.toml");
    Simulation a(build_model(base, smugglesim::testing::toy_network()));
    a.run();
    auto net = std::make_shared<Network>(*smugglesim::testing::toy_network());
    std::vector<Leg> legs = net->legs();
    legs[*net->find_leg("P-I")].capacity_per_day = 1.0;
    auto closed = std::make_shared<Network>(net->places(), legs);
    Simulation b(build_model(base, closed));
    b.run();
    const auto alt = *net->find_leg("P-I2");
    auto total_flow = [&](const Simulation& s) { return leg_sum(s.series(), "flow", alt); };
    EXPECT_GT(total_flow(b), total_flow(a));
}

TEST(Simulation, MigrantsScaleScalesInflow) {
    ModelOptions o1, o2;
    o2.migrants_scale = 3.0;
    Simulation a(toy_model("", o1)), b(toy_model("", o2));
    a.run();
    b.run();
    const double ratio = static_cast<double>(totals(b).generated) / static_cast<double>(totals(a).generated);
    EXPECT_NEAR(ratio, 3.0, 0.05);
}

TEST(Simulation, StateMemoryFollowsMigrantsInSystem) {
    Simulation sim(toy_model());
    sim.run();
    EXPECT_GT(sim.state_bytes(), 0u);
    EXPECT_GT(sim.module<MigrantsModule>().migrant_days(), 0u);
    // Slots are recycled: storage is bounded by the peak in the system, not by all ever generated.
    EXPECT_LT(sim.state_bytes(), totals(sim).generated * 40);
}

TEST(Simulation, LivingCostsRunWhileWaitingNotWhileTravelling) {
    // Money for the prices on the cheap route (2000 + 1200 + 1500) and about
    // three days of waiting at 100 EUR/day; the 19 travel days cost nothing.
    const std::string text = R"(
[scenario]
days = 90
seed = 3
[network]
file = "unused.gpkg"
[[origin]]
place = "A"
rate_per_day = 20.0
destinations = { DEU = 1.0 }
money_median_eur = 5000.0
money_sigma = 0.0
documents = { none = 1.0 }
[travel]
daily_cost_eur = 100.0
time_sigma = 0.0
)";
    Simulation sim(build_model(parse_scenario(text, ".", "t.toml"), smugglesim::testing::toy_network()));
    sim.run();
    const Totals& t = totals(sim);
    EXPECT_GT(t.arrived, (t.generated - t.waiting - t.travelling) / 2)
        << "arrived " << t.arrived << ", stranded " << t.stranded;
}

TEST(Simulation, BitIdenticalAcrossThreadCountsWithManyBatchesAndChunks) {
    // 150 000 new migrants a day: every phase runs several 65 536-item batches
    // and many 4 096-item chunks in its parallel merges.
    ModelOptions big;
    big.migrants_scale = 500.0;
    big.days = 12;
    auto model = toy_model("", big);
    const SeriesSet one = run_with_threads(model, 1);
    const SeriesSet two = run_with_threads(model, 2);
    const SeriesSet four = run_with_threads(model, 4);  // more threads than this machine's cores
    EXPECT_GT(one.row<std::uint64_t>(one.at(Dim::Total, "generated"), one.days() - 1)[0], 1'500'000u);
    EXPECT_TRUE(same_series(one, two));
    EXPECT_TRUE(same_series(one, four));
}

TEST(Simulation, TravelDaysGuideTableGivesTheInverseCdf) {
    auto model = toy_model();
    for (const LegModel& l : model->legs) {
        ASSERT_FALSE(l.days_cdf.empty());
        for (int k = 0; k <= 100000; ++k) {
            const double u = k == 0 ? 1e-12 : k / 100000.0;
            const auto it = std::lower_bound(l.days_cdf.begin(), l.days_cdf.end(), u);
            const auto expect = std::min<std::ptrdiff_t>(it - l.days_cdf.begin(), std::ssize(l.days_cdf) - 1) + 1;
            ASSERT_EQ(l.sample_days(u), expect) << "u = " << u;
        }
        // Exactly at the cumulative probabilities too (ties go to the lower day).
        for (std::size_t i = 0; i < l.days_cdf.size(); ++i) {
            const auto first = std::lower_bound(l.days_cdf.begin(), l.days_cdf.end(), l.days_cdf[i]) - l.days_cdf.begin();
            ASSERT_EQ(l.sample_days(l.days_cdf[i]), first + 1) << "at days_cdf[" << i << "]";
        }
    }
}
