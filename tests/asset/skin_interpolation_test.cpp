// Poses part of the way from another (asset/skin_interpolation.h).
#include <gtest/gtest.h>

#include <glm/gtc/matrix_transform.hpp>

#include "asset/skin_interpolation.h"

using namespace twinshoot;

namespace {

glm::mat4 turn_about(const glm::vec3& pivot, float degrees, const glm::vec3& axis) {
    return glm::translate(glm::mat4(1.0f), pivot) * glm::rotate(glm::mat4(1.0f), glm::radians(degrees), axis) *
           glm::translate(glm::mat4(1.0f), -pivot);
}

void expect_near(const glm::vec3& a, const glm::vec3& b, float tolerance = 1e-5f) {
    EXPECT_NEAR(a.x, b.x, tolerance);
    EXPECT_NEAR(a.y, b.y, tolerance);
    EXPECT_NEAR(a.z, b.z, tolerance);
}

}  // namespace

// A knee bent by 90 degrees about its joint: half way, it is bent by 45 about the same joint (the
// joint stays put, the foot keeps its distance from it). A matrix blend would pull the foot in.
TEST(SkinInterpolation, AJointTurningAboutItsPivotTurnsAboutItAtEveryStep) {
    const glm::vec3 knee(0.1f, 0.5f, 0.0f), foot(0.1f, 0.05f, 0.0f), axis(1.0f, 0.0f, 0.0f);
    const glm::mat4 rest(1.0f), bent = turn_about(knee, 90.0f, axis);
    for (const float t : {0.25f, 0.5f, 0.75f}) {
        const glm::mat4 m = asset::interpolate_skin(std::span(&rest, 1), std::span(&bent, 1), t)[0];
        expect_near(glm::vec3(m * glm::vec4(knee, 1.0f)), knee);
        expect_near(glm::vec3(m * glm::vec4(foot, 1.0f)), glm::vec3(turn_about(knee, 90.0f * t, axis) * glm::vec4(foot, 1.0f)));
    }
    const glm::mat4 halfway_blend = 0.5f * (rest + bent);
    EXPECT_LT(glm::length(glm::vec3(halfway_blend * glm::vec4(foot, 1.0f)) - knee), 0.9f * glm::length(foot - knee))
        << "the blend this replaces shrinks the leg";
}

// From a pose that is not the identity, with a slide along the turning axis too (a screw), and the
// ends given back as they are.
TEST(SkinInterpolation, AScrewMotionIsSharedOutAndTheEndsAreTheInputs) {
    const glm::mat4 from = turn_about(glm::vec3(0.3f, 1.0f, -0.2f), 30.0f, glm::vec3(0.0f, 0.0f, 1.0f));
    const glm::vec3 axis = glm::normalize(glm::vec3(0.0f, 1.0f, 1.0f));
    const glm::mat4 screw = glm::translate(glm::mat4(1.0f), 0.4f * axis) * turn_about(glm::vec3(0.5f, 0.0f, 0.0f), 120.0f, axis);
    const glm::mat4 to = screw * from;
    const glm::mat4 a[2] = {from, to}, b[2] = {to, from};
    const auto start = asset::interpolate_skin(a, b, 0.0f), end = asset::interpolate_skin(a, b, 1.0f);
    EXPECT_EQ(start[0], from);
    EXPECT_EQ(end[0], to);
    EXPECT_EQ(end[1], from);
    // Twice the half step is the whole: a screw's parts compose.
    const glm::mat4 half = asset::interpolate_skin(std::span(&from, 1), std::span(&to, 1), 0.5f)[0];
    const glm::mat4 half_motion = half * glm::inverse(from);
    const glm::vec3 p(0.2f, -0.7f, 0.9f);
    expect_near(glm::vec3(half_motion * half_motion * from * glm::vec4(p, 1.0f)), glm::vec3(to * glm::vec4(p, 1.0f)), 1e-4f);
    // A pure slide: a share of it.
    const glm::mat4 slide = glm::translate(glm::mat4(1.0f), glm::vec3(0.0f, -0.3f, 0.6f));
    expect_near(glm::vec3(asset::screw_part(slide, 0.25f)[3]), glm::vec3(0.0f, -0.075f, 0.15f));
}
