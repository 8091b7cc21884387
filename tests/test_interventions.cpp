// Changes to a running simulation from a given day on (sim/interventions.hpp):
// closing and reopening legs, capacity, hazard, price and inflow changes.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/interventions.hpp"
#include "sim/engine/simulation.hpp"
#include "test_helpers.hpp"

using namespace smugglesim;
using smugglesim::testing::toy_model;

namespace {

std::uint32_t leg_index(const Model& m, const char* id) { return *m.network->find_leg(id); }

std::uint32_t at(const std::vector<std::uint32_t>& v, int day, std::size_t i, std::size_t n) {
    return v[static_cast<std::size_t>(day) * n + i];
}

// Runs `model` for all its days, switching to `changed` before day `from`.
DailySeries run_changed(const std::shared_ptr<const Model>& model, const std::shared_ptr<const Model>& changed, int from,
                        int threads = 1) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    Simulation sim(model);
    while (!sim.done()) {
        if (sim.day() == from) sim.replace_model(changed);
        sim.step();
        const Totals& t = sim.totals();
        EXPECT_EQ(t.generated, t.waiting + t.travelling + t.arrived + t.dead + t.missing + t.stranded + t.returned);
    }
    return sim.series();
}

}  // namespace

TEST(Interventions, UnchangedSettingsGiveTheSameRun) {
    auto base = toy_model();
    const DailySeries a = run_changed(base, base, 1000);
    const DailySeries b = run_changed(base, with_settings(base, settings_of(*base)), 10);
    EXPECT_EQ(a.flow_by_leg, b.flow_by_leg);
    EXPECT_EQ(a.waiting_by_place, b.waiting_by_place);
    EXPECT_EQ(a.dead_by_leg, b.dead_by_leg);
    EXPECT_EQ(a.paid_by_leg, b.paid_by_leg);
}

TEST(Interventions, ClosingALegStopsItsFlowAndDivertsMigrants) {
    auto base = toy_model();
    const int from = 40;
    const auto cheap = leg_index(*base, "P-I"), dear = leg_index(*base, "P-I2");
    Settings s = settings_of(*base);
    s.legs[cheap].open = false;
    const DailySeries ref = run_changed(base, base, 1000);
    const DailySeries closed = run_changed(base, with_settings(base, s), from);
    const std::size_t nl = ref.n_legs;
    std::uint64_t dear_after = 0, dear_after_closed = 0;
    for (int d = 0; d < ref.days; ++d) {
        if (d < from) {  // identical until the change
            ASSERT_EQ(at(ref.flow_by_leg, d, cheap, nl), at(closed.flow_by_leg, d, cheap, nl)) << d;
            ASSERT_EQ(at(ref.flow_by_leg, d, dear, nl), at(closed.flow_by_leg, d, dear, nl)) << d;
        } else {
            ASSERT_EQ(at(closed.flow_by_leg, d, cheap, nl), 0u) << "day " << d;
            dear_after += at(ref.flow_by_leg, d, dear, nl);
            dear_after_closed += at(closed.flow_by_leg, d, dear, nl);
        }
    }
    // The other crossing, nearly full before, now runs at capacity every day.
    EXPECT_GT(dear_after_closed, dear_after) << "flow moved to the other crossing";
    EXPECT_EQ(dear_after_closed, static_cast<std::uint64_t>(100 * (ref.days - from)));
    // Queued migrants reconsider within their patience: the closed queue empties.
    const int patience = base->scenario.choice.patience_days;
    EXPECT_EQ(at(closed.queue_by_leg, from + patience + 1, cheap, nl), 0u);
}

TEST(Interventions, ReopeningALegRestoresItsFlow) {
    auto base = toy_model();
    const auto cheap = leg_index(*base, "P-I");
    Settings s = settings_of(*base);
    s.legs[cheap].open = false;
    auto closed = with_settings(base, s);
    Simulation sim(base);
    std::uint64_t after_reopen = 0;
    while (!sim.done()) {
        if (sim.day() == 30) sim.replace_model(closed);
        if (sim.day() == 60) sim.replace_model(base);
        sim.step();
        const int d = sim.day() - 1;
        const auto f = sim.series().flow_by_leg[static_cast<std::size_t>(d) * sim.series().n_legs + cheap];
        if (d >= 30 && d < 60) {
            ASSERT_EQ(f, 0u) << d;
        }
        if (d >= 60) after_reopen += f;
    }
    EXPECT_GT(after_reopen, 1000u);
}

