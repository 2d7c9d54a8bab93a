// write_atomically: regular files replaced whole, everything else at the path
// treated as what it is (a link, a FIFO, a device, a folder, a read-only file).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "core/file_io.hpp"

namespace fs = std::filesystem;
using atlas::write_atomically;

namespace {

class FileIo : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        dir_ = fs::temp_directory_path() / ("atlas-file-io-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::permissions(dir_, fs::perms::owner_all, ec);
        fs::remove_all(dir_, ec);
    }
    fs::path at(const std::string& name) const { return dir_ / name; }
    static std::string read(const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    static void put(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
    static mode_t mode_of(const fs::path& p) {
        struct stat st {};
        EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
        return st.st_mode & 07777;
    }
    // The error's text, or "" when the write succeeded.
    static std::string failure(const fs::path& p, const std::string& text) {
        try {
            write_atomically(p, text);
        } catch (const atlas::Error& e) {
            return e.what();
        }
        return "";
    }
    size_t files_in_dir() const { return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), {})); }

    fs::path dir_;
};

}  // namespace

TEST_F(FileIo, NewFileGetsContentAndUsualMode) {
    const mode_t old_mask = ::umask(022);
    write_atomically(at("a.txt"), "hello\n");
    ::umask(old_mask);
    EXPECT_EQ(read(at("a.txt")), "hello\n");
    EXPECT_EQ(mode_of(at("a.txt")), 0644u);
    EXPECT_EQ(files_in_dir(), 1u) << "no temporary file is left";
}

TEST_F(FileIo, ReplacingKeepsTheModeOfTheOldFile) {
    put(at("secret.csv"), "old");
    fs::permissions(at("secret.csv"), fs::perms::owner_read | fs::perms::owner_write);
    write_atomically(at("secret.csv"), "new content");
    EXPECT_EQ(read(at("secret.csv")), "new content");
    EXPECT_EQ(mode_of(at("secret.csv")), 0600u);
}

TEST_F(FileIo, SymlinkIsFollowedAndStaysALink) {
    fs::create_directory(at("real"));
    put(at("real/target.kml"), "old");
    fs::create_symlink("real/target.kml", at("link.kml"));
    write_atomically(at("link.kml"), "<kml/>");
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(at("link.kml"))));
    EXPECT_EQ(read(at("real/target.kml")), "<kml/>");
    // A dangling link creates the file it names.
    fs::create_symlink("real/new.kml", at("dangling.kml"));
    write_atomically(at("dangling.kml"), "x");
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(at("dangling.kml"))));
    EXPECT_EQ(read(at("real/new.kml")), "x");
}

TEST_F(FileIo, SymlinkLoopIsNamed) {
    fs::create_symlink("b", at("a"));
    fs::create_symlink("a", at("b"));
    const std::string why = failure(at("a"), "x");
    EXPECT_NE(why.find(at("a").string() + ": cannot write: the symbolic links form a loop"), std::string::npos) << why;
}

TEST_F(FileIo, FolderIsRefused) {
    fs::create_directory(at("out"));
    const std::string why = failure(at("out"), "x");
    EXPECT_EQ(why, at("out").string() + ": cannot write: it is a folder");
    EXPECT_TRUE(fs::is_directory(at("out")));
}

