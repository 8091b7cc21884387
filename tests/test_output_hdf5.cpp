// Tests for the HDF5 results file (sim/output_hdf5.hpp, layout in docs/hdf5-layout.md):
// write a small hand-made network and known series, read everything back with the
// HDF5 C API and check shapes, values, attributes, compound fields, dimension
// scales; check the .partial / rename protocol on success and failure.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include <hdf5.h>
#include <hdf5_hl.h>  // H5DS* dimension scales
#include <unistd.h>

#include "sim/hdf5_raii.hpp"
#include "sim/network.hpp"
#include "sim/output_hdf5.hpp"
#include "sim/series.hpp"

namespace smugglesim {
namespace {

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

DailySeries make_series(const Network& net, int days) {
    DailySeries s;
    s.resize(days, net.place_count(), net.leg_count(), net.countries().size());
    const auto nd = static_cast<std::size_t>(days);
    for (std::size_t d = 0; d < nd; ++d) {
        Totals& t = s.totals[d];
        t.generated = d * 100 + 0;
        t.waiting = d * 100 + 1;
        t.travelling = d * 100 + 2;
        t.arrived = d * 100 + 3;
        t.dead = d * 100 + 4;
        t.missing = d * 100 + 5;
        t.stranded = d * 100 + 6;
        t.returned = d * 100 + 7;
        t.intercepted = (std::uint64_t{1} << 40) + d;  // needs 64 bits
        for (std::size_t c = 0; c < s.n_countries; ++c)
            s.arrivals_by_country[d * s.n_countries + c] = value(1, d, c);
        for (std::size_t p = 0; p < s.n_places; ++p) {
            s.generated_by_place[d * s.n_places + p] = value(2, d, p);
            s.waiting_by_place[d * s.n_places + p] = value(3, d, p);
            s.stranded_by_place[d * s.n_places + p] = value(4, d, p);
        }
        for (std::size_t l = 0; l < s.n_legs; ++l) {
            s.flow_by_leg[d * s.n_legs + l] = value(5, d, l);
            s.dead_by_leg[d * s.n_legs + l] = value(6, d, l);
            s.missing_by_leg[d * s.n_legs + l] = value(7, d, l);
            s.intercepted_by_leg[d * s.n_legs + l] = value(8, d, l);
            s.queue_by_leg[d * s.n_legs + l] = value(9, d, l);
            s.paid_by_leg[d * s.n_legs + l] =
                static_cast<double>(d) * 1.5 + static_cast<double>(l) * 0.25;
        }
    }
    return s;
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

// A [days, cols] series: shape, values, chunking, filters, scales, labels, attributes.
template <class T>
void check_series_2d(hid_t file, const std::string& path, const std::vector<T>& expected,
                     hsize_t days, hsize_t cols, hid_t day_scale, hid_t col_scale,
                     const std::string& col_label, const std::string& units) {
    SCOPED_TRACE(path);
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
    EXPECT_EQ(label(ds.id(), 0), "day");
    EXPECT_EQ(label(ds.id(), 1), col_label);
    EXPECT_EQ(h5::read_string_attr(ds.id(), "units", path), units);
    EXPECT_FALSE(h5::read_string_attr(ds.id(), "description", path).empty());
}

TEST_F(OutputHdf5, WritesTheDocumentedLayout) {
    const int days = 70;  // more than one 64-day chunk
    const Network net = make_network();
    const DailySeries s = make_series(net, days);
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
        EXPECT_TRUE(std::regex_match(h5::read_string_attr(r, "created_utc", w),
                                     std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
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
        ASSERT_EQ(H5Tget_nmembers(ft.id()), 7);
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
        EXPECT_EQ(H5Tget_nmembers(ft.id()), 17);
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

    // /network/legs_geometry: vlen float64 per leg.
    {
        h5::Dataset ds = h5::open_dataset(fid, "/network/legs_geometry", w);
        EXPECT_EQ(h5::dataset_dims(ds.id(), w), (std::vector<hsize_t>{2}));
        h5::Datatype mt(H5Tvlen_create(H5T_NATIVE_DOUBLE), w, "H5Tvlen_create");
        std::array<hvl_t, 2> vl{};
        ASSERT_GE(H5Dread(ds.id(), mt.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, vl.data()), 0);
        for (std::size_t i = 0; i < 2; ++i) {
            const auto* p = static_cast<const double*>(vl[i].p);
            EXPECT_EQ(std::vector<double>(p, p + vl[i].len), net.legs()[i].geometry);
        }
        h5::Dataspace sp(H5Dget_space(ds.id()), w, "H5Dget_space");
        EXPECT_GE(H5Dvlen_reclaim(mt.id(), sp.id(), H5P_DEFAULT, vl.data()), 0);
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
        h5::Dataset ds = h5::open_dataset(fid, "/time/date", w);
        const std::vector<std::string> dates = h5::read_string_dataset(ds.id(), w);
        ASSERT_EQ(dates.size(), static_cast<std::size_t>(days));
        EXPECT_EQ(dates[0], "2016-02-27");
        EXPECT_EQ(dates[2], "2016-02-29");  // leap day
        EXPECT_EQ(dates[3], "2016-03-01");
        EXPECT_EQ(dates[69], "2016-05-06");
        EXPECT_GT(H5DSis_attached(ds.id(), day_scale.id(), 0), 0);
    }

    // /series/totals
    for (int i = 0; i < kTotalsFields; ++i) {
        const std::string path = std::string("/series/totals/") + kTotalsNames[static_cast<std::size_t>(i)];
        SCOPED_TRACE(path);
        h5::Dataset ds = h5::open_dataset(fid, path, path);
        EXPECT_EQ(h5::dataset_dims(ds.id(), path), (std::vector<hsize_t>{nd}));
        std::vector<std::uint64_t> expected;
        for (const Totals& t : s.totals) expected.push_back(totals_field(t, i));
        EXPECT_EQ(h5::read_all<std::uint64_t>(ds.id(), path), expected);
        EXPECT_GT(H5DSis_attached(ds.id(), day_scale.id(), 0), 0);
        EXPECT_EQ(label(ds.id(), 0), "day");
        EXPECT_EQ(h5::read_string_attr(ds.id(), "units", path), "migrants");
        EXPECT_FALSE(h5::read_string_attr(ds.id(), "description", path).empty());
    }

    // 2-D series.
    const hid_t day = day_scale.id();
    check_series_2d(fid, "/series/arrivals_by_country", s.arrivals_by_country, nd, 3, day,
                    country_scale.id(), "country", "migrants");
    check_series_2d(fid, "/series/place/generated", s.generated_by_place, nd, 3, day,
                    place_scale.id(), "place", "migrants");
    check_series_2d(fid, "/series/place/waiting", s.waiting_by_place, nd, 3, day, place_scale.id(),
                    "place", "migrants");
    check_series_2d(fid, "/series/place/stranded", s.stranded_by_place, nd, 3, day,
                    place_scale.id(), "place", "migrants");
    check_series_2d(fid, "/series/leg/flow", s.flow_by_leg, nd, 2, day, leg_scale.id(), "leg",
                    "migrants");
    check_series_2d(fid, "/series/leg/dead", s.dead_by_leg, nd, 2, day, leg_scale.id(), "leg",
                    "migrants");
    check_series_2d(fid, "/series/leg/missing", s.missing_by_leg, nd, 2, day, leg_scale.id(), "leg",
                    "migrants");
    check_series_2d(fid, "/series/leg/intercepted", s.intercepted_by_leg, nd, 2, day,
                    leg_scale.id(), "leg", "migrants");
    check_series_2d(fid, "/series/leg/queue", s.queue_by_leg, nd, 2, day, leg_scale.id(), "leg",
                    "migrants");
    check_series_2d(fid, "/series/leg/paid_eur", s.paid_by_leg, nd, 2, day, leg_scale.id(), "leg",
                    "EUR");

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
    check_series_2d(fid, "/series/mode/dead", by_mode(s.dead_by_leg), nd, 3, day, mode_scale.id(),
                    "mode", "migrants");
    check_series_2d(fid, "/series/mode/missing", by_mode(s.missing_by_leg), nd, 3, day,
                    mode_scale.id(), "mode", "migrants");
    check_series_2d(fid, "/series/mode/flow", by_mode(s.flow_by_leg), nd, 3, day, mode_scale.id(),
                    "mode", "migrants");
    {
        h5::Dataset ds = h5::open_dataset(fid, "/series/mode/flow", w);
        EXPECT_EQ(h5::read_string_attr(ds.id(), "modes", w), "land,sea,air");
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
    DailySeries s = make_series(net, 2);
    const fs::path out = dir_ / "modes.h5";
    ASSERT_NO_THROW(write_hdf5(out, make_meta(2), net, s));
    h5::File f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "t", "H5Fopen");
    h5::Dataset ds = h5::open_dataset(f.id(), "/series/mode/flow", "t");
    const std::vector<std::uint32_t> v = h5::read_all<std::uint32_t>(ds.id(), "t");
    ASSERT_EQ(v.size(), 6u);
    for (std::size_t d = 0; d < 2; ++d) {
        EXPECT_EQ(v[d * 3 + 0], s.flow_by_leg[d * 3 + 2]);
        EXPECT_EQ(v[d * 3 + 1], 0u);
        EXPECT_EQ(v[d * 3 + 2], s.flow_by_leg[d * 3 + 0] + s.flow_by_leg[d * 3 + 1]);
    }
}

TEST_F(OutputHdf5, HandlesEmptySeriesAndUnparsableStartDate) {
    const Network net({{"A", "A", "AAA", PlaceKind::Origin, 0, 0}}, {});
    DailySeries s;
    s.resize(0, 1, 0, 1);
    RunMetadata meta = make_meta(0);
    meta.start_date = "someday";
    const fs::path out = dir_ / "empty.h5";
    ASSERT_NO_THROW(write_hdf5(out, meta, net, s));
    EXPECT_EQ(open_hdf5_objects(), 0);
    h5::File f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "t", "H5Fopen");
    EXPECT_EQ(H5Lexists(f.id(), "/time/date", H5P_DEFAULT), 0);
    h5::Dataset legs = h5::open_dataset(f.id(), "/network/legs", "t");
    EXPECT_EQ(h5::dataset_dims(legs.id(), "t"), (std::vector<hsize_t>{0}));
    h5::Dataset flow = h5::open_dataset(f.id(), "/series/leg/flow", "t");
    EXPECT_EQ(h5::dataset_dims(flow.id(), "t"), (std::vector<hsize_t>{0, 0}));
    h5::Dataset gen = h5::open_dataset(f.id(), "/series/totals/generated", "t");
    EXPECT_EQ(h5::dataset_dims(gen.id(), "t"), (std::vector<hsize_t>{0}));
}

TEST_F(OutputHdf5, OverwritesAnExistingFileAndLeavesNoPartial) {
    const Network net = make_network();
    const DailySeries s = make_series(net, 3);
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
    const DailySeries s = make_series(net, 3);
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

TEST_F(OutputHdf5, HdfFailureIsReportedWithTheErrorStackAndNotPrinted) {
    const Network net = make_network();
    const DailySeries s = make_series(net, 3);
    const fs::path out = dir_ / "run.h5";
    // A directory in the way of the partial file makes H5Fcreate fail.
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
    EXPECT_NE(message.find("H5Fcreate"), std::string::npos) << message;
    EXPECT_NE(message.find("unable to"), std::string::npos) << message;  // from the HDF5 stack
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

    // Two land legs whose daily sum overflows the uint32 /series/mode/flow: detected
    // only after the file has been created and partly written.
    DailySeries s = make_series(net, 2);
    s.flow_by_leg[0] = 3'000'000'000u;
    s.flow_by_leg[1] = 3'000'000'000u;
    meta.seed = 8;
    try {
        write_hdf5(out, meta, net, s);
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/series/mode/flow"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(out.string()), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(partial_of(out)));
    EXPECT_EQ(open_hdf5_objects(), 0);
    h5::File f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "t", "H5Fopen");
    EXPECT_EQ(h5::read_scalar_attr<std::uint64_t>(f.id(), "seed", "t"), 7u);
}

TEST_F(OutputHdf5, OutputPathThatIsADirectoryThrows) {
    const Network net = make_network();
    const DailySeries s = make_series(net, 3);
    const fs::path out = dir_ / "run.h5";
    fs::create_directories(out);
    EXPECT_THROW(write_hdf5(out, make_meta(3), net, s), std::runtime_error);
    EXPECT_TRUE(fs::is_directory(out));
    EXPECT_FALSE(fs::exists(partial_of(out)));
}

TEST_F(OutputHdf5, InconsistentSeriesThrowsBeforeWritingAnything) {
    const Network net = make_network();
    DailySeries s = make_series(net, 3);
    s.flow_by_leg.pop_back();
    const fs::path out = dir_ / "run.h5";
    try {
        write_hdf5(out, make_meta(3), net, s);
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("flow_by_leg"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(out.string()), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(partial_of(out)));

    DailySeries ok = make_series(net, 3);
    EXPECT_THROW(write_hdf5(out, make_meta(4), net, ok), std::runtime_error);  // days mismatch
    EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace smugglesim
