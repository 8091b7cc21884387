#pragma once
// The scenario's contents as plain data: what the model is built from
// (build_model, sim/model.hpp). Read from TOML by config/scenario_toml.hpp,
// whose schema gives every key a default, a comment and a range check
// (MATSim-style config groups). No TOML, GDAL or HDF5 here: the engine builds
// without them.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/engine/config_group.hpp"


namespace smugglesim {

// Travel documents a migrant holds. Origins draw none, genuine or forged
// (kDocStatusCount shares); LostStolen (another person's genuine document)
// is only bought from forgers (sim/organisations, [documents]).
enum class DocStatus : std::uint8_t { None = 0, Genuine = 1, Forged = 2, LostStolen = 3 };
inline constexpr int kDocStatusCount = 3;

// Where the network comes from: a vector source GDAL opens, loaded by
// geo/network_loader.hpp, and optional rasters sampled along legs.
enum class RasterEffect { Hazard, Interception };
enum class RasterStatistic { Mean, Max };

struct RasterSpec {
    std::filesystem::path file;       // any raster GDAL opens (GeoTIFF), EPSG:4326 or any CRS
    RasterEffect effect = RasterEffect::Hazard;  // which leg probability it multiplies
    RasterStatistic statistic = RasterStatistic::Mean;  // how samples along a leg combine
    double sample_km = 5.0;           // spacing of samples along the leg geometry
    int band = 1;
    std::vector<int> modes = {0, 1, 2};  // Mode values the raster applies to
};

struct NetworkSource {
    std::filesystem::path file;             // for a Shapefile set: a directory or .shp
    std::string places_layer = "places";
    std::string legs_layer = "legs";
    std::vector<RasterSpec> rasters;
};

struct OriginSpec {
    std::string place;                  // place id in the network
    double rate_per_day = 0.0;          // mean new migrants per day
    std::string rate_series;            // optional CSV: day,rate (relative to the TOML)
    std::vector<double> series;         // loaded rate_series, one value per day (may be shorter)
    std::string rate_series_key;        // where rate_series was given, for messages
    std::vector<std::pair<std::string, double>> destinations;  // ISO3 -> share (normalised)
    double money_median_eur = 5000.0;
    double money_sigma = 0.5;
    double documents[kDocStatusCount] = {0.8, 0.05, 0.15};  // none, genuine, forged (normalised)
};

struct ChoiceParams {
    double beta_price = 1.0;       // disutility per 1000 EUR of price
    double beta_time = 0.1;        // disutility per day of travel or expected waiting
    double beta_risk = 100.0;      // disutility per unit probability of death/missing
    double beta_interception = 10.0;  // disutility per unit probability of interception
    double logit_scale = 2.0;      // multinomial logit scale (higher = more deterministic)
    int patience_days = 7;         // days in a queue before reconsidering the choice
    // Tastes: shares of migrants who weigh price (thrifty), time (hurried) or
    // risks (cautious) taste_weight times as much as the others (balanced).
    double taste_share[3] = {0.15, 0.15, 0.15};  // thrifty, hurried, cautious
    double taste_weight = 3.0;
};

struct TravelParams {
    double daily_cost_eur = 10.0;  // living cost while waiting at a place
    double time_sigma = 0.2;       // lognormal spread of travel time around base days
    int max_leg_days = 60;         // cap on one leg's travel time
    double exploitation_share = 0.2;  // of migrants out of money where groups sell crossings, the share exploited
};

struct HazardParams {
    double missing_share[3] = {0.05, 0.7, 0.0};  // land, sea, air: share of deaths recorded missing
    double sea_seasonality = 0.3;  // relative amplitude of the winter peak of sea hazard
    int sea_peak_day = 15;         // day of year of the highest sea hazard
};

struct InterceptionParams {
    double return_share = 0.3;        // share of intercepted migrants returned to origin
    double forged_detection = 0.25;   // probability a forged document is detected on a checked leg
    double good_forgery_factor = 0.2; // a good-quality counterfeit (bought) is detected this x as often
    double lost_stolen_detection = 0.25;  // probability another person's genuine document is detected on a checked leg
};

// One [[intervention]] block as written (resolved against the network by
// build_model into an Action, sim/interventions/actions.hpp).
struct InterventionSpec {
    std::string where;                  // "<file>:<line>: intervention[i]" for messages
    std::string name;                   // free text, shown in outputs and the viewer
    std::string action;                 // close_leg, open_leg, close_border, ... (kActionNames)
    std::string date, until;            // ISO dates, or
    std::optional<int> day, days;       // the first day; the number of days it lasts
    std::vector<std::string> legs, between, origins;
    std::optional<double> capacity, price, hazard, interception, factor;
    std::string ocg, role;              // remove_ocg, remove_members: the group; the members' role
    std::optional<int> count;           // remove_members: how many
};

// The organisations module (sim/organisations/, docs/model.md "Organised crime
// groups"): its [organisations], [market] and [money] groups, [[ocg]] blocks
// and the rows of the table [organisations] groups_file names.
// A full-service package a group sells ([[ocg.package]]): several legs, the
// lodging on the way included, for one price (Hecates).
struct PackageSpec {
    std::string where;                  // "<file>:<line>: ocg[i].package[j]"
    std::vector<std::string> legs;      // leg ids, a path: each starts where the one before ends
    double capacity = 10.0;             // seats a day on each stage (x migrants_scale)
    double price_factor = 1.0;          // its price relative to the sum of its legs' prices
    double lodging_eur = 50.0;          // per client and stop on the way, included in the price
    bool documents = false;             // includes a travel document from the group's forgers (its legs may need documents)
};

struct OcgSpec {
    std::string where;                  // "<file>:<line>: ocg[i]", or "<file>: row N" for a row of groups_file
    // How messages name its settings: "key 'members.transporter'" in a block,
    // "field 'members_transporter'" in a row of a table (key_word "field", separator '_').
    std::string key_word = "key";
    char key_separator = '.';
    std::string key(std::string_view setting, std::string_view sub = {}) const {
        std::string k = key_word + " '" + std::string(setting);
        if (!sub.empty()) (k += key_separator) += sub;
        return k + "'";
    }
    std::string name;
    std::string structure = "hierarchy";  // hierarchy, cells, alliance
    std::string base;                   // place id of its organisers (default: the start of its first leg)
    std::string documents_at;           // place id where its forgers work and sell (default: the start of its first leg)
    std::string documents_from;         // a group whose forgers make the documents it sells (Taurus worked for other OCGs)
    std::optional<double> document_quality;  // its forgers' counterfeits: share good (default: [documents] quality)
    double concealment = 1.0;           // multiplies its clients' interception on its legs (adapted vehicles: < 1)
    double credit_share = 0.0;          // share of its price a client may owe on a crossing into its destination state
    std::vector<std::string> legs;      // leg ids it sells crossings on
    std::vector<std::string> partners;  // alliance: the groups it buys services from
    std::vector<std::string> officials_at;  // place ids where its corrupt officials work (default: its legs' starts)
    std::vector<std::pair<std::string, double>> members;  // role -> count (organiser, recruiter, ...)
    std::optional<double> capacity;     // seats per day on each of its legs (default: the leg's / its sellers)
    double price_factor = 1.0;          // its price relative to the leg's
    std::vector<std::pair<std::string, double>> payment;  // cash, hawala, transfer -> share
    std::vector<PackageSpec> packages;  // full-service packages it sells
};

struct OrganisationsParams {
    bool enabled = true;                // false: every leg is its own service (no smugglers), as before
    // A table of groups, one row each (CSV, GeoPackage: any vector layer GDAL
    // reads), resolved against the scenario's folder; its rows are appended to
    // Scenario::ocgs by geo::load_ocg_layer (geo/ocg_layer.hpp) before build_model.
    std::filesystem::path groups_file;
    std::string groups_layer;           // its layer ("": the file's only layer)
    bool groups_file_read = false;      // set by geo::load_ocg_layer; build_model refuses an unread groups_file
    int groups_per_stage = 2;           // default groups per place whose smuggled legs no [[ocg]] serves
    std::string default_structure = "cells";
    double price_spread = 0.1;          // default groups' prices spread over +-spread/2 of the leg's
    double seats_per_transporter[3] = {10.0, 40.0, 2.0};  // land, sea, air: seats a day one driver or pilot runs
    double organiser_share = 0.15;      // organisers among members (Campana 2018)
    double recruiters_per_transporter = 0.25;
    double run_from_custody = 0.5;      // capacity a hierarchy keeps when its organisers are all in custody
    int replace_days_facilitator = 21;  // days to replace a removed recruiter, transporter or safe-house keeper
    int replace_days_specialist = 120;  // days to replace a forger, broker, corrupt official or front company
    int replace_days_organiser = 180;   // days to replace an organiser
    double hire_queue_days = 3.0;       // queue (days of capacity) above which a group hires transporters for the offer
    int hire_days = 7;                  // days before hired transporters start
    double max_growth = 3.0;            // an offer's seats stay at most this x its seats at the start
    int move_days = 7;                  // groups review where their transporters work every this many days (0: never)
    double move_share = 0.1;            // share of an offer's transporters moved at a review
    double move_gap = 0.5;              // moved when the worst offer's profit per transporter < this x the best's
    double payment[3] = {0.5, 0.4, 0.1};  // default shares of fees paid by cash, hawala, transfer
    double official_effect = 0.3;       // each corrupt official at a leg's start cuts its clients' detection by this share
    // Entry and exit (docs/model.md, Entry and exit): reviewed every review_days.
    int entrants_per_stage = 1;         // groups per place with a smuggled border crossing that may enter its legs during the run
    int review_days = 28;               // days between reviews of entry and exit (0: never)
    double entry_margin = 0.25;         // entry where the leg's profit per seat sold stays >= this x its price ...
    int entry_reviews = 3;              // ... and its queues exceed its seats, at this many reviews in a row
    double entry_share = 0.25;          // an entrant's seats on a leg, share of the leg's capacity at the start
    int entry_days = 30;                // days from an entry decision to the start of its transporters
    double exit_margin = 0.0;           // a group leaves an offer whose profit per seat sold stays below this x its price ...
    int exit_reviews = 3;               // ... at this many reviews in a row
};

// The documents market (docs/model.md, Documents): groups whose forgers make
// travel documents sell them to migrants without any.
struct DocumentParams {
    double price_eur = 1500.0;          // a document, EUR (EUR 100-3 000, data/facts-2015-2016.md)
    double per_forger_day = 1.0;        // documents one forger makes a day (x migrants_scale; model assumption)
    double stock_days = 30.0;           // a seller keeps at most this many days of its production
    double quality = 0.5;               // share of a group's counterfeits good enough to pass most checks
    double lost_stolen_share = 0.66;    // of documents sold: another person's genuine one (Maveric: 620 of 939)
    double fraudulent_share = 0.0;      // of documents sold: genuine, fraudulently obtained (rest: counterfeit)
    double wholesale_share = 0.5;       // of a document's price, paid by the group that sells it to the group that made it
    int default_forgers = 1;            // forgers of a default group whose legs lead to a place where documents are needed
};

struct MarketParams {
    double margin = 0.65;               // price minus operating costs, over price, at reference (Amenta et al. 2017)
    double pay_share = 0.2;             // members' pay per seat, share of the reference price
    double vehicle_share = 0.15;        // vehicles, fuel, boats per seat, share of the reference price
    double bribe_share = 0.05;          // bribes per seat where the group has corrupt officials
    double adjust_rate = 0.1;           // share of the gap to the target price closed per day
    double queue_reference_days = 1.0;  // queue (days of capacity) at which demand leaves the price as it is
    double demand_elasticity = 0.2;     // price response to queue pressure
    double competition_elasticity = 0.3;  // price response to fewer rival offers on a leg
    double risk_premium = 2.0;          // price rise per loss (arrest, seizure) per trip of the last weeks
    double min_factor = 0.5, max_factor = 3.0;  // bounds of the target price, x reference
    int reputation_delay_days = 14;     // days before clients' outcomes are known to new customers
    double reputation_memory_days = 60; // mean age of the outcomes that reputation remembers
    double reputation_noise = 0.3;      // lognormal noise of what customers hear
    double reputation_weight = 1.0;     // weight of a group's record beside the leg's known risks
};

struct MoneyParams {
    double intermediary_share = 0.5;    // share of fees passed on to intermediaries (Koser 2008)
    double hawala_refund_share = 0.5;   // of held money never released: share refunded to the family
    double hawala_fee = 0.02;           // brokers' commission on money they release
};

struct Scenario {
    std::filesystem::path path;  // the TOML file ("" when parsed from text)
    std::string text;            // full TOML text as given
    std::string name = "unnamed";
    int days = 365;
    std::uint64_t seed = 1;
    std::string start_date = "2015-01-01";
    NetworkSource network;
    std::vector<OriginSpec> origins;
    ChoiceParams choice;
    TravelParams travel;
    HazardParams hazard;
    InterceptionParams interception;
    std::vector<InterventionSpec> interventions;
    OrganisationsParams organisations;
    MarketParams market;
    DocumentParams documents;
    MoneyParams money;
    std::vector<OcgSpec> ocgs;
};

}  // namespace smugglesim
