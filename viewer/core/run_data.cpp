// Reading results files (layout version 3, docs/hdf5-layout.md) and snapshots of
// running simulations for the viewer.
//
// The reader is strict about what the viewer needs and lenient about the rest:
// compound tables are read field by field by name (extra or reordered fields,
// fixed- or variable-length strings are fine), attributes and datasets the
// viewer does not use are ignored. Every problem becomes one RunFileError line
// naming the file; HDF5's own error printing is silenced.
#include "viewer/core/run_data.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <mutex>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <hdf5.h>

#include "io/hdf5_raii.hpp"
#include "io/network_tables.hpp"
#include "sim/engine/simulation.hpp"

namespace smugglesim::viewer {

namespace {

namespace fs = std::filesystem;

constexpr int kReadableLayoutVersion = 3;  // kHdf5LayoutVersion of the writer this reads
constexpr std::string_view kFormat = "smugglesim-results";

// One load at a time: the HDF5 library may be built without thread safety
// (Debian's is thread-safe). write_hdf5() serialises its writers with a lock of
// its own, not shared with this one.
std::mutex g_load_mutex;

using Object = h5::Handle<H5Oclose>;

std::string shape_text(const std::vector<hsize_t>& dims) {
    std::string s = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i > 0) s += " x ";
        s += std::to_string(dims[i]);
    }
    return s + "]";
}

std::size_t align8(std::size_t n) { return (n + 7) / 8 * 8; }

// The message of an h5::Error ("<what>: <call> failed: <api>() <- ... <- <innermost>")
// without the intermediate HDF5 frames: the innermost one says what went wrong.
std::string concise(std::string_view text) {
    constexpr std::string_view kFailed = " failed: ", kArrow = " <- ";
    const std::size_t last = text.rfind(kArrow);
    const std::size_t failed = text.find(kFailed);
    if (last == std::string_view::npos || failed == std::string_view::npos || failed > last)
        return std::string(text);
    return std::string(text.substr(0, failed + kFailed.size())) +
           std::string(text.substr(last + kArrow.size()));
}

// The reader of one open file. Every failure throws RunFileError naming the file.
class Reader {
public:
    Reader(std::string file_name, std::uintmax_t file_size)
        : name_(std::move(file_name)), file_size_(file_size) {}

    std::uintmax_t file_size() const { return file_size_; }

    [[noreturn]] void fail(const std::string& problem) const {
        throw RunFileError("results file " + name_ + ": " + problem);
    }

