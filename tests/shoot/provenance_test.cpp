// XMP provenance in PNG: the iTXt chunk goes before IDAT, round-trips through our reader (also in
// the element form other tools rewrite it to), and a damaged PNG is an error, never a crash.
#include <gtest/gtest.h>

#include "asset/png_chunks.h"
#include "asset/png_writer.h"
#include "asset/text_raster.h"
#include "asset/texture_decode.h"
#include "consent/provenance.h"
#include "scene/shot_camera.h"
#include "studio/shoot_file.h"

using namespace twinshoot;

namespace {

consent::Provenance sample() {
    consent::Provenance p;
    p.creator_tool = "TwinShoot 0.1.0";
    p.create_date = "2026-11-24T10:00:00Z";
    p.twin_id = "demo-ava";
    p.licence_id = "L-DEMO-AVA-0001";
    p.licence_sha256 = sha256(std::string_view("licence"));
    p.brand = "Brand & <Co> \"quoted\"";
    p.use = "social";
    p.territories = {"FR", "DE"};
    p.shoot = "s";
    p.shot_id = "ava-1";
    p.image_sha256 = sha256(std::string_view("pixels"));
    p.ledger_row_hash = sha256(std::string_view("row"));
    p.disclosure = "Digital twin of a real model - synthetic image";
    return p;
}

asset::ImageRgba8 grey(uint32_t w, uint32_t h, uint8_t v = 128) {
    asset::ImageRgba8 image{w, h, {}};
    image.pixels.assign(size_t(w) * h * 4, v);
    for (size_t i = 3; i < image.pixels.size(); i += 4) image.pixels[i] = 255;
    return image;
}

}  // namespace

TEST(Provenance, XmpRoundTripsWithEscapes) {
    const consent::Provenance p = sample();
    const std::string xmp = consent::make_xmp(p);
    EXPECT_NE(xmp.find("Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic\""),
              std::string::npos);
    auto back = consent::parse_xmp(xmp, "x.png");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->brand, p.brand);
    EXPECT_EQ(back->territories, p.territories);
    EXPECT_EQ(back->ledger_row_hash, p.ledger_row_hash);
    EXPECT_EQ(back->image_sha256, p.image_sha256);
    EXPECT_EQ(back->disclosure, p.disclosure);
}

// Found by png_xmp_fuzz: a value that contains text shaped like another property (here a brand and a
// shot id written to spoof the twin and the licence hash) must not stand in for it when read back.
TEST(Provenance, AValueThatLooksLikeAnotherPropertyCannotSpoofIt) {
    consent::Provenance p = sample();
    p.licence_id = "L-1 twinshoot:LicenceSha256=";  // written before the real LicenceSha256
    p.brand = "Evil twinshoot:Shoot=";                 // written before the real Shoot
    p.shot_id = "shot twinshoot:TwinId=\"someone-else\" x";
    const std::string xmp = consent::make_xmp(p);
    auto back = consent::parse_xmp(xmp, "t.xmp");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->twin_id, p.twin_id);
    EXPECT_EQ(back->licence_id, p.licence_id);
    EXPECT_EQ(back->shoot, p.shoot);
    EXPECT_EQ(back->brand, p.brand);
    EXPECT_EQ(back->shot_id, p.shot_id);
    EXPECT_EQ(back->licence_sha256, p.licence_sha256);
    // Unescaped, inside a hand-made packet's attribute value, the same trick fails too.
    std::string raw = xmp;
    const std::string brand_attr = "twinshoot:Brand=\"";
    raw.insert(raw.find(brand_attr) + brand_attr.size(), "a twinshoot:TwinId='someone-else' ");
    auto spoofed = consent::parse_xmp(raw, "t.xmp");
    ASSERT_TRUE(spoofed.ok()) << spoofed.error().message;
    EXPECT_EQ(spoofed->twin_id, p.twin_id);
    // Control characters (XML forbids them) are malformed, not carried.
    p.licence_id = std::string("L-1\0x", 5);
    EXPECT_FALSE(consent::parse_xmp(consent::make_xmp(p), "t.xmp").ok());
}

TEST(Provenance, ReadsTheElementFormOtherToolsWrite) {
    const consent::Provenance p = sample();
    std::string xmp = "<x:xmpmeta><rdf:RDF><rdf:Description>";
    auto element = [&](const std::string& name, const std::string& value) { xmp += "<" + name + ">" + value + "</" + name + ">\n"; };
    element("Iptc4xmpExt:DigitalSourceType", p.digital_source_type);
    element("xmp:CreatorTool", p.creator_tool);
    element("twinshoot:TwinId", p.twin_id);
    element("twinshoot:LicenceId", p.licence_id);
    element("twinshoot:LicenceSha256", p.licence_sha256.hex());
    element("twinshoot:Brand", "Brand &amp; Co");
    element("twinshoot:Use", p.use);
    element("twinshoot:Territories", "FR DE");
    element("twinshoot:Shoot", p.shoot);
    element("twinshoot:ShotId", p.shot_id);
    element("twinshoot:ImageSha256", p.image_sha256.hex());
    element("twinshoot:LedgerRowHash", p.ledger_row_hash.hex());
    xmp += "</rdf:Description></rdf:RDF></x:xmpmeta>";
    auto back = consent::parse_xmp(xmp, "x.png");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->brand, "Brand & Co");
    EXPECT_FALSE(back->disclosure);
    auto missing = consent::parse_xmp("<x:xmpmeta/>", "y.png");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("y.png"), std::string::npos);
}

