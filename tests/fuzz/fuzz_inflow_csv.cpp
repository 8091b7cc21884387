// Fuzz target: the CSV of an origin's daily rates ([[origin]] rate_series).
#include <cmath>
#include <string>
#include <vector>

#include "config/scenario_toml.hpp"
#include "fuzz_target.hpp"
#include "sim/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace smugglesim;
    try {
        const std::vector<double> rates = parse_rate_series(fuzz::as_text(data, size), "fuzz.csv");
        // What the parser promises to the model: one finite rate in [0, 1e7] per day.
        if (rates.empty()) fuzz::finding("an accepted series has no rows");
        for (double r : rates)
            if (!std::isfinite(r) || r < 0 || r > 1e7) fuzz::finding("an accepted rate is out of range");
    } catch (const InputError& e) {
        fuzz::expect_message(e.what());
    }
    return 0;
}
