#include "asset/confined_io_system.h"

#include <assimp/IOStream.hpp>

#include <algorithm>
#include <cstring>
#include <vector>

namespace twinshoot::asset::detail {
namespace {

// A whole file in memory, read-only (shared: the model file may be opened more than once).
class MemoryStream final : public Assimp::IOStream {
public:
    explicit MemoryStream(std::shared_ptr<const std::vector<uint8_t>> file) : m_file(std::move(file)), m_bytes(*m_file) {}
    size_t Read(void* buffer, size_t size, size_t count) override {
        if (size == 0 || count == 0) return 0;
        const size_t items = std::min(count, (m_bytes.size() - m_at) / size);
        std::memcpy(buffer, m_bytes.data() + m_at, items * size);
        m_at += items * size;
        return items;
    }
    size_t Write(const void*, size_t, size_t) override { return 0; }
    aiReturn Seek(size_t offset, aiOrigin origin) override {
        size_t target = 0;
        switch (origin) {
            case aiOrigin_SET: target = offset; break;
            case aiOrigin_CUR: target = m_at + offset; break;
            case aiOrigin_END: target = m_bytes.size() - offset; break;  // Assimp passes a positive distance back
            default: return aiReturn_FAILURE;
        }
        if (target > m_bytes.size()) return aiReturn_FAILURE;
        m_at = target;
        return aiReturn_SUCCESS;
    }
    size_t Tell() const override { return m_at; }
    size_t FileSize() const override { return m_bytes.size(); }
    void Flush() override {}

private:
    std::shared_ptr<const std::vector<uint8_t>> m_file;
    const std::vector<uint8_t>& m_bytes;
    size_t m_at = 0;
};

}  // namespace

std::optional<std::string> ConfinedIOSystem::relative(const char* file) const {
    std::string path = file ? file : "";
    std::replace(path.begin(), path.end(), '\\', '/');
    if (path.rfind(m_prefix, 0) != 0) return std::nullopt;
    return path.substr(m_prefix.size());
}

bool ConfinedIOSystem::Exists(const char* file) const {
    const auto rel = relative(file);
    return rel && m_folder.exists(*rel);
}

Assimp::IOStream* ConfinedIOSystem::Open(const char* file, const char* mode) {
    if (!mode || std::strchr(mode, 'w') || std::strchr(mode, 'a') || std::strchr(mode, '+')) return nullptr;
    const auto rel = relative(file);
    if (rel && m_model_bytes && normalise_reference(*rel) == m_model_name) return new MemoryStream(m_model_bytes);
    Result<std::vector<uint8_t>> bytes =
        rel ? m_folder.read(*rel, m_limits.max_file_bytes)
            : Result<std::vector<uint8_t>>(make_error(ErrorCode::Invalid, m_folder.model_path().string() + ": refused reference '" +
                                                                              std::string(file ? file : "") + "': outside the model's folder"));
    if (!bytes) {
        if (!m_refusal && bytes.error().code != ErrorCode::Io) m_refusal = bytes.error();
        return nullptr;
    }
    return new MemoryStream(std::make_shared<const std::vector<uint8_t>>(std::move(bytes).value()));
}

void ConfinedIOSystem::Close(Assimp::IOStream* stream) { delete stream; }

}  // namespace twinshoot::asset::detail
