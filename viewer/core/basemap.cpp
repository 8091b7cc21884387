// The viewer's basemap: countries read with GDAL/OGR, projected with PROJ
// (Lambert azimuthal equal-area) and triangulated with the GLU tessellator.
#include "viewer/core/basemap.hpp"

#include <GL/glu.h>
#include <proj.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <deque>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gdal.h>
#include <gdal_priv.h>
#include <ogr_core.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "geo/gdal_support.hpp"
#include "sim/errors.hpp"

namespace smugglesim::viewer {

// ---------------------------------------------------------------------------
// MapProjection

struct MapProjection::Impl {
    PJ_CONTEXT* ctx = nullptr;
    PJ* pj = nullptr;
    std::string definition;

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() {
        if (pj != nullptr) proj_destroy(pj);
        if (ctx != nullptr) proj_context_destroy(ctx);
    }
};

MapProjection::MapProjection(double lon0, double lat0) : impl_(std::make_unique<Impl>()) {
    if (!std::isfinite(lon0) || !std::isfinite(lat0) || lon0 < -180.0 || lon0 > 180.0 || lat0 < -90.0 ||
        lat0 > 90.0)
        throw std::invalid_argument(fmt::format(
            "map projection: centre (lon {}, lat {}) is not a lon/lat position (lon in [-180,180], lat in [-90,90])",
            lon0, lat0));
    impl_->definition =
        fmt::format("+proj=laea +lat_0={} +lon_0={} +x_0=0 +y_0=0 +ellps=WGS84 +units=km +no_defs", lat0, lon0);
    impl_->ctx = proj_context_create();
    if (impl_->ctx == nullptr) throw std::runtime_error("map projection: cannot create a PROJ context");
    proj_log_level(impl_->ctx, PJ_LOG_NONE);
    // Degrees in, radians into laea, km out: no database lookup is needed.
    const std::string pipeline =
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step " + impl_->definition;
    impl_->pj = proj_create(impl_->ctx, pipeline.c_str());
    if (impl_->pj == nullptr) {
        const int err = proj_context_errno(impl_->ctx);
        throw std::runtime_error(fmt::format("map projection: PROJ cannot set up '{}' ({})", impl_->definition,
                                             proj_context_errno_string(impl_->ctx, err)));
    }
}

MapProjection::~MapProjection() = default;

std::array<double, 2> MapProjection::forward(double lon, double lat) const {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    if (!std::isfinite(lon) || !std::isfinite(lat)) return {nan, nan};
    proj_errno_reset(impl_->pj);
    const PJ_COORD out = proj_trans(impl_->pj, PJ_FWD, proj_coord(lon, lat, 0.0, 0.0));
    const double x = out.xy.x, y = out.xy.y;
    if (proj_errno(impl_->pj) != 0 || !std::isfinite(x) || !std::isfinite(y)) {
        proj_errno_reset(impl_->pj);
        return {nan, nan};
    }
    return {x, y};
}

std::string MapProjection::definition() const { return impl_->definition; }

// ---------------------------------------------------------------------------
// Basemap loading

namespace {

namespace fs = std::filesystem;

constexpr const char* kLayer = "countries";

using geo::CtPtr;
using geo::gdal_error_text;
using geo::init_gdal;
using geo::QuietGdalErrors;


bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}


// ---------------------------------------------------------------------------
// Triangulation with the GLU tessellator (SGI libtess). The callbacks only
// record into a TessState: no exception may cross libGLU's C frames.

struct TessState {
    std::deque<std::array<GLdouble, 3>> vertices;  // stable addresses: input + combined vertices
    std::vector<const GLdouble*> primitive;        // vertices of the current primitive
    GLenum mode = GL_TRIANGLES;
    std::vector<std::array<double, 2>> triangles;  // 3 per triangle
    GLenum error = 0;

