#include "sim/modules.hpp"

#include "sim/interventions/module.hpp"
#include "sim/migrants/migrants.hpp"

namespace smugglesim {

std::vector<ModuleFactory> standard_modules() {
    return {&InterventionsModule::make, &MigrantsModule::make};
}

}  // namespace smugglesim
