// Farms (docs/farm.md) through the CLI on lavapipe, without a cluster: the coordinator runs against
// stand-in sbatch/squeue scripts and the shard tasks are run by hand through job.sh, as Slurm would:
// reservations, shard ledgers, the merge and its refusals. The same on a real local cluster:
// farm_slurm_test.cpp.
#include "farm_fixture.h"

namespace {

using namespace twinshoot;
using namespace twinshoot::test;

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
    // Shard 1's own holds tampered so that it would grant shot-4, which the coordinator refused: a
    // shard renders only the shots planned for it.
    sql(out / "farm/shard-1/ledger.sqlite", "UPDATE holds SET uses = 0");
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
    expect_images_match_rows(out, merged, true);
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

    // Shard 1 run a second time from its pristine ledger (its rows lost): it would deliver its shots
    // again, but finds their images and overwrites nothing.
    const std::string shot0 = slurp(out / "shot-0.png");
    fs::copy_file(m_dir / "shard-1-before.sqlite", shard1, fs::copy_options::overwrite_existing);
    EXPECT_EQ(run_task(out, 1), 2);
    EXPECT_NE(slurp(out / "farm/task-by-hand.log").find("shot-0.png: exists, but the ledger"), std::string::npos)
        << slurp(out / "farm/task-by-hand.log");
    EXPECT_EQ(slurp(out / "shot-0.png"), shot0);
    EXPECT_EQ(slurp(out / "farm/shard-1/exit"), "2\n");
    EXPECT_EQ(rows(ledger).size(), 4u);
}

// A licence with no uses left: decided here, nothing reserved or submitted.
TEST_F(FarmCli, AShootTheLicencesRefuseWhollyIsNotSubmitted) {
    fake_slurm();
    const fs::path library = limited_library(2);
    const fs::path ledger = m_dir / "ledger.sqlite";
    ASSERT_EQ(run(shoot_args(write_shoot("first", plain_shots(2)), m_dir / "first", ledger, {}, library)).exit_code, 0);
    const fs::path out = m_dir / "out";
    CliRun r = run(shoot_args(write_shoot("more", plain_shots(2)), out, ledger, {"--slurm", "--shards", "2"}, library));
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.out.find("refused shot-0"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("the licences grant no shot; nothing submitted"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(m_dir / "sbatch.args"));
    EXPECT_FALSE(fs::exists(out / "farm"));
    EXPECT_EQ(rows(ledger).size(), 2u);
}

// No scheduler on this machine: an error that says so, and nothing reserved or written.
TEST_F(FarmCli, WithoutSlurmNothingIsReserved) {
    const fs::path library = limited_library(3);
    const fs::path out = m_dir / "out", ledger = m_dir / "ledger.sqlite";
    m_env = "PATH=" + quote((m_dir / "empty-bin").string()) + " ";
    fs::create_directories(m_dir / "empty-bin");
    CliRun r = run(shoot_args(write_shoot("farm", plain_shots(2)), out, ledger, {"--slurm"}, library));
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("cannot run sbatch"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out / "farm"));
    auto main = consent::Ledger::open_read_only(ledger);
    ASSERT_TRUE(main.ok());
    EXPECT_EQ(*main->uses("L-DEMO-AVA-0001"), 0) << "nothing held";
}

// A farm's folder belongs to the farm: a plain run into it (resumed or sharded) is refused, and so
// are sbatch options that would change how the farm follows its tasks.
TEST_F(FarmCli, OnlyTheFarmWritesIntoItsFolder) {
    fake_slurm();
    const fs::path file = write_shoot("farm", plain_shots(3));
    const fs::path out = m_dir / "out", ledger = m_dir / "ledger.sqlite";
    CliRun bad_arg = run(shoot_args(file, out, ledger, {"--slurm", "--no-wait", "--sbatch-arg=--array=1-9"}));
    EXPECT_EQ(bad_arg.exit_code, 2);
    EXPECT_NE(bad_arg.err.find("the farm sets --array itself"), std::string::npos) << bad_arg.err;
    EXPECT_FALSE(fs::exists(out / "farm")) << "refused before anything was reserved";
    ASSERT_EQ(run(shoot_args(file, out, ledger, {"--slurm", "--no-wait", "--sbatch-arg=--time=10"})).exit_code, 0);
    EXPECT_NE(slurp(m_dir / "sbatch.args").find("--time=10"), std::string::npos);
    for (const std::vector<std::string>& extra : {std::vector<std::string>{"--resume"}, {"--shard", "1/2"}, {}}) {
        CliRun plain = run(shoot_args(file, out, ledger, extra));
        EXPECT_EQ(plain.exit_code, 2) << plain.err;
        EXPECT_NE(plain.err.find("holds farm run"), std::string::npos) << plain.err;
    }
    EXPECT_TRUE(pngs(out).empty());
    EXPECT_TRUE(rows(ledger).empty());
}

}  // namespace
