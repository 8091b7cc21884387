// Live mode (viewer/core/live.hpp): a live run and its baseline on a background
// thread, changes from the current day on, restart, save to HDF5.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "io/hdf5_raii.hpp"
#include "sim/engine/series.hpp"
#include "sim/engine/simulation.hpp"
#include "tests/test_helpers.hpp"
#include "viewer/core/live.hpp"

using namespace smugglesim;
using smugglesim::viewer::LiveSession;

namespace {

using smugglesim::testing::eventually;

SeriesSet plain_run(std::shared_ptr<const Model> m) {
    Simulation sim(std::move(m));
    sim.run();
    return sim.series();
}

// The values of series (dim, name), [days][width].
template <class T>
std::vector<T> values_of(const SeriesSet& s, Dim dim, std::string_view name) {
    const auto v = s.values<T>(s.at(dim, name));
    return std::vector<T>(v.begin(), v.end());
}

// Whether two series sets are the same, bit for bit; says where not.
::testing::AssertionResult same_series(const SeriesSet& a, const SeriesSet& b) {
    std::string why;
    if (a.same(b, &why)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << why;
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
    const SeriesSet ref = plain_run(model);
    EXPECT_EQ(values_of<std::uint32_t>(s.live()->series, Dim::Leg, "flow"), values_of<std::uint32_t>(ref, Dim::Leg, "flow"));
    EXPECT_EQ(values_of<std::uint32_t>(s.baseline()->series, Dim::Leg, "flow"),
              values_of<std::uint32_t>(ref, Dim::Leg, "flow"));
    EXPECT_EQ(values_of<std::uint32_t>(s.live()->series, Dim::Place, "waiting"),
              values_of<std::uint32_t>(ref, Dim::Place, "waiting"));
    // And every other series, bit for bit.
    EXPECT_TRUE(same_series(s.live()->series, ref));
    EXPECT_TRUE(same_series(s.baseline()->series, ref));
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
    const SeriesSet ref = plain_run(model);
    const SeriesSet& live = s.live()->series;
    const std::vector<std::uint32_t> ref_flow = values_of<std::uint32_t>(ref, Dim::Leg, "flow");
    const std::vector<std::uint32_t> live_flow = values_of<std::uint32_t>(live, Dim::Leg, "flow");
    const std::size_t nl = ref.width(Dim::Leg);
    ASSERT_EQ(live_flow.size(), ref_flow.size());
    std::uint64_t before = 0, after_ref = 0;
    for (int d = 0; d < ref.days(); ++d) {
        const std::size_t i = static_cast<std::size_t>(d) * nl + leg;
        if (d < 30) {
            ASSERT_EQ(live_flow[i], ref_flow[i]) << d;
            before += live_flow[i];
        } else {
            ASSERT_EQ(live_flow[i], 0u) << d;
            after_ref += ref_flow[i];
        }
    }
    EXPECT_GT(before, 0u);
    EXPECT_GT(after_ref, 0u);
    EXPECT_EQ(values_of<std::uint32_t>(s.baseline()->series, Dim::Leg, "flow"), ref_flow) << "the baseline never changes";
    EXPECT_TRUE(same_series(s.baseline()->series, ref)) << "the baseline never changes";
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
    const SeriesSet ref = plain_run(model);
    EXPECT_EQ(s.live()->total(0, "generated"), smugglesim::testing::at(ref, Dim::Total, "generated", 0));
    EXPECT_GT(s.live()->total(0, "generated"), 0.0);
    EXPECT_TRUE(same_series(s.live()->series.first_days(1), ref.first_days(1)));
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
    const SeriesSet live15 = s.live()->series.first_days(15);
    EXPECT_EQ(values_of<std::uint32_t>(data.series, Dim::Leg, "flow"), values_of<std::uint32_t>(live15, Dim::Leg, "flow"));
    // Every series of the live run, read back by name, bit for bit.
    ASSERT_EQ(data.series.days(), 15);
    EXPECT_EQ(data.series.size(), live15.size());
    for (SeriesId id = 0; id < live15.size(); ++id) {
        const SeriesDecl& d = live15.decl(id);
        const auto got = data.series.find(d.dim, d.name);
        ASSERT_TRUE(got.has_value()) << d.path();
        for (int day = 0; day < 15; ++day)
            for (std::size_t c = 0; c < live15.width(id); ++c)
                ASSERT_EQ(data.series.value(*got, day, c), live15.value(id, day, c)) << d.path() << " day " << day;
    }
    const hid_t f = H5Fopen(path.string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    // The change log, one line per change: the price of I-D set to 99 EUR from day 12.
    const auto log = s.change_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].rfind("day 12: ", 0), 0u) << log[0];
    EXPECT_NE(log[0].find("I-D"), std::string::npos) << log[0];
    EXPECT_NE(log[0].find("99 EUR"), std::string::npos) << log[0];
    EXPECT_EQ(h5::read_string_attr(f, "interventions", "interventions"), log[0] + "\n");
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
    double live_flow = 0, base_flow = 0;
    for (int d = 0; d < 40; ++d) {
        live_flow += s.live()->flow(d, leg);
        base_flow += s.baseline()->flow(d, leg);
    }
    EXPECT_EQ(live_flow, 0.0) << "closed from day 0 of the fresh run";
    EXPECT_GT(base_flow, 0.0);
}

// Regression: play pressed while the next day was not yet due (right after a
// step) left the worker in an untimed wait that nothing woke: the run never
// went on.
TEST(LiveSession, PlayRightAfterAStepGoesOn) {
    LiveSession s(smugglesim::testing::toy_model());
    s.set_days_per_second(1.0);  // the next day is due a second after a step
    s.step_day();
    ASSERT_TRUE(eventually([&] { return s.day() == 1; }));
    s.play();
    EXPECT_TRUE(eventually([&] { return s.day() >= 2; })) << "playing, but no day followed";
    s.pause();
}
