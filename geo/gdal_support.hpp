#pragma once
// Small helpers shared by everything in the project that opens files with GDAL
// (the network loader, the viewer's basemap): registration once per process,
// quiet error handling and the text of GDAL's last error.
#include <memory>
#include <string>

class OGRCoordinateTransformation;
class OGRSpatialReference;

namespace smugglesim::geo {

// Registers GDAL's drivers once per process and turns off side-car .aux.xml
// files, so GDAL never writes next to the user's inputs. Thread-safe.
void init_gdal();

// Keeps GDAL quiet on this thread while in scope (its error-handler stack is
// thread-local); callers report problems themselves, quoting gdal_error_text().
class QuietGdalErrors {
public:
    QuietGdalErrors();
    ~QuietGdalErrors();
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

// GDAL's last error message on this thread, or "no detail from GDAL".
std::string gdal_error_text();

struct CtDeleter {
    void operator()(OGRCoordinateTransformation* p) const;
};
using CtPtr = std::unique_ptr<OGRCoordinateTransformation, CtDeleter>;

// WGS84 lon/lat (traditional GIS axis order).
OGRSpatialReference wgs84_srs();

// Transformation between `crs` and WGS84 lon/lat (direction chosen by
// `to_wgs84`); null when `crs` is null (assumed lon/lat) or already WGS84
// lon/lat. Throws InputError starting with `where` if GDAL cannot make it.
CtPtr make_wgs84_transform(const OGRSpatialReference* crs, bool to_wgs84, const std::string& where);

}  // namespace smugglesim::geo
