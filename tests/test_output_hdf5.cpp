// Tests for the HDF5 results file (io/output_hdf5.hpp, layout in docs/hdf5-layout.md):
// write a small hand-made network and known series, read everything back with the
// HDF5 C API and check shapes, values, attributes, compound fields, dimension
// scales; check the .partial / rename protocol on success and failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <hdf5.h>
#include <hdf5_hl.h>  // H5DS* dimension scales
#include <sys/resource.h>
#include <unistd.h>

#include "io/hdf5_raii.hpp"
#include "io/network_tables.hpp"
#include "sim/network.hpp"
#include "io/output_hdf5.hpp"
#include "sim/engine/series.hpp"

namespace smugglesim {
namespace {

// "YYYY-MM-DDThh:mm:ssZ": '0' in the shape stands for a digit. (No std::regex:
// GCC 12 reports a maybe-uninitialized false positive inside <regex> when the
// sanitizers are on.)
bool matches_utc_timestamp(std::string_view s) {
    constexpr std::string_view shape = "0000-00-00T00:00:00Z";
    if (s.size() != shape.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool digit = s[i] >= '0' && s[i] <= '9';
        if (shape[i] == '0' ? !digit : s[i] != shape[i]) return false;
    }
    return true;
}

namespace fs = std::filesystem;

Network make_network() {
    std::vector<Place> places = {
        {"KABUL", "Kabul", "AFG", PlaceKind::Origin, 69.17, 34.53},
        {"IZMIR", "\xC4\xB0zmir", "TUR", PlaceKind::Port, 27.14, 38.42},  // "İzmir" in UTF-8
        {"LESBOS", "Lesbos (Mytilene)", "GRC", PlaceKind::Destination, 26.55, 39.11},
    };
    Leg a;
    a.id = "KABUL-IZMIR-LAND";
    a.from = 0;
    a.to = 1;
    a.mode = Mode::Land;
    a.means = "truck";
    a.length_km = 3500.5;
    a.base_days = 20.0;
    a.price_eur = 2000.0;
    a.capacity_per_day = 50.0;
    a.hazard = 0.01;
    a.interception = 0.05;
    a.requires_documents = false;
    a.geometry = {69.17, 34.53, 50.0, 37.0, 27.14, 38.42};
    Leg b;
    b.id = "IZMIR-LESBOS-SEA";
    b.from = 1;
    b.to = 2;
    b.mode = Mode::Sea;
    b.means = "dinghy";
    b.length_km = 15.25;
    b.base_days = 0.5;
    b.price_eur = 1200.0;
    b.capacity_per_day = 100.0;
    b.hazard = 0.02;
    b.interception = 0.3;
    b.requires_documents = true;
    b.geometry = {27.14, 38.42, 26.55, 39.11};
    b.hazard_raster_factor = 1.5;
    b.interception_raster_factor = 0.75;
    Network net(std::move(places), {a, b});
    net.source = "hand-made test network";
    return net;
}

// Distinct, predictable values: series k, day d, column c.
std::uint32_t value(int k, std::size_t d, std::size_t c) {
    return static_cast<std::uint32_t>(k * 100000 + static_cast<int>(d) * 10 + static_cast<int>(c));
}

std::vector<std::uint8_t> leg_modes(const Network& net) {
    std::vector<std::uint8_t> out;
    for (const Leg& l : net.legs()) out.push_back(static_cast<std::uint8_t>(l.mode));
    return out;
}

// The series of layout v1, declared as the migrants module declares them in v2
// (and a few declarations with other measures and units), filled with known
// values. The by-mode series are derived by SeriesSet::finish_day.
SeriesSet make_series(const Network& net, int days) {
    SeriesSet s(days, {1, net.countries().size(), net.place_count(), net.leg_count(), 3}, leg_modes(net));
    const std::array<std::pair<const char*, Measure>, 9> totals = {{{"generated", Measure::Cumulative},
                                                                     {"waiting", Measure::Stock},
                                                                     {"travelling", Measure::Stock},
                                                                     {"arrived", Measure::Cumulative},
                                                                     {"dead", Measure::Cumulative},
                                                                     {"missing", Measure::Cumulative},
                                                                     {"stranded", Measure::Cumulative},
                                                                     {"returned", Measure::Cumulative},
                                                                     {"intercepted", Measure::Cumulative}}};
    for (const auto& [name, m] : totals)
        s.add({Dim::Total, name, ValueType::U64, m, "migrants", std::string("Total ") + name, {}, true, {}}, "migrants");
    auto add = [&](Dim d, const char* name, ValueType t, Measure m, const char* units, bool headline = false) {
        return s.add({d, name, t, m, units, std::string("Per-column ") + name, {}, headline, {}}, "migrants");
    };
    const auto U32 = ValueType::U32;
    add(Dim::Country, "arrivals", U32, Measure::Flow, "migrants");
    add(Dim::Place, "generated", U32, Measure::Flow, "migrants");
    add(Dim::Place, "waiting", U32, Measure::Stock, "migrants");
    add(Dim::Place, "stranded", U32, Measure::Flow, "migrants");
    add(Dim::Leg, "flow", U32, Measure::Flow, "migrants");
    add(Dim::Leg, "dead", U32, Measure::Flow, "migrants");
    add(Dim::Leg, "missing", U32, Measure::Flow, "migrants");
    add(Dim::Leg, "intercepted", U32, Measure::Flow, "migrants");
    add(Dim::Leg, "queue", U32, Measure::Stock, "migrants");
    add(Dim::Leg, "paid_eur", ValueType::F64, Measure::Flow, "EUR", true);
    for (const char* name : {"dead", "missing", "flow"})
        s.add({Dim::Mode, name, U32, Measure::Flow, "migrants", std::string("By mode: ") + name, name, false, {}},
              "migrants");

    const auto nd = static_cast<std::size_t>(days);
    const std::size_t nc = s.width(Dim::Country), np = s.width(Dim::Place), nl = s.width(Dim::Leg);
    for (std::size_t d = 0; d < nd; ++d) {
        const int day = static_cast<int>(d);
        for (std::size_t i = 0; i < totals.size(); ++i)
            *s.row<std::uint64_t>(s.at(Dim::Total, totals[i].first), day) = d * 100 + i;
        *s.row<std::uint64_t>(s.at(Dim::Total, "intercepted"), day) = (std::uint64_t{1} << 40) + d;  // needs 64 bits
        for (std::size_t c = 0; c < nc; ++c) s.row<std::uint32_t>(s.at(Dim::Country, "arrivals"), day)[c] = value(1, d, c);
        for (std::size_t p = 0; p < np; ++p) {
            s.row<std::uint32_t>(s.at(Dim::Place, "generated"), day)[p] = value(2, d, p);
            s.row<std::uint32_t>(s.at(Dim::Place, "waiting"), day)[p] = value(3, d, p);
            s.row<std::uint32_t>(s.at(Dim::Place, "stranded"), day)[p] = value(4, d, p);
        }
        int k = 5;
        for (const char* name : {"flow", "dead", "missing", "intercepted", "queue"}) {
            for (std::size_t l = 0; l < nl; ++l) s.row<std::uint32_t>(s.at(Dim::Leg, name), day)[l] = value(k, d, l);
            ++k;
        }
        for (std::size_t l = 0; l < nl; ++l)
            s.row<double>(s.at(Dim::Leg, "paid_eur"), day)[l] = static_cast<double>(d) * 1.5 + static_cast<double>(l) * 0.25;
        s.finish_day(day);
    }
    return s;
}

// All values of series (dim, name) of `s`, [days][width].
template <class T>
std::vector<T> values_of(const SeriesSet& s, Dim dim, std::string_view name) {
    const auto v = s.values<T>(s.at(dim, name));
    return std::vector<T>(v.begin(), v.end());
}

RunMetadata make_meta(int days) {
    RunMetadata m;
    m.scenario_name = "test-scenario";
    // Well over the 64 KiB limit of compact attribute storage.
    m.scenario_text = "# test scenario\nname = \"test-scenario\"\n";
    while (m.scenario_text.size() < 200000) m.scenario_text += "# padding line for a large TOML text\n";
    m.scenario_path = "scenarios/test.toml";
    m.seed = (std::uint64_t{1} << 63) + 5;
    m.days = days;
    m.migrants_scale = 0.25;
    m.threads = 4;
    m.start_date = "2016-02-27";
    m.program_version = "0.1.0-test";
    m.git_revision = "abcdef123456";
    m.wall_seconds = 12.5;
    return m;
}

fs::path partial_of(const fs::path& p) {
    fs::path q = p;
    q += ".partial";
    return q;
}

ssize_t open_hdf5_objects() { return H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL); }

class OutputHdf5 : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("smugglesim_test_hdf5_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    fs::path dir_;
};

std::string label(hid_t ds, unsigned dim) {
    char buf[64] = {};
    const ssize_t n = H5DSget_label(ds, dim, buf, sizeof buf);
    EXPECT_GE(n, 0);
    return buf;
}

// The attributes every series dataset carries: its declaration.
void check_series_attributes(hid_t ds, const std::string& path, const SeriesDecl& decl) {
    EXPECT_EQ(h5::read_string_attr(ds, "units", path), decl.units);
    EXPECT_EQ(h5::read_string_attr(ds, "description", path), decl.description);
    EXPECT_FALSE(decl.description.empty());
    EXPECT_EQ(h5::read_string_attr(ds, "measure", path), kMeasureNames[static_cast<std::size_t>(decl.measure)]);
    EXPECT_EQ(h5::read_string_attr(ds, "module", path), "migrants");
    EXPECT_EQ(h5::read_scalar_attr<std::uint8_t>(ds, "headline", path), decl.headline ? 1 : 0);
    {
        h5::Attribute a(H5Aopen(ds, "headline", H5P_DEFAULT), path, "H5Aopen");
        h5::Datatype t(H5Aget_type(a.id()), path, "H5Aget_type");
        EXPECT_GT(H5Tequal(t.id(), H5T_STD_U8LE), 0) << "headline is a uint8";
    }
    if (decl.sum_by_mode_of.empty())
        EXPECT_EQ(H5Aexists(ds, "sum_by_mode_of"), 0);
    else
        EXPECT_EQ(h5::read_string_attr(ds, "sum_by_mode_of", path), decl.sum_by_mode_of);
}

// A [days, cols] series: shape, values, type, chunking, filters, scales, labels, attributes.
template <class T>
void check_series_2d(hid_t file, const SeriesSet& s, Dim dim, const std::string& name, const std::vector<T>& expected,
                     hid_t day_scale, hid_t col_scale) {
    const SeriesDecl& decl = s.decl(s.at(dim, name));
    const std::string path = decl.path();
    const std::string dim_name(kDimNames[static_cast<std::size_t>(dim)]);
    const auto days = static_cast<hsize_t>(s.days());
    const auto cols = static_cast<hsize_t>(s.width(dim));
    SCOPED_TRACE(path);
    EXPECT_EQ(path, "/series/" + dim_name + "/" + name);
    h5::Dataset ds = h5::open_dataset(file, path, path);
    EXPECT_EQ(h5::dataset_dims(ds.id(), path), (std::vector<hsize_t>{days, cols}));
    EXPECT_EQ(h5::read_all<T>(ds.id(), path), expected);

    h5::Datatype type(H5Dget_type(ds.id()), path, "H5Dget_type");
    EXPECT_GT(H5Tequal(type.id(), h5::TypeOf<T>::file()), 0);

    h5::Plist dcpl(H5Dget_create_plist(ds.id()), path, "H5Dget_create_plist");
    EXPECT_EQ(H5Pget_layout(dcpl.id()), H5D_CHUNKED);
    std::array<hsize_t, 2> chunk{};
    EXPECT_EQ(H5Pget_chunk(dcpl.id(), 2, chunk.data()), 2);
    EXPECT_EQ(chunk[0], std::min<hsize_t>(days, 64));
    EXPECT_EQ(chunk[1], cols);
    ASSERT_EQ(H5Pget_nfilters(dcpl.id()), 2);
    unsigned flags = 0;
    std::size_t nelmts = 1;
    unsigned level = 0;
    EXPECT_EQ(H5Pget_filter2(dcpl.id(), 0, &flags, &nelmts, &level, 0, nullptr, nullptr),
              H5Z_FILTER_SHUFFLE);
    nelmts = 1;
    EXPECT_EQ(H5Pget_filter2(dcpl.id(), 1, &flags, &nelmts, &level, 0, nullptr, nullptr),
              H5Z_FILTER_DEFLATE);
    EXPECT_EQ(level, 4u);

    EXPECT_GT(H5DSis_attached(ds.id(), day_scale, 0), 0);
    EXPECT_GT(H5DSis_attached(ds.id(), col_scale, 1), 0);
    EXPECT_EQ(H5DSget_num_scales(ds.id(), 0), 1);
    EXPECT_EQ(H5DSget_num_scales(ds.id(), 1), 1);
    EXPECT_EQ(label(ds.id(), 0), "day");
    EXPECT_EQ(label(ds.id(), 1), dim_name);
    check_series_attributes(ds.id(), path, decl);
}

// The coordinates of group /series/<dim>: `day` (int32 0..days-1, a dimension
// scale named "day", units "days since <start>" and a calendar when dated) and,
// except for totals, the labels of the columns (variable-length UTF-8 strings,
// a dimension scale named like the dimension).
void check_group_coordinates(hid_t file, Dim dim, int days, const std::string& start_date,
                             const std::vector<std::string>& labels) {
    const std::string dim_name(kDimNames[static_cast<std::size_t>(dim)]);
    const std::string gp = "/series/" + dim_name;
    SCOPED_TRACE(gp);
    {
        const std::string path = gp + "/day";
        h5::Dataset day = h5::open_dataset(file, path, path);
        std::vector<std::int32_t> expect_days(static_cast<std::size_t>(days));
        for (int i = 0; i < days; ++i) expect_days[static_cast<std::size_t>(i)] = i;
        EXPECT_EQ(h5::read_all<std::int32_t>(day.id(), path), expect_days);
        h5::Datatype t(H5Dget_type(day.id()), path, "H5Dget_type");
        EXPECT_GT(H5Tequal(t.id(), H5T_STD_I32LE), 0);
        EXPECT_GT(H5DSis_scale(day.id()), 0);
        char name[32] = {};
        EXPECT_GT(H5DSget_scale_name(day.id(), name, sizeof name), 0);
        EXPECT_STREQ(name, "day");
        if (start_date.empty()) {
            EXPECT_EQ(h5::read_string_attr(day.id(), "units", path), "day");
            EXPECT_EQ(H5Aexists(day.id(), "calendar"), 0);
        } else {
            EXPECT_EQ(h5::read_string_attr(day.id(), "units", path), "days since " + start_date);
            EXPECT_EQ(h5::read_string_attr(day.id(), "calendar", path), "proleptic_gregorian");
        }
    }
    const std::string path = gp + "/" + dim_name;
    if (dim == Dim::Total) {
        EXPECT_EQ(H5Lexists(file, path.c_str(), H5P_DEFAULT), 0) << "totals have no column coordinate";
        return;
    }
    h5::Dataset col = h5::open_dataset(file, path, path);
    EXPECT_EQ(h5::read_string_dataset(col.id(), path), labels);
    h5::Datatype t(H5Dget_type(col.id()), path, "H5Dget_type");
    EXPECT_EQ(H5Tget_class(t.id()), H5T_STRING);
    EXPECT_GT(H5Tis_variable_str(t.id()), 0);
    EXPECT_EQ(H5Tget_cset(t.id()), H5T_CSET_UTF8);
    EXPECT_GT(H5DSis_scale(col.id()), 0);
    char name[32] = {};
    EXPECT_GT(H5DSget_scale_name(col.id(), name, sizeof name), 0);
    EXPECT_EQ(std::string(name), dim_name);
    EXPECT_FALSE(h5::read_string_attr(col.id(), "description", path).empty());
}

// Names of the links in group `path`, sorted.
std::vector<std::string> members(hid_t file, const std::string& path) {
    h5::Group g = h5::open_group(file, path, path);
    H5G_info_t info;
    EXPECT_GE(H5Gget_info(g.id(), &info), 0);
    std::vector<std::string> out;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        char buf[256] = {};
        EXPECT_GT(H5Lget_name_by_idx(g.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, buf, sizeof buf, H5P_DEFAULT), 0);
        out.emplace_back(buf);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The geometry of each leg from /network/legs_geometry_offsets and
// /network/legs_geometry_lonlat, as flat lon0, lat0, lon1, lat1, ... lists.
std::vector<std::vector<double>> leg_geometries(hid_t file, const std::string& w) {
    h5::Dataset offsets_ds = h5::open_dataset(file, "/network/legs_geometry_offsets", w);
    h5::Dataset lonlat_ds = h5::open_dataset(file, "/network/legs_geometry_lonlat", w);
    const std::vector<std::uint64_t> offsets = h5::read_all<std::uint64_t>(offsets_ds.id(), w);
    const std::vector<double> lonlat = h5::read_all<double>(lonlat_ds.id(), w);
    EXPECT_FALSE(offsets.empty());
    if (offsets.empty()) return {};
    EXPECT_EQ(offsets.front(), 0u);
    EXPECT_EQ(h5::dataset_dims(lonlat_ds.id(), w), (std::vector<hsize_t>{offsets.back(), 2}));
    std::vector<std::vector<double>> out;
    for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
        EXPECT_LE(offsets[i], offsets[i + 1]);
        EXPECT_LE(2 * offsets[i + 1], lonlat.size());
        if (offsets[i] > offsets[i + 1] || 2 * offsets[i + 1] > lonlat.size()) return out;
        out.emplace_back(lonlat.begin() + static_cast<std::ptrdiff_t>(2 * offsets[i]),
                         lonlat.begin() + static_cast<std::ptrdiff_t>(2 * offsets[i + 1]));
    }
    return out;
}

TEST_F(OutputHdf5, WritesTheDocumentedLayout) {
    const int days = 70;  // more than one 64-day chunk
    const Network net = make_network();
    const SeriesSet s = make_series(net, days);
    const RunMetadata meta = make_meta(days);
    const fs::path out = dir_ / "nested" / "dir" / "run.h5";  // parents are created

    ASSERT_NO_THROW(write_hdf5(out, meta, net, s));
    ASSERT_TRUE(fs::is_regular_file(out));
    EXPECT_FALSE(fs::exists(partial_of(out)));
    EXPECT_EQ(open_hdf5_objects(), 0) << "write_hdf5 leaked HDF5 identifiers";

    const std::string w = "test";
    h5::File f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), w, "H5Fopen");
    const hid_t fid = f.id();
    const auto nd = static_cast<hsize_t>(days);

    // Root attributes.
    {
        h5::Group root = h5::open_group(fid, "/", w);
        const hid_t r = root.id();
        EXPECT_EQ(h5::read_string_attr(r, "format", w), "smugglesim-results");
        EXPECT_EQ(h5::read_scalar_attr<std::int32_t>(r, "layout_version", w), kHdf5LayoutVersion);
        EXPECT_EQ(h5::read_string_attr(r, "program_version", w), "0.1.0-test");
        EXPECT_EQ(h5::read_string_attr(r, "git_revision", w), "abcdef123456");
        EXPECT_EQ(h5::read_string_attr(r, "scenario_name", w), "test-scenario");
        EXPECT_EQ(h5::read_string_attr(r, "scenario_path", w), "scenarios/test.toml");
        EXPECT_EQ(h5::read_string_attr(r, "scenario_toml", w), meta.scenario_text);
        EXPECT_EQ(h5::read_string_attr(r, "network_source", w), "hand-made test network");
        EXPECT_EQ(h5::read_scalar_attr<std::uint64_t>(r, "seed", w), meta.seed);
        EXPECT_EQ(h5::read_scalar_attr<std::int32_t>(r, "days", w), days);
        EXPECT_EQ(h5::read_string_attr(r, "start_date", w), "2016-02-27");
        EXPECT_EQ(h5::read_scalar_attr<double>(r, "migrants_scale", w), 0.25);
        EXPECT_EQ(h5::read_scalar_attr<std::int32_t>(r, "threads", w), 4);
        EXPECT_EQ(h5::read_scalar_attr<double>(r, "wall_seconds", w), 12.5);
        EXPECT_TRUE(matches_utc_timestamp(h5::read_string_attr(r, "created_utc", w)));
        // Strings are fixed-length, null-terminated UTF-8.
        h5::Attribute a(H5Aopen(r, "format", H5P_DEFAULT), w, "H5Aopen");
        h5::Datatype t(H5Aget_type(a.id()), w, "H5Aget_type");
        EXPECT_EQ(H5Tget_class(t.id()), H5T_STRING);
        EXPECT_EQ(H5Tis_variable_str(t.id()), 0);
        EXPECT_EQ(H5Tget_cset(t.id()), H5T_CSET_UTF8);
        EXPECT_EQ(H5Tget_strpad(t.id()), H5T_STR_NULLTERM);
        EXPECT_EQ(H5Tget_size(t.id()), std::string("smugglesim-results").size() + 1);
    }

    // /network/places
    {
        h5::Dataset ds = h5::open_dataset(fid, "/network/places", w);
        EXPECT_EQ(h5::dataset_dims(ds.id(), w), (std::vector<hsize_t>{3}));
        h5::Datatype ft(H5Dget_type(ds.id()), w, "H5Dget_type");
        ASSERT_EQ(H5Tget_class(ft.id()), H5T_COMPOUND);
        // Exactly the described fields (io/network_tables.hpp), in order.
        ASSERT_EQ(H5Tget_nmembers(ft.id()), static_cast<int>(kPlacesTable.fields.size()));
        for (std::size_t k = 0; k < kPlacesTable.fields.size(); ++k) {
            char* name = H5Tget_member_name(ft.id(), static_cast<unsigned>(k));
            EXPECT_EQ(std::string(name), kPlacesTable.fields[k].name);
            H5free_memory(name);
        }
        EXPECT_EQ(h5::read_string_attr(ds.id(), "field_units", w), field_units_text(kPlacesTable));
        // String fields are sized to the longest value (+ terminator).
        auto member_size = [&](const char* name) {
            const int i = H5Tget_member_index(ft.id(), name);
            EXPECT_GE(i, 0) << name;
            h5::Datatype mt(H5Tget_member_type(ft.id(), static_cast<unsigned>(i)), w, "member");
            return H5Tget_size(mt.id());
        };
        EXPECT_EQ(member_size("id"), std::string("LESBOS").size() + 1);
        EXPECT_EQ(member_size("name"), std::string("Lesbos (Mytilene)").size() + 1);
        EXPECT_EQ(member_size("country"), 4u);
        EXPECT_EQ(member_size("kind"), std::string("destination").size() + 1);

        h5::CompoundBuilder cb;
        const auto f_index = cb.add<std::uint32_t>("index");
        const auto f_id = cb.add_string("id", 32);
        const auto f_name = cb.add_string("name", 32);
        const auto f_country = cb.add_string("country", 8);
        const auto f_kind = cb.add_string("kind", 16);
        const auto f_lon = cb.add<double>("lon");
        const auto f_lat = cb.add<double>("lat");
        h5::Datatype mt = cb.mem_type(w);
        std::vector<std::byte> buf(3 * cb.row_size());
        ASSERT_GE(H5Dread(ds.id(), mt.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), 0);
        for (std::size_t i = 0; i < 3; ++i) {
            const std::byte* row = buf.data() + i * cb.row_size();
            const Place& p = net.places()[i];
            EXPECT_EQ(cb.get<std::uint32_t>(row, f_index), i);
            EXPECT_EQ(cb.get_string(row, f_id), p.id);
            EXPECT_EQ(cb.get_string(row, f_name), p.name);
            EXPECT_EQ(cb.get_string(row, f_country), p.country);
            EXPECT_EQ(cb.get_string(row, f_kind), to_string(p.kind));
            EXPECT_EQ(cb.get<double>(row, f_lon), p.lon);
            EXPECT_EQ(cb.get<double>(row, f_lat), p.lat);
        }
    }

    // /network/legs
    {
        h5::Dataset ds = h5::open_dataset(fid, "/network/legs", w);
        EXPECT_EQ(h5::dataset_dims(ds.id(), w), (std::vector<hsize_t>{2}));
        h5::Datatype ft(H5Dget_type(ds.id()), w, "H5Dget_type");
        ASSERT_EQ(H5Tget_nmembers(ft.id()), static_cast<int>(kLegsTable.fields.size()));
        for (std::size_t k = 0; k < kLegsTable.fields.size(); ++k) {
            char* name = H5Tget_member_name(ft.id(), static_cast<unsigned>(k));
            EXPECT_EQ(std::string(name), kLegsTable.fields[k].name);
            H5free_memory(name);
        }
        h5::CompoundBuilder cb;
        const auto f_index = cb.add<std::uint32_t>("index");
        const auto f_id = cb.add_string("id", 64);
        const auto f_from_index = cb.add<std::uint32_t>("from_index");
        const auto f_to_index = cb.add<std::uint32_t>("to_index");
        const auto f_from_id = cb.add_string("from_id", 32);
        const auto f_to_id = cb.add_string("to_id", 32);
        const auto f_mode = cb.add_string("mode", 8);
        const auto f_means = cb.add_string("means", 32);
        const auto f_length = cb.add<double>("length_km");
        const auto f_days = cb.add<double>("days");
        const auto f_price = cb.add<double>("price_eur");
        const auto f_capacity = cb.add<double>("capacity_per_day");
        const auto f_hazard = cb.add<double>("hazard");
        const auto f_interception = cb.add<double>("interception");
        const auto f_docs = cb.add<std::uint8_t>("need_docs");
        const auto f_hrf = cb.add<double>("hazard_raster_factor");
        const auto f_irf = cb.add<double>("interception_raster_factor");
        h5::Datatype mt = cb.mem_type(w);
        std::vector<std::byte> buf(2 * cb.row_size());
        ASSERT_GE(H5Dread(ds.id(), mt.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), 0);
        for (std::size_t i = 0; i < 2; ++i) {
            const std::byte* row = buf.data() + i * cb.row_size();
            const Leg& l = net.legs()[i];
            EXPECT_EQ(cb.get<std::uint32_t>(row, f_index), i);
            EXPECT_EQ(cb.get_string(row, f_id), l.id);
            EXPECT_EQ(cb.get<std::uint32_t>(row, f_from_index), l.from);
            EXPECT_EQ(cb.get<std::uint32_t>(row, f_to_index), l.to);
            EXPECT_EQ(cb.get_string(row, f_from_id), net.places()[l.from].id);
            EXPECT_EQ(cb.get_string(row, f_to_id), net.places()[l.to].id);
            EXPECT_EQ(cb.get_string(row, f_mode), to_string(l.mode));
            EXPECT_EQ(cb.get_string(row, f_means), l.means);
            EXPECT_EQ(cb.get<double>(row, f_length), l.length_km);
            EXPECT_EQ(cb.get<double>(row, f_days), l.base_days);
            EXPECT_EQ(cb.get<double>(row, f_price), l.price_eur);
            EXPECT_EQ(cb.get<double>(row, f_capacity), l.capacity_per_day);
            EXPECT_EQ(cb.get<double>(row, f_hazard), l.hazard);
            EXPECT_EQ(cb.get<double>(row, f_interception), l.interception);
            EXPECT_EQ(cb.get<std::uint8_t>(row, f_docs), l.requires_documents ? 1 : 0);
            EXPECT_EQ(cb.get<double>(row, f_hrf), l.hazard_raster_factor);
            EXPECT_EQ(cb.get<double>(row, f_irf), l.interception_raster_factor);
        }
    }

    // The leg geometries: a contiguous ragged array, no variable-length data.
    {
        const std::vector<std::vector<double>> geometry = leg_geometries(fid, w);
        ASSERT_EQ(geometry.size(), 2u);
        for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(geometry[i], net.legs()[i].geometry) << "leg " << i;
        EXPECT_EQ(members(fid, "/network"),
                  (std::vector<std::string>{"coordinates", "countries", "country_index", "leg_index", "legs",
                                            "legs_geometry_lonlat", "legs_geometry_offsets", "modes", "place_index",
                                            "places", "point_index"}));
        h5::Dataset offsets = h5::open_dataset(fid, "/network/legs_geometry_offsets", w);
        EXPECT_EQ(h5::read_all<std::uint64_t>(offsets.id(), w), (std::vector<std::uint64_t>{0, 3, 5}));
        h5::Datatype ot(H5Dget_type(offsets.id()), w, "H5Dget_type");
        EXPECT_GT(H5Tequal(ot.id(), H5T_STD_U64LE), 0);
        EXPECT_EQ(h5::read_string_attr(offsets.id(), "units", w), "index");
        EXPECT_FALSE(h5::read_string_attr(offsets.id(), "description", w).empty());
        h5::Dataset lonlat = h5::open_dataset(fid, "/network/legs_geometry_lonlat", w);
        EXPECT_EQ(h5::dataset_dims(lonlat.id(), w), (std::vector<hsize_t>{5, 2}));
        h5::Datatype pt(H5Dget_type(lonlat.id()), w, "H5Dget_type");
        EXPECT_GT(H5Tequal(pt.id(), H5T_IEEE_F64LE), 0);
        h5::Plist dcpl(H5Dget_create_plist(lonlat.id()), w, "H5Dget_create_plist");
        EXPECT_EQ(H5Pget_layout(dcpl.id()), H5D_CONTIGUOUS);
        EXPECT_EQ(h5::read_string_attr(lonlat.id(), "units", w), "degrees (WGS84)");
        EXPECT_FALSE(h5::read_string_attr(lonlat.id(), "description", w).empty());
        // Its dimensions: point (scale /network/point_index) and coordinate
        // (scale /network/coordinates, the names lon and lat).
        h5::Dataset point = h5::open_dataset(fid, "/network/point_index", w);
        h5::Dataset coordinate = h5::open_dataset(fid, "/network/coordinates", w);
        EXPECT_EQ(h5::read_all<std::int32_t>(point.id(), w), (std::vector<std::int32_t>{0, 1, 2, 3, 4}));
        EXPECT_EQ(h5::read_string_dataset(coordinate.id(), w), (std::vector<std::string>{"lon", "lat"}));
        EXPECT_GT(H5DSis_attached(lonlat.id(), point.id(), 0), 0);
        EXPECT_GT(H5DSis_attached(lonlat.id(), coordinate.id(), 1), 0);
        EXPECT_EQ(label(lonlat.id(), 0), "point");
        EXPECT_EQ(label(lonlat.id(), 1), "coordinate");
        for (hid_t sc : {point.id(), coordinate.id()}) EXPECT_GT(H5DSis_scale(sc), 0);
        char name[32] = {};
        EXPECT_GT(H5DSget_scale_name(point.id(), name, sizeof name), 0);
        EXPECT_STREQ(name, "point");
        EXPECT_GT(H5DSget_scale_name(coordinate.id(), name, sizeof name), 0);
        EXPECT_STREQ(name, "coordinate");
    }

    // Countries, modes and index scales.
    h5::Dataset country_scale = h5::open_dataset(fid, "/network/country_index", w);
    h5::Dataset place_scale = h5::open_dataset(fid, "/network/place_index", w);
    h5::Dataset leg_scale = h5::open_dataset(fid, "/network/leg_index", w);
    h5::Dataset mode_scale = h5::open_dataset(fid, "/network/modes", w);
    h5::Dataset day_scale = h5::open_dataset(fid, "/time/day", w);
    {
        h5::Dataset ds = h5::open_dataset(fid, "/network/countries", w);
        EXPECT_EQ(h5::read_string_dataset(ds.id(), w), net.countries());
        EXPECT_EQ(net.countries(), (std::vector<std::string>{"AFG", "GRC", "TUR"}));
        EXPECT_EQ(h5::read_string_dataset(mode_scale.id(), w),
                  (std::vector<std::string>{"land", "sea", "air"}));
        EXPECT_EQ(h5::read_all<std::int32_t>(country_scale.id(), w),
                  (std::vector<std::int32_t>{0, 1, 2}));
        EXPECT_EQ(h5::read_all<std::int32_t>(place_scale.id(), w),
                  (std::vector<std::int32_t>{0, 1, 2}));
        EXPECT_EQ(h5::read_all<std::int32_t>(leg_scale.id(), w), (std::vector<std::int32_t>{0, 1}));
        for (hid_t sc : {country_scale.id(), place_scale.id(), leg_scale.id(), mode_scale.id(),
                         day_scale.id()})
            EXPECT_GT(H5DSis_scale(sc), 0);
    }

    // /time
    {
        std::vector<std::int32_t> expect_days(static_cast<std::size_t>(days));
        for (int i = 0; i < days; ++i) expect_days[static_cast<std::size_t>(i)] = i;
        EXPECT_EQ(h5::read_all<std::int32_t>(day_scale.id(), w), expect_days);
        EXPECT_EQ(h5::read_string_attr(day_scale.id(), "units", w), "days since 2016-02-27");
        EXPECT_EQ(h5::read_string_attr(day_scale.id(), "calendar", w), "proleptic_gregorian");
        h5::Dataset ds = h5::open_dataset(fid, "/time/date", w);
        const std::vector<std::string> dates = h5::read_string_dataset(ds.id(), w);
        ASSERT_EQ(dates.size(), static_cast<std::size_t>(days));
        EXPECT_EQ(dates[0], "2016-02-27");
        EXPECT_EQ(dates[2], "2016-02-29");  // leap day
        EXPECT_EQ(dates[3], "2016-03-01");
        EXPECT_EQ(dates[69], "2016-05-06");
        EXPECT_GT(H5DSis_attached(ds.id(), day_scale.id(), 0), 0);
    }

    // /series: one group per dimension, each with its coordinates and the
    // series declared in that dimension, nothing else.
    EXPECT_EQ(members(fid, "/series"), (std::vector<std::string>{"country", "leg", "mode", "place", "totals"}));
    std::vector<std::string> place_ids, leg_ids;
    for (const Place& p : net.places()) place_ids.push_back(p.id);
    for (const Leg& l : net.legs()) leg_ids.push_back(l.id);
    EXPECT_EQ(place_ids, (std::vector<std::string>{"KABUL", "IZMIR", "LESBOS"}));
    EXPECT_EQ(leg_ids, (std::vector<std::string>{"KABUL-IZMIR-LAND", "IZMIR-LESBOS-SEA"}));
    const std::array<std::vector<std::string>, kDimCount> labels = {
        std::vector<std::string>{}, net.countries(), place_ids, leg_ids,
        std::vector<std::string>{"land", "sea", "air"}};
    for (int di = 0; di < kDimCount; ++di) {
        const auto dim = static_cast<Dim>(di);
        const std::string dim_name(kDimNames[static_cast<std::size_t>(di)]);
        bool any = false;
        for (SeriesId id = 0; id < s.size(); ++id) any = any || s.decl(id).dim == dim;
        if (!any) continue;  // no group (checked above: /series lists the dimensions with series)
        check_group_coordinates(fid, dim, days, "2016-02-27", labels[static_cast<std::size_t>(di)]);
        std::vector<std::string> want = {"day"};
        if (dim != Dim::Total) want.push_back(dim_name);
        for (SeriesId id = 0; id < s.size(); ++id)
            if (s.decl(id).dim == dim) want.push_back(s.decl(id).name);
        std::sort(want.begin(), want.end());
        EXPECT_EQ(members(fid, "/series/" + dim_name), want) << dim_name;
    }

    // /series/totals: 1-D, contiguous, uint64.
    h5::Dataset totals_day = h5::open_dataset(fid, "/series/totals/day", w);
    const std::array<const char*, 9> total_names = {"generated", "waiting",  "travelling", "arrived",    "dead",
                                                    "missing",   "stranded", "returned",   "intercepted"};
    for (std::size_t i = 0; i < total_names.size(); ++i) {
        const std::string path = std::string("/series/totals/") + total_names[i];
        SCOPED_TRACE(path);
        h5::Dataset ds = h5::open_dataset(fid, path, path);
        EXPECT_EQ(h5::dataset_dims(ds.id(), path), (std::vector<hsize_t>{nd}));
        std::vector<std::uint64_t> expected;
        for (std::size_t d = 0; d < nd; ++d)
            expected.push_back(i == 8 ? (std::uint64_t{1} << 40) + d : d * 100 + i);
        EXPECT_EQ(h5::read_all<std::uint64_t>(ds.id(), path), expected);
        EXPECT_EQ(values_of<std::uint64_t>(s, Dim::Total, total_names[i]), expected);
        h5::Datatype type(H5Dget_type(ds.id()), path, "H5Dget_type");
        EXPECT_GT(H5Tequal(type.id(), H5T_STD_U64LE), 0);
        h5::Plist dcpl(H5Dget_create_plist(ds.id()), path, "H5Dget_create_plist");
        EXPECT_EQ(H5Pget_layout(dcpl.id()), H5D_CONTIGUOUS);
        EXPECT_GT(H5DSis_attached(ds.id(), totals_day.id(), 0), 0);
        EXPECT_EQ(H5DSget_num_scales(ds.id(), 0), 1);
        EXPECT_EQ(label(ds.id(), 0), "day");
        check_series_attributes(ds.id(), path, s.decl(s.at(Dim::Total, total_names[i])));
        EXPECT_EQ(h5::read_string_attr(ds.id(), "units", path), "migrants");
    }
    {
        // The measures and headline flags of the declarations are what the file says.
        h5::Dataset waiting = h5::open_dataset(fid, "/series/totals/waiting", w);
        EXPECT_EQ(h5::read_string_attr(waiting.id(), "measure", w), "stock");
        h5::Dataset arrived = h5::open_dataset(fid, "/series/totals/arrived", w);
        EXPECT_EQ(h5::read_string_attr(arrived.id(), "measure", w), "cumulative");
        h5::Dataset flow = h5::open_dataset(fid, "/series/leg/flow", w);
        EXPECT_EQ(h5::read_string_attr(flow.id(), "measure", w), "flow");
        EXPECT_EQ(h5::read_scalar_attr<std::uint8_t>(flow.id(), "headline", w), 0);
        h5::Dataset paid = h5::open_dataset(fid, "/series/leg/paid_eur", w);
        EXPECT_EQ(h5::read_scalar_attr<std::uint8_t>(paid.id(), "headline", w), 1);
    }

    // 2-D series, each attached to the coordinates of its own group.
    auto coord = [&](const char* dim) {
        const std::string g = std::string("/series/") + dim + "/";
        return std::pair{h5::open_dataset(fid, g + "day", w), h5::open_dataset(fid, g + dim, w)};
    };
    const auto [country_day, country_col] = coord("country");
    const auto [place_day, place_col] = coord("place");
    const auto [leg_day, leg_col] = coord("leg");
    const auto [mode_day, mode_col] = coord("mode");
    // Known values, independent of the SeriesSet they were written from.
    auto known = [&](int k, std::size_t cols) {
        std::vector<std::uint32_t> v;
        for (std::size_t d = 0; d < nd; ++d)
            for (std::size_t c = 0; c < cols; ++c) v.push_back(value(k, d, c));
        return v;
    };
    check_series_2d(fid, s, Dim::Country, "arrivals", known(1, 3), country_day.id(), country_col.id());
    check_series_2d(fid, s, Dim::Place, "generated", known(2, 3), place_day.id(), place_col.id());
    check_series_2d(fid, s, Dim::Place, "waiting", known(3, 3), place_day.id(), place_col.id());
    check_series_2d(fid, s, Dim::Place, "stranded", known(4, 3), place_day.id(), place_col.id());
    check_series_2d(fid, s, Dim::Leg, "flow", known(5, 2), leg_day.id(), leg_col.id());
    check_series_2d(fid, s, Dim::Leg, "dead", known(6, 2), leg_day.id(), leg_col.id());
    check_series_2d(fid, s, Dim::Leg, "missing", known(7, 2), leg_day.id(), leg_col.id());
    check_series_2d(fid, s, Dim::Leg, "intercepted", known(8, 2), leg_day.id(), leg_col.id());
    check_series_2d(fid, s, Dim::Leg, "queue", known(9, 2), leg_day.id(), leg_col.id());
    std::vector<double> paid;
    for (std::size_t d = 0; d < nd; ++d)
        for (std::size_t l = 0; l < 2; ++l) paid.push_back(static_cast<double>(d) * 1.5 + static_cast<double>(l) * 0.25);
    check_series_2d(fid, s, Dim::Leg, "paid_eur", paid, leg_day.id(), leg_col.id());
    {
        // The units of a series are its declaration's.
        h5::Dataset ds = h5::open_dataset(fid, "/series/leg/paid_eur", w);
        EXPECT_EQ(h5::read_string_attr(ds.id(), "units", w), "EUR");
    }

    // Mode series: leg 0 is land, leg 1 is sea, nothing by air.
    auto by_mode = [&](const std::vector<std::uint32_t>& per_leg) {
        std::vector<std::uint32_t> sums;
        for (std::size_t d = 0; d < static_cast<std::size_t>(days); ++d) {
            sums.push_back(per_leg[d * 2 + 0]);
            sums.push_back(per_leg[d * 2 + 1]);
            sums.push_back(0);
        }
        return sums;
    };
    check_series_2d(fid, s, Dim::Mode, "dead", by_mode(known(6, 2)), mode_day.id(), mode_col.id());
    check_series_2d(fid, s, Dim::Mode, "missing", by_mode(known(7, 2)), mode_day.id(), mode_col.id());
    check_series_2d(fid, s, Dim::Mode, "flow", by_mode(known(5, 2)), mode_day.id(), mode_col.id());
    {
        // The column labels of the mode series (v1: the attribute modes = "land,sea,air").
        h5::Dataset ds = h5::open_dataset(fid, "/series/mode/flow", w);
        EXPECT_EQ(h5::read_string_attr(ds.id(), "sum_by_mode_of", w), "flow");
        EXPECT_EQ(h5::read_string_dataset(mode_col.id(), w), (std::vector<std::string>{"land", "sea", "air"}));
    }
}

