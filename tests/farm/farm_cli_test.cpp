// Shoots as Slurm job arrays (docs/farm.md), end to end through the CLI on lavapipe.
//
// FarmCli runs the coordinator against stand-in sbatch/squeue scripts and the shard tasks by hand
// (job.sh, as Slurm would run it): reservations, shard ledgers, the merge and its refusals, without
// a cluster. FarmSlurm runs on the private single-node cluster of scripts/slurm-local.sh (the
// farm.slurm fixture starts it): the demo shoot in 3 shards is the single-process run, a cancelled
// task resumes with nothing rendered twice, and shards racing for a licence's last uses never
// exceed it.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "shoot_cli_fixture.h"

namespace {

using namespace twinshoot;
using namespace twinshoot::test;

class FarmCli : public ShootCliFixture {
protected:
    // sbatch prints a job id and logs its arguments; squeue says nothing is queued.
    void fake_slurm() {
        const fs::path bin = m_dir / "fake-bin";
        fs::create_directories(bin);
        std::ofstream(bin / "sbatch") << "#!/bin/sh\necho \"$@\" >> '" << (m_dir / "sbatch.args").string() << "'\necho 4242\n";
        std::ofstream(bin / "squeue") << "#!/bin/sh\nexit 0\n";
        fs::permissions(bin / "sbatch", fs::perms::owner_all);
        fs::permissions(bin / "squeue", fs::perms::owner_all);
        m_env = "PATH=" + quote(bin.string()) + ":\"$PATH\" ";
    }
    // Runs shard task K of the farm in `out` the way Slurm would: job.sh with the task id set.
    int run_task(const fs::path& out, int k) {
        const std::string command = "SLURM_ARRAY_TASK_ID=" + std::to_string(k) + " sh " + quote((out / "farm/job.sh").string()) +
                                    " >>" + quote((out / "farm/task-by-hand.log").string()) + " 2>&1";
        const int status = std::system(command.c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    void sql(const fs::path& db_path, const std::string& statement) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
        char* message = nullptr;
        EXPECT_EQ(sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
        sqlite3_free(message);
        sqlite3_close(db);
    }
    // Every image names (in its XMP) the shard row it was recorded under; the main ledger holds exactly
    // one row per image, with that origin and the image's pixels.
    static void expect_images_match_merged_rows(const fs::path& out, const std::vector<consent::LedgerRow>& rows) {
        std::map<std::string, const consent::LedgerRow*> by_shot;
        for (const auto& r : rows) EXPECT_TRUE(by_shot.emplace(r.delivery.shot_id, &r).second) << "two rows for " << r.delivery.shot_id;
        const std::set<std::string> images = pngs(out);
        EXPECT_EQ(images.size(), by_shot.size());
        for (const std::string& id : images) {
            ASSERT_TRUE(by_shot.count(id)) << id << ".png has no ledger row";
            const fs::path p = out / (id + ".png");
            auto bytes = read_file(p);
            ASSERT_TRUE(bytes.ok());
            auto chunks = asset::read_itxt(*bytes, p.string());
            ASSERT_TRUE(chunks.ok() && chunks->size() == 1u);
            auto prov = consent::parse_xmp((*chunks)[0].text, p.string());
            ASSERT_TRUE(prov.ok());
            ASSERT_TRUE(by_shot[id]->origin.has_value()) << id << ": a farm's row keeps its shard row hash";
            EXPECT_EQ(prov->ledger_row_hash, *by_shot[id]->origin) << id;
            auto image = asset::decode_image(*bytes, p.string());
            ASSERT_TRUE(image.ok());
            EXPECT_EQ(consent::image_pixels_sha256(image->width, image->height, image->pixels), by_shot[id]->delivery.image_sha256) << id;
        }
    }
};

TEST_F(FarmCli, ShardLedgersMergeIntoOneChainAndTheMergeRefusesWhatItMust) {
    fake_slurm();
    const fs::path library = limited_library(4);
    const fs::path file = write_shoot("farm", plain_shots(5));
    const fs::path out = m_dir / "out", ledger = m_dir / "ledger.sqlite";
    CliRun submitted = run(shoot_args(file, out, ledger, {"--slurm", "--shards", "2", "--no-wait", "--partition", "batch"}, library));
    ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
    EXPECT_NE(submitted.out.find("refused shot-4"), std::string::npos) << "decided here first: four uses, five shots\n" << submitted.out;
    EXPECT_NE(submitted.err.find("submitted job 4242 (2 shards)"), std::string::npos) << submitted.err;
    const std::string sbatch = slurp(m_dir / "sbatch.args");
    EXPECT_NE(sbatch.find("--array=1-2"), std::string::npos) << sbatch;
    EXPECT_NE(sbatch.find("--partition=batch"), std::string::npos) << sbatch;
    const json record = json::parse(slurp(out / "farm/farm.json"));
    EXPECT_EQ(record["jobs"], json::array({"4242"}));
    // The farm holds the four uses in the main ledger before any task runs: nobody else can take them.
    {
        auto main = consent::Ledger::open_read_only(ledger);
        ASSERT_TRUE(main.ok());
        EXPECT_EQ(*main->uses("L-DEMO-AVA-0001"), 4);
        EXPECT_TRUE(main->rows()->empty());
    }
    CliRun other = run(shoot_args(file, m_dir / "other", ledger, {"--json"}, library));
    EXPECT_EQ(other.exit_code, 3) << other.err;
    EXPECT_EQ(json::parse(other.out)["summary"]["refused"], 5) << "the farm's reservation counts as used";
    // Again without --resume: refused, nothing submitted.
    CliRun again = run(shoot_args(file, out, ledger, {"--slurm"}, library));
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("already holds farm run"), std::string::npos) << again.err;

    fs::copy_file(out / "farm/shard-1/ledger.sqlite", m_dir / "shard-1-before.sqlite");
    ASSERT_EQ(run_task(out, 1), 0) << slurp(out / "farm/task-by-hand.log");
    ASSERT_EQ(run_task(out, 2), 0) << slurp(out / "farm/task-by-hand.log");
    EXPECT_EQ(slurp(out / "farm/shard-1/exit"), "0\n");
    EXPECT_EQ(pngs(out), (std::set<std::string>{"shot-0", "shot-1", "shot-2", "shot-3"}));
    const fs::path shard1 = out / "farm/shard-1/ledger.sqlite", shard2 = out / "farm/shard-2/ledger.sqlite";
    EXPECT_EQ(rows(shard1).size(), 2u);
    EXPECT_EQ(rows(shard2).size(), 2u);

    // A tampered shard: refused, naming the shard and its row; nothing merged.
    fs::copy_file(shard1, m_dir / "tampered.sqlite");
    sql(m_dir / "tampered.sqlite", "UPDATE deliveries SET fee_minor = 1 WHERE seq = 1");
    CliRun tampered = run({"ledger", "merge", (m_dir / "tampered.sqlite").string(), shard2.string(), "--ledger", ledger.string()});
    EXPECT_EQ(tampered.exit_code, 2);
    EXPECT_NE(tampered.err.find("tampered.sqlite: the shard's hash chain is broken at row 1"), std::string::npos) << tampered.err;
    // A row whose image is gone: refused, naming the row.
    fs::rename(out / "shot-2.png", m_dir / "shot-2.png");
    CliRun missing = run({"ledger", "merge", shard1.string(), "--ledger", ledger.string()});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("row 2 (shot 'shot-2'): its image"), std::string::npos) << missing.err;
    fs::rename(m_dir / "shot-2.png", out / "shot-2.png");
    // Not a shard ledger at all.
    CliRun plain = run({"ledger", "merge", (m_dir / "shard-1-before.sqlite").string(), ledger.string(), "--ledger", ledger.string()});
    EXPECT_EQ(plain.exit_code, 2);
    EXPECT_NE(plain.err.find("not a shard ledger"), std::string::npos) << plain.err;
    EXPECT_TRUE(rows(ledger).empty()) << "no refused merge changed anything";

