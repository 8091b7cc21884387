// build_organisations: the organisations' part of the model description. The
// scenario's [[ocg]] blocks are resolved against the network; every smuggled
// leg none of them sells gets the default groups of its stage (the place it
// leaves from); the groups' offers replace the legs' own services.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/errors.hpp"
#include "sim/model.hpp"
#include "sim/organisations/model.hpp"

namespace smugglesim {

namespace {

// A group being built: its offers' legs, capacities and prices, its members by role.
struct Draft {
    OcgModel ocg;
    std::vector<std::uint32_t> legs;
    std::optional<double> capacity;           // seats a day on each leg (scaled), if given
    double price_factor = 1.0;
    std::array<double, kRoleCount> members{};  // counts; all zero: sized by the default rule
    bool members_given = false;
    std::string where;                        // for messages
    std::optional<std::uint32_t> documents_at;  // its forgers' place, if given
    std::optional<std::uint32_t> documents_from;  // the group that makes its documents, if another
    std::vector<std::uint32_t> officials_at;  // its officials' places, if given
    double quality = 0.0;                     // of its forgers' counterfeits
    double credit_share = 0.0;                // of its prices, that clients may owe (OfferModel::credit_share)
};

// A package being built: its legs and, per stage, the groups that run it (the
// seller's own stage, or the partners that sell that leg, in order).
struct PackageDraft {
    std::uint32_t seller = 0;
    std::vector<std::uint32_t> legs;
    std::vector<std::vector<std::uint32_t>> operators;
    double capacity = 0.0, price_factor = 1.0, lodging = 0.0;
    bool documents = false;
    std::string where;
    std::vector<std::vector<std::uint32_t>> offers;  // [stage] its offers, in operators' order
};

std::array<double, 3> payment_shares(const std::vector<std::pair<std::string, double>>& given, const double* fallback,
                                     const std::string& where) {
    std::array<double, 3> p{fallback[0], fallback[1], fallback[2]};
    if (!given.empty()) {
        p = {0.0, 0.0, 0.0};
        for (const auto& [k, v] : given) {
            const auto it = std::find(kChannelNames.begin(), kChannelNames.end(), k);
            if (it == kChannelNames.end())
                throw InputError(fmt::format("{}: key 'payment.{}': unknown channel (expected cash, hawala, transfer)", where, k));
            p[static_cast<std::size_t>(it - kChannelNames.begin())] = v;
        }
    }
    const double sum = p[0] + p[1] + p[2];
    for (double& x : p) x /= sum;
    return p;
}

}  // namespace

void build_organisations(Model& md) {
    const Scenario& sc = md.scenario;
    const OrganisationsParams& op = sc.organisations;
    if (!op.enabled) return;
    const Network& net = *md.network;
    const std::size_t nl = md.legs.size();
    const std::string label = sc.path.empty() ? std::string("scenario") : sc.path.string();
    auto smuggled = [&](std::uint32_t l) { return !md.legs[l].need_docs; };

    std::vector<Draft> drafts;
    std::map<std::string, std::uint32_t, std::less<>> by_name;
    std::vector<std::vector<std::uint32_t>> sellers(nl);
    for (std::size_t i = 0; i < sc.ocgs.size(); ++i) {
        const OcgSpec& spec = sc.ocgs[i];
        Draft d;
        d.where = spec.where.empty() ? fmt::format("{}: ocg[{}]", label, i) : spec.where;
        d.ocg.name = spec.name;
        if (!by_name.emplace(spec.name, static_cast<std::uint32_t>(drafts.size())).second)
            throw InputError(fmt::format("{}: {}: a group named '{}' is declared twice", d.where, spec.key("name"), spec.name));
        const auto st = std::find(kStructureNames.begin(), kStructureNames.end(), spec.structure);
        d.ocg.structure = static_cast<Structure>(st - kStructureNames.begin());  // checked by the scenario reader
        for (const std::string& id : spec.legs) {
            const auto l = net.find_leg(id);
            if (!l) throw InputError(fmt::format("{}: {}: no leg '{}' in network {}", d.where, spec.key("legs"), id, net.source));
            if (!smuggled(*l))
                throw InputError(fmt::format("{}: {}: leg '{}' needs travel documents: it is taken without smugglers",
                                             d.where, spec.key("legs"), id));
            if (std::find(d.legs.begin(), d.legs.end(), *l) != d.legs.end())
                throw InputError(fmt::format("{}: {}: leg '{}' is listed twice", d.where, spec.key("legs"), id));
            d.legs.push_back(*l);
            sellers[*l].push_back(static_cast<std::uint32_t>(drafts.size()));
        }
        if (!spec.documents_at.empty()) {
            const auto p = net.find_place(spec.documents_at);
            if (!p)
                throw InputError(fmt::format("{}: {}: no place '{}' in network {}", d.where, spec.key("documents_at"),
                                             spec.documents_at, net.source));
            d.documents_at = *p;
        }
        for (const std::string& id : spec.officials_at) {
            const auto p = net.find_place(id);
            if (!p)
                throw InputError(fmt::format("{}: {}: no place '{}' in network {}", d.where, spec.key("officials_at"), id, net.source));
            d.officials_at.push_back(*p);
        }
        if (spec.base.empty()) {
            d.ocg.base = md.legs[d.legs.front()].from;
        } else {
            const auto p = net.find_place(spec.base);
            if (!p) throw InputError(fmt::format("{}: {}: no place '{}' in network {}", d.where, spec.key("base"), spec.base, net.source));
            d.ocg.base = *p;
        }
        for (const auto& [role, count] : spec.members) {
            const auto r = parse_role(role);
            if (!r)
                throw InputError(fmt::format("{}: {}: unknown role (expected organiser, recruiter, transporter, "
                                             "forger, broker, safe_house, official, front)", d.where, spec.key("members", role)));
            if (count != std::floor(count) || count > kMaxMembersPerRole)
                throw InputError(fmt::format("{}: {}: must be a whole number of members up to {:.0f}, got {}",
                                             d.where, spec.key("members", role), kMaxMembersPerRole, count));
            d.members[static_cast<std::size_t>(*r)] = count;
        }
        d.members_given = !spec.members.empty();
        if (d.members_given && d.members[static_cast<std::size_t>(Role::Transporter)] < 1)
            throw InputError(fmt::format("{}: {}: a group needs at least one transporter", d.where, spec.key("members", "transporter")));
        if (spec.capacity) d.capacity = *spec.capacity * md.migrants_scale;
        d.price_factor = spec.price_factor;
        d.ocg.payment = payment_shares(spec.payment, op.payment, d.where);
        d.ocg.has_officials = d.members[static_cast<std::size_t>(Role::Official)] > 0;
        d.quality = spec.document_quality.value_or(sc.documents.quality);
        d.ocg.concealment = spec.concealment;
        d.credit_share = spec.credit_share;
        drafts.push_back(std::move(d));
    }
    for (std::size_t i = 0; i < sc.ocgs.size(); ++i) {
        const std::string& from = sc.ocgs[i].documents_from;
        if (from.empty()) continue;
        const auto it = by_name.find(from);
        if (it == by_name.end() || it->second == i)
            throw InputError(fmt::format("{}: {}: no other group named '{}'", drafts[i].where, sc.ocgs[i].key("documents_from"), from));
        if (drafts[i].members[static_cast<std::size_t>(Role::Forger)] > 0)
            throw InputError(fmt::format("{}: {}: the group has forgers of its own (members.forger)", drafts[i].where,
                                         sc.ocgs[i].key("documents_from")));
        if (drafts[it->second].members[static_cast<std::size_t>(Role::Forger)] < 1)
            throw InputError(fmt::format("{}: {}: group '{}' has no forgers (members.forger) to make documents",
                                         drafts[i].where, sc.ocgs[i].key("documents_from"), from));
        drafts[i].documents_from = it->second;
    }
    for (std::size_t i = 0; i < sc.ocgs.size(); ++i)
        for (const std::string& p : sc.ocgs[i].partners) {
            const auto it = by_name.find(p);
            if (it == by_name.end() || it->second == i)
                throw InputError(fmt::format("{}: {}: no other group named '{}'", drafts[i].where, sc.ocgs[i].key("partners"), p));
            drafts[i].ocg.partners.push_back(it->second);
        }
    // Packages: paths of smuggled legs; a stage on a leg the seller's partners
    // sell is run by them, the others by the seller.
    std::vector<PackageDraft> packages;
    for (std::size_t i = 0; i < sc.ocgs.size(); ++i)
        for (const PackageSpec& ps : sc.ocgs[i].packages) {
            PackageDraft pd;
            pd.seller = static_cast<std::uint32_t>(i);
            for (const std::string& id : ps.legs) {
                const auto l = net.find_leg(id);
                if (!l) throw InputError(fmt::format("{}: key 'legs': no leg '{}' in network {}", ps.where, id, net.source));
                if (!smuggled(*l) && !ps.documents)
                    throw InputError(fmt::format("{}: key 'legs': leg '{}' needs travel documents: a package over it "
                                                 "must include them (documents = true)", ps.where, id));
                if (std::find(pd.legs.begin(), pd.legs.end(), *l) != pd.legs.end())
                    throw InputError(fmt::format("{}: key 'legs': leg '{}' is listed twice", ps.where, id));
                if (!pd.legs.empty() && md.legs[pd.legs.back()].to != md.legs[*l].from)
                    throw InputError(fmt::format("{}: key 'legs': leg '{}' does not start where leg '{}' ends ('{}')", ps.where, id,
                                                 net.legs()[pd.legs.back()].id, net.places()[md.legs[pd.legs.back()].to].id));
                pd.legs.push_back(*l);
            }
            for (std::size_t k = 0; k < pd.legs.size(); ++k) {
                std::vector<std::uint32_t> ops;
                if (k > 0)
                    for (const std::uint32_t p : drafts[i].ocg.partners)
                        if (std::find(drafts[p].legs.begin(), drafts[p].legs.end(), pd.legs[k]) != drafts[p].legs.end())
                            ops.push_back(p);
                if (ops.empty()) ops.push_back(pd.seller);
                pd.operators.push_back(std::move(ops));
            }
            pd.capacity = ps.capacity * md.migrants_scale;
            pd.price_factor = ps.price_factor;
            pd.lodging = ps.lodging_eur;
            pd.documents = ps.documents;
            pd.where = ps.where;
            pd.offers.resize(pd.legs.size());
            packages.push_back(std::move(pd));
        }
    // Model order: by start place (stable), as Model::packages is kept.
    std::stable_sort(packages.begin(), packages.end(), [&](const PackageDraft& a, const PackageDraft& b) {
        return md.legs[a.legs.front()].from < md.legs[b.legs.front()].from;
    });
    // The package stages on each leg: (package, stage, operator).
    struct StageRef {
        std::uint32_t package, stage, op;
    };
    std::vector<std::vector<StageRef>> stages_on(nl);
    for (std::uint32_t p = 0; p < packages.size(); ++p)
        for (std::uint32_t k = 0; k < packages[p].legs.size(); ++k)
            for (const std::uint32_t g : packages[p].operators[k]) stages_on[packages[p].legs[k]].push_back({p, k, g});

    // Default groups: per place, the smuggled legs leaving it that no block sells.
    const auto st_default = std::find(kStructureNames.begin(), kStructureNames.end(), op.default_structure);
    for (std::uint32_t p = 0; p < net.place_count(); ++p) {
        std::vector<std::uint32_t> legs;
        for (auto it = net.out_begin(p); it != net.out_end(p); ++it)
            if (smuggled(*it) && sellers[*it].empty()) legs.push_back(*it);
        if (legs.empty()) continue;
        const int n = op.groups_per_stage;
        for (int k = 0; k < n; ++k) {
            Draft d;
            d.ocg.name = fmt::format("{}#{}", net.places()[p].id, k + 1);
            if (const auto it = by_name.find(d.ocg.name); it != by_name.end())
                throw InputError(fmt::format("{}: {}: '{}' is the name of a default group", drafts[it->second].where,
                                             sc.ocgs[it->second].key("name"), d.ocg.name));  // a block or a row: default names never repeat
            by_name.emplace(d.ocg.name, static_cast<std::uint32_t>(drafts.size()));
            d.ocg.structure = static_cast<Structure>(st_default - kStructureNames.begin());
            d.ocg.base = p;
            d.ocg.from_default = true;
            d.ocg.payment = payment_shares({}, op.payment, label);
            d.quality = sc.documents.quality;
            d.legs = legs;
            d.price_factor = n == 1 ? 1.0 : 1.0 + op.price_spread * (static_cast<double>(k) / (n - 1) - 0.5);
            d.where = fmt::format("{}: default group '{}'", label, d.ocg.name);
            for (const std::uint32_t l : legs) sellers[l].push_back(static_cast<std::uint32_t>(drafts.size()));
            drafts.push_back(std::move(d));
        }
    }

    // Entrants: per place from which a smuggled leg crosses a border (a
    // corridor), `entrants_per_stage` groups that may enter any smuggled leg
    // leaving it during the run (entry.cpp); none at the start.
    std::vector<std::vector<std::uint32_t>> entrants_on(nl);
    for (std::uint32_t p = 0; p < net.place_count() && op.review_days > 0; ++p) {
        std::vector<std::uint32_t> legs;
        bool border = false;
        for (auto it = net.out_begin(p); it != net.out_end(p); ++it)
            if (smuggled(*it)) {
                legs.push_back(*it);
                border = border || net.place_country(md.legs[*it].to) != net.place_country(p);
            }
        if (!border) continue;
        for (int k = 0; k < op.entrants_per_stage; ++k) {
            Draft d;
            d.ocg.name = fmt::format("{}#new{}", net.places()[p].id, k + 1);
            if (const auto it = by_name.find(d.ocg.name); it != by_name.end())
                throw InputError(fmt::format("{}: {}: '{}' is the name of an entrant group", drafts[it->second].where,
                                             sc.ocgs[it->second].key("name"), d.ocg.name));
            by_name.emplace(d.ocg.name, static_cast<std::uint32_t>(drafts.size()));
            d.ocg.structure = static_cast<Structure>(st_default - kStructureNames.begin());
            d.ocg.base = p;
            d.ocg.from_default = true;
            d.ocg.entrant = true;
            d.ocg.payment = payment_shares({}, op.payment, label);
            d.quality = sc.documents.quality;
            d.legs = legs;
            d.where = fmt::format("{}: entrant group '{}'", label, d.ocg.name);
            for (const std::uint32_t l : legs) entrants_on[l].push_back(static_cast<std::uint32_t>(drafts.size()));
            drafts.push_back(std::move(d));
        }
    }

    if (drafts.size() > kMaxOcgs)
        throw InputError(fmt::format("{}: {} organised crime groups (blocks, rows of the groups table, default and entrant groups), "
                                     "more than the {} a model can hold", label, drafts.size(), kMaxOcgs));
    // Offers (a group's on each of its legs; a leg's own service where no group sells it),
    // their capacity, reference price and transporters.
    auto om = std::make_shared<OrganisationsModel>();
    std::vector<OfferModel> offers;
    struct OfferDraft {
        std::uint32_t transporters;
        double seats_per_transporter, reference_price, operating_price;
    };
    std::vector<OfferDraft> extra;
    // A stage's price for the operator: the leg's times its price factor. A
    // package's: its factor x the sum of its stages' + the lodging at its stops.
    auto stage_price = [&](std::uint32_t l, std::uint32_t g) { return md.legs[l].initial.price * drafts[g].price_factor; };
    auto package_price = [&](const PackageDraft& pd) {
        double sum = 0.0;
        for (std::size_t k = 0; k < pd.legs.size(); ++k) sum += stage_price(pd.legs[k], pd.operators[k].front());
        if (pd.documents) sum += sc.documents.price_eur;
        return pd.price_factor * sum + pd.lodging * static_cast<double>(pd.legs.size() - 1);
    };
    for (std::uint32_t l = 0; l < nl; ++l) {
        const LegModel& lm = md.legs[l];
        // Package stages on this leg: offers of their own, never sold alone
        // (except stage 0), crewed from their capacity.
        auto add_stages = [&] {
            const double seats = op.seats_per_transporter[static_cast<int>(lm.mode)];
            for (const StageRef& r : stages_on[l]) {
                PackageDraft& pd = packages[r.package];
                OfferState st;
                st.capacity = pd.capacity;
                st.interception_factor = drafts[r.op].ocg.concealment;
                const double own = stage_price(l, r.op);
                st.price = r.stage == 0 ? package_price(pd) : 0.0;
                const double need = std::max(1.0, std::ceil(st.capacity / seats));
                if (need > kMaxMembersPerRole)
                    throw InputError(fmt::format("{}: a package's {} seats a day on leg '{}' would take {:.0f} transporters "
                                                 "of {} seats (at most {} per offer): give a smaller capacity",
                                                 drafts[pd.seller].where, st.capacity, net.legs()[l].id, need, seats, kMaxMembersPerRole));
                pd.offers[r.stage].push_back(static_cast<std::uint32_t>(offers.size()));
                OfferModel om_stage{l, r.op, st};
                om_stage.package = r.package;
                om_stage.stage = r.stage;
                offers.push_back(om_stage);
                extra.push_back({static_cast<std::uint32_t>(need), st.capacity / need, r.stage == 0 ? st.price : own, own});
            }
        };
        if (sellers[l].empty()) {
            offers.push_back({l, kNoOcg, {}});
            extra.push_back({0, 0.0, 0.0, 0.0});
            add_stages();
            continue;
        }
        const double seats = op.seats_per_transporter[static_cast<int>(lm.mode)];
        for (const std::uint32_t g : sellers[l]) {
            const Draft& d = drafts[g];
            OfferState st;
            st.price = lm.initial.price * d.price_factor;
            st.interception_factor = d.ocg.concealment;
            std::uint32_t transporters = 0;
            double per = seats;
            if (d.members_given) {
                // Its transporters, shared evenly over its legs (the first get the remainder).
                const auto total = static_cast<std::uint32_t>(d.members[static_cast<std::size_t>(Role::Transporter)]);
                const auto k = static_cast<std::uint32_t>(std::find(d.legs.begin(), d.legs.end(), l) - d.legs.begin());
                const auto nlegs = static_cast<std::uint32_t>(d.legs.size());
                transporters = total / nlegs + (k < total % nlegs ? 1 : 0);
                if (transporters == 0)
                    throw InputError(fmt::format("{}: {}: {} transporters cannot serve its {} legs",
                                                 d.where, sc.ocgs[g].key("members", "transporter"), total, nlegs));
                st.capacity = d.capacity ? *d.capacity : transporters * seats;
                per = st.capacity / transporters;
            } else {
                st.capacity = d.capacity ? *d.capacity : lm.initial.capacity / static_cast<double>(sellers[l].size());
                // Sized from seats: as many members as a group may list by role, at most.
                const double need = std::max(1.0, std::ceil(st.capacity / seats));
                if (need > kMaxMembersPerRole)
                    throw InputError(fmt::format(
                        "{}: {} seats a day on leg '{}' would take {:.0f} transporters of {} seats (at most {} per offer): "
                        "give a smaller capacity, or members.transporter",
                        d.where, st.capacity, md.network->legs()[l].id, need, seats, kMaxMembersPerRole));
                transporters = static_cast<std::uint32_t>(need);
                per = st.capacity / transporters;
            }
            OfferModel sold{l, g, st};
            sold.credit_share = d.credit_share;
            offers.push_back(sold);
            extra.push_back({transporters, per, st.price, st.price});
        }
        // Entrants' offers: no transporters until they enter; then
        // `entry_share` of the leg's capacity at its network price.
        for (const std::uint32_t g : entrants_on[l]) {
            OfferState st;
            st.active = false;  // closed until it enters (its seats here: those it will start with)
            st.price = lm.initial.price;
            st.capacity = op.entry_share * lm.initial.capacity;
            if (std::ceil(st.capacity / seats) > kMaxMembersPerRole)
                throw InputError(fmt::format("{}: key 'organisations.entry_share': an entrant's {} seats a day on leg '{}' "
                                             "would take more than {} transporters of {} seats: give a smaller entry_share",
                                             label, st.capacity, net.legs()[l].id, kMaxMembersPerRole, seats));
            offers.push_back({l, g, st});
            extra.push_back({0, seats, st.price, st.price});
        }
        add_stages();
    }
    // Sorted by leg already; the per-offer tables follow the same order.
    std::vector<std::uint32_t> on_leg(nl, 0);
    for (const OfferModel& o : offers)  // packages have no rivals on a leg; entrants are not in the market at the start
        on_leg[o.leg] += o.package == kNoPackage && (o.ocg == kNoOcg || !drafts[o.ocg].ocg.entrant);
    for (std::size_t o = 0; o < offers.size(); ++o) {
        om->reference_price.push_back(extra[o].reference_price);
        om->operating_price.push_back(extra[o].operating_price);
        om->seats_per_transporter.push_back(extra[o].seats_per_transporter);
        om->rivals.push_back(on_leg[offers[o].leg]);
        if (offers[o].ocg != kNoOcg) drafts[offers[o].ocg].ocg.offers.push_back(static_cast<std::uint32_t>(o));
    }

    // Members: the given counts, or the default rule (transporters from capacity,
    // recruiters per transporter, a broker if it takes hawala, a safe-house keeper
    // if it crosses the sea, organisers as `organiser_share` of all).
    for (std::uint32_t g = 0; g < drafts.size(); ++g) {
        Draft& d = drafts[g];
        d.ocg.first_member = static_cast<std::uint32_t>(om->members.size());
        auto add = [&](Role r, std::uint32_t place, std::uint32_t offer = kNoOffer) {
            om->members.emplace_back(g, offer, place, r);
        };
        std::uint32_t transporters = 0;
        for (const std::uint32_t o : d.ocg.offers) {
            for (std::uint32_t k = 0; k < extra[o].transporters; ++k) add(Role::Transporter, md.legs[offers[o].leg].from, o);
            transporters += extra[o].transporters;
        }
        if (d.ocg.entrant) {  // members join as it enters
            d.ocg.member_count = 0;
            md.ocg_names.push_back(d.ocg.name);
            om->ocgs.push_back(std::move(d.ocg));
            continue;
        }
        std::array<double, kRoleCount> n = d.members;
        if (!d.members_given) {
            n[static_cast<std::size_t>(Role::Recruiter)] = std::max(1.0, std::ceil(transporters * op.recruiters_per_transporter));
            n[static_cast<std::size_t>(Role::Broker)] = d.ocg.payment[1] > 0 ? 1 : 0;
            bool sea = false;
            for (const std::uint32_t l : d.legs) sea = sea || md.legs[l].mode == Mode::Sea;
            n[static_cast<std::size_t>(Role::SafeHouse)] = sea ? 1 : 0;
            // Forgers where the way on needs documents (an airport, a documented ferry).
            bool to_documents = false;
            for (const std::uint32_t l : d.legs)
                for (auto it = net.out_begin(md.legs[l].to); it != net.out_end(md.legs[l].to); ++it)
                    to_documents = to_documents || md.legs[*it].need_docs;
            n[static_cast<std::size_t>(Role::Forger)] = to_documents && !d.documents_from ? sc.documents.default_forgers : 0;
            double aides = transporters;
            for (int r = 0; r < kRoleCount; ++r)
                if (static_cast<Role>(r) != Role::Transporter && static_cast<Role>(r) != Role::Organiser) aides += n[static_cast<std::size_t>(r)];
            n[static_cast<std::size_t>(Role::Organiser)] = std::max(1.0, std::round(aides * op.organiser_share / (1.0 - op.organiser_share)));
        }
        const std::uint32_t stage = md.legs[d.legs.front()].from;
        std::vector<std::uint32_t> starts;  // distinct starts of its legs, in leg order, then of the package stages it runs
        auto add_start = [&](std::uint32_t l) {
            if (std::find(starts.begin(), starts.end(), md.legs[l].from) == starts.end()) starts.push_back(md.legs[l].from);
        };
        for (const std::uint32_t l : d.legs) add_start(l);
        for (const PackageDraft& pd : packages)
            for (std::size_t k = 0; k < pd.legs.size(); ++k)
                if (std::find(pd.operators[k].begin(), pd.operators[k].end(), g) != pd.operators[k].end()) add_start(pd.legs[k]);
        const std::vector<std::uint32_t>& official_places = d.officials_at.empty() ? starts : d.officials_at;
        for (int r = 0; r < kRoleCount; ++r) {
            const auto role = static_cast<Role>(r);
            if (role == Role::Transporter) continue;
            // Organisers, brokers and front companies at the base; corrupt officials
            // where its legs start, in turn; the others where the route starts.
            const bool at_base = role == Role::Organiser || role == Role::Broker || role == Role::Front;
            const std::uint32_t forgers_at = d.documents_at.value_or(stage);
            for (int k = 0; k < static_cast<int>(n[static_cast<std::size_t>(r)]); ++k)
                add(role, at_base                   ? d.ocg.base
                          : role == Role::Official ? official_places[static_cast<std::size_t>(k) % official_places.size()]
                          : role == Role::Forger   ? forgers_at
                                                   : stage);
        }
        d.ocg.member_count = static_cast<std::uint32_t>(om->members.size()) - d.ocg.first_member;
        // A group with forgers sells documents where they work; a group whose
        // documents another group makes sells them at its documents_at.
        if (n[static_cast<std::size_t>(Role::Forger)] >= 1 || d.documents_from) {
            const DocumentParams& dp = sc.documents;
            const std::uint32_t maker = d.documents_from.value_or(g);
            md.document_sellers.push_back({g, maker, d.documents_at.value_or(stage), dp.price_eur, dp.lost_stolen_share,
                                           dp.fraudulent_share, drafts[maker].quality});
        }
        md.ocg_names.push_back(d.ocg.name);
        om->ocgs.push_back(std::move(d.ocg));
    }
    std::stable_sort(md.document_sellers.begin(), md.document_sellers.end(),
                     [](const DocumentSellerModel& a, const DocumentSellerModel& b) { return a.place < b.place; });
    if (!md.document_sellers.empty()) {
        md.place_sellers.assign(net.place_count() + 1, 0);
        for (const DocumentSellerModel& d : md.document_sellers) ++md.place_sellers[d.place + 1];
        for (std::size_t p = 0; p < net.place_count(); ++p) md.place_sellers[p + 1] += md.place_sellers[p];
    }
    set_offers(md, std::move(offers));
    for (const PackageDraft& pd : packages) {
        PackageModel pm;
        pm.ocg = pd.seller;
        pm.from = md.legs[pd.legs.front()].from;
        pm.to = md.legs[pd.legs.back()].to;
        pm.lodging_eur = pd.lodging;
        if (pd.documents) {
            const auto it = std::find_if(md.document_sellers.begin(), md.document_sellers.end(),
                                         [&](const DocumentSellerModel& ds) { return ds.ocg == pd.seller; });
            if (it == md.document_sellers.end())
                throw InputError(fmt::format("{}: key 'documents': group '{}' sells no travel documents (give it forgers, "
                                             "members.forger, or documents_from)", pd.where, md.ocg_names[pd.seller]));
            pm.doc_seller = static_cast<std::uint32_t>(it - md.document_sellers.begin());
        }
        for (const auto& stage : pd.offers) {
            pm.stage_first.push_back(static_cast<std::uint32_t>(pm.offers.size()));
            pm.offers.insert(pm.offers.end(), stage.begin(), stage.end());
        }
        pm.stage_first.push_back(static_cast<std::uint32_t>(pm.offers.size()));
        md.packages.push_back(std::move(pm));
    }
    if (!md.packages.empty()) {
        md.place_packages.assign(net.place_count() + 1, 0);
        for (const PackageModel& pm : md.packages) ++md.place_packages[pm.from + 1];
        for (std::size_t p = 0; p < net.place_count(); ++p) md.place_packages[p + 1] += md.place_packages[p];
    }
    // A migrant's choice at a place holds the offers on the legs leaving it and
    // the documents sellers there: at most kMaxOffersPerPlace in all.
    for (std::uint32_t p = 0; p < net.place_count(); ++p) {
        const auto [s0, s1] = md.sellers_at(p);
        if (s0 == s1) continue;
        std::size_t options = s1 - s0;
        for (auto it = net.out_begin(p); it != net.out_end(p); ++it) options += md.leg_offers[*it + 1] - md.leg_offers[*it];
        if (options > kMaxOffersPerPlace)
            throw InputError(fmt::format("{}: place '{}': {} offers on the legs leaving it and {} groups selling documents "
                                         "there make {} options, more than the {} a route choice can hold",
                                         label, net.places()[p].id, options - (s1 - s0), s1 - s0, options, kMaxOffersPerPlace));
    }
    md.organisations = std::move(om);
}

}  // namespace smugglesim
