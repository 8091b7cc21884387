// Network loader: GDAL/OGR vector input, PROJ geodesics, optional raster factors.
// Format and error messages are documented in docs/network.md.
#include "geo/network_loader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gdal.h>
#include <gdal_priv.h>
#include <geodesic.h>
#include <ogr_core.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "geo/gdal_support.hpp"
#include "sim/errors.hpp"

namespace smugglesim::geo {

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// Geodesics (PROJ's geodesic.h, Karney's algorithms) on the WGS84 ellipsoid.

const geod_geodesic& wgs84_geodesic() {
    static const geod_geodesic g = [] {
        geod_geodesic x{};
        geod_init(&x, 6378137.0, 1.0 / 298.257223563);
        return x;
    }();
    return g;
}

// Throws std::invalid_argument unless `lonlat` is a list of finite lon/lat pairs.
void check_polyline(const std::vector<double>& lonlat, const char* fn) {
    if (lonlat.size() % 2 != 0)
        throw std::invalid_argument(fmt::format("{}: odd number of coordinates ({}), expected lon/lat pairs",
                                                fn, lonlat.size()));
    for (std::size_t i = 0; i < lonlat.size(); i += 2) {
        const double lon = lonlat[i], lat = lonlat[i + 1];
        if (!std::isfinite(lon) || !std::isfinite(lat) || lat < -90.0 || lat > 90.0)
            throw std::invalid_argument(
                fmt::format("{}: point {} (lon {}, lat {}) is not a valid lon/lat position", fn, i / 2, lon, lat));
    }
}

// ---------------------------------------------------------------------------
// GDAL plumbing.


bool is_dir(const fs::path& p) {
    VSIStatBufL st;
    return VSIStatExL(p.string().c_str(), &st, VSI_STAT_NATURE_FLAG) == 0 && VSI_ISDIR(st.st_mode);
}


// ---------------------------------------------------------------------------
// Locating the `places` and `legs` layers.
//
// The layers are looked up in the network file itself. Single-layer formats
// (GeoJSON, a lone .shp, FlatGeobuf, CSV, ...) cannot hold both, so when the file
// has at most one layer, or is a directory GDAL does not open, a missing layer
// `L` is also looked up in a sibling file: `<dir>/L<ext>` next to the file (same
// extension), or any `<dir>/L.*` vector file inside the directory.

struct LayerRef {
    std::string file;  // the file the layer was read from (for messages)
    std::string name;  // the requested layer name
    OGRLayer* layer = nullptr;
};

class VectorInput {
public:
    explicit VectorInput(const fs::path& file) : file_(file), file_str_(file.string()) {
        if (!exists_quiet(file_))
            throw InputError(fmt::format("{}: cannot open the network: file does not exist", file_str_));
        std::string err;
        main_ = open_dataset(file_, GDAL_OF_VECTOR, &err);
        if (!main_) {
            main_error_ = err;
            if (!is_dir(file_))
                throw InputError(fmt::format("{}: cannot open as a vector dataset (GDAL: {})", file_str_, err));
        }
    }

