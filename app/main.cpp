// smugglesim command line: `smugglesim run SCENARIO.toml [options]`.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/run.hpp"
#include "io/output_hdf5.hpp"
#include "io/text_file.hpp"
#include "sim/output_reference.hpp"
#include "sim/errors.hpp"
#include "sim/migrants/migrants.hpp"
#include "config/scenario_toml.hpp"
#include "sim/version.hpp"

namespace {

// A one-line progress bar on a terminal, redrawn at most 10 times a second.
class Progress {
public:
    explicit Progress(int days) : days_(days), tty_(isatty(fileno(stderr)) != 0) {}
    void update(int day, const smugglesim::Simulation& sim) {
        if (!tty_) return;
        const auto now = std::chrono::steady_clock::now();
        if (day + 1 < days_ && now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        const int width = 30;
        const int filled = (day + 1) * width / days_;
        const double el = std::chrono::duration<double>(now - start_).count();
        const double eta = el / (day + 1) * (days_ - day - 1);
        std::fprintf(stderr, "\r[%s%s] day %d/%d  in transit %llu  arrived %llu  ETA %.0fs   ",
                     std::string(static_cast<std::size_t>(filled), '#').c_str(),
                     std::string(static_cast<std::size_t>(width - filled), '.').c_str(), day + 1, days_,
                     static_cast<unsigned long long>(sim.module<smugglesim::MigrantsModule>().in_system()),
                     static_cast<unsigned long long>(sim.module<smugglesim::MigrantsModule>().totals().arrived), eta);
        if (day + 1 == days_) std::fprintf(stderr, "\n");
        std::fflush(stderr);
    }

private:
    int days_;
    bool tty_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_{};
};

// Throws InputError if `path` cannot become an output file: it is a
// directory, or its folder cannot be created or written. Creates the folder.
void check_writable(const std::filesystem::path& path, const char* option) {
    namespace fs = std::filesystem;
    if (fs::is_directory(path))
        throw smugglesim::InputError(fmt::format("{} {}: is a directory, not a file", option, path.string()));
    const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || access(dir.c_str(), W_OK) != 0)
        throw smugglesim::InputError(
            fmt::format("{} {}: cannot write in folder {}{}", option, path.string(), dir.string(), ec ? " (" + ec.message() + ")" : ""));
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{fmt::format("smugglesim {} — agent-based simulator of migrant-smuggling routes", smugglesim::kProgramVersion)};
    app.require_subcommand(1);
    app.set_version_flag("--version", fmt::format("smugglesim {} ({})", smugglesim::kProgramVersion, smugglesim::kGitRevision));

    smugglesim::RunOptions opts;
    std::string output;
    bool quiet = false;
    std::string summary_json;
    auto* run = app.add_subcommand("run", "Run a scenario and write its outcomes to HDF5");
    run->add_option("scenario", opts.scenario, "Scenario TOML file (see docs/scenario.md)")->required();
    run->add_option("-o,--output", output, "Output HDF5 file [default: results/<scenario file name>.h5]");
    run->add_option("--days", opts.days, "Days to simulate [default: scenario.days]")->check(CLI::Range(1, 36500));
    run->add_option("--seed", opts.seed, "Random seed [default: scenario.seed]")->check(CLI::Validator(
            [](std::string& v) { return v.starts_with('-') ? std::string("must be an integer >= 0") : std::string(); },
            "UINT >= 0"));
    run->add_option("--threads", opts.threads, "Worker threads; results do not depend on it [default: all cores]")
        ->check(CLI::Range(1, 1024));
    run->add_option("--migrants-scale", opts.migrants_scale,
                    "Multiply migrant inflows and leg capacities by this factor [default: 1]")
        ->check(CLI::PositiveNumber);
    run->add_option("--intervention", opts.interventions,
                    "A TOML file of [[intervention]] blocks added to the scenario's own (repeatable)");
    run->add_flag("-q,--quiet", quiet, "No progress bar and no summary");
    run->add_option("--summary-json", summary_json, "Also write the final counters as JSON to this file");

    auto* ref = app.add_subcommand("scenario-reference", "Print every scenario key with its default, range and meaning");
    auto* out_ref = app.add_subcommand("output-reference",
                                       "Print every output series (path in the results file, type, shape, measure, units, "
                                       "module, description) as a Markdown table");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);  // prints help, the version, or the error
        return rc == 0 ? 0 : 2;
    }

    if (*ref) {
        std::cout << smugglesim::scenario_reference();
        return 0;
    }
    if (*out_ref) {
        std::cout << smugglesim::output_reference();
        return 0;
    }

    try {
        opts.output = output.empty() ? std::filesystem::path("results") / (opts.scenario.stem().string() + ".h5")
                                     : std::filesystem::path(output);
        // Fail before the run, not after it, on outputs that cannot be written.
        check_writable(opts.output, "-o/--output");
        if (!summary_json.empty()) check_writable(summary_json, "--summary-json");
        auto model = smugglesim::load_model(opts);
        if (!quiet)
            spdlog::info("{}: {} places, {} legs, {} origins, {} days", opts.scenario.string(),
                         model->network->place_count(), model->network->leg_count(), model->origins.size(), model->days);
        Progress progress(model->days);
        smugglesim::RunOptions run_opts = opts;
        run_opts.output.clear();  // written below, once everything else has succeeded
        auto result = smugglesim::run_model(model, run_opts, [&](int day, const smugglesim::Simulation& sim) {
            if (!quiet) progress.update(day, sim);
        });
        if (!summary_json.empty()) smugglesim::write_text_atomically(summary_json, smugglesim::summary_json(result));
        try {
            smugglesim::write_hdf5(opts.output, result.meta, *model->network, result.sim->series());
        } catch (...) {
            if (!summary_json.empty()) std::filesystem::remove(summary_json);
            throw;
        }
        if (!quiet) {
            std::cout << smugglesim::summary_text(result);
            std::cout << fmt::format("Results written to {}\n", opts.output.string());
        }
        return 0;
    } catch (const smugglesim::InputError& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
