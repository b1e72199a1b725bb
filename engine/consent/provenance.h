// Provenance of a delivered image, as XMP (ISO 16684-1) for the PNG's iTXt "XML:com.adobe.xmp" chunk.
//
// Every image says what it is in the IPTC vocabulary — Iptc4xmpExt:DigitalSourceType
// compositeSynthetic: a synthetic image composed from a capture of a real person (the scanned
// twin) and synthetic elements (garments, pose, light, render); docs/shoots.md says why that term —
// and names the tool, the twin, the licence (id and SHA-256 of the signed document), the brand and
// use, the shoot and shot, the SHA-256 of its pixels and its ledger row hash, plus the disclosure
// label where the licence requires one. parse_xmp reads these back from our packets and from
// packets other tools rewrote (attributes or elements); unknown content is ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/sha256.h"

namespace twinshoot::consent {

inline constexpr const char* kXmpKeyword = "XML:com.adobe.xmp";
inline constexpr const char* kDigitalSourceType = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic";
inline constexpr const char* kTwinShootXmpNamespace = "https://twinshoot.dev/ns/provenance/1.0/";

struct Provenance {
    std::string digital_source_type = kDigitalSourceType;
    std::string creator_tool;  // "TwinShoot 0.1.0"
    std::string create_date;   // UTC "2026-11-24T08:40:12Z"
    std::string twin_id;
    std::string licence_id;
    Sha256 licence_sha256;
    std::string brand;
    std::string use;
    std::vector<std::string> territories;
    std::string shoot;
    std::string shot_id;
    Sha256 image_sha256;     // consent::image_pixels_sha256 of the pixels
    Sha256 ledger_row_hash;
    std::optional<std::string> disclosure;  // the label drawn into the image, if the licence requires one
};

std::string make_xmp(const Provenance& provenance);
// Fails (naming `source`) when the packet lacks a TwinShoot provenance record or a field is malformed.
Result<Provenance> parse_xmp(std::string_view xmp, const std::string& source);

}  // namespace twinshoot::consent
