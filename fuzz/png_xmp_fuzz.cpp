// libFuzzer target: what `twinshoot inspect` reads from a delivered image — the PNG's iTXt chunks
// (asset/png_chunks.h) and the XMP provenance packet in them (consent/provenance.h). Property beyond
// "no crash": an XMP packet made from any parsed provenance parses back.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "asset/png_chunks.h"
#include "consent/provenance.h"

using namespace twinshoot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto chunks = asset::read_itxt({data, size}, "fuzz.png");
    if (chunks)
        for (const auto& chunk : *chunks) (void)consent::parse_xmp(chunk.text, "fuzz.png");
    auto provenance = consent::parse_xmp({reinterpret_cast<const char*>(data), size}, "fuzz.xmp");
    if (provenance) {
        const std::string again = consent::make_xmp(*provenance);
        if (auto back = consent::parse_xmp(again, "again"); !back) {
            std::fprintf(stderr, "round trip failed: %s\n--- packet ---\n%s\n", back.error().message.c_str(), again.c_str());
            std::abort();
        }
    }
    return 0;
}
