#pragma once
// `smugglesim output-reference`: every series the standard modules declare,
// as the Markdown table docs/hdf5-layout.md includes (a test checks the two
// agree). The output counterpart of scenario_reference().
#include <string>
#include <vector>

#include "sim/engine/module.hpp"

namespace smugglesim {

// The declarations of `modules` (the standard modules if empty), one table row each.
std::string output_reference(const std::vector<ModuleFactory>& modules = {});

}  // namespace smugglesim
