// The viewer's view of organised crime groups (viewer/core/ocgs.hpp) and the
// results file's /organisations group it reads (docs/hdf5-layout.md): group
// names and each offer's leg and group read back as the model has them, which
// group carried most of each leg's flow in a period (a removed group hands its
// leg to its rival), when a group started selling (entry), damaged
// /organisations data named in one-line errors, and
// files without /organisations still open.
#include <gtest/gtest.h>

#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/hdf5_raii.hpp"
#include "io/output_hdf5.hpp"
#include "sim/engine/simulation.hpp"
#include "tests/temp_dir.hpp"
#include "tests/test_groups.hpp"
#include "tests/test_helpers.hpp"
#include "viewer/core/ocgs.hpp"
#include "viewer/core/run_data.hpp"

namespace smugglesim::viewer {
namespace {

namespace fs = std::filesystem;

constexpr int kRemoveDay = 30;

// Two groups on the crossing P-I (tests/test_helpers.hpp's toy network); Alpha
// is removed on kRemoveDay.
std::shared_ptr<const Model> two_groups(bool remove_alpha) {
    std::string text = R"(
[organisations]
enabled = true

[[ocg]]
name = "Alpha"
structure = "hierarchy"
legs = ["P-I"]
members = { organiser = 1, recruiter = 2, transporter = 8 }
capacity = 80
price_factor = 0.9

[[ocg]]
name = "Beta"
structure = "cells"
legs = ["P-I"]
members = { organiser = 1, recruiter = 2, transporter = 8 }
capacity = 80
)";
    if (remove_alpha)
        text += "[[intervention]]\nday = " + std::to_string(kRemoveDay) + "\naction = \"remove_ocg\"\nocg = \"Alpha\"\n";
    ModelOptions o;
    o.days = 80;
    return smugglesim::testing::toy_model(text, o);
}

void write(const Simulation& sim, const fs::path& out) {
    const Model& md = sim.model();
    RunMetadata m;
    m.scenario_name = md.scenario.name;
    m.days = md.days;
    m.start_date = md.scenario.start_date;
    write_hdf5(out, m, *md.network, sim.series());
}

std::int32_t index_of(const OcgIndex& ix, const std::string& name) {
    const auto it = std::find(ix.names.begin(), ix.names.end(), name);
    EXPECT_NE(it, ix.names.end()) << name;
    return static_cast<std::int32_t>(it - ix.names.begin());
}

class OcgFile : public ::testing::Test {
protected:
    void SetUp() override {
        model_ = two_groups(true);
        sim_ = std::make_unique<Simulation>(model_);
        sim_->run();
        good_ = dir_.path() / "groups.h5";
        write(*sim_, good_);
    }
    fs::path copy(const std::string& name) const {
        const fs::path p = dir_.path() / name;
        fs::copy_file(good_, p, fs::copy_options::overwrite_existing);
        return p;
    }
    // Replaces an int32 dataset of a copy with `values`.
    void replace(const fs::path& p, const char* path, const std::vector<std::int32_t>& values) const {
        h5::File f(H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), p.string(), "H5Fopen");
        ASSERT_GE(H5Ldelete(f.id(), path, H5P_DEFAULT), 0);
        const std::vector<hsize_t> d{values.size()};
        h5::Dataspace space = h5::simple_space(d, "t");
        h5::Dataset ds = h5::create_dataset(f.id(), path, H5T_STD_I32LE, space.id(), H5P_DEFAULT, "t");
        ASSERT_GE(H5Dwrite(ds.id(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
    }
    static std::string error_of(const fs::path& p) {
        try {
            (void)load_run_file(p);
        } catch (const RunFileError& e) {
            return e.what();
        }
        return "(loaded)";
    }

    smugglesim::testing::TempDir dir_;
    std::shared_ptr<const Model> model_;
    std::unique_ptr<Simulation> sim_;
    fs::path good_;
};

TEST_F(OcgFile, GroupsAndOffersReadBackAsTheModelHasThem) {
    const RunData run = load_run_file(good_);
    const Model& md = *model_;
    EXPECT_EQ(run.series.labels(Dim::Ocg), md.ocg_names);
    EXPECT_EQ(run.series.labels(Dim::Offer), sim_->series().labels(Dim::Offer));
    const auto leg = run.series.refs(Dim::Offer, Dim::Leg), ocg = run.series.refs(Dim::Offer, Dim::Ocg);
    ASSERT_EQ(leg.size(), md.offers.size());
    ASSERT_EQ(ocg.size(), md.offers.size());
    for (std::size_t o = 0; o < md.offers.size(); ++o) {
        EXPECT_EQ(leg[o], static_cast<std::int32_t>(md.offers[o].leg)) << o;
        EXPECT_EQ(ocg[o], md.offers[o].ocg == kNoOcg ? -1 : static_cast<std::int32_t>(md.offers[o].ocg)) << o;
    }
    // The index is the same from the file and from a snapshot of the simulation.
    const OcgIndex a = ocg_index(run), b = ocg_index(snapshot(*sim_, "live", "live"));
    ASSERT_TRUE(a.available());
    EXPECT_EQ(a.names, b.names);
    EXPECT_EQ(a.offer_leg, b.offer_leg);
    EXPECT_EQ(a.offer_ocg, b.offer_ocg);
    EXPECT_EQ(a.leg_offers, b.leg_offers);
    const std::uint32_t pi = *md.network->find_leg("P-I");
    EXPECT_EQ(a.leg_offers[pi].size(), 3u) << "Alpha, Beta and the entrant of P";
    EXPECT_EQ(a.ocg_offers[static_cast<std::size_t>(index_of(a, "Alpha"))].size(), 1u);
}

TEST_F(OcgFile, TheGroupThatCarriedMostOfALegsFlow) {
    const RunData run = load_run_file(good_);
    const OcgIndex ix = ocg_index(run);
    const std::vector<double> cum = cumulative_boardings(run);
    const std::size_t n = ix.offers(), legs = run.network->leg_count();
    ASSERT_EQ(cum.size(), static_cast<std::size_t>(run.days_done) * n);
    const Network& net = *run.network;
    const std::uint32_t pi = *net.find_leg("P-I"), air = *net.find_leg("P-D-AIR"), ds = *net.find_leg("D-S");
    const std::int32_t alpha = index_of(ix, "Alpha"), beta = index_of(ix, "Beta");
    // Before the removal Alpha (cheaper) carries more of P-I; after it, Beta alone.
    const auto before = dominant_groups(ix, cum, legs, 0, kRemoveDay);
    const auto after = dominant_groups(ix, cum, legs, kRemoveDay + 1, run.days_done - 1);
    const std::uint32_t oa = ix.ocg_offers[static_cast<std::size_t>(alpha)].at(0), ob = ix.ocg_offers[static_cast<std::size_t>(beta)].at(0);
    const auto carried = [&](std::uint32_t o, int first, int last) {
        return cum[static_cast<std::size_t>(last) * n + o] - (first > 0 ? cum[static_cast<std::size_t>(first - 1) * n + o] : 0.0);
    };
    ASSERT_GT(carried(oa, 0, kRemoveDay) + carried(ob, 0, kRemoveDay), 0.0);
    EXPECT_EQ(before[pi], carried(oa, 0, kRemoveDay) >= carried(ob, 0, kRemoveDay) ? alpha : beta);
    EXPECT_EQ(carried(oa, kRemoveDay + 1, run.days_done - 1), 0.0);
    EXPECT_EQ(after[pi], beta);
    // A flight with documents is the leg's own service; a day before anyone got that far, nobody boarded D-S.
    EXPECT_EQ(after[air], carried(ix.leg_offers[air].at(0), kRemoveDay + 1, run.days_done - 1) > 0 ? kOwnService : kNoFlow);
    EXPECT_EQ(dominant_groups(ix, cum, legs, 0, 0)[ds], kNoFlow);
    // The brute-force sums agree with the per-offer series, day by day.
    const SeriesView b = run.view(Dim::Offer, "boardings");
    double sum = 0;
    for (int d = 0; d < run.days_done; ++d) sum += b(d, ob);
    EXPECT_EQ(carried(ob, 0, run.days_done - 1), sum);
    // Ranked by migrants carried: Beta, which carried on, ahead of Alpha, removed early.
    const auto order = groups_by_boardings(ix, cum, run.days_done - 1);
    ASSERT_EQ(order.size(), ix.names.size());
    EXPECT_LT(std::find(order.begin(), order.end(), static_cast<std::uint32_t>(beta)),
              std::find(order.begin(), order.end(), static_cast<std::uint32_t>(alpha)));
}

TEST_F(OcgFile, AFileWithoutTheGroupTableStillOpens) {
    const fs::path p = copy("no-organisations.h5");
    {
        h5::File f(H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), p.string(), "H5Fopen");
        ASSERT_GE(H5Ldelete(f.id(), "/organisations", H5P_DEFAULT), 0);
    }
    const RunData run = load_run_file(p);
    EXPECT_FALSE(ocg_index(run).available());
    EXPECT_EQ(run.series.width(Dim::Offer), model_->offers.size()) << "the per-offer series are still there";
    EXPECT_TRUE(dominant_groups(ocg_index(run), cumulative_boardings(run), run.network->leg_count(), 0, 10) ==
                std::vector<std::int32_t>(run.network->leg_count(), kNoFlow));
}

// When a group started selling: from the start, never (an entrant that did
// not enter in 80 days: entry takes three 28-day reviews), or on the day an
// entrant's offer opened; unknown for a file without the series.
TEST_F(OcgFile, TheDayAGroupStartedSelling) {
    const RunData run = load_run_file(good_);
    const OcgIndex ix = ocg_index(run);
    EXPECT_EQ(first_day_selling(run, static_cast<std::size_t>(index_of(ix, "Alpha"))), 0);
    EXPECT_EQ(first_day_selling(run, static_cast<std::size_t>(index_of(ix, "P#new1"))), kNeverSold);
    EXPECT_EQ(first_day_selling(run, ix.names.size()), std::nullopt);
    const fs::path p = copy("no-offers-open.h5");
    {
        h5::File f(H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), p.string(), "H5Fopen");
        ASSERT_GE(H5Ldelete(f.id(), "/series/ocg/offers_open", H5P_DEFAULT), 0);
    }
    EXPECT_EQ(first_day_selling(load_run_file(p), 0), std::nullopt) << "a file written before entry and exit";
    // One group with too few seats on P-I and no hiring: P's entrant enters it.
    ModelOptions o;
    o.days = 150;
    Simulation scarce(smugglesim::testing::toy_model(smugglesim::testing::kScarce, o));
    scarce.run();
    const RunData live = snapshot(scarce, "live", "live");
    const std::optional<int> day = first_day_selling(live, static_cast<std::size_t>(index_of(ocg_index(live), "P#new1")));
    ASSERT_TRUE(day.has_value());
    EXPECT_GT(*day, 84) << "after the third review and entry_days";
    EXPECT_LT(*day, 150);
}

TEST_F(OcgFile, DamagedGroupTablesAreNamed) {
    const std::size_t n = model_->offers.size();
    {
        const fs::path p = copy("bad-ocg.h5");
        std::vector<std::int32_t> v(n, -1);
        v[3] = static_cast<std::int32_t>(model_->ocg_names.size());
        replace(p, "/organisations/offer_ocg", v);
        const std::string msg = error_of(p);
        EXPECT_NE(msg.find(p.string()), std::string::npos) << msg;
        EXPECT_NE(msg.find("/organisations/offer_ocg row 3 refers to group"), std::string::npos) << msg;
    }
    {
        const fs::path p = copy("bad-leg.h5");
        replace(p, "/organisations/offer_leg", std::vector<std::int32_t>(n, -1));
        EXPECT_NE(error_of(p).find("/organisations/offer_leg row 0 names no leg"), std::string::npos) << error_of(p);
    }
    {
        const fs::path p = copy("short.h5");
        replace(p, "/organisations/offer_leg", std::vector<std::int32_t>(n - 1, 0));
        EXPECT_NE(error_of(p).find("/organisations/offer_leg has shape"), std::string::npos) << error_of(p);
    }
    {
        const fs::path p = copy("no-names.h5");
        {
            h5::File f(H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), p.string(), "H5Fopen");
            ASSERT_GE(H5Ldelete(f.id(), "/organisations/ocg_name", H5P_DEFAULT), 0);
        }
        EXPECT_NE(error_of(p).find("missing dataset /organisations/ocg_name"), std::string::npos) << error_of(p);
    }
}

}  // namespace
}  // namespace smugglesim::viewer
