// The documents market (docs/model.md, Documents): groups whose forgers make
// travel documents sell them; migrants without documents buy them to open the
// legs that need them.
#include <gtest/gtest.h>

#include <numeric>

#include "sim/errors.hpp"
#include "sim/organisations/organisations.hpp"
#include "test_helpers.hpp"

namespace smugglesim {
namespace {

using testing::differs_across_thread_counts;
using testing::toy_model;

// The toy's default groups at A sell A-P, which leads to P where the
// documented flight P-D-AIR starts: they get forgers and sell documents at A.
// The flight has room for all who can take it.
const char* kDocuments = R"(
[organisations]
enabled = true

[[intervention]]
action = "set_capacity"
day = 0
legs = ["P-D-AIR"]
capacity = 500

[documents]
price_eur = 400
per_forger_day = 4
stock_days = 5
)";

double total(const SeriesSet& s, Dim d, const char* name) {
    const auto v = s.run_totals(s.at(d, name));
    return std::accumulate(v.begin(), v.end(), 0.0);
}

TEST(Documents, DefaultGroupsOnTheWayToAnAirportSellDocuments) {
    const auto m = toy_model(kDocuments);
    ASSERT_EQ(m->document_sellers.size(), 2u) << "the two default groups of A";
    for (const DocumentSellerModel& d : m->document_sellers) {
        EXPECT_EQ(m->network->places()[d.place].id, "A");
        EXPECT_EQ(d.price, 400.0);
    }
    const auto none = toy_model(std::string(kDocuments) + "default_forgers = 0\n");
    EXPECT_TRUE(none->document_sellers.empty());
}

// Migrants without documents buy them (never more than the sellers have
// ready), and the documented flight carries more than without the market.
TEST(Documents, MigrantsWithoutDocumentsBuyThemToFly) {
    auto run = [](const std::string& extra) {
        Simulation sim(toy_model(extra));
        const SeriesSet& s = sim.series();
        const SeriesId stock = s.at(Dim::Ocg, "documents_stock"), sold = s.at(Dim::Ocg, "documents_sold"),
                       wanted = s.at(Dim::Ocg, "documents_wanted");
        const auto& sellers = sim.model().document_sellers;
        std::vector<double> ready(sim.model().ocg_names.size(), 0.0);
        for (std::uint32_t d = 0; d < sellers.size(); ++d) ready[sellers[d].ocg] = sim.world().documents[d].available;
        while (!sim.done()) {
            sim.step();
            const int day = sim.day() - 1;
            EXPECT_EQ(sim.check_state(), "") << "day " << day;
            for (std::uint32_t g = 0; g < ready.size(); ++g) {
                EXPECT_LE(s.value(sold, day, g), std::floor(ready[g]) + 1e-9) << "day " << day << " group " << g;
                EXPECT_LE(s.value(sold, day, g), s.value(wanted, day, g));
                ready[g] = s.value(stock, day, g);
            }
        }
        return sim.series();
    };
    const SeriesSet with = run(kDocuments);
    const SeriesSet without = run(std::string(kDocuments) + "default_forgers = 0\n");
    const double sold = total(with, Dim::Total, "documents_sold");
    EXPECT_GT(sold, 100.0);
    EXPECT_GT(total(with, Dim::Ocg, "documents_wanted"), sold) << "demand beyond what the forgers make";
    EXPECT_EQ(total(without, Dim::Total, "documents_sold"), 0.0);
    const auto air = [](const SeriesSet& s) {
        return s.run_totals(s.at(Dim::Leg, "flow"))[5];  // P-D-AIR
    };
    // A buyer still weighs the flight against the sea at P (a third of them fly in this toy).
    EXPECT_GT(air(with), air(without) + 0.2 * sold) << "buyers fly: " << air(with) << " " << air(without) << " sold " << sold;
    // Forgers are paid from the sales: their earnings are part of the pay ledger.
    EXPECT_GT(total(with, Dim::Ocg, "documents_made"), 0.0);
}

// Migrants who want a document and find none left choose again among the ways
// on they had without the market: they are not stranded for want of one. Here
// documents are sold at P, where a cheap flight makes buying one the best way
// on (so the cost-to-go without documents at P is that of buying one), and
// the forgers make far fewer than are wanted.
TEST(Documents, MigrantsWhoGetNoDocumentKeepTheirWaysOn) {
    const std::string base = R"(
[organisations]
enabled = true

[documents]
default_forgers = 0
price_eur = 100
per_forger_day = 0.2
stock_days = 5

[[intervention]]
action = "set_capacity"
day = 0
legs = ["P-D-AIR"]
capacity = 500

[[intervention]]
action = "set_price"
day = 0
legs = ["P-D-AIR"]
price = 200

[[ocg]]
name = "Labs"
legs = ["P-I"]
)";
    auto out_of_options = [&](const char* forgers) {
        Simulation sim(toy_model(base + "members = { organiser = 1, transporter = 15, forger = " + forgers + " }\n"));
        sim.run();
        const auto& t = sim.module<MigrantsModule>().totals();
        return std::pair{static_cast<double>(t.stranded + t.exploited), total(sim.series(), Dim::Ocg, "documents_wanted")};
    };
    const auto [with, wanted] = out_of_options("1");
    const auto [without, none] = out_of_options("0");
    EXPECT_GT(wanted, 1000.0) << "many want one";
    EXPECT_EQ(none, 0.0);
    EXPECT_LT(with, without * 1.1 + 20.0) << "stranded or exploited with the market: " << with << ", without: " << without;
}

