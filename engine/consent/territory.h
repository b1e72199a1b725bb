// Territories licences speak of: ISO 3166-1 alpha-2 codes (from Debian's iso-codes, read at build
// time), "EU" for the 27 member states of the European Union, "WORLD" for everywhere.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace twinshoot::consent {

bool is_country_code(std::string_view code);      // assigned ISO 3166-1 alpha-2 code
bool is_territory(std::string_view code);         // a country code, "EU" or "WORLD"
std::span<const std::string_view> eu_members();   // as of 2020-02-01 (after the UK left)
// True when `granted` (a licence territory) includes the requested country or region.
bool territory_covers(std::string_view granted, std::string_view requested);

}  // namespace twinshoot::consent
