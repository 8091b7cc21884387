#include "sim/interventions/actions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/dates.hpp"
#include "sim/engine/columns.hpp"
#include "sim/engine/world.hpp"
#include "sim/errors.hpp"
#include "sim/model.hpp"

namespace smugglesim {

namespace {

bool is_leg_setter(ActionKind k) {
    return k == ActionKind::SetCapacity || k == ActionKind::SetPrice || k == ActionKind::SetHazard ||
           k == ActionKind::SetInterception;
}
bool takes_legs(ActionKind k) { return k == ActionKind::CloseLeg || k == ActionKind::OpenLeg || is_leg_setter(k); }
bool is_border(ActionKind k) { return k == ActionKind::CloseBorder || k == ActionKind::OpenBorder; }
bool is_inflow(ActionKind k) { return k == ActionKind::SetInflow || k == ActionKind::ScaleInflow; }

// The spec key holding the value of a setter.
const char* value_key(ActionKind k) {
    switch (k) {
        case ActionKind::SetCapacity: return "capacity";
        case ActionKind::SetPrice: return "price";
        case ActionKind::SetHazard: return "hazard";
        case ActionKind::SetInterception: return "interception";
        default: return "";
    }
}

// Upper bound of a setter's resulting value.
double value_max(ActionKind k) {
    switch (k) {
        case ActionKind::SetCapacity: return kMaxCapacityPerDay;
        case ActionKind::SetPrice: return 1e9;
        default: return 0.999;
    }
}

std::string num(double v) { return fmt::format("{}", v); }  // shortest text that reads back exactly

// The name of a removal's role ("" for any role).
std::string_view role_name(int role) {
    return role >= 0 && static_cast<std::size_t>(role) < kMemberRoleNames.size() ? kMemberRoleNames[static_cast<std::size_t>(role)]
                                                                              : std::string_view();
}

// "Alpha, Beta, A#1, ... (188 in all)": what a message about an unknown group lists.
std::string some_groups(const std::vector<std::string>& names) {
    constexpr std::size_t kShown = 8;
    if (names.empty()) return "none";
    std::vector<std::string> shown(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), kShown)));
    return fmt::format("{}{}", fmt::join(shown, ", "), names.size() > kShown ? fmt::format(", ... ({} in all)", names.size()) : "");
}

std::vector<std::uint32_t> border_legs(const Model& md, const std::string& a, const std::string& b) {
    const Network& net = *md.network;
    std::vector<std::uint32_t> out;
    for (std::uint32_t l = 0; l < net.leg_count(); ++l) {
        const std::string& from = net.places()[net.legs()[l].from].country;
        const std::string& to = net.places()[net.legs()[l].to].country;
        if ((from == a && to == b) || (from == b && to == a)) out.push_back(l);
    }
    return out;
}

}  // namespace

