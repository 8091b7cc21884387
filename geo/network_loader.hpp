#pragma once
// Loads the route network from any vector source GDAL/OGR opens (GeoPackage by
// default; GeoJSON, Shapefile, ... also work) and applies optional rasters.
// All validation errors throw smugglesim::InputError naming file, layer,
// feature id and field. See docs/network.md for the format.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/network.hpp"
#include "sim/scenario.hpp"

namespace smugglesim::geo {

// What to load (file, layers, rasters): part of the scenario (sim/scenario.hpp).
using smugglesim::NetworkSource;
using smugglesim::RasterEffect;
using smugglesim::RasterSpec;
using smugglesim::RasterStatistic;

// Load, validate and index. Throws InputError on any bad input.
Network load_network(const NetworkSource& src);

// Geodesic length (WGS84 ellipsoid) of a lon/lat polyline, in km.
double geodesic_length_km(const std::vector<double>& lonlat);

// Points every `spacing_km` along a lon/lat polyline (geodesic), end points included.
std::vector<double> densify_geodesic(const std::vector<double>& lonlat, double spacing_km);

}  // namespace smugglesim::geo
