#include "asset/model_loader.h"

#include "asset/importer.h"
#include "asset/model_cache.h"
#include "asset/model_codec.h"
#include "asset/twin_marker.h"
#include "core/sha256.h"
#include "core/stopwatch.h"
#include "core/version.h"

namespace twinshoot::asset {
namespace fs = std::filesystem;

Result<Model> load_model(const fs::path& path, const LoadOptions& options, LoadStats* stats) {
    LoadStats local;
    LoadStats& s = stats ? *stats : local;
    s = {};
    const std::string where = path.string();
    if (!is_supported_model_extension(path))
        return make_error(ErrorCode::Unsupported, where + ": unsupported model extension '" + path.extension().string() +
                                                      "' (expected " + supported_model_extensions() + ")");
    std::error_code ec;
    if (!fs::exists(path, ec)) return make_error(ErrorCode::Io, where + ": file not found");
    if (!fs::is_regular_file(path, ec)) return make_error(ErrorCode::Io, where + ": not a regular file");

    Stopwatch timer;
    Sha256 content;
    if (options.content_sha256) {
        content = *options.content_sha256;
    } else {
        TS_TRY_ASSIGN(content, sha256_file(path));
    }
    // The same bytes imported by another importer revision may give another model.
    const Sha256 key = sha256(content.hex() + "/" + kVersion + "/import-revision-" + std::to_string(kImportRevision) +
                              "/codec-" + std::to_string(kModelCodecVersion));
    s.hash_ms = timer.ms();
    timer.restart();
    std::optional<ModelCache> cache;
    if (options.cache) cache.emplace(*options.cache);
    std::optional<Model> model;
    if (cache) model = cache->find(key, path);
    s.from_cache = model.has_value();
    if (!model) {
        TS_TRY_ASSIGN(Model imported, import_model_isolated(path, options.isolation));
        // With warnings (a texture missing or undecodable) the folder may still change: not cached.
        if (cache && imported.warnings.empty()) s.cache_written = cache->store(key, path, imported).ok();
        model = std::move(imported);
    }
    s.load_ms = timer.ms();
    model->source = where;
    if (model->twin_id.empty()) model->twin_id = twin_of_model_folder(path).value_or("");
    return std::move(*model);
}

}  // namespace twinshoot::asset
