// Tests for the viewer's run data (viewer/core/run_data.hpp): a file written by
// the simulator reads back with every series value and network field; files
// that are missing, not HDF5, not ours, of another layout version, incomplete,
// mis-shaped, inconsistent, truncated or corrupted give one-line RunFileErrors
// naming the file and the problem; snapshots of a running simulation; same_network.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <hdf5.h>
#include <unistd.h>

#include "io/hdf5_raii.hpp"
#include "sim/model.hpp"
#include "sim/network.hpp"
#include "io/output_hdf5.hpp"
#include "sim/engine/series.hpp"
#include "sim/engine/simulation.hpp"
#include "tests/test_helpers.hpp"
#include "viewer/core/run_data.hpp"

namespace smugglesim::viewer {
namespace {

namespace fs = std::filesystem;

constexpr int kDays = 40;

// The toy network of tests/test_helpers.hpp with every field the file stores set
// to distinct values: UTF-8 names, means, lengths, geometry (one leg without),
// raster factors.
std::shared_ptr<const Network> rich_network() {
    const auto base = smugglesim::testing::toy_network();
    std::vector<Place> ps = base->places();
    std::vector<Leg> ls = base->legs();
    ps[1].name = "\xC4\xB0zmir harbour";  // "İzmir harbour"
    ps[2].name = "Lesbos (Mytilene)";
    for (std::size_t i = 0; i < ls.size(); ++i) {
        Leg& l = ls[i];
        const double k = static_cast<double>(i);
        l.means = l.mode == Mode::Sea ? "dinghy" : l.mode == Mode::Air ? "flight" : "truck #" + std::to_string(i);
        l.length_km = 100.125 + k * 7.5;
        l.hazard_raster_factor = 1.0 + 0.25 * k;
        l.interception_raster_factor = 1.0 - 0.0625 * k;
        if (i == 3) continue;  // empty geometry
        const Place& a = ps[l.from];
        const Place& b = ps[l.to];
        l.geometry = {a.lon, a.lat, (a.lon + b.lon) / 2 + 0.125 * k, (a.lat + b.lat) / 2, b.lon, b.lat};
    }
    auto net = std::make_shared<Network>(std::move(ps), std::move(ls));
    net->source = "rich test network";
    return net;
}

std::shared_ptr<const Model> rich_model() {
    Scenario sc = parse_scenario(smugglesim::testing::toy_scenario_text(), ".", "toy.toml");
    ModelOptions opts;
    opts.days = kDays;
    opts.seed = (std::uint64_t{1} << 63) + 11;  // needs 64 bits
    return build_model(std::move(sc), rich_network(), opts);
}

void write_run(const Simulation& sim, const fs::path& out) {
    const Model& md = sim.model();
    RunMetadata m;
    m.scenario_name = md.scenario.name;
    m.scenario_text = md.scenario.text;
    m.scenario_path = "toy.toml";
    m.seed = md.seed;
    m.days = md.days;
    m.migrants_scale = md.migrants_scale;
    m.start_date = md.scenario.start_date;
    m.program_version = "test";
    m.git_revision = "test";
    write_hdf5(out, m, *md.network, sim.series());
}

// Rows [0, rows) of series `id` of `s`, bit for bit (doubles as their bits).
std::vector<std::uint64_t> row_bits(const SeriesSet& s, SeriesId id, int rows) {
    const std::size_t n = static_cast<std::size_t>(rows) * s.width(id);
    std::vector<std::uint64_t> out;
    switch (s.decl(id).type) {
        case ValueType::U32:
            for (std::size_t i = 0; i < n; ++i) out.push_back(s.values<std::uint32_t>(id)[i]);
            break;
        case ValueType::U64:
            for (std::size_t i = 0; i < n; ++i) out.push_back(s.values<std::uint64_t>(id)[i]);
            break;
        case ValueType::F64:
            for (std::size_t i = 0; i < n; ++i) out.push_back(std::bit_cast<std::uint64_t>(s.values<double>(id)[i]));
            break;
    }
    return out;
}

// Compares rows [0, rows) of every series: `got` has the series of `want` (found
// by dimension and name, in whatever order), with the same declaration and
// bit-identical values, and no other series.
void expect_same_rows(const SeriesSet& got, const SeriesSet& want, int rows) {
    ASSERT_EQ(got.widths(), want.widths());
    EXPECT_EQ(got.leg_mode(), want.leg_mode());
    ASSERT_GE(got.days(), rows);
    ASSERT_GE(want.days(), rows);
    ASSERT_GT(want.size(), 0u);
    EXPECT_EQ(got.size(), want.size());
    for (SeriesId w = 0; w < want.size(); ++w) {
        const SeriesDecl& d = want.decl(w);
        SCOPED_TRACE(d.path());
        const auto g = got.find(d.dim, d.name);
        ASSERT_TRUE(g.has_value()) << "missing series";
        const SeriesDecl& gd = got.decl(*g);
        EXPECT_EQ(gd.type, d.type);
        EXPECT_EQ(gd.measure, d.measure);
        EXPECT_EQ(gd.units, d.units);
        EXPECT_EQ(gd.description, d.description);
        EXPECT_EQ(gd.module, d.module);
        EXPECT_EQ(gd.headline, d.headline);
        EXPECT_EQ(gd.sum_by_mode_of, d.sum_by_mode_of);
        if (gd.type != d.type) continue;
        EXPECT_EQ(row_bits(got, *g, rows), row_bits(want, w, rows));
    }
}

void expect_same_network_fields(const Network& got, const Network& want) {
    ASSERT_EQ(got.place_count(), want.place_count());
    ASSERT_EQ(got.leg_count(), want.leg_count());
    for (std::size_t i = 0; i < want.place_count(); ++i) {
        SCOPED_TRACE("place " + std::to_string(i));
        const Place& a = got.places()[i];
        const Place& b = want.places()[i];
        EXPECT_EQ(a.id, b.id);
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.country, b.country);
        EXPECT_EQ(a.kind, b.kind);
        EXPECT_EQ(a.lon, b.lon);
        EXPECT_EQ(a.lat, b.lat);
    }
    for (std::size_t i = 0; i < want.leg_count(); ++i) {
        SCOPED_TRACE("leg " + std::to_string(i));
        const Leg& a = got.legs()[i];
        const Leg& b = want.legs()[i];
        EXPECT_EQ(a.id, b.id);
        EXPECT_EQ(a.from, b.from);
        EXPECT_EQ(a.to, b.to);
        EXPECT_EQ(a.mode, b.mode);
        EXPECT_EQ(a.means, b.means);
        EXPECT_EQ(a.length_km, b.length_km);
        EXPECT_EQ(a.base_days, b.base_days);
        EXPECT_EQ(a.price_eur, b.price_eur);
        EXPECT_EQ(a.capacity_per_day, b.capacity_per_day);
        EXPECT_EQ(a.hazard, b.hazard);
        EXPECT_EQ(a.interception, b.interception);
        EXPECT_EQ(a.requires_documents, b.requires_documents);
        EXPECT_EQ(a.geometry, b.geometry);
        EXPECT_EQ(a.hazard_raster_factor, b.hazard_raster_factor);
        EXPECT_EQ(a.interception_raster_factor, b.interception_raster_factor);
    }
    EXPECT_EQ(got.countries(), want.countries());
    // The derived indexes were rebuilt.
    for (std::uint32_t p = 0; p < want.place_count(); ++p) {
        EXPECT_EQ(std::vector<std::uint32_t>(got.out_begin(p), got.out_end(p)),
                  std::vector<std::uint32_t>(want.out_begin(p), want.out_end(p)));
        EXPECT_EQ(got.place_country(p), want.place_country(p));
    }
}

ssize_t open_hdf5_objects() { return H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL); }

