#pragma once
// A module's scenario group, declared without knowing the file format
// (MATSim-style config groups): every key with its default (the bound
// variable's value before binding), its range and a comment. The same
// declaration parses a scenario (config/scenario_toml.cpp implements this
// interface over TOML) and documents it (`smugglesim scenario-reference`).
// Unknown keys, values out of range, NaN and wrong types throw InputError
// naming the file, the line and the key.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smugglesim {

struct Range {
    static constexpr double kInf = std::numeric_limits<double>::infinity();
    double lo = -kInf, hi = kInf;
    bool lo_open = false, hi_open = false;
    std::string text() const;   // "[0, 1)", ">= 0", "any number"
    std::string must() const;   // "must be >= 0" / "must be in [0, 1)"
    bool contains(double v) const { return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi); }
};
inline constexpr Range kNonNegative{0.0, Range::kInf, false, false};
inline constexpr Range kPositive{0.0, Range::kInf, true, false};
inline constexpr Range kProbability{0.0, 1.0, false, true};  // [0, 1)
inline constexpr Range kShare{0.0, 1.0, false, false};       // [0, 1]

// One table of a scenario file ([name], or one element of [[name]]). In
// document mode (`documenting()`), binding writes the reference and reads nothing.
class ConfigGroup {
public:
    virtual ~ConfigGroup() = default;

    virtual void real(const char* key, double& out, Range r, std::string_view doc) = 0;
    virtual void optional_real(const char* key, std::optional<double>& out, Range r, std::string_view doc) = 0;
    virtual void integer(const char* key, int& out, Range r, std::string_view doc) = 0;
    virtual void optional_integer(const char* key, std::optional<int>& out, Range r, std::string_view doc) = 0;
    virtual void uint64(const char* key, std::uint64_t& out, std::string_view doc) = 0;
    virtual void boolean(const char* key, bool& out, std::string_view doc) = 0;
    // `allowed` non-empty: the value must be one of them.
    virtual void string(const char* key, std::string& out, std::string_view doc,
                        const std::vector<std::string>& allowed = {}) = 0;
    virtual void string_list(const char* key, std::vector<std::string>& out, std::string_view doc,
                             const std::vector<std::string>& allowed = {}) = 0;
    // A table of free names -> non-negative shares, not all zero (normalised later).
    virtual void share_map(const char* key, std::vector<std::pair<std::string, double>>& out, std::string_view example,
                           std::string_view doc) = 0;

    // A nested table [prefix.key] (absent: a group with no keys, so defaults stay).
    virtual std::unique_ptr<ConfigGroup> table(const char* key, std::string_view header, std::string_view doc) = 0;
    // The elements of an array of tables [[key]] (in document mode: one group
    // that documents an element).
    virtual std::vector<std::unique_ptr<ConfigGroup>> tables(const char* key, std::string_view header,
                                                             std::string_view doc) = 0;

    // Rejects the keys of the table that were not declared.
    virtual void finish() = 0;
    [[noreturn]] virtual void fail(const char* key, const std::string& msg) const = 0;
    // For later messages: "<file>:<line>: <table>" (the table's line), or with a
    // key "<file>:<line>: key '<table>.<key>'" (the key's line if present).
    virtual std::string where(const char* key = nullptr) const = 0;
    virtual bool documenting() const = 0;
};

}  // namespace smugglesim
