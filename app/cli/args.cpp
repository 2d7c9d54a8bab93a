#include "cli/args.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace atlas::cli {

bool parse_size(const std::string& s, int& w, int& h, int max_side) {
    char x = 0;
    std::istringstream in(s);
    if (!(in >> w >> x >> h) || (x != 'x' && x != 'X') || !in.eof()) return false;
    return w >= 1 && h >= 1 && w <= max_side && h <= max_side;
}

bool parse_numbers(const std::string& s, std::vector<double>& out, size_t n) {
    out.clear();
    std::istringstream in(s);
    std::string part;
    while (std::getline(in, part, ',')) {
        try {
            size_t used = 0;
            out.push_back(std::stod(part, &used));
            if (used != part.size()) return false;
        } catch (...) {
            return false;
        }
    }
    return out.size() == n && std::all_of(out.begin(), out.end(), [](double v) { return std::isfinite(v); });
}

}  // namespace atlas::cli