// Opens a file for modification with the HDF5 C API (errors are test failures).
class Rw {
public:
    explicit Rw(const fs::path& p) : f_(H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), p.string(), "H5Fopen") {}
    hid_t id() const { return f_.id(); }

private:
    h5::File f_;
};

// One simulated run written to a file, shared by the tests of a suite.
class RunDataFile : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new fs::path(fs::temp_directory_path() /
                            ("smugglesim_test_run_data_" + std::to_string(::getpid())));
        fs::remove_all(*dir_);
        fs::create_directories(*dir_);
        model_ = new std::shared_ptr<const Model>(rich_model());
        sim_ = new Simulation(*model_);
        sim_->run();
        good_ = new fs::path(*dir_ / "good-run.h5");
        write_run(*sim_, *good_);
    }
    static void TearDownTestSuite() {
        std::error_code ec;
        fs::remove_all(*dir_, ec);
        delete good_;
        delete sim_;
        delete model_;
        delete dir_;
    }

    // A copy of the good file for a test to damage.
    static fs::path copy_of_good(const std::string& name) {
        const fs::path p = *dir_ / name;
        fs::copy_file(*good_, p, fs::copy_options::overwrite_existing);
        return p;
    }

    // load_run_file(p) must throw RunFileError with one line naming the file and
    // containing every `parts`, print nothing and leave no HDF5 object open.
    static std::string expect_error(const fs::path& p, std::initializer_list<std::string> parts) {
        const ssize_t open_before = open_hdf5_objects();
        ::testing::internal::CaptureStderr();
        std::string message;
        bool other_exception = false;
        try {
            (void)load_run_file(p);
        } catch (const RunFileError& e) {
            message = e.what();
        } catch (...) {
            other_exception = true;
        }
        const std::string printed = ::testing::internal::GetCapturedStderr();
        EXPECT_FALSE(other_exception) << p << ": an exception other than RunFileError";
        EXPECT_FALSE(message.empty()) << p << ": no RunFileError";
        EXPECT_EQ(printed, "") << "something was printed while loading " << p;
        EXPECT_NE(message.find(p.string()), std::string::npos) << "the message does not name the file: " << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << "not one line: " << message;
        for (const std::string& part : parts)
            EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' not in: " << message;
        EXPECT_EQ(open_hdf5_objects(), open_before) << "HDF5 identifiers leaked";
        return message;
    }

    static fs::path* dir_;
    static std::shared_ptr<const Model>* model_;
    static Simulation* sim_;
    static fs::path* good_;
};

fs::path* RunDataFile::dir_ = nullptr;
std::shared_ptr<const Model>* RunDataFile::model_ = nullptr;
Simulation* RunDataFile::sim_ = nullptr;
fs::path* RunDataFile::good_ = nullptr;

TEST_F(RunDataFile, LoadsEverySeriesValueAndNetworkFieldOfASimulatedRun) {
    const Model& md = **model_;
    const Totals& t = smugglesim::testing::totals(*sim_);
    ASSERT_GT(t.arrived, 0u) << "the run should have some traffic to compare";
    ASSERT_GT(t.dead + t.missing, 0u);

    const ssize_t open_before = open_hdf5_objects();
    const RunData run = load_run_file(*good_);
    EXPECT_EQ(open_hdf5_objects(), open_before) << "HDF5 identifiers leaked";

    EXPECT_EQ(run.source, good_->string());
    EXPECT_EQ(run.label, "good-run");
    EXPECT_EQ(run.scenario_name, "toy");
    EXPECT_EQ(run.start_date, "2015-01-01");
    EXPECT_EQ(run.seed, md.seed);
    EXPECT_EQ(run.layout_version, 3);
    EXPECT_EQ(run.layout_version, kHdf5LayoutVersion);
    EXPECT_EQ(run.days, kDays);
    EXPECT_EQ(run.days_done, kDays);

    ASSERT_NE(run.network, nullptr);
    EXPECT_EQ(run.network->source, good_->string());
    expect_same_network_fields(*run.network, *md.network);

    const SeriesSet& want = sim_->series();
    EXPECT_EQ(run.series.days(), kDays);
    EXPECT_EQ(run.series.size(), want.size());
    EXPECT_EQ(run.series.width(Dim::Leg), md.network->leg_count());
    expect_same_rows(run.series, want, kDays);
    // And the convenience accessors.
    using smugglesim::testing::at;
    const std::size_t np = want.width(Dim::Place), nl = want.width(Dim::Leg);
    double arrived = 0;
    for (int d = 0; d < kDays; ++d) {
        EXPECT_EQ(run.total(d, "arrived"), at(want, Dim::Total, "arrived", d));
        EXPECT_EQ(run.total(d, "waiting"), at(want, Dim::Total, "waiting", d));
        arrived = std::max(arrived, run.total(d, "arrived"));
        for (std::size_t p = 0; p < np; ++p)
            EXPECT_EQ(run.waiting(d, p), at(want, Dim::Place, "waiting", d, p));
        for (std::size_t l = 0; l < nl; ++l) EXPECT_EQ(run.flow(d, l), at(want, Dim::Leg, "flow", d, l));
    }
    EXPECT_EQ(arrived, static_cast<double>(t.arrived));
    const SeriesView paid = run.view(Dim::Leg, "paid_eur");
    ASSERT_TRUE(paid);
    for (std::size_t l = 0; l < nl; ++l) {
        const std::vector<double> col = paid.column(l, kDays);
        ASSERT_EQ(col.size(), static_cast<std::size_t>(kDays));
        for (int d = 0; d < kDays; ++d)
            EXPECT_EQ(col[static_cast<std::size_t>(d)], at(want, Dim::Leg, "paid_eur", d, l)) << "leg " << l << " day " << d;
    }
    // A series the run does not have reads as an empty view.
    const SeriesView none = run.view(Dim::Leg, "no_such_series");
    EXPECT_FALSE(none);
    EXPECT_EQ(none(3, 1), 0.0);
    EXPECT_EQ(none.column(0, 5), std::vector<double>(5, 0.0));
    EXPECT_FALSE(run.view(Dim::Place, "flow")) << "found by name in another dimension";
}

