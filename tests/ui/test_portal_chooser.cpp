// The desktop portal's file dialogs without a desktop: a private D-Bus session
// bus (GLib's GTestDBus runs dbus-daemon), and on it a fake
// org.freedesktop.portal.Desktop that speaks the FileChooser protocol as
// xdg-desktop-portal does (a request object per call, the answer as its
// Response signal, Close to end it). The program's side is the real one.
#include <gtest/gtest.h>

#include <gio/gio.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include "model/file_request.hpp"
#include "ui/file_dialogs.hpp"
#include "ui/portal_chooser.hpp"

namespace atlas {
namespace {
namespace fs = std::filesystem;

constexpr const char* kChooserXml = R"(<node>
  <interface name="org.freedesktop.portal.FileChooser">
    <method name="OpenFile"><arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="o" direction="out"/></method>
    <method name="SaveFile"><arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="o" direction="out"/></method>
    <property name="version" type="u" access="read"/>
  </interface>
  <interface name="org.freedesktop.portal.Request">
    <method name="Close"/>
  </interface>
</node>)";

// What the fake portal does with a request: answer at once (`code` 0 with
// `uri`, 1 cancelled) or leave the dialog open until Close.
struct PortalScript {
    uint32_t version = 4;
    bool answer = true;
    uint32_t code = 0;
    std::string uri;
    int reply_after_ms = 0;  // a slow portal: the call's reply comes this late
};

class FakePortal {
public:
    explicit FakePortal(PortalScript script) : script_(std::move(script)) {
        thread_ = std::thread([this] { run(); });
        std::unique_lock lock(mutex_);
        for (int i = 0; i < 500 && !ready_; ++i) {
            lock.unlock();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            lock.lock();
        }
    }
    ~FakePortal() {
        g_main_context_invoke(context_, [](gpointer loop) -> gboolean {
            g_main_loop_quit(static_cast<GMainLoop*>(loop));
            return G_SOURCE_REMOVE;
        }, loop_);
        thread_.join();
        g_main_loop_unref(loop_);
        g_main_context_unref(context_);
    }
    bool ready() {
        std::lock_guard lock(mutex_);
        return ready_;
    }
    // What the last call carried.
    std::string method() {
        std::lock_guard lock(mutex_);
        return method_;
    }
    std::string parent() {
        std::lock_guard lock(mutex_);
        return parent_;
    }
    std::string title() {
        std::lock_guard lock(mutex_);
        return title_;
    }
    std::string options() {
        std::lock_guard lock(mutex_);
        return options_;
    }
    bool closed() {
        std::lock_guard lock(mutex_);
        return closed_;
    }

private:
    static void on_call(GDBusConnection* c, const char* sender, const char* path, const char* iface, const char* name,
                        GVariant* params, GDBusMethodInvocation* inv, gpointer data) {
        auto* self = static_cast<FakePortal*>(data);
        if (std::string(iface) == "org.freedesktop.portal.Request") {
            {
                std::lock_guard lock(self->mutex_);
                self->closed_ = true;
            }
            g_dbus_method_invocation_return_value(inv, nullptr);
            return;
        }
        const char* parent = nullptr;
        const char* title = nullptr;
        GVariant* options = nullptr;
        g_variant_get(params, "(&s&s@a{sv})", &parent, &title, &options);
        const char* token = "t";
        g_variant_lookup(options, "handle_token", "&s", &token);
        std::string s = sender + 1;  // ":1.5" -> "1_5"
        for (char& ch : s)
            if (ch == '.') ch = '_';
        const std::string handle = std::string(path) + "/request/" + s + "/" + token;
        {
            std::lock_guard lock(self->mutex_);
            self->method_ = name;
            self->parent_ = parent;
            self->title_ = title;
            gchar* text = g_variant_print(options, FALSE);
            self->options_ = text;
            g_free(text);
        }
        g_variant_unref(options);
        g_dbus_connection_register_object(c, handle.c_str(), self->node_->interfaces[1], &self->vtable_, self, nullptr,
                                          nullptr);
        if (self->script_.reply_after_ms > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(self->script_.reply_after_ms));
        g_dbus_method_invocation_return_value(inv, g_variant_new("(o)", handle.c_str()));
        if (!self->script_.answer) return;
        GVariantBuilder results;
        g_variant_builder_init(&results, G_VARIANT_TYPE_VARDICT);
        if (self->script_.code == 0) {
            const char* uris[] = {self->script_.uri.c_str(), nullptr};
            g_variant_builder_add(&results, "{sv}", "uris", g_variant_new_strv(uris, 1));
        }
        g_dbus_connection_emit_signal(c, sender, handle.c_str(), "org.freedesktop.portal.Request", "Response",
                                      g_variant_new("(ua{sv})", self->script_.code, &results), nullptr);
    }

