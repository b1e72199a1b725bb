// Garments fitted to a pose (studio/fit_cache.h) and garments bound to a twin
// (studio/binding_cache.h) are kept on disk across runs: a later run reads exactly what it would
// have made; anything that changes the result is a miss; a damaged entry is a miss and is written
// again; the folder stays under its size.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "scene/fit_code.h"
#include "studio/binding_cache.h"
#include "studio/fit_cache.h"
#include "studio/staging.h"
#include "studio/twin_shot.h"
#include "temp_folder.h"

namespace twinshoot {
namespace {
namespace fs = std::filesystem;

const fs::path kAssets = TWINSHOOT_DEMO_ASSETS;
const fs::path kPoses = fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses";

struct RunResult {
    studio::Dressed dressed;
    size_t fitted = 0, from_disk = 0;
    size_t bindings_read = 0;
};

// One run: a fresh AssetCache (as a new process has) dressing the demo slip dress on Ava (or on
// `twin`: Noah wears it by transfer from Ava's mannequin).
RunResult run(const std::optional<fs::path>& cache_folder, const std::string& pose, const std::string& colourway = "navy",
        scene::DressingOptions options = {}, const std::string& twin = "demo-ava") {
    studio::AssetCache cache(options, cache_folder);
    studio::ShotSpec spec{.twin = kAssets / "twins" / twin,
                          .garments = {(kAssets / "garments/ava-slip-dress").string() + ":" + colourway},
                          .pose = pose, .poses = kPoses};
    auto shot = studio::TwinShot::prepare(spec, cache);
    EXPECT_TRUE(shot.ok()) << shot.error().message;
    if (!shot.ok()) return {};
    auto dressed = studio::dress(*shot->bound_garments(), shot->garments(), shot->staging(), scene::FitMeasures::Skip);
    EXPECT_TRUE(dressed.ok()) << dressed.error().message;
    return {std::move(*dressed), shot->bound_garments()->posed->fitted(), shot->bound_garments()->posed->from_disk(),
            cache.bindings_from_disk()};
}

void expect_same_garments(const studio::Dressed& a, const studio::Dressed& b) {
    ASSERT_EQ(a.meshes.size(), b.meshes.size());
    for (size_t g = 0; g < a.meshes.size(); ++g) {
        EXPECT_EQ(a.meshes[g].name, b.meshes[g].name);
        EXPECT_EQ(a.meshes[g].indices, b.meshes[g].indices);
        EXPECT_EQ(a.meshes[g].has_uvs, b.meshes[g].has_uvs);
        ASSERT_EQ(a.meshes[g].vertices.size(), b.meshes[g].vertices.size());
        for (size_t v = 0; v < a.meshes[g].vertices.size(); ++v) {
            const asset::Vertex &x = a.meshes[g].vertices[v], &y = b.meshes[g].vertices[v];
            ASSERT_TRUE(x.position == y.position && x.normal == y.normal && x.tangent == y.tangent && x.uv == y.uv)
                << "garment " << g << " vertex " << v;
        }
    }
}

std::vector<fs::path> entries(const fs::path& folder, const char* kind = "fits") {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(folder / kind, ec))
        if (e.path().extension() == (std::string(kind) == "fits" ? ".tsfit" : ".tsbind")) out.push_back(e.path());
    return out;
}

void flip_a_bit(const fs::path& file, uintmax_t at) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(std::streamoff(at));
    char c = 0;
    f.read(&c, 1);
    c = char(c ^ 0x10);
    f.seekp(std::streamoff(at));
    f.write(&c, 1);
}

TEST(FitCache, APoseFittedInOneRunIsReadInTheNextBitForBit) {
    const fs::path cache = test::temp_folder("fit-cache-hit");
    const RunResult first = run(cache, "walking");
    EXPECT_EQ(first.fitted, 1u);
    EXPECT_EQ(first.from_disk, 0u);
    ASSERT_EQ(entries(cache).size(), 1u) << "the fit is stored";
    const fs::path entry = entries(cache)[0];
    const auto long_ago = fs::file_time_type::clock::now() - std::chrono::hours(24);
    fs::last_write_time(entry, long_ago);

    // Another run, another colourway: the same geometry, read and not fitted.
    const RunResult second = run(cache, "walking", "red");
    EXPECT_EQ(second.fitted, 0u);
    EXPECT_EQ(second.from_disk, 1u);
    expect_same_garments(first.dressed, second.dressed);
    EXPECT_GT(fs::last_write_time(entry), long_ago) << "a hit marks the entry as recently used";
    EXPECT_NE(first.dressed.materials[0].base_color, second.dressed.materials[0].base_color) << "materials are the shot's";

    // What a fit without any cache gives.
    const RunResult fresh = run(std::nullopt, "walking");
    EXPECT_EQ(fresh.fitted, 1u);
    expect_same_garments(fresh.dressed, second.dressed);
}

