// The table of organised crime groups ([organisations] groups_file, geo/ocg_layer.hpp):
// a CSV file and a GeoPackage layer give the same model as the equivalent
// [[ocg]] blocks, and every kind of bad input is refused with the file, the
// row and the field.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "app/run.hpp"
#include "geo/gdal_support.hpp"
#include "geo/ocg_layer.hpp"
#include "sim/errors.hpp"
#include "sim/organisations/model.hpp"
#include "tests/temp_dir.hpp"
#include "tests/test_groups.hpp"
#include "tests/test_helpers.hpp"

namespace smugglesim {
namespace {

namespace fs = std::filesystem;
using testing::ocg_index;
using testing::TempDir;

// Three groups on the toy network (tests/test_helpers.hpp) using every key:
// Alpha with all its members, capacity, price and payment; Beta an alliance
// sized by the default rule, buying from Alpha; Gamma with a few roles.
const char* kBlocks = R"(
[[ocg]]
name = "Alpha"
structure = "hierarchy"
base = "A"
legs = ["P-I", "I-D"]
members = { organiser = 1, recruiter = 2, transporter = 4, forger = 1, broker = 1, safe_house = 1, official = 1, front = 1 }
capacity = 50
price_factor = 1.2
credit_share = 0.5
officials_at = ["P"]
payment = { cash = 0.2, hawala = 0.7, transfer = 0.1 }

[[ocg]]
name = "Beta"
structure = "alliance"
legs = ["P-I"]
partners = ["Alpha"]
price_factor = 0.9

[[ocg]]
name = "Gamma"
structure = "cells"
legs = ["A-P"]
members = { organiser = 1, transporter = 3 }
payment = { cash = 1 }
)";

const char* kHeader =
    "name,structure,base,legs,partners,capacity,price_factor,credit_share,officials_at,members_organiser,members_recruiter,"
    "members_transporter,members_forger,members_broker,members_safe_house,members_official,members_front,"
    "payment_cash,payment_hawala,payment_transfer\n";
const char* kAlphaRow = "Alpha,hierarchy,A,P-I;I-D,,50,1.2,0.5,P,1,2,4,1,1,1,1,1,0.2,0.7,0.1\n";
// Spaces around values and ids are ignored; empty fields take the keys' defaults.
const char* kBetaRow = "Beta,alliance,, P-I ,Alpha,,0.9,,,,,,,,,,,,,\n";
const char* kGammaRow = "Gamma, cells,,A-P,,,,,,1,,3,,,,,,1,,\n";

void write_text(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    ASSERT_TRUE(out.good()) << p;
}

std::string with_organisations(const std::string& extra) { return "\n[organisations]\nenabled = true\n" + extra; }

// Parses the toy scenario (file `dir`/toy.toml) with `extra`, reads its groups table, builds the model.
std::shared_ptr<const Model> model_from(const TempDir& dir, const std::string& extra) {
    Scenario sc = parse_scenario(testing::toy_scenario_text(extra), dir.path(), (dir / "toy.toml").string());
    geo::load_ocg_layer(sc);
    return build_model(std::move(sc), testing::toy_network());
}

std::string error_of(const TempDir& dir, const std::string& extra) {
    try {
        model_from(dir, extra);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

void expect_error(const TempDir& dir, const std::string& extra, std::initializer_list<std::string> parts) {
    const std::string msg = error_of(dir, extra);
    for (const std::string& p : parts) EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
}

// The two models have the same groups, members by role and place, and offers
// (legs, seats, prices, economics), and give the same series for a month.
void expect_same_groups(const Model& a, const Model& b) {
    ASSERT_TRUE(a.organisations && b.organisations);
    EXPECT_EQ(a.ocg_names, b.ocg_names);
    const OrganisationsModel& oa = *a.organisations;
    const OrganisationsModel& ob = *b.organisations;
    ASSERT_EQ(oa.ocgs.size(), ob.ocgs.size());
    for (std::size_t g = 0; g < oa.ocgs.size(); ++g) {
        const OcgModel& x = oa.ocgs[g];
        const OcgModel& y = ob.ocgs[g];
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.structure, y.structure) << x.name;
        EXPECT_EQ(x.base, y.base) << x.name;
        EXPECT_EQ(x.offers, y.offers) << x.name;
        EXPECT_EQ(x.partners, y.partners) << x.name;
        EXPECT_EQ(x.payment, y.payment) << x.name;
        EXPECT_EQ(x.has_officials, y.has_officials) << x.name;
        EXPECT_EQ(x.from_default, y.from_default) << x.name;
        EXPECT_EQ(x.first_member, y.first_member) << x.name;
        EXPECT_EQ(x.member_count, y.member_count) << x.name;
    }
    ASSERT_EQ(oa.members.size(), ob.members.size());
    for (std::size_t m = 0; m < oa.members.size(); ++m) {
        EXPECT_EQ(oa.members[m].ocg, ob.members[m].ocg) << "member " << m;
        EXPECT_EQ(oa.members[m].offer, ob.members[m].offer) << "member " << m;
        EXPECT_EQ(oa.members[m].place, ob.members[m].place) << "member " << m;
        EXPECT_EQ(oa.members[m].role, ob.members[m].role) << "member " << m;
    }
    EXPECT_EQ(oa.reference_price, ob.reference_price);
    EXPECT_EQ(oa.seats_per_transporter, ob.seats_per_transporter);
    EXPECT_EQ(oa.rivals, ob.rivals);
    EXPECT_EQ(a.leg_offers, b.leg_offers);
    ASSERT_EQ(a.offers.size(), b.offers.size());
    for (std::size_t o = 0; o < a.offers.size(); ++o) {
        EXPECT_EQ(a.offers[o].leg, b.offers[o].leg) << "offer " << o;
        EXPECT_EQ(a.offers[o].ocg, b.offers[o].ocg) << "offer " << o;
        EXPECT_TRUE(a.offers[o].initial == b.offers[o].initial) << "offer " << o;
        EXPECT_EQ(a.offers[o].credit_share, b.offers[o].credit_share) << "offer " << o;
    }
}

void expect_same_run(const std::shared_ptr<const Model>& a, const std::shared_ptr<const Model>& b) {
    Simulation x(a), y(b);
    for (int d = 0; d < 30; ++d) {
        x.step();
        y.step();
    }
    std::string why;
    EXPECT_TRUE(x.series().same(y.series(), &why)) << why;
}

// The groups of kBlocks are there as written (so that the comparisons compare something).
void expect_blocks_groups(const Model& m) {
    const OrganisationsModel& o = *m.organisations;
    const OcgModel& alpha = o.ocgs[ocg_index(m, "Alpha")];
    const OcgModel& beta = o.ocgs[ocg_index(m, "Beta")];
    const OcgModel& gamma = o.ocgs[ocg_index(m, "Gamma")];
    EXPECT_EQ(alpha.structure, Structure::Hierarchy);
    EXPECT_EQ(alpha.member_count, 12u);
    EXPECT_EQ(alpha.offers.size(), 2u);
    EXPECT_TRUE(alpha.has_officials);
    EXPECT_EQ(m.network->places()[alpha.base].id, "A");
    EXPECT_NEAR(alpha.payment[1], 0.7, 1e-12);
    EXPECT_NEAR(m.offers[alpha.offers[0]].initial.capacity, 50.0, 1e-12);
    EXPECT_EQ(beta.structure, Structure::Alliance);
    EXPECT_EQ(beta.partners, std::vector<std::uint32_t>{ocg_index(m, "Alpha")});
    EXPECT_FALSE(beta.from_default);
    EXPECT_EQ(gamma.structure, Structure::Cells);
    EXPECT_EQ(gamma.member_count, 4u);
    EXPECT_EQ(gamma.payment, (std::array<double, 3>{1.0, 0.0, 0.0}));
    std::array<int, kRoleCount> roles{};
    for (std::uint32_t k = 0; k < alpha.member_count; ++k) ++roles[static_cast<std::size_t>(o.members[alpha.first_member + k].role)];
    EXPECT_EQ(roles, (std::array<int, kRoleCount>{1, 2, 4, 1, 1, 1, 1, 1}));
    EXPECT_EQ(m.offers[alpha.offers[0]].credit_share, 0.5);
    for (std::uint32_t k = 0; k < alpha.member_count; ++k)
        if (o.members[alpha.first_member + k].role == Role::Official) {
            EXPECT_EQ(m.network->places()[o.members[alpha.first_member + k].place].id, "P") << "officials_at";
        }
}

TEST(OcgLayer, CsvGivesTheGroupsOfTheEquivalentBlocks) {
    TempDir dir;
    const auto blocks = testing::toy_model(with_organisations("") + kBlocks);
    expect_blocks_groups(*blocks);

    write_text(dir / "groups.csv", std::string(kHeader) + kAlphaRow + kBetaRow + kGammaRow);
    const auto table = model_from(dir, with_organisations("groups_file = \"groups.csv\"\n"));
    expect_same_groups(*blocks, *table);
    expect_same_run(blocks, table);

    // Blocks first, then the rows: Alpha as a block, Beta (buying from it) and Gamma in the table.
    write_text(dir / "two.csv", std::string(kHeader) + kBetaRow + kGammaRow);
    const std::string alpha_block(kBlocks, std::string(kBlocks).find("[[ocg]]\nname = \"Beta\""));
    const auto mixed = model_from(dir, with_organisations("groups_file = \"two.csv\"\n") + alpha_block);
    expect_same_groups(*blocks, *mixed);

    // Only some of the fields: the others take their defaults.
    write_text(dir / "few.csv", "legs,name\nP-I;I-D,Alpha\n");
    const auto few = model_from(dir, with_organisations("groups_file = \"few.csv\"\n"));
    const auto few_block = testing::toy_model(with_organisations("[[ocg]]\nname = \"Alpha\"\nlegs = [\"P-I\", \"I-D\"]\n"));
    expect_same_groups(*few_block, *few);
    EXPECT_EQ(few->organisations->ocgs[0].structure, Structure::Hierarchy);
}

// A GeoPackage with a table of groups (typed fields, nulls for the defaults) and another layer.
void write_gpkg(const fs::path& file, bool bad_capacity_text = false) {
    geo::init_gdal();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    ASSERT_NE(drv, nullptr);
    GDALDatasetUniquePtr ds(drv->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(ds);
    OGRLayer* notes = ds->CreateLayer("notes", nullptr, wkbNone, nullptr);
    ASSERT_NE(notes, nullptr);
    OGRFieldDefn text_field("text", OFTString);
    ASSERT_EQ(notes->CreateField(&text_field), OGRERR_NONE);
    OGRLayer* lyr = ds->CreateLayer("groups", nullptr, wkbNone, nullptr);
    ASSERT_NE(lyr, nullptr);
    const std::vector<std::string>& fields = geo::ocg_layer_fields();
    for (const std::string& f : fields) {
        OGRFieldType t = OFTString;
        if (f.rfind("members_", 0) == 0) t = OFTInteger;
        if (f == "price_factor" || f == "credit_share" || f.rfind("payment_", 0) == 0) t = OFTReal;
        if (f == "capacity") t = bad_capacity_text ? OFTString : OFTReal;
        OGRFieldDefn defn(f.c_str(), t);
        ASSERT_EQ(lyr->CreateField(&defn), OGRERR_NONE) << f;
    }
    // The rows of kAlphaRow, kBetaRow, kGammaRow, unset fields null (one value per field of ocg_layer_fields()).
    const std::vector<std::vector<std::string>> rows = {
        {"Alpha", "hierarchy", "A", "P-I;I-D", "", bad_capacity_text ? "fifty" : "50", "1.2", "", "", "", "", "0.5", "P", "1", "2", "4",
         "1", "1", "1", "1", "1", "0.2", "0.7", "0.1"},
        {"Beta", "alliance", "", "P-I", "Alpha", "", "0.9", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""},
        {"Gamma", "cells", "", "A-P", "", "", "", "", "", "", "", "", "", "1", "", "3", "", "", "", "", "", "1", "", ""},
    };
    for (const auto& row : rows) {
        ASSERT_EQ(row.size(), fields.size());
        OGRFeatureUniquePtr feat(OGRFeature::CreateFeature(lyr->GetLayerDefn()));
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (row[i].empty()) {
                feat->SetFieldNull(static_cast<int>(i));
                continue;
            }
            const OGRFieldType t = feat->GetFieldDefnRef(static_cast<int>(i))->GetType();
            if (t == OFTInteger)
                feat->SetField(static_cast<int>(i), std::stoi(row[i]));
            else if (t == OFTReal)
                feat->SetField(static_cast<int>(i), std::stod(row[i]));
            else
                feat->SetField(static_cast<int>(i), row[i].c_str());
        }
        ASSERT_EQ(lyr->CreateFeature(feat.get()), OGRERR_NONE);
    }
}

TEST(OcgLayer, GeoPackageLayerGivesTheGroupsOfTheEquivalentBlocks) {
    TempDir dir;
    write_gpkg(dir / "groups.gpkg");
    const auto blocks = testing::toy_model(with_organisations("") + kBlocks);
    const auto table =
        model_from(dir, with_organisations("groups_file = \"groups.gpkg\"\ngroups_layer = \"groups\"\n"));
    expect_blocks_groups(*table);
    expect_same_groups(*blocks, *table);
    expect_same_run(blocks, table);

    // Two layers: which one must be said; a missing one is named with those there are.
    expect_error(dir, with_organisations("groups_file = \"groups.gpkg\"\n"),
                 {"groups.gpkg", "2 layers", "'notes'", "'groups'", "groups_layer"});
    expect_error(dir, with_organisations("groups_file = \"groups.gpkg\"\ngroups_layer = \"gangs\"\n"),
                 {"groups.gpkg", "no layer 'gangs'", "'groups', 'notes'"});
    // Messages about a row name the layer too.
    expect_error(dir, with_organisations("groups_file = \"groups.gpkg\"\ngroups_layer = \"notes\"\n"),
                 {"groups.gpkg: layer 'notes'", "field 'text'", "unknown field"});

    write_gpkg(dir / "text.gpkg", true);
    expect_error(dir, with_organisations("groups_file = \"text.gpkg\"\ngroups_layer = \"groups\"\n"),
                 {"text.gpkg: layer 'groups', row 1", "field 'capacity'", "'fifty', not a number"});
}

// A GeoPackage (SQLite) column holds any value whatever its type, and GDAL reads
// text in a number column as 0 or its leading digits, 2.5 in an integer column as 2.
TEST(OcgLayer, GeoPackageValuesThatDoNotFitTheirColumnAreRefused) {
    TempDir dir;
    const std::string use = with_organisations("groups_file = \"groups.gpkg\"\ngroups_layer = \"groups\"\n");
    auto expect_after = [&](const std::string& update, std::initializer_list<std::string> parts) {
        write_gpkg(dir / "groups.gpkg");
        {
            GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "groups.gpkg").string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
            ASSERT_TRUE(ds);
            ds->ExecuteSQL(update.c_str(), nullptr, nullptr);
        }
        SCOPED_TRACE(update);
        expect_error(dir, use, parts);
    };
    expect_after("UPDATE groups SET price_factor = 'abc' WHERE fid = 2",
                 {"groups.gpkg: layer 'groups', row 2: field 'price_factor': is 'abc', stored as text in a column of "
                  "type Real (GDAL would read it as '0')"});
    expect_after("UPDATE groups SET members_transporter = 2.5 WHERE fid = 3",
                 {"row 3: field 'members_transporter': is '2.5', stored as real in a column of type Integer"});
    expect_after("UPDATE groups SET members_recruiter = '2x' WHERE fid = 1",
                 {"row 1: field 'members_recruiter': is '2x', stored as text"});
    expect_after("UPDATE groups SET legs = x'00' WHERE fid = 1", {"row 1: field 'legs'", "stored as blob"});
    // Numbers stored in a text column are read from their text.
    write_gpkg(dir / "groups.gpkg");
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "groups.gpkg").string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        ASSERT_TRUE(ds);
        ds->ExecuteSQL("UPDATE groups SET base = 7 WHERE fid = 1", nullptr, nullptr);
    }
    expect_error(dir, use, {"row 1: field 'base': no place '7'"});
}

