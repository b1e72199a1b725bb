// Assimp -> glm conversions (internal to asset/).
#pragma once

#include <assimp/matrix4x4.h>
#include <glm/glm.hpp>

namespace twinshoot::asset::detail {

// Assimp is row-major with translation in a4/b4/c4; glm is column-major.
inline glm::mat4 to_glm(const aiMatrix4x4& m) {
    return glm::mat4(m.a1, m.b1, m.c1, m.d1, m.a2, m.b2, m.c2, m.d2, m.a3, m.b3, m.c3, m.d3, m.a4, m.b4, m.c4, m.d4);
}

}  // namespace twinshoot::asset::detail
