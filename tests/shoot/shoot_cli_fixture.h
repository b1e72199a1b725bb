// The fixture of the `twinshoot shoot` CLI tests (tests/shoot, tests/farm): runs the built CLI in a
// fresh temporary folder per test, writes small shoot files for the demo twins, and checks delivered
// images against their ledger rows.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "asset/png_chunks.h"
#include "asset/texture_decode.h"
#include "consent/ledger.h"
#include "consent/provenance.h"
#include "core/file_io.h"

namespace twinshoot::test {

namespace fs = std::filesystem;
using nlohmann::json;

inline const fs::path kAssets = TWINSHOOT_DEMO_ASSETS;
inline const fs::path kSource = TWINSHOOT_SOURCE_DIR;

struct CliRun {
    int exit_code = -1;
    std::string out, err;
};

inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class ShootCliFixture : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("twinshoot-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name()) + "-" +
                 std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    CliRun run(const std::vector<std::string>& args) {
        std::string command = m_env + quote(TWINSHOOT_CLI);
        for (const auto& a : args) command += " " + quote(a);
        command += " >" + quote((m_dir / "stdout").string()) + " 2>" + quote((m_dir / "stderr").string());
        const int status = std::system(command.c_str());
        CliRun r;
        r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        r.out = slurp(m_dir / "stdout");
        r.err = slurp(m_dir / "stderr");
        return r;
    }
    // shoot FILE -o OUT with the demo library, poses and trust store.
    std::vector<std::string> shoot_args(const fs::path& file, const fs::path& out, const fs::path& ledger,
                                        std::vector<std::string> extra = {}, const fs::path& library = kAssets) {
        std::vector<std::string> a = {"shoot", file.string(), "-o", out.string(), "--ledger", ledger.string(),
                                      "--library", library.string(), "--poses", (kSource / "assets/poses").string(),
                                      "--trust", (kSource / "assets/trust").string()};
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }
    fs::path write_shoot(const std::string& name, const json& shots, json extra = json::object()) {
        json j = {{"shoot", name}, {"brand", "Demo Brand"}, {"use", "social"}, {"territories", {"FR"}},
                  {"date", "2026-11-24"}, {"defaults", {{"size", {96, 120}}}}, {"shots", shots}};
        for (auto& [k, v] : extra.items()) j[k] = v;
        const fs::path file = m_dir / (name + ".json");
        std::ofstream(file) << j.dump(2);
        return file;
    }
    // A library holding a copy of Ava's package whose licence allows `max_uses` images, re-signed
    // with the demo owner's key.
    fs::path limited_library(int max_uses) {
        const fs::path library = m_dir / "library";
        fs::create_directories(library / "twins");
        fs::copy(kAssets / "twins" / "demo-ava", library / "twins" / "demo-ava");
        json licence = json::parse(slurp(library / "twins/demo-ava/licence.json"));
        licence["licence"]["permissions"][0]["max_uses"] = max_uses;
        std::ofstream(library / "twins/demo-ava/licence.json") << licence.dump(2);
        const auto sign = run({"licence", "sign", (library / "twins/demo-ava/licence.json").string(), "--key",
                               (kSource / "assets/keys/DEMO-ONLY-demo-agency.secret").string()});
        EXPECT_EQ(sign.exit_code, 0) << sign.err;
        return library;
    }
    static json plain_shots(int n, const std::string& twin = "demo-ava") {
        const char* poses[] = {"standing-relaxed", "walking", "contrapposto", "hand-on-hip", "a-pose"};
        json shots = json::array();
        for (int i = 0; i < n; ++i)
            shots.push_back({{"id", "shot-" + std::to_string(i)}, {"twin", twin}, {"pose", poses[i % 5]}});
        return shots;
    }
    static std::set<std::string> pngs(const fs::path& out) {
        std::set<std::string> names;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(out, ec))
            if (e.path().extension() == ".png" && !e.path().filename().string().starts_with("contact-sheet")) names.insert(e.path().stem().string());
        return names;
    }
    static std::vector<consent::LedgerRow> rows(const fs::path& ledger) {
        auto l = consent::Ledger::open_read_only(ledger);
        EXPECT_TRUE(l.ok()) << l.error().message;
        if (!l) return {};
        return *l->rows();
    }
    // Every image holds XMP naming its own row, and that row records its pixels. `merged`: the rows
    // were merged from a farm's shard ledgers, and the XMP names each row's origin (its shard row).
    static void expect_images_match_rows(const fs::path& out, const std::vector<consent::LedgerRow>& run_rows,
                                         bool merged = false) {
        std::map<std::string, const consent::LedgerRow*> by_shot;
        for (const auto& r : run_rows) EXPECT_TRUE(by_shot.emplace(r.delivery.shot_id, &r).second) << "two rows for " << r.delivery.shot_id;
        const std::set<std::string> images = pngs(out);
        EXPECT_EQ(images.size(), by_shot.size());
        for (const std::string& id : images) {
            ASSERT_TRUE(by_shot.count(id)) << id << ".png has no ledger row";
            const fs::path p = out / (id + ".png");
            auto bytes = read_file(p);
            ASSERT_TRUE(bytes.ok());
            auto chunks = asset::read_itxt(*bytes, p.string());
            ASSERT_TRUE(chunks.ok()) << chunks.error().message;
            ASSERT_EQ(chunks->size(), 1u);
            auto prov = consent::parse_xmp((*chunks)[0].text, p.string());
            ASSERT_TRUE(prov.ok());
            if (merged) {
                ASSERT_TRUE(by_shot[id]->origin.has_value()) << id << ": a farm's row keeps its shard row hash";
                EXPECT_EQ(prov->ledger_row_hash, *by_shot[id]->origin) << id;
            } else {
                EXPECT_EQ(prov->ledger_row_hash, by_shot[id]->row_hash) << id;
            }
            auto image = asset::decode_image(*bytes, p.string());
            ASSERT_TRUE(image.ok());
            EXPECT_EQ(consent::image_pixels_sha256(image->width, image->height, image->pixels), by_shot[id]->delivery.image_sha256) << id;
        }
    }

    fs::path m_dir;
    std::string m_env;  // prefixed to every command line, e.g. "PATH=/fake/bin:$PATH "
};


}  // namespace twinshoot::test
