// HDF5 results file, layout version 3 (kHdf5LayoutVersion). Every object written
// here is documented in docs/hdf5-layout.md: keep the two in step, and bump
// kHdf5LayoutVersion on any incompatible change.
#include "io/output_hdf5.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <hdf5.h>
#include <hdf5_hl.h>  // H5DS* dimension scales

#include "sim/dates.hpp"
#include "sim/engine/columns.hpp"
#include "io/hdf5_raii.hpp"
#include "io/network_tables.hpp"
#include <span>

namespace smugglesim {

namespace {

namespace fs = std::filesystem;
using h5::check;
using h5::Dataset;
using h5::Dataspace;
using h5::Datatype;
using h5::Group;
using h5::Plist;

// The serial HDF5 library is not thread-safe: one writer at a time per process.
std::mutex g_hdf5_mutex;

constexpr hsize_t kChunkRows = 64;
constexpr int kDeflateLevel = 4;


std::string dataset_what(std::string_view path) { return "dataset " + std::string(path); }
std::string attr_what(std::string_view obj, std::string_view name) {
    return "attribute '" + std::string(name) + "' of " + std::string(obj);
}

// ---- dates ----------------------------------------------------------------

// "YYYY-MM-DD" for each day from `start`, or nothing if a date falls outside years 0..9999.
std::optional<std::vector<std::string>> day_dates(const std::chrono::year_month_day& start,
                                                  int days) {
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(days));
    const std::chrono::sys_days d0{start};
    for (int i = 0; i < days; ++i) {
        const std::chrono::year_month_day ymd{d0 + std::chrono::days{i}};
        if (!ymd.ok() || static_cast<int>(ymd.year()) < 0 || static_cast<int>(ymd.year()) > 9999)
            return std::nullopt;
        out.push_back(format_iso_date(ymd));
    }
    return out;
}

std::string utc_now_iso8601() {
    using namespace std::chrono;
    const auto now = floor<seconds>(system_clock::now());
    const auto day = floor<days>(now);
    const year_month_day ymd{day};
    const hh_mm_ss hms{now - day};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", format_iso_date(ymd).c_str(),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

// ---- validation -------------------------------------------------------------

void expect_size(std::size_t got, std::size_t want, std::string_view what) {
    if (got != want)
        throw std::runtime_error("inconsistent input: " + std::string(what) + " has " +
                                 std::to_string(got) + " values, expected " +
                                 std::to_string(want));
}

void validate(const RunMetadata& meta, const Network& net, const SeriesSet& s) {
    if (s.days() < 0) throw std::runtime_error("inconsistent input: negative number of days");
    if (meta.days != s.days())
        throw std::runtime_error("inconsistent input: metadata says " + std::to_string(meta.days) +
                                 " days but the series have " + std::to_string(s.days()));
    expect_size(s.width(Dim::Place), net.place_count(), "series place count");
    expect_size(s.width(Dim::Leg), net.leg_count(), "series leg count");
    expect_size(s.width(Dim::Country), net.countries().size(), "series country count");
    expect_size(s.width(Dim::Mode), kModeCount, "series mode count");
    for (const Dim d : {Dim::Ocg, Dim::Offer})
        expect_size(s.labels(d).size(), s.width(d), std::string("series ") + std::string(kDimNames[static_cast<std::size_t>(d)]) + " labels");
    const auto& legs = net.legs();
    for (const Leg& l : legs) {
        if (l.from >= net.place_count() || l.to >= net.place_count())
            throw std::runtime_error("inconsistent input: leg '" + l.id +
                                     "' refers to a place index out of range");
        if (static_cast<int>(l.mode) >= kModeCount)
            throw std::runtime_error("inconsistent input: leg '" + l.id + "' has an invalid mode");
        if (l.geometry.size() % 2 != 0)
            throw std::runtime_error("inconsistent input: leg '" + l.id +
                                     "' has an odd number of geometry values (expected lon, lat pairs)");
    }
    for (const Place& p : net.places())
        if (static_cast<int>(p.kind) >= kPlaceKindCount)
            throw std::runtime_error("inconsistent input: place '" + p.id + "' has an invalid kind (/network/places)");
}

// ---- writing helpers ------------------------------------------------------

// 1-D index dimension scale 0..n-1 (int32) named `scale_name`.
Dataset write_index_scale(hid_t loc, const std::string& path, const std::string& name,
                          std::size_t n, const char* scale_name, const char* description) {
    const std::string what = dataset_what(path);
    std::vector<std::int32_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::int32_t>(i);
    const std::array<hsize_t, 1> dims{n};
    Dataspace space = h5::simple_space(dims, what);
    Dataset ds = h5::create_dataset(loc, name, h5::TypeOf<std::int32_t>::file(), space.id(),
                                    H5P_DEFAULT, what);
    h5::write_all(ds.id(), h5::TypeOf<std::int32_t>::mem(), v.data(), what);
    check(H5DSset_scale(ds.id(), scale_name), what, "H5DSset_scale");
    h5::write_string_attr(ds.id(), "units", "index", attr_what(path, "units"));
    h5::write_string_attr(ds.id(), "description", description, attr_what(path, "description"));
    return ds;
}

// 1-D fixed-length string dataset.
// A dataset of fixed-length strings: row i is label(i), for i < n; `size` is
// the string type's size (the longest label plus its terminator).
template <class Label>
Dataset write_fixed_strings(hid_t loc, const std::string& path, const std::string& name, std::size_t n,
                            std::size_t size, const Label& label) {
    const std::string what = dataset_what(path);
    Datatype type = h5::string_type(size, what);
    std::vector<char> buf(n * size, '\0');
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& v = label(i);
        std::copy_n(v.data(), std::min(v.size(), size - 1), buf.data() + i * size);
    }
    const std::array<hsize_t, 1> dims{n};
    Dataspace space = h5::simple_space(dims, what);
    Dataset ds = h5::create_dataset(loc, name, type.id(), space.id(), H5P_DEFAULT, what);
    if (n > 0) h5::write_all(ds.id(), type.id(), buf.data(), what);
    return ds;
}

Dataset write_string_dataset(hid_t loc, const std::string& path, const std::string& name,
                             const std::vector<std::string>& values) {
    return write_fixed_strings(loc, path, name, values.size(), h5::string_type_size(values),
                               [&](std::size_t i) -> const std::string& { return values[i]; });
}

Dataset write_label_dataset(hid_t loc, const std::string& path, const std::string& name, const LabelColumn& c) {
    return write_fixed_strings(loc, path, name, c.size(), h5::string_type_size(c.labels),
                               [&](std::size_t i) -> const std::string& { return c[i]; });
}

void describe(hid_t obj, const std::string& path, const char* units, const char* description) {
    if (units != nullptr) h5::write_string_attr(obj, "units", units, attr_what(path, "units"));
    h5::write_string_attr(obj, "description", description, attr_what(path, "description"));
}

void attach(hid_t ds, hid_t scale, unsigned dim, const char* label, const std::string& path) {
    const std::string what = dataset_what(path);
    check(H5DSattach_scale(ds, scale, dim), what, "H5DSattach_scale");
    check(H5DSset_label(ds, dim, label), what, "H5DSset_label");
}

// Dataset creation properties of a [days, cols] series: chunked by up to 64 days x all
// columns, shuffle + deflate. Empty datasets stay contiguous (chunks can't be empty).
Plist series_dcpl(hsize_t days, hsize_t cols, const std::string& what) {
    Plist dcpl(H5Pcreate(H5P_DATASET_CREATE), what, "H5Pcreate");
    if (days > 0 && cols > 0) {
        const std::array<hsize_t, 2> chunk{std::min(days, kChunkRows), cols};
        check(H5Pset_chunk(dcpl.id(), 2, chunk.data()), what, "H5Pset_chunk");
        check(H5Pset_shuffle(dcpl.id()), what, "H5Pset_shuffle");
        check(H5Pset_deflate(dcpl.id(), kDeflateLevel), what, "H5Pset_deflate");
    }
    return dcpl;
}

// ---- the layout -----------------------------------------------------------

void write_root_attributes(hid_t root, const RunMetadata& meta, const Network& net) {
    auto str = [&](const char* name, std::string_view v) {
        h5::write_string_attr(root, name, v, attr_what("/", name));
    };
    str("format", "smugglesim-results");
    h5::write_scalar_attr<std::int32_t>(root, "layout_version", kHdf5LayoutVersion,
                                        attr_what("/", "layout_version"));
    str("program_version", meta.program_version);
    str("git_revision", meta.git_revision);
    str("scenario_name", meta.scenario_name);
    str("scenario_path", meta.scenario_path);
    str("scenario_toml", meta.scenario_text);
    str("network_source", net.source);
    h5::write_scalar_attr<std::uint64_t>(root, "seed", meta.seed, attr_what("/", "seed"));
    h5::write_scalar_attr<std::int32_t>(root, "days", meta.days, attr_what("/", "days"));
    str("start_date", meta.start_date);
    h5::write_scalar_attr<double>(root, "migrants_scale", meta.migrants_scale,
                                  attr_what("/", "migrants_scale"));
    h5::write_scalar_attr<std::int32_t>(root, "threads", meta.threads, attr_what("/", "threads"));
    h5::write_scalar_attr<double>(root, "wall_seconds", meta.wall_seconds,
                                  attr_what("/", "wall_seconds"));
    str("created_utc", utc_now_iso8601());
    if (!meta.actions.empty()) {
        std::string text;
        for (const ActionRecord& r : meta.actions) text += fmt::format("day {}: {}\n", r.day, r.description);
        str("interventions", text);
    }
}


// A /network table from its description (io/network_tables.hpp): a compound
// with one field per described field, strings sized to the longest value.
void write_table(hid_t g, const Network& net, const NetworkTable& t) {
    const std::string path = "/network/" + std::string(t.name);
    const std::string what = dataset_what(path);
    const std::size_t nrows = t.rows(net), nf = t.fields.size();
    std::vector<std::vector<FieldValue>> values(nrows, std::vector<FieldValue>(nf));
    for (std::size_t r = 0; r < nrows; ++r)
        for (std::size_t f = 0; f < nf; ++f) values[r][f] = t.value(net, r, f);
    h5::CompoundBuilder cb;
    std::vector<std::size_t> handle(nf);
    for (std::size_t f = 0; f < nf; ++f) {
        const std::string name(t.fields[f].name);
        switch (t.fields[f].kind) {
            case FieldKind::U32: handle[f] = cb.add<std::uint32_t>(name); break;
            case FieldKind::U8: handle[f] = cb.add<std::uint8_t>(name); break;
            case FieldKind::F64: handle[f] = cb.add<double>(name); break;
            case FieldKind::String: {
                std::vector<std::string> column;
                for (const auto& row : values) column.push_back(std::get<std::string>(row[f]));
                handle[f] = cb.add_string(name, h5::string_type_size(column));
                break;
            }
        }
    }
    std::vector<std::byte> buf(nrows * cb.row_size());
    for (std::size_t r = 0; r < nrows; ++r) {
        std::byte* row = buf.data() + r * cb.row_size();
        for (std::size_t f = 0; f < nf; ++f)
            std::visit(
                [&](const auto& v) {
                    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) cb.put_string(row, handle[f], v);
                    else cb.put(row, handle[f], v);
                },
                values[r][f]);
    }
    Datatype ftype = cb.file_type(what), mtype = cb.mem_type(what);
    const std::array<hsize_t, 1> dims{nrows};
    Dataspace space = h5::simple_space(dims, what);
    Dataset ds = h5::create_dataset(g, std::string(t.name), ftype.id(), space.id(), H5P_DEFAULT, what);
    if (nrows > 0) h5::write_all(ds.id(), mtype.id(), buf.data(), what);
    describe(ds.id(), path, nullptr, std::string(t.description).c_str());
    h5::write_string_attr(ds.id(), "field_units", field_units_text(t), attr_what(path, "field_units"));
}

