#pragma once
// Reading scenarios from TOML: one schema per config group (sim/scenario.hpp)
// that drives parsing, range errors and `smugglesim scenario-reference`.
// Unknown keys and out-of-range values throw InputError naming file, line and key.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario.hpp"

namespace smugglesim {

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
// Parses a rate series ('day,rate' lines, optional header, '#' comments);
// `label` names the source in messages. (The CSV of [[origin]] rate_series.)
std::vector<double> parse_rate_series(std::string_view text, const std::string& label);
// Annotated TOML listing every key with its default, range and meaning.
std::string scenario_reference();

}  // namespace smugglesim
