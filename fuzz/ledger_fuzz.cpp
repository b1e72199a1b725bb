// libFuzzer target: `twinshoot ledger verify` on a corrupted ledger file. The input is written as
// the SQLite database file, opened read-only and verified (consent/ledger.h). Property: no crash,
// no sanitizer report; a corrupt file is an Error or a failed check, never a pass with rows missing
// from the chain (verify recomputes every row's hash).
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "consent/ledger.h"
#include "scratch_folder.h"

using namespace twinshoot;
namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const fuzz::ScratchFolder scratch("ledger-fuzz");
    static const fs::path file = scratch.path() / "ledger.sqlite";
    fs::remove(file);
    fs::remove(file.string() + "-wal");
    fs::remove(file.string() + "-shm");
    std::ofstream(file, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), std::streamsize(size));
    auto ledger = consent::Ledger::open_read_only(file);
    if (ledger) (void)ledger->verify();
    return 0;
}
