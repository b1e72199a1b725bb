#include "staging.h"

#include <cstdio>
#include <cstdlib>
#include <regex>

#include "asset/png_writer.h"
#include "scene/humanoid.h"
#include "scene/pose_file.h"

namespace twinshoot::cli {

Result<std::unique_ptr<view::GpuContext>> open_gpu(const CommonOptions& common) {
    TS_TRY_ASSIGN(auto gpu, view::GpuContext::open({.device_index = common.device, .validation = common.validation}));
    if (!common.quiet)
        std::fprintf(stderr, "twinshoot: device %u: %s%s\n", gpu->device().info().index,
                     render::describe_device(gpu->device().info()).c_str(),
                     gpu->instance().validation_enabled() ? " (validation on)" : "");
    return gpu;
}

Result<view::RenderSize> parse_size(const std::string& text) {
    static const std::regex pattern(R"(^([0-9]{1,5})x([0-9]{1,5})$)");
    std::smatch match;
    if (!std::regex_match(text, match, pattern))
        return make_error(ErrorCode::Invalid, "--size '" + text + "': expected WIDTHxHEIGHT, e.g. 1080x1350");
    const uint32_t w = uint32_t(std::stoul(match[1])), h = uint32_t(std::stoul(match[2]));
    if (w < 16 || h < 16 || w > 8192 || h > 8192)
        return make_error(ErrorCode::Invalid, "--size '" + text + "': each side must be 16..8192 pixels");
    return view::RenderSize{w, h};
}

Result<Staging> stage_pose(const asset::Model& model, const scene::Pose& pose,
                           const std::map<std::string, std::string>& bone_map) {
    TS_TRY_ASSIGN(scene::HumanoidMap map, scene::map_humanoid(model.skeleton, bone_map));
    TS_TRY_ASSIGN(scene::PoseRig rig, scene::PoseRig::create(model.skeleton, map));
    Staging staging;
    staging.framing.direction = map.forward;
    const auto locals = rig.apply(pose);
    staging.skin = model.skeleton.skin_matrices(model.skeleton.world_transforms(locals));
    return staging;
}

Result<Staging> stage(const asset::Model& model, const std::string& spec, const std::filesystem::path& poses,
                      const std::map<std::string, std::string>& bone_map, const std::string& what) {
    Staging staging;
    if (model.skeleton.empty()) {
        if (!spec.empty()) return make_error(ErrorCode::Invalid, what + ": cannot pose a model without a skeleton");
        return staging;
    }
    auto map = scene::map_humanoid(model.skeleton, bone_map);
    if (!map) {
        if (!spec.empty() || !bone_map.empty()) return map.error().with_context(what);
        return staging;  // rigged, but not a humanoid: frame it like any model
    }
    staging.framing.direction = map->forward;
    if (spec.empty()) return staging;
    if (spec.rfind("clip:", 0) == 0) {  // clip:NAME@SECONDS, a frame of an animation in the file
        const std::string clip_spec = spec.substr(5);
        const size_t at = clip_spec.rfind('@');
        const std::string name = clip_spec.substr(0, at);
        double t = 0.0;
        if (at != std::string::npos) {
            char* end = nullptr;
            t = std::strtod(clip_spec.c_str() + at + 1, &end);
            if (*end != '\0' || !(t >= 0.0))
                return make_error(ErrorCode::Invalid, "--pose '" + spec + "': expected clip:NAME@SECONDS");
        }
        std::string available;
        for (const auto& clip : model.clips) {
            available += (available.empty() ? "" : ", ") + clip.name;
            if (clip.name != name) continue;
            const auto locals = asset::sample_clip(model.skeleton, clip, t);
            staging.skin = model.skeleton.skin_matrices(model.skeleton.world_transforms(locals));
            return staging;
        }
        return make_error(ErrorCode::Invalid, what + ": no animation clip named \"" + name + "\" (available: " +
                                                  (available.empty() ? "none" : available) + ")");
    }
    Result<scene::Pose> pose = make_error(ErrorCode::Invalid, "");
    if (std::filesystem::path(spec).extension() == ".json") {
        pose = scene::load_pose(spec);
    } else {
        TS_TRY_ASSIGN(scene::PoseLibrary library, scene::load_pose_library(poses));
        const scene::Pose* found = library.find(spec);
        if (!found) return make_error(ErrorCode::Invalid, poses.string() + ": no pose named \"" + spec + "\"");
        pose = *found;
    }
    if (!pose) return pose.error();
    return stage_pose(model, *pose, bone_map);
}

Status render_to(view::GpuContext& gpu, const asset::Model& model, view::RenderSize size, AtomicFile& output,
                 const Staging& staging) {
    TS_TRY_ASSIGN(view::GpuModel uploaded, gpu.renderer().upload(model));
    if (!staging.skin.empty()) view::set_skin_matrices(uploaded, staging.skin);
    const asset::Aabb bounds = staging.skin.empty() ? uploaded.bounds : model.bounds(staging.skin);
    const scene::Camera camera = scene::frame_bounds(bounds, size.aspect(), staging.framing);
    TS_TRY_ASSIGN(asset::ImageRgba8 image, gpu.renderer().render(uploaded, camera, scene::default_lighting(), size));
    TS_TRY_ASSIGN(auto png, asset::encode_png(image));
    TS_TRY(output.write(png));
    return output.commit();
}

}  // namespace twinshoot::cli
