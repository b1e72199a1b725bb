// Procedural fashion mannequins: the project's own demo twins, generated deterministically so the
// demo needs no third-party files.
//
// A body is a smooth union of round cones and ellipsoids placed on a canonical humanoid skeleton
// (VRM joint names) in an A-pose rest (arms 45 degrees down), facing +Z, feet on y = 0, metres.
// It is polygonised with surface nets (see surface_nets.h). Each vertex is skinned to the bone of
// the primitive nearest it, blended with that bone's parent and children where their primitives
// meet, so elbows, knees and hips bend smoothly and limbs never pull on each other.
#pragma once

#include <string>

#include "asset/model.h"

namespace twinshoot::demo {

struct BodyShape {
    std::string id;            // twin id, e.g. "demo-ava"
    std::string display_name;
    float height = 1.76f;      // metres, floor to crown
    float shoulder = 0.205f;   // half-width at the shoulder joints, metres
    float hip = 0.17f;         // half-width of the hips (outer), metres
    float waist = 0.12f;       // half-width of the waist, metres
    float chest = 0.14f;       // half-width of the rib cage, metres
    float bust = 0.0f;         // bust radius (0 = none), metres
    float limb = 1.0f;         // scale of limb thickness
};

BodyShape ava_shape();   // slim female proportions, 1.76 m
BodyShape noah_shape();  // broader male proportions, 1.86 m

struct MannequinOptions {
    float cell = 0.0085f;  // polygonisation grid, metres (smaller: more triangles)
};

asset::Model make_mannequin(const BodyShape& shape, const MannequinOptions& options = {});

}  // namespace twinshoot::demo

#include <functional>

namespace twinshoot::demo::detail {
// The body's distance field (metres, negative inside) restricted to part groups: bit 0 torso,
// 1 head and neck, 2/3 left/right arm, 4/5 left/right leg. Used to shape garments on the body.
std::function<float(const glm::vec3&, unsigned)> body_sdf(const BodyShape& shape);
}  // namespace twinshoot::demo::detail
