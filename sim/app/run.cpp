#include "sim/app/run.hpp"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>

#include "geo/network_loader.hpp"
#include "sim/version.hpp"

namespace smugglesim {

std::shared_ptr<const Model> load_model(const RunOptions& opts) {
    Scenario sc = load_scenario(opts.scenario);
    auto net = std::make_shared<const Network>(geo::load_network(sc.network));
    ModelOptions mo;
    mo.days = opts.days;
    mo.seed = opts.seed;
    mo.migrants_scale = opts.migrants_scale;
    return build_model(std::move(sc), std::move(net), mo);
}

RunResult run_model(std::shared_ptr<const Model> model, const RunOptions& opts,
                    const std::function<void(int, const Simulation&)>& on_day) {
    const int threads = opts.threads > 0 ? opts.threads : tbb::info::default_concurrency();
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    RunResult r;
    r.model = model;
    r.sim = std::make_unique<Simulation>(model);
    const auto t0 = std::chrono::steady_clock::now();
    r.sim->run([&](int day) {
        if (on_day) on_day(day, *r.sim);
    });
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    RunMetadata& m = r.meta;
    m.scenario_name = model->scenario.name;
    m.scenario_text = model->scenario.text;
    m.scenario_path = model->scenario.path.string();
    m.seed = model->seed;
    m.days = model->days;
    m.migrants_scale = model->migrants_scale;
    m.threads = threads;
    m.start_date = model->scenario.start_date;
    m.program_version = kProgramVersion;
    m.git_revision = kGitRevision;
    m.wall_seconds = wall;
    if (!opts.output.empty()) write_hdf5(opts.output, m, *model->network, r.sim->series());
    return r;
}

namespace {
std::string thousands(std::uint64_t v) {
    const std::string digits = std::to_string(v);
    std::string s;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) s.push_back(' ');
        s.push_back(digits[i]);
    }
    return s;
}
}  // namespace

std::string summary_text(const RunResult& r) {
    const Model& md = *r.model;
    const Network& net = *md.network;
    const DailySeries& s = r.sim->series();
    const Totals& t = r.sim->totals();
    std::string out;
    out += fmt::format("\n{} — {} days from {}, seed {}, scale {}\n", md.scenario.name, md.days,
                       md.scenario.start_date, md.seed, md.migrants_scale);

    out += "\nArrivals per destination state\n";
    const auto by_country = column_totals(s.arrivals_by_country, s.n_countries);
    for (std::uint32_t c : md.destinations)
        out += fmt::format("  {:<6} {:>12}\n", net.countries()[c], thousands(by_country[c]));
    out += fmt::format("  {:<6} {:>12}\n", "total", thousands(t.arrived));

    // Group legs into crossings: from state -> to state by mode.
    std::map<std::tuple<std::string, std::string, int>, std::array<std::uint64_t, 3>> crossing;  // dead, missing, flow
    const auto dead = column_totals(s.dead_by_leg, s.n_legs), missing = column_totals(s.missing_by_leg, s.n_legs),
               flow = column_totals(s.flow_by_leg, s.n_legs);
    for (std::size_t l = 0; l < net.leg_count(); ++l) {
        const Leg& leg = net.legs()[l];
        auto& c = crossing[{net.places()[leg.from].country, net.places()[leg.to].country, static_cast<int>(leg.mode)}];
        c[0] += dead[l];
        c[1] += missing[l];
        c[2] += flow[l];
    }
    std::vector<std::pair<std::tuple<std::string, std::string, int>, std::array<std::uint64_t, 3>>> rows(
        crossing.begin(), crossing.end());
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.second[0] + a.second[1] > b.second[0] + b.second[1]; });
    out += "\nDeaths and missing per crossing (from -> to, mode)\n";
    out += fmt::format("  {:<22} {:>10} {:>10} {:>12}\n", "crossing", "dead", "missing", "travelled");
    int shown = 0;
    for (const auto& [k, v] : rows) {
        if (v[0] + v[1] == 0 || shown == 12) break;
        ++shown;
        auto name = fmt::format("{} -> {} {}", std::get<0>(k), std::get<1>(k), to_string(static_cast<Mode>(std::get<2>(k))));
        out += fmt::format("  {:<22} {:>10} {:>10} {:>12}\n", name, thousands(v[0]), thousands(v[1]), thousands(v[2]));
    }
    if (rows.size() > static_cast<std::size_t>(shown))
        out += fmt::format("  ({} of {} crossings, most deaths first; every leg is in the HDF5 file)\n", shown, rows.size());
    out += fmt::format("  {:<22} {:>10} {:>10}\n", "total", thousands(t.dead), thousands(t.missing));

    double paid = 0;
    for (double p : s.paid_by_leg) paid += p;
    out += "\nMigrants\n";
    out += fmt::format("  {:<34} {:>12}\n", "generated", thousands(t.generated));
    out += fmt::format("  {:<34} {:>12}\n", "arrived", thousands(t.arrived));
    out += fmt::format("  {:<34} {:>12}\n", "dead / missing", thousands(t.dead) + " / " + thousands(t.missing));
    out += fmt::format("  {:<34} {:>12}\n", "intercepted (returned to origin)", thousands(t.intercepted) + " (" + thousands(t.returned) + ")");
    out += fmt::format("  {:<34} {:>12}\n", "stranded", thousands(t.stranded));
    out += fmt::format("  {:<34} {:>12}\n", "still in transit: waiting", thousands(t.waiting));
    out += fmt::format("  {:<34} {:>12}\n", "still in transit: travelling", thousands(t.travelling));
    out += fmt::format("  {:<34} {:>12}\n", "paid to smugglers, EUR", thousands(static_cast<std::uint64_t>(paid)));
    out += fmt::format("\nWall time {:.2f} s on {} thread(s); {:.1f} M migrant-days/s\n", r.meta.wall_seconds,
                       r.meta.threads, static_cast<double>(r.sim->migrant_days()) / std::max(r.meta.wall_seconds, 1e-9) / 1e6);
    out += "Time per phase:";
    for (int p = 0; p < kPhaseCount; ++p)
        out += fmt::format(" {} {:.2f} s{}", kPhaseNames[static_cast<std::size_t>(p)],
                           r.sim->phase_seconds()[static_cast<std::size_t>(p)], p + 1 < kPhaseCount ? "," : "\n");
    return out;
}