    LayerRef layer(const std::string& name) {
        if (main_) {
            if (OGRLayer* l = main_->GetLayerByName(name.c_str())) return {file_str_, name, l};
        }
        const bool try_siblings = !main_ || main_->GetLayerCount() <= 1;
        std::vector<fs::path> candidates;
        if (try_siblings) candidates = sibling_candidates(name);
        for (const fs::path& c : candidates) {
            GDALDatasetUniquePtr ds = open_dataset(c, GDAL_OF_VECTOR, nullptr);
            if (!ds) continue;
            OGRLayer* l = ds->GetLayerByName(name.c_str());
            if (l == nullptr && ds->GetLayerCount() == 1) l = ds->GetLayer(0);
            if (l == nullptr) continue;
            extra_.push_back(std::move(ds));
            return {c.string(), name, l};
        }
        if (!main_)
            throw InputError(fmt::format(
                "{}: cannot open as a vector dataset (GDAL: {}), and the directory has no vector file "
                "'{}.*' holding layer '{}'",
                file_str_, main_error_, name, name));
        std::vector<std::string> names;
        for (int i = 0; i < main_->GetLayerCount(); ++i) names.emplace_back(main_->GetLayer(i)->GetName());
        std::string have = names.empty() ? std::string("the file has no layers")
                                         : fmt::format("the file has layers: {}", fmt::join(names, ", "));
        if (try_siblings && !is_dir(file_))
            have += fmt::format("; there is no readable file '{}{}' next to it either", name,
                                file_.extension().string());
        throw InputError(fmt::format("{}: no layer '{}' ({})", file_str_, name, have));
    }

private:
    std::vector<fs::path> sibling_candidates(const std::string& name) const {
        std::vector<fs::path> out;
        std::error_code ec;
        if (is_dir(file_)) {
            static const std::vector<std::string> kSidecars = {".dbf", ".shx", ".prj", ".cpg", ".qix", ".sbn",
                                                              ".sbx", ".xml", ".aux", ".qmd", ".lock"};
            for (const auto& e : fs::directory_iterator(file_, ec)) {
                std::error_code ec2;
                if (!e.is_regular_file(ec2)) continue;
                const fs::path& p = e.path();
                if (p.stem().string() != name) continue;
                if (std::find(kSidecars.begin(), kSidecars.end(), p.extension().string()) != kSidecars.end())
                    continue;
                out.push_back(p);
            }
            std::sort(out.begin(), out.end());
        } else {
            const fs::path c = file_.parent_path() / (name + file_.extension().string());
            if (exists_quiet(c) && c != file_ && !fs::equivalent(c, file_, ec)) out.push_back(c);
        }
        return out;
    }

    fs::path file_;
    std::string file_str_;
    GDALDatasetUniquePtr main_;
    std::string main_error_;
    std::deque<GDALDatasetUniquePtr> extra_;
};

// ---------------------------------------------------------------------------
// Reading features with precise messages.

struct LayerCtx {
    std::string file;
    std::string layer;
    OGRLayer* lyr = nullptr;
    CtPtr to_wgs84;  // null when the layer is already WGS84 lon/lat (or has no CRS)

    [[noreturn]] void fail(std::string_view what) const {
        throw InputError(fmt::format("{}: layer '{}': {}", file, layer, what));
    }

    std::vector<std::string> field_names() const {
        std::vector<std::string> out;
        const OGRFeatureDefn* defn = lyr->GetLayerDefn();
        for (int i = 0; i < defn->GetFieldCount(); ++i) out.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
        return out;
    }

    int field_index(const char* name) const { return lyr->GetLayerDefn()->GetFieldIndex(name); }

    // Index of each required field; all missing ones are reported together.
    std::vector<int> require_fields(const std::vector<const char*>& names) const {
        std::vector<int> idx;
        std::vector<std::string> missing;
        for (const char* n : names) {
            idx.push_back(field_index(n));
            if (idx.back() < 0) missing.push_back(fmt::format("'{}'", n));
        }
        if (!missing.empty()) {
            const std::vector<std::string> have = field_names();
            fail(fmt::format("missing required field{} {} ({})", missing.size() > 1 ? "s" : "",
                             fmt::join(missing, ", "),
                             have.empty() ? std::string("the layer has no fields")
                                          : fmt::format("the layer has fields: {}", fmt::join(have, ", "))));
        }
        return idx;
    }
};

// Opens a layer and checks it has features; sets up the CRS transform.
LayerCtx open_layer(VectorInput& in, const std::string& name, std::string_view what_plural) {
    LayerRef ref = in.layer(name);
    LayerCtx L;
    L.file = ref.file;
    L.layer = ref.name;
    L.lyr = ref.layer;
    if (L.lyr->GetFeatureCount(TRUE) <= 0)
        L.fail(fmt::format("the layer has no features (at least one {} is required)", what_plural));
    L.to_wgs84 = make_wgs84_transform(L.lyr->GetSpatialRef(), true, fmt::format("{}: layer '{}'", L.file, L.layer));
    return L;
}

enum class Range { Positive, NonNegative, Probability, Flag };

std::string_view describe(Range r) {
    switch (r) {
        case Range::Positive: return "a number > 0";
        case Range::NonNegative: return "a number >= 0";
        case Range::Probability: return "a number in [0,1)";
        case Range::Flag: return "0 or 1";
    }
    return "";
}

bool in_range(double v, Range r) {
    switch (r) {
        case Range::Positive: return v > 0.0;
        case Range::NonNegative: return v >= 0.0;
        case Range::Probability: return v >= 0.0 && v < 1.0;
        case Range::Flag: return v == 0.0 || v == 1.0;
    }
    return false;
}

struct FeatureCtx {
    const LayerCtx& L;
    const OGRFeature& f;
    std::string label;  // "feature 'ID'" or "feature #FID"

