#include "proxy/pac_context.h"

#include <duktape.h>
#include <fmt/format.h>

#include <cstdlib>
#include <cstring>

#include "proxy/pac_library.h"

namespace orchard::proxy {

struct PacContext::Impl {
  std::string name;
  PacEnvironment env;
  size_t used = 0;
  size_t limit = 0;
  duk_context* ctx = nullptr;
};

namespace {

// Each block carries its size in front so the allocator can count what is live.
constexpr size_t kHeader = alignof(std::max_align_t);

void* Alloc(void* udata, duk_size_t size) {
  auto* impl = static_cast<PacContext::Impl*>(udata);
  if (size == 0) return nullptr;
  if (impl->used + size > impl->limit) return nullptr;
  auto* block = static_cast<unsigned char*>(std::malloc(size + kHeader));
  if (block == nullptr) return nullptr;
  std::memcpy(block, &size, sizeof(size));
  impl->used += size;
  return block + kHeader;
}

void Free(void* udata, void* ptr) {
  if (ptr == nullptr) return;
  auto* impl = static_cast<PacContext::Impl*>(udata);
  unsigned char* block = static_cast<unsigned char*>(ptr) - kHeader;
  size_t size = 0;
  std::memcpy(&size, block, sizeof(size));
  impl->used -= size;
  std::free(block);
}

void* Realloc(void* udata, void* ptr, duk_size_t size) {
  if (ptr == nullptr) return Alloc(udata, size);
  if (size == 0) {
    Free(udata, ptr);
    return nullptr;
  }
  auto* impl = static_cast<PacContext::Impl*>(udata);
  unsigned char* block = static_cast<unsigned char*>(ptr) - kHeader;
  size_t old_size = 0;
  std::memcpy(&old_size, block, sizeof(old_size));
  if (size > old_size && impl->used + (size - old_size) > impl->limit) return nullptr;
  auto* grown = static_cast<unsigned char*>(std::realloc(block, size + kHeader));
  if (grown == nullptr) return nullptr;
  std::memcpy(grown, &size, sizeof(size));
  impl->used = impl->used - old_size + size;
  return grown + kHeader;
}

// Only reached for errors outside a protected call, which this file never makes.
void Fatal(void*, const char* msg) {
  std::fprintf(stderr, "orchard: PAC engine fatal error: %s\n", msg ? msg : "?");
  std::abort();
}

PacContext::Impl* ImplOf(duk_context* ctx) {
  duk_memory_functions funcs;
  duk_get_memory_functions(ctx, &funcs);
  return static_cast<PacContext::Impl*>(funcs.udata);
}

duk_ret_t JsResolve(duk_context* ctx) {
  std::string host = duk_safe_to_string(ctx, 0);
  PacContext::Impl* impl = ImplOf(ctx);
  std::vector<std::string> addresses;
  if (impl->env.resolver != nullptr) addresses = impl->env.resolver->Resolve(host);
  duk_idx_t array = duk_push_array(ctx);
  for (size_t i = 0; i < addresses.size(); ++i) {
    duk_push_lstring(ctx, addresses[i].data(), addresses[i].size());
    duk_put_prop_index(ctx, array, static_cast<duk_uarridx_t>(i));
  }
  return 1;
}

duk_ret_t JsMyIp(duk_context* ctx) {
  PacContext::Impl* impl = ImplOf(ctx);
  std::string ip = impl->env.resolver != nullptr ? impl->env.resolver->MyIpAddress() : "127.0.0.1";
  duk_push_lstring(ctx, ip.data(), ip.size());
  return 1;
}

std::chrono::system_clock::time_point Now(PacContext::Impl* impl) {
  return impl->env.clock != nullptr ? impl->env.clock->Now() : std::chrono::system_clock::now();
}

duk_ret_t JsNowMs(duk_context* ctx) {
  auto since = Now(ImplOf(ctx)).time_since_epoch();
  duk_push_number(ctx, static_cast<double>(
                           std::chrono::duration_cast<std::chrono::milliseconds>(since).count()));
  return 1;
}

duk_ret_t JsUtcOffset(duk_context* ctx) {
  PacContext::Impl* impl = ImplOf(ctx);
  double ms = duk_get_number_default(ctx, 0, 0);
  std::chrono::system_clock::time_point when{
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::milliseconds(static_cast<int64_t>(ms)))};
  duk_push_int(ctx, impl->env.utc_offset_minutes ? impl->env.utc_offset_minutes(when) : 0);
  return 1;
}

// The error on the stack top as "name:line: message", then pops it.
std::string TakeError(duk_context* ctx, const std::string& name) {
  std::string message;
  int line = 0;
  if (duk_is_error(ctx, -1)) {
    if (duk_get_prop_string(ctx, -1, "lineNumber")) line = duk_get_int(ctx, -1);
    duk_pop(ctx);
    std::string file;
    if (duk_get_prop_string(ctx, -1, "fileName")) file = duk_safe_to_string(ctx, -1);
    duk_pop(ctx);
    if (file != name) line = 0;  // thrown inside the helper library, not the script
  }
  message = duk_safe_to_string(ctx, -1);
  duk_pop(ctx);
  if (line > 0) return fmt::format("{}:{}: {}", name, line, message);
  return fmt::format("{}: {}", name, message);
}

// Compiles and runs `source` as global code named `filename`.
bool RunGlobal(duk_context* ctx, std::string_view source, const std::string& filename) {
  duk_push_lstring(ctx, filename.data(), filename.size());
  if (duk_pcompile_lstring_filename(ctx, 0, source.data(), source.size()) != 0) return false;
  if (duk_pcall(ctx, 0) != 0) return false;
  duk_pop(ctx);
  return true;
}

}  // namespace

