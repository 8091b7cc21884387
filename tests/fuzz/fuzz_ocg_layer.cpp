// Fuzz target: the table of organised crime groups ([organisations]
// groups_file) as GDAL reads it, from bytes placed in GDAL's in-memory file
// system (/vsimem/): a GeoPackage when the bytes start like an SQLite
// database, a CSV file otherwise. Its rows join a toy scenario (one [[ocg]]
// block, "Block", on the unit tests' toy network: places A, P, I, I2, D, S;
// legs A-P, P-I, P-I2, I-D, I2-D, P-D-AIR, D-S), which is built into a model
// and, if accepted, run for 4 days with every module's invariant checks.
// Accepted rows must hold what the reader promises (docs/scenario.md).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include <cpl_vsi.h>

#include "config/scenario_toml.hpp"
#include "fuzz_sim.hpp"
#include "fuzz_target.hpp"
#include "geo/gdal_support.hpp"
#include "geo/ocg_layer.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/errors.hpp"
#include "sim/model.hpp"
#include "sim/organisations/model.hpp"
#include "tests/test_helpers.hpp"

namespace {

using namespace smugglesim;

// Keeps one input's model small: beyond these (members as given, or as the
// default rule would size them from a row's capacity) the model is not built;
// the reader's checks have run by then.
constexpr double kMaxMembers = 50000;
constexpr std::size_t kMaxRows = 2000;

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

const Scenario& toy_scenario() {
    static const Scenario s = parse_scenario(testing::toy_scenario_text(R"(
[organisations]
enabled = true
[[ocg]]
name = "Block"
legs = ["I-D"]
members = { organiser = 1, transporter = 2 }
)"),
                                             ".", "fuzz.toml");
    return s;
}

bool in(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }

// What the reader promises of every row it accepts.
double check_rows(const Scenario& sc, std::size_t blocks, const std::string& file) {
    std::set<std::string> names;
    for (std::size_t i = 0; i < blocks; ++i) names.insert(sc.ocgs[i].name);
    double members = 0;
    for (std::size_t i = blocks; i < sc.ocgs.size(); ++i) {
        const OcgSpec& o = sc.ocgs[i];
        if (o.where.rfind(file, 0) != 0 || o.where.find("row ") == std::string::npos || o.key_word != "field")
            fuzz::finding("accepted row has where '" + o.where + "', key word '" + o.key_word + "'");
        if (o.name.empty() || !names.insert(o.name).second) fuzz::finding(o.where + ": empty or repeated name accepted");
        if (o.legs.empty()) fuzz::finding(o.where + ": no legs accepted");
        for (const auto& list : {o.legs, o.partners})
            for (const std::string& id : list)
                if (id.empty() || id != std::string(geo::trim(id)) || id.find(';') != std::string::npos)
                    fuzz::finding(o.where + ": id '" + id + "' accepted");
        if (std::find(kStructureNames.begin(), kStructureNames.end(), o.structure) == kStructureNames.end())
            fuzz::finding(o.where + ": structure '" + o.structure + "' accepted");
        if (o.capacity && !(in(*o.capacity, 0, 1e9) && *o.capacity > 0)) fuzz::finding(o.where + ": capacity accepted");
        if (!in(o.price_factor, 0.01, 100)) fuzz::finding(o.where + ": price_factor accepted");
        for (const auto& [role, n] : o.members) {
            if (!parse_role(role) || !in(n, 0, 100000) || n != std::floor(n))
                fuzz::finding(o.where + ": members " + role + " accepted");
            members += n;
        }
        // Without counts, a group's members are sized from its seats (10 a land
        // transporter, 40 a sea one on the toy network), plus aides and organisers.
        if (o.members.empty() && o.capacity) members += 2.0 * static_cast<double>(o.legs.size()) * (*o.capacity / 10 + 1);
        double paid = 0;
        for (const auto& [channel, share] : o.payment) {
            if (std::find(kChannelNames.begin(), kChannelNames.end(), channel) == kChannelNames.end() ||
                !in(share, 0, 1e308))
                fuzz::finding(o.where + ": payment " + channel + " accepted");
            paid += share;
        }
        if (!o.payment.empty() && !(paid > 0)) fuzz::finding(o.where + ": payment shares all zero accepted");
    }
    return members;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    smugglesim::geo::init_gdal();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = fuzz::as_text(data, size);
    static constexpr char kSqlite[] = "SQLite format 3";  // with its '\0', the first 16 bytes of an SQLite file
    const bool gpkg = bytes.size() >= sizeof kSqlite && std::memcmp(bytes.data(), kSqlite, sizeof kSqlite) == 0;
    const std::string file = gpkg ? "/vsimem/fuzz/groups.gpkg" : "/vsimem/fuzz/groups.csv";
    const MemFile mem(file, bytes);

    Scenario sc = toy_scenario();
    const std::size_t blocks = sc.ocgs.size();
    sc.organisations.groups_file = file;
    try {
        geo::load_ocg_layer(sc);
    } catch (const InputError& e) {
        fuzz::expect_message(e.what());
        return 0;
    }
    if (!sc.organisations.groups_file_read || sc.ocgs.size() <= blocks) fuzz::finding("a table accepted without rows");
    const double members = check_rows(sc, blocks, file);
    if (members > kMaxMembers || sc.ocgs.size() - blocks > kMaxRows) return 0;

    std::shared_ptr<const Model> model;
    ModelOptions opts;
    opts.days = 4;
    try {
        model = build_model(std::move(sc), testing::toy_network(), opts);
    } catch (const InputError& e) {
        fuzz::expect_message(e.what());  // an unknown leg, place or partner, ...
        return 0;
    }
    Simulation sim(model);
    while (!sim.done()) fuzz::step_checked(sim);
    return 0;
}