TEST_F(FileIo, ReadOnlyFileIsRefusedAndUntouched) {
    put(at("ro.csv"), "keep me");
    fs::permissions(at("ro.csv"), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    const std::string why = failure(at("ro.csv"), "replaced");
    EXPECT_NE(why.find(at("ro.csv").string() + ": cannot write: "), std::string::npos) << why;
    EXPECT_EQ(read(at("ro.csv")), "keep me");
    EXPECT_EQ(mode_of(at("ro.csv")), 0444u);
    EXPECT_EQ(files_in_dir(), 1u);
}

TEST_F(FileIo, FifoIsWrittenNotReplaced) {
    ASSERT_EQ(::mkfifo(at("pipe").c_str(), 0600), 0);
    std::string got;
    std::thread reader([&] { got = read(at("pipe")); });
    write_atomically(at("pipe"), "through the pipe");
    reader.join();
    EXPECT_EQ(got, "through the pipe");
    EXPECT_TRUE(fs::is_fifo(at("pipe")));
}

TEST_F(FileIo, CharacterDevicesAreWrittenDirectly) {
    write_atomically("/dev/null", "discarded");
    EXPECT_TRUE(fs::is_character_file("/dev/null"));
    if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
    const std::string why = failure("/dev/full", "x");
    EXPECT_EQ(why, "/dev/full: cannot write: No space left on device");
    EXPECT_TRUE(fs::is_character_file("/dev/full"));
}

TEST_F(FileIo, FolderThatCannotBeWrittenLeavesNothing) {
    if (::geteuid() == 0) GTEST_SKIP() << "root writes any folder";
    fs::create_directory(at("locked"));
    fs::permissions(at("locked"), fs::perms::owner_read | fs::perms::owner_exec);
    const std::string why = failure(at("locked/x.csv"), "x");
    EXPECT_NE(why.find("cannot create a temporary file"), std::string::npos) << why;
    fs::permissions(at("locked"), fs::perms::owner_all);
    EXPECT_TRUE(fs::is_empty(at("locked")));
}

// AtomicFile: content written a piece at a time appears whole at commit, or not at all.
TEST_F(FileIo, PiecesAppearOnlyAtCommit) {
    put(at("map.png"), "old");
    ::chmod(at("map.png").c_str(), 0640);
    {
        atlas::AtomicFile f(at("map.png"));
        f.write("new ");
        f.write("content");
        EXPECT_EQ(read(at("map.png")), "old") << "nothing changes before commit";
        f.commit();
        EXPECT_THROW(f.write("more"), atlas::Error);
    }
    EXPECT_EQ(read(at("map.png")), "new content");
    EXPECT_EQ(mode_of(at("map.png")), 0640u);
    size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++files;
    EXPECT_EQ(files, 1u) << "no temporary file is left";
}

TEST_F(FileIo, AbandonedWriteLeavesTheOldFileAndNoTemporary) {
    put(at("map.png"), "old");
    {
        atlas::AtomicFile f(at("map.png"));
        f.write("half of a");
    }  // an exception while encoding unwinds here
    EXPECT_EQ(read(at("map.png")), "old");
    size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++files;
    EXPECT_EQ(files, 1u);
    {
        atlas::AtomicFile f(at("fresh.png"));
        f.write("x");
    }
    EXPECT_FALSE(fs::exists(at("fresh.png")));
}

TEST_F(FileIo, AtomicFileRefusesWhatWriteAtomicallyRefusesBeforeAnyWrite) {
    fs::create_directory(at("folder"));
    try {
        atlas::AtomicFile f(at("folder"));
        FAIL() << "a folder was accepted";
    } catch (const atlas::Error& e) {
        EXPECT_NE(std::string(e.what()).find("it is a folder"), std::string::npos) << e.what();
    }
    put(at("ro.png"), "keep");
    ::chmod(at("ro.png").c_str(), 0444);
    EXPECT_THROW(atlas::AtomicFile{at("ro.png")}, atlas::Error);
    EXPECT_EQ(read(at("ro.png")), "keep");
}

TEST_F(FileIo, AtomicFileOnAFullDeviceFailsWithTheReason) {
    if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
    atlas::AtomicFile f("/dev/full");
    try {
        f.write(std::string(1 << 16, 'x'));
        f.commit();
        FAIL() << "a full device took the bytes";
    } catch (const atlas::Error& e) {
        EXPECT_NE(std::string(e.what()).find("/dev/full"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("No space left"), std::string::npos) << e.what();
    }
}

// A mapped file holds the file's bytes; what cannot be mapped (missing, empty,
// a folder) is empty, and a file replaced afterwards leaves the mapping whole.
TEST_F(FileIo, MappedFileHoldsTheBytesOrNothing) {
    std::string text(100000, '\0');
    for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>(i * 31 % 251);
    put(at("data.bin"), text);
    atlas::MappedFile m(at("data.bin"));
    ASSERT_EQ(m.size(), text.size());
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(m.data()), m.size()), text);

    write_atomically(at("data.bin"), "replaced");  // a new file renamed over the old one
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(m.data()), m.size()), text);

    atlas::MappedFile moved(std::move(m));
    EXPECT_TRUE(m.empty());
    EXPECT_EQ(moved.size(), text.size());
    moved = atlas::MappedFile(at("data.bin"));
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(moved.data()), moved.size()), "replaced");

    put(at("empty"), "");
    EXPECT_TRUE(atlas::MappedFile(at("empty")).empty());
    EXPECT_TRUE(atlas::MappedFile(at("missing")).empty());
    EXPECT_TRUE(atlas::MappedFile(dir_).empty());
}

