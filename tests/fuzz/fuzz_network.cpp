// Fuzz target: the route network as GDAL reads it, from bytes placed in GDAL's
// in-memory file system (/vsimem/). Built twice:
//   fuzz_network_gpkg     the input is a whole GeoPackage (places and legs layers);
//   fuzz_network_geojson  the input is places.geojson, a line "=== legs ===",
//                         then legs.geojson (the loader finds the sibling file).
// An accepted network must hold what the loader promises the model (indices in
// range, finite values in their documented ranges), and a few days' run from
// its first origin must keep every invariant.
#include <cmath>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <cpl_vsi.h>

#include "fuzz_sim.hpp"
#include "fuzz_target.hpp"
#include "geo/gdal_support.hpp"
#include "geo/network_loader.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/errors.hpp"
#include "sim/model.hpp"

namespace {

using namespace smugglesim;

// A file in /vsimem/ holding a copy of `bytes`, removed when it goes out of scope.
class MemFile {
public:
    MemFile(std::string path, std::string_view bytes) : path_(std::move(path)), bytes_(bytes) {
        VSIFCloseL(VSIFileFromMemBuffer(path_.c_str(), reinterpret_cast<GByte*>(bytes_.data()),
                                        static_cast<vsi_l_offset>(bytes_.size()), FALSE));
    }
    ~MemFile() { VSIUnlink(path_.c_str()); }
    MemFile(const MemFile&) = delete;
    MemFile& operator=(const MemFile&) = delete;

private:
    std::string path_;
    std::string bytes_;
};

bool in_unit(double p) { return std::isfinite(p) && p >= 0 && p < 1; }

void check_network(const Network& net) {
    for (const Place& p : net.places())
        if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || std::abs(p.lat) > 90 || std::abs(p.lon) > 360)
            fuzz::finding("accepted place " + p.id + " has coordinates out of range");
    for (const Leg& l : net.legs()) {
        if (l.from >= net.place_count() || l.to >= net.place_count())
            fuzz::finding("accepted leg " + l.id + " points outside the places");
        if (!(std::isfinite(l.base_days) && l.base_days > 0) || !(std::isfinite(l.price_eur) && l.price_eur >= 0) ||
            !(std::isfinite(l.capacity_per_day) && l.capacity_per_day > 0) || !in_unit(l.hazard) ||
            !in_unit(l.interception) || !(std::isfinite(l.length_km) && l.length_km >= 0))
            fuzz::finding("accepted leg " + l.id + " has a value out of its documented range");
        if (l.geometry.size() % 2 != 0) fuzz::finding("accepted leg " + l.id + " has an odd coordinate count");
    }
}

// A short run from the first origin towards the first destination country.
void run_briefly(std::shared_ptr<const Network> net) {
    const Place* origin = nullptr;
    const Place* dest = nullptr;
    for (const Place& p : net->places()) {
        if (origin == nullptr && p.kind == PlaceKind::Origin) origin = &p;
        if (dest == nullptr && p.kind == PlaceKind::Destination) dest = &p;
    }
    if (origin == nullptr || dest == nullptr) return;
    Scenario sc;
    sc.days = 4;
    OriginSpec o;
    o.place = origin->id;
    o.rate_per_day = 50;
    o.destinations = {{dest->country, 1.0}};
    sc.origins.push_back(o);
    std::shared_ptr<const Model> model;
    try {
        model = build_model(std::move(sc), std::move(net));
    } catch (const InputError& e) {
        fuzz::expect_message(e.what());  // e.g. the destination cannot be reached
        return;
    }
    Simulation sim(model);
    while (!sim.done()) fuzz::step_checked(sim);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    smugglesim::geo::init_gdal();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = fuzz::as_text(data, size);
    NetworkSource src;
#if defined(FUZZ_NETWORK_GPKG)
    MemFile file("/vsimem/fuzz/network.gpkg", bytes);
    src.file = "/vsimem/fuzz/network.gpkg";
#elif defined(FUZZ_NETWORK_GEOJSON)
    const auto [places, legs] = fuzz::split_at_line(bytes, "=== legs ===");
    MemFile places_file("/vsimem/fuzz/places.geojson", places);
    MemFile legs_file("/vsimem/fuzz/legs.geojson", legs);
    src.file = "/vsimem/fuzz/places.geojson";
#else
#error "define FUZZ_NETWORK_GPKG or FUZZ_NETWORK_GEOJSON"
#endif
    std::shared_ptr<const Network> net;
    try {
        net = std::make_shared<const Network>(geo::load_network(src));
    } catch (const InputError& e) {
        fuzz::expect_message(e.what());
        return 0;
    }
    check_network(*net);
    run_briefly(std::move(net));
    return 0;
}
