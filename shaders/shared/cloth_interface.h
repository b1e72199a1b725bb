// Resource interface of the cloth settle's compute shader (shaders/cloth.comp), shared by C++ and
// GLSL. The GPU twin of asset::settle_cloth (view/gpu_cloth.h): the same steps, in the same order.
// Per-vertex arrays are indexed by vertex; only particles (asset::ClothTopology::particle) are
// solved, and copies take their particle's position at the end, on the host.
#ifndef TWINSHOOT_CLOTH_INTERFACE_H
#define TWINSHOOT_CLOTH_INTERFACE_H

#ifdef __cplusplus
#include <glm/glm.hpp>
#include <cstdint>
namespace twinshoot::gpu {
using uint = uint32_t;
using uvec4 = glm::uvec4;
using vec4 = glm::vec4;
#endif

#define TS_CLOTH_BINDING_X 0          // vec4[n]: positions (xyz)
#define TS_CLOTH_BINDING_PREV 1       // vec4[n]: positions at the substep's start
#define TS_CLOTH_BINDING_VELOCITY 2   // vec4[n]
#define TS_CLOTH_BINDING_START 3      // vec4[n]: skinned start (xyz), anchor strength of the particle (w)
#define TS_CLOTH_BINDING_CONTACT 4    // vec4[2n]: [2i] body point + clearance (w), [2i+1] normal + in reach (w: 1 or 0)
#define TS_CLOTH_BINDING_LINKS 5      // ClothLink[]: stretch links, then tethers (links in colour order)
#define TS_CLOTH_BINDING_PARTICLES 6  // uint[]: the particles, in vertex order
#define TS_CLOTH_BINDING_HINGES 7     // ClothHinge[]: in colour order
#define TS_CLOTH_BINDING_SIDES 8      // ClothSide[]: in colour order
#define TS_CLOTH_WORKGROUP 64

// The step a pipeline does (specialization constant 0).
#define TS_CLOTH_OP_PREDICT 0          // per particle: prev = x, gravity, x += v dt
#define TS_CLOTH_OP_LINKS 1            // per link of one colour (no two share a particle)
#define TS_CLOTH_OP_LINKS_IN_ORDER 2   // one invocation, the links one after another (the spill colour)
#define TS_CLOTH_OP_TETHERS 3          // per tether
#define TS_CLOTH_OP_ANCHORS 4          // per particle
#define TS_CLOTH_OP_FINISH 5           // per particle: contact, friction, velocity, speed cap
#define TS_CLOTH_OP_HINGES 6           // per hinge of one colour (no two share a particle)
#define TS_CLOTH_OP_HINGES_IN_ORDER 7  // one invocation, the hinges one after another (the spill colour)
#define TS_CLOTH_OP_SIDES 8            // per side of one colour (no two share a particle)
#define TS_CLOTH_OP_SIDES_IN_ORDER 9   // one invocation, the sides one after another (the spill colour)

struct ClothLink {
    uint a;
    uint b;
    float rest;  // length at rest (tethers: the path along the cloth)
    uint unused;
};

struct ClothHinge {
    uint p;  // the edge p-q, with r and s the corners opposite it (asset::ClothTopology::Hinge)
    uint q;
    uint r;
    uint s;
    float angle;  // the fold at rest (radians)
    uint unused0;
    uint unused1;
    uint unused2;
};

struct ClothSide {
    uint p;  // the particle, over the triangle (a, b, c) at rest (asset::ClothSide)
    uint a;
    uint b;
    uint c;
    float gap;   // p's signed distance from the triangle's plane at rest (its sign: the side p keeps)
    float held;  // how far off p is held: the gap or the cloth's thickness, whichever is less
    uint unused0;
    uint unused1;
};

struct ClothPushConstants {
    uvec4 range;    // x: first item (link or particle index), y: count
    vec4 gravity;   // xyz: gravity (units/s^2), w: dt (s)
    vec4 tildes;    // x: compliance / dt^2 of a link stretched (of a hinge), y: of one compressed, z: of anchors,
                    // w: how far a side's particle may have crossed its triangle and still be held (units)
    vec4 contact;   // x: friction, y: damping, z: max speed (units/s)
};

#ifdef __cplusplus
static_assert(sizeof(ClothLink) == 16);
static_assert(sizeof(ClothHinge) == 32);
static_assert(sizeof(ClothSide) == 32);
static_assert(sizeof(ClothPushConstants) == 64);
}  // namespace twinshoot::gpu
#endif
#endif
