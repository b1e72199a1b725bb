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
// element (<name>v</name>). Only markup counts: the scan knows when it is inside a tag and inside a
// quoted attribute value, so a value that contains text looking like another property (a brand
// named 'x twinshoot:TwinId="y"', escaped or not) cannot stand in for it.
std::optional<std::string> property(std::string_view xmp, const std::string& name) {
    bool in_tag = false;
    char quote = 0;
    for (size_t at = 0; at < xmp.size(); ++at) {
        const char c = xmp[at];
        if (quote) {
            if (c == quote) quote = 0;
            continue;
        }
        if (!in_tag) {
            if (c != '<') continue;
            in_tag = true;
            if (xmp.substr(at + 1).starts_with(name) && at + 1 + name.size() < xmp.size() && xmp[at + 1 + name.size()] == '>') {
                const size_t begin = at + 2 + name.size();
                const size_t end = xmp.find("</" + name + ">", begin);
                if (end == std::string_view::npos) return std::nullopt;
                return unescape(xmp.substr(begin, end - begin));
            }
            continue;
        }
        if (c == '>') {
            in_tag = false;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if ((c == ' ' || c == '\n' || c == '\t' || c == '\r') && xmp.substr(at + 1).starts_with(name)) {
            const size_t after = at + 1 + name.size();
            if (xmp.substr(after).starts_with("=\"")) {
                const size_t end = xmp.find('"', after + 2);
                if (end == std::string_view::npos) return std::nullopt;
                return unescape(xmp.substr(after + 2, end - after - 2));
            }
        }
    }
    return std::nullopt;
}

// XML 1.0 allows no control characters but tab, newline and carriage return.
bool has_control_characters(std::string_view text) {
    for (unsigned char c : text)
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
    return false;
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
        if (has_control_characters(*v)) return make_error(ErrorCode::Parse, source + ": XMP " + name + " holds control characters");
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
    if (p.disclosure && has_control_characters(*p.disclosure))
        return make_error(ErrorCode::Parse, source + ": XMP twinshoot:Disclosure holds control characters");
    if (has_control_characters(p.create_date)) return make_error(ErrorCode::Parse, source + ": XMP xmp:CreateDate holds control characters");
    return p;
}

}  // namespace twinshoot::consent
