// `twinshoot ledger verify|report` and `twinshoot inspect`.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "asset/png_chunks.h"
#include "asset/texture_decode.h"
#include "cli_support.h"
#include "commands.h"
#include "consent/ledger.h"
#include "consent/provenance.h"
#include "consent/string_lists.h"
#include "core/file_io.h"
#include "exit_codes.h"
#include "farm/ledger_merge.h"

namespace twinshoot::cli {
namespace fs = std::filesystem;

namespace {

Result<consent::Ledger> open_existing(const fs::path& option) {
    return consent::Ledger::open_read_only(option.empty() ? consent::Ledger::default_path() : option);
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// "120.00" (the amount without its currency)
std::string amount(int64_t minor) {
    char text[32];
    const int64_t whole = minor / 100, cents = (minor < 0 ? -minor : minor) % 100;
    std::snprintf(text, sizeof text, "%s%lld.%02lld", minor < 0 && whole == 0 ? "-" : "", static_cast<long long>(whole),
                  static_cast<long long>(cents));
    return text;
}

}  // namespace

int run_ledger_verify(const LedgerOptions& options) {
    auto ledger = open_existing(options.ledger);
    if (!ledger) return fail(ledger.error());
    auto check = ledger->verify();
    if (!check) return fail(check.error());
    if (!check->ok()) {
        std::fprintf(stderr, "twinshoot: error: %s: the hash chain is broken at %s\n", ledger->path().c_str(), check->problem.c_str());
        return kExitBadInput;
    }
    std::printf("%s: %lld rows, hash chain intact; head %s\n", ledger->path().c_str(), static_cast<long long>(check->rows),
                check->head.hex().c_str());
    return kExitOk;
}

int run_ledger_report(const LedgerOptions& options) {
    std::optional<consent::Date> from, to;
    for (auto [text, out, name] : {std::tuple{&options.from, &from, "--from"}, std::tuple{&options.to, &to, "--to"}}) {
        if (text->empty()) continue;
        *out = consent::Date::parse(*text);
        if (!*out) return fail(make_error(ErrorCode::Invalid, std::string(name) + " '" + *text + "': expected YYYY-MM-DD"));
    }
    if (options.format != "csv" && options.format != "json")
        return fail(make_error(ErrorCode::Invalid, "--format '" + options.format + "': expected csv or json"));
    auto ledger = open_existing(options.ledger);
    if (!ledger) return fail(ledger.error());
    auto check = ledger->verify();
    if (!check) return fail(check.error());
    if (!check->ok())
        return fail(make_error(ErrorCode::Parse, ledger->path().string() + ": the hash chain is broken at " + check->problem +
                                                     "; no statement from a tampered ledger"));
    auto lines = ledger->usage(options.twin, from, to);
    if (!lines) return fail(lines.error());
    std::map<std::string, std::pair<int64_t, int64_t>> totals;  // currency -> images, fees
    for (const auto& l : *lines) {
        totals[l.currency].first += l.images;
        totals[l.currency].second += l.fee_minor;
    }
    const std::string period = (from ? from->str() : std::string("beginning")) + " to " + (to ? to->str() : std::string("today"));
    if (options.format == "json") {
        nlohmann::json j = {{"twin", options.twin}, {"from", from ? from->str() : ""}, {"to", to ? to->str() : ""},
                            {"ledger", ledger->path().string()}, {"ledger_head", check->head.hex()}, {"lines", nlohmann::json::array()}};
        for (const auto& l : *lines)
            j["lines"].push_back({{"brand", l.brand}, {"use", l.use}, {"images", l.images},
                                  {"fees", consent::Money{l.fee_minor, l.currency}.str()}, {"fees_minor", l.fee_minor},
                                  {"currency", l.currency}});
        nlohmann::json t = nlohmann::json::object();
        for (const auto& [currency, v] : totals)
            t[currency] = {{"images", v.first}, {"fees", consent::Money{v.second, currency}.str()}, {"fees_minor", v.second}};
        j["totals"] = t;
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        std::printf("# royalty statement: twin %s, %s; ledger %s (head %s)\n", options.twin.c_str(), period.c_str(),
                    ledger->path().c_str(), check->head.hex().c_str());
        std::printf("brand,use,images,fees,currency\n");
        for (const auto& l : *lines)
            std::printf("%s,%s,%lld,%s,%s\n", csv_field(l.brand).c_str(), l.use.c_str(), static_cast<long long>(l.images),
                        amount(l.fee_minor).c_str(), l.currency.c_str());
        for (const auto& [currency, v] : totals)
            std::printf("TOTAL,,%lld,%s,%s\n", static_cast<long long>(v.first), amount(v.second).c_str(),
                        currency.c_str());
    }
    return kExitOk;
}

int run_ledger_merge(const LedgerOptions& options) {
    auto ledger = consent::Ledger::open(options.ledger.empty() ? consent::Ledger::default_path() : options.ledger);
    if (!ledger) return fail(ledger.error());
    auto before = ledger->verify();
    if (!before) return fail(before.error());
    if (!before->ok())
        return fail(make_error(ErrorCode::Parse, ledger->path().string() + ": the hash chain is broken at " + before->problem +
                                                     "; nothing merged into a tampered ledger"));
    auto merged = farm::merge_shard_ledgers(options.shards, *ledger);
    if (!merged) return fail(merged.error());
    auto after = ledger->verify();
    if (!after) return fail(after.error());
    if (options.json) {
        nlohmann::json shards = nlohmann::json::array();
        for (const auto& s : merged->shards)
            shards.push_back({{"ledger", s.ledger.string()}, {"farm_id", s.farm_id}, {"shard", s.shard}, {"shards", s.shards}, {"rows", s.rows}});
        std::printf("%s\n", nlohmann::json({{"ledger", ledger->path().string()}, {"added", merged->added}, {"rows", after->rows},
                                            {"head", after->head.hex()}, {"chain_intact", after->ok()}, {"shards", shards}})
                                .dump(2)
                                .c_str());
    } else {
        std::printf("%s: merged %zu shard ledgers, %lld new rows; %lld rows, hash chain %s; head %s\n", ledger->path().c_str(),
                    merged->shards.size(), static_cast<long long>(merged->added), static_cast<long long>(after->rows),
                    after->ok() ? "intact" : "BROKEN", after->head.hex().c_str());
    }
    return after->ok() ? kExitOk : kExitBadInput;
}

int run_inspect(const LedgerOptions& options) {
    const std::string source = options.image.string();
    auto bytes = read_file(options.image);
    if (!bytes) return fail(bytes.error());
    auto chunks = asset::read_itxt(*bytes, source);
    if (!chunks) return fail(chunks.error());
    const asset::TextChunk* xmp = nullptr;
    int count = 0;
    for (const auto& c : *chunks)
        if (c.keyword == consent::kXmpKeyword) {
            xmp = &c;
            ++count;
        }
    if (!xmp) return fail(make_error(ErrorCode::Parse, source + ": no XMP provenance (no iTXt " + consent::kXmpKeyword + " chunk)"));
    if (count > 1) return fail(make_error(ErrorCode::Parse, source + ": more than one XMP chunk"));
    auto p = consent::parse_xmp(xmp->text, source);
    if (!p) return fail(p.error());
    auto image = asset::decode_image(*bytes, source);
    if (!image) return fail(image.error());
    const Sha256 pixels = consent::image_pixels_sha256(image->width, image->height, image->pixels);

    std::printf("%s\n", source.c_str());
    std::printf("  digital source type  %s\n", p->digital_source_type.c_str());
    std::printf("  creator tool         %s\n", p->creator_tool.c_str());
    std::printf("  created              %s\n", p->create_date.c_str());
    std::printf("  twin                 %s\n", p->twin_id.c_str());
    std::printf("  licence              %s (sha256 %s)\n", p->licence_id.c_str(), p->licence_sha256.hex().c_str());
    std::printf("  brand / use          %s / %s in %s\n", p->brand.c_str(), p->use.c_str(), consent::join(p->territories).c_str());
    std::printf("  shoot / shot         %s / %s\n", p->shoot.c_str(), p->shot_id.c_str());
    std::printf("  disclosure           %s\n", p->disclosure ? p->disclosure->c_str() : "(none required)");
    std::printf("  XMP before IDAT      %s\n", xmp->before_idat ? "yes" : "NO");
    std::printf("  ledger row hash      %s\n", p->ledger_row_hash.hex().c_str());
    std::vector<std::string> problems;
    if (pixels != p->image_sha256) problems.push_back("the pixels are not the ones the provenance names (image edited)");
    if (!xmp->before_idat) problems.push_back("the XMP chunk follows the image data");

    auto ledger = open_existing(options.ledger);
    if (!ledger) return fail(ledger.error());
    auto row = ledger->find(p->ledger_row_hash);
    if (!row) return fail(row.error());
    auto check = ledger->verify();
    if (!check) return fail(check.error());
    if (!*row) {
        problems.push_back("no row of " + ledger->path().string() + " has this row hash (not recorded, or the row was removed)");
    } else {
        const consent::Delivery& d = (*row)->delivery;
        std::printf("  ledger               row %lld of %s, %s, fee %s\n", static_cast<long long>((*row)->seq),
                    ledger->path().c_str(), d.time.c_str(), d.fee.str().c_str());
        if (d.image_sha256 != pixels) problems.push_back("the ledger row records other pixels");
        if (d.twin_id != p->twin_id || d.licence_id != p->licence_id || d.licence_hash != p->licence_sha256 ||
            d.brand != p->brand || d.use != p->use || d.shot_id != p->shot_id || d.shoot != p->shoot)
            problems.push_back("the ledger row and the image's provenance disagree");
        if (consent::compute_row_hash(**row) != (*row)->row_hash) problems.push_back("the ledger row was edited");
    }
    if (!check->ok()) problems.push_back("the ledger's hash chain is broken at " + check->problem);
    if (!problems.empty()) {
        for (const auto& problem : problems) std::printf("  PROBLEM              %s\n", problem.c_str());
        std::fprintf(stderr, "twinshoot: error: %s: provenance does not check out: %s\n", source.c_str(), problems.front().c_str());
        return kExitBadInput;
    }
    std::printf("  check                pixels match; recorded in the ledger; chain intact\n");
    return kExitOk;
}

}  // namespace twinshoot::cli