    void open() {
        const std::string what = "cannot open it as HDF5 (damaged file?)";
        h5::Plist fapl(H5Pcreate(H5P_FILE_ACCESS), what, "H5Pcreate");
        // Close everything with the file, even if something were left open.
        h5::check(H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG), what, "H5Pset_fclose_degree");
#if H5_VERSION_GE(1, 10, 7)
        // Read-only: use file locks where the file system has them, but do not
        // refuse to read a file on one that has none (NFS, some containers).
        h5::check(H5Pset_file_locking(fapl.id(), true, true), what, "H5Pset_file_locking");
#endif
        file_ = h5::File(H5Fopen(name_.c_str(), H5F_ACC_RDONLY, fapl.id()), what, "H5Fopen");
        root_ = h5::open_group(file_.id(), "/", "group /");
    }

    hid_t root() const { return root_.id(); }

    // ---- attributes of the root group -------------------------------------

    bool has_attr(const std::string& name) const {
        const htri_t e = H5Aexists(root(), name.c_str());
        h5::check(e, "attribute '" + name + "' of /", "H5Aexists");
        return e > 0;
    }

    void require_attr(const std::string& name) const {
        if (!has_attr(name)) fail("missing root attribute '" + name + "'");
    }

    // A scalar string attribute, fixed- or variable-length.
    std::string string_attr(const std::string& name) const {
        require_attr(name);
        const std::string what = "attribute '" + name + "' of /";
        h5::Attribute a(H5Aopen(root(), name.c_str(), H5P_DEFAULT), what, "H5Aopen");
        h5::Datatype ftype(H5Aget_type(a.id()), what, "H5Aget_type");
        if (H5Tget_class(ftype.id()) != H5T_STRING) fail(what + " is not a string");
        expect_scalar_attr(a.id(), what);
        return h5::read_string_attr(root(), name, what);
    }

    // A scalar integer attribute, read as T (HDF5 converts from the file's integer type).
    template <class T>
    T integer_attr(const std::string& name) const {
        require_attr(name);
        const std::string what = "attribute '" + name + "' of /";
        h5::Attribute a(H5Aopen(root(), name.c_str(), H5P_DEFAULT), what, "H5Aopen");
        h5::Datatype ftype(H5Aget_type(a.id()), what, "H5Aget_type");
        if (H5Tget_class(ftype.id()) != H5T_INTEGER) fail(what + " is not an integer");
        expect_scalar_attr(a.id(), what);
        T value{};
        h5::check(H5Aread(a.id(), h5::TypeOf<T>::mem(), &value), what, "H5Aread");
        return value;
    }

    // ---- datasets -----------------------------------------------------------

    // Opens the dataset at absolute `path`; a missing one is named in the error.
    h5::Dataset dataset(const std::string& path) const {
        // H5Lexists needs every intermediate group to exist: check component-wise.
        std::size_t pos = 0;
        while (pos != std::string::npos) {
            pos = path.find('/', pos + 1);
            const std::string prefix = path.substr(0, pos);
            const htri_t e = H5Lexists(file_.id(), prefix.c_str(), H5P_DEFAULT);
            h5::check(e, "dataset " + path, "H5Lexists");
            if (e == 0) fail("missing dataset " + path);
        }
        const std::string what = "dataset " + path;
        Object obj(H5Oopen(file_.id(), path.c_str(), H5P_DEFAULT), what, "H5Oopen");
        if (H5Iget_type(obj.id()) != H5I_DATASET) fail(path + " is not a dataset");
        return h5::open_dataset(file_.id(), path, what);
    }

    std::vector<hsize_t> dims(hid_t ds, const std::string& path) const {
        return h5::dataset_dims(ds, "dataset " + path);
    }

    void expect_shape(hid_t ds, const std::string& path, const std::vector<hsize_t>& want,
                      const std::string& meaning) const {
        const std::vector<hsize_t> got = dims(ds, path);
        if (got != want)
            fail("dataset " + path + " has shape " + shape_text(got) + ", expected " +
                 shape_text(want) + " (" + meaning + ")");
    }

    // Refuses a dataset whose type is not of class `want` (H5T_INTEGER or
    // H5T_FLOAT), before anything of it is read.
    void expect_type_class(hid_t ds, const std::string& path, H5T_class_t want, const std::string& meaning) const {
        const std::string what = "dataset " + path;
        h5::Datatype ftype(H5Dget_type(ds), what, "H5Dget_type");
        const H5T_class_t cls = H5Tget_class(ftype.id());
        h5::check(cls, what, "H5Tget_class");
        const htri_t vlen = H5Tdetect_class(ftype.id(), H5T_VLEN);
        h5::check(vlen, what, "H5Tdetect_class");
        if (vlen > 0 || cls == H5T_VLEN)
            fail(what + " is variable-length, expected " + meaning +
                 " (smugglesim writes no variable-length data there)");
        if (cls != want) fail(what + " does not hold " + meaning);
    }

    // Reads a whole numeric dataset into `out`, sized to it (shape checked before).
    template <class T>
    void read_into(hid_t ds, const std::string& path, std::span<T> out) const {
        const std::string what = "dataset " + path;
        h5::Datatype ftype(H5Dget_type(ds), what, "H5Dget_type");
        const H5T_class_t cls = H5Tget_class(ftype.id());
        if (cls != H5T_INTEGER && cls != H5T_FLOAT) fail(what + " does not hold numbers");
        if (out.empty()) return;
        h5::check_stored_size(ds, what);
        h5::check(H5Dread(ds, h5::TypeOf<T>::mem(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), what,
                  "H5Dread");
    }

    // A 1-D string dataset (fixed- or variable-length strings).
    std::vector<std::string> read_strings(const std::string& path) const {
        const std::string what = "dataset " + path;
        h5::Dataset ds = dataset(path);
        const std::vector<hsize_t> d = dims(ds.id(), path);
        if (d.size() != 1) fail(what + " has shape " + shape_text(d) + ", expected a 1-D list");
        h5::Datatype ftype(H5Dget_type(ds.id()), what, "H5Dget_type");
        if (H5Tget_class(ftype.id()) != H5T_STRING) fail(what + " does not hold strings");
        return h5::read_string_dataset(ds.id(), what);
    }

private:
    void expect_scalar_attr(hid_t a, const std::string& what) const {
        h5::Dataspace space(H5Aget_space(a), what, "H5Aget_space");
        if (H5Sget_simple_extent_type(space.id()) != H5S_SCALAR &&
            H5Sget_simple_extent_npoints(space.id()) != 1)
            fail(what + " is not a single value");
    }

    std::string name_;
    std::uintmax_t file_size_ = 0;
    h5::File file_;
    h5::Group root_;
};