std::vector<Action> resolve_interventions(const std::vector<InterventionSpec>& specs, const Model& md) {
    const Network& net = *md.network;
    const auto start = parse_iso_date(md.scenario.start_date);
    std::vector<Action> out;
    for (const InterventionSpec& s : specs) {
        auto fail = [&](const char* key, const std::string& msg) -> void {
            throw InputError(fmt::format("{}{}: key '{}': {}", s.where, s.name.empty() ? "" : " '" + s.name + "'", key, msg));
        };
        Action a;
        a.name = s.name;
        const auto kind = std::find(kActionNames.begin(), kActionNames.end(), s.action);
        if (kind == kActionNames.end()) fail("action", fmt::format("unknown action '{}'", s.action));
        a.kind = static_cast<ActionKind>(kind - kActionNames.begin());

        // When: date or day; until or days.
        auto day_of = [&](const char* key, const std::string& iso) {
            const auto d = parse_iso_date(iso);
            if (!d) fail(key, fmt::format("'{}' is not a date YYYY-MM-DD", iso));
            if (!start) fail(key, "dates need a valid scenario.start_date (give a day number instead)");
            return days_between(*start, *d);
        };
        if (s.date.empty() == !s.day.has_value()) fail("date", "give either date or day (one of them)");
        a.day = s.day ? *s.day : day_of("date", s.date);
        const char* when = s.day ? "day" : "date";
        if (a.day < 0) fail(when, fmt::format("{} is before the run's first day ({})", s.date, md.scenario.start_date));
        // Past the scenario's own end is an error; a run cut short with --days
        // simply ends before the action (it is not applied and not listed).
        const int last = std::max(md.days, md.scenario.days) - 1;
        if (a.day > last)
            fail(when, fmt::format("day {} is past the scenario's last day ({}, scenario.days = {})", a.day, last,
                                   md.scenario.days));
        if (!s.until.empty() && s.days) fail("until", "give either until or days, not both");
        if (!s.until.empty()) {
            a.until = day_of("until", s.until);
            if (a.until <= a.day) fail("until", fmt::format("'{}' (day {}) is not after the start (day {})", s.until, a.until, a.day));
        } else if (s.days) {
            a.until = a.day + *s.days;
        }

        // What: the keys each kind needs, and no others.
        const bool setter = is_leg_setter(a.kind);
        if (!takes_legs(a.kind) && !s.legs.empty()) fail("legs", fmt::format("not used by {}", s.action));
        if (!is_border(a.kind) && !s.between.empty()) fail("between", fmt::format("not used by {}", s.action));
        if (!is_inflow(a.kind) && !s.origins.empty()) fail("origins", fmt::format("not used by {}", s.action));
        if (!is_removal(a.kind) && !s.ocg.empty()) fail("ocg", fmt::format("not used by {}", s.action));
        if (a.kind != ActionKind::RemoveMembers && !s.role.empty()) fail("role", fmt::format("not used by {}", s.action));
        if (a.kind != ActionKind::RemoveMembers && s.count) fail("count", fmt::format("not used by {}", s.action));
        const std::array<std::pair<const char*, const std::optional<double>*>, 4> values = {
            {{"capacity", &s.capacity}, {"price", &s.price}, {"hazard", &s.hazard}, {"interception", &s.interception}}};
        for (const auto& [key, v] : values)
            if (v->has_value() && std::string_view(key) != value_key(a.kind)) fail(key, fmt::format("not used by {}", s.action));
        if (takes_legs(a.kind)) {
            if (s.legs.empty()) fail("legs", fmt::format("{} needs legs = [\"LEG-ID\", ...]", s.action));
            for (const std::string& id : s.legs) {
                const auto l = net.find_leg(id);
                if (!l) fail("legs", fmt::format("no leg '{}' in network {}", id, net.source));
                if (std::find(a.legs.begin(), a.legs.end(), *l) != a.legs.end())
                    fail("legs", fmt::format("leg '{}' is listed twice", id));
                a.legs.push_back(*l);
            }
        }
        if (is_border(a.kind)) {
            if (s.between.size() != 2 || s.between[0] == s.between[1])
                fail("between", "needs two different states, e.g. between = [\"TUR\", \"GRC\"]");
            for (const std::string& iso : s.between)
                if (!net.find_country(iso)) fail("between", fmt::format("no place in state '{}' in network {}", iso, net.source));
            a.between = s.between;
            a.legs = border_legs(md, s.between[0], s.between[1]);
            if (a.legs.empty())
                fail("between", fmt::format("no leg crosses between {} and {} in network {}", s.between[0], s.between[1], net.source));
        }
        if (setter) {
            const std::optional<double>& v = *values[static_cast<std::size_t>(a.kind) - static_cast<std::size_t>(ActionKind::SetCapacity)].second;
            if (v.has_value() == s.factor.has_value())
                fail(value_key(a.kind), fmt::format("{} needs either {} or factor (one of them)", s.action, value_key(a.kind)));
            if (v) a.value = *v;
            else a.factor = *s.factor;
        } else if (is_inflow(a.kind)) {
            if (!s.factor) fail("factor", fmt::format("{} needs factor = <inflow factor>", s.action));
            a.factor = *s.factor;
            for (const std::string& id : s.origins) {
                const auto p = net.find_place(id);
                bool found = false;
                for (std::size_t i = 0; p && i < md.origins.size(); ++i)
                    if (md.origins[i].place == *p) {  // every [[origin]] block at that place
                        if (std::find(a.origins.begin(), a.origins.end(), i) != a.origins.end())
                            fail("origins", fmt::format("origin '{}' is listed twice", id));
                        a.origins.push_back(static_cast<std::uint32_t>(i));
                        found = true;
                    }
                if (!found) fail("origins", fmt::format("'{}' is not an [[origin]] of the scenario", id));
            }
        } else if (s.factor) {
            fail("factor", fmt::format("not used by {}", s.action));
        }
        if (is_removal(a.kind)) {
            if (!md.organisations)
                fail("action", fmt::format("{} needs organised crime groups, but this scenario has none "
                                           "([organisations] enabled = false)", s.action));
            if (s.days || !s.until.empty())
                fail(s.days ? "days" : "until", fmt::format("not used by {}: a removal acts once, on its day", s.action));
            if (s.ocg.empty()) fail("ocg", fmt::format("{} needs ocg = \"<group name>\"", s.action));
            const auto g = std::find(md.ocg_names.begin(), md.ocg_names.end(), s.ocg);
            if (g == md.ocg_names.end())
                fail("ocg", fmt::format("no organised crime group '{}' in the scenario (its groups: {}; the default "
                                        "groups of a place are named <place id>#<k>)",
                                        s.ocg, some_groups(md.ocg_names)));
            a.ocg = static_cast<std::uint32_t>(g - md.ocg_names.begin());
            if (a.kind == ActionKind::RemoveMembers) {
                if (!s.count) fail("count", "remove_members needs count = <number of members>");
                a.count = static_cast<std::uint32_t>(*s.count);
                if (!s.role.empty()) {
                    const auto r = std::find(kMemberRoleNames.begin(), kMemberRoleNames.end(), s.role);
                    if (r == kMemberRoleNames.end())
                        fail("role", fmt::format("unknown role '{}' (one of: {})", s.role, fmt::join(kMemberRoleNames, ", ")));
                    a.role = static_cast<int>(r - kMemberRoleNames.begin());
                }
            }
        }
        try {
            validate(a, md);
        } catch (const std::invalid_argument& e) {
            fail(setter ? value_key(a.kind) : is_removal(a.kind) ? "ocg" : "factor", e.what());
        }
        out.push_back(std::move(a));
    }
    return out;
}

