#include "sim/model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <deque>
#include <numbers>
#include <stdexcept>

#include "sim/dates.hpp"
#include "sim/modules.hpp"
#include "sim/errors.hpp"

namespace smugglesim {


namespace {

// Places reachable from `start` following legs.
std::vector<std::uint8_t> reachable_from(const Network& net, std::uint32_t start) {
    std::vector<std::uint8_t> seen(net.place_count(), 0);
    std::deque<std::uint32_t> todo{start};
    seen[start] = 1;
    while (!todo.empty()) {
        std::uint32_t p = todo.front();
        todo.pop_front();
        for (auto it = net.out_begin(p); it != net.out_end(p); ++it) {
            std::uint32_t q = net.legs()[*it].to;
            if (!seen[q]) {
                seen[q] = 1;
                todo.push_back(q);
            }
        }
    }
    return seen;
}

// CDF of round(days * exp(sigma * Z)) clamped to [1, max_days], Z standard normal.
std::vector<double> travel_days_cdf(double days, double sigma, int max_days) {
    std::vector<double> c;
    for (int k = 1; k <= max_days; ++k) {
        const double edge = k + 0.5;  // rounds to <= k below this
        double p;
        if (k == max_days) p = 1.0;
        else if (sigma <= 0) p = days < edge ? 1.0 : 0.0;
        else p = 0.5 * std::erfc(-std::log(edge / days) / (sigma * std::numbers::sqrt2));
        c.push_back(p);
        if (p >= 1.0 - 1e-15) {
            c.back() = 1.0;
            break;
        }
    }
    return c;
}

std::vector<double> cdf(const std::vector<double>& w) {
    std::vector<double> c(w.size());
    double sum = 0;
    for (double x : w) sum += x;
    double acc = 0;
    for (std::size_t i = 0; i < w.size(); ++i) c[i] = (acc += w[i] / sum);
    if (!c.empty()) c.back() = 1.0;
    return c;
}

}  // namespace

void set_offers(Model& model, std::vector<OfferModel> offers) {
    std::stable_sort(offers.begin(), offers.end(), [](const OfferModel& a, const OfferModel& b) { return a.leg < b.leg; });
    const Network& net = *model.network;
    model.leg_offers.assign(model.legs.size() + 1, 0);
    for (const OfferModel& o : offers) {
        if (o.leg >= model.legs.size()) throw std::logic_error("set_offers: an offer names no leg");
        ++model.leg_offers[o.leg + 1];
    }
    for (std::size_t l = 0; l < model.legs.size(); ++l) {
        if (model.leg_offers[l + 1] == 0) throw std::logic_error("set_offers: a leg has no offer");
        model.leg_offers[l + 1] += model.leg_offers[l];
    }
    for (std::uint32_t p = 0; p < net.place_count(); ++p) {
        std::size_t n = 0;
        for (auto it = net.out_begin(p); it != net.out_end(p); ++it) n += model.leg_offers[*it + 1] - model.leg_offers[*it];
        if (n > kMaxOffersPerPlace)
            throw InputError(fmt::format("{}: place '{}': the legs leaving it have {} offers in all; at most {} are supported",
                                         net.source, net.places()[p].id, n, kMaxOffersPerPlace));
    }
    model.offers = std::move(offers);
}

std::shared_ptr<const Model> build_model(Scenario scenario, std::shared_ptr<const Network> network,
                                         const ModelOptions& opts) {
    auto model = std::make_shared<Model>();
    const Network& net = *network;
    const std::string label = scenario.path.empty() ? std::string("scenario") : scenario.path.string();
    // The engine reads no files: a table of groups is read with GDAL first (geo::load_ocg_layer, in load_model).
    if (!scenario.organisations.groups_file.empty() && !scenario.organisations.groups_file_read)
        throw std::logic_error(fmt::format("{}: [organisations] groups_file {} was not read (geo::load_ocg_layer) before "
                                           "build_model", label, scenario.organisations.groups_file.string()));
    if (!(opts.migrants_scale > 0) || !std::isfinite(opts.migrants_scale))
        throw InputError(fmt::format("--migrants-scale must be a finite number > 0, got {}", opts.migrants_scale));
    model->migrants_scale = opts.migrants_scale;
    model->days = opts.days.value_or(scenario.days);
    model->seed = opts.seed.value_or(scenario.seed);
    if (model->days < 1 || model->days > 36500)
        throw InputError(fmt::format("days must be in [1, 36500], got {}", model->days));
    if (!parse_iso_date(scenario.start_date))
        throw InputError(fmt::format("{}: key 'scenario.start_date': '{}' is not a date YYYY-MM-DD", label, scenario.start_date));

    model->place_is_destination.resize(net.place_count());
    for (std::size_t i = 0; i < net.place_count(); ++i)
        model->place_is_destination[i] = net.places()[i].kind == PlaceKind::Destination;

    if (net.place_count() > kMaxPlaces)
        throw InputError(fmt::format("{}: {} places; at most {} are supported", net.source, net.place_count(), kMaxPlaces));
    for (std::uint32_t p = 0; p < net.place_count(); ++p)
        if (net.out_end(p) - net.out_begin(p) > static_cast<std::ptrdiff_t>(kMaxLegsPerPlace))
            throw InputError(fmt::format("{}: place '{}' has {} outgoing legs; at most {} are supported", net.source,
                                         net.places()[p].id, net.out_end(p) - net.out_begin(p), kMaxLegsPerPlace));
    for (const Leg& l : net.legs()) {
        if (l.capacity_per_day * opts.migrants_scale > kMaxCapacityPerDay)
            throw InputError(fmt::format("{}: leg '{}': capacity {} x migrants scale {} exceeds {} migrants per day",
                                         net.source, l.id, l.capacity_per_day, opts.migrants_scale, kMaxCapacityPerDay));
        LegModel lm;
        lm.from = l.from;
        lm.to = l.to;
        lm.mode = l.mode;
        lm.need_docs = l.requires_documents;
        lm.days = l.base_days;
        lm.initial.price = l.price_eur;
        lm.initial.capacity = l.capacity_per_day * opts.migrants_scale;
        lm.initial.hazard = std::min(l.hazard * l.hazard_raster_factor, 0.999);
        lm.initial.interception = std::min(l.interception * l.interception_raster_factor, 0.999);
        lm.days_cdf = travel_days_cdf(l.base_days, scenario.travel.time_sigma, scenario.travel.max_leg_days);
        lm.build_days_guide();
        model->legs.push_back(lm);
    }

    for (std::size_t i = 0; i < scenario.origins.size(); ++i) {
        const OriginSpec& o = scenario.origins[i];
        const std::string key = fmt::format("origin[{}]", i);
        auto place = net.find_place(o.place);
        if (!place)
            throw InputError(fmt::format("{}: key '{}.place': no place '{}' in network {}", label, key, o.place, net.source));
        OriginModel om;
        om.place = *place;
        om.rate_per_day = o.rate_per_day * opts.migrants_scale;
        for (double r : o.series) om.series.push_back(r * opts.migrants_scale);
        const double peak = std::max(om.rate_per_day, om.series.empty() ? 0.0 : *std::max_element(om.series.begin(), om.series.end()));
        if (peak > kMaxRatePerDay)
            throw InputError(fmt::format("{}: key '{}.rate_per_day' / rate_series: {} migrants per day (after --migrants-scale) "
                                         "exceeds {} for one origin", label, key, peak, kMaxRatePerDay));
        const auto reach = reachable_from(net, *place);
        std::vector<double> shares;
        for (const auto& [iso, share] : o.destinations) {
            auto c = net.find_country(iso);
            bool has_dest = false, reachable = false;
            if (c) {
                for (std::uint32_t p = 0; p < net.place_count(); ++p) {
                    if (net.place_country(p) != *c || !model->place_is_destination[p]) continue;
                    has_dest = true;
                    reachable = reachable || reach[p];
                }
            }
            if (c && model->place_is_destination[*place] && net.place_country(*place) == *c)
                throw InputError(fmt::format("{}: key '{}.destinations.{}': origin '{}' is itself a destination place in '{}'",
                                             label, key, iso, o.place, iso));
            if (!has_dest)
                throw InputError(fmt::format("{}: key '{}.destinations.{}': network {} has no destination place in '{}'",
                                             label, key, iso, net.source, iso));
            if (!reachable)
                throw InputError(fmt::format("{}: key '{}.destinations.{}': no destination place in '{}' can be reached from '{}'",
                                             label, key, iso, iso, o.place));
            auto it = std::find(model->destinations.begin(), model->destinations.end(), *c);
            if (it == model->destinations.end()) {
                if (model->destinations.size() >= 255)
                    throw InputError(fmt::format("{}: more than 255 destination states", label));
                model->destinations.push_back(*c);
                it = model->destinations.end() - 1;
            }
            om.dest.push_back(static_cast<std::uint8_t>(it - model->destinations.begin()));
            shares.push_back(share);
        }
        om.dest_cdf = cdf(shares);
        om.log_money_median = std::log(o.money_median_eur);
        om.money_sigma = o.money_sigma;
        auto dc = cdf({o.documents[0], o.documents[1], o.documents[2]});
        if (!(o.documents[0] + o.documents[1] + o.documents[2] > 0))
            throw InputError(fmt::format("{}: key '{}.documents': shares must not all be zero", label, key));
        std::copy(dc.begin(), dc.end(), om.doc_cdf.begin());
        model->origins.push_back(std::move(om));
    }
    if (model->origins.size() > 65535) throw InputError(fmt::format("{}: more than 65535 origins", label));
    model->network = std::move(network);
    model->scenario = std::move(scenario);
    // Every leg's own service; the organisations module replaces those of the
    // legs its groups serve (set_offers).
    std::vector<OfferModel> offers;
    for (std::uint32_t l = 0; l < model->legs.size(); ++l) offers.push_back({l, kNoOcg, {}});
    set_offers(*model, std::move(offers));
    for (const ModuleKind& k : standard_module_kinds())
        if (k.build) k.build(*model);
    // After the modules' build hooks: actions can name what they added (a group).
    model->interventions = resolve_interventions(model->scenario.interventions, *model);
    return model;
}

}  // namespace smugglesim