// A 1-D compound table read field by field, by name, through an in-memory
// compound type holding only the requested fields: fields the file has in
// addition, or in another order, do not matter.
class Table {
public:
    enum class Kind { U32, U8, F64, String };

    Table(const Reader& r, std::string path) : r_(r), path_(std::move(path)), what_("dataset " + path_) {
        ds_ = r_.dataset(path_);
        const std::vector<hsize_t> d = r_.dims(ds_.id(), path_);
        if (d.size() != 1) r_.fail(what_ + " has shape " + shape_text(d) + ", expected a 1-D table");
        // Every row takes at least a byte of the file: a larger count is damage.
        if (d[0] > r_.file_size())
            r_.fail(what_ + " claims " + std::to_string(d[0]) + " rows, more than the file can hold");
        rows_ = static_cast<std::size_t>(d[0]);
        ftype_ = h5::Datatype(H5Dget_type(ds_.id()), what_, "H5Dget_type");
        if (H5Tget_class(ftype_.id()) != H5T_COMPOUND) r_.fail(what_ + " is not a compound table");
    }

    std::size_t rows() const { return rows_; }

    // Declares a field to read; returns its handle for the getters.
    std::size_t add(const std::string& name, Kind kind) {
        const int idx = H5Tget_member_index(ftype_.id(), name.c_str());
        if (idx < 0) {
            h5::error_stack_text();  // clear the stack of the failed lookup
            r_.fail(what_ + " has no field '" + name + "'");
        }
        h5::Datatype mt(H5Tget_member_type(ftype_.id(), static_cast<unsigned>(idx)), what_,
                        "H5Tget_member_type");
        const H5T_class_t cls = H5Tget_class(mt.id());
        Field f;
        f.name = name;
        f.kind = kind;
        if (kind == Kind::String) {
            if (cls != H5T_STRING) r_.fail("field '" + name + "' of " + what_ + " is not a string");
            f.cset = H5Tget_cset(mt.id());
            const htri_t v = H5Tis_variable_str(mt.id());
            h5::check(v, what_, "H5Tis_variable_str");
            f.vlen = v > 0;
            if (f.vlen) {
                f.size = sizeof(char*);
            } else {
                f.size = H5Tget_size(mt.id()) + 1;  // room for a terminator whatever the padding
                if (f.size == 1) h5::fail(what_, "H5Tget_size");
            }
        } else {
            if (cls != H5T_INTEGER && cls != H5T_FLOAT)
                r_.fail("field '" + name + "' of " + what_ + " is not a number");
            f.size = kind == Kind::U32 ? sizeof(std::uint32_t)
                     : kind == Kind::U8 ? sizeof(std::uint8_t)
                                        : sizeof(double);
        }
        f.offset = row_size_;
        row_size_ = align8(row_size_ + f.size);
        fields_.push_back(std::move(f));
        return fields_.size() - 1;
    }

    // Reads every row (after the add() calls).
    void read() {
        h5::Datatype mtype(H5Tcreate(H5T_COMPOUND, std::max<std::size_t>(row_size_, 1)), what_,
                           "H5Tcreate");
        bool any_vlen = false;
        for (const Field& f : fields_) {
            hid_t member = H5I_INVALID_HID;
            h5::Datatype str;
            switch (f.kind) {
                case Kind::U32: member = H5T_NATIVE_UINT32; break;
                case Kind::U8: member = H5T_NATIVE_UINT8; break;
                case Kind::F64: member = H5T_NATIVE_DOUBLE; break;
                case Kind::String:
                    str = h5::Datatype(H5Tcopy(H5T_C_S1), what_, "H5Tcopy");
                    h5::check(H5Tset_size(str.id(), f.vlen ? H5T_VARIABLE : f.size), what_,
                              "H5Tset_size");
                    if (!f.vlen)
                        h5::check(H5Tset_strpad(str.id(), H5T_STR_NULLTERM), what_, "H5Tset_strpad");
                    h5::check(H5Tset_cset(str.id(), f.cset), what_, "H5Tset_cset");
                    member = str.id();
                    any_vlen = any_vlen || f.vlen;
                    break;
            }
            h5::check(H5Tinsert(mtype.id(), f.name.c_str(), f.offset, member), what_, "H5Tinsert");
        }
        buf_.assign(rows_ * row_size_, std::byte{0});
        strings_.assign(fields_.size(), {});
        if (rows_ == 0) return;
        std::optional<h5::Dataspace> space;
        if (any_vlen) space.emplace(H5Dget_space(ds_.id()), what_, "H5Dget_space");
        // Set up before the read: a read that fails part-way (a damaged file)
        // leaves the strings converted so far for us to free.
        h5::check_stored_size(ds_.id(), what_);
        const h5::VlenReclaim reclaim(mtype.id(), space ? space->id() : H5I_INVALID_HID,
                                      any_vlen ? buf_.data() : nullptr);
        h5::check(H5Dread(ds_.id(), mtype.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf_.data()), what_,
                  "H5Dread");
        // Copy the strings out now: the variable-length ones live in HDF5's memory.
        for (std::size_t k = 0; k < fields_.size(); ++k) {
            const Field& f = fields_[k];
            if (f.kind != Kind::String) continue;
            strings_[k].reserve(rows_);
            for (std::size_t i = 0; i < rows_; ++i) {
                const std::byte* p = buf_.data() + i * row_size_ + f.offset;
                if (f.vlen) {
                    const char* s = nullptr;
                    std::memcpy(&s, p, sizeof s);
                    strings_[k].emplace_back(s != nullptr ? s : "");
                } else {
                    const auto* s = reinterpret_cast<const char*>(p);
                    strings_[k].emplace_back(
                        s, static_cast<std::size_t>(std::find(s, s + f.size, '\0') - s));
                }
            }
        }
    }

