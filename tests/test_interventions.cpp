// Interventions: actions applied from a given day on by the interventions
// module (sim/interventions/): closing and reopening legs and borders,
// capacity, hazard, price and inflow changes, from settings (the viewer's live
// mode) or from [[intervention]] blocks in a scenario.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/engine/simulation.hpp"
#include "sim/errors.hpp"
#include "sim/interventions/module.hpp"
#include "sim/interventions/settings.hpp"
#include "test_helpers.hpp"

using namespace smugglesim;
using smugglesim::testing::toy_model;

namespace {

std::uint32_t leg_index(const Model& m, const char* id) { return *m.network->find_leg(id); }

// Value of the uint32 per-leg series `name` on `day` for leg `leg`.
std::uint32_t at(const SeriesSet& s, const char* name, int day, std::size_t leg) {
    return s.row<std::uint32_t>(s.at(Dim::Leg, name), day)[leg];
}

// Money paid for leg `leg` on `day` (per-leg series "paid_eur").
double paid(const SeriesSet& s, int day, std::size_t leg) {
    return s.row<double>(s.at(Dim::Leg, "paid_eur"), day)[leg];
}

// Migrants generated since day 0, at the end of `day`.
std::uint64_t generated(const SeriesSet& s, int day) {
    return s.row<std::uint64_t>(s.at(Dim::Total, "generated"), day)[0];
}

// Every declared series, bit for bit; says where they first differ if not.
::testing::AssertionResult same_series(const SeriesSet& a, const SeriesSet& b) {
    std::string why;
    if (a.same(b, &why)) return ::testing::AssertionSuccess() << "all series are identical";
    return ::testing::AssertionFailure() << why;
}

// The actions that change `model`'s settings to `s` from day `from` on.
std::vector<Action> changes(const std::shared_ptr<const Model>& model, const Settings& s, int from) {
    return actions_between(*model, settings_of(*model), s, from);
}

// Runs `model` for all its days with `actions` added to its schedule, each
// just before its day (as the viewer's live mode adds them).
SeriesSet run_changed(const std::shared_ptr<const Model>& model, const std::vector<Action>& actions, int threads = 1) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    Simulation sim(model);
    while (!sim.done()) {
        for (const Action& a : actions)
            if (a.day == sim.day()) sim.module<InterventionsModule>().add(a);
        sim.step();
        const Totals& t = smugglesim::testing::totals(sim);
        EXPECT_EQ(t.generated, t.waiting + t.travelling + t.arrived + t.dead + t.missing + t.stranded + t.returned + t.exploited);
    }
    return sim.series();
}

}  // namespace

TEST(Interventions, UnchangedSettingsGiveTheSameRun) {
    auto base = toy_model();
    const SeriesSet a = run_changed(base, {});
    EXPECT_TRUE(changes(base, settings_of(*base), 10).empty());
    // An action that sets a leg to what it was changes nothing either.
    Action same;
    same.kind = ActionKind::SetPrice;
    same.day = 10;
    same.legs = {leg_index(*base, "P-I")};
    same.value = base->legs[same.legs[0]].initial.price;
    const SeriesSet b = run_changed(base, {same});
    EXPECT_TRUE(same_series(a, b));
}

TEST(Interventions, ClosingALegStopsItsFlowAndDivertsMigrants) {
    // Migrants all weigh alike here (taste_weight 1), so that every one of them
    // prefers the other crossing to the routes around it and fills it each day.
    auto base = toy_model("[choice]\ntaste_weight = 1\n");
    const int from = 40;
    const auto cheap = leg_index(*base, "P-I"), dear = leg_index(*base, "P-I2");
    Settings s = settings_of(*base);
    s.legs[cheap].open = false;
    const SeriesSet ref = run_changed(base, {});
    const SeriesSet closed = run_changed(base, changes(base, s, from));
    std::uint64_t dear_after = 0, dear_after_closed = 0;
    for (int d = 0; d < ref.days(); ++d) {
        if (d < from) {  // identical until the change
            ASSERT_EQ(at(ref, "flow", d, cheap), at(closed, "flow", d, cheap)) << d;
            ASSERT_EQ(at(ref, "flow", d, dear), at(closed, "flow", d, dear)) << d;
        } else {
            ASSERT_EQ(at(closed, "flow", d, cheap), 0u) << "day " << d;
            dear_after += at(ref, "flow", d, dear);
            dear_after_closed += at(closed, "flow", d, dear);
        }
    }
    // The other crossing, nearly full before, now runs at capacity every day.
    EXPECT_GT(dear_after_closed, dear_after) << "flow moved to the other crossing";
    EXPECT_EQ(dear_after_closed, static_cast<std::uint64_t>(100 * (ref.days() - from)));
    // Queued migrants reconsider within their patience: the closed queue empties.
    const int patience = base->scenario.choice.patience_days;
    EXPECT_EQ(at(closed, "queue", from + patience + 1, cheap), 0u);
}