// The leg geometries as a contiguous ragged array: the points of all legs, one
// (lon, lat) row each, and the n_legs + 1 offsets of each leg's first row. Not
// variable-length data: HDF5 keeps that in the file's global heap, and the
// decoding of a damaged global heap can loop forever in HDF5 1.10's reader.
void write_legs_geometry(hid_t g, const Network& net) {
    const std::string opath = "/network/legs_geometry_offsets", ppath = "/network/legs_geometry_lonlat";
    const auto& legs = net.legs();
    std::vector<std::uint64_t> offsets{0};
    std::vector<double> lonlat;
    for (const Leg& l : legs) {
        lonlat.insert(lonlat.end(), l.geometry.begin(), l.geometry.end());  // even length (validate)
        offsets.push_back(lonlat.size() / 2);
    }
    const std::size_t n_points = offsets.back();
    Dataset point = write_index_scale(g, "/network/point_index", "point_index", n_points, "point",
                                      "Point index 0..n_points-1 (row of /network/legs_geometry_lonlat)");
    Dataset coordinate = write_string_dataset(g, "/network/coordinates", "coordinates", {"lon", "lat"});
    check(H5DSset_scale(coordinate.id(), "coordinate"), dataset_what("/network/coordinates"), "H5DSset_scale");
    describe(coordinate.id(), "/network/coordinates", nullptr,
             "Name of each column of /network/legs_geometry_lonlat: lon, lat");
    {
        const std::string what = dataset_what(opath);
        const std::array<hsize_t, 1> dims{offsets.size()};
        Dataspace space = h5::simple_space(dims, what);
        Dataset ds = h5::create_dataset(g, "legs_geometry_offsets", h5::TypeOf<std::uint64_t>::file(), space.id(),
                                        H5P_DEFAULT, what);
        h5::write_all(ds.id(), h5::TypeOf<std::uint64_t>::mem(), offsets.data(), what);
        describe(ds.id(), opath, "index",
                 "Leg i's points are rows offsets[i] .. offsets[i+1]-1 of /network/legs_geometry_lonlat "
                 "(n_legs + 1 values; equal consecutive offsets: no geometry)");
    }
    const std::string what = dataset_what(ppath);
    const std::array<hsize_t, 2> dims{n_points, 2};
    Dataspace space = h5::simple_space(dims, what);
    Dataset ds = h5::create_dataset(g, "legs_geometry_lonlat", h5::TypeOf<double>::file(), space.id(), H5P_DEFAULT,
                                    what);
    h5::write_all(ds.id(), h5::TypeOf<double>::mem(), lonlat.data(), what);
    attach(ds.id(), point.id(), 0, "point", ppath);
    attach(ds.id(), coordinate.id(), 1, "coordinate", ppath);
    describe(ds.id(), ppath, "degrees (WGS84)",
             "Points of the leg geometries, one (lon, lat) row each; leg i's are rows "
             "legs_geometry_offsets[i] .. legs_geometry_offsets[i+1]-1");
}

