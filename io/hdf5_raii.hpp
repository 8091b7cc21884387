#pragma once
// A thin RAII layer over the HDF5 C API, used by io/output_hdf5.cpp, the viewer's reader and the tests.
//
// * Every identifier is owned by a Handle that closes it in its destructor.
// * Every call is checked; a failure throws h5::Error, whose message names the
//   object being worked on ("dataset /series/leg/flow: H5Dwrite failed") followed by
//   the messages on the HDF5 error stack at the time of the failure.
// * Callers are expected to silence HDF5's own error printing (see ErrorSilencer).
//
// Not thread-safe: the serial HDF5 library is not, so callers serialise access.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <hdf5.h>

namespace smugglesim::h5 {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what) : std::runtime_error(what) {}
};

// The HDF5 error stack of the calling thread as one line ("" if empty); clears it.
std::string error_stack_text();

// Throws Error("<what>: <call> failed: <error stack>").
[[noreturn]] void fail(std::string_view what, std::string_view call);

// Return `id` if valid (>= 0), else fail().
inline hid_t check_id(hid_t id, std::string_view what, std::string_view call) {
    if (id < 0) fail(what, call);
    return id;
}
// Fail if `status` < 0 (herr_t, htri_t and ssize_t results).
inline void check(long long status, std::string_view what, std::string_view call) {
    if (status < 0) fail(what, call);
}

// Turns off HDF5's automatic error printing for the lifetime of the object and
// restores the previous handler afterwards.
class ErrorSilencer {
public:
    ErrorSilencer();
    ~ErrorSilencer();
    ErrorSilencer(const ErrorSilencer&) = delete;
    ErrorSilencer& operator=(const ErrorSilencer&) = delete;

private:
    H5E_auto2_t old_func_ = nullptr;
    void* old_data_ = nullptr;
    bool saved_ = false;
};

