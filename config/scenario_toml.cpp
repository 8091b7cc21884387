#include "config/scenario_toml.hpp"

#include <toml++/toml.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "sim/errors.hpp"
#include "sim/network.hpp"
#include "sim/interventions/actions.hpp"

namespace smugglesim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Range {
    double lo = -kInf, hi = kInf;
    bool lo_open = false, hi_open = false;
    std::string text() const {
        if (lo == -kInf && hi == kInf) return "any number";
        if (hi == kInf) return fmt::format("{} {}", lo_open ? ">" : ">=", lo);
        return fmt::format("{}{}, {}{}", lo_open ? "(" : "[", lo, hi, hi_open ? ")" : "]");
    }
    // "must be >= 0" / "must be in [0, 1)"
    std::string must() const { return (hi == kInf ? "must be " : "must be in ") + text(); }
    bool contains(double v) const {
        return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
    }
};
constexpr Range kNonNegative{0.0, kInf, false, false};
constexpr Range kPositive{0.0, kInf, true, false};
constexpr Range kProbability{0.0, 1.0, false, true};   // [0, 1)
constexpr Range kShare{0.0, 1.0, false, false};        // [0, 1]

// Where messages point and whether we parse or document.
struct Context {
    std::string label;        // file name for messages
    bool document = false;    // true: write the reference instead of parsing
    std::ostringstream out;   // reference text
};

std::string fmt_default(double v) { return fmt::format("{}", v); }

// One config group: a TOML table whose keys are declared with a default
// (the bound variable's initial value), a range and a comment.
class Group {
public:
    Group(Context& ctx, const toml::table* tbl, std::string prefix, std::string_view header,
          std::string_view doc, int indent = 0)
        : ctx_(ctx), tbl_(tbl), prefix_(std::move(prefix)), indent_(indent) {
        if (ctx_.document && !header.empty())
            ctx_.out << "\n" << pad() << "# " << doc << "\n" << pad() << header << "\n";
    }

    void real(const char* key, double& out, Range r, std::string_view doc) {
        declare(key);
        if (ctx_.document) return describe(key, fmt_default(out), r.text(), doc);
        if (const toml::node* n = find(key)) out = number(*n, key, r);
    }

    void integer(const char* key, int& out, Range r, std::string_view doc) {
        declare(key);
        if (ctx_.document) return describe(key, std::to_string(out), r.text(), doc);
        if (const toml::node* n = find(key)) {
            auto v = n->value<std::int64_t>();
            if (!n->is_integer() || !v) fail(n, key, "must be an integer");
            if (!r.contains(static_cast<double>(*v)))
                fail(n, key, fmt::format("{}, got {}", r.must(), *v));
            out = static_cast<int>(*v);
        }
    }

    void uint64(const char* key, std::uint64_t& out, std::string_view doc) {
        declare(key);
        if (ctx_.document) return describe(key, std::to_string(out), ">= 0", doc);
        if (const toml::node* n = find(key)) {
            auto v = n->value<std::int64_t>();
            if (!n->is_integer() || !v) fail(n, key, "must be an integer");
            if (*v < 0) fail(n, key, fmt::format("must be >= 0, got {}", *v));
            out = static_cast<std::uint64_t>(*v);
        }
    }

