#include "app/run.hpp"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <chrono>
#include <map>
#include <tuple>

#include "config/scenario_toml.hpp"
#include "sim/engine/columns.hpp"
#include "geo/network_loader.hpp"
#include "geo/ocg_layer.hpp"
#include "sim/interventions/module.hpp"
#include "sim/migrants/migrants.hpp"
#include "sim/version.hpp"

namespace smugglesim {

std::shared_ptr<const Model> load_model(const RunOptions& opts) {
    Scenario sc = load_scenario(opts.scenario);
    for (const auto& file : opts.interventions) {
        auto more = load_interventions(file);
        sc.interventions.insert(sc.interventions.end(), more.begin(), more.end());
    }
    if (opts.edit_scenario) opts.edit_scenario(sc);
    geo::load_ocg_layer(sc);  // [organisations] groups_file: its rows after the [[ocg]] blocks
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
    for (const Action& a : r.sim->module<InterventionsModule>().schedule()) {
        if (a.day >= model->days) continue;  // a run cut short with --days ends before it
        m.actions.push_back(record_of(a, *model));
    }
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
    const SeriesSet& s = r.sim->series();
    std::string out;
    out += fmt::format("\n{} — {} days from {}, seed {}, scale {}\n", md.scenario.name, md.days,
                       md.scenario.start_date, md.seed, md.migrants_scale);

    out += "\nArrivals per destination state\n";
    const auto by_country = s.run_totals(s.at(Dim::Country, "arrivals"));
    std::uint64_t arrived = 0;
    for (std::uint32_t c : md.destinations) {
        out += fmt::format("  {:<6} {:>12}\n", net.countries()[c], thousands(static_cast<std::uint64_t>(by_country[c])));
        arrived += static_cast<std::uint64_t>(by_country[c]);
    }
    out += fmt::format("  {:<6} {:>12}\n", "total", thousands(arrived));

    // Group legs into crossings: from state -> to state by mode.
    std::map<std::tuple<std::string, std::string, int>, std::array<std::uint64_t, 3>> crossing;  // dead, missing, flow
    const auto dead = s.run_totals(s.at(Dim::Leg, "dead")), missing = s.run_totals(s.at(Dim::Leg, "missing")),
               flow = s.run_totals(s.at(Dim::Leg, "flow"));
    std::uint64_t dead_all = 0, missing_all = 0;
    for (std::size_t l = 0; l < net.leg_count(); ++l) {
        const Leg& leg = net.legs()[l];
        auto& c = crossing[{net.places()[leg.from].country, net.places()[leg.to].country, static_cast<int>(leg.mode)}];
        c[0] += static_cast<std::uint64_t>(dead[l]);
        c[1] += static_cast<std::uint64_t>(missing[l]);
        c[2] += static_cast<std::uint64_t>(flow[l]);
        dead_all += static_cast<std::uint64_t>(dead[l]);
        missing_all += static_cast<std::uint64_t>(missing[l]);
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
    out += fmt::format("  {:<22} {:>10} {:>10}\n", "total", thousands(dead_all), thousands(missing_all));

    // Every headline series any module declared, by module: its run total
    // (flows summed over days and columns; stocks and cumulative counts at the end).
    std::string module;
    for (SeriesId id = 0; id < s.size(); ++id) {
        const SeriesDecl& d = s.decl(id);
        if (!d.headline) continue;
        if (d.module != module) {
            module = d.module;
            out += fmt::format("\n{}{}\n", static_cast<char>(std::toupper(static_cast<unsigned char>(module[0]))), module.substr(1));
        }
        double v = 0;
        for (double x : s.run_totals(id)) v += x;
        const std::string label = fmt::format("{}{}", d.name, d.measure == Measure::Stock ? " (at the end)" : "");
        out += fmt::format("  {:<34} {:>14} {}\n", label, thousands(static_cast<std::uint64_t>(std::llround(v))), d.units);
    }
    const auto& mig = r.sim->module<MigrantsModule>();
    out += fmt::format("\nWall time {:.2f} s on {} thread(s); {:.1f} M migrant-days/s\n", r.meta.wall_seconds,
                       r.meta.threads, static_cast<double>(mig.migrant_days()) / std::max(r.meta.wall_seconds, 1e-9) / 1e6);
    out += "Time per phase:";
    const auto& times = r.sim->phase_times();
    for (std::size_t p = 0; p < times.size(); ++p)
        out += fmt::format(" {} {:.2f} s{}", times[p].phase, times[p].seconds, p + 1 < times.size() ? "," : "\n");
    return out;
}

namespace {
std::string json_number(double v, ValueType t) {
    return t == ValueType::F64 ? fmt::format("{:.17g}", v) : fmt::format("{}", static_cast<std::uint64_t>(v));
}

}  // namespace

// {"days", "seed", "migrant_days", "series": {"<dim>": {"<name>": total or {column: total}}}}:
// every declared series' run total (SeriesSet::run_totals), per column.
std::string summary_json(const RunResult& r) {
    const Model& md = *r.model;
    const Network& net = *md.network;
    const SeriesSet& s = r.sim->series();
    std::string out = fmt::format("{{\n  \"days\": {},\n  \"seed\": {},\n  \"migrant_days\": {},\n  \"series\": {{", md.days,
                                  md.seed, r.sim->module<MigrantsModule>().migrant_days());
    bool first_dim = true;
    for (int di = 0; di < kDimCount; ++di) {
        const auto dim = static_cast<Dim>(di);
        const auto cols = column_labels(net, s, dim);
        bool first = true;
        for (SeriesId id = 0; id < s.size(); ++id) {
            const SeriesDecl& d = s.decl(id);
            if (d.dim != dim) continue;
            if (first) out += fmt::format("{}\n    {}: {{", first_dim ? "" : ",", quote_string(kDimNames[static_cast<std::size_t>(di)]));
            first_dim = false;
            const auto tot = s.run_totals(id);
            out += fmt::format("{}\n      {}: ", first ? "" : ",", quote_string(d.name));
            first = false;
            if (dim == Dim::Total) {
                out += json_number(tot[0], d.type);
                continue;
            }
            out += "{";
            for (std::size_t c = 0; c < tot.size(); ++c)
                out += fmt::format("{}{}: {}", c ? ", " : "", quote_string(cols[c]), json_number(tot[c], d.type));
            out += "}";
        }
        if (!first) out += "\n    }";
    }
    out += "\n  }\n}\n";
    return out;
}

}  // namespace smugglesim
