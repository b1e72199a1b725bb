// `twinshoot garment import`: a garment draped in another tool becomes a package any twin can wear.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "commands.h"
#include "exit_codes.h"
#include "studio/garment_import.h"

namespace twinshoot::cli {

int run_garment_import(const GarmentImportCliOptions& o) {
    studio::GarmentImportOptions options;
    options.mesh = o.mesh;
    options.out_dir = o.out_dir;
    options.id = o.id;
    options.name = o.name;
    options.category = o.category;
    options.draped_on = o.draped_on;
    options.units = o.units;
    options.layer = o.layer;
    options.use_mhclo = !o.ignore_mhclo;
    for (const std::string& c : o.colourways) {
        const size_t eq = c.find('=');
        if (eq == std::string::npos)
            return fail(make_error(ErrorCode::Invalid, "--colourway " + c + ": expected NAME=#RRGGBB"));
        options.colourways.emplace_back(c.substr(0, eq), c.substr(eq + 1));
    }
    auto report = studio::import_garment(options);
    if (!report) return fail(report.error());
    const auto& r = *report;
    if (o.json) {
        const nlohmann::ordered_json j = {{"package", o.out_dir.string()},
                                          {"draped_on", r.draped_on},
                                          {"body_auto_rigged", r.body_auto_rigged},
                                          {"units", r.units},
                                          {"units_guessed", r.units_guessed},
                                          {"scale", r.scale},
                                          {"near_share", std::round(r.near_share * 1000.0) / 1000.0},
                                          {"inside_share", std::round(r.inside_share * 1000.0) / 1000.0},
                                          {"median_distance_m", std::round(r.median_distance_m * 10000.0) / 10000.0},
                                          {"vertices", r.vertices},
                                          {"triangles", r.triangles},
                                          {"degenerate_dropped", r.degenerate_dropped},
                                          {"mhclo", r.mhclo.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.mhclo)},
                                          {"mhclo_moved_median_m", std::round(r.mhclo_moved_median * 10000.0) / 10000.0},
                                          {"mhclo_not_applied", r.mhclo_not_applied.empty() ? nlohmann::ordered_json()
                                                                                           : nlohmann::ordered_json(r.mhclo_not_applied)}};
        std::printf("%s\n", j.dump(2).c_str());
        return kExitOk;
    }
    std::printf("%s: %zu triangles in %s (scale %g to metres%s)%s\n", o.mesh.c_str(), r.triangles, r.units.c_str(), r.scale,
                r.units_guessed ? ", guessed: the body's own units did not line up" : "",
                r.degenerate_dropped ? (", " + std::to_string(r.degenerate_dropped) + " degenerate triangles dropped").c_str() : "");
    if (!r.mhclo_not_applied.empty()) std::fprintf(stderr, "twinshoot: note: %s\n", r.mhclo_not_applied.c_str());
    if (!r.mhclo.empty())
        std::printf("fitted to the base mesh by %s (MakeHuman's own fitting): vertices moved %.1f cm (median)\n", r.mhclo.c_str(),
                    100.0 * r.mhclo_moved_median);
    std::printf("lines up with %s%s: %.0f%% of its vertices within 10 cm of the body, %.1f%% inside, median %.1f cm\n",
                r.draped_on.c_str(), r.body_auto_rigged ? " (auto-rigged)" : "", 100.0 * r.near_share, 100.0 * r.inside_share,
                100.0 * r.median_distance_m);
    std::printf("wrote %s: mesh.glb, body.glb (the draping body, for transfer to any twin), garment.json\n", o.out_dir.c_str());
    return kExitOk;
}

}  // namespace twinshoot::cli