TEST(FitCache, AnotherPoseOrOtherFittingOptionsAreFittedAgain) {
    const fs::path cache = test::temp_folder("fit-cache-keys");
    EXPECT_EQ(run(cache, "walking").fitted, 1u);
    EXPECT_EQ(run(cache, "standing-relaxed").fitted, 1u) << "another pose";
    scene::DressingOptions unsettled;
    unsettled.settle = scene::Settle::Off;
    const RunResult off = run(cache, "walking", "navy", unsettled);
    EXPECT_EQ(off.fitted, 1u) << "another settle";
    scene::DressingOptions thicker;
    thicker.cloth.thickness_m = 0.006f;
    EXPECT_EQ(run(cache, "walking", "navy", thicker).fitted, 1u) << "another cloth option";
    EXPECT_EQ(entries(cache).size(), 4u);
    EXPECT_EQ(run(cache, "walking", "navy", unsettled).from_disk, 1u) << "each kept apart";
    EXPECT_EQ(std::string(scene::kFitCodeHash).size(), 64u) << "keyed by the fitting code's build hash";
}

TEST(FitCache, ADamagedEntryIsAMissAndIsWrittenAgain) {
    const fs::path cache = test::temp_folder("fit-cache-damage");
    const RunResult first = run(cache, "walking");
    ASSERT_EQ(entries(cache).size(), 1u);
    const fs::path entry = entries(cache)[0];
    const auto size = fs::file_size(entry);
    flip_a_bit(entry, size / 2);  // in the middle of the vertices
    const RunResult flipped = run(cache, "walking");
    EXPECT_EQ(flipped.fitted, 1u) << "a corrupt entry is not used";
    expect_same_garments(first.dressed, flipped.dressed);
    EXPECT_EQ(run(cache, "walking").from_disk, 1u) << "the entry was written again";

    fs::resize_file(entry, size - 100);
    EXPECT_EQ(run(cache, "walking").fitted, 1u) << "a truncated entry is not used";
    { std::ofstream(entry, std::ios::binary | std::ios::trunc) << "not an entry"; }
    EXPECT_EQ(run(cache, "walking").fitted, 1u) << "a foreign file is not used";
}

TEST(FitCache, AnEntryIsReadOnlyForItsKeyAndGarments) {
    scene::PosedDressing posed;
    posed.garments.resize(2);
    posed.garments[0].vertices.resize(3);
    posed.garments[0].vertices[1].position = {1.0f, 2.0f, 3.0f};
    posed.garments[1].vertices.resize(5);
    const Sha256 key = sha256(std::string_view("a pose")), other = sha256(std::string_view("another pose"));
    const std::vector<uint8_t> bytes = studio::encode_fit_entry(key, posed);
    const size_t counts[] = {3, 5}, swapped[] = {5, 3}, one[] = {3};
    auto read = studio::decode_fit_entry(bytes, key, counts);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ((*read)[0][1].position, glm::vec3(1.0f, 2.0f, 3.0f));
    EXPECT_FALSE(studio::decode_fit_entry(bytes, other, counts)) << "another key";
    EXPECT_FALSE(studio::decode_fit_entry(bytes, key, swapped)) << "other garments";
    EXPECT_FALSE(studio::decode_fit_entry(bytes, key, one)) << "fewer garments";
    for (size_t cut : {size_t(0), size_t(8), bytes.size() / 2, bytes.size() - 1})
        EXPECT_FALSE(studio::decode_fit_entry(std::span(bytes).first(cut), key, counts)) << cut << " bytes";
}

TEST(FitCache, TheFolderIsKeptUnderItsSizeLeastRecentlyUsedFirst) {
    const fs::path folder = test::temp_folder("fit-cache-trim");
    scene::PosedDressing posed;
    posed.garments.resize(1);
    posed.garments[0].vertices.resize(1000);  // 48 kB an entry
    const size_t entry_bytes = studio::encode_fit_entry(Sha256{}, posed).size();
    const studio::FitCache cache(folder, 3 * entry_bytes);  // holds 3; trimmed to 3/4 of that: 2
    std::vector<Sha256> keys;
    for (int i = 0; i < 4; ++i) keys.push_back(sha256(std::string_view("pose " + std::to_string(i))));
    const auto now = fs::file_time_type::clock::now();
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(cache.store(keys[size_t(i)], posed).ok());
        fs::last_write_time(cache.entry_path(keys[size_t(i)]), now - std::chrono::hours(10 - i));
    }
    EXPECT_EQ(fs::file_size(cache.entry_path(keys[0])), entry_bytes);
    // Entry 0, the oldest, is used: a hit renews its time (APoseFittedInOneRunIsReadInTheNextBitForBit).
    fs::last_write_time(cache.entry_path(keys[0]), now);
    ASSERT_TRUE(cache.store(keys[3], posed).ok());  // 4 entries > 3: trimmed to 2
    EXPECT_TRUE(fs::exists(cache.entry_path(keys[0]))) << "recently used";
    EXPECT_FALSE(fs::exists(cache.entry_path(keys[1]))) << "least recently used";
    EXPECT_FALSE(fs::exists(cache.entry_path(keys[2])));
    EXPECT_TRUE(fs::exists(cache.entry_path(keys[3]))) << "just stored";
}

