#include "viewer/gui/runs.hpp"

#include <algorithm>

namespace smugglesim::viewer::gui {

RunStats compute_stats(const RunData& run) {
    RunStats s;
    const SeriesSet& ser = run.series;
    const int n = std::max(0, std::min(run.days_done, ser.days()));
    s.days_done = n;
    const auto nd = static_cast<std::size_t>(n);
    for (auto* v : {&s.arrived, &s.arrived_daily, &s.dead, &s.missing, &s.dead_missing, &s.waiting, &s.travelling, &s.generated,
                    &s.stranded})
        v->resize(nd);
    const auto total = [&](const char* name) { return run.view(Dim::Total, name).column(0, n); };
    s.arrived = total("arrived");
    s.dead = total("dead");
    s.missing = total("missing");
    s.waiting = total("waiting");
    s.travelling = total("travelling");
    s.generated = total("generated");
    s.stranded = total("stranded");
    for (std::size_t d = 0; d < nd; ++d) {
        s.arrived_daily[d] = s.arrived[d] - (d > 0 ? s.arrived[d - 1] : 0.0);
        s.dead_missing[d] = s.dead[d] + s.missing[d];
    }
    const std::size_t nc = ser.width(Dim::Country);
    const SeriesView arrivals = run.view(Dim::Country, "arrivals"), flow = run.view(Dim::Leg, "flow"),
                     waiting = run.view(Dim::Place, "waiting");
    s.arrivals_daily.assign(nc, std::vector<double>(nd, 0.0));
    s.arrivals_cum.assign(nc, std::vector<double>(nd, 0.0));
    if (arrivals) {
        for (std::size_t c = 0; c < nc; ++c) {
            double acc = 0.0;
            for (std::size_t d = 0; d < nd; ++d) {
                const double v = arrivals(static_cast<int>(d), c);
                s.arrivals_daily[c][d] = v;
                acc += v;
                s.arrivals_cum[c][d] = acc;
            }
        }
    }
    const std::size_t nl = ser.width(Dim::Leg);
    if (flow) {
        s.leg_flow_cum.resize(nd * nl);
        for (std::size_t d = 0; d < nd; ++d) {
            for (std::size_t l = 0; l < nl; ++l) {
                const double f = flow(static_cast<int>(d), l);
                s.max_flow = std::max(s.max_flow, f);
                s.leg_flow_cum[d * nl + l] = f + (d > 0 ? s.leg_flow_cum[(d - 1) * nl + l] : 0.0);
            }
        }
        if (nd > 0)
            for (std::size_t l = 0; l < nl; ++l) s.max_total_flow = std::max(s.max_total_flow, s.leg_flow_cum[(nd - 1) * nl + l]);
    }
    const std::size_t np = ser.width(Dim::Place);
    if (waiting)
        for (std::size_t d = 0; d < nd; ++d)
            for (std::size_t p = 0; p < np; ++p) s.max_waiting = std::max(s.max_waiting, waiting(static_cast<int>(d), p));
    s.ocgs = ocg_index(run);
    if (s.ocgs.available()) {
        s.offer_cum = cumulative_boardings(run);
        const auto order = groups_by_boardings(s.ocgs, s.offer_cum, n - 1);
        s.ocg_rank.assign(order.size(), 0);
        for (std::size_t r = 0; r < order.size(); ++r) s.ocg_rank[order[r]] = static_cast<std::uint32_t>(r);
    }
    if (run.network) {
        for (const Place& p : run.network->places())
            if (p.kind == PlaceKind::Destination) s.destination_countries.push_back(p.country);
        std::sort(s.destination_countries.begin(), s.destination_countries.end());
        s.destination_countries.erase(std::unique(s.destination_countries.begin(), s.destination_countries.end()),
                                      s.destination_countries.end());
    }
    return s;
}

int Run::clamp_day(int day) const {
    if (!data || stats.days_done <= 0) return 0;
    return std::clamp(day, 0, stats.days_done - 1);
}

double Run::leg_flow(std::size_t leg, int day, FlowMeasure m) const {
    if (!has_day(day) || day >= stats.days_done) return 0.0;
    const std::size_t nl = data->series.width(Dim::Leg);
    if (leg >= nl || stats.leg_flow_cum.empty()) return 0.0;
    const auto d = static_cast<std::size_t>(day);
    switch (m) {
        case FlowMeasure::Day:
            return data->flow(day, leg);
        case FlowMeasure::Week: {
            const std::size_t span = std::min<std::size_t>(7, d + 1);
            const double before = d + 1 > span ? stats.leg_flow_cum[(d - span) * nl + leg] : 0.0;
            return (stats.leg_flow_cum[d * nl + leg] - before) / static_cast<double>(span);
        }
        case FlowMeasure::ToDate:
            return stats.leg_flow_cum[d * nl + leg];
    }
    return 0.0;
}

std::pair<int, int> Run::period(int day, FlowMeasure m) const {
    switch (m) {
        case FlowMeasure::Day: return {day, day};
        case FlowMeasure::Week: return {std::max(0, day - 6), day};
        case FlowMeasure::ToDate: return {0, day};
    }
    return {day, day};
}

std::vector<std::int32_t> Run::dominant_groups(int day, FlowMeasure m) const {
    const std::size_t legs = data && data->network ? data->network->leg_count() : 0;
    if (!has_day(day) || !stats.ocgs.available()) return std::vector<std::int32_t>(legs, kNoFlow);
    const auto [first, last] = period(day, m);
    return viewer::dominant_groups(stats.ocgs, stats.offer_cum, legs, first, last);
}

double Run::offer_boardings(std::uint32_t offer, int first, int last) const {
    const std::size_t n = stats.ocgs.offers();
    if (offer >= n || first > last || first < 0 || last >= stats.days_done || stats.offer_cum.size() < static_cast<std::size_t>(last + 1) * n)
        return 0.0;
    const auto at = [&](int d) { return d < 0 ? 0.0 : stats.offer_cum[static_cast<std::size_t>(d) * n + offer]; };
    return at(last) - at(first - 1);
}

const std::vector<double>* arrivals_series(const Run& run, const std::string& iso, bool cumulative) {
    if (!run.data || !run.data->network) return nullptr;
    if (iso.empty()) return cumulative ? &run.stats.arrived : &run.stats.arrived_daily;
    const auto c = run.data->network->find_country(iso);
    if (!c || *c >= run.stats.arrivals_cum.size()) return nullptr;
    return cumulative ? &run.stats.arrivals_cum[*c] : &run.stats.arrivals_daily[*c];
}

}  // namespace smugglesim::viewer::gui
