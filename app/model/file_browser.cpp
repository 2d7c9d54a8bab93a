#include "model/file_browser.hpp"

#include <algorithm>
#include <chrono>
#include <system_error>

#include "model/user_dirs.hpp"

namespace atlas {

namespace fs = std::filesystem;

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Case-folded (ASCII) name order, then bytes: "b.csv" after "A.csv".
bool name_less(const std::string& a, const std::string& b) {
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
        const char x = lower(a[i]), y = lower(b[i]);
        if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
    }
    if (a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

int64_t to_unix(fs::file_time_type t) {
    using namespace std::chrono;
    const auto sys = time_point_cast<seconds>(t - fs::file_time_type::clock::now() + system_clock::now());
    return sys.time_since_epoch().count();
}

fs::path expand_home(const std::string& typed) {
    if (typed == "~") return home_dir();
    if (typed.rfind("~/", 0) == 0) return home_dir() / typed.substr(2);
    return typed;
}

}  // namespace

FileBrowser::FileBrowser(FileRequest request, std::vector<BrowserPlace> places)
    : request_(std::move(request)), places_(std::move(places)) {
    name = request_.file_name;
    std::error_code ec;
    for (const fs::path& start : {request_.folder, home_dir(), fs::path("/")}) {
        if (!start.empty() && fs::is_directory(start, ec) && navigate(start)) return;
    }
}

bool FileBrowser::navigate(const fs::path& folder) {
    std::error_code ec;
    fs::path target = fs::absolute(folder, ec).lexically_normal();
    if (target.has_filename() == false && target != target.root_path()) target = target.parent_path();
    if (!fs::is_directory(target, ec)) {
        error_ = target.string() + ": not a folder";
        return false;
    }
    fs::directory_iterator it(target, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        error_ = target.string() + ": cannot list: " + ec.message();
        return false;
    }
    folder_ = target;
    list();
    return true;
}

bool FileBrowser::up() {
    if (folder_ == folder_.root_path()) return false;
    return navigate(folder_.parent_path());
}

void FileBrowser::refresh() { navigate(folder_); }

void FileBrowser::list() {
    error_.clear();
    all_.clear();
    std::error_code ec;
    for (fs::directory_iterator it(folder_, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec)) {
        BrowserEntry e;
        e.name = it->path().filename().string();
        std::error_code ec2;
        e.folder = it->is_directory(ec2);  // follows links: a link to a folder is a folder
        if (!e.folder) {
            if (!it->is_regular_file(ec2)) continue;  // sockets, broken links, devices
            e.size = it->file_size(ec2);
            if (ec2) e.size = 0;
        }
        const auto t = it->last_write_time(ec2);
        if (!ec2) e.modified = to_unix(t);
        all_.push_back(std::move(e));
    }
    if (ec) error_ = folder_.string() + ": cannot list: " + ec.message();
    resort();
}

void FileBrowser::resort() {
    const std::string keep = selected_ && *selected_ < entries_.size() ? entries_[*selected_].name : std::string();
    entries_.clear();
    const bool filtered = request_.action != FileAction::Folder && filter_ < request_.filters.size();
    for (const auto& e : all_) {
        if (!show_hidden_ && !e.name.empty() && e.name.front() == '.') continue;
        if (e.folder) entries_.push_back(e);
        else if (request_.action == FileAction::Folder) continue;
        else if (!filtered || filter_matches(request_.filters[filter_], e.name)) entries_.push_back(e);
    }
    const auto key_less = [&](const BrowserEntry& a, const BrowserEntry& b) {
        switch (sort_) {
        case BrowserSort::Size:
            if (a.size != b.size) return a.size < b.size;
            break;
        case BrowserSort::Modified:
            if (a.modified != b.modified) return a.modified < b.modified;
            break;
        case BrowserSort::Name: break;
        }
        return name_less(a.name, b.name);
    };
    std::stable_sort(entries_.begin(), entries_.end(), [&](const BrowserEntry& a, const BrowserEntry& b) {
        if (a.folder != b.folder) return a.folder;  // folders first, whichever the order
        return ascending_ ? key_less(a, b) : key_less(b, a);
    });
    selected_.reset();
    for (size_t i = 0; i < entries_.size(); ++i)
        if (!keep.empty() && entries_[i].name == keep) selected_ = i;
}

void FileBrowser::set_filter(size_t i) {
    filter_ = std::min(i, request_.filters.size());  // == size(): all files
    resort();
}

std::vector<std::string> FileBrowser::filter_names() const {
    std::vector<std::string> out;
    for (const auto& f : request_.filters) {
        std::string s = f.name + " (";
        for (size_t i = 0; i < f.patterns.size(); ++i) s += (i ? " " : "") + f.patterns[i];
        out.push_back(s + ")");
    }
    out.emplace_back("All files");
    return out;
}

void FileBrowser::set_show_hidden(bool on) {
    show_hidden_ = on;
    resort();
}

void FileBrowser::sort_by(BrowserSort key) { sort_by(key, key == sort_ ? !ascending_ : true); }

void FileBrowser::sort_by(BrowserSort key, bool ascending) {
    sort_ = key;
    ascending_ = ascending;
    resort();
}

void FileBrowser::select(size_t i) {
    if (i >= entries_.size()) return;
    selected_ = i;
    if (!entries_[i].folder && request_.action != FileAction::Folder) name = entries_[i].name;
}

void FileBrowser::move_selection(int delta) {
    if (entries_.empty()) return;
    const long last = static_cast<long>(entries_.size()) - 1;
    const long from = selected_ ? static_cast<long>(*selected_) : (delta > 0 ? -1 : last + 1);
    select(static_cast<size_t>(std::clamp(from + delta, 0L, last)));
}

void FileBrowser::select_by_prefix(std::string_view prefix) {
    if (prefix.empty()) return;
    for (size_t i = 0; i < entries_.size(); ++i) {
        const std::string& n = entries_[i].name;
        if (n.size() < prefix.size()) continue;
        bool ok = true;
        for (size_t k = 0; k < prefix.size() && ok; ++k) ok = lower(n[k]) == lower(prefix[k]);
        if (ok) {
            select(i);
            return;
        }
    }
}

std::optional<fs::path> FileBrowser::activate() {
    if (!selected_ || *selected_ >= entries_.size()) return std::nullopt;
    const BrowserEntry e = entries_[*selected_];
    if (e.folder) {
        navigate(folder_ / e.name);
        return std::nullopt;
    }
    fs::path p = folder_ / e.name;
    return p;
}

std::optional<fs::path> FileBrowser::accept_typed() {
    std::error_code ec;
    if (name.empty()) {
        if (request_.action == FileAction::Folder) return folder_;
        if (selected_ && *selected_ < entries_.size() && !entries_[*selected_].folder) return folder_ / entries_[*selected_].name;
        error_ = "type a file name or pick a file";
        return std::nullopt;
    }
    fs::path typed = expand_home(name);
    fs::path p = typed.is_absolute() ? typed : folder_ / typed;
    p = p.lexically_normal();
    if (fs::is_directory(p, ec)) {
        if (request_.action == FileAction::Folder && name.back() != '/') return p;
        if (navigate(p)) name = request_.action == FileAction::Save ? request_.file_name : std::string();
        return std::nullopt;
    }
    switch (request_.action) {
    case FileAction::Open:
        if (!fs::is_regular_file(p, ec)) {
            error_ = p.string() + ": no such file";
            return std::nullopt;
        }
        return p;
    case FileAction::Save: {
        if (!p.has_filename() || !fs::is_directory(p.parent_path(), ec)) {
            error_ = p.parent_path().string() + ": no such folder";
            return std::nullopt;
        }
        if (!request_.filters.empty() && filter_ < request_.filters.size())
            p = with_filter_extension(p, request_.filters[filter_]);
        return p;
    }
    case FileAction::Folder:
        error_ = p.string() + ": no such folder";
        return std::nullopt;
    }
    return std::nullopt;
}

std::vector<BrowserPlace> standard_places(const std::vector<BrowserPlace>& extra) {
    std::vector<BrowserPlace> out;
    std::error_code ec;
    const auto push = [&](std::string label, const fs::path& p) {
        if (p.empty() || !fs::is_directory(p, ec)) return;
        const fs::path n = p.lexically_normal();
        for (const auto& o : out)
            if (o.path == n) return;
        out.push_back({std::move(label), n});
    };
    push("Home", home_dir());
    const std::pair<const char*, const char*> dirs[] = {
        {"Desktop", "DESKTOP"}, {"Documents", "DOCUMENTS"}, {"Downloads", "DOWNLOAD"}, {"Pictures", "PICTURES"}, {"Videos", "VIDEOS"}};
    for (const auto& [label, key] : dirs)
        if (auto d = xdg_user_dir(key)) push(label, *d);
    for (const auto& e : extra) push(e.label, e.path);
    push("/", "/");
    return out;
}

}  // namespace atlas
