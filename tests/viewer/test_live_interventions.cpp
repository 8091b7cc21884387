// The viewer's live changes are interventions: a live run's change log saved
// as [[intervention]] blocks and given to `smugglesim run --intervention`
// reproduces the live run bit for bit (the command line's own code path:
// load_model + run_model).
#include <gtest/gtest.h>

#include <hdf5.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <thread>

#include "app/run.hpp"
#include "io/hdf5_raii.hpp"
#include "tests/temp_dir.hpp"
#include "tests/test_helpers.hpp"
#include "viewer/core/live.hpp"

using namespace smugglesim;

using smugglesim::testing::eventually;

TEST(LiveInterventions, SavedChangeLogReproducesTheLiveRunFromTheCommandLine) {
    smugglesim::testing::TempDir dir;
    RunOptions opts;
    opts.scenario = std::filesystem::path(SMUGGLESIM_SOURCE_DIR) / "scenarios/default.toml";
    opts.days = 120;
    opts.migrants_scale = 0.3;  // capacities are held unscaled in actions: a scale other than 1 must round-trip too
    opts.threads = 2;
    const auto model = load_model(opts);
    const auto leg = [&](const char* id) { return model->network->find_leg(id).value(); };

    viewer::LiveSession live(model, 2);
    //live.set_days_per_second(0);
    auto advance_to = [&](int day) {
        live.play_until(day);
        ASSERT_TRUE(eventually([&] { return live.day() == day && !live.playing(); })) << "day " << live.day() << " " << live.error();
    };
    advance_to(20);
    Settings s = live.settings();
    s.legs[leg("ZUWARA-LAMPEDUSA-BOAT")].open = false;
    s.legs[leg("AYVALIK-LESBOS-DINGHY")].capacity *= 0.37;
    live.apply(s);
    advance_to(45);
    s.legs[leg("SABRATHA-LAMPEDUSA-DINGHY")].price = 1234.5;
    s.legs[leg("SABRATHA-LAMPEDUSA-DINGHY")].hazard = 0.0271;
    s.inflow_factor = 1.3;
    live.apply(s);
    advance_to(80);
    s.legs[leg("ZUWARA-LAMPEDUSA-BOAT")].open = true;
    live.apply(s);
    advance_to(120);
    ASSERT_TRUE(live.finished());
    ASSERT_EQ(live.change_log().size(), 6u);

    const auto file = dir.path() / "live.interventions.toml";
    live.save_interventions(file);
    RunOptions cli = opts;
    cli.interventions = {std::filesystem::path(file)};
    const RunResult r = run_model(load_model(cli), cli);
    ASSERT_EQ(r.model->interventions.size(), model->interventions.size() + 6);  // the scenario's own (2016, after this run) and the live ones
    std::string why;
    EXPECT_TRUE(live.live()->series.same(r.sim->series(), &why)) << why;
    // And the changes mattered: the live run is not the baseline.
    EXPECT_FALSE(live.live()->series.same(live.baseline()->series));
    // The results file records them as a table.
    EXPECT_EQ(r.meta.actions.size(), 6u);
    EXPECT_EQ(r.meta.actions.front().action, "set_capacity");  // actions_between: leg by leg in leg order
    EXPECT_EQ(r.meta.actions.front().day, 20);
}

// The panel shows the live run's legs as they are (scheduled interventions
// included); a live inflow change scales the scenario's own inflow (it does
// not replace a scheduled per-origin factor), a new one ends the previous, and
// the saved change log still reproduces the run.
TEST(LiveInterventions, LiveChangesOnTopOfScheduledOnes) {
    const std::string scheduled = R"(
[[intervention]]
day = 2
action = "set_inflow"
origins = ["A"]
factor = 0.5

[[intervention]]
day = 5
action = "close_leg"
legs = ["P-I"]
)";
    const auto model = smugglesim::testing::toy_model(scheduled);
    const auto cheap = model->network->find_leg("P-I").value();
    viewer::LiveSession live(model, 1);
    live.set_days_per_second(0);
    auto advance_to = [&](int day) {
        live.play_until(day);
        ASSERT_TRUE(eventually([&] { return live.day() == day && !live.playing(); })) << live.error();
    };
    advance_to(8);
    Settings s = live.settings();
    EXPECT_FALSE(s.legs[cheap].open) << "the panel shows the scheduled closure";
    s.inflow_factor = 2.0;
    live.apply(s);
    live.step_day();
    ASSERT_TRUE(eventually([&] { return live.day() == 9; }));
    s = live.settings();
    s.inflow_factor = 3.0;  // ends the x2 on day 9, starts x3
    live.apply(s);
    s.inflow_factor = 1.0;  // before another day: back to the scenario's inflow
    live.apply(s);
    advance_to(12);
    s = live.settings();
    s.inflow_factor = 0.25;
    live.apply(s);
    advance_to(30);
    EXPECT_EQ(live.error(), "");
    const std::string toml = live.interventions_toml();
    EXPECT_EQ(live.change_log().size(), 2u) << toml;  // x2 from day 8 to 9, x0.25 from day 12
    const auto replay = smugglesim::testing::toy_model(scheduled + toml);
    ASSERT_EQ(replay->interventions.size(), 4u) << toml;
    EXPECT_EQ(replay->interventions[2].until, 9) << toml;
    Simulation sim(replay);
    while (sim.day() < 30) sim.step();
    std::string why;
    EXPECT_TRUE(live.live()->series.first_days(30).same(sim.series().first_days(30), &why)) << why;
    // The scheduled x0.5 on origin A still acts under the live x0.25: A's inflow is x0.125.
    EXPECT_DOUBLE_EQ(sim.world().inflow_factor[0], 0.125);
}

