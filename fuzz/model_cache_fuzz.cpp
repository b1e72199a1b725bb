// libFuzzer target: the model cache reader and the model's binary form (asset/model_cache.h,
// asset/model_codec.h). The input is tried twice: as a whole cache entry (checksum and all), and as
// a payload wrapped in a valid header and checksum, so the fuzzer reaches the field decoder instead
// of stopping at the checksum. Property beyond "no crash, no sanitizer report, no huge allocation":
// anything decoded encodes and decodes again to the same bytes.
// Run: build/fuzz/fuzz/model_cache_fuzz -runs=1000000 fuzz/corpus-model   (tests/fuzz_smoke.sh runs a short one)
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "asset/model_cache.h"
#include "asset/model_codec.h"

using namespace twinshoot;
using namespace twinshoot::asset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const uint8_t> input(data, size);
    (void)decode_cache_entry(input, "fuzz");

    // The same bytes as a payload with a valid header (magic, version, length, checksum).
    const std::vector<uint8_t> wrapped = frame_model_payload(input);
    auto model = decode_model(wrapped, "fuzz");
    if (model) {
        const auto again = encode_model(*model);
        auto back = decode_model(again, "fuzz again");
        if (!back || encode_model(*back) != again) std::abort();
    }
    return 0;
}