TEST(PngChunks, ITxtGoesBeforeIdatAndTheImageStillDecodes) {
    auto png = asset::encode_png(grey(8, 6));
    ASSERT_TRUE(png.ok());
    auto with = asset::insert_itxt(*png, consent::kXmpKeyword, consent::make_xmp(sample()), "t.png");
    ASSERT_TRUE(with.ok()) << with.error().message;
    auto chunks = asset::read_itxt(*with, "t.png");
    ASSERT_TRUE(chunks.ok()) << chunks.error().message;
    ASSERT_EQ(chunks->size(), 1u);
    EXPECT_EQ((*chunks)[0].keyword, consent::kXmpKeyword);
    EXPECT_TRUE((*chunks)[0].before_idat);
    EXPECT_EQ((*chunks)[0].text, consent::make_xmp(sample()));
    auto decoded = asset::decode_image(*with, "t.png");
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->pixels, grey(8, 6).pixels);
    EXPECT_FALSE(asset::insert_itxt(*with, consent::kXmpKeyword, "again", "t.png").ok()) << "exactly one XMP chunk";
}

TEST(PngChunks, DamagedFilesAreErrorsNeverCrashes) {
    auto png = asset::encode_png(grey(8, 6));
    ASSERT_TRUE(png.ok());
    auto with = asset::insert_itxt(*png, consent::kXmpKeyword, "<x/>", "t.png");
    ASSERT_TRUE(with.ok());
    for (size_t cut = 0; cut < with->size(); ++cut) {
        std::vector<uint8_t> truncated(with->begin(), with->begin() + std::ptrdiff_t(cut));
        EXPECT_FALSE(asset::read_itxt(truncated, "cut.png").ok()) << cut;
    }
    for (size_t i = 8; i < with->size(); ++i) {
        std::vector<uint8_t> flipped = *with;
        flipped[i] ^= 0x20;
        auto r = asset::read_itxt(flipped, "flip.png");
        if (!r.ok()) {
            EXPECT_NE(r.error().message.find("flip.png"), std::string::npos);
        }
    }
    EXPECT_EQ(asset::crc32(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>("123456789"), 9)), 0xCBF43926u);
}

// The disclosure label reads at every format: at least 14 px (2.6% of the shorter side) of white on
// a dark plate, inside the image.
TEST(DisclosureLabel, LegibleAtEveryFormat) {
    auto font = asset::Font::standard();
    ASSERT_TRUE(font.ok()) << font.error().message;
    std::vector<studio::FormatPreset> formats = studio::format_presets();
    formats.push_back({"thumbnail", 160, 200});
    for (const auto& f : formats) {
        asset::ImageRgba8 image = grey(f.width, f.height, 235);
        const asset::LabelBox box = asset::draw_label(image, "Digital twin of a real model - synthetic image", *font);
        SCOPED_TRACE(f.name);
        EXPECT_GE(box.pixel_height, 14.0f);
        EXPECT_GE(box.pixel_height, 0.025f * float(std::min(f.width, f.height)));
        EXPECT_GE(box.x, 0);
        EXPECT_GE(box.y, 0);
        EXPECT_LE(box.x + box.width, int(f.width));
        EXPECT_LE(box.y + box.height, int(f.height));
        // Inside the plate: dark background and bright text strokes, a strong contrast.
        int dark = 0, bright = 0;
        for (int y = box.y; y < box.y + box.height; ++y)
            for (int x = box.x; x < box.x + box.width; ++x) {
                const uint8_t v = image.at(uint32_t(x), uint32_t(y))[0];
                dark += v < 60;
                bright += v > 200;
            }
        const int area = box.width * box.height;
        EXPECT_GT(dark, area / 3) << "the plate is dark";
        EXPECT_GT(bright, area / 40) << "the text is drawn";
    }
}

TEST(ShotCamera, FocalLengthAndFramingBehaveLikeACamera) {
    // 85 mm on the 36 mm side of a portrait image: 2 atan(18 / 85) = 23.9 degrees.
    EXPECT_NEAR(glm::degrees(scene::vertical_fov_for_focal_length(85.0f, 0.8f)), 23.91f, 0.05f);
    EXPECT_NEAR(glm::degrees(scene::vertical_fov_for_focal_length(85.0f, 1.5f)), 16.09f, 0.05f);
    asset::Aabb body;
    body.extend({-0.25f, 0.0f, -0.15f});
    body.extend({0.25f, 1.8f, 0.15f});
    const scene::Camera full = scene::frame_shot(body, 0.8f, {}, {0, 0, 1});
    const scene::Camera close = scene::frame_shot(body, 0.8f, {.framing = scene::Framing::CloseUp}, {0, 0, 1});
    EXPECT_LT(glm::length(close.position - close.target), 0.5f * glm::length(full.position - full.target));
    EXPECT_GT(close.target.y, 1.5f) << "a close-up looks at the head";
    const scene::Camera side = scene::frame_shot(body, 0.8f, {.yaw_degrees = 90.0f}, {0, 0, 1});
    EXPECT_GT(side.position.x - side.target.x, 1.0f) << "yaw 90 moves the camera to the subject's left (+X)";
    const scene::Camera above = scene::frame_shot(body, 0.8f, {.pitch_degrees = 30.0f}, {0, 0, 1});
    EXPECT_GT(above.position.y, above.target.y + 0.5f);
}
