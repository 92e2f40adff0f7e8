#include "analysis/civil_time.h"

#include <cctype>
#include <cstdio>

namespace jingwei {

std::int64_t daysFromCivil(int year, int month, int day) {
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (month + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate civilFromDays(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return CivilDate{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

int weekdayFromDays(std::int64_t days) {
    // 1970-01-01 was a Thursday (3 when Monday = 0).
    const std::int64_t w = (days + 3) % 7;
    return static_cast<int>(w < 0 ? w + 7 : w);
}

int daysInMonth(int year, int month) {
    static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2) {
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
    }
    return kDays[(month - 1) % 12];
}

namespace {

// A small cursor over the text being parsed.
struct Cursor {
    std::string_view s;
    std::size_t i = 0;

    bool done() const { return i >= s.size(); }
    char peek() const { return done() ? '\0' : s[i]; }
    bool eat(char c) {
        if (peek() != c) return false;
        ++i;
        return true;
    }
    // Exactly `min..max` digits.
    bool digits(int min, int max, int* out) {
        int n = 0, v = 0;
        while (n < max && !done() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            v = v * 10 + (s[i] - '0');
            ++i;
            ++n;
        }
        if (n < min) return false;
        *out = v;
        return true;
    }
};

struct Fields {
    int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    bool has_zone = false;
    std::int64_t zone_s = 0;
    TimePrecision precision = TimePrecision::Month;
};

bool parseZone(Cursor& c, Fields& f) {
    if (c.eat('Z') || c.eat('z')) {
        f.has_zone = true;
        f.zone_s = 0;
        return true;
    }
    const char sign = c.peek();
    if (sign != '+' && sign != '-') return false;
    ++c.i;
    int hh = 0, mm = 0;
    if (!c.digits(2, 2, &hh)) return false;
    c.eat(':');
    if (!c.done() && !c.digits(2, 2, &mm)) return false;
    if (hh > 18 || mm > 59) return false;
    f.has_zone = true;
    f.zone_s = (sign == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
    return true;
}

bool parseAuto(std::string_view text, Fields& f) {
    Cursor c{text};
    if (!c.digits(4, 4, &f.year)) return false;
    const char sep = c.peek();
    if (sep != '-' && sep != '/') return false;
    ++c.i;
    if (!c.digits(1, 2, &f.month)) return false;
    f.precision = TimePrecision::Month;
    if (c.done()) return true;
    if (!c.eat(sep)) return false;
    if (!c.digits(1, 2, &f.day)) return false;
    f.precision = TimePrecision::Day;
    if (c.done()) return true;
    if (!c.eat('T') && !c.eat(' ') && !c.eat('t')) return false;
    if (!c.digits(1, 2, &f.hour) || !c.eat(':') || !c.digits(2, 2, &f.minute)) return false;
    f.precision = TimePrecision::Second;
    if (c.eat(':')) {
        if (!c.digits(2, 2, &f.second)) return false;
        if (c.eat('.') || c.eat(',')) {
            int frac = 0;
            if (!c.digits(1, 9, &frac)) return false;
            while (!c.done() && std::isdigit(static_cast<unsigned char>(c.peek()))) ++c.i;
        }
    }
    if (c.done()) return true;
    if (!parseZone(c, f)) return false;
    return c.done();
}

bool parsePattern(std::string_view text, std::string_view fmt, Fields& f) {
    Cursor c{text};
    bool has_day = false, has_clock = false;
    for (std::size_t k = 0; k < fmt.size(); ++k) {
        if (fmt[k] != '%') {
            if (!c.eat(fmt[k])) return false;
            continue;
        }
        if (++k >= fmt.size()) return false;
        switch (fmt[k]) {
            case 'Y': if (!c.digits(4, 4, &f.year)) return false; break;
            case 'm': if (!c.digits(1, 2, &f.month)) return false; break;
            case 'd': if (!c.digits(1, 2, &f.day)) return false; has_day = true; break;
            case 'H': if (!c.digits(1, 2, &f.hour)) return false; has_clock = true; break;
            case 'M': if (!c.digits(1, 2, &f.minute)) return false; has_clock = true; break;
            case 'S': if (!c.digits(1, 2, &f.second)) return false; has_clock = true; break;
            case 'z': if (!parseZone(c, f)) return false; break;
            case '%': if (!c.eat('%')) return false; break;
            default: return false;
        }
    }
    if (!c.done()) return false;
    f.precision = has_clock ? TimePrecision::Second : has_day ? TimePrecision::Day : TimePrecision::Month;
    return true;
}

bool parseInteger(std::string_view text, std::int64_t* out) {
    if (text.empty()) return false;
    std::size_t i = 0;
    bool neg = false;
    if (text[0] == '-' || text[0] == '+') {
        neg = text[0] == '-';
        i = 1;
    }
    if (i >= text.size() || text.size() - i > 18) return false;
    std::int64_t v = 0;
    for (; i < text.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
        v = v * 10 + (text[i] - '0');
    }
    *out = neg ? -v : v;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

}  // namespace

std::optional<ParsedTime> parseTime(std::string_view text, std::string_view format, std::int64_t utc_offset_s) {
    text = trim(text);
    if (text.empty()) return std::nullopt;
    if (format == "unix" || format == "unix_ms") {
        std::int64_t v = 0;
        if (!parseInteger(text, &v)) return std::nullopt;
        if (format == "unix_ms") v = v >= 0 ? v / 1000 : -((-v + 999) / 1000);
        return ParsedTime{v, TimePrecision::Second};
    }
    Fields f;
    const bool ok = (format.empty() || format == "auto") ? parseAuto(text, f) : parsePattern(text, format, f);
    if (!ok) return std::nullopt;
    if (f.year < 1 || f.month < 1 || f.month > 12 || f.day < 1 || f.day > daysInMonth(f.year, f.month) ||
        f.hour > 23 || f.minute > 59 || f.second > 60)
        return std::nullopt;
    const std::int64_t local = daysFromCivil(f.year, f.month, f.day) * 86400 + f.hour * 3600 + f.minute * 60 +
                               std::min(f.second, 59);
    const std::int64_t offset = f.has_zone ? f.zone_s : utc_offset_s;
    return ParsedTime{local - offset, f.precision};
}

std::optional<std::string> checkTimeFormat(std::string_view format) {
    if (format.empty() || format == "auto" || format == "unix" || format == "unix_ms") return std::nullopt;
    bool has_year = false;
    for (std::size_t k = 0; k < format.size(); ++k) {
        if (format[k] != '%') continue;
        if (++k >= format.size()) return std::string("the format ends with a lone '%'");
        const char c = format[k];
        if (c == 'Y') has_year = true;
        if (std::string_view("YmdHMSz%").find(c) == std::string_view::npos)
            return std::string("unknown field '%") + c + "' (known: %Y %m %d %H %M %S %z %%)";
    }
    if (!has_year) return std::string("the format has no year (%Y)");
    return std::nullopt;
}

std::optional<std::int64_t> parseDate(std::string_view text) {
    const auto t = parseTime(text, "%Y-%m-%d", 0);
    if (!t) return std::nullopt;
    return floorDays(t->utc_s);
}

std::string formatDate(std::int64_t days) {
    const CivilDate d = civilFromDays(days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::string formatTime(std::int64_t utc_s, TimePrecision precision, std::int64_t utc_offset_s) {
    const std::int64_t local = utc_s + utc_offset_s;
    const std::int64_t days = floorDays(local);
    const CivilDate d = civilFromDays(days);
    char buf[64];
    if (precision == TimePrecision::Month) {
        std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
    } else if (precision == TimePrecision::Day) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    } else {
        const std::int64_t sod = local - days * 86400;
        const std::int64_t off = utc_offset_s < 0 ? -utc_offset_s : utc_offset_s;
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month, d.day,
                      static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60),
                      utc_offset_s < 0 ? '-' : '+', static_cast<int>(off / 3600), static_cast<int>(off / 60 % 60));
    }
    return buf;
}

}  // namespace jingwei