void validate(const Action& a, const Model& md) {
    for (std::uint32_t l : a.legs)
        if (l >= md.legs.size()) throw std::invalid_argument(fmt::format("no leg with index {}", l));
    for (std::uint32_t o : a.origins)
        if (o >= md.origins.size()) throw std::invalid_argument(fmt::format("no origin with index {}", o));
    if (a.day < 0 || a.until <= a.day) throw std::invalid_argument("an action must start on a day >= 0 and end after it");
    const std::string what = a.legs.empty() ? std::string("inflow")
                                            : fmt::format("leg '{}'", md.network->legs()[a.legs.front()].id);
    if (is_leg_setter(a.kind)) {
        const bool has_value = !std::isnan(a.value), has_factor = !std::isnan(a.factor);
        if (has_value == has_factor) throw std::invalid_argument(what + ": give a value or a factor");
        const double v = has_value ? a.value : a.factor;
        const double hi = has_value ? value_max(a.kind) : 100.0;
        if (!std::isfinite(v) || v < 0 || v > hi)
            throw std::invalid_argument(fmt::format("{}: {} must be in [0, {}], got {}", what,
                                                    has_value ? value_key(a.kind) : "factor", hi, v));
    }
    if (is_border(a.kind) && a.between.size() != 2) throw std::invalid_argument("a border action needs two states");
    if (is_removal(a.kind)) {
        if (!md.organisations) throw std::invalid_argument("there are no organised crime groups in this scenario to remove");
        if (a.ocg >= md.ocg_names.size()) throw std::invalid_argument(fmt::format("no organised crime group with index {}", a.ocg));
        const std::string& g = md.ocg_names[a.ocg];
        if (a.until != kNoEnd) throw std::invalid_argument(fmt::format("group '{}': a removal acts once, on its day: it has no end", g));
        if (a.kind == ActionKind::RemoveMembers) {
            if (a.count == 0) throw std::invalid_argument(fmt::format("group '{}': count must be at least 1", g));
            if (a.role < -1 || a.role >= static_cast<int>(kMemberRoleNames.size()))
                throw std::invalid_argument(fmt::format("group '{}': no role with index {}", g, a.role));
        }
    }
    if (is_inflow(a.kind)) {
        if (!std::isfinite(a.factor) || a.factor < 0 || a.factor > 100)
            throw std::invalid_argument(fmt::format("inflow factor must be in [0, 100], got {}", a.factor));
        for (std::size_t o = 0; o < md.origins.size(); ++o) {
            if (!a.origins.empty() && std::find(a.origins.begin(), a.origins.end(), o) == a.origins.end()) continue;
            const OriginModel& om = md.origins[o];
            const double peak = std::max(om.rate_per_day, om.series.empty() ? 0.0 : *std::max_element(om.series.begin(), om.series.end()));
            if (peak * a.factor > kMaxRatePerDay)
                throw std::invalid_argument(fmt::format("inflow factor {} makes origin '{}' exceed {} migrants per day",
                                                        a.factor, md.network->places()[om.place].id, kMaxRatePerDay));
        }
    }
}

