// The scenarios of the seed's operations (scenarios/operations/, docs/operations.md):
// each runs from its file and shows the facts its note states.
#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>

#include "app/run.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/organisations/organisations.hpp"

namespace smugglesim {
namespace {

namespace fs = std::filesystem;

struct OperationRun {
    std::shared_ptr<const Model> model;
    std::unique_ptr<Simulation> sim;
    const SeriesSet& series() const { return sim->series(); }
    std::uint32_t ocg(const std::string& name) const {
        const auto& n = model->ocg_names;
        const auto it = std::find(n.begin(), n.end(), name);
        EXPECT_NE(it, n.end()) << "no group " << name;
        return static_cast<std::uint32_t>(it - n.begin());
    }
    // Sum of a group's series over days [from, to).
    double sum(const char* name, std::uint32_t g, int from = 0, int to = -1) const {
        const SeriesSet& s = series();
        const SeriesId id = s.at(Dim::Ocg, name);
        double v = 0;
        for (int d = from; d < (to < 0 ? model->days : to); ++d) v += s.value(id, d, g);
        return v;
    }
};

OperationRun run_operation(const std::string& file, const std::function<void(Scenario&)>& edit = {}) {
    RunOptions opts;
    opts.scenario = fs::path(SMUGGLESIM_SOURCE_DIR) / "scenarios/operations" / file;
    opts.edit_scenario = edit;
    OperationRun r;
    r.model = load_model(opts);
    r.sim = std::make_unique<Simulation>(r.model);
    while (!r.sim->done()) {
        r.sim->step();
        EXPECT_EQ(r.sim->check_state(), "") << file << " day " << r.sim->day() - 1;
    }
    return r;
}

// Acropolis: about 100 migrants for about EUR 400 000 (the test asks for the
// revenue per migrant within 25 % of EUR 4 000), and leaders who run the
// business from detention: after their arrest on day 60 both networks go on
// selling, and would not without run_from_custody.
TEST(Operations, Acropolis) {
    const OperationRun r = run_operation("acropolis.toml");
    const std::uint32_t land = r.ocg("Acropolis land"), sea = r.ocg("Acropolis sea");
    const double carried = r.sum("served", sea);
    EXPECT_GE(carried, 70.0);
    EXPECT_LE(carried, 130.0);
    const SeriesSet& s = r.series();
    const double hawala_left = s.value(s.at(Dim::Ocg, "hawala_pending_eur"), r.model->days - 1, sea);
    const double per_migrant = (r.sum("revenue_eur", land) + r.sum("revenue_eur", sea) + hawala_left) / carried;
    EXPECT_NEAR(per_migrant, 4000.0, 1000.0);
    for (const std::uint32_t g : {land, sea}) {
        EXPECT_EQ(s.value(s.at(Dim::Ocg, "members_organiser"), 60, g), 0.0) << "organisers arrested on day 60";
        EXPECT_GT(r.sum("served", g, 61), 10.0) << "run from custody";
    }
    const OperationRun stopped = run_operation("acropolis.toml", [](Scenario& sc) { sc.organisations.run_from_custody = 0.0; });
    for (const std::uint32_t g : {land, sea}) EXPECT_EQ(stopped.sum("served", g, 61), 0.0) << "a hierarchy stalls without them";
}

// hawala.net: the relatives' money reaches the network through hawala brokers,
// transfers and prepaid cards, and cash; the brokers release it as clients
// reach the agreed point; the network's forgers in Rome sell documents for the
// flights on, which carry the buyers; a front company stays at work.
TEST(Operations, HawalaNet) {
    const OperationRun r = run_operation("hawala_net.toml");
    const std::uint32_t g = r.ocg("hawala.net");
    const double hawala = r.sum("ledger_migrants_to_broker_hawala_eur", g),
                 transfers = r.sum("ledger_migrants_to_group_transfer_eur", g),
                 cash = r.sum("ledger_migrants_to_group_cash_eur", g);
    EXPECT_GT(transfers, 0.0);
    EXPECT_GT(cash, 0.0);
    EXPECT_GT(hawala, 0.4 * (hawala + transfers + cash)) << "most of the money moves outside banks";
    EXPECT_GT(r.sum("ledger_broker_to_group_hawala_eur", g), 0.8 * hawala) << "released as clients arrive";
    const double sold = r.sum("documents_sold", g);
    EXPECT_GT(sold, 20.0);
    const SeriesSet& s = r.series();
    const auto flow = s.run_totals(s.at(Dim::Leg, "flow"));
    const auto leg = [&](const char* id) { return flow[*r.model->network->find_leg(id)]; };
    const double flights = leg("ROME-LONDON-AIR") + leg("ROME-STOCKHOLM-AIR");
    const OperationRun no_labs = run_operation("hawala_net.toml", [](Scenario& sc) {
        for (auto& [role, n] : sc.ocgs[0].members)
            if (role == "forger") n = 0;
    });
    const auto flow0 = no_labs.series().run_totals(no_labs.series().at(Dim::Leg, "flow"));
    const double flights0 = flow0[*r.model->network->find_leg("ROME-LONDON-AIR")] +
                            flow0[*r.model->network->find_leg("ROME-STOCKHOLM-AIR")];
    // A buyer still weighs the flights against the roads north (about half of them fly here).
    EXPECT_GT(flights, flights0 + 0.3 * sold) << "the buyers fly on";
    EXPECT_EQ(s.value(s.at(Dim::Ocg, "members_front"), r.model->days - 1, g), 1.0);
}

// Taurus: its four labs' documents are sold by Taurus in Athens and, made for
// it, by another group in Thessaloniki, which pays Taurus wholesale_share of
// each price; its good counterfeits are caught less often on the flights; when
// Taurus is dismantled on day 120 the other group sells only what it had left.
TEST(Operations, Taurus) {
    const OperationRun r = run_operation("taurus.toml");
    const std::uint32_t taurus = r.ocg("Taurus"), runners = r.ocg("Thessaloniki runners");
    EXPECT_GT(r.sum("documents_sold", runners), 100.0);
    EXPECT_EQ(r.sum("documents_made", runners), 0.0) << "no forgers of its own";
    // Its crossing to the airport is free: its revenue is its documents', half of which it pays Taurus.
    EXPECT_NEAR(r.sum("ledger_group_to_group_documents_eur", runners),
                r.model->scenario.documents.wholesale_share * r.sum("revenue_eur", runners), 1e-6 * r.sum("revenue_eur", runners));
    EXPECT_EQ(r.sum("documents_sold", taurus, 121), 0.0) << "dismantled on day 120";
    EXPECT_GT(r.sum("documents_sold", runners, 121, 150), 0.0) << "sells its stock";
    EXPECT_EQ(r.sum("documents_sold", runners, 160), 0.0) << "and then has none";
    auto flights_caught = [](const OperationRun& run) {
        const SeriesSet& s = run.series();
        const auto flow = s.run_totals(s.at(Dim::Leg, "flow")), caught = s.run_totals(s.at(Dim::Leg, "intercepted"));
        double f = 0, c = 0;
        for (std::uint32_t l = 0; l < run.model->legs.size(); ++l) {
            const std::string& id = run.model->network->legs()[l].id;
            if (id.rfind("ATH_AIRPORT-", 0) == 0 || id.rfind("SKG_AIRPORT-", 0) == 0) {
                f += flow[l];
                c += caught[l];
            }
        }
        return c / f;
    };
    const OperationRun crude = run_operation("taurus.toml", [](Scenario& sc) { sc.ocgs[0].document_quality = 0.1; });
    EXPECT_LT(flights_caught(r) + 0.08, flights_caught(crude)) << "good counterfeits pass more checks";
}

// Halifax: hidden compartments cut its clients' interception; when the group
// is dismantled on day 120 the migrants bound for the UK turn to the route
// through Moscow and Warsaw instead.
TEST(Operations, Halifax) {
    const OperationRun r = run_operation("halifax.toml");
    const std::uint32_t g = r.ocg("Halifax");
    EXPECT_GT(r.sum("served", g, 0, 120), 300.0);
    EXPECT_EQ(r.sum("served", g, 121), 0.0) << "dismantled on day 120";
    auto leg_share = [](const OperationRun& run, const char* id, const char* what, int from, int to) {
        const SeriesSet& s = run.series();
        const auto l = *run.model->network->find_leg(id);
        double v = 0, f = 0;
        for (int d = from; d < to; ++d) {
            v += s.value(s.at(Dim::Leg, what), d, l);
            f += s.value(s.at(Dim::Leg, "flow"), d, l);
        }
        return std::pair{v, f};
    };
    // Enough trips to tell 0.4 x the interception from the full one: five times the migrants and seats.
    auto bigger = [](double concealment) {
        return [concealment](Scenario& sc) {
            sc.origins[0].rate_per_day *= 5;
            sc.ocgs[0].capacity = *sc.ocgs[0].capacity * 5;
            sc.ocgs[0].concealment = concealment;
        };
    };
    const OperationRun hidden = run_operation("halifax.toml", bigger(0.4)), open = run_operation("halifax.toml", bigger(1.0));
    const auto [caught, carried] = leg_share(hidden, "SOFIA-PARIS-HALIFAX", "intercepted", 0, 120);
    const auto [caught1, carried1] = leg_share(open, "SOFIA-PARIS-HALIFAX", "intercepted", 0, 120);
    EXPECT_GT(carried, 1000.0);
    EXPECT_LT(caught / carried, 0.6 * caught1 / carried1) << "hidden compartments (concealment 0.4): " << caught << "/" << carried
                                                          << " against " << caught1 << "/" << carried1;
    const double moscow_before = leg_share(r, "HANOI-MOSCOW-AIR", "flow", 0, 120).second / 120.0;
    const double moscow_after = leg_share(r, "HANOI-MOSCOW-AIR", "flow", 125, 180).second / 55.0;
    EXPECT_GT(moscow_after, 2.0 * moscow_before) << "displaced to the other route to the UK";
}


// Hecates: two subgroups sell full-service packages paid mostly through
// hawala: the southeast one by air, with a forged passport and its corrupt
// officials at Athens airport, who let more of its clients through the
// document checks; the northern one by land to Vienna, buying the crossing
// into Hungary from its Serbian partners and rerouting to the second when the
// first is dismantled on day 60. Both subgroups are dismantled on day 120.
TEST(Operations, Hecates) {
    const OperationRun r = run_operation("hecates.toml");
    const Model& m = *r.model;
    const std::uint32_t se = r.ocg("Hecates southeast"), north = r.ocg("Hecates north");
    const std::uint32_t belgrade = r.ocg("Belgrade drivers"), subotica = r.ocg("Subotica drivers");
    const double air = r.sum("packages_sold", se, 0, 120), land = r.sum("packages_sold", north, 0, 120);
    EXPECT_GT(air, 80.0);
    EXPECT_GT(land, 200.0);
    EXPECT_GE(r.sum("documents_sold", se), air) << "every air client (none had documents) got a passport";
    for (const std::uint32_t g : {se, north}) {
        const double hawala = r.sum("ledger_migrants_to_broker_hawala_eur", g);
        EXPECT_GT(hawala, 0.5 * (hawala + r.sum("ledger_migrants_to_group_cash_eur", g))) << m.ocg_names[g];  // documents sold alone: cash
        EXPECT_EQ(r.sum("packages_sold", g, 121), 0.0) << "dismantled on day 120";
    }
    // The crossing into Hungary: the package's stage run by Belgrade drivers, then by Subotica drivers.
    const SeriesSet& s = r.series();
    const SeriesId boardings = s.at(Dim::Offer, "boardings");
    auto stage_flow = [&](std::uint32_t runner, int from, int to) {
        double v = 0;
        for (const PackageModel& pm : m.packages)
            for (const std::uint32_t o : pm.offers)
                if (m.offers[o].ocg == runner && m.offers[o].stage > 0)
                    for (int d = from; d < to; ++d) v += s.value(boardings, d, o);
        return v;
    };
    EXPECT_GT(stage_flow(belgrade, 0, 60), 100.0);
    EXPECT_EQ(stage_flow(subotica, 0, 60), 0.0);
    EXPECT_EQ(stage_flow(belgrade, 61, 180), 0.0);
    EXPECT_GT(stage_flow(subotica, 61, 120), 0.5 * stage_flow(belgrade, 0, 60)) << "rerouted to the other partner";
    EXPECT_GT(r.sum("ledger_group_to_group_crossings_eur", north), 0.0);
    // The corrupt officials at the airport: caught on the package flights, with them and without.
    auto flights_caught = [](const OperationRun& run, std::uint32_t g) {
        const SeriesSet& ss = run.series();
        const auto flew = ss.run_totals(ss.at(Dim::Offer, "boardings")), caught = ss.run_totals(ss.at(Dim::Offer, "intercepted"));
        double f = 0, c = 0;
        for (const PackageModel& pm : run.model->packages)
            if (pm.ocg == g) {
                f += flew[pm.offers.back()];
                c += caught[pm.offers.back()];
            }
        return std::pair{c, f};
    };
    const OperationRun honest = run_operation("hecates.toml", [](Scenario& sc) {
        for (auto& [role, n] : sc.ocgs[0].members)
            if (role == "official") n = 0;
    });
    const auto [c1, f1] = flights_caught(r, se);
    const auto [c0, f0] = flights_caught(honest, se);
    EXPECT_GT(f1, 80.0);
    EXPECT_LT(c1 / f1 + 0.05, c0 / f0) << "corrupt officials: " << c1 << "/" << f1 << " caught, without: " << c0 << "/" << f0;
}

// The UK car-wash case: migrants with little money in northern France and
// Belgium cross to the UK on credit with the network and work off the rest in
// its car washes under duress; without credit most of them would be stranded.
// The joint action day (day 120) arrests 21 of its members: its crossings drop
// until they are replaced.
TEST(Operations, CarWash) {
    const OperationRun r = run_operation("car_wash.toml");
    const OperationRun cash_only = run_operation("car_wash.toml", [](Scenario& sc) { sc.ocgs[0].credit_share = 0.0; });
    const std::uint32_t g = r.ocg("Car-wash network");
    auto total = [](const OperationRun& run, const char* name) {
        const SeriesSet& s = run.series();
        return s.value(s.at(Dim::Total, name), run.model->days - 1, 0);
    };
    const double bonded = total(r, "exploited_at_destination"), arrived = total(r, "arrived");
    EXPECT_GT(bonded, 0.3 * arrived) << "most of the poorer clients work off a debt";
    EXPECT_EQ(total(cash_only, "exploited_at_destination"), 0.0);
    EXPECT_GT(total(cash_only, "stranded"), 2.0 * total(r, "stranded")) << "without credit they are stranded in France";
    const SeriesSet& s = r.series();
    const SeriesId bonded_at = s.at(Dim::Place, "exploited_at_destination");
    const auto at_place = s.run_totals(bonded_at);
    for (std::uint32_t p = 0; p < r.model->place_count(); ++p) {
        if (at_place[p] > 0) {
            EXPECT_EQ(r.model->network->places()[p].country, "GBR");
        }
    }
    EXPECT_GT(r.sum("ledger_migrants_to_group_labour_eur", g), 0.2 * r.sum("revenue_eur", g));
    // The action day: 21 members fewer, fewer crossings in the next two weeks than in the two before.
    double before = 0;
    for (const std::string_view role : kMemberRoleNames)
        before += s.value(s.at(Dim::Ocg, "members_" + std::string(role)), 119, g) -
                  s.value(s.at(Dim::Ocg, "members_" + std::string(role)), 120, g);
    EXPECT_EQ(before, 21.0);
    EXPECT_LT(r.sum("served", g, 121, 135), 0.7 * r.sum("served", g, 106, 120));
}

}  // namespace
}  // namespace smugglesim
