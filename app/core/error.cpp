#include "core/error.hpp"

namespace atlas {

std::string Diagnostic::str() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0) out += ":" + std::to_string(line);
        out += ": ";
    } else if (line > 0) {
        out += "line " + std::to_string(line) + ": ";
    }
    if (!field.empty()) out += field + ": ";
    out += message;
    return out;
}

Error::Error(Diagnostic d) : std::runtime_error(d.str()), diag_(std::move(d)) {}

Error::Error(std::string file, int64_t line, std::string message)
    : Error(Diagnostic{std::move(file), line, {}, std::move(message)}) {}

Error::Error(std::string message) : Error(Diagnostic{{}, 0, {}, std::move(message)}) {}

Error Error::in_file(const std::string& file) const {
    if (!diag_.file.empty()) return *this;
    Diagnostic d = diag_;
    d.file = file;
    return Error(d);
}

}  // namespace atlas
