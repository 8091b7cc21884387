// Fuzz target: scenario TOML, [[intervention]] blocks included, as `smugglesim
// run` reads it: parsed, resolved against a network (the unit tests' toy
// network: places A, P, I, I2, D, S; countries AAA, TTT, GGG, DEU, SWE), and, if
// accepted, run for a few days with every module's invariant checks. The same
// text is also read as an `--intervention` file. Relative paths resolve against
// the repository's scenarios/ directory, as for scenarios/default.toml; a table
// of groups ([organisations] groups_file) is read as `smugglesim run` reads it
// (its own target, ocg_layer, fuzzes the table's bytes).
#include <algorithm>
#include <exception>
#include <memory>
#include <string>

#include "config/scenario_toml.hpp"
#include "fuzz_sim.hpp"
#include "fuzz_target.hpp"
#include "geo/ocg_layer.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/errors.hpp"
#include "sim/model.hpp"
#include "tests/test_helpers.hpp"

namespace {

using namespace smugglesim;

// Keeps one input's run small: at most this many days and expected migrants.
constexpr int kMaxDays = 6;
constexpr double kMaxMigrants = 20000;

void run_briefly(const std::shared_ptr<const Model>& model) {
    double expected = 0;
    for (const OriginModel& o : model->origins)
        for (int d = 0; d < model->days; ++d) expected += o.rate(d);
    if (!(expected <= kMaxMigrants)) return;
    Simulation sim(model);
    // Interventions can multiply the inflow: stop once the run holds more
    // migrants than the limit (a day after at most).
    while (!sim.done() && static_cast<double>(testing::totals(sim).generated) <= kMaxMigrants)
        fuzz::step_checked(sim);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(fuzz::as_text(data, size));
    try {
        Scenario sc = parse_scenario(text, SMUGGLESIM_FUZZ_SCENARIO_DIR, "fuzz.toml");
        geo::load_ocg_layer(sc);  // [organisations] groups_file, as load_model reads it
        ModelOptions opts;
        opts.days = std::min(sc.days, kMaxDays);
        run_briefly(build_model(std::move(sc), testing::toy_network(), opts));
    } catch (const InputError& e) {
        fuzz::expect_message(e.what());
    }
    try {
        (void)parse_interventions(text, "fuzz-interventions.toml");
    } catch (const InputError& e) {
        fuzz::expect_message(e.what());
    }
    return 0;
}