    std::uint32_t u32(std::size_t row, std::size_t field) const { return get<std::uint32_t>(row, field); }
    std::uint8_t u8(std::size_t row, std::size_t field) const { return get<std::uint8_t>(row, field); }
    double f64(std::size_t row, std::size_t field) const { return get<double>(row, field); }
    const std::string& str(std::size_t row, std::size_t field) const { return strings_.at(field).at(row); }

private:
    struct Field {
        std::string name;
        Kind kind = Kind::F64;
        bool vlen = false;
        H5T_cset_t cset = H5T_CSET_ASCII;
        std::size_t size = 0, offset = 0;
    };

    template <class T>
    T get(std::size_t row, std::size_t field) const {
        T v{};
        std::memcpy(&v, buf_.data() + row * row_size_ + fields_.at(field).offset, sizeof(T));
        return v;
    }

    const Reader& r_;
    std::string path_, what_;
    h5::Dataset ds_;
    h5::Datatype ftype_;
    std::size_t rows_ = 0, row_size_ = 0;
    std::vector<Field> fields_;
    std::vector<std::byte> buf_;
    std::vector<std::vector<std::string>> strings_;  // [field][row], string fields only
};

// The rows of a /network table (io/network_tables.hpp) as field values, in
// field order; derived fields are not read (they stay empty).
std::vector<std::vector<FieldValue>> read_table(const Reader& r, const NetworkTable& nt) {
    Table t(r, "/network/" + std::string(nt.name));
    std::vector<std::size_t> handle(nt.fields.size(), 0);
    for (std::size_t f = 0; f < nt.fields.size(); ++f) {
        if (nt.fields[f].derived) continue;
        const FieldKind k = nt.fields[f].kind;
        handle[f] = t.add(std::string(nt.fields[f].name), k == FieldKind::U32  ? Table::Kind::U32
                                                          : k == FieldKind::U8 ? Table::Kind::U8
                                                          : k == FieldKind::F64 ? Table::Kind::F64
                                                                                : Table::Kind::String);
    }
    t.read();
    std::vector<std::vector<FieldValue>> rows(t.rows(), std::vector<FieldValue>(nt.fields.size()));
    for (std::size_t i = 0; i < t.rows(); ++i)
        for (std::size_t f = 0; f < nt.fields.size(); ++f) {
            if (nt.fields[f].derived) continue;
            switch (nt.fields[f].kind) {
                case FieldKind::U32: rows[i][f] = t.u32(i, handle[f]); break;
                case FieldKind::U8: rows[i][f] = t.u8(i, handle[f]); break;
                case FieldKind::F64: rows[i][f] = t.f64(i, handle[f]); break;
                case FieldKind::String: rows[i][f] = t.str(i, handle[f]); break;
            }
        }
    return rows;
}

std::vector<Place> read_places(const Reader& r) {
    const auto rows = read_table(r, kPlacesTable);
    std::vector<Place> places(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string problem = place_from_values(rows[i], places[i]);
        if (!problem.empty())
            r.fail("place " + quote_value(places[i].id) + " (row " + std::to_string(i) + " of /network/places) " + problem);
    }
    return places;
}

std::vector<Leg> read_legs(const Reader& r, const std::vector<Place>& places) {
    const auto rows = read_table(r, kLegsTable);
    std::vector<Leg> legs(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string problem = leg_from_values(rows[i], places.size(), legs[i]);
        if (!problem.empty())
            r.fail("leg " + quote_value(legs[i].id) + " (row " + std::to_string(i) + " of /network/legs) " + problem);
    }
    return legs;
}

