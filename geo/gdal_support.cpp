#include "geo/gdal_support.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal.h>
#include <ogr_spatialref.h>

#include <charconv>
#include <mutex>
#include <system_error>

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

bool exists_quiet(const std::filesystem::path& p) {
    VSIStatBufL st;
    return VSIStatExL(p.string().c_str(), &st, VSI_STAT_EXISTS_FLAG) == 0;
}

GDALDatasetUniquePtr open_dataset(const std::filesystem::path& p, unsigned flags, std::string* error,
                                  const char* const* open_options) {
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(p.string().c_str(), flags | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                                              nullptr, open_options, nullptr));
    if (!ds && error != nullptr) *error = gdal_error_text();
    return ds;
}

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::optional<double> parse_number(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
    return v;
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
