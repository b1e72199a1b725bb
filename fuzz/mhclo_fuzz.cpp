// libFuzzer target: MakeHuman clothes fitting files and OBJ vertex lines (asset/mhclo.h), both read
// in-process from untrusted garment folders. Beyond "no crash, no sanitizer report": whatever
// parses fits a small base mesh either to finite points, one per garment vertex, or to an error.
// Build (clang): cmake -B build/fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DTWINSHOOT_FUZZ=ON
//                cmake --build build/fuzz --target mhclo_fuzz
// Run: build/fuzz/fuzz/mhclo_fuzz -max_total_time=60 fuzz/corpus-mhclo
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "asset/mhclo.h"

using namespace twinshoot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    static const glm::vec3 kBase[] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}};
    if (auto clo = asset::parse_mhclo(text, "fuzz.mhclo")) {
        if (clo->vertices.empty()) std::abort();
        if (auto fitted = asset::fit_mhclo(*clo, kBase, "fuzz.mhclo")) {
            if (fitted->size() != clo->vertices.size()) std::abort();
        }
    }
    if (auto points = asset::obj_positions(text, "fuzz.obj"))
        for (const glm::vec3& p : *points)
            if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z)) std::abort();
    return 0;
}
