# All third-party code comes from Debian 12 packages (scripts/setup.sh installs them); nothing is
# vendored. This file only finds them and gives header-only ones a target.
find_package(Vulkan 1.3 REQUIRED)
find_package(glm REQUIRED)
find_package(assimp REQUIRED)
find_package(ZLIB REQUIRED)  # PNG output (deflate) and CRC-32 (PNG chunks, the imported model's binary form)
find_package(CLI11 REQUIRED)
# Parallel loops over vertices (closest-point queries of the garment fit): GCC's libgomp, no package.
find_package(OpenMP REQUIRED COMPONENTS CXX)
find_package(nlohmann_json 3.10 REQUIRED)
# Closest points on bodies and garments (asset/closest_point.h): Embree 3's BVH point query.
find_package(embree 3 REQUIRED)
# Coarse levels of detail for views that move (asset/level_of_detail.h): meshoptimizer's simplifier.
find_package(meshoptimizer REQUIRED)

find_path(STB_INCLUDE_DIR stb_image.h PATH_SUFFIXES stb REQUIRED)
add_library(twinshoot_stb INTERFACE)
add_library(twinshoot::stb ALIAS twinshoot_stb)
target_include_directories(twinshoot_stb SYSTEM INTERFACE ${STB_INCLUDE_DIR})

add_library(twinshoot_glm INTERFACE)
add_library(twinshoot::glm ALIAS twinshoot_glm)
target_link_libraries(twinshoot_glm INTERFACE glm::glm)
# Vulkan conventions: clip-space depth in [0, 1]; radians everywhere.
target_compile_definitions(twinshoot_glm INTERFACE GLM_FORCE_DEPTH_ZERO_TO_ONE GLM_FORCE_RADIANS
                                                   GLM_ENABLE_EXPERIMENTAL)

# libsodium: Ed25519 signatures and SHA-256 (Debian ships no CMake config; pkg-config does).
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
add_library(twinshoot_sodium INTERFACE)
add_library(twinshoot::sodium ALIAS twinshoot_sodium)
target_link_libraries(twinshoot_sodium INTERFACE PkgConfig::SODIUM)

# ISO 3166-1 country codes for licence territories, from Debian's iso-codes (a data package).
set(TWINSHOOT_ISO3166_JSON /usr/share/iso-codes/json/iso_3166-1.json)
if(NOT EXISTS ${TWINSHOOT_ISO3166_JSON})
  message(FATAL_ERROR "${TWINSHOOT_ISO3166_JSON} not found: install Debian's iso-codes (scripts/setup.sh does)")
endif()

# SQLite: the usage ledger (Debian libsqlite3-dev; pkg-config).
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3>=3.35)
add_library(twinshoot_sqlite INTERFACE)
add_library(twinshoot::sqlite ALIAS twinshoot_sqlite)
target_link_libraries(twinshoot_sqlite INTERFACE PkgConfig::SQLITE3)

# The font disclosure labels and contact sheets are lettered in (Debian fonts-dejavu-core).
find_file(TWINSHOOT_LABEL_FONT DejaVuSans-Bold.ttf PATHS /usr/share/fonts/truetype/dejavu NO_DEFAULT_PATH)
if(NOT TWINSHOOT_LABEL_FONT)
  message(FATAL_ERROR "DejaVuSans-Bold.ttf not found: install Debian's fonts-dejavu-core (scripts/setup.sh does)")
endif()

if(TWINSHOOT_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
