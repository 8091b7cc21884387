// The organisations module: groups read from [[ocg]] blocks or made by the
// default rule, their offers and members, the market (capacity from members,
// prices, reputation), the money ledger and what removing members does.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>

#include "sim/errors.hpp"
#include "sim/organisations/organisations.hpp"
#include "tests/test_groups.hpp"
#include "tests/test_helpers.hpp"

namespace smugglesim {
namespace {

using testing::kTwoGroups;
using testing::ocg_index;
using testing::offer_of;
using testing::toy_model;

// Leg indices of the toy network (tests/test_helpers.hpp).
constexpr std::uint32_t kAP = 0, kPI = 1, kPI2 = 2, kID = 3, kAir = 5;

// Two groups competing on the Aegean-like crossing P-I; the other smuggled legs
// get default groups.
const OrganisationsModel& orgs(const Model& m) { return *m.organisations; }

// The offer of group `g` on leg `l`.
std::string error_of(const std::string& extra) {
    try {
        toy_model(extra);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Organisations, EverySmuggledLegIsSoldByGroupsAndDocumentedLegsStayTheirOwn) {
    const auto m = toy_model("[organisations]\nenabled = true\n");
    ASSERT_TRUE(m->organisations);
    for (std::uint32_t l = 0; l < m->legs.size(); ++l) {
        const std::uint32_t n = m->leg_offers[l + 1] - m->leg_offers[l];
        if (m->legs[l].need_docs) {
            EXPECT_EQ(n, 1u);
            EXPECT_EQ(m->offers[m->leg_offers[l]].ocg, kNoOcg) << "leg " << l;
            continue;
        }
        EXPECT_EQ(n, 3u) << "two default groups per stage and an entrant, leg " << l;
        double capacity = 0;
        std::uint32_t entrants = 0;
        for (std::uint32_t o = m->leg_offers[l]; o < m->leg_offers[l + 1]; ++o) {
            ASSERT_NE(m->offers[o].ocg, kNoOcg);
            if (orgs(*m).ocgs[m->offers[o].ocg].entrant) {
                ++entrants;
                EXPECT_NEAR(m->offers[o].initial.capacity, 0.25 * m->legs[l].initial.capacity, 1e-9) << "entry_share";
                continue;
            }
            capacity += m->offers[o].initial.capacity;
        }
        EXPECT_EQ(entrants, 1u) << "entrants_per_stage";
        EXPECT_NEAR(capacity, m->legs[l].initial.capacity, 1e-9) << "the groups share the leg's capacity";
    }
    EXPECT_EQ(m->offers[m->leg_offers[kAir]].ocg, kNoOcg);
    // A default group sells all the smuggled legs leaving its place (a stage of the route).
    const auto& o = orgs(*m);
    const std::uint32_t p_group = ocg_index(*m, "P#1");
    std::vector<std::uint32_t> legs;
    for (const std::uint32_t of : o.ocgs[p_group].offers) legs.push_back(m->offers[of].leg);
    EXPECT_EQ(legs, (std::vector<std::uint32_t>{kPI, kPI2}));
}

TEST(Organisations, DefaultGroupsHaveAboutOneOrganiserInSevenMembers) {
    const auto m = toy_model("[organisations]\nenabled = true\n", ModelOptions{{}, {}, 20.0});
    std::array<double, kRoleCount> n{};
    for (const MemberModel& mm : orgs(*m).members) ++n[static_cast<std::size_t>(mm.role)];
    double all = 0;
    for (double x : n) all += x;
    const double share = n[static_cast<std::size_t>(Role::Organiser)] / all;
    EXPECT_GT(share, 0.12);
    EXPECT_LT(share, 0.18) << "Campana 2018: about 15 % organisers";
    // Transporters run their offer's seats: capacity = transporters x seats each.
    const auto& o = orgs(*m);
    for (std::uint32_t of = 0; of < m->offers.size(); ++of) {
        if (m->offers[of].ocg == kNoOcg || o.ocgs[m->offers[of].ocg].entrant) continue;  // entrants: none until they enter
        std::size_t t = 0;
        for (const MemberModel& mm : o.members) t += mm.offer == of;
        EXPECT_NEAR(static_cast<double>(t) * o.seats_per_transporter[of], m->offers[of].initial.capacity, 1e-6);
    }
}

TEST(Organisations, GroupsFromTheScenarioSellTheirLegsWithTheirMembers) {
    const auto m = toy_model(kTwoGroups);
    const std::uint32_t a = ocg_index(*m, "Alpha"), b = ocg_index(*m, "Beta");
    EXPECT_EQ(m->leg_offers[kPI + 1] - m->leg_offers[kPI], 3u) << "only Alpha and Beta sell P-I (and P's entrant may enter)";
    EXPECT_TRUE(orgs(*m).ocgs[m->offers[m->leg_offers[kPI] + 2].ocg].entrant);
    EXPECT_EQ(orgs(*m).ocgs[m->offers[m->leg_offers[kPI] + 2].ocg].member_count, 0u);
    const auto& o = orgs(*m);
    EXPECT_EQ(o.ocgs[a].structure, Structure::Hierarchy);
    EXPECT_EQ(o.ocgs[b].structure, Structure::Cells);
    EXPECT_EQ(o.ocgs[a].member_count, 12u);
    EXPECT_NEAR(o.ocgs[a].payment[1], 0.7, 1e-12);
    EXPECT_NEAR(m->offers[offer_of(*m, kPI, a)].initial.capacity, 80.0, 1e-12);
    EXPECT_NEAR(o.seats_per_transporter[offer_of(*m, kPI, a)], 10.0, 1e-12);
    // P-I2 leaves the same place: default groups sell it.
    EXPECT_EQ(m->offers[m->leg_offers[kPI2]].ocg, ocg_index(*m, "P#1"));
}

TEST(Organisations, OffWhenDisabled) {
    const auto m = toy_model();
    EXPECT_FALSE(m->organisations);
    EXPECT_EQ(m->offers.size(), m->legs.size());
}

TEST(Organisations, BadInputNamesTheFileTheBlockAndTheKey) {
    const std::string head = "[organisations]\nenabled = true\n[[ocg]]\nname = \"X\"\n";
    auto expect = [&](const std::string& body, std::initializer_list<std::string> parts) {
        const std::string msg = error_of(head + body);
        for (const auto& p : parts) EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
    };
    expect("legs = [\"P-NOWHERE\"]\n", {"toy.toml", "ocg", "legs", "no leg 'P-NOWHERE'"});
    expect("legs = [\"P-D-AIR\"]\n", {"toy.toml", "legs", "'P-D-AIR' needs travel documents"});
    expect("legs = [\"P-I\"]\nmembers = { pilot = 2 }\n", {"toy.toml", "members.pilot", "unknown role"});
    expect("legs = [\"P-I\"]\nmembers = { organiser = 1 }\n", {"members.transporter", "at least one transporter"});
    expect("legs = [\"P-I\"]\nmembers = { transporter = 2.5 }\n", {"members.transporter", "whole number"});
    expect("legs = [\"P-I\"]\nbase = \"ATLANTIS\"\n", {"toy.toml", "base", "no place 'ATLANTIS'"});
    expect("legs = [\"P-I\"]\npartners = [\"Nobody\"]\n", {"partners", "no other group named 'Nobody'"});
    expect("legs = [\"P-I\"]\npayment = { bitcoin = 1.0 }\n", {"payment.bitcoin", "unknown channel"});
    expect("legs = [\"P-I\"]\nstructure = \"pyramid\"\n", {"toy.toml", "structure", "pyramid"});
    expect("legs = [\"P-I\"]\ncapacity = nan\n", {"toy.toml", "capacity"});
    expect("legs = [\"P-I\"]\n[[ocg]]\nname = \"X\"\nlegs = [\"I-D\"]\n", {"toy.toml", "'X' is declared twice"});
    expect("legs = [\"P-I\"]\nprice = 3\n", {"toy.toml", "price"});
    expect("", {"toy.toml", "legs", "required"});
    EXPECT_NE(error_of("[organisations]\nenabled = true\ngroups_per_stage = 0\n").find("groups_per_stage"), std::string::npos);
    EXPECT_NE(error_of("[market]\nmargin = 0.9\n").find("pay_share"), std::string::npos) << "costs above 1 - margin";
}

// Money: every day, what migrants paid is the groups' revenue plus what brokers
// hold, refunded or kept; each group's cash is its revenue minus its costs;
// and the fees in the ledger are the migrants' own payments on groups' offers.
TEST(Organisations, MoneyBalancesEveryDay) {
    Simulation sim(toy_model(kTwoGroups));
    const Model& md = sim.model();
    const SeriesSet& s = sim.series();
    double paid_on_group_legs = 0;
    while (!sim.done()) {
        sim.step();
        const int d = sim.day() - 1;
        ASSERT_EQ(sim.check_state(), "") << "day " << d;
        for (std::uint32_t l = 0; l < md.legs.size(); ++l)
            if (md.offers[md.leg_offers[l]].ocg != kNoOcg) paid_on_group_legs += s.value(s.at(Dim::Leg, "paid_eur"), d, l);
    }
    // Documents bought from the groups' forgers are paid in cash too, at the
    // price their group set the day before (each group here has one seller).
    double documents = 0;
    const SeriesId sold = s.at(Dim::Ocg, "documents_sold"), price = s.at(Dim::Ocg, "documents_price_eur");
    for (const DocumentSellerModel& seller : md.document_sellers)
        for (int d = 0; d < md.days; ++d)
            documents += s.value(sold, d, seller.ocg) * (d == 0 ? seller.price : s.value(price, d - 1, seller.ocg));
    EXPECT_GT(documents, 0.0) << "the default groups at A sell documents";
    const double paid = paid_on_group_legs + documents;
    const auto& org = sim.module<OrganisationsModule>();
    EXPECT_NEAR(org.money().paid, paid, 1e-6 * paid);
    EXPECT_GT(org.money().hawala_in, 0.0);
    EXPECT_GT(org.money().released, 0.0);
    EXPECT_GT(org.money().refunded + org.money().broker_kept, 0.0) << "some clients never reach the agreed point";
    // The ledger series add up to the totals.
    double ledger_in = 0;
    for (const char* n : {"ledger_migrants_to_group_cash_eur", "ledger_migrants_to_group_transfer_eur",
                          "ledger_migrants_to_broker_hawala_eur"})
        for (double v : s.run_totals(s.at(Dim::Ocg, n))) ledger_in += v;
    EXPECT_NEAR(ledger_in, org.money().paid, 1e-6 * ledger_in);
    double paid_series = 0;
    for (double v : s.run_totals(s.at(Dim::Total, "paid_to_smugglers_eur"))) paid_series += v;
    EXPECT_NEAR(paid_series, org.money().paid, 1e-6 * paid_series);
    // Beta takes cash only: nothing of its clients' money goes through brokers.
    const std::uint32_t b = ocg_index(md, "Beta");
    EXPECT_EQ(s.run_totals(s.at(Dim::Ocg, "ledger_migrants_to_broker_hawala_eur"))[b], 0.0);
    EXPECT_GT(s.run_totals(s.at(Dim::Ocg, "served"))[b], 0.0);
}

TEST(Organisations, ResultsDoNotDependOnTheThreadCount) {
    EXPECT_EQ(testing::differs_across_thread_counts(toy_model(kTwoGroups)), "");
}

// Removing a group on a competitive leg hands its clients to its rivals (the
// other group on the leg, which hires, and the groups of the other crossing
// from the same port) instead of the market shrinking.
TEST(Organisations, RemovingAGroupHandsItsMarketToTheRival) {
    const auto model = toy_model(kTwoGroups);
    const std::uint32_t a = ocg_index(*model, "Alpha"), b = ocg_index(*model, "Beta");
    const std::uint32_t oa = offer_of(*model, kPI, a), ob = offer_of(*model, kPI, b);
    auto run = [&](bool remove) {
        Simulation sim(model);
        for (int d = 0; d < 40; ++d) sim.step();
        if (remove) {
            EXPECT_GE(sim.module<OrganisationsModule>().remove_members(a, std::nullopt, 1000), 12u);
        }
        std::uint64_t alpha = 0, beta = 0, leg = 0;
        while (!sim.done()) {
            sim.step();
            EXPECT_EQ(sim.check_state(), "");
            alpha += sim.world().offer_day[oa].boarded;
            beta += sim.world().offer_day[ob].boarded;
            if (sim.day() > 80)  // once the rivals have had time to hire: the crossings leaving P
                for (const std::uint32_t l : {kPI, kPI2})
                    leg += static_cast<std::uint64_t>(sim.series().value(sim.series().at(Dim::Leg, "flow"), sim.day() - 1, l));
        }
        return std::array<std::uint64_t, 3>{alpha, beta, leg};
    };
    const auto base = run(false), removed = run(true);
    EXPECT_GT(base[0], 1000u);
    EXPECT_LE(removed[0], base[0] / 50) << "Alpha sells (almost) nothing once removed";
    EXPECT_GT(removed[1], base[1] + base[0] / 10) << "Beta takes over part of Alpha's market";
    EXPECT_GT(removed[2], base[2] * 9 / 10) << "the crossings from P carry (nearly) as many as before (last 40 days)";
    std::cout << "base: Alpha " << base[0] << ", Beta " << base[1] << ", leg " << base[2] << "; Alpha removed on day 40: Alpha "
              << removed[0] << ", Beta " << removed[1] << ", leg " << removed[2] << "\n";
}

// A hierarchy stalls without its organisers (or runs at `run_from_custody` of its
// capacity while they are in custody); cells carry on without theirs.
TEST(Organisations, AHierarchyStallsWithoutItsOrganiserCellsCarryOn) {
    auto capacity_after = [&](const std::string& group, double from_custody) {
        std::string text = kTwoGroups;
        text.insert(text.find("enabled = true") + 14, "\nrun_from_custody = " + std::to_string(from_custody));
        Simulation sim(toy_model(text));
        const Model& md = sim.model();
        const std::uint32_t g = ocg_index(md, group);
        for (int d = 0; d < 5; ++d) sim.step();
        EXPECT_EQ(sim.module<OrganisationsModule>().remove_members(g, Role::Organiser, 10), 1u);
        sim.step();
        return sim.world().offers[offer_of(md, kPI, g)].capacity;
    };
    EXPECT_EQ(capacity_after("Alpha", 0.0), 0.0);
    EXPECT_NEAR(capacity_after("Alpha", 0.5), 40.0, 1e-9) << "leaders run operations from detention (Acropolis)";
    EXPECT_NEAR(capacity_after("Beta", 0.0), 80.0, 1e-9);
}

// A group whose clients die more often than the crossing's known risk loses
// customers once word gets around; its rival gains them.
TEST(Organisations, AGroupWhoseClientsDieLosesCustomers) {
    const auto model = toy_model(kTwoGroups);
    const std::uint32_t a = ocg_index(*model, "Alpha"), b = ocg_index(*model, "Beta");
    const std::uint32_t oa = offer_of(*model, kPI, a), ob = offer_of(*model, kPI, b);
    auto share_of_alpha = [&](bool deadly) {
        Simulation sim(model);
        std::uint64_t alpha = 0, beta = 0;
        while (!sim.done()) {
            if (deadly) sim.world().offers[oa].hazard_factor = 8.0;  // worse boats, overloaded
            sim.step();
            if (sim.day() > 60) {
                alpha += sim.world().offer_day[oa].boarded;
                beta += sim.world().offer_day[ob].boarded;
            }
        }
        EXPECT_GT(alpha + beta, 0u);
        if (deadly) {
            EXPECT_GT(sim.world().offers[oa].trust_cost, sim.world().offers[ob].trust_cost);
        }
        return static_cast<double>(alpha) / static_cast<double>(alpha + beta);
    };
    const double normal = share_of_alpha(false), deadly = share_of_alpha(true);
    EXPECT_LT(deadly, normal - 0.05) << "normal " << normal << ", deadly " << deadly;
}

// Prices: a queue longer than the reference raises them, fewer rivals raise
// them, and they stay within the bounds of the rule.
TEST(Organisations, PricesFollowDemandAndCompetitionWithinBounds) {
    const auto model = toy_model(kTwoGroups);
    const std::uint32_t a = ocg_index(*model, "Alpha"), b = ocg_index(*model, "Beta");
    const std::uint32_t oa = offer_of(*model, kPI, a), ob = offer_of(*model, kPI, b);
    Simulation sim(model);
    const double ref = orgs(*model).reference_price[ob];
    for (int d = 0; d < 60; ++d) sim.step();
    const double before = sim.world().offers[ob].price;
    EXPECT_GE(before, model->scenario.market.min_factor * ref);
    EXPECT_LE(before, model->scenario.market.max_factor * ref);
    sim.module<OrganisationsModule>().remove_members(a, std::nullopt, 1000);
    for (int d = 0; d < 40; ++d) sim.step();
    const double after = sim.world().offers[ob].price;
    EXPECT_GT(after, before) << "one rival fewer and its clients queueing: Beta charges more";
    EXPECT_EQ(sim.world().offers[oa].capacity, 0.0);
}

// Corrupt officials where a leg starts cut the chance that their group's
// clients are intercepted on it, and only theirs; the group pays bribes.
TEST(Organisations, CorruptOfficialsLowerTheirClientsDetectionOnLegsFromTheirPlace) {
    const std::string blocks = R"(
[organisations]
enabled = true
official_effect = 0.5

[[ocg]]
name = "Bribing"
legs = ["P-I"]
members = { organiser = 1, recruiter = 2, transporter = 8, official = 2 }
capacity = 80

[[ocg]]
name = "Honest"
legs = ["P-I"]
members = { organiser = 1, recruiter = 2, transporter = 8 }
capacity = 80
)";
    const auto model = toy_model(blocks);
    const std::uint32_t a = ocg_index(*model, "Bribing"), b = ocg_index(*model, "Honest");
    const std::uint32_t oa = offer_of(*model, kPI, a), ob = offer_of(*model, kPI, b);
    // The officials sit where the group's leg starts.
    const OcgModel& g = orgs(*model).ocgs[a];
    int officials = 0;
    for (std::uint32_t i = g.first_member; i < g.first_member + g.member_count; ++i)
        if (orgs(*model).members[i].role == Role::Official) {
            EXPECT_EQ(orgs(*model).members[i].place, model->legs[kPI].from);
            ++officials;
        }
    EXPECT_EQ(officials, 2);
    Simulation sim(model);
    std::uint64_t ended[2] = {0, 0}, caught[2] = {0, 0};
    double bribes = 0;
    while (!sim.done()) {
        sim.step();
        if (sim.day() == 1) {
            EXPECT_DOUBLE_EQ(sim.world().offers[oa].interception_factor, 0.25);
            EXPECT_DOUBLE_EQ(sim.world().offers[ob].interception_factor, 1.0);
        }
        for (int k = 0; k < 2; ++k) {
            const OfferDay& od = sim.world().offer_day[k == 0 ? oa : ob];
            ended[k] += od.reached + od.dead + od.missing + od.intercepted;
            caught[k] += od.intercepted;
        }
        bribes += sim.world().series.row<double>(sim.world().series.at(Dim::Ocg, "ledger_group_to_officials_eur"), sim.day() - 1)[a];
        EXPECT_EQ(sim.check_state(), "");
    }
    ASSERT_GT(ended[0], 500u);
    ASSERT_GT(ended[1], 500u);
    const double ra = static_cast<double>(caught[0]) / static_cast<double>(ended[0]);
    const double rb = static_cast<double>(caught[1]) / static_cast<double>(ended[1]);
    EXPECT_LT(ra, 0.5 * rb) << "bribing " << ra << ", honest " << rb;
    EXPECT_GT(bribes, 0.0);
    // Removing the officials restores detection from the next market day.
    sim.module<OrganisationsModule>().remove_members(a, Role::Official, 2);
    EXPECT_EQ(sim.check_state(), "");
}


// Migrants out of money where groups sell crossings are exploited with
// probability exploitation_share instead of stranded; elsewhere, or without
// money trouble, they are stranded as before. The draw touches nothing else, so
// stranded + exploited does not depend on the share.
TEST(Organisations, MigrantsOutOfMoneyWhereSmugglersOperateAreExploited) {
    auto run = [](double share) {
        const auto model = toy_model("[organisations]\nenabled = true\n[travel]\ndaily_cost_eur = 40\nexploitation_share = " +
                                     std::to_string(share) + "\n");
        Simulation sim(model);
        while (!sim.done()) {
            sim.step();
            EXPECT_EQ(sim.check_state(), "");
        }
        const SeriesSet& s = sim.series();
        return std::pair{sim.module<MigrantsModule>().totals(), s.run_totals(s.at(Dim::Place, "exploited"))};
    };
    const auto [none, none_by_place] = run(0.0);
    const auto [half, half_by_place] = run(0.5);
    EXPECT_EQ(none.exploited, 0u);
    ASSERT_GT(none.stranded, 200u);
    EXPECT_EQ(half.stranded + half.exploited, none.stranded);
    EXPECT_EQ(half.generated, half.waiting + half.travelling + half.arrived + half.dead + half.missing + half.stranded +
                                  half.returned + half.exploited);
    const double share = static_cast<double>(half.exploited) / static_cast<double>(none.stranded);
    EXPECT_GT(share, 0.3);
    EXPECT_LT(share, 0.56);  // about half of those at risk (out of money where groups sell), give or take chance
    // Nobody is exploited at the destinations, where no group sells crossings.
    const auto m = toy_model("[organisations]\nenabled = true\n");
    double at_destinations = 0;
    for (std::uint32_t p = 0; p < m->place_count(); ++p)
        if (m->place_is_destination[p] && p != 4) at_destinations += half_by_place[p];
    EXPECT_EQ(at_destinations, 0.0);
    double total = 0;
    for (const double v : half_by_place) total += v;
    EXPECT_EQ(total, static_cast<double>(half.exploited));
}


// The members table left at the end of the run: one row per member, with what
// the members earned adding up to the pay the groups booked (transporters 70 %,
// recruiters 30 % of it while some are at work), statuses as the module has them.
TEST(Organisations, MembersTableAtTheEndOfTheRun) {
    const auto model = toy_model(kTwoGroups);
    const std::uint32_t a = ocg_index(*model, "Alpha");
    Simulation sim(model);
    for (int d = 0; d < 50; ++d) sim.step();
    sim.module<OrganisationsModule>().remove_members(a, Role::Transporter, 3);
    EXPECT_TRUE(sim.series().tables().empty()) << "no table before the end";
    while (!sim.done()) sim.step();
    const auto& org = sim.module<OrganisationsModule>();
    ASSERT_EQ(sim.series().tables().size(), 1u);
    const EndTable& t = sim.series().tables()[0];
    EXPECT_EQ(t.name, "members");
    EXPECT_EQ(t.module, "organisations");
    auto column = [&](const std::string& name) -> const TableColumn& {
        for (const TableColumn& c : t.columns)
            if (c.name == name) return c;
        throw std::out_of_range(name);
    };
    for (const TableColumn& c : t.columns) EXPECT_EQ(c.size(), org.member_count()) << c.name;
    EXPECT_GT(org.member_count(), orgs(*model).members.size()) << "the three transporters were replaced";
    const auto& status = std::get<LabelColumn>(column("status").values);
    const auto& role = std::get<LabelColumn>(column("role").values);
    const auto& group = std::get<std::vector<std::uint16_t>>(column("ocg").values);
    const auto& recruited = std::get<std::vector<std::uint8_t>>(column("recruited").values);
    int arrested = 0, recruits = 0;
    for (std::size_t i = 0; i < status.size(); ++i) {
        if (status[i] == "arrested") {
            ++arrested;
            EXPECT_EQ(role[i], "transporter");
            EXPECT_EQ(group[i], a);
        }
        recruits += recruited[i];
    }
    EXPECT_EQ(arrested, 3);
    EXPECT_GE(recruits, 3);
    const auto& earnings = std::get<std::vector<float>>(column("earnings_eur").values);
    double earned = 0, pay = 0;
    for (const float e : earnings) {
        EXPECT_GE(e, 0.0);
        earned += e;
    }
    const SeriesSet& s = sim.series();
    for (const double v : s.run_totals(s.at(Dim::Ocg, "ledger_group_to_members_eur"))) pay += v;
    ASSERT_GT(pay, 0.0);
    EXPECT_LE(earned, pay * (1 + 1e-6));
    EXPECT_GE(earned, 0.7 * pay * (1 - 1e-6));
    const auto& sightings = std::get<std::vector<std::uint32_t>>(column("sightings").values);
    int seen = 0;
    for (std::size_t i = 0; i < sightings.size(); ++i) {
        if (role[i] != "transporter") {
            EXPECT_EQ(sightings[i], 0u) << "only transporters are seen on crossings";
        }
        seen += sightings[i] > 0;
    }
    EXPECT_GT(seen, 0);
}


// Capacity moves between a group's corridors: when one of its crossings stops
// paying (here its price is cut to EUR 100, below the group's costs per
// seat), the group moves transporters to the crossing that still pays and
// has a queue, and the flow follows them there.
TEST(Organisations, GroupsMoveCapacityToTheCorridorThatPays) {
    const std::string duo = R"(
[organisations]
enabled = true
max_growth = 1.0
review_days = 0  # moving only: no exit (EntryAndExit tests)

[[ocg]]
name = "Duo"
structure = "cells"
legs = ["P-I", "P-I2"]
members = { organiser = 1, recruiter = 2, transporter = 20 }
capacity = 60
)";
    const std::string cut = R"(
[[intervention]]
action = "set_price"
day = 0
legs = ["P-I"]
price = 100
)";
    struct Out {
        double seats_i2 = 0, seats_i = 0;
        std::uint64_t late_i2 = 0;
    };
    auto run = [&](const std::string& extra) {
        const auto model = toy_model(duo + extra);
        const std::uint32_t g = ocg_index(*model, "Duo");
        const std::uint32_t oi = offer_of(*model, kPI, g), oi2 = offer_of(*model, kPI2, g);
        Simulation sim(model);
        Out out;
        while (!sim.done()) {
            sim.step();
            if (sim.day() > 80) out.late_i2 += sim.world().offer_day[oi2].boarded;
            EXPECT_EQ(sim.check_state(), "");
        }
        out.seats_i = sim.world().offers[oi].capacity;
        out.seats_i2 = sim.world().offers[oi2].capacity;
        return out;
    };
    const Out base = run(""), costly = run(cut);
    EXPECT_DOUBLE_EQ(base.seats_i + base.seats_i2, costly.seats_i + costly.seats_i2) << "moved, not hired";
    EXPECT_GT(costly.seats_i2, base.seats_i2) << "transporters moved to the crossing that pays";
    EXPECT_GT(costly.late_i2, base.late_i2) << "and the flow followed them";
    EXPECT_GE(costly.seats_i, 3.0) << "at least one transporter stays (only offers with two or more give some away)";
}


// A capacity that would take more transporters than a group may have stops the
// run with the block, the leg and what to change (instead of gigabytes of members).
TEST(Organisations, ACapacityNeedingTooManyTransportersIsRefused) {
    const std::string e = error_of(R"(
[organisations]
enabled = true

[[ocg]]
name = "Huge"
legs = ["P-I"]
capacity = 1e9
)");
    EXPECT_NE(e.find("toy.toml"), std::string::npos) << e;
    EXPECT_NE(e.find("'P-I'"), std::string::npos) << e;
    EXPECT_NE(e.find("transporters"), std::string::npos) << e;
    EXPECT_NE(e.find("capacity"), std::string::npos) << e;
}

}  // namespace
}  // namespace smugglesim