// Removing a group, and some members of another, from the viewer's live run:
// the removals are actions in the change log like the other live changes, the
// saved log reproduces the live run bit for bit from the command line, and the
// results file records them.
TEST(LiveInterventions, RemovedGroupsReplayFromTheCommandLine) {
    smugglesim::testing::TempDir dir;
    RunOptions opts;
    opts.scenario = std::filesystem::path(SMUGGLESIM_SOURCE_DIR) / "scenarios/default.toml";
    opts.days = 90;
    opts.migrants_scale = 0.3;
    opts.threads = 2;
    const auto model = load_model(opts);
    ASSERT_TRUE(model->organisations);

    viewer::LiveSession live(model, 2);
    auto advance_to = [&](int day) {
        live.play_until(day);
        ASSERT_TRUE(eventually([&] { return live.day() == day && !live.playing(); })) << "day " << live.day() << " " << live.error();
    };
    advance_to(25);
    // The group that served most so far, and the next one.
    const auto snap = live.live();
    const SeriesSet& s = snap->series;
    std::vector<double> served = s.run_totals(s.at(Dim::Ocg, "served"), snap->days_done);
    std::vector<std::uint32_t> order(served.size());
    for (std::uint32_t g = 0; g < order.size(); ++g) order[g] = g;
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return served[a] > served[b]; });
    const std::uint32_t big = order.at(0), next = order.at(1);
    ASSERT_GT(served[big], 0.0);

    Action out;
    out.kind = ActionKind::RemoveOcg;
    out.ocg = big;
    live.remove(out);
    Action some;
    some.kind = ActionKind::RemoveMembers;
    some.ocg = next;
    some.role = 2;  // transporter
    some.count = 3;
    Action bad = some;
    bad.count = 0;
    EXPECT_THROW(live.remove(bad), std::invalid_argument);
    Action not_a_removal;
    not_a_removal.kind = ActionKind::CloseLeg;
    not_a_removal.legs = {0};
    EXPECT_THROW(live.remove(not_a_removal), std::invalid_argument);
    advance_to(50);
    live.remove(some);
    advance_to(90);
    ASSERT_TRUE(live.finished());
    const auto log = live.change_log();
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0], "day 25: remove group " + model->ocg_names[big] + " (every member)");
    EXPECT_EQ(log[1], "day 50: remove 3 transporter members of group " + model->ocg_names[next]);
    // The removed group serves nobody from the day after its removal.
    const SeriesSet& after = live.live()->series;
    for (int d = 26; d < 90; ++d) ASSERT_EQ(after.value(after.at(Dim::Ocg, "served"), d, big), 0.0) << d;

    const auto file = dir.path() / "live.interventions.toml";
    live.save_interventions(file);
    RunOptions cli = opts;
    cli.interventions = {std::filesystem::path(file)};
    cli.output = dir.path() / "replay.h5";
    const RunResult r = run_model(load_model(cli), cli);
    std::string why;
    EXPECT_TRUE(live.live()->series.same(r.sim->series(), &why)) << why;
    EXPECT_FALSE(live.live()->series.same(live.baseline()->series));
    ASSERT_EQ(r.meta.actions.size(), 2u);
    EXPECT_EQ(r.meta.actions[0].action, "remove_ocg");
    EXPECT_EQ(r.meta.actions[0].parameters, "ocg=" + model->ocg_names[big]);
    EXPECT_EQ(r.meta.actions[1].action, "remove_members");
    EXPECT_EQ(r.meta.actions[1].day, 50);
    // The saved live run records them too.
    const auto saved = dir.path() / "live.h5";
    live.save(saved);
    const h5::ErrorSilencer quiet;
    h5::File f(H5Fopen(saved.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "live.h5", "H5Fopen");
    EXPECT_EQ(h5::read_string_attr(f.id(), "interventions", "interventions"), log[0] + "\n" + log[1] + "\n");
}