void write_network(hid_t file, const Network& net) {
    Group g = h5::create_group(file, "network", "group /network");
    write_table(g.id(), net, kPlacesTable);
    write_table(g.id(), net, kLegsTable);
    {
        Dataset ds = write_string_dataset(g.id(), "/network/countries", "countries",
                                          net.countries());
        describe(ds.id(), "/network/countries", nullptr,
                 "ISO 3166-1 alpha-3 code of each country index, sorted");
    }
    {
        const std::vector<std::string> modes = column_labels(net, Dim::Mode);
        Dataset mode = write_string_dataset(g.id(), "/network/modes", "modes", modes);
        check(H5DSset_scale(mode.id(), "mode"), dataset_what("/network/modes"),
              "H5DSset_scale");
        describe(mode.id(), "/network/modes", nullptr,
                 "Name of each mode index (Leg::mode): land, sea, air");
    }
    write_index_scale(g.id(), "/network/place_index", "place_index", net.place_count(),
                                 "place", "Place index 0..n_places-1 (row of /network/places)");
    write_index_scale(g.id(), "/network/leg_index", "leg_index", net.leg_count(), "leg",
                      "Leg index 0..n_legs-1 (row of /network/legs)");
    write_index_scale(g.id(), "/network/country_index", "country_index",
                                   net.countries().size(), "country",
                                   "Country index 0..n_countries-1 (row of /network/countries)");
    write_legs_geometry(g.id(), net);
}

