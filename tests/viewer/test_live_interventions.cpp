// The viewer's live changes are interventions: a live run's change log saved
// as [[intervention]] blocks and given to `smugglesim run --intervention`
// reproduces the live run bit for bit (the command line's own code path:
// load_model + run_model).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "app/run.hpp"
#include "tests/temp_dir.hpp"
#include "viewer/core/live.hpp"

using namespace smugglesim;

namespace {

bool wait_for(const std::function<bool()>& cond) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < end) {
        if (cond()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return cond();
}

}  // namespace

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
        ASSERT_TRUE(wait_for([&] { return live.day() == day && !live.playing(); })) << "day " << live.day() << " " << live.error();
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
