#include "io/hdf5_raii.hpp"

#include <zlib.h>

#include <algorithm>

namespace smugglesim::h5 {

namespace {

struct StackWalk {
    std::vector<std::string> entries;
    std::string innermost_detail;
};

std::string message_text(hid_t msg_id) {
    if (msg_id < 0) return {};
    const ssize_t n = H5Eget_msg(msg_id, nullptr, nullptr, 0);
    if (n <= 0) return {};
    std::string s(static_cast<std::size_t>(n) + 1, '\0');
    if (H5Eget_msg(msg_id, nullptr, s.data(), s.size()) < 0) return {};
    s.resize(static_cast<std::size_t>(n));
    return s;
}

herr_t walk_entry(unsigned /*n*/, const H5E_error2_t* e, void* data) {
    auto* w = static_cast<StackWalk*>(data);
    std::string entry;
    if (e->func_name != nullptr) {
        entry += e->func_name;
        entry += "()";
    }
    if (e->desc != nullptr && *e->desc != '\0') {
        if (!entry.empty()) entry += ": ";
        entry += e->desc;
    }
    w->entries.push_back(std::move(entry));
    const std::string maj = message_text(e->maj_num);
    const std::string min = message_text(e->min_num);
    w->innermost_detail = maj.empty() && min.empty() ? std::string() : maj + " / " + min;
    return 0;
}

}  // namespace

std::string error_stack_text() {
    StackWalk w;
    if (H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, walk_entry, &w) < 0) return {};
    H5Eclear2(H5E_DEFAULT);
    std::string out;
    for (const std::string& e : w.entries) {
        if (!out.empty()) out += " <- ";
        out += e;
    }
    if (!w.innermost_detail.empty()) out += " (" + w.innermost_detail + ")";
    // Keep the message on one line (some HDF5 messages embed a ctime() string).
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
}

void fail(std::string_view what, std::string_view call) {
    std::string msg(what);
    msg += ": ";
    msg += call;
    msg += " failed";
    const std::string stack = error_stack_text();
    msg += stack.empty() ? std::string(" (no HDF5 error details)") : ": " + stack;
    throw Error(msg);
}

ErrorSilencer::ErrorSilencer() {
    saved_ = H5Eget_auto2(H5E_DEFAULT, &old_func_, &old_data_) >= 0;
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

ErrorSilencer::~ErrorSilencer() {
    if (saved_) H5Eset_auto2(H5E_DEFAULT, old_func_, old_data_);
}

Datatype string_type(std::size_t size, std::string_view what) {
    Datatype t(H5Tcopy(H5T_C_S1), what, "H5Tcopy");
    check(H5Tset_size(t.id(), std::max<std::size_t>(size, 1)), what, "H5Tset_size");
    check(H5Tset_strpad(t.id(), H5T_STR_NULLTERM), what, "H5Tset_strpad");
    check(H5Tset_cset(t.id(), H5T_CSET_UTF8), what, "H5Tset_cset");
    return t;
}

std::size_t string_type_size(std::span<const std::string> values) {
    std::size_t longest = 0;
    for (const std::string& v : values) longest = std::max(longest, v.size());
    return longest + 1;
}

Dataspace scalar_space(std::string_view what) {
    return Dataspace(H5Screate(H5S_SCALAR), what, "H5Screate");
}

Dataspace simple_space(std::span<const hsize_t> dims, std::string_view what) {
    return Dataspace(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), what,
                     "H5Screate_simple");
}

Group create_group(hid_t loc, const std::string& name, std::string_view what) {
    return Group(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), what,
                 "H5Gcreate2");
}

Group open_group(hid_t loc, const std::string& name, std::string_view what) {
    return Group(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), what, "H5Gopen2");
}

Dataset open_dataset(hid_t loc, const std::string& name, std::string_view what) {
    return Dataset(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), what, "H5Dopen2");
}