// The `day` coordinate of a group: int32 0..days-1, a dimension scale named
// "day". Its CF units ("days since <start_date>") let netCDF readers turn days
// into dates.
Dataset write_day_coordinate(hid_t group, const std::string& group_path, const RunMetadata& meta, int days) {
    const std::string path = group_path + "/day";
    const std::string what = dataset_what(path);
    std::vector<std::int32_t> v(static_cast<std::size_t>(days));
    for (int i = 0; i < days; ++i) v[static_cast<std::size_t>(i)] = i;
    const std::array<hsize_t, 1> dims{v.size()};
    Dataspace space = h5::simple_space(dims, what);
    Dataset ds = h5::create_dataset(group, "day", h5::TypeOf<std::int32_t>::file(), space.id(), H5P_DEFAULT, what);
    h5::write_all(ds.id(), h5::TypeOf<std::int32_t>::mem(), v.data(), what);
    check(H5DSset_scale(ds.id(), "day"), what, "H5DSset_scale");
    const bool dated = parse_iso_date(meta.start_date).has_value();
    describe(ds.id(), path, dated ? ("days since " + meta.start_date).c_str() : "day",
             "Simulation day 0..days-1; day 0 is start_date; series values are end of day");
    if (dated) h5::write_string_attr(ds.id(), "calendar", "proleptic_gregorian", attr_what(path, "calendar"));
    return ds;
}

// 1-D variable-length UTF-8 string dataset (netCDF-4 strings: xarray reads them as str).
Dataset write_vlen_strings(hid_t loc, const std::string& path, const std::string& name,
                           const std::vector<std::string>& values) {
    const std::string what = dataset_what(path);
    Datatype type(H5Tcopy(H5T_C_S1), what, "H5Tcopy");
    check(H5Tset_size(type.id(), H5T_VARIABLE), what, "H5Tset_size");
    check(H5Tset_cset(type.id(), H5T_CSET_UTF8), what, "H5Tset_cset");
    std::vector<const char*> ptrs;
    for (const std::string& v : values) ptrs.push_back(v.c_str());
    const std::array<hsize_t, 1> dims{values.size()};
    Dataspace space = h5::simple_space(dims, what);
    Dataset ds = h5::create_dataset(loc, name, type.id(), space.id(), H5P_DEFAULT, what);
    if (!values.empty()) h5::write_all(ds.id(), type.id(), ptrs.data(), what);
    return ds;
}

// The calendar: /time/day and, if start_date is a date, /time/date.
void write_time(hid_t file, const RunMetadata& meta, int days) {
    Group g = h5::create_group(file, "time", "group /time");
    Dataset day = write_day_coordinate(g.id(), "/time", meta, days);
    const auto start = parse_iso_date(meta.start_date);
    if (!start) return;
    const auto dates = day_dates(*start, days);
    if (!dates) return;
    Dataset ds = write_string_dataset(g.id(), "/time/date", "date", *dates);
    attach(ds.id(), day.id(), 0, "day", "/time/date");
    describe(ds.id(), "/time/date", nullptr, "Calendar date (YYYY-MM-DD, proleptic Gregorian) of each day");
}

