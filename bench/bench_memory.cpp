// The machine's ceiling for this kind of work: read-modify-write of 16-byte
// records in random order (as the simulation's events do), with the same
// prefetching, on 1 and 2 threads. Compare its 1 -> 2 thread speedup with
// the simulation's (docs/performance.md).
#include <benchmark/benchmark.h>
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <cstdint>
#include <random>
#include <vector>

#include "sim/migrants/records.hpp"

namespace {

void RandomRecordUpdates(benchmark::State& state) {
    const std::size_t n_records = 2'000'000, n_updates = 20'000'000;
    smugglesim::RemapArray<smugglesim::Migrant> recs(n_records, smugglesim::Migrant{0, 0, 0.0f, 0, 0, 0});
    std::vector<std::uint32_t> order(n_updates);
    std::mt19937 gen(1);
    for (auto& x : order) x = static_cast<std::uint32_t>(gen() % n_records);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n_updates, 2048), [&](const tbb::blocked_range<std::size_t>& r) {
            for (std::size_t i = r.begin(); i != r.end(); ++i) {
                if (i + 32 < n_updates) __builtin_prefetch(&recs[order[i + 32]], 1);
                smugglesim::Migrant& m = recs[order[i]];
                m.qseq += m.leg ^ static_cast<std::uint32_t>(i);
                m.money += 1.0f;
            }
        });
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n_updates));
}

}  // namespace

BENCHMARK(RandomRecordUpdates)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
