#pragma once
// Daily output series, declared once by the module that owns them. A
// declaration (SeriesDecl) says everything a reader needs: name, dimension
// (and so its path in the results file), value type, what a value measures,
// units and description. The HDF5 writer, the viewer's reader, the JSON and
// text summaries, `smugglesim output-reference` and the determinism tests all
// iterate the declarations, so adding a series is its declaration plus the
// line that counts it.
//
// Storage is row-major [day][column], sized once at the start of a run (days x
// columns), so the output layout never grows with the number of steps.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace smugglesim {

// What the columns of a series are; also its group in the results file
// (/series/<dim name>/<series name>).
// Country, place, leg and mode columns come from the network; ocg (organised
// crime groups) and offer (a group's offer on a leg) from the model's
// organisations (sim/organisations/).
enum class Dim : std::uint8_t { Total = 0, Country, Place, Leg, Mode, Ocg, Offer };
inline constexpr int kDimCount = 7;
inline constexpr std::array<std::string_view, kDimCount> kDimNames = {"totals", "country", "place", "leg",
                                                                      "mode",   "ocg",     "offer"};
std::optional<Dim> parse_dim(std::string_view s);

enum class ValueType : std::uint8_t { U32, U64, F64 };

// What a day's value measures.
enum class Measure : std::uint8_t {
    Flow,        // events of that day; a run's total is the sum over days
    Stock,       // the state at the end of that day; a run's total is the last day's
    Cumulative,  // events since day 0, up to the end of that day; a run's total is the last day's
};
inline constexpr std::array<std::string_view, 3> kMeasureNames = {"flow", "stock", "cumulative"};
std::optional<Measure> parse_measure(std::string_view s);

struct SeriesDecl {
    Dim dim = Dim::Total;
    std::string name;           // unique within its dim; [a-z0-9_]
    ValueType type = ValueType::U32;
    Measure measure = Measure::Flow;
    std::string units;          // "migrants", "EUR", ...
    std::string description;    // one line
    // Dim::Mode only: this series is the per-leg series of that name summed over
    // the legs of each mode (filled by SeriesSet::finish_day, not by a phase).
    std::string sum_by_mode_of;
    bool headline = false;      // a headline outcome: listed in run summaries
    std::string module;         // the module that declared it (filled by add())

    std::string path() const;   // "/series/<dim>/<name>"
};

using SeriesId = std::uint32_t;

template <class T>
inline constexpr ValueType value_type_of() {
    if constexpr (std::is_same_v<T, std::uint32_t>) return ValueType::U32;
    else if constexpr (std::is_same_v<T, std::uint64_t>) return ValueType::U64;
    else {
        static_assert(std::is_same_v<T, double>, "series hold uint32, uint64 or double");
        return ValueType::F64;
    }
}

// Storage for a series' values: zeroed memory from calloc, whose large blocks
// are fresh pages from the system that become resident only when written, so
// a series sized for the whole run takes memory as its days are recorded.
// Value-initialisation (vector(n), resize) writes nothing: the memory is zero,
// which is 0 and 0.0 for the value types of a series.
template <class T>
struct ZeroedAllocator {
    static_assert(std::is_trivially_copyable_v<T>);
    using value_type = T;
    ZeroedAllocator() = default;
    template <class U>
    ZeroedAllocator(const ZeroedAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) {
        if (void* p = std::calloc(n, sizeof(T))) return static_cast<T*>(p);
        throw std::bad_alloc();
    }
    void deallocate(T* p, std::size_t) noexcept { std::free(p); }
    template <class U>
    void construct(U*) noexcept {}
    template <class U, class... A>
    void construct(U* p, A&&... a) {
        ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
    }
    template <class U>
    bool operator==(const ZeroedAllocator<U>&) const noexcept {
        return true;
    }
};
template <class T>
using SeriesValues = std::vector<T, ZeroedAllocator<T>>;

// The declared series of one run and their values.
// A table a module leaves at the end of a run (one row per agent, say), as
// columns of equal length: written as /tables/<name>/<column> (docs/hdf5-layout.md).
// A column of a few labels (a role, a status) kept as one byte per row: written
// as the labels themselves (fixed-length strings), like a column of strings.
struct LabelColumn {
    std::vector<std::string> labels;
    std::vector<std::uint8_t> codes;  // [row] index of labels
    std::size_t size() const { return codes.size(); }
    const std::string& operator[](std::size_t i) const { return labels[codes[i]]; }
};
struct TableColumn {
    std::string name, units, description;
    std::variant<std::vector<std::int32_t>, std::vector<std::uint32_t>, std::vector<double>, std::vector<std::string>,
                 LabelColumn, std::vector<std::uint8_t>, std::vector<std::uint16_t>, std::vector<float>>
        values;
    std::size_t size() const {
        return std::visit([](const auto& v) { return v.size(); }, values);
    }
};
struct EndTable {
    std::string name, module, description;
    std::vector<TableColumn> columns;
};

