#include "sim/engine/series.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <limits>

namespace smugglesim {

std::optional<Dim> parse_dim(std::string_view s) {
    for (int i = 0; i < kDimCount; ++i)
        if (kDimNames[static_cast<std::size_t>(i)] == s) return static_cast<Dim>(i);
    return std::nullopt;
}

std::optional<Measure> parse_measure(std::string_view s) {
    for (std::size_t i = 0; i < kMeasureNames.size(); ++i)
        if (kMeasureNames[i] == s) return static_cast<Measure>(i);
    return std::nullopt;
}

std::string SeriesDecl::path() const {
    return fmt::format("/series/{}/{}", kDimNames[static_cast<std::size_t>(dim)], name);
}

SeriesSet::SeriesSet(int days, std::array<std::size_t, kDimCount> widths, std::vector<std::uint8_t> leg_mode)
    : days_(days), widths_(widths), leg_mode_(std::move(leg_mode)) {
    if (days < 0) throw std::logic_error("SeriesSet: negative number of days");
    widths_[static_cast<std::size_t>(Dim::Total)] = 1;
    if (leg_mode_.size() != widths_[static_cast<std::size_t>(Dim::Leg)])
        throw std::logic_error("SeriesSet: one mode per leg is needed");
}

void SeriesSet::set_labels(Dim d, std::vector<std::string> labels) {
    if (labels.size() != width(d))
        throw std::logic_error(fmt::format("SeriesSet: {} labels for the {} columns of dimension {}", labels.size(),
                                           width(d), kDimNames[static_cast<std::size_t>(d)]));
    labels_[static_cast<std::size_t>(d)] = std::move(labels);
}

void SeriesSet::set_refs(Dim d, Dim to, std::vector<std::int32_t> refs) {
    const auto name = [](Dim x) { return kDimNames[static_cast<std::size_t>(x)]; };
    if (refs.size() != width(d))
        throw std::logic_error(fmt::format("SeriesSet: {} references for the {} columns of dimension {}", refs.size(),
                                           width(d), name(d)));
    for (const std::int32_t r : refs)
        if (r < -1 || (r >= 0 && static_cast<std::size_t>(r) >= width(to)))
            throw std::logic_error(fmt::format("SeriesSet: a column of {} refers to {} column {} of {}", name(d), name(to), r,
                                               width(to)));
    std::erase_if(refs_, [&](const Refs& x) { return x.d == d && x.to == to; });
    refs_.push_back({d, to, std::move(refs)});
}

void SeriesSet::set_table(EndTable t) {
    const auto good = [](const std::string& n) {
        return !n.empty() && std::all_of(n.begin(), n.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        });
    };
    if (!good(t.name)) throw std::logic_error(fmt::format("SeriesSet: bad table name '{}'", t.name));
    for (const TableColumn& c : t.columns) {
        if (!good(c.name)) throw std::logic_error(fmt::format("SeriesSet: table {}: bad column name '{}'", t.name, c.name));
        if (c.size() != t.columns.front().size())
            throw std::logic_error(fmt::format("SeriesSet: table {}: column {} has {} rows, column {} {}", t.name, c.name,
                                               c.size(), t.columns.front().name, t.columns.front().size()));
        if (const auto* lc = std::get_if<LabelColumn>(&c.values))
            for (const std::uint8_t code : lc->codes)
                if (code >= lc->labels.size())
                    throw std::logic_error(fmt::format("SeriesSet: table {}: column {} has code {} of {} labels", t.name,
                                                       c.name, code, lc->labels.size()));
    }
    std::erase_if(tables_, [&](const EndTable& x) { return x.name == t.name; });
    tables_.push_back(std::move(t));
}

std::span<const std::int32_t> SeriesSet::refs(Dim d, Dim to) const {
    for (const Refs& x : refs_)
        if (x.d == d && x.to == to) return x.values;
    return {};
}

