// almaty-atlas import FILE.atlas INPUT... [--format csv|geojson|timemap] [--skip-bad] [--create]
#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <cstdio>
#include <memory>
#include <optional>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "cli/commands.hpp"
#include "core/file_io.hpp"
#include "store/csv.hpp"
#include "store/import.hpp"
#include "store/interchange.hpp"
#include "store/project.hpp"

namespace atlas::cli {

namespace {

struct ImportArgs {
    std::string project;
    std::vector<std::string> inputs;
    std::string format;
    bool skip_bad = false;
    bool create = false;
};

// One input file, opened before anything is written.
struct Input {
    std::string name;
    MappedFile mapped;  // a regular file, read front to back without a copy
    std::string text;   // anything else (a pipe), read whole
    InputFormat format = InputFormat::Csv;
    [[nodiscard]] std::string_view view() const { return mapped.empty() ? std::string_view(text) : mapped.text(); }
};

constexpr size_t kMaxWholeFile = size_t{512} << 20;  // JSON formats are parsed whole

Input open_input(const std::string& name, const std::string& format_name) {
    Input in;
    in.name = name;
    std::error_code ec;
    if (std::filesystem::is_directory(name, ec)) throw Error(name, 0, "is a directory");
    in.mapped = MappedFile(name, MappedFile::Use::Sequential);
    if (in.mapped.empty()) in.text = read_input_file(name);
    in.format = format_name.empty() ? guess_input_format(name, in.view()) : *input_format_from_string(format_name);
    if (in.format != InputFormat::Csv && in.view().size() > kMaxWholeFile) throw Error(name, 0, "too large to import");
    return in;
}

// What the reading thread hands the writing one, in file order: a fault, or
// a good row with its search words made.
struct CsvItem {
    std::optional<Diagnostic> problem;
    Event event;
    int64_t line = 0;
    std::string words;  // event_search_words(event)
};

// Batches of items between the two threads, at most kMaxBatches waiting.
class Channel {
public:
    struct Cancelled {};
    void push(std::vector<CsvItem>&& batch) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return queue_.size() < kMaxBatches || cancelled_; });
        if (cancelled_) throw Cancelled{};
        queue_.push_back(std::move(batch));
        ready_.notify_one();
    }
    // False when the reader has finished and everything was taken.
    bool pop(std::vector<CsvItem>& batch) {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty() || closed_; });
        if (queue_.empty()) return false;
        batch = std::move(queue_.front());
        queue_.pop_front();
        space_.notify_one();
        return true;
    }
    void close() {
        const std::lock_guard lock(mutex_);
        closed_ = true;
        ready_.notify_all();
    }
    void cancel() {
        const std::lock_guard lock(mutex_);
        cancelled_ = true;
        space_.notify_all();
    }

private:
    static constexpr size_t kMaxBatches = 16;
    std::mutex mutex_;
    std::condition_variable ready_, space_;
    std::deque<std::vector<CsvItem>> queue_;
    bool closed_ = false, cancelled_ = false;
};

// The reading thread's side: parses rows and makes their search words (the
// costly text work), and gives back the pages of the file it has read. Ids
// are claimed by the writer, which holds the project.
class ReaderSink final : public CsvEventSink {
public:
    ReaderSink(Channel& channel, const MappedFile& mapped) : channel_(channel), mapped_(mapped) {}
    void problem(Diagnostic d) override {
        CsvItem item;
        item.problem = std::move(d);
        add(std::move(item));
    }
    void event(Event&& e, int64_t line) override {
        CsvItem item;
        item.words = event_search_words(e);
        item.event = std::move(e);
        item.line = line;
        add(std::move(item));
    }
    std::optional<int64_t> claim_id(const std::string&, int64_t) override { return std::nullopt; }
    void consumed(size_t offset) override {
        if (offset - released_ < kReleaseStep) return;
        mapped_.release_before(offset);
        released_ = offset;
    }
    void flush() {
        if (!batch_.empty()) channel_.push(std::move(batch_));
        batch_ = {};
    }

private:
    static constexpr size_t kBatchRows = 256;
    static constexpr size_t kReleaseStep = size_t{8} << 20;
    void add(CsvItem&& item) {
        batch_.push_back(std::move(item));
        if (batch_.size() >= kBatchRows) flush();
    }
    Channel& channel_;
    const MappedFile& mapped_;
    std::vector<CsvItem> batch_;
    size_t released_ = 0;
};

// What one CSV file put into the project.
struct CsvOutcome {
    CsvReadCounts counts;
    size_t problems = 0;
    size_t events = 0;
};