TEST_F(OutputHdf5, SumsModesOverSeveralLegsOfTheSameMode) {
    std::vector<Place> places = {{"A", "A", "AAA", PlaceKind::Origin, 0, 0},
                                 {"B", "B", "BBB", PlaceKind::Transit, 1, 1},
                                 {"C", "C", "CCC", PlaceKind::Destination, 2, 2}};
    std::vector<Leg> legs(3);
    legs[0].id = "A-B";
    legs[0].from = 0;
    legs[0].to = 1;
    legs[0].mode = Mode::Air;
    legs[1].id = "B-C";
    legs[1].from = 1;
    legs[1].to = 2;
    legs[1].mode = Mode::Air;
    legs[2].id = "A-C";
    legs[2].from = 0;
    legs[2].to = 2;
    legs[2].mode = Mode::Land;
    const Network net(std::move(places), std::move(legs));
    // The by-mode series are summed by SeriesSet::finish_day and written as stored.
    const SeriesSet s = make_series(net, 2);
    const fs::path out = dir_ / "modes.h5";
    ASSERT_NO_THROW(write_hdf5(out, make_meta(2), net, s));
    h5::File f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "t", "H5Fopen");
    const std::vector<std::uint32_t> flow = values_of<std::uint32_t>(s, Dim::Leg, "flow");
    ASSERT_EQ(flow.size(), 6u);
    for (const auto& [name, k] : {std::pair{"flow", 5}, std::pair{"dead", 6}, std::pair{"missing", 7}}) {
        SCOPED_TRACE(name);
        h5::Dataset ds = h5::open_dataset(f.id(), std::string("/series/mode/") + name, "t");
        const std::vector<std::uint32_t> v = h5::read_all<std::uint32_t>(ds.id(), "t");
        ASSERT_EQ(v.size(), 6u);
        for (std::size_t d = 0; d < 2; ++d) {
            EXPECT_EQ(v[d * 3 + 0], value(k, d, 2));
            EXPECT_EQ(v[d * 3 + 1], 0u);
            EXPECT_EQ(v[d * 3 + 2], value(k, d, 0) + value(k, d, 1));
        }
    }
    h5::Dataset ds = h5::open_dataset(f.id(), "/series/mode/flow", "t");
    const std::vector<std::uint32_t> v = h5::read_all<std::uint32_t>(ds.id(), "t");
    for (std::size_t d = 0; d < 2; ++d) {
        EXPECT_EQ(v[d * 3 + 0], flow[d * 3 + 2]);
        EXPECT_EQ(v[d * 3 + 2], flow[d * 3 + 0] + flow[d * 3 + 1]);
    }
}

