// twinshoot-editor [SHOOT.json]: compose virtual shoots in real time (editor_app.h). Exit codes as
// the CLI's: 0 done, 1 environment (no display, no device), 2 bad input (shoot, library, trust).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <regex>

#include "core/stopwatch.h"
#include "editor_app.h"

using namespace twinshoot;

int main(int argc, char** argv) {
    const Stopwatch since_launch;
    CLI::App cli{"TwinShoot editor: compose licensed digital-twin shoots in real time"};
    std::string shoot, screenshot, size = "1280x720", widget_map, state_out, ledger, poses;
    std::vector<std::string> libraries;
    editor::AppOptions options;
    std::string trust = "assets/trust";
    int device = -1;
    bool no_vsync = false;
    cli.add_option("shoot", shoot, "shoot file to open (docs/shoots.md); without one, a new shoot of the libraries' first twin");
    cli.add_option("--library", libraries, "folder holding twins/ID and garments/ID (searched before the shoot's own)");
    cli.add_option("--poses", poses, "pose library folder (default: the shoot's)");
    cli.add_option("--trust", trust, "trust store folder (default: assets/trust)");
    cli.add_option("--ledger", ledger, "usage ledger: uses left are counted from it; render all records into it");
    cli.add_option("--brand", options.brand, "brand of a new shoot");
    cli.add_option("--size", size, "window size WxH (default 1280x720)");
    cli.add_option("--msaa", options.msaa, "viewport samples per pixel (default 4, as the batch)");
    cli.add_option("--device", device, "Vulkan device index (default: the best, a discrete GPU first)");
    cli.add_flag("--validation", options.window.validation, "Khronos validation layer (also TWINSHOOT_VALIDATION=1)");
    cli.add_flag("--no-vsync", no_vsync, "present without waiting for vertical sync (benchmarks)");
    cli.add_option("--screenshot", screenshot, "write the last frame (--frames) as a PNG; F12 writes the current one");
    cli.add_option("--frames", options.frames, "quit after this many frames");
    cli.add_option("--widget-map", widget_map, "tests: write where the widgets are (JSON) after each frame");
    cli.add_option("--state-out", state_out, "tests: write the current shot and shot list (JSON) after each change");
    cli.add_option("--interactive-scale", options.interactive_scale, "viewport resolution while dragging the view (0.25..1, default 1)")
        ->check(CLI::Range(0.25f, 1.0f));
    cli.add_option("--interactive-msaa", options.interactive_msaa,
                   "viewport samples per pixel while dragging the view (default 1; --msaa once the drag stops)");
    std::string interactive_detail = "coarse";
    cli.add_option("--interactive-detail", interactive_detail,
                   "meshes drawn while dragging the view: coarse (fewer triangles, the default) or full")
        ->check(CLI::IsMember({"coarse", "full"}));
    cli.add_flag("--bench-orbit", options.bench_orbit, "benchmark: re-render the viewport every frame, print frame times");
    cli.add_flag("--bench-edits", options.bench_edits,
                 "benchmark: change the pose and the garments in turn, print the time from each edit to the frame showing it");
    cli.add_flag("--bench-edits-after-prefetch", options.bench_edits_after_prefetch,
                 "benchmark: with --bench-edits, start the edits once the prefetch has finished");
    cli.add_flag("--bench-edits-library", options.bench_edits_library,
                 "benchmark: with --bench-edits, also wear each library garment the twin can wear, alone");
    bool no_prefetch = false;
    cli.add_flag("--no-prefetch", no_prefetch,
                 "do not prepare the shoot's other looks and poses in the background (benchmarks: the A of an A/B)");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e) == 0 ? 0 : 2;
    }
    std::smatch m;
    static const std::regex pattern(R"(^([0-9]{2,5})x([0-9]{2,5})$)");
    if (!std::regex_match(size, m, pattern)) {
        std::fprintf(stderr, "twinshoot-editor: --size '%s': expected WxH, e.g. 1280x720\n", size.c_str());
        return 2;
    }
    options.window.width = uint32_t(std::stoul(m[1]));
    options.window.height = uint32_t(std::stoul(m[2]));
    if (!shoot.empty()) options.shoot = shoot;
    for (const auto& l : libraries) options.libraries.emplace_back(l);
    if (!poses.empty()) options.poses = poses;
    options.trust = trust;
    if (!ledger.empty()) options.ledger = ledger;
    if (!screenshot.empty()) options.screenshot = screenshot;
    if (!widget_map.empty()) options.widget_map = widget_map;
    if (!state_out.empty()) options.state_out = state_out;
    if (device >= 0) options.window.device_index = uint32_t(device);
    options.window.vsync = !no_vsync;
    options.prefetch = !no_prefetch;
    options.interactive_coarse = interactive_detail == "coarse";
    if (const char* v = std::getenv("TWINSHOOT_VALIDATION"); v && std::string(v) == "1") options.window.validation = true;
    if (!options.shoot && options.libraries.empty()) {
        std::fprintf(stderr, "twinshoot-editor: give a shoot file or --library FOLDER (twins/ and garments/)\n");
        return 2;
    }

    auto app = editor::EditorApp::create(options, since_launch);
    if (!app) {
        std::fprintf(stderr, "twinshoot-editor: %s\n", app.error().message.c_str());
        const auto code = app.error().code;
        return code == ErrorCode::Vulkan || code == ErrorCode::NoDevice || code == ErrorCode::Unsupported ? 1 : 2;
    }
    auto rc = (*app)->run();
    if (!rc) {
        std::fprintf(stderr, "twinshoot-editor: %s\n", rc.error().message.c_str());
        return 1;
    }
    return *rc;
}