// The memory this process holds of the mapping that starts at `start`, in kB
// (its Rss line in /proc/self/smaps).
long resident_kb(const void* start) {
    std::ifstream smaps("/proc/self/smaps");
    char want[32];
    std::snprintf(want, sizeof want, "%lx-", reinterpret_cast<unsigned long>(start));
    std::string line;
    bool in_it = false;
    while (std::getline(smaps, line)) {
        if (line.rfind(want, 0) == 0) in_it = true;
        else if (in_it && line.rfind("Rss:", 0) == 0) return std::stol(line.substr(4));
    }
    return -1;
}

// A sequential mapping gives back what was read, and still reads it all: the
// pages come back from the file.
TEST_F(FileIo, SequentialMappingReleasesWhatWasReadAndStillReadsIt) {
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    std::string text(64 * page, '\0');
    for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + i % 26);
    put(at("rows.csv"), text);
    atlas::MappedFile m(at("rows.csv"), atlas::MappedFile::Use::Sequential);
    ASSERT_EQ(m.text(), text);  // touches every page
    const long page_kb = static_cast<long>(page / 1024);
    if (resident_kb(m.data()) < 0) GTEST_SKIP() << "no /proc/self/smaps here";
    EXPECT_EQ(resident_kb(m.data()), 64 * page_kb);
    m.release_before(32 * page + page / 2);  // only whole pages before the offset go
    EXPECT_EQ(resident_kb(m.data()), 32 * page_kb);
    EXPECT_EQ(m.text(), text);  // read again, from the file
    EXPECT_EQ(resident_kb(m.data()), 64 * page_kb);
    m.release_before(m.size() + 12345);  // past the end: all of it, no fault
    EXPECT_EQ(resident_kb(m.data()), 0);
    EXPECT_EQ(m.text().substr(0, 26), "abcdefghijklmnopqrstuvwxyz");
    atlas::MappedFile().release_before(100);  // nothing mapped: nothing to do
}

TEST_F(FileIo, PublishNewFileNeverReplacesAFile) {
    put(at("made.part"), "new project");
    atlas::publish_new_file(at("made.part"), at("made.atlas"));
    EXPECT_EQ(read(at("made.atlas")), "new project");
    EXPECT_FALSE(fs::exists(at("made.part")));

    put(at("second.part"), "second");
    put(at("taken.atlas"), "someone else's");
    try {
        atlas::publish_new_file(at("second.part"), at("taken.atlas"));
        ADD_FAILURE() << "replaced a file";
    } catch (const atlas::Error& e) {
        EXPECT_NE(std::string(e.what()).find("taken.atlas: cannot be created: another program created it"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(read(at("taken.atlas")), "someone else's");
    EXPECT_EQ(read(at("second.part")), "second");
    EXPECT_THROW(atlas::publish_new_file(at("missing.part"), at("x.atlas")), atlas::Error);
}
