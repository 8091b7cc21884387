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
#include "sim/interventions/module.hpp"
#include "sim/modules.hpp"

namespace smugglesim {

namespace {

// Where messages point and whether we parse or document.
struct Context {
    std::string label;        // file name for messages
    bool document = false;    // true: write the reference instead of parsing
    std::ostringstream out;   // reference text
};

std::string fmt_default(double v) { return fmt::format("{}", v); }

// One config group: a TOML table whose keys are declared with a default
// (the bound variable's initial value), a range and a comment.
class Group final : public ConfigGroup {
public:
    Group(Context& ctx, const toml::table* tbl, std::string prefix, std::string_view header,
          std::string_view doc, int indent = 0)
        : ctx_(ctx), tbl_(tbl), prefix_(std::move(prefix)), indent_(indent) {
        if (ctx_.document && !header.empty())
            ctx_.out << "\n" << pad() << "# " << doc << "\n" << pad() << header << "\n";
    }

    void real(const char* key, double& out, Range r, std::string_view doc) override {
        declare(key);
        if (ctx_.document) return describe(key, fmt_default(out), r.text(), doc);
        if (const toml::node* n = find(key)) out = number(*n, key, r);
    }

    void integer(const char* key, int& out, Range r, std::string_view doc) override {
        declare(key);
        if (ctx_.document) return describe(key, std::to_string(out), r.text(), doc);
        if (const toml::node* n = find(key)) {
            auto v = n->value<std::int64_t>();
            if (!n->is_integer() || !v) fail_at(n, key, "must be an integer");
            if (!r.contains(static_cast<double>(*v)))
                fail_at(n, key, fmt::format("{}, got {}", r.must(), *v));
            out = static_cast<int>(*v);
        }
    }

    void boolean(const char* key, bool& out, std::string_view doc) override {
        declare(key);
        if (ctx_.document) return describe(key, out ? "true" : "false", "true | false", doc);
        if (const toml::node* n = find(key)) {
            if (!n->is_boolean()) fail_at(n, key, "must be true or false");
            out = n->as_boolean()->get();
        }
    }

    void uint64(const char* key, std::uint64_t& out, std::string_view doc) override {
        declare(key);
        if (ctx_.document) return describe(key, std::to_string(out), ">= 0", doc);
        if (const toml::node* n = find(key)) {
            auto v = n->value<std::int64_t>();
            if (!n->is_integer() || !v) fail_at(n, key, "must be an integer");
            if (*v < 0) fail_at(n, key, fmt::format("must be >= 0, got {}", *v));
            out = static_cast<std::uint64_t>(*v);
        }
    }

    void string(const char* key, std::string& out, std::string_view doc,
                const std::vector<std::string>& allowed = {}) override {
        declare(key);
        if (ctx_.document) {
            std::string range;
            for (const auto& a : allowed) range += (range.empty() ? "" : " | ") + ("\"" + a + "\"");
            return describe(key, "\"" + out + "\"", range, doc);
        }
        if (const toml::node* n = find(key)) {
            if (!n->is_string()) fail_at(n, key, "must be a string");
            std::string v = n->as_string()->get();
            if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
                std::string opts;
                for (const auto& a : allowed) opts += (opts.empty() ? "" : ", ") + a;
                fail_at(n, key, fmt::format("unknown value \"{}\" (expected one of: {})", v, opts));
            }
            out = std::move(v);
        }
    }

    // An optional number: stays empty when the key is absent.
    void optional_real(const char* key, std::optional<double>& out, Range r, std::string_view doc) override {
        declare(key);
        if (ctx_.document) return describe(key, "(none)", r.text(), doc);
        if (const toml::node* n = find(key)) out = number(*n, key, r);
    }

    void optional_integer(const char* key, std::optional<int>& out, Range r, std::string_view doc) override {
        declare(key);
        if (ctx_.document) return describe(key, "(none)", r.text(), doc);
        if (const toml::node* n = find(key)) {
            auto v = n->value<std::int64_t>();
            if (!n->is_integer() || !v) fail_at(n, key, "must be an integer");
            if (!r.contains(static_cast<double>(*v))) fail_at(n, key, fmt::format("{}, got {}", r.must(), *v));
            out = static_cast<int>(*v);
        }
    }

