// The viewport's viewing orbit: how far the person has orbited, panned and zoomed away from the
// shot's camera. It changes what the viewport shows, never the shot (the shot's yaw, pitch and
// focal length are edited in the Shot panel); "reset view" (Home / F) returns to the shot camera.
// Units: degrees for yaw and pitch, zoom as a distance factor (0.5 = twice as close), pan in
// fractions of the distance to the target.
#pragma once

#include "scene/camera.h"

namespace twinshoot::editor {

struct ViewOrbit {
    float yaw_degrees = 0.0f;    // around the world's up axis through the target
    float pitch_degrees = 0.0f;  // positive: from higher up
    float zoom = 1.0f;
    float pan_x = 0.0f, pan_y = 0.0f;  // along the camera's right and up

    bool is_shot_camera() const { return yaw_degrees == 0.0f && pitch_degrees == 0.0f && zoom == 1.0f && pan_x == 0.0f && pan_y == 0.0f; }
    // Mouse gestures, in pixels of a viewport `height` pixels tall.
    void orbit(float dx_pixels, float dy_pixels);
    void pan(float dx_pixels, float dy_pixels, float height);
    void zoom_by(float wheel_steps);  // one wheel step: 10% closer
};

scene::Camera orbit_camera(const scene::Camera& shot, const ViewOrbit& orbit);

}  // namespace twinshoot::editor
