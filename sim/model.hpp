#pragma once
// The model description (FLAME GPU 2 style): network + parameters, resolved and
// validated once, immutable afterwards, shared read-only by any number of
// simulations (replicates, baselines, ensembles). Running state: sim/engine/world.hpp and the modules.
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/leg_state.hpp"
#include "sim/interventions/actions.hpp"
#include "sim/network.hpp"
#include "sim/scenario.hpp"

namespace smugglesim {

struct OrganisationsModel;  // sim/organisations/model.hpp

struct OriginModel {
    std::uint32_t place = 0;               // network place index
    double rate_per_day = 0.0;             // already multiplied by migrants_scale
    std::vector<double> series;            // scaled daily rates (overrides rate while it lasts)
    std::vector<std::uint8_t> dest;        // destination indices (into Model::destinations)
    std::vector<double> dest_cdf;          // cumulative shares, last == 1
    double log_money_median = 0.0;
    double money_sigma = 0.0;
    std::array<double, kDocStatusCount> doc_cdf{};  // cumulative shares
    double rate(int day) const {
        return static_cast<std::size_t>(day) < series.size() ? series[static_cast<std::size_t>(day)] : rate_per_day;
    }
};

struct LegModel {  // per-leg parameters the hot loops read, packed
    std::uint32_t from = 0, to = 0;
    Mode mode = Mode::Land;
    bool need_docs = false;
    double days = 1.0;
    // What can change during a run, as the run starts: open, capacity (per day,
    // x migrants_scale), price (EUR), hazard and interception (base x raster
    // factor). Phases read the running copy, World::legs, never this one.
    LegState initial;
    // Travel time distribution: days_cdf[i] = P(trip takes <= i + 1 days), for
    // round(days * lognormal(0, travel.time_sigma)) clamped to [1, max_leg_days].
    std::vector<double> days_cdf;
    // days_guide[k] = first i with days_cdf[i] >= k / kDaysGuide: the search for
    // u in [k / kDaysGuide, (k + 1) / kDaysGuide) starts there (a guide table:
    // one or two comparisons instead of a binary search; same result).
    static constexpr int kDaysGuide = 64;
    std::array<std::uint16_t, kDaysGuide + 1> days_guide{};
    void build_days_guide() {
        for (int k = 0; k <= kDaysGuide; ++k) {
            const auto it = std::lower_bound(days_cdf.begin(), days_cdf.end(), static_cast<double>(k) / kDaysGuide);
            days_guide[static_cast<std::size_t>(k)] = static_cast<std::uint16_t>(
                std::min<std::ptrdiff_t>(it - days_cdf.begin(), static_cast<std::ptrdiff_t>(days_cdf.size()) - 1));
        }
    }
    // Days of a trip for u in (0, 1]: the first i with days_cdf[i] >= u, plus one.
    std::uint16_t sample_days(double u) const {
        std::size_t i = days_guide[static_cast<std::size_t>(std::min(u, 1.0) * kDaysGuide)];
        while (i + 1 < days_cdf.size() && days_cdf[i] < u) ++i;
        return static_cast<std::uint16_t>(i + 1);
    }
};

// One way to take a leg: an organised crime group's offer on it, or (ocg ==
// kNoOcg) the leg's own service, which needs no smuggler (a scheduled ferry or
// flight with genuine documents, or any leg when organisations are off).
// Offers are sorted by leg; Model::leg_offers gives each leg's range.
inline constexpr std::uint32_t kNoOcg = 0xffffffffu;
inline constexpr std::uint32_t kNoPackage = 0xffffffffu;
struct OfferModel {
    std::uint32_t leg = 0;
    std::uint32_t ocg = kNoOcg;
    OfferState initial;               // the offer's running state as the run starts
    // A stage of a full-service package (Model::packages), kNoPackage if the
    // offer sells its leg alone. Stage 0 is the package sold (its price is the
    // package's); later stages carry its clients on without a new choice or a
    // new payment, and are never offered on their own.
    std::uint32_t package = kNoPackage;
    std::uint32_t stage = 0;
    // Share of the price its group lets a client owe who cannot pay it all, on
    // a crossing into the client's destination state: worked off there under
    // duress (forced labour: the UK car-wash case). 0: none.
    double credit_share = 0.0;
};

// A full-service package (Hecates): a group sells a path of several legs, the
// lodging on the way included, for one price at the path's start. Each stage
// is run by offers of their own on its leg: the seller's, or for a stage the
// seller buys from its partners (an alliance), one offer per partner that
// sells the leg, in the order the partners are listed; a client goes on with
// the first of them open that day (so the alliance reroutes when a partner is
// removed).
struct PackageModel {
    std::uint32_t ocg = 0;                    // the seller
    std::uint32_t from = 0, to = 0;           // places where it starts and ends
    std::vector<std::uint32_t> stage_first;   // [stage] first of its offers in `offers`; size stages + 1
    std::vector<std::uint32_t> offers;        // Model::offers running each stage; stage 0 is the one sold
    double lodging_eur = 0.0;                 // per client, included in its price (the stops on the way)
    // With documents: the seller hands a travel document to a client who has
    // none when it signs up (from Model::document_sellers[doc_seller]'s stock),
    // so its stages may need documents. kNoPackage: without.
    std::uint32_t doc_seller = kNoPackage;
    bool with_documents() const { return doc_seller != kNoPackage; }
    std::size_t stages() const { return stage_first.size() - 1; }
    std::uint32_t head() const { return offers.front(); }
};

// What a migrant sees of offer `om` today: the leg's running state `leg`
// (model values `lm`) combined with the offer's `os`. A leg's own service is
// the leg itself; an offer is open while the leg is open and the offer
// active with seats, its capacity and price follow the leg's running
// capacity and price in proportion (an intervention halving a leg's capacity
// halves every offer on it), and its hazard and interception are the leg's
// times the offer's factors.
inline LegState offer_view(const LegModel& lm, const LegState& leg, const OfferModel& om, const OfferState& os) {
    if (om.ocg == kNoOcg) return leg;
    LegState v;
    v.open = leg.open && os.active && os.capacity > 0;
    v.capacity = lm.initial.capacity > 0 ? os.capacity * (leg.capacity / lm.initial.capacity) : 0.0;
    v.price = lm.initial.price > 0 ? os.price * (leg.price / lm.initial.price) : os.price;
    v.hazard = std::min(0.999, leg.hazard * os.hazard_factor);
    v.interception = std::min(0.999, leg.interception * os.interception_factor);
    v.document_check = leg.document_check * os.document_check_factor;
    return v;
}

// A group selling travel documents where its forgers are, or documents another
// group's forgers make for it (sim/organisations, [documents]); sellers are
// sorted by place, Model::place_sellers gives each place's range.
struct DocumentSellerModel {
    std::uint32_t ocg = 0;
    std::uint32_t supplier = 0;       // the group whose forgers make its documents (itself, or its documents_from)
    std::uint32_t place = 0;
    double price = 0.0;               // EUR, as the run starts
    // Of the documents it sells: shares that are another person's genuine
    // document (lost or stolen) and genuine but fraudulently obtained; the
    // rest are counterfeits, of which `quality` are good.
    double lost_stolen_share = 0.0, fraudulent_share = 0.0, quality = 0.0;
};

struct Model {
    std::shared_ptr<const Network> network;
    Scenario scenario;
    double migrants_scale = 1.0;
    std::uint64_t seed = 0;
    int days = 0;
    std::vector<OriginModel> origins;
    std::vector<LegModel> legs;
    std::vector<std::uint32_t> destinations;   // country indices migrants aim for
    std::vector<std::uint8_t> place_is_destination;  // kind == destination
    std::vector<Action> interventions;     // scheduled, from the scenario's [[intervention]] blocks
    std::vector<std::string> ocg_names;    // organised crime groups (sim/organisations/), by OfferModel::ocg
    std::shared_ptr<const OrganisationsModel> organisations;  // null when organisations are off
    std::vector<OfferModel> offers;        // sorted by leg; one kNoOcg offer per leg unless organisations serve it
    std::vector<std::uint32_t> leg_offers; // [leg] first offer of the leg; size legs + 1
    std::vector<DocumentSellerModel> document_sellers;  // sorted by place; empty when no group has forgers
    std::vector<std::uint32_t> place_sellers;  // [place] first seller at it; size places + 1 (or empty)
    std::vector<PackageModel> packages;    // sorted by start place; empty when no group sells one
    std::vector<std::uint32_t> place_packages;  // [place] first package starting there; size places + 1 (or empty)

