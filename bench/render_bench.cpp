// twinshoot-bench: import, first-frame and steady-state frame times for one model, headless.
//
//   build/release/bench/twinshoot-bench MODEL [--size 1080x1350] [--frames 30] [--device N] [--msaa 1|2|4|8]
//                                        [--no-shadows] [--no-backdrop] [--pass-times] [--coarse]
//
// Everything is on by default: the studio-soft rig (IBL + key light with its shadow map + fill), a
// cyclorama backdrop with the contact shadow, PBR Neutral, MSAA. --no-shadows (no light casts) and
// --no-backdrop (flat clear colour) switch one technique off for before/after figures. --coarse draws
// each mesh's coarse level of detail, as the editor does while its view is dragged
// (view/coarse_levels.h, default asset::CoarseOptions; the upload figure then includes making them;
// shadow maps and the depth-only floor still draw every triangle).
//
// Figures (milliseconds, wall clock):
//   import       asset::import_model (parse, post-process, decode textures)
//   gpu setup    instance, device, pipelines (once per process)
//   upload       buffers, textures with mips, descriptor sets; waits for the GPU
//   first frame  the first render(): creates targets, draws, reads back
//   steady       mean / median / min of the next N render() calls (draw + readback of the image)
//   depth only   median of N depth-only passes of the same geometry, size and samples (skinning +
//                depth, no shading, no readback): the floor no renderer beats on this device
//   ratio        steady median / depth-only median
//   peak RSS     VmHWM of the process at the end
//   passes       with --pass-times: after the figures above, N more frames with GPU timestamps
//                between the passes (render/gpu_timer.h), median ms per pass. Timestamps flush
//                lavapipe's work at each mark, so these frames run a little slower than untimed
// It is a benchmark, not a test: it asserts nothing and prints how it was run.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "asset/importer.h"
#include "core/stopwatch.h"
#include "scene/backdrop.h"
#include "scene/camera.h"
#include "scene/light_rig.h"
#include "view/gpu_context.h"