// The leg geometries, a contiguous ragged array: /network/legs_geometry_offsets
// (n_legs + 1 row offsets) into /network/legs_geometry_lonlat ([n_points, 2]).
// Types are checked before anything is read: nothing variable-length is read
// (its data would come from the file's global heap, whose decoding a damaged
// file can make loop forever in HDF5 1.10).
void read_geometry(const Reader& r, std::vector<Leg>& legs) {
    const std::string opath = "/network/legs_geometry_offsets", ppath = "/network/legs_geometry_lonlat";
    h5::Dataset ods = r.dataset(opath);
    r.expect_type_class(ods.id(), opath, H5T_INTEGER, "integers");
    r.expect_shape(ods.id(), opath, {legs.size() + 1}, "legs + 1");
    h5::Dataset pds = r.dataset(ppath);
    r.expect_type_class(pds.id(), ppath, H5T_FLOAT, "floating-point numbers");
    const std::vector<hsize_t> d = r.dims(pds.id(), ppath);
    if (d.size() != 2 || d[1] != 2)
        r.fail("dataset " + ppath + " has shape " + shape_text(d) + ", expected [n_points x 2] (lon, lat)");
    // Every row takes at least a byte of the file: a larger count is damage.
    if (d[0] > r.file_size())
        r.fail("dataset " + ppath + " claims " + std::to_string(d[0]) + " rows, more than the file can hold");
    const auto n_points = static_cast<std::size_t>(d[0]);

    std::vector<std::uint64_t> offsets(legs.size() + 1);
    r.read_into(ods.id(), opath, std::span(offsets));
    if (offsets.front() != 0)
        r.fail("dataset " + opath + " starts at " + std::to_string(offsets.front()) + ", expected 0");
    for (std::size_t i = 0; i < legs.size(); ++i)
        if (offsets[i + 1] < offsets[i])
            r.fail("dataset " + opath + " decreases at leg " + std::to_string(i) + " (" + std::to_string(offsets[i]) +
                   " then " + std::to_string(offsets[i + 1]) + ")");
    if (offsets.back() != n_points)
        r.fail("dataset " + opath + " ends at " + std::to_string(offsets.back()) + ", but " + ppath + " has " +
               std::to_string(n_points) + " rows");

    std::vector<double> lonlat(2 * n_points);
    r.read_into(pds.id(), ppath, std::span(lonlat));
    for (std::size_t k = 0; k < lonlat.size(); ++k)
        if (!std::isfinite(lonlat[k]))
            r.fail("dataset " + ppath + " has a non-finite " + (k % 2 == 0 ? "lon" : "lat") + " in row " +
                   std::to_string(k / 2));
    for (std::size_t i = 0; i < legs.size(); ++i)
        legs[i].geometry.assign(lonlat.begin() + static_cast<std::ptrdiff_t>(2 * offsets[i]),
                                lonlat.begin() + static_cast<std::ptrdiff_t>(2 * offsets[i + 1]));
}

// The series the viewer draws: a file without them is of no use to it.
const std::array<std::pair<Dim, const char*>, 10> kNeededSeries = {{
    {Dim::Total, "arrived"}, {Dim::Total, "dead"}, {Dim::Total, "missing"}, {Dim::Total, "waiting"},
    {Dim::Total, "travelling"}, {Dim::Total, "generated"}, {Dim::Total, "stranded"},
    {Dim::Country, "arrivals"}, {Dim::Place, "waiting"}, {Dim::Leg, "flow"}}};

// Names of the links in group `path`, in creation order where the file
// tracks it (smugglesim writes series in declaration order), else by name.
std::vector<std::string> link_names(const Reader& r, hid_t group, const std::string& path) {
    H5G_info_t info;
    h5::check(H5Gget_info(group, &info), "group " + path, "H5Gget_info");
    h5::Plist gcpl(H5Gget_create_plist(group), "group " + path, "H5Gget_create_plist");
    unsigned order_flags = 0;
    h5::check(H5Pget_link_creation_order(gcpl.id(), &order_flags), "group " + path, "H5Pget_link_creation_order");
    const H5_index_t index = (order_flags & H5P_CRT_ORDER_INDEXED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
    if (info.nlinks > r.file_size()) r.fail("group " + path + " claims more members than the file can hold");
    std::vector<std::string> out;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        const ssize_t n = H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
        h5::check(n, "group " + path, "H5Lget_name_by_idx");
        std::string name(static_cast<std::size_t>(n) + 1, '\0');
        h5::check(H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT),
                  "group " + path, "H5Lget_name_by_idx");
        name.resize(static_cast<std::size_t>(n));
        out.push_back(std::move(name));
    }
    return out;
}