SeriesId SeriesSet::add(SeriesDecl decl, std::string_view module) {
    const std::string path = decl.path();
    const bool good_name = !decl.name.empty() && std::all_of(decl.name.begin(), decl.name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    // The coordinates of a group are named after its dimension and "day".
    if (!good_name || decl.name == "day" || parse_dim(decl.name))
        throw std::logic_error(fmt::format("series {}: a name is [a-z0-9_]+ and not 'day' or a dimension", path));
    if (find(decl.dim, decl.name)) throw std::logic_error(fmt::format("series {} is declared twice", path));
    if (!decl.sum_by_mode_of.empty()) {
        const auto src = find(Dim::Leg, decl.sum_by_mode_of);
        if (decl.dim != Dim::Mode || !src || decl.type != ValueType::U32 || this->decl(*src).type != ValueType::U32)
            throw std::logic_error(fmt::format("series {}: a by-mode sum needs a uint32 per-leg series '{}' declared before it",
                                               path, decl.sum_by_mode_of));
    }
    if (!module.empty()) decl.module = module;
    Item it;
    const std::size_t n = static_cast<std::size_t>(days_) * width(decl.dim);
    switch (decl.type) {
        case ValueType::U32: it.u32.resize(n); break;
        case ValueType::U64: it.u64.resize(n); break;
        case ValueType::F64: it.f64.resize(n); break;
    }
    it.decl = std::move(decl);
    items_.push_back(std::move(it));
    return static_cast<SeriesId>(items_.size() - 1);
}

std::optional<SeriesId> SeriesSet::find(Dim dim, std::string_view name) const {
    for (std::size_t i = 0; i < items_.size(); ++i)
        if (items_[i].decl.dim == dim && items_[i].decl.name == name) return static_cast<SeriesId>(i);
    return std::nullopt;
}

SeriesId SeriesSet::at(Dim dim, std::string_view name) const {
    if (auto id = find(dim, name)) return *id;
    throw std::out_of_range(fmt::format("no series /series/{}/{}", kDimNames[static_cast<std::size_t>(dim)], name));
}

double SeriesSet::value(SeriesId id, int day, std::size_t col) const {
    const Item& it = items_.at(id);
    const std::size_t i = static_cast<std::size_t>(day) * width(it.decl.dim) + col;
    switch (it.decl.type) {
        case ValueType::U32: return it.u32.at(i);
        case ValueType::U64: return static_cast<double>(it.u64.at(i));
        case ValueType::F64: return it.f64.at(i);
    }
    return 0.0;
}

std::vector<double> SeriesSet::run_totals(SeriesId id, int days) const {
    const SeriesDecl& d = decl(id);
    const std::size_t w = width(d.dim);
    const int n = days < 0 ? days_ : std::min(days, days_);
    std::vector<double> out(w, 0.0);
    if (n == 0) return out;
    if (d.measure != Measure::Flow) {
        for (std::size_t c = 0; c < w; ++c) out[c] = value(id, n - 1, c);
        return out;
    }
    // Integer series are summed exactly, then converted.
    if (d.type == ValueType::F64) {
        for (int day = 0; day < n; ++day)
            for (std::size_t c = 0; c < w; ++c) out[c] += value(id, day, c);
        return out;
    }
    std::vector<std::uint64_t> sum(w, 0);
    for (int day = 0; day < n; ++day)
        for (std::size_t c = 0; c < w; ++c) sum[c] += static_cast<std::uint64_t>(value(id, day, c));
    for (std::size_t c = 0; c < w; ++c) out[c] = static_cast<double>(sum[c]);
    return out;
}

void SeriesSet::finish_day(int day) {
    for (Item& it : items_) {
        if (it.decl.sum_by_mode_of.empty()) continue;
        const std::uint32_t* legs = row<std::uint32_t>(at(Dim::Leg, it.decl.sum_by_mode_of), day);
        std::array<std::uint64_t, 256> sum{};
        for (std::size_t l = 0; l < leg_mode_.size(); ++l) sum[leg_mode_[l]] += legs[l];
        std::uint32_t* out = it.u32.data() + static_cast<std::size_t>(day) * width(Dim::Mode);
        for (std::size_t m = 0; m < width(Dim::Mode); ++m) {
            if (sum[m] > std::numeric_limits<std::uint32_t>::max())
                throw std::runtime_error(it.decl.path() + ": daily total exceeds the uint32 range");
            out[m] = static_cast<std::uint32_t>(sum[m]);
        }
    }
}

SeriesSet SeriesSet::first_days(int n) const {
    if (n < 0 || n > days_) throw std::out_of_range("SeriesSet::first_days: n outside [0, days]");
    SeriesSet out(n, widths_, leg_mode_);
    out.labels_ = labels_;
    out.refs_ = refs_;
    for (const Item& it : items_) {
        Item c;
        c.decl = it.decl;
        const std::size_t k = static_cast<std::size_t>(n) * width(it.decl.dim);
        c.u32.assign(it.u32.begin(), it.u32.begin() + static_cast<std::ptrdiff_t>(it.u32.empty() ? 0 : k));
        c.u64.assign(it.u64.begin(), it.u64.begin() + static_cast<std::ptrdiff_t>(it.u64.empty() ? 0 : k));
        c.f64.assign(it.f64.begin(), it.f64.begin() + static_cast<std::ptrdiff_t>(it.f64.empty() ? 0 : k));
        out.items_.push_back(std::move(c));
    }
    return out;
}

bool SeriesSet::same(const SeriesSet& other, std::string* why) const {
    auto fail = [&](const std::string& what) {
        if (why) *why = what;
        return false;
    };
    if (days_ != other.days_) return fail("different days");
    // Widths matter for the dimensions that hold series (a file has no group,
    // and so no width, for a dimension without series).
    for (const Item& it : items_)
        if (width(it.decl.dim) != other.width(it.decl.dim))
            return fail(fmt::format("different numbers of {} columns", kDimNames[static_cast<std::size_t>(it.decl.dim)]));
    if (items_.size() != other.items_.size()) return fail("different numbers of series");
    // Matched by path: a file lists series group by group, a run in declaration order.
    for (std::size_t i = 0; i < items_.size(); ++i) {
        const Item& a = items_[i];
        const auto j = other.find(a.decl.dim, a.decl.name);
        if (!j) return fail(fmt::format("series {} is missing from the other", a.decl.path()));
        const Item& b = other.items_[*j];
        if (a.decl.type != b.decl.type || a.decl.measure != b.decl.measure)
            return fail(fmt::format("series {}: different type or measure", a.decl.path()));
        // Bitwise for doubles too: "bit-identical" is the promise.
        const bool eq = a.u32 == b.u32 && a.u64 == b.u64 && a.f64.size() == b.f64.size() &&
                        std::equal(a.f64.begin(), a.f64.end(), b.f64.begin(), [](double x, double y) {
                            return std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(y);
                        });
        if (!eq) {
            const std::size_t w = width(a.decl.dim);
            for (int d = 0; d < days_; ++d)
                for (std::size_t c = 0; c < w; ++c)
                    if (std::bit_cast<std::uint64_t>(value(static_cast<SeriesId>(i), d, c)) !=
                        std::bit_cast<std::uint64_t>(other.value(*j, d, c)))
                        return fail(fmt::format("series {} differs first on day {}, column {}: {} vs {}", a.decl.path(),
                                                d, c, value(static_cast<SeriesId>(i), d, c), other.value(*j, d, c)));
            return fail(fmt::format("series {} differs", a.decl.path()));
        }
    }
    return true;
}

}  // namespace smugglesim