    [[noreturn]] void fail(std::string_view what) const {
        throw InputError(fmt::format("{}: layer '{}', {}: {}", L.file, L.layer, label, what));
    }
    [[noreturn]] void fail_field(std::string_view field, std::string_view what) const {
        fail(fmt::format("field '{}' {}", field, what));
    }

    std::optional<std::string> string(int idx) const {
        if (idx < 0 || !f.IsFieldSetAndNotNull(idx)) return std::nullopt;
        return std::string(f.GetFieldAsString(idx));
    }

    std::string required_string(int idx, std::string_view field) const {
        std::optional<std::string> v = string(idx);
        if (!v) fail_field(field, "is null (a value is required)");
        if (trim(*v).empty()) fail_field(field, "is empty (a value is required)");
        return *v;
    }

    // A number from a numeric field, or from a string field whose whole text is a number.
    std::optional<double> number(int idx, std::string_view field, Range r, bool required) const {
        const bool null = idx < 0 || !f.IsFieldSetAndNotNull(idx);
        const OGRFieldType type = null ? OFTString : f.GetFieldDefnRef(idx)->GetType();
        double v = 0.0;
        if (!null && (type == OFTReal || type == OFTInteger || type == OFTInteger64)) {
            v = f.GetFieldAsDouble(idx);
        } else if (!null && type == OFTString && !trim(f.GetFieldAsString(idx)).empty()) {
            const char* text = f.GetFieldAsString(idx);
            std::optional<double> p = parse_number(text);
            if (!p) fail_field(field, fmt::format("is '{}', not a number (must be {})", text, describe(r)));
            v = *p;
        } else if (!null && type != OFTString) {
            fail_field(field, fmt::format("has type {}, not a number (must be {})",
                                          OGRFieldDefn::GetFieldTypeName(type), describe(r)));
        } else {  // null, absent, or an empty string
            if (required) fail_field(field, fmt::format("is null (a value is required: {})", describe(r)));
            return std::nullopt;
        }
        if (std::isnan(v)) fail_field(field, fmt::format("is NaN (must be {})", describe(r)));
        if (!std::isfinite(v) || !in_range(v, r)) fail_field(field, fmt::format("is {} (must be {})", v, describe(r)));
        return v;
    }

