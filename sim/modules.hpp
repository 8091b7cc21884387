#pragma once
// The standard modules of a simulation, in the order their phases run within a
// stage. A new agent kind adds its factory here (and nowhere else in the engine).
#include <vector>

#include "sim/engine/module.hpp"

namespace smugglesim {

std::vector<ModuleFactory> standard_modules();

}  // namespace smugglesim
