#pragma once
// The migrants module: migrants are generated at origins, choose legs by route
// choice, queue, board within the legs' capacity, travel, and meet the leg's
// end (arrival, death, going missing, interception, onward travel). It owns the
// migrant records, leg queues and the calendar of arrivals (records.hpp), the
// migrant counters (Totals), and these phases of the day:
//   generate (generate.cpp) -> choose (choose.cpp) -> board (board.cpp)
//   -> arrive (arrive.cpp) -> record (record.cpp)
// with route choice shared by choose and arrive (route_choice.cpp). It reads
// the legs' running state (World::legs) and writes its series (declared in
// migrants.cpp). Parameters: the scenario's [[origin]], [choice], [travel],
// [hazard] and [interception] groups.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/module.hpp"
#include "sim/migrants/records.hpp"
#include "sim/model.hpp"

namespace smugglesim {

// Stocks and cumulative flows of migrants for the whole system.
// Conservation: generated == waiting + travelling + arrived + dead + missing
//                              + stranded + returned + exploited   (every day, end of day)
struct Totals {
    std::uint64_t generated = 0;   // cumulative
    std::uint64_t waiting = 0;     // stock: at a place, queued for a leg or about to choose
    std::uint64_t travelling = 0;  // stock: on a leg
    std::uint64_t arrived = 0;     // cumulative: reached the preferred destination state
    std::uint64_t dead = 0;        // cumulative
    std::uint64_t missing = 0;     // cumulative
    std::uint64_t stranded = 0;    // cumulative: out of money or of onward options
    std::uint64_t exploited = 0;   // cumulative: out of money and taken into exploitation
    std::uint64_t bonded = 0;      // cumulative: of the arrived, those who owe their smugglers (forced labour there)
    std::uint64_t returned = 0;    // cumulative: intercepted and returned to origin
    std::uint64_t intercepted = 0; // cumulative interceptions (returned or pushed back)
};

// decide(): options were there but the migrant could pay for none.
inline constexpr std::uint32_t kBroke = kNoLeg - 2;

class MigrantsModule final : public Module {
public:
    explicit MigrantsModule(World& w);
    static std::unique_ptr<Module> make(World& w) { return std::make_unique<MigrantsModule>(w); }
    // The module's scenario groups (params.cpp): [[origin]], [choice], [travel], [hazard], [interception].
    static void bind_params(ConfigGroup& root, Scenario& s);

    std::string_view name() const override { return name_view(); }
    static constexpr std::string_view name_view() { return "migrants"; }
    std::vector<Phase> phases() override;
    // Records against counters: queued records = live tickets = waiting,
    // travelling records = calendar entries, free records = free slots.
    std::string check(const World&) const override;
    std::size_t state_bytes() const override;
    // At the end of the run: releases the per-phase scratch buffers (they are
    // rebuilt if the run went on), so the end-of-run tables of the modules
    // after this one reuse their memory instead of adding to the peak.
    void finish(World&) override;

    const Totals& totals() const { return totals_; }
    std::uint64_t in_system() const { return totals_.waiting + totals_.travelling; }
    // Sum over simulated days of migrants in the system at the end of the day.
    std::uint64_t migrant_days() const { return migrant_days_; }

private:
    // ---- phases (one file each)
    void generate();
    void choose();
    void board();
    void arrive();
    void record();

