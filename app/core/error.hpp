#pragma once
// Errors with context. A loader throws atlas::Error naming the file, the place
// in it (line, record, feature) and the fault; callers add context on the way up
// and the CLI/UI print it as one line: "file:line: field: what is wrong".
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace atlas {

struct Diagnostic {
    std::string file;     // path as the user gave it; empty when not from a file
    int64_t line = 0;     // 1-based line, record or feature number; 0 when not known
    std::string field;    // column, property or field name; may be empty
    std::string message;  // what is wrong, in plain words

    // "file:line: field: message", leaving out the parts that are empty.
    [[nodiscard]] std::string str() const;
};

class Error : public std::runtime_error {
public:
    explicit Error(Diagnostic d);
    Error(std::string file, int64_t line, std::string message);
    explicit Error(std::string message);

    [[nodiscard]] const Diagnostic& diagnostic() const noexcept { return diag_; }
    // The same error with a file name put in front where it had none.
    [[nodiscard]] Error in_file(const std::string& file) const;

private:
    Diagnostic diag_;
};

// Collects the faults of one operation (an import, a validation) in order.
struct Diagnostics {
    std::vector<Diagnostic> items;
    void add(Diagnostic d) { items.push_back(std::move(d)); }
    [[nodiscard]] bool empty() const noexcept { return items.empty(); }
    [[nodiscard]] size_t size() const noexcept { return items.size(); }
};

}  // namespace atlas
