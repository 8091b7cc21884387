// Tests for geo/network_loader: formats (GeoJSON, GeoPackage, Shapefile, CSV),
// CRS handling, geodesics, raster factors and every bad-input error.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include "geo/network_loader.hpp"
#include "sim/errors.hpp"
#include "sim/network.hpp"

#include "temp_dir.hpp"

namespace {

using smugglesim::testing::TempDir;

namespace fs = std::filesystem;
using smugglesim::InputError;
using smugglesim::Leg;
using smugglesim::Mode;
using smugglesim::Network;
using smugglesim::Place;
using smugglesim::PlaceKind;
using namespace smugglesim::geo;

// ---------------------------------------------------------------------------
// Scratch directories and file helpers.


void write_text(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    ASSERT_TRUE(out.good()) << p;
}

int run(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }

std::string quoted(const fs::path& p) {
    std::string s = "'";
    s += p.string();
    s += '\'';
    return s;
}

// ---------------------------------------------------------------------------
// GeoJSON builders. Property values are raw JSON text so tests can inject
// nulls, strings, NaN, wrong types, ...

std::string js(const std::string& s) { return "\"" + s + "\""; }

std::string num(double v) {
    std::ostringstream o;
    o.precision(17);
    o << v;
    return o.str();
}

struct Feature {
    std::map<std::string, std::string> props;
    std::string geometry = "null";
};

std::string point(double lon, double lat) {
    return "{\"type\":\"Point\",\"coordinates\":[" + num(lon) + "," + num(lat) + "]}";
}

std::string linestring(const std::vector<double>& lonlat) {
    std::string s = "{\"type\":\"LineString\",\"coordinates\":[";
    for (std::size_t i = 0; i < lonlat.size(); i += 2) {
        if (i != 0) s += ",";
        s += '[';
        s += num(lonlat[i]);
        s += ',';
        s += num(lonlat[i + 1]);
        s += ']';
    }
    return s + "]}";
}

Feature place(const std::string& id, const std::string& country, const std::string& kind, double lon, double lat) {
    Feature f;
    f.props = {{"id", js(id)}, {"name", js(id + " city")}, {"country", js(country)}, {"kind", js(kind)}};
    f.geometry = point(lon, lat);
    return f;
}

Feature leg(const std::string& from, const std::string& to, const std::string& mode, double days, double price,
            double capacity, double hazard) {
    Feature f;
    f.props = {{"id", js(from + "-" + to)}, {"from", js(from)},           {"to", js(to)},
               {"mode", js(mode)},          {"days", num(days)},          {"price_eur", num(price)},
               {"capacity", num(capacity)}, {"hazard", num(hazard)}};
    return f;
}

std::string collection(const std::vector<Feature>& fs_) {
    std::string s = "{\"type\":\"FeatureCollection\",\"features\":[\n";
    for (std::size_t i = 0; i < fs_.size(); ++i) {
        if (i != 0) s += ",\n";
        s += "{\"type\":\"Feature\",\"properties\":{";
        bool first = true;
        for (const auto& [k, v] : fs_[i].props) {
            if (!first) s += ",";
            first = false;
            s += js(k) + ":" + v;
        }
        s += "},\"geometry\":" + fs_[i].geometry + "}";
    }
    return s + "\n]}\n";
}

struct Net {
    std::vector<Feature> places, legs;
    Feature& place_by_id(const std::string& id) {
        for (Feature& f : places)
            if (f.props["id"] == js(id)) return f;
        throw std::logic_error("no place " + id);
    }
    Feature& leg_by_id(const std::string& id) {
        for (Feature& f : legs)
            if (f.props["id"] == js(id)) return f;
        throw std::logic_error("no leg " + id);
    }
};

// A small but varied network: null and explicit geometries, optional fields
// present, null and absent.
Net base_net() {
    Net n;
    n.places = {place("ALEPPO", "SYR", "origin", 37.16, 36.20),   place("IZMIR", "TUR", "transit", 27.14, 38.42),
                place("LESBOS", "GRC", "port", 26.55, 39.10),     place("ATHENS", "GRC", "airport", 23.73, 37.98),
                place("BERLIN", "DEU", "destination", 13.40, 52.52)};
    Feature a = leg("ALEPPO", "IZMIR", "land", 3, 300, 200, 0.01);
    a.props["means"] = js("bus");
    Feature b = leg("IZMIR", "LESBOS", "sea", 1, 1000, 50, 0.02);
    b.props["means"] = js("dinghy");
    b.props["intercept"] = num(0.3);
    b.geometry = linestring({27.14, 38.42, 26.8, 38.9, 26.55, 39.10});
    Feature c = leg("LESBOS", "ATHENS", "sea", 1, 60, 500, 0.0001);
    c.props["length_km"] = num(330);
    c.props["need_docs"] = "0";
    c.props["means"] = "null";
    Feature d = leg("ATHENS", "BERLIN", "air", 0.5, 250, 100, 0);
    d.props["intercept"] = num(0.2);
    d.props["need_docs"] = "null";
    d.props["length_km"] = "null";
    Feature e = leg("ATHENS", "BERLIN", "land", 10, 2000, 30, 0.005);
    e.props["id"] = js("ATHENS-BERLIN-LAND");
    e.props["need_docs"] = "1";
    e.props["means"] = js("truck");
    e.geometry = linestring({23.73, 37.98, 21.43, 41.99, 20.46, 44.79, 16.37, 48.21, 13.40, 52.52});
    n.legs = {a, b, c, d, e};
    return n;
}

// Writes places.geojson and legs.geojson into `dir`; returns the places file.
fs::path write_geojson(const fs::path& dir, const Net& n) {
    write_text(dir / "places.geojson", collection(n.places));
    write_text(dir / "legs.geojson", collection(n.legs));
    return dir / "places.geojson";
}

Network load(const fs::path& file) {
    NetworkSource src;
    src.file = file;
    return load_network(src);
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Runs `fn`, which must throw InputError; checks the message contains every part.
void expect_input_error(const std::function<void()>& fn, const std::vector<std::string>& parts) {
    try {
        fn();
        ADD_FAILURE() << "no InputError thrown";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_EQ(msg.find('\n'), std::string::npos) << "message is not one line: " << msg;
        for (const std::string& p : parts) EXPECT_TRUE(contains(msg, p)) << "missing '" << p << "' in: " << msg;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "wrong exception type: " << e.what();
    }
}

void expect_same_network(const Network& a, const Network& b, const std::string& what) {
    SCOPED_TRACE(what);
    ASSERT_EQ(a.place_count(), b.place_count());
    ASSERT_EQ(a.leg_count(), b.leg_count());
    for (std::size_t i = 0; i < a.place_count(); ++i) {
        const Place& p = a.places()[i];
        const Place& q = b.places()[i];
        EXPECT_EQ(p.id, q.id);
        EXPECT_EQ(p.name, q.name);
        EXPECT_EQ(p.country, q.country);
        EXPECT_EQ(p.kind, q.kind);
        EXPECT_DOUBLE_EQ(p.lon, q.lon);
        EXPECT_DOUBLE_EQ(p.lat, q.lat);
    }
    for (std::size_t i = 0; i < a.leg_count(); ++i) {
        const Leg& l = a.legs()[i];
        const Leg& m = b.legs()[i];
        SCOPED_TRACE(l.id);
        EXPECT_EQ(l.id, m.id);
        EXPECT_EQ(l.from, m.from);
        EXPECT_EQ(l.to, m.to);
        EXPECT_EQ(l.mode, m.mode);
        EXPECT_EQ(l.means, m.means);
        EXPECT_DOUBLE_EQ(l.length_km, m.length_km);
        EXPECT_DOUBLE_EQ(l.base_days, m.base_days);
        EXPECT_DOUBLE_EQ(l.price_eur, m.price_eur);
        EXPECT_DOUBLE_EQ(l.capacity_per_day, m.capacity_per_day);
        EXPECT_DOUBLE_EQ(l.hazard, m.hazard);
        EXPECT_DOUBLE_EQ(l.interception, m.interception);
        EXPECT_EQ(l.requires_documents, m.requires_documents);
        ASSERT_EQ(l.geometry.size(), m.geometry.size());
        for (std::size_t k = 0; k < l.geometry.size(); ++k) EXPECT_DOUBLE_EQ(l.geometry[k], m.geometry[k]);
    }
    EXPECT_EQ(a.countries(), b.countries());
}

// ---------------------------------------------------------------------------
// Loading valid input.

TEST(NetworkLoader, LoadsGeoJsonWithDefaults) {
    TempDir dir;
    const fs::path file = write_geojson(dir.path(), base_net());
    const Network net = load(file);
    EXPECT_EQ(net.source, file.string());
    ASSERT_EQ(net.place_count(), 5u);
    ASSERT_EQ(net.leg_count(), 5u);
    EXPECT_EQ(net.countries(), (std::vector<std::string>{"DEU", "GRC", "SYR", "TUR"}));

    const Place& aleppo = net.places()[*net.find_place("ALEPPO")];
    EXPECT_EQ(aleppo.name, "ALEPPO city");
    EXPECT_EQ(aleppo.country, "SYR");
    EXPECT_EQ(aleppo.kind, PlaceKind::Origin);
    EXPECT_DOUBLE_EQ(aleppo.lon, 37.16);
    EXPECT_DOUBLE_EQ(aleppo.lat, 36.20);
    EXPECT_EQ(net.places()[*net.find_place("LESBOS")].kind, PlaceKind::Port);
    EXPECT_EQ(net.places()[*net.find_place("BERLIN")].kind, PlaceKind::Destination);

    // Null geometry: straight line between the places; length is its geodesic length.
    const Leg& land = net.legs()[*net.find_leg("ALEPPO-IZMIR")];
    EXPECT_EQ(land.mode, Mode::Land);
    EXPECT_EQ(land.means, "bus");
    EXPECT_EQ(land.geometry, (std::vector<double>{37.16, 36.20, 27.14, 38.42}));
    EXPECT_DOUBLE_EQ(land.length_km, geodesic_length_km(land.geometry));
    EXPECT_GT(land.length_km, 800.0);
    EXPECT_LT(land.length_km, 1000.0);
    EXPECT_DOUBLE_EQ(land.base_days, 3.0);
    EXPECT_DOUBLE_EQ(land.price_eur, 300.0);
    EXPECT_DOUBLE_EQ(land.capacity_per_day, 200.0);
    EXPECT_DOUBLE_EQ(land.hazard, 0.01);
    EXPECT_DOUBLE_EQ(land.interception, 0.0);  // field absent: default 0
    EXPECT_FALSE(land.requires_documents);      // non-air default
    EXPECT_DOUBLE_EQ(land.hazard_raster_factor, 1.0);
    EXPECT_DOUBLE_EQ(land.interception_raster_factor, 1.0);
    EXPECT_EQ(land.from, *net.find_place("ALEPPO"));
    EXPECT_EQ(land.to, *net.find_place("IZMIR"));

    // Explicit geometry: kept as given; length along all vertices.
    const Leg& sea = net.legs()[*net.find_leg("IZMIR-LESBOS")];
    EXPECT_EQ(sea.geometry, (std::vector<double>{27.14, 38.42, 26.8, 38.9, 26.55, 39.10}));
    EXPECT_DOUBLE_EQ(sea.length_km, geodesic_length_km(sea.geometry));
    EXPECT_GT(sea.length_km, geodesic_length_km({27.14, 38.42, 26.55, 39.10}));
    EXPECT_DOUBLE_EQ(sea.interception, 0.3);

    const Leg& ferry = net.legs()[*net.find_leg("LESBOS-ATHENS")];
    EXPECT_DOUBLE_EQ(ferry.length_km, 330.0);  // given
    EXPECT_EQ(ferry.means, "");                // null: default ""
    EXPECT_FALSE(ferry.requires_documents);    // explicit 0

    const Leg& air = net.legs()[*net.find_leg("ATHENS-BERLIN")];
    EXPECT_EQ(air.mode, Mode::Air);
    EXPECT_TRUE(air.requires_documents);  // null: default 1 for air
    EXPECT_DOUBLE_EQ(air.length_km, geodesic_length_km(air.geometry));  // null length_km
    EXPECT_DOUBLE_EQ(air.hazard, 0.0);

    const Leg& truck = net.legs()[*net.find_leg("ATHENS-BERLIN-LAND")];
    EXPECT_TRUE(truck.requires_documents);  // explicit 1 on a land leg
    EXPECT_EQ(truck.geometry.size(), 10u);

    // The directory holding places.geojson + legs.geojson loads the same.
    expect_same_network(net, load(dir.path()), "directory of GeoJSON files");
}

TEST(NetworkLoader, GeoJsonGeoPackageShapefileAndProjectedLoadIdentically) {
    TempDir dir;
    fs::create_directories(dir / "json");
    const fs::path json = write_geojson(dir / "json", base_net());
    const fs::path gpkg = dir / "net.gpkg";
    const fs::path shp = dir / "shp";
    ASSERT_EQ(run("ogr2ogr -q -f GPKG " + quoted(gpkg) + " " + quoted(json)), 0);
    ASSERT_EQ(run("ogr2ogr -q -update " + quoted(gpkg) + " " + quoted(dir / "json" / "legs.geojson")), 0);
    ASSERT_EQ(run("ogr2ogr -q -f \"ESRI Shapefile\" " + quoted(shp) + " " + quoted(gpkg)), 0);
    ASSERT_TRUE(fs::exists(shp / "places.shp"));
    ASSERT_TRUE(fs::exists(shp / "legs.shp"));

    const Network a = load(json);
    const Network b = load(gpkg);
    const Network c = load(shp);                 // Shapefile directory
    const Network d = load(shp / "places.shp");  // a .shp: legs.shp is found next to it
    expect_same_network(a, b, "GeoPackage");
    expect_same_network(a, c, "Shapefile directory");
    expect_same_network(a, d, "Shapefile .shp");
    EXPECT_EQ(b.source, gpkg.string());

    // A layer in another CRS (Web Mercator) is transformed back to lon/lat.
    const fs::path merc = dir / "mercator.gpkg";
    ASSERT_EQ(run("ogr2ogr -q -t_srs EPSG:3857 -f GPKG " + quoted(merc) + " " + quoted(gpkg)), 0);
    const Network e = load(merc);
    ASSERT_EQ(a.place_count(), e.place_count());
    for (std::size_t i = 0; i < a.place_count(); ++i) {
        EXPECT_NEAR(a.places()[i].lon, e.places()[i].lon, 1e-9);
        EXPECT_NEAR(a.places()[i].lat, e.places()[i].lat, 1e-9);
    }
    ASSERT_EQ(a.leg_count(), e.leg_count());
    for (std::size_t i = 0; i < a.leg_count(); ++i) {
        ASSERT_EQ(a.legs()[i].geometry.size(), e.legs()[i].geometry.size());
        for (std::size_t k = 0; k < a.legs()[i].geometry.size(); ++k)
            EXPECT_NEAR(a.legs()[i].geometry[k], e.legs()[i].geometry[k], 1e-9);
        EXPECT_NEAR(a.legs()[i].length_km, e.legs()[i].length_km, 1e-6);
    }

    // A multi-layer file lists its layers when one is missing.
    NetworkSource src;
    src.file = gpkg;
    src.legs_layer = "routes";
    expect_input_error([&] { load_network(src); },
                       {gpkg.string(), "no layer 'routes'", "the file has layers:", "places", "legs"});
}

TEST(NetworkLoader, CsvWithStringFieldsLoads) {
    TempDir dir;
    write_text(dir / "places.csv",
               "WKT,id,name,country,kind\n"
               "\"POINT (37.16 36.20)\",ALEPPO,Aleppo,SYR,origin\n"
               "\"POINT (27.14 38.42)\",IZMIR,Izmir,TUR,transit\n"
               "\"POINT (13.40 52.52)\",BERLIN,Berlin,DEU,destination\n");
    write_text(dir / "legs.csv",
               "WKT,id,from,to,mode,means,days,price_eur,capacity,hazard,intercept,need_docs,length_km\n"
               ",ALEPPO-IZMIR,ALEPPO,IZMIR,land,bus, 3 ,300,200,0.01,,,\n"
               "\"LINESTRING (27.14 38.42,20 45,13.40 52.52)\",IZMIR-BERLIN,IZMIR,BERLIN,air,,0.5,+250,1e2,0,0.25,0,"
               "2100.5\n");
    const Network net = load(dir / "places.csv");
    ASSERT_EQ(net.leg_count(), 2u);
    const Leg& a = net.legs()[0];
    EXPECT_DOUBLE_EQ(a.base_days, 3.0);
    EXPECT_DOUBLE_EQ(a.hazard, 0.01);
    EXPECT_DOUBLE_EQ(a.interception, 0.0);  // empty cell = null
    EXPECT_FALSE(a.requires_documents);
    EXPECT_DOUBLE_EQ(a.length_km, geodesic_length_km({37.16, 36.20, 27.14, 38.42}));
    const Leg& b = net.legs()[1];
    EXPECT_EQ(b.mode, Mode::Air);
    EXPECT_DOUBLE_EQ(b.price_eur, 250.0);
    EXPECT_DOUBLE_EQ(b.capacity_per_day, 100.0);
    EXPECT_DOUBLE_EQ(b.interception, 0.25);
    EXPECT_FALSE(b.requires_documents);  // explicit 0 overrides the air default
    EXPECT_DOUBLE_EQ(b.length_km, 2100.5);
    EXPECT_EQ(b.geometry, (std::vector<double>{27.14, 38.42, 20, 45, 13.40, 52.52}));
}

TEST(NetworkLoader, NumericStringsInGeoJsonAreAccepted) {
    TempDir dir;
    Net n = base_net();
    n.leg_by_id("ALEPPO-IZMIR").props["hazard"] = js("0.01");
    n.leg_by_id("ALEPPO-IZMIR").props["days"] = js(" 3 ");
    n.leg_by_id("ALEPPO-IZMIR").props["need_docs"] = js("1");
    const Network net = load(write_geojson(dir.path(), n));
    const Leg& a = net.legs()[*net.find_leg("ALEPPO-IZMIR")];
    EXPECT_DOUBLE_EQ(a.hazard, 0.01);
    EXPECT_DOUBLE_EQ(a.base_days, 3.0);
    EXPECT_TRUE(a.requires_documents);
    EXPECT_DOUBLE_EQ(net.legs()[*net.find_leg("IZMIR-LESBOS")].hazard, 0.02);  // other rows unaffected
}

// ---------------------------------------------------------------------------
// Geodesics.

TEST(Geodesic, OneDegreeOfLongitudeAtTheEquator) {
    // Along the equator the geodesic is the equator: a * pi / 180.
    EXPECT_NEAR(geodesic_length_km({0, 0, 1, 0}), 6378137.0 * std::numbers::pi / 180.0 / 1000.0, 1e-9);
    EXPECT_NEAR(geodesic_length_km({0, 0, 1, 0}), 111.319, 0.001);
}

TEST(Geodesic, QuarterMeridianAndParisLondon) {
    EXPECT_NEAR(geodesic_length_km({0, 0, 0, 90}), 10001.965729, 1e-5);  // WGS84 quarter meridian
    // Paris (Notre-Dame area) - London (Charing Cross area): ~343.9 km on WGS84
    // (PROJ `geod -I` gives 343.897 km).
    const double d = geodesic_length_km({2.3522, 48.8566, -0.1276, 51.5072});
    EXPECT_NEAR(d, 343.897, 0.01);
    EXPECT_NEAR(d, 343.5, 0.5);
}

TEST(Geodesic, PolylineLengthIsSumOfSegments) {
    const std::vector<double> line = {23.73, 37.98, 21.43, 41.99, 20.46, 44.79};
    EXPECT_NEAR(geodesic_length_km(line),
                geodesic_length_km({23.73, 37.98, 21.43, 41.99}) + geodesic_length_km({21.43, 41.99, 20.46, 44.79}),
                1e-9);
    EXPECT_EQ(geodesic_length_km({}), 0.0);
    EXPECT_EQ(geodesic_length_km({5, 5}), 0.0);
    EXPECT_THROW(geodesic_length_km({1, 2, 3}), std::invalid_argument);
    EXPECT_THROW(geodesic_length_km({0, 0, 0, 91}), std::invalid_argument);
    EXPECT_THROW(geodesic_length_km({0, 0, std::numeric_limits<double>::quiet_NaN(), 0}), std::invalid_argument);
}

TEST(Geodesic, DensifyIsUniformAndKeepsEndPoints) {
    const std::vector<double> line = {0, 0, 1, 0, 1, 1};
    const double total = geodesic_length_km(line);
    const std::vector<double> pts = densify_geodesic(line, 10.0);
    const std::size_t n = pts.size() / 2;
    ASSERT_EQ(n, static_cast<std::size_t>(std::ceil(total / 10.0)) + 1);
    EXPECT_EQ(pts[0], 0.0);
    EXPECT_EQ(pts[1], 0.0);
    EXPECT_EQ(pts[2 * n - 2], 1.0);
    EXPECT_EQ(pts[2 * n - 1], 1.0);
    const double step = total / static_cast<double>(n - 1);
    EXPECT_LE(step, 10.0);
    double along = 0.0;
    std::size_t on_equator = 0;
    for (std::size_t i = 1; i < n; ++i) {
        const double s = geodesic_length_km({pts[2 * i - 2], pts[2 * i - 1], pts[2 * i], pts[2 * i + 1]});
        along += s;
        // Steps that do not cut the corner at (1,0) are exactly `step` long.
        if (std::abs(pts[2 * i - 1]) < 1e-12 && std::abs(pts[2 * i + 1]) < 1e-12) {
            EXPECT_NEAR(s, step, 1e-6);
            ++on_equator;
        }
    }
    EXPECT_GE(on_equator, 10u);  // the first segment (111 km) holds 11 steps
    // Only the step across the corner at (1,0) cuts it, so it is a little shorter.
    EXPECT_LE(along, total + 1e-9);
    EXPECT_GE(along, total - step);
    for (std::size_t i = 0; i < n; ++i) {
        if (pts[2 * i] < 1.0 - 1e-12) {
            EXPECT_NEAR(pts[2 * i + 1], 0.0, 1e-12);  // still on the equator
        }
    }

    EXPECT_EQ(densify_geodesic({0, 0, 1, 0}, 1000.0), (std::vector<double>{0, 0, 1, 0}));
    EXPECT_EQ(densify_geodesic({3, 4}, 1.0), (std::vector<double>{3, 4}));
    EXPECT_TRUE(densify_geodesic({}, 1.0).empty());
    EXPECT_THROW(densify_geodesic({0, 0, 1, 0}, 0.0), std::invalid_argument);
    EXPECT_THROW(densify_geodesic({0, 0, 1, 0}, -1.0), std::invalid_argument);
    EXPECT_THROW(densify_geodesic({0, 0, 1}, 1.0), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// Rasters.

// Equator network: ORIG (0,0) -> DEST (2,0) by sea; far away land legs.
Net equator_net() {
    Net n;
    n.places = {place("ORIG", "AAA", "origin", 0, 0), place("DEST", "BBB", "destination", 2, 0),
                place("FAR1", "CCC", "transit", 40, 40), place("FAR2", "CCC", "destination", 41, 40)};
    Feature s = leg("ORIG", "DEST", "sea", 1, 100, 10, 0.1);
    s.props["intercept"] = num(0.05);
    n.legs = {s, leg("ORIG", "FAR1", "land", 5, 100, 10, 0.01), leg("FAR1", "FAR2", "land", 1, 100, 10, 0.02)};
    return n;
}

// A one-band Float32 GeoTIFF; gt = {x0, dx, 0, y0, 0, -dy}; value(col,row).
void make_tiff(const fs::path& file, int nx, int ny, const std::vector<double>& gt,
               const std::function<double(int, int)>& value, int epsg = 4326,
               std::optional<double> nodata = std::nullopt) {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    ASSERT_NE(drv, nullptr);
    GDALDatasetUniquePtr ds(drv->Create(file.string().c_str(), nx, ny, 1, GDT_Float32, nullptr));
    ASSERT_TRUE(ds);
    std::vector<double> g = gt;
    ASSERT_EQ(ds->SetGeoTransform(g.data()), CE_None);
    OGRSpatialReference srs;
    ASSERT_EQ(srs.importFromEPSG(epsg), OGRERR_NONE);
    ASSERT_EQ(ds->SetSpatialRef(&srs), CE_None);
    GDALRasterBand* band = ds->GetRasterBand(1);
    if (nodata) {
        ASSERT_EQ(band->SetNoDataValue(*nodata), CE_None);
    }
    std::vector<float> px(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
    for (int r = 0; r < ny; ++r)
        for (int c = 0; c < nx; ++c)
            px[static_cast<std::size_t>(r) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(c)] =
                static_cast<float>(value(c, r));
    ASSERT_EQ(band->RasterIO(GF_Write, 0, 0, nx, ny, px.data(), nx, ny, GDT_Float32, 0, 0, nullptr), CE_None);
}

// Covers lon [-1,3] x lat [-1,1] with 0.5 degree pixels.
const std::vector<double> kEquatorGt = {-1.0, 0.5, 0.0, 1.0, 0.0, -0.5};

NetworkSource equator_source(const TempDir& dir, const Net& n = equator_net()) {
    NetworkSource src;
    src.file = write_geojson(dir.path(), n);
    return src;
}

TEST(NetworkRasters, ConstantFactorAppliesToSelectedModes) {
    TempDir dir;
    make_tiff(dir / "two.tif", 8, 4, kEquatorGt, [](int, int) { return 2.0; });
    NetworkSource src = equator_source(dir);
    RasterSpec r;
    r.file = dir / "two.tif";
    r.modes = {static_cast<int>(Mode::Sea)};
    src.rasters = {r};
    Network net = load_network(src);
    EXPECT_EQ(net.legs()[0].hazard_raster_factor, 2.0);
    EXPECT_EQ(net.legs()[0].interception_raster_factor, 1.0);
    EXPECT_EQ(net.legs()[1].hazard_raster_factor, 1.0);  // land: not selected
    EXPECT_EQ(net.legs()[2].hazard_raster_factor, 1.0);

    // All modes: a leg partly inside uses only its samples inside; a leg wholly
    // outside the raster keeps factor 1.
    src.rasters[0].modes = {0, 1, 2};
    net = load_network(src);
    EXPECT_EQ(net.legs()[0].hazard_raster_factor, 2.0);
    EXPECT_EQ(net.legs()[1].hazard_raster_factor, 2.0);
    EXPECT_EQ(net.legs()[2].hazard_raster_factor, 1.0);
}

TEST(NetworkRasters, HalfCoveredLegMeanIsBetweenAndMaxIsHigh) {
    TempDir dir;
    // lon < 1: factor 2; lon >= 1: factor 1.
    make_tiff(dir / "half.tif", 8, 4, kEquatorGt, [](int c, int) { return c < 4 ? 2.0 : 1.0; });
    NetworkSource src = equator_source(dir);
    RasterSpec r;
    r.file = dir / "half.tif";
    r.sample_km = 5.0;
    src.rasters = {r};
    const Network mean = load_network(src);
    EXPECT_GT(mean.legs()[0].hazard_raster_factor, 1.45);
    EXPECT_LT(mean.legs()[0].hazard_raster_factor, 1.55);
    src.rasters[0].statistic = RasterStatistic::Max;
    const Network max = load_network(src);
    EXPECT_EQ(max.legs()[0].hazard_raster_factor, 2.0);
}

TEST(NetworkRasters, NodataAndNanAreSkipped) {
    TempDir dir;
    make_tiff(dir / "nodata.tif", 8, 4, kEquatorGt, [](int, int) { return -9999.0; }, 4326, -9999.0);
    make_tiff(dir / "nan.tif", 8, 4, kEquatorGt, [](int, int) { return std::numeric_limits<double>::quiet_NaN(); });
    // Nodata on the western half, 3 on the eastern half: only the 3s count.
    make_tiff(dir / "partial.tif", 8, 4, kEquatorGt, [](int c, int) { return c < 4 ? -1.0 : 3.0; }, 4326, -1.0);
    NetworkSource src = equator_source(dir);
    for (const char* f : {"nodata.tif", "nan.tif"}) {
        RasterSpec r;
        r.file = dir / f;
        src.rasters = {r};
        EXPECT_EQ(load_network(src).legs()[0].hazard_raster_factor, 1.0) << f;
    }
    RasterSpec r;
    r.file = dir / "partial.tif";
    src.rasters = {r};
    EXPECT_EQ(load_network(src).legs()[0].hazard_raster_factor, 3.0);
}

TEST(NetworkRasters, InterceptionRastersMultiply) {
    TempDir dir;
    make_tiff(dir / "two.tif", 8, 4, kEquatorGt, [](int, int) { return 2.0; });
    make_tiff(dir / "three.tif", 8, 4, kEquatorGt, [](int, int) { return 3.0; });
    NetworkSource src = equator_source(dir);
    RasterSpec a, b;
    a.file = dir / "two.tif";
    a.effect = RasterEffect::Interception;
    b.file = dir / "three.tif";
    b.effect = RasterEffect::Interception;
    src.rasters = {a, b};
    const Network net = load_network(src);
    EXPECT_EQ(net.legs()[0].interception_raster_factor, 6.0);
    EXPECT_EQ(net.legs()[0].hazard_raster_factor, 1.0);
    EXPECT_DOUBLE_EQ(net.legs()[0].interception, 0.05);  // base value unchanged
}

TEST(NetworkRasters, ProjectedRasterIsSampledInItsCrs) {
    TempDir dir;
    // Web Mercator, 50 km pixels over x in [-200, 400] km, y in [-200, 200] km.
    make_tiff(dir / "merc.tif", 12, 8, {-200000.0, 50000.0, 0.0, 200000.0, 0.0, -50000.0},
              [](int c, int) { return c < 4 ? 5.0 : 2.0; }, 3857);
    NetworkSource src = equator_source(dir);
    RasterSpec r;
    r.file = dir / "merc.tif";
    r.statistic = RasterStatistic::Max;
    src.rasters = {r};
    // ORIG (x = 0 m) falls in column 4 (value 2), DEST (x ~ 222.6 km) in column 8.
    EXPECT_EQ(load_network(src).legs()[0].hazard_raster_factor, 2.0);
}

TEST(NetworkRasters, BadRastersAreInputErrors) {
    TempDir dir;
    make_tiff(dir / "neg.tif", 8, 4, kEquatorGt, [](int c, int) { return c == 4 ? -0.5 : 1.0; });
    make_tiff(dir / "ten.tif", 8, 4, kEquatorGt, [](int, int) { return 10.0; });
    make_tiff(dir / "two.tif", 8, 4, kEquatorGt, [](int, int) { return 2.0; });
    write_text(dir / "junk.tif", "this is not a raster\n");
    NetworkSource src = equator_source(dir);
    const auto with = [&](const fs::path& f, RasterEffect e = RasterEffect::Hazard) {
        RasterSpec r;
        r.file = f;
        r.effect = e;
        return r;
    };

    src.rasters = {with(dir / "neg.tif")};
    expect_input_error([&] { load_network(src); },
                       {(dir / "neg.tif").string(), "leg 'ORIG-DEST'", "negative", "-0.5"});

    // hazard 0.1 x 10 = 1: not a probability any more.
    src.rasters = {with(dir / "ten.tif")};
    expect_input_error([&] { load_network(src); },
                       {(dir / "ten.tif").string(), "leg 'ORIG-DEST'", "field 'hazard'", "must stay below 1"});

    // intercept 0.05 x 10 x 2 = 1 with two interception rasters: both are named.
    src.rasters = {with(dir / "ten.tif", RasterEffect::Interception),
                   with(dir / "two.tif", RasterEffect::Interception)};
    expect_input_error([&] { load_network(src); }, {(dir / "ten.tif").string(), (dir / "two.tif").string(),
                                                    "leg 'ORIG-DEST'", "field 'intercept'", "must stay below 1"});

    src.rasters = {with(dir / "missing.tif")};
    expect_input_error([&] { load_network(src); }, {(dir / "missing.tif").string(), "does not exist"});

    src.rasters = {with(dir / "junk.tif")};
    expect_input_error([&] { load_network(src); }, {(dir / "junk.tif").string(), "cannot open as a raster"});

    src.rasters = {with(dir / "two.tif")};
    src.rasters[0].band = 2;
    expect_input_error([&] { load_network(src); }, {(dir / "two.tif").string(), "band 2 does not exist"});

    src.rasters = {with(dir / "two.tif")};
    src.rasters[0].sample_km = 0.0;
    expect_input_error([&] { load_network(src); }, {(dir / "two.tif").string(), "sample spacing"});

    src.rasters = {with(dir / "two.tif")};
    src.rasters[0].modes = {7};
    expect_input_error([&] { load_network(src); }, {(dir / "two.tif").string(), "modes contain 7"});
}

// ---------------------------------------------------------------------------
// Bad input: files and layers.

TEST(NetworkLoaderErrors, MissingFile) {
    TempDir dir;
    const fs::path f = dir / "nope.gpkg";
    expect_input_error([&] { load(f); }, {f.string(), "does not exist"});
}

TEST(NetworkLoaderErrors, NotAVectorDataset) {
    TempDir dir;
    const fs::path junk = dir / "junk.gpkg";
    write_text(junk, "this is not a GeoPackage\n");
    expect_input_error([&] { load(junk); }, {junk.string(), "cannot open as a vector dataset", "GDAL: "});

    const fs::path tif = dir / "raster.tif";
    make_tiff(tif, 2, 2, kEquatorGt, [](int, int) { return 1.0; });
    expect_input_error([&] { load(tif); }, {tif.string(), "cannot open as a vector dataset"});

    fs::create_directories(dir / "empty");
    expect_input_error([&] { load(dir / "empty"); },
                       {(dir / "empty").string(), "cannot open as a vector dataset", "'places.*'"});
}

TEST(NetworkLoaderErrors, MissingLayer) {
    TempDir dir;
    const fs::path places = dir / "places.geojson";
    write_text(places, collection(base_net().places));
    expect_input_error([&] { load(places); },
                       {places.string(), "no layer 'legs'", "the file has layers: places", "'legs.geojson'"});

    NetworkSource src;
    src.file = places;
    src.places_layer = "nodes";
    expect_input_error([&] { load_network(src); }, {places.string(), "no layer 'nodes'"});
}

// ---------------------------------------------------------------------------
// Bad input: one mutation of the base network per case.

enum class Where { Places, Legs };

struct BadCase {
    std::string name;
    std::function<void(Net&)> mutate;
    Where where;                     // which file/layer must be named
    std::vector<std::string> parts;  // further substrings the message must contain
};

std::ostream& operator<<(std::ostream& o, const BadCase& c) { return o << c.name; }

class BadNetwork : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadNetwork, ThrowsInputErrorNamingFileLayerFeatureField) {
    const BadCase& c = GetParam();
    TempDir dir;
    Net n = base_net();
    c.mutate(n);
    const fs::path file = write_geojson(dir.path(), n);
    std::vector<std::string> parts = c.parts;
    if (c.where == Where::Places) {
        parts.push_back(file.string());
        parts.push_back("layer 'places'");
    } else {
        parts.push_back((dir / "legs.geojson").string());
        parts.push_back("layer 'legs'");
    }
    expect_input_error([&] { load(file); }, parts);
}

auto set_place(const std::string& id, const std::string& key, const std::string& raw) {
    return [=](Net& n) { n.place_by_id(id).props[key] = raw; };
}
auto set_leg(const std::string& id, const std::string& key, const std::string& raw) {
    return [=](Net& n) { n.leg_by_id(id).props[key] = raw; };
}

const std::string kSea = "IZMIR-LESBOS";

std::vector<BadCase> bad_cases() {
    return {
        // Missing required fields (name the field and list what the layer has).
        {"PlaceFieldMissing",
         [](Net& n) {
             for (Feature& f : n.places) f.props.erase("country");
         },
         Where::Places,
         {"missing required field 'country'", "the layer has fields:", "kind", "name"}},
        {"LegFieldMissing",
         [](Net& n) {
             for (Feature& f : n.legs) f.props.erase("hazard");
         },
         Where::Legs,
         {"missing required field 'hazard'", "the layer has fields:", "days", "price_eur"}},
        // Null required values.
        {"PlaceNameNull", set_place("IZMIR", "name", "null"), Where::Places,
         {"feature 'IZMIR'", "field 'name' is null"}},
        {"PlaceIdNull", set_place("IZMIR", "id", "null"), Where::Places, {"feature #1", "field 'id' is null"}},
        {"PlaceKindNull", set_place("IZMIR", "kind", "null"), Where::Places,
         {"feature 'IZMIR'", "field 'kind' is null"}},
        {"LegDaysNull", set_leg(kSea, "days", "null"), Where::Legs, {"feature 'IZMIR-LESBOS'", "field 'days' is null"}},
        {"LegIdNull", set_leg("LESBOS-ATHENS", "id", "null"), Where::Legs, {"feature #2", "field 'id' is null"}},
        {"LegFromNull", set_leg(kSea, "from", "null"), Where::Legs, {"feature 'IZMIR-LESBOS'", "field 'from' is null"}},
        {"LegModeEmpty", set_leg(kSea, "mode", js("")), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'mode' is empty"}},
        // Unknown place ids.
        {"LegUnknownFrom", set_leg(kSea, "from", js("NOWHERE")), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'from' is 'NOWHERE'", "not the id of any place"}},
        {"LegUnknownTo", set_leg(kSea, "to", js("ATLANTIS")), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'to' is 'ATLANTIS'", "not the id of any place"}},
        // Duplicates.
        {"DuplicatePlaceId",
         [](Net& n) { n.places.push_back(place("IZMIR", "TUR", "port", 27.0, 38.5)); },
         Where::Places,
         {"feature 'IZMIR'", "field 'id'", "duplicates", "feature #1"}},
        {"DuplicateLegId",
         [](Net& n) { n.legs.push_back(leg("IZMIR", "LESBOS", "sea", 2, 900, 40, 0.03)); },
         Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'id'", "duplicates", "feature #1"}},
        // Numbers: negative, zero, NaN, infinite, out of range, not numbers.
        {"DaysNegative", set_leg(kSea, "days", "-1"), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'days' is -1 (must be a number > 0)"}},
        {"DaysZero", set_leg(kSea, "days", "0"), Where::Legs, {"field 'days' is 0 (must be a number > 0)"}},
        {"DaysInfinite", set_leg(kSea, "days", js("inf")), Where::Legs, {"field 'days' is inf"}},
        {"DaysNotANumber", set_leg(kSea, "days", js("abc")), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'days' is 'abc', not a number"}},
        {"DaysTrailingText", set_leg(kSea, "days", js("3 days")), Where::Legs,
         {"field 'days' is '3 days', not a number"}},
        {"DaysWrongType", set_leg(kSea, "days", "[1,2]"), Where::Legs, {"field 'days'", "not a number"}},
        {"PriceNegative", set_leg(kSea, "price_eur", "-5"), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'price_eur' is -5 (must be a number >= 0)"}},
        {"CapacityZero", set_leg(kSea, "capacity", "0"), Where::Legs,
         {"field 'capacity' is 0 (must be a number > 0)"}},
        {"CapacityNaN", set_leg(kSea, "capacity", js("NaN")), Where::Legs, {"field 'capacity' is NaN"}},
        {"HazardNaNString", set_leg(kSea, "hazard", js("NaN")), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'hazard' is NaN (must be a number in [0,1))"}},
        {"HazardNaNToken", set_leg(kSea, "hazard", "NaN"), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'hazard' is NaN (must be a number in [0,1))"}},
        {"HazardOne", set_leg(kSea, "hazard", "1"), Where::Legs,
         {"field 'hazard' is 1 (must be a number in [0,1))"}},
        {"HazardNegative", set_leg(kSea, "hazard", "-0.1"), Where::Legs, {"field 'hazard' is -0.1"}},
        {"InterceptTooHigh", set_leg(kSea, "intercept", "1.5"), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'intercept' is 1.5 (must be a number in [0,1))"}},
        {"InterceptNegative", set_leg(kSea, "intercept", "-0.2"), Where::Legs, {"field 'intercept' is -0.2"}},
        {"NeedDocsTwo", set_leg(kSea, "need_docs", "2"), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'need_docs' is 2 (must be 0 or 1)"}},
        {"LengthZero", set_leg(kSea, "length_km", "0"), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'length_km' is 0 (must be a number > 0)"}},
        {"LengthNegative", set_leg(kSea, "length_km", "-12"), Where::Legs, {"field 'length_km' is -12"}},
        // Enumerations and codes.
        {"UnknownMode", set_leg(kSea, "mode", js("boat")), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'mode' is 'boat' (must be one of land, sea, air)"}},
        {"UnknownKind", set_place("IZMIR", "kind", js("city")), Where::Places,
         {"feature 'IZMIR'", "field 'kind' is 'city'", "origin, transit, port, airport, border, destination"}},
        {"CountryLowercase", set_place("IZMIR", "country", js("tur")), Where::Places,
         {"feature 'IZMIR'", "field 'country' is 'tur'", "ISO 3166-1 alpha-3"}},
        {"CountryTwoLetters", set_place("IZMIR", "country", js("TR")), Where::Places,
         {"feature 'IZMIR'", "field 'country' is 'TR'"}},
        {"CountryFourLetters", set_place("IZMIR", "country", js("TURK")), Where::Places,
         {"field 'country' is 'TURK'"}},
        // Geometry.
        {"PlaceLineGeometry",
         [](Net& n) { n.place_by_id("IZMIR").geometry = linestring({27, 38, 28, 39}); },
         Where::Places,
         {"feature 'IZMIR'", "geometry is a LINESTRING", "must be Point"}},
        {"PlaceNullGeometry",
         [](Net& n) { n.place_by_id("IZMIR").geometry = "null"; },
         Where::Places,
         {"feature 'IZMIR'", "geometry is missing", "Point"}},
        {"PlaceOutOfRange",
         [](Net& n) { n.place_by_id("IZMIR").geometry = point(500, 38); },
         Where::Places,
         {"feature 'IZMIR'", "geometry", "not a WGS84 lon/lat position"}},
        {"LegPointGeometry",
         [](Net& n) { n.leg_by_id(kSea).geometry = point(27, 38); },
         Where::Legs,
         {"feature 'IZMIR-LESBOS'", "geometry is a POINT", "LineString"}},
        // Topology.
        {"LegFromEqualsTo", set_leg(kSea, "to", js("IZMIR")), Where::Legs,
         {"feature 'IZMIR-LESBOS'", "field 'to'", "same place as field 'from'"}},
        {"DestinationUnreachable",
         [](Net& n) {
             n.places.push_back(place("MUNICH", "DEU", "destination", 11.58, 48.14));
             n.legs.push_back(leg("MUNICH", "BERLIN", "land", 1, 50, 100, 0));  // leaves, never arrives
         },
         Where::Places,
         {"feature 'MUNICH'", "destination 'MUNICH'", "no origin reaches it"}},
        {"NoOrigin", set_place("ALEPPO", "kind", js("transit")), Where::Places, {"no place has kind 'origin'"}},
        {"NoLegs", [](Net& n) { n.legs.clear(); }, Where::Legs, {"no features", "at least one leg"}},
        {"NoPlaces", [](Net& n) { n.places.clear(); }, Where::Places, {"no features", "at least one place"}},
    };
}

INSTANTIATE_TEST_SUITE_P(AllCases, BadNetwork, ::testing::ValuesIn(bad_cases()),
                         [](const ::testing::TestParamInfo<BadCase>& i) { return i.param.name; });

}  // namespace
