// Throughput and memory of a year of the default scenario (with and without
// its organised crime groups), scaled so that
// about a million migrants are in the system on an average day.
//   build/bench/smugglesim_bench --benchmark_filter='Year/threads:2'
// Environment: SMUGGLESIM_BENCH_SCALE (migrants scale, default below),
// SMUGGLESIM_BENCH_SCENARIO (default: scenarios/default.toml).
// Counters: migrant_days_per_s (a migrant counts once per day it is in the
// system), mean_in_system, peak_in_system, peak_rss_bytes_per_migrant
// (process peak RSS / peak migrants in the system) and state_bytes_per_migrant.
// Run each thread count in its own process (bench/run.sh) so peak RSS is its own.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "app/run.hpp"
#include "sim/migrants/migrants.hpp"

namespace {

constexpr double kDefaultScale = 12.0;

double bench_scale() {
    const char* s = std::getenv("SMUGGLESIM_BENCH_SCALE");
    return s ? std::atof(s) : kDefaultScale;
}

std::string bench_scenario() {
    const char* s = std::getenv("SMUGGLESIM_BENCH_SCENARIO");
    return s ? s : SMUGGLESIM_SOURCE_DIR "/scenarios/default.toml";
}

double peak_rss_bytes() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) * 1024.0;  // Linux: kilobytes
}

// The year with the scenario's organised crime groups (`organisations`: 1) or
// without them (0: every leg its own service, as before the organisations module).
void run_year(benchmark::State& state, bool organisations) {
    smugglesim::RunOptions opts;
    opts.scenario = bench_scenario();
    opts.edit_scenario = [organisations](smugglesim::Scenario& sc) {
        sc.organisations.enabled = sc.organisations.enabled && organisations;
    };
    opts.migrants_scale = bench_scale();
    opts.threads = static_cast<int>(state.range(0));
    opts.days = 365;  // the first year (2015), whatever the scenario's length: figures stay comparable
    auto model = smugglesim::load_model(opts);
    std::uint64_t migrant_days = 0, peak = 0;
    double seconds = 0, state_bytes = 0;
    for (auto _ : state) {
        auto r = smugglesim::run_model(model, opts, [&](int, const smugglesim::Simulation& sim) {
            peak = std::max(peak, sim.module<smugglesim::MigrantsModule>().in_system());
        });
        migrant_days = r.sim->module<smugglesim::MigrantsModule>().migrant_days();
        seconds = r.meta.wall_seconds;
        state_bytes = static_cast<double>(r.sim->state_bytes());
    }
    const double days = model->days;
    state.counters["migrant_days_per_s"] = static_cast<double>(migrant_days) / seconds;
    state.counters["mean_in_system"] = static_cast<double>(migrant_days) / days;
    state.counters["peak_in_system"] = static_cast<double>(peak);
    state.counters["peak_rss_bytes_per_migrant"] = peak_rss_bytes() / static_cast<double>(std::max<std::uint64_t>(peak, 1));
    state.counters["state_bytes_per_migrant"] = state_bytes / static_cast<double>(std::max<std::uint64_t>(peak, 1));
    state.counters["scale"] = opts.migrants_scale;
}

void Year(benchmark::State& state) { run_year(state, true); }
void YearWithoutOrganisations(benchmark::State& state) { run_year(state, false); }

}  // namespace

BENCHMARK(Year)->ArgName("threads")->Arg(1)->Arg(2)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);
BENCHMARK(YearWithoutOrganisations)->ArgName("threads")->Arg(1)->Arg(2)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);
BENCHMARK_MAIN();
