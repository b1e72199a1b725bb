// twinshoot: the command-line client of the TwinShoot engine.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "commands.h"
#include "core/version.h"
#include "exit_codes.h"
#include "scene/shot_camera.h"

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
        if (gpu)
            command->add_option("--msaa", common.msaa, "anti-aliasing samples per pixel: 1, 2, 4 (default) or 8")
                ->check(CLI::IsMember({1, 2, 4, 8}));
        if (gpu)
            command->add_option("--supersample", common.supersample,
                                "draw N times wider and taller and filter down, on top of MSAA: 1 (default) to 4")
                ->check(CLI::Range(1, 4));
        if (gpu) {
            command->add_option("--lights", common.lights,
                                "light rig: studio-soft (default), high-key, low-key, rim, outdoor-sun");
            command->add_option("--env", common.environment,
                                "image-based lighting: an equirectangular .hdr, or `studio` (the generated studio)");
            command->add_option("--ev100", common.ev100, "exposure value at ISO 100 (default: the rig's)");
            command->add_option("--tone-map", common.tone_mapping, "pbr-neutral (default) or aces");
        }
    };

    RenderOptions render;
    auto* render_cmd = app.add_subcommand("render", "render a model file, or one licensed twin shot (recorded in the ledger), to a PNG");
    render_cmd->add_option("MODEL", render.model, "model file (or use --twin)");
    render_cmd->add_option("--twin", render.twin, "a twin package folder (twin.json)");
    render_cmd->add_option("-o,--output", render.output, "output PNG path")->required();
    render_cmd->add_option("--size", render.size, "image size WIDTHxHEIGHT (default 1080x1350)");
    render_cmd->add_option("--pose", render.pose, "pose a rigged humanoid: a pose file (.json), a name in --poses, or clip:NAME@SECONDS");
    render_cmd->add_option("--poses", render.poses, "pose library folder (default assets/poses)");
    render_cmd->add_option("--garment", render.garments, "garment package folder[:COLOURWAY] (repeatable; needs --twin)");
    auto add_request = [](CLI::App* command, RequestOptions& r) {
        command->add_option("--brand", r.brand, "the brand the image is for (a licensee)");
        command->add_option("--use", r.use, "ecommerce, social, print, ooh, video or internal-preview (default)");
        command->add_option("--territory", r.territories, "ISO 3166-1 alpha-2, EU or WORLD (repeatable)");
        command->add_option("--date", r.date, "date of use YYYY-MM-DD (default today, UTC)");
        command->add_option("--trust", r.trust, "trust store folder (default $TWINSHOOT_TRUST or ~/.config/twinshoot/trust)");
        command->add_option("--licence", r.licence, "evaluate this licence file instead of the twin's own");
        command->add_option("--ledger", r.ledger, "usage ledger (default ~/.local/share/twinshoot/ledger.sqlite)");
    };
    add_request(render_cmd, render.request);
    render_cmd->add_option("--background", render.background,
                           "with --twin: #RRGGBB, transparent, environment, or \"cyclorama [#FLOOR [#TOP]]\"");
    render_cmd->add_option("--seat", render.seat,
                           "what a seated pose sits on: stool (default), \"stool #RRGGBB\", or none (not drawn)");
    render_cmd->add_option("--framing", render.framing, "with --twin: full-body (default), three-quarter, waist-up, close-up");
    render_cmd->add_option("--yaw", render.yaw, "camera turned round the figure (a twin or a model), degrees, positive to its left")
        ->check(CLI::Range(-twinshoot::scene::kMaxYawDegrees, twinshoot::scene::kMaxYawDegrees));
    render_cmd->add_option("--pitch", render.pitch, "camera raised (+) or lowered (a twin or a model), degrees")
        ->check(CLI::Range(-twinshoot::scene::kMaxPitchDegrees, twinshoot::scene::kMaxPitchDegrees));
    render_cmd->add_option("--focal-length", render.focal_length_mm, "with --twin: lens, mm on full frame (default 85)")
        ->check(CLI::Range(twinshoot::scene::kMinFocalLengthMm, twinshoot::scene::kMaxFocalLengthMm));

    RenderOptions check;
    auto* check_cmd = app.add_subcommand("check", "the licence decision for a twin shot, with every reason (exit 0 granted, 3 refused)");
    check_cmd->add_option("--twin", check.twin, "twin package folder")->required();
    check_cmd->add_option("--garment", check.garments, "garment package folder[:COLOURWAY] (repeatable)");
    check_cmd->add_option("--pose", check.pose, "pose file, name in --poses, or clip:NAME@SECONDS (default: rest pose)");
    check_cmd->add_option("--poses", check.poses, "pose library folder (default assets/poses)");
    add_request(check_cmd, check.request);

    LicenceOptions licence;
    auto* licence_cmd = app.add_subcommand("licence", "owners' keys, signed licences and revocations");
    licence_cmd->require_subcommand(1);
    auto* keygen_cmd = licence_cmd->add_subcommand("keygen", "make an Ed25519 key pair: OUT_PREFIX.secret and OUT_PREFIX.pub");
    keygen_cmd->add_option("OUT_PREFIX", licence.target, "path prefix of the two key files")->required();
    keygen_cmd->add_option("--owner", licence.owner, "owner id the key speaks for (lower-case [a-z0-9-])")->required();
    auto* sign_cmd = licence_cmd->add_subcommand("sign", "sign a licence (in place, or to -o) with an owner's secret key");
    sign_cmd->add_option("LICENCE", licence.target, "licence file")->required()->check(CLI::ExistingFile);
    sign_cmd->add_option("--key", licence.key, "the owner's .secret key file")->required();
    sign_cmd->add_option("-o,--output", licence.output, "write the signed licence here");
    auto* verify_cmd = licence_cmd->add_subcommand("verify", "check a licence's signature, trust, revocations and period");
    verify_cmd->add_option("LICENCE", licence.target, "licence file")->required();
    verify_cmd->add_option("--trust", licence.trust, "trust store folder");
    verify_cmd->add_option("--date", licence.date, "check as of this date (default today)");
    auto* show_cmd = licence_cmd->add_subcommand("show", "a licence in plain words");
    show_cmd->add_option("LICENCE", licence.target, "licence file")->required();
    auto* revoke_cmd = licence_cmd->add_subcommand("revoke", "revoke a licence or a key in the owner's signed revocation list");
    revoke_cmd->add_option("--key", licence.key, "the owner's .secret key file (signs the list)")->required();
    revoke_cmd->add_option("--trust", licence.trust, "trust store folder holding revocations/");
    revoke_cmd->add_option("--licence", licence.revoke_licence, "licence id to revoke");
    revoke_cmd->add_option("--key-id", licence.revoke_key, "key id to revoke (ed25519:...)");
    revoke_cmd->add_option("--reason", licence.reason, "why (recorded in the list)");
    revoke_cmd->add_option("--date", licence.date, "effective from (default today)");

    RenderOptions fit;
    bool fit_json = false, fit_settle = false;
    std::string fit_settle_on = "cpu";
    TwinImportCliOptions twin_import;
    auto* twin_cmd = app.add_subcommand("twin", "onboard twins");
    twin_cmd->require_subcommand(1);
    auto* twin_import_cmd = twin_cmd->add_subcommand("import", "make a twin package from a body scan (auto-rigged) or a rigged model");
    twin_import_cmd->add_option("SCAN", twin_import.scan, "the scan or model: .obj, .ply, .glb, .gltf, .fbx")->required();
    twin_import_cmd->add_option("-o,--output", twin_import.out_dir, "package folder to create (must not exist, or be empty)")->required();
    twin_import_cmd->add_option("--id", twin_import.id, "twin id, lower-case [a-z0-9-]")->required();
    twin_import_cmd->add_option("--name", twin_import.name, "display name (default: the id)");
    twin_import_cmd->add_option("--owner", twin_import.owner, "the model's owner id for the licence template (default: the id)");
    twin_import_cmd->add_option("--units", twin_import.units, "file units: auto (default: from a human height), m, cm, mm, dm, in");
    twin_import_cmd->add_option("--up", twin_import.up, "file up axis: auto (default: from the shape), y, z");
    twin_import_cmd->add_flag("--json", twin_import.json, "machine-readable report");
    add_common(twin_import_cmd, false);

    GarmentImportCliOptions garment_import;
    auto* garment_cmd = app.add_subcommand("garment", "onboard garments");
    garment_cmd->require_subcommand(1);
    auto* garment_import_cmd =
        garment_cmd->add_subcommand("import", "make a garment package from a mesh draped on a twin or a body mesh");
    garment_import_cmd->add_option("MESH", garment_import.mesh, "the draped garment: .obj, .ply, .glb, .gltf, .fbx")->required();
    garment_import_cmd->add_option("-o,--output", garment_import.out_dir, "package folder to create (must not exist, or be empty)")->required();
    garment_import_cmd->add_option("--id", garment_import.id, "garment id, lower-case [a-z0-9-]")->required();
    garment_import_cmd->add_option("--name", garment_import.name, "display name (default: the id)");
    garment_import_cmd->add_option("--category", garment_import.category, "dress, top, trousers, ... (the licence's categories)")->required();
    garment_import_cmd->add_option("--draped-on", garment_import.draped_on, "the twin package folder or body mesh it was draped on")->required();
    garment_import_cmd->add_option("--units", garment_import.units, "garment file units: auto (default), m, cm, mm, dm, in");
    garment_import_cmd->add_option("--layer", garment_import.layer, "0 = next to the skin ... 9 (default 1)");
    garment_import_cmd->add_option("--colourway", garment_import.colourways, "NAME=#RRGGBB (repeatable; the first is the default)");
    garment_import_cmd->add_flag("--ignore-mhclo", garment_import.ignore_mhclo,
                                 "keep a MakeHuman garment where its OBJ puts it, not where its .mhclo fits it on the base mesh");
    garment_import_cmd->add_flag("--json", garment_import.json, "machine-readable report");

    std::filesystem::path skeleton_model;
    bool skeleton_json = false;
    auto* skeleton_cmd = app.add_subcommand("skeleton", "a rigged model's canonical joints (metres, +Y up, facing +Z, feet on y = 0)");
    skeleton_cmd->add_option("MODEL", skeleton_model, "rigged model file")->required();
    skeleton_cmd->add_flag("--json", skeleton_json, "{\"height_m\": ..., \"joints\": {\"hips\": [x, y, z], ...}}");

    auto* fit_cmd = app.add_subcommand("fit", "fit garments to a posed twin and report body penetration");
    fit_cmd->add_option("--twin", fit.twin, "twin package folder")->required();
    fit_cmd->add_option("--garment", fit.garments, "garment package folder[:COLOURWAY] (repeatable)")->required();
    fit_cmd->add_option("--pose", fit.pose, "pose file, name in --poses, or clip:NAME@SECONDS");
    fit_cmd->add_option("--poses", fit.poses, "pose library folder (default assets/poses)");
    fit_cmd->add_flag("--json", fit_json, "machine-readable report");
    fit_cmd->add_flag("--settle", fit_settle,
                      "settle every garment as cloth, fitted ones too (experimental; dresses, skirts and coats always "
                      "settle: docs/garments.md)");
    fit_cmd->add_option("--settle-on", fit_settle_on, "where the cloth settles: cpu (default) or gpu (Vulkan compute, "
                                                      "the device --device picks)")
        ->check(CLI::IsMember({"cpu", "gpu"}));
    fit_cmd->add_option("--device", common.device, "Vulkan device index for --settle-on gpu (see `twinshoot devices`)");
    add_common(render_cmd, true);

    ShootOptions shoot;
    auto* shoot_cmd = app.add_subcommand("shoot", "render a shoot file: licence-checked, recorded in the ledger, with provenance");
    shoot_cmd->add_option("FILE", shoot.file, "shoot file (JSON; docs/shoots.md)")->required();
    shoot_cmd->add_option("-o,--output", shoot.out_dir, "output folder (one PNG per shot, report.json, contact-sheet.png)")->required();
    shoot_cmd->add_flag("--dry-run", shoot.dry_run, "decide every shot and print the table; render and record nothing");
    shoot_cmd->add_flag("--resume", shoot.resume, "finish an interrupted run in the output folder");
    shoot_cmd->add_option("--ledger", shoot.ledger, "usage ledger (default ~/.local/share/twinshoot/ledger.sqlite)");
    shoot_cmd->add_flag("--json", shoot.json, "print the machine-readable report on stdout");
    shoot_cmd->add_option("--shard", shoot.shard, "render shard K of N (shots i with i mod N = K-1)");
    shoot_cmd->add_option("--library", shoot.libraries, "folder holding twins/ and garments/ (repeatable; searched first)");
    shoot_cmd->add_option("--poses", shoot.poses, "pose library folder (overrides the shoot file's)");
    shoot_cmd->add_option("--date", shoot.date, "date of use YYYY-MM-DD (overrides the shoot file's)");
    shoot_cmd->add_option("--trust", shoot.trust, "trust store folder (default $TWINSHOOT_TRUST or ~/.config/twinshoot/trust)");
    shoot_cmd->add_flag("--slurm", shoot.slurm, "render on a Slurm cluster as one job array of shards (docs/farm.md)");
    shoot_cmd->add_option("--shards", shoot.shards, "with --slurm: how many shards (array tasks) for a new farm (default 4)")
        ->check(CLI::Range(1, 9999));
    shoot_cmd->add_option("--partition", shoot.partition, "with --slurm: the Slurm partition");
    shoot_cmd->add_option("--sbatch-arg", shoot.sbatch_args, "with --slurm: one more sbatch argument (repeatable)")
        ->allow_extra_args(false);
    shoot_cmd->add_flag("--no-wait", shoot.no_wait, "with --slurm: return once the array is submitted");
    shoot_cmd->add_option("--farm-task", shoot.farm_task, "run as task K of the farm in the output folder (job.sh uses it)")
        ->check(CLI::Range(1, 9999))
        ->group("");
    add_common(shoot_cmd, true);

    LedgerOptions ledger;
    auto* ledger_cmd = app.add_subcommand("ledger", "the usage ledger: verify its hash chain, royalty statements");
    ledger_cmd->require_subcommand(1);
    auto* ledger_verify_cmd = ledger_cmd->add_subcommand("verify", "recompute the hash chain; name the first bad row");
    ledger_verify_cmd->add_option("--ledger", ledger.ledger, "ledger file (default ~/.local/share/twinshoot/ledger.sqlite)");
    auto* ledger_report_cmd = ledger_cmd->add_subcommand("report", "royalty statement: uses per brand and use, fees, totals");
    ledger_report_cmd->add_option("--ledger", ledger.ledger, "ledger file");
    ledger_report_cmd->add_option("--twin", ledger.twin, "twin id")->required();
    ledger_report_cmd->add_option("--from", ledger.from, "first day YYYY-MM-DD (inclusive)");
    ledger_report_cmd->add_option("--to", ledger.to, "last day YYYY-MM-DD (inclusive)");
    ledger_report_cmd->add_option("--format", ledger.format, "csv (default) or json");
    auto* ledger_merge_cmd = ledger_cmd->add_subcommand("merge", "fold a farm's shard ledgers into the ledger (one hash chain)");
    ledger_merge_cmd->add_option("SHARD", ledger.shards, "shard ledgers (OUT/farm/shard-K/ledger.sqlite)")->required();
    ledger_merge_cmd->add_option("--ledger", ledger.ledger, "ledger file (default ~/.local/share/twinshoot/ledger.sqlite)");
    ledger_merge_cmd->add_flag("--json", ledger.json, "print what was merged as JSON");
    auto* inspect_cmd = app.add_subcommand("inspect", "print an image's provenance and check it against the ledger");
    inspect_cmd->add_option("IMAGE", ledger.image, "a PNG delivered by twinshoot shoot")->required();
    inspect_cmd->add_option("--ledger", ledger.ledger, "ledger file");

    std::string generate_out;
    auto* generate_cmd = app.add_subcommand("generate-demo-assets", "write the generated demo twin packages");
    generate_cmd->add_option("-o,--output", generate_out, "output folder (twins/ is written inside)")->required();
    std::string generate_source = "assets";
    generate_cmd->add_option("--source", generate_source, "the project's assets/ (licence templates, demo key)");

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
        if (shoot_cmd->parsed()) return run_shoot(shoot, common);
        if (ledger_verify_cmd->parsed()) return run_ledger_verify(ledger);
        if (ledger_report_cmd->parsed()) return run_ledger_report(ledger);
        if (ledger_merge_cmd->parsed()) return run_ledger_merge(ledger);
        if (inspect_cmd->parsed()) return run_inspect(ledger);
        if (generate_cmd->parsed()) return run_generate_demo_assets(generate_out, generate_source);
        if (check_cmd->parsed()) return run_check(check);
        if (keygen_cmd->parsed()) return run_licence_keygen(licence);
        if (sign_cmd->parsed()) return run_licence_sign(licence);
        if (verify_cmd->parsed()) return run_licence_verify(licence);
        if (show_cmd->parsed()) return run_licence_show(licence);
        if (revoke_cmd->parsed()) return run_licence_revoke(licence);
        if (fit_cmd->parsed()) return run_fit(fit, fit_json, fit_settle, fit_settle_on == "gpu", common.device);
        if (garment_import_cmd->parsed()) return run_garment_import(garment_import);
        if (twin_import_cmd->parsed()) return run_twin_import(twin_import);
        if (skeleton_cmd->parsed()) return run_skeleton(skeleton_model, skeleton_json);
        if (devices_cmd->parsed()) return run_devices(common);
    } catch (const std::exception& e) {  // last line of defence: never abort on user data
        std::fprintf(stderr, "twinshoot: error: internal: %s\n", e.what());
        return kExitEnvironment;
    }
    return kExitBadInput;
}