// Streams one CSV file into the project: one thread reads and prepares rows
// while this one checks ids and excerpts against the project and writes.
// Nothing of the file is held but the rows in flight. Problems are printed
// as they are found; without --skip-bad nothing more is written after the
// first (reading goes on, to report them all).
CsvOutcome stream_csv(ProjectImport& into, const Input& in, int64_t file_number, const ImportOptions& options,
                      size_t problems_before) {
    CsvOutcome out;
    Channel channel;
    ReaderSink reader_sink(channel, in.mapped);
    std::exception_ptr reader_error;
    std::thread reader([&] {
        try {
            out.counts = read_csv_events(in.view(), in.name, reader_sink);
            reader_sink.flush();
        } catch (const Channel::Cancelled&) {
        } catch (...) {
            reader_error = std::current_exception();
        }
        channel.close();
    });
    auto report = [&](const Diagnostic& d) {
        std::fprintf(stderr, "%s\n", d.str().c_str());
        ++out.problems;
    };
    std::unordered_set<std::string> known;  // excerpt ids found in the project
    int skipped = 0;
    try {
        std::vector<CsvItem> batch;
        while (channel.pop(batch)) {
            for (CsvItem& item : batch) {
                if (item.problem) {
                    report(*item.problem);
                    continue;
                }
                const Event& e = item.event;
                if (const auto earlier = into.claim_event_id(file_number, e.id, item.line)) {
                    report(duplicate_event_id(in.name, item.line, e.id, *earlier));
                    ++skipped;
                    continue;
                }
                bool cited_ok = true;
                for (const auto& x : e.excerpt_ids) {
                    if (known.count(x)) continue;
                    if (!into.excerpt(x)) {
                        report(Diagnostic{in.name, item.line, "excerpts", unknown_excerpt_message(x)});
                        cited_ok = false;
                        break;
                    }
                    known.insert(x);
                }
                if (!cited_ok) {
                    ++skipped;
                    continue;
                }
                if (!options.skip_bad && problems_before + out.problems > 0) continue;
                into.put(e, item.words);
                ++out.events;
            }
        }
    } catch (...) {
        channel.cancel();
        reader.join();
        throw;
    }
    reader.join();
    if (reader_error) std::rethrow_exception(reader_error);
    out.counts.skipped += skipped;
    return out;
}

// What imports killed while creating `project` left (NAME.part-PID of a
// process that has gone).
template <class Discard>
void remove_abandoned_parts(const std::string& project, Discard&& discard) {
    const std::filesystem::path p(project);
    const std::filesystem::path folder = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
    const std::string prefix = p.filename().string() + ".part-";
    std::error_code ec;
    std::vector<std::string> gone;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        const std::string pid = name.substr(prefix.size());
        if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) continue;
        if (::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH) gone.push_back(entry.path().string());
    }
    for (const auto& file : gone) discard(file);
}

