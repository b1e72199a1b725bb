// Assimp's file access, confined to a model's folder (internal to asset/).
//
// Assimp opens the files a model names itself (glTF buffers, OBJ .mtl). This IOSystem hands it only
// files inside the model's folder, read whole through ConfinedFolder (so the kernel refuses
// escapes), and remembers the first reference it refused so the import can name it instead of
// Assimp's "cannot open file". Paths arrive as Assimp builds them: the folder prefix given to
// ReadFile, then the reference.
#pragma once

#include <assimp/IOSystem.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asset/confined_folder.h"
#include "asset/import_limits.h"

namespace twinshoot::asset::detail {

class ConfinedIOSystem final : public Assimp::IOSystem {
public:
    // `prefix` is what the path given to Assimp's ReadFile starts with (the folder and a '/').
    // `model_name` / `model_bytes`: the model file, already read (and prechecked) by the caller;
    // Assimp gets those bytes rather than a second read of the file.
    ConfinedIOSystem(const ConfinedFolder& folder, std::string prefix, const ImportLimits& limits, std::string model_name,
                     std::shared_ptr<const std::vector<uint8_t>> model_bytes)
        : m_folder(folder), m_prefix(std::move(prefix)), m_limits(limits), m_model_name(std::move(model_name)),
          m_model_bytes(std::move(model_bytes)) {}

    bool Exists(const char* file) const override;
    char getOsSeparator() const override { return '/'; }
    Assimp::IOStream* Open(const char* file, const char* mode = "rb") override;
    void Close(Assimp::IOStream* stream) override;

    const std::optional<Error>& refusal() const { return m_refusal; }

private:
    // The reference inside the folder that Assimp's path stands for; nullopt when it has none.
    std::optional<std::string> relative(const char* file) const;

    const ConfinedFolder& m_folder;
    std::string m_prefix;
    const ImportLimits& m_limits;
    std::string m_model_name;
    std::shared_ptr<const std::vector<uint8_t>> m_model_bytes;
    std::optional<Error> m_refusal;
};

}  // namespace twinshoot::asset::detail
