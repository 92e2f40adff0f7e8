#include "mapdata/hstore.h"

namespace jingwei {
namespace {

struct Cursor {
    std::string_view s;
    std::size_t i = 0;
    void skipSpace() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    }
    bool eat(std::string_view t) {
        if (s.substr(i, t.size()) != t) return false;
        i += t.size();
        return true;
    }
    // A double-quoted string with backslash escapes.
    bool quoted(std::string& out) {
        if (i >= s.size() || s[i] != '"') return false;
        ++i;
        out.clear();
        while (i < s.size()) {
            const char c = s[i++];
            if (c == '"') return true;
            if (c == '\\') {
                if (i >= s.size()) return false;
                out += s[i++];
            } else {
                out += c;
            }
        }
        return false;  // unterminated
    }
};

}  // namespace

std::optional<std::map<std::string, std::string>> parseHstore(std::string_view text, std::size_t* error_at) {
    std::map<std::string, std::string> out;
    Cursor c{text};
    auto fail = [&]() -> std::optional<std::map<std::string, std::string>> {
        if (error_at) *error_at = c.i;
        return std::nullopt;
    };
    c.skipSpace();
    if (c.i == text.size()) return out;
    std::string key, value;
    while (true) {
        c.skipSpace();
        if (!c.quoted(key)) return fail();
        c.skipSpace();
        if (!c.eat("=>")) return fail();
        c.skipSpace();
        if (c.eat("NULL")) {
            // a NULL value: the key is present without a value; left out
        } else {
            if (!c.quoted(value)) return fail();
            out[key] = value;
        }
        c.skipSpace();
        if (c.i == text.size()) break;
        if (!c.eat(",")) return fail();
    }
    return out;
}

std::string formatHstore(const std::map<std::string, std::string>& kv) {
    std::string out;
    auto quote = [&](const std::string& s) {
        out += '"';
        for (char ch : s) {
            if (ch == '"' || ch == '\\') out += '\\';
            out += ch;
        }
        out += '"';
    };
    for (const auto& [k, v] : kv) {
        if (!out.empty()) out += ',';
        quote(k);
        out += "=>";
        quote(v);
    }
    return out;
}

}  // namespace jingwei
