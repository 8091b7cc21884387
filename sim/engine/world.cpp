#include "sim/engine/world.hpp"

namespace smugglesim {

namespace {
SeriesSet empty_series(const Model& md) {
    std::vector<std::uint8_t> leg_mode;
    for (const LegModel& l : md.legs) leg_mode.push_back(static_cast<std::uint8_t>(l.mode));
    SeriesSet s(md.days, {1, md.network->countries().size(), md.place_count(), md.legs.size(),
                          static_cast<std::size_t>(kModeCount), md.ocg_names.size(), md.offers.size()},
                std::move(leg_mode));
    s.set_labels(Dim::Ocg, md.ocg_names);
    std::vector<std::string> offers;
    std::vector<std::int32_t> offer_leg, offer_ocg;
    for (const OfferModel& o : md.offers) {
        const std::string& leg = md.network->legs().at(o.leg).id;
        offers.push_back(o.ocg == kNoOcg ? leg : leg + "/" + md.ocg_names.at(o.ocg));
        offer_leg.push_back(static_cast<std::int32_t>(o.leg));
        offer_ocg.push_back(o.ocg == kNoOcg ? -1 : static_cast<std::int32_t>(o.ocg));
    }
    s.set_labels(Dim::Offer, std::move(offers));
    s.set_refs(Dim::Offer, Dim::Leg, std::move(offer_leg));
    s.set_refs(Dim::Offer, Dim::Ocg, std::move(offer_ocg));
    return s;
}
}  // namespace

World::World(std::shared_ptr<const Model> m)
    : model(std::move(m)), key(rng::make_key(model->seed)), series(empty_series(*model)) {
    for (const LegModel& l : model->legs) legs.push_back(l.initial);
    for (const OfferModel& o : model->offers) offers.push_back(o.initial);
    offer_day.resize(offers.size());
    // Sellers' stock and price: set by the organisations module (a full stock as the run starts).
    for (const DocumentSellerModel& d : model->document_sellers) documents.push_back({0, d.price});
    document_day.resize(documents.size());
    inflow_factor.assign(model->origins.size(), 1.0);
}

}  // namespace smugglesim