TEST(Interventions, CapacityHazardAndPriceActFromTheDayOfTheChange) {
    auto base = toy_model("[travel]\nmax_leg_days = 8\n");  // every trip ends within 8 days
    const int from = 50;
    const auto cheap = leg_index(*base, "P-I");
    Settings s = settings_of(*base);
    s.legs[cheap].capacity = 20.0;
    s.legs[cheap].hazard = 0.0;
    s.legs[cheap].price = 777.0;
    const DailySeries r = run_changed(base, with_settings(base, s), from);
    const std::size_t nl = r.n_legs;
    std::uint64_t dead_before = 0;
    for (int d = 0; d < r.days; ++d) {
        const auto flow = at(r.flow_by_leg, d, cheap, nl);
        if (d < from) {
            dead_before += at(r.dead_by_leg, d, cheap, nl) + at(r.missing_by_leg, d, cheap, nl);
            continue;
        }
        EXPECT_LE(flow, 20u) << d;
        // A leg's end is drawn at boarding: the new hazard acts on those who
        // board from the day of the change, so deaths stop once the last who
        // set out before it have arrived.
        if (d >= from + base->scenario.travel.max_leg_days) {
            EXPECT_EQ(at(r.dead_by_leg, d, cheap, nl), 0u) << d;
            EXPECT_EQ(at(r.missing_by_leg, d, cheap, nl), 0u) << d;
        }
        EXPECT_DOUBLE_EQ(r.paid_by_leg[static_cast<std::size_t>(d) * nl + cheap], 777.0 * flow) << d;
    }
    EXPECT_GT(dead_before, 0u) << "the leg was deadly before the change";
}

TEST(Interventions, InflowFactorScalesGeneration) {
    auto base = toy_model();
    const int from = 60;
    Settings s = settings_of(*base);
    s.inflow_factor = 0.0;
    const DailySeries stop = run_changed(base, with_settings(base, s), from);
    for (int d = from; d < stop.days; ++d)
        ASSERT_EQ(stop.totals[static_cast<std::size_t>(d)].generated, stop.totals[from - 1].generated) << d;
    s.inflow_factor = 2.0;
    const DailySeries twice = run_changed(base, with_settings(base, s), from);
    const DailySeries ref = run_changed(base, base, 1000);
    const auto gen = [&](const DailySeries& x) {
        return static_cast<double>(x.totals.back().generated - x.totals[from - 1].generated);
    };
    EXPECT_NEAR(gen(twice) / gen(ref), 2.0, 0.05);
}

TEST(Interventions, ChangedRunsAreBitIdenticalAcrossThreadCounts) {
    auto base = toy_model();
    Settings s = settings_of(*base);
    s.legs[leg_index(*base, "P-I")].open = false;
    s.inflow_factor = 1.5;
    auto changed = with_settings(base, s);
    const DailySeries a = run_changed(base, changed, 33, 1);
    const DailySeries b = run_changed(base, changed, 33, 2);
    EXPECT_EQ(a.flow_by_leg, b.flow_by_leg);
    EXPECT_EQ(a.waiting_by_place, b.waiting_by_place);
    EXPECT_EQ(a.stranded_by_place, b.stranded_by_place);
    EXPECT_EQ(a.paid_by_leg, b.paid_by_leg);
}

TEST(Interventions, BadSettingsAreRejectedNamingTheLeg) {
    auto base = toy_model();
    const auto cheap = leg_index(*base, "P-I");
    auto expect_error = [&](Settings s, const std::string& needle) {
        try {
            with_settings(base, s);
            ADD_FAILURE() << "accepted: " << needle;
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
    };
    const Settings ok = settings_of(*base);
    Settings s = ok;
    s.legs[cheap].hazard = std::numeric_limits<double>::quiet_NaN();
    expect_error(s, "leg 'P-I': hazard");
    s = ok;
    s.legs[cheap].hazard = 1.0;
    expect_error(s, "leg 'P-I': hazard");
    s = ok;
    s.legs[cheap].capacity = -1;
    expect_error(s, "leg 'P-I': capacity");
    s = ok;
    s.legs[cheap].price = std::numeric_limits<double>::infinity();
    expect_error(s, "leg 'P-I': price");
    s = ok;
    s.inflow_factor = -0.5;
    expect_error(s, "inflow factor");
    s = ok;
    s.legs.pop_back();
    expect_error(s, "legs");
}

TEST(Interventions, ReplaceModelRejectsAnotherNetwork) {
    auto base = toy_model();
    Simulation sim(base);
    sim.step();
    auto other = build_model(parse_scenario(smugglesim::testing::toy_scenario_text(), ".", "toy.toml"),
                             smugglesim::testing::toy_network());
    EXPECT_THROW(sim.replace_model(other), std::invalid_argument);
}

TEST(Interventions, ChangesAreDescribedOnePerLine) {
    auto base = toy_model();
    Settings a = settings_of(*base), b = a;
    b.legs[leg_index(*base, "P-I")].open = false;
    b.legs[leg_index(*base, "I-D")].price = 99;
    b.inflow_factor = 1.5;
    const auto lines = describe_changes(*base, a, b);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "close leg P-I");
    EXPECT_EQ(lines[1], "leg I-D price 1500 -> 99 EUR");
    EXPECT_EQ(lines[2], "inflow x1 -> x1.5");
    EXPECT_TRUE(describe_changes(*base, a, a).empty());
}
