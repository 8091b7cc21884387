// Removing organised crime groups by intervention: the actions remove_ocg
// (every member of a group leaves it: the group is dismantled) and
// remove_members (some members, of a role or any), written as [[intervention]]
// blocks or added to a running simulation like the viewer's live changes. The
// interventions module asks, the organisations module removes (World::member_removals).
#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/hdf5_raii.hpp"
#include "io/output_hdf5.hpp"
#include "sim/errors.hpp"
#include "sim/interventions/module.hpp"
#include "sim/organisations/organisations.hpp"
#include "tests/temp_dir.hpp"
#include "tests/test_groups.hpp"
#include "tests/test_helpers.hpp"

namespace smugglesim {
namespace {

using testing::kTwoGroups;
using testing::ocg_index;
using testing::offer_of;
using testing::toy_model;

constexpr std::uint32_t kPI = 1, kPI2 = 2;  // leg indices of the toy network (tests/test_helpers.hpp)

constexpr int kDay = 40;  // the day of the removals below (2015-02-10)

std::string remove_block(const std::string& group, int day) {
    return "\n[[intervention]]\nname = \"arrests\"\nday = " + std::to_string(day) + "\naction = \"remove_ocg\"\nocg = \"" +
           group + "\"\n";
}

// The offer of group `g` on leg `l`.
double value(const SeriesSet& s, Dim dim, const std::string& name, int day, std::size_t col) {
    return s.value(s.at(dim, name), day, col);
}

// Members of group `g` at work at the end of `day`, all roles.
double members(const SeriesSet& s, int day, std::uint32_t g) {
    double n = 0;
    for (const std::string_view r : kMemberRoleNames) n += value(s, Dim::Ocg, "members_" + std::string(r), day, g);
    return n;
}

::testing::AssertionResult same_series(const SeriesSet& a, const SeriesSet& b) {
    std::string why;
    if (a.same(b, &why)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << why;
}

TEST(RemoveOcg, HandsTheMarketOfTheLegToTheRival) {
    const auto base = toy_model(kTwoGroups);
    const auto removed = toy_model(kTwoGroups + remove_block("Alpha", kDay));
    ASSERT_EQ(removed->interventions.size(), 1u);
    const std::uint32_t a = ocg_index(*base, "Alpha"), b = ocg_index(*base, "Beta");
    const std::uint32_t oa = offer_of(*base, kPI, a), ob = offer_of(*base, kPI, b);
    const SeriesSet s0 = testing::run_checked(base), s1 = testing::run_checked(removed);
    const auto boardings = [&](const SeriesSet& s, int d, std::uint32_t o) { return value(s, Dim::Offer, "boardings", d, o); };
    double alpha_before = 0, alpha_after_base = 0, beta_after_base = 0, beta_after = 0, leg_base = 0, leg_removed = 0;
    for (int d = 0; d < s0.days(); ++d) {
        if (d <= kDay) {  // the removal acts after the day's boardings: identical until then
            ASSERT_EQ(boardings(s0, d, oa), boardings(s1, d, oa)) << d;
            ASSERT_EQ(boardings(s0, d, ob), boardings(s1, d, ob)) << d;
            alpha_before += boardings(s1, d, oa);
            continue;
        }
        ASSERT_EQ(boardings(s1, d, oa), 0.0) << "Alpha sells nothing after day " << kDay << ": day " << d;
        alpha_after_base += boardings(s0, d, oa);
        beta_after_base += boardings(s0, d, ob);
        beta_after += boardings(s1, d, ob);
        if (d >= kDay + 40)  // once the rivals have hired: the crossings leaving P
            for (const std::uint32_t l : {kPI, kPI2}) {
                leg_base += value(s0, Dim::Leg, "flow", d, l);
                leg_removed += value(s1, Dim::Leg, "flow", d, l);
            }
    }
    EXPECT_GT(alpha_before, 1000.0) << "Alpha had a market to lose";
    EXPECT_GT(beta_after, beta_after_base + alpha_after_base / 10) << "Beta takes over part of Alpha's clients";
    EXPECT_GT(leg_removed, leg_base * 0.9) << "the market moves to the rivals instead of shrinking";
    // Every members_<role> series of Alpha is 0 from the day on; Beta keeps its members that day.
    for (int d = kDay; d < s1.days(); ++d) ASSERT_EQ(members(s1, d, a), 0.0) << d;
    EXPECT_GT(members(s0, kDay, a), 0.0);
    EXPECT_EQ(members(s1, kDay, b), members(s0, kDay, b));
    EXPECT_EQ(members(s1, kDay - 1, a), members(s0, kDay - 1, a));
    EXPECT_EQ(value(s1, Dim::Ocg, "served", s1.days() - 1, a), 0.0);
    EXPECT_EQ(value(s1, Dim::Ocg, "mean_price_eur", s1.days() - 1, a), 0.0) << "no open offer";
    std::cout << "Alpha removed on day " << kDay << ": Beta's boardings after it " << beta_after << " (baseline "
              << beta_after_base << ", Alpha's in the baseline " << alpha_after_base << "); crossings from P in the last " << s0.days() - kDay - 40 << " days " << leg_removed
              << " (baseline " << leg_base << ")\n";
}

// The action is the organisations module's remove_members of every member,
// made on its day: the same run as calling it between two days.
TEST(RemoveOcg, IsTheModulesRemovalOfEveryMemberOnItsDay) {
    const auto base = toy_model(kTwoGroups);
    Simulation direct(base);
    for (int d = 0; d < kDay; ++d) direct.step();
    // Its 12 members and the transporters it hired for its queue by then.
    EXPECT_GE(direct.module<OrganisationsModule>().remove_members(ocg_index(*base, "Alpha"), std::nullopt, kAllMembers), 12u);
    direct.run();
    EXPECT_TRUE(same_series(direct.series(), testing::run_checked(toy_model(kTwoGroups + remove_block("Alpha", kDay)))));
    // Added to a running simulation just before its day (as the viewer's live mode does).
    Simulation live(base);
    for (int d = 0; d < kDay; ++d) live.step();
    live.module<InterventionsModule>().add(toy_model(kTwoGroups + remove_block("Alpha", kDay))->interventions.at(0));
    live.run();
    EXPECT_TRUE(same_series(direct.series(), live.series()));
    EXPECT_TRUE(live.world().member_removals.empty()) << "the organisations module took the request";
}

TEST(RemoveMembers, TakesThatManyOfTheRoleOrOfAny) {
    const auto base = toy_model(kTwoGroups);
    const auto removed = toy_model(kTwoGroups + R"(
[[intervention]]
day = 30
action = "remove_members"
ocg = "Beta"
role = "transporter"
count = 3

[[intervention]]
day = 30
action = "remove_members"
ocg = "Alpha"
count = 2
)");
    const std::uint32_t a = ocg_index(*base, "Alpha"), b = ocg_index(*base, "Beta");
    const SeriesSet s0 = testing::run_checked(base), s1 = testing::run_checked(removed);
    const auto role = [&](const SeriesSet& s, const char* r, std::uint32_t g) {
        return value(s, Dim::Ocg, std::string("members_") + r, 30, g);
    };
    EXPECT_EQ(role(s1, "transporter", b), role(s0, "transporter", b) - 3);
    for (const char* r : {"organiser", "recruiter"}) EXPECT_EQ(role(s1, r, b), role(s0, r, b)) << r;
    // Any role: the first two at work in member order (a group's members are
    // listed transporters first, then the other roles).
    EXPECT_EQ(members(s1, 30, a), members(s0, 30, a) - 2);
    EXPECT_EQ(role(s1, "transporter", a), role(s0, "transporter", a) - 2);
    EXPECT_EQ(role(s1, "organiser", a), role(s0, "organiser", a));
    // More than the group has: every transporter goes, and with them the group's seats.
    const auto all = toy_model(kTwoGroups + "[[intervention]]\nday = 30\naction = \"remove_members\"\nocg = \"Beta\"\n"
                                            "role = \"transporter\"\ncount = 1000\n");
    const SeriesSet s2 = testing::run_checked(all);
    EXPECT_EQ(value(s2, Dim::Ocg, "members_transporter", 30, b), 0.0);
    EXPECT_GT(value(s2, Dim::Ocg, "members_recruiter", 30, b), 0.0);
    const std::uint32_t ob = offer_of(*base, kPI, b);
    EXPECT_GT(value(s2, Dim::Offer, "boardings", 30, ob), 0.0);
    EXPECT_EQ(value(s2, Dim::Offer, "boardings", 31, ob), 0.0) << "no transporter, no seat";
}

TEST(RemoveOcg, ResultsDoNotDependOnTheThreadCount) {
    const auto m = toy_model(kTwoGroups + remove_block("Alpha", 25) +
                             "[[intervention]]\nday = 50\naction = \"remove_members\"\nocg = \"P#2\"\ncount = 5\n");
    ASSERT_EQ(m->interventions.size(), 2u);
    EXPECT_EQ(testing::differs_across_thread_counts(m), "");
}

TEST(RemoveOcg, TomlOfTheActionsReadsBackAsTheSameActions) {
    const auto m = toy_model(kTwoGroups + remove_block("Alpha", 12) +
                             "[[intervention]]\nday = 20\naction = \"remove_members\"\nocg = \"Beta\"\nrole = \"safe_house\"\n"
                             "count = 7\n[[intervention]]\nday = 21\naction = \"remove_members\"\nocg = \"P#2\"\ncount = 1\n");
    ASSERT_EQ(m->interventions.size(), 3u);
    std::string text;
    for (const Action& a : m->interventions) text += to_toml(a, *m) + "\n";
    const auto back = toy_model(kTwoGroups + text);
    ASSERT_EQ(back->interventions.size(), 3u) << text;
    for (std::size_t i = 0; i < 3; ++i) {
        const Action &x = m->interventions[i], &y = back->interventions[i];
        EXPECT_TRUE(x.kind == y.kind && x.day == y.day && x.until == y.until && x.ocg == y.ocg && x.role == y.role &&
                    x.count == y.count && x.name == y.name)
            << i << "\n" << text;
    }
    EXPECT_EQ(m->interventions[1].role, 5) << "safe_house";
    EXPECT_EQ(m->interventions[2].role, -1) << "any role";
    EXPECT_EQ(describe(m->interventions[0], *m), "arrests: remove group Alpha (every member)");
    EXPECT_EQ(describe(m->interventions[1], *m), "remove 7 safe_house members of group Beta");
    EXPECT_EQ(describe(m->interventions[2], *m), "remove 1 member of group P#2");
    EXPECT_EQ(parameters_text(m->interventions[1], *m), "ocg=Beta role=safe_house count=7");
}

TEST(RemoveOcg, BadKeysNameTheFileTheBlockAndTheKey) {
    const auto expect = [](const std::string& extra, std::initializer_list<std::string> parts) {
        const std::string msg = testing::toy_input_error(extra);
        ASSERT_NE(msg, "") << "accepted:\n" << extra;
        for (const std::string& p : parts) EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
    };
    const std::string head = kTwoGroups + "[[intervention]]\nday = 10\n";
    expect(head + "action = \"remove_ocg\"\nocg = \"Gamma\"\n",
           {"toy.toml", "intervention[0]", "key 'ocg'", "no organised crime group 'Gamma'", "Alpha, Beta"});
    expect(head + "action = \"remove_ocg\"\n", {"toy.toml", "intervention[0]", "key 'ocg'", "needs ocg"});
    expect(head + "action = \"remove_members\"\nocg = \"Beta\"\nrole = \"pilot\"\ncount = 2\n",
           {"toy.toml", "intervention[0].role", "unknown value \"pilot\""});
    expect(head + "action = \"remove_members\"\nocg = \"Beta\"\n", {"toy.toml", "key 'count'", "needs count"});
    expect(head + "action = \"remove_members\"\nocg = \"Beta\"\ncount = 0\n", {"toy.toml", "intervention[0].count"});
    expect(head + "action = \"remove_ocg\"\nocg = \"Beta\"\ncount = 2\n", {"toy.toml", "key 'count'", "not used by remove_ocg"});
    expect(head + "action = \"remove_ocg\"\nocg = \"Beta\"\nrole = \"forger\"\n", {"key 'role'", "not used by remove_ocg"});
    expect(head + "action = \"remove_ocg\"\nocg = \"Beta\"\nlegs = [\"P-I\"]\n", {"key 'legs'", "not used by remove_ocg"});
    expect(head + "action = \"remove_ocg\"\nocg = \"Beta\"\ndays = 5\n", {"toy.toml", "key 'days'", "acts once"});
    expect(head + "action = \"close_leg\"\nlegs = [\"P-I\"]\nocg = \"Beta\"\n", {"key 'ocg'", "not used by close_leg"});
    // Without organised crime groups there is nothing to remove.
    const std::string off = "[organisations]\nenabled = false\n[[intervention]]\nday = 10\naction = \"remove_ocg\"\nocg = \"Alpha\"\n";
    expect(off, {"toy.toml", "intervention[0]", "key 'action'", "remove_ocg needs organised crime groups",
                 "[organisations] enabled = false"});
}

TEST(RemoveOcg, ActionsMadeInCodeAreChecked) {
    const auto m = toy_model(kTwoGroups);
    Action a;
    a.kind = ActionKind::RemoveMembers;
    a.day = 3;
    a.ocg = ocg_index(*m, "Beta");
    a.count = 0;
    EXPECT_THROW(validate(a, *m), std::invalid_argument) << "count 0";
    a.count = 2;
    a.role = 8;
    EXPECT_THROW(validate(a, *m), std::invalid_argument) << "no role 8";
    a.role = 2;
    a.until = 10;
    EXPECT_THROW(validate(a, *m), std::invalid_argument) << "a removal has no end";
    a.until = kNoEnd;
    a.ocg = static_cast<std::uint32_t>(m->ocg_names.size());
    EXPECT_THROW(validate(a, *m), std::invalid_argument) << "no such group";
    a.ocg = ocg_index(*m, "Beta");
    EXPECT_NO_THROW(validate(a, *m));
    EXPECT_THROW(validate(a, *toy_model()), std::invalid_argument) << "organisations off";
}

// Recorded in the results file's /interventions table like every other action.
TEST(RemoveOcg, IsRecordedInTheResultsFile) {
    const auto m = toy_model(kTwoGroups + remove_block("Alpha", kDay));
    Simulation sim(m);
    sim.run();
    RunMetadata meta;
    meta.scenario_name = "toy";
    meta.days = m->days;
    meta.start_date = m->scenario.start_date;
    for (const Action& a : m->interventions) meta.actions.push_back(record_of(a, *m));
    testing::TempDir dir;
    const auto path = dir.path() / "removed.h5";
    write_hdf5(path, meta, *m->network, sim.series());

    const h5::ErrorSilencer quiet;
    h5::File f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "file", "H5Fopen");
    h5::Dataset ds = h5::open_dataset(f.id(), "/interventions", "/interventions");
    h5::CompoundBuilder cb;
    const auto f_day = cb.add<std::int32_t>("day");
    const auto f_until = cb.add<std::int32_t>("until");
    const auto f_date = cb.add_string("date", 16);
    const auto f_action = cb.add_string("action", 32);
    const auto f_params = cb.add_string("parameters", 64);
    const auto f_desc = cb.add_string("description", 128);
    h5::Datatype mt = cb.mem_type("/interventions");
    ASSERT_EQ(h5::dataset_dims(ds.id(), "/interventions"), std::vector<hsize_t>{1});
    std::vector<std::byte> row(cb.row_size());
    ASSERT_GE(H5Dread(ds.id(), mt.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, row.data()), 0);
    EXPECT_EQ(cb.get<std::int32_t>(row.data(), f_day), kDay);
    EXPECT_EQ(cb.get<std::int32_t>(row.data(), f_until), -1);
    EXPECT_EQ(cb.get_string(row.data(), f_date), "2015-02-10");
    EXPECT_EQ(cb.get_string(row.data(), f_action), "remove_ocg");
    EXPECT_EQ(cb.get_string(row.data(), f_params), "ocg=Alpha");
    EXPECT_EQ(cb.get_string(row.data(), f_desc), "arrests: remove group Alpha (every member)");
}

}  // namespace
}  // namespace smugglesim
