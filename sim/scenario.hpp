#pragma once
// The scenario: a TOML file whose every key has a default, a comment and a
// range check (MATSim-style config groups). One schema definition serves both
// parsing and documentation (`smugglesim scenario-reference`).
// Unknown keys and out-of-range values throw InputError naming file and key.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geo/network_loader.hpp"

namespace smugglesim {

enum class DocStatus : std::uint8_t { None = 0, Genuine = 1, Forged = 2 };
inline constexpr int kDocStatusCount = 3;

struct OriginSpec {
    std::string place;                  // place id in the network
    double rate_per_day = 0.0;          // mean new migrants per day
    std::string rate_series;            // optional CSV: day,rate (relative to the TOML)
    std::vector<double> series;         // loaded rate_series, one value per day (may be shorter)
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
};

struct TravelParams {
    double daily_cost_eur = 10.0;  // living cost while waiting at a place
    double time_sigma = 0.2;       // lognormal spread of travel time around base days
    int max_leg_days = 60;         // cap on one leg's travel time
};

struct HazardParams {
    double missing_share[3] = {0.05, 0.7, 0.0};  // land, sea, air: share of deaths recorded missing
    double sea_seasonality = 0.3;  // relative amplitude of the winter peak of sea hazard
    int sea_peak_day = 15;         // day of year of the highest sea hazard
};

struct InterceptionParams {
    double return_share = 0.3;        // share of intercepted migrants returned to origin
    double forged_detection = 0.25;   // probability a forged document is detected on a checked leg
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
};

struct Scenario {
    std::filesystem::path path;  // the TOML file ("" when parsed from text)
    std::string text;            // full TOML text as given
    std::string name = "unnamed";
    int days = 365;
    std::uint64_t seed = 1;
    std::string start_date = "2015-01-01";
    geo::NetworkSource network;
    std::vector<OriginSpec> origins;
    ChoiceParams choice;
    TravelParams travel;
    HazardParams hazard;
    InterceptionParams interception;
    std::vector<InterventionSpec> interventions;
};

// Parse a scenario file; relative paths inside resolve against its directory.
Scenario load_scenario(const std::filesystem::path& file);
// Parse scenario text; `label` names the source in messages.
Scenario parse_scenario(const std::string& text, const std::filesystem::path& base_dir,
                        const std::string& label);
// Reads the [[intervention]] blocks of a file that holds only those
// (`smugglesim run --intervention FILE`); anything else in it is an error.
std::vector<InterventionSpec> load_interventions(const std::filesystem::path& file);
// Parses [[intervention]] blocks from text (`label` names the source).
std::vector<InterventionSpec> parse_interventions(const std::string& text, const std::string& label);
// Annotated TOML listing every key with its default, range and meaning.
std::string scenario_reference();

}  // namespace smugglesim
