#include "io/network_tables.hpp"

#include <array>

#include <fmt/format.h>

namespace smugglesim {

namespace {

constexpr std::array<TableField, 7> kPlaceFields = {{
    {"index", FieldKind::U32, "place index (= row)", true},
    {"id", FieldKind::String, "unique place id"},
    {"name", FieldKind::String, "human-readable name (UTF-8)"},
    {"country", FieldKind::String, "ISO 3166-1 alpha-3 code"},
    {"kind", FieldKind::String, "origin, transit, port, airport, border or destination"},
    {"lon", FieldKind::F64, "degrees WGS84"},
    {"lat", FieldKind::F64, "degrees WGS84"},
}};

constexpr std::array<TableField, 17> kLegFields = {{
    {"index", FieldKind::U32, "leg index (= row)", true},
    {"id", FieldKind::String, "unique leg id"},
    {"from_index", FieldKind::U32, "place index of the start"},
    {"to_index", FieldKind::U32, "place index of the end"},
    {"from_id", FieldKind::String, "place id of the start", true},
    {"to_id", FieldKind::String, "place id of the end", true},
    {"mode", FieldKind::String, "land, sea or air"},
    {"means", FieldKind::String, "vehicle or means"},
    {"length_km", FieldKind::F64, "km"},
    {"days", FieldKind::F64, "days"},
    {"price_eur", FieldKind::F64, "EUR per migrant"},
    {"capacity_per_day", FieldKind::F64, "migrants/day"},
    {"hazard", FieldKind::F64, "probability per trip"},
    {"interception", FieldKind::F64, "probability per trip"},
    {"need_docs", FieldKind::U8, "0/1"},
    {"hazard_raster_factor", FieldKind::F64, "dimensionless"},
    {"interception_raster_factor", FieldKind::F64, "dimensionless"},
}};

FieldValue place_value(const Network& net, std::size_t row, std::size_t f) {
    const Place& p = net.places()[row];
    switch (f) {
        case 0: return static_cast<std::uint32_t>(row);
        case 1: return p.id;
        case 2: return p.name;
        case 3: return p.country;
        case 4: return std::string(to_string(p.kind));
        case 5: return p.lon;
        default: return p.lat;
    }
}

FieldValue leg_value(const Network& net, std::size_t row, std::size_t f) {
    const Leg& l = net.legs()[row];
    switch (f) {
        case 0: return static_cast<std::uint32_t>(row);
        case 1: return l.id;
        case 2: return l.from;
        case 3: return l.to;
        case 4: return net.places()[l.from].id;
        case 5: return net.places()[l.to].id;
        case 6: return std::string(to_string(l.mode));
        case 7: return l.means;
        case 8: return l.length_km;
        case 9: return l.base_days;
        case 10: return l.price_eur;
        case 11: return l.capacity_per_day;
        case 12: return l.hazard;
        case 13: return l.interception;
        case 14: return static_cast<std::uint8_t>(l.requires_documents ? 1 : 0);
        case 15: return l.hazard_raster_factor;
        default: return l.interception_raster_factor;
    }
}

std::size_t place_rows(const Network& net) { return net.place_count(); }
std::size_t leg_rows(const Network& net) { return net.leg_count(); }

}  // namespace

const NetworkTable kPlacesTable{"places", "Places of the route network; row i is place index i", kPlaceFields,
                                &place_rows, &place_value};
const NetworkTable kLegsTable{"legs", "Legs of the route network; row i is leg index i", kLegFields, &leg_rows,
                              &leg_value};

std::string field_units_text(const NetworkTable& t) {
    std::string out;
    for (const TableField& f : t.fields) out += fmt::format("{}{}: {}", out.empty() ? "" : "; ", f.name, f.units);
    return out;
}

std::string quote_value(std::string_view v) {
    std::string out = "'";
    for (std::size_t i = 0; i < v.size() && i < 64; ++i) {
        const auto c = static_cast<unsigned char>(v[i]);
        out += c < 0x20 || c == 0x7f ? '?' : v[i];
    }
    if (v.size() > 64) out += "...";
    return out + "'";
}

std::string place_from_values(const std::vector<FieldValue>& v, Place& p) {
    p.id = std::get<std::string>(v[1]);
    p.name = std::get<std::string>(v[2]);
    p.country = std::get<std::string>(v[3]);
    const auto kind = parse_place_kind(std::get<std::string>(v[4]));
    if (!kind) return "has an unknown kind " + quote_value(std::get<std::string>(v[4]));
    p.kind = *kind;
    p.lon = std::get<double>(v[5]);
    p.lat = std::get<double>(v[6]);
    return "";
}

std::string leg_from_values(const std::vector<FieldValue>& v, std::size_t n_places, Leg& l) {
    l.id = std::get<std::string>(v[1]);
    l.from = std::get<std::uint32_t>(v[2]);
    l.to = std::get<std::uint32_t>(v[3]);
    for (const auto& [end, index] : {std::pair{"from_index", l.from}, std::pair{"to_index", l.to}})
        if (index >= n_places)
            return fmt::format("has {} {}, out of range: there are {} places", end, index, n_places);
    const auto mode = parse_mode(std::get<std::string>(v[6]));
    if (!mode) return "has an unknown mode " + quote_value(std::get<std::string>(v[6]));
    l.mode = *mode;
    l.means = std::get<std::string>(v[7]);
    l.length_km = std::get<double>(v[8]);
    l.base_days = std::get<double>(v[9]);
    l.price_eur = std::get<double>(v[10]);
    l.capacity_per_day = std::get<double>(v[11]);
    l.hazard = std::get<double>(v[12]);
    l.interception = std::get<double>(v[13]);
    l.requires_documents = std::get<std::uint8_t>(v[14]) != 0;
    l.hazard_raster_factor = std::get<double>(v[15]);
    l.interception_raster_factor = std::get<double>(v[16]);
    return "";
}

}  // namespace smugglesim