// Each leg's geometry reads back from the ragged array as written, legs without
// geometry (first, middle, last) as equal consecutive offsets.
TEST_F(OutputHdf5, WritesLegGeometriesAsARaggedArrayWithEmptyOnes) {
    std::vector<Place> places = {{"A", "A", "AAA", PlaceKind::Origin, 10, 20},
                                 {"B", "B", "BBB", PlaceKind::Transit, 11, 21},
                                 {"C", "C", "CCC", PlaceKind::Destination, 12, 22}};
    const std::vector<std::vector<double>> geometry = {
        {}, {10, 20, 10.5, 20.25, 11, 21}, {}, {11, 21, 12, 22}, {10, 20, -179.875, -89.5, 12, 22}, {}};
    std::vector<Leg> legs(geometry.size());
    for (std::size_t i = 0; i < legs.size(); ++i) {
        legs[i].id = "L" + std::to_string(i);
        legs[i].from = static_cast<std::uint32_t>(i % 2);
        legs[i].to = 2;
        legs[i].geometry = geometry[i];
    }
    const Network net(std::move(places), std::move(legs));
    const SeriesSet s = make_series(net, 2);
    const fs::path out = dir_ / "geometry.h5";
    ASSERT_NO_THROW(write_hdf5(out, make_meta(2), net, s));
    h5::File f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "t", "H5Fopen");
    EXPECT_EQ(leg_geometries(f.id(), "t"), geometry);
    h5::Dataset offsets = h5::open_dataset(f.id(), "/network/legs_geometry_offsets", "t");
    EXPECT_EQ(h5::read_all<std::uint64_t>(offsets.id(), "t"), (std::vector<std::uint64_t>{0, 0, 3, 3, 5, 8, 8}));
    h5::Dataset point = h5::open_dataset(f.id(), "/network/point_index", "t");
    EXPECT_EQ(h5::dataset_dims(point.id(), "t"), (std::vector<hsize_t>{8}));

    // An odd number of geometry values is no list of points: refused.
    std::vector<Leg> odd = net.legs();
    odd[1].geometry.pop_back();
    const Network bad(net.places(), std::move(odd));
    const fs::path out2 = dir_ / "odd.h5";
    try {
        write_hdf5(out2, make_meta(2), bad, s);
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("leg 'L1' has an odd number of geometry values"), std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(fs::exists(out2));
    EXPECT_FALSE(fs::exists(partial_of(out2)));
}

