// The organisations module's scenario groups: [organisations], [market],
// [money] and [[ocg]] blocks (docs/model.md, "Organised crime groups").
// Declared once: the same code parses a scenario and writes
// `smugglesim scenario-reference`.
#include "sim/organisations/organisations.hpp"

namespace smugglesim {

void OrganisationsModule::bind_params(ConfigGroup& root, Scenario& s) {
    {
        auto& o = s.organisations;
        auto g = root.table("organisations", "[organisations]",
                            "Organised crime groups sell every smuggled crossing (docs/model.md, Organised crime groups)");
        g->boolean("enabled", o.enabled,
                   "false: no groups; every leg is its own service at its network price and capacity");
        std::string groups_file = o.groups_file.string();
        g->string("groups_file", groups_file, "optional table of groups, one row each (CSV or GeoPackage, relative to the "
                  "scenario; fields in docs/scenario.md), read after the [[ocg]] blocks");
        g->string("groups_layer", o.groups_layer, "layer of groups_file to read (default: its only layer)");
        o.groups_file = groups_file;
        if (!g->documenting() && groups_file.empty() && !o.groups_layer.empty())
            g->fail("groups_layer", "is set, but groups_file (the table it is a layer of) is not");
        g->integer("groups_per_stage", o.groups_per_stage, Range{1, 16},
                   "default groups selling the smuggled legs that leave a place no [[ocg]] serves");
        g->string("default_structure", o.default_structure, "structure of the default groups",
                  {"hierarchy", "cells", "alliance"});
        g->real("price_spread", o.price_spread, Range{0.0, 1.0},
                "default groups' prices are spread evenly over the leg's price x (1 +- spread / 2)");
        g->real("seats_per_transporter_land", o.seats_per_transporter[0], kPositive,
                "seats a day one driver runs on a land leg (model assumption)");
        g->real("seats_per_transporter_sea", o.seats_per_transporter[1], kPositive,
                "seats a day one boat pilot runs on a sea leg (model assumption)");
        g->real("seats_per_transporter_air", o.seats_per_transporter[2], kPositive,
                "seats a day one escort runs on an air leg (model assumption)");
        g->real("organiser_share", o.organiser_share, Range{0.0, 1.0, true, true},
                "share of organisers among a default group's members (Campana 2018: about 15 %)");
        g->real("recruiters_per_transporter", o.recruiters_per_transporter, kNonNegative,
                "recruiters of a default group per transporter (model assumption)");
        g->real("run_from_custody", o.run_from_custody, kShare,
                "share of its capacity a hierarchy keeps while all its organisers are in custody (Acropolis)");
        g->integer("replace_days_facilitator", o.replace_days_facilitator, Range{0, 3650},
                   "days before a removed recruiter, transporter or safe-house keeper is replaced (weeks: model assumption)");
        g->integer("replace_days_specialist", o.replace_days_specialist, Range{0, 3650},
                   "days before a removed forger, money broker, corrupt official or front company is replaced (months)");
        g->integer("replace_days_organiser", o.replace_days_organiser, Range{0, 3650},
                   "days before a removed organiser is replaced from within the group");
        g->real("hire_queue_days", o.hire_queue_days, kPositive,
                "a group with cash hires transporters for an offer whose queue exceeds this many days of its seats, "
                "as many as bring it back to that (one round of hiring at a time per offer)");
        g->integer("hire_days", o.hire_days, Range{1, 365}, "days before hired transporters start (model assumption)");
        g->real("max_growth", o.max_growth, Range{1.0, 100.0}, "an offer's seats stay at most this x its seats at the start");
        g->integer("move_days", o.move_days, Range{0, 365},
                   "every this many days a group with several offers moves transporters from its least to its most "
                   "profitable offer (profit after losses over four weeks, per transporter); 0: never (model assumption)");
        g->real("move_share", o.move_share, Range{0.0, 1.0, false, true},
                "share of the least profitable offer's transporters moved at a review (at least one)");
        g->real("move_gap", o.move_gap, Range{0.0, 1.0, true, false},
                "transporters move when the least profitable offer's profit per transporter is below move_gap x the "
                "most profitable's, and the latter's queue exceeds its seats");
        g->real("official_effect", o.official_effect, kShare,
                "each corrupt official of a group at work where a leg starts multiplies the chance that the group's "
                "clients are intercepted on it by (1 - official_effect) (model assumption)");
        g->integer("entrants_per_stage", o.entrants_per_stage, Range{0, 16},
                   "groups per place from which a smuggled leg crosses a border that are not in the market at the "
                   "start but may enter its smuggled legs during the run (0: no entry; model assumption)");
        g->integer("review_days", o.review_days, Range{0, 365},
                   "every this many days groups review entry and exit: which legs new groups enter and which offers "
                   "groups leave (0: never)");
        g->real("entry_margin", o.entry_margin, Range{-1.0, 1.0},
                "a new group enters a leg where the profit after losses per seat sold, over four weeks, stays at or "
                "above entry_margin x the leg's price while its queues exceed its seats (model assumption)");
        g->integer("entry_reviews", o.entry_reviews, Range{1, 100}, "reviews in a row that must find a leg's profits high "
                   "before a new group enters it");
        g->real("entry_share", o.entry_share, Range{0.0, 1.0, false, true},
                "seats a day of a new group on a leg it enters, share of the leg's capacity at the start (model assumption)");
        g->integer("entry_days", o.entry_days, Range{1, 365},
                   "days from the decision to enter a leg to the start of the entrant's transporters (its offer "
                   "opens at the next day's market; its organiser and recruiters join at once)");
        g->real("exit_margin", o.exit_margin, Range{-1.0, 1.0},
                "a group leaves an offer whose profit after losses per seat sold, over four weeks, stays below "
                "exit_margin x its price (no sales and no losses: 0); at most entry_margin");
        g->integer("exit_reviews", o.exit_reviews, Range{1, 100}, "reviews in a row that must find an offer's profits "
                   "below exit_margin before its group leaves it");
        g->real("payment_cash", o.payment[0], kShare, "default share of fees paid in cash");
        g->real("payment_hawala", o.payment[1], kShare, "default share of fees paid through hawala brokers");
        g->real("payment_transfer", o.payment[2], kShare, "default share of fees paid by transfers and prepaid cards");
        g->finish();
        if (!g->documenting() && o.exit_margin > o.entry_margin)
            g->fail("exit_margin", "must be at most entry_margin (groups would enter and leave a leg at the same profits)");
        if (!g->documenting() && !(o.payment[0] + o.payment[1] + o.payment[2] > 0))
            g->fail("payment_cash", "payment_cash, payment_hawala and payment_transfer must not all be zero");
    }
    {
        auto& m = s.market;
        auto g = root.table("market", "[market]",
                            "How groups set prices and what customers hear of them (docs/model.md, The market)");
        g->real("margin", m.margin, Range{0.0, 1.0, false, true},
                "price minus operating costs, over price, at reference conditions (Amenta et al. 2017: about 0.65)");
        g->real("pay_share", m.pay_share, kShare, "members' pay per seat, share of the reference price");
        g->real("vehicle_share", m.vehicle_share, kShare, "vehicles, boats and fuel per seat, share of the reference price");
        g->real("bribe_share", m.bribe_share, kShare, "bribes per seat of a group with corrupt officials, share of the reference price");
        g->real("adjust_rate", m.adjust_rate, Range{0.0, 1.0, true, false}, "share of the gap to the target price closed each day");
        g->real("queue_reference_days", m.queue_reference_days, kNonNegative,
                "queue, in days of the offer's capacity, at which demand leaves the price unchanged");
        g->real("demand_elasticity", m.demand_elasticity, Range{0.0, 5.0}, "price response to queue pressure (exponent)");
        g->real("competition_elasticity", m.competition_elasticity, Range{0.0, 5.0},
                "price response to fewer active rival offers on the leg (exponent)");
        g->real("risk_premium", m.risk_premium, kNonNegative,
                "relative price rise per loss (member arrested, vehicle seized) per trip over the last four weeks");
        g->real("min_factor", m.min_factor, kPositive, "lowest target price, x the reference price");
        g->real("max_factor", m.max_factor, kPositive, "highest target price, x the reference price");
        g->integer("reputation_delay_days", m.reputation_delay_days, Range{0, 365},
                   "days before the outcomes of a group's clients reach new customers (social media, word of mouth)");
        g->real("reputation_memory_days", m.reputation_memory_days, Range{1.0, 3650.0},
                "mean age of the outcomes a group's reputation remembers, days");
        g->real("reputation_noise", m.reputation_noise, Range{0.0, 3.0}, "lognormal sigma of what customers hear");
        g->real("reputation_weight", m.reputation_weight, kNonNegative,
                "weight of a group's record of deaths and interceptions beside the leg's known risks in route choice");
        g->finish();
        if (!g->documenting()) {
            if (m.pay_share + m.vehicle_share > 1.0 - m.margin + 1e-12)
                g->fail("pay_share", "pay_share + vehicle_share must not exceed 1 - margin (the operating cost share)");
            if (m.min_factor > 1.0 || m.max_factor < 1.0) g->fail("min_factor", "min_factor <= 1 <= max_factor is needed");
        }
    }
    {
        auto& m = s.money;
        auto g = root.table("money", "[money]", "Where smuggling fees go (docs/model.md, Money)");
        g->real("intermediary_share", m.intermediary_share, kShare,
                "share of a group's fees passed on to intermediaries: forgers, corrupt officials, safe houses (Koser 2008: about half)");
        g->real("hawala_refund_share", m.hawala_refund_share, kShare,
                "of hawala money held for a migrant who never reaches the agreed point, the share refunded to the family "
                "(the rest stays with the broker)");
        g->real("hawala_fee", m.hawala_fee, Range{0.0, 1.0, false, true}, "brokers' commission on the money they release");
        g->finish();
    }
    {
        auto& d = s.documents;
        auto g = root.table("documents", "[documents]",
                            "Groups whose forgers make travel documents sell them to migrants without any (docs/model.md, Documents)");
        g->real("price_eur", d.price_eur, Range{0.0, 1e6}, "price of a document, EUR (EUR 100-3 000: data/facts-2015-2016.md)");
        g->real("per_forger_day", d.per_forger_day, kNonNegative,
                "documents one forger at work makes a day, x --migrants-scale (model assumption)");
        g->real("stock_days", d.stock_days, Range{1.0, 3650.0}, "a seller keeps at most this many days of its forgers' production");
        g->real("quality", d.quality, kShare,
                "share of a group's counterfeits good enough to be detected only good_forgery_factor x as often (model assumption)");
        g->real("lost_stolen_share", d.lost_stolen_share, kShare,
                "share of documents sold that are another person's genuine document, lost or stolen (Maveric: 620 of 939 seized)");
        g->real("fraudulent_share", d.fraudulent_share, kShare,
                "share of documents sold that are genuine but fraudulently obtained (the rest are counterfeits)");
        g->real("wholesale_share", d.wholesale_share, kShare,
                "share of the price a group selling another group's documents (documents_from) pays that group (model assumption)");
        g->integer("default_forgers", d.default_forgers, Range{0, 1000},
                   "forgers of a default group that sells a way to a place where a leg needing documents starts (model assumption)");
        g->finish();
        if (!g->documenting() && d.lost_stolen_share + d.fraudulent_share > 1.0 + 1e-12)
            g->fail("lost_stolen_share", "lost_stolen_share + fraudulent_share must not exceed 1");
    }
    auto blocks = root.tables("ocg", "[[ocg]]   # optional, repeatable: one organised crime group",
                              "A group and the legs it sells crossings on; smuggled legs no group serves get default groups");
    for (auto& g : blocks) {
        OcgSpec o;
        g->string("name", o.name, "unique name (required)");
        g->string("structure", o.structure, "how it is organised", {"hierarchy", "cells", "alliance"});
        g->string("base", o.base, "place id where its organisers sit (default: the start of its first leg)");
        g->string("documents_at", o.documents_at,
                  "place id where its forgers (members.forger) work and sell travel documents (default: the start of its first leg)");
        g->string("documents_from", o.documents_from,
                  "name of another group whose forgers make the documents this group sells at documents_at (the "
                  "other group forges for it; it pays [documents] wholesale_share of each price)");
        g->optional_real("document_quality", o.document_quality, kShare,
                         "share of its forgers' counterfeits that are good (default: [documents] quality)");
        g->string_list("legs", o.legs, "ids of the smuggled legs it sells (required)");
        g->string_list("partners", o.partners, "alliance: names of the groups it buys services from");
        g->string_list("officials_at", o.officials_at,
                       "place ids where its corrupt officials (members.official) work, in turn (default: the starts of "
                       "its legs and of the package stages it runs, in turn)");
        g->share_map("members", o.members, "{ organiser = 2, recruiter = 3, transporter = 12, broker = 1 }",
                     "members by role: organiser, recruiter, transporter, forger, broker, safe_house, official, front "
                     "(default: sized from its capacity as for default groups)");
        g->optional_real("capacity", o.capacity, Range{0.0, 1e9, true, false},
                         "seats a day on each of its legs, x --migrants-scale (default: from its transporters, or the "
                         "leg's capacity shared among its sellers)");
        g->real("price_factor", o.price_factor, Range{0.01, 100.0}, "its prices relative to the legs' network prices");
        g->real("concealment", o.concealment, Range{0.0, 1.0},
                "multiplies the chance that its clients are intercepted on its legs: vehicles adapted with hidden "
                "compartments, < 1 (1: none)");
        g->real("credit_share", o.credit_share, Range{0.0, 1.0, false, true},
                "share of its price that a client who cannot pay it all may owe on a crossing into its destination "
                "state, to work it off there under duress (forced labour; the UK car-wash case); 0: it takes no one on credit");
        g->share_map("payment", o.payment, "{ cash = 0.2, hawala = 0.7, transfer = 0.1 }",
                     "shares of its fees by channel (default: [organisations] payment_*)");
        auto packages = g->tables("package", "[[ocg.package]]   # optional, repeatable: a full-service package it sells",
                                  "Several legs and the lodging on the way for one price (Hecates); a stage on a leg "
                                  "its partners sell is bought from them");
        for (auto& pg : packages) {
            PackageSpec pk;
            pg->string_list("legs", pk.legs,
                            "ids of the smuggled legs, in order: each starts where the one before ends (at least two; required)");
            pg->real("capacity", pk.capacity, Range{0.0, 1e9, true, false},
                     "seats a day on each of its stages, x --migrants-scale (model assumption)");
            pg->real("price_factor", pk.price_factor, Range{0.01, 100.0},
                     "its price relative to the sum of its legs' network prices (plus the lodging)");
            pg->real("lodging_eur", pk.lodging_eur, kNonNegative,
                     "lodging per client and stop on the way (safe houses), included in the price (model assumption: "
                     "the data files give no figure)");
            pg->boolean("documents", pk.documents,
                        "includes a travel document made by the group's forgers for a client who has none (the "
                        "group must sell documents: members.forger or documents_from); its legs may then need documents");
            pg->finish();
            if (pg->documenting()) continue;
            pk.where = pg->where();
            if (pk.legs.size() < 2) pg->fail("legs", "a package needs at least two legs");
            o.packages.push_back(std::move(pk));
        }
        g->finish();
        if (g->documenting()) continue;
        o.where = g->where();
        if (o.name.empty()) g->fail("name", "is required");
        if (o.legs.empty()) g->fail("legs", "is required: the legs it sells crossings on");
        s.ocgs.push_back(std::move(o));
    }
}

}  // namespace smugglesim