    void flush() {
        const std::size_t n = primitive.size();
        auto tri = [&](std::size_t a, std::size_t b, std::size_t c) {
            triangles.push_back({primitive[a][0], primitive[a][1]});
            triangles.push_back({primitive[b][0], primitive[b][1]});
            triangles.push_back({primitive[c][0], primitive[c][1]});
        };
        if (mode == GL_TRIANGLES) {
            for (std::size_t i = 0; i + 2 < n; i += 3) tri(i, i + 1, i + 2);
        } else if (mode == GL_TRIANGLE_FAN) {
            for (std::size_t i = 1; i + 1 < n; ++i) tri(0, i, i + 1);
        } else if (mode == GL_TRIANGLE_STRIP) {
            for (std::size_t i = 0; i + 2 < n; ++i) {
                if (i % 2 == 0)
                    tri(i, i + 1, i + 2);
                else
                    tri(i + 1, i, i + 2);  // keep the orientation consistent
            }
        }
        primitive.clear();
    }
};

void tess_begin(GLenum mode, void* data) {
    auto* s = static_cast<TessState*>(data);
    s->mode = mode;
    s->primitive.clear();
}

void tess_vertex(void* vertex, void* data) {
    static_cast<TessState*>(data)->primitive.push_back(static_cast<const GLdouble*>(vertex));
}

void tess_end(void* data) { static_cast<TessState*>(data)->flush(); }

// Registered only so that GLU emits GL_TRIANGLES (no fans or strips).
void tess_edge_flag(GLboolean, void*) {}

// A new vertex where edges cross or vertices coincide: the weighted mean.
void tess_combine(GLdouble coords[3], void* neighbours[4], GLfloat weights[4], void** out, void* data) {
    auto* s = static_cast<TessState*>(data);
    (void)neighbours;
    (void)weights;
    s->vertices.push_back({coords[0], coords[1], coords[2]});
    *out = s->vertices.back().data();
}

void tess_error(GLenum err, void* data) {
    auto* s = static_cast<TessState*>(data);
    if (s->error == 0) s->error = err;
}

class Tessellator {
public:
    Tessellator() : tess_(gluNewTess()) {
        if (tess_ == nullptr) throw std::runtime_error("basemap: cannot create a GLU tessellator (out of memory)");
        gluTessProperty(tess_, GLU_TESS_WINDING_RULE, GLU_TESS_WINDING_ODD);
        gluTessNormal(tess_, 0.0, 0.0, 1.0);
        gluTessCallback(tess_, GLU_TESS_BEGIN_DATA, reinterpret_cast<_GLUfuncptr>(&tess_begin));
        gluTessCallback(tess_, GLU_TESS_VERTEX_DATA, reinterpret_cast<_GLUfuncptr>(&tess_vertex));
        gluTessCallback(tess_, GLU_TESS_END_DATA, reinterpret_cast<_GLUfuncptr>(&tess_end));
        gluTessCallback(tess_, GLU_TESS_EDGE_FLAG_DATA, reinterpret_cast<_GLUfuncptr>(&tess_edge_flag));
        gluTessCallback(tess_, GLU_TESS_COMBINE_DATA, reinterpret_cast<_GLUfuncptr>(&tess_combine));
        gluTessCallback(tess_, GLU_TESS_ERROR_DATA, reinterpret_cast<_GLUfuncptr>(&tess_error));
    }
    ~Tessellator() { gluDeleteTess(tess_); }
    Tessellator(const Tessellator&) = delete;
    Tessellator& operator=(const Tessellator&) = delete;