    void string(const char* key, std::string& out, std::string_view doc,
                const std::vector<std::string>& allowed = {}) {
        declare(key);
        if (ctx_.document) {
            std::string range;
            for (const auto& a : allowed) range += (range.empty() ? "" : " | ") + ("\"" + a + "\"");
            return describe(key, "\"" + out + "\"", range, doc);
        }
        if (const toml::node* n = find(key)) {
            if (!n->is_string()) fail(n, key, "must be a string");
            std::string v = n->as_string()->get();
            if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
                std::string opts;
                for (const auto& a : allowed) opts += (opts.empty() ? "" : ", ") + a;
                fail(n, key, fmt::format("unknown value \"{}\" (expected one of: {})", v, opts));
            }
            out = std::move(v);
        }
    }

    // An optional number: stays empty when the key is absent.
    void optional_real(const char* key, std::optional<double>& out, Range r, std::string_view doc) {
        declare(key);
        if (ctx_.document) return describe(key, "(none)", r.text(), doc);
        if (const toml::node* n = find(key)) out = number(*n, key, r);
    }

    void optional_integer(const char* key, std::optional<int>& out, Range r, std::string_view doc) {
        declare(key);
        if (ctx_.document) return describe(key, "(none)", r.text(), doc);
        if (const toml::node* n = find(key)) {
            auto v = n->value<std::int64_t>();
            if (!n->is_integer() || !v) fail(n, key, "must be an integer");
            if (!r.contains(static_cast<double>(*v))) fail(n, key, fmt::format("{}, got {}", r.must(), *v));
            out = static_cast<int>(*v);
        }
    }

    // The source line of a key, or of the table when the key is absent (for messages).
    int line_of(const char* key) const {
        const toml::node* n = find(key);
        if (n && n->source().begin.line > 0) return static_cast<int>(n->source().begin.line);
        return tbl_ ? static_cast<int>(tbl_->source().begin.line) : 0;
    }

    // A list of strings; `allowed` empty means any string.
    void string_list(const char* key, std::vector<std::string>& out, std::string_view doc,
                     const std::vector<std::string>& allowed = {}) {
        declare(key);
        if (ctx_.document) {
            std::string def;
            for (const auto& a : out) def += (def.empty() ? "" : ", ") + ("\"" + a + "\"");
            return describe(key, "[" + def + "]", "", doc);
        }
        if (const toml::node* n = find(key)) {
            const toml::array* arr = n->as_array();
            if (!arr) fail(n, key, "must be an array of strings");
            out.clear();
            for (const toml::node& e : *arr) {
                if (!e.is_string()) fail(&e, key, "must be an array of strings");
                std::string v = e.as_string()->get();
                if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end())
                    fail(&e, key, fmt::format("unknown value \"{}\"", v));
                out.push_back(std::move(v));
            }
        }
    }

    // A table of free keys -> non-negative shares (e.g. destination countries).
    void share_map(const char* key, std::vector<std::pair<std::string, double>>& out,
                   std::string_view example, std::string_view doc) {
        declare(key);
        if (ctx_.document) return describe(key, std::string(example), "shares >= 0, normalised", doc);
        if (const toml::node* n = find(key)) {
            const toml::table* t = n->as_table();
            if (!t) fail(n, key, "must be a table of name = share");
            out.clear();
            for (auto&& [k, v] : *t) {
                std::string sub = fmt::format("{}.{}", key, k.str());
                out.emplace_back(std::string(k.str()), number(v, sub.c_str(), kNonNegative));
            }
            if (out.empty()) fail(n, key, "must not be empty");
            double sum = 0;
            for (auto& kv : out) sum += kv.second;
            if (!(sum > 0)) fail(n, key, "shares must not all be zero");
        }
    }

    // A sub-table declared as a nested group.
    const toml::table* subtable(const char* key) {
        declare(key);
        if (ctx_.document) return nullptr;
        const toml::node* n = find(key);
        if (!n) return nullptr;
        if (!n->is_table()) fail(n, key, "must be a table");
        return n->as_table();
    }

    // An array of tables ([[key]]); returns the elements.
    std::vector<const toml::table*> table_array(const char* key) {
        declare(key);
        std::vector<const toml::table*> res;
        if (ctx_.document) return res;
        const toml::node* n = find(key);
        if (!n) return res;
        const toml::array* arr = n->as_array();
        if (!arr) fail(n, key, fmt::format("must be an array of tables ([[{}]])", full(key)));
        for (const toml::node& e : *arr) {
            if (!e.is_table()) fail(&e, key, fmt::format("must be an array of tables ([[{}]])", full(key)));
            res.push_back(e.as_table());
        }
        return res;
    }

    // Rejects keys that were not declared.
    void finish() {
        if (ctx_.document || !tbl_) return;
        for (auto&& [k, v] : *tbl_) {
            std::string name(k.str());
            if (declared_.count(name)) continue;
            std::string known;
            for (const auto& d : declared_) known += (known.empty() ? "" : ", ") + d;
            fail(&v, name.c_str(), fmt::format("unknown key (known keys here: {})", known));
        }
    }

    [[noreturn]] void fail(const toml::node* n, const char* key, const std::string& msg) const {
        std::string where = ctx_.label;
        if (n && n->source().begin.line > 0) where += fmt::format(":{}", n->source().begin.line);
        throw InputError(fmt::format("{}: key '{}': {}", where, full(key), msg));
    }

    std::string full(const char* key) const { return prefix_.empty() ? key : prefix_ + "." + key; }