    // Coordinates of the feature geometry in WGS84 lon/lat, validated.
    std::vector<double> lonlat(const OGRSimpleCurve* curve, const OGRPoint* point) const {
        std::vector<double> xs, ys;
        if (point != nullptr) {
            xs.push_back(point->getX());
            ys.push_back(point->getY());
        } else {
            for (int i = 0; i < curve->getNumPoints(); ++i) {
                xs.push_back(curve->getX(i));
                ys.push_back(curve->getY(i));
            }
        }
        if (L.to_wgs84) {
            std::vector<int> ok(xs.size(), 0);
            CPLErrorReset();
            L.to_wgs84->Transform(static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr, ok.data());
            for (std::size_t i = 0; i < xs.size(); ++i)
                if (ok[i] == 0)
                    fail(fmt::format("geometry: point {} cannot be transformed to WGS84 lon/lat (GDAL: {})", i,
                                     gdal_error_text()));
        }
        std::vector<double> out;
        out.reserve(2 * xs.size());
        for (std::size_t i = 0; i < xs.size(); ++i) {
            if (!std::isfinite(xs[i]) || !std::isfinite(ys[i]) || xs[i] < -180.0 || xs[i] > 180.0 ||
                ys[i] < -90.0 || ys[i] > 90.0)
                fail(fmt::format("geometry: point ({}, {}) is not a WGS84 lon/lat position (lon must be in "
                                 "[-180,180], lat in [-90,90]; is the layer's CRS declared?)",
                                 xs[i], ys[i]));
            out.push_back(xs[i]);
            out.push_back(ys[i]);
        }
        return out;
    }
};

std::string feature_label(const OGRFeature& f, int id_idx) {
    if (id_idx >= 0 && f.IsFieldSetAndNotNull(id_idx)) {
        std::string id = f.GetFieldAsString(id_idx);
        if (!trim(id).empty()) return fmt::format("feature '{}'", id);
    }
    return fmt::format("feature #{}", static_cast<long long>(f.GetFID()));
}

// Calls fn(FeatureCtx&) for every feature; turns GDAL read failures into InputError.
template <class Fn>
void for_each_feature(const LayerCtx& L, int id_idx, Fn&& fn) {
    L.lyr->ResetReading();
    for (;;) {
        CPLErrorReset();
        OGRFeatureUniquePtr feat(L.lyr->GetNextFeature());
        if (!feat) {
            if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
                L.fail(fmt::format("cannot read features (GDAL: {})", gdal_error_text()));
            break;
        }
        FeatureCtx F{L, *feat, feature_label(*feat, id_idx)};
        fn(F);
    }
}

bool is_iso3(std::string_view s) {
    return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// ---------------------------------------------------------------------------
// Layers.

struct PlacesResult {
    std::vector<Place> places;
    std::vector<long long> fids;
    std::unordered_map<std::string, std::uint32_t> index;
    LayerCtx ctx;
};

PlacesResult read_places(VectorInput& in, const std::string& layer_name) {
    PlacesResult R;
    R.ctx = open_layer(in, layer_name, "place");
    const LayerCtx& L = R.ctx;
    const std::vector<int> idx = L.require_fields({"id", "name", "country", "kind"});
    const int i_id = idx[0], i_name = idx[1], i_country = idx[2], i_kind = idx[3];

    for_each_feature(L, i_id, [&](const FeatureCtx& F) {
        Place p;
        p.id = F.required_string(i_id, "id");
        const auto fid = static_cast<long long>(F.f.GetFID());
        if (auto it = R.index.find(p.id); it != R.index.end())
            F.fail_field("id", fmt::format("duplicates the id of an earlier place (feature #{}); place ids must be "
                                           "unique",
                                           R.fids[it->second]));
        p.name = F.required_string(i_name, "name");
        p.country = F.required_string(i_country, "country");
        if (!is_iso3(p.country))
            F.fail_field("country", fmt::format("is '{}' (must be an ISO 3166-1 alpha-3 code: exactly 3 uppercase "
                                                "letters, e.g. 'TUR')",
                                                p.country));
        const std::string kind = F.required_string(i_kind, "kind");
        const std::optional<PlaceKind> k = parse_place_kind(kind);
        if (!k)
            F.fail_field("kind", fmt::format("is '{}' (must be one of origin, transit, port, airport, border, "
                                             "destination)",
                                             kind));
        p.kind = *k;

        const OGRGeometry* g = F.f.GetGeometryRef();
        if (g == nullptr || g->IsEmpty()) F.fail("geometry is missing or empty (places must be Point geometries)");
        if (wkbFlatten(g->getGeometryType()) != wkbPoint)
            F.fail(fmt::format("geometry is a {} (places must be Point geometries)", g->getGeometryName()));
        const std::vector<double> ll = F.lonlat(nullptr, g->toPoint());
        p.lon = ll[0];
        p.lat = ll[1];

        R.index.emplace(p.id, static_cast<std::uint32_t>(R.places.size()));
        R.fids.push_back(fid);
        R.places.push_back(std::move(p));
    });

    if (std::none_of(R.places.begin(), R.places.end(), [](const Place& p) { return p.kind == PlaceKind::Origin; }))
        L.fail("no place has kind 'origin' (at least one origin place is required)");
    return R;
}

struct LegsResult {
    std::vector<Leg> legs;
    LayerCtx ctx;
};

LegsResult read_legs(VectorInput& in, const std::string& layer_name, const PlacesResult& P) {
    LegsResult R;
    R.ctx = open_layer(in, layer_name, "leg");
    const LayerCtx& L = R.ctx;
    const std::vector<int> idx =
        L.require_fields({"id", "from", "to", "mode", "days", "price_eur", "capacity", "hazard"});
    const int i_id = idx[0], i_from = idx[1], i_to = idx[2], i_mode = idx[3], i_days = idx[4], i_price = idx[5],
              i_capacity = idx[6], i_hazard = idx[7];
    const int i_means = L.field_index("means"), i_intercept = L.field_index("intercept"),
              i_docs = L.field_index("need_docs"), i_length = L.field_index("length_km");

    std::unordered_map<std::string, long long> seen;
    for_each_feature(L, i_id, [&](const FeatureCtx& F) {
        Leg l;
        l.id = F.required_string(i_id, "id");
        const auto fid = static_cast<long long>(F.f.GetFID());
        if (auto it = seen.find(l.id); it != seen.end())
            F.fail_field("id", fmt::format("duplicates the id of an earlier leg (feature #{}); leg ids must be unique",
                                           it->second));
        seen.emplace(l.id, fid);

        const auto place_ref = [&](int i, std::string_view field) {
            const std::string ref = F.required_string(i, field);
            auto it = P.index.find(ref);
            if (it == P.index.end())
                F.fail_field(field, fmt::format("is '{}', which is not the id of any place in layer '{}' of {}", ref,
                                                P.ctx.layer, P.ctx.file));
            return it->second;
        };
        l.from = place_ref(i_from, "from");
        l.to = place_ref(i_to, "to");
        if (l.from == l.to)
            F.fail_field("to", fmt::format("is the same place as field 'from' ('{}'); a leg must join two different "
                                           "places",
                                           P.places[l.from].id));

        const std::string mode = F.required_string(i_mode, "mode");
        const std::optional<Mode> m = parse_mode(mode);
        if (!m) F.fail_field("mode", fmt::format("is '{}' (must be one of land, sea, air)", mode));
        l.mode = *m;
        l.means = F.string(i_means).value_or("");

        l.base_days = *F.number(i_days, "days", Range::Positive, true);
        l.price_eur = *F.number(i_price, "price_eur", Range::NonNegative, true);
        l.capacity_per_day = *F.number(i_capacity, "capacity", Range::Positive, true);
        l.hazard = *F.number(i_hazard, "hazard", Range::Probability, true);
        l.interception = F.number(i_intercept, "intercept", Range::Probability, false).value_or(0.0);
        const std::optional<double> docs = F.number(i_docs, "need_docs", Range::Flag, false);
        l.requires_documents = docs ? *docs == 1.0 : l.mode == Mode::Air;

        const OGRGeometry* g = F.f.GetGeometryRef();
        if (g == nullptr || g->IsEmpty()) {
            const Place& a = P.places[l.from];
            const Place& b = P.places[l.to];
            l.geometry = {a.lon, a.lat, b.lon, b.lat};
        } else {
            if (wkbFlatten(g->getGeometryType()) != wkbLineString)
                F.fail(fmt::format("geometry is a {} (legs must be LineString geometries, or empty for a straight "
                                   "line between the places)",
                                   g->getGeometryName()));
            const OGRLineString* ls = g->toLineString();
            if (ls->getNumPoints() < 2)
                F.fail(fmt::format("geometry is a LineString with {} point (at least 2 are needed)",
                                   ls->getNumPoints()));
            l.geometry = F.lonlat(ls, nullptr);
        }
        const std::optional<double> len = F.number(i_length, "length_km", Range::Positive, false);
        l.length_km = len ? *len : geodesic_length_km(l.geometry);

        R.legs.push_back(std::move(l));
    });
    return R;
}

// Every destination must be reachable from some origin along directed legs.
void check_reachability(const PlacesResult& P, const LegsResult& G) {
    const std::size_t n = P.places.size();
    std::vector<std::vector<std::uint32_t>> out(n);
    for (const Leg& l : G.legs) out[l.from].push_back(l.to);
    std::vector<char> reached(n, 0);
    std::vector<std::uint32_t> queue;
    for (std::uint32_t i = 0; i < n; ++i)
        if (P.places[i].kind == PlaceKind::Origin) {
            reached[i] = 1;
            queue.push_back(i);
        }
    for (std::size_t head = 0; head < queue.size(); ++head)
        for (std::uint32_t next : out[queue[head]])
            if (reached[next] == 0) {
                reached[next] = 1;
                queue.push_back(next);
            }
    for (std::uint32_t i = 0; i < n; ++i) {
        const Place& p = P.places[i];
        if (p.kind == PlaceKind::Destination && reached[i] == 0)
            throw InputError(fmt::format(
                "{}: layer '{}', feature '{}': destination '{}' is unreachable: no origin reaches it through the "
                "legs of layer '{}' (in {})",
                P.ctx.file, P.ctx.layer, p.id, p.id, G.ctx.layer, G.ctx.file));
    }
}

// ---------------------------------------------------------------------------
// Rasters.

struct Contribution {
    std::string file;
    double factor;
};

void apply_raster(const RasterSpec& spec, const LayerCtx& legs_ctx, std::vector<Leg>& legs,
                  std::vector<std::vector<Contribution>>& hazard_by, std::vector<std::vector<Contribution>>& icpt_by) {
    const std::string file = spec.file.string();
    if (!(spec.sample_km > 0.0) || !std::isfinite(spec.sample_km))
        throw InputError(fmt::format("{}: raster sample spacing is {} km (must be a number > 0)", file,
                                     spec.sample_km));
    for (int m : spec.modes)
        if (m < 0 || m >= kModeCount)
            throw InputError(
                fmt::format("{}: raster modes contain {} (must be 0 = land, 1 = sea or 2 = air)", file, m));
    if (!exists_quiet(spec.file))
        throw InputError(fmt::format("{}: cannot open the raster: file does not exist", file));
    std::string err;
    GDALDatasetUniquePtr ds = open_dataset(spec.file, GDAL_OF_RASTER, &err);
    if (!ds) throw InputError(fmt::format("{}: cannot open as a raster (GDAL: {})", file, err));
    if (spec.band < 1 || spec.band > ds->GetRasterCount())
        throw InputError(fmt::format("{}: raster band {} does not exist (the raster has {} band{})", file, spec.band,
                                     ds->GetRasterCount(), ds->GetRasterCount() == 1 ? "" : "s"));
    GDALRasterBand* band = ds->GetRasterBand(spec.band);
    double gt[6] = {0, 1, 0, 0, 0, 1};
    if (ds->GetGeoTransform(gt) != CE_None)
        throw InputError(fmt::format("{}: the raster has no geotransform, so its pixels cannot be located", file));
    double inv[6] = {0, 0, 0, 0, 0, 0};
    if (GDALInvGeoTransform(gt, inv) == 0)
        throw InputError(fmt::format("{}: the raster's geotransform is degenerate (not invertible)", file));
    const CtPtr ct = make_wgs84_transform(ds->GetSpatialRef(), false, file);
    const int xsize = ds->GetRasterXSize(), ysize = ds->GetRasterYSize();
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);
    const bool float32 = band->GetRasterDataType() == GDT_Float32;
    const auto is_nodata = [&](double v) {
        if (has_nodata == 0) return false;
        if (float32) return static_cast<float>(v) == static_cast<float>(nodata);
        return v == nodata;
    };

    for (std::size_t li = 0; li < legs.size(); ++li) {
        Leg& leg = legs[li];
        if (std::find(spec.modes.begin(), spec.modes.end(), static_cast<int>(leg.mode)) == spec.modes.end()) continue;
        std::vector<double> pts;
        try {
            pts = densify_geodesic(leg.geometry, spec.sample_km);
        } catch (const std::invalid_argument& e) {
            throw InputError(fmt::format("{}: sample_km {} is too small for leg '{}' ({})", file, spec.sample_km, leg.id,
                                         e.what()));
        }
        const std::size_t n = pts.size() / 2;
        std::vector<double> xs(n), ys(n);
        for (std::size_t i = 0; i < n; ++i) {
            xs[i] = pts[2 * i];
            ys[i] = pts[2 * i + 1];
        }
        std::vector<int> ok(n, 1);
        if (ct) ct->Transform(static_cast<int>(n), xs.data(), ys.data(), nullptr, ok.data());
        double sum = 0.0, maxv = 0.0;
        std::size_t count = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (ok[i] == 0 || !std::isfinite(xs[i]) || !std::isfinite(ys[i])) continue;
            const double px = inv[0] + inv[1] * xs[i] + inv[2] * ys[i];
            const double py = inv[3] + inv[4] * xs[i] + inv[5] * ys[i];
            if (!(px >= 0.0 && px < xsize && py >= 0.0 && py < ysize)) continue;
            const int col = std::min(static_cast<int>(std::floor(px)), xsize - 1);
            const int row = std::min(static_cast<int>(std::floor(py)), ysize - 1);
            double v = 0.0;
            CPLErrorReset();
            if (band->RasterIO(GF_Read, col, row, 1, 1, &v, 1, 1, GDT_Float64, 0, 0, nullptr) != CE_None)
                throw InputError(fmt::format("{}: cannot read pixel ({}, {}) of band {} (GDAL: {})", file, col, row,
                                             spec.band, gdal_error_text()));
            if (std::isnan(v) || is_nodata(v)) continue;
            if (!std::isfinite(v) || v < 0.0)
                throw InputError(fmt::format(
                    "{}: leg '{}' (layer '{}' of {}): raster value {} at lon {}, lat {} is {} (raster factors must "
                    "be finite numbers >= 0)",
                    file, leg.id, legs_ctx.layer, legs_ctx.file, v, pts[2 * i], pts[2 * i + 1],
                    v < 0.0 ? "negative" : "infinite"));
            sum += v;
            maxv = count == 0 ? v : std::max(maxv, v);
            ++count;
        }
        double factor = 1.0;
        if (count > 0) factor = spec.statistic == RasterStatistic::Mean ? sum / static_cast<double>(count) : maxv;
        if (spec.effect == RasterEffect::Hazard) {
            leg.hazard_raster_factor *= factor;
            hazard_by[li].push_back({file, factor});
        } else {
            leg.interception_raster_factor *= factor;
            icpt_by[li].push_back({file, factor});
        }
    }
}

