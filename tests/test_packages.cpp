// Full-service packages ([[ocg.package]]): a group sells several legs for one
// price; its clients go on from stage to stage without choosing or paying
// again; a stage on a leg the seller's partners sell is bought from them, and
// the alliance reroutes to the next partner when one is removed (Hecates;
// domain.md, "Organised crime groups").
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/errors.hpp"
#include "sim/organisations/organisations.hpp"
#include "tests/test_groups.hpp"
#include "tests/test_helpers.hpp"

namespace smugglesim {
namespace {

using testing::ocg_index;
using testing::run_checked;
using testing::toy_model;

constexpr std::uint32_t kAP = 0, kPI = 1, kPI2 = 2, kID = 3;  // leg indices of the toy network (tests/test_helpers.hpp)

// An alliance selling the whole way A-P-I-D as one package: it drives A-P and
// I-D itself, and buys the sea crossing P-I from its partners Sea1 and Sea2.
const std::string kAlliance = R"(
[organisations]
enabled = true

[[ocg]]
name = "Hecates"
structure = "alliance"
legs = ["A-P"]
partners = ["Sea1", "Sea2"]
members = { organiser = 1, recruiter = 2, transporter = 4, safe_house = 1 }
capacity = 200
payment = { cash = 0.5, hawala = 0.5 }

[[ocg.package]]
legs = ["A-P", "P-I", "I-D"]
capacity = 60
price_factor = 0.9
lodging_eur = 80

[[ocg]]
name = "Sea1"
structure = "cells"
legs = ["P-I"]
members = { organiser = 1, transporter = 4 }
capacity = 60

[[ocg]]
name = "Sea2"
structure = "cells"
legs = ["P-I"]
members = { organiser = 1, transporter = 4 }
capacity = 60
)";

// The package's offers on leg `l` (its stage there), in preference order.
std::vector<std::uint32_t> stage_offers(const Model& m, std::uint32_t l) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t o = m.leg_offers[l]; o < m.leg_offers[l + 1]; ++o)
        if (m.offers[o].package != kNoPackage) out.push_back(o);
    return out;
}

double flow(const SeriesSet& s, Dim dim, const char* name, std::size_t col, int from = 0, int to = -1) {
    const SeriesId id = s.at(dim, name);
    double sum = 0;
    for (int d = from; d < (to < 0 ? s.days() : to); ++d) sum += s.value(id, d, col);
    return sum;
}

TEST(Packages, StagesAreRunByTheSellerOrItsPartnersInOrder) {
    const auto m = toy_model(kAlliance);
    ASSERT_EQ(m->packages.size(), 1u);
    const PackageModel& pm = m->packages[0];
    const std::uint32_t h = ocg_index(*m, "Hecates"), s1 = ocg_index(*m, "Sea1"), s2 = ocg_index(*m, "Sea2");
    EXPECT_EQ(pm.ocg, h);
    EXPECT_EQ(pm.stages(), 3u);
    EXPECT_EQ(m->network->places()[pm.from].id, "A");
    EXPECT_EQ(m->network->places()[pm.to].id, "D");
    const auto ap = stage_offers(*m, kAP), pi = stage_offers(*m, kPI), id = stage_offers(*m, kID);
    ASSERT_EQ(ap.size(), 1u);
    ASSERT_EQ(pi.size(), 2u);
    ASSERT_EQ(id.size(), 1u);
    EXPECT_EQ(pm.head(), ap[0]);
    EXPECT_EQ(m->offers[pi[0]].ocg, s1) << "partners in the order listed";
    EXPECT_EQ(m->offers[pi[1]].ocg, s2);
    EXPECT_EQ(m->offers[id[0]].ocg, h) << "no partner sells I-D: the seller runs it";
    EXPECT_TRUE(m->continues_package(pi[0]));
    EXPECT_FALSE(m->continues_package(pm.head()));
    EXPECT_EQ(m->offer_end(pm.head()), pm.to);
    // Its price: 0.9 x the stages' prices (2000 + 1200 + 1500) + two stops' lodging.
    EXPECT_NEAR(m->offers[pm.head()].initial.price, 0.9 * (2000 + 1200 + 1500) + 2 * 80, 1e-9);
    EXPECT_EQ(m->offers[pi[0]].initial.price, 0.0) << "later stages are paid for with the package";
}

