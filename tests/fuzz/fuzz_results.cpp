// Fuzz target: the viewer's reader of results files (HDF5, layout v3). The
// input is written to a file in a private temporary directory and loaded as
// `smugglesim-viewer FILE.h5` does. An accepted file must give a run whose
// every declared series can be read on every day with data and every column,
// and whose legs point at its places.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_target.hpp"
#include "viewer/core/ocgs.hpp"
#include "viewer/core/run_data.hpp"

namespace fs = std::filesystem;

namespace {

// A private directory (in memory where /dev/shm exists), removed at exit.
class ScratchDir {
public:
    ScratchDir() {
        const fs::path shm = "/dev/shm";
        std::error_code ec;
        const fs::path base = fs::is_directory(shm, ec) ? shm : fs::temp_directory_path();
        dir_ = base / ("smugglesim-fuzz-results-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    fs::path file() const { return dir_ / "run.h5"; }

private:
    fs::path dir_;
};

fs::path scratch_file() {
    static const ScratchDir dir;
    return dir.file();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace smugglesim;
    const fs::path file = scratch_file();
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        if (!out) fuzz::finding("cannot write the scratch file " + file.string());
    }
    try {
        const viewer::RunData run = viewer::load_run_file(file);
        const Network& net = *run.network;
        for (const Leg& l : net.legs())
            if (l.from >= net.place_count() || l.to >= net.place_count())
                fuzz::finding("accepted leg " + l.id + " points outside the places");
        if (run.days_done < 0 || run.days_done > run.series.days())
            fuzz::finding("days with data outside the series' rows");
        double sum = 0;
        for (SeriesId id = 0; id < run.series.size(); ++id)
            for (int d = 0; d < run.days_done; ++d)
                for (std::size_t c = 0; c < run.series.width(id); ++c) sum += run.series.value(id, d, c);
        // Groups and offers (/organisations): references within the run, and the
        // viewer's per-leg dominant group computable over every day.
        const viewer::OcgIndex ix = viewer::ocg_index(run);
        for (std::size_t o = 0; o < ix.offers(); ++o)
            if (ix.offer_leg[o] < 0 || static_cast<std::size_t>(ix.offer_leg[o]) >= net.leg_count() ||
                ix.offer_ocg[o] < -1 || (ix.offer_ocg[o] >= 0 && static_cast<std::size_t>(ix.offer_ocg[o]) >= ix.names.size()))
                fuzz::finding("accepted offer " + std::to_string(o) + " points outside the legs or groups");
        const auto cum = viewer::cumulative_boardings(run);
        for (const std::int32_t g : viewer::dominant_groups(ix, cum, net.leg_count(), 0, run.days_done - 1)) sum += g;
        fuzz::keep(sum);
    } catch (const viewer::RunFileError& e) {
        fuzz::expect_message(e.what());
    }
    return 0;
}