std::string optional_string_attr(hid_t obj, const char* name, const std::string& what) {
    const htri_t e = H5Aexists(obj, name);
    h5::check(e, what, "H5Aexists");
    return e > 0 ? h5::read_string_attr(obj, name, what) : std::string();
}

// Reads every series of the file into `out` (sized for the file's network and days).
void read_series(const Reader& r, SeriesSet& out) {
    const auto days = static_cast<hsize_t>(out.days());
    const htri_t has = H5Lexists(r.root(), "series", H5P_DEFAULT);
    h5::check(has, "group /series", "H5Lexists");
    if (has <= 0) r.fail("missing group /series");
    // What the viewer draws must be there; everything else is read if present.
    for (const auto& [dim, name] : kNeededSeries)
        r.dataset("/series/" + std::string(kDimNames[static_cast<std::size_t>(dim)]) + "/" + name);
    for (int di = 0; di < kDimCount; ++di) {
        const auto dim = static_cast<Dim>(di);
        const std::string dim_name(kDimNames[static_cast<std::size_t>(di)]);
        const std::string gp = "/series/" + dim_name;
        const htri_t e = H5Lexists(r.root(), gp.c_str(), H5P_DEFAULT);
        h5::check(e, "group " + gp, "H5Lexists");
        if (e <= 0) continue;
        h5::Group g = h5::open_group(r.root(), gp, "group " + gp);
        for (const std::string& name : link_names(r, g.id(), gp)) {
            if (name == "day" || name == dim_name) continue;  // the group's coordinates
            const std::string path = gp + "/" + name;
            h5::Dataset ds = r.dataset(path);
            if (dim == Dim::Total)
                r.expect_shape(ds.id(), path, {days}, "days");
            else
                r.expect_shape(ds.id(), path, {days, static_cast<hsize_t>(out.width(dim))},
                               "days x " + dim_name + (dim == Dim::Country ? "" : "s"));
            const std::string what = "dataset " + path;
            h5::Datatype ftype(H5Dget_type(ds.id()), what, "H5Dget_type");
            const H5T_class_t cls = H5Tget_class(ftype.id());
            const std::size_t size = H5Tget_size(ftype.id());
            SeriesDecl d;
            d.dim = dim;
            d.name = name;
            if (cls == H5T_FLOAT) d.type = ValueType::F64;
            else if (cls == H5T_INTEGER && size <= 4) d.type = ValueType::U32;
            else if (cls == H5T_INTEGER) d.type = ValueType::U64;
            else r.fail(what + " does not hold numbers");
            d.units = optional_string_attr(ds.id(), "units", "attribute 'units' of " + path);
            d.description = optional_string_attr(ds.id(), "description", "attribute 'description' of " + path);
            d.module = optional_string_attr(ds.id(), "module", "attribute 'module' of " + path);
            d.sum_by_mode_of = optional_string_attr(ds.id(), "sum_by_mode_of", "attribute 'sum_by_mode_of' of " + path);
            // Values are read as stored; a sum whose source the file lacks is kept as a plain series.
            if (!d.sum_by_mode_of.empty() && !out.find(Dim::Leg, d.sum_by_mode_of)) d.sum_by_mode_of.clear();
            const std::string measure = optional_string_attr(ds.id(), "measure", "attribute 'measure' of " + path);
            const auto m = parse_measure(measure);
            if (!m) r.fail("attribute 'measure' of " + path + " is " + quote_value(measure) + ", expected flow, stock or cumulative");
            d.measure = *m;
            const htri_t hl = H5Aexists(ds.id(), "headline");
            h5::check(hl, "attribute 'headline' of " + path, "H5Aexists");
            d.headline = hl > 0 && h5::read_scalar_attr<std::uint8_t>(ds.id(), "headline", "attribute 'headline' of " + path) != 0;
            SeriesId id = 0;
            try {
                id = out.add(d);
            } catch (const std::logic_error& err) {
                r.fail(std::string("cannot use ") + what + ": " + err.what());
            }
            switch (d.type) {
                case ValueType::U32: r.read_into(ds.id(), path, out.values<std::uint32_t>(id)); break;
                case ValueType::U64: r.read_into(ds.id(), path, out.values<std::uint64_t>(id)); break;
                case ValueType::F64: r.read_into(ds.id(), path, out.values<double>(id)); break;
            }
        }
    }
}

