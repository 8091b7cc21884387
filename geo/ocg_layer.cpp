// The table of organised crime groups ([organisations] groups_file), read with
// GDAL/OGR: every field of every row checked, each row an OcgSpec.
// Format and messages: docs/scenario.md, "A table of groups".
#include "geo/ocg_layer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <cpl_error.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gdal.h>
#include <gdal_priv.h>
#include <ogr_core.h>
#include <ogr_feature.h>
#include <ogrsf_frmts.h>

#include "geo/gdal_support.hpp"
#include "sim/engine/config_group.hpp"
#include "sim/errors.hpp"
#include "sim/organisations/model.hpp"

namespace smugglesim::geo {

namespace {

// Field positions in ocg_layer_fields().
constexpr std::size_t kName = 0, kStructure = 1, kBase = 2, kLegs = 3, kPartners = 4, kCapacity = 5, kPriceFactor = 6,
                      kDocumentsAt = 7, kDocumentsFrom = 8, kDocumentQuality = 9, kConcealment = 10, kCreditShare = 11,
                      kOfficialsAt = 12, kMembers = 13, kPayment = kMembers + kRoleCount, kFieldCount = kPayment + kChannelNames.size();

// The ranges of the [[ocg]] keys (sim/organisations/params.cpp).
constexpr Range kCapacityRange{0.0, 1e9, true, false};
constexpr Range kPriceFactorRange{0.01, 100.0};
constexpr double kMaxMembersOfARole = kMaxMembersPerRole;  // as build_organisations allows

// Optimal string alignment distance (edits, and swaps of neighbours), for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// "; did you mean 'members_transporter'?" for a near miss, else "".
std::string suggestion(std::string_view unknown) {
    const std::string u = lower(trim(unknown));
    const std::string* best = nullptr;
    std::size_t best_d = 0;
    for (const std::string& f : ocg_layer_fields()) {
        const std::size_t d = edit_distance(u, f);
        if (best == nullptr || d < best_d) {
            best = &f;
            best_d = d;
        }
    }
    if (best == nullptr || best_d > (u.size() > 10 ? 3u : 2u)) return {};
    return fmt::format("; did you mean '{}'?", *best);
}

std::string list_names(const std::vector<std::string>& names, std::size_t at_most = 12) {
    std::vector<std::string> quoted;
    for (std::size_t i = 0; i < names.size() && i < at_most; ++i) quoted.push_back(fmt::format("'{}'", names[i]));
    if (names.size() > at_most) quoted.push_back(fmt::format("... ({} in all)", names.size()));
    return fmt::format("{}", fmt::join(quoted, ", "));
}

// One row of the table, with messages naming the file, the row and the field.
struct Row {
    const OGRFeature& f;
    const std::array<int, kFieldCount>& index;  // field positions in the layer, -1 if absent
    const std::string& where;                   // "<file>: row N"

    [[noreturn]] void fail(std::size_t field, std::string_view what) const {
        throw InputError(fmt::format("{}: field '{}': {}", where, ocg_layer_fields()[field], what));
    }

    OGRFieldType type(std::size_t field) const { return f.GetFieldDefnRef(index[field])->GetType(); }

    // False for an absent column, a null value or only spaces: the key's default applies.
    bool given(std::size_t field) const {
        const int i = index[field];
        if (i < 0 || !f.IsFieldSetAndNotNull(i)) return false;
        const OGRFieldType t = type(field);
        if (t == OFTString) return !trim(f.GetFieldAsString(i)).empty();
        if (t == OFTStringList) {
            const char* const* items = f.GetFieldAsStringList(i);
            return items != nullptr && items[0] != nullptr;
        }
        return true;
    }

    // Text (names, ids): a text field, or a whole-number field (an id stored as a number).
    std::optional<std::string> text(std::size_t field) const {
        if (!given(field)) return std::nullopt;
        const OGRFieldType t = type(field);
        if (t != OFTString && t != OFTInteger && t != OFTInteger64)
            fail(field, fmt::format("has type {}, not text", OGRFieldDefn::GetFieldTypeName(t)));
        return std::string(trim(f.GetFieldAsString(index[field])));
    }