// Owns one HDF5 identifier; Close is the matching H5?close function.
template <herr_t (*Close)(hid_t)>
class Handle {
public:
    Handle() = default;
    // Takes ownership of `id`; throws (naming `what`) if id is invalid.
    Handle(hid_t id, std::string_view what, std::string_view call) : id_(check_id(id, what, call)) {}
    ~Handle() {
        if (id_ >= 0) Close(id_);  // errors ignored here; use close() to check
    }
    Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)) {}
    Handle& operator=(Handle&& o) noexcept {
        if (this != &o) {
            if (id_ >= 0) Close(id_);
            id_ = std::exchange(o.id_, H5I_INVALID_HID);
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    hid_t id() const { return id_; }
    bool valid() const { return id_ >= 0; }

    // Closes now and checks the result.
    void close(std::string_view what) {
        if (id_ < 0) return;
        const herr_t st = Close(std::exchange(id_, H5I_INVALID_HID));
        check(st, what, "close");
    }

private:
    hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using Plist = Handle<H5Pclose>;
using Attribute = Handle<H5Aclose>;

// Native (memory) and little-endian standard (file) types for arithmetic C++ types.
// The returned ids are library-owned predefined types: never close them.
template <class T> struct TypeOf;
template <> struct TypeOf<std::uint8_t> {
    static hid_t mem() { return H5T_NATIVE_UINT8; }
    static hid_t file() { return H5T_STD_U8LE; }
};
template <> struct TypeOf<std::uint16_t> {
    static hid_t mem() { return H5T_NATIVE_UINT16; }
    static hid_t file() { return H5T_STD_U16LE; }
};
template <> struct TypeOf<std::int32_t> {
    static hid_t mem() { return H5T_NATIVE_INT32; }
    static hid_t file() { return H5T_STD_I32LE; }
};
template <> struct TypeOf<std::uint32_t> {
    static hid_t mem() { return H5T_NATIVE_UINT32; }
    static hid_t file() { return H5T_STD_U32LE; }
};
template <> struct TypeOf<std::uint64_t> {
    static hid_t mem() { return H5T_NATIVE_UINT64; }
    static hid_t file() { return H5T_STD_U64LE; }
};
template <> struct TypeOf<float> {
    static hid_t mem() { return H5T_NATIVE_FLOAT; }
    static hid_t file() { return H5T_IEEE_F32LE; }
};
template <> struct TypeOf<double> {
    static hid_t mem() { return H5T_NATIVE_DOUBLE; }
    static hid_t file() { return H5T_IEEE_F64LE; }
};

// Fixed-length, null-terminated UTF-8 string type of `size` bytes (terminator
// included; size >= 1).
Datatype string_type(std::size_t size, std::string_view what);
// Size in bytes of a fixed-length string type able to hold every value in `values`
// (longest value + terminator).
std::size_t string_type_size(std::span<const std::string> values);

Dataspace scalar_space(std::string_view what);
Dataspace simple_space(std::span<const hsize_t> dims, std::string_view what);

Group create_group(hid_t loc, const std::string& name, std::string_view what);
Group open_group(hid_t loc, const std::string& name, std::string_view what);
Dataset open_dataset(hid_t loc, const std::string& name, std::string_view what);

// Creates a dataset (dcpl may be H5P_DEFAULT).
Dataset create_dataset(hid_t loc, const std::string& name, hid_t file_type, hid_t space,
                       hid_t dcpl, std::string_view what);

// Writes the whole dataset from `buf` (skipped for datasets with no elements).
void write_all(hid_t dataset, hid_t mem_type, const void* buf, std::string_view what);

// Scalar attributes on object `obj`.
void write_string_attr(hid_t obj, const std::string& name, std::string_view value,
                       std::string_view what);
template <class T>
void write_scalar_attr(hid_t obj, const std::string& name, T value, std::string_view what) {
    Dataspace space = scalar_space(what);
    Attribute a(H5Acreate2(obj, name.c_str(), TypeOf<T>::file(), space.id(), H5P_DEFAULT,
                           H5P_DEFAULT),
                what, "H5Acreate2");
    check(H5Awrite(a.id(), TypeOf<T>::mem(), &value), what, "H5Awrite");
    a.close(what);
}

// Frees the variable-length data HDF5 allocated in `buf` when leaving scope.
class VlenReclaim {
public:
    VlenReclaim(hid_t mem_type, hid_t space, void* buf) : type_(mem_type), space_(space), buf_(buf) {}
    ~VlenReclaim() {
        if (buf_ != nullptr) H5Dvlen_reclaim(type_, space_, H5P_DEFAULT, buf_);
    }
    VlenReclaim(const VlenReclaim&) = delete;
    VlenReclaim& operator=(const VlenReclaim&) = delete;

private:
    hid_t type_, space_;
    void* buf_;
};

// Reading helpers (the viewer, tests and tools). Strings may be fixed-length
// (null-terminated or null-padded, even filling their whole size) or
// variable-length, as h5py writes by default; the character set is kept.
std::string read_string_attr(hid_t obj, const std::string& name, std::string_view what);
template <class T>
T read_scalar_attr(hid_t obj, const std::string& name, std::string_view what) {
    Attribute a(H5Aopen(obj, name.c_str(), H5P_DEFAULT), what, "H5Aopen");
    T value{};
    check(H5Aread(a.id(), TypeOf<T>::mem(), &value), what, "H5Aread");
    return value;
}
// Current extent of a dataset.
std::vector<hsize_t> dataset_dims(hid_t dataset, std::string_view what);
// Reads a whole 1-D string dataset.
std::vector<std::string> read_string_dataset(hid_t dataset, std::string_view what);

// Before any H5Dread of a file we did not write ourselves: throws Error if the
// dataset's data was never (fully) written, or its stored data (contiguous or
// compact) cannot hold its dataspace. HDF5 1.10 then falls back on the fill
// value without checking its size against the datatype, and reads past its
// own buffer (found by fuzzing the results reader: a 22-byte fill value read
// as 40 uint32 values).
void check_stored_size(hid_t dataset, std::string_view what);
template <class T>
std::vector<T> read_all(hid_t dataset, std::string_view what) {
    std::size_t n = 1;
    for (hsize_t d : dataset_dims(dataset, what)) n *= static_cast<std::size_t>(d);
    std::vector<T> out(n);
    if (n > 0)
        check(H5Dread(dataset, TypeOf<T>::mem(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), what,
              "H5Dread");
    return out;
}

// Builds a packed compound type field by field, plus row buffers in that layout.
// The memory type uses native types, the file type little-endian standard types at
// the same offsets (identical on little-endian hosts; HDF5 converts otherwise).
class CompoundBuilder {
public:
    template <class T>
    std::size_t add(std::string name) {
        return add_field(std::move(name), TypeOf<T>::mem(), TypeOf<T>::file(), sizeof(T), 0);
    }
    // Fixed-length string field of `size` bytes (terminator included).
    std::size_t add_string(std::string name, std::size_t size) {
        return add_field(std::move(name), H5I_INVALID_HID, H5I_INVALID_HID, size, size);
    }

    std::size_t row_size() const { return size_; }
    Datatype mem_type(std::string_view what) const { return make(true, what); }
    Datatype file_type(std::string_view what) const { return make(false, what); }

    // Field writers into `row` (a pointer to row_size() bytes).
    template <class T>
    void put(std::byte* row, std::size_t field, T value) const {
        static_assert(std::is_trivially_copyable_v<T>);
        std::memcpy(row + fields_.at(field).offset, &value, sizeof(T));
    }
    // Copies at most size-1 bytes and zero-fills the rest.
    void put_string(std::byte* row, std::size_t field, std::string_view value) const;

    // Field readers from a row in this layout (e.g. filled by H5Dread with mem_type()).
    template <class T>
    T get(const std::byte* row, std::size_t field) const {
        static_assert(std::is_trivially_copyable_v<T>);
        T value;
        std::memcpy(&value, row + fields_.at(field).offset, sizeof(T));
        return value;
    }
    std::string get_string(const std::byte* row, std::size_t field) const;

private:
    struct Field {
        std::string name;
        hid_t mem = H5I_INVALID_HID, file = H5I_INVALID_HID;  // predefined, or invalid for strings
        std::size_t size = 0, offset = 0, string_size = 0;
    };
    std::size_t add_field(std::string name, hid_t mem, hid_t file, std::size_t size,
                          std::size_t string_size);
    Datatype make(bool memory, std::string_view what) const;

    std::vector<Field> fields_;
    std::size_t size_ = 0;
};

}  // namespace smugglesim::h5
