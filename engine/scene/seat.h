// The seat under a seated figure. A pose such as the library's `seated` ("on a stool at knee
// height") puts the twin on a seat that is not drawn; a skirt must still rest on it, or its back
// falls through where the stool would be and the front is pulled off the thighs after it
// (docs/garments.md). seat_of finds in a posed body whether the figure sits — both thighs raised
// towards the level, the torso upright (lying is not sitting) — and if so the seat: its top at the
// lowest skin the hips and thighs carry, its footprint that skin's contact patch. It also says how
// far the thighs are raised, so hanging cloth can follow the thighs along their length rather than
// hang from the hips (scene/dressing.h).
//
// Lengths in the twin's model units; the figure is y-up and faces +z or -z in model space (twins are
// normalised so; facing along x, the seat's back margin lands at a side).
#pragma once

#include <optional>
#include <span>

#include <glm/glm.hpp>

#include "asset/cloth_settle.h"
#include "asset/garment_fit.h"
#include "asset/model.h"
#include "scene/humanoid.h"

namespace twinshoot::scene {

// The joints seat_of reads, from the twin's humanoid map: the hips and each leg's upper and lower
// bones, and the chest (or spine) for the torso's direction.
struct SeatJoints {
    int32_t hips = -1, torso = -1;
    int32_t upper_leg[2] = {-1, -1}, lower_leg[2] = {-1, -1};
};
// Nullopt when the map lacks one of them.
std::optional<SeatJoints> seat_joints(const HumanoidMap& map);

struct Seat {
    // Per leg (left, right): 0 within 45 degrees of hanging straight down, 1 within 20 of level or
    // above (a kneeling figure's forward thigh: 1, the other 0).
    float legs[2] = {0.0f, 0.0f};
    float raised = 0.0f;  // the lower of the two: the figure sits from 0.5
    // Where raised >= 0.5: its top under all the skin that the hips and thighs carry for three
    // quarters of its weight or more (skin blended with the knees or spine can reach lower).
    std::optional<asset::ClothSupport> support;
};

// How far the thighs are raised (Seat::raised) with the torso upright, from the joints alone (no
// skinning); 0 when not, or when a joint is missing. `legs` and `thigh_length`, if given, get each
// leg's (Seat::legs) and the longer thigh.
float seat_raised(const asset::Skeleton& skeleton, const SeatJoints& joints, std::span<const glm::mat4> skin,
                  float* thigh_length = nullptr, float* legs = nullptr);

// `skeleton` the twin's; `skin` this pose's skin matrices; `posed` the twin's skinned surface in this
// pose (scene::body_surface, with its skin weights). Nullopt: no thigh raised, or the torso not
// upright (lying).
std::optional<Seat> seat_of(const asset::Skeleton& skeleton, const SeatJoints& joints, std::span<const glm::mat4> skin,
                            const asset::Mesh& posed);

// Whether skin `s` is carried by the hips and thighs (at least `share` of its weight).
bool carried_by_thighs(const asset::VertexSkin& s, const SeatJoints& joints, float share);

// Seated, cloth that follows the thighs (`lay[v]` set) and lies over them is laid on them: dropped
// straight down onto the first skin the hips and thighs carry below it, facing up — through hands
// and forearms resting there; cloth inside a thigh is not laid — to `clearance` above it; the rest of that cloth (between the thighs,
// beside and under them) falls with the cloth it hangs from (the mean fall of its neighbours over
// the triangles `indices`, grown outwards). Skinned along the thighs, a flared skirt's front
// stands over the lap as a board, and the settle pulls such a board back towards the waist rather
// than let it fall (docs/garments.md). `posed` is the body `body` indexes, with its skin. Returns
// how many vertices were laid.
size_t lay_on_thighs(std::vector<asset::Vertex>& cloth, std::span<const uint32_t> indices, std::span<const uint8_t> lay,
                     const asset::SurfaceIndex& body, const asset::Mesh& posed, const SeatJoints& joints, float clearance);

// How a shot shows the seat: drawn as a stool (the default, in a warm mid grey, painted wood) or
// not at all — for a brand that composites its own chair onto a cut-out. The cloth rests on the
// seat either way: the figure still sits (studio/shoot_file.h, "seat").
struct SeatProp {
    bool drawn = true;
    glm::vec3 colour{0.36f, 0.34f, 0.31f};  // linear RGB (sRGB #A29E97)
};

// Appends the seat, drawn as a stool — a plain block from `floor` (the subject's lowest point,
// where the backdrop's floor goes) up to the seat's top over its footprint, in `colour` (linear
// RGB); one mesh, material and instance named "stool" — to `model`. A shot of a seated twin shows
// what it sits on, and the skirt resting on it reads as sat on. Nothing when the top is not above
// the floor.
void add_stool(asset::Model& model, const asset::ClothSupport& seat, float floor, glm::vec3 colour = SeatProp{}.colour);

}  // namespace twinshoot::scene
