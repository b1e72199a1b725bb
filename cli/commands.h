// The twinshoot sub-commands. Each returns an ExitCode and prints its own errors, one line each,
// as "twinshoot: error: <file>: <reason>".
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace twinshoot::cli {

struct CommonOptions {
    std::optional<uint32_t> device;
    bool validation = false;
    bool quiet = false;
};

struct RenderOptions {
    std::filesystem::path model;         // a model file, or empty when `twin` is set
    std::filesystem::path twin;          // a twin package folder
    std::filesystem::path output;
    std::string size = "1080x1350";
    std::vector<std::string> garments;   // garment package folders, each optionally ":COLOURWAY"
    std::string pose;                    // a pose file (.json) or a pose name in `poses`
    std::filesystem::path poses = "assets/poses";
};

int run_render(const RenderOptions& options, const CommonOptions& common);
int run_demo(const std::filesystem::path& out_dir, const std::string& size, const std::filesystem::path& poses,
             const CommonOptions& common);
int run_devices(const CommonOptions& common);
int run_generate_demo_assets(const std::filesystem::path& out_dir);
// twinshoot fit: per garment, the share of vertices inside the body before and after resolution.
int run_fit(const RenderOptions& options, bool json);

}  // namespace twinshoot::cli