PacContext::PacContext(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PacContext::~PacContext() {
  if (impl_ && impl_->ctx != nullptr) duk_destroy_heap(impl_->ctx);
}

Result<std::unique_ptr<PacContext>> PacContext::Create(std::string_view source, std::string name,
                                                       PacEnvironment env, size_t memory_limit) {
  auto impl = std::make_unique<Impl>();
  impl->name = std::move(name);
  impl->env = std::move(env);
  impl->limit = memory_limit;
  impl->ctx = duk_create_heap(Alloc, Realloc, Free, impl.get(), Fatal);
  if (impl->ctx == nullptr) return MakeError(ErrorCode::kInternal, "cannot create the PAC engine");
  std::unique_ptr<PacContext> context(new PacContext(std::move(impl)));
  duk_context* ctx = context->impl_->ctx;
  const std::string& script = context->impl_->name;

  struct Binding {
    const char* name;
    duk_c_function fn;
    duk_idx_t nargs;
  };
  for (const Binding& b :
       {Binding{"__orchard_resolve", JsResolve, 1}, Binding{"__orchard_my_ip", JsMyIp, 0},
        Binding{"__orchard_now_ms", JsNowMs, 0},
        Binding{"__orchard_utc_offset_min", JsUtcOffset, 1}}) {
    duk_push_c_function(ctx, b.fn, b.nargs);
    duk_put_global_string(ctx, b.name);
  }
  if (!RunGlobal(ctx, PacLibrarySource(), "orchard-pac-library")) {
    return MakeError(ErrorCode::kInternal, TakeError(ctx, "orchard-pac-library"));
  }
  if (!RunGlobal(ctx, source, script)) return MakeError(ErrorCode::kParse, TakeError(ctx, script));
  duk_get_global_string(ctx, "FindProxyForURL");
  bool callable = duk_is_function(ctx, -1);
  duk_pop(ctx);
  if (!callable) {
    return MakeError(ErrorCode::kParse, fmt::format("{}: no FindProxyForURL function", script));
  }
  return context;
}

Result<std::string> PacContext::FindProxyForUrl(std::string_view url, std::string_view host) {
  duk_context* ctx = impl_->ctx;
  duk_get_global_string(ctx, "FindProxyForURL");
  duk_push_lstring(ctx, url.data(), url.size());
  duk_push_lstring(ctx, host.data(), host.size());
  if (duk_pcall(ctx, 2) != 0) return MakeError(ErrorCode::kParse, TakeError(ctx, impl_->name));
  if (!duk_is_string(ctx, -1)) {
    std::string what = duk_is_null_or_undefined(ctx, -1)
                           ? (duk_is_null(ctx, -1) ? "null" : "undefined")
                           : duk_safe_to_string(ctx, -1);
    duk_pop(ctx);
    return MakeError(ErrorCode::kParse,
                     fmt::format("{}: FindProxyForURL(\"{}\", \"{}\") returned {}, not a string",
                                 impl_->name, url, host, what));
  }
  std::string answer = duk_get_string(ctx, -1);
  duk_pop(ctx);
  return answer;
}

Result<std::string> PacContext::Evaluate(std::string_view expression) {
  duk_context* ctx = impl_->ctx;
  std::string filename = "eval";
  duk_push_lstring(ctx, filename.data(), filename.size());
  if (duk_pcompile_lstring_filename(ctx, DUK_COMPILE_EVAL, expression.data(), expression.size()) !=
          0 ||
      duk_pcall(ctx, 0) != 0) {
    return MakeError(ErrorCode::kParse, TakeError(ctx, filename));
  }
  std::string answer = duk_safe_to_string(ctx, -1);
  duk_pop(ctx);
  return answer;
}

}  // namespace orchard::proxy