    // Triangulates one polygon (rings[0] exterior, the others holes; each ring
    // x0,y0,x1,y1,... open). Returns the GLU error code, 0 on success.
    GLenum triangulate(const std::vector<std::vector<double>>& rings, std::vector<std::array<double, 2>>& out) {
        TessState s;
        for (const auto& r : rings)
            for (std::size_t i = 0; i + 1 < r.size(); i += 2) s.vertices.push_back({r[i], r[i + 1], 0.0});
        gluTessBeginPolygon(tess_, &s);
        std::size_t v = 0;
        for (const auto& r : rings) {
            gluTessBeginContour(tess_);
            for (std::size_t i = 0; i + 1 < r.size(); i += 2, ++v) {
                GLdouble* p = s.vertices[v].data();
                gluTessVertex(tess_, p, p);
            }
            gluTessEndContour(tess_);
        }
        gluTessEndPolygon(tess_);
        if (s.error != 0) return s.error;
        out.insert(out.end(), s.triangles.begin(), s.triangles.end());
        return 0;
    }

private:
    GLUtesselator* tess_;
};

// Signed shoelace area of an open ring x0,y0,x1,y1,... (> 0 counter-clockwise).
double signed_ring_area(const std::vector<double>& r) {
    const std::size_t n = r.size() / 2;
    double a = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = (i + 1) % n;
        a += r[2 * i] * r[2 * j + 1] - r[2 * j] * r[2 * i + 1];
    }
    return 0.5 * a;
}

// Reverses the vertex order of an open ring, keeping the first vertex first.
void reverse_ring(std::vector<double>& r) {
    const std::size_t n = r.size() / 2;
    for (std::size_t i = 1, j = n - 1; i < j; ++i, --j) {
        std::swap(r[2 * i], r[2 * j]);
        std::swap(r[2 * i + 1], r[2 * j + 1]);
    }
}

// ---------------------------------------------------------------------------
// Reading the layer.

struct Reader {
    std::string file;
    OGRLayer* layer = nullptr;
    CtPtr to_wgs84;
    const MapProjection& proj;
    Tessellator tess;

    std::string where(const std::string& label) const {
        return fmt::format("{}: layer '{}', {}", file, kLayer, label);
    }

    // Projects one ring; empty when it has fewer than 3 distinct vertices.
    std::vector<double> project_ring(const OGRLinearRing& ring, const std::string& label) {
        const int n = ring.getNumPoints();
        std::vector<double> xs(static_cast<std::size_t>(n)), ys(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            xs[static_cast<std::size_t>(i)] = ring.getX(i);
            ys[static_cast<std::size_t>(i)] = ring.getY(i);
        }
        for (std::size_t i = 0; i < xs.size(); ++i)
            if (!std::isfinite(xs[i]) || !std::isfinite(ys[i]))
                throw InputError(fmt::format("{}: geometry: point ({}, {}) has a non-finite coordinate",
                                             where(label), xs[i], ys[i]));
        if (to_wgs84 && n > 0) {
            std::vector<int> ok(xs.size(), 0);
            CPLErrorReset();
            to_wgs84->Transform(n, xs.data(), ys.data(), nullptr, ok.data());
            for (std::size_t i = 0; i < xs.size(); ++i)
                if (ok[i] == 0)
                    throw InputError(fmt::format(
                        "{}: geometry: point ({}, {}) cannot be transformed to WGS84 lon/lat (GDAL: {})",
                        where(label), ring.getX(static_cast<int>(i)), ring.getY(static_cast<int>(i)),
                        gdal_error_text()));
        }
        std::vector<double> out;
        out.reserve(2 * xs.size());
        for (std::size_t i = 0; i < xs.size(); ++i) {
            const double lon = xs[i], lat = ys[i];
            if (!std::isfinite(lon) || !std::isfinite(lat) || lon < -180.0 || lon > 180.0 || lat < -90.0 ||
                lat > 90.0)
                throw InputError(fmt::format(
                    "{}: geometry: point ({}, {}) is not a WGS84 lon/lat position (lon must be in [-180,180], lat "
                    "in [-90,90]; is the layer's CRS declared?)",
                    where(label), lon, lat));
            const auto [x, y] = proj.forward(lon, lat);
            if (!std::isfinite(x) || !std::isfinite(y))
                throw InputError(fmt::format("{}: geometry: point (lon {}, lat {}) cannot be projected with '{}'",
                                             where(label), lon, lat, proj.definition()));
            // Drop repeated consecutive vertices (compared as drawn, in float).
            if (!out.empty() && static_cast<float>(out[out.size() - 2]) == static_cast<float>(x) &&
                static_cast<float>(out.back()) == static_cast<float>(y))
                continue;
            out.push_back(x);
            out.push_back(y);
        }
        // Drop the closing vertex(es) equal to the first.
        while (out.size() >= 4 && static_cast<float>(out[out.size() - 2]) == static_cast<float>(out[0]) &&
               static_cast<float>(out.back()) == static_cast<float>(out[1])) {
            out.pop_back();
            out.pop_back();
        }
        if (out.size() < 6) out.clear();
        return out;
    }

