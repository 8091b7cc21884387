#include "geo/gdal_support.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <fmt/format.h>
#include <gdal.h>
#include <ogr_spatialref.h>

#include <mutex>

#include "sim/errors.hpp"

namespace smugglesim::geo {

void init_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        CPLSetConfigOption("GDAL_PAM_ENABLED", "NO");
        GDALAllRegister();
    });
}

QuietGdalErrors::QuietGdalErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
QuietGdalErrors::~QuietGdalErrors() { CPLPopErrorHandler(); }

std::string gdal_error_text() {
    const char* m = CPLGetLastErrorMsg();
    return (m != nullptr && *m != '\0') ? std::string(m) : std::string("no detail from GDAL");
}

void CtDeleter::operator()(OGRCoordinateTransformation* p) const { OGRCoordinateTransformation::DestroyCT(p); }

OGRSpatialReference wgs84_srs() {
    OGRSpatialReference s;
    s.SetWellKnownGeogCS("WGS84");
    s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return s;
}

CtPtr make_wgs84_transform(const OGRSpatialReference* crs, bool to_wgs84, const std::string& where) {
    if (crs == nullptr) return nullptr;
    OGRSpatialReference other(*crs);
    other.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const OGRSpatialReference wgs = wgs84_srs();
    if (other.IsSame(&wgs)) return nullptr;
    CPLErrorReset();
    CtPtr ct(to_wgs84 ? OGRCreateCoordinateTransformation(&other, &wgs)
                      : OGRCreateCoordinateTransformation(&wgs, &other));
    if (!ct) {
        const char* name = other.GetName();
        throw InputError(fmt::format("{}: cannot transform between its CRS '{}' and WGS84 lon/lat (GDAL: {})",
                                     where, name != nullptr ? name : "?", gdal_error_text()));
    }
    return ct;
}

}  // namespace smugglesim::geo