TEST_F(RunDataFile, ReadsAFileWithNoDaysAndNoLegs) {
    std::vector<Place> ps = {smugglesim::testing::place("A", "AAA", PlaceKind::Origin, 1.0, 2.0)};
    const Network net(ps, {});
    // The simulator's declarations, for a run of no days on a network without legs.
    const SeriesSet& decls = sim_->series();
    SeriesSet s(0, {1, 1, 1, 0, 3}, {});
    for (SeriesId id = 0; id < decls.size(); ++id) s.add(decls.decl(id));
    RunMetadata m;
    m.scenario_name = "empty";
    m.start_date = "not a date";
    const fs::path p = *dir_ / "empty-run.h5";
    write_hdf5(p, m, net, s);
    const RunData run = load_run_file(p);
    EXPECT_EQ(run.days, 0);
    EXPECT_EQ(run.days_done, 0);
    EXPECT_EQ(run.start_date, "not a date");
    ASSERT_NE(run.network, nullptr);
    EXPECT_EQ(run.network->place_count(), 1u);
    EXPECT_EQ(run.network->leg_count(), 0u);
    EXPECT_EQ(run.series.days(), 0);
    EXPECT_EQ(run.series.width(Dim::Leg), 0u);
    EXPECT_EQ(run.series.width(Dim::Place), 1u);
    EXPECT_EQ(run.series.size(), decls.size());
    expect_same_rows(run.series, s, 0);
    EXPECT_TRUE(run.series.values<std::uint64_t>(run.series.at(Dim::Total, "generated")).empty());
    EXPECT_TRUE(run.series.values<std::uint32_t>(run.series.at(Dim::Leg, "flow")).empty());
}

// Tables are read by field name: other field orders, extra fields and the
// variable-length strings h5py writes by default are all fine.
TEST_F(RunDataFile, ReadsTablesByFieldNameWithExtraFieldsAndVariableLengthStrings) {
    const fs::path p = copy_of_good("rewritten.h5");
    const Network& net = *(*model_)->network;
    {
        Rw f(p);
        ASSERT_GE(H5Ldelete(f.id(), "/network/places", H5P_DEFAULT), 0);
        struct Row {
            double lat;
            std::uint32_t population;  // a field this viewer does not know
            const char* kind;
            const char* id;
            const char* name;
            char country[3];  // exactly 3 bytes, null-padded: no terminator
            double lon;
        };
        h5::Datatype vstr(H5Tcopy(H5T_C_S1), "t", "H5Tcopy");
        ASSERT_GE(H5Tset_size(vstr.id(), H5T_VARIABLE), 0);
        ASSERT_GE(H5Tset_cset(vstr.id(), H5T_CSET_UTF8), 0);
        h5::Datatype fstr(H5Tcopy(H5T_C_S1), "t", "H5Tcopy");
        ASSERT_GE(H5Tset_size(fstr.id(), 3), 0);
        ASSERT_GE(H5Tset_strpad(fstr.id(), H5T_STR_NULLPAD), 0);
        h5::Datatype t(H5Tcreate(H5T_COMPOUND, sizeof(Row)), "t", "H5Tcreate");
        ASSERT_GE(H5Tinsert(t.id(), "lat", offsetof(Row, lat), H5T_NATIVE_DOUBLE), 0);
        ASSERT_GE(H5Tinsert(t.id(), "population", offsetof(Row, population), H5T_NATIVE_UINT32), 0);
        ASSERT_GE(H5Tinsert(t.id(), "kind", offsetof(Row, kind), vstr.id()), 0);
        ASSERT_GE(H5Tinsert(t.id(), "id", offsetof(Row, id), vstr.id()), 0);
        ASSERT_GE(H5Tinsert(t.id(), "name", offsetof(Row, name), vstr.id()), 0);
        ASSERT_GE(H5Tinsert(t.id(), "country", offsetof(Row, country), fstr.id()), 0);
        ASSERT_GE(H5Tinsert(t.id(), "lon", offsetof(Row, lon), H5T_NATIVE_DOUBLE), 0);
        std::vector<std::string> kinds;
        for (const Place& pl : net.places()) kinds.emplace_back(to_string(pl.kind));
        std::vector<Row> rows(net.place_count());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const Place& pl = net.places()[i];
            rows[i].lat = pl.lat;
            rows[i].population = static_cast<std::uint32_t>(1000 * i);
            rows[i].kind = kinds[i].c_str();
            rows[i].id = pl.id.c_str();
            rows[i].name = pl.name.c_str();
            ASSERT_EQ(pl.country.size(), 3u);
            std::memcpy(rows[i].country, pl.country.data(), 3);
            rows[i].lon = pl.lon;
        }
        const hsize_t n = rows.size();
        h5::Dataspace space(H5Screate_simple(1, &n, nullptr), "t", "H5Screate_simple");
        h5::Dataset ds(H5Dcreate2(f.id(), "/network/places", t.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT,
                                  H5P_DEFAULT),
                       "t", "H5Dcreate2");
        ASSERT_GE(H5Dwrite(ds.id(), t.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), 0);

        // /network/countries as variable-length strings too.
        ASSERT_GE(H5Ldelete(f.id(), "/network/countries", H5P_DEFAULT), 0);
        std::vector<const char*> cs;
        for (const std::string& c : net.countries()) cs.push_back(c.c_str());
        const hsize_t nc = cs.size();
        h5::Dataspace cspace(H5Screate_simple(1, &nc, nullptr), "t", "H5Screate_simple");
        h5::Dataset cds(H5Dcreate2(f.id(), "/network/countries", vstr.id(), cspace.id(), H5P_DEFAULT,
                                   H5P_DEFAULT, H5P_DEFAULT),
                        "t", "H5Dcreate2");
        ASSERT_GE(H5Dwrite(cds.id(), vstr.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, cs.data()), 0);

        // The format attribute as a variable-length string, as h5py writes it;
        // and new objects a later compatible layout might add.
        ASSERT_GE(H5Adelete(f.id(), "format"), 0);
        h5::Dataspace scalar(H5Screate(H5S_SCALAR), "t", "H5Screate");
        h5::Attribute a(H5Acreate2(f.id(), "format", vstr.id(), scalar.id(), H5P_DEFAULT, H5P_DEFAULT), "t",
                        "H5Acreate2");
        const char* format = "smugglesim-results";
        ASSERT_GE(H5Awrite(a.id(), vstr.id(), &format), 0);
        h5::write_string_attr(f.id(), "a_later_attribute", "whatever", "t");
        h5::Group g = h5::create_group(f.id(), "/series/smugglers", "t");
    }
    const RunData run = load_run_file(p);
    expect_same_network_fields(*run.network, net);
    expect_same_rows(run.series, sim_->series(), kDays);
}

