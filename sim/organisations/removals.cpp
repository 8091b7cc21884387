// Removals requested by other modules (World::member_removals: the
// interventions module's remove_ocg and remove_members actions), carried out at
// the start of the market phase of the day they were requested, in the order
// they were made: the members leave their group that day (status Arrested)
// and its offers lose their seats from the next day on. A group with nobody
// left at work is dismantled: nobody replaces its members (adapt.cpp).
#include <stdexcept>

#include "sim/engine/world.hpp"
#include "sim/organisations/organisations.hpp"

namespace smugglesim {

static_assert(kMemberRoleNames == kRoleNames, "the engine's role names (world.hpp) must be the organisations module's");

void OrganisationsModule::remove_requested() {
    for (const MemberRemoval& r : w_.member_removals) {
        if (r.day != w_.day) throw std::logic_error("a removal of members was requested for another day");
        std::optional<Role> role;
        if (r.role) role = static_cast<Role>(*r.role);
        remove_members(r.ocg, role, r.count);
    }
    w_.member_removals.clear();
}

}  // namespace smugglesim