TEST_F(OutputHdf5, HandlesEmptySeriesAndUnparsableStartDate) {
    const Network net({{"A", "A", "AAA", PlaceKind::Origin, 0, 0}}, {});
    const SeriesSet s = make_series(net, 0);
    ASSERT_EQ(s.width(Dim::Leg), 0u);
    ASSERT_EQ(s.width(Dim::Place), 1u);
    RunMetadata meta = make_meta(0);
    meta.start_date = "someday";
    const fs::path out = dir_ / "empty.h5";
    ASSERT_NO_THROW(write_hdf5(out, meta, net, s));
    EXPECT_EQ(open_hdf5_objects(), 0);
    h5::File f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "t", "H5Fopen");
    EXPECT_EQ(H5Lexists(f.id(), "/time/date", H5P_DEFAULT), 0);
    h5::Dataset legs = h5::open_dataset(f.id(), "/network/legs", "t");
    EXPECT_EQ(h5::dataset_dims(legs.id(), "t"), (std::vector<hsize_t>{0}));
    h5::Dataset offsets = h5::open_dataset(f.id(), "/network/legs_geometry_offsets", "t");
    EXPECT_EQ(h5::read_all<std::uint64_t>(offsets.id(), "t"), (std::vector<std::uint64_t>{0}));
    h5::Dataset lonlat = h5::open_dataset(f.id(), "/network/legs_geometry_lonlat", "t");
    EXPECT_EQ(h5::dataset_dims(lonlat.id(), "t"), (std::vector<hsize_t>{0, 2}));
    h5::Dataset flow = h5::open_dataset(f.id(), "/series/leg/flow", "t");
    EXPECT_EQ(h5::dataset_dims(flow.id(), "t"), (std::vector<hsize_t>{0, 0}));
    h5::Dataset waiting = h5::open_dataset(f.id(), "/series/place/waiting", "t");
    EXPECT_EQ(h5::dataset_dims(waiting.id(), "t"), (std::vector<hsize_t>{0, 1}));
    h5::Dataset mode = h5::open_dataset(f.id(), "/series/mode/flow", "t");
    EXPECT_EQ(h5::dataset_dims(mode.id(), "t"), (std::vector<hsize_t>{0, 3}));
    h5::Dataset gen = h5::open_dataset(f.id(), "/series/totals/generated", "t");
    EXPECT_EQ(h5::dataset_dims(gen.id(), "t"), (std::vector<hsize_t>{0}));
    // Without a date, the day coordinates count plain days (no calendar).
    h5::Dataset time_day = h5::open_dataset(f.id(), "/time/day", "t");
    EXPECT_EQ(h5::dataset_dims(time_day.id(), "t"), (std::vector<hsize_t>{0}));
    EXPECT_EQ(h5::read_string_attr(time_day.id(), "units", "t"), "day");
    EXPECT_EQ(H5Aexists(time_day.id(), "calendar"), 0);
    check_group_coordinates(f.id(), Dim::Total, 0, "", {});
    check_group_coordinates(f.id(), Dim::Country, 0, "", {"AAA"});
    check_group_coordinates(f.id(), Dim::Place, 0, "", {"A"});
    check_group_coordinates(f.id(), Dim::Leg, 0, "", {});
    check_group_coordinates(f.id(), Dim::Mode, 0, "", {"land", "sea", "air"});
}

