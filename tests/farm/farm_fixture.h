// The fixture of the farm CLI tests (tests/farm): the shoot CLI fixture, plus stand-in Slurm tools,
// shard tasks run by hand through job.sh, raw SQL on a ledger, and the check that a farm's images
// name their shard rows (ShootCliFixture::expect_images_match_rows with merged = true).
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "shoot_cli_fixture.h"

namespace twinshoot::test {

class FarmCli : public ShootCliFixture {
protected:
    // sbatch prints a job id and logs its arguments; squeue says nothing is queued.
    void fake_slurm() {
        const fs::path bin = m_dir / "fake-bin";
        fs::create_directories(bin);
        std::ofstream(bin / "sbatch") << "#!/bin/sh\n[ \"$1\" = --version ] && { echo 'slurm 22.05.8'; exit 0; }\n"
                                      << "echo \"$@\" >> '" << (m_dir / "sbatch.args").string() << "'\necho 4242\n";
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
};

}  // namespace twinshoot::test
