#pragma once
// The table of organised crime groups: [organisations] groups_file names a CSV
// file, a GeoPackage or any vector layer GDAL/OGR reads, one row per group,
// with the fields of an [[ocg]] block (docs/scenario.md, "A table of groups").
// Each row becomes an OcgSpec appended after the [[ocg]] blocks; what needs the
// network (legs, places, partners) is checked when the model is built
// (build_organisations), with the same file, row and field in the message.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace smugglesim::geo {

// The table's field names, in the order docs/scenario.md lists them: name,
// structure, base, legs, partners, capacity, price_factor, members_<role> for
// every role (kRoleNames), payment_<channel> for every channel (kChannelNames).
const std::vector<std::string>& ocg_layer_fields();

// Reads the table of `sc.organisations.groups_file` (already resolved against
// the scenario's folder) and appends one OcgSpec per row to `sc.ocgs`; marks
// it read (`groups_file_read`), so a second call does nothing. Does nothing
// without a groups_file. Throws InputError naming the file, the row and the
// field: unknown or repeated fields, text in a number field, NaN, a value out
// of its range, a fractional or negative member count, an unknown structure, a
// name already taken (by a row above or an [[ocg]] block), a table without
// rows, a file GDAL cannot open or read (with GDAL's message).
void load_ocg_layer(Scenario& sc);

// One table, as above: `layer` names the layer ("": the file's only one);
// `earlier` are the groups declared before it (names must not repeat theirs).
std::vector<OcgSpec> read_ocg_layer(const std::filesystem::path& file, const std::string& layer,
                                    const std::vector<OcgSpec>& earlier = {});

}  // namespace smugglesim::geo
