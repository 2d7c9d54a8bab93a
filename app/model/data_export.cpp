#include "model/data_export.hpp"

#include "core/file_io.hpp"
#include "store/citations.hpp"
#include "store/csv.hpp"
#include "store/geojson.hpp"
#include "store/kml.hpp"

namespace atlas {

namespace {
constexpr DataFormat kFormats[] = {DataFormat::Csv, DataFormat::GeoJson, DataFormat::Kml,
                                   DataFormat::CitationsMarkdown, DataFormat::CitationsHtml};
}

const char* data_format_extension(DataFormat f) noexcept {
    switch (f) {
        case DataFormat::Csv: return ".csv";
        case DataFormat::GeoJson: return ".geojson";
        case DataFormat::Kml: return ".kml";
        case DataFormat::CitationsMarkdown: return ".md";
        case DataFormat::CitationsHtml: return ".html";
    }
    return "";
}

const char* data_format_name(DataFormat f) noexcept {
    switch (f) {
        case DataFormat::Csv: return "csv";
        case DataFormat::GeoJson: return "geojson";
        case DataFormat::Kml: return "kml";
        case DataFormat::CitationsMarkdown: return "citations-md";
        case DataFormat::CitationsHtml: return "citations-html";
    }
    return "";
}

std::optional<DataFormat> data_format_from_name(std::string_view name) noexcept {
    for (DataFormat f : kFormats)
        if (name == data_format_name(f)) return f;
    return std::nullopt;
}

std::string format_events(const Dataset& d, const std::vector<std::string>& ids, DataFormat format,
                          const std::string& title) {
    switch (format) {
        case DataFormat::Csv: return export_csv(d, ids);
        case DataFormat::GeoJson: return export_geojson(d, ids);
        case DataFormat::Kml: return export_kml(d, ids, title);
        case DataFormat::CitationsMarkdown: return export_citations_markdown(d, ids, title + ": sources");
        case DataFormat::CitationsHtml: return export_citations_html(d, ids, title + ": sources");
    }
    return {};
}

std::vector<std::string> exported_event_ids(const AppModel& model, bool visible_only) {
    std::vector<std::string> ids;
    for (uint32_t r : model.filtered_rows())
        if (!visible_only || model.is_visible(r)) ids.push_back(model.event(r).id);
    return ids;
}

size_t export_events(const AppModel& model, DataFormat format, const std::filesystem::path& path, bool visible_only,
                     const std::string& title) {
    const std::vector<std::string> ids = exported_event_ids(model, visible_only);
    write_atomically(path, format_events(model.dataset(), ids, format, title));
    return ids.size();
}

}  // namespace atlas