// The raster-scaled probabilities must stay below 1.
void check_scaled(const LayerCtx& legs_ctx, const std::vector<Leg>& legs,
                  const std::vector<std::vector<Contribution>>& by, bool hazard) {
    for (std::size_t i = 0; i < legs.size(); ++i) {
        const Leg& l = legs[i];
        const double base = hazard ? l.hazard : l.interception;
        const double factor = hazard ? l.hazard_raster_factor : l.interception_raster_factor;
        const double scaled = base * factor;
        if (scaled < 1.0) continue;
        std::vector<std::string> files, parts;
        for (const Contribution& c : by[i]) {
            files.push_back(c.file);
            parts.push_back(fmt::format("{}", c.factor));
        }
        const char* field = hazard ? "hazard" : "intercept";
        throw InputError(fmt::format(
            "{}: leg '{}' (layer '{}' of {}): field '{}' {} x raster factor {}{} = {} (must stay below 1; lower the "
            "raster values or the leg's {})",
            fmt::join(files, ", "), l.id, legs_ctx.layer, legs_ctx.file, field, base, factor,
            parts.size() > 1 ? fmt::format(" ({})", fmt::join(parts, " x ")) : std::string(), scaled, field));
    }
}

}  // namespace

// ---------------------------------------------------------------------------
// Public API.