    // Ids separated by ';' (or a list field, in formats that have them).
    std::vector<std::string> ids(std::size_t field, std::string_view what) const {
        std::vector<std::string> out;
        if (!given(field)) return out;
        const int i = index[field];
        std::vector<std::string> items;
        if (type(field) == OFTStringList) {
            for (const char* const* p = f.GetFieldAsStringList(i); *p != nullptr; ++p) items.emplace_back(*p);
        } else {
            const std::string s = *text(field);
            std::size_t start = 0;
            for (;;) {
                const std::size_t semi = s.find(';', start);
                items.push_back(s.substr(start, semi == std::string::npos ? std::string::npos : semi - start));
                if (semi == std::string::npos) break;
                start = semi + 1;
            }
        }
        for (const std::string& item : items) {
            const std::string_view id = trim(item);
            if (id.empty())
                fail(field, fmt::format("'{}' has an empty {} (separate them with ';', with nothing before the first, "
                                        "after the last or between two)",
                                        f.GetFieldAsString(i), what));
            out.emplace_back(id);
        }
        return out;
    }

    // A number from a number field, or from a text field whose whole text is
    // one; `must` says what it must be (default: the range's "must be in ...").
    std::optional<double> number(std::size_t field, const Range& range, std::string must = {}) const {
        if (must.empty()) must = range.must();
        if (!given(field)) return std::nullopt;
        const int i = index[field];
        const OGRFieldType t = type(field);
        double v = 0.0;
        if (t == OFTReal || t == OFTInteger || t == OFTInteger64) {
            v = f.GetFieldAsDouble(i);
        } else if (t == OFTString) {
            const char* s = f.GetFieldAsString(i);
            const std::optional<double> p = parse_number(s);
            if (!p) fail(field, fmt::format("is '{}', not a number ({})", s, must));
            v = *p;
        } else {
            fail(field, fmt::format("has type {}, not a number ({})", OGRFieldDefn::GetFieldTypeName(t), must));
        }
        if (std::isnan(v)) fail(field, fmt::format("is NaN ({})", must));
        if (!std::isfinite(v) || !range.contains(v)) fail(field, fmt::format("is {} ({})", v, must));
        return v;
    }

