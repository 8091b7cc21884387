#include "viewer/core/ocgs.hpp"

#include <algorithm>
#include <numeric>

namespace smugglesim::viewer {

OcgIndex ocg_index(const RunData& run) {
    OcgIndex ix;
    const SeriesSet& s = run.series;
    const auto leg = s.refs(Dim::Offer, Dim::Leg), ocg = s.refs(Dim::Offer, Dim::Ocg);
    const std::size_t n_legs = s.width(Dim::Leg), n_ocgs = s.width(Dim::Ocg);
    if (leg.empty() || leg.size() != ocg.size() || s.labels(Dim::Ocg).size() != n_ocgs) return ix;
    ix.names = s.labels(Dim::Ocg);
    ix.offer_leg.assign(leg.begin(), leg.end());
    ix.offer_ocg.assign(ocg.begin(), ocg.end());
    ix.leg_offers.assign(n_legs, {});
    ix.ocg_offers.assign(n_ocgs, {});
    for (std::uint32_t o = 0; o < ix.offers(); ++o) {
        // SeriesSet::set_refs keeps references within the dimensions' widths.
        if (ix.offer_leg[o] >= 0) ix.leg_offers[static_cast<std::size_t>(ix.offer_leg[o])].push_back(o);
        if (ix.offer_ocg[o] >= 0) ix.ocg_offers[static_cast<std::size_t>(ix.offer_ocg[o])].push_back(o);
    }
    return ix;
}

std::vector<double> cumulative_boardings(const RunData& run) {
    const SeriesView b = run.view(Dim::Offer, "boardings");
    if (!b) return {};
    const std::size_t n = run.series.width(Dim::Offer);
    const auto days = static_cast<std::size_t>(std::clamp(run.days_done, 0, run.series.days()));
    std::vector<double> cum(days * n);
    for (std::size_t d = 0; d < days; ++d)
        for (std::size_t o = 0; o < n; ++o)
            cum[d * n + o] = b(static_cast<int>(d), o) + (d > 0 ? cum[(d - 1) * n + o] : 0.0);
    return cum;
}

namespace {
// Boardings of offer `o` over days [first, last] from the cumulative counts.
double carried(std::span<const double> cum, std::size_t n, std::uint32_t o, int first, int last) {
    const auto at = [&](int d) { return d < 0 ? 0.0 : cum[static_cast<std::size_t>(d) * n + o]; };
    return at(last) - at(first - 1);
}
}  // namespace

std::vector<std::int32_t> dominant_groups(const OcgIndex& ix, std::span<const double> cum, std::size_t legs, int first,
                                          int last) {
    std::vector<std::int32_t> out(legs, kNoFlow);
    const std::size_t n = ix.offers();
    if (n == 0 || cum.size() % n != 0) return out;
    last = std::min(last, static_cast<int>(cum.size() / n) - 1);
    first = std::max(first, 0);
    if (last < first) return out;
    for (std::size_t l = 0; l < legs && l < ix.leg_offers.size(); ++l) {
        double best = 0.0;
        for (const std::uint32_t o : ix.leg_offers[l]) {
            const double v = carried(cum, n, o, first, last);
            if (v > best) {
                best = v;
                out[l] = ix.offer_ocg[o] >= 0 ? ix.offer_ocg[o] : kOwnService;
            }
        }
    }
    return out;
}

std::vector<std::uint32_t> groups_by_boardings(const OcgIndex& ix, std::span<const double> cum, int last) {
    const std::size_t n = ix.offers();
    std::vector<double> total(ix.names.size(), 0.0);
    if (n > 0 && cum.size() % n == 0 && !cum.empty()) {
        last = std::clamp(last, 0, static_cast<int>(cum.size() / n) - 1);
        for (std::size_t g = 0; g < ix.ocg_offers.size(); ++g)
            for (const std::uint32_t o : ix.ocg_offers[g]) total[g] += carried(cum, n, o, 0, last);
    }
    std::vector<std::uint32_t> order(total.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return total[a] > total[b]; });
    return order;
}

std::optional<int> first_day_selling(const RunData& run, std::size_t g) {
    const SeriesView open = run.view(Dim::Ocg, "offers_open");
    if (!open || g >= run.series.width(Dim::Ocg)) return std::nullopt;
    for (int d = 0; d < run.days_done; ++d)
        if (open(d, g) > 0) return d;
    return kNeverSold;
}

}  // namespace smugglesim::viewer