class SeriesSet {
public:
    SeriesSet() = default;
    // `widths[dim]` = number of columns of each dimension (1 for Dim::Total);
    // `leg_mode[leg]` = mode index of each leg (for the by-mode sums).
    SeriesSet(int days, std::array<std::size_t, kDimCount> widths, std::vector<std::uint8_t> leg_mode);

    // Declares a series (values all zero). Throws std::logic_error for a
    // duplicate path, a bad name or an inconsistent declaration.
    SeriesId add(SeriesDecl decl, std::string_view module = {});

    std::size_t size() const { return items_.size(); }
    int days() const { return days_; }
    std::size_t width(Dim d) const { return widths_[static_cast<std::size_t>(d)]; }
    const std::array<std::size_t, kDimCount>& widths() const { return widths_; }
    const std::vector<std::uint8_t>& leg_mode() const { return leg_mode_; }
    // Column labels of a dimension (empty: not set; writers then use the
    // network's, sim/engine/columns.hpp). Set for the dims the network does
    // not describe (ocg, offer); size must equal the dimension's width.
    void set_labels(Dim d, std::vector<std::string> labels);
    const std::vector<std::string>& labels(Dim d) const { return labels_[static_cast<std::size_t>(d)]; }
    // Where the columns of a dimension point in another one: each offer's leg
    // (refs(Dim::Offer, Dim::Leg)) and group (refs(Dim::Offer, Dim::Ocg), -1
    // for a leg's own service). Values in [-1, width(to)), one per column of
    // `d` (std::logic_error if not); empty: not set.
    void set_refs(Dim d, Dim to, std::vector<std::int32_t> refs);
    std::span<const std::int32_t> refs(Dim d, Dim to) const;
    // End-of-run tables (one per name: a table of the same name is replaced).
    // std::logic_error for a bad name or columns of unequal length.
    void set_table(EndTable t);
    const std::vector<EndTable>& tables() const { return tables_; }
    const SeriesDecl& decl(SeriesId id) const { return items_.at(id).decl; }
    std::size_t width(SeriesId id) const { return width(items_.at(id).decl.dim); }
    std::optional<SeriesId> find(Dim dim, std::string_view name) const;
    // Like find(), but throws std::out_of_range naming the series.
    SeriesId at(Dim dim, std::string_view name) const;

    // Row `day` of series `id` (T must be its value type; std::logic_error if not).
    template <class T>
    T* row(SeriesId id, int day) {
        return data_of<T>(id).data() + static_cast<std::size_t>(day) * width(id);
    }
    template <class T>
    const T* row(SeriesId id, int day) const {
        return const_cast<SeriesSet*>(this)->row<T>(id, day);
    }
    // All values of series `id`, [days][width].
    template <class T>
    std::span<T> values(SeriesId id) {
        return data_of<T>(id);
    }
    template <class T>
    std::span<const T> values(SeriesId id) const {
        return const_cast<SeriesSet*>(this)->data_of<T>(id);
    }
    // One value as a double, whatever the type.
    double value(SeriesId id, int day, std::size_t col) const;
    // Per column, the run's total (Flow: sum over days in day order; Stock and
    // Cumulative: the last day's value), over the first `days` days (all if < 0).
    std::vector<double> run_totals(SeriesId id, int days = -1) const;

    // Fills the derived (by-mode) series of day `day`, after the day's phases.
    void finish_day(int day);
    // A copy of the first `n` days (0 <= n <= days), e.g. of a run stopped early.
    SeriesSet first_days(int n) const;
    // Whether both hold the same series (matched by path, in any order) with the
    // same type and measure and bit-identical values; if not and `why` is
    // given, says where they first differ.
    bool same(const SeriesSet& other, std::string* why = nullptr) const;

private:
    struct Item {
        SeriesDecl decl;
        SeriesValues<std::uint32_t> u32;
        SeriesValues<std::uint64_t> u64;
        SeriesValues<double> f64;
    };
    template <class T>
    std::span<T> data_of(SeriesId id) {
        Item& it = items_.at(id);
        if (it.decl.type != value_type_of<T>())
            throw std::logic_error("series " + it.decl.path() + " is accessed with the wrong value type");
        if constexpr (std::is_same_v<T, std::uint32_t>) return it.u32;
        else if constexpr (std::is_same_v<T, std::uint64_t>) return it.u64;
        else return it.f64;
    }

    int days_ = 0;
    std::array<std::size_t, kDimCount> widths_{1, 0, 0, 0, 0, 0, 0};
    std::vector<std::uint8_t> leg_mode_;
    std::array<std::vector<std::string>, kDimCount> labels_;
    struct Refs {
        Dim d, to;
        std::vector<std::int32_t> values;
    };
    std::vector<Refs> refs_;
    std::vector<Item> items_;
    std::vector<EndTable> tables_;
};

}  // namespace smugglesim
