// BodyMesh: the triangles of a model as one soup in model space, skinned meshes in their rest pose
// and rigid meshes placed by their instances. What the shape analyses of this folder (body frame,
// voxels, joint fitting) read; it owns copies, the model is not referenced afterwards.
#pragma once

#include <glm/glm.hpp>

#include <cstdint>
#include <vector>

#include "asset/model.h"

namespace twinshoot::geometry {

struct BodyMesh {
    std::vector<glm::vec3> positions;
    std::vector<uint32_t> indices;  // triangle list into positions

    size_t triangle_count() const { return indices.size() / 3; }
    asset::Aabb bounds() const;
    // Sum of triangle areas (in the positions' units squared).
    double area() const;
};

// Every instance of every mesh; degenerate triangles and indices out of range are skipped.
BodyMesh body_mesh_of(const asset::Model& model);
// The same after `transform` (e.g. a body frame's model -> normalised matrix).
BodyMesh transformed(const BodyMesh& mesh, const glm::mat4& transform);

}  // namespace twinshoot::geometry
