// Puts a model in the normalised body frame (geometry/body_frame.h): metres, +Y up, facing +Z,
// feet on y = 0.
//
// A rigid model's vertices are baked into the frame (every instance becomes its own mesh with an
// identity transform). A rigged model keeps its rig: a root joint "twinshoot_body_frame" carrying
// the frame's matrix is put above the file's roots, so skinning, clips and the humanoid mapping
// are untouched; skinned vertices and inverse binds are moved into the frame with it.
#pragma once

#include "asset/model.h"
#include "geometry/body_frame.h"

#include <string>
#include <vector>

namespace twinshoot::geometry {

inline constexpr const char* kBodyFrameJoint = "twinshoot_body_frame";

void normalise_model(asset::Model& model, const BodyFrame& frame);

}  // namespace twinshoot::geometry

namespace twinshoot::geometry {

// The geometry of a model without its rig: skinned meshes frozen in the rest pose, skeleton,
// skins and clips dropped; vertex order kept (so a re-rig can be compared vertex for vertex).
asset::Model without_rig(const asset::Model& model);

// Drops MakeHuman helper geometry (groups "helper-*" and "joint-*" that MakeHuman hides: proxy
// tights and skirt, joint markers); returns the names of the meshes dropped.
std::vector<std::string> drop_helper_geometry(asset::Model& model);

}  // namespace twinshoot::geometry