    void add_polygon(const OGRPolygon& poly, BasemapCountry& c, const std::string& label) {
        std::vector<std::vector<double>> rings;
        const OGRLinearRing* ext = poly.getExteriorRing();
        if (ext == nullptr) return;
        rings.push_back(project_ring(*ext, label));
        if (rings.front().empty()) return;  // degenerate part
        for (int i = 0; i < poly.getNumInteriorRings(); ++i) {
            std::vector<double> hole = project_ring(*poly.getInteriorRing(i), label);
            if (!hole.empty()) rings.push_back(std::move(hole));
        }
        // Tessellate the float coordinates that are drawn, so that fill and
        // outlines share exactly the same vertices. Exterior counter-clockwise,
        // holes clockwise.
        for (std::size_t k = 0; k < rings.size();) {
            for (double& v : rings[k]) v = static_cast<double>(static_cast<float>(v));
            const double a = signed_ring_area(rings[k]);
            if (a == 0.0) {
                if (k == 0) return;  // degenerate part
                rings.erase(rings.begin() + static_cast<std::ptrdiff_t>(k));
                continue;
            }
            if ((k == 0) != (a > 0.0)) reverse_ring(rings[k]);
            ++k;
        }
        std::vector<std::array<double, 2>> tris;
        const GLenum err = tess.triangulate(rings, tris);
        if (err != 0) {
            const GLubyte* text = gluErrorString(err);
            throw InputError(fmt::format("{}: geometry: a polygon cannot be triangulated (GLU: {})", where(label),
                                         text != nullptr ? reinterpret_cast<const char*>(text) : "unknown error"));
        }
        for (std::size_t t = 0; t + 2 < tris.size(); t += 3) {
            const auto& a = tris[t];
            const auto& b = tris[t + 1];
            const auto& d = tris[t + 2];
            const double cross = (b[0] - a[0]) * (d[1] - a[1]) - (d[0] - a[0]) * (b[1] - a[1]);
            if (cross == 0.0) continue;  // degenerate: nothing to fill
            const auto corners = cross > 0.0 ? std::array{&a, &b, &d} : std::array{&a, &d, &b};  // CCW
            for (const auto* p : corners) {
                c.triangles.push_back(static_cast<float>((*p)[0]));
                c.triangles.push_back(static_cast<float>((*p)[1]));
            }
        }
        for (const auto& r : rings) {
            std::vector<float> f(r.size());
            std::transform(r.begin(), r.end(), f.begin(), [](double v) { return static_cast<float>(v); });
            c.outlines.push_back(std::move(f));
        }
    }
};

std::array<float, 4> empty_bbox() {
    constexpr float inf = std::numeric_limits<float>::infinity();
    return {inf, inf, -inf, -inf};
}

void extend(std::array<float, 4>& b, float x, float y) {
    b[0] = std::min(b[0], x);
    b[1] = std::min(b[1], y);
    b[2] = std::max(b[2], x);
    b[3] = std::max(b[3], y);
}

}  // namespace

