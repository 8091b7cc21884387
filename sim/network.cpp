#include "sim/network.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace smugglesim {

namespace {
constexpr std::array<std::string_view, kModeCount> kModeNames = {"land", "sea", "air"};
constexpr std::array<std::string_view, kPlaceKindCount> kKindNames = {
    "origin", "transit", "port", "airport", "border", "destination"};

// Builds a CSR index: for each place, the legs whose `end` is that place.
void build_csr(std::size_t n_places, const std::vector<Leg>& legs, bool outgoing,
               std::vector<std::uint32_t>& offset, std::vector<std::uint32_t>& items) {
    offset.assign(n_places + 1, 0);
    for (const Leg& l : legs) ++offset[(outgoing ? l.from : l.to) + 1];
    for (std::size_t i = 0; i < n_places; ++i) offset[i + 1] += offset[i];
    items.assign(legs.size(), 0);
    std::vector<std::uint32_t> fill(offset.begin(), offset.end() - 1);
    for (std::uint32_t i = 0; i < legs.size(); ++i)
        items[fill[outgoing ? legs[i].from : legs[i].to]++] = i;
}
}  // namespace

std::string_view to_string(Mode m) { return kModeNames.at(static_cast<std::size_t>(m)); }
std::string_view to_string(PlaceKind k) { return kKindNames.at(static_cast<std::size_t>(k)); }

std::optional<Mode> parse_mode(std::string_view s) {
    for (std::size_t i = 0; i < kModeNames.size(); ++i)
        if (kModeNames[i] == s) return static_cast<Mode>(i);
    return std::nullopt;
}

std::optional<PlaceKind> parse_place_kind(std::string_view s) {
    for (std::size_t i = 0; i < kKindNames.size(); ++i)
        if (kKindNames[i] == s) return static_cast<PlaceKind>(i);
    return std::nullopt;
}

Network::Network(std::vector<Place> places, std::vector<Leg> legs)
    : places_(std::move(places)), legs_(std::move(legs)) {
    build_csr(places_.size(), legs_, true, out_offset_, out_legs_);
    build_csr(places_.size(), legs_, false, in_offset_, in_legs_);
    std::set<std::string> cs;
    for (std::uint32_t i = 0; i < places_.size(); ++i) {
        place_index_.emplace(places_[i].id, i);
        cs.insert(places_[i].country);
    }
    for (std::uint32_t i = 0; i < legs_.size(); ++i) leg_index_.emplace(legs_[i].id, i);
    countries_.assign(cs.begin(), cs.end());
    place_country_.reserve(places_.size());
    for (const Place& p : places_) place_country_.push_back(*find_country(p.country));
}

std::optional<std::uint32_t> Network::find_place(std::string_view id) const {
    auto it = place_index_.find(std::string(id));
    if (it == place_index_.end()) return std::nullopt;
    return it->second;
}

std::optional<std::uint32_t> Network::find_leg(std::string_view id) const {
    auto it = leg_index_.find(std::string(id));
    if (it == leg_index_.end()) return std::nullopt;
    return it->second;
}

std::optional<std::uint32_t> Network::find_country(std::string_view iso3) const {
    auto it = std::lower_bound(countries_.begin(), countries_.end(), iso3);
    if (it == countries_.end() || *it != iso3) return std::nullopt;
    return static_cast<std::uint32_t>(it - countries_.begin());
}

}  // namespace smugglesim
