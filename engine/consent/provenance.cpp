#include "consent/provenance.h"

#include "consent/string_lists.h"

namespace twinshoot::consent {
namespace {

std::string escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string unescape(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        const size_t semi = text.find(';', i);
        if (semi == std::string_view::npos) {
            out += text.substr(i);
            break;
        }
        const std::string_view entity = text.substr(i + 1, semi - i - 1);
        if (entity == "amp") out += '&';
        else if (entity == "lt") out += '<';
        else if (entity == "gt") out += '>';
        else if (entity == "quot") out += '"';
        else if (entity == "apos") out += '\'';
        else out += std::string(text.substr(i, semi - i + 1));
        i = semi;
    }
    return out;
}

// The value of `name` (a qualified XMP property) written as an attribute (name="v") or a simple
// element (<name>v</name>).
std::optional<std::string> property(std::string_view xmp, const std::string& name) {
    for (size_t at = xmp.find(name); at != std::string_view::npos; at = xmp.find(name, at + 1)) {
        const char before = at > 0 ? xmp[at - 1] : ' ';
        const size_t after = at + name.size();
        if (after >= xmp.size()) break;
        if ((before == ' ' || before == '\n' || before == '\t' || before == '\r') && xmp.substr(after).starts_with("=\"")) {
            const size_t end = xmp.find('"', after + 2);
            if (end == std::string_view::npos) return std::nullopt;
            return unescape(xmp.substr(after + 2, end - after - 2));
        }
        if (before == '<' && xmp[after] == '>') {
            const size_t end = xmp.find("</" + name + ">", after);
            if (end == std::string_view::npos) return std::nullopt;
            return unescape(xmp.substr(after + 1, end - after - 1));
        }
    }
    return std::nullopt;
}

}  // namespace

std::string make_xmp(const Provenance& p) {
    std::string x;
    x += "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n";
    x += "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n";
    x += " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n";
    x += "  <rdf:Description rdf:about=\"\"\n";
    x += "    xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"\n";
    x += "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n";
    x += "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n";
    x += std::string("    xmlns:twinshoot=\"") + kTwinShootXmpNamespace + "\"\n";
    auto attribute = [&](const char* name, const std::string& value) { x += "    " + std::string(name) + "=\"" + escape(value) + "\"\n"; };
    attribute("Iptc4xmpExt:DigitalSourceType", p.digital_source_type);
    attribute("xmp:CreatorTool", p.creator_tool);
    attribute("xmp:CreateDate", p.create_date);
    attribute("twinshoot:TwinId", p.twin_id);
    attribute("twinshoot:LicenceId", p.licence_id);
    attribute("twinshoot:LicenceSha256", p.licence_sha256.hex());
    attribute("twinshoot:Brand", p.brand);
    attribute("twinshoot:Use", p.use);
    attribute("twinshoot:Territories", join(p.territories, " "));
    attribute("twinshoot:Shoot", p.shoot);
    attribute("twinshoot:ShotId", p.shot_id);
    attribute("twinshoot:ImageSha256", p.image_sha256.hex());
    attribute("twinshoot:LedgerRowHash", p.ledger_row_hash.hex());
    if (p.disclosure) attribute("twinshoot:Disclosure", *p.disclosure);
    x.back() = '>';
    x += "\n";
    if (p.disclosure) {
        x += "   <dc:description>\n    <rdf:Alt>\n     <rdf:li xml:lang=\"x-default\">" + escape(*p.disclosure) +
             "</rdf:li>\n    </rdf:Alt>\n   </dc:description>\n";
    }
    x += "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>";
    return x;
}

Result<Provenance> parse_xmp(std::string_view xmp, const std::string& source) {
    Provenance p;
    auto required = [&](const char* name, std::string& out) -> Status {
        auto v = property(xmp, name);
        if (!v || v->empty()) return make_error(ErrorCode::Parse, source + ": XMP has no " + name);
        out = *v;
        return {};
    };
    auto hash = [&](const char* name, Sha256& out) -> Status {
        std::string text;
        TS_TRY(required(name, text));
        auto h = parse_sha256_hex(text);
        if (!h) return make_error(ErrorCode::Parse, source + ": XMP " + name + " is not a SHA-256: " + text);
        out = *h;
        return {};
    };
    TS_TRY(required("Iptc4xmpExt:DigitalSourceType", p.digital_source_type));
    TS_TRY(required("xmp:CreatorTool", p.creator_tool));
    p.create_date = property(xmp, "xmp:CreateDate").value_or("");
    TS_TRY(required("twinshoot:TwinId", p.twin_id));
    TS_TRY(required("twinshoot:LicenceId", p.licence_id));
    TS_TRY(hash("twinshoot:LicenceSha256", p.licence_sha256));
    TS_TRY(required("twinshoot:Brand", p.brand));
    TS_TRY(required("twinshoot:Use", p.use));
    std::string territories;
    TS_TRY(required("twinshoot:Territories", territories));
    for (size_t start = 0; start < territories.size();) {
        size_t end = territories.find(' ', start);
        if (end == std::string::npos) end = territories.size();
        if (end > start) p.territories.push_back(territories.substr(start, end - start));
        start = end + 1;
    }
    TS_TRY(required("twinshoot:Shoot", p.shoot));
    TS_TRY(required("twinshoot:ShotId", p.shot_id));
    TS_TRY(hash("twinshoot:ImageSha256", p.image_sha256));
    TS_TRY(hash("twinshoot:LedgerRowHash", p.ledger_row_hash));
    p.disclosure = property(xmp, "twinshoot:Disclosure");
    return p;
}

}  // namespace twinshoot::consent
