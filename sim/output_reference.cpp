#include "sim/output_reference.hpp"

#include <fmt/format.h>

#include "sim/modules.hpp"

namespace smugglesim {

namespace {

// A model with no places, legs or days: enough for modules to declare their series.
std::shared_ptr<const Model> empty_model() {
    auto m = std::make_shared<Model>();
    m->network = std::make_shared<const Network>();
    return m;
}

constexpr std::array<const char*, kDimCount> kShape = {"[days]",         "[days, n_countries]", "[days, n_places]",
                                                      "[days, n_legs]", "[days, 3]",           "[days, n_ocgs]",
                                                      "[days, n_offers]"};
constexpr std::array<const char*, 3> kTypeNames = {"uint32", "uint64", "float64"};

}  // namespace

std::string output_reference(const std::vector<ModuleFactory>& modules) {
    World w(empty_model());
    std::vector<std::unique_ptr<Module>> made;
    for (const ModuleFactory& f : modules.empty() ? standard_modules() : modules) made.push_back(f(w));
    std::string out =
        "| path | type, shape | measure | units | module | headline | description |\n"
        "|---|---|---|---|---|---|---|\n";
    for (SeriesId id = 0; id < w.series.size(); ++id) {
        const SeriesDecl& d = w.series.decl(id);
        std::string description = d.description;
        if (!d.sum_by_mode_of.empty())
            description += fmt::format(" (= /series/leg/{} summed over the legs of each mode)", d.sum_by_mode_of);
        out += fmt::format("| `{}` | {} {} | {} | {} | {} | {} | {} |\n", d.path(),
                           kTypeNames[static_cast<std::size_t>(d.type)], kShape[static_cast<std::size_t>(d.dim)],
                           kMeasureNames[static_cast<std::size_t>(d.measure)], d.units, d.module,
                           d.headline ? "yes" : "", description);
    }
    return out;
}

}  // namespace smugglesim