Basemap load_basemap(const std::filesystem::path& path, const MapProjection& proj) {
    init_gdal();
    const QuietGdalErrors quiet;
    const std::string file = path.string();

    std::error_code ec;
    if (!fs::exists(path, ec))
        throw InputError(fmt::format("{}: cannot open the basemap: file does not exist", file));
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                                              nullptr, nullptr, nullptr));
    if (!ds)
        throw InputError(fmt::format("{}: cannot open the basemap as a vector dataset (GDAL: {})", file,
                                     gdal_error_text()));

    OGRLayer* layer = ds->GetLayerByName(kLayer);
    if (layer == nullptr) {
        std::vector<std::string> names;
        for (int i = 0; i < ds->GetLayerCount(); ++i) names.emplace_back(ds->GetLayer(i)->GetName());
        throw InputError(fmt::format("{}: no layer '{}' ({})", file, kLayer,
                                     names.empty() ? std::string("the file has no layers")
                                                   : fmt::format("the file has layers: {}", fmt::join(names, ", "))));
    }

    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int i_id = defn->GetFieldIndex("id");
    const int i_name = defn->GetFieldIndex("name");
    if (i_id < 0 || i_name < 0) {
        std::vector<std::string> missing, have;
        if (i_id < 0) missing.emplace_back("'id'");
        if (i_name < 0) missing.emplace_back("'name'");
        for (int i = 0; i < defn->GetFieldCount(); ++i) have.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
        throw InputError(fmt::format("{}: layer '{}': missing required field{} {} ({})", file, kLayer,
                                     missing.size() > 1 ? "s" : "", fmt::join(missing, ", "),
                                     have.empty() ? std::string("the layer has no fields")
                                                  : fmt::format("the layer has fields: {}", fmt::join(have, ", "))));
    }

    Reader R{file, layer, nullptr, proj, {}};
    R.to_wgs84 = geo::make_wgs84_transform(layer->GetSpatialRef(), true, fmt::format("{}: layer '{}'", file, kLayer));

    Basemap out;
    out.source = path;
    out.bbox = empty_bbox();
    layer->ResetReading();
    for (;;) {
        CPLErrorReset();
        OGRFeatureUniquePtr f(layer->GetNextFeature());
        if (!f) {
            if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
                throw InputError(
                    fmt::format("{}: layer '{}': cannot read features (GDAL: {})", file, kLayer, gdal_error_text()));
            break;
        }
        BasemapCountry c;
        if (f->IsFieldSetAndNotNull(i_id)) c.id = f->GetFieldAsString(i_id);
        if (is_blank(c.id)) c.id.clear();
        const std::string name = f->IsFieldSetAndNotNull(i_name) ? f->GetFieldAsString(i_name) : std::string();
        std::string label = c.id.empty() ? fmt::format("feature #{}", static_cast<long long>(f->GetFID()))
                                         : fmt::format("feature '{}'", c.id);
        if (!is_blank(name)) label += fmt::format(" ('{}')", name);
        if (is_blank(name))
            throw InputError(fmt::format("{}: field 'name' is {} (a value is required)", R.where(label),
                                         f->IsFieldSetAndNotNull(i_name) ? "empty" : "null"));
        c.name = name;

        const OGRGeometry* g = f->GetGeometryRef();
        if (g == nullptr || g->IsEmpty())
            throw InputError(fmt::format(
                "{}: geometry is missing or empty (countries must be Polygon or MultiPolygon geometries)",
                R.where(label)));
        const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
        if (type == wkbPolygon) {
            R.add_polygon(*g->toPolygon(), c, label);
        } else if (type == wkbMultiPolygon) {
            for (const OGRPolygon* p : *g->toMultiPolygon()) R.add_polygon(*p, c, label);
        } else {
            throw InputError(fmt::format("{}: geometry is a {} (countries must be Polygon or MultiPolygon geometries)",
                                         R.where(label), g->getGeometryName()));
        }
        if (c.triangles.empty())
            throw InputError(fmt::format("{}: geometry has no polygon with a non-zero area", R.where(label)));

        c.bbox = empty_bbox();
        for (const auto& ring : c.outlines)
            for (std::size_t i = 0; i + 1 < ring.size(); i += 2) extend(c.bbox, ring[i], ring[i + 1]);
        extend(out.bbox, c.bbox[0], c.bbox[1]);
        extend(out.bbox, c.bbox[2], c.bbox[3]);
        out.countries.push_back(std::move(c));
    }
    if (out.countries.empty())
        throw InputError(fmt::format("{}: layer '{}': the layer has no features (at least one country is required)",
                                     file, kLayer));
    return out;
}

}  // namespace smugglesim::viewer