TEST_F(RunDataFile, MissingFile) {
    expect_error(*dir_ / "no-such-run.h5", {"no such file"});
}

TEST_F(RunDataFile, Directory) {
    const fs::path p = *dir_ / "a-directory.h5";
    fs::create_directories(p);
    expect_error(p, {"is a directory"});
}

TEST_F(RunDataFile, TextFileRenamedH5) {
    const fs::path p = *dir_ / "notes.h5";
    std::ofstream(p) << "These are not the results you are looking for.\n";
    expect_error(p, {"not an HDF5 file"});
}

TEST_F(RunDataFile, EmptyFile) {
    const fs::path p = *dir_ / "empty.h5";
    std::ofstream{p};
    ASSERT_TRUE(fs::exists(p));
    expect_error(p, {"empty", "not an HDF5 file"});
}

TEST_F(RunDataFile, TruncatedCopy) {
    const fs::path p = copy_of_good("truncated.h5");
    const auto size = fs::file_size(p);
    ASSERT_GT(size, 4096u);
    fs::resize_file(p, size / 2);
    expect_error(p, {"truncated"});
    // Only the last byte missing: still detected.
    const fs::path q = copy_of_good("truncated-by-one.h5");
    fs::resize_file(q, size - 1);
    expect_error(q, {"truncated"});
}

