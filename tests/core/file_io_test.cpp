#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>
#include <fstream>

#include "core/file_io.h"
#include "temp_folder.h"

namespace fs = std::filesystem;
using namespace twinshoot;

namespace {

fs::path fresh_dir(const char* name) {
    return test::temp_folder(std::string("file-io-") + name);
}

size_t entries(const fs::path& dir) {
    return size_t(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST(FileIo, ReadMissingFileNamesThePath) {
    auto r = read_file("/nonexistent/twinshoot/model.glb");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Io);
    EXPECT_NE(r.error().message.find("/nonexistent/twinshoot/model.glb"), std::string::npos);
    EXPECT_NE(r.error().message.find("not found"), std::string::npos);
}

TEST(FileIo, AtomicFileCommitReplacesDestination) {
    const fs::path dir = fresh_dir("commit");
    const fs::path target = dir / "image.png";
    { std::ofstream(target) << "old"; }
    const uint8_t bytes[] = {1, 2, 3, 4};
    ASSERT_TRUE(write_file_atomic(target, bytes).ok());
    auto back = read_file(target);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, std::vector<uint8_t>(bytes, bytes + 4));
    EXPECT_EQ(entries(dir), 1u) << "no temporary file may remain";
    const mode_t mask = ::umask(0);
    ::umask(mask);
    EXPECT_EQ(fs::status(target).permissions(), fs::perms(0666 & ~mask)) << "ordinary file mode, not mkstemp's 0600";
}

// Files written from several threads at once (the editor's prefetch worker beside the window): the
// process's umask is read, never set, so it stays as it was and every file gets 0666 less it.
TEST(FileIo, ConcurrentWritersLeaveTheUmaskAsItWas) {
    const fs::path dir = fresh_dir("umask");
    const mode_t before = ::umask(027);
    std::vector<std::thread> writers;
    std::atomic<int> failed{0};
    for (int t = 0; t < 4; ++t)
        writers.emplace_back([&, t] {
            const uint8_t bytes[] = {uint8_t(t)};
            for (int i = 0; i < 200; ++i)
                if (!write_file_atomic(dir / ("f" + std::to_string(t) + "-" + std::to_string(i)), bytes).ok()) ++failed;
        });
    for (auto& w : writers) w.join();
    const mode_t after = ::umask(before);
    EXPECT_EQ(after, mode_t(027)) << "a writer changed the process's umask";
    EXPECT_EQ(failed.load(), 0);
    for (const auto& entry : fs::directory_iterator(dir))
        ASSERT_EQ(entry.status().permissions(), fs::perms(0640)) << entry.path();
    EXPECT_EQ(entries(dir), 800u);
}

TEST(FileIo, AtomicFileWithoutCommitLeavesNothing) {
    const fs::path dir = fresh_dir("abort");
    {
        auto file = AtomicFile::create(dir / "half.png");
        ASSERT_TRUE(file.ok());
        const uint8_t bytes[] = {9, 9, 9};
        ASSERT_TRUE(file->write(bytes).ok());
        EXPECT_TRUE(fs::exists(file->temp_path()));
    }
    EXPECT_EQ(entries(dir), 0u) << "an abandoned write must leave neither the file nor its temp";
}

TEST(FileIo, AtomicFileInUnwritablePlaceFailsUpFront) {
    const fs::path dir = fresh_dir("unwritable");
    { std::ofstream(dir / "plain-file") << "x"; }
    auto file = AtomicFile::create(dir / "plain-file" / "out.png");  // parent is a file
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(file.error().code, ErrorCode::Io);
    EXPECT_NE(file.error().message.find("out.png"), std::string::npos);
    auto missing = AtomicFile::create(dir / "missing-folder" / "out.png");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("missing-folder"), std::string::npos);
}

TEST(Result, CarriesValueOrError) {
    Result<int> good = 7;
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(*good, 7);
    Result<int> bad = make_error(ErrorCode::Parse, "broken");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().with_context("file.glb").message, "file.glb: broken");
    Status fine;
    EXPECT_TRUE(fine.ok());
}