Dataset create_dataset(hid_t loc, const std::string& name, hid_t file_type, hid_t space,
                       hid_t dcpl, std::string_view what) {
    return Dataset(H5Dcreate2(loc, name.c_str(), file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
                   what, "H5Dcreate2");
}

void write_all(hid_t dataset, hid_t mem_type, const void* buf, std::string_view what) {
    Dataspace space(H5Dget_space(dataset), what, "H5Dget_space");
    const hssize_t n = H5Sget_simple_extent_npoints(space.id());
    check(n, what, "H5Sget_simple_extent_npoints");
    if (n == 0) return;
    check(H5Dwrite(dataset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), what, "H5Dwrite");
}

void write_string_attr(hid_t obj, const std::string& name, std::string_view value,
                       std::string_view what) {
    // Stored up to the first NUL (C string semantics); the terminator is included.
    const std::string v(value.substr(0, value.find('\0')));
    Datatype type = string_type(v.size() + 1, what);
    Dataspace space = scalar_space(what);
    Attribute a(H5Acreate2(obj, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT),
                what, "H5Acreate2");
    check(H5Awrite(a.id(), type.id(), v.c_str()), what, "H5Awrite");
    a.close(what);
}

namespace {
// Memory type for reading strings of file type `ftype`: variable-length if the
// file's are, else fixed-length one byte longer (so a string filling its whole
// size still gets its terminator); same character set.
Datatype string_mem_type(hid_t ftype, bool vlen, std::string_view what) {
    const std::size_t size = H5Tget_size(ftype);
    if (size == 0) fail(what, "H5Tget_size");
    Datatype m = string_type(vlen ? 1 : size + 1, what);
    if (vlen) check(H5Tset_size(m.id(), H5T_VARIABLE), what, "H5Tset_size");
    check(H5Tset_cset(m.id(), H5Tget_cset(ftype)), what, "H5Tset_cset");
    return m;
}

bool is_vlen_string(hid_t ftype, std::string_view what) {
    const htri_t v = H5Tis_variable_str(ftype);
    check(v, what, "H5Tis_variable_str");
    return v > 0;
}
}  // namespace

std::string read_string_attr(hid_t obj, const std::string& name, std::string_view what) {
    Attribute a(H5Aopen(obj, name.c_str(), H5P_DEFAULT), what, "H5Aopen");
    Datatype ftype(H5Aget_type(a.id()), what, "H5Aget_type");
    const bool vlen = is_vlen_string(ftype.id(), what);
    Datatype mtype = string_mem_type(ftype.id(), vlen, what);
    if (vlen) {
        char* p = nullptr;
        check(H5Aread(a.id(), mtype.id(), &p), what, "H5Aread");
        std::string out = p != nullptr ? std::string(p) : std::string();
        if (p != nullptr) H5free_memory(p);
        return out;
    }
    std::string buf(H5Tget_size(mtype.id()), '\0');
    check(H5Aread(a.id(), mtype.id(), buf.data()), what, "H5Aread");
    buf.resize(std::strlen(buf.c_str()));
    return buf;
}

std::vector<hsize_t> dataset_dims(hid_t dataset, std::string_view what) {
    Dataspace space(H5Dget_space(dataset), what, "H5Dget_space");
    const int rank = H5Sget_simple_extent_ndims(space.id());
    check(rank, what, "H5Sget_simple_extent_ndims");
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    if (rank > 0) check(H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr), what,
                        "H5Sget_simple_extent_dims");
    return dims;
}

