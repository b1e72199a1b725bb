#include "studio/delivery.h"

#include <future>
#include <random>

#include "core/stopwatch.h"
#include "asset/png_chunks.h"
#include "asset/png_writer.h"
#include "consent/provenance.h"
#include "core/file_io.h"

namespace twinshoot::studio {
namespace fs = std::filesystem;

fs::path partial_path_of(const fs::path& final_path) { return fs::path(final_path.string() + ".partial"); }

std::string new_run_id() {
    std::random_device random;
    std::string id;
    const char* digits = "0123456789abcdef";
    for (int i = 0; i < 32; ++i) id += digits[random() & 15u];
    return id;
}

Result<DeliveryResult> deliver_shot(TwinShot& shot, const consent::TrustStore& trust, consent::Ledger& ledger,
                                    view::OffscreenRenderer& renderer, view::RenderSize size,
                                    const DeliveryContext& context, const fs::path& final_path) {
    DeliveryResult result;
    Stopwatch timer;
    const auto stage_done = [&](const char* stage) {
        result.times.add(stage, timer.ms());
        timer.restart();
    };
    const consent::PolicyEvaluator evaluator(trust);
    TS_TRY_ASSIGN(shot.request().uses_made, ledger.uses(shot.licence_id()));
    const consent::Decision decision = evaluator.evaluate(shot.licence(), shot.request());
    if (!decision.granted()) {
        result.violations = decision.violations();
        return result;
    }
    const consent::Grant& grant = decision.grant();
    stage_done("decide");
    ShotRenderer shot_renderer(renderer);
    TS_TRY_ASSIGN(RenderedShot rendered, shot_renderer.render(grant, shot, size));
    result.times.add(rendered.times);
    timer.restart();
    // The pixels' hash (what the ledger binds to) on a worker while this thread encodes the PNG:
    // both only read the image. "encode" is then the time until both are done.
    double hash_ms = 0.0;
    std::future<Sha256> hashing = std::async(std::launch::async, [&image = rendered.image, &hash_ms] {
        Stopwatch own;
        const Sha256 sha = consent::image_pixels_sha256(image.width, image.height, image.pixels);
        hash_ms = own.ms();
        return sha;
    });
    auto encoded = asset::encode_png(rendered.image);
    const Sha256 pixels = hashing.get();
    result.times.add("hash", hash_ms);  // its own time, beside the encoding
    if (!encoded) return encoded.error();
    std::vector<uint8_t> png = std::move(*encoded);
    stage_done("encode");

    consent::Delivery d;
    d.time = consent::utc_timestamp_now();
    d.twin_id = shot.twin().id;
    d.licence_id = grant.licence_id();
    d.licence_hash = grant.licence_hash();
    d.brand = shot.request().brand;
    d.use = consent::use_name(shot.request().use);
    d.territories = shot.request().territories;
    d.shoot = context.shoot;
    d.run_id = context.run_id;
    d.shot_id = context.shot_id;
    for (const GarmentChoice& g : shot.garments()) d.garments.push_back(g.package->id + ":" + g.colourway.name);
    d.pose = shot.staging().pose_name;
    d.image_sha256 = pixels;
    d.fee = grant.fee();
    d.renderer = context.renderer;

    const fs::path partial = partial_path_of(final_path);
    std::vector<consent::Violation> refused_now;
    auto recheck = [&](int64_t uses) -> Status {
        shot.request().uses_made = uses;
        const consent::Decision again = evaluator.evaluate(shot.licence(), shot.request());
        if (again.granted()) return {};
        refused_now = again.violations();
        return make_error(ErrorCode::Refused, context.shot_id + ": " + again.summary());
    };
    auto write_partial = [&](const consent::LedgerRow& row) -> Status {
        consent::Provenance p;
        p.creator_tool = context.creator_tool;
        p.create_date = d.time;
        p.twin_id = d.twin_id;
        p.licence_id = d.licence_id;
        p.licence_sha256 = d.licence_hash;
        p.brand = d.brand;
        p.use = d.use;
        p.territories = d.territories;
        p.shoot = d.shoot;
        p.shot_id = d.shot_id;
        p.image_sha256 = pixels;
        p.ledger_row_hash = row.row_hash;
        p.disclosure = grant.disclosure_label();
        TS_TRY_ASSIGN(std::vector<uint8_t> labelled,
                      asset::insert_itxt(png, consent::kXmpKeyword, consent::make_xmp(p), partial.string()));
        return write_file_atomic(partial, labelled);
    };
    auto row = ledger.append(d, recheck, write_partial);
    if (!row) {
        std::error_code ec;
        fs::remove(partial, ec);
        if (row.error().code == ErrorCode::Refused && !refused_now.empty()) {
            result.violations = std::move(refused_now);
            return result;
        }
        return row.error();
    }
    stage_done("record");
    if (context.after_commit) context.after_commit();
    TS_TRY(rename_durably(partial, final_path));
    stage_done("deliver");
    result.delivered = true;
    result.row = *row;
    result.disclosure = grant.disclosure_label();
    result.triangles = rendered.triangles;
    return result;
}

}  // namespace twinshoot::studio
