#include "analysis/incident_csv.h"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/atomic_file.h"
#include "analysis/incident_row.h"
#include "core/error.h"

namespace jingwei {
namespace {

std::string readWhole(const std::string& path) {
    if (!std::filesystem::exists(path)) throw Error(path, "", "file not found");
    if (std::filesystem::is_directory(path)) throw Error(path, "", "is a directory, not a CSV file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "", "cannot open the file");
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) throw Error(path, "", "read error");
    return s.str();
}

// Splits CSV records off a buffer. Quoted fields may hold the delimiter,
// doubled quotes and line breaks; `line` counts physical lines.
class CsvScanner {
public:
    CsvScanner(const std::string& buf, char delim, const std::string& file) : b_(buf), d_(delim), file_(file) {
        if (b_.size() >= 3 && b_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
    }

    // Next record into `fields`; false at the end. Blank lines are skipped.
    bool next(std::vector<std::string>& fields, std::size_t* record_line) {
        fields.clear();
        while (pos_ < b_.size() && (b_[pos_] == '\n' || b_[pos_] == '\r')) {
            if (b_[pos_] == '\n') ++line_;
            ++pos_;
        }
        if (pos_ >= b_.size()) return false;
        *record_line = line_;
        std::string field;
        for (;;) {
            field.clear();
            if (pos_ < b_.size() && b_[pos_] == '"') {
                ++pos_;
                const std::size_t start_line = line_;
                for (;;) {
                    if (pos_ >= b_.size())
                        throw Error(file_, "line " + std::to_string(start_line),
                                    "unterminated quoted field (a '\"' is never closed)");
                    const char c = b_[pos_++];
                    if (c == '"') {
                        if (pos_ < b_.size() && b_[pos_] == '"') {
                            field.push_back('"');
                            ++pos_;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') ++line_;
                    field.push_back(c);
                }
                if (pos_ < b_.size() && b_[pos_] != d_ && b_[pos_] != '\n' && b_[pos_] != '\r')
                    throw Error(file_, "line " + std::to_string(line_),
                                "text after a closing quote in field " + std::to_string(fields.size() + 1));
            } else {
                while (pos_ < b_.size() && b_[pos_] != d_ && b_[pos_] != '\n' && b_[pos_] != '\r') {
                    if (b_[pos_] == '"')
                        throw Error(file_, "line " + std::to_string(line_),
                                    "a '\"' inside an unquoted field " + std::to_string(fields.size() + 1));
                    field.push_back(b_[pos_++]);
                }
            }
            fields.push_back(field);
            if (pos_ >= b_.size()) return true;
            const char c = b_[pos_++];
            if (c == d_) continue;
            if (c == '\r' && pos_ < b_.size() && b_[pos_] == '\n') ++pos_;
            ++line_;
            return true;
        }
    }

    std::size_t offset() const { return pos_; }

private:
    const std::string& b_;
    char d_;
    const std::string& file_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

void readOne(const std::string& path, const IncidentReadOptions& opt, IncidentSet& set, IncidentImportReport& report,
             const Progress& progress, double f0, double f1) {
    const std::string buf = readWhole(path);
    CsvScanner scan(buf, opt.delimiter, path);
    std::vector<std::string> header, row;
    std::size_t line = 0;
    if (!scan.next(header, &line)) throw Error(path, "line 1", "the file is empty (no header line)");
    const auto idx = analysis_internal::resolveFields(header, opt.fields, true, path, "line " + std::to_string(line) + " (header)");
    const std::string source = opt.source.empty() ? analysis_internal::fileName(path) : opt.source;
    const std::string fname = analysis_internal::fileName(path);
    analysis_internal::RowChecker check(opt, report);
    ++report.files;
    std::size_t n = 0;
    while (scan.next(row, &line)) {
        const std::string where = "line " + std::to_string(line);
        if (row.size() != header.size())
            throw Error(path, where,
                        "malformed line: " + std::to_string(row.size()) + " fields, but the header has " +
                            std::to_string(header.size()));
        ++report.rows_read;
        if ((++n & 0xffff) == 0)
            progress.report(f0 + (f1 - f0) * static_cast<double>(scan.offset()) / static_cast<double>(buf.size()),
                            "读取警情 " + fname);
        Incident inc;
        if (!check.coordinates(row[idx.lon], row[idx.lat], inc, path, where)) continue;
        if (!check.time(row[idx.time], inc, path, where)) continue;
        inc.id = idx.id >= 0 && !row[idx.id].empty() ? row[idx.id] : fname + ":" + std::to_string(line);
        inc.category = idx.category >= 0 && !row[idx.category].empty() ? row[idx.category] : opt.default_category;
        if (idx.priority >= 0) {
            int p = 0;
            const std::string& t = row[idx.priority];
            const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), p);
            if (ec == std::errc() && ptr == t.data() + t.size() && p >= kHighestPriority && p <= kLowestPriority)
                inc.priority = p;
        }
        inc.source = idx.source >= 0 && !row[idx.source].empty() ? row[idx.source] : source;
        set.add(inc);
        ++report.rows_valid;
    }
}

// Quotes a field when it holds a delimiter, a quote or a line break.
void putField(std::string& out, std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(s);
        return;
    }
    out.push_back('"');
    for (char c : s) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void putDouble(std::string& out, double v) {
    char buf[64];
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, ec == std::errc() ? ptr : buf);
}

}  // namespace

IncidentSet readIncidentsCsv(const std::vector<std::string>& paths, const IncidentReadOptions& opt,
                             IncidentImportReport* report, const Progress& progress) {
    if (auto bad = checkTimeFormat(opt.time_format); bad)
        throw Error(paths.empty() ? "" : paths.front(), "time format", *bad);
    IncidentImportReport local;
    IncidentImportReport& r = report ? *report : local;
    r.max_examples_per_problem = opt.max_examples;
    IncidentSet set(opt.utc_offset_s);
    for (std::size_t i = 0; i < paths.size(); ++i) {
        const double f0 = static_cast<double>(i) / static_cast<double>(paths.size());
        const double f1 = static_cast<double>(i + 1) / static_cast<double>(paths.size());
        progress.report(f0, "读取警情 " + analysis_internal::fileName(paths[i]));
        readOne(paths[i], opt, set, r, progress, f0, f1);
    }
    progress.report(1.0, "读取警情");
    return set;
}

IncidentSet readIncidentsCsv(const std::string& path, const IncidentReadOptions& opt, IncidentImportReport* report,
                             const Progress& progress) {
    return readIncidentsCsv(std::vector<std::string>{path}, opt, report, progress);
}

void writeIncidentsCsv(const IncidentSet& set, const std::string& path, const Progress& progress) {
    AtomicFile out(path);
    {
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> fp(std::fopen(out.tmp().c_str(), "wb"), &std::fclose);
        if (!fp) throw Error(path, "", "cannot create the file");
        std::string buf = "id,time,category,priority,lon,lat,source\n";
        const auto& cats = set.categories();
        for (std::size_t i = 0; i < set.size(); ++i) {
            putField(buf, set.ids()[i]);
            buf.push_back(',');
            buf += formatTime(set.times()[i], set.timePrecisions()[i], set.localUtcOffset());
            buf.push_back(',');
            putField(buf, cats[set.categoryIndex()[i]].name);
            buf.push_back(',');
            buf += std::to_string(set.priorities()[i]);
            buf.push_back(',');
            putDouble(buf, set.positions()[i].lon);
            buf.push_back(',');
            putDouble(buf, set.positions()[i].lat);
            buf.push_back(',');
            putField(buf, set.sources()[set.sourceIndex()[i]]);
            buf.push_back('\n');
            if (buf.size() > (1u << 20) || i + 1 == set.size()) {
                if (std::fwrite(buf.data(), 1, buf.size(), fp.get()) != buf.size())
                    throw Error(path, "", "write error (disk full?)");
                buf.clear();
                progress.report(static_cast<double>(i + 1) / static_cast<double>(set.size()), "写出警情 CSV");
            }
        }
        if (!buf.empty() && std::fwrite(buf.data(), 1, buf.size(), fp.get()) != buf.size())
            throw Error(path, "", "write error (disk full?)");
        if (std::fflush(fp.get()) != 0) throw Error(path, "", "write error (disk full?)");
    }
    out.commit();
}

}  // namespace jingwei
