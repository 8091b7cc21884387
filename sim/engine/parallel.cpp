#include "sim/engine/parallel.hpp"

namespace smugglesim::par {

void chunk_positions(std::uint32_t* counts, std::size_t nchunks, std::size_t stride, std::size_t nk,
                     std::vector<std::size_t>& starts) {
    starts.assign(nk + 1, 0);
    std::size_t acc = 0;
    for (std::size_t key = 0; key < nk; ++key) {
        starts[key] = acc;
        for (std::size_t c = 0; c < nchunks; ++c) {
            const std::uint32_t k = counts[c * stride + key];
            counts[c * stride + key] = static_cast<std::uint32_t>(acc);
            acc += k;
        }
    }
    starts[nk] = acc;
}

}  // namespace smugglesim::par
