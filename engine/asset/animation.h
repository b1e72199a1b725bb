// Animation clips imported with a model, and sampling them into joint-local transforms.
// Times are seconds from the clip's start; sampling clamps to [0, duration]. Rotations are
// slerped, positions and scales lerped, between the keys around t.
#pragma once

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include <string>
#include <vector>

#include "asset/skeleton.h"

namespace twinshoot::asset {

template <typename T>
struct Key {
    double time = 0.0;  // seconds
    T value{};
};

struct AnimationChannel {
    int32_t joint = -1;  // index into Skeleton::joints
    std::vector<Key<glm::vec3>> positions;
    std::vector<Key<glm::quat>> rotations;
    std::vector<Key<glm::vec3>> scales;
};

struct AnimationClip {
    std::string name;
    double duration = 0.0;  // seconds
    std::vector<AnimationChannel> channels;
};

// Local transforms of every joint at time `t`: animated joints from their channels (components a
// channel lacks come from the rest pose), the others at rest.
std::vector<glm::mat4> sample_clip(const Skeleton& skeleton, const AnimationClip& clip, double t);

}  // namespace twinshoot::asset
