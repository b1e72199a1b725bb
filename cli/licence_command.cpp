// `twinshoot licence keygen|sign|verify|show|revoke`: owners' keys, signed licences, revocations.
#include <cstdio>
#include <system_error>

#include "cli_support.h"
#include "commands.h"
#include "consent/licence.h"
#include "consent/policy.h"
#include "consent/signed_document.h"
#include "consent/trust_store.h"
#include "exit_codes.h"

namespace twinshoot::cli {
namespace fs = std::filesystem;

namespace {

Status need_crypto() {
    if (!consent::crypto_ready()) return make_error(ErrorCode::NoDevice, "libsodium failed to initialise");
    return {};
}

}  // namespace

int run_licence_keygen(const LicenceOptions& o) {
    if (auto s = need_crypto(); !s) return fail(s.error());
    const fs::path pub = o.target.string() + ".pub", secret = o.target.string() + ".secret";
    std::error_code ec;
    if (fs::exists(secret, ec))
        return fail(make_error(ErrorCode::Invalid, secret.string() + ": already exists; refusing to overwrite a secret key"));
    const consent::SecretKey key = consent::SecretKey::generate();
    if (auto s = write_text_atomic(secret, consent::secret_key_text(o.owner, key, ""), 0600); !s) return fail(s.error());
    if (auto s = write_text_atomic(pub, consent::public_key_text(o.owner, key.public_key())); !s) return fail(s.error());
    std::printf("key %s for owner %s\n  secret: %s (keep it private; mode 0600)\n  public: %s (copy into trust stores)\n",
                key.public_key().key_id().c_str(), o.owner.c_str(), secret.c_str(), pub.c_str());
    return kExitOk;
}

int run_licence_sign(const LicenceOptions& o) {
    if (auto s = need_crypto(); !s) return fail(s.error());
    auto secret = consent::load_secret_key(o.key);
    if (!secret) return fail(secret.error());
    auto licence = consent::load_licence(o.target);  // a malformed licence is never signed
    if (!licence) return fail(licence.error());
    bool owner = false;
    for (const auto& p : licence->licence.owners) owner = owner || p.id == secret->owner;
    if (!owner)
        return fail(make_error(ErrorCode::Invalid, o.key.string() + ": belongs to '" + secret->owner + "', who is not an owner of licence " +
                                                       licence->licence.id + " (" + o.target.string() + ")"));
    consent::SignedDocument doc = licence->document;
    consent::sign_document(doc, secret->secret_key);
    const fs::path out = o.output.empty() ? o.target : o.output;
    if (auto s = write_text_atomic(out, consent::to_text(doc)); !s) return fail(s.error());
    std::printf("signed licence %s with %s (%s); SHA-256 %s -> %s\n", licence->licence.id.c_str(), doc.signature->key_id.c_str(),
                secret->owner.c_str(), doc.hash.hex().c_str(), out.c_str());
    return kExitOk;
}

int run_licence_verify(const LicenceOptions& o) {
    if (auto s = need_crypto(); !s) return fail(s.error());
    auto licence = consent::load_licence(o.target);
    if (!licence) return fail(licence.error());
    auto trust = consent::TrustStore::load(trust_folder(o.trust));
    if (!trust) return fail(trust.error());
    consent::Date date = consent::Date::today_utc();
    if (!o.date.empty()) {
        auto d = consent::Date::parse(o.date);
        if (!d) return fail(make_error(ErrorCode::Invalid, "--date '" + o.date + "': expected YYYY-MM-DD"));
        date = *d;
    }
    const auto problems = consent::licence_standing(licence->document, *trust, date);
    if (problems.empty()) {
        const consent::OwnerKey* key = trust->key(licence->document.signature->key_id);
        std::printf("%s: valid on %s: licence %s signed by %s (%s), not revoked; SHA-256 %s\n", o.target.c_str(), date.str().c_str(),
                    licence->licence.id.c_str(), key->owner.c_str(), key->public_key.key_id().c_str(),
                    licence->document.hash.hex().c_str());
        return kExitOk;
    }
    std::printf("%s: NOT valid on %s:\n", o.target.c_str(), date.str().c_str());
    for (const auto& v : problems) std::printf("  - %s [%s]\n", v.sentence.c_str(), v.rule.c_str());
    return kExitRefused;
}

int run_licence_show(const LicenceOptions& o) {
    auto licence = consent::load_licence(o.target);
    if (!licence) return fail(licence.error());
    std::printf("%s", consent::describe_licence(licence->licence).c_str());
    if (licence->document.signature)
        std::printf("  Signed by:  %s (verify with `twinshoot licence verify`)\n", licence->document.signature->key_id.c_str());
    else
        std::printf("  UNSIGNED: grants nothing until an owner signs it\n");
    std::printf("  SHA-256:    %s\n", licence->document.hash.hex().c_str());
    return kExitOk;
}

int run_licence_revoke(const LicenceOptions& o) {
    if (auto s = need_crypto(); !s) return fail(s.error());
    if (o.revoke_licence.empty() == o.revoke_key.empty())
        return fail(make_error(ErrorCode::Invalid, "licence revoke takes --licence ID or --key-id KEY (one of them)"));
    auto secret = consent::load_secret_key(o.key);
    if (!secret) return fail(secret.error());
    auto trust = consent::TrustStore::load(trust_folder(o.trust));
    if (!trust) return fail(trust.error());
    const consent::OwnerKey* signer = trust->key(secret->secret_key.public_key().key_id());
    if (!signer || signer->owner != secret->owner)
        return fail(make_error(ErrorCode::Invalid, o.key.string() + ": its public key is not in the trust store " +
                                                       trust->folder().string() + " for owner '" + secret->owner + "'"));
    if (auto problem = trust->revocation_problem(secret->owner))
        return fail(make_error(ErrorCode::Parse, *problem + " (fix or remove it before adding revocations)"));
    consent::RevocationList list;
    if (const consent::RevocationList* existing = trust->revocations(secret->owner)) list = *existing;
    list.owner = secret->owner;
    list.issued = consent::Date::today_utc();
    consent::Date date = list.issued;
    if (!o.date.empty()) {
        auto d = consent::Date::parse(o.date);
        if (!d) return fail(make_error(ErrorCode::Invalid, "--date '" + o.date + "': expected YYYY-MM-DD"));
        date = *d;
    }
    if (!o.revoke_licence.empty()) list.licences.push_back({o.revoke_licence, date, o.reason});
    else list.keys.push_back({o.revoke_key, date, o.reason});
    consent::SignedDocument doc = consent::make_document("revocations", consent::revocation_list_body(list));
    consent::sign_document(doc, secret->secret_key);
    const fs::path path = trust->revocation_path(secret->owner);
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return fail(make_error(ErrorCode::Io, path.parent_path().string() + ": cannot create (" + ec.message() + ")"));
    if (auto s = write_text_atomic(path, consent::to_text(doc)); !s) return fail(s.error());
    std::printf("revoked %s %s from %s; revocation list %s (%zu licences, %zu keys) signed by %s\n",
                o.revoke_licence.empty() ? "key" : "licence", o.revoke_licence.empty() ? o.revoke_key.c_str() : o.revoke_licence.c_str(),
                date.str().c_str(), path.c_str(), list.licences.size(), list.keys.size(), doc.signature->key_id.c_str());
    return kExitOk;
}

}  // namespace twinshoot::cli