void apply(const Action& a, const Model& md, World& w) {
    auto set = [&](double& field, double scale) {
        const double v = std::isnan(a.factor) ? a.value * scale : field * a.factor;
        field = std::min(v, value_max(a.kind));
    };
    switch (a.kind) {
        case ActionKind::CloseLeg:
        case ActionKind::CloseBorder:
            for (std::uint32_t l : a.legs) w.legs[l].open = false;
            break;
        case ActionKind::OpenLeg:
        case ActionKind::OpenBorder:
            for (std::uint32_t l : a.legs) w.legs[l].open = true;
            break;
        case ActionKind::SetCapacity:
            for (std::uint32_t l : a.legs) set(w.legs[l].capacity, md.migrants_scale);
            break;
        case ActionKind::SetPrice:
            for (std::uint32_t l : a.legs) set(w.legs[l].price, 1.0);
            break;
        case ActionKind::SetHazard:
            for (std::uint32_t l : a.legs) set(w.legs[l].hazard, 1.0);
            break;
        case ActionKind::SetInterception:
            for (std::uint32_t l : a.legs) set(w.legs[l].interception, 1.0);
            break;
        case ActionKind::SetInflow:
            if (a.origins.empty()) std::fill(w.inflow_factor.begin(), w.inflow_factor.end(), a.factor);
            for (std::uint32_t o : a.origins) w.inflow_factor[o] = a.factor;
            break;
        case ActionKind::ScaleInflow:
            if (a.origins.empty())
                for (double& f : w.inflow_factor) f *= a.factor;
            for (std::uint32_t o : a.origins) w.inflow_factor[o] *= a.factor;
            break;
        case ActionKind::RemoveOcg:
        case ActionKind::RemoveMembers: {
            // Once, on its day: the module applies every active action again
            // on each day an action starts or ends.
            if (w.day != a.day) break;
            MemberRemoval r;
            r.ocg = a.ocg;
            if (a.kind == ActionKind::RemoveMembers && a.role >= 0) r.role = static_cast<std::uint8_t>(a.role);
            r.count = a.kind == ActionKind::RemoveOcg ? kAllMembers : a.count;
            r.day = a.day;
            w.member_removals.push_back(r);
            break;
        }
    }
}

std::string describe(const Action& a, const Model& md) {
    const Network& net = *md.network;
    auto legs = [&] {
        if (a.legs.size() == 1) return "leg " + net.legs()[a.legs[0]].id;
        return fmt::format("{} legs", a.legs.size());
    };
    auto group = [&] { return a.ocg < md.ocg_names.size() ? md.ocg_names[a.ocg] : fmt::format("#{}", a.ocg); };
    std::string out;
    auto setter = [&](const char* what, const char* unit) {
        return std::isnan(a.factor) ? fmt::format("set {} of {} to {}{}", what, legs(), num(a.value), unit)
                                    : fmt::format("multiply {} of {} by {}", what, legs(), num(a.factor));
    };
    switch (a.kind) {
        case ActionKind::CloseLeg: out = "close " + legs(); break;
        case ActionKind::OpenLeg: out = "reopen " + legs(); break;
        case ActionKind::CloseBorder: out = fmt::format("close the border {}-{} ({})", a.between[0], a.between[1], legs()); break;
        case ActionKind::OpenBorder: out = fmt::format("reopen the border {}-{} ({})", a.between[0], a.between[1], legs()); break;
        case ActionKind::SetCapacity: out = setter("the capacity", " per day"); break;
        case ActionKind::SetPrice: out = setter("the price", " EUR"); break;
        case ActionKind::SetHazard: out = setter("the hazard", ""); break;
        case ActionKind::SetInterception: out = setter("the interception", ""); break;
        case ActionKind::SetInflow:
            out = a.origins.empty() ? fmt::format("set the inflow to x{}", num(a.factor))
                                    : fmt::format("set the inflow at {} origin(s) to x{}", a.origins.size(), num(a.factor));
            break;
        case ActionKind::ScaleInflow:
            out = a.origins.empty() ? fmt::format("multiply the inflow by {}", num(a.factor))
                                    : fmt::format("multiply the inflow at {} origin(s) by {}", a.origins.size(), num(a.factor));
            break;
        case ActionKind::RemoveOcg: out = fmt::format("remove group {} (every member)", group()); break;
        case ActionKind::RemoveMembers:
            out = fmt::format("remove {} {}member{} of group {}", a.count, a.role < 0 ? "" : std::string(role_name(a.role)) + " ",
                              a.count == 1 ? "" : "s", group());
            break;
    }
    if (!a.name.empty()) out = a.name + ": " + out;
    return out;
}

