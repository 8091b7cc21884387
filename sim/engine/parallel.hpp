#pragma once
// Parallel building blocks shared by every module's hot loops. Results never
// depend on the thread count: work is split into fixed chunks and batches, and
// per-chunk counts are merged in chunk order (see docs/architecture.md).
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace smugglesim::par {

// Items per parallel task; results never depend on it.
inline constexpr std::size_t kGrain = 2048;
// Phases work through their items in batches of this size to bound the memory
// of per-item scratch arrays. Results depend on it (it is part of the model's
// definition, like the order of phases) but never on the thread count.
inline constexpr std::size_t kBatch = std::size_t{1} << 16;
// Items per chunk of the counting sorts that merge a batch into queues.
inline constexpr std::size_t kChunk = 4096;
// Events reach records in random order: loops prefetch the record this many
// items ahead to hide memory latency.
inline constexpr std::size_t kPrefetch = 32;

template <class T>
inline void prefetch_write(const T& x) {
    __builtin_prefetch(&x, 1);
}

// f(i) for i in [0, n), on all cores.
template <class F>
void items(std::size_t n, F&& f) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kGrain), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) f(i);
    });
}

// Number of kChunk-sized chunks covering n items.
inline std::size_t chunks(std::size_t n) { return (n + kChunk - 1) / kChunk; }

// Turns per-chunk counts of keys 0..nk-1 (counts[c * stride + key]) into
// write positions, key by key and chunk by chunk in order, so that a stable
// scatter follows; starts[key] is where each key's run begins (starts[nk] =
// the total).
void chunk_positions(std::uint32_t* counts, std::size_t nchunks, std::size_t stride, std::size_t nk,
                     std::vector<std::size_t>& starts);

template <class V>
std::size_t vec_bytes(const V& v) {
    return v.capacity() * sizeof(typename V::value_type);
}

}  // namespace smugglesim::par
