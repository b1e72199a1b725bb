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
#include "core/sha256.h"

using namespace twinshoot;
using namespace twinshoot::asset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const uint8_t> input(data, size);
    (void)decode_cache_entry(input, "fuzz");

    // The same bytes as a payload with a valid header (magic, version, length, SHA-256).
    std::vector<uint8_t> wrapped(56);
    std::memcpy(wrapped.data(), "TSMODEL\n", 8);
    const uint32_t version = kModelCodecVersion, flags = 0;
    const uint64_t length = size;
    std::memcpy(wrapped.data() + 8, &version, 4);
    std::memcpy(wrapped.data() + 12, &flags, 4);
    std::memcpy(wrapped.data() + 16, &length, 8);
    const Sha256 digest = sha256(input);
    std::memcpy(wrapped.data() + 24, digest.bytes.data(), 32);
    wrapped.insert(wrapped.end(), data, data + size);
    auto model = decode_model(wrapped, "fuzz");
    if (model) {
        const auto again = encode_model(*model);
        auto back = decode_model(again, "fuzz again");
        if (!back || encode_model(*back) != again) std::abort();
    }
    return 0;
}
