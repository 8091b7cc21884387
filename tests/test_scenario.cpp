// Scenario TOML: defaults, ranges, unknown keys, NaN, cross-references.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sim/errors.hpp"
#include "sim/model.hpp"
#include "config/scenario_toml.hpp"
#include "test_helpers.hpp"

using namespace smugglesim;
using smugglesim::testing::toy_network;
using smugglesim::testing::toy_scenario_text;

namespace {

// The message of the InputError thrown by parsing (and building) `text`.
std::string error_of(const std::string& text) {
    try {
        Scenario s = parse_scenario(text, ".", "bad.toml");
        build_model(std::move(s), toy_network());
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST(Scenario, DefaultsApplyWhenKeysAreAbsent) {
    Scenario s = parse_scenario(toy_scenario_text(), ".", "toy.toml");
    const ChoiceParams def;
    EXPECT_EQ(s.choice.patience_days, def.patience_days);
    EXPECT_DOUBLE_EQ(s.choice.beta_price, def.beta_price);
    EXPECT_DOUBLE_EQ(s.travel.daily_cost_eur, TravelParams{}.daily_cost_eur);
    EXPECT_EQ(s.name, "toy");
    EXPECT_EQ(s.days, 120);
    EXPECT_EQ(s.seed, 42u);
    ASSERT_EQ(s.origins.size(), 1u);
    EXPECT_EQ(s.origins[0].destinations.size(), 2u);
    EXPECT_DOUBLE_EQ(s.origins[0].documents[2], 0.2);
    EXPECT_NE(s.text.find("[[origin]]"), std::string::npos);  // full text kept for the output
}

TEST(Scenario, ValuesAreRead) {
    Scenario s = parse_scenario(toy_scenario_text("[choice]\nbeta_price = 2.5\npatience_days = 3\n"), ".", "t.toml");
    EXPECT_DOUBLE_EQ(s.choice.beta_price, 2.5);
    EXPECT_EQ(s.choice.patience_days, 3);
}

TEST(Scenario, UnknownKeyIsRejectedWithItsName) {
    const auto msg = error_of(toy_scenario_text("[choice]\nbeta_prize = 1.0\n"));
    EXPECT_TRUE(contains(msg, "bad.toml")) << msg;
    EXPECT_TRUE(contains(msg, "choice.beta_prize")) << msg;
    EXPECT_TRUE(contains(msg, "unknown key")) << msg;
    EXPECT_TRUE(contains(msg, "beta_price")) << msg;  // lists the known keys
}

TEST(Scenario, UnknownTableIsRejected) {
    const auto msg = error_of(toy_scenario_text("[enforcement]\npatrols = 3\n"));
    EXPECT_TRUE(contains(msg, "'enforcement'")) << msg;
}

TEST(Scenario, OutOfRangeValueIsRejected) {
    const auto msg = error_of(toy_scenario_text("[interception]\nreturn_share = 1.5\n"));
    EXPECT_TRUE(contains(msg, "interception.return_share")) << msg;
    EXPECT_TRUE(contains(msg, "1.5")) << msg;
}

TEST(Scenario, NegativeRateIsRejected) {
    std::string t = toy_scenario_text();
    t.replace(t.find("rate_per_day = 300.0"), 20, "rate_per_day = -3.0");
    const auto msg = error_of(t);
    EXPECT_TRUE(contains(msg, "origin[0].rate_per_day")) << msg;
}

TEST(Scenario, NaNIsRejected) {
    const auto msg = error_of(toy_scenario_text("[travel]\ndaily_cost_eur = nan\n"));
    EXPECT_TRUE(contains(msg, "travel.daily_cost_eur")) << msg;
    EXPECT_TRUE(contains(msg, "NaN")) << msg;
}

TEST(Scenario, WrongTypeIsRejected) {
    const auto msg = error_of(toy_scenario_text("[choice]\npatience_days = \"seven\"\n"));
    EXPECT_TRUE(contains(msg, "choice.patience_days")) << msg;
    EXPECT_TRUE(contains(msg, "integer")) << msg;
}

TEST(Scenario, SyntaxErrorNamesFileAndLine) {
    const auto msg = error_of("[scenario\nname = 1\n");
    EXPECT_TRUE(contains(msg, "bad.toml:1")) << msg;
}

TEST(Scenario, UnknownOriginPlaceIsRejected) {
    std::string t = toy_scenario_text();
    t.replace(t.find("place = \"A\""), 11, "place = \"ZZ\"");
    const auto msg = error_of(t);
    EXPECT_TRUE(contains(msg, "origin[0].place")) << msg;
    EXPECT_TRUE(contains(msg, "ZZ")) << msg;
}

TEST(Scenario, DestinationWithoutPlacesIsRejected) {
    std::string t = toy_scenario_text();
    t.replace(t.find("SWE = 0.3"), 9, "NOR = 0.3");
    const auto msg = error_of(t);
    EXPECT_TRUE(contains(msg, "origin[0].destinations.NOR")) << msg;
}

TEST(Scenario, BadDocumentStatusIsRejected) {
    std::string t = toy_scenario_text();
    t.replace(t.find("genuine = 0.1"), 13, "stolen = 0.1");
    const auto msg = error_of(t);
    EXPECT_TRUE(contains(msg, "stolen")) << msg;
    EXPECT_TRUE(contains(msg, "documents")) << msg;
}

TEST(Scenario, MissingRequiredKeysAreNamed) {
    EXPECT_TRUE(contains(error_of("[scenario]\nname = \"x\"\n"), "network.file"));
    EXPECT_TRUE(contains(error_of("[network]\nfile = \"x.gpkg\"\n"), "origin"));
}

TEST(Scenario, BadStartDateIsRejected) {
    std::string t = toy_scenario_text();
    t.replace(t.find("2015-01-01"), 10, "2015-02-30");
    EXPECT_TRUE(contains(error_of(t), "scenario.start_date"));
}

TEST(Scenario, RateSeriesIsLoadedAndChecked) {
    const auto dir = std::filesystem::temp_directory_path() / "smugglesim_test_series";
    std::filesystem::create_directories(dir);
    {
        std::ofstream(dir / "good.csv") << "day,rate\n0,10\n1,20.5\n2,0\n";
        std::ofstream(dir / "bad.csv") << "day,rate\n0,10\n1,abc\n";
    }
    std::string t = toy_scenario_text();
    t.replace(t.find("destinations"), 0, "rate_series = \"good.csv\"\n");
    Scenario s = parse_scenario(t, dir, "s.toml");
    ASSERT_EQ(s.origins[0].series.size(), 3u);
    EXPECT_DOUBLE_EQ(s.origins[0].series[1], 20.5);
    auto model = build_model(s, toy_network());
    EXPECT_DOUBLE_EQ(model->origins[0].rate(1), 20.5);
    EXPECT_DOUBLE_EQ(model->origins[0].rate(5), 300.0);  // falls back to rate_per_day

    std::string b = toy_scenario_text();
    b.replace(b.find("destinations"), 0, "rate_series = \"bad.csv\"\n");
    try {
        parse_scenario(b, dir, "s.toml");
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_TRUE(contains(e.what(), "bad.csv:3")) << e.what();
        EXPECT_TRUE(contains(e.what(), "rate")) << e.what();
    }
    std::filesystem::remove_all(dir);
}

TEST(Scenario, ReferenceDocumentsEveryKey) {
    const std::string ref = scenario_reference();
    for (const char* key : {"[scenario]", "seed =", "[network]", "[[network.raster]]", "sample_km =", "[[origin]]",
                            "rate_per_day =", "destinations =", "[choice]", "beta_price =", "patience_days =",
                            "[travel]", "daily_cost_eur =", "[hazard]", "missing_share_sea =", "[interception]",
                            "return_share ="})
        EXPECT_TRUE(contains(ref, key)) << key;
    // The reference itself must parse once placeholder origins are filled in.
    EXPECT_TRUE(contains(ref, "# "));
}

TEST(Scenario, HugeRatesAreRejected) {
    std::string t = toy_scenario_text();
    t.replace(t.find("rate_per_day = 300.0"), 20, "rate_per_day = 1e12");
    EXPECT_TRUE(contains(error_of(t), "origin[0].rate_per_day")) << error_of(t);
    // Within the key's range, but not once scaled.
    ModelOptions big;
    big.migrants_scale = 1e6;
    try {
        build_model(parse_scenario(toy_scenario_text(), ".", "toy.toml"), toy_network(), big);
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_TRUE(contains(e.what(), "origin[0].rate_per_day")) << e.what();
    }
}

TEST(Scenario, CapacityBeyondCountersIsRejected) {
    auto net = std::make_shared<Network>(*toy_network());
    std::vector<Leg> legs = net->legs();
    legs[0].capacity_per_day = 4294967296.0;
    auto huge = std::make_shared<Network>(net->places(), legs);
    huge->source = "huge.gpkg";
    try {
        build_model(parse_scenario(toy_scenario_text(), ".", "toy.toml"), huge);
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_TRUE(contains(e.what(), "huge.gpkg")) << e.what();
        EXPECT_TRUE(contains(e.what(), "'A-P'")) << e.what();
    }
}

TEST(Scenario, OriginThatIsAlreadyADestinationIsRejected) {
    std::string t = toy_scenario_text();
    t.replace(t.find("place = \"A\""), 11, "place = \"D\"");
    const auto msg = error_of(t);
    EXPECT_TRUE(contains(msg, "origin[0].destinations.DEU")) << msg;
    EXPECT_TRUE(contains(msg, "itself a destination")) << msg;
}
