// What the render commands share: opening the GPU, parsing sizes, posing and framing a model, and
// rendering it into an already-opened output file.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "asset/model.h"
#include "commands.h"
#include "core/file_io.h"
#include "scene/camera.h"
#include "scene/pose.h"
#include "view/gpu_context.h"

namespace twinshoot::cli {

// Opens the GPU and says on stderr which device renders (unless quiet).
Result<std::unique_ptr<view::GpuContext>> open_gpu(const CommonOptions& common);

// "WIDTHxHEIGHT", each side 16..8192.
Result<view::RenderSize> parse_size(const std::string& text);

// How a model is posed and framed: skin matrices (empty: rest pose) and the view direction.
struct Staging {
    std::vector<glm::mat4> skin;
    scene::FramingOptions framing;
};

// A rigged humanoid in `pose`, framed from where it faces. `bone_map` as in twin.json.
Result<Staging> stage_pose(const asset::Model& model, const scene::Pose& pose,
                           const std::map<std::string, std::string>& bone_map);

// `spec` is a pose file (.json), a pose name in `poses`, or clip:NAME@SECONDS; empty = rest pose.
// Models that are not rigged humanoids are framed from the front (+Z) and cannot be posed.
Result<Staging> stage(const asset::Model& model, const std::string& spec, const std::filesystem::path& poses,
                      const std::map<std::string, std::string>& bone_map, const std::string& what);

// Renders `model` framed by its (posed) bounds, encodes a PNG and commits `output`.
Status render_to(view::GpuContext& gpu, const asset::Model& model, view::RenderSize size, AtomicFile& output,
                 const Staging& staging = {});

}  // namespace twinshoot::cli
