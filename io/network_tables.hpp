#pragma once
// The two tables of /network, described once: their fields (name, type, units)
// and how a field's value comes from a Place or Leg and goes back into one.
// The results writer (io/output_hdf5.cpp), the viewer's reader
// (viewer/core/run_data.cpp) and the tests iterate these descriptions.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/network.hpp"

namespace smugglesim {

enum class FieldKind : std::uint8_t { U32, U8, F64, String };

struct TableField {
    std::string_view name;
    FieldKind kind;
    std::string_view units;   // units or meaning, for the field_units attribute and docs
    bool derived = false;     // follows from other fields (a reader need not read it)
};

using FieldValue = std::variant<std::uint32_t, std::uint8_t, double, std::string>;

struct NetworkTable {
    std::string_view name;         // dataset name under /network
    std::string_view description;
    std::span<const TableField> fields;
    std::size_t (*rows)(const Network& net);
    // The value of field `f` in row `row`.
    FieldValue (*value)(const Network& net, std::size_t row, std::size_t f);
};

extern const NetworkTable kPlacesTable;  // /network/places, row i = place index i
extern const NetworkTable kLegsTable;    // /network/legs, row i = leg index i

// "name: units; ..." for the table's field_units attribute.
std::string field_units_text(const NetworkTable& t);

// A value read from a file, fit to quote in a one-line message: in single
// quotes, control characters replaced, at most 64 bytes.
std::string quote_value(std::string_view v);

// Fills `p` from the values of the non-derived fields of kPlacesTable (in
// field order; derived ones may be anything); returns what is wrong ("" if nothing).
std::string place_from_values(const std::vector<FieldValue>& v, Place& p);
// The same for kLegsTable; `n_places` bounds the place indices.
std::string leg_from_values(const std::vector<FieldValue>& v, std::size_t n_places, Leg& l);

}  // namespace smugglesim
