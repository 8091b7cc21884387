// The migrants module's scenario groups: [[origin]], [choice], [travel],
// [hazard], [interception] (docs/model.md). Declared once: the same code
// parses a scenario and writes `smugglesim scenario-reference`.
#include <fmt/format.h>

#include <algorithm>

#include "sim/migrants/migrants.hpp"

namespace smugglesim {

namespace {

void bind_origin(ConfigGroup& g, OriginSpec& o) {
    g.string("place", o.place, "id of a place in the network (required)");
    g.real("rate_per_day", o.rate_per_day, Range{0.0, 1e7}, "mean new migrants per day (Poisson draws)");
    g.string("rate_series", o.rate_series,
             "optional CSV 'day,rate' (relative path): daily means overriding rate_per_day while it lasts");
    g.share_map("destinations", o.destinations, "{ DEU = 0.6, SWE = 0.4 }",
                "preferred destination states (ISO3) and their shares (required)");
    g.real("money_median_eur", o.money_median_eur, kPositive, "median budget, EUR (lognormal)");
    g.real("money_sigma", o.money_sigma, Range{0.0, 3.0}, "lognormal sigma of the budget");
    std::vector<std::pair<std::string, double>> docs;
    g.share_map("documents", docs, "{ none = 0.8, genuine = 0.05, forged = 0.15 }",
                "shares of migrants with no, genuine or forged travel documents");
    g.finish();
    if (g.documenting()) return;
    if (o.place.empty()) g.fail("place", "is required");
    if (o.destinations.empty()) g.fail("destinations", "is required");
    if (!docs.empty()) {
        double d[kDocStatusCount] = {0, 0, 0};
        for (auto& [k, v] : docs) {
            if (k == "none") d[0] = v;
            else if (k == "genuine") d[1] = v;
            else if (k == "forged") d[2] = v;
            else g.fail("documents", fmt::format("unknown document status '{}' (expected none, genuine, forged)", k));
        }
        std::copy(d, d + kDocStatusCount, o.documents);
    }
    // The rate series file itself is read by the scenario reader (config/), which knows the file's folder.
    o.rate_series_key = g.where("rate_series");
}

}  // namespace

void MigrantsModule::bind_params(ConfigGroup& root, Scenario& s) {
    auto origins = root.tables("origin", "[[origin]]   # repeatable: one per origin place",
                               "Where migrants are generated, how many, where they want to go, what they carry");
    for (auto& g : origins) {
        OriginSpec o;
        bind_origin(*g, o);
        if (!g->documenting()) s.origins.push_back(std::move(o));
    }
    if (!root.documenting() && s.origins.empty()) root.fail("origin", "at least one [[origin]] is required");
    {
        auto& c = s.choice;
        auto g = root.table("choice", "[choice]", "Route choice: multinomial logit over onward legs (docs/model.md)");
        g->real("beta_price", c.beta_price, kNonNegative, "disutility per 1000 EUR of price");
        g->real("beta_time", c.beta_time, kNonNegative, "disutility per day of travel or expected queueing");
        g->real("beta_risk", c.beta_risk, kNonNegative, "disutility per unit probability of death or going missing");
        g->real("beta_interception", c.beta_interception, kNonNegative, "disutility per unit probability of interception");
        g->real("logit_scale", c.logit_scale, kPositive, "logit scale: higher means migrants pick the best leg more surely");
        g->integer("patience_days", c.patience_days, Range{1, 365}, "days queued before a migrant reconsiders its choice");
        g->real("taste_thrifty", c.taste_share[0], kShare,
                "share of migrants who weigh price taste_weight times as much (model assumption)");
        g->real("taste_hurried", c.taste_share[1], kShare,
                "share of migrants who weigh time taste_weight times as much (model assumption)");
        g->real("taste_cautious", c.taste_share[2], kShare,
                "share of migrants who weigh the risks of death and interception, and what they hear of groups, "
                "taste_weight times as much (model assumption); the rest are balanced");
        g->real("taste_weight", c.taste_weight, Range{1.0, 100.0},
                "how much more a thrifty, hurried or cautious migrant weighs its concern (1: all migrants alike)");
        g->finish();
        if (!g->documenting() && c.taste_share[0] + c.taste_share[1] + c.taste_share[2] > 1.0 + 1e-12)
            g->fail("taste_thrifty", "taste_thrifty + taste_hurried + taste_cautious must not exceed 1");
    }
    {
        auto& t = s.travel;
        auto g = root.table("travel", "[travel]", "Travel and living costs");
        g->real("daily_cost_eur", t.daily_cost_eur, kNonNegative, "living cost per day waiting at a place, EUR");
        g->real("time_sigma", t.time_sigma, Range{0.0, 2.0}, "lognormal spread of a leg's travel time");
        g->integer("max_leg_days", t.max_leg_days, Range{1, 365}, "longest time one leg can take, days");
        g->real("exploitation_share", t.exploitation_share, kShare,
                "of migrants who run out of money at a place where organised crime groups sell crossings, the share "
                "exploited (forced labour, trafficking) rather than stranded (model assumption)");
        g->finish();
    }
    {
        auto& h = s.hazard;
        auto g = root.table("hazard", "[hazard]", "Deaths and missing on legs");
        g->real("missing_share_land", h.missing_share[0], kShare, "share of deaths on land legs recorded as missing");
        g->real("missing_share_sea", h.missing_share[1], kShare, "share of deaths at sea recorded as missing");
        g->real("missing_share_air", h.missing_share[2], kShare, "share of deaths on air legs recorded as missing");
        g->real("sea_seasonality", h.sea_seasonality, Range{0.0, 1.0, false, true},
                "relative amplitude of the yearly sea-hazard cycle");
        g->integer("sea_peak_day", h.sea_peak_day, Range{0, 365}, "day of year when sea hazard peaks");
        g->finish();
    }
    {
        auto& i = s.interception;
        auto g = root.table("interception", "[interception]", "Interceptions at borders and at sea");
        g->real("return_share", i.return_share, kShare,
                "share of intercepted migrants returned to their origin (the rest are pushed back to the leg's start)");
        g->real("forged_detection", i.forged_detection, kProbability,
                "probability that a forged document is detected on a leg that checks documents");
        g->real("good_forgery_factor", i.good_forgery_factor, kShare,
                "a good-quality counterfeit bought from a group ([documents] quality) is detected this x as often (model assumption)");
        g->real("lost_stolen_detection", i.lost_stolen_detection, kProbability,
                "probability that another person's genuine document (lost or stolen, bought) is detected on a leg that "
                "checks documents (model assumption)");
        g->finish();
    }
}

}  // namespace smugglesim
