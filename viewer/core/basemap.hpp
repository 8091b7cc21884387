#pragma once
// The country basemap and the map projection of the viewer. No OpenGL here:
// polygons are triangulated once at load time into plain vertex arrays in map
// coordinates, which the GUI draws.
#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace smugglesim::viewer {

// WGS84 longitude/latitude -> planar map coordinates in km (x east, y north),
// Lambert azimuthal equal-area centred on the Mediterranean (PROJ).
//
// The centre (lon0, lat0) maps to (0, 0). Each object owns its PROJ context, so
// different objects may be used from different threads; one object must not be
// used by two threads at once. The constructor throws std::invalid_argument if
// lon0 is not in [-180, 180] or lat0 not in [-90, 90] (or either is not finite),
// std::runtime_error if PROJ cannot set the projection up.
class MapProjection {
public:
    explicit MapProjection(double lon0 = 20.0, double lat0 = 42.0);
    ~MapProjection();
    MapProjection(const MapProjection&) = delete;
    MapProjection& operator=(const MapProjection&) = delete;

    // {x, y} in km. Returns {NaN, NaN} when lon or lat is not finite, or when
    // PROJ cannot transform the point (e.g. |lat| > 90, or the antipode of the
    // centre). Never throws.
    std::array<double, 2> forward(double lon, double lat) const;
    std::string definition() const;  // the PROJ string, e.g. "+proj=laea +lat_0=42 +lon_0=20 ..."

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct BasemapCountry {
    std::string id;    // feature field `id` (ISO 3166-1 numeric in Natural Earth); empty
                       // when the field is null (disputed areas such as Kosovo)
    std::string name;  // feature field `name`
    std::vector<float> triangles;               // x0,y0,x1,y1,x2,y2, ... (map km), filled area;
                                                // every triangle counter-clockwise, none degenerate
    std::vector<std::vector<float>> outlines;   // rings: x0,y0,x1,y1, ... (map km), closed implicitly;
                                                // exterior rings counter-clockwise, holes clockwise
                                                // (so the signed shoelace sum is the country's area)
    std::array<float, 4> bbox{};                // xmin, ymin, xmax, ymax (map km)
};

struct Basemap {
    std::filesystem::path source;
    std::vector<BasemapCountry> countries;
    std::array<float, 4> bbox{};  // of all countries
};

// Loads layer `countries` (polygons or multipolygons, fields id and name) of a
// GeoPackage (or any vector source GDAL opens) and projects it. Coordinates are
// WGS84 lon/lat; a layer in another declared CRS is transformed to it first.
// Countries come in the layer's feature order, rings in the order of the
// geometry (each polygon's exterior, then its holes), each ring oriented as
// described above (closing vertex and repeated consecutive vertices dropped;
// rings with fewer than 3 vertices or no area skipped); the triangles of a
// polygon tile it exactly (GLU tessellator). The output is the same for the
// same input.
// Throws std::runtime_error (smugglesim::InputError) with a one-line message
// naming the file, and the layer / feature / field where relevant, when the file
// is missing or not a vector dataset, has no layer `countries` or no features in
// it, lacks field `id` or `name`, or a feature has a null or empty name, no
// geometry, a non-polygon geometry, no polygon of non-zero area, or a
// coordinate that is not finite, not a lon/lat position or cannot be projected.
Basemap load_basemap(const std::filesystem::path& path, const MapProjection& proj);

}  // namespace smugglesim::viewer