constexpr std::array<const char*, kDimCount> kColumnMeaning = {
    "", "ISO 3166-1 alpha-3 code of each country column (= /network/countries)",
    "Id of each place column (row i of /network/places)", "Id of each leg column (row i of /network/legs)",
    "Name of each mode column: land, sea, air", "Name of each organised crime group column",
    "Each offer column: the leg id, and '/' and the group's name for a group's offer (a leg id alone: the leg's own "
    "service, no smuggler)"};

template <class T>
void write_one_series(hid_t group, const std::string& path, const std::string& name, std::span<const T> data,
                      hsize_t days, hsize_t cols, bool two_d, hid_t day_scale, hid_t col_scale, const char* col_label) {
    const std::string what = dataset_what(path);
    std::vector<hsize_t> dims{days};
    if (two_d) dims.push_back(cols);
    Dataspace space = h5::simple_space(dims, what);
    Plist dcpl = two_d ? series_dcpl(days, cols, what) : Plist(H5Pcreate(H5P_DATASET_CREATE), what, "H5Pcreate");
    Dataset ds = h5::create_dataset(group, name, h5::TypeOf<T>::file(), space.id(), dcpl.id(), what);
    h5::write_all(ds.id(), h5::TypeOf<T>::mem(), data.data(), what);
    attach(ds.id(), day_scale, 0, "day", path);
    if (two_d) attach(ds.id(), col_scale, 1, col_label, path);
}

