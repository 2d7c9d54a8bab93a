#include "ui/portal_chooser.hpp"

#include <gio/gio.h>

#include <cctype>
#include <mutex>
#include <random>
#include <thread>

namespace atlas::ui {

namespace fs = std::filesystem;

namespace {

constexpr const char* kService = "org.freedesktop.portal.Desktop";
constexpr const char* kObject = "/org/freedesktop/portal/desktop";
constexpr const char* kChooser = "org.freedesktop.portal.FileChooser";
constexpr const char* kRequest = "org.freedesktop.portal.Request";
constexpr int kCallTimeoutMs = 25000;  // the first call may start the portal service

std::string take_message(GError*& e) {
    std::string s = e ? e->message : "unknown error";
    g_clear_error(&e);
    return s;
}

// A filter as the portal takes it, (sa(us)): a name and glob patterns (type 0).
// The program's filters match without regard to case, GTK's globs do not: the
// upper-case spelling is offered too ("*.ATLAS").
GVariant* filter_variant(const FileFilter& f) {
    GVariantBuilder patterns;
    g_variant_builder_init(&patterns, G_VARIANT_TYPE("a(us)"));
    for (const std::string& p : f.patterns) {
        g_variant_builder_add(&patterns, "(us)", 0u, p.c_str());
        std::string upper = p;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (upper != p) g_variant_builder_add(&patterns, "(us)", 0u, upper.c_str());
    }
    return g_variant_new("(sa(us))", f.name.c_str(), &patterns);
}

// The object path the portal answers on: its unique bus name without the
// colon, dots made underscores, then the token.
std::string request_path(const char* unique_name, const std::string& token) {
    std::string sender = unique_name ? unique_name : "";
    if (!sender.empty() && sender.front() == ':') sender.erase(0, 1);
    for (char& c : sender)
        if (c == '.') c = '_';
    return std::string(kObject) + "/request/" + sender + "/" + token;
}

std::string new_token() {
    std::random_device rd;
    return "almaty_atlas_" + std::to_string(rd() & 0x7fffffffu);
}

}  // namespace

struct PortalChooser::Impl {
    FileRequest request;
    std::string parent;
    std::function<void()> wake;

    GMainContext* context = g_main_context_new();
    GMainLoop* loop = g_main_loop_new(context, FALSE);
    GCancellable* cancellable = g_cancellable_new();
    GDBusConnection* connection = nullptr;  // the portal thread's own

    mutable std::mutex mutex;
    State state = State::Waiting;
    std::optional<fs::path> chosen;
    std::string error;
    std::string handle;  // the request's object path once the portal has it
    std::thread thread;

    ~Impl() {
        g_main_loop_unref(loop);
        g_main_context_unref(context);
        g_object_unref(cancellable);
    }

    void end(State s, std::optional<fs::path> path = std::nullopt, std::string why = {}) {
        std::lock_guard lock(mutex);
        if (state != State::Waiting) return;
        state = s;
        chosen = std::move(path);
        error = std::move(why);
    }

    // The FileChooser interface's version: -1 (and `why`) when no portal answers.
    int version(std::string& why) {
        GError* e = nullptr;
        GVariant* reply = g_dbus_connection_call_sync(
            connection, kService, kObject, "org.freedesktop.DBus.Properties", "Get",
            g_variant_new("(ss)", kChooser, "version"), G_VARIANT_TYPE("(v)"), G_DBUS_CALL_FLAGS_NONE, kCallTimeoutMs,
            cancellable, &e);
        if (!reply) {
            why = take_message(e);
            return -1;
        }
        GVariant* inner = nullptr;
        g_variant_get(reply, "(v)", &inner);
        const int v = g_variant_is_of_type(inner, G_VARIANT_TYPE_UINT32) ? static_cast<int>(g_variant_get_uint32(inner)) : 0;
        g_variant_unref(inner);
        g_variant_unref(reply);
        return v;
    }

