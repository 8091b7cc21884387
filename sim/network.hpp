#pragma once
// The route network: an immutable description of places and legs, loaded once
// (see geo/network_loader.hpp), validated, then shared read-only by every run.
// Running state (queues, counters, migrants) lives elsewhere (sim/engine/world.hpp, the modules).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace smugglesim {

enum class Mode : std::uint8_t { Land = 0, Sea = 1, Air = 2 };
inline constexpr int kModeCount = 3;

enum class PlaceKind : std::uint8_t {
    Origin = 0,        // migrants are generated here
    Transit = 1,       // a city or hub on the way
    Port = 2,          // sea departure/landing point
    Airport = 3,
    BorderCrossing = 4,
    Destination = 5,   // an end point in a destination state
};
inline constexpr int kPlaceKindCount = 6;

std::string_view to_string(Mode m);
std::string_view to_string(PlaceKind k);
std::optional<Mode> parse_mode(std::string_view s);           // "land", "sea", "air"
std::optional<PlaceKind> parse_place_kind(std::string_view s);  // "origin", "transit", "port",
                                                               // "airport", "border", "destination"

struct Place {
    std::string id;       // unique, e.g. "IZMIR"
    std::string name;     // human name, e.g. "Izmir"
    std::string country;  // ISO 3166-1 alpha-3, e.g. "TUR"
    PlaceKind kind = PlaceKind::Transit;
    double lon = 0.0;     // WGS84 degrees
    double lat = 0.0;
};

struct Leg {
    std::string id;          // unique, e.g. "IZMIR-LESBOS-SEA"
    std::uint32_t from = 0;  // index into Network::places
    std::uint32_t to = 0;
    Mode mode = Mode::Land;
    std::string means;       // vehicle or means: "dinghy", "truck", "flight", ...
    double length_km = 0.0;  // geodesic (WGS84) length of the geometry unless given
    double base_days = 1.0;  // travel time in days (>0)
    double price_eur = 0.0;  // base price paid to smugglers for this leg (>=0)
    double capacity_per_day = 0.0;  // migrants that can board per day (>0)
    double hazard = 0.0;     // probability of death or going missing per trip, in [0,1)
    double interception = 0.0;  // probability of interception per trip, in [0,1)
    bool requires_documents = false;  // air legs and document-checked crossings
    // Geometry (lon, lat pairs, WGS84), kept for maps and raster sampling.
    std::vector<double> geometry;    // x0,y0,x1,y1,...
    // Raster factors applied at load time (1.0 when no raster applies).
    double hazard_raster_factor = 1.0;
    double interception_raster_factor = 1.0;
};

// The network with derived, read-only indexes.
class Network {
public:
    Network() = default;
    Network(std::vector<Place> places, std::vector<Leg> legs);

    const std::vector<Place>& places() const { return places_; }
    const std::vector<Leg>& legs() const { return legs_; }
    std::size_t place_count() const { return places_.size(); }
    std::size_t leg_count() const { return legs_.size(); }

    // Outgoing legs of a place, as indices into legs(). Sorted by leg index.
    const std::uint32_t* out_begin(std::uint32_t place) const { return out_legs_.data() + out_offset_[place]; }
    const std::uint32_t* out_end(std::uint32_t place) const { return out_legs_.data() + out_offset_[place + 1]; }
    // Incoming legs, same convention.
    const std::uint32_t* in_begin(std::uint32_t place) const { return in_legs_.data() + in_offset_[place]; }
    const std::uint32_t* in_end(std::uint32_t place) const { return in_legs_.data() + in_offset_[place + 1]; }

    std::optional<std::uint32_t> find_place(std::string_view id) const;
    std::optional<std::uint32_t> find_leg(std::string_view id) const;

    // Distinct countries of places, sorted; index = country index.
    const std::vector<std::string>& countries() const { return countries_; }
    std::optional<std::uint32_t> find_country(std::string_view iso3) const;
    std::uint32_t place_country(std::uint32_t place) const { return place_country_[place]; }

    // Which source file the network came from (for messages and output metadata).
    std::string source;

private:
    std::vector<Place> places_;
    std::vector<Leg> legs_;
    std::vector<std::uint32_t> out_offset_, out_legs_, in_offset_, in_legs_;
    std::vector<std::string> countries_;
    std::vector<std::uint32_t> place_country_;
    std::unordered_map<std::string, std::uint32_t> place_index_, leg_index_;
};

}  // namespace smugglesim
