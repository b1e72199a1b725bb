#include <cstdio>
#include <regex>

#include "asset/importer.h"
#include "asset/png_writer.h"
#include "asset/procedural.h"
#include "commands.h"
#include "core/file_io.h"
#include "core/stopwatch.h"
#include "exit_codes.h"
#include "view/gpu_context.h"
#include "scene/camera.h"
#include "scene/humanoid.h"
#include "scene/pose_file.h"

namespace twinshoot::cli {
namespace fs = std::filesystem;

namespace {

// Opens the GPU and says on stderr which device renders.
Result<std::unique_ptr<view::GpuContext>> open_gpu(const CommonOptions& common) {
    TS_TRY_ASSIGN(auto gpu, view::GpuContext::open({.device_index = common.device, .validation = common.validation}));
    if (!common.quiet)
        std::fprintf(stderr, "twinshoot: device %u: %s%s\n", gpu->device().info().index,
                     render::describe_device(gpu->device().info()).c_str(),
                     gpu->instance().validation_enabled() ? " (validation on)" : "");
    return gpu;
}

int fail(const Error& error) {
    std::fprintf(stderr, "twinshoot: error: %s\n", error.message.c_str());
    switch (error.code) {
        case ErrorCode::Io:
        case ErrorCode::Parse:
        case ErrorCode::Unsupported:
        case ErrorCode::Invalid: return kExitBadInput;
        default: return kExitEnvironment;
    }
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

// How a model is posed and framed: skin matrices (empty: rest pose) and the view direction.
struct Staging {
    std::vector<glm::mat4> skin;
    scene::FramingOptions framing;
};

// Rigged humanoids are framed from where they face, and posed when a pose is asked for.
Result<Staging> stage(const asset::Model& model, const RenderOptions& options) {
    Staging staging;
    if (model.skeleton.empty()) {
        if (!options.pose.empty())
            return make_error(ErrorCode::Invalid, options.model.string() + ": cannot pose a model without a skeleton");
        return staging;
    }
    auto map = scene::map_humanoid(model.skeleton);
    if (!map) {
        if (!options.pose.empty()) return map.error().with_context(options.model.string());
        return staging;  // rigged, but not a humanoid: frame it like any model
    }
    staging.framing.direction = map->forward;
    if (options.pose.empty()) return staging;
    if (options.pose.rfind("clip:", 0) == 0) {  // clip:NAME@SECONDS, a frame of an animation in the file
        const std::string spec = options.pose.substr(5);
        const size_t at = spec.rfind('@');
        const std::string name = spec.substr(0, at);
        double t = 0.0;
        if (at != std::string::npos) {
            char* end = nullptr;
            t = std::strtod(spec.c_str() + at + 1, &end);
            if (*end != '\0' || !(t >= 0.0))
                return make_error(ErrorCode::Invalid, "--pose '" + options.pose + "': expected clip:NAME@SECONDS");
        }
        std::string available;
        for (const auto& clip : model.clips) {
            available += (available.empty() ? "" : ", ") + clip.name;
            if (clip.name != name) continue;
            const auto locals = asset::sample_clip(model.skeleton, clip, t);
            staging.skin = model.skeleton.skin_matrices(model.skeleton.world_transforms(locals));
            return staging;
        }
        return make_error(ErrorCode::Invalid, options.model.string() + ": no animation clip named \"" + name +
                                                  "\" (available: " + (available.empty() ? "none" : available) + ")");
    }
    Result<scene::Pose> pose = make_error(ErrorCode::Invalid, "");
    if (std::filesystem::path(options.pose).extension() == ".json") {
        pose = scene::load_pose(options.pose);
    } else {
        TS_TRY_ASSIGN(scene::PoseLibrary library, scene::load_pose_library(options.poses));
        const scene::Pose* found = library.find(options.pose);
        if (!found) return make_error(ErrorCode::Invalid, options.poses.string() + ": no pose named \"" + options.pose + "\"");
        pose = *found;
    }
    if (!pose) return pose.error();
    TS_TRY_ASSIGN(scene::PoseRig rig, scene::PoseRig::create(model.skeleton, *map));
    const auto locals = rig.apply(*pose);
    staging.skin = model.skeleton.skin_matrices(model.skeleton.world_transforms(locals));
    return staging;
}

// Renders `model` framed by its (posed) bounds and writes it through `output` (already opened).
Status render_to(view::GpuContext& gpu, const asset::Model& model, view::RenderSize size, AtomicFile& output,
                 const Staging& staging = {}) {
    TS_TRY_ASSIGN(view::GpuModel uploaded, gpu.renderer().upload(model));
    if (!staging.skin.empty()) view::set_skin_matrices(uploaded, staging.skin);
    const asset::Aabb bounds = staging.skin.empty() ? uploaded.bounds : model.bounds(staging.skin);
    const scene::Camera camera = scene::frame_bounds(bounds, size.aspect(), staging.framing);
    TS_TRY_ASSIGN(asset::ImageRgba8 image, gpu.renderer().render(uploaded, camera, scene::default_lighting(), size));
    TS_TRY_ASSIGN(auto png, asset::encode_png(image));
    TS_TRY(output.write(png));
    return output.commit();
}

}  // namespace

int run_render(const RenderOptions& options, const CommonOptions& common) {
    auto size = parse_size(options.size);
    if (!size) return fail(size.error());
    if (!asset::is_supported_model_extension(options.model))
        return fail(make_error(ErrorCode::Unsupported,
                               options.model.string() + ": unsupported model extension '" +
                                   options.model.extension().string() + "' (expected " +
                                   asset::supported_model_extensions() + ")"));
    std::error_code ec;
    if (!fs::exists(options.model, ec))
        return fail(make_error(ErrorCode::Io, options.model.string() + ": file not found"));
    if (options.output.extension() != ".png")
        return fail(make_error(ErrorCode::Invalid, options.output.string() + ": output must be a .png file"));
    // Open the output first: an unwritable destination fails before any work, and nothing is left
    // behind unless the whole render succeeds.
    auto output = AtomicFile::create(options.output);
    if (!output) return fail(output.error());

    Stopwatch timer;
    auto model = asset::import_model(options.model);
    if (!model) return fail(model.error());
    for (const auto& warning : model->warnings) std::fprintf(stderr, "twinshoot: warning: %s\n", warning.c_str());
    const double import_ms = timer.ms();
    auto staging = stage(*model, options);
    if (!staging) return fail(staging.error());

    auto gpu = open_gpu(common);
    if (!gpu) return fail(gpu.error());
    timer.restart();
    if (auto status = render_to(**gpu, *model, *size, *output, *staging); !status)
        return fail(status.error().with_context(options.output.string()));
    if (!common.quiet)
        std::fprintf(stderr, "twinshoot: wrote %s (%ux%u, %zu triangles; import %.0f ms, render %.0f ms)\n",
                     options.output.c_str(), size->width, size->height, model->triangle_count(), import_ms,
                     timer.ms());
    return kExitOk;
}

int run_demo(const fs::path& out_dir, const std::string& size_text, const CommonOptions& common) {
    auto size = parse_size(size_text);
    if (!size) return fail(size.error());
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec) return fail(make_error(ErrorCode::Io, out_dir.string() + ": cannot create folder (" + ec.message() + ")"));
    const fs::path path = out_dir / "test-figure.png";
    auto output = AtomicFile::create(path);
    if (!output) return fail(output.error());
    auto gpu = open_gpu(common);
    if (!gpu) return fail(gpu.error());
    Stopwatch timer;
    const asset::Model figure = asset::make_test_figure();
    Staging staging;
    staging.framing.direction = glm::normalize(glm::vec3(0.0f, 0.45f, 1.0f));
    if (auto status = render_to(**gpu, figure, *size, *output, staging); !status)
        return fail(status.error().with_context(path.string()));
    if (!common.quiet)
        std::fprintf(stderr, "twinshoot: wrote %s (%ux%u, built-in test figure, %.0f ms)\n", path.c_str(),
                     size->width, size->height, timer.ms());
    return kExitOk;
}

int run_devices(const CommonOptions& common) {
    auto instance = render::Instance::create({.validation = common.validation});
    if (!instance) return fail(instance.error());
    auto devices = render::enumerate_physical_devices(instance->handle(), false);
    if (!devices) return fail(devices.error());
    auto chosen = render::choose_device(*devices, common.device);
    for (size_t i = 0; i < devices->size(); ++i) {
        const auto& d = (*devices)[i];
        std::printf("%s %u: %s%s\n", chosen && *chosen == i ? "*" : " ", d.index, render::describe_device(d).c_str(),
                    d.suitable ? "" : (" — unsuitable: " + d.unsuitable_reason).c_str());
    }
    if (!chosen) return fail(chosen.error());
    std::printf("(* = the device twinshoot uses; pick another with --device N)\n");
    return kExitOk;
}

}  // namespace twinshoot::cli