TEST(Documents, SameResultsOnAnyNumberOfThreads) {
    EXPECT_EQ(differs_across_thread_counts(toy_model(kDocuments)), "");
}

// A block's forgers work and sell at the start of its route, or where documents_at says.
TEST(Documents, AGroupsForgersSellWhereTheyWork) {
    const std::string block = "[[ocg]]\nname = \"Labs\"\nlegs = [\"P-I\"]\nmembers = { organiser = 1, transporter = 2, forger = 3 }\n";
    auto seller_place = [](const Model& m) {
        for (const DocumentSellerModel& d : m.document_sellers)
            if (m.ocg_names[d.ocg] == "Labs") return m.network->places()[d.place].id;
        return std::string("(none)");
    };
    EXPECT_EQ(seller_place(*toy_model(std::string(kDocuments) + block)), "P");
    EXPECT_EQ(seller_place(*toy_model(std::string(kDocuments) + block + "documents_at = \"I\"\n")), "I");
    try {
        toy_model(std::string(kDocuments) + block + "documents_at = \"Atlantis\"\n");
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("documents_at"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("Atlantis"), std::string::npos) << e.what();
    }
}

// documents_from: another group's forgers make the documents a group sells; it
// must name another group, with forgers, and the group must have none itself.
TEST(Documents, GroupsSellDocumentsOtherGroupsMake) {
    const std::string labs = "[[ocg]]\nname = \"Labs\"\nlegs = [\"P-I\"]\nmembers = { organiser = 1, transporter = 2, forger = 3 }\n";
    const std::string client = "[[ocg]]\nname = \"Client\"\nlegs = [\"I-D\"]\nmembers = { organiser = 1, transporter = 2 }\n";
    const auto m = toy_model(std::string(kDocuments) + labs + client + "documents_from = \"Labs\"\n");
    const auto find = [&](const char* name) {
        for (const DocumentSellerModel& d : m->document_sellers)
            if (m->ocg_names[d.ocg] == name) return d;
        ADD_FAILURE() << "no seller " << name;
        return DocumentSellerModel{};
    };
    const DocumentSellerModel l = find("Labs"), c = find("Client");
    EXPECT_EQ(c.supplier, l.ocg);
    EXPECT_EQ(m->network->places()[c.place].id, "I");
    auto error = [&](const std::string& extra) {
        try {
            toy_model(std::string(kDocuments) + extra);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    EXPECT_NE(error(labs + client + "documents_from = \"Nobody\"\n").find("documents_from"), std::string::npos);
    EXPECT_NE(error(labs + client + "documents_from = \"Labs\"\n" + labs.substr(0, 0) +
                    "[[ocg]]\nname = \"Both\"\nlegs = [\"I2-D\"]\nmembers = { organiser = 1, transporter = 1, forger = 1 }\ndocuments_from = \"Labs\"\n")
                  .find("forgers of its own"),
              std::string::npos);
    const std::string no_forgers = "[[ocg]]\nname = \"Empty\"\nlegs = [\"P-I2\"]\nmembers = { organiser = 1, transporter = 1 }\n";
    EXPECT_NE(error(no_forgers + client + "documents_from = \"Empty\"\n").find("has no forgers"), std::string::npos);
}

// A route choice holds at most kMaxOffersPerPlace options: offers on the legs
// leaving a place and the documents sellers there count together.
TEST(Documents, TooManyOptionsAtAPlaceAreRefused) {
    std::string blocks;
    for (int i = 0; i < 100; ++i)
        blocks += "[[ocg]]\nname = \"G" + std::to_string(i) +
                  "\"\nlegs = [\"P-I\", \"P-I2\"]\nmembers = { organiser = 1, transporter = 2, forger = 1 }\n";
    try {
        toy_model(std::string(kDocuments) + blocks);
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("place 'P'"), std::string::npos) << msg;
        EXPECT_NE(msg.find("203 offers"), std::string::npos) << msg;  // the flight, its own service, and the entrant of P on P-I and P-I2
        EXPECT_NE(msg.find("100 groups selling documents"), std::string::npos) << msg;
    }
}

TEST(Documents, BadSharesAreRejectedWithTheirKey) {
    try {
        toy_model(std::string(kDocuments) + "lost_stolen_share = 0.8\nfraudulent_share = 0.4\n");
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("lost_stolen_share"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("toy.toml"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace smugglesim