TEST(Packages, ClientsGoOnWithoutChoosingOrPayingAgainAndTheMoneyBalances) {
    const auto m = toy_model(kAlliance);
    const SeriesSet s = run_checked(m);
    const PackageModel& pm = m->packages[0];
    const std::uint32_t h = ocg_index(*m, "Hecates"), s1 = ocg_index(*m, "Sea1"), s2 = ocg_index(*m, "Sea2");
    const auto pi = stage_offers(*m, kPI), id = stage_offers(*m, kID);
    const double sold = flow(s, Dim::Ocg, "packages_sold", h);
    EXPECT_GT(sold, 500.0) << "migrants buy the package";
    EXPECT_EQ(sold, flow(s, Dim::Offer, "boardings", pm.head()));
    const double sea = flow(s, Dim::Offer, "boardings", pi[0]), land = flow(s, Dim::Offer, "boardings", id[0]);
    EXPECT_GT(sea, 0.5 * sold) << "clients go on to the sea stage";
    EXPECT_LE(sea, sold);
    EXPECT_GT(land, 0.5 * sea) << "and on to the last stage";
    EXPECT_LE(land, sea);
    EXPECT_EQ(flow(s, Dim::Offer, "boardings", pi[1]), 0.0) << "Sea2 runs the stage only when Sea1 cannot";
    for (int d = 0; d < s.days(); ++d) EXPECT_EQ(s.value(s.at(Dim::Offer, "price_eur"), d, pi[0]), 0.0) << "day " << d;
    // The seller pays its partner the partner's price for each client it carries.
    const double paid_partner = flow(s, Dim::Ocg, "ledger_group_to_group_crossings_eur", h);
    const OrganisationsModel& om = *m->organisations;
    EXPECT_NEAR(paid_partner, sea * om.reference_price[pi[0]], 1e-6 * paid_partner);
    EXPECT_NEAR(om.reference_price[pi[0]], 1200.0, 1e-9);
    EXPECT_EQ(flow(s, Dim::Ocg, "ledger_group_to_group_crossings_eur", s1), 0.0);
    EXPECT_GT(flow(s, Dim::Ocg, "revenue_eur", s1), paid_partner - 1e-6) << "Sea1 earns at least what the seller paid it";
    EXPECT_NEAR(flow(s, Dim::Ocg, "revenue_eur", s2),
                flow(s, Dim::Ocg, "ledger_migrants_to_group_cash_eur", s2) +
                    flow(s, Dim::Ocg, "ledger_migrants_to_group_transfer_eur", s2) +
                    flow(s, Dim::Ocg, "ledger_broker_to_group_hawala_eur", s2),
                1e-3)
        << "Sea2 earns only from its own clients";
}

TEST(Packages, TheAllianceReroutesToTheNextPartnerWhenOneIsRemoved) {
    constexpr int kDay = 50;
    const auto m = toy_model(kAlliance + "\n[[intervention]]\nname = \"arrests\"\nday = " + std::to_string(kDay) +
                             "\naction = \"remove_ocg\"\nocg = \"Sea1\"\n");
    const SeriesSet s = run_checked(m);
    const auto pi = stage_offers(*m, kPI);
    const double sea1_before = flow(s, Dim::Offer, "boardings", pi[0], kDay - 20, kDay);
    const double sea1_after = flow(s, Dim::Offer, "boardings", pi[0], kDay + 1);
    const double sea2_before = flow(s, Dim::Offer, "boardings", pi[1], 0, kDay);
    const double sea2_after = flow(s, Dim::Offer, "boardings", pi[1], kDay + 1, kDay + 21);
    EXPECT_GT(sea1_before, 0.0);
    EXPECT_EQ(sea1_after, 0.0) << "Sea1 is gone";
    EXPECT_EQ(sea2_before, 0.0);
    EXPECT_GT(sea2_after, 0.5 * sea1_before) << "the package's clients cross with Sea2 instead";
    const std::uint32_t h = ocg_index(*m, "Hecates");
    EXPECT_GT(flow(s, Dim::Ocg, "packages_sold", h, kDay + 1), 0.0) << "the package is still sold";
    // Its clients who were waiting for Sea1 at P move to Sea2's queue the next day (they paid already).
    Simulation sim(m);
    std::uint32_t waiting_before = 0;
    while (sim.day() <= kDay + 2) {
        sim.step();
        if (sim.day() - 1 == kDay) waiting_before = sim.world().offer_day[pi[0]].queued;
    }
    EXPECT_GT(waiting_before, 0u) << "some wait for Sea1 when it is removed";
    EXPECT_EQ(sim.world().offer_day[pi[0]].queued, 0u);
    EXPECT_GE(sim.world().offer_day[pi[1]].queued + flow(sim.series(), Dim::Offer, "boardings", pi[1], kDay + 1, kDay + 3),
              waiting_before);
}

TEST(Packages, WithoutAnyPartnerLeftThePackageIsNotSoldAndItsClientsChoose) {
    const auto m = toy_model(kAlliance + R"(
[[intervention]]
day = 40
action = "remove_ocg"
ocg = "Sea1"

[[intervention]]
day = 40
action = "remove_ocg"
ocg = "Sea2"
)");
    const SeriesSet s = run_checked(m);
    const std::uint32_t h = ocg_index(*m, "Hecates");
    EXPECT_GT(flow(s, Dim::Ocg, "packages_sold", h, 0, 40), 0.0);
    EXPECT_EQ(flow(s, Dim::Ocg, "packages_sold", h, 42), 0.0) << "a package with a stage nobody runs is closed";
    EXPECT_EQ(flow(s, Dim::Leg, "flow", kPI, 42), 0.0) << "nobody sells P-I any more";
    EXPECT_GT(flow(s, Dim::Leg, "flow", kPI2, 42), 0.0) << "the migrants at P cross to I2 instead";
}