    // A number of members of a role.
    std::optional<double> count(std::size_t field) const {
        const std::string must = fmt::format("must be a whole number of members from 0 to {}", kMaxMembersOfARole);
        const std::optional<double> v = number(field, Range{0.0, kMaxMembersOfARole}, must);
        if (v && *v != std::floor(*v)) fail(field, fmt::format("is {} ({})", *v, must));
        return v;
    }
};

std::string sql_quote(std::string_view id) {
    std::string out = "\"";
    for (const char c : id) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// A value GDAL would misread: in a GeoPackage (SQLite) a column holds any
// value whatever its declared type, and GDAL reads text in a number column as
// 0 or its leading digits, and 2.5 in an integer column as 2.
struct Misread {
    std::size_t field;
    std::string storage;  // SQLite's storage class: text, real, blob
    std::string text;     // the value as text
};

// The values of a GeoPackage or SQLite layer whose storage does not fit the
// column's type, by feature id, found with SQLite's typeof() through GDAL.
std::map<GIntBig, std::vector<Misread>> misread_values(GDALDataset& ds, OGRLayer& lyr,
                                                      const std::array<int, kFieldCount>& index,
                                                      const std::string& in) {
    std::map<GIntBig, std::vector<Misread>> out;
    const OGRFeatureDefn* defn = lyr.GetLayerDefn();
    const std::string fid = *lyr.GetFIDColumn() != '\0' ? std::string(lyr.GetFIDColumn()) : std::string("rowid");
    // Every result column named (an expression, so that GDAL does not take the id for the result's own FID).
    std::string sql = "SELECT (" + sql_quote(fid) + " + 0) AS row_fid";
    std::vector<std::size_t> checked;
    for (std::size_t k = 0; k < kFieldCount; ++k) {
        if (index[k] < 0) continue;
        const std::string col = sql_quote(defn->GetFieldDefn(index[k])->GetNameRef());
        sql += fmt::format(", typeof({}) AS storage_{}, CAST({} AS TEXT) AS text_{}", col, k, col, k);
        checked.push_back(k);
    }
    sql += " FROM " + sql_quote(lyr.GetName());
    CPLErrorReset();
    OGRLayer* res = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (res == nullptr)
        throw InputError(fmt::format("{}: cannot read the types of the values stored (GDAL: {})", in, gdal_error_text()));
    struct Release {
        GDALDataset& ds;
        OGRLayer* res;
        ~Release() { ds.ReleaseResultSet(res); }
    } release{ds, res};
    for (;;) {
        CPLErrorReset();
        const OGRFeatureUniquePtr row(res->GetNextFeature());
        if (!row) {
            if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
                throw InputError(fmt::format("{}: cannot read the types of the values stored (GDAL: {})", in,
                                             gdal_error_text()));
            break;
        }
        for (const std::size_t k : checked) {
            const std::string storage = row->GetFieldAsString(fmt::format("storage_{}", k).c_str());
            const OGRFieldType t = defn->GetFieldDefn(index[k])->GetType();
            bool fits = storage == "null";
            if (t == OFTInteger || t == OFTInteger64) fits = fits || storage == "integer";
            if (t == OFTReal) fits = fits || storage == "integer" || storage == "real";
            if (t == OFTString) fits = fits || storage == "text" || storage == "integer" || storage == "real";
            if (t != OFTInteger && t != OFTInteger64 && t != OFTReal && t != OFTString) fits = true;  // refused by type
            if (!fits)
                out[row->GetFieldAsInteger64("row_fid")].push_back(
                    {k, storage, row->GetFieldAsString(fmt::format("text_{}", k).c_str())});
        }
    }
    return out;
}

}  // namespace

const std::vector<std::string>& ocg_layer_fields() {
    static const std::vector<std::string> fields = [] {
        std::vector<std::string> v = {"name",     "structure", "base",        "legs",
                                      "partners", "capacity",  "price_factor", "documents_at", "documents_from", "document_quality", "concealment",
                                      "credit_share", "officials_at"};
        for (const std::string_view r : kRoleNames) v.push_back(fmt::format("members_{}", r));
        for (const std::string_view c : kChannelNames) v.push_back(fmt::format("payment_{}", c));
        return v;
    }();
    return fields;
}

std::vector<OcgSpec> read_ocg_layer(const std::filesystem::path& file, const std::string& layer,
                                    const std::vector<OcgSpec>& earlier) {
    init_gdal();
    const QuietGdalErrors quiet;
    const std::string f = file.string();
    const std::vector<std::string>& fields = ocg_layer_fields();

    if (!exists_quiet(file))
        throw InputError(fmt::format("{}: cannot read the table of groups ([organisations] groups_file): the file does "
                                     "not exist",
                                     f));
    // CSV: the first line is always the header (GDAL would otherwise take a line of numbers for data).
    static const char* const kOpenOptions[] = {"HEADERS=YES", nullptr};
    std::string err;
    const GDALDatasetUniquePtr ds = open_dataset(file, GDAL_OF_VECTOR, &err, kOpenOptions);
    if (!ds)
        throw InputError(fmt::format("{}: cannot open the table of groups as a vector dataset, e.g. CSV or GeoPackage "
                                     "(GDAL: {})",
                                     f, err));
    std::vector<std::string> layers;
    for (int i = 0; i < ds->GetLayerCount(); ++i) layers.emplace_back(ds->GetLayer(i)->GetName());
    OGRLayer* lyr = nullptr;
    if (!layer.empty()) {
        lyr = ds->GetLayerByName(layer.c_str());
        if (lyr == nullptr)
            throw InputError(fmt::format("{}: no layer '{}' ([organisations] groups_layer); {}", f, layer,
                                         layers.empty() ? std::string("the file has no layers")
                                                        : "the file has layers " + list_names(layers)));
    } else if (layers.size() == 1) {
        lyr = ds->GetLayer(0);
    } else if (layers.empty()) {
        throw InputError(fmt::format("{}: the file has no layers (a table of groups, one row per group, is expected)", f));
    } else {
        throw InputError(fmt::format("{}: the file has {} layers ({}): name the table of groups with [organisations] "
                                     "groups_layer",
                                     f, layers.size(), list_names(layers)));
    }
    const bool name_layer = layers.size() > 1;
    const std::string in = name_layer ? fmt::format("{}: layer '{}'", f, lyr->GetName()) : f;

    // Every field of the layer must be one of ours, once; name and legs are required.
    std::array<int, kFieldCount> index;
    index.fill(-1);
    const OGRFeatureDefn* defn = lyr->GetLayerDefn();
    std::vector<std::string> have;
    for (int i = 0; i < defn->GetFieldCount(); ++i) have.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const std::string& name = have[static_cast<std::size_t>(i)];
        const auto it = std::find(fields.begin(), fields.end(), name);
        if (it == fields.end())
            throw InputError(fmt::format("{}: field '{}': unknown field{} (the fields of a table of groups are {})", in,
                                         name, suggestion(name), fmt::join(fields, ", ")));
        int& slot = index[static_cast<std::size_t>(it - fields.begin())];
        if (slot >= 0)
            throw InputError(fmt::format("{}: field '{}': the table has it twice (columns {} and {})", in, name, slot + 1,
                                         i + 1));
        slot = i;
    }
    for (const std::size_t required : {kName, kLegs})
        if (index[required] < 0)
            throw InputError(fmt::format("{}: missing required field '{}' ({})", in, fields[required],
                                         have.empty() ? std::string("the table has no fields")
                                                      : "the table has fields " + list_names(have)));
    // Numbers are read from their text, or from number columns GDAL reads
    // faithfully. A CSV file's columns are typed only by a .csvt file beside
    // it, and GDAL reads a typed CSV column silently wrong ('abc' as nothing,
    // 2.5 as 2 in an Integer column): refused. In a GeoPackage, values whose
    // storage does not fit their column's type are found first.
    const GDALDriver* driver = ds->GetDriver();
    const std::string driver_name = driver != nullptr ? driver->GetDescription() : "";
    if (driver_name == "CSV")
        for (std::size_t k = 0; k < kFieldCount; ++k)
            if (index[k] >= 0 && defn->GetFieldDefn(index[k])->GetType() != OFTString)
                throw InputError(fmt::format(
                    "{}: field '{}': has type {}, from a .csvt file beside the CSV file (GDAL reads such columns "
                    "without checking them; type every column String there, or remove it)",
                    in, fields[k], OGRFieldDefn::GetFieldTypeName(defn->GetFieldDefn(index[k])->GetType())));
    std::map<GIntBig, std::vector<Misread>> misread;
    if (driver_name == "GPKG" || driver_name == "SQLite") misread = misread_values(*ds, *lyr, index, in);