using namespace twinshoot;

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "--help")) {
        std::fprintf(stderr, "usage: twinshoot-bench MODEL [--size WxH] [--frames N] [--device N] [--msaa N] "
                             "[--no-shadows] [--no-backdrop] [--pass-times] [--coarse]\n");
        return 2;
    }
    const char* path = argv[1];
    view::RenderSize size;
    int frames = 30;
    std::optional<uint32_t> device_index;
    uint32_t msaa = 4;
    bool shadows = true, backdrop = true, pass_times = false, coarse = false;
    for (int i = 2; i < argc; ++i) {
        const bool has_value = i + 1 < argc;
        if (!std::strcmp(argv[i], "--no-shadows")) shadows = false;
        else if (!std::strcmp(argv[i], "--no-backdrop")) backdrop = false;
        else if (!std::strcmp(argv[i], "--pass-times")) pass_times = true;
        else if (!std::strcmp(argv[i], "--coarse")) coarse = true;
        else if (!has_value) continue;
        else if (!std::strcmp(argv[i], "--size")) std::sscanf(argv[++i], "%ux%u", &size.width, &size.height);
        else if (!std::strcmp(argv[i], "--frames")) frames = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--device")) device_index = uint32_t(std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--msaa")) msaa = uint32_t(std::max(1, std::atoi(argv[++i])));
    }

    auto fail = [](const Error& e) {
        std::fprintf(stderr, "twinshoot-bench: error: %s\n", e.message.c_str());
        return 1;
    };
    Stopwatch t;
    auto model = asset::import_model(path);
    if (!model) return fail(model.error());
    const double import_ms = t.ms();

    t.restart();
    auto context = view::GpuContext::open({.device_index = device_index, .msaa = msaa});
    if (!context) return fail(context.error());
    view::OffscreenRenderer& renderer = (*context)->renderer();
    render::Device& device = (*context)->device();
    const double setup_ms = t.ms();

    // The subject is framed as it is; the cyclorama (if any) is placed for that camera.
    const asset::Aabb subject = model->bounds();
    scene::Camera camera = scene::frame_bounds(subject, size.aspect());
    asset::Model scene_model = *model;
    if (backdrop)
        scene::add_cyclorama(scene_model, {.kind = scene::BackdropKind::Cyclorama}, camera, size.aspect(), subject);
    scene::Lighting lighting = scene::default_lighting();
    for (auto& light : lighting.lights) light.casts_shadow = light.casts_shadow && shadows;
    const view::FrameSettings settings{.shadow_casters = subject, .coarse = coarse};

    if (coarse) {
        renderer.set_coarse_levels(asset::CoarseOptions{});
    }
    t.restart();
    auto gpu = renderer.upload(scene_model);  // destroyed before the context (declared after it)
    if (!gpu) return fail(gpu.error());
    if (auto s = device.wait(gpu->ready_value); !s) return fail(s.error());
    const double upload_ms = t.ms();

    t.restart();
    if (auto image = renderer.render(*gpu, camera, lighting, size, settings); !image) return fail(image.error());
    const double first_ms = t.ms();

    std::vector<double> times;
    for (int i = 0; i < frames; ++i) {
        t.restart();
        if (auto image = renderer.render(*gpu, camera, lighting, size, settings); !image) return fail(image.error());
        times.push_back(t.ms());
    }
    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    double mean = 0;
    for (double v : times) mean += v / double(times.size());
    std::vector<double> depth_times;
    for (int i = 0; i < frames; ++i) {
        t.restart();
        if (auto s = renderer.render_depth_only(*gpu, camera, size); !s) return fail(s.error());
        depth_times.push_back(t.ms());
    }
    std::sort(depth_times.begin(), depth_times.end());
    const double depth_median = depth_times[depth_times.size() / 2];

    std::printf("model        %s\n", path);
    std::printf("geometry     %zu triangles, %zu vertices, %zu textures\n", model->triangle_count(),
                model->vertex_count(), model->images.size());
    if (coarse) {
        size_t drawn = 0;
        for (const view::GpuMesh& m : gpu->meshes) drawn += (m.coarse_index_count > 0 ? m.coarse_index_count : m.index_count) / 3;
        std::printf("coarse       %zu triangles drawn (the backdrop's included; max error %.4g, ratio %.2f)\n", drawn,
                    double(asset::CoarseOptions{}.max_error), double(asset::CoarseOptions{}.triangle_ratio));
    }
    std::printf("device       %s\n", render::describe_device(device.info()).c_str());
    std::printf("size         %ux%u, %d steady frames, %ux MSAA\n", size.width, size.height, frames,
                unsigned(renderer.samples()));
    std::printf("techniques   IBL, key-light shadow %s, backdrop %s, PBR Neutral\n", shadows ? "on" : "off",
                backdrop ? "cyclorama + contact shadow" : "off");
    std::printf("import       %8.1f ms\n", import_ms);
    std::printf("gpu setup    %8.1f ms\n", setup_ms);
    std::printf("upload       %8.1f ms\n", upload_ms);
    std::printf("first frame  %8.1f ms (includes the environment's IBL: see below)\n", first_ms);
    const view::BakeStats& lut = renderer.frame_set().lut_stats();
    const view::BakeStats& env = renderer.frame_set().environment_stats();
    std::printf("brdf lut     %8.1f ms (%s)\n", lut.milliseconds, lut.from_cache ? "disk cache" : "computed");
    std::printf("environment  %8.1f ms (%s; TWINSHOOT_CACHE_DIR= to disable the cache)\n", env.milliseconds,
                env.from_cache ? "disk cache" : "baked on the GPU");
    std::printf("steady       %8.1f ms/frame mean, %.1f median, %.1f min\n", mean, sorted[sorted.size() / 2],
                sorted.front());
    std::printf("depth only   %8.1f ms/frame median (same geometry, size, samples)\n", depth_median);
    std::printf("ratio        %8.2f x (steady median / depth only; goal <= 4)\n", sorted[sorted.size() / 2] / depth_median);
    std::printf("peak RSS     %8.1f MiB\n", double(peak_rss_bytes()) / (1024.0 * 1024.0));
    if (!pass_times) return 0;
    if (auto s = renderer.set_pass_timing(true); !s) return fail(s.error());
    std::vector<std::string> passes;
    std::vector<std::vector<double>> spans;
    std::vector<double> timed;
    for (int i = 0; i < frames; ++i) {
        t.restart();
        if (auto image = renderer.render(*gpu, camera, lighting, size, settings); !image) return fail(image.error());
        timed.push_back(t.ms());
        const auto& pass_spans = renderer.last_pass_times();
        if (passes.empty())
            for (const auto& [name, ms] : pass_spans) passes.push_back(name), spans.emplace_back();
        for (size_t p = 0; p < pass_spans.size() && p < spans.size(); ++p) spans[p].push_back(pass_spans[p].second);
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[v.size() / 2];
    };
    std::printf("passes       (GPU timestamps, median of %d frames; those frames %.1f ms median wall, %s path)\n", frames,
                median(timed), renderer.last_used_visibility() ? "visibility" : "forward");
    for (size_t p = 0; p < passes.size(); ++p) std::printf("  %-28s %8.1f ms\n", passes[p].c_str(), median(spans[p]));
    return 0;
}