    GVariant* arguments(const std::string& token) const {
        GVariantBuilder options;
        g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&options, "{sv}", "handle_token", g_variant_new_string(token.c_str()));
        g_variant_builder_add(&options, "{sv}", "modal", g_variant_new_boolean(TRUE));
        if (request.action != FileAction::Save) g_variant_builder_add(&options, "{sv}", "multiple", g_variant_new_boolean(FALSE));
        if (request.action == FileAction::Folder)
            g_variant_builder_add(&options, "{sv}", "directory", g_variant_new_boolean(TRUE));
        if (request.action != FileAction::Folder && !request.filters.empty()) {
            GVariantBuilder filters;
            g_variant_builder_init(&filters, G_VARIANT_TYPE("a(sa(us))"));
            for (const FileFilter& f : request.filters) g_variant_builder_add_value(&filters, filter_variant(f));
            if (request.action == FileAction::Open) g_variant_builder_add_value(&filters, filter_variant(file_types::all()));
            g_variant_builder_add(&options, "{sv}", "filters", g_variant_builder_end(&filters));
            g_variant_builder_add(&options, "{sv}", "current_filter", filter_variant(request.filters.front()));
        }
        if (request.action == FileAction::Save && !request.file_name.empty())
            g_variant_builder_add(&options, "{sv}", "current_name", g_variant_new_string(request.file_name.c_str()));
        if (!request.folder.empty())
            g_variant_builder_add(&options, "{sv}", "current_folder", g_variant_new_bytestring(request.folder.c_str()));
        return g_variant_new("(ssa{sv})", parent.c_str(), request.title.c_str(), &options);
    }

    // The Response signal: 0 chosen (with "uris"), 1 cancelled, 2 ended otherwise.
    static void on_response(GDBusConnection*, const char*, const char*, const char*, const char*, GVariant* params,
                            gpointer data) {
        auto* self = static_cast<Impl*>(data);
        guint32 code = 2;
        GVariant* results = nullptr;
        g_variant_get(params, "(u@a{sv})", &code, &results);
        if (code != 0) {
            self->end(State::Cancelled);
        } else {
            const char** uris = nullptr;
            if (!g_variant_lookup(results, "uris", "^a&s", &uris) || !uris || !uris[0]) {
                self->end(State::Cancelled);
            } else {
                GError* e = nullptr;
                char* file = g_filename_from_uri(uris[0], nullptr, &e);
                if (!file) {
                    self->end(State::Failed, std::nullopt,
                              std::string("the desktop portal answered with ") + uris[0] + ", not a local file (" +
                                  take_message(e) + ")");
                } else {
                    fs::path p(file);
                    g_free(file);
                    if (self->request.action == FileAction::Save && !self->request.filters.empty())
                        p = with_filter_extension(p, self->request.filters.front());
                    self->end(State::Chosen, std::move(p));
                }
            }
            g_free(static_cast<gpointer>(uris));
        }
        g_variant_unref(results);
        g_main_loop_quit(self->loop);
    }

    guint subscribe(const std::string& path) {
        return g_dbus_connection_signal_subscribe(connection, kService, kRequest, "Response", path.c_str(), nullptr,
                                                  G_DBUS_SIGNAL_FLAGS_NONE, &Impl::on_response, this, nullptr);
    }

    void ask() {
        std::string why;
        const int v = version(why);
        if (v < 0) {
            if (g_cancellable_is_cancelled(cancellable)) end(State::Cancelled);
            else end(State::Failed, std::nullopt, "the desktop portal does not answer (" + why + ")");
            return;
        }
        if (request.action == FileAction::Folder && v < 3) {
            end(State::Failed, std::nullopt,
                "the desktop portal's file chooser is version " + std::to_string(v) + "; choosing a folder needs version 3");
            return;
        }
        const std::string token = new_token();
        std::string path = request_path(g_dbus_connection_get_unique_name(connection), token);
        // Listen before asking, so that no answer can come before the listener;
        // a cancel() from now on closes the dialog at this path.
        guint sub = subscribe(path);
        {
            std::lock_guard lock(mutex);
            handle = path;
        }
        GError* e = nullptr;
        GVariant* reply = g_dbus_connection_call_sync(connection, kService, kObject, kChooser,
                                                      request.action == FileAction::Save ? "SaveFile" : "OpenFile",
                                                      arguments(token), G_VARIANT_TYPE("(o)"), G_DBUS_CALL_FLAGS_NONE,
                                                      kCallTimeoutMs, cancellable, &e);
        if (!reply) {
            g_dbus_connection_signal_unsubscribe(connection, sub);
            if (g_cancellable_is_cancelled(cancellable)) {
                // Cancelled while the call was on its way: the portal may show
                // the dialog all the same, so it is closed at the path it will have.
                g_clear_error(&e);
                send_close(path);
                end(State::Cancelled);
            } else {
                end(State::Failed, std::nullopt, "the desktop portal could not show the dialog (" + take_message(e) + ")");
            }
            return;
        }
        const char* returned = nullptr;
        g_variant_get(reply, "(&o)", &returned);
        if (path != returned) {  // a portal older than handle_token: its own path
            g_dbus_connection_signal_unsubscribe(connection, sub);
            path = returned;
            sub = subscribe(path);
        }
        g_variant_unref(reply);
        {
            std::lock_guard lock(mutex);
            handle = path;
        }
        if (!g_cancellable_is_cancelled(cancellable)) g_main_loop_run(loop);
        else close_request(this);
        g_dbus_connection_signal_unsubscribe(connection, sub);
        end(State::Cancelled);  // the loop ended without an answer: closed by cancel()
    }