TEST(Interventions, ReopeningALegRestoresItsFlow) {
    auto base = toy_model();
    const auto cheap = leg_index(*base, "P-I");
    Settings s = settings_of(*base);
    s.legs[cheap].open = false;
    Simulation sim(base);
    std::uint64_t after_reopen = 0;
    while (!sim.done()) {
        if (sim.day() == 30)
            for (const Action& a : changes(base, s, 30)) sim.module<InterventionsModule>().add(a);
        if (sim.day() == 60)
            for (const Action& a : actions_between(*base, s, settings_of(*base), 60)) sim.module<InterventionsModule>().add(a);
        sim.step();
        const int d = sim.day() - 1;
        const auto f = at(sim.series(), "flow", d, cheap);
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
    const SeriesSet r = run_changed(base, changes(base, s, from));
    std::uint64_t dead_before = 0;
    for (int d = 0; d < r.days(); ++d) {
        const auto flow = at(r, "flow", d, cheap);
        if (d < from) {
            dead_before += at(r, "dead", d, cheap) + at(r, "missing", d, cheap);
            continue;
        }
        EXPECT_LE(flow, 20u) << d;
        // A leg's end is drawn at boarding: the new hazard acts on those who
        // board from the day of the change, so deaths stop once the last who
        // set out before it have arrived.
        if (d >= from + base->scenario.travel.max_leg_days) {
            EXPECT_EQ(at(r, "dead", d, cheap), 0u) << d;
            EXPECT_EQ(at(r, "missing", d, cheap), 0u) << d;
        }
        EXPECT_DOUBLE_EQ(paid(r, d, cheap), 777.0 * flow) << d;
    }
    EXPECT_GT(dead_before, 0u) << "the leg was deadly before the change";
}

TEST(Interventions, InflowFactorScalesGeneration) {
    auto base = toy_model();
    const int from = 60;
    Settings s = settings_of(*base);
    s.inflow_factor = 0.0;
    const SeriesSet stop = run_changed(base, changes(base, s, from));
    for (int d = from; d < stop.days(); ++d) ASSERT_EQ(generated(stop, d), generated(stop, from - 1)) << d;
    s.inflow_factor = 2.0;
    const SeriesSet twice = run_changed(base, changes(base, s, from));
    const SeriesSet ref = run_changed(base, {});
    const auto gen = [&](const SeriesSet& x) {
        return static_cast<double>(generated(x, x.days() - 1) - generated(x, from - 1));
    };
    EXPECT_NEAR(gen(twice) / gen(ref), 2.0, 0.05);
}

TEST(Interventions, ChangedRunsAreBitIdenticalAcrossThreadCounts) {
    auto base = toy_model();
    Settings s = settings_of(*base);
    s.legs[leg_index(*base, "P-I")].open = false;
    s.inflow_factor = 1.5;
    const auto changed = changes(base, s, 33);
    const SeriesSet a = run_changed(base, changed, 1);
    const SeriesSet b = run_changed(base, changed, 2);
    EXPECT_TRUE(same_series(a, b));
}

TEST(Interventions, BadSettingsAreRejectedNamingTheLeg) {
    auto base = toy_model();
    const auto cheap = leg_index(*base, "P-I");
    auto expect_error = [&](Settings s, const std::string& needle) {
        try {
            validate(*base, s);
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

TEST(Interventions, ActionsAddedToARunAreChecked) {
    auto base = toy_model();
    Simulation sim(base);
    sim.step();
    auto& iv = sim.module<InterventionsModule>();
    Action a;
    a.kind = ActionKind::SetHazard;
    a.legs = {leg_index(*base, "P-I")};
    a.value = 0.5;
    a.day = 0;  // already simulated
    EXPECT_THROW(iv.add(a), std::invalid_argument);
    a.day = 1;
    a.value = 1.0;  // not a probability below 1
    EXPECT_THROW(iv.add(a), std::invalid_argument);
    a.value = 0.5;
    a.legs = {999};
    EXPECT_THROW(iv.add(a), std::invalid_argument);
    a.legs = {leg_index(*base, "P-I")};
    EXPECT_NO_THROW(iv.add(a));
    sim.step();
    EXPECT_EQ(sim.world().legs[a.legs[0]].hazard, 0.5);
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

// ---- scheduled: [[intervention]] blocks in the scenario

TEST(ScheduledInterventions, ScenarioBlocksEqualTheSameActionsAddedLive) {
    auto base = toy_model();
    auto scheduled = toy_model(R"(
[[intervention]]
name = "close the cheap crossing"
date = "2015-02-10"
days = 30
action = "close_leg"
legs = ["P-I"]

[[intervention]]
day = 70
action = "set_capacity"
legs = ["P-I2"]
factor = 0.5

[[intervention]]
day = 80
action = "set_inflow"
factor = 1.5
)");
    ASSERT_EQ(scheduled->interventions.size(), 3u);
    EXPECT_EQ(scheduled->interventions[0].day, 40);  // 2015-02-10 is day 40 of a run from 2015-01-01
    EXPECT_EQ(scheduled->interventions[0].until, 70);
    Simulation sim(scheduled);
    sim.run();
    const SeriesSet live = run_changed(base, scheduled->interventions);
    EXPECT_TRUE(same_series(sim.series(), live));
    const auto cheap = leg_index(*base, "P-I"), dear = leg_index(*base, "P-I2");
    for (int d = 40; d < 70; ++d) ASSERT_EQ(at(sim.series(), "flow", d, cheap), 0u) << d;
    std::uint64_t after = 0;
    for (int d = 70; d < sim.series().days(); ++d) {
        after += at(sim.series(), "flow", d, cheap);
        ASSERT_LE(at(sim.series(), "flow", d, dear), 50u) << "half of 100 a day from day 70";
    }
    EXPECT_GT(after, 0u) << "reopened on day 70";
}

TEST(ScheduledInterventions, CloseBorderClosesEveryLegBetweenTheTwoStates) {
    auto m = toy_model(R"(
[[intervention]]
day = 5
action = "close_border"
between = ["GGG", "TTT"]
)");
    const Action& a = m->interventions.at(0);
    std::vector<std::string> ids;
    for (std::uint32_t l : a.legs) ids.push_back(m->network->legs()[l].id);
    EXPECT_EQ(ids, (std::vector<std::string>{"P-I", "P-I2"}));
    Simulation sim(m);
    sim.run();
    for (int d = 5; d < sim.series().days(); ++d)
        for (std::uint32_t l : a.legs) ASSERT_EQ(at(sim.series(), "flow", d, l), 0u);
}

TEST(ScheduledInterventions, TomlOfAnActionReadsBackAsTheSameAction) {
    auto base = toy_model();
    Settings s = settings_of(*base);
    s.legs[leg_index(*base, "P-I")].capacity = 123.456789;
    s.legs[leg_index(*base, "I-D")].hazard = 0.1 / 3;
    s.legs[leg_index(*base, "A-P")].open = false;
    s.inflow_factor = 0.7;
    auto acts = changes(base, s, 12);
    ASSERT_EQ(acts.size(), 4u);
    acts.front().name = "a \"quoted\" name";
    acts.back().until = 50;
    std::string text;
    for (const Action& a : acts) text += to_toml(a, *base) + "\n";
    auto back = toy_model(text);
    ASSERT_EQ(back->interventions.size(), acts.size()) << text;
    for (std::size_t i = 0; i < acts.size(); ++i) {
        const Action& x = back->interventions[i];
        const Action& y = acts[i];
        EXPECT_TRUE(x.name == y.name && x.kind == y.kind && x.day == y.day && x.until == y.until && x.legs == y.legs &&
                    x.origins == y.origins)
            << i << "\n" << text;
        // Bit for bit, NaN (no value or no factor) included.
        EXPECT_EQ(std::bit_cast<std::uint64_t>(x.value), std::bit_cast<std::uint64_t>(y.value)) << i << "\n" << text;
        EXPECT_EQ(std::bit_cast<std::uint64_t>(x.factor), std::bit_cast<std::uint64_t>(y.factor)) << i << "\n" << text;
    }
}

// The message a toy scenario with `block` added is refused with ("" if accepted).
std::string input_error(const std::string& block) {
    try {
        toy_model(block);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(ScheduledInterventions, BadBlocksNameTheFileTheBlockAndTheKey) {
    auto expect_error = [](const std::string& block, const std::string& needle) {
        const std::string msg = input_error(block);
        ASSERT_NE(msg, "") << "accepted: " << block;
        EXPECT_NE(msg.find(needle), std::string::npos) << msg;
        EXPECT_NE(msg.find("toy.toml"), std::string::npos) << msg;
    };
    const std::string head = "[[intervention]]\n";
    expect_error(head + "day = 3\naction = \"close_leg\"\nlegs = [\"NOPE\"]\n", "key 'legs': no leg 'NOPE'");
    expect_error(head + "day = 3\naction = \"shut\"\n", "unknown value \"shut\"");
    expect_error(head + "day = 300\naction = \"close_leg\"\nlegs = [\"P-I\"]\n", "past the scenario's last day");
    expect_error(head + "date = \"2015-02-10\"\nuntil = \"2015-02-01\"\naction = \"close_leg\"\nlegs = [\"P-I\"]\n",
                 "key 'until'");
    expect_error(head + "date = \"2015-2-10\"\naction = \"close_leg\"\nlegs = [\"P-I\"]\n", "is not a date YYYY-MM-DD");
    expect_error(head + "day = 3\naction = \"set_price\"\nlegs = [\"P-I\"]\nprice = nan\n", "is NaN");
    expect_error(head + "day = 3\naction = \"close_border\"\nbetween = [\"TTT\", \"XXX\"]\n", "no place in state 'XXX'");
    expect_error(head + "day = 3\naction = \"set_price\"\nlegs = [\"P-I\"]\n", "needs either price or factor");
    expect_error(head + "day = 3\naction = \"close_leg\"\nlegs = [\"P-I\"]\nfactor = 2\n", "key 'factor': not used by close_leg");
    expect_error(head + "action = \"close_leg\"\nlegs = [\"P-I\"]\n", "give either date or day");
    expect_error(head + "day = 3\naction = \"set_inflow\"\nfactor = 2\norigins = [\"P\"]\n", "'P' is not an [[origin]]");
}

TEST(ScheduledInterventions, ARunCutShortEndsBeforeLaterActions) {
    const std::string block = "[[intervention]]\nday = 100\naction = \"close_leg\"\nlegs = [\"P-I\"]\n";
    ModelOptions shorter;
    shorter.days = 60;  // as --days 60: the action on day 100 is after the run
    const auto cut = toy_model(block, shorter);
    ASSERT_EQ(cut->interventions.size(), 1u);
    Simulation a(cut);
    a.run();
    Simulation b(toy_model("", shorter));
    b.run();
    EXPECT_TRUE(same_series(a.series(), b.series()));
}

TEST(ScheduledInterventions, RepeatedLegsAndOutOfRangeValuesAreRejected) {
    auto expect_error = [](const std::string& block, const std::string& needle) {
        const std::string msg = input_error(block);
        ASSERT_NE(msg, "") << "accepted: " << block;
        EXPECT_NE(msg.find(needle), std::string::npos) << msg;
    };
    expect_error("[[intervention]]\nday = 3\naction = \"set_price\"\nlegs = [\"P-I\", \"P-I\"]\nfactor = 0.5\n",
                 "leg 'P-I' is listed twice");
    expect_error("[[intervention]]\nday = 3\naction = \"set_hazard\"\nlegs = [\"P-I\"]\nhazard = 0.9995\n", "hazard");
}

TEST(Simulation, StepAfterTheLastDayIsAnError) {
    ModelOptions o;
    o.days = 3;
    Simulation sim(toy_model("", o));
    sim.run();
    EXPECT_THROW(sim.step(), std::logic_error);
}
