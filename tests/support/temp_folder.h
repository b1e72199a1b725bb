// Scratch folders for tests: fresh and empty, under the system's temporary folder, named
// twinshoot-NAME-PID so that tests running side by side (ctest -j) never share one. Every folder
// made here is removed when the test program exits normally (a crashed test leaves its files for
// a person to look at).
#pragma once

#include <filesystem>
#include <string>

namespace twinshoot::test {

// `name`: letters, digits and '-' (it becomes part of the folder's name). A second call with the
// same name in one process empties the folder again.
std::filesystem::path temp_folder(const std::string& name);

}  // namespace twinshoot::test