    static GVariant* on_get(GDBusConnection*, const char*, const char*, const char*, const char* property, GError**,
                            gpointer data) {
        auto* self = static_cast<FakePortal*>(data);
        return std::string(property) == "version" ? g_variant_new_uint32(self->script_.version) : nullptr;
    }

    void run() {
        g_main_context_push_thread_default(context_);
        const char* address = g_getenv("DBUS_SESSION_BUS_ADDRESS");
        GDBusConnection* c = address ? g_dbus_connection_new_for_address_sync(
                                           address,
                                           static_cast<GDBusConnectionFlags>(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                                             G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
                                           nullptr, nullptr, nullptr)
                                     : nullptr;
        if (!c) {
            std::lock_guard lock(mutex_);
            ready_ = false;
            return;
        }
        node_ = g_dbus_node_info_new_for_xml(kChooserXml, nullptr);
        vtable_.method_call = &FakePortal::on_call;
        vtable_.get_property = &FakePortal::on_get;
        g_dbus_connection_register_object(c, "/org/freedesktop/portal/desktop", node_->interfaces[0], &vtable_, this,
                                          nullptr, nullptr);
        GVariant* r = g_dbus_connection_call_sync(c, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                                  "RequestName", g_variant_new("(su)", "org.freedesktop.portal.Desktop", 4u),
                                                  nullptr, G_DBUS_CALL_FLAGS_NONE, 5000, nullptr, nullptr);
        if (r) g_variant_unref(r);
        {
            std::lock_guard lock(mutex_);
            ready_ = r != nullptr;
        }
        g_main_loop_run(loop_);
        g_dbus_connection_close_sync(c, nullptr, nullptr);
        g_object_unref(c);
        g_dbus_node_info_unref(node_);
        g_main_context_pop_thread_default(context_);
    }

    PortalScript script_;
    GMainContext* context_ = g_main_context_new();
    GMainLoop* loop_ = g_main_loop_new(context_, FALSE);
    GDBusNodeInfo* node_ = nullptr;
    GDBusInterfaceVTable vtable_{};
    std::mutex mutex_;
    bool ready_ = false;
    bool closed_ = false;
    std::string method_, parent_, title_, options_;
    std::thread thread_;
};

// A session bus of the test's own (dbus-daemon), set as the process's session bus.
class PortalBus : public ::testing::Test {
protected:
    void SetUp() override {
        gchar* daemon = g_find_program_in_path("dbus-daemon");
        if (!daemon) GTEST_SKIP() << "dbus-daemon is not installed (Debian package dbus-daemon)";
        g_free(daemon);
        bus_ = g_test_dbus_new(G_TEST_DBUS_NONE);
        g_test_dbus_up(bus_);
        address_ = g_test_dbus_get_bus_address(bus_);
        dir_ = fs::temp_directory_path() / ("atlas_portal_" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override {
        if (bus_) {
            g_test_dbus_down(bus_);
            g_object_unref(bus_);
        }
        fs::remove_all(dir_);
    }

    DialogEnvironment env() const {
        DialogEnvironment e;
        const std::string address = address_;
        e.find = [](const std::string&) { return std::string(); };  // no zenity, no kdialog
        e.getenv = [address](const std::string& k) {
            if (k == "DISPLAY") return std::string(":99");
            if (k == "DBUS_SESSION_BUS_ADDRESS") return address;
            return std::string();
        };
        return e;
    }

    static bool wait_for(const std::function<bool()>& done) {
        for (int i = 0; i < 1000; ++i) {
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }

    GTestDBus* bus_ = nullptr;
    std::string address_;
    fs::path dir_;
};

TEST_F(PortalBus, OpenAsksThePortalAndGetsTheChosenFile) {
    const fs::path file = dir_ / "my project (copy).atlas";
    gchar* uri = g_filename_to_uri(file.c_str(), nullptr, nullptr);
    FakePortal portal({4, true, 0, uri, 0});
    g_free(uri);
    ASSERT_TRUE(portal.ready());
    FileRequest r;
    r.title = "Open project";
    r.action = FileAction::Open;
    r.filters = {file_types::projects()};
    r.folder = dir_;
    std::atomic<int> wakes{0};
    ui::PortalChooser chooser(r, "x11:1a00007", [&] { ++wakes; });
    ASSERT_TRUE(wait_for([&] { return chooser.state() != ui::PortalChooser::State::Waiting; })) << "no answer";
    ASSERT_EQ(chooser.state(), ui::PortalChooser::State::Chosen) << chooser.error();
    EXPECT_EQ(chooser.chosen(), file);  // the URI's escapes undone
    EXPECT_TRUE(wait_for([&] { return wakes.load() == 1; }));
    EXPECT_EQ(portal.method(), "OpenFile");
    EXPECT_EQ(portal.parent(), "x11:1a00007");
    EXPECT_EQ(portal.title(), "Open project");
    const std::string o = portal.options();
    EXPECT_NE(o.find("'modal': <true>"), std::string::npos) << o;
    EXPECT_NE(o.find("('Almaty Atlas projects', [(uint32 0, '*.atlas'), (0, '*.ATLAS')])"), std::string::npos) << o;
    EXPECT_NE(o.find("'All files'"), std::string::npos) << o;
    EXPECT_NE(o.find("'current_folder': <b'" + dir_.string() + "'>"), std::string::npos) << o;
    EXPECT_EQ(o.find("'directory'"), std::string::npos) << o;
}

TEST_F(PortalBus, SaveProposesTheNameAndAddsTheExtension) {
    gchar* uri = g_filename_to_uri((dir_ / "talk").c_str(), nullptr, nullptr);
    FakePortal portal({4, true, 0, uri, 0});
    g_free(uri);
    ASSERT_TRUE(portal.ready());
    FileRequest r;
    r.title = "Export snapshot";
    r.action = FileAction::Save;
    r.filters = {file_types::png()};
    r.file_name = "atlas.png";
    ui::PortalChooser chooser(r, "", {});
    ASSERT_TRUE(wait_for([&] { return chooser.state() != ui::PortalChooser::State::Waiting; }));
    ASSERT_EQ(chooser.state(), ui::PortalChooser::State::Chosen) << chooser.error();
    EXPECT_EQ(chooser.chosen(), dir_ / "talk.png");
    EXPECT_EQ(portal.method(), "SaveFile");
    const std::string o = portal.options();
    EXPECT_NE(o.find("'current_name': <'atlas.png'>"), std::string::npos) << o;
    EXPECT_EQ(o.find("'All files'"), std::string::npos) << o;  // a save offers the type it writes
}

TEST_F(PortalBus, ACancelledDialogGivesNothing) {
    FakePortal portal({4, true, 1, "", 0});
    ASSERT_TRUE(portal.ready());
    ui::PortalChooser chooser(FileRequest{}, "", {});
    ASSERT_TRUE(wait_for([&] { return chooser.state() != ui::PortalChooser::State::Waiting; }));
    EXPECT_EQ(chooser.state(), ui::PortalChooser::State::Cancelled);
    EXPECT_FALSE(chooser.chosen().has_value());
}

TEST_F(PortalBus, CancelClosesTheDesktopsDialog) {
    FakePortal portal({4, false, 0, "", 0});
    ASSERT_TRUE(portal.ready());
    ui::PortalChooser chooser(FileRequest{}, "", {});
    ASSERT_TRUE(wait_for([&] { return !portal.method().empty(); }));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(chooser.state(), ui::PortalChooser::State::Waiting);
    chooser.cancel();
    ASSERT_TRUE(wait_for([&] { return chooser.state() != ui::PortalChooser::State::Waiting; }));
    EXPECT_EQ(chooser.state(), ui::PortalChooser::State::Cancelled);
    EXPECT_TRUE(wait_for([&] { return portal.closed(); })) << "Request.Close was not called";
}

TEST_F(PortalBus, CancelWhileTheCallIsOnItsWayStillClosesTheDialog) {
    FakePortal portal({4, false, 0, "", 1500});
    ASSERT_TRUE(portal.ready());
    ui::PortalChooser chooser(FileRequest{}, "", {});
    ASSERT_TRUE(wait_for([&] { return !portal.method().empty(); }));  // the portal has the call, not yet replied
    chooser.cancel();
    ASSERT_TRUE(wait_for([&] { return chooser.state() != ui::PortalChooser::State::Waiting; }));
    EXPECT_EQ(chooser.state(), ui::PortalChooser::State::Cancelled);
    EXPECT_TRUE(wait_for([&] { return portal.closed(); })) << "the dialog the portal showed was left open";
}

TEST_F(PortalBus, AFolderNeedsVersionThree) {
    FakePortal portal({2, true, 0, "file:///tmp", 0});
    ASSERT_TRUE(portal.ready());
    FileRequest r;
    r.action = FileAction::Folder;
    ui::PortalChooser chooser(r, "", {});
    ASSERT_TRUE(wait_for([&] { return chooser.state() != ui::PortalChooser::State::Waiting; }));
    EXPECT_EQ(chooser.state(), ui::PortalChooser::State::Failed);
    EXPECT_NE(chooser.error().find("version 2"), std::string::npos) << chooser.error();
    EXPECT_TRUE(portal.method().empty());  // nothing was shown
}

TEST_F(PortalBus, TheWindowsDialogsUseThePortal) {
    const fs::path file = dir_ / "events.csv";
    gchar* uri = g_filename_to_uri(file.c_str(), nullptr, nullptr);
    FakePortal portal({4, true, 0, uri, 0});
    g_free(uri);
    ASSERT_TRUE(portal.ready());
    ui::FileDialogs d(env());
    ASSERT_EQ(d.backend(), DialogBackend::Portal);
    d.set_parent_window("x11:42");
    std::optional<fs::path> got;
    FileRequest r;
    r.title = "Import events";
    r.filters = {file_types::event_files()};
    ASSERT_TRUE(d.request(r, [&](const fs::path& p) { got = p; }));
    EXPECT_TRUE(wait_for([&] {
        d.poll();
        return !d.busy();
    }));
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, file);
    EXPECT_EQ(portal.parent(), "x11:42");
    EXPECT_TRUE(d.error().empty()) << d.error();
}

TEST_F(PortalBus, NoPortalOnTheBusMeansTheNextDialog) {
    // A session bus, but nothing owns the portal's name and nothing can start it.
    ui::FileDialogs d(env());
    ASSERT_EQ(d.backend(), DialogBackend::Portal);
    FileRequest r;
    r.folder = dir_;
    ASSERT_TRUE(d.request(r, [](const fs::path&) {}));
    EXPECT_TRUE(wait_for([&] {
        d.poll();
        return d.browser() != nullptr;
    }));
    EXPECT_EQ(d.backend(), DialogBackend::InWindow);
    EXPECT_NE(d.error().find("the desktop portal does not answer"), std::string::npos) << d.error();
    EXPECT_NE(d.error().find("using the window's own file browser"), std::string::npos) << d.error();
    d.cancel();
}

}  // namespace
}  // namespace atlas
