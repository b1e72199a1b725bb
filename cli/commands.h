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
    uint32_t msaa = 4;  // samples per pixel: 1, 2, 4 or 8 (clamped to what the device supports)
    uint32_t supersample = 1;  // draw N times larger and filter down (1..4)
    // The look (studio/look.h): set on the command line, these override the shoot file's.
    std::string lights;
    std::string environment;
    std::string tone_mapping;
    std::optional<float> ev100;
};

// What a licence decides on, from the command line (render --twin, check).
struct RequestOptions {
    std::string brand;
    std::string use = "internal-preview";
    std::vector<std::string> territories;
    std::string date;                  // YYYY-MM-DD; empty = today (UTC)
    std::filesystem::path trust;       // trust store folder; empty = the default (cli_support.h)
    std::filesystem::path licence;     // overrides the twin package's licence file
    std::filesystem::path ledger;      // usage ledger; empty = consent::Ledger::default_path()
};

struct RenderOptions {
    std::filesystem::path model;         // a model file, or empty when `twin` is set
    std::filesystem::path twin;          // a twin package folder
    std::filesystem::path output;
    std::string size = "1080x1350";
    std::vector<std::string> garments;   // garment package folders, each optionally ":COLOURWAY"
    std::string pose;                    // a pose file (.json) or a pose name in `poses`
    std::filesystem::path poses = "assets/poses";
    RequestOptions request;              // for --twin
    // How a --twin shot looks, as shoot files name it (studio/shoot_file.h).
    std::string background;              // empty: the default flat grey
    std::string seat = "stool";          // a seated pose's seat (twins and models alike)
    std::string framing = "full-body";
    float yaw = 0.0f, pitch = 0.0f, focal_length_mm = 85.0f;
};

int run_render(const RenderOptions& options, const CommonOptions& common);
int run_devices(const CommonOptions& common);
// Writes the demo twins and garments into out_dir; each twin's licences are made from the templates
// in source/licences and signed with the DEMO key in source/keys.
int run_generate_demo_assets(const std::filesystem::path& out_dir, const std::filesystem::path& source);
// twinshoot check: the licence decision for a shot, with every reason (exit 0 granted, 3 refused);
// the licence's uses so far come from the ledger.
int run_check(const RenderOptions& options);

struct LicenceOptions {
    std::filesystem::path target;      // keygen: OUT_PREFIX; sign/verify/show: LICENCE
    std::filesystem::path key;         // secret key file (sign, revoke)
    std::filesystem::path trust;
    std::string owner;                 // keygen
    std::string revoke_licence, revoke_key, reason, date;
    std::filesystem::path output;      // sign: write here instead of in place
};
int run_licence_keygen(const LicenceOptions& options);
int run_licence_sign(const LicenceOptions& options);
int run_licence_verify(const LicenceOptions& options);
int run_licence_show(const LicenceOptions& options);
int run_licence_revoke(const LicenceOptions& options);
struct ShootOptions {
    std::filesystem::path file;
    std::filesystem::path out_dir;
    bool dry_run = false;
    bool resume = false;
    bool json = false;
    std::string shard;                              // "K/N"; empty = the whole shoot
    std::filesystem::path ledger;                   // empty = consent::Ledger::default_path()
    std::filesystem::path trust;
    std::vector<std::filesystem::path> libraries;   // searched before the shoot file's own
    std::filesystem::path poses;                    // overrides the shoot file's
    std::string date;                               // overrides the shoot file's
    // Farms (docs/farm.md)
    bool slurm = false;
    uint32_t shards = 0;                            // 0: farm::FarmOptions' default
    std::string partition;
    std::vector<std::string> sbatch_args;
    bool no_wait = false;
    uint32_t farm_task = 0;                         // K: run as task K of the farm in out_dir
};
int run_shoot(const ShootOptions& options, const CommonOptions& common);

struct LedgerOptions {
    std::filesystem::path ledger;  // empty = the default
    std::string twin;
    std::string from, to;          // YYYY-MM-DD, inclusive
    std::string format = "csv";    // csv or json
    std::filesystem::path image;   // inspect
    std::vector<std::filesystem::path> shards;  // merge
    bool json = false;
};
int run_ledger_verify(const LedgerOptions& options);
int run_ledger_report(const LedgerOptions& options);
// twinshoot ledger merge: a farm's shard ledgers folded into the ledger (farm/ledger_merge.h).
int run_ledger_merge(const LedgerOptions& options);
// twinshoot inspect: an image's provenance, checked against its pixels and the ledger.
int run_inspect(const LedgerOptions& options);

// twinshoot fit: per garment, the share of vertices inside the body before and after resolution.
// `settle_on_gpu`: garments settle on the Vulkan device `device` (view/gpu_cloth.h).
int run_fit(const RenderOptions& options, bool json, bool settle, bool settle_on_gpu, std::optional<uint32_t> device);

// twinshoot twin import: a scan (or a rigged model) becomes a twin package (studio/twin_import.h).
struct TwinImportCliOptions {
    std::filesystem::path scan;
    std::filesystem::path out_dir;
    std::string id, name, owner;
    std::string units = "auto";  // auto, m, dm, cm, mm, in
    std::string up = "auto";     // auto, y, z
    bool json = false;
};
int run_twin_import(const TwinImportCliOptions& options);
struct GarmentImportCliOptions {
    std::filesystem::path mesh, out_dir, draped_on;
    std::string id, name, category;
    std::string units = "auto";
    int layer = 1;
    std::vector<std::string> colourways;  // NAME=#RRGGBB
    bool ignore_mhclo = false;
    bool json = false;
};
int run_garment_import(const GarmentImportCliOptions& options);
// twinshoot skeleton: a rigged model's canonical joints (metres, normalised frame) and height.
int run_skeleton(const std::filesystem::path& model, bool json);

}  // namespace twinshoot::cli