// /organisations, if the file has it (files written before it do not): the
// groups' names and each offer's leg and group, into the series' labels and
// references (SeriesSet::refs). Checked against the widths of /series/ocg and
// /series/offer and the number of legs.
void read_organisations(const Reader& r, SeriesSet& out, const Network& net) {
    const htri_t e = H5Lexists(r.root(), "organisations", H5P_DEFAULT);
    h5::check(e, "group /organisations", "H5Lexists");
    if (e <= 0) return;
    const std::size_t n_ocgs = out.width(Dim::Ocg), n_offers = out.width(Dim::Offer);
    std::vector<std::string> names = r.read_strings("/organisations/ocg_name");
    if (names.size() != n_ocgs)
        r.fail("dataset /organisations/ocg_name has " + std::to_string(names.size()) + " names, but /series/ocg has " +
               std::to_string(n_ocgs) + " columns");
    const auto read_refs = [&](const char* name, std::size_t width, const char* of) {
        const std::string path = std::string("/organisations/") + name;
        h5::Dataset ds = r.dataset(path);
        r.expect_shape(ds.id(), path, {static_cast<hsize_t>(n_offers)}, "one per column of /series/offer");
        r.expect_type_class(ds.id(), path, H5T_INTEGER, "integer indices");
        std::vector<std::int32_t> v(n_offers);
        r.read_into(ds.id(), path, std::span(v));
        for (std::size_t i = 0; i < v.size(); ++i)
            if (v[i] < -1 || (v[i] >= 0 && static_cast<std::size_t>(v[i]) >= width))
                r.fail("dataset " + path + " row " + std::to_string(i) + " refers to " + of + " " + std::to_string(v[i]) +
                       " of " + std::to_string(width));
        return v;
    };
    std::vector<std::int32_t> leg = read_refs("offer_leg", net.leg_count(), "leg");
    std::vector<std::int32_t> ocg = read_refs("offer_ocg", n_ocgs, "group");
    std::vector<std::string> labels;
    for (std::size_t o = 0; o < n_offers; ++o) {
        if (leg[o] < 0) r.fail("dataset /organisations/offer_leg row " + std::to_string(o) + " names no leg");
        const std::string& id = net.legs()[static_cast<std::size_t>(leg[o])].id;
        labels.push_back(ocg[o] < 0 ? id : id + "/" + names[static_cast<std::size_t>(ocg[o])]);
    }
    out.set_labels(Dim::Ocg, std::move(names));
    out.set_labels(Dim::Offer, std::move(labels));
    out.set_refs(Dim::Offer, Dim::Leg, std::move(leg));
    out.set_refs(Dim::Offer, Dim::Ocg, std::move(ocg));
}

RunData read_file(Reader& r, const fs::path& path) {
    r.open();

    // Identification first: is this a file we can read at all?
    if (!r.has_attr("format"))
        r.fail("not a smugglesim results file (no 'format' attribute on the root group)");
    const std::string format = r.string_attr("format");
    if (format != kFormat)
        r.fail("not a smugglesim results file (its 'format' attribute is " + quote_value(format) +
               ", expected '" + std::string(kFormat) + "')");
    const auto version = r.integer_attr<std::int32_t>("layout_version");
    if (version != kReadableLayoutVersion)
        r.fail("written with layout version " + std::to_string(version) + "; this viewer reads version " +
               std::to_string(kReadableLayoutVersion) +
               (version > kReadableLayoutVersion
                    ? " (the file is newer than this viewer: use a newer smugglesim-viewer)"
                    : " (the file is older than this viewer: re-run the scenario to rewrite it)"));

    RunData run;
    run.source = path.string();
    run.label = path.stem().string();
    run.layout_version = version;
    run.scenario_name = r.string_attr("scenario_name");
    run.start_date = r.string_attr("start_date");
    run.seed = r.integer_attr<std::uint64_t>("seed");
    const auto days = r.integer_attr<std::int32_t>("days");
    if (days < 0) r.fail("root attribute 'days' is negative (" + std::to_string(days) + ")");
    run.days = days;
    run.days_done = days;

    // The network.
    std::vector<Place> places = read_places(r);
    std::vector<Leg> legs = read_legs(r, places);
    read_geometry(r, legs);
    auto net = std::make_shared<Network>(std::move(places), std::move(legs));
    net->source = path.string();
    const std::vector<std::string> countries = r.read_strings("/network/countries");
    if (countries != net->countries())
        r.fail("dataset /network/countries does not list the countries of /network/places (" +
               std::to_string(countries.size()) + " codes, the places have " +
               std::to_string(net->countries().size()) + ")");

    // The series: every dataset of every /series/<dim> group but the group's
    // coordinates. Shapes are checked before anything is allocated, so that a
    // damaged 'days' attribute cannot make us allocate absurd amounts.
    std::vector<std::uint8_t> leg_mode;
    for (const Leg& l : net->legs()) leg_mode.push_back(static_cast<std::uint8_t>(l.mode));
    // Groups and offers are not in the network: their number is the length of
    // the group's coordinate (its labels, variable-length strings, are not read).
    std::array<std::size_t, 2> model_width{0, 0};
    for (const Dim d : {Dim::Ocg, Dim::Offer}) {
        const std::string name(kDimNames[static_cast<std::size_t>(d)]);
        const std::string gp = "/series/" + name;
        const htri_t e = H5Lexists(r.root(), "series", H5P_DEFAULT) > 0 ? H5Lexists(r.root(), gp.c_str(), H5P_DEFAULT) : 0;
        h5::check(e, "group " + gp, "H5Lexists");
        if (e <= 0) continue;
        h5::Dataset ds = r.dataset(gp + "/" + name);
        const std::vector<hsize_t> n = r.dims(ds.id(), gp + "/" + name);
        if (n.size() != 1 || n[0] > (hsize_t{1} << 24))
            r.fail("dataset " + gp + "/" + name + " is not a list of at most 16 777 216 " + name + " labels");
        model_width[d == Dim::Ocg ? 0 : 1] = static_cast<std::size_t>(n[0]);
    }
    run.series = SeriesSet(days, {1, net->countries().size(), net->place_count(), net->leg_count(),
                                  static_cast<std::size_t>(kModeCount), model_width[0], model_width[1]},
                           std::move(leg_mode));
    read_series(r, run.series);
    read_organisations(r, run.series, *net);

    run.network = std::move(net);
    return run;
}

}  // namespace

