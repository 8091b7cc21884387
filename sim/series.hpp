#pragma once
// Daily time series recorded by the `record` phase; row-major [day][item].
// Sizes are fixed at the start of a run (days x items), so the output layout
// never grows with the number of steps: one dataset per quantity.
#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace smugglesim {

// Stocks and cumulative flows for the whole system, one value per day.
// Conservation: generated == waiting + travelling + arrived + dead + missing
//                              + stranded + returned   (every day, end of day)
struct Totals {
    std::uint64_t generated = 0;   // cumulative
    std::uint64_t waiting = 0;     // stock: at a place, queued for a leg or about to choose
    std::uint64_t travelling = 0;  // stock: on a leg
    std::uint64_t arrived = 0;     // cumulative: reached the preferred destination state
    std::uint64_t dead = 0;        // cumulative
    std::uint64_t missing = 0;     // cumulative
    std::uint64_t stranded = 0;    // cumulative: out of money or of onward options
    std::uint64_t returned = 0;    // cumulative: intercepted and returned to origin
    std::uint64_t intercepted = 0; // cumulative interceptions (returned or pushed back)
};

inline constexpr int kTotalsFields = 9;
// Field names in Totals order (HDF5 dataset names under /series/totals).
extern const std::array<const char*, kTotalsFields> kTotalsNames;
std::uint64_t totals_field(const Totals& t, int i);

struct DailySeries {
    int days = 0;
    std::size_t n_places = 0, n_legs = 0, n_countries = 0;

    std::vector<Totals> totals;                      // [day]
    std::vector<std::uint32_t> arrivals_by_country;  // [day][country] new arrivals that day
    std::vector<std::uint32_t> generated_by_place;   // [day][place]   new migrants that day
    std::vector<std::uint32_t> waiting_by_place;     // [day][place]   stock at end of day
    std::vector<std::uint32_t> stranded_by_place;    // [day][place]   new stranded that day
    std::vector<std::uint32_t> flow_by_leg;          // [day][leg]     boarded that day
    std::vector<std::uint32_t> dead_by_leg;          // [day][leg]     died that day
    std::vector<std::uint32_t> missing_by_leg;       // [day][leg]
    std::vector<std::uint32_t> intercepted_by_leg;   // [day][leg]
    std::vector<std::uint32_t> queue_by_leg;         // [day][leg]     queued at end of day
    std::vector<double> paid_by_leg;                 // [day][leg]     EUR paid that day

    void resize(int days_, std::size_t places, std::size_t legs, std::size_t countries);
    // A copy of the first `n` days (0 <= n <= days), e.g. of a run stopped early.
    DailySeries first_days(int n) const;
};

// Totals over all days of a [day][n] series, one per column, summed in day order.
template <class T>
std::vector<std::conditional_t<std::is_floating_point_v<T>, double, std::uint64_t>> column_totals(
    const std::vector<T>& series, std::size_t n) {
    std::vector<std::conditional_t<std::is_floating_point_v<T>, double, std::uint64_t>> out(n, 0);
    for (std::size_t i = 0; i < series.size(); ++i) out[i % n] += series[i];
    return out;
}

}  // namespace smugglesim
