// The engine as modules: a module that only this file knows declares a series,
// and the series is written, read back and compared across thread counts with
// no other file knowing about it; phases run in stage order; the output
// reference in docs/hdf5-layout.md is what the program declares.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <fstream>
#include <sstream>

#include "sim/engine/parallel.hpp"
#include "io/output_hdf5.hpp"
#include "sim/output_reference.hpp"
#include "temp_dir.hpp"
#include "test_helpers.hpp"
#ifdef SMUGGLESIM_HAVE_VIEWER_CORE
#include "viewer/core/run_data.hpp"
#endif

namespace smugglesim {
namespace {

using testing::toy_model;

// A test-only module: per leg and day, the migrants who boarded the leg that
// day (read from the migrants' series) that a random half-check lets through,
// drawn in parallel from the module's own Philox stream.
class ProbeModule final : public Module {
public:
    explicit ProbeModule(World& w) : w_(w) {
        id_ = w.series.add({Dim::Leg, "probe_checked", ValueType::U32, Measure::Flow, "migrants",
                            "Boarders a random check let through (test-only module)", {}, true, {}},
                           "probe");
        flow_ = w.series.at(Dim::Leg, "flow");
    }
    std::string_view name() const override { return "probe"; }
    std::vector<Phase> phases() override {
        return {{"probe", Stage::Adapt, [this](World& w) {
                     const std::uint32_t* flow = w.series.row<std::uint32_t>(flow_, w.day);
                     std::uint32_t* out = w.series.row<std::uint32_t>(id_, w.day);
                     par::items(w.series.width(Dim::Leg), [&](std::size_t l) {
                         std::uint32_t kept = 0;
                         for (std::uint32_t i = 0; i < flow[l]; ++i)
                             kept += rng::u01(rng::words(w.key, (l << 20) + i, static_cast<std::uint32_t>(w.day),
                                                         static_cast<rng::Purpose>(200))[0]) < 0.5;
                         out[l] = kept;
                     });
                 }}};
    }

private:
    World& w_;
    SeriesId id_ = 0, flow_ = 0;
};

std::vector<ModuleFactory> with_probe() {
    return {&MigrantsModule::make, [](World& w) { return std::make_unique<ProbeModule>(w); }};
}

SeriesSet run_with_threads(const std::shared_ptr<const Model>& model, int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    Simulation sim(model, with_probe());
    sim.run();
    EXPECT_EQ(sim.check_state(), "");
    return sim.series();
}

TEST(Modules, PhasesRunInStageOrder) {
    Simulation sim(toy_model(), with_probe());
    std::vector<std::string> names;
    for (const auto& t : sim.phase_times()) names.push_back(t.module + "." + t.phase);
    EXPECT_EQ(names, (std::vector<std::string>{"migrants.generate", "migrants.choose", "migrants.board", "migrants.arrive",
                                               "probe.probe", "migrants.record"}));
}

TEST(Modules, TestOnlyModuleSeriesIsDeterministicAcrossThreadCounts) {
    const auto model = toy_model();
    const SeriesSet one = run_with_threads(model, 1);
    const SeriesSet two = run_with_threads(model, 2);
    std::string why;
    EXPECT_TRUE(one.same(two, &why)) << why;
    const SeriesId id = one.at(Dim::Leg, "probe_checked");
    double checked = 0, flow = 0;
    for (double v : one.run_totals(id)) checked += v;
    for (double v : one.run_totals(one.at(Dim::Leg, "flow"))) flow += v;
    // About half of all boarders, and not trivially zero or all.
    EXPECT_GT(checked, 0.45 * flow);
    EXPECT_LT(checked, 0.55 * flow);
    // Declaring it does not change the migrants' own series.
    Simulation plain(model);
    plain.run();
    for (SeriesId i = 0; i < plain.series().size(); ++i) {
        const SeriesDecl& d = plain.series().decl(i);
        if (d.module != "migrants") continue;  // the standard modules' other series
        const SeriesId j = one.at(d.dim, d.name);
        for (int day = 0; day < model->days; ++day)
            for (std::size_t c = 0; c < plain.series().width(i); ++c)
                ASSERT_EQ(plain.series().value(i, day, c), one.value(j, day, c)) << d.path();
    }
}

#ifdef SMUGGLESIM_HAVE_VIEWER_CORE
TEST(Modules, TestOnlyModuleSeriesIsWrittenAndReadBack) {
    testing::TempDir dir;
    const auto model = toy_model();
    Simulation sim(model, with_probe());
    sim.run();
    RunMetadata meta;
    meta.scenario_name = "toy";
    meta.seed = model->seed;
    meta.days = model->days;
    meta.start_date = model->scenario.start_date;
    const auto file = dir.path() / "probe.h5";
    write_hdf5(file, meta, *model->network, sim.series());
    const viewer::RunData back = viewer::load_run_file(file);
    std::string why;
    EXPECT_TRUE(back.series.same(sim.series(), &why)) << why;
    const SeriesDecl& d = back.series.decl(back.series.at(Dim::Leg, "probe_checked"));
    EXPECT_EQ(d.module, "probe");
    EXPECT_EQ(d.units, "migrants");
    EXPECT_EQ(d.measure, Measure::Flow);
    EXPECT_TRUE(d.headline);
}
#endif

TEST(Modules, OutputReferenceListsADeclaredSeries) {
    const std::string ref = output_reference(with_probe());
    EXPECT_NE(ref.find("| `/series/leg/probe_checked` | uint32 [days, n_legs] | flow | migrants | probe | yes |"),
              std::string::npos)
        << ref;
    EXPECT_NE(ref.find("`/series/totals/arrived`"), std::string::npos);
}

TEST(Modules, Hdf5LayoutDocumentHasTheCurrentOutputReference) {
    std::ifstream in(std::string(SMUGGLESIM_SOURCE_DIR) + "/docs/hdf5-layout.md");
    ASSERT_TRUE(in) << "cannot read docs/hdf5-layout.md";
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string doc = ss.str();
    const std::string begin = "<!-- output-reference:begin -->\n", end = "<!-- output-reference:end -->";
    const auto b = doc.find(begin), e = doc.find(end);
    ASSERT_NE(b, std::string::npos);
    ASSERT_NE(e, std::string::npos);
    EXPECT_EQ(doc.substr(b + begin.size(), e - b - begin.size()), output_reference())
        << "docs/hdf5-layout.md is out of date: paste the output of `smugglesim output-reference` between the markers";
}

TEST(Modules, ScenarioDocumentHasTheCurrentScenarioReference) {
    std::ifstream in(std::string(SMUGGLESIM_SOURCE_DIR) + "/docs/scenario.md");
    ASSERT_TRUE(in) << "cannot read docs/scenario.md";
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string doc = ss.str();
    const std::string begin = "## Reference\n\n```toml\n";
    const auto b = doc.find(begin);
    ASSERT_NE(b, std::string::npos);
    const auto e = doc.find("```", b + begin.size());
    ASSERT_NE(e, std::string::npos);
    std::string ref = scenario_reference();
    ref.erase(0, ref.find_first_not_of('\n'));
    EXPECT_EQ(doc.substr(b + begin.size(), e - b - begin.size()), ref)
        << "docs/scenario.md is out of date: paste the output of `smugglesim scenario-reference` under ## Reference";
}

TEST(Modules, SeriesDeclarationsAreChecked) {
    const auto model = toy_model();
    World w(model);
    const SeriesDecl good{Dim::Leg, "x", ValueType::U32, Measure::Flow, "migrants", "x", {}, false, {}};
    w.series.add(good, "t");
    EXPECT_THROW(w.series.add(good, "t"), std::logic_error);  // twice
    SeriesDecl bad = good;
    bad.name = "leg";  // the name of a coordinate
    EXPECT_THROW(w.series.add(bad, "t"), std::logic_error);
    bad.name = "Bad-Name";
    EXPECT_THROW(w.series.add(bad, "t"), std::logic_error);
    SeriesDecl derived{Dim::Mode, "y", ValueType::U32, Measure::Flow, "migrants", "y", "nope", false, {}};
    EXPECT_THROW(w.series.add(derived, "t"), std::logic_error);  // no per-leg series "nope"
    EXPECT_THROW(static_cast<void>(w.series.row<double>(w.series.at(Dim::Leg, "x"), 0)), std::logic_error);
}

}  // namespace
}  // namespace smugglesim
