// The file actions' rules without a window: the in-window browser's listing,
// filtering, sorting and navigation; which dialog is chosen; a dialog's
// command line and answer; the XDG user folders and default export folders;
// recent projects; what a dropped file becomes and what an import would change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>

#include "core/error.hpp"
#include "model/drop.hpp"
#include "model/file_browser.hpp"
#include "model/file_request.hpp"
#include "model/user_dirs.hpp"
#include "store/project.hpp"

namespace atlas {
namespace {
namespace fs = std::filesystem;

void touch(const fs::path& p, const std::string& text = "x") {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

class TempDir : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("atlas_files_" + std::to_string(::getpid()) + "_" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

std::vector<std::string> names(const FileBrowser& b) {
    std::vector<std::string> out;
    for (const auto& e : b.entries()) out.push_back(e.name);
    return out;
}

// [SECTION] Browser

using Browser = TempDir;

TEST_F(Browser, ListsFoldersFirstThenMatchingFilesHidingDotFiles) {
    fs::create_directories(dir_ / "zeta");
    fs::create_directories(dir_ / "Alpha");
    fs::create_directories(dir_ / ".cache");
    touch(dir_ / "b.atlas");
    touch(dir_ / "A.ATLAS");
    touch(dir_ / "notes.txt");
    touch(dir_ / ".hidden.atlas");
    FileRequest r;
    r.filters = {file_types::projects()};
    r.folder = dir_;
    FileBrowser b(r);
    EXPECT_EQ(b.folder(), dir_);
    EXPECT_EQ(names(b), (std::vector<std::string>{"Alpha", "zeta", "A.ATLAS", "b.atlas"}));
    b.set_show_hidden(true);
    EXPECT_EQ(names(b), (std::vector<std::string>{".cache", "Alpha", "zeta", ".hidden.atlas", "A.ATLAS", "b.atlas"}));
    b.set_show_hidden(false);
    b.set_filter(1);  // all files
    EXPECT_EQ(names(b), (std::vector<std::string>{"Alpha", "zeta", "A.ATLAS", "b.atlas", "notes.txt"}));
    EXPECT_EQ(b.filter_names().size(), 2u);
    EXPECT_EQ(b.filter_names().back(), "All files");
}

TEST_F(Browser, SortsBySizeAndReversesOnTheSameKey) {
    touch(dir_ / "small.csv", "1");
    touch(dir_ / "large.csv", std::string(1000, 'x'));
    touch(dir_ / "mid.csv", std::string(100, 'x'));
    fs::create_directories(dir_ / "sub");
    FileRequest r;
    r.filters = {file_types::event_files()};
    r.folder = dir_;
    FileBrowser b(r);
    b.sort_by(BrowserSort::Size);
    EXPECT_EQ(names(b), (std::vector<std::string>{"sub", "small.csv", "mid.csv", "large.csv"}));
    EXPECT_TRUE(b.ascending());
    b.sort_by(BrowserSort::Size);  // again: descending, folders still first
    EXPECT_FALSE(b.ascending());
    EXPECT_EQ(names(b), (std::vector<std::string>{"sub", "large.csv", "mid.csv", "small.csv"}));
}

TEST_F(Browser, NavigatesWithTheKeyboardIntoFoldersAndUp) {
    fs::create_directories(dir_ / "data" / "deep");
    touch(dir_ / "data" / "events.csv");
    touch(dir_ / "top.csv");
    FileRequest r;
    r.filters = {file_types::event_files()};
    r.folder = dir_;
    FileBrowser b(r);
    ASSERT_EQ(names(b), (std::vector<std::string>{"data", "top.csv"}));
    b.move_selection(1);  // nothing selected: the first
    ASSERT_EQ(b.selected(), 0u);
    EXPECT_FALSE(b.activate().has_value());  // a folder: entered
    EXPECT_EQ(b.folder(), dir_ / "data");
    EXPECT_EQ(names(b), (std::vector<std::string>{"deep", "events.csv"}));
    b.move_selection(5);  // clamped to the last
    EXPECT_EQ(b.selected(), 1u);
    EXPECT_EQ(b.name, "events.csv");  // a file's name goes into the name field
    const auto chosen = b.activate();
    ASSERT_TRUE(chosen.has_value());
    EXPECT_EQ(*chosen, dir_ / "data" / "events.csv");
    EXPECT_TRUE(b.up());
    EXPECT_EQ(b.folder(), dir_);
    b.select_by_prefix("TO");
    EXPECT_EQ(b.selected(), 1u);
}

TEST_F(Browser, ATypedPathEntersFoldersAndOpenNeedsAnExistingFile) {
    fs::create_directories(dir_ / "a");
    touch(dir_ / "a" / "x.json");
    FileRequest r;
    r.filters = {file_types::story_json()};
    r.folder = dir_;
    FileBrowser b(r);
    b.name = "a";
    EXPECT_FALSE(b.accept_typed().has_value());
    EXPECT_EQ(b.folder(), dir_ / "a");
    EXPECT_TRUE(b.name.empty());
    b.name = "missing.json";
    EXPECT_FALSE(b.accept_typed().has_value());
    EXPECT_NE(b.error().find("no such file"), std::string::npos) << b.error();
    b.name = (dir_ / "a" / "x.json").string();
    ASSERT_TRUE(b.accept_typed().has_value());
    EXPECT_FALSE(b.navigate(dir_ / "nowhere"));
    EXPECT_EQ(b.folder(), dir_ / "a");  // unchanged
    EXPECT_NE(b.error().find("not a folder"), std::string::npos);
}

TEST_F(Browser, SaveAddsTheFiltersExtensionAndRefusesAMissingFolder) {
    FileRequest r;
    r.action = FileAction::Save;
    r.filters = {file_types::projects()};
    r.folder = dir_;
    r.file_name = "Untitled.atlas";
    FileBrowser b(r);
    EXPECT_EQ(b.name, "Untitled.atlas");
    b.name = "talk";
    auto p = b.accept_typed();
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(*p, dir_ / "talk.atlas");
    b.name = "no/such/folder/x.atlas";
    EXPECT_FALSE(b.accept_typed().has_value());
    EXPECT_NE(b.error().find("no such folder"), std::string::npos);
}

TEST_F(Browser, AFolderRequestListsOnlyFolders) {
    fs::create_directories(dir_ / "frames");
    touch(dir_ / "a.png");
    FileRequest r;
    r.action = FileAction::Folder;
    r.folder = dir_;
    FileBrowser b(r);
    EXPECT_EQ(names(b), (std::vector<std::string>{"frames"}));
    auto p = b.accept_typed();  // nothing typed: this folder
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(*p, dir_);
}

// [SECTION] Filters, dialog choice, command lines, answers

TEST(FileFilters, MatchCaseInsensitivelyAndAddTheirExtension) {
    const FileFilter f = file_types::event_files();
    EXPECT_TRUE(filter_matches(f, "a.CSV"));
    EXPECT_TRUE(filter_matches(f, "x.geojson"));
    EXPECT_FALSE(filter_matches(f, "x.geojson.bak"));
    EXPECT_FALSE(filter_matches(f, "csv"));
    EXPECT_TRUE(filter_matches(file_types::all(), "anything"));
    EXPECT_EQ(filter_default_extension(f), ".csv");
    EXPECT_EQ(with_filter_extension("/t/out", file_types::png()), fs::path("/t/out.png"));
    EXPECT_EQ(with_filter_extension("/t/out.PNG", file_types::png()), fs::path("/t/out.PNG"));
}

DialogEnvironment fake_env(std::map<std::string, std::string> programs, std::map<std::string, std::string> vars) {
    DialogEnvironment env;
    env.find = [programs](const std::string& p) {
        auto it = programs.find(p);
        return it == programs.end() ? std::string() : it->second;
    };
    env.getenv = [vars](const std::string& k) {
        auto it = vars.find(k);
        return it == vars.end() ? std::string() : it->second;
    };
    return env;
}

TEST(DialogChoice, FollowsWhatIsInstalledAndTheDesktop) {
    const std::map<std::string, std::string> x11{{"DISPLAY", ":0"}};
    EXPECT_EQ(choose_dialog_backend(fake_env({{"zenity", "/usr/bin/zenity"}}, x11)), DialogBackend::Zenity);
    EXPECT_EQ(choose_dialog_backend(fake_env({{"kdialog", "/usr/bin/kdialog"}}, x11)), DialogBackend::Kdialog);
    EXPECT_EQ(choose_dialog_backend(fake_env({}, x11)), DialogBackend::InWindow);
    const std::map<std::string, std::string> both{{"zenity", "/z"}, {"kdialog", "/k"}};
    EXPECT_EQ(choose_dialog_backend(fake_env(both, x11)), DialogBackend::Zenity);
    EXPECT_EQ(choose_dialog_backend(fake_env(both, {{"DISPLAY", ":0"}, {"XDG_CURRENT_DESKTOP", "KDE"}})), DialogBackend::Kdialog);
    // Wayland alone is a display too; none at all is the window's own.
    EXPECT_EQ(choose_dialog_backend(fake_env(both, {{"WAYLAND_DISPLAY", "wayland-0"}})), DialogBackend::Zenity);
    EXPECT_EQ(choose_dialog_backend(fake_env(both, {})), DialogBackend::InWindow);
    // The override, when that dialog is there.
    EXPECT_EQ(choose_dialog_backend(fake_env(both, {{"DISPLAY", ":0"}, {"ATLAS_FILE_DIALOG", "window"}})), DialogBackend::InWindow);
    EXPECT_EQ(choose_dialog_backend(fake_env(both, {{"DISPLAY", ":0"}, {"ATLAS_FILE_DIALOG", "kdialog"}})), DialogBackend::Kdialog);
    EXPECT_EQ(choose_dialog_backend(fake_env({{"zenity", "/z"}}, {{"DISPLAY", ":0"}, {"ATLAS_FILE_DIALOG", "kdialog"}})),
              DialogBackend::Zenity);
}

TEST(DialogChoice, ASessionBusMeansThePortalFirst) {
    const std::map<std::string, std::string> both{{"zenity", "/z"}, {"kdialog", "/k"}};
    const std::map<std::string, std::string> bus{{"DISPLAY", ":0"}, {"DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus"}};
    EXPECT_EQ(choose_dialog_backend(fake_env(both, bus)), DialogBackend::Portal);
    EXPECT_EQ(choose_dialog_backend(fake_env({}, bus)), DialogBackend::Portal);
    // After the portal could not show: what comes next.
    EXPECT_EQ(choose_dialog_backend(fake_env(both, bus), false), DialogBackend::Zenity);
    EXPECT_EQ(choose_dialog_backend(fake_env({}, bus), false), DialogBackend::InWindow);
    // The bus found by its socket in the runtime folder.
    DialogEnvironment env = fake_env(both, {{"DISPLAY", ":0"}, {"XDG_RUNTIME_DIR", "/run/user/7"}});
    EXPECT_EQ(choose_dialog_backend(env), DialogBackend::Zenity);
    env.exists = [](const std::string& p) { return p == "/run/user/7/bus"; };
    EXPECT_TRUE(session_bus_reachable(env));
    EXPECT_EQ(choose_dialog_backend(env), DialogBackend::Portal);
    // No display, or a forced choice, wins over the bus.
    EXPECT_EQ(choose_dialog_backend(fake_env(both, {{"DBUS_SESSION_BUS_ADDRESS", "unix:abstract=x"}})), DialogBackend::InWindow);
    auto forced = bus;
    forced["ATLAS_FILE_DIALOG"] = "zenity";
    EXPECT_EQ(choose_dialog_backend(fake_env(both, forced)), DialogBackend::Zenity);
    forced["ATLAS_FILE_DIALOG"] = "window";
    EXPECT_EQ(choose_dialog_backend(fake_env(both, forced)), DialogBackend::InWindow);
    // Forcing the portal without a bus: the usual choice.
    EXPECT_EQ(choose_dialog_backend(fake_env(both, {{"DISPLAY", ":0"}, {"ATLAS_FILE_DIALOG", "portal"}})), DialogBackend::Zenity);
    EXPECT_EQ(to_string(DialogBackend::Portal), "portal");
}

TEST(DialogCommands, ZenityAndKdialogGetTheRequest) {
    FileRequest r;
    r.title = "Save project as";
    r.action = FileAction::Save;
    r.filters = {file_types::projects()};
    r.folder = "/home/u/Talks";
    r.file_name = "Almaty copy.atlas";
    const auto z = zenity_command("/usr/bin/zenity", r);
    const std::vector<std::string> want{"/usr/bin/zenity", "--file-selection", "--title=Save project as", "--save",
                                        "--confirm-overwrite", "--filename=/home/u/Talks/Almaty copy.atlas",
                                        "--file-filter=Almaty Atlas projects | *.atlas"};
    EXPECT_EQ(z, want);
    r.action = FileAction::Open;
    r.file_name.clear();
    const auto z2 = zenity_command("zenity", r);
    EXPECT_NE(std::find(z2.begin(), z2.end(), "--filename=/home/u/Talks/"), z2.end());
    EXPECT_EQ(z2.back(), "--file-filter=All files | *");
    const auto k = kdialog_command("/usr/bin/kdialog", r);
    EXPECT_EQ(k[3], "--getopenfilename");
    EXPECT_EQ(k[4], "/home/u/Talks");
    EXPECT_EQ(k[5], "Almaty Atlas projects (*.atlas)\nAll files (*)");
}

TEST(DialogAnswers, AreReadFromTheFirstLineAndCancelIsNothing) {
    FileRequest r;
    r.action = FileAction::Save;
    r.filters = {file_types::png()};
    EXPECT_EQ(parse_dialog_answer(r, 0, "/t/view\n"), fs::path("/t/view.png"));
    EXPECT_EQ(parse_dialog_answer(r, 0, "/t/with space.png\n"), fs::path("/t/with space.png"));
    EXPECT_FALSE(parse_dialog_answer(r, 1, "").has_value());
    EXPECT_FALSE(parse_dialog_answer(r, 0, "").has_value());
    r.action = FileAction::Open;
    EXPECT_EQ(parse_dialog_answer(r, 0, "/t/events\n"), fs::path("/t/events"));
}

// [SECTION] User folders, export folders, recent projects

TEST(UserDirs, AreReadAsXdgUserDirReadsThem) {
    const std::string text =
        "# comment\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_PICTURES_DIR=\"$HOME/Bilder\"\n"
        "XDG_VIDEOS_DIR=\"/media/films\"\nXDG_DOCUMENTS_DIR=\"$HOME/\"\nXDG_MUSIC_DIR=relative\n";
    EXPECT_EQ(parse_user_dirs(text, "PICTURES", "/home/u"), fs::path("/home/u/Bilder"));
    EXPECT_EQ(parse_user_dirs(text, "VIDEOS", "/home/u"), fs::path("/media/films"));
    EXPECT_FALSE(parse_user_dirs(text, "DOCUMENTS", "/home/u").has_value());  // home itself: disabled
    EXPECT_FALSE(parse_user_dirs(text, "MUSIC", "/home/u").has_value());
    EXPECT_FALSE(parse_user_dirs(text, "DOWNLOAD", "/home/u").has_value());
}

using ExportFolders = TempDir;

TEST_F(ExportFolders, AreTheProjectsFolderElseTheKindsXdgFolder) {
    const fs::path home = dir_ / "home", cfg = dir_ / "cfg", data = dir_ / "data";
    fs::create_directories(home / "Pictures");
    fs::create_directories(home / "Videos");
    fs::create_directories(cfg);
    fs::create_directories(data);
    fs::create_directories(dir_ / "talks");
    touch(cfg / "user-dirs.dirs", "XDG_PICTURES_DIR=\"$HOME/Pictures\"\nXDG_VIDEOS_DIR=\"$HOME/Videos\"\n"
                                  "XDG_DOCUMENTS_DIR=\"$HOME/Documents\"\n");
    const std::string old_home = std::getenv("HOME") ? std::getenv("HOME") : "";
    const std::string old_cfg = std::getenv("XDG_CONFIG_HOME") ? std::getenv("XDG_CONFIG_HOME") : "";
    setenv("HOME", home.c_str(), 1);
    setenv("XDG_CONFIG_HOME", cfg.c_str(), 1);
    EXPECT_EQ(default_export_folder(ExportKind::Image, dir_ / "talks" / "a.atlas", false, data), dir_ / "talks");
    // The program's own project (in its data folder) or a read-only one: the kind's folder.
    EXPECT_EQ(default_export_folder(ExportKind::Image, data / "almaty.atlas", false, data), home / "Pictures");
    EXPECT_EQ(default_export_folder(ExportKind::Animation, dir_ / "talks" / "a.atlas", true, data), home / "Videos");
    // Documents is named but missing: home.
    EXPECT_EQ(default_export_folder(ExportKind::Data, fs::path(), false, data), home);
    setenv("HOME", old_home.c_str(), 1);
    if (old_cfg.empty()) unsetenv("XDG_CONFIG_HOME");
    else setenv("XDG_CONFIG_HOME", old_cfg.c_str(), 1);
}

using Recent = TempDir;

TEST_F(Recent, MostRecentFirstWithoutRepeatsCappedAndKept) {
    RecentProjects r;
    for (int i = 0; i < 12; ++i) r.add(dir_ / ("p" + std::to_string(i) + ".atlas"));
    ASSERT_EQ(r.items().size(), RecentProjects::kMax);
    EXPECT_EQ(r.items().front(), (dir_ / "p11.atlas").string());
    r.add(dir_ / "p5.atlas");
    EXPECT_EQ(r.items().front(), (dir_ / "p5.atlas").string());
    EXPECT_EQ(std::count(r.items().begin(), r.items().end(), (dir_ / "p5.atlas").string()), 1);
    r.remove(dir_ / "p11.atlas");
    EXPECT_EQ(r.items().size(), RecentProjects::kMax - 1);
    r.save(dir_ / "recent");
    RecentProjects back;
    back.load(dir_ / "recent");
    EXPECT_EQ(back.items(), r.items());
    back.load(dir_ / "missing");
    EXPECT_TRUE(back.items().empty());
}

// [SECTION] Dropped files

using Drops = TempDir;

TEST_F(Drops, EachKindOfFileGoesWhereItBelongs) {
    Project::open(dir_ / "p.atlas", OpenMode::CreateIfMissing);
    touch(dir_ / "e.csv", "id,title,time,lat,lon\n");
    touch(dir_ / "l.shp", "x");
    touch(dir_ / "events.geojson",
          R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[76.9,43.2]},"properties":{"id":"a","title":"T","time":"2006-04-05"}}]})");
    touch(dir_ / "roads.geojson",
          R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[76.9,43.2],[76.95,43.25]]},"properties":{"name":"Road"}}]})");
    touch(dir_ / "timemap.json", R"({"events":[]})");
    touch(dir_ / "broken.json", "{not json");
    touch(dir_ / "photo.jpg", "x");
    const auto d = classify_drops({(dir_ / "e.csv").string(), (dir_ / "l.shp").string(), (dir_ / "events.geojson").string(),
                                   (dir_ / "roads.geojson").string(), (dir_ / "timemap.json").string(),
                                   (dir_ / "broken.json").string(), (dir_ / "photo.jpg").string(), (dir_ / "p.atlas").string(),
                                   (dir_ / "gone.csv").string()});
    ASSERT_EQ(d.size(), 9u);
    EXPECT_EQ(d[0].kind, DropKind::OpenProject);  // the project first: the rest go into it
    EXPECT_EQ(d[0].path, dir_ / "p.atlas");
    EXPECT_EQ(d[1].kind, DropKind::ImportEvents);
    EXPECT_EQ(d[2].kind, DropKind::AddLayer);
    EXPECT_EQ(d[3].kind, DropKind::ImportEvents);
    EXPECT_EQ(d[4].kind, DropKind::AddLayer);
    EXPECT_EQ(d[5].kind, DropKind::ImportEvents);
    EXPECT_EQ(d[6].kind, DropKind::Unsupported);
    EXPECT_NE(d[6].reason.find("broken.json"), std::string::npos);
    EXPECT_EQ(d[7].kind, DropKind::Unsupported);
    EXPECT_NE(d[7].reason.find("photo.jpg"), std::string::npos);
    EXPECT_EQ(d[8].kind, DropKind::Unsupported);
    EXPECT_NE(d[8].reason.find("no such file"), std::string::npos);
}

