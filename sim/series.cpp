#include "sim/series.hpp"

#include <algorithm>
#include <stdexcept>

namespace smugglesim {

const std::array<const char*, kTotalsFields> kTotalsNames = {
    "generated", "waiting", "travelling", "arrived", "dead",
    "missing",   "stranded", "returned",  "intercepted"};

std::uint64_t totals_field(const Totals& t, int i) {
    switch (i) {
        case 0: return t.generated;
        case 1: return t.waiting;
        case 2: return t.travelling;
        case 3: return t.arrived;
        case 4: return t.dead;
        case 5: return t.missing;
        case 6: return t.stranded;
        case 7: return t.returned;
        default: return t.intercepted;
    }
}

void DailySeries::resize(int days_, std::size_t places, std::size_t legs, std::size_t countries) {
    days = days_;
    n_places = places;
    n_legs = legs;
    n_countries = countries;
    const auto d = static_cast<std::size_t>(days_);
    totals.assign(d, Totals{});
    arrivals_by_country.assign(d * countries, 0);
    generated_by_place.assign(d * places, 0);
    waiting_by_place.assign(d * places, 0);
    stranded_by_place.assign(d * places, 0);
    flow_by_leg.assign(d * legs, 0);
    dead_by_leg.assign(d * legs, 0);
    missing_by_leg.assign(d * legs, 0);
    intercepted_by_leg.assign(d * legs, 0);
    queue_by_leg.assign(d * legs, 0);
    paid_by_leg.assign(d * legs, 0.0);
}

DailySeries DailySeries::first_days(int n) const {
    if (n < 0 || n > days) throw std::out_of_range("DailySeries::first_days: n outside [0, days]");
    DailySeries out;
    out.resize(n, n_places, n_legs, n_countries);
    const auto rows = static_cast<std::size_t>(n);
    auto head = [rows](const auto& from, auto& to, std::size_t width) {
        std::copy_n(from.begin(), rows * width, to.begin());
    };
    head(totals, out.totals, 1);
    head(arrivals_by_country, out.arrivals_by_country, n_countries);
    head(generated_by_place, out.generated_by_place, n_places);
    head(waiting_by_place, out.waiting_by_place, n_places);
    head(stranded_by_place, out.stranded_by_place, n_places);
    head(flow_by_leg, out.flow_by_leg, n_legs);
    head(dead_by_leg, out.dead_by_leg, n_legs);
    head(missing_by_leg, out.missing_by_leg, n_legs);
    head(intercepted_by_leg, out.intercepted_by_leg, n_legs);
    head(queue_by_leg, out.queue_by_leg, n_legs);
    head(paid_by_leg, out.paid_by_leg, n_legs);
    return out;
}

}  // namespace smugglesim
