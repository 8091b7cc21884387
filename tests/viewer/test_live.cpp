// Live mode (viewer/core/live.hpp): a live run and its baseline on a background
// thread, changes from the current day on, restart, save to HDF5.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "sim/hdf5_raii.hpp"
#include "sim/engine/simulation.hpp"
#include "tests/test_helpers.hpp"
#include "viewer/core/live.hpp"

using namespace smugglesim;
using smugglesim::viewer::LiveSession;

namespace {

// Waits (without asserting anything about speed) until `cond` holds; fails
// after a generous limit so that a hang does not stall the test run.
bool eventually(const std::function<bool()>& cond) {
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!cond()) {
        if (std::chrono::steady_clock::now() > limit) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

DailySeries plain_run(std::shared_ptr<const Model> m) {
    Simulation sim(std::move(m));
    sim.run();
    return sim.series();
}

}  // namespace

TEST(LiveSession, StartsPausedAndStepsOneDayAtATime) {
    LiveSession s(smugglesim::testing::toy_model());
    EXPECT_FALSE(s.playing());
    EXPECT_EQ(s.day(), 0);
    EXPECT_EQ(s.live()->days_done, 0);
    const auto v0 = s.version();
    s.step_day();
    s.step_day();
    ASSERT_TRUE(eventually([&] { return s.live()->days_done == 2; }));
    EXPECT_EQ(s.day(), 2);
    EXPECT_EQ(s.baseline()->days_done, 2);
    EXPECT_GT(s.version(), v0);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(s.day(), 2) << "a paused session does not run on";
}

TEST(LiveSession, UntouchedLiveRunEqualsBaselineAndAPlainRun) {
    auto model = smugglesim::testing::toy_model();
    LiveSession s(model);
    s.set_days_per_second(0);  // as fast as possible
    s.play();
    ASSERT_TRUE(eventually([&] { return s.finished() && s.live()->days_done == model->days; }));
    EXPECT_FALSE(s.playing());
    const DailySeries ref = plain_run(model);
    EXPECT_EQ(s.live()->series.flow_by_leg, ref.flow_by_leg);
    EXPECT_EQ(s.baseline()->series.flow_by_leg, ref.flow_by_leg);
    EXPECT_EQ(s.live()->series.waiting_by_place, ref.waiting_by_place);
    EXPECT_TRUE(s.change_log().empty());
    EXPECT_TRUE(s.error().empty());
}

TEST(LiveSession, ChangesActOnTheLiveRunFromTheCurrentDayOnly) {
    auto model = smugglesim::testing::toy_model();
    LiveSession s(model);
    for (int i = 0; i < 30; ++i) s.step_day();
    ASSERT_TRUE(eventually([&] { return s.live()->days_done == 30; }));
    const auto leg = *model->network->find_leg("P-I");
    Settings st = s.settings();
    st.legs[leg].open = false;
    s.apply(st);
    EXPECT_FALSE(s.settings().legs[leg].open);
    s.set_days_per_second(0);
    s.play();
    ASSERT_TRUE(eventually([&] { return s.finished() && s.live()->days_done == model->days; }));
    const auto log = s.change_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0], "day 30: close leg P-I");
    const DailySeries ref = plain_run(model);
    const DailySeries& live = s.live()->series;
    const std::size_t nl = ref.n_legs;
    std::uint64_t before = 0, after_ref = 0;
    for (int d = 0; d < ref.days; ++d) {
        const std::size_t i = static_cast<std::size_t>(d) * nl + leg;
        if (d < 30) {
            ASSERT_EQ(live.flow_by_leg[i], ref.flow_by_leg[i]) << d;
            before += live.flow_by_leg[i];
        } else {
            ASSERT_EQ(live.flow_by_leg[i], 0u) << d;
            after_ref += ref.flow_by_leg[i];
        }
    }
    EXPECT_GT(before, 0u);
    EXPECT_GT(after_ref, 0u);
    EXPECT_EQ(s.baseline()->series.flow_by_leg, ref.flow_by_leg) << "the baseline never changes";
}

TEST(LiveSession, BadSettingsAreRejectedAndChangeNothing) {
    LiveSession s(smugglesim::testing::toy_model());
    Settings st = s.settings();
    st.legs[0].capacity = -5;
    EXPECT_THROW(s.apply(st), std::invalid_argument);
    EXPECT_EQ(s.settings(), s.scenario_settings());
}

