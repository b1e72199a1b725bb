// What the twinshoot sub-commands share: error reporting and exit codes, opening the GPU, parsing
// sizes and licence-request options, the trust store location, and rendering a bare (non-twin) model.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "consent/policy.h"
#include "core/file_io.h"
#include "studio/look.h"
#include "studio/staging.h"
#include "studio/twin_shot.h"
#include "view/gpu_context.h"

namespace twinshoot::cli {

// Prints "twinshoot: error: <message>" and returns the exit code for the error's kind.
int fail(const Error& error);

// Opens the GPU and says on stderr which device renders (unless quiet).
Result<std::unique_ptr<view::GpuContext>> open_gpu(const CommonOptions& common);

// "WIDTHxHEIGHT", each side 16..8192.
Result<view::RenderSize> parse_size(const std::string& text);

// --trust, else $TWINSHOOT_TRUST, else ${XDG_CONFIG_HOME:-~/.config}/twinshoot/trust.
std::filesystem::path trust_folder(const std::filesystem::path& option);

// Fills the licence-request half of a shot spec (brand, use, territories, date) from options.
Status apply_request_options(const RequestOptions& options, studio::ShotSpec& spec);

// --ledger, else consent::Ledger::default_path().
std::filesystem::path ledger_path_of(const RequestOptions& options);
// Sets the shot's uses so far from the ledger at `path`, if it exists (reading never creates one).
Status count_uses(const std::filesystem::path& path, studio::TwinShot& shot);

// Prints a decision (stdout) with its reasons; returns kExitOk when granted, kExitRefused otherwise.
int report_decision(const consent::Decision& decision, const studio::TwinShot& shot);

// Renders a bare model (not a twin: the renderer refuses twins' avatars) framed by its posed bounds,
// on the seat its pose implies shown as `seat` says (studio::add_seat), encodes a PNG and commits
// `output`.
Status render_to(view::GpuContext& gpu, const asset::Model& model, view::RenderSize size, AtomicFile& output,
                 const scene::Lighting& lighting, const studio::Staging& staging = {}, const scene::SeatProp& seat = {});

// The look given by --lights / --env / --ev100 / --tone-map over `base`, validated (errors name the
// option or the environment file).
Result<studio::Look> look_from_options(const CommonOptions& common, studio::Look base = {});
// The same without validation (for many shots after one look_from_options).
studio::Look overlay_look(const CommonOptions& common, studio::Look base);

// Encodes and commits an image.
Status write_png(const asset::ImageRgba8& image, AtomicFile& output);

}  // namespace twinshoot::cli