// A .csvt file beside a CSV file types its columns, and GDAL then reads 'abc'
// in a Real column as nothing and 2.5 in an Integer column as 2.
TEST(OcgLayer, CsvColumnsTypedByACsvtFileAreRefused) {
    TempDir dir;
    write_text(dir / "groups.csv", "name,legs,capacity,members_transporter\nX,P-I,abc,2.5\n");
    write_text(dir / "groups.csvt", "String,String,Real,Integer\n");
    expect_error(dir, with_organisations("groups_file = \"groups.csv\"\n"),
                 {"groups.csv: field 'capacity': has type Real, from a .csvt file", "String"});
    write_text(dir / "groups.csvt", "String,String,String,String\n");
    expect_error(dir, with_organisations("groups_file = \"groups.csv\"\n"),
                 {"groups.csv: row 1: field 'capacity': is 'abc', not a number"});
}

TEST(OcgLayer, BadRowsNameTheFileTheRowAndTheField) {
    TempDir dir;
    const std::string use = with_organisations("groups_file = \"groups.csv\"\n");
    // A table of a good row (row 1) and `row` (row 2); `header` its fields.
    auto expect = [&](const std::string& header, const std::string& row, std::initializer_list<std::string> parts) {
        write_text(dir / "groups.csv", header + "\nGood,cells,P-I2\n" + row + "\n");
        SCOPED_TRACE(row);
        expect_error(dir, use, parts);
    };
    const std::string h = "name,structure,legs";
    expect(h + ",capacity", "X,cells,P-I,lots", {"groups.csv: row 2: field 'capacity': is 'lots', not a number"});
    expect(h + ",capacity", "X,cells,P-I,nan", {"groups.csv: row 2: field 'capacity': is NaN"});
    expect(h + ",capacity", "X,cells,P-I,inf", {"groups.csv: row 2: field 'capacity': is inf", "(0, 1000000000]"});
    expect(h + ",capacity", "X,cells,P-I,0", {"groups.csv: row 2: field 'capacity': is 0", "must be in (0"});
    expect(h + ",capacity", "X,cells,P-I,\"1,5\"", {"row 2: field 'capacity': is '1,5', not a number"});
    expect(h + ",price_factor", "X,cells,P-I,200", {"row 2: field 'price_factor': is 200", "[0.01, 100]"});
    expect(h + ",members_recruiter", "X,cells,P-I,-2", {"row 2: field 'members_recruiter': is -2", "whole number"});
    expect(h + ",members_transporter", "X,cells,P-I,2.5", {"row 2: field 'members_transporter': is 2.5", "whole number"});
    expect(h + ",members_transporter", "X,cells,P-I,200000", {"row 2: field 'members_transporter'", "100000"});
    expect(h + ",payment_cash", "X,cells,P-I,-0.5", {"row 2: field 'payment_cash': is -0.5", ">= 0"});
    expect(h + ",payment_cash,payment_hawala", "X,cells,P-I,0,0",
           {"row 2: fields 'payment_cash', 'payment_hawala', 'payment_transfer'", "not all be zero"});
    expect(h, "X,pyramid,P-I", {"row 2: field 'structure': is 'pyramid' (must be one of hierarchy, cells, alliance)"});
    expect(h, ",cells,P-I", {"row 2: field 'name': is empty"});
    expect(h, "X,cells,", {"row 2: field 'legs': is empty"});
    expect(h, "X,cells,P-I;", {"row 2: field 'legs': 'P-I;' has an empty leg id"});
    expect(h, "Good,cells,P-I", {"row 2: field 'name': a group named 'Good' is declared twice (first at ",
                                 "groups.csv: row 1)"});
    // What needs the network: checked when the model is built, with the same file, row and field.
    expect(h, "X,cells,P-NOWHERE", {"groups.csv: row 2: field 'legs': no leg 'P-NOWHERE' in network toy-network"});
    expect(h, "X,cells,P-D-AIR", {"row 2: field 'legs': leg 'P-D-AIR' needs travel documents"});
    expect(h, "X,cells,P-I;I-D;P-I", {"row 2: field 'legs': leg 'P-I' is listed twice"});
    expect(h + ",base", "X,cells,P-I,ATLANTIS", {"row 2: field 'base': no place 'ATLANTIS' in network toy-network"});
    expect(h + ",partners", "X,alliance,P-I,Good;Nobody", {"row 2: field 'partners': no other group named 'Nobody'"});
    expect(h + ",credit_share", "X,cells,P-I,1", {"row 2: field 'credit_share': is 1", "[0, 1)"});
    expect(h + ",officials_at", "X,cells,P-I,ATLANTIS", {"row 2: field 'officials_at': no place 'ATLANTIS' in network toy-network"});
    expect(h + ",partners", "X,alliance,P-I,X", {"row 2: field 'partners': no other group named 'X'"});
    expect(h + ",members_organiser", "X,cells,P-I,2", {"row 2: field 'members_transporter': a group needs at least one"});
    expect(h + ",members_transporter", "X,cells,P-I;I-D,1",
           {"row 2: field 'members_transporter': 1 transporters cannot serve its 2 legs"});
    // P's legs P-I and P-I2 are sold by rows here, but A's are not: A#1 is a default group's name.
    expect(h, "A#1,cells,P-I", {"row 2: field 'name': 'A#1' is the name of a default group"});
}