namespace {
// A JSON string literal for `s` (ids come from user data).
std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += {'\\', c};
        else if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else out += c;
    }
    return out + "\"";
}
}  // namespace

std::string summary_json(const RunResult& r) {
    const Model& md = *r.model;
    const Network& net = *md.network;
    const DailySeries& s = r.sim->series();
    const Totals& t = r.sim->totals();
    std::string out = "{\n  \"totals\": {";
    for (int f = 0; f < kTotalsFields; ++f)
        out += fmt::format("{}\"{}\": {}", f ? ", " : "", kTotalsNames[static_cast<std::size_t>(f)], totals_field(t, f));
    out += "},\n  \"arrivals_by_country\": {";
    const auto by_country = column_totals(s.arrivals_by_country, s.n_countries);
    for (std::size_t c = 0; c < s.n_countries; ++c)
        out += fmt::format("{}{}: {}", c ? ", " : "", json_string(net.countries()[c]), by_country[c]);
    out += "},\n  \"legs\": {";
    const auto flow = column_totals(s.flow_by_leg, s.n_legs), dead = column_totals(s.dead_by_leg, s.n_legs),
               missing = column_totals(s.missing_by_leg, s.n_legs), intercepted = column_totals(s.intercepted_by_leg, s.n_legs);
    const auto paid = column_totals(s.paid_by_leg, s.n_legs);
    for (std::size_t l = 0; l < s.n_legs; ++l)
        out += fmt::format("{}\n    {}: {{\"flow\": {}, \"dead\": {}, \"missing\": {}, \"intercepted\": {}, \"paid_eur\": {:.2f}}}",
                           l ? "," : "", json_string(net.legs()[l].id), flow[l], dead[l], missing[l], intercepted[l], paid[l]);
    out += fmt::format("\n  }},\n  \"days\": {},\n  \"seed\": {},\n  \"migrant_days\": {}\n}}\n", md.days, md.seed,
                       r.sim->migrant_days());
    return out;
}

}  // namespace smugglesim