TEST_F(OutputHdf5, OverwritesAnExistingFileAndLeavesNoPartial) {
    const Network net = make_network();
    const SeriesSet s = make_series(net, 3);
    RunMetadata meta = make_meta(3);
    const fs::path out = dir_ / "run.h5";
    meta.seed = 1;
    ASSERT_NO_THROW(write_hdf5(out, meta, net, s));
    // A stale partial file from an earlier crash is replaced too.
    { std::ofstream(partial_of(out)) << "stale"; }
    meta.seed = 2;
    ASSERT_NO_THROW(write_hdf5(out, meta, net, s));
    EXPECT_FALSE(fs::exists(partial_of(out)));
    h5::File f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "t", "H5Fopen");
    EXPECT_EQ(h5::read_scalar_attr<std::uint64_t>(f.id(), "seed", "t"), 2u);
}

TEST_F(OutputHdf5, ImpossiblePathThrowsAndLeavesNothing) {
    const Network net = make_network();
    const SeriesSet s = make_series(net, 3);
    const fs::path blocker = dir_ / "blocker";
    { std::ofstream(blocker) << "a regular file"; }
    const fs::path out = blocker / "sub" / "run.h5";
    try {
        write_hdf5(out, make_meta(3), net, s);
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(out.string()), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(partial_of(out)));
    EXPECT_TRUE(fs::is_regular_file(blocker));
    EXPECT_EQ(open_hdf5_objects(), 0);
}

