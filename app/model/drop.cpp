#include "model/drop.hpp"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "store/interchange.hpp"

namespace atlas {

namespace fs = std::filesystem;

namespace {

std::string lower_ext(const fs::path& p) {
    std::string e = p.extension().string();
    for (char& c : e)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return e;
}

// A GeoJSON FeatureCollection whose features carry a time is events; one of
// plain geometry is a layer. Anything else JSON is a timemap export.
DropKind json_kind(const fs::path& path, std::string& reason) {
    std::string text;
    try {
        text = read_input_file(path, size_t{256} << 20);
    } catch (const Error& e) {
        reason = e.what();
        return DropKind::Unsupported;
    }
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        reason = path.string() + ": not valid JSON";
        return DropKind::Unsupported;
    }
    if (!j.is_object() || j.value("type", std::string()) != "FeatureCollection") return DropKind::ImportEvents;
    const auto it = j.find("features");
    if (it == j.end() || !it->is_array()) return DropKind::ImportEvents;  // the importer names the fault
    bool geometry = false;
    for (const auto& f : *it) {
        if (!f.is_object()) continue;
        const auto props = f.find("properties");
        if (props != f.end() && props->is_object() && (props->contains("time") || props->contains("time_text")))
            return DropKind::ImportEvents;
        const auto g = f.find("geometry");
        geometry |= g != f.end() && g->is_object();
    }
    if (geometry) return DropKind::AddLayer;
    return DropKind::ImportEvents;
}

bool starts_sqlite(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    char head[16] = {};
    in.read(head, sizeof head);
    return in.gcount() == 16 && looks_like_sqlite(std::string_view(head, 16));
}

}  // namespace

DropDecision classify_drop(const fs::path& path) {
    DropDecision d;
    d.path = path;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        d.reason = path.string() + ": a folder; drop a project, an events file or a map layer";
        return d;
    }
    if (!fs::is_regular_file(path, ec)) {
        d.reason = path.string() + ": no such file";
        return d;
    }
    const std::string ext = lower_ext(path);
    if (ext == ".atlas" || starts_sqlite(path)) d.kind = DropKind::OpenProject;
    else if (ext == ".csv") d.kind = DropKind::ImportEvents;
    else if (ext == ".shp") d.kind = DropKind::AddLayer;
    else if (ext == ".geojson" || ext == ".json") d.kind = json_kind(path, d.reason);
    else d.reason = path.string() + ": not a project (.atlas), events (.csv, .geojson, timemap .json) or map layer (.shp, .geojson)";
    return d;
}

std::vector<DropDecision> classify_drops(const std::vector<std::string>& paths) {
    std::vector<DropDecision> out;
    for (const auto& p : paths) out.push_back(classify_drop(p));
    std::stable_partition(out.begin(), out.end(), [](const DropDecision& d) { return d.kind == DropKind::OpenProject; });
    return out;
}

ImportPreview preview_import(const Dataset& current, const fs::path& path) {
    ImportPreview pv;
    pv.path = path;
    std::string text;
    try {
        text = read_input_file(path);
    } catch (const Error& e) {
        pv.problems.emplace_back(e.what());
        return pv;
    }
    pv.format = guess_input_format(path, text);
    ImportResult r = import_text(text, path.string(), pv.format, {});
    pv.rows = r.rows;
    for (const auto& d : r.problems.items) pv.problems.push_back(d.str());
    if (!pv.problems.empty()) return pv;
    const DatasetIndex now(current);
    for (const Event& e : r.data.events) {
        const Event* old = now.event(e.id);
        if (!old) {
            ++pv.added;
            if (pv.added_titles.size() < 5) pv.added_titles.push_back(e.title);
        } else if (!(*old == e)) {
            ++pv.updated;
            if (pv.updated_titles.size() < 5) pv.updated_titles.push_back(e.title);
        } else {
            ++pv.unchanged;
        }
    }
    if (pv.rows == 0) pv.problems.push_back(path.string() + ": no events in the file");
    pv.data = std::move(r.data);
    return pv;
}

}  // namespace atlas
