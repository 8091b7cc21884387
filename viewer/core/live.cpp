#include "viewer/core/live.hpp"

#include <fmt/format.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "io/output_hdf5.hpp"
#include "io/text_file.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/interventions/module.hpp"
#include "sim/version.hpp"

namespace smugglesim::viewer {

namespace {
using Clock = std::chrono::steady_clock;
// While playing fast, snapshots (copies of the series) are taken at most this
// often; a paused or finished run always gets a fresh one.
constexpr auto kSnapshotInterval = std::chrono::milliseconds(30);
}  // namespace

struct LiveSession::Impl {
    explicit Impl(int threads) : arena(threads > 0 ? threads : 1) {}

    tbb::task_arena arena;
    std::thread worker;
    mutable std::mutex mu;
    std::condition_variable cv;

    // Requests from the GUI (guarded by mu).
    bool stop = false;
    bool playing = false;
    int steps_requested = 0;
    int stop_at = -1;                  // play_until: pause once this many days are simulated
    bool restart_requested = false;
    double days_per_second = 10.0;
    std::vector<Action> pending;       // changes to add before the next day (their day is set then)

    // State shared with the GUI (guarded by mu).
    Settings settings;                 // as the GUI last set them (pending included)
    std::vector<Action> actions;       // every change so far, as the actions it became
    std::vector<std::size_t> schedule_index;  // [k]: where actions[k] is in the live run's schedule
    std::optional<std::size_t> inflow;        // the index in `actions` of the scale_inflow acting now
    std::shared_ptr<const RunData> live_snap, base_snap;
    int day = 0;
    bool finished = false;
    std::string error;