TEST(OcgLayer, BadTablesNameTheFileAndTheField) {
    TempDir dir;
    const std::string use = with_organisations("groups_file = \"groups.csv\"\n");
    auto expect = [&](const std::string& text, std::initializer_list<std::string> parts) {
        write_text(dir / "groups.csv", text);
        SCOPED_TRACE(text);
        expect_error(dir, use, parts);
    };
    expect("name,legs,membres_transporter\nX,P-I,3\n",
           {"groups.csv: field 'membres_transporter': unknown field; did you mean 'members_transporter'?",
            "members_safe_house"});
    expect("Name,legs\nX,P-I\n", {"groups.csv: field 'Name': unknown field; did you mean 'name'?"});
    expect("name,legs,pilots\nX,P-I,3\n", {"groups.csv: field 'pilots': unknown field (the fields"});
    expect("name,legs,members_pilot\nX,P-I,3\n", {"groups.csv: field 'members_pilot': unknown field"});
    expect("name,legs,name\nX,P-I,Y\n", {"groups.csv: field 'name': the table has it twice (columns 1 and 3)"});
    expect("name,structure\nX,cells\n", {"groups.csv: missing required field 'legs'", "'name', 'structure'"});
    expect("name,legs\n", {"groups.csv: the table has no rows"});
    // A header of numbers is still a header (GDAL would take it for data).
    expect("1,2\nX,P-I\n", {"groups.csv: field '1': unknown field"});

    // Duplicates between the [[ocg]] blocks and the table.
    write_text(dir / "groups.csv", "name,legs\nGamma,I-D\n");
    expect_error(dir, use + kBlocks,
                 {"groups.csv: row 1: field 'name': a group named 'Gamma' is declared twice (first at ",
                  "toy.toml:", "ocg[2]"});

    // Unreadable and broken files.
    expect_error(dir, with_organisations("groups_file = \"nothere.csv\"\n"),
                 {(dir / "nothere.csv").string(), "the file does not exist"});
    write_text(dir / "broken.gpkg", std::string(400, 'x'));
    expect_error(dir, with_organisations("groups_file = \"broken.gpkg\"\n"),
                 {(dir / "broken.gpkg").string(), "cannot open the table of groups", "GDAL: "});
    // A GeoPackage cut short: SQLite's header, then nothing.
    write_text(dir / "cut.gpkg", std::string("SQLite format 3") + std::string(1, '\0') + std::string(84, '\x01'));
    expect_error(dir, with_organisations("groups_file = \"cut.gpkg\"\n"), {(dir / "cut.gpkg").string(), "GDAL"});

    // Turned off, the module uses no groups, but the table is still read and checked.
    const std::string off = "\n[organisations]\nenabled = false\ngroups_file = \"groups.csv\"\n";
    write_text(dir / "groups.csv", "name,legs,capacity\nX,P-NOWHERE,abc\n");
    expect_error(dir, off, {"groups.csv: row 1: field 'capacity': is 'abc', not a number"});
    write_text(dir / "groups.csv", "name,legs\nX,P-NOWHERE\n");
    EXPECT_FALSE(model_from(dir, off)->organisations);

    // groups_layer without groups_file is a scenario error, with its line.
    expect_error(dir, with_organisations("groups_layer = \"groups\"\n"),
                 {"toy.toml:", "organisations.groups_layer", "groups_file"});
}