TEST(BindingCache, AGarmentBoundInOneRunIsReadInTheNextAndFitsBitForBitTheSame) {
    for (const std::string twin : {"demo-ava", "demo-noah"}) {  // as draped, and transferred from Ava's mannequin
        SCOPED_TRACE(twin);
        const fs::path cache = test::temp_folder("binding-cache-" + twin);
        const RunResult first = run(cache, "walking", "navy", {}, twin);
        EXPECT_EQ(first.bindings_read, 0u);
        ASSERT_EQ(entries(cache, "bindings").size(), 1u) << "the binding is stored";
        fs::remove_all(cache / "fits");  // so that the second run fits its binding read from disk
        const RunResult second = run(cache, "walking", "navy", {}, twin);
        EXPECT_EQ(second.bindings_read, 1u);
        EXPECT_EQ(second.fitted, 1u);
        expect_same_garments(first.dressed, second.dressed);
        ASSERT_EQ(first.dressed.body_shown.size(), second.dressed.body_shown.size());
        for (size_t m = 0; m < first.dressed.body_shown.size(); ++m) {
            ASSERT_EQ(bool(first.dressed.body_shown[m]), bool(second.dressed.body_shown[m]));
            if (first.dressed.body_shown[m]) {
                EXPECT_EQ(*first.dressed.body_shown[m], *second.dressed.body_shown[m]) << "the same skin hidden";
            }
        }
        scene::DressingOptions unsettled;
        unsettled.settle = scene::Settle::Off;
        EXPECT_EQ(run(cache, "walking", "navy", unsettled, twin).bindings_read, 0u) << "other options bind again";
    }
}

TEST(BindingCache, ADamagedEntryIsAMissAndIsWrittenAgain) {
    const fs::path cache = test::temp_folder("binding-cache-damage");
    const RunResult first = run(cache, "walking");
    ASSERT_EQ(entries(cache, "bindings").size(), 1u);
    const fs::path entry = entries(cache, "bindings")[0];
    const auto size = fs::file_size(entry);
    flip_a_bit(entry, size / 3);
    fs::remove_all(cache / "fits");
    const RunResult damaged = run(cache, "walking");
    EXPECT_EQ(damaged.bindings_read, 0u) << "a corrupt entry is not used";
    expect_same_garments(first.dressed, damaged.dressed);
    EXPECT_EQ(run(cache, "walking").bindings_read, 1u) << "the entry was written again";
}

TEST(BindingCache, AKeptBindingIsRestoredOnlyOntoABodyItFits) {
    // Ava's binding of her dress, restored onto Noah's body (another mesh): refused, not misapplied.
    studio::AssetCache cache({}, std::nullopt);
    auto ava = cache.twin(kAssets / "twins/demo-ava");
    auto noah = cache.twin(kAssets / "twins/demo-noah");
    ASSERT_TRUE(ava && noah);
    auto garments = studio::load_garments({(kAssets / "garments/ava-slip-dress").string()}, cache);
    ASSERT_TRUE(garments) << garments.error().message;
    auto bound = cache.bind(*ava, *garments);
    ASSERT_TRUE(bound) << bound.error().message;
    const scene::BoundGarment& dress = *(*bound)->dressing.garments()[0];
    auto noah_body = scene::TwinBody::create(std::shared_ptr<const asset::Model>(*noah, &(*noah)->model));
    ASSERT_TRUE(noah_body);
    auto onto_noah = scene::restore_binding(**noah_body, dress.garment, dress.anchor, dress.covers, {});
    ASSERT_FALSE(onto_noah);
    EXPECT_NE(onto_noah.error().message.find("not of this twin's body"), std::string::npos) << onto_noah.error().message;
    auto short_anchor = scene::restore_binding((*bound)->dressing.body(), dress.garment, {0.5f}, dress.covers, {});
    EXPECT_FALSE(short_anchor);
    auto again = scene::restore_binding((*bound)->dressing.body(), dress.garment, dress.anchor, dress.covers, {});
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ((*again)->fingerprint, dress.fingerprint);
    EXPECT_EQ((*again)->topology->stretch().size(), dress.topology->stretch().size());
    EXPECT_EQ((*again)->topology->tethers().size(), dress.topology->tethers().size());
}

}  // namespace
}  // namespace twinshoot