// One group per dimension under /series, each with its own coordinates (`day`
// and the column dimension), so that netCDF-4 readers (xarray) open every
// group on its own with named, labelled dimensions.
void write_series(hid_t file, const RunMetadata& meta, const Network& net, const SeriesSet& s) {
    const auto days = static_cast<hsize_t>(s.days());
    Group series = h5::create_group(file, "series", "group /series");
    for (int di = 0; di < kDimCount; ++di) {
        const auto dim = static_cast<Dim>(di);
        const std::string dim_name(kDimNames[static_cast<std::size_t>(di)]);
        bool any = false;
        for (SeriesId id = 0; id < s.size(); ++id) any = any || s.decl(id).dim == dim;
        if (!any) continue;
        const std::string gp = "/series/" + dim_name;
        // Members keep their creation order: readers list series in declaration order.
        Plist gcpl(H5Pcreate(H5P_GROUP_CREATE), "group " + gp, "H5Pcreate");
        check(H5Pset_link_creation_order(gcpl.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "group " + gp,
              "H5Pset_link_creation_order");
        Group g(H5Gcreate2(series.id(), dim_name.c_str(), H5P_DEFAULT, gcpl.id(), H5P_DEFAULT), "group " + gp, "H5Gcreate2");
        Dataset day = write_day_coordinate(g.id(), gp, meta, s.days());
        const bool two_d = dim != Dim::Total;
        Dataset col;
        if (two_d) {
            col = write_vlen_strings(g.id(), gp + "/" + dim_name, dim_name, column_labels(net, s, dim));
            check(H5DSset_scale(col.id(), dim_name.c_str()), dataset_what(gp + "/" + dim_name), "H5DSset_scale");
            describe(col.id(), gp + "/" + dim_name, nullptr, kColumnMeaning[static_cast<std::size_t>(di)]);
        }
        const auto cols = static_cast<hsize_t>(s.width(dim));
        for (SeriesId id = 0; id < s.size(); ++id) {
            const SeriesDecl& d = s.decl(id);
            if (d.dim != dim) continue;
            const std::string path = d.path();
            const hid_t cs = two_d ? col.id() : H5I_INVALID_HID;
            switch (d.type) {
                case ValueType::U32:
                    write_one_series(g.id(), path, d.name, s.values<std::uint32_t>(id), days, cols, two_d, day.id(), cs, dim_name.c_str());
                    break;
                case ValueType::U64:
                    write_one_series(g.id(), path, d.name, s.values<std::uint64_t>(id), days, cols, two_d, day.id(), cs, dim_name.c_str());
                    break;
                case ValueType::F64:
                    write_one_series(g.id(), path, d.name, s.values<double>(id), days, cols, two_d, day.id(), cs, dim_name.c_str());
                    break;
            }
            Dataset ds = h5::open_dataset(g.id(), d.name, dataset_what(path));
            describe(ds.id(), path, d.units.c_str(), d.description.c_str());
            h5::write_string_attr(ds.id(), "measure", kMeasureNames[static_cast<std::size_t>(d.measure)], attr_what(path, "measure"));
            h5::write_string_attr(ds.id(), "module", d.module, attr_what(path, "module"));
            h5::write_scalar_attr<std::uint8_t>(ds.id(), "headline", d.headline ? 1 : 0, attr_what(path, "headline"));
            if (!d.sum_by_mode_of.empty())
                h5::write_string_attr(ds.id(), "sum_by_mode_of", d.sum_by_mode_of, attr_what(path, "sum_by_mode_of"));
        }
    }
}

// /organisations: the groups and offers of the run, as the columns of
// /series/ocg and /series/offer: each group's name and each offer's leg and
// group, as fixed-size data (the column labels of the series groups are
// variable-length strings, which the viewer does not read). Written when both
// groups are (some series is declared in each dimension: the organisations
// module's) and the series say where their offers point (SeriesSet::refs).
void write_organisations(hid_t file, const SeriesSet& s) {
    bool ocg_series = false, offer_series = false;
    for (SeriesId id = 0; id < s.size(); ++id) {
        ocg_series = ocg_series || s.decl(id).dim == Dim::Ocg;
        offer_series = offer_series || s.decl(id).dim == Dim::Offer;
    }
    const auto leg = s.refs(Dim::Offer, Dim::Leg), ocg = s.refs(Dim::Offer, Dim::Ocg);
    if (!ocg_series || !offer_series || leg.size() != s.width(Dim::Offer) || ocg.size() != s.width(Dim::Offer) ||
        s.width(Dim::Offer) == 0)
        return;
    Group g = h5::create_group(file, "organisations", "group /organisations");
    Dataset name = write_string_dataset(g.id(), "/organisations/ocg_name", "ocg_name", s.labels(Dim::Ocg));
    check(H5DSset_scale(name.id(), "ocg"), dataset_what("/organisations/ocg_name"), "H5DSset_scale");
    describe(name.id(), "/organisations/ocg_name", nullptr,
             "Name of each organised crime group: column i of /series/ocg (dimension scale 'ocg')");
    Dataset offer = write_index_scale(g.id(), "/organisations/offer_index", "offer_index", s.width(Dim::Offer), "offer",
                                      "Offer index 0..n_offers-1 (column of /series/offer)");
    const auto write = [&](const char* dataset, std::span<const std::int32_t> values, const char* description) {
        const std::string path = std::string("/organisations/") + dataset;
        const std::string what = dataset_what(path);
        const std::array<hsize_t, 1> dims{values.size()};
        Dataspace space = h5::simple_space(dims, what);
        Dataset ds = h5::create_dataset(g.id(), dataset, h5::TypeOf<std::int32_t>::file(), space.id(), H5P_DEFAULT, what);
        h5::write_all(ds.id(), h5::TypeOf<std::int32_t>::mem(), values.data(), what);
        attach(ds.id(), offer.id(), 0, "offer", path);
        describe(ds.id(), path, "index", description);
    };
    write("offer_leg", leg, "Leg of each offer: a row of /network/legs and a column of /series/leg");
    write("offer_ocg", ocg,
          "Group of each offer: a row of /organisations/ocg_name and a column of /series/ocg; -1 for a leg's own "
          "service (no smuggler)");
}

// /tables/<name>: the modules' end-of-run tables (SeriesSet::set_table), one
// group per table: an index dimension scale `row` and one 1-D dataset per
// column attached to it, so xarray opens a table as a Dataset. Written only
// when some module left a table.
void write_tables(hid_t file, const SeriesSet& s) {
    if (s.tables().empty()) return;
    Group top = h5::create_group(file, "tables", "group /tables");
    for (const EndTable& t : s.tables()) {
        const std::string gpath = "/tables/" + t.name;
        Group g = h5::create_group(top.id(), t.name, "group " + gpath);
        h5::write_string_attr(g.id(), "module", t.module, attr_what(gpath, "module"));
        h5::write_string_attr(g.id(), "description", t.description, attr_what(gpath, "description"));
        const std::size_t n = t.columns.empty() ? 0 : t.columns.front().size();
        const std::string scale_name = t.name + "_row";
        Dataset row = write_index_scale(g.id(), gpath + "/row", "row", n, scale_name.c_str(), "Row index 0..n-1");
        for (const TableColumn& c : t.columns) {
            const std::string path = gpath + "/" + c.name;
            const std::string what = dataset_what(path);
            const std::array<hsize_t, 1> dims{n};
            Dataset ds = std::visit(
                [&](const auto& v) -> Dataset {
                    using V = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<V, LabelColumn>) {
                        return write_label_dataset(g.id(), path, c.name, v);
                    } else if constexpr (std::is_same_v<typename V::value_type, std::string>) {
                        return write_string_dataset(g.id(), path, c.name, v);
                    } else {
                        using T = typename V::value_type;
                        Dataspace space = h5::simple_space(dims, what);
                        Dataset d = h5::create_dataset(g.id(), c.name, h5::TypeOf<T>::file(), space.id(), H5P_DEFAULT, what);
                        if (n > 0) h5::write_all(d.id(), h5::TypeOf<T>::mem(), v.data(), what);
                        return d;
                    }
                },
                c.values);
            attach(ds.id(), row.id(), 0, scale_name.c_str(), path);
            describe(ds.id(), path, c.units.empty() ? nullptr : c.units.c_str(), c.description.c_str());
        }
    }
}

