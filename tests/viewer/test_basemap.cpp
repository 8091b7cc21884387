// Tests for viewer/core/basemap: the map projection (PROJ, Lambert azimuthal
// equal-area), loading and triangulating the committed country basemap, and the
// errors on broken basemap files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gdal.h>
#include <geodesic.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "geo/network_loader.hpp"
#include "viewer/core/basemap.hpp"

#include "tests/temp_dir.hpp"

namespace {

using smugglesim::testing::TempDir;

namespace fs = std::filesystem;
using smugglesim::viewer::Basemap;
using smugglesim::viewer::BasemapCountry;
using smugglesim::viewer::load_basemap;
using smugglesim::viewer::MapProjection;

const fs::path kCommitted = fs::path(SMUGGLESIM_SOURCE_DIR) / "scenarios" / "basemap" / "countries.gpkg";

// ---------------------------------------------------------------------------
// Helpers.


void write_text(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    ASSERT_TRUE(out.good()) << p;
}

// Converts a GeoJSON text into a GeoPackage with GDAL's ogr2ogr library entry
// point; `layer` names the layer of the GeoPackage.
void geojson_to_gpkg(const TempDir& dir, const std::string& geojson, const fs::path& gpkg, const std::string& layer) {
    GDALAllRegister();
    const fs::path src = dir / (layer + "-src.geojson");
    write_text(src, geojson);
    GDALDatasetH in = GDALOpenEx(src.string().c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    ASSERT_NE(in, nullptr) << src;
    const std::string nln = layer;
    const char* argv[] = {"-f", "GPKG", "-nln", nln.c_str(), nullptr};
    GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
    int usage_error = 0;
    GDALDatasetH out = GDALVectorTranslate(gpkg.string().c_str(), nullptr, 1, &in, opts, &usage_error);
    GDALVectorTranslateOptionsFree(opts);
    GDALClose(in);
    ASSERT_NE(out, nullptr) << gpkg;
    GDALClose(out);
}

// A GeoJSON FeatureCollection; each feature is {properties JSON, geometry JSON}.
std::string feature_collection(const std::vector<std::pair<std::string, std::string>>& features) {
    std::string s = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[)";
    for (std::size_t i = 0; i < features.size(); ++i) {
        if (i != 0) s += ",";
        s += R"({"type":"Feature","properties":)" + features[i].first + R"(,"geometry":)" + features[i].second + "}";
    }
    return s + "]}";
}

const std::string kSquare = R"({"type":"Polygon","coordinates":[[[10,40],[14,40],[14,44],[10,44],[10,40]]]})";

// Doubled signed shoelace area of a ring x0,y0,x1,y1,...
double signed_area(const std::vector<float>& r) {
    const std::size_t n = r.size() / 2;
    double a = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = (i + 1) % n;
        a += double(r[2 * i]) * double(r[2 * j + 1]) - double(r[2 * j]) * double(r[2 * i + 1]);
    }
    return 0.5 * a;
}

// Sum of the signed areas of the triangles (counter-clockwise ones count > 0).
double triangle_area(const std::vector<float>& t) {
    double a = 0.0;
    for (std::size_t i = 0; i + 5 < t.size(); i += 6) {
        const double ax = t[i], ay = t[i + 1], bx = t[i + 2], by = t[i + 3], cx = t[i + 4], cy = t[i + 5];
        a += 0.5 * ((bx - ax) * (cy - ay) - (cx - ax) * (by - ay));
    }
    return a;
}

double ring_area_sum(const BasemapCountry& c) {
    double a = 0.0;
    for (const auto& r : c.outlines) a += signed_area(r);
    return a;
}

const BasemapCountry* find(const Basemap& m, const std::string& name) {
    for (const auto& c : m.countries)
        if (c.name == name) return &c;
    return nullptr;
}

// Loads `p` expecting a runtime_error; returns its message.
std::string load_error(const fs::path& p) {
    MapProjection proj;
    try {
        (void)load_basemap(p, proj);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no error loading " << p;
    return {};
}

// The committed basemap, loaded once for the suite.
const Basemap& committed() {
    static const Basemap m = [] {
        MapProjection proj;
        return load_basemap(kCommitted, proj);
    }();
    return m;
}

// ---------------------------------------------------------------------------
// MapProjection

TEST(MapProjection, CentreIsOrigin) {
    MapProjection proj;
    const auto [x, y] = proj.forward(20.0, 42.0);
    EXPECT_NEAR(x, 0.0, 1e-9);
    EXPECT_NEAR(y, 0.0, 1e-9);

    MapProjection other(-3.5, 55.25);
    const auto [x2, y2] = other.forward(-3.5, 55.25);
    EXPECT_NEAR(x2, 0.0, 1e-9);
    EXPECT_NEAR(y2, 0.0, 1e-9);
}

TEST(MapProjection, AxesPointEastAndNorth) {
    MapProjection proj;
    EXPECT_GT(proj.forward(21.0, 42.0)[0], 50.0);   // 1 degree east is ~83 km east
    EXPECT_LT(proj.forward(19.0, 42.0)[0], -50.0);
    EXPECT_GT(proj.forward(20.0, 43.0)[1], 100.0);  // 1 degree north is ~111 km north
    EXPECT_LT(proj.forward(20.0, 41.0)[1], -100.0);
}

TEST(MapProjection, BerlinIsNorthWestOfAthens) {
    MapProjection proj;
    const auto berlin = proj.forward(13.4050, 52.5200);
    const auto athens = proj.forward(23.7275, 37.9838);
    EXPECT_LT(berlin[0], athens[0]);  // west
    EXPECT_GT(berlin[1], athens[1]);  // north
    EXPECT_LT(berlin[0], 0.0);
    EXPECT_GT(berlin[1], 0.0);
    EXPECT_GT(athens[0], 0.0);
    EXPECT_LT(athens[1], 0.0);
}

TEST(MapProjection, DistancesNearTheCentreAreGeodesic) {
    MapProjection proj;
    const std::vector<std::pair<std::array<double, 2>, std::array<double, 2>>> pairs = {
        {{19.6, 41.7}, {20.5, 42.4}},  // ~105 km, across the centre
        {{20.0, 42.0}, {20.0, 43.0}},  // 1 degree north
        {{20.0, 42.0}, {21.0, 42.0}},  // 1 degree east
        {{18.5, 42.9}, {21.3, 41.2}},  // ~300 km
    };
    for (const auto& [a, b] : pairs) {
        const auto pa = proj.forward(a[0], a[1]);
        const auto pb = proj.forward(b[0], b[1]);
        const double map_km = std::hypot(pb[0] - pa[0], pb[1] - pa[1]);
        const double geo_km = smugglesim::geo::geodesic_length_km({a[0], a[1], b[0], b[1]});
        ASSERT_GT(geo_km, 50.0);
        EXPECT_NEAR(map_km / geo_km, 1.0, 0.01) << a[0] << "," << a[1] << " -> " << b[0] << "," << b[1];
    }
}

TEST(MapProjection, IsEqualArea) {
    // A 1x1 degree cell far from the centre keeps its area on the WGS84 ellipsoid.
    MapProjection proj;
    const std::vector<std::array<double, 2>> cell = {{-5, 50}, {-4, 50}, {-4, 51}, {-5, 51}};
    std::vector<double> lons, lats;
    std::vector<float> ring;
    // Densified edges: the geodesic polygon follows the parallels, the planar
    // polygon their curved images.
    for (std::size_t e = 0; e < cell.size(); ++e) {
        const auto& a = cell[e];
        const auto& b = cell[(e + 1) % cell.size()];
        for (int k = 0; k < 100; ++k) {
            const double t = k / 100.0;
            lons.push_back(a[0] + t * (b[0] - a[0]));
            lats.push_back(a[1] + t * (b[1] - a[1]));
            const auto p = proj.forward(lons.back(), lats.back());
            ring.push_back(static_cast<float>(p[0]));
            ring.push_back(static_cast<float>(p[1]));
        }
    }
    geod_geodesic g{};
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    double area_m2 = 0.0;
    geod_polygonarea(&g, lats.data(), lons.data(), static_cast<int>(lats.size()), &area_m2, nullptr);
    const double expected_km2 = std::abs(area_m2) * 1e-6;
    EXPECT_GT(expected_km2, 7500.0);  // ~111 km x ~71 km
    EXPECT_LT(expected_km2, 8500.0);
    EXPECT_NEAR(std::abs(signed_area(ring)), expected_km2, 1e-3 * expected_km2);
}

TEST(MapProjection, BadInputGivesNaN) {
    MapProjection proj;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    for (const auto& [lon, lat] : std::vector<std::pair<double, double>>{
             {nan, 42.0}, {20.0, nan}, {inf, 42.0}, {20.0, -inf}, {20.0, 95.0}, {20.0, -91.0}}) {
        const auto p = proj.forward(lon, lat);
        EXPECT_TRUE(std::isnan(p[0]) && std::isnan(p[1])) << lon << "," << lat << " -> " << p[0] << "," << p[1];
    }
    // The projection still works after a failure.
    EXPECT_NEAR(proj.forward(20.0, 42.0)[0], 0.0, 1e-9);
}

TEST(MapProjection, DefinitionAndBadCentre) {
    MapProjection proj(12.5, 41.75);
    const std::string d = proj.definition();
    EXPECT_NE(d.find("+proj=laea"), std::string::npos) << d;
    EXPECT_NE(d.find("+lat_0=41.75"), std::string::npos) << d;
    EXPECT_NE(d.find("+lon_0=12.5"), std::string::npos) << d;
    EXPECT_NE(d.find("+units=km"), std::string::npos) << d;
    EXPECT_THROW(MapProjection(200.0, 0.0), std::invalid_argument);
    EXPECT_THROW(MapProjection(0.0, std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// Basemap: the committed file

TEST(Basemap, CommittedFileHasTheCountries) {
    const auto t0 = std::chrono::steady_clock::now();
    const Basemap& m = committed();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::size_t tris = 0, verts = 0;
    for (const auto& c : m.countries) {
        tris += c.triangles.size() / 6;
        for (const auto& r : c.outlines) verts += r.size() / 2;
    }
    RecordProperty("countries", static_cast<int>(m.countries.size()));
    RecordProperty("triangles", static_cast<int>(tris));
    RecordProperty("outline_vertices", static_cast<int>(verts));
    RecordProperty("load_ms", static_cast<int>(ms));

    EXPECT_EQ(m.source, kCommitted);
    EXPECT_GT(m.countries.size(), 50u);
    for (const char* name : {"Germany", "Italy", "Greece", "Turkey", "Libya"})
        EXPECT_NE(find(m, name), nullptr) << name;
    const BasemapCountry* de = find(m, "Germany");
    ASSERT_NE(de, nullptr);
    EXPECT_EQ(de->id, "276");

    for (const auto& c : m.countries) {
        SCOPED_TRACE(c.name);
        EXPECT_FALSE(c.name.empty());
        EXPECT_FALSE(c.triangles.empty());
        EXPECT_EQ(c.triangles.size() % 6, 0u);
        EXPECT_FALSE(c.outlines.empty());
        for (const auto& r : c.outlines) {
            EXPECT_GE(r.size(), 6u);
            EXPECT_EQ(r.size() % 2, 0u);
            EXPECT_TRUE(std::all_of(r.begin(), r.end(), [](float v) { return std::isfinite(v); }));
        }
        EXPECT_LT(c.bbox[0], c.bbox[2]);
        EXPECT_LT(c.bbox[1], c.bbox[3]);
        EXPECT_LE(m.bbox[0], c.bbox[0]);
        EXPECT_LE(m.bbox[1], c.bbox[1]);
        EXPECT_GE(m.bbox[2], c.bbox[2]);
        EXPECT_GE(m.bbox[3], c.bbox[3]);
        for (std::size_t i = 0; i + 1 < c.triangles.size(); i += 2) {
            ASSERT_GE(c.triangles[i], c.bbox[0]);
            ASSERT_LE(c.triangles[i], c.bbox[2]);
            ASSERT_GE(c.triangles[i + 1], c.bbox[1]);
            ASSERT_LE(c.triangles[i + 1], c.bbox[3]);
        }
    }
    // The clip box lon -20..110, lat 0..70: west of -2000 km, east of 6000 km.
    EXPECT_LT(m.bbox[0], -2000.f);
    EXPECT_GT(m.bbox[2], 6000.f);
}

TEST(Basemap, TrianglesTileEveryCountryExactly) {
    // Sum of triangle areas == shoelace area of the rings (exterior minus holes):
    // the triangulation covers every polygon, once, and nothing else.
    for (const auto& c : committed().countries) {
        SCOPED_TRACE(c.name);
        const double rings = ring_area_sum(c);
        ASSERT_GT(rings, 0.0);
        double positive = 0.0;
        for (std::size_t i = 0; i + 5 < c.triangles.size(); i += 6) {
            const std::vector<float> t(c.triangles.begin() + static_cast<std::ptrdiff_t>(i),
                                       c.triangles.begin() + static_cast<std::ptrdiff_t>(i + 6));
            const double a = triangle_area(t);
            ASSERT_GT(a, 0.0) << "triangle " << i / 6 << " is not counter-clockwise";
            positive += a;
        }
        EXPECT_NEAR(positive, rings, 1e-3 * rings);
    }
}

TEST(Basemap, HolesAreKeptAndClockwise) {
    // South Africa is clipped away (lat < 0); Italy has San Marino and the Vatican as holes.
    const BasemapCountry* it = find(committed(), "Italy");
    ASSERT_NE(it, nullptr);
    int holes = 0;
    for (const auto& r : it->outlines)
        if (signed_area(r) < 0.0) ++holes;
    EXPECT_GE(holes, 1);
}

TEST(Basemap, ItalyContainsRome) {
    MapProjection proj;
    const BasemapCountry* it = find(committed(), "Italy");
    ASSERT_NE(it, nullptr);
    const auto rome = proj.forward(12.4964, 41.9028);
    EXPECT_GT(rome[0], it->bbox[0]);
    EXPECT_LT(rome[0], it->bbox[2]);
    EXPECT_GT(rome[1], it->bbox[1]);
    EXPECT_LT(rome[1], it->bbox[3]);
    // ...and Berlin is not in Italy's box.
    const auto berlin = proj.forward(13.405, 52.52);
    EXPECT_GT(berlin[1], it->bbox[3]);
}

TEST(Basemap, LoadingIsDeterministic) {
    MapProjection proj;
    const Basemap a = load_basemap(kCommitted, proj);
    const Basemap& b = committed();
    ASSERT_EQ(a.countries.size(), b.countries.size());
    for (std::size_t i = 0; i < a.countries.size(); ++i) {
        EXPECT_EQ(a.countries[i].id, b.countries[i].id);
        EXPECT_EQ(a.countries[i].name, b.countries[i].name);
        EXPECT_EQ(a.countries[i].triangles, b.countries[i].triangles) << a.countries[i].name;
        EXPECT_EQ(a.countries[i].outlines, b.countries[i].outlines) << a.countries[i].name;
        EXPECT_EQ(a.countries[i].bbox, b.countries[i].bbox);
    }
    EXPECT_EQ(a.bbox, b.bbox);
}

// ---------------------------------------------------------------------------
// Basemap: small hand-made files

TEST(Basemap, PolygonWithHoleAndMultiPolygon) {
    TempDir dir;
    const fs::path gpkg = dir / "small.gpkg";
    // Ring orientation in the file is deliberately "wrong" (exterior clockwise,
    // hole counter-clockwise) to check the loader's normalisation.
    const std::string holed =
        R"({"type":"Polygon","coordinates":[[[10,40],[10,44],[14,44],[14,40],[10,40]],)"
        R"([[11,41],[13,41],[13,43],[11,43],[11,41]]]})";
    const std::string multi =
        R"({"type":"MultiPolygon","coordinates":[[[[20,30],[22,30],[21,32],[20,30]]],)"
        R"([[[25,30],[27,30],[27,31],[26,30.5],[25,31],[25,30]]]]})";
    geojson_to_gpkg(dir,
                    feature_collection({{R"({"id":"001","name":"Holed"})", holed},
                                        {R"({"id":null,"name":"Two parts"})", multi}}),
                    gpkg, "countries");
    MapProjection proj;
    const Basemap m = load_basemap(gpkg, proj);
    ASSERT_EQ(m.countries.size(), 2u);

    const BasemapCountry& h = m.countries[0];
    EXPECT_EQ(h.id, "001");
    EXPECT_EQ(h.name, "Holed");
    ASSERT_EQ(h.outlines.size(), 2u);
    EXPECT_EQ(h.outlines[0].size(), 8u);  // closing vertex dropped
    EXPECT_GT(signed_area(h.outlines[0]), 0.0);
    EXPECT_LT(signed_area(h.outlines[1]), 0.0);
    EXPECT_NEAR(triangle_area(h.triangles), ring_area_sum(h), 1e-6 * ring_area_sum(h));
    // The hole's centre is not covered by any triangle; a point of the frame is.
    const auto covered = [&](double lon, double lat) {
        const auto p = proj.forward(lon, lat);
        for (std::size_t i = 0; i + 5 < h.triangles.size(); i += 6) {
            const float* t = &h.triangles[i];
            const auto side = [&](int a, int b) {
                return (t[2 * b] - t[2 * a]) * (p[1] - t[2 * a + 1]) - (t[2 * b + 1] - t[2 * a + 1]) * (p[0] - t[2 * a]);
            };
            if (side(0, 1) >= 0 && side(1, 2) >= 0 && side(2, 0) >= 0) return true;
        }
        return false;
    };
    EXPECT_FALSE(covered(12.0, 42.0));
    EXPECT_TRUE(covered(10.5, 42.0));

    const BasemapCountry& t = m.countries[1];
    EXPECT_EQ(t.id, "");
    EXPECT_EQ(t.name, "Two parts");
    EXPECT_EQ(t.outlines.size(), 2u);
    EXPECT_EQ(t.triangles.size(), (1u + 3u) * 6u);  // a triangle and a 5-gon
    EXPECT_NEAR(triangle_area(t.triangles), ring_area_sum(t), 1e-6 * ring_area_sum(t));
    // Lowest and westernmost at (20, 30) on the central meridian (parallels curve
    // up away from it); easternmost at (27, 30).
    const auto sw = proj.forward(20.0, 30.0);
    EXPECT_FLOAT_EQ(t.bbox[0], static_cast<float>(sw[0]));
    EXPECT_FLOAT_EQ(t.bbox[1], static_cast<float>(sw[1]));
    EXPECT_FLOAT_EQ(t.bbox[2], static_cast<float>(proj.forward(27.0, 30.0)[0]));
    EXPECT_FLOAT_EQ(t.bbox[3], static_cast<float>(proj.forward(21.0, 32.0)[1]));
}

TEST(Basemap, OtherCrsIsTransformed) {
    TempDir dir;
    const fs::path wgs = dir / "wgs.gpkg";
    geojson_to_gpkg(dir, feature_collection({{R"({"id":"1","name":"Square"})", kSquare}}), wgs, "countries");
    // The same square in Web Mercator.
    const fs::path merc = dir / "merc.gpkg";
    {
        GDALDatasetH in = GDALOpenEx(wgs.string().c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
        ASSERT_NE(in, nullptr);
        const char* argv[] = {"-f", "GPKG", "-t_srs", "EPSG:3857", nullptr};
        GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
        GDALDatasetH out = GDALVectorTranslate(merc.string().c_str(), nullptr, 1, &in, opts, nullptr);
        GDALVectorTranslateOptionsFree(opts);
        GDALClose(in);
        ASSERT_NE(out, nullptr);
        GDALClose(out);
    }
    MapProjection proj;
    const Basemap a = load_basemap(wgs, proj);
    const Basemap b = load_basemap(merc, proj);
    ASSERT_EQ(a.countries.size(), 1u);
    ASSERT_EQ(b.countries.size(), 1u);
    for (int k = 0; k < 4; ++k) EXPECT_NEAR(a.bbox[k], b.bbox[k], 1e-3) << k;
}

// ---------------------------------------------------------------------------
// Basemap: errors name the file and the problem

TEST(Basemap, MissingFile) {
    TempDir dir;
    const fs::path p = dir / "nowhere.gpkg";
    const std::string e = load_error(p);
    EXPECT_NE(e.find(p.string()), std::string::npos) << e;
    EXPECT_NE(e.find("does not exist"), std::string::npos) << e;
}

TEST(Basemap, TextFile) {
    TempDir dir;
    const fs::path p = dir / "notes.txt";
    write_text(p, "These are not the countries you are looking for.\n");
    const std::string e = load_error(p);
    EXPECT_NE(e.find(p.string()), std::string::npos) << e;
    EXPECT_NE(e.find("cannot open"), std::string::npos) << e;
}

TEST(Basemap, NoCountriesLayer) {
    TempDir dir;
    const fs::path p = dir / "states.gpkg";
    geojson_to_gpkg(dir, feature_collection({{R"({"id":"1","name":"Square"})", kSquare}}), p, "states");
    const std::string e = load_error(p);
    EXPECT_NE(e.find(p.string()), std::string::npos) << e;
    EXPECT_NE(e.find("no layer 'countries'"), std::string::npos) << e;
    EXPECT_NE(e.find("states"), std::string::npos) << e;  // lists what the file has
}

TEST(Basemap, MissingNameField) {
    TempDir dir;
    const fs::path p = dir / "noname.gpkg";
    geojson_to_gpkg(dir, feature_collection({{R"({"id":"1","label":"Square"})", kSquare}}), p, "countries");
    const std::string e = load_error(p);
    EXPECT_NE(e.find(p.string()), std::string::npos) << e;
    EXPECT_NE(e.find("layer 'countries'"), std::string::npos) << e;
    EXPECT_NE(e.find("missing required field 'name'"), std::string::npos) << e;
}

TEST(Basemap, MissingIdField) {
    TempDir dir;
    const fs::path p = dir / "noid.gpkg";
    geojson_to_gpkg(dir, feature_collection({{R"({"name":"Square"})", kSquare}}), p, "countries");
    const std::string e = load_error(p);
    EXPECT_NE(e.find(p.string()), std::string::npos) << e;
    EXPECT_NE(e.find("missing required field 'id'"), std::string::npos) << e;
}

TEST(Basemap, PointGeometry) {
    TempDir dir;
    const fs::path p = dir / "points.gpkg";
    geojson_to_gpkg(dir,
                    feature_collection({{R"({"id":"1","name":"Square"})", kSquare},
                                        {R"({"id":"2","name":"Dot"})", R"({"type":"Point","coordinates":[12,42]})"}}),
                    p, "countries");
    const std::string e = load_error(p);
    EXPECT_NE(e.find(p.string()), std::string::npos) << e;
    EXPECT_NE(e.find("feature '2'"), std::string::npos) << e;
    EXPECT_NE(e.find("POINT"), std::string::npos) << e;
    EXPECT_NE(e.find("Polygon or MultiPolygon"), std::string::npos) << e;
}

TEST(Basemap, NoGeometryAndNullName) {
    TempDir dir;
    const fs::path nogeom = dir / "nogeom.gpkg";
    geojson_to_gpkg(dir, feature_collection({{R"({"id":"7","name":"Nowhere"})", "null"}}), nogeom, "countries");
    std::string e = load_error(nogeom);
    EXPECT_NE(e.find(nogeom.string()), std::string::npos) << e;
    EXPECT_NE(e.find("feature '7'"), std::string::npos) << e;
    EXPECT_NE(e.find("geometry is missing"), std::string::npos) << e;

    const fs::path noname = dir / "nullname.gpkg";
    geojson_to_gpkg(dir,
                    feature_collection({{R"({"id":"1","name":"Square"})", kSquare},
                                        {R"({"id":"8","name":null})", kSquare}}),
                    noname, "countries");
    e = load_error(noname);
    EXPECT_NE(e.find(noname.string()), std::string::npos) << e;
    EXPECT_NE(e.find("feature '8'"), std::string::npos) << e;
    EXPECT_NE(e.find("field 'name' is null"), std::string::npos) << e;
}

TEST(Basemap, NonFiniteCoordinate) {
    // GeoJSON cannot hold a NaN: write the polygon with the GDAL API.
    TempDir dir;
    const fs::path p = dir / "nan.gpkg";
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    ASSERT_NE(drv, nullptr);
    {
        std::unique_ptr<GDALDataset> ds(drv->Create(p.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        ASSERT_NE(ds, nullptr);
        OGRSpatialReference wgs;
        wgs.SetWellKnownGeogCS("WGS84");
        OGRLayer* l = ds->CreateLayer("countries", &wgs, wkbPolygon, nullptr);
        ASSERT_NE(l, nullptr);
        OGRFieldDefn fid("id", OFTString), fname("name", OFTString);
        ASSERT_EQ(l->CreateField(&fid), OGRERR_NONE);
        ASSERT_EQ(l->CreateField(&fname), OGRERR_NONE);
        OGRFeature f(l->GetLayerDefn());
        f.SetField("id", "9");
        f.SetField("name", "Nan Land");
        OGRLinearRing ring;
        ring.addPoint(10.0, 40.0);
        ring.addPoint(std::numeric_limits<double>::quiet_NaN(), 40.0);
        ring.addPoint(14.0, 44.0);
        ring.addPoint(10.0, 40.0);
        OGRPolygon poly;
        poly.addRing(&ring);
        f.SetGeometry(&poly);
        ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
    }
    const std::string e = load_error(p);
    EXPECT_NE(e.find(p.string()), std::string::npos) << e;
    EXPECT_NE(e.find("feature '9'"), std::string::npos) << e;
    EXPECT_NE(e.find("non-finite"), std::string::npos) << e;
}

TEST(Basemap, EmptyLayer) {
    TempDir dir;
    const fs::path p = dir / "empty.gpkg";
    geojson_to_gpkg(dir, feature_collection({{R"({"id":"1","name":"Square"})", kSquare}}), p, "countries");
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(p.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        ASSERT_NE(ds, nullptr);
        ds->ExecuteSQL("DELETE FROM countries", nullptr, nullptr);
    }
    const std::string e = load_error(p);
    EXPECT_NE(e.find(p.string()), std::string::npos) << e;
    EXPECT_NE(e.find("no features"), std::string::npos) << e;
}

}  // namespace