private:
    void declare(const char* key) { declared_.insert(key); }
    const toml::node* find(const char* key) const { return tbl_ ? tbl_->get(key) : nullptr; }
    std::string pad() const { return std::string(static_cast<std::size_t>(indent_), ' '); }

    double number(const toml::node& n, const char* key, Range r) const {
        if (!n.is_number()) fail(&n, key, fmt::format("{} (a number)", r.must()));
        double v = n.is_integer() ? static_cast<double>(*n.value<std::int64_t>()) : *n.value<double>();
        if (std::isnan(v)) fail(&n, key, fmt::format("is NaN ({})", r.must()));
        if (!std::isfinite(v)) fail(&n, key, "must be finite");
        if (!r.contains(v)) fail(&n, key, fmt::format("{}, got {}", r.must(), v));
        return v;
    }

    void describe(const char* key, const std::string& def, const std::string& range, std::string_view doc) {
        std::string line = fmt::format("{}{} = {}", pad(), key, def);
        ctx_.out << fmt::format("{:<44} # {}{}\n", line, doc, range.empty() ? "" : fmt::format("; allowed: {}", range));
    }

    Context& ctx_;
    const toml::table* tbl_;
    std::string prefix_;
    int indent_;
    std::set<std::string> declared_;
};

const std::vector<std::string> kModeNames = {"land", "sea", "air"};

void bind_raster(Context& ctx, const toml::table* t, const std::string& prefix, RasterSpec& r,
                 const std::filesystem::path& base) {
    Group g(ctx, t, prefix, ctx.document ? "[[network.raster]]   # optional, repeatable" : "",
            "A raster (GeoTIFF or any GDAL raster) sampled along legs; multiplies a leg probability");
    std::string file = r.file.string();
    g.string("file", file, "raster file, relative to the scenario file (required)");
    std::string effect = r.effect == RasterEffect::Hazard ? "hazard" : "interception";
    g.string("effect", effect, "which leg probability the raster value multiplies", {"hazard", "interception"});
    std::string stat = r.statistic == RasterStatistic::Mean ? "mean" : "max";
    g.string("statistic", stat, "how samples along a leg combine", {"mean", "max"});
    g.real("sample_km", r.sample_km, kPositive, "distance between samples along a leg, km");
    g.integer("band", r.band, Range{1, 1e6}, "raster band");
    std::vector<std::string> modes;
    for (int m : r.modes) modes.push_back(kModeNames[static_cast<std::size_t>(m)]);
    g.string_list("modes", modes, "modes of the legs the raster applies to", kModeNames);
    g.finish();
    if (ctx.document) return;
    if (file.empty()) g.fail(t, "file", "is required");
    r.file = base / file;
    r.effect = effect == "hazard" ? RasterEffect::Hazard : RasterEffect::Interception;
    r.statistic = stat == "mean" ? RasterStatistic::Mean : RasterStatistic::Max;
    r.modes.clear();
    for (const auto& m : modes) r.modes.push_back(static_cast<int>(*parse_mode(m)));
}