    // Owned by the worker thread only.
    std::unique_ptr<Simulation> live, base;
};

LiveSession::LiveSession(std::shared_ptr<const Model> model, int threads)
    : impl_(std::make_unique<Impl>(threads)), base_(std::move(model)), scenario_settings_(settings_of(*base_)) {
    Impl& im = *impl_;
    im.settings = scenario_settings_;
    auto fresh = [this, &im] {
        im.live = std::make_unique<Simulation>(base_);
        im.base = std::make_unique<Simulation>(base_);
    };
    fresh();
    im.live_snap = std::make_shared<RunData>(snapshot(*im.live, "live", "live"));
    im.base_snap = std::make_shared<RunData>(snapshot(*im.base, "baseline", "baseline"));

    im.worker = std::thread([this, &im, fresh] {
        auto last_snapshot = Clock::now();
        auto next_due = Clock::now();
        std::unique_lock lk(im.mu);
        while (true) {
            const bool can_run = !im.finished && im.error.empty();
            // Idle from now on (paused, finished or failed): show the very last day.
            if (!(im.playing && can_run) && im.steps_requested == 0 && !im.restart_requested && im.pending.empty() && !im.stop &&
                im.live_snap->days_done != im.live->day()) {
                lk.unlock();
                auto ls = std::make_shared<RunData>(snapshot(*im.live, "live", "live"));
                auto bs = std::make_shared<RunData>(snapshot(*im.base, "baseline", "baseline"));
                lk.lock();
                im.live_snap = std::move(ls);
                im.base_snap = std::move(bs);
                last_snapshot = Clock::now();
                ++version_;
                continue;
            }
            auto wake = [&] {
                return im.stop || im.restart_requested || !im.pending.empty() ||
                       (can_run && (im.steps_requested > 0 || (im.playing && Clock::now() >= next_due)));
            };
            if (im.playing && can_run && im.days_per_second > 0)
                im.cv.wait_until(lk, next_due, wake);
            else if (!(im.playing && can_run))
                // Also wake when playing starts: the loop then waits until the
                // next day is due (next_due may lie ahead, and nothing else
                // would wake an untimed wait then).
                im.cv.wait(lk, [&] { return wake() || (im.playing && !im.finished && im.error.empty()); });
            if (im.stop) break;

            if (im.restart_requested) {
                // restart() reset the settings, log and requests itself; anything
                // asked for since then stays queued for the fresh runs.
                im.restart_requested = false;
                lk.unlock();
                fresh();
                auto ls = std::make_shared<RunData>(snapshot(*im.live, "live", "live"));
                auto bs = std::make_shared<RunData>(snapshot(*im.base, "baseline", "baseline"));
                lk.lock();
                im.day = 0;
                im.finished = false;
                im.error.clear();
                im.live_snap = std::move(ls);
                im.base_snap = std::move(bs);
                ++version_;
                continue;
            }
            if (!im.pending.empty() && im.live->done()) im.pending.clear();  // the run has ended
            if (!im.pending.empty()) {
                // The same actions a scenario's [[intervention]] blocks give,
                // from the next day to simulate on. The live inflow factor
                // scales the scenario's inflow: a new one ends the previous.
                auto& iv = im.live->module<InterventionsModule>();
                const int day = im.live->day();
                try {
                    for (Action& a : im.pending) {
                        a.day = day;
                        if (a.kind == ActionKind::ScaleInflow && im.inflow) {
                            const std::size_t k = *im.inflow;
                            iv.end(im.schedule_index[k], day);
                            im.actions[k].until = day;
                            im.inflow.reset();
                            if (im.actions[k].day == day) {  // never acted: forget it
                                im.actions.erase(im.actions.begin() + static_cast<std::ptrdiff_t>(k));
                                im.schedule_index.erase(im.schedule_index.begin() + static_cast<std::ptrdiff_t>(k));
                            }
                        }
                        if (a.kind == ActionKind::ScaleInflow && a.factor == 1.0) continue;  // back to the scenario's
                        iv.add(a);
                        if (a.kind == ActionKind::ScaleInflow) im.inflow = im.actions.size();
                        im.schedule_index.push_back(iv.schedule().size() - 1);
                        im.actions.push_back(std::move(a));
                    }
                } catch (const std::exception& e) {
                    im.error = fmt::format("a change could not be applied on day {}: {}", day, e.what());
                }
                im.pending.clear();
                ++version_;
            }
            const bool step_now = !im.finished && im.error.empty() &&
                                  (im.steps_requested > 0 || (im.playing && Clock::now() >= next_due));
            if (!step_now) continue;
            // A single step, or the day a play_until stops at, ends with a snapshot:
            // what is shown (and read by live()) is then the day the run stopped on.
            const bool single_step = im.steps_requested > 0;
            if (single_step) --im.steps_requested;
            const int stop_at = im.stop_at;
            const double dps = im.days_per_second;
            lk.unlock();

            std::string err;
            try {
                im.arena.execute([&] {
                    im.live->step();
                    im.base->step();
                });
            } catch (const std::exception& e) {
                err = e.what();
            }
            const auto now = Clock::now();
            next_due = dps > 0 ? std::max(next_due + std::chrono::duration_cast<Clock::duration>(
                                                         std::chrono::duration<double>(1.0 / dps)),
                                          now - std::chrono::milliseconds(100))
                               : now;
            const bool done = im.live->done();
            std::shared_ptr<RunData> ls, bs;
            const bool stops = single_step || (stop_at >= 0 && im.live->day() >= stop_at);
            if (done || stops || !err.empty() || now - last_snapshot >= kSnapshotInterval || (dps > 0 && dps <= 30)) {
                ls = std::make_shared<RunData>(snapshot(*im.live, "live", "live"));
                bs = std::make_shared<RunData>(snapshot(*im.base, "baseline", "baseline"));
                last_snapshot = now;
            }
            lk.lock();
            im.day = im.live->day();
            im.finished = done;
            if (!err.empty()) im.error = fmt::format("simulation stopped on day {}: {}", im.day, err);
            if (ls) {
                im.live_snap = std::move(ls);
                im.base_snap = std::move(bs);
                ++version_;
            }
            if (done || !err.empty()) im.playing = false;
            // What the panel shows and edits: the live run's legs as they are now
            // (scheduled interventions included); the inflow factor is the live
            // change to the scenario's inflow.
            if (im.pending.empty())
                for (std::size_t l = 0; l < im.settings.legs.size(); ++l) {
                    const LegState& cur = im.live->world().legs[l];
                    im.settings.legs[l] = LegSettings{cur.open, cur.capacity, cur.hazard, cur.price};
                }
            if (im.stop_at >= 0 && im.day >= im.stop_at) {
                im.playing = false;
                im.stop_at = -1;
            }
        }
    });
}

LiveSession::~LiveSession() {
    {
        std::lock_guard lk(impl_->mu);
        impl_->stop = true;
    }
    impl_->cv.notify_all();
    if (impl_->worker.joinable()) impl_->worker.join();
}

void LiveSession::play() {
    {
        std::lock_guard lk(impl_->mu);
        impl_->playing = true;
        impl_->stop_at = -1;
    }
    impl_->cv.notify_all();
}

void LiveSession::play_until(int days) {
    {
        std::lock_guard lk(impl_->mu);
        if (impl_->day >= days) return;
        impl_->playing = true;
        impl_->stop_at = days;
    }
    impl_->cv.notify_all();
}

void LiveSession::pause() {
    {
        std::lock_guard lk(impl_->mu);
        impl_->playing = false;
        impl_->stop_at = -1;
    }
    impl_->cv.notify_all();  // the worker takes a snapshot of the last day
}

bool LiveSession::playing() const {
    std::lock_guard lk(impl_->mu);
    return impl_->playing;
}

void LiveSession::step_day() {
    {
        std::lock_guard lk(impl_->mu);
        if (impl_->finished) return;
        ++impl_->steps_requested;
    }
    impl_->cv.notify_all();
}

void LiveSession::set_days_per_second(double d) {
    {
        std::lock_guard lk(impl_->mu);
        impl_->days_per_second = d;
    }
    impl_->cv.notify_all();
}

double LiveSession::days_per_second() const {
    std::lock_guard lk(impl_->mu);
    return impl_->days_per_second;
}

void LiveSession::restart() {
    {
        std::lock_guard lk(impl_->mu);
        impl_->restart_requested = true;
        impl_->playing = false;
        impl_->stop_at = -1;
        impl_->pending.clear();
        impl_->steps_requested = 0;
        impl_->settings = scenario_settings_;
        impl_->actions.clear();
        impl_->schedule_index.clear();
        impl_->inflow.reset();
    }
    impl_->cv.notify_all();
}

Settings LiveSession::settings() const {
    std::lock_guard lk(impl_->mu);
    return impl_->settings;
}

void LiveSession::apply(const Settings& s) {
    validate(*base_, s);  // throws std::invalid_argument
    {
        std::lock_guard lk(impl_->mu);
        if (impl_->finished)
            throw std::invalid_argument("the live run has reached its last day: restart it to make changes");
        // Only what differs from what the panel was shown becomes an action,
        // checked here (the day is set when the worker adds it).
        auto acts = actions_between(*base_, impl_->settings, s, 0);
        for (const Action& a : acts) validate(a, *base_);
        for (Action& a : acts) {
            if (a.kind == ActionKind::ScaleInflow)  // only the last inflow change before a day counts
                std::erase_if(impl_->pending, [](const Action& p) { return p.kind == ActionKind::ScaleInflow; });
            impl_->pending.push_back(std::move(a));
        }
        impl_->settings = s;
    }
    impl_->cv.notify_all();
}

void LiveSession::remove(Action a) {
    if (!is_removal(a.kind)) throw std::invalid_argument("LiveSession::remove takes remove_ocg or remove_members actions");
    a.day = 0;  // checked as any day; set when the worker adds it
    a.until = kNoEnd;
    validate(a, *base_);  // throws std::invalid_argument
    {
        std::lock_guard lk(impl_->mu);
        if (impl_->finished)
            throw std::invalid_argument("the live run has reached its last day: restart it to make changes");
        impl_->pending.push_back(std::move(a));
    }
    impl_->cv.notify_all();
}

std::vector<std::string> LiveSession::change_log() const {
    std::lock_guard lk(impl_->mu);
    std::vector<std::string> out;
    for (const Action& a : impl_->actions) out.push_back(fmt::format("day {}: {}", a.day, describe(a, *base_)));
    return out;
}

std::string LiveSession::interventions_toml() const {
    std::lock_guard lk(impl_->mu);
    std::string out = fmt::format("# Live changes to scenario '{}' ({}), as interventions:\n"
                                  "#   smugglesim run {} --intervention THIS_FILE\n"
                                  "# reproduces the live run (same seed, same --migrants-scale {}).\n",
                                  base_->scenario.name, base_->scenario.path.string(), base_->scenario.path.string(),
                                  base_->migrants_scale);
    for (const Action& a : impl_->actions) out += "\n" + to_toml(a, *base_);
    return out;
}

void LiveSession::save_interventions(const std::filesystem::path& path) const {
    write_text_atomically(path, interventions_toml());
}

int LiveSession::day() const {
    std::lock_guard lk(impl_->mu);
    return impl_->day;
}

bool LiveSession::finished() const {
    std::lock_guard lk(impl_->mu);
    return impl_->finished;
}

std::shared_ptr<const RunData> LiveSession::live() const {
    std::lock_guard lk(impl_->mu);
    return impl_->live_snap;
}

std::shared_ptr<const RunData> LiveSession::baseline() const {
    std::lock_guard lk(impl_->mu);
    return impl_->base_snap;
}

std::string LiveSession::error() const {
    std::lock_guard lk(impl_->mu);
    return impl_->error;
}

void LiveSession::save(const std::filesystem::path& path) const {
    std::shared_ptr<const RunData> snap;
    std::vector<Action> actions;
    {
        std::lock_guard lk(impl_->mu);
        snap = impl_->live_snap;
        // Changes that act after the snapshot's last day are not part of it.
        // The scenario's own interventions, then the live changes, that acted by then.
        for (const Action& a : base_->interventions)
            if (a.day < snap->days_done) actions.push_back(a);
        for (const Action& a : impl_->actions)
            if (a.day < snap->days_done) actions.push_back(a);
    }
    if (snap->days_done == 0)
        throw std::runtime_error(fmt::format("{}: nothing to save yet: the live run has not simulated a day", path.string()));
    const Model& md = *base_;
    RunMetadata m;
    m.scenario_name = md.scenario.name + " (live)";
    m.scenario_text = md.scenario.text;
    m.scenario_path = md.scenario.path.string();
    m.seed = md.seed;
    m.days = snap->days_done;
    m.migrants_scale = md.migrants_scale;
    m.threads = impl_->arena.max_concurrency();
    m.start_date = md.scenario.start_date;
    m.program_version = kProgramVersion;
    m.git_revision = kGitRevision;
    for (const Action& a : actions) {
        m.actions.push_back(record_of(a, md));
    }
    write_hdf5(path, m, *md.network, snap->series.first_days(snap->days_done));
}

}  // namespace smugglesim::viewer