RunData load_run_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    auto error = [&](const std::string& problem) {
        return RunFileError("results file " + name + ": " + problem);
    };

    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (st.type() == fs::file_type::not_found) throw error("no such file");
    if (ec) throw error("cannot access it: " + ec.message());
    if (fs::is_directory(st)) throw error("is a directory, not a results file");
    if (!fs::is_regular_file(st)) throw error("is not a regular file");
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            const int err = errno;
            throw error(std::string("cannot be read: ") +
                        (err != 0 ? std::strerror(err) : "open failed"));
        }
    }
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) throw error("cannot get its size: " + ec.message());
    if (size == 0) throw error("is empty (0 bytes), not an HDF5 file");

    const std::lock_guard lock(g_load_mutex);
    const h5::ErrorSilencer silence;
    try {
        const htri_t is_hdf5 = H5Fis_hdf5(name.c_str());
        if (is_hdf5 <= 0) {
            h5::error_stack_text();  // discard
            throw error("not an HDF5 file");
        }
        Reader r(name, size);
        return read_file(r, path);
    } catch (const RunFileError&) {
        throw;
    } catch (const h5::Error& e) {
        throw error(concise(e.what()));
    } catch (const std::bad_alloc&) {
        throw error("not enough memory to read it (damaged file?)");
    } catch (const std::length_error&) {
        throw error("its sizes are too large to read (damaged file?)");
    }
}

RunData snapshot(const Simulation& sim, std::string source, std::string label) {
    const Model& m = sim.model();
    RunData run;
    run.source = std::move(source);
    run.label = std::move(label);
    run.scenario_name = m.scenario.name;
    run.start_date = m.scenario.start_date;
    run.seed = m.seed;
    run.layout_version = 0;
    run.days = m.days;
    run.days_done = sim.day();
    run.network = m.network;
    run.series = sim.series();
    return run;
}

SeriesView RunData::view(Dim dim, std::string_view name) const {
    if (auto id = series.find(dim, name)) return SeriesView{&series, *id};
    return {};
}

std::vector<double> SeriesView::column(std::size_t col, int days) const {
    std::vector<double> out(static_cast<std::size_t>(std::max(days, 0)), 0.0);
    if (set)
        for (std::size_t d = 0; d < out.size() && d < static_cast<std::size_t>(set->days()); ++d)
            out[d] = set->value(id, static_cast<int>(d), col);
    return out;
}

bool same_network(const RunData& a, const RunData& b) {
    if (!a.network || !b.network) return false;
    if (a.network == b.network) return true;
    const Network& x = *a.network;
    const Network& y = *b.network;
    if (x.place_count() != y.place_count() || x.leg_count() != y.leg_count()) return false;
    for (std::size_t i = 0; i < x.place_count(); ++i)
        if (x.places()[i].id != y.places()[i].id) return false;
    for (std::size_t i = 0; i < x.leg_count(); ++i) {
        const Leg& l = x.legs()[i];
        const Leg& m = y.legs()[i];
        if (l.id != m.id || l.from != m.from || l.to != m.to) return false;
    }
    return true;
}

}  // namespace smugglesim::viewer