void check_stored_size(hid_t dataset, std::string_view what) {
    // Data never written: HDF5 would hand out the fill value, whose size it
    // does not check against the datatype (a damaged fill-value message makes
    // it copy past its buffer). Every dataset smugglesim writes is written whole.
    const std::string never = std::string(what) + ": damaged: its data was never (fully) written";
    Plist dcpl(H5Dget_create_plist(dataset), what, "H5Dget_create_plist");
    const H5D_layout_t layout = H5Pget_layout(dcpl.id());
    check(layout, what, "H5Pget_layout");
    Dataspace space(H5Dget_space(dataset), what, "H5Dget_space");
    const hssize_t n = H5Sget_simple_extent_npoints(space.id());
    check(n, what, "H5Sget_simple_extent_npoints");
    if (n == 0) return;
    if (layout == H5D_CHUNKED) {
        // Every chunk must be there, and inflate to its full size: HDF5 1.10
        // copies a chunk's size out of whatever its filters returned (a
        // damaged deflate stream made it read past its buffer).
        bool deflate = false;
        const int nf = H5Pget_nfilters(dcpl.id());
        check(nf, what, "H5Pget_nfilters");
        for (int i = 0; i < nf; ++i) {
            unsigned flags = 0, filter_config = 0;
            std::size_t nvalues = 0;
            const H5Z_filter_t f = H5Pget_filter2(dcpl.id(), static_cast<unsigned>(i), &flags, &nvalues, nullptr, 0,
                                                  nullptr, &filter_config);
            check(f, what, "H5Pget_filter2");
            if (f == H5Z_FILTER_DEFLATE) deflate = true;
            else if (f != H5Z_FILTER_SHUFFLE)
                throw Error(std::string(what) + ": uses HDF5 filter " + std::to_string(f) +
                            "; smugglesim writes only shuffle and deflate");
        }
        const int rank = H5Sget_simple_extent_ndims(space.id());
        check(rank, what, "H5Sget_simple_extent_ndims");
        std::vector<hsize_t> dims(static_cast<std::size_t>(rank)), chunk(static_cast<std::size_t>(rank));
        check(H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr), what, "H5Sget_simple_extent_dims");
        check(H5Pget_chunk(dcpl.id(), rank, chunk.data()), what, "H5Pget_chunk");
        hsize_t want = 1;
        for (int i = 0; i < rank; ++i) {
            const auto k = static_cast<std::size_t>(i);
            if (chunk[k] == 0) throw Error(std::string(what) + ": damaged: a chunk dimension is 0");
            want *= (dims[k] + chunk[k] - 1) / chunk[k];
        }
        hsize_t have = 0;
        check(H5Dget_num_chunks(dataset, space.id(), &have), what, "H5Dget_num_chunks");
        if (have != want) throw Error(never);
        if (!deflate) return;
        Datatype ftype(H5Dget_type(dataset), what, "H5Dget_type");
        std::size_t chunk_bytes = H5Tget_size(ftype.id());
        if (chunk_bytes == 0) throw Error(std::string(what) + ": H5Tget_size failed");
        for (const hsize_t c : chunk) chunk_bytes *= static_cast<std::size_t>(c);
        std::vector<hsize_t> offset(static_cast<std::size_t>(rank));
        std::vector<unsigned char> raw, inflated(chunk_bytes + 1);
        for (hsize_t i = 0; i < have; ++i) {
            unsigned mask = 0;
            haddr_t addr = 0;
            hsize_t size = 0;
            check(H5Dget_chunk_info(dataset, space.id(), i, offset.data(), &mask, &addr, &size), what, "H5Dget_chunk_info");
            if (mask != 0) throw Error(std::string(what) + ": a chunk skips its filters; smugglesim never writes one");
            if (size > 2 * chunk_bytes + 1024)
                throw Error(std::string(what) + ": damaged: a compressed chunk is larger than its data could be");
            raw.resize(static_cast<std::size_t>(size));
            std::uint32_t filters = 0;
            check(H5Dread_chunk(dataset, H5P_DEFAULT, offset.data(), &filters, raw.data()), what, "H5Dread_chunk");
            uLongf out = static_cast<uLongf>(inflated.size());
            if (uncompress(inflated.data(), &out, raw.data(), static_cast<uLong>(raw.size())) != Z_OK || out != chunk_bytes)
                throw Error(std::string(what) + ": damaged: a compressed chunk does not inflate to its " +
                            std::to_string(chunk_bytes) + " bytes");
        }
        return;
    }
    H5D_space_status_t status{};
    check(H5Dget_space_status(dataset, &status), what, "H5Dget_space_status");
    if (status != H5D_SPACE_STATUS_ALLOCATED) throw Error(never);
    Datatype ftype(H5Dget_type(dataset), what, "H5Dget_type");
    const std::size_t size = H5Tget_size(ftype.id());
    if (size == 0) throw Error(std::string(what) + ": H5Tget_size failed");
    const hsize_t stored = H5Dget_storage_size(dataset);
    if (stored < static_cast<hsize_t>(n) * size)
        throw Error(std::string(what) + ": damaged: its data holds " + std::to_string(stored) + " bytes, " +
                    std::to_string(n) + " values of " + std::to_string(size) + " bytes need " +
                    std::to_string(static_cast<hsize_t>(n) * size));
}