TEST_F(OutputHdf5, FailureToCreateThePartialFileIsReportedAndNothingPrinted) {
    const Network net = make_network();
    const SeriesSet s = make_series(net, 3);
    const fs::path out = dir_ / "run.h5";
    // A directory in the way of the partial file: the file is built in memory
    // by HDF5 and fails to be written out.
    fs::create_directories(partial_of(out));
    H5E_auto2_t old_func = nullptr;
    void* old_data = nullptr;
    ASSERT_GE(H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data), 0);

    ::testing::internal::CaptureStderr();
    std::string message;
    try {
        write_hdf5(out, make_meta(3), net, s);
    } catch (const std::runtime_error& e) {
        message = e.what();
    }
    const std::string printed = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(printed, "") << "HDF5 printed its error stack";
    EXPECT_NE(message.find(out.string()), std::string::npos) << message;
    EXPECT_NE(message.find(partial_of(out).string() + ": cannot create it: " + std::strerror(EISDIR)), std::string::npos)
        << message;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_TRUE(fs::is_directory(partial_of(out))) << "a directory that was not ours was removed";
    EXPECT_EQ(open_hdf5_objects(), 0);

    // The previous automatic error handler is restored.
    H5E_auto2_t now_func = nullptr;
    void* now_data = nullptr;
    ASSERT_GE(H5Eget_auto2(H5E_DEFAULT, &now_func, &now_data), 0);
    EXPECT_EQ(now_func, old_func);
    EXPECT_EQ(now_data, old_data);
}