TEST(Packages, ResultsDoNotDependOnTheThreadCount) {
    const auto m = toy_model(kAlliance + "\n[[intervention]]\nday = 30\naction = \"remove_ocg\"\nocg = \"Sea1\"\n");
    EXPECT_EQ(testing::differs_across_thread_counts(m), "");
}

// A package with documents: the group's forgers make a passport for each
// client without one, and the package flies them on (a leg that needs documents).
const std::string kAirPackage = R"(
[organisations]
enabled = true

[[ocg]]
name = "Air"
legs = ["A-P"]
members = { organiser = 1, recruiter = 1, transporter = 4, forger = 4 }
capacity = 100

[[ocg.package]]
legs = ["A-P", "P-D-AIR"]
documents = true
capacity = 20
)";

TEST(Packages, WithDocumentsTheSellersForgersEquipItsClientsForTheFlight) {
    const auto m = toy_model(kAirPackage);
    ASSERT_EQ(m->packages.size(), 1u);
    const PackageModel& pm = m->packages[0];
    ASSERT_TRUE(pm.with_documents());
    const std::uint32_t g = ocg_index(*m, "Air");
    EXPECT_EQ(m->document_sellers[pm.doc_seller].ocg, g);
    const auto air = stage_offers(*m, 5);  // P-D-AIR
    ASSERT_EQ(air.size(), 1u);
    EXPECT_EQ(m->offers[air[0]].ocg, g) << "the seller's escorts run the flight";
    // Its price: the legs' (2000 + 5000) and a document ([documents] price_eur), one stop's lodging.
    EXPECT_NEAR(m->offers[pm.head()].initial.price, 2000 + 5000 + m->scenario.documents.price_eur + 50, 1e-9);
    const SeriesSet s = run_checked(m);
    const double sold = flow(s, Dim::Ocg, "packages_sold", g), flew = flow(s, Dim::Offer, "boardings", air[0]);
    EXPECT_GT(sold, 100.0);
    EXPECT_GT(flew, 0.5 * sold);
    EXPECT_LE(flew, sold);
    // Of the origin's migrants 70 % have no documents: they take it (or buy a
    // document alone at A) as long as its forgers' documents last, and all of
    // those are sold.
    const double docs = flow(s, Dim::Ocg, "documents_sold", g), made = flow(s, Dim::Ocg, "documents_made", g);
    EXPECT_GT(made, 300.0);
    EXPECT_GT(docs, 0.9 * made);
    EXPECT_LT(docs, sold);
    EXPECT_LE(docs, flow(s, Dim::Ocg, "documents_wanted", g));
    EXPECT_EQ(testing::differs_across_thread_counts(m), "") << "documents are handed out in decision order";
}

TEST(Packages, WithDocumentsNeedAGroupThatMakesThem) {
    const std::string msg = testing::toy_input_error(R"(
[organisations]
enabled = true

[[ocg]]
name = "G"
legs = ["A-P"]
members = { organiser = 1, transporter = 2 }

[[ocg.package]]
legs = ["A-P", "P-D-AIR"]
documents = true
)");
    for (const char* p : {"toy.toml", "ocg[0].package[0]", "key 'documents'", "'G'", "sells no travel documents"})
        EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
    const std::string bad_place = testing::toy_input_error("[organisations]\nenabled = true\n\n[[ocg]]\nname = \"G\"\nlegs = [\"A-P\"]\n"
                                              "officials_at = [\"Q\"]\n");
    for (const char* p : {"toy.toml", "key 'officials_at'", "no place 'Q'"})
        EXPECT_NE(bad_place.find(p), std::string::npos) << "'" << p << "' not in: " << bad_place;
}

TEST(Packages, BadPackagesNameTheFileTheBlockAndTheKey) {
    const std::string head = "[organisations]\nenabled = true\n\n[[ocg]]\nname = \"G\"\nlegs = [\"A-P\"]\n\n[[ocg.package]]\n";
    auto expect = [&](const std::string& extra, const std::vector<std::string>& parts) {
        const std::string msg = testing::toy_input_error(head + extra);
        ASSERT_FALSE(msg.empty()) << extra;
        for (const auto& p : parts) EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
    };
    expect("legs = [\"A-P\", \"I-D\"]\n", {"toy.toml", "ocg[0].package[0]", "key 'legs'", "'I-D'", "does not start where", "'A-P'"});
    expect("legs = [\"A-P\", \"P-X\"]\n", {"toy.toml", "ocg[0].package[0]", "no leg 'P-X'"});
    expect("legs = [\"A-P\"]\n", {"toy.toml", "package", "legs", "at least two legs"});
    expect("legs = [\"A-P\", \"P-D-AIR\"]\n", {"toy.toml", "ocg[0].package[0]", "'P-D-AIR'", "needs travel documents"});
    expect("legs = [\"A-P\", \"P-I\"]\ncapacity = -3\n", {"toy.toml", "capacity"});
    expect("legs = [\"A-P\", \"P-I\"]\nprice = 3\n", {"toy.toml", "unknown key", "price"});
}

}  // namespace
}  // namespace smugglesim
