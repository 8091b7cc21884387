#!/bin/sh
# The engine (sim/) builds without TOML, GDAL or HDF5: none of its sources may
# include their headers, nor the layers around it (config/, io/, geo/, app/,
# viewer/). Run by ctest as engine.has_no_io_dependencies.
set -eu
src=${1:?usage: check_engine_dependencies.sh SOURCE_DIR}
found=$(grep -rnE '#include *[<"](toml\+\+|hdf5|H5[A-Za-z]*\.h|gdal|ogr|cpl_|proj|config/|io/|geo/|app/|viewer/)' \
        "$src/sim" --include='*.hpp' --include='*.cpp' --include='*.in' || true)
if [ -n "$found" ]; then
  echo "the engine (sim/) includes headers of the layers around it:"
  echo "$found"
  exit 1
fi
echo "sim/ includes no TOML, GDAL, HDF5, config/, io/, geo/, app/ or viewer/ header"
