#pragma once
// One running simulation of a Model. A day is a fixed pipeline of named phases
// (see Simulation::step): generate, choose, move, arrive, record. Later agent
// kinds (smugglers, enforcement) add phases to this pipeline (enforce,
// investigate, adapt) that read the same state.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/model.hpp"
#include "sim/rng.hpp"
#include "sim/series.hpp"
#include "sim/state.hpp"

namespace smugglesim {

enum class PhaseId { Generate = 0, Choose, Move, Arrive, Record };
inline constexpr int kPhaseCount = 5;
inline constexpr std::array<const char*, kPhaseCount> kPhaseNames = {"generate", "choose", "move", "arrive",
                                                                     "record"};

class Simulation {
public:
    explicit Simulation(std::shared_ptr<const Model> model);

    // Runs one day through the phase pipeline.
    void step();
    // Switches to another model of the same network from the next day on (live
    // changes: sim/interventions.hpp). Throws std::invalid_argument unless the
    // model has the same network, legs, origins, destinations and days.
    void replace_model(std::shared_ptr<const Model> model);
    // Runs until the model's last day; `on_day(day)` is called after each day.
    template <class F>
    void run(F&& on_day) {
        while (!done()) {
            step();
            on_day(day_ - 1);
        }
    }
    void run() {
        run([](int) {});
    }

    bool done() const { return day_ >= model_->days; }
    int day() const { return day_; }  // next day to simulate
    const Model& model() const { return *model_; }
    const DailySeries& series() const { return series_; }
    const Totals& totals() const { return totals_; }
    std::uint64_t in_system() const { return totals_.waiting + totals_.travelling; }
    // Sum over simulated days of migrants in the system at the end of the day.
    std::uint64_t migrant_days() const { return migrant_days_; }
    // Heap bytes held by migrant storage, queues and calendars.
    std::size_t state_bytes() const;
    // Checks that the migrant records agree with the counters (between days):
    // queued records = live tickets = waiting, travelling records = calendar
    // entries = travelling, free records = free slots. Returns what disagrees,
    // or an empty string. Reads every record: for tests, not for every day.
    std::string check_state() const;
    // Wall seconds spent in each phase so far.
    const std::array<double, kPhaseCount>& phase_seconds() const { return phase_seconds_; }

private:
    // The phases of a day, in order.
    void generate();
    void choose();
    void move();
    void arrive();
    void record();

    // Daily cost-to-go from every place to each destination, for migrants with
    // and without travel documents; congestion enters through queue waits.
    void update_cost_to_go();
    double leg_cost(std::uint32_t leg, double wait_days) const;
    // Chosen leg for a migrant at its place, or kNoLeg if it is stranded.
    std::uint32_t decide(std::uint32_t slot) const;
    void collect_redecisions();
    void build_choice_sets();
    void start_travelling(std::size_t n, std::size_t row);
    void book_arrivals(const std::uint32_t* arriving, std::size_t n, std::uint32_t seq0);
    void append_sorted_to_queues(std::size_t nchunks, const std::uint32_t* leaves);
    template <class SlotOf>
    void append_to_queues(std::size_t b0, std::size_t bn, std::size_t nd, std::uint32_t seq0, const SlotOf& slot_of);
    void count_stranded(std::uint32_t slot, std::uint32_t place);
    double money_now(const Migrant& m) const;
    void compute_sea_season();
    // How a leg ends for a migrant boarding it (see move()).
    Fate leg_fate(const Migrant& m, const LegModel& lm, int arrival_day, std::uint32_t w1, std::uint32_t w2,
                  std::uint32_t w3) const;
    void arrive_batch(const std::uint32_t* arriving, std::size_t n);
    void compute_leg_static_cost();

    std::shared_ptr<const Model> model_;
    rng::Philox::key_type key_;
    int day_ = 0;

    MigrantStore m_;
    std::vector<LegQueue> queues_;
    // Calendar queue of travellers (deques: block-allocated, little slack).
    std::vector<BlockDeque<std::uint32_t>> travel_ring_;   // [arrival day % size] -> slots
    std::uint32_t next_seq_ = 1;                           // next ticket number (all queues)
    std::vector<std::uint32_t> first_seq_by_day_;          // [day] first ticket of the day
    std::vector<std::uint32_t> due_;                       // slots that choose today
    std::vector<std::uint32_t> arriving_;                  // slots finishing a leg today
    std::vector<std::uint32_t> scratch_;                   // reused buffers
    std::vector<Ticket> redecide_today_;
    std::vector<std::uint32_t> redecide_leg_;              // queue each of those tickets is in
    std::vector<std::uint32_t> decision_;
    std::vector<std::uint8_t> outcome_;
    std::vector<std::uint32_t> arriving_leg_;
    std::vector<std::uint32_t> item_place_, item_leg_;     // choose: per decision
    std::vector<std::uint32_t> joins_, leaves_;            // merges: per (chunk, key) counts
    std::vector<std::vector<std::uint32_t>> strands_;      // merges: per chunk, stranded items
    std::vector<std::size_t> leg_start_;
    std::vector<Ticket> sorted_;                           // choose: batch tickets sorted by leg
    std::vector<std::uint32_t> boarded_;                   // move: boarders sorted by arrival day
    std::vector<std::uint32_t> seats_;                     // move: seats per leg today
    std::vector<Ticket> cand_;                             // move: tickets being checked
    std::vector<std::uint32_t> cand_leg_;
    std::vector<std::size_t> take_start_;                  // move: where each leg's tickets go in cand_
    std::vector<std::uint8_t> cand_class_;
    std::vector<std::uint16_t> cand_days_;                 // move: travel days of boarders

    // cost_to_go_[docs_class * n_dest + dest][place]; docs_class 0 = no documents
    std::vector<std::vector<double>> cost_to_go_;
    std::vector<double> leg_wait_;                         // expected wait per leg today, days
    std::vector<double> sea_season_;                       // hazard factor at sea by day of year
    std::vector<double> leg_static_cost_;                  // generalised cost without waiting
    std::vector<double> leg_cost_today_;                   // with today's expected wait
    // Today's choice sets, key = (docs class * destinations + destination) * places + place.
    std::vector<std::uint32_t> choice_start_, choice_leg_;
    std::vector<double> choice_weight_, choice_vmax_, choice_sum_, choice_max_price_;

    std::vector<std::int64_t> waiting_at_;                 // stock per place
    Totals totals_;
    DailySeries series_;
    std::uint64_t migrant_days_ = 0;
    std::array<double, kPhaseCount> phase_seconds_{};
};

}  // namespace smugglesim