std::string parameters_text(const Action& a, const Model& md) {
    const Network& net = *md.network;
    std::vector<std::string> parts;
    if (is_border(a.kind)) parts.push_back(fmt::format("between={},{}", a.between[0], a.between[1]));
    else if (!a.legs.empty()) {
        std::vector<std::string> ids;
        for (std::uint32_t l : a.legs) ids.push_back(net.legs()[l].id);
        parts.push_back(fmt::format("legs={}", fmt::join(ids, ",")));
    }
    if (!a.origins.empty()) {
        std::vector<std::string> ids;
        for (std::uint32_t o : a.origins) ids.push_back(net.places()[md.origins[o].place].id);
        parts.push_back(fmt::format("origins={}", fmt::join(ids, ",")));
    }
    if (!std::isnan(a.value)) parts.push_back(fmt::format("{}={}", value_key(a.kind), num(a.value)));
    if (!std::isnan(a.factor)) parts.push_back(fmt::format("factor={}", num(a.factor)));
    if (is_removal(a.kind) && a.ocg < md.ocg_names.size()) parts.push_back(fmt::format("ocg={}", md.ocg_names[a.ocg]));
    if (a.kind == ActionKind::RemoveMembers) {
        if (a.role >= 0) parts.push_back(fmt::format("role={}", role_name(a.role)));
        parts.push_back(fmt::format("count={}", a.count));
    }
    return fmt::format("{}", fmt::join(parts, " "));
}

ActionRecord record_of(const Action& a, const Model& md) {
    ActionRecord r;
    r.day = a.day;
    r.until = a.until == kNoEnd ? -1 : a.until;
    if (const auto start = parse_iso_date(md.scenario.start_date)) r.date = format_iso_date(add_days(*start, a.day));
    r.name = a.name;
    r.action = std::string(kActionNames[static_cast<std::size_t>(a.kind)]);
    r.parameters = parameters_text(a, md);
    r.description = describe(a, md);
    return r;
}

std::string to_toml(const Action& a, const Model& md) {
    const Network& net = *md.network;
    auto list = [](const std::vector<std::string>& v) {
        std::vector<std::string> q;
        for (const std::string& s : v) q.push_back(quote_string(s));
        return fmt::format("[{}]", fmt::join(q, ", "));
    };
    std::string out = "[[intervention]]\n";
    if (!a.name.empty()) out += fmt::format("name = {}\n", quote_string(a.name));
    out += fmt::format("action = \"{}\"\n", kActionNames[static_cast<std::size_t>(a.kind)]);
    out += fmt::format("day = {}\n", a.day);
    if (a.until != kNoEnd) out += fmt::format("days = {}\n", a.until - a.day);
    if (is_border(a.kind)) out += fmt::format("between = {}\n", list(a.between));
    else if (!a.legs.empty()) {
        std::vector<std::string> ids;
        for (std::uint32_t l : a.legs) ids.push_back(net.legs()[l].id);
        out += fmt::format("legs = {}\n", list(ids));
    }
    if (!a.origins.empty()) {
        std::vector<std::string> ids;
        for (std::uint32_t o : a.origins) ids.push_back(net.places()[md.origins[o].place].id);
        out += fmt::format("origins = {}\n", list(ids));
    }
    // {:.17g} keeps a '.' or an exponent: TOML reads it back as the same float.
    auto real = [](double v) {
        std::string t = fmt::format("{:.17g}", v);
        if (t.find_first_of(".eE") == std::string::npos) t += ".0";
        return t;
    };
    if (!std::isnan(a.value)) out += fmt::format("{} = {}\n", value_key(a.kind), real(a.value));
    if (!std::isnan(a.factor)) out += fmt::format("factor = {}\n", real(a.factor));
    if (is_removal(a.kind) && a.ocg < md.ocg_names.size()) out += fmt::format("ocg = {}\n", quote_string(md.ocg_names[a.ocg]));
    if (a.kind == ActionKind::RemoveMembers) {
        if (a.role >= 0) out += fmt::format("role = \"{}\"\n", role_name(a.role));
        out += fmt::format("count = {}\n", a.count);
    }
    return out;
}

}  // namespace smugglesim
