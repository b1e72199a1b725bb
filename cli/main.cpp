// twinshoot: the command-line client of the TwinShoot engine.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "commands.h"
#include "core/version.h"
#include "exit_codes.h"

using namespace twinshoot::cli;

int main(int argc, char** argv) {
    CLI::App app{"TwinShoot: licensed digital-twin fashion shoots, rendered with Vulkan 1.3.", "twinshoot"};
    app.set_version_flag("--version", std::string("twinshoot ") + twinshoot::kVersion);
    app.require_subcommand(1);

    CommonOptions common;
    auto add_common = [&](CLI::App* command, bool gpu) {
        if (gpu) command->add_option("--device", common.device, "Vulkan device index (see `twinshoot devices`)");
        command->add_flag("--validation", common.validation,
                          "enable the Khronos validation layer (also TWINSHOOT_VALIDATION=1)");
        if (gpu) command->add_flag("-q,--quiet", common.quiet, "print errors only");
    };

    RenderOptions render;
    auto* render_cmd = app.add_subcommand("render", "render a model file (.glb .gltf .fbx .obj) to a PNG");
    render_cmd->add_option("MODEL", render.model, "model file (or use --twin)");
    render_cmd->add_option("--twin", render.twin, "a twin package folder (twin.json)");
    render_cmd->add_option("-o,--output", render.output, "output PNG path")->required();
    render_cmd->add_option("--size", render.size, "image size WIDTHxHEIGHT (default 1080x1350)");
    render_cmd->add_option("--pose", render.pose, "pose a rigged humanoid: a pose file (.json), a name in --poses, or clip:NAME@SECONDS");
    render_cmd->add_option("--poses", render.poses, "pose library folder (default assets/poses)");
    render_cmd->add_option("--garment", render.garments, "garment package folder[:COLOURWAY] (repeatable; needs --twin)");

    RenderOptions fit;
    bool fit_json = false;
    auto* fit_cmd = app.add_subcommand("fit", "fit garments to a posed twin and report body penetration");
    fit_cmd->add_option("--twin", fit.twin, "twin package folder")->required();
    fit_cmd->add_option("--garment", fit.garments, "garment package folder[:COLOURWAY] (repeatable)")->required();
    fit_cmd->add_option("--pose", fit.pose, "pose file, name in --poses, or clip:NAME@SECONDS");
    fit_cmd->add_option("--poses", fit.poses, "pose library folder (default assets/poses)");
    fit_cmd->add_flag("--json", fit_json, "machine-readable report");
    add_common(render_cmd, true);

    std::string demo_out = "out";
    std::string demo_size = "1080x1350";
    auto* demo_cmd = app.add_subcommand("demo", "render the built-in demo into a folder");
    demo_cmd->add_option("-o,--output", demo_out, "output folder (default out)");
    demo_cmd->add_option("--size", demo_size, "image size WIDTHxHEIGHT (default 1080x1350)");
    std::string demo_poses = "assets/poses";
    demo_cmd->add_option("--poses", demo_poses, "pose library folder (default assets/poses)");
    add_common(demo_cmd, true);

    std::string generate_out;
    auto* generate_cmd = app.add_subcommand("generate-demo-assets", "write the generated demo twin packages");
    generate_cmd->add_option("-o,--output", generate_out, "output folder (twins/ is written inside)")->required();

    auto* devices_cmd = app.add_subcommand("devices", "list Vulkan devices and which one twinshoot picks");
    devices_cmd->add_option("--device", common.device, "show which device this index selects");
    add_common(devices_cmd, false);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "twinshoot: error: %s (see twinshoot --help)\n", e.what());
        return kExitBadInput;
    }
    try {
        if (render_cmd->parsed()) {
            if (render.model.empty() == render.twin.empty()) {
                std::fprintf(stderr, "twinshoot: error: render takes a MODEL file or --twin DIR (one of them)\n");
                return kExitBadInput;
            }
            return run_render(render, common);
        }
        if (demo_cmd->parsed()) return run_demo(demo_out, demo_size, demo_poses, common);
        if (generate_cmd->parsed()) return run_generate_demo_assets(generate_out);
        if (fit_cmd->parsed()) return run_fit(fit, fit_json);
        if (devices_cmd->parsed()) return run_devices(common);
    } catch (const std::exception& e) {  // last line of defence: never abort on user data
        std::fprintf(stderr, "twinshoot: error: internal: %s\n", e.what());
        return kExitEnvironment;
    }
    return kExitBadInput;
}