TEST_F(OutputHdf5, FailureWhileWritingRemovesThePartialAndKeepsTheOldFile) {
    std::vector<Place> places = {{"A", "A", "AAA", PlaceKind::Origin, 0, 0},
                                 {"B", "B", "BBB", PlaceKind::Destination, 1, 1}};
    std::vector<Leg> legs(2);
    legs[0].id = "A-B-1";
    legs[0].from = 0;
    legs[0].to = 1;
    legs[1].id = "A-B-2";
    legs[1].from = 0;
    legs[1].to = 1;
    const Network net(std::move(places), std::move(legs));
    const fs::path out = dir_ / "run.h5";
    RunMetadata meta = make_meta(2);
    meta.seed = 7;
    ASSERT_NO_THROW(write_hdf5(out, meta, net, make_series(net, 2)));

    // Two land legs whose daily sum overflows the uint32 /series/mode/flow (in
    // layout v1 detected by the writer): the by-mode sum of the SeriesSet
    // refuses it, naming the series, so such series never reach a file.
    {
        SeriesSet s = make_series(net, 2);
        s.row<std::uint32_t>(s.at(Dim::Leg, "flow"), 1)[0] = 3'000'000'000u;
        s.row<std::uint32_t>(s.at(Dim::Leg, "flow"), 1)[1] = 3'000'000'000u;
        try {
            s.finish_day(1);
            FAIL() << "expected an exception";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("/series/mode/flow"), std::string::npos) << e.what();
        }
    }

    // An error found only after the file has been created and partly written
    // (the root attributes are, the place table is being written): a place kind
    // that has no name.
    {
        std::vector<Place> bad_places = net.places();
        bad_places[1].kind = static_cast<PlaceKind>(200);
        const Network bad(std::move(bad_places), net.legs());
        meta.seed = 8;
        try {
            write_hdf5(out, meta, bad, make_series(bad, 2));
            FAIL() << "expected an exception";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find(out.string()), std::string::npos) << e.what();
        } catch (const std::exception& e) {
            ADD_FAILURE() << "not a std::runtime_error: " << e.what();
        }
        EXPECT_FALSE(fs::exists(partial_of(out)));
        EXPECT_EQ(open_hdf5_objects(), 0);
        h5::File f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "t", "H5Fopen");
        EXPECT_EQ(h5::read_scalar_attr<std::uint64_t>(f.id(), "seed", "t"), 7u);
    }

    // The file system refuses to let the file grow beyond half the size the
    // complete file has (RLIMIT_FSIZE, as on a full disk). Run in a child
    // process: the limit, the ignored SIGXFSZ and whatever HDF5 keeps of a file
    // it failed to close stay there.
    const SeriesSet s = make_series(net, 2000);
    const fs::path full = dir_ / "full.h5";
    ASSERT_NO_THROW(write_hdf5(full, make_meta(2000), net, s));
    const auto full_size = fs::file_size(full);
    ASSERT_GT(full_size, 100'000u);
    meta = make_meta(2000);
    meta.seed = 9;
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(
        {
            std::string problems;
            std::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of the signal
            rlimit lim{};
            if (::getrlimit(RLIMIT_FSIZE, &lim) != 0) problems += "getrlimit failed\n";
            lim.rlim_cur = static_cast<rlim_t>(full_size / 2);
            if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) problems += "setrlimit failed\n";
            ::testing::internal::CaptureStderr();
            std::string message;
            try {
                write_hdf5(out, meta, net, s);
                problems += "no exception\n";
            } catch (const std::runtime_error& e) {
                message = e.what();
            }
            const std::string printed = ::testing::internal::GetCapturedStderr();
            if (!printed.empty()) problems += "HDF5 printed: " + printed + "\n";
            if (message.find(out.string()) == std::string::npos) problems += "the message does not name the file\n";
            if (message.find("failed") == std::string::npos || message.find(std::strerror(EFBIG)) == std::string::npos)
                problems += "the message does not say what failed and why (File too large)\n";
            if (fs::exists(partial_of(out))) problems += "the partial file is left\n";
            if (const auto n = open_hdf5_objects(); n != 0)
                problems += "HDF5 identifiers left open after the failure: " + std::to_string(n) + "\n";
            try {
                h5::File f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "t", "H5Fopen");
                if (h5::read_scalar_attr<std::uint64_t>(f.id(), "seed", "t") != 7u) problems += "the old file changed\n";
            } catch (const std::exception& e) {
                problems += std::string("the old file does not read: ") + e.what() + "\n";
            }
            if (!problems.empty()) std::fputs(("message: " + message + "\n" + problems).c_str(), stderr);
            // _Exit: neither TearDown nor HDF5's exit handlers run in the child.
            std::error_code ec;
            fs::remove_all(dir_, ec);
            std::_Exit(problems.empty() ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "");
}

