#include "sim/series.hpp"

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

}  // namespace smugglesim