int run_import(const ImportArgs& a) {
    std::error_code ec;
    // Only a path with nothing at it is "no such project file"; a symbolic
    // link that loops or leads nowhere is named as such when the project opens.
    if (!a.create && !std::filesystem::exists(std::filesystem::symlink_status(a.project, ec))) {
        std::fprintf(stderr, "%s: no such project file (add --create to make a new one)\n", a.project.c_str());
        return kDataError;
    }
    // SQLite checks each row's `x IN (...)` rules through a small temporary
    // table made and dropped per row. With the heap otherwise small (the rows
    // stream), glibc would give that memory back to the system and take it
    // again for every row: a system call and fresh page faults each time.
    // Keep a few megabytes at the top of the heap instead.
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    std::string inputs_named;
    for (const auto& input : a.inputs) inputs_named += (inputs_named.empty() ? "" : ", ") + input;
    Project::set_write_activity("import of " + inputs_named);

    // Every input is opened first: one that cannot be read imports nothing.
    std::vector<Input> inputs;
    size_t unreadable = 0;
    for (const auto& name : a.inputs) {
        try {
            inputs.push_back(open_input(name, a.format));
        } catch (const Error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            ++unreadable;
        }
    }
    if (unreadable > 0) {
        std::fprintf(stderr, "%s: nothing imported: %zu input file%s could not be read\n", a.project.c_str(),
                     unreadable, unreadable == 1 ? "" : "s");
        return kDataError;
    }

    // A new project is filled under a temporary name of this process beside it
    // and given its name only when the import succeeds: a failed import leaves
    // no file behind, and two imports creating one project never share a file.
    const bool creating = a.create && !std::filesystem::exists(std::filesystem::symlink_status(a.project, ec));
    const std::string target = creating ? a.project + ".part-" + std::to_string(::getpid()) : a.project;
    auto discard = [&](const std::string& file) {
        for (const char* suffix : {"", "-wal", "-shm", "-journal", ".writer"}) std::filesystem::remove(file + suffix, ec);
    };
    auto discard_new = [&] {
        if (creating) discard(target);
    };
    if (creating) remove_abandoned_parts(a.project, discard);
    const ImportOptions options{a.skip_bad};
    std::optional<Project> project;
    std::optional<ProjectImport> into;
    size_t problems = 0, events = 0;
    int skipped = 0;
    std::string unusable;  // a file of which no row could be read: --skip-bad cannot help
    auto report = [&](const Diagnostics& d) {
        for (const auto& x : d.items) std::fprintf(stderr, "%s\n", x.str().c_str());
        problems += d.size();
    };
    MergeStats stats;
    try {
        project = Project::open(target, creating ? OpenMode::CreateIfMissing : OpenMode::ReadWrite);
        into.emplace(*project, creating ? ProjectImport::Mode::NewFile : ProjectImport::Mode::Normal);
        const ExcerptLookup in_project = [&](const std::string& id) { return into->excerpt(id); };

        // Files read whole (GeoJSON, timemap JSON) first: their sources, excerpts
        // and places go in before any event, so the events of every file may cite them.
        std::vector<ImportResult> whole;
        for (const Input& in : inputs) {
            if (in.format == InputFormat::Csv) continue;
            whole.push_back(import_text(in.view(), in.name, in.format, options));
            ImportResult& r = whole.back();
            check_excerpts_unchanged(r, in_project, options);
            for (const auto& x : r.data.sources) into->put(x);
            for (const auto& x : r.data.excerpts) into->put(x);
            for (const auto& x : r.data.places) into->put(x);
        }
        for (ImportResult& r : whole) {
            check_references(r, in_project, options);
            report(r.problems);
            skipped += r.skipped;
            if (!r.problems.empty() && r.rows == 0 && unusable.empty()) unusable = r.file;
            for (const auto& x : r.data.events) into->put(x);
            for (const auto& x : r.data.stories) into->put(x);
            events += r.data.events.size();
            r.data = Dataset{};
        }
        // CSV files stream.
        for (size_t i = 0; i < inputs.size(); ++i) {
            if (inputs[i].format != InputFormat::Csv) continue;
            const CsvOutcome got = stream_csv(*into, inputs[i], static_cast<int64_t>(i), options, problems);
            problems += got.problems;
            skipped += got.counts.skipped;
            events += got.events;
            if (got.problems > 0 && got.counts.rows == 0 && unusable.empty()) unusable = inputs[i].name;
        }
        if (!unusable.empty()) {
            into.reset();
            project.reset();
            discard_new();
            std::fprintf(stderr, "%s: nothing imported: %s has no readable rows (%zu problem%s)\n", a.project.c_str(),
                         unusable.c_str(), problems, problems == 1 ? "" : "s");
            return kDataError;
        }
        if (problems > 0 && a.skip_bad && events == 0) {
            // Every row was bad: --skip-bad leaves nothing to import, and says so.
            into.reset();
            project.reset();
            discard_new();
            std::fprintf(stderr, "%s: nothing imported: every row has a problem (%zu problem%s)\n", a.project.c_str(),
                         problems, problems == 1 ? "" : "s");
            return kDataError;
        }
        if (problems > 0 && !a.skip_bad) {
            into.reset();
            project.reset();
            discard_new();
            std::fprintf(stderr, "%s: nothing imported: %zu problem%s (--skip-bad imports the good rows)\n",
                         a.project.c_str(), problems, problems == 1 ? "" : "s");
            return kDataError;
        }
        stats = into->commit();
        into.reset();
        project.reset();
        if (creating) publish_new_file(target, a.project);
    } catch (const Error& e) {
        into.reset();
        project.reset();
        discard_new();
        // The user named the project, not the file it was filled in.
        if (creating && e.diagnostic().file == target) {
            Diagnostic d = e.diagnostic();
            d.file = a.project;
            d.message = "nothing imported: " + d.message;
            throw Error(d);
        }
        throw;
    }
    std::printf("%s: imported %zu event%s from %zu file%s (records: %d added, %d updated, %d unchanged)", a.project.c_str(),
                events, events == 1 ? "" : "s", inputs.size(), inputs.size() == 1 ? "" : "s", stats.added, stats.updated,
                stats.unchanged);
    if (skipped > 0) std::printf("; %d bad row%s skipped", skipped, skipped == 1 ? "" : "s");
    std::printf("\n");
    return kOk;
}

}  // namespace

void register_import(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<ImportArgs>();
    auto* sub = app.add_subcommand(
        "import",
        "Import events into a project from CSV, GeoJSON or forensic-architecture timemap JSON. A file with bad "
        "rows imports nothing unless --skip-bad is given; re-importing matches events on their id.");
    sub->add_option("project", args->project, "Project file (*.atlas)")->required();
    sub->add_option("inputs", args->inputs, "Files to import")->required();
    sub->add_option("--format", args->format, "Input format (default: from the extension or content)")
        ->check(CLI::IsMember({"csv", "geojson", "timemap"}));
    sub->add_flag("--skip-bad", args->skip_bad, "Import the good rows of files with bad ones");
    sub->add_flag("--create", args->create, "Create the project file when it does not exist");
    sub->callback([args, &ctx] { run_reporting(ctx, "", [&] { return run_import(*args); }); });
}

}  // namespace atlas::cli