    // A list of strings; `allowed` empty means any string.
    void string_list(const char* key, std::vector<std::string>& out, std::string_view doc,
                     const std::vector<std::string>& allowed = {}) override {
        declare(key);
        if (ctx_.document) {
            std::string def;
            for (const auto& a : out) def += (def.empty() ? "" : ", ") + ("\"" + a + "\"");
            return describe(key, "[" + def + "]", "", doc);
        }
        if (const toml::node* n = find(key)) {
            const toml::array* arr = n->as_array();
            if (!arr) fail_at(n, key, "must be an array of strings");
            out.clear();
            for (const toml::node& e : *arr) {
                if (!e.is_string()) fail_at(&e, key, "must be an array of strings");
                std::string v = e.as_string()->get();
                if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end())
                    fail_at(&e, key, fmt::format("unknown value \"{}\"", v));
                out.push_back(std::move(v));
            }
        }
    }

    // A table of free keys -> non-negative shares (e.g. destination countries).
    void share_map(const char* key, std::vector<std::pair<std::string, double>>& out,
                   std::string_view example, std::string_view doc) override {
        declare(key);
        if (ctx_.document) return describe(key, std::string(example), "shares >= 0, normalised", doc);
        if (const toml::node* n = find(key)) {
            const toml::table* t = n->as_table();
            if (!t) fail_at(n, key, "must be a table of name = share");
            out.clear();
            for (auto&& [k, v] : *t) {
                std::string sub = fmt::format("{}.{}", key, k.str());
                out.emplace_back(std::string(k.str()), number(v, sub.c_str(), kNonNegative));
            }
            if (out.empty()) fail_at(n, key, "must not be empty");
            double sum = 0;
            for (auto& kv : out) sum += kv.second;
            if (!(sum > 0)) fail_at(n, key, "shares must not all be zero");
        }
    }

    std::unique_ptr<ConfigGroup> table(const char* key, std::string_view header, std::string_view doc) override {
        declare(key);
        if (ctx_.document) return std::make_unique<Group>(ctx_, nullptr, full(key), header, doc, indent_);
        const toml::node* n = find(key);
        if (n && !n->is_table()) fail_at(n, key, "must be a table");
        return std::make_unique<Group>(ctx_, n ? n->as_table() : nullptr, full(key), "", "", indent_);
    }

    std::vector<std::unique_ptr<ConfigGroup>> tables(const char* key, std::string_view header,
                                                     std::string_view doc) override {
        declare(key);
        std::vector<std::unique_ptr<ConfigGroup>> res;
        if (ctx_.document) {
            res.push_back(std::make_unique<Group>(ctx_, nullptr, full(key), header, doc, indent_));
            return res;
        }
        const toml::node* n = find(key);
        if (!n) return res;
        const toml::array* arr = n->as_array();
        if (!arr) fail_at(n, key, fmt::format("must be an array of tables ([[{}]])", full(key)));
        std::size_t i = 0;
        for (const toml::node& e : *arr) {
            if (!e.is_table()) fail_at(&e, key, fmt::format("must be an array of tables ([[{}]])", full(key)));
            res.push_back(std::make_unique<Group>(ctx_, e.as_table(), fmt::format("{}[{}]", full(key), i++), "", "", indent_));
        }
        return res;
    }

    // Rejects keys that were not declared.
    void finish() override {
        if (ctx_.document || !tbl_) return;
        for (auto&& [k, v] : *tbl_) {
            std::string name(k.str());
            if (declared_.count(name)) continue;
            std::string known;
            for (const auto& d : declared_) known += (known.empty() ? "" : ", ") + d;
            fail_at(&v, name.c_str(), fmt::format("unknown key (known keys here: {})", known));
        }
    }

    [[noreturn]] void fail(const char* key, const std::string& msg) const override {
        const toml::node* n = find(key);
        fail_at(n ? n : tbl_, key, msg);
    }

    std::string where(const char* key = nullptr) const override {
        const toml::node* n = key ? find(key) : nullptr;
        const auto line = n ? n->source().begin.line : tbl_ ? tbl_->source().begin.line : 0;
        return key ? fmt::format("{}:{}: key '{}'", ctx_.label, line, full(key))
                   : fmt::format("{}:{}: {}", ctx_.label, line, prefix_);
    }

    bool documenting() const override { return ctx_.document; }

