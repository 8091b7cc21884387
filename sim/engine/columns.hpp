#pragma once
// The labels of a series' columns, by dimension: ISO3 country codes, place
// ids, leg ids (in index order), mode names; none for totals. Shared by the
// results writer (coordinates) and the JSON summary.
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/series.hpp"
#include "sim/network.hpp"

namespace smugglesim {

std::vector<std::string> column_labels(const Network& net, Dim dim);
// The labels `s` holds for `dim` if it holds any, else the network's.
std::vector<std::string> column_labels(const Network& net, const SeriesSet& s, Dim dim);

// `s` in double quotes with quotes, backslashes and control characters
// escaped (\uXXXX): a valid JSON string and TOML basic string.
std::string quote_string(std::string_view s);

}  // namespace smugglesim
