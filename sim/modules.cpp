#include "sim/modules.hpp"

#include "sim/interventions/module.hpp"
#include "sim/migrants/migrants.hpp"
#include "sim/organisations/organisations.hpp"

namespace smugglesim {

std::vector<ModuleKind> standard_module_kinds() {
    return {
        {"migrants", &MigrantsModule::make, &MigrantsModule::bind_params},
        {"interventions", &InterventionsModule::make, &InterventionsModule::bind_params},
        {"organisations", &OrganisationsModule::make, &OrganisationsModule::bind_params, &OrganisationsModule::build},
    };
}

std::vector<ModuleFactory> standard_modules() {
    std::vector<ModuleFactory> out;
    for (const ModuleKind& k : standard_module_kinds()) out.push_back(k.make);
    return out;
}

}  // namespace smugglesim