TEST_F(OutputHdf5, OutputPathThatIsADirectoryThrows) {
    const Network net = make_network();
    const SeriesSet s = make_series(net, 3);
    const fs::path out = dir_ / "run.h5";
    fs::create_directories(out);
    EXPECT_THROW(write_hdf5(out, make_meta(3), net, s), std::runtime_error);
    EXPECT_TRUE(fs::is_directory(out));
    EXPECT_FALSE(fs::exists(partial_of(out)));
}

TEST_F(OutputHdf5, InconsistentSeriesThrowsBeforeWritingAnything) {
    const Network net = make_network();
    const fs::path out = dir_ / "run.h5";
    // Series sized for another network: one column too few, in each dimension.
    const std::array<std::size_t, kDimCount> right = {1, net.countries().size(), net.place_count(), net.leg_count(), 3};
    for (const Dim dim : {Dim::Country, Dim::Place, Dim::Leg, Dim::Mode}) {
        const std::string dim_name(kDimNames[static_cast<std::size_t>(dim)]);
        SCOPED_TRACE(dim_name);
        auto widths = right;
        --widths[static_cast<std::size_t>(dim)];
        std::vector<std::uint8_t> modes = leg_modes(net);
        if (dim == Dim::Leg) modes.pop_back();
        SeriesSet s(3, widths, modes);
        s.add({dim, "flow", ValueType::U32, Measure::Flow, "migrants", "test", {}, false, {}}, "test");
        try {
            write_hdf5(out, make_meta(3), net, s);
            FAIL() << "expected an exception";
        } catch (const std::runtime_error& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find("series " + dim_name + " count has " + std::to_string(widths[static_cast<std::size_t>(dim)]) +
                             " values, expected " + std::to_string(right[static_cast<std::size_t>(dim)])),
                      std::string::npos)
                << m;
            EXPECT_NE(m.find(out.string()), std::string::npos) << m;
        }
        EXPECT_FALSE(fs::exists(out));
        EXPECT_FALSE(fs::exists(partial_of(out)));
    }

    const SeriesSet ok = make_series(net, 3);
    EXPECT_THROW(write_hdf5(out, make_meta(4), net, ok), std::runtime_error);  // days mismatch
    EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace smugglesim