    // ---- route choice (route_choice.cpp)
    // Daily cost-to-go from every place to each destination, for migrants with
    // and without travel documents; congestion enters through queue waits.
    void update_cost_to_go();
    void build_choice_sets();
    // What a taste weighs: ChoiceParams' betas, its concern x taste_weight.
    struct Betas {
        double price, time, risk, interception, trust;
    };
    Betas betas(std::uint32_t taste) const;
    double offer_cost(std::uint32_t offer, double wait_days, std::uint32_t taste) const;
    std::uint32_t first_open_stage_offer(const PackageModel& pm, std::size_t stage) const;
    // Offer `o` is open and has seats today (an intervention may leave a leg open with none).
    bool runs(std::uint32_t o) const { return offer_[o].open && offer_[o].capacity > 0; }
    // Clients queued for a package stage whose offer no longer runs move to the
    // next offer running that stage, if any (an alliance's next partner).
    void reroute_package_queues();
    // Whether a migrant bound for destination `dest` may take offer `o` on
    // credit: its group sells on credit and the crossing ends in that state
    // (where the group puts it to work: its trip ends there, as an arrival).
    bool on_credit(std::uint32_t o, std::uint32_t dest) const {
        const OfferModel& of = md_->offers[o];
        return of.credit_share > 0 && md_->network->place_country(md_->legs[of.leg].to) == md_->destinations[dest];
    }
    // EUR a migrant has left today (money is kept as of day 0: see records.hpp).
    double money_now(const Migrant& m) const {
        return std::max(0.0, static_cast<double>(m.money) - md_->scenario.travel.daily_cost_eur * day_);
    }
    // Chosen offer for a migrant at its place, kNoLeg if it has no option, or
    // kBroke if it can pay for none. A migrant without documents where a group
    // sells them may also choose to buy one: then the result is
    // offers + the seller's index (see buy_document); or a package with
    // documents: offers + sellers + the package's index (buy_package_document).
    // `documents` false leaves those options out; `word` picks the word of the day's choice draw.
    std::uint32_t decide(std::uint32_t slot, bool documents = true, unsigned word = 0) const;
    // The migrant in `slot` chose to buy a document from seller `d`: it gets
    // one if the seller has one ready (it pays, and draws the document's kind
    // and quality) and chooses again with it; otherwise it chooses again
    // without that option. Returns that choice. Called in item order, on one
    // thread (World::documents is shared).
    std::uint32_t buy_document(std::uint32_t slot, std::uint32_t d);
    // The migrant in `slot`, without documents, chose package `k` with
    // documents: it gets one of the seller's documents if one is ready (paid
    // with the package at its first stage) and the result is the package's
    // first stage; otherwise it chooses again without such options.
    std::uint32_t buy_package_document(std::uint32_t slot, std::uint32_t k);
    void give_document(std::uint32_t slot, std::uint32_t d);
    // Whether decision `x` is a document purchase: from a seller (an index in
    // [offers, offers + sellers)) or with a package (offers + sellers + package).
    bool buys_document(std::uint32_t x) const {
        return x >= offer_.size() && x < offer_.size() + w_.documents.size() + md_->packages.size();
    }
    // The document purchases among a batch's n decisions (decision_), in item
    // order on one thread (sellers' stocks are shared): each buyer's choice
    // after it goes to settle(i, choice); slot_of(i) is item i's migrant.
    template <class SlotOf, class Settle>
    void settle_purchases(std::size_t n, const SlotOf& slot_of, const Settle& settle) {
        const auto no = static_cast<std::uint32_t>(offer_.size()), ns = static_cast<std::uint32_t>(w_.documents.size());
        for (std::size_t i = 0; i < n; ++i)
            if (buys_document(decision_[i]))
                settle(i, decision_[i] < no + ns ? buy_document(slot_of(i), decision_[i] - no)
                                                 : buy_package_document(slot_of(i), decision_[i] - no - ns));
    }

    // ---- queues and merges
    void collect_redecisions();
    template <class SlotOf>
    void append_to_queues(std::size_t b0, std::size_t bn, std::size_t nd, std::uint32_t seq0, const SlotOf& slot_of);
    void append_sorted_to_queues(std::size_t nchunks, const std::uint32_t* leaves);
    // A migrant who leaves at `place` with no option (`broke`: none it could pay
    // for): stranded, or exploited (see count_stranded).
    void count_stranded(std::uint32_t slot, std::uint32_t place, bool broke);
    void start_travelling(std::size_t n);
    // How a leg ends for a migrant boarding it (see board.cpp).
    Fate leg_fate(const Migrant& m, const LegModel& lm, const LegState& ls, int arrival_day, std::uint32_t w1,
                  std::uint32_t w2, std::uint32_t w3) const;
    void compute_sea_season();
    void arrive_batch(const std::uint32_t* arriving, std::size_t n);
    void book_arrivals(const std::uint32_t* arriving, std::size_t n, std::uint32_t seq0);

    // Refreshes the copies below from the World: first thing in every phase.
    void sync() {
        md_ = w_.model.get();
        key_ = w_.key;
        day_ = w_.day;
        legs_ = w_.legs.data();
        for (std::size_t o = 0; o < offer_.size(); ++o) {
            const OfferModel& om = md_->offers[o];
            offer_[o] = offer_view(md_->legs[om.leg], legs_[om.leg], om, w_.offers[o]);
        }
    }

    World& w_;
    // The World's model, key, day and leg running state, copied at the start of
    // a phase: hot loops read members of this module, not through w_.
    const Model* md_ = nullptr;
    rng::Philox::key_type key_{};
    int day_ = 0;
    const LegState* legs_ = nullptr;
    // What migrants see of each offer today (offer_view of the leg's and the
    // offer's running state), refreshed by sync(). Queues, tickets and a
    // migrant's `leg` field are per offer: a migrant queues for one group's
    // crossing (or a leg's own service), and its leg is Model::offers[o].leg.
    std::vector<LegState> offer_;