// The /interventions table: one row per action of the run, in schedule order.
void write_interventions(hid_t file, const std::vector<ActionRecord>& rows) {
    const std::string path = "/interventions";
    const std::string what = dataset_what(path);
    std::vector<std::string> dates, names, actions, params, descriptions;
    for (const ActionRecord& r : rows) {
        dates.push_back(r.date);
        names.push_back(r.name);
        actions.push_back(r.action);
        params.push_back(r.parameters);
        descriptions.push_back(r.description);
    }
    h5::CompoundBuilder cb;
    const auto f_day = cb.add<std::int32_t>("day");
    const auto f_until = cb.add<std::int32_t>("until");
    const auto f_date = cb.add_string("date", h5::string_type_size(dates));
    const auto f_name = cb.add_string("name", h5::string_type_size(names));
    const auto f_action = cb.add_string("action", h5::string_type_size(actions));
    const auto f_params = cb.add_string("parameters", h5::string_type_size(params));
    const auto f_desc = cb.add_string("description", h5::string_type_size(descriptions));
    std::vector<std::byte> buf(rows.size() * cb.row_size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::byte* row = buf.data() + i * cb.row_size();
        cb.put(row, f_day, static_cast<std::int32_t>(rows[i].day));
        cb.put(row, f_until, static_cast<std::int32_t>(rows[i].until));
        cb.put_string(row, f_date, dates[i]);
        cb.put_string(row, f_name, names[i]);
        cb.put_string(row, f_action, actions[i]);
        cb.put_string(row, f_params, params[i]);
        cb.put_string(row, f_desc, descriptions[i]);
    }
    Datatype ftype = cb.file_type(what), mtype = cb.mem_type(what);
    const std::array<hsize_t, 1> dims{rows.size()};
    Dataspace space = h5::simple_space(dims, what);
    Dataset ds = h5::create_dataset(file, "interventions", ftype.id(), space.id(), H5P_DEFAULT, what);
    if (!rows.empty()) h5::write_all(ds.id(), mtype.id(), buf.data(), what);
    describe(ds.id(), path, nullptr,
             "Interventions of the run (scenario [[intervention]] blocks, --intervention files, live changes), "
             "in schedule order; each acts from `day` until `until` (-1: to the end)");
}

// The core driver's memory, captured when HDF5 frees it at the file's close.
struct ImageCapture {
    std::map<void*, std::size_t> sizes;  // live allocations of the driver
    std::vector<char> image;             // the file, up to its end-of-file address
};

// Where the file ends: the end-of-file address of a version 2 or 3 superblock
// (HDF5 file format specification, "Superblock": signature, version, sizes of
// offsets and lengths, flags, then base, extension and end-of-file addresses).
std::size_t end_of_file(const char* p, std::size_t n) {
    if (n < 12 || (p[8] != 2 && p[8] != 3)) return n;
    const auto offsets = static_cast<std::size_t>(static_cast<unsigned char>(p[9]));
    if (offsets == 0 || offsets > 8 || 12 + 3 * offsets > n) return n;
    std::uint64_t eof = 0;
    for (std::size_t i = 0; i < offsets; ++i)
        eof |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[12 + 2 * offsets + i])) << (8 * i);
    return eof > 0 && eof <= n ? static_cast<std::size_t>(eof) : n;
}

H5FD_file_image_callbacks_t image_callbacks(ImageCapture& capture) {
    H5FD_file_image_callbacks_t cb{};
    cb.image_malloc = [](std::size_t size, H5FD_file_image_op_t, void* udata) -> void* {
        void* p = std::malloc(size);
        if (p) static_cast<ImageCapture*>(udata)->sizes[p] = size;
        return p;
    };
    cb.image_memcpy = [](void* dest, const void* src, std::size_t size, H5FD_file_image_op_t, void*) -> void* {
        return std::memcpy(dest, src, size);
    };
    cb.image_realloc = [](void* ptr, std::size_t size, H5FD_file_image_op_t, void* udata) -> void* {
        auto& c = *static_cast<ImageCapture*>(udata);
        void* p = std::realloc(ptr, size);
        if (p) {
            c.sizes.erase(ptr);
            c.sizes[p] = size;
        }
        return p;
    };
    cb.image_free = [](void* ptr, H5FD_file_image_op_t op, void* udata) -> herr_t {
        auto& c = *static_cast<ImageCapture*>(udata);
        if (ptr && op == H5FD_FILE_IMAGE_OP_FILE_CLOSE) {
            const auto it = c.sizes.find(ptr);
            const std::size_t n = it == c.sizes.end() ? 0 : it->second;
            const char* p = static_cast<const char*>(ptr);
            c.image.assign(p, p + end_of_file(p, n));
        }
        c.sizes.erase(ptr);
        std::free(ptr);
        return 0;
    };
    cb.udata_copy = [](void* udata) -> void* { return udata; };
    cb.udata_free = [](void*) -> herr_t { return 0; };
    cb.udata = &capture;
    return cb;
}

