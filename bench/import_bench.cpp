// twinshoot-import-bench: what reading a model costs, three ways, each sample in a fresh process
// (as every `twinshoot render` or `shoot` is), interleaved round by round.
//
//   build/release/bench/twinshoot-import-bench MODEL... [--rounds N]
//
// Per model and round (rounds alternate the order):
//   assimp     asset::import_model in the process (Assimp parse + post-process + texture decode):
//              what a first import cost before imports were isolated
//   isolated   asset::load_model without a cache: the same import in the limited child process,
//              its answer sent back in the binary form and decoded (what a cache miss costs)
//   cached     asset::load_model from a warm disk cache: hash the file, read the entry, check its
//              checksum and dependencies, decode
// Each figure is the wall time of the call inside a fresh process (process start and exit are not
// counted); the median over the rounds is printed with the speed-up of cached over assimp (issue
// 16 asks >= 5x) and the cost of isolation over assimp. A last column gives the in-process warm
// figure of assimp (the same call repeated in one process, memory already mapped) for reference.
// The cache is a temporary folder, removed at the end. A benchmark, not a test: it asserts nothing.
#include <sys/wait.h>
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

// One sample in this process: prints the milliseconds of the call on stdout.
int sample(const std::string& mode, const fs::path& model, const fs::path& cache) {
    asset::LoadOptions options;
    options.cache = mode == "cached" ? std::optional<fs::path>(cache) : std::nullopt;
    Stopwatch t;
    bool ok = false;
    bool hit = true;
    if (mode == "assimp") {
        ok = asset::import_model(model).ok();
    } else {
        asset::LoadStats stats;
        ok = asset::load_model(model, options, &stats).ok();
        hit = mode != "cached" || stats.from_cache;
    }
    const double ms = t.ms();
    if (!ok || !hit) return 1;
    std::printf("%.3f\n", ms);
    return 0;
}

// Runs this program again for one sample; nullopt on failure.
std::optional<double> run_sample(const char* self, const std::string& mode, const fs::path& model, const fs::path& cache) {
    const std::string command = "'" + std::string(self) + "' --sample " + mode + " '" + model.string() + "' '" + cache.string() + "'";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return std::nullopt;
    double ms = -1.0;
    const int read = std::fscanf(pipe, "%lf", &ms);
    const int status = ::pclose(pipe);
    if (read != 1 || status != 0) return std::nullopt;
    return ms;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 5 && !std::strcmp(argv[1], "--sample")) return sample(argv[2], argv[3], argv[4]);
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
    const fs::path self = fs::read_symlink("/proc/self/exe");

    std::printf("%-24s %10s %10s %10s %9s %9s %10s %11s\n", "model", "assimp ms", "isolated", "cached", "cached x",
                "isol. x", "entry MiB", "warm assimp");
    for (const fs::path& model : models) {
        asset::LoadOptions fill;
        fill.cache = cache;
        if (auto warm = asset::load_model(model, fill); !warm) {
            std::fprintf(stderr, "twinshoot-import-bench: error: %s\n", warm.error().message.c_str());
            return 2;
        }
        std::vector<double> figures[3];
        const char* modes[3] = {"assimp", "isolated", "cached"};
        for (int r = 0; r < rounds; ++r)
            for (int k = 0; k < 3; ++k) {
                const int m = r % 2 == 0 ? k : 2 - k;
                auto ms = run_sample(self.c_str(), modes[m], model, cache);
                if (!ms) {
                    std::fprintf(stderr, "twinshoot-import-bench: error: the %s sample failed on %s\n", modes[m], model.c_str());
                    return 2;
                }
                figures[m].push_back(*ms);
            }
        std::vector<double> warm;
        for (int r = 0; r < rounds; ++r) {
            Stopwatch t;
            (void)asset::import_model(model);
            warm.push_back(t.ms());
        }
        uintmax_t entry = 0;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(cache / "models", ec)) entry = std::max(entry, e.file_size(ec));
        const double a = median(figures[0]), i = median(figures[1]), c = median(figures[2]);
        std::printf("%-24s %10.1f %10.1f %10.1f %8.1fx %8.2fx %10.1f %11.1f\n", model.filename().c_str(), a, i, c,
                    a / std::max(c, 1e-3), i / std::max(a, 1e-3), double(entry) / (1 << 20), median(warm));
        fs::remove_all(cache / "models", ec);
    }
    fs::remove_all(cache);
    std::printf("(medians of %d interleaved rounds, each sample in a fresh process; entry MiB: the cache entry)\n", rounds);
    return 0;
}