    // Geometries, if the layer has any, are not used: not even parsed.
    const char* ignored[] = {"OGR_GEOMETRY", "OGR_STYLE", nullptr};
    lyr->SetIgnoredFields(ignored);

    std::map<std::string, std::string, std::less<>> taken;  // name -> where it was declared
    for (const OcgSpec& e : earlier) taken.emplace(e.name, e.where.empty() ? std::string("an [[ocg]] block") : e.where);
    std::vector<OcgSpec> out;
    lyr->ResetReading();
    for (long long n = 1;; ++n) {
        CPLErrorReset();
        const OGRFeatureUniquePtr feat(lyr->GetNextFeature());
        if (!feat) {
            if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
                throw InputError(fmt::format("{}: cannot read row {} (GDAL: {})", in, n, gdal_error_text()));
            break;
        }
        OcgSpec o;
        o.where = name_layer ? fmt::format("{}, row {}", in, n) : fmt::format("{}: row {}", in, n);
        o.key_word = "field";
        o.key_separator = '_';
        const Row row{*feat, index, o.where};
        if (const auto it = misread.find(feat->GetFID()); it != misread.end()) {
            const Misread& m = it->second.front();
            row.fail(m.field, fmt::format("is '{}', stored as {} in a column of type {} (GDAL would read it as '{}')",
                                          m.text, m.storage, OGRFieldDefn::GetFieldTypeName(row.type(m.field)),
                                          feat->GetFieldAsString(index[m.field])));
        }

        o.name = row.text(kName).value_or("");
        if (o.name.empty()) row.fail(kName, "is empty (every group needs a name)");
        if (const auto it = taken.find(o.name); it != taken.end())
            row.fail(kName, fmt::format("a group named '{}' is declared twice (first at {})", o.name, it->second));
        taken.emplace(o.name, o.where);

        if (const auto s = row.text(kStructure)) {
            if (std::find(kStructureNames.begin(), kStructureNames.end(), *s) == kStructureNames.end())
                row.fail(kStructure, fmt::format("is '{}' (must be one of {})", *s, fmt::join(kStructureNames, ", ")));
            o.structure = *s;
        }
        o.base = row.text(kBase).value_or("");
        o.documents_at = row.text(kDocumentsAt).value_or("");
        o.documents_from = row.text(kDocumentsFrom).value_or("");
        o.document_quality = row.number(kDocumentQuality, kShare);
        o.concealment = row.number(kConcealment, Range{0.0, 1.0}).value_or(o.concealment);
        o.credit_share = row.number(kCreditShare, Range{0.0, 1.0, false, true}).value_or(o.credit_share);
        o.officials_at = row.ids(kOfficialsAt, "place id");
        o.legs = row.ids(kLegs, "leg id");
        if (o.legs.empty())
            row.fail(kLegs, "is empty (the ids of the legs the group sells, separated by ';', are required)");
        o.partners = row.ids(kPartners, "group name");
        o.capacity = row.number(kCapacity, kCapacityRange);
        o.price_factor = row.number(kPriceFactor, kPriceFactorRange).value_or(o.price_factor);
        for (std::size_t r = 0; r < static_cast<std::size_t>(kRoleCount); ++r)
            if (const auto c = row.count(kMembers + r)) o.members.emplace_back(kRoleNames[r], *c);
        bool paid = false;
        for (std::size_t c = 0; c < kChannelNames.size(); ++c)
            if (const auto share = row.number(kPayment + c, kNonNegative)) {
                o.payment.emplace_back(kChannelNames[c], *share);
                paid = paid || *share > 0;
            }
        if (!o.payment.empty() && !paid)
            throw InputError(fmt::format("{}: fields 'payment_cash', 'payment_hawala', 'payment_transfer': the shares "
                                         "given must not all be zero",
                                         o.where));
        out.push_back(std::move(o));
    }
    if (out.empty())
        throw InputError(fmt::format("{}: the table has no rows (one row per group is expected)", in));
    return out;
}

void load_ocg_layer(Scenario& sc) {
    OrganisationsParams& op = sc.organisations;
    if (op.groups_file.empty() || op.groups_file_read) return;
    std::vector<OcgSpec> rows = read_ocg_layer(op.groups_file, op.groups_layer, sc.ocgs);
    sc.ocgs.insert(sc.ocgs.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
    op.groups_file_read = true;
}

}  // namespace smugglesim::geo
