// Phase `record` of the migrants module: end-of-day stocks into the series.
#include <array>

#include "sim/migrants/migrants.hpp"

namespace smugglesim {

void MigrantsModule::record() {
    std::int64_t waiting = 0;
    auto* wrow = w_.series.row<std::uint32_t>(ids_.waiting, day_);
    for (std::size_t p = 0; p < waiting_at_.size(); ++p) {
        waiting += waiting_at_[p];
        wrow[p] = static_cast<std::uint32_t>(waiting_at_[p]);
    }
    totals_.waiting = static_cast<std::uint64_t>(waiting);
    auto* qrow = w_.series.row<std::uint32_t>(ids_.queue, day_);
    for (std::size_t o = 0; o < queues_.size(); ++o) qrow[md_->offers[o].leg] += queues_[o].live;
    const std::array<std::uint64_t, 11> fields = {totals_.generated, totals_.waiting,  totals_.travelling,
                                                  totals_.arrived,   totals_.dead,     totals_.missing,
                                                  totals_.stranded,  totals_.returned, totals_.intercepted,
                                                  totals_.exploited, totals_.bonded};
    for (std::size_t f = 0; f < fields.size(); ++f) *w_.series.row<std::uint64_t>(ids_.totals[f], day_) = fields[f];
    migrant_days_ += totals_.waiting + totals_.travelling;
}

}  // namespace smugglesim
