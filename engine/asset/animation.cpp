#include "asset/animation.h"

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtx/matrix_decompose.hpp>

#include <algorithm>

namespace twinshoot::asset {
namespace {

template <typename T, typename Mix>
T sample(const std::vector<Key<T>>& keys, double t, T fallback, Mix mix) {
    if (keys.empty()) return fallback;
    if (t <= keys.front().time) return keys.front().value;
    if (t >= keys.back().time) return keys.back().value;
    auto next = std::upper_bound(keys.begin(), keys.end(), t, [](double v, const Key<T>& k) { return v < k.time; });
    auto prev = next - 1;
    const double span = next->time - prev->time;
    const float f = span > 0.0 ? float((t - prev->time) / span) : 0.0f;
    return mix(prev->value, next->value, f);
}

}  // namespace

std::vector<glm::mat4> sample_clip(const Skeleton& skeleton, const AnimationClip& clip, double t) {
    std::vector<glm::mat4> locals = skeleton.rest_locals();
    t = std::clamp(t, 0.0, clip.duration);
    for (const auto& channel : clip.channels) {
        if (channel.joint < 0 || size_t(channel.joint) >= locals.size()) continue;
        glm::vec3 scale, translation, skew;
        glm::vec4 perspective;
        glm::quat rotation;
        glm::decompose(locals[size_t(channel.joint)], scale, rotation, translation, skew, perspective);
        translation = sample(channel.positions, t, translation, [](auto a, auto b, float f) { return glm::mix(a, b, f); });
        rotation = sample(channel.rotations, t, rotation, [](auto a, auto b, float f) { return glm::slerp(a, b, f); });
        scale = sample(channel.scales, t, scale, [](auto a, auto b, float f) { return glm::mix(a, b, f); });
        locals[size_t(channel.joint)] =
            glm::translate(glm::mat4(1.0f), translation) * glm::mat4_cast(glm::normalize(rotation)) *
            glm::scale(glm::mat4(1.0f), scale);
    }
    return locals;
}

}  // namespace twinshoot::asset