std::vector<std::string> read_string_dataset(hid_t dataset, std::string_view what) {
    const std::vector<hsize_t> dims = dataset_dims(dataset, what);
    if (dims.size() != 1) throw Error(std::string(what) + ": not a 1-D dataset");
    Datatype ftype(H5Dget_type(dataset), what, "H5Dget_type");
    const bool vlen = is_vlen_string(ftype.id(), what);
    Datatype mtype = string_mem_type(ftype.id(), vlen, what);
    const auto n = static_cast<std::size_t>(dims[0]);
    std::vector<std::string> out;
    out.reserve(n);
    if (n == 0) return out;
    check_stored_size(dataset, what);
    if (vlen) {
        std::vector<char*> ptrs(n, nullptr);
        Dataspace space(H5Dget_space(dataset), what, "H5Dget_space");
        // Set up before the read: a read that fails part-way (a damaged file)
        // leaves the strings converted so far for us to free.
        const VlenReclaim reclaim(mtype.id(), space.id(), ptrs.data());
        check(H5Dread(dataset, mtype.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), what, "H5Dread");
        for (const char* p : ptrs) out.emplace_back(p != nullptr ? p : "");
        return out;
    }
    const std::size_t size = H5Tget_size(mtype.id());
    std::vector<char> buf(n * size, '\0');
    check(H5Dread(dataset, mtype.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), what, "H5Dread");
    for (std::size_t i = 0; i < n; ++i) {
        const char* p = buf.data() + i * size;
        out.emplace_back(p, static_cast<std::size_t>(std::find(p, p + size, '\0') - p));
    }
    return out;
}

std::size_t CompoundBuilder::add_field(std::string name, hid_t mem, hid_t file, std::size_t size,
                                       std::size_t string_size) {
    fields_.push_back(Field{std::move(name), mem, file, size, size_, string_size});
    size_ += size;
    return fields_.size() - 1;
}

void CompoundBuilder::put_string(std::byte* row, std::size_t field, std::string_view value) const {
    const Field& f = fields_.at(field);
    const std::size_t n = std::min(value.size(), f.string_size - 1);
    std::memcpy(row + f.offset, value.data(), n);
    std::memset(row + f.offset + n, 0, f.string_size - n);
}

std::string CompoundBuilder::get_string(const std::byte* row, std::size_t field) const {
    const Field& f = fields_.at(field);
    const auto* b = reinterpret_cast<const char*>(row + f.offset);
    return std::string(b, static_cast<std::size_t>(std::find(b, b + f.string_size, '\0') - b));
}

Datatype CompoundBuilder::make(bool memory, std::string_view what) const {
    Datatype t(H5Tcreate(H5T_COMPOUND, std::max<std::size_t>(size_, 1)), what, "H5Tcreate");
    for (const Field& f : fields_) {
        if (f.string_size > 0) {
            Datatype s = string_type(f.string_size, what);
            check(H5Tinsert(t.id(), f.name.c_str(), f.offset, s.id()), what, "H5Tinsert");
        } else {
            check(H5Tinsert(t.id(), f.name.c_str(), f.offset, memory ? f.mem : f.file), what,
                  "H5Tinsert");
        }
    }
    return t;
}

}  // namespace smugglesim::h5