TEST(OcgLayer, TheEngineRefusesAScenarioWhoseTableWasNotRead) {
    TempDir dir;
    write_text(dir / "groups.csv", std::string(kHeader) + kAlphaRow);
    Scenario sc = parse_scenario(testing::toy_scenario_text(with_organisations("groups_file = \"groups.csv\"\n")),
                                 dir.path(), (dir / "toy.toml").string());
    EXPECT_EQ(sc.organisations.groups_file, dir / "groups.csv") << "resolved against the scenario's folder";
    EXPECT_THROW(build_model(sc, testing::toy_network()), std::logic_error);
    geo::load_ocg_layer(sc);
    geo::load_ocg_layer(sc);  // once only
    ASSERT_EQ(sc.ocgs.size(), 1u);
    EXPECT_EQ(sc.ocgs[0].where, (dir / "groups.csv").string() + ": row 1");
    EXPECT_EQ(sc.ocgs[0].key("members", "transporter"), "field 'members_transporter'");
    EXPECT_NO_THROW(build_model(sc, testing::toy_network()));
}

// The command line's loading (load_model) reads the table, relative to the scenario file.
TEST(OcgLayer, LoadModelReadsTheTableBesideTheScenario) {
    TempDir dir;
    const fs::path src = SMUGGLESIM_SOURCE_DIR;
    write_text(dir / "groups.csv",
               "name,structure,legs,members_organiser,members_recruiter,members_transporter\n"
               "Nimroz-run,hierarchy,KABUL-NIMROZ;NIMROZ-TEHRAN,1,2,7\n");
    write_text(dir / "s.toml", "[scenario]\ndays = 3\n[network]\nfile = \"" +
                                   (src / "scenarios/mediterranean/network.gpkg").string() +
                                   "\"\n[[origin]]\nplace = \"KABUL\"\nrate_per_day = 10\n"
                                   "destinations = { DEU = 1.0 }\n[organisations]\ngroups_file = \"groups.csv\"\n");
    RunOptions opts;
    opts.scenario = dir / "s.toml";
    const auto m = load_model(opts);
    const std::uint32_t g = ocg_index(*m, "Nimroz-run");
    const OcgModel& o = m->organisations->ocgs[g];
    EXPECT_FALSE(o.from_default);
    EXPECT_EQ(o.member_count, 10u);
    ASSERT_EQ(o.offers.size(), 2u);
    EXPECT_EQ(m->network->legs()[m->offers[o.offers[0]].leg].id, "KABUL-NIMROZ");
    EXPECT_EQ(m->network->legs()[m->offers[o.offers[1]].leg].id, "NIMROZ-TEHRAN");

    write_text(dir / "groups.csv", "name,legs\nNimroz-run,KABUL-NIMROZ;KABUL-MARS\n");
    try {
        load_model(opts);
        ADD_FAILURE() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find((dir / "groups.csv").string() + ": row 1: field 'legs': no leg 'KABUL-MARS'"),
                  std::string::npos)
            << e.what();
    }
}

TEST(OcgLayer, ScenarioReferenceListsTheKeys) {
    const std::string ref = scenario_reference();
    const std::size_t group = ref.find("\n[organisations]\n");
    ASSERT_NE(group, std::string::npos);
    const std::size_t next = ref.find("\n[", group + 2);
    for (const char* key : {"\ngroups_file = \"\"", "\ngroups_layer = \"\""}) {
        const std::size_t at = ref.find(key, group);
        EXPECT_TRUE(at != std::string::npos && at < next) << key << " not in [organisations]";
    }
}

}  // namespace
}  // namespace smugglesim