// Writes the complete file at `file_path` (the .partial path); returns after a checked
// H5Fclose.
void write_file(const fs::path& file_path, const RunMetadata& meta, const Network& net,
                const SeriesSet& series, bool& created) {
    const std::string fwhat = "file " + file_path.string();
    Plist fcpl(H5Pcreate(H5P_FILE_CREATE), fwhat, "H5Pcreate");
    // Dense attribute storage from the first attribute, so attributes larger than
    // 64 KiB (the scenario TOML text) can be stored.
    check(H5Pset_attr_phase_change(fcpl.id(), 0, 0), fwhat, "H5Pset_attr_phase_change");
    Plist fapl(H5Pcreate(H5P_FILE_ACCESS), fwhat, "H5Pcreate");
    // 1.8 file format: needed for dense attributes, readable by HDF5 >= 1.8.
    check(H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_V18, H5F_LIBVER_V18), fwhat,
          "H5Pset_libver_bounds");
    // H5Fclose fails if any object is still open, instead of deferring the close.
    check(H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_SEMI), fwhat, "H5Pset_fclose_degree");
    // The file is built in memory (the core driver, no backing store) and
    // written out in one piece below: a full disk or any other write error is
    // an ordinary failed write, not a failed H5Fclose that HDF5 cannot undo
    // (it would keep the file open and its descriptor with it). The image is
    // taken as HDF5 frees it after a complete close (file image callbacks):
    // H5Fget_file_image of HDF5 < 1.14.7 clears the superblock's status flags
    // without updating its checksum (HDFGroup/hdf5#1915), giving a file that
    // does not open.
    check(H5Pset_fapl_core(fapl.id(), 64 << 10, 0), fwhat, "H5Pset_fapl_core");
    ImageCapture capture;
    const H5FD_file_image_callbacks_t callbacks = image_callbacks(capture);
    check(H5Pset_file_image_callbacks(fapl.id(), const_cast<H5FD_file_image_callbacks_t*>(&callbacks)), fwhat,
          "H5Pset_file_image_callbacks");

    h5::File file(H5Fcreate(file_path.c_str(), H5F_ACC_TRUNC, fcpl.id(), fapl.id()), fwhat,
                  "H5Fcreate");
    {
        Group root = h5::open_group(file.id(), "/", "group /");
        write_root_attributes(root.id(), meta, net);
        write_network(file.id(), net);
        write_time(file.id(), meta, series.days());
        write_series(file.id(), meta, net, series);
        write_interventions(file.id(), meta.actions);
        write_organisations(file.id(), series);
        write_tables(file.id(), series);
    }
    file.close(fwhat);
    fapl = Plist();  // the property list holds the callbacks' user data
    const std::vector<char>& image = capture.image;
    if (image.size() < 44 || std::memcmp(image.data(), "\x89HDF\r\n\x1a\n", 8) != 0)
        throw std::runtime_error(fwhat + ": HDF5 did not hand over a complete file image");

    std::FILE* out = std::fopen(file_path.c_str(), "wb");
    if (out == nullptr) throw std::runtime_error(fwhat + ": cannot create it: " + std::strerror(errno));
    created = true;
    const bool written = std::fwrite(image.data(), 1, image.size(), out) == image.size() && std::fflush(out) == 0;
    const int err = errno;
    const bool closed = std::fclose(out) == 0;
    if (!written || !closed)
        throw std::runtime_error(fmt::format("{}: writing {} bytes failed: {}", fwhat, image.size(),
                                             std::strerror(written ? errno : err)));
}

}  // namespace

void write_hdf5(const std::filesystem::path& path, const RunMetadata& meta, const Network& net,
                const SeriesSet& series) {
    fs::path partial = path;
    partial += ".partial";
    bool created = false;
    try {
        validate(meta, net, series);
        std::error_code ec;
        if (fs::is_directory(path, ec))
            throw std::runtime_error("the output path is an existing directory");
        if (path.has_parent_path()) {
            fs::create_directories(path.parent_path(), ec);
            if (ec)
                throw std::runtime_error("cannot create directory " +
                                         path.parent_path().string() + ": " + ec.message());
        }
        // A stale regular .partial file (from a crashed run) is ours to replace.
        created = fs::is_regular_file(partial, ec);

        const std::lock_guard lock(g_hdf5_mutex);
        const h5::ErrorSilencer silence;
        write_file(partial, meta, net, series, created);

        fs::rename(partial, path, ec);
        if (ec)
            throw std::runtime_error("cannot rename " + partial.string() + " to " + path.string() +
                                     ": " + ec.message());
    } catch (const std::exception& e) {
        if (created) {
            std::error_code ec;
            fs::remove(partial, ec);
        }
        throw std::runtime_error("cannot write HDF5 results file " + path.string() + ": " +
                                 e.what());
    } catch (...) {
        if (created) {
            std::error_code ec;
            fs::remove(partial, ec);
        }
        throw;
    }
}

}  // namespace smugglesim