// Overwrites 64-byte stretches at 48 places of a copy of `good` with garbage
// and loads each damaged copy: each load must give a one-line RunFileError
// naming the file, or succeed (damaged raw numbers are still numbers), and never
// crash, throw anything else or print anything. Returns the problems found.
std::string load_corrupted_copies(const fs::path& good, const fs::path& p, int& errors) {
    std::vector<char> bytes;
    {
        std::ifstream in(good, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    if (bytes.size() < 4096) return "the good file is too small\n";
    std::string problems;
    const int trials = 48;
    std::uint32_t state = 12345;
    for (int t = 0; t < trials; ++t) {
        std::vector<char> bad = bytes;
        // After the 8-byte signature (without it, it is "not an HDF5 file").
        const std::size_t at = 8 + (bytes.size() - 8 - 64) * static_cast<std::size_t>(t) / trials;
        for (std::size_t i = 0; i < 64; ++i) {
            state = state * 1664525u + 1013904223u;
            bad[at + i] = static_cast<char>(state >> 24);
        }
        std::ofstream(p, std::ios::binary | std::ios::trunc)
            .write(bad.data(), static_cast<std::streamsize>(bad.size()));
        const std::string where = "offset " + std::to_string(at) + ": ";
        ::testing::internal::CaptureStderr();
        try {
            (void)load_run_file(p);
        } catch (const RunFileError& e) {
            ++errors;
            const std::string m = e.what();
            if (m.find(p.string()) == std::string::npos || m.find('\n') != std::string::npos)
                problems += where + "bad message: " + m + "\n";
        } catch (const std::exception& e) {
            problems += where + "not a RunFileError: " + e.what() + "\n";
        }
        const std::string printed = ::testing::internal::GetCapturedStderr();
        if (!printed.empty()) problems += where + "printed: " + printed + "\n";
        if (open_hdf5_objects() != 0) problems += where + "HDF5 identifiers left open\n";
    }
    // The library is still in a good state.
    try {
        if (load_run_file(good).days != kDays) problems += "the good file reads wrong after the damaged ones\n";
    } catch (const std::exception& e) {
        problems += std::string("the good file does not load after the damaged ones: ") + e.what() + "\n";
    }
    return problems;
}

// Run in a child process: HDF5 1.10.8 leaks a block whenever an object header
// fails its checksum and then prints "HDF5: infinite loop closing library" at
// exit; that should not happen in the test program itself.
TEST_F(RunDataFile, CorruptedCopiesGiveRunFileErrorOrLoadNeverCrash) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    const fs::path good = *good_;
    const fs::path p = *dir_ / "corrupted.h5";
    EXPECT_EXIT(
        {
            // HDF5 hands out blocks from its free lists: release them first, so
            // that LeakSanitizer (./scripts/test --sanitize) reports each
            // allocation of this process where it really happened.
            H5garbage_collect();
            int errors = 0;
            std::string problems = load_corrupted_copies(good, p, errors);
            if (errors == 0) problems += "no damage was detected at all\n";
            std::fputs(problems.c_str(), stderr);
            // exit() skips TearDownTestSuite: remove this process's directory here.
            std::error_code ec;
            fs::remove_all(p.parent_path(), ec);
            std::exit(problems.empty() ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "");
}

TEST_F(RunDataFile, Hdf5FileWithoutFormatAttribute) {
    const fs::path p = *dir_ / "other-program.h5";
    {
        h5::File f(H5Fcreate(p.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "t", "H5Fcreate");
        h5::Group g = h5::create_group(f.id(), "series", "t");
        h5::write_scalar_attr<std::int32_t>(f.id(), "layout_version", kHdf5LayoutVersion, "t");
    }
    expect_error(p, {"not a smugglesim results file", "'format'"});
}

TEST_F(RunDataFile, Hdf5FileWithAnotherFormat) {
    const fs::path p = copy_of_good("other-format.h5");
    {
        Rw f(p);
        ASSERT_GE(H5Adelete(f.id(), "format"), 0);
        h5::write_string_attr(f.id(), "format", "something-else", "t");
    }
    expect_error(p, {"not a smugglesim results file", "something-else"});
}

void set_layout_version(const fs::path& p, std::int32_t v) {
    Rw f(p);
    h5::Attribute a(H5Aopen(f.id(), "layout_version", H5P_DEFAULT), "t", "H5Aopen");
    ASSERT_GE(H5Awrite(a.id(), H5T_NATIVE_INT32, &v), 0);
}

TEST_F(RunDataFile, NewerLayoutVersion) {
    const fs::path p = copy_of_good("layout-4.h5");
    set_layout_version(p, 4);
    expect_error(p, {"written with layout version 4; this viewer reads version 3", "newer"});
}

TEST_F(RunDataFile, OlderLayoutVersion) {
    // Version 2: the leg geometries as one variable-length dataset (/network/legs_geometry).
    const fs::path p = copy_of_good("layout-2.h5");
    set_layout_version(p, 2);
    expect_error(p, {"written with layout version 2; this viewer reads version 3", "older"});
    // Version 1: the layout before series were declared (e.g. /series/arrivals_by_country).
    const fs::path q = copy_of_good("layout-1.h5");
    set_layout_version(q, 1);
    expect_error(q, {"written with layout version 1; this viewer reads version 3", "older"});
    const fs::path r = copy_of_good("layout-0.h5");
    set_layout_version(r, 0);
    expect_error(r, {"written with layout version 0; this viewer reads version 3", "older"});
}

TEST_F(RunDataFile, MissingLayoutVersion) {
    const fs::path p = copy_of_good("no-layout.h5");
    {
        Rw f(p);
        ASSERT_GE(H5Adelete(f.id(), "layout_version"), 0);
    }
    expect_error(p, {"missing root attribute 'layout_version'"});
}

TEST_F(RunDataFile, MissingDataset) {
    // The series the viewer draws and the network are required.
    for (const char* path : {"/series/leg/flow", "/series/place/waiting", "/series/country/arrivals",
                             "/series/totals/arrived", "/series/totals/stranded", "/network/legs_geometry_offsets",
                             "/network/legs_geometry_lonlat", "/network/legs"}) {
        SCOPED_TRACE(path);
        const fs::path p = copy_of_good("missing.h5");
        {
            Rw f(p);
            ASSERT_GE(H5Ldelete(f.id(), path, H5P_DEFAULT), 0);
        }
        expect_error(p, {std::string("missing dataset ") + path});
    }
    // A whole group gone: the first series the viewer needs from it is named.
    {
        const fs::path p = copy_of_good("missing-group.h5");
        {
            Rw f(p);
            ASSERT_GE(H5Ldelete(f.id(), "/series/place", H5P_DEFAULT), 0);
        }
        expect_error(p, {"missing dataset /series/place/waiting"});
    }
    {
        const fs::path p = copy_of_good("missing-series.h5");
        {
            Rw f(p);
            ASSERT_GE(H5Ldelete(f.id(), "/series", H5P_DEFAULT), 0);
        }
        expect_error(p, {"missing group /series"});
    }
    // Series the viewer does not draw (the layout v1 file required them all) may
    // be missing: the run has every other series, and those read as empty.
    {
        const fs::path p = copy_of_good("missing-optional.h5");
        {
            Rw f(p);
            ASSERT_GE(H5Ldelete(f.id(), "/series/leg/queue", H5P_DEFAULT), 0);
            ASSERT_GE(H5Ldelete(f.id(), "/series/totals/returned", H5P_DEFAULT), 0);
        }
        const RunData run = load_run_file(p);
        EXPECT_EQ(run.series.size(), sim_->series().size() - 2);
        EXPECT_FALSE(run.view(Dim::Leg, "queue"));
        EXPECT_FALSE(run.view(Dim::Total, "returned"));
        EXPECT_EQ(run.total(kDays - 1, "returned"), 0.0);
        ASSERT_TRUE(run.view(Dim::Leg, "dead"));
        const SeriesSet& want = sim_->series();
        for (int d = 0; d < kDays; ++d)
            for (std::size_t l = 0; l < want.width(Dim::Leg); ++l)
                EXPECT_EQ(run.view(Dim::Leg, "dead")(d, l), smugglesim::testing::at(want, Dim::Leg, "dead", d, l));
    }
}

TEST_F(RunDataFile, MisshapedDataset) {
    const std::size_t legs = (*model_)->network->leg_count();
    const fs::path p = copy_of_good("misshaped.h5");
    {
        Rw f(p);
        ASSERT_GE(H5Ldelete(f.id(), "/series/leg/flow", H5P_DEFAULT), 0);
        const std::array<hsize_t, 2> dims{kDays, legs + 1};
        h5::Dataspace space = h5::simple_space(dims, "t");
        h5::Dataset ds = h5::create_dataset(f.id(), "/series/leg/flow", H5T_STD_U32LE, space.id(),
                                            H5P_DEFAULT, "t");
    }
    const std::string shape_got = "[" + std::to_string(kDays) + " x " + std::to_string(legs + 1) + "]";
    const std::string shape_want = "[" + std::to_string(kDays) + " x " + std::to_string(legs) + "]";
    expect_error(p, {"dataset /series/leg/flow has shape " + shape_got + ", expected " + shape_want + " (days x legs)"});

    // A 1-D total one day short.
    const fs::path q = copy_of_good("short-total.h5");
    {
        Rw f(q);
        ASSERT_GE(H5Ldelete(f.id(), "/series/totals/dead", H5P_DEFAULT), 0);
        const std::array<hsize_t, 1> dims{kDays - 1};
        h5::Dataspace space = h5::simple_space(dims, "t");
        h5::Dataset ds = h5::create_dataset(f.id(), "/series/totals/dead", H5T_STD_U64LE, space.id(),
                                            H5P_DEFAULT, "t");
    }
    expect_error(q, {"dataset /series/totals/dead has shape [" + std::to_string(kDays - 1) + "], expected [" +
                     std::to_string(kDays) + "] (days)"});
}

// A dataset of the right shape whose data was never written: HDF5 1.10 would
// read its fill value, whose size it does not check (a damaged fill value made
// it read past its buffer: fuzzing finding, docs/reliability.md). Refused
// before any read.
TEST_F(RunDataFile, DatasetWhoseDataWasNeverWritten) {
    const std::size_t legs = (*model_)->network->leg_count();
    const fs::path p = copy_of_good("unwritten.h5");
    {
        Rw f(p);
        ASSERT_GE(H5Ldelete(f.id(), "/series/leg/flow", H5P_DEFAULT), 0);
        const std::array<hsize_t, 2> dims{kDays, legs};
        h5::Dataspace space = h5::simple_space(dims, "t");
        h5::Dataset ds = h5::create_dataset(f.id(), "/series/leg/flow", H5T_STD_U32LE, space.id(), H5P_DEFAULT, "t");
        h5::write_string_attr(ds.id(), "measure", "flow", "t");
    }
    expect_error(p, {"dataset /series/leg/flow: damaged: its data was never (fully) written"});
}

TEST_F(RunDataFile, PlaceIndexOutOfRangeInLegs) {
    const std::size_t places = (*model_)->network->place_count();
    const fs::path p = copy_of_good("bad-index.h5");
    {
        Rw f(p);
        h5::Dataset ds = h5::open_dataset(f.id(), "/network/legs", "t");
        h5::Datatype t(H5Dget_type(ds.id()), "t", "H5Dget_type");
        const std::size_t row = H5Tget_size(t.id());
        const std::size_t n = h5::dataset_dims(ds.id(), "t")[0];
        std::vector<std::byte> buf(n * row);
        ASSERT_GE(H5Dread(ds.id(), t.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), 0);
        const int member = H5Tget_member_index(t.id(), "to_index");
        ASSERT_GE(member, 0);
        const std::size_t off = H5Tget_member_offset(t.id(), static_cast<unsigned>(member));
        const std::uint32_t bad = static_cast<std::uint32_t>(places) + 5;  // little-endian host
        std::memcpy(buf.data() + 2 * row + off, &bad, sizeof bad);
        ASSERT_GE(H5Dwrite(ds.id(), t.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), 0);
    }
    const std::string leg_id = (*model_)->network->legs()[2].id;
    expect_error(p, {"/network/legs", "'" + leg_id + "'", "to_index " + std::to_string(places + 5),
                     "out of range"});
}

TEST_F(RunDataFile, MissingFieldInTable) {
    const fs::path p = copy_of_good("no-field.h5");
    {
        // Rewrite /network/places without its "lat" field.
        Rw f(p);
        h5::Dataset ds = h5::open_dataset(f.id(), "/network/places", "t");
        h5::Datatype t(H5Dget_type(ds.id()), "t", "H5Dget_type");
        const std::size_t n = h5::dataset_dims(ds.id(), "t")[0];
        std::vector<std::byte> buf(n * H5Tget_size(t.id()));
        ASSERT_GE(H5Dread(ds.id(), t.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), 0);
        h5::Datatype t2(H5Tcreate(H5T_COMPOUND, H5Tget_size(t.id())), "t", "H5Tcreate");
        for (unsigned i = 0; i < static_cast<unsigned>(H5Tget_nmembers(t.id())); ++i) {
            char* name = H5Tget_member_name(t.id(), i);
            const std::string s = name;
            H5free_memory(name);
            if (s == "lat") continue;
            h5::Datatype mt(H5Tget_member_type(t.id(), i), "t", "member");
            ASSERT_GE(H5Tinsert(t2.id(), s.c_str(), H5Tget_member_offset(t.id(), i), mt.id()), 0);
        }
        const hsize_t dims = n;
        h5::Dataspace space(H5Screate_simple(1, &dims, nullptr), "t", "H5Screate_simple");
        ds.close("t");
        ASSERT_GE(H5Ldelete(f.id(), "/network/places", H5P_DEFAULT), 0);
        h5::Dataset ds2 = h5::create_dataset(f.id(), "/network/places", t2.id(), space.id(), H5P_DEFAULT, "t");
        ASSERT_GE(H5Dwrite(ds2.id(), t.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), 0);
    }
    expect_error(p, {"/network/places", "no field 'lat'"});
}

// Replaces dataset `path` of file `p` by one of type `type`, shape `dims`, written
// from `data` in memory type `mem_type`.
void replace_dataset(const fs::path& p, const char* path, hid_t type, std::initializer_list<hsize_t> dims,
                     hid_t mem_type, const void* data) {
    Rw f(p);
    ASSERT_GE(H5Ldelete(f.id(), path, H5P_DEFAULT), 0);
    const std::vector<hsize_t> d(dims);
    h5::Dataspace space = h5::simple_space(d, "t");
    h5::Dataset ds = h5::create_dataset(f.id(), path, type, space.id(), H5P_DEFAULT, "t");
    ASSERT_GE(H5Dwrite(ds.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), 0);
}

TEST_F(RunDataFile, DamagedLegGeometry) {
    const char* offsets_path = "/network/legs_geometry_offsets";
    const char* lonlat_path = "/network/legs_geometry_lonlat";
    std::vector<std::uint64_t> good_offsets;
    std::vector<double> good_lonlat;
    {
        h5::File f(H5Fopen(good_->c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "t", "H5Fopen");
        h5::Dataset o = h5::open_dataset(f.id(), offsets_path, "t");
        good_offsets = h5::read_all<std::uint64_t>(o.id(), "t");
        h5::Dataset l = h5::open_dataset(f.id(), lonlat_path, "t");
        good_lonlat = h5::read_all<double>(l.id(), "t");
    }
    const std::size_t legs = (*model_)->network->leg_count();
    ASSERT_EQ(good_offsets.size(), legs + 1);
    ASSERT_GE(legs, 4u);
    ASSERT_EQ(good_offsets[3], good_offsets[4]) << "leg 3 of the rich network has no geometry";
    const auto rows = good_lonlat.size() / 2;
    ASSERT_EQ(good_offsets.back(), rows);
    auto with_offsets = [&](const std::string& name, auto change) {
        std::vector<std::uint64_t> v = good_offsets;
        change(v);
        const fs::path p = copy_of_good(name);
        replace_dataset(p, offsets_path, H5T_STD_U64LE, {v.size()}, H5T_NATIVE_UINT64, v.data());
        return p;
    };
    {
        SCOPED_TRACE("not monotone");
        const fs::path p = with_offsets("offsets-decrease.h5", [](auto& v) { v[2] = v[1] - 1; });
        expect_error(p, {std::string("dataset ") + offsets_path, "decreases at leg 1 (" +
                         std::to_string(good_offsets[1]) + " then " + std::to_string(good_offsets[1] - 1) + ")"});
    }
    {
        SCOPED_TRACE("last offset short of the rows");
        const fs::path p = with_offsets("offsets-end.h5", [](auto& v) { --v.back(); });
        expect_error(p, {std::string("dataset ") + offsets_path, "ends at " + std::to_string(rows - 1) + ", but " +
                         lonlat_path + " has " + std::to_string(rows) + " rows"});
    }
    {
        SCOPED_TRACE("last offset beyond the rows");
        const fs::path p = with_offsets("offsets-beyond.h5", [](auto& v) { v.back() = ~std::uint64_t{0}; });
        expect_error(p, {std::string("dataset ") + offsets_path, "ends at " + std::to_string(~std::uint64_t{0})});
    }
    {
        SCOPED_TRACE("first offset not 0");
        const fs::path p = with_offsets("offsets-start.h5", [](auto& v) { v[0] = 1; });
        expect_error(p, {std::string("dataset ") + offsets_path, "starts at 1, expected 0"});
    }
    {
        SCOPED_TRACE("one offset per leg, not legs + 1");
        const fs::path p = with_offsets("offsets-short.h5", [](auto& v) { v.pop_back(); });
        expect_error(p, {std::string("dataset ") + offsets_path + " has shape [" + std::to_string(legs) +
                         "], expected [" + std::to_string(legs + 1) + "] (legs + 1)"});
    }
    {
        SCOPED_TRACE("offsets as floating-point numbers");
        std::vector<double> v(good_offsets.begin(), good_offsets.end());
        const fs::path p = copy_of_good("offsets-float.h5");
        replace_dataset(p, offsets_path, H5T_IEEE_F64LE, {v.size()}, H5T_NATIVE_DOUBLE, v.data());
        expect_error(p, {std::string("dataset ") + offsets_path + " does not hold integers"});
    }
    {
        SCOPED_TRACE("three columns");
        std::vector<double> v(rows * 3, 1.0);
        const fs::path p = copy_of_good("lonlat-3.h5");
        replace_dataset(p, lonlat_path, H5T_IEEE_F64LE, {rows, 3}, H5T_NATIVE_DOUBLE, v.data());
        expect_error(p, {std::string("dataset ") + lonlat_path + " has shape [" + std::to_string(rows) +
                         " x 3], expected [n_points x 2]"});
    }
    {
        SCOPED_TRACE("a NaN");
        std::vector<double> v = good_lonlat;
        v[2 * 4 + 1] = std::nan("");
        const fs::path p = copy_of_good("lonlat-nan.h5");
        replace_dataset(p, lonlat_path, H5T_IEEE_F64LE, {rows, 2}, H5T_NATIVE_DOUBLE, v.data());
        expect_error(p, {std::string("dataset ") + lonlat_path + " has a non-finite lat in row 4"});
    }
}

// Overwrites the signature of every global heap collection ("GCOL") of file `p`:
// HDF5 then fails to read any variable-length data of the file. Returns how
// many collections were damaged.
int damage_global_heap(const fs::path& p) {
    std::vector<char> bytes;
    {
        std::ifstream in(p, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::string_view sig = "GCOL";
    int collections = 0;
    for (auto it = bytes.begin(); (it = std::search(it, bytes.end(), sig.begin(), sig.end())) != bytes.end(); ++it) {
        std::copy_n("XXXX", 4, it);
        ++collections;
    }
    std::ofstream(p, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return collections;
}

// The viewer reads nothing of a results file's global heap (where HDF5 keeps
// variable-length data: here, the dimension scales' bookkeeping attributes and
// the column labels of /series/<dim>): with every collection damaged, the file
// still loads in full.
TEST_F(RunDataFile, LoadsWithoutReadingTheGlobalHeap) {
    const fs::path p = copy_of_good("no-global-heap.h5");
    ASSERT_GT(damage_global_heap(p), 0) << "no global heap collection in the file";
    const RunData run = load_run_file(p);
    expect_same_network_fields(*run.network, *(*model_)->network);
    expect_same_rows(run.series, sim_->series(), kDays);
}

// A variable-length dataset in place of either geometry dataset is refused by
// its type, before any read: its data would come from the file's global heap,
// whose decoding a damaged file can make loop forever in HDF5 1.10. To show
// that nothing is read, every global heap collection of the file is damaged
// (its signature overwritten): a read would fail with another message.
TEST_F(RunDataFile, VariableLengthLegGeometryIsRefusedUnread) {
    const std::size_t legs = (*model_)->network->leg_count();
    double lon = 1.5;
    std::uint64_t offset = 0;
    for (const char* path : {"/network/legs_geometry_lonlat", "/network/legs_geometry_offsets"}) {
        SCOPED_TRACE(path);
        const bool lonlat = std::string(path).ends_with("lonlat");
        const fs::path p = copy_of_good(lonlat ? "vlen-lonlat.h5" : "vlen-offsets.h5");
        {
            h5::Datatype ft(H5Tvlen_create(lonlat ? H5T_IEEE_F64LE : H5T_STD_U64LE), "t", "H5Tvlen_create");
            h5::Datatype mt(H5Tvlen_create(lonlat ? H5T_NATIVE_DOUBLE : H5T_NATIVE_UINT64), "t", "H5Tvlen_create");
            // One value per element: 3 x 2 lists of one lon, or legs + 1 lists of one offset.
            std::vector<hvl_t> vl(lonlat ? 3 * 2 : legs + 1,
                                  hvl_t{1, lonlat ? static_cast<void*>(&lon) : static_cast<void*>(&offset)});
            if (lonlat)
                replace_dataset(p, path, ft.id(), {3, 2}, mt.id(), vl.data());
            else
                replace_dataset(p, path, ft.id(), {legs + 1}, mt.id(), vl.data());
        }
        ASSERT_GT(damage_global_heap(p), 0) << "no global heap collection in the file";
        expect_error(p, {std::string("dataset ") + path + " is variable-length"});
    }
}

TEST_F(RunDataFile, UnreadableFile) {
    if (::geteuid() == 0) GTEST_SKIP() << "root can read any file";
    const fs::path p = copy_of_good("unreadable.h5");
    fs::permissions(p, fs::perms::none);
    expect_error(p, {"cannot be read"});
}

// ---- snapshots ----------------------------------------------------------------

TEST(RunDataSnapshot, AfterKDaysHasKDaysDoneAndTheSimulationsRows) {
    const auto model = rich_model();
    Simulation full(model);
    full.run();
    Simulation sim(model);
    const int k = 17;
    for (int d = 0; d < k; ++d) sim.step();
    const RunData snap = snapshot(sim, "live", "Live run");
    EXPECT_EQ(snap.source, "live");
    EXPECT_EQ(snap.label, "Live run");
    EXPECT_EQ(snap.days_done, k);
    EXPECT_EQ(snap.days, kDays);
    EXPECT_EQ(snap.layout_version, 0);
    EXPECT_EQ(snap.scenario_name, "toy");
    EXPECT_EQ(snap.start_date, "2015-01-01");
    EXPECT_EQ(snap.seed, model->seed);
    EXPECT_EQ(snap.network, model->network);  // shared, not copied
    expect_same_rows(snap.series, sim.series(), k);
    // A run is reproducible: its first k days equal those of a complete run.
    expect_same_rows(snap.series, full.series(), k);
    EXPECT_GT(snap.total(k - 1, "generated"), 0.0);

    // A copy: later days of the simulation do not change the snapshot.
    const double generated = snap.total(k - 1, "generated");
    sim.step();
    EXPECT_EQ(snap.days_done, k);
    EXPECT_EQ(snap.total(k - 1, "generated"), generated);
    EXPECT_EQ(snap.total(k, "generated"), 0.0);
    EXPECT_GT(smugglesim::testing::at(sim.series(), Dim::Total, "generated", k), 0.0);

    const RunData first = snapshot(Simulation(model), "baseline", "baseline");
    EXPECT_EQ(first.days_done, 0);
}

// ---- same_network ---------------------------------------------------------------

RunData with_network(std::shared_ptr<const Network> net) {
    RunData r;
    r.network = std::move(net);
    return r;
}

TEST(RunDataSameNetwork, TrueForTwoRunsOfOneModelFalseForAnotherNetwork) {
    const auto model = rich_model();
    Simulation a(model), b(model);
    a.step();
    const RunData ra = snapshot(a, "a", "a");
    const RunData rb = snapshot(b, "b", "b");
    EXPECT_TRUE(same_network(ra, rb));

    // A file of the same model: a separate Network object, equal content.
    const fs::path p = fs::temp_directory_path() / ("smugglesim_test_same_network_" + std::to_string(::getpid()) + ".h5");
    Simulation c(model);
    c.run();
    write_run(c, p);
    const RunData rf = load_run_file(p);
    fs::remove(p);
    ASSERT_NE(rf.network, ra.network);
    EXPECT_TRUE(same_network(ra, rf));
    EXPECT_TRUE(same_network(rf, ra));

    // Networks that differ from the model's in one respect each.
    const std::vector<Place>& ps = model->network->places();
    const std::vector<Leg>& ls = model->network->legs();
    {
        // Same ids, same from/to, other values: the same network for comparison.
        std::vector<Leg> l2 = ls;
        l2[0].capacity_per_day *= 2;
        EXPECT_TRUE(same_network(ra, with_network(std::make_shared<Network>(ps, l2))));
    }
    {
        std::vector<Leg> l2 = ls;
        l2[1].id = "P-I-RENAMED";
        EXPECT_FALSE(same_network(ra, with_network(std::make_shared<Network>(ps, l2))));
    }
    {
        std::vector<Leg> l2 = ls;
        l2[1].to = 3;  // P -> I2 instead of P -> I, same id
        EXPECT_FALSE(same_network(ra, with_network(std::make_shared<Network>(ps, l2))));
    }
    {
        std::vector<Leg> l2 = ls;
        std::swap(l2[1], l2[2]);  // same legs, other order
        EXPECT_FALSE(same_network(ra, with_network(std::make_shared<Network>(ps, l2))));
    }
    {
        std::vector<Leg> l2(ls.begin(), ls.end() - 1);
        EXPECT_FALSE(same_network(ra, with_network(std::make_shared<Network>(ps, l2))));
    }
    {
        std::vector<Place> p2 = ps;
        p2[5].id = "STOCKHOLM";
        EXPECT_FALSE(same_network(ra, with_network(std::make_shared<Network>(p2, ls))));
    }
    {
        std::vector<Place> p2 = ps;
        p2.push_back(smugglesim::testing::place("X", "XXX", PlaceKind::Transit, 0, 0));
        EXPECT_FALSE(same_network(ra, with_network(std::make_shared<Network>(p2, ls))));
    }
    EXPECT_FALSE(same_network(ra, RunData{}));
    EXPECT_FALSE(same_network(RunData{}, RunData{}));
}

}  // namespace
}  // namespace smugglesim::viewer