std::vector<double> load_series(const std::filesystem::path& file, const std::string& key_label) {
    std::ifstream in(file);
    if (!in) throw InputError(fmt::format("{}: cannot read rate series file {}", key_label, file.string()));
    std::vector<double> series;
    std::string line;
    int lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        auto comma = line.find(',');
        if (comma == std::string::npos)
            throw InputError(fmt::format("{}:{}: expected 'day,rate', got '{}'", file.string(), lineno, line));
        std::string d = line.substr(0, comma), r = line.substr(comma + 1);
        if (lineno == 1 && d == "day") continue;  // header
        long day = -1;
        double rate = 0;
        auto [p1, e1] = std::from_chars(d.data(), d.data() + d.size(), day);
        auto [p2, e2] = std::from_chars(r.data(), r.data() + r.size(), rate);
        if (e1 != std::errc() || p1 != d.data() + d.size() || day < 0)
            throw InputError(fmt::format("{}:{}: column 'day': '{}' is not a day number >= 0", file.string(), lineno, d));
        if (e2 != std::errc() || p2 != r.data() + r.size() || !std::isfinite(rate) || rate < 0 || rate > 1e7)
            throw InputError(fmt::format("{}:{}: column 'rate': '{}' is not a number in [0, 1e7]", file.string(), lineno, r));
        if (static_cast<std::size_t>(day) != series.size())
            throw InputError(fmt::format("{}:{}: days must be consecutive from 0 (expected {}, got {})", file.string(),
                                         lineno, series.size(), day));
        series.push_back(rate);
    }
    if (series.empty()) throw InputError(fmt::format("{}: rate series has no rows", file.string()));
    return series;
}

void bind_origin(Context& ctx, const toml::table* t, const std::string& prefix, OriginSpec& o,
                 const std::filesystem::path& base) {
    Group g(ctx, t, prefix, ctx.document ? "[[origin]]   # repeatable: one per origin place" : "",
            "Where migrants are generated, how many, where they want to go, what they carry");
    g.string("place", o.place, "id of a place in the network (required)");
    g.real("rate_per_day", o.rate_per_day, Range{0.0, 1e7}, "mean new migrants per day (Poisson draws)");
    g.string("rate_series", o.rate_series,
             "optional CSV 'day,rate' (relative path): daily means overriding rate_per_day while it lasts");
    g.share_map("destinations", o.destinations, "{ DEU = 0.6, SWE = 0.4 }",
                "preferred destination states (ISO3) and their shares (required)");
    g.real("money_median_eur", o.money_median_eur, kPositive, "median budget, EUR (lognormal)");
    g.real("money_sigma", o.money_sigma, Range{0.0, 3.0}, "lognormal sigma of the budget");
    std::vector<std::pair<std::string, double>> docs;
    g.share_map("documents", docs, "{ none = 0.8, genuine = 0.05, forged = 0.15 }",
                "shares of migrants with no, genuine or forged travel documents");
    g.finish();
    if (ctx.document) return;
    if (o.place.empty()) g.fail(t, "place", "is required");
    if (o.destinations.empty()) g.fail(t, "destinations", "is required");
    if (!docs.empty()) {
        double d[kDocStatusCount] = {0, 0, 0};
        for (auto& [k, v] : docs) {
            if (k == "none") d[0] = v;
            else if (k == "genuine") d[1] = v;
            else if (k == "forged") d[2] = v;
            else g.fail(t->get("documents"), "documents",
                        fmt::format("unknown document status '{}' (expected none, genuine, forged)", k));
        }
        std::copy(d, d + kDocStatusCount, o.documents);
    }
    if (!o.rate_series.empty()) o.series = load_series(base / o.rate_series, ctx.label + ": key '" + g.full("rate_series") + "'");
}

