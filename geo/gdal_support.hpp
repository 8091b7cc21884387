#pragma once
// Small helpers shared by everything in the project that opens files with GDAL
// (the network loader, the viewer's basemap): registration once per process,
// quiet error handling and the text of GDAL's last error.
#include <string>

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

}  // namespace smugglesim::geo
