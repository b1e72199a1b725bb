// Farms (docs/farm.md) on the private single-node Slurm cluster of scripts/slurm-local.sh (the
// farm.slurm CTest fixture starts it): the demo shoot in 3 shards is the single-process run, a
// cancelled task resumes with nothing rendered twice, and shards racing for a licence's last uses
// never exceed them.
#include <chrono>
#include <thread>

#include "farm_fixture.h"

namespace {

using namespace twinshoot;
using namespace twinshoot::test;

class FarmSlurm : public FarmCli {
protected:
    void SetUp() override {
        FarmCli::SetUp();
        // The cluster of the farm.slurm fixture, unless the caller names another.
        if (!std::getenv("SLURM_CONF")) ::setenv("SLURM_CONF", TWINSHOOT_SLURM_CONF, 1);
        const char* conf = std::getenv("SLURM_CONF");
        const fs::path state = conf ? fs::path(conf).parent_path() : fs::path();
        const bool up = conf && fs::exists(conf) && !fs::exists(state / "unavailable") &&
                        std::system("sinfo -h >/dev/null 2>&1") == 0;
        if (!up) {
            const std::string why = "no local Slurm cluster at " + std::string(conf) + " (ctest's farm.slurm fixture starts it): " +
                                    (fs::exists(state / "unavailable") ? slurp(state / "unavailable") : "not running");
            if (std::getenv("CI") && std::string(std::getenv("CI")) == "true") FAIL() << why;
            GTEST_SKIP() << why;
        }
        m_env = "TWINSHOOT_FARM_POLL_S=0.3 ";
    }
    static std::string job_of(const fs::path& out) {
        const json record = json::parse(slurp(out / "farm/farm.json"));
        return record["jobs"].back().get<std::string>();
    }
};

// What a delivery records, without where and when it was made (seq, time, run, renderer, hashes of
// the chain): the same for a single-process run and a farm.
std::map<std::string, std::string> content(const std::vector<consent::LedgerRow>& rows) {
    std::map<std::string, std::string> out;
    for (const auto& r : rows) {
        const consent::Delivery& d = r.delivery;
        json j = {{"twin", d.twin_id}, {"licence", d.licence_id}, {"licence_hash", d.licence_hash.hex()}, {"brand", d.brand},
                  {"use", d.use}, {"territories", d.territories}, {"shoot", d.shoot}, {"garments", d.garments}, {"pose", d.pose},
                  {"image", d.image_sha256.hex()}, {"fee", d.fee.str()}};
        out[d.shot_id] = j.dump();
    }
    return out;
}

TEST_F(FarmSlurm, TheDemoShootInThreeShardsIsTheSingleProcessRun) {
    const fs::path demo = kSource / "assets/shoots/demo.json";
    CliRun single = run(shoot_args(demo, m_dir / "single", m_dir / "single.sqlite"));
    ASSERT_EQ(single.exit_code, 3) << "the demo refuses three shots on purpose\n" << single.err;
    CliRun farmed = run(shoot_args(demo, m_dir / "farm", m_dir / "farm.sqlite", {"--slurm", "--shards", "3"}));
    ASSERT_EQ(farmed.exit_code, 3) << farmed.err;
    EXPECT_NE(farmed.err.find("shards: 3 done, 0 running, 0 pending, 0 failed; images 9/9"), std::string::npos) << farmed.err;
    EXPECT_EQ(farmed.out, single.out) << "the same refusals, decided before anything is submitted";
    const auto single_rows = rows(m_dir / "single.sqlite"), farm_rows = rows(m_dir / "farm.sqlite");
    ASSERT_EQ(single_rows.size(), 9u);
    EXPECT_EQ(content(farm_rows), content(single_rows)) << "the same images (pixel hashes) and the same ledger content";
    EXPECT_EQ(pngs(m_dir / "farm"), pngs(m_dir / "single"));
    expect_images_match_rows(m_dir / "farm", farm_rows, true);
    CliRun verify = run({"ledger", "verify", "--ledger", (m_dir / "farm.sqlite").string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
    for (int k = 1; k <= 3; ++k) EXPECT_EQ(slurp(m_dir / "farm" / ("farm/shard-" + std::to_string(k)) / "exit"), "0\n") << k;
    const json a = json::parse(slurp(m_dir / "single/report.json")), b = json::parse(slurp(m_dir / "farm/report.json"));
    EXPECT_EQ(b["summary"]["already_delivered"], a["summary"]["delivered"]);
    EXPECT_EQ(b["summary"]["fees"], a["summary"]["fees"]);
    EXPECT_TRUE(fs::exists(m_dir / "farm/contact-sheet.png"));
}

TEST_F(FarmSlurm, ACancelledTaskResumesAndNothingIsRenderedTwice) {
    const fs::path file = write_shoot("cancel", plain_shots(24), {{"defaults", {{"size", {432, 540}}}}});
    const fs::path out = m_dir / "out", ledger = m_dir / "ledger.sqlite";
    CliRun submitted = run(shoot_args(file, out, ledger, {"--slurm", "--shards", "2", "--no-wait"}));
    ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
    const std::string job = job_of(out);
    // Cancel task 1 once it has recorded its first image, mid-run (12 shots to go through).
    const fs::path shard1 = out / "farm/shard-1/ledger.sqlite";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    size_t seen = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (auto l = consent::Ledger::open_read_only(shard1); l && (seen = l->rows()->size()) >= 1) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_GE(seen, 1u) << "shard 1 never recorded an image";
    ASSERT_EQ(std::system(("scancel " + job + "_1").c_str()), 0);
    bool gone = false;
    for (int i = 0; i < 600 && !gone; ++i) {
        gone = std::system(("squeue -h -r -j " + job + " -o %K | grep -qx 1").c_str()) != 0;
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(gone) << "task 1 still queued a minute after scancel";
    ASSERT_FALSE(fs::exists(out / "farm/shard-1/exit")) << "task 1 ended before the cancel reached it";
    const std::vector<consent::LedgerRow> before = rows(shard1);
    ASSERT_LT(before.size(), 12u);
    std::map<std::string, fs::file_time_type> delivered_before;
    for (const auto& r : before) delivered_before[r.delivery.shot_id] = fs::last_write_time(out / (r.delivery.shot_id + ".png"));

    CliRun resumed = run(shoot_args(file, out, ledger, {"--slurm", "--resume", "--json"}));
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    const json report = json::parse(resumed.out);
    EXPECT_EQ(report["summary"]["already_delivered"], 24);
    EXPECT_EQ(report["farm"]["complete"], true);
    const auto merged = rows(ledger);
    EXPECT_EQ(merged.size(), 24u);
    expect_images_match_rows(out, merged, true);
    // Shard 1 resumed its own run: the rows of before the cancel are its first rows, unchanged, and
    // the images they record were not rendered again.
    const std::vector<consent::LedgerRow> after = rows(shard1);
    ASSERT_EQ(after.size(), 12u);
    for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(after[i].row_hash, before[i].row_hash) << i;
    for (const auto& [shot, time] : delivered_before) EXPECT_EQ(fs::last_write_time(out / (shot + ".png")), time) << shot;
    CliRun verify = run({"ledger", "verify", "--ledger", ledger.string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
    for (const auto& e : fs::directory_iterator(out)) EXPECT_FALSE(e.path().string().ends_with(".partial")) << e.path();
}

TEST_F(FarmSlurm, ShardsRacingForTheLastUsesOfALicenceNeverExceedThem) {
    const fs::path library = limited_library(5);
    const fs::path ledger = m_dir / "ledger.sqlite";
    ASSERT_EQ(run(shoot_args(write_shoot("first", plain_shots(2)), m_dir / "first", ledger, {}, library)).exit_code, 0);
    // Six shots for the three uses left, in two shards that run at once on the cluster's two CPUs.
    const fs::path file = write_shoot("race", plain_shots(6), {{"defaults", {{"size", {216, 270}}}}});
    const fs::path out = m_dir / "out";
    CliRun submitted = run(shoot_args(file, out, ledger, {"--slurm", "--shards", "2", "--no-wait"}, library));
    ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
    EXPECT_NE(submitted.out.find("refused shot-3"), std::string::npos) << submitted.out;
    // Meanwhile a shoot on this machine finds the reserved uses taken.
    CliRun meanwhile = run(shoot_args(write_shoot("meanwhile", plain_shots(2)), m_dir / "meanwhile", ledger, {"--json"}, library));
    EXPECT_EQ(meanwhile.exit_code, 3) << meanwhile.err;
    EXPECT_EQ(json::parse(meanwhile.out)["summary"]["refused"], 2);

    CliRun collected = run(shoot_args(file, out, ledger, {"--slurm", "--resume", "--json"}, library));
    EXPECT_EQ(collected.exit_code, 3) << collected.err;
    EXPECT_EQ(json::parse(collected.out)["summary"]["already_delivered"], 3);
    auto main = consent::Ledger::open_read_only(ledger);
    ASSERT_TRUE(main.ok());
    EXPECT_EQ(main->rows()->size(), 5u) << "exactly the licence's five uses, never more";
    EXPECT_EQ(*main->uses("L-DEMO-AVA-0001"), 5);
    EXPECT_EQ(pngs(out), (std::set<std::string>{"shot-0", "shot-1", "shot-2"}));
    EXPECT_TRUE(main->verify()->ok());
}

}  // namespace
