// Phase `generate` of the migrants module: new migrants appear at origins, a
// Poisson number per origin and day (the origin's rate, or its daily series,
// times the origin's running inflow factor), each with a destination, a budget
// and documents drawn from its own random stream.
#include <limits>
#include <random>
#include <stdexcept>

#include "sim/engine/parallel.hpp"
#include "sim/migrants/migrants.hpp"

namespace smugglesim {

void MigrantsModule::generate() {
    const Model& md = *md_;
    const int day = day_;
    const auto d = static_cast<std::uint32_t>(day);
    const double daily_cost = md.scenario.travel.daily_cost_eur;
    std::vector<std::uint32_t> counts(md.origins.size(), 0);
    std::size_t total = 0;
    for (std::size_t o = 0; o < md.origins.size(); ++o) {
        const double rate = md.origins[o].rate(day) * w_.inflow_factor[o];
        if (rate <= 0) continue;
        auto urng = rng::urng(key_, o, d, rng::Purpose::GenerateCount);
        std::poisson_distribution<std::uint32_t> pd(rate);
        counts[o] = pd(urng);
        total += counts[o];
    }
    if (total == 0) return;
    if (totals_.generated + total > std::numeric_limits<std::uint32_t>::max())
        throw std::runtime_error("more than 4 294 967 295 migrants generated in one run: reduce days or --migrants-scale");
    m_.allocate(total, scratch_);
    std::vector<std::uint16_t> origin_of(total);
    std::size_t k = 0;
    for (std::size_t o = 0; o < counts.size(); ++o)
        for (std::uint32_t i = 0; i < counts[o]; ++i) origin_of[k++] = static_cast<std::uint16_t>(o);

    par::items(total, [&](std::size_t i) {
        if (i + par::kPrefetch < total) par::prefetch_write(m_[scratch_[i + par::kPrefetch]]);  // recycled slots: random places
        const OriginModel& om = md.origins[origin_of[i]];
        const std::uint32_t s = scratch_[i];
        const auto w = rng::words(key_, s, d, rng::Purpose::MigrantInit);
        const double ud = rng::u01(w[0]), uc = rng::u01(w[1]);
        std::size_t di = 0;
        while (di + 1 < om.dest_cdf.size() && ud > om.dest_cdf[di]) ++di;
        unsigned doc = 0;
        while (doc + 1 < kDocStatusCount && uc > om.doc_cdf[doc]) ++doc;
        Migrant& m = m_[s];
        m_.origin[s] = origin_of[i];
        // Taste: its own draw, so tastes change nothing else of a migrant.
        const double ut = rng::u01(rng::words(key_, s, d, rng::Purpose::Taste)[0]);
        const double* ts = md.scenario.choice.taste_share;
        const unsigned taste = ut <= ts[0] ? 1u : ut <= ts[0] + ts[1] ? 2u : ut <= ts[0] + ts[1] + ts[2] ? 3u : 0u;
        m.where = static_cast<std::uint16_t>((taste << 14) | om.place);
        m.leg = kNoLeg;
        m.qseq = 0;
        m.money = static_cast<float>(std::exp(om.log_money_median + om.money_sigma * rng::normal(w[2], w[3])) +
                                     daily_cost * d);
        m.dest = om.dest[di];
        m.flags = static_cast<std::uint8_t>(doc);
        m.set_status(MigrantStatus::Choosing);
    });
    due_.insert(due_.end(), scratch_.begin(), scratch_.end());
    std::uint32_t* gen_row = w_.series.row<std::uint32_t>(ids_.generated, day);
    for (std::size_t o = 0; o < counts.size(); ++o) {
        gen_row[md.origins[o].place] += counts[o];
        waiting_at_[md.origins[o].place] += counts[o];
    }
    totals_.generated += total;
}

}  // namespace smugglesim