    std::size_t place_count() const { return network->place_count(); }
    const LegModel& offer_leg(std::uint32_t offer) const { return legs[offers[offer].leg]; }
    // Where a migrant taking `offer` goes: its leg's end, or the end of the package it sells.
    std::uint32_t offer_end(std::uint32_t offer) const {
        const OfferModel& o = offers[offer];
        return o.package == kNoPackage ? legs[o.leg].to : packages[o.package].to;
    }
    // A later stage of a package: taken only by its clients, never chosen.
    bool continues_package(std::uint32_t offer) const { return offers[offer].package != kNoPackage && offers[offer].stage > 0; }
    // Packages starting at place p: [first, last).
    std::pair<std::uint32_t, std::uint32_t> packages_at(std::uint32_t p) const {
        if (place_packages.empty()) return {0, 0};
        return {place_packages[p], place_packages[p + 1]};
    }
    // Documents sellers at place p: [first, last).
    std::pair<std::uint32_t, std::uint32_t> sellers_at(std::uint32_t p) const {
        if (place_sellers.empty()) return {0, 0};
        return {place_sellers[p], place_sellers[p + 1]};
    }
};

// Limits that keep counters and per-place work bounded (checked by build_model).
inline constexpr double kMaxRatePerDay = 1e7;       // new migrants per day and origin
inline constexpr double kMaxCapacityPerDay = 1e9;   // boardings per day and leg
inline constexpr std::size_t kMaxLegsPerPlace = 64;  // legs leaving one place
inline constexpr std::size_t kMaxOffersPerPlace = 256;  // options of one route choice
inline constexpr std::size_t kMaxPlaces = 16383;     // place index fits the migrant record (14 bits)
inline constexpr int kTasteCount = 4;                 // balanced, thrifty, hurried, cautious (ChoiceParams)

struct ModelOptions {
    std::optional<int> days;
    std::optional<std::uint64_t> seed;
    double migrants_scale = 1.0;
};

// Resolve the scenario against the network; throws InputError naming the
// scenario file and key for unknown places/countries or unreachable destinations.
std::shared_ptr<const Model> build_model(Scenario scenario, std::shared_ptr<const Network> network,
                                         const ModelOptions& opts = {});

// Sets the model's offers (sorted by leg, stably) and their per-leg ranges.
// Every leg needs at least one offer; throws InputError if the offers on the
// legs leaving a place exceed kMaxOffersPerPlace.
void set_offers(Model& model, std::vector<OfferModel> offers);


}  // namespace smugglesim
