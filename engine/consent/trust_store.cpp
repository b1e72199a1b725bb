#include "consent/trust_store.h"

#include <algorithm>
#include <system_error>

#include "consent/json_fields.h"

namespace twinshoot::consent {
namespace fs = std::filesystem;

namespace {

Result<std::vector<RevocationEntry>> read_entries(const JsonFields& f, const char* key, const char* id_key) {
    std::vector<RevocationEntry> out;
    TS_TRY_ASSIGN(auto items, f.objects(key, false));
    for (const JsonFields& item : items) {
        TS_TRY(item.expect_object({id_key, "date", "reason"}));
        RevocationEntry e;
        TS_TRY_ASSIGN(e.id, item.string(id_key));
        TS_TRY_ASSIGN(e.date, item.date("date"));
        TS_TRY_ASSIGN(e.reason, item.string("reason", false));
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace

Result<RevocationList> parse_revocation_list(const SignedDocument& document, const std::string& source) {
    const JsonFields f(document.body, "$.revocations", source);
    TS_TRY(f.expect_object({"owner", "issued", "licences", "keys"}));
    RevocationList list;
    TS_TRY_ASSIGN(list.owner, f.string("owner"));
    TS_TRY_ASSIGN(list.issued, f.date("issued"));
    TS_TRY_ASSIGN(list.licences, read_entries(f, "licences", "id"));
    TS_TRY_ASSIGN(list.keys, read_entries(f, "keys", "key_id"));
    return list;
}

nlohmann::json revocation_list_body(const RevocationList& list) {
    auto entries = [](const std::vector<RevocationEntry>& items, const char* id_key) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : items) {
            nlohmann::json item = {{id_key, e.id}, {"date", e.date.str()}};
            if (!e.reason.empty()) item["reason"] = e.reason;
            out.push_back(item);
        }
        return out;
    };
    return {{"owner", list.owner}, {"issued", list.issued.str()}, {"licences", entries(list.licences, "id")},
            {"keys", entries(list.keys, "key_id")}};
}

Result<TrustStore> TrustStore::load(const fs::path& folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        return make_error(ErrorCode::Io, folder.string() + ": trust store folder not found");
    TrustStore store;
    store.m_folder = folder;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".pub") files.push_back(entry.path());
    if (ec) return make_error(ErrorCode::Io, folder.string() + ": cannot list (" + ec.message() + ")");
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
        TS_TRY_ASSIGN(OwnerKey key, load_public_key(file));
        if (store.key(key.public_key.key_id())) continue;  // the same key twice is harmless
        store.m_keys.push_back(std::move(key));
    }

    const fs::path revocations = folder / "revocations";
    if (!fs::is_directory(revocations, ec)) return store;
    files.clear();
    for (const auto& entry : fs::directory_iterator(revocations, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
        const std::string owner_from_name = file.stem().string();
        auto doc = load_signed_document(file, "revocations");
        if (!doc) {
            store.m_problems[owner_from_name] = doc.error().message;
            continue;
        }
        auto list = parse_revocation_list(*doc, file.string());
        if (!list) {
            store.m_problems[owner_from_name] = list.error().message;
            continue;
        }
        const OwnerKey* signer = doc->signature ? store.key(doc->signature->key_id) : nullptr;
        std::string problem;
        if (list->owner != owner_from_name) problem = "names owner \"" + list->owner + "\" but is filed as " + owner_from_name;
        else if (!doc->signature) problem = "is not signed";
        else if (!signer) problem = "is signed by " + doc->signature->key_id + ", which is not in the trust store";
        else if (signer->owner != list->owner) problem = "is signed by a key of \"" + signer->owner + "\", not of its owner";
        else if (!signature_verifies(*doc, signer->public_key)) problem = "signature does not verify (edited after signing?)";
        if (!problem.empty()) {
            store.m_problems[owner_from_name] = file.string() + ": revocation list " + problem;
            continue;
        }
        store.m_revocations[list->owner] = std::move(*list);
    }
    return store;
}

const OwnerKey* TrustStore::key(const std::string& key_id) const {
    for (const OwnerKey& k : m_keys)
        if (k.public_key.key_id() == key_id) return &k;
    return nullptr;
}

const RevocationList* TrustStore::revocations(const std::string& owner) const {
    auto it = m_revocations.find(owner);
    return it == m_revocations.end() ? nullptr : &it->second;
}

std::optional<std::string> TrustStore::revocation_problem(const std::string& owner) const {
    auto it = m_problems.find(owner);
    if (it == m_problems.end()) return std::nullopt;
    return it->second;
}

fs::path TrustStore::revocation_path(const std::string& owner) const { return m_folder / "revocations" / (owner + ".json"); }

}  // namespace twinshoot::consent
