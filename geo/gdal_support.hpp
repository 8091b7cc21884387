#pragma once
// Small helpers shared by everything in the project that opens files with GDAL
// (the network loader, the table of organised crime groups, the viewer's
// basemap): registration once per process, quiet error handling, the text of
// GDAL's last error, opening files through GDAL's virtual file layer, and
// reading numbers from text fields.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <gdal_priv.h>

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

// Whether `p` exists, through GDAL's virtual file layer, so that its virtual
// paths (/vsimem/, /vsizip/, ...) work like files on disk.
bool exists_quiet(const std::filesystem::path& p);

// Opens `p` read-only with GDAL (`flags`: GDAL_OF_VECTOR, GDAL_OF_RASTER, ...);
// on failure null, with GDAL's message in *error if given. `open_options`: a
// null-terminated list of NAME=VALUE driver open options, or null.
GDALDatasetUniquePtr open_dataset(const std::filesystem::path& p, unsigned flags, std::string* error,
                                  const char* const* open_options = nullptr);

// `s` without leading and trailing spaces, tabs and line ends.
std::string_view trim(std::string_view s);

// The whole of `s` (spaces around it and a leading '+' allowed) as a number,
// locale independent; nullopt if it is empty or anything is left over.
// "nan" and "inf" parse (callers check finiteness and say so).
std::optional<double> parse_number(std::string_view s);

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