TEST(LiveSession, RestartGoesBackToDayZeroWithTheScenarioSettings) {
    auto model = smugglesim::testing::toy_model();
    LiveSession s(model);
    Settings st = s.settings();
    st.inflow_factor = 0.5;
    s.apply(st);
    for (int i = 0; i < 5; ++i) s.step_day();
    ASSERT_TRUE(eventually([&] { return s.live()->days_done == 5; }));
    EXPECT_EQ(s.change_log().size(), 1u);
    s.restart();
    ASSERT_TRUE(eventually([&] { return s.live()->days_done == 0 && s.day() == 0; }));
    EXPECT_TRUE(s.change_log().empty());
    EXPECT_EQ(s.settings(), s.scenario_settings());
    s.step_day();
    ASSERT_TRUE(eventually([&] { return s.live()->days_done == 1; }));
    const DailySeries ref = plain_run(model);
    EXPECT_EQ(s.live()->series.totals[0].generated, ref.totals[0].generated);
}

TEST(LiveSession, SavesTheDaysSoFarWithTheChangeLog) {
    auto model = smugglesim::testing::toy_model();
    LiveSession s(model);
    const auto path = std::filesystem::temp_directory_path() / "smugglesim_test_live_save.h5";
    std::filesystem::remove(path);
    EXPECT_THROW(s.save(path), std::runtime_error) << "nothing simulated yet";
    EXPECT_FALSE(std::filesystem::exists(path));
    for (int i = 0; i < 12; ++i) s.step_day();
    ASSERT_TRUE(eventually([&] { return s.live()->days_done == 12; }));
    Settings st = s.settings();
    st.legs[*model->network->find_leg("I-D")].price = 99;
    s.apply(st);
    for (int i = 0; i < 3; ++i) s.step_day();
    ASSERT_TRUE(eventually([&] { return s.live()->days_done == 15; }));
    s.save(path);

    const auto data = viewer::load_run_file(path);
    EXPECT_EQ(data.days, 15);
    EXPECT_EQ(data.series.flow_by_leg, s.live()->series.first_days(15).flow_by_leg);
    const hid_t f = H5Fopen(path.string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    EXPECT_EQ(h5::read_string_attr(f, "interventions", "interventions"), "day 12: leg I-D price 1500 -> 99 EUR\n");
    H5Fclose(f);
    std::filesystem::remove(path);
}

TEST(LiveSession, PlayUntilStopsExactlyThere) {
    auto model = smugglesim::testing::toy_model();
    LiveSession s(model);
    s.set_days_per_second(0);
    s.play_until(17);
    ASSERT_TRUE(eventually([&] { return !s.playing() && s.live()->days_done == 17; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(s.day(), 17);
    EXPECT_EQ(s.live()->days_done, 17);
}

TEST(LiveSession, ChangesRightAfterRestartActOnTheFreshRuns) {
    auto model = smugglesim::testing::toy_model();
    LiveSession s(model);
    for (int i = 0; i < 5; ++i) s.step_day();
    ASSERT_TRUE(eventually([&] { return s.live()->days_done == 5; }));
    const auto leg = *model->network->find_leg("P-I");
    s.restart();
    EXPECT_EQ(s.settings(), s.scenario_settings()) << "reset at once, not when the worker gets to it";
    EXPECT_TRUE(s.change_log().empty());
    Settings st = s.settings();
    st.legs[leg].open = false;
    s.apply(st);  // before the worker has rebuilt the runs
    s.set_days_per_second(0);
    s.play_until(40);
    ASSERT_TRUE(eventually([&] { return !s.playing() && s.live()->days_done == 40; }));
    EXPECT_FALSE(s.settings().legs[leg].open);
    const auto log = s.change_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0], "day 0: close leg P-I");
    std::uint64_t live_flow = 0, base_flow = 0;
    for (int d = 0; d < 40; ++d) {
        live_flow += s.live()->flow(d, leg);
        base_flow += s.baseline()->flow(d, leg);
    }
    EXPECT_EQ(live_flow, 0u) << "closed from day 0 of the fresh run";
    EXPECT_GT(base_flow, 0u);
}