    // The coordinator collects: merges both shards, writes the report and contact sheet, releases.
    CliRun collected = run(shoot_args(file, out, ledger, {"--slurm", "--resume", "--json"}, library));
    EXPECT_EQ(collected.exit_code, 3) << "one shot refused by the licence\n" << collected.err;
    const json report = json::parse(collected.out);
    EXPECT_EQ(report["farm"]["merged_rows"], 4);
    EXPECT_EQ(report["farm"]["complete"], true);
    EXPECT_EQ(report["summary"]["already_delivered"], 4);
    EXPECT_EQ(report["summary"]["refused"], 1);
    EXPECT_EQ(json::parse(slurp(out / "report.json"))["summary"]["already_delivered"], 4);
    EXPECT_TRUE(fs::exists(out / "contact-sheet.png"));
    const auto merged = rows(ledger);
    ASSERT_EQ(merged.size(), 4u);
    for (const auto& r : merged) EXPECT_EQ(r.delivery.run_id, record["farm_id"].get<std::string>());
    expect_images_match_merged_rows(out, merged);
    CliRun verify = run({"ledger", "verify", "--ledger", ledger.string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
    CliRun inspect = run({"inspect", (out / "shot-1.png").string(), "--ledger", ledger.string()});
    EXPECT_EQ(inspect.exit_code, 0) << inspect.out << inspect.err;
    CliRun statement = run({"ledger", "report", "--twin", "demo-ava", "--ledger", ledger.string(), "--format", "json"});
    ASSERT_EQ(statement.exit_code, 0) << statement.err;
    EXPECT_EQ(json::parse(statement.out)["totals"]["EUR"]["images"], 4);
    {
        auto main = consent::Ledger::open_read_only(ledger);
        EXPECT_EQ(*main->uses("L-DEMO-AVA-0001"), 4) << "the hold was released as rows came in";
        EXPECT_TRUE(main->holds(record["farm_id"].get<std::string>())->empty());
    }
    // Merging again adds nothing.
    CliRun twice = run({"ledger", "merge", shard1.string(), shard2.string(), "--ledger", ledger.string()});
    EXPECT_EQ(twice.exit_code, 0) << twice.err;
    EXPECT_NE(twice.out.find("0 new rows; 4 rows, hash chain intact"), std::string::npos) << twice.out;

    // Shard 1 run a second time from its pristine ledger: the same shots delivered again are
    // refused by the merge as duplicates.
    fs::copy_file(m_dir / "shard-1-before.sqlite", shard1, fs::copy_options::overwrite_existing);
    ASSERT_EQ(run_task(out, 1), 0) << slurp(out / "farm/task-by-hand.log");
    CliRun duplicate = run({"ledger", "merge", shard1.string(), "--ledger", ledger.string()});
    EXPECT_EQ(duplicate.exit_code, 2);
    EXPECT_NE(duplicate.err.find("row 1 (shot 'shot-0')"), std::string::npos) << duplicate.err;
    EXPECT_NE(duplicate.err.find("duplicate delivery"), std::string::npos) << duplicate.err;
    EXPECT_EQ(rows(ledger).size(), 4u);
}

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
    expect_images_match_merged_rows(m_dir / "farm", farm_rows);
    CliRun verify = run({"ledger", "verify", "--ledger", (m_dir / "farm.sqlite").string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
    for (int k = 1; k <= 3; ++k) EXPECT_EQ(slurp(m_dir / "farm" / ("farm/shard-" + std::to_string(k)) / "exit"), "0\n") << k;
    const json a = json::parse(slurp(m_dir / "single/report.json")), b = json::parse(slurp(m_dir / "farm/report.json"));
    EXPECT_EQ(b["summary"]["already_delivered"], a["summary"]["delivered"]);
    EXPECT_EQ(b["summary"]["fees"], a["summary"]["fees"]);
    EXPECT_TRUE(fs::exists(m_dir / "farm/contact-sheet.png"));
}

TEST_F(FarmSlurm, ACancelledTaskResumesAndNothingIsRenderedTwice) {
    const fs::path file = write_shoot("cancel", plain_shots(16), {{"defaults", {{"size", {432, 540}}}}});
    const fs::path out = m_dir / "out", ledger = m_dir / "ledger.sqlite";
    CliRun submitted = run(shoot_args(file, out, ledger, {"--slurm", "--shards", "2", "--no-wait"}));
    ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
    const std::string job = job_of(out);
    // Cancel task 1 once it has recorded its first image, mid-run.
    const fs::path shard1 = out / "farm/shard-1/ledger.sqlite";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    size_t seen = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (auto l = consent::Ledger::open_read_only(shard1); l && (seen = l->rows()->size()) >= 1) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_GE(seen, 1u) << "shard 1 never recorded an image";
    ASSERT_EQ(std::system(("scancel " + job + "_1").c_str()), 0);
    for (int i = 0; i < 100 && std::system(("squeue -h -r -j " + job + " -o %K | grep -qx 1").c_str()) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_FALSE(fs::exists(out / "farm/shard-1/exit")) << "task 1 was cancelled before it finished";
    const size_t before_resume = rows(shard1).size();
    EXPECT_LT(before_resume, 8u);

    CliRun resumed = run(shoot_args(file, out, ledger, {"--slurm", "--resume", "--json"}));
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    const json report = json::parse(resumed.out);
    EXPECT_EQ(report["summary"]["already_delivered"], 16);
    EXPECT_EQ(report["farm"]["complete"], true);
    EXPECT_EQ(report["farm"]["jobs"].size(), 2u) << "shard 1 re-submitted (shard 2 only if it had not finished)";
    const auto merged = rows(ledger);
    EXPECT_EQ(merged.size(), 16u);
    expect_images_match_merged_rows(out, merged);
    EXPECT_EQ(rows(shard1).size(), 8u);
    // Shard 1 resumed its own run: the rows it had made before the cancel are still its first rows.
    EXPECT_GE(rows(shard1).size(), before_resume);
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
