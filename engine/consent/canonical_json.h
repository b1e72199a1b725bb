// Strict JSON input and the canonical serialisation that licences and revocation lists are signed
// over (docs/licence.md states it for other implementations):
//
//   - UTF-8; objects with members sorted by key, compared byte by byte; no insignificant whitespace;
//   - strings escape only '"', '\\' and control characters: \b \f \n \r \t in short form, the rest as
//     \u00xx (lower-case hex); every other character is written as its UTF-8 bytes;
//   - numbers are integers in [-2^53, 2^53], written in decimal without sign for zero or leading
//     zeros; `true`, `false`, `null` as themselves. Fractions and exponents are not allowed.
//
// parse_json_strict refuses what would make two readers disagree about a signed document:
// duplicate keys, invalid UTF-8, fractional or out-of-range numbers, nesting deeper than 32 levels
// or text over 1 MiB. Errors name `source` and say what is wrong and where.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace twinshoot::consent {

Result<nlohmann::json> parse_json_strict(std::string_view text, const std::string& source);

// Precondition: `value` holds only what parse_json_strict accepts (asserts otherwise).
std::string canonical_json(const nlohmann::json& value);

}  // namespace twinshoot::consent