double geodesic_length_km(const std::vector<double>& lonlat) {
    check_polyline(lonlat, "geodesic_length_km");
    const geod_geodesic& g = wgs84_geodesic();
    double metres = 0.0;
    for (std::size_t i = 2; i + 1 < lonlat.size(); i += 2) {
        double s12 = 0.0;
        geod_inverse(&g, lonlat[i - 1], lonlat[i - 2], lonlat[i + 1], lonlat[i], &s12, nullptr, nullptr);
        metres += s12;
    }
    return metres / 1000.0;
}

std::vector<double> densify_geodesic(const std::vector<double>& lonlat, double spacing_km) {
    check_polyline(lonlat, "densify_geodesic");
    if (!(spacing_km > 0.0) || !std::isfinite(spacing_km))
        throw std::invalid_argument(fmt::format("densify_geodesic: spacing {} km must be a number > 0", spacing_km));
    const std::size_t n = lonlat.size() / 2;
    if (n < 2) return lonlat;
    const geod_geodesic& g = wgs84_geodesic();
    std::vector<geod_geodesicline> lines(n - 1);
    double total = 0.0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        geod_inverseline(&lines[i], &g, lonlat[2 * i + 1], lonlat[2 * i], lonlat[2 * i + 3], lonlat[2 * i + 2],
                         GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
        total += lines[i].s13;
    }
    // Uniform steps of total/steps <= spacing along the whole polyline.
    const double steps_d = std::max(1.0, std::ceil(total / (spacing_km * 1000.0)));
    if (steps_d > 1e7)
        throw std::invalid_argument(fmt::format(
            "densify_geodesic: spacing {} km on a {} km line would give more than 1e7 points", spacing_km,
            total / 1000.0));
    const auto steps = static_cast<std::size_t>(steps_d);
    std::vector<double> out;
    out.reserve(2 * (steps + 1));
    out.push_back(lonlat[0]);
    out.push_back(lonlat[1]);
    std::size_t seg = 0;
    double seg_start = 0.0;
    for (std::size_t k = 1; k < steps; ++k) {
        const double target = total * static_cast<double>(k) / steps_d;
        while (seg + 1 < lines.size() && seg_start + lines[seg].s13 <= target) {
            seg_start += lines[seg].s13;
            ++seg;
        }
        double lat = 0.0, lon = 0.0;
        geod_position(&lines[seg], std::clamp(target - seg_start, 0.0, lines[seg].s13), &lat, &lon, nullptr);
        out.push_back(lon);
        out.push_back(lat);
    }
    out.push_back(lonlat[lonlat.size() - 2]);
    out.push_back(lonlat[lonlat.size() - 1]);
    return out;
}

Network load_network(const NetworkSource& src) {
    init_gdal();
    const QuietGdalErrors quiet;

    VectorInput in(src.file);
    PlacesResult places = read_places(in, src.places_layer);
    LegsResult legs = read_legs(in, src.legs_layer, places);
    check_reachability(places, legs);

    std::vector<std::vector<Contribution>> hazard_by(legs.legs.size()), icpt_by(legs.legs.size());
    for (const RasterSpec& spec : src.rasters) apply_raster(spec, legs.ctx, legs.legs, hazard_by, icpt_by);
    check_scaled(legs.ctx, legs.legs, hazard_by, true);
    check_scaled(legs.ctx, legs.legs, icpt_by, false);

    Network net(std::move(places.places), std::move(legs.legs));
    net.source = src.file.string();
    return net;
}

}  // namespace smugglesim::geo