    [[noreturn]] void fail_at(const toml::node* n, const char* key, const std::string& msg) const {
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
        if (!n.is_number()) fail_at(&n, key, fmt::format("{} (a number)", r.must()));
        double v = n.is_integer() ? static_cast<double>(*n.value<std::int64_t>()) : *n.value<double>();
        if (std::isnan(v)) fail_at(&n, key, fmt::format("is NaN ({})", r.must()));
        if (!std::isfinite(v)) fail_at(&n, key, "must be finite");
        if (!r.contains(v)) fail_at(&n, key, fmt::format("{}, got {}", r.must(), v));
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

void bind_raster(ConfigGroup& g, RasterSpec& r, const std::filesystem::path& base) {
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
    if (g.documenting()) return;
    if (file.empty()) g.fail("file", "is required");
    r.file = base / file;
    r.effect = effect == "hazard" ? RasterEffect::Hazard : RasterEffect::Interception;
    r.statistic = stat == "mean" ? RasterStatistic::Mean : RasterStatistic::Max;
    r.modes.clear();
    for (const auto& m : modes) r.modes.push_back(static_cast<int>(*parse_mode(m)));
}

std::vector<double> load_series(const std::filesystem::path& file, const std::string& key_label) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot read rate series file {}", key_label, file.string()));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw InputError(fmt::format("{}: cannot read rate series file {}", key_label, file.string()));
    return parse_rate_series(text.str(), file.string());
}

// The whole schema. In document mode, `s` holds the defaults and nothing is read.
void bind_scenario(Context& ctx, const toml::table* root, Scenario& s, const std::filesystem::path& base) {
    Group top(ctx, root, "", "", "");
    if (ctx.document) ctx.out << "# smugglesim scenario reference: every key, its default, range and meaning.\n";
    {
        auto g = top.table("scenario", "[scenario]", "Run identity and length");
        g->string("name", s.name, "scenario name, stored in the output");
        g->integer("days", s.days, Range{1, 36500}, "days to simulate");
        g->uint64("seed", s.seed, "random seed; same seed + scenario = bit-identical results");
        g->string("start_date", s.start_date, "calendar date of day 0 (YYYY-MM-DD), for labels and seasonality");
        g->finish();
    }
    {
        auto g = top.table("network", "[network]", "The route network (docs/network.md)");
        std::string file = s.network.file.string();
        g->string("file", file, "vector file GDAL opens (GeoPackage, GeoJSON, Shapefile), relative to the scenario (required)");
        g->string("places_layer", s.network.places_layer, "layer of places (points)");
        g->string("legs_layer", s.network.legs_layer, "layer of legs (line strings)");
        auto rasters = g->tables("raster", "[[network.raster]]   # optional, repeatable",
                                 "A raster (GeoTIFF or any GDAL raster) sampled along legs; multiplies a leg probability");
        g->finish();
        for (auto& rg : rasters) {
            RasterSpec r;
            bind_raster(*rg, r, base);
            if (!ctx.document) s.network.rasters.push_back(std::move(r));
        }
        if (!ctx.document) {
            if (file.empty()) g->fail("file", "is required");
            s.network.file = base / file;
        }
    }
    // Every module's own groups (sim/modules.cpp).
    for (const ModuleKind& k : standard_module_kinds()) k.bind_params(top, s);
    top.finish();
    if (ctx.document) return;
    for (OriginSpec& o : s.origins)
        if (!o.rate_series.empty()) o.series = load_series(base / o.rate_series, o.rate_series_key);
    // Read with GDAL by geo::load_ocg_layer, as the network is.
    if (!s.organisations.groups_file.empty()) s.organisations.groups_file = base / s.organisations.groups_file;
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

std::vector<double> parse_rate_series(std::string_view text, const std::string& label) {
    std::vector<double> series;
    int lineno = 0;
    while (!text.empty()) {
        const std::size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line[0] == '#') continue;
        const std::size_t comma = line.find(',');
        if (comma == std::string_view::npos)
            throw InputError(fmt::format("{}:{}: expected 'day,rate', got '{}'", label, lineno, line));
        const std::string_view d = line.substr(0, comma), r = line.substr(comma + 1);
        if (lineno == 1 && d == "day") continue;  // header
        long day = -1;
        double rate = 0;
        auto [p1, e1] = std::from_chars(d.data(), d.data() + d.size(), day);
        auto [p2, e2] = std::from_chars(r.data(), r.data() + r.size(), rate);
        if (e1 != std::errc() || p1 != d.data() + d.size() || day < 0)
            throw InputError(fmt::format("{}:{}: column 'day': '{}' is not a day number >= 0", label, lineno, d));
        if (e2 != std::errc() || p2 != r.data() + r.size() || !std::isfinite(rate) || rate < 0 || rate > 1e7)
            throw InputError(fmt::format("{}:{}: column 'rate': '{}' is not a number in [0, 1e7]", label, lineno, r));
        if (static_cast<std::size_t>(day) != series.size())
            throw InputError(fmt::format("{}:{}: days must be consecutive from 0 (expected {}, got {})", label, lineno,
                                         series.size(), day));
        series.push_back(rate);
    }
    if (series.empty()) throw InputError(fmt::format("{}: rate series has no rows", label));
    return series;
}

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
    Scenario s;
    InterventionsModule::bind_params(top, s);
    top.finish();
    if (s.interventions.empty()) throw InputError(fmt::format("{}: no [[intervention]] block", label));
    return s.interventions;
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