TEST_F(Drops, APreviewCountsNewUpdatedAndUnchangedAndNamesProblems) {
    Dataset current;
    Event known;
    known.id = "ev-1";
    current.events.push_back(known);
    touch(dir_ / "e.geojson",
          R"({"type":"FeatureCollection","features":[)"
          R"({"type":"Feature","geometry":{"type":"Point","coordinates":[76.9,43.2]},"properties":{"id":"ev-1","title":"Known","category":"protest","time":"2006-04-05"}},)"
          R"({"type":"Feature","geometry":{"type":"Point","coordinates":[76.9,43.2]},"properties":{"id":"ev-2","title":"Fresh","category":"protest","time":"2006-04-06"}}]})");
    const ImportPreview pv = preview_import(current, dir_ / "e.geojson");
    ASSERT_TRUE(pv.problems.empty()) << (pv.problems.empty() ? std::string() : pv.problems.front());
    EXPECT_TRUE(pv.ok());
    EXPECT_EQ(pv.rows, 2);
    EXPECT_EQ(pv.added, 1);
    EXPECT_EQ(pv.updated, 1);
    EXPECT_EQ(pv.unchanged, 0);
    EXPECT_EQ(pv.added_titles, std::vector<std::string>{"Fresh"});
    EXPECT_EQ(pv.data.events.size(), 2u);
    touch(dir_ / "bad.geojson",
          R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[76.9,43.2]},"properties":{"id":"x","title":"T","category":"protest","time":"the day after never"}}]})");
    const ImportPreview bad = preview_import(current, dir_ / "bad.geojson");
    EXPECT_FALSE(bad.ok());
    ASSERT_FALSE(bad.problems.empty());
    EXPECT_NE(bad.problems.front().find("bad.geojson"), std::string::npos) << bad.problems.front();
    EXPECT_TRUE(bad.data.events.empty());
}

}  // namespace
}  // namespace atlas
