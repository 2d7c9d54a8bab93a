#include "render/user_layers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "geo/geojson.hpp"

namespace atlas {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string colour_text(const Rgba& c) {
    auto byte = [](float v) { return static_cast<unsigned>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
    char buf[10];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b), byte(c.a));
    return buf;
}

bool parse_colour(const std::string& s, Rgba& out) {
    if ((s.size() != 7 && s.size() != 9) || s[0] != '#') return false;
    unsigned v[4] = {0, 0, 0, 255};
    for (size_t i = 0; i + 1 < s.size(); i += 2) {
        unsigned b = 0;
        for (size_t k = 1; k <= 2; ++k) {
            const char ch = s[i + k];
            b *= 16;
            if (ch >= '0' && ch <= '9') b += static_cast<unsigned>(ch - '0');
            else if (ch >= 'a' && ch <= 'f') b += static_cast<unsigned>(ch - 'a' + 10);
            else if (ch >= 'A' && ch <= 'F') b += static_cast<unsigned>(ch - 'A' + 10);
            else return false;
        }
        v[i / 2] = b;
    }
    out = {static_cast<float>(v[0]) / 255.0f, static_cast<float>(v[1]) / 255.0f, static_cast<float>(v[2]) / 255.0f,
           static_cast<float>(v[3]) / 255.0f};
    return true;
}

[[noreturn]] void bad_key(const char* key, const char* want) {
    throw Error(std::string("layer style: \"") + key + "\" must be " + want);
}

template <class T>
void read_key(const json& j, const char* key, T& out) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return;
    if constexpr (std::is_same_v<T, bool>) {
        if (!it->is_boolean()) bad_key(key, "true or false");
        out = it->template get<bool>();
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!it->is_string()) bad_key(key, "text");
        out = it->template get<std::string>();
    } else if constexpr (std::is_same_v<T, int>) {
        if (!it->is_number_integer()) bad_key(key, "a whole number");
        const auto v = it->template get<int64_t>();
        if (v < -1000000 || v > 1000000) bad_key(key, "between -1000000 and 1000000");
        out = static_cast<int>(v);
    } else {
        if (!it->is_number()) bad_key(key, "a number");
        const double v = it->template get<double>();
        if (!std::isfinite(v) || v < 0 || v > 100) bad_key(key, "a number from 0 to 100");
        out = static_cast<float>(v);
    }
}

}  // namespace

std::string layer_style_json(const LayerOptions& o) {
    json j = json::object();
    j["title"] = o.title;
    j["order"] = o.order;
    j["custom_colour"] = o.custom_colour;
    j["colour"] = colour_text(o.colour);
    j["width"] = o.width;
    j["opacity"] = o.opacity;
    j["labels"] = o.labels;
    j["label_field"] = o.label_field;
    return j.dump();
}

LayerOptions layer_options_from_json(const std::string& style) {
    json j;
    try {
        j = json::parse(style, nullptr, true, false);
    } catch (const json::exception& e) {
        throw Error(std::string("layer style: not JSON (") + e.what() + ")");
    }
    if (!j.is_object()) throw Error("layer style: not a JSON object");
    LayerOptions o;
    o.user = true;
    read_key(j, "title", o.title);
    read_key(j, "order", o.order);
    read_key(j, "custom_colour", o.custom_colour);
    std::string colour;
    read_key(j, "colour", colour);
    if (!colour.empty() && !parse_colour(colour, o.colour)) bad_key("colour", "#rrggbb or #rrggbbaa");
    read_key(j, "width", o.width);
    read_key(j, "opacity", o.opacity);
    o.opacity = std::min(o.opacity, 1.0f);
    read_key(j, "labels", o.labels);
    read_key(j, "label_field", o.label_field);
    return o;
}

void UserLayers::clear(MapRenderer& map) {
    for (size_t i = map.layer_count(); i-- > 0;)
        if (map.options(i).user) map.remove_layer(i);
    missing_.clear();
}

void UserLayers::restore(MapRenderer& map, const std::vector<UserLayerRecord>& records, const fs::path& project_dir) {
    clear(map);
    for (const UserLayerRecord& r : records) {
        fs::path path = r.path;
        std::error_code ec;
        if (path.is_relative() && !project_dir.empty()) path = project_dir / path;
        if (!fs::exists(path, ec) && !project_dir.empty() && fs::exists(project_dir / path.filename(), ec))
            path = project_dir / path.filename();
        if (!fs::exists(path, ec)) {
            missing_.push_back({r, "not found: " + r.path});
            continue;
        }
        try {
            LayerOptions o = layer_options_from_json(r.style);
            o.visible = r.visible;
            // A file of several kinds of geometry gives several layers: the record
            // is the one of its name (the first when none is).
            std::vector<Layer> parts = load_map_layers(path);
            size_t pick = 0;
            for (size_t i = 0; i < parts.size(); ++i)
                if (parts[i].name == r.name) pick = i;
            Layer layer = std::move(parts[pick]);
            if (!r.name.empty()) layer.name = r.name;
            map.add_layer(std::move(layer), o);
        } catch (const std::exception& e) {
            missing_.push_back({r, e.what()});
        }
    }
}

std::vector<UserLayerRecord> UserLayers::records(const MapRenderer& map) const {
    std::vector<UserLayerRecord> out;
    for (const size_t i : map.draw_order()) {
        const LayerOptions& o = map.options(i);
        if (!o.user) continue;
        const Layer& layer = map.layer(i);
        out.push_back(UserLayerRecord{layer.path.string(), layer.name, o.visible, layer_style_json(o)});
    }
    for (const MissingLayer& m : missing_) out.push_back(m.record);
    return out;
}

void UserLayers::forget_missing(size_t i) {
    if (i < missing_.size()) missing_.erase(missing_.begin() + static_cast<std::ptrdiff_t>(i));
}

}  // namespace atlas
