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
#include "scene/dressing.h"
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

// Garments on a posed twin: loads each "DIR[:COLOURWAY]" package, binds it to the twin, poses it with
// `staging.skin` (rest pose when empty) and resolves penetration. Returns the posed garments as rigid
// meshes with their colourway materials, and the fit report.
struct Dressed {
    std::vector<asset::Mesh> meshes;
    std::vector<asset::Material> materials;
    std::vector<scene::GarmentFitReport> report;
};
Result<Dressed> dress(const asset::Model& twin, const std::vector<std::string>& garments, const Staging& staging);
// `model` plus dressed garments, ready to render.
asset::Model with_garments(const asset::Model& model, const Dressed& dressed);

// Renders `model` framed by its (posed) bounds, encodes a PNG and commits `output`.
Status render_to(view::GpuContext& gpu, const asset::Model& model, view::RenderSize size, AtomicFile& output,
                 const Staging& staging = {});

}  // namespace twinshoot::cli
