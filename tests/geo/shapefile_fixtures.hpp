#pragma once
// Small shapefiles written with Shapelib for tests, and ways to damage them.
#include <shapefil.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace atlas::test {

// A fresh directory under the system temp dir, removed with its contents at scope end.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "atlas-test-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

inline std::vector<unsigned char> read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
inline void write_bytes(const std::filesystem::path& p, const std::vector<unsigned char>& b) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}
inline void write_text(const std::filesystem::path& p, const std::string& s) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << s;
}
inline uint32_t get_be32(const std::vector<unsigned char>& b, size_t at) {
    return (uint32_t{b[at]} << 24) | (uint32_t{b[at + 1]} << 16) | (uint32_t{b[at + 2]} << 8) | b[at + 3];
}
inline void put_be32(std::vector<unsigned char>& b, size_t at, uint32_t v) {
    b.at(at) = static_cast<unsigned char>(v >> 24);
    b.at(at + 1) = static_cast<unsigned char>(v >> 16);
    b.at(at + 2) = static_cast<unsigned char>(v >> 8);
    b.at(at + 3) = static_cast<unsigned char>(v);
}
inline void put_le32(std::vector<unsigned char>& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.at(at + static_cast<size_t>(i)) = static_cast<unsigned char>(v >> (8 * i));
}

struct Shape {
    std::vector<int> part_starts;      // empty for points
    std::vector<double> x, y;
};

// Writes <dir>/<name>.shp/.shx/.dbf with one string field "name" (raw bytes, written
// as given) and an optional .prj. Returns the .shp path.
inline std::filesystem::path write_shapefile(const std::filesystem::path& dir, const std::string& name, int shp_type,
                                             const std::vector<Shape>& shapes,
                                             const std::vector<std::string>& names = {},
                                             const std::string& prj = "WGS84") {
    const std::string base = (dir / name).string();
    SHPHandle shp = SHPCreate(base.c_str(), shp_type);
    DBFHandle dbf = DBFCreate(base.c_str());
    if (!shp || !dbf) throw std::runtime_error("cannot create " + base);
    DBFAddField(dbf, "name", FTString, 40, 0);
    for (size_t i = 0; i < shapes.size(); ++i) {
        const Shape& s = shapes[i];
        SHPObject* o = SHPCreateObject(shp_type, -1, static_cast<int>(s.part_starts.size()),
                                       s.part_starts.empty() ? nullptr : s.part_starts.data(), nullptr,
                                       static_cast<int>(s.x.size()), s.x.data(), s.y.data(), nullptr, nullptr);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        DBFWriteStringAttribute(dbf, static_cast<int>(i), 0, i < names.size() ? names[i].c_str() : "");
    }
    SHPClose(shp);
    DBFClose(dbf);
    std::filesystem::path path = dir / (name + ".shp");
    if (prj == "WGS84")
        write_text(dir / (name + ".prj"),
                   "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
                   "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]");
    else if (!prj.empty())
        write_text(dir / (name + ".prj"), prj);
    return path;
}

// Points near Almaty, one per record.
inline std::vector<Shape> almaty_points(int n) {
    std::vector<Shape> out;
    for (int i = 0; i < n; ++i) out.push_back({{}, {76.9 + 0.01 * i}, {43.2 + 0.01 * i}});
    return out;
}

}  // namespace atlas::test
