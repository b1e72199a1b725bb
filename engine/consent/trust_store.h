// The trust store: a folder of owners' public keys and their signed revocation lists.
//
//   TRUST/*.pub                 public key files (consent/signed_document.h), one key each
//   TRUST/revocations/*.json    {"revocations": {"owner": ID, "issued": DATE,
//                                  "licences": [{"id": L, "date": D, "reason": …}],
//                                  "keys": [{"key_id": K, "date": D, "reason": …}]},
//                                "signature": {…}}   signed by one of that owner's keys
//
// load() fails (naming the file) on an unreadable folder or a malformed key file. A revocation list
// that is malformed or not validly signed by its owner does not fail load(): the owner is marked
// so that every decision about that owner's licences is refused (fail closed), with the reason.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "consent/date.h"
#include "consent/signed_document.h"
#include "core/result.h"

namespace twinshoot::consent {

struct RevocationEntry {
    std::string id;  // licence id or key id
    Date date;       // effective from this day (inclusive)
    std::string reason;
};

struct RevocationList {
    std::string owner;
    Date issued;
    std::vector<RevocationEntry> licences;
    std::vector<RevocationEntry> keys;
};

// Revocation list <-> its signed document body.
Result<RevocationList> parse_revocation_list(const SignedDocument& document, const std::string& source);
nlohmann::json revocation_list_body(const RevocationList& list);

class TrustStore {
public:
    static Result<TrustStore> load(const std::filesystem::path& folder);

    const std::filesystem::path& folder() const { return m_folder; }
    const OwnerKey* key(const std::string& key_id) const;
    const std::vector<OwnerKey>& keys() const { return m_keys; }
    // The owner's verified revocation list, if any.
    const RevocationList* revocations(const std::string& owner) const;
    // Why the owner's revocation list cannot be trusted; nullopt when it is fine or absent.
    std::optional<std::string> revocation_problem(const std::string& owner) const;
    // Where revocations of `owner` are stored.
    std::filesystem::path revocation_path(const std::string& owner) const;

private:
    std::filesystem::path m_folder;
    std::vector<OwnerKey> m_keys;
    std::map<std::string, RevocationList> m_revocations;
    std::map<std::string, std::string> m_problems;
};

}  // namespace twinshoot::consent
