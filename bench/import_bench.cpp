// twinshoot-import-bench: what reading a model costs three ways, interleaved round by round.
//
//   build/release/bench/twinshoot-import-bench MODEL... [--rounds N]
//
// Per model and round (the order within a round is fixed, rounds alternate which comes first):
//   assimp     asset::import_model in this process (Assimp parse + post-process + texture decode)
//   isolated   asset::load_model without a cache: the same import in the limited child process,
//              its answer sent back in the binary form and decoded (what a cache miss costs)
//   cached     asset::load_model from a warm disk cache: hash the file, read, check the entry's
//              checksum and dependencies, decode
// Prints the median of each (ms), the speed-up of cached over assimp (issue 16 asks >= 5x) and the
// overhead of isolation over assimp, plus the cache entry's size. The cache is a temporary folder,
// removed at the end. It is a benchmark, not a test: it asserts nothing.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "asset/importer.h"
#include "asset/model_loader.h"
#include "core/stopwatch.h"

using namespace twinshoot;
namespace fs = std::filesystem;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<fs::path> models;
    int rounds = 7;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
        else models.emplace_back(argv[i]);
    }
    if (models.empty()) {
        std::fprintf(stderr, "usage: twinshoot-import-bench MODEL... [--rounds N]\n");
        return 2;
    }
    const fs::path cache = fs::temp_directory_path() / ("twinshoot-import-bench-" + std::to_string(::getpid()));
    asset::LoadOptions cached_options;
    cached_options.cache = cache;
    asset::LoadOptions isolated_options;
    isolated_options.cache.reset();

    std::printf("%-28s %10s %10s %10s %9s %9s %10s\n", "model", "assimp ms", "isolated", "cached", "cached x", "isol. x",
                "entry MiB");
    for (const fs::path& model : models) {
        auto warm = asset::load_model(model, cached_options);  // fills the cache
        if (!warm) {
            std::fprintf(stderr, "twinshoot-import-bench: error: %s\n", warm.error().message.c_str());
            return 2;
        }
        std::vector<double> assimp, isolated, cached;
        for (int r = 0; r < rounds; ++r) {
            auto run_assimp = [&] {
                Stopwatch t;
                auto m = asset::import_model(model);
                assimp.push_back(t.ms());
            };
            auto run_isolated = [&] {
                Stopwatch t;
                auto m = asset::load_model(model, isolated_options);
                isolated.push_back(t.ms());
            };
            auto run_cached = [&] {
                asset::LoadStats stats;
                Stopwatch t;
                auto m = asset::load_model(model, cached_options, &stats);
                cached.push_back(t.ms());
                if (!stats.from_cache) std::fprintf(stderr, "twinshoot-import-bench: warning: cache miss on %s\n", model.c_str());
            };
            if (r % 2 == 0) { run_assimp(); run_isolated(); run_cached(); }
            else { run_cached(); run_isolated(); run_assimp(); }
        }
        uintmax_t entry = 0;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(cache / "models", ec)) entry = std::max(entry, e.file_size(ec));
        std::printf("%-28s %10.1f %10.1f %10.1f %8.1fx %8.2fx %10.1f\n", model.filename().c_str(), median(assimp),
                    median(isolated), median(cached), median(assimp) / std::max(median(cached), 1e-3),
                    median(isolated) / std::max(median(assimp), 1e-3), double(entry) / (1 << 20));
        fs::remove_all(cache / "models", ec);
    }
    fs::remove_all(cache);
    std::printf("(medians of %d interleaved rounds; entry MiB: the largest cache entry of the model)\n", rounds);
    return 0;
}
