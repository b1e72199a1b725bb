// MakeHuman clothes fitting (.mhclo): how MakeHuman itself puts a garment on its base mesh.
//
// A MakeHuman garment ships as an OBJ and a .mhclo beside it. The .mhclo binds each garment vertex
// (in the OBJ's vertex order) to three base-mesh vertices (`basemesh hm08`, in base.obj's vertex
// order) with barycentric weights and an offset; the offset is scaled per axis by the distance
// between two named base vertices over a reference length (`x_scale A B LENGTH`, and y, z):
//
//   garment[i] = w0 B[r0] + w1 B[r1] + w2 B[r2] + (sx dx, sy dy, sz dz),   sx = |B[Ax].x - B[Bx].x| / Lx
//
// (makehuman 1.1 proxy.py, getCoords). The OBJ's own coordinates are where the garment stood when
// it was authored, not on today's base mesh: the four MakeHuman garments of ../shared lie 4.6-6.9 cm
// (median) off base.obj as written, sleeves a hand below the arms; fitted by their .mhclo they lie
// on it. Units are the base mesh's.
//
// Both files are untrusted text: every count, index and number is checked (a line a parser does
// not know is skipped, as MakeHuman does); errors name the file and the line.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <glm/vec3.hpp>

#include "core/result.h"

namespace twinshoot::asset {

inline constexpr size_t kMaxMhcloVertices = 2'000'000;

struct MhcloVertex {
    std::array<uint32_t, 3> base{};  // base-mesh vertex numbers (0-based, base.obj's order)
    glm::vec3 weights{1.0f, 0.0f, 0.0f};
    glm::vec3 offset{0.0f};
};

struct Mhclo {
    std::string basemesh;  // "hm08" for MakeHuman 1.x
    std::string obj_file;  // the garment OBJ it fits, as named in the file
    std::array<std::array<uint32_t, 2>, 3> scale_vertices{};  // x, y, z: the two base vertices measured
    glm::vec3 scale_length{1.0f};                             // and the reference length of each axis
    std::vector<MhcloVertex> vertices;                        // one per garment OBJ vertex, in order
};

// `what` names the file in errors.
Result<Mhclo> parse_mhclo(std::string_view text, const std::string& what);

// The garment's vertices fitted to `base` (its vertices in base.obj's order). Fails when the .mhclo
// names a base vertex `base` does not have, or a scale reference length is not positive.
Result<std::vector<glm::vec3>> fit_mhclo(const Mhclo& clo, std::span<const glm::vec3> base, const std::string& what);

// The `v x y z` lines of an OBJ, in file order (what .mhclo vertex numbers count).
Result<std::vector<glm::vec3>> obj_positions(std::string_view text, const std::string& what);

}  // namespace twinshoot::asset
