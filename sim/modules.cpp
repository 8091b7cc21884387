#include "sim/modules.hpp"

#include "sim/migrants/migrants.hpp"

namespace smugglesim {

std::vector<ModuleFactory> standard_modules() {
    return {&MigrantsModule::make};
}

}  // namespace smugglesim
