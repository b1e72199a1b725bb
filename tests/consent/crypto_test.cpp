// Ed25519 through our wrapper against RFC 8032 §7.1 test vectors, base64 and key ids.
#include <gtest/gtest.h>

#include <vector>

#include "consent/crypto.h"
#include "core/sha256.h"

namespace twinshoot::consent {
namespace {

std::vector<uint8_t> unhex(const std::string& hex) {
    std::vector<uint8_t> out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(uint8_t(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

struct Rfc8032Vector {
    const char* name;
    const char* secret;
    const char* public_key;
    const char* message;
    const char* signature;
};

// RFC 8032 section 7.1, TEST 1, 2, 3 and SHA(abc).
const Rfc8032Vector kVectors[] = {
    {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"},
};

TEST(Ed25519, Rfc8032VectorsSignAndVerify) {
    ASSERT_TRUE(crypto_ready());
    for (const Rfc8032Vector& v : kVectors) {
        const auto seed = unhex(v.secret);
        ASSERT_EQ(seed.size(), 32u);
        const SecretKey key = SecretKey::from_seed(std::span<const uint8_t, 32>(seed.data(), 32));
        EXPECT_EQ(to_hex(key.public_key().bytes), v.public_key) << v.name;
        const auto message = unhex(v.message);
        const Signature signature = key.sign(message);
        EXPECT_EQ(to_hex(signature.bytes), v.signature) << v.name;
        PublicKey pub;
        const auto pub_bytes = unhex(v.public_key);
        std::copy(pub_bytes.begin(), pub_bytes.end(), pub.bytes.begin());
        EXPECT_TRUE(verify(pub, message, signature)) << v.name;
        // One flipped bit in the message or the signature fails.
        Signature bad = signature;
        bad.bytes[10] ^= 0x01;
        EXPECT_FALSE(verify(pub, message, bad)) << v.name;
        auto other = message;
        other.push_back(0);
        EXPECT_FALSE(verify(pub, other, signature)) << v.name;
    }
}

TEST(Ed25519, KeyIdIsDerivedFromThePublicKey) {
    ASSERT_TRUE(crypto_ready());
    const SecretKey a = SecretKey::generate(), b = SecretKey::generate();
    EXPECT_EQ(a.public_key().key_id().rfind("ed25519:", 0), 0u);
    EXPECT_EQ(a.public_key().key_id().size(), 8u + 16u);
    EXPECT_NE(a.public_key().key_id(), b.public_key().key_id());
}

TEST(Base64, RoundTripsAndRefusesJunk) {
    const std::vector<uint8_t> bytes = {0, 1, 2, 250, 251, 252, 253};
    const std::string text = base64_encode(bytes);
    EXPECT_EQ(text, "AAEC+vv8/Q==");
    EXPECT_EQ(base64_decode(text), bytes);
    EXPECT_FALSE(base64_decode("AAEC+vv8/Q"));    // missing padding
    EXPECT_FALSE(base64_decode("AAEC +vv8/Q=="));  // whitespace
    EXPECT_FALSE(base64_decode("AAEC*vv8/Q=="));   // not base64
}

TEST(Sha256, KnownDigests) {
    EXPECT_EQ(sha256(std::string_view("abc")).hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256(std::string_view("")).hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_TRUE(parse_sha256_hex(sha256(std::string_view("abc")).hex()));
    EXPECT_FALSE(parse_sha256_hex("abc"));
    EXPECT_FALSE(parse_sha256_hex(std::string(64, 'g')));
}

}  // namespace
}  // namespace twinshoot::consent
