// libFuzzer target: licence and revocation-list parsing, canonical serialisation and evaluation.
// Properties checked beyond "no crash, no sanitizer report":
//   - the canonical form of anything accepted parses again to the same canonical form;
//   - evaluation of any parsed licence never grants without a valid signature of a trusted key.
// Build (clang): cmake -B build/fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DTWINSHOOT_FUZZ=ON
//                cmake --build build/fuzz --target licence_fuzz
// Run: build/fuzz/fuzz/licence_fuzz -max_total_time=60 fuzz/corpus   (tests/fuzz_smoke.sh runs a short one)
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "consent/canonical_json.h"
#include "consent/policy.h"

using namespace twinshoot;
using namespace twinshoot::consent;

namespace {

const TrustStore& trust() {
    static const TrustStore store = [] {
        if (!crypto_ready()) std::abort();
        std::array<uint8_t, 32> seed;
        seed.fill(7);
        const SecretKey key = SecretKey::from_seed(seed);
        const auto dir = std::filesystem::temp_directory_path() / "twinshoot-fuzz-trust";
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "demo-agency.pub") << public_key_text("demo-agency", key.public_key());
        auto loaded = TrustStore::load(dir);
        if (!loaded) std::abort();
        return std::move(*loaded);
    }();
    return store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto json = parse_json_strict(text, "fuzz")) {
        const std::string canonical = canonical_json(*json);
        auto again = parse_json_strict(canonical, "canonical");
        if (!again || canonical_json(*again) != canonical) __builtin_trap();
    }
    if (auto doc = parse_signed_document(text, "fuzz", "licence")) {
        if (auto licence = parse_licence(*doc, "fuzz")) (void)describe_licence(*licence);
        UsageRequest request;
        request.twin_id = "demo-ava";
        request.brand = "Demo Brand";
        request.use = Use::Social;
        request.territories = {"FR"};
        request.date = *Date::parse("2026-06-01");
        const Decision decision = PolicyEvaluator(trust()).evaluate(*doc, request);
        // Nothing in the corpus is signed by the fuzz key, and forging Ed25519 is not on the table.
        if (decision.granted()) __builtin_trap();
        (void)decision.summary();
    }
    if (auto doc = parse_signed_document(text, "fuzz", "revocations")) (void)parse_revocation_list(*doc, "fuzz");
    return 0;
}