    // ---- output series (declared in the constructor)
    struct Ids {
        std::array<SeriesId, 11> totals;  // Totals fields in order
        SeriesId arrivals, generated, waiting, stranded, exploited;  // by country, place, place, place, place
        SeriesId bonded;                                            // by place
        SeriesId flow, dead, missing, intercepted, queue, paid;  // by leg
    } ids_{};

    // ---- state
    MigrantStore m_;
    std::vector<LegQueue> queues_;                         // [offer]
    // Calendar queue of travellers (deques: block-allocated, little slack).
    std::vector<BlockDeque<std::uint32_t>> travel_ring_;   // [arrival day % size] -> slots
    std::uint32_t next_seq_ = 1;                           // next ticket number (all queues)
    std::vector<std::uint32_t> first_seq_by_day_;          // [day] first ticket of the day
    std::vector<std::uint32_t> due_;                       // slots that choose today
    std::vector<std::int64_t> waiting_at_;                 // stock per place
    std::vector<std::uint8_t> exploit_at_;                 // [place] some group sells crossings from it
    Totals totals_;
    std::uint64_t migrant_days_ = 0;
    std::vector<double> sea_season_;                       // hazard factor at sea by day a trip ends

    // ---- route choice, rebuilt daily
    // cost_to_go_[(taste * 2 + docs_class) * n_dest + dest][place]; docs_class 0 = no documents
    std::vector<std::vector<double>> cost_to_go_;
    // walk_ctg_[taste * n_dest + dest][place]: without documents and never buying
    // one (built only where groups sell documents; it decides which legs bring
    // a migrant without documents closer).
    std::vector<std::vector<double>> walk_ctg_;
    std::vector<double> offer_static_cost_;                // [taste * offers + offer] generalised cost without waiting (closed: infinite)
    std::vector<double> offer_wait_;                       // [offer] expected wait today, days
    std::vector<double> offer_cost_today_;                 // [taste * offers + offer] with today's expected wait
    std::vector<double> leg_cost_today_;                   // [taste * legs + leg] its open offers' costs, logit-weighted mean
    std::vector<std::uint8_t> leg_open_;                   // [leg] some offer on it is open today
    // Today's choice sets, key = ((taste * 2 + docs class) * destinations + destination) * places + place.
    std::vector<std::uint32_t> choice_start_, choice_leg_;
    std::vector<double> choice_weight_, choice_vmax_, choice_sum_, choice_max_price_;
    std::vector<double> choice_cum_;                       // running sums of choice_weight_ within each set
    // Per entry: what the migrant must be able to pay (an offer's price; for a
    // document, its price and the cheapest way on with it). Entries >= offers
    // are documents sellers (offers + seller). Per key: whether it has any.
    std::vector<double> choice_price_;
    std::vector<std::uint8_t> choice_docs_;

    // ---- per-phase scratch, reused day to day
    std::vector<std::uint32_t> arriving_;                  // slots finishing a leg today
    std::vector<std::uint32_t> scratch_;
    std::vector<Ticket> redecide_today_;
    std::vector<std::uint32_t> redecide_leg_;              // queue each of those tickets is in
    std::vector<std::uint32_t> decision_;
    std::vector<std::uint8_t> outcome_;
    std::vector<std::uint8_t> broke_;                      // choose, arrive: per decision, kBroke returned
    std::vector<std::uint32_t> arriving_leg_;
    std::vector<std::uint32_t> item_place_, item_leg_;     // choose: per decision
    std::vector<std::uint32_t> joins_, leaves_;            // merges: per (chunk, key) counts
    std::vector<std::vector<std::uint32_t>> strands_;      // merges: per chunk, stranded items
    std::vector<std::size_t> leg_start_;
    std::vector<Ticket> sorted_;                           // choose: batch tickets sorted by leg
    std::vector<std::uint32_t> boarded_;                   // board: boarders sorted by arrival day
    std::vector<std::uint32_t> seats_;                     // board: seats per offer today
    std::vector<std::uint32_t> offer_flow_;                // board: boarders per offer today
    std::vector<std::uint32_t> offer_credit_, offer_bonding_;  // board: of them, on credit; and of those, bound to arrive
    std::vector<Ticket> cand_;                             // board: tickets being checked
    std::vector<std::uint32_t> cand_leg_;
    std::vector<std::size_t> take_start_;                  // board: where each leg's tickets go in cand_
    std::vector<std::uint8_t> cand_class_;
    std::vector<std::uint16_t> cand_days_;                 // board: travel days of boarders
};

}  // namespace smugglesim
