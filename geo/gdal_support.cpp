#include "geo/gdal_support.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>

#include <mutex>

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

}  // namespace smugglesim::geo
