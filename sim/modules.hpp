#pragma once
// The standard modules of a simulation: each with its factory and its scenario
// groups, in the order their phases run within a stage (and their groups appear
// in `scenario-reference`). A new agent kind adds one line here (and nowhere
// else in the engine).
#include <string_view>
#include <vector>

#include "sim/engine/config_group.hpp"
#include "sim/engine/module.hpp"
#include "sim/model.hpp"
#include "sim/scenario.hpp"

namespace smugglesim {

struct ModuleKind {
    std::string_view name;
    ModuleFactory make;
    void (*bind_params)(ConfigGroup& root, Scenario& s);  // declares the module's scenario groups
    // Adds the module's part to the model description at the end of
    // build_model (may be null); throws InputError for bad input.
    void (*build)(Model& m) = nullptr;
};

std::vector<ModuleKind> standard_module_kinds();
std::vector<ModuleFactory> standard_modules();

}  // namespace smugglesim
