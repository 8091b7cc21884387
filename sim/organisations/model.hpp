#pragma once
// The organisations' part of the model description (immutable, built once by
// build_organisations from the scenario's [organisations] group and [[ocg]]
// blocks): organised crime groups, their members with roles and places, and
// the economics of their offers. Running state: sim/organisations/organisations.hpp.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smugglesim {

struct Model;

// Roles named by the seed and domain.md ("Organised crime groups").
enum class Role : std::uint8_t { Organiser, Recruiter, Transporter, Forger, Broker, SafeHouse, Official, Front };
inline constexpr int kRoleCount = 8;
inline constexpr std::array<std::string_view, kRoleCount> kRoleNames = {
    "organiser", "recruiter", "transporter", "forger", "broker", "safe_house", "official", "front"};
std::optional<Role> parse_role(std::string_view s);

// How a group is organised, which decides what removing members does
// (docs/model.md): a hierarchy stalls without its organisers; cells carry on
// as long as their own transporters do; an alliance buys services from its
// partners.
enum class Structure : std::uint8_t { Hierarchy, Cells, Alliance };
inline constexpr std::array<std::string_view, 3> kStructureNames = {"hierarchy", "cells", "alliance"};

// How migrants (or their families) pay a group.
enum class Channel : std::uint8_t { Cash, Hawala, Transfer };
inline constexpr std::array<std::string_view, 3> kChannelNames = {"cash", "hawala", "transfer"};

inline constexpr std::uint32_t kNoOffer = 0xffffffffu;
// Most members of one role a group may list, and most transporters one offer may need.
inline constexpr double kMaxMembersPerRole = 100000;

struct OcgModel {
    std::string name;
    Structure structure = Structure::Hierarchy;
    std::uint32_t base = 0;                 // place of its organisers
    std::vector<std::uint32_t> offers;      // its offers (Model::offers)
    std::vector<std::uint32_t> partners;    // alliance: groups it buys services from
    std::array<double, 3> payment{};        // shares of fees by Channel, sum 1
    bool has_officials = false;             // pays bribes; lowers detection where its officials sit
    double concealment = 1.0;               // multiplies its clients' interception (adapted vehicles, hidden compartments)
    bool from_default = false;              // made by the default rule, not an [[ocg]] block
    // Not in the market at the start: it may enter its legs during the run
    // (docs/model.md, Entry and exit). Its members are recruited as it enters.
    bool entrant = false;
    std::uint32_t first_member = 0, member_count = 0;  // its range of OrganisationsModel::members
};

// Most groups a model may hold (a member's group is 15 bits of its description).
inline constexpr std::size_t kMaxOcgs = 32767;

// Eight bytes: members are many (hundreds of thousands in a scaled run).
struct MemberModel {
    std::uint32_t offer = kNoOffer;         // transporters: the offer whose seats they run
    std::uint32_t ocg : 15 = 0;             // at most kMaxOcgs groups
    std::uint32_t place : 14 = 0;           // at most kMaxPlaces places
    Role role : 3 = Role::Organiser;
    MemberModel() = default;
    MemberModel(std::uint32_t g, std::uint32_t o, std::uint32_t p, Role r)
        : offer(o), ocg(g & 0x7fffu), place(p & 0x3fffu), role(r) {}
    void set_place(std::uint32_t p) { place = p & 0x3fffu; }
};
static_assert(sizeof(MemberModel) == 8);

struct OrganisationsModel {
    std::vector<OcgModel> ocgs;
    std::vector<MemberModel> members;       // grouped by group
    // Per offer of Model::offers (unused for a leg's own service):
    std::vector<double> reference_price;    // EUR: the price at reference demand, competition and risk
    // EUR: the price whose shares are its running costs per seat sold (members'
    // pay, vehicles, bribes): the reference price, except for a package's stage
    // 0, whose reference price is the package's and whose costs are its leg's.
    // A later stage's reference price is what the seller pays a partner running it.
    std::vector<double> operating_price;
    std::vector<double> seats_per_transporter;  // seats a day one active transporter runs
    std::vector<std::uint32_t> rivals;      // offers on the same leg at the start (for competition; not entrants')
};

// Adds the organisations to a model: the groups of the scenario's [[ocg]]
// blocks and, for the smuggled legs none of them serves, the default groups;
// their offers replace the legs' own services (set_offers). A leg needs a
// smuggler unless it needs travel documents. Throws InputError naming the
// scenario file, the block and the key for an unknown leg, place, role,
// structure or partner. Does nothing when [organisations] enabled = false.
void build_organisations(Model& model);

}  // namespace smugglesim
