#pragma once
// Loads the route network from any vector source GDAL/OGR opens (GeoPackage by
// default; GeoJSON, Shapefile, ... also work) and applies optional rasters.
// All validation errors throw smugglesim::InputError naming file, layer,
// feature id and field. See docs/network.md for the format.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/network.hpp"

namespace smugglesim::geo {

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

// Load, validate and index. Throws InputError on any bad input.
Network load_network(const NetworkSource& src);

// Geodesic length (WGS84 ellipsoid) of a lon/lat polyline, in km.
double geodesic_length_km(const std::vector<double>& lonlat);

// Points every `spacing_km` along a lon/lat polyline (geodesic), end points included.
std::vector<double> densify_geodesic(const std::vector<double>& lonlat, double spacing_km);

}  // namespace smugglesim::geo
