// `twinshoot shoot` end to end on lavapipe: refusals leave no image and no row, dry runs write
// nothing, shards split a shoot exactly, max uses come from the ledger, tampering is named, exiftool
// reads the provenance, and a run killed with SIGKILL at random moments resumes to exactly one row
// per image.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "asset/png_chunks.h"
#include "asset/texture_decode.h"
#include "consent/ledger.h"
#include "consent/provenance.h"
#include "core/file_io.h"
#include "shoot_cli_fixture.h"

namespace fs = std::filesystem;
using namespace twinshoot;
using nlohmann::json;

namespace {

using namespace twinshoot::test;

class ShootCli : public ShootCliFixture {};

}  // namespace

TEST_F(ShootCli, RefusedShotsGetNoImageAndNoRow) {
    const fs::path file = write_shoot("refusals", json::array({
        {{"id", "ava-ok"}, {"twin", "demo-ava"}, {"pose", "walking"}, {"format", "instagram-portrait"},
         {"garments", {{{"id", "ava-slip-dress"}, {"colourway", "red"}}}}},
        {{"id", "noah-arms-raised"}, {"twin", "demo-noah"}, {"pose", "arms-raised"}},
        {{"id", "noah-billboard"}, {"twin", "demo-noah"}, {"use", "ooh"}},
    }));
    const fs::path out = m_dir / "out", ledger = m_dir / "ledger.sqlite";
    CliRun r = run(shoot_args(file, out, ledger));
    ASSERT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.out.find("refused noah-arms-raised"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("prohibitions.pose_tags"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("use 'ooh'"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("1 delivered, 0 already delivered, 2 refused"), std::string::npos) << r.err;
    EXPECT_EQ(pngs(out), std::set<std::string>{"ava-ok"});
    EXPECT_TRUE(fs::exists(out / "contact-sheet.png"));
    const auto ledger_rows = rows(ledger);
    ASSERT_EQ(ledger_rows.size(), 1u);
    EXPECT_EQ(ledger_rows[0].delivery.shot_id, "ava-ok");
    EXPECT_EQ(ledger_rows[0].delivery.fee.str(), "120.00 EUR");
    expect_images_match_rows(out, ledger_rows);

    const json report = json::parse(slurp(out / "report.json"));
    EXPECT_EQ(report["summary"]["delivered"], 1);
    EXPECT_EQ(report["summary"]["refused"], 2);
    EXPECT_EQ(report["shots"][1]["state"], "refused");
    EXPECT_EQ(report["shots"][1]["reasons"][0]["reason"], "prohibited-pose-tag");
    EXPECT_EQ(report["shots"][0]["ledger_row_hash"], ledger_rows[0].row_hash.hex());
    // Where the delivered shot's time went (issue 19): every stage, in milliseconds; refused shots
    // have none. The frame itself takes time on any device; the medians cover the same stages.
    const json& stages = report["shots"][0]["stages_ms"];
    for (const char* stage : {"load", "pose", "decide", "dress", "upload", "render", "readback", "label", "hash", "encode",
                              "record", "deliver"}) {
        ASSERT_TRUE(stages.contains(stage) && stages[stage].is_number()) << stage << " in " << stages.dump();
        EXPECT_GE(stages[stage].get<double>(), 0.0) << stage;
        EXPECT_TRUE(report["stages_median_ms"].contains(stage)) << stage;
    }
    EXPECT_GT(stages["render"].get<double>(), 0.0);
    EXPECT_GT(stages["encode"].get<double>(), 0.0);
    EXPECT_FALSE(report["shots"][1].contains("stages_ms")) << "a refused shot was not rendered";

    // The disclosure label is in the delivered image: a dark plate at the bottom left.
    auto image = asset::decode_image(*read_file(out / "ava-ok.png"), "ava-ok.png");
    ASSERT_TRUE(image.ok());
    EXPECT_EQ(image->width, 1080u);
    EXPECT_LT(image->at(40, image->height - 40)[0], 70) << "label plate";
    const uint8_t* belly = image->at(image->width / 2, image->height / 2);
    EXPECT_GT(belly[0], belly[1] + 50) << "the red colourway of the dress, at the belly";
    EXPECT_EQ(ledger_rows[0].delivery.garments, std::vector<std::string>{"ava-slip-dress:red"});

    CliRun inspect = run({"inspect", (out / "ava-ok.png").string(), "--ledger", ledger.string()});
    EXPECT_EQ(inspect.exit_code, 0) << inspect.err;
    EXPECT_NE(inspect.out.find("compositeSynthetic"), std::string::npos) << inspect.out;
    EXPECT_NE(inspect.out.find("recorded in the ledger"), std::string::npos) << inspect.out;

    // The same folder again: refused without --resume; with it, nothing is rendered twice.
    CliRun again = run(shoot_args(file, out, ledger));
    EXPECT_EQ(again.exit_code, 2) << again.err;
    EXPECT_NE(again.err.find("already holds a run"), std::string::npos) << again.err;
    CliRun resumed = run(shoot_args(file, out, ledger, {"--resume"}));
    EXPECT_EQ(resumed.exit_code, 3) << resumed.err;
    EXPECT_NE(resumed.err.find("0 delivered, 1 already delivered, 2 refused"), std::string::npos) << resumed.err;
    EXPECT_EQ(rows(ledger).size(), 1u);
}

TEST_F(ShootCli, ExiftoolReadsTheProvenance) {
    if (std::system("command -v exiftool >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "exiftool not installed (Debian libimage-exiftool-perl; scripts/setup.sh installs it)";
    const fs::path file = write_shoot("xmp", json::array({{{"id", "ava-xmp"}, {"twin", "demo-ava"}}}));
    const fs::path out = m_dir / "out", ledger = m_dir / "ledger.sqlite";
    ASSERT_EQ(run(shoot_args(file, out, ledger)).exit_code, 0);
    const std::string command = "exiftool -j -G1 -XMP:all " + quote((out / "ava-xmp.png").string()) + " >" + quote((m_dir / "exif").string());
    ASSERT_EQ(std::system(command.c_str()), 0);
    const json j = json::parse(slurp(m_dir / "exif"));
    ASSERT_TRUE(j.is_array() && j.size() == 1) << j.dump();
    const json& tags = j[0];
    EXPECT_EQ(tags.value("XMP-iptcExt:DigitalSourceType", ""), consent::kDigitalSourceType) << tags.dump(2);
    EXPECT_NE(tags.value("XMP-xmp:CreatorTool", "").find("TwinShoot"), std::string::npos);
    EXPECT_EQ(tags.value("XMP-twinshoot:TwinId", ""), "demo-ava");
    EXPECT_EQ(tags.value("XMP-twinshoot:LicenceId", ""), "L-DEMO-AVA-0001");
    EXPECT_EQ(tags.value("XMP-twinshoot:Brand", ""), "Demo Brand");
    EXPECT_EQ(tags.value("XMP-twinshoot:Use", ""), "social");
    EXPECT_EQ(tags.value("XMP-twinshoot:LedgerRowHash", ""), rows(ledger).at(0).row_hash.hex());
    EXPECT_EQ(tags.value("XMP-twinshoot:Disclosure", ""), "Digital twin of a real model - synthetic image");
}

TEST_F(ShootCli, DryRunDecidesEverythingAndWritesNothing) {
    const fs::path out = m_dir / "out", ledger = m_dir / "ledger.sqlite";
    CliRun r = run(shoot_args(kSource / "assets/shoots/demo.json", out, ledger, {"--dry-run", "--date", "2026-11-24"}));
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(ledger));
    EXPECT_NE(r.out.find("DECISION"), std::string::npos) << r.out;
    size_t granted = 0, refused = 0;
    for (size_t at = r.out.find("granted ("); at != std::string::npos; at = r.out.find("granted (", at + 1)) ++granted;
    for (size_t at = r.out.find("REFUSED:"); at != std::string::npos; at = r.out.find("REFUSED:", at + 1)) ++refused;
    EXPECT_GE(granted + refused, 10u) << "the demo shoot has at least ten shots";
    EXPECT_GE(refused, 2u) << r.out;
    EXPECT_NE(r.out.find("use 'ooh'"), std::string::npos) << "a forbidden use";
    EXPECT_NE(r.out.find("arms-raised"), std::string::npos) << "a forbidden pose";
    CliRun as_json = run(shoot_args(kSource / "assets/shoots/demo.json", out, ledger, {"--dry-run", "--json", "--date", "2026-11-24"}));
    const json report = json::parse(as_json.out);
    EXPECT_EQ(report["summary"]["planned"].get<size_t>(), granted);
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(ShootCli, ShardsSplitAShootExactly) {
    const fs::path file = write_shoot("shards", plain_shots(7));
    const fs::path ledger = m_dir / "ledger.sqlite";
    std::multiset<std::string> delivered;
    for (int k = 1; k <= 3; ++k) {
        const fs::path out = m_dir / ("shard-" + std::to_string(k));
        CliRun r = run(shoot_args(file, out, ledger, {"--shard", std::to_string(k) + "/3", "--json"}));
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const json report = json::parse(r.out);
        for (const auto& s : report["shots"])
            if (s["state"] == "delivered") delivered.insert(s["id"].get<std::string>());
        for (const std::string& id : pngs(out)) EXPECT_EQ(report["shard"], std::to_string(k) + "/3") << id;
    }
    const std::set<std::string> unique(delivered.begin(), delivered.end());
    EXPECT_EQ(unique.size(), delivered.size()) << "no shot in two shards";
    EXPECT_EQ(unique.size(), 7u) << "the shards together are the whole shoot";
    EXPECT_EQ(rows(ledger).size(), 7u);
    CliRun bad = run(shoot_args(file, m_dir / "x", ledger, {"--shard", "4/3"}));
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("--shard '4/3'"), std::string::npos) << bad.err;
}

TEST_F(ShootCli, MaxUsesAreEnforcedFromTheLedger) {
    const fs::path library = limited_library(2);
    const fs::path file = write_shoot("limited", plain_shots(3));
    const fs::path ledger = m_dir / "ledger.sqlite";
    CliRun first = run(shoot_args(file, m_dir / "first", ledger, {"--json"}, library));
    EXPECT_EQ(first.exit_code, 3) << first.err;
    const json report = json::parse(first.out);
    EXPECT_EQ(report["summary"]["delivered"], 2);
    EXPECT_EQ(report["shots"][2]["reasons"][0]["reason"], "max-uses") << report["shots"][2].dump();
    CliRun second = run(shoot_args(file, m_dir / "second", ledger, {"--json"}, library));
    EXPECT_EQ(second.exit_code, 3);
    EXPECT_EQ(json::parse(second.out)["summary"]["refused"], 3) << "the ledger remembers the uses";
    EXPECT_EQ(rows(ledger).size(), 2u);
    EXPECT_TRUE(pngs(m_dir / "second").empty());
}

TEST_F(ShootCli, LedgerVerifyNamesTamperingAndReportIsTheStatement) {
    const fs::path file = write_shoot("tamper", plain_shots(4));
    const fs::path out = m_dir / "out", ledger = m_dir / "ledger.sqlite";
    ASSERT_EQ(run(shoot_args(file, out, ledger)).exit_code, 0);
    CliRun verify = run({"ledger", "verify", "--ledger", ledger.string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
    EXPECT_NE(verify.out.find("4 rows, hash chain intact"), std::string::npos) << verify.out;
    CliRun csv = run({"ledger", "report", "--twin", "demo-ava", "--ledger", ledger.string()});
    EXPECT_EQ(csv.exit_code, 0) << csv.err;
    EXPECT_NE(csv.out.find("Demo Brand,social,4,480.00,EUR"), std::string::npos) << csv.out;
    EXPECT_NE(csv.out.find("TOTAL,,4,480.00,EUR"), std::string::npos) << csv.out;
    CliRun as_json = run({"ledger", "report", "--twin", "demo-ava", "--ledger", ledger.string(), "--format", "json",
                       "--from", "2000-01-01", "--to", "2000-12-31"});
    EXPECT_EQ(as_json.exit_code, 0);
    EXPECT_TRUE(json::parse(as_json.out)["lines"].empty()) << "nothing in that period";

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(ledger.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE deliveries SET fee_minor = 1 WHERE seq = 2", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    CliRun broken = run({"ledger", "verify", "--ledger", ledger.string()});
    EXPECT_EQ(broken.exit_code, 2);
    EXPECT_NE(broken.err.find("row 2"), std::string::npos) << broken.err;
    EXPECT_NE(broken.err.find("edited"), std::string::npos) << broken.err;
    EXPECT_EQ(run({"ledger", "report", "--twin", "demo-ava", "--ledger", ledger.string()}).exit_code, 2)
        << "no royalty statement from a tampered ledger";
    CliRun inspect = run({"inspect", (out / "shot-1.png").string(), "--ledger", ledger.string()});
    EXPECT_EQ(inspect.exit_code, 2);
    EXPECT_NE(inspect.out.find("PROBLEM"), std::string::npos) << inspect.out;
}

// Kill a run with SIGKILL at random moments, resume, and check: the chain verifies, every image has
// exactly one row and every row its image, and each shot was delivered once.
TEST_F(ShootCli, ResumeAfterKillAtRandomMoments) {
    const int shots = 10;
    const fs::path file = write_shoot("crash", plain_shots(shots), {{"defaults", {{"size", {360, 450}}}}});
    const fs::path ledger = m_dir / "ledger.sqlite";
    // How long does a whole run take here?
    const auto start = std::chrono::steady_clock::now();
    ASSERT_EQ(run(shoot_args(file, m_dir / "whole", ledger)).exit_code, 0);
    const double whole_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

    std::mt19937 random(20261124);
    std::uniform_real_distribution<double> moment(0.2, 1.0);  // the first fifth is process start-up
    int cut_mid_delivery = 0, left_partial = 0;
    const int trials = 20;
    for (int trial = 0; trial < trials; ++trial) {
        const fs::path out = m_dir / ("trial-" + std::to_string(trial));
        const std::vector<std::string> args = shoot_args(file, out, ledger, {"--resume", "-q"});
        std::vector<char*> argv;
        std::string binary = TWINSHOOT_CLI;
        argv.push_back(binary.data());
        std::vector<std::string> copies = args;
        for (auto& a : copies) argv.push_back(a.data());
        argv.push_back(nullptr);
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, 1);
            ::dup2(null, 2);
            ::execv(binary.c_str(), argv.data());
            ::_exit(127);
        }
        const double at_ms = moment(random) * whole_ms;
        std::this_thread::sleep_for(std::chrono::microseconds(int64_t(at_ms * 1000.0)));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        const size_t before = pngs(out).size();
        cut_mid_delivery += before > 0 && before < size_t(shots);
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(out, ec)) left_partial += e.path().filename().string().ends_with(".partial");

        CliRun resumed = run(args);
        ASSERT_EQ(resumed.exit_code, 0) << "trial " << trial << " killed at " << at_ms << " ms: " << resumed.err;
        std::string run_id;
        if (fs::exists(out / "run.json")) run_id = json::parse(slurp(out / "run.json"))["run_id"];
        auto l = consent::Ledger::open_read_only(ledger);
        ASSERT_TRUE(l.ok());
        auto run_rows = l->rows_of_run(run_id);
        ASSERT_TRUE(run_rows.ok());
        SCOPED_TRACE("trial " + std::to_string(trial) + ", killed at " + std::to_string(int(at_ms)) + " ms");
        EXPECT_EQ(run_rows->size(), size_t(shots)) << "each shot delivered exactly once";
        expect_images_match_rows(out, *run_rows);
        for (const auto& e : fs::directory_iterator(out)) {
            const std::string name = e.path().filename().string();
            EXPECT_FALSE(name.ends_with(".partial") || name.find(".tmp-") != std::string::npos) << "debris: " << name;
        }
    }
    auto l = consent::Ledger::open_read_only(ledger);
    ASSERT_TRUE(l.ok());
    auto check = l->verify();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok()) << check->problem;
    EXPECT_EQ(check->rows, shots * (trials + 1));
    std::printf("[ killed ] %d of %d runs were cut after some but not all deliveries, %d left a partial image "
                "(whole run %.0f ms)\n", cut_mid_delivery, trials, left_partial, whole_ms);
}

// The narrowest window: the row is committed, the image is still "<id>.png.partial". The resume must
// finish the rename (not render again, not record again).
TEST_F(ShootCli, ACrashBetweenRowAndRenameIsFinishedByResume) {
    const fs::path file = write_shoot("window", plain_shots(4));
    const fs::path out = m_dir / "out", ledger = m_dir / "ledger.sqlite";
    const std::vector<std::string> args = shoot_args(file, out, ledger, {"--resume"});
    std::string command = "TWINSHOOT_TEST_KILL_AFTER_ROWS=2 " + quote(TWINSHOOT_CLI);
    for (const auto& a : args) command += " " + quote(a);
    command += " >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGKILL)) << status;
    const auto before = rows(ledger);
    ASSERT_EQ(before.size(), 2u);
    EXPECT_EQ(pngs(out), std::set<std::string>{"shot-0"});
    EXPECT_TRUE(fs::exists(out / "shot-1.png.partial"));
    // What a kill while the run's own files were written leaves (found by the asan run of
    // ResumeAfterKillAtRandomMoments, where a slower process is more often killed there).
    const std::vector<fs::path> debris = {out / ".contact-sheet.png.tmp-Ab12Cd", out / ".report.json.tmp-Ef34Gh",
                                          out / ".run.json.tmp-Ij56Kl"};
    for (const fs::path& d : debris) std::ofstream(d) << "half";

    CliRun resumed = run(args);
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    for (const fs::path& d : debris) EXPECT_FALSE(fs::exists(d)) << "debris left: " << d;
    EXPECT_NE(resumed.err.find("2 delivered, 2 already delivered"), std::string::npos) << resumed.err;
    const auto after = rows(ledger);
    ASSERT_EQ(after.size(), 4u);
    EXPECT_EQ(after[1].row_hash, before[1].row_hash) << "shot-1 keeps its one row";
    EXPECT_FALSE(fs::exists(out / "shot-1.png.partial"));
    expect_images_match_rows(out, after);
}

// A single `render --twin` is a delivery like any other: one ledger row, provenance, never overwritten.
TEST_F(ShootCli, RenderOfATwinIsRecordedAndLabelled) {
    const fs::path out = m_dir / "ava.png", ledger = m_dir / "ledger.sqlite";
    const std::vector<std::string> args = {"render", "--twin", (kAssets / "twins/demo-ava").string(), "-o", out.string(),
                                           "--size", "240x300", "--brand", "Demo Brand", "--use", "ecommerce",
                                           "--territory", "DE", "--trust", (kSource / "assets/trust").string(),
                                           "--ledger", ledger.string(), "--date", "2026-11-24"};
    CliRun r = run(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto ledger_rows = rows(ledger);
    ASSERT_EQ(ledger_rows.size(), 1u);
    EXPECT_EQ(ledger_rows[0].delivery.use, "ecommerce");
    EXPECT_EQ(ledger_rows[0].delivery.shot_id, "ava");
    CliRun inspect = run({"inspect", out.string(), "--ledger", ledger.string()});
    EXPECT_EQ(inspect.exit_code, 0) << inspect.out << inspect.err;
    CliRun again = run(args);
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
    EXPECT_EQ(rows(ledger).size(), 1u);
    CliRun check = run({"check", "--twin", (kAssets / "twins/demo-ava").string(), "--brand", "Demo Brand", "--use", "social",
                        "--territory", "FR", "--trust", (kSource / "assets/trust").string(), "--ledger", ledger.string()});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

// Issue 16: a twin whose avatar file crashes the importer. The shoot decides every shot before it
// renders any, so the crash (in the import child, not in `twinshoot`) is one error naming the shot
// and the file, exit 2, and nothing is delivered or recorded.
TEST_F(ShootCli, AnAvatarThatCrashesTheImporterIsOneErrorAndNothingIsDelivered) {
    const fs::path library = m_dir / "library";
    fs::create_directories(library / "twins");
    fs::copy(kAssets / "twins" / "demo-ava", library / "twins" / "demo-ava", fs::copy_options::recursive);
    {  // Same name, hostile content: an FBX whose scopes nest 200000 deep (Assimp recurses per scope).
        std::ofstream twin(library / "twins" / "demo-ava" / "twin.json");
        twin << R"({"id": "demo-ava", "display_name": "Ava", "avatar": "demo-ava.fbx", "licence": "licence.json"})";
        std::string fbx = "; FBX 7.4.0 project file\nFBXHeaderExtension:  {\n";
        for (int i = 0; i < 200000; ++i) fbx += "A: {\n";
        std::ofstream(library / "twins" / "demo-ava" / "demo-ava.fbx") << fbx << std::string(200001, '}');
    }
    const fs::path out = m_dir / "out";
    const fs::path ledger = m_dir / "ledger.sqlite";
    CliRun r = run(shoot_args(write_shoot("hostile", plain_shots(2)), out, ledger, {}, library));
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("the importer crashed ("), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("demo-ava.fbx"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("shot-0"), std::string::npos) << "names the shot: " << r.err;
    EXPECT_TRUE(pngs(out).empty());
    EXPECT_FALSE(fs::exists(ledger) && !rows(ledger).empty()) << "nothing recorded";
}