    void run() {
        g_main_context_push_thread_default(context);
        GError* e = nullptr;
        char* address = g_dbus_address_get_for_bus_sync(G_BUS_TYPE_SESSION, cancellable, &e);
        if (address) {
            // A connection of the thread's own: not GLib's shared one, which ends
            // the process when the bus goes away.
            connection = g_dbus_connection_new_for_address_sync(
                address,
                static_cast<GDBusConnectionFlags>(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                  G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
                nullptr, cancellable, &e);
            g_free(address);
        }
        if (!connection) {
            if (g_cancellable_is_cancelled(cancellable)) {
                g_clear_error(&e);
                end(State::Cancelled);
            } else {
                end(State::Failed, std::nullopt, "no D-Bus session bus (" + take_message(e) + ")");
            }
        } else {
            ask();
            // A cancel() that came late: its posted close finds the request ended.
            while (g_main_context_iteration(context, FALSE)) {
            }
            g_dbus_connection_close_sync(connection, nullptr, nullptr);
            g_object_unref(connection);
            connection = nullptr;
        }
        g_main_context_pop_thread_default(context);
        if (wake) wake();
    }

    // Asks the portal to close the dialog of the request at `path`.
    void send_close(const std::string& path) const {
        if (!connection) return;
        GVariant* r = g_dbus_connection_call_sync(connection, kService, path.c_str(), kRequest, "Close", nullptr, nullptr,
                                                  G_DBUS_CALL_FLAGS_NONE, 2000, nullptr, nullptr);
        if (r) g_variant_unref(r);
    }

    // On the portal's thread, from cancel(): closes the desktop's dialog.
    static gboolean close_request(gpointer data) {
        auto* self = static_cast<Impl*>(data);
        std::string path;
        {
            std::lock_guard lock(self->mutex);
            if (self->state == State::Waiting) path = self->handle;  // else the dialog has closed already
        }
        if (!path.empty()) self->send_close(path);
        self->end(State::Cancelled);
        g_main_loop_quit(self->loop);
        return G_SOURCE_REMOVE;
    }
};

PortalChooser::PortalChooser(FileRequest request, std::string parent_window, std::function<void()> wake)
    : impl_(std::make_unique<Impl>()) {
    impl_->request = std::move(request);
    impl_->parent = std::move(parent_window);
    impl_->wake = std::move(wake);
    impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

PortalChooser::~PortalChooser() {
    if (state() == State::Waiting) cancel();
    if (impl_->thread.joinable()) impl_->thread.join();
}

PortalChooser::State PortalChooser::state() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->state;
}

std::optional<fs::path> PortalChooser::chosen() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->chosen;
}

std::string PortalChooser::error() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->error;
}

void PortalChooser::cancel() {
    g_cancellable_cancel(impl_->cancellable);
    GSource* s = g_idle_source_new();
    g_source_set_callback(s, &Impl::close_request, impl_.get(), nullptr);
    g_source_attach(s, impl_->context);
    g_source_unref(s);
    g_main_context_wakeup(impl_->context);
}

}  // namespace atlas::ui
