#!/usr/bin/env bash
# Installs the Debian 12 packages smugglesim needs, if any is missing.
#   scripts/deps.sh [--tsan] [--fuzz]
# Run as root on a bare Debian (debootstrap minbase works).
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ make cmake git pkg-config ca-certificates
  # libraries
  libtbb-dev libhdf5-dev zlib1g-dev libgdal-dev libproj-dev libtomlplusplus-dev libcli11-dev
  libspdlog-dev libfmt-dev librandom123-dev
  # viewer: Dear ImGui (its backend sources too), GLFW, OpenGL/GLU, stb_image_write
  libimgui-dev libglfw3-dev libgl-dev libglu1-mesa-dev libstb-dev fonts-dejavu-core
  # viewer tests: a virtual X server and Mesa's software OpenGL (llvmpipe)
  xvfb xauth libgl1-mesa-dri
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev gdal-bin python3 python3-h5py python3-numpy
  # the results file opened as netCDF-4 groups in the end-to-end test
  python3-xarray python3-h5netcdf
)

# Extra groups for the developer checks (docs/reliability.md):
#   --tsan  fetching and building oneTBB's Debian source with ThreadSanitizer
#   --fuzz  clang with libFuzzer and the sanitizer runtimes, llvm-symbolizer
for group in "$@"; do
  case "$group" in
    --tsan) PACKAGES+=(dpkg-dev xz-utils) ;;
    --fuzz) PACKAGES+=(clang-14 libclang-rt-14-dev llvm-14) ;;
    *) echo "error: scripts/deps.sh: unknown option '$group' (known: --tsan, --fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "error: missing Debian packages: ${missing[*]}" >&2
  echo "       run this script as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi

echo "Installing missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
