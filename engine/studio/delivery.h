// Delivering one licensed shot: the only way a twin's image reaches a file. Shared by `twinshoot
// shoot` (studio/shoot_run.h) and `twinshoot render --twin`.
//
// deliver_shot decides the shot again with the licence's use count from the ledger, renders it
// (studio::ShotRenderer: the disclosure label is drawn in where the licence asks), hashes the
// pixels, and then, in one ledger transaction: counts the uses again and re-decides, computes the
// row and its hash, writes "<final>.partial" (the PNG with its XMP provenance naming that row hash,
// fsynced) and commits the row. Finally it renames "<final>.partial" to `final_path`.
// A refusal is a result (delivered = false, with the violations), not an error: nothing is written
// and nothing recorded. Errors are failures of the environment or the files; they record nothing
// unless the row was committed, in which case "<final>.partial" holds its image (docs/shoots.md).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "consent/ledger.h"
#include "consent/policy.h"
#include "studio/shot_renderer.h"
#include "studio/twin_shot.h"

namespace twinshoot::studio {

struct DeliveryContext {
    std::string shoot;          // shoot name ("render" for a single render)
    std::string run_id;
    std::string shot_id;
    std::string creator_tool;   // "TwinShoot 0.1.0"
    std::string renderer;       // "TwinShoot 0.1.0 on <device>"
    std::function<void()> after_commit;  // test hook: runs between the commit and the rename
};

struct DeliveryResult {
    bool delivered = false;
    std::vector<consent::Violation> violations;  // when refused
    std::optional<consent::LedgerRow> row;
    std::optional<std::string> disclosure;
    size_t triangles = 0;
    // Where the time went, in order: "decide" (use count from the ledger and the evaluation), the
    // renderer's stages (RenderedShot::times), "hash" (the pixels: its own time, on a worker beside
    // the encoding), "encode" (PNG, until the hash is done too), "record" (the
    // ledger transaction with the re-decision and the fsynced partial file) and "deliver" (the rename).
    StageTimes times;
};

Result<DeliveryResult> deliver_shot(TwinShot& shot, const consent::TrustStore& trust, consent::Ledger& ledger,
                                    view::OffscreenRenderer& renderer, view::RenderSize size,
                                    const DeliveryContext& context, const std::filesystem::path& final_path);

// "<final>.partial": where an image waits between its ledger commit and its final name.
std::filesystem::path partial_path_of(const std::filesystem::path& final_path);

// A fresh random run id (32 hex digits).
std::string new_run_id();

}  // namespace twinshoot::studio