void bind_intervention(Context& ctx, const toml::table* t, const std::string& prefix, InterventionSpec& v) {
    Group g(ctx, t, prefix, ctx.document ? "[[intervention]]   # optional, repeatable: a change applied from a day on" : "",
            "A scheduled intervention: applied at the start of its day, undone at its end if it has one "
            "(docs/model.md, Interventions)");
    g.string("name", v.name, "free text, shown in outputs and the viewer");
    std::vector<std::string> actions(kActionNames.begin(), kActionNames.end());
    g.string("action", v.action, "what it does (required)", actions);
    g.string("date", v.date, "first day it acts, YYYY-MM-DD (or give day)");
    g.optional_integer("day", v.day, Range{0, 36500}, "first day it acts, counted from start_date = day 0 (or give date)");
    g.string("until", v.until, "optional: first day it no longer acts, YYYY-MM-DD (or give days)");
    g.optional_integer("days", v.days, Range{1, 36500}, "optional: how many days it acts (or give until)");
    g.string_list("legs", v.legs, "leg ids (close_leg, open_leg, set_capacity, set_price, set_hazard, set_interception)");
    g.string_list("between", v.between, "two ISO3 states: every leg from one to the other, both ways (close_border, open_border)");
    g.string_list("origins", v.origins, "origin place ids for set_inflow (default: every origin)");
    g.optional_real("capacity", v.capacity, Range{0.0, 1e9}, "set_capacity: boardings per day (x --migrants-scale)");
    g.optional_real("price", v.price, Range{0.0, 1e9}, "set_price: EUR per migrant");
    g.optional_real("hazard", v.hazard, kProbability, "set_hazard: probability of death or going missing per trip");
    g.optional_real("interception", v.interception, kProbability, "set_interception: probability of interception per trip");
    g.optional_real("factor", v.factor, Range{0.0, 100.0},
                    "set_capacity/price/hazard/interception: multiply instead of set; set_inflow: the inflow factor (required)");
    g.finish();
    if (ctx.document) return;
    v.where = fmt::format("{}:{}: {}", ctx.label, g.line_of("action"), prefix);
    if (v.action.empty()) g.fail(t, "action", "is required");
}

std::vector<InterventionSpec> bind_interventions(Context& ctx, Group& top) {
    std::vector<InterventionSpec> out;
    auto blocks = top.table_array("intervention");
    InterventionSpec doc;
    if (ctx.document) bind_intervention(ctx, nullptr, "intervention", doc);
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        InterventionSpec v;
        bind_intervention(ctx, blocks[i], fmt::format("intervention[{}]", i), v);
        out.push_back(std::move(v));
    }
    return out;
}

// The whole schema. In document mode, `s` holds the defaults and nothing is read.
void bind_scenario(Context& ctx, const toml::table* root, Scenario& s, const std::filesystem::path& base) {
    Group top(ctx, root, "", "", "");
    if (ctx.document) ctx.out << "# smugglesim scenario reference: every key, its default, range and meaning.\n";

    {
        Group g(ctx, top.subtable("scenario"), "scenario", "[scenario]", "Run identity and length");
        g.string("name", s.name, "scenario name, stored in the output");
        g.integer("days", s.days, Range{1, 36500}, "days to simulate");
        g.uint64("seed", s.seed, "random seed; same seed + scenario = bit-identical results");
        g.string("start_date", s.start_date, "calendar date of day 0 (YYYY-MM-DD), for labels and seasonality");
        g.finish();
    }
    {
        const toml::table* nt = top.subtable("network");
        Group g(ctx, nt, "network", "[network]", "The route network (docs/network.md)");
        std::string file = s.network.file.string();
        g.string("file", file, "vector file GDAL opens (GeoPackage, GeoJSON, Shapefile), relative to the scenario (required)");
        g.string("places_layer", s.network.places_layer, "layer of places (points)");
        g.string("legs_layer", s.network.legs_layer, "layer of legs (line strings)");
        auto rasters = g.table_array("raster");
        g.finish();
        RasterSpec doc_raster;
        if (ctx.document) bind_raster(ctx, nullptr, "network.raster", doc_raster, base);
        for (std::size_t i = 0; i < rasters.size(); ++i) {
            RasterSpec r;
            bind_raster(ctx, rasters[i], fmt::format("network.raster[{}]", i), r, base);
            s.network.rasters.push_back(std::move(r));
        }
        if (!ctx.document) {
            if (file.empty()) top.fail(nt, "network.file", "is required");
            s.network.file = base / file;
        }
    }
    {
        auto origins = top.table_array("origin");
        OriginSpec doc_origin;
        if (ctx.document) bind_origin(ctx, nullptr, "origin", doc_origin, base);
        for (std::size_t i = 0; i < origins.size(); ++i) {
            OriginSpec o;
            bind_origin(ctx, origins[i], fmt::format("origin[{}]", i), o, base);
            s.origins.push_back(std::move(o));
        }
        if (!ctx.document && s.origins.empty())
            top.fail(root, "origin", "at least one [[origin]] is required");
    }
    {
        auto& c = s.choice;
        Group g(ctx, top.subtable("choice"), "choice", "[choice]",
                "Route choice: multinomial logit over onward legs (docs/model.md)");
        g.real("beta_price", c.beta_price, kNonNegative, "disutility per 1000 EUR of price");
        g.real("beta_time", c.beta_time, kNonNegative, "disutility per day of travel or expected queueing");
        g.real("beta_risk", c.beta_risk, kNonNegative, "disutility per unit probability of death or going missing");
        g.real("beta_interception", c.beta_interception, kNonNegative, "disutility per unit probability of interception");
        g.real("logit_scale", c.logit_scale, kPositive, "logit scale: higher means migrants pick the best leg more surely");
        g.integer("patience_days", c.patience_days, Range{1, 365}, "days queued before a migrant reconsiders its choice");
        g.finish();
    }
    {
        auto& t = s.travel;
        Group g(ctx, top.subtable("travel"), "travel", "[travel]", "Travel and living costs");
        g.real("daily_cost_eur", t.daily_cost_eur, kNonNegative, "living cost per day waiting at a place, EUR");
        g.real("time_sigma", t.time_sigma, Range{0.0, 2.0}, "lognormal spread of a leg's travel time");
        g.integer("max_leg_days", t.max_leg_days, Range{1, 365}, "longest time one leg can take, days");
        g.finish();
    }
    {
        auto& h = s.hazard;
        Group g(ctx, top.subtable("hazard"), "hazard", "[hazard]", "Deaths and missing on legs");
        g.real("missing_share_land", h.missing_share[0], kShare, "share of deaths on land legs recorded as missing");
        g.real("missing_share_sea", h.missing_share[1], kShare, "share of deaths at sea recorded as missing");
        g.real("missing_share_air", h.missing_share[2], kShare, "share of deaths on air legs recorded as missing");
        g.real("sea_seasonality", h.sea_seasonality, Range{0.0, 1.0, false, true}, "relative amplitude of the yearly sea-hazard cycle");
        g.integer("sea_peak_day", h.sea_peak_day, Range{0, 365}, "day of year when sea hazard peaks");
        g.finish();
    }
    {
        auto& i = s.interception;
        Group g(ctx, top.subtable("interception"), "interception", "[interception]", "Interceptions at borders and at sea");
        g.real("return_share", i.return_share, kShare, "share of intercepted migrants returned to their origin (the rest are pushed back to the leg's start)");
        g.real("forged_detection", i.forged_detection, kProbability, "probability that a forged document is detected on a leg that checks documents");
        g.finish();
    }
    s.interventions = bind_interventions(ctx, top);
    top.finish();
}

}  // namespace

