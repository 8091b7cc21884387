// The migrants module: construction, output series, phases, invariant checks.
#include "sim/migrants/migrants.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "sim/engine/parallel.hpp"

namespace smugglesim {

void MigrantStore::allocate(std::size_t n, std::vector<std::uint32_t>& out) {
    out.clear();
    while (n > 0 && !free_slots.empty()) {
        out.push_back(free_slots.back());
        free_slots.pop_back();
        --n;
    }
    const std::size_t first = slots.size();
    if (first + n > slots.capacity()) {
        const std::size_t cap = std::max(first + n, slots.capacity() + slots.capacity() / 4);
        slots.reserve(cap);
        origin.reserve(cap);
    }
    slots.resize(first + n, Migrant{kNoLeg, 0, 0.0f, 0, 0, 0});
    origin.resize(first + n, 0);
    for (std::size_t s = first; s < first + n; ++s) out.push_back(static_cast<std::uint32_t>(s));
}

MigrantsModule::MigrantsModule(World& w) : w_(w) {
    sync();
    const Model& md = w.md();
    const std::size_t nl = md.legs.size(), no = md.offers.size();
    offer_.resize(no);
    sync();
    queues_.resize(no);
    seats_.assign(no, 0);
    offer_flow_.assign(no, 0);
    offer_credit_.assign(no, 0);
    offer_bonding_.assign(no, 0);
    offer_wait_.assign(no, 0.0);
    offer_static_cost_.assign(kTasteCount * no, 0.0);
    offer_cost_today_.assign(kTasteCount * no, 0.0);
    leg_cost_today_.assign(kTasteCount * nl, 0.0);
    leg_open_.assign(nl, 0);
    compute_sea_season();
    travel_ring_.resize(static_cast<std::size_t>(md.scenario.travel.max_leg_days) + 1);
    cost_to_go_.assign(kTasteCount * 2 * md.destinations.size(),
                       std::vector<double>(md.place_count(), std::numeric_limits<double>::infinity()));
    if (!md.document_sellers.empty())
        walk_ctg_.assign(kTasteCount * md.destinations.size(),
                         std::vector<double>(md.place_count(), std::numeric_limits<double>::infinity()));
    waiting_at_.assign(md.place_count(), 0);
    exploit_at_.assign(md.place_count(), 0);
    for (const OfferModel& o : md.offers)
        if (o.ocg != kNoOcg) exploit_at_[md.legs[o.leg].from] = 1;

    // Output series. Totals: whole-system stocks and cumulative counts.
    SeriesSet& s = w.series;
    auto total = [&](const char* name, Measure m, const char* description, bool headline) {
        return s.add({Dim::Total, name, ValueType::U64, m, "migrants", description, {}, headline, {}}, name_view());
    };
    ids_.totals = {
        total("generated", Measure::Cumulative, "Migrants generated since day 0 (cumulative, end of day)", true),
        total("waiting", Measure::Stock, "Migrants waiting at a place, queued for a leg or about to choose (stock, end of day)", true),
        total("travelling", Measure::Stock, "Migrants on a leg (stock, end of day)", true),
        total("arrived", Measure::Cumulative, "Migrants who reached their preferred destination state (cumulative, end of day)", true),
        total("dead", Measure::Cumulative, "Migrants who died on a leg (cumulative, end of day)", true),
        total("missing", Measure::Cumulative, "Migrants gone missing on a leg (cumulative, end of day)", true),
        total("stranded", Measure::Cumulative, "Migrants stranded: out of money or of onward options (cumulative, end of day)", true),
        total("returned", Measure::Cumulative, "Migrants intercepted and returned to their origin (cumulative, end of day)", true),
        total("intercepted", Measure::Cumulative, "Interceptions, returned or pushed back (cumulative, end of day)", true),
        total("exploited", Measure::Cumulative,
              "Migrants out of money taken into exploitation (forced labour, trafficking) where smugglers operate (cumulative, end of day)",
              true),
        total("exploited_at_destination", Measure::Cumulative,
              "Of the arrived, migrants who owe their smugglers part of the price and work it off under duress (cumulative, end of day)",
              true),
    };
    auto add = [&](Dim d, const char* name, ValueType t, Measure m, const char* units, const char* description,
                   bool headline = false) {
        return s.add({d, name, t, m, units, description, {}, headline, {}}, name_view());
    };
    const auto U32 = ValueType::U32;
    ids_.arrivals = add(Dim::Country, "arrivals", U32, Measure::Flow, "migrants",
                        "New arrivals that day by country of the arrival place");
    ids_.generated = add(Dim::Place, "generated", U32, Measure::Flow, "migrants", "New migrants generated at the place that day");
    ids_.waiting = add(Dim::Place, "waiting", U32, Measure::Stock, "migrants", "Migrants waiting at the place (stock, end of day)");
    ids_.stranded = add(Dim::Place, "stranded", U32, Measure::Flow, "migrants", "Migrants newly stranded at the place that day");
    ids_.exploited = add(Dim::Place, "exploited", U32, Measure::Flow, "migrants",
                         "Migrants out of money taken into exploitation at the place that day");
    ids_.bonded = add(Dim::Place, "exploited_at_destination", U32, Measure::Flow, "migrants",
                      "Migrants who arrived at the place that day owing their smugglers, to work it off there under duress");
    ids_.flow = add(Dim::Leg, "flow", U32, Measure::Flow, "migrants", "Migrants who boarded the leg that day");
    ids_.dead = add(Dim::Leg, "dead", U32, Measure::Flow, "migrants", "Migrants who died on the leg that day");
    ids_.missing = add(Dim::Leg, "missing", U32, Measure::Flow, "migrants", "Migrants who went missing on the leg that day");
    ids_.intercepted = add(Dim::Leg, "intercepted", U32, Measure::Flow, "migrants", "Migrants intercepted on the leg that day");
    ids_.queue = add(Dim::Leg, "queue", U32, Measure::Stock, "migrants", "Migrants queued for the leg (stock, end of day)");
    ids_.paid = add(Dim::Leg, "paid_eur", ValueType::F64, Measure::Flow, "EUR", "Money paid to smugglers for the leg that day", true);
    for (const auto& [name, what] : {std::pair{"dead", "died"}, std::pair{"missing", "went missing"}, std::pair{"flow", "boarded a leg"}})
        s.add({Dim::Mode, name, U32, Measure::Flow, "migrants",
               fmt::format("Migrants who {} that day, by mode of the leg", what), name, false, {}},
              name_view());
}

std::vector<Phase> MigrantsModule::phases() {
    return {
        {"generate", Stage::Generate, [this](World&) { sync(), generate(); }},
        {"choose", Stage::Choose, [this](World&) { sync(), choose(); }},
        {"board", Stage::Board, [this](World&) { sync(), board(); }},
        {"arrive", Stage::Arrive, [this](World&) { sync(), arrive(); }},
        {"record", Stage::Record, [this](World&) { sync(), record(); }},
    };
}

std::string MigrantsModule::check(const World&) const {
    std::array<std::uint64_t, 4> by_status{};
    for (const Migrant& m : m_.slots) ++by_status[static_cast<std::size_t>(m.status())];
    std::uint64_t live = 0, ring = 0;
    for (const LegQueue& q : queues_) live += q.live;
    for (const auto& b : travel_ring_) ring += b.size();
    const auto n = [&](MigrantStatus s) { return by_status[static_cast<std::size_t>(s)]; };
    std::string out;
    auto expect = [&](const char* what, std::uint64_t a, std::uint64_t b) {
        if (a != b) out += fmt::format("{}: {} != {}; ", what, a, b);
    };
    expect("queued records vs live tickets", n(MigrantStatus::Queued), live);
    expect("waiting vs queued + choosing records", totals_.waiting, n(MigrantStatus::Queued) + n(MigrantStatus::Choosing));
    expect("choosing records vs due list", n(MigrantStatus::Choosing), due_.size());
    expect("travelling records vs calendar entries", n(MigrantStatus::Travelling), ring);
    expect("travelling vs travelling records", totals_.travelling, n(MigrantStatus::Travelling));
    expect("free records vs free slots", n(MigrantStatus::Free), m_.free_slots.size());
    const std::uint64_t out_of_system = totals_.arrived + totals_.dead + totals_.missing + totals_.stranded + totals_.returned +
                                        totals_.exploited;
    expect("generated vs in system + left", totals_.generated, totals_.waiting + totals_.travelling + out_of_system);
    return out;
}

void MigrantsModule::finish(World&) {
    const auto release = [](auto&... v) { ((v = std::remove_reference_t<decltype(v)>{}), ...); };
    release(arriving_, scratch_, redecide_today_, redecide_leg_, decision_, outcome_, broke_, arriving_leg_, item_place_,
            item_leg_, joins_, leaves_, strands_, leg_start_, sorted_, boarded_, cand_, cand_leg_, take_start_,
            cand_class_, cand_days_);
}

std::size_t MigrantsModule::state_bytes() const {
    using par::vec_bytes;
    std::size_t b = m_.bytes() + vec_bytes(due_) + vec_bytes(arriving_) + vec_bytes(scratch_) + vec_bytes(decision_) +
                    vec_bytes(outcome_) + vec_bytes(broke_) + vec_bytes(arriving_leg_) + vec_bytes(redecide_today_);
    for (const auto& q : queues_) b += q.bytes();
    for (const auto& v : travel_ring_) b += deque_bytes(v);
    b += vec_bytes(first_seq_by_day_);
    b += vec_bytes(item_place_) + vec_bytes(item_leg_) + vec_bytes(cand_) + vec_bytes(cand_leg_) + vec_bytes(cand_class_) +
         vec_bytes(cand_days_) + vec_bytes(joins_) + vec_bytes(leaves_) + vec_bytes(leg_start_) + vec_bytes(sorted_) +
         vec_bytes(boarded_) + vec_bytes(redecide_leg_);
    for (const auto& v : strands_) b += vec_bytes(v);
    return b;
}

}  // namespace smugglesim
