#include "sim/engine/config_group.hpp"

#include <fmt/format.h>

namespace smugglesim {

std::string Range::text() const {
    if (lo == -kInf && hi == kInf) return "any number";
    if (hi == kInf) return fmt::format("{} {}", lo_open ? ">" : ">=", lo);
    return fmt::format("{}{}, {}{}", lo_open ? "(" : "[", lo, hi, hi_open ? ")" : "]");
}

std::string Range::must() const { return (hi == kInf ? "must be " : "must be in ") + text(); }

}  // namespace smugglesim