namespace {

toml::table parse_toml(const std::string& text, const std::string& label) {
    try {
        return toml::parse(text, label);
    } catch (const toml::parse_error& e) {
        throw InputError(fmt::format("{}:{}: TOML syntax error: {}", label, e.source().begin.line, e.description()));
    }
}

std::string read_file(const std::filesystem::path& file, const char* what) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot read {}", file.string(), what));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::filesystem::path& base_dir, const std::string& label) {
    toml::table root = parse_toml(text, label);
    Context ctx;
    ctx.label = label;
    Scenario s;
    s.text = text;
    bind_scenario(ctx, &root, s, base_dir);
    return s;
}

Scenario load_scenario(const std::filesystem::path& file) {
    Scenario s = parse_scenario(read_file(file, "scenario file"), file.parent_path(), file.string());
    s.path = file;
    return s;
}

std::vector<InterventionSpec> parse_interventions(const std::string& text, const std::string& label) {
    toml::table root = parse_toml(text, label);
    Context ctx;
    ctx.label = label;
    Group top(ctx, &root, "", "", "");
    auto out = bind_interventions(ctx, top);
    top.finish();
    if (out.empty()) throw InputError(fmt::format("{}: no [[intervention]] block", label));
    return out;
}

std::vector<InterventionSpec> load_interventions(const std::filesystem::path& file) {
    return parse_interventions(read_file(file, "interventions file"), file.string());
}

std::string scenario_reference() {
    Context ctx;
    ctx.document = true;
    Scenario s;
    bind_scenario(ctx, nullptr, s, {});
    return ctx.out.str();
}

}  // namespace smugglesim
